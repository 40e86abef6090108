/**
 * Writing an output file whole or not at all (SPEC §10): the data goes to a
 * temporary file in the same directory, is flushed to disk, and is renamed
 * over the target. A rename within one file system is atomic, so a reader
 * (or a crash) sees the old file or the new one, never half of one; on any
 * failure the temporary file is removed and the target is untouched.
 *
 * Only a regular file or a new path is written: renaming over a device
 * (`/dev/null`, `/dev/stdout`), a directory or a FIFO would replace it, so
 * those are refused before anything is created.
 */

import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { NablaError } from '../errors.ts';

/** Write `data` to `path` atomically. An existing file keeps its permission bits. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    // No file yet: the default mode, less the umask.
  }
  if (existing !== undefined && !existing.isFile()) {
    throw new NablaError(`it is ${kindOf(existing)}, not a regular file; give the name of a file or a new path.`);
  }
  const mode = existing === undefined ? 0o666 : existing.mode & 0o7777;
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

/** What a path that is not a regular file is, for the message. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}
