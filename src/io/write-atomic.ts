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
 *
 * Ctrl-C (SIGINT) or SIGTERM during a write must not leave the hidden
 * temporary file behind. `writeFileAtomicAsync`, which the CLI uses, writes
 * in chunks and listens for those signals while its temporary file exists: a
 * signal removes the file, and unless another part of the program (`--watch`,
 * `nabla serve`) handles the signal, raises it again so the process ends as
 * it would have. Between writes the signals keep their default action.
 */

import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { NablaError } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';

/** The temporary file and the mode of one write, after the target was checked. */
interface Plan {
  readonly temp: string;
  readonly mode: number;
  readonly bytes: Uint8Array;
}

function plan(path: string, data: string | Uint8Array): Plan {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    // No file yet: the default mode, less the umask.
  }
  if (existing !== undefined && !existing.isFile()) {
    throw new NablaError(msg('write.not-file', { kind: kindOf(existing) }));
  }
  const mode = existing === undefined ? 0o666 : existing.mode & 0o7777;
  return { temp, mode, bytes: typeof data === 'string' ? Buffer.from(data, 'utf8') : data };
}

/** Write `data` to `path` atomically. An existing file keeps its permission bits. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const { temp, mode, bytes } = plan(path, data);
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
    removeQuietly(temp);
    throw err;
  }
}

/** Bytes written between two looks at the signals. */
const CHUNK = 1 << 20;
const HELD_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `writeFileAtomic` that a signal can interrupt cleanly: the temporary file
 * is removed and the write rejects with a NablaError ("interrupted").
 * `NABLA_TEST_PAUSE_WRITE_MS` pauses halfway, so a test can signal a process mid-write.
 */
export async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  const { temp, mode, bytes } = plan(path, data);
  let interrupted: string | undefined;
  const listeners = HELD_SIGNALS.map((signal) => {
    const listener = (): void => {
      interrupted = signal;
      removeQuietly(temp);
      stopListening();
      // Nobody else handles it: end the process by the signal, as it would have without this write.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, listener);
    return listener;
  });
  function stopListening(): void {
    for (const [i, s] of HELD_SIGNALS.entries()) process.removeListener(s, listeners[i]!);
  }
  const check = (): void => {
    if (interrupted !== undefined) throw new NablaError(msg('write.interrupted', { signal: interrupted }));
  };
  const pause = Number(process.env.NABLA_TEST_PAUSE_WRITE_MS ?? 0);
  let handle;
  try {
    handle = await open(temp, 'wx', mode);
    let written = 0;
    while (written < bytes.length) {
      if (pause > 0 && written === 0 && bytes.length > 1) {
        written += (await handle.write(bytes, 0, bytes.length >> 1)).bytesWritten;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      check();
      written += (await handle.write(bytes, written, Math.min(CHUNK, bytes.length - written))).bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    check();
    await rename(temp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    removeQuietly(temp);
    throw err;
  } finally {
    stopListening();
  }
}

function removeQuietly(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {
    // The temporary file was never created, or is already gone.
  }
}

/** What a path that is not a regular file is, for the message. */
function kindOf(stats: Stats): Message {
  if (stats.isDirectory()) return msg('file-kind.directory', {});
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return msg('file-kind.device', {});
  if (stats.isFIFO()) return msg('file-kind.pipe', {});
  if (stats.isSocket()) return msg('file-kind.socket', {});
  return msg('file-kind.other', {});
}
