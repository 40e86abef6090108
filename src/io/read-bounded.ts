/**
 * Reading a file within a byte limit, whatever size the file system claims
 * (SPEC §10). Devices and pseudo-files (`/dev/zero`, `/proc/…`) report a size
 * of 0 and never end, so the size from `stat` is only a first refusal: the
 * read itself stops after `limit + 1` bytes, which is enough to know the file
 * is over the limit without holding more of it than that.
 *
 * Invariant: at most `limit + 1` bytes are ever read into memory.
 */

import { closeSync, openSync, readSync } from 'node:fs';

/** The bytes of a file, or `undefined` when it has more than `limit` of them. */
export function readFileBounded(path: string, limit: number): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // Read one byte past the limit: that byte is the proof the file is too large.
    while (total <= limit) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 16, limit + 1 - total));
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      chunks.push(got === chunk.length ? chunk : chunk.subarray(0, got));
      total += got;
    }
    return total > limit ? undefined : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
