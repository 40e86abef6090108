/**
 * A one-line `\r` progress bar on stderr for long training runs.
 *
 * Invariant: it is shown only once the run has taken a moment (a quick run
 * never flickers), redrawn at most ten times a second, and erased at the end.
 */

import { performance } from 'node:perf_hooks';
import type { Io } from './io.ts';
import { msg, say, type Language } from '../index.ts';

export function progressBar(io: Io, lang: Language = 'en'): { update: (done: number, total: number) => void; done: () => void } {
  const WIDTH = 30;
  const DELAY_MS = 300;
  const start = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update: (done, total) => {
      const now = performance.now();
      if (now - start < DELAY_MS || (now - last < 100 && done < total)) return;
      last = now;
      const filled = Math.round((done / Math.max(1, total)) * WIDTH);
      io.stderr(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${say(msg('cli.progress-step', { done, total }), lang)}`);
      drawn = true;
    },
    done: () => {
      if (drawn) io.stderr('\r\u001b[K');
    },
  };
}
