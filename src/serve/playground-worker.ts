/**
 * The playground's Web Worker: the engine runs here, off the page's main
 * thread, so typing stays responsive however long a text takes. The page
 * (playground.ts) posts each text to read; the worker answers with the
 * HTML to show. The page cancels a run by terminating the worker, so the
 * worker needs no cancellation of its own; the CLI's time limit
 * (`--max-seconds`, 10 s by default) bounds each run here too.
 *
 * Invariant: every request gets exactly one answer with its id, errors
 * included (rendered with their caret excerpt, escaped).
 */

import { errorBlock, withTimeLimit, type Language } from './browser.ts';
import { asNablaError, renderText, type InputMode } from './render-text.ts';

/** What the page asks: one text to read, within `seconds`. */
export interface RunRequest {
  readonly id: number;
  readonly text: string;
  readonly mode: InputMode;
  readonly seconds: number;
  /** The language of the report and the errors (the page's switch; English when absent). */
  readonly lang?: Language;
}

/** What the worker answers: the report's HTML and each problem's HTML. */
export interface RunAnswer {
  readonly id: number;
  readonly html: string;
  readonly problems: readonly string[];
  readonly mode: 'ascii' | 'latex';
}

/** One request's answer; never throws. */
export function answer(request: RunRequest): RunAnswer {
  try {
    const lang = request.lang ?? 'en';
    const rendered = withTimeLimit(request.seconds, () => renderText(request.text, request.mode, lang));
    return { id: request.id, html: rendered.html, problems: rendered.problems.map((e) => errorBlock(e, undefined, lang)), mode: rendered.mode };
  } catch (err) {
    return { id: request.id, html: '', problems: [errorBlock(asNablaError(err, request.text))], mode: 'ascii' };
  }
}

/** The worker's global scope, as far as it is used here (the DOM typings describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: RunAnswer): void;
}

const scope = globalThis as unknown as Partial<WorkerScope>;
// Only inside a worker: no `document`, and a postMessage of its own.
if (typeof document === 'undefined' && typeof scope.postMessage === 'function') {
  scope.onmessage = (event) => scope.postMessage!(answer(event.data));
}
