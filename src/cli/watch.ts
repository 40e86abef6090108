/**
 * `nabla run FILE --watch` and `nabla check FILE --watch` (SPEC §16): the
 * command runs once, then again each time the file is saved, until Ctrl-C.
 * chokidar watches the file, so an editor that saves by writing a new file
 * and renaming it over the old one is followed like one that writes in place.
 *
 * Invariants:
 * - a burst of writes (an editor's save) re-runs the command once, after
 *   WATCH_DEBOUNCE_MS of quiet;
 * - a failed run (bad input, a missing file) prints its error as the command
 *   would and the watch goes on; Ctrl-C ends it with exit status 0;
 * - on a terminal, each run starts on a cleared screen.
 */

import { EXIT_OK, reportError, type Invocation, type Io } from './io.ts';
import { msg, say } from '../index.ts';

/** Quiet time after the last change before the command runs again. */
export const WATCH_DEBOUNCE_MS = 100;

/** Clear the screen and put the cursor top left. */
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

/** Run `command` now and on each save of `file`; resolves EXIT_OK once interrupted. */
export async function watchFile(io: Io, inv: Invocation, file: string, command: () => number | Promise<number>): Promise<number> {
  const runOnce = async (): Promise<void> => {
    if (io.stdoutIsTTY) io.stdout(CLEAR_SCREEN);
    try {
      await command();
    } catch (err) {
      reportError(io, inv, err);
    }
    io.stderr(`${say(msg('cli.watching', { file, key: 'Ctrl-C' }), inv.lang ?? 'en')}\n`);
  };
  const { watch } = await import('chokidar');
  const watcher = watch(file, { ignoreInitial: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = Promise.resolve();
  watcher.on('all', () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      // One run at a time: a save during a run queues the next one.
      running = running.then(runOnce);
    }, WATCH_DEBOUNCE_MS);
  });
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      void watcher.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Watching before the first run reads the file, so no save is missed in between.
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  running = runOnce();
  await stopped;
  return EXIT_OK;
}
