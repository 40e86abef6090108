/**
 * Writing an output file whole or not at all (SPEC §10): the data goes to a
 * temporary file in the same directory, is flushed to disk, and is renamed
 * over the target. A rename within one file system is atomic, so a reader
 * (or a crash) sees the old file or the new one, never half of one; on any
 * failure the temporary file is removed and the target is untouched.
 */

import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Write `data` to `path` atomically. An existing file keeps its permission bits. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = 0o666;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // No file yet: the default mode, less the umask.
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Already failing: the first error is the one to report.
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never created.
    }
    throw err;
  }
}
