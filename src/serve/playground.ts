/**
 * The playground's page script: the editor, the status line and the output.
 * The engine runs in a Web Worker (playground-worker.ts, over the browser
 * module nabla.js), so the page never freezes: as you type (debounced) the
 * text goes to the worker, and an edit while a run is under way terminates
 * that worker and starts a fresh one, so only the latest text is worked on.
 * While a run lasts, the status line counts its seconds; the CLI's time
 * limit (10 s, or `?max-seconds=N` in the page's address) ends a run that
 * takes too long, with the error shown. Errors appear under the editor with
 * their line, column and caret; a click on one puts the editor's caret on
 * the spot.
 *
 * Invariant: a failure never leaves the page stale or silent — every error,
 * a bug or a crashed worker included, is shown (escaped) in the page, not
 * only in the console; every render bumps `data-generation` on the body.
 * The interface's words are the page's own labels (serve/labels.ts, every
 * language's in the page), so the language switch relabels the page too.
 */

import type { RunAnswer, RunRequest } from './playground-worker.ts';
import type { InputMode } from './render-text.ts';
import type { LabelName, Labels } from './labels.ts';

/** Quiet time after the last keystroke before the report is rebuilt. */
export const DEBOUNCE_MS = 150;

/** The CLI's default `--max-seconds` (limits.ts), for a page without `?max-seconds=`. */
const DEFAULT_SECONDS = 10;

/** How often the status line's seconds are updated during a run. */
const TICK_MS = 250;

// ---------------------------------------------------------------------------
// The page

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A label template with its `{name}` slots filled (labels.ts's fillLabel, kept here so the page's script carries no catalogue). */
function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Every language's labels, as the page carries them (`<script type="application/json" id="labels">`). */
function pageLabels(): Readonly<Record<string, Labels>> {
  try {
    return JSON.parse(document.getElementById('labels')?.textContent ?? '{}') as Record<string, Labels>;
  } catch {
    return {};
  }
}

/** Say the page's own words in `lang`: `data-label` elements' text, `data-label-aria` sections' names, the tab's title. */
function relabel(labels: Labels | undefined): void {
  if (!labels) return;
  for (const el of document.querySelectorAll<HTMLElement>('[data-label]')) el.textContent = labels[el.dataset.label as LabelName] ?? el.textContent;
  for (const el of document.querySelectorAll<HTMLElement>('[data-label-aria]')) el.setAttribute('aria-label', labels[el.dataset.labelAria as LabelName] ?? '');
  document.title = labels.title;
}

/** The time limit from `?max-seconds=N`, else the CLI's default. */
function secondsFromAddress(): number {
  const asked = Number(new URLSearchParams(location.search).get('max-seconds'));
  return Number.isFinite(asked) && asked > 0 ? asked : DEFAULT_SECONDS;
}

function start(): void {
  const source = document.getElementById('source') as HTMLTextAreaElement | null;
  const output = document.getElementById('report');
  const problemsBox = document.getElementById('problems');
  const status = document.getElementById('status');
  const modeSelect = document.getElementById('mode') as HTMLSelectElement | null;
  const langSelect = document.getElementById('lang') as HTMLSelectElement | null;
  if (!source || !output || !problemsBox || !status || !modeSelect) return;

  const seconds = secondsFromAddress();
  const allLabels = pageLabels();
  const labelsNow = (): Labels | undefined => allLabels[langSelect?.value ?? 'en'] ?? allLabels.en;
  /** A label in the switch's language, its slots filled. */
  const word = (name: LabelName, values: Readonly<Record<string, string | number>> = {}): string => fill(labelsNow()?.[name] ?? '', values);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let generation = 0;
  let worker: Worker | undefined;
  let running: { id: number; started: number } | undefined;
  let nextId = 0;

  const show = (html: string, problems: readonly string[], mode: string, ms: number): void => {
    output.innerHTML = html;
    problemsBox.innerHTML = problems.length === 0
      ? ''
      : `${problems.join('')}<p class="hint">${escapeText(word('hint'))}</p>`;
    const n = problems.length;
    const said = { mode: mode === 'latex' ? 'LaTeX' : 'ASCII', count: n, ms };
    status.textContent = word(n === 0 ? 'statusNoErrors' : n === 1 ? 'statusOneError' : 'statusErrors', said);
    status.classList.toggle('bad', n > 0);
    document.body.dataset.generation = String(++generation);
  };

  const finish = (): void => {
    running = undefined;
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
    delete document.body.dataset.busy;
  };

  const newWorker = (): Worker => {
    const w = new Worker(new URL('./playground-worker.js', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<RunAnswer>) => {
      const a = event.data;
      if (running === undefined || a.id !== running.id) return;
      const ms = Math.round(performance.now() - running.started);
      finish();
      show(a.html, a.problems, a.mode, ms);
    };
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const ms = running === undefined ? 0 : Math.round(performance.now() - running.started);
      // A worker that failed to load or crashed is replaced at the next run.
      worker?.terminate();
      worker = undefined;
      finish();
      show('', [`<div class="error"><pre>${escapeText(word('internalError', { message: event.message || word('engineStopped') }))}</pre></div>`], 'ascii', ms);
    };
    return w;
  };

  const update = (): void => {
    // A run still going is for an older text: end it rather than wait for it.
    if (running !== undefined) {
      worker?.terminate();
      worker = undefined;
      finish();
    }
    worker ??= newWorker();
    running = { id: ++nextId, started: performance.now() };
    const lang = langSelect?.value === 'ko' ? 'ko' : 'en';
    // The page says the report's language, for screen readers and fonts.
    document.documentElement.lang = lang;
    relabel(labelsNow());
    const request: RunRequest = { id: running.id, text: source.value, mode: modeSelect.value as InputMode, seconds, lang };
    worker.postMessage(request);
    document.body.dataset.busy = '1';
    const tick = (): void => {
      if (running === undefined) return;
      const s = ((performance.now() - running.started) / 1000).toFixed(1);
      status.textContent = word('working', { seconds: s, limit: seconds });
      status.classList.remove('bad');
    };
    ticker = setInterval(tick, TICK_MS);
  };

  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  };
  source.addEventListener('input', schedule);
  modeSelect.addEventListener('change', update);
  langSelect?.addEventListener('change', update);

  // A click on an error moves the editor's caret to its line and column.
  problemsBox.addEventListener('click', (event) => {
    const block = (event.target as Element | null)?.closest?.('.error');
    const line = Number(block?.getAttribute('data-line'));
    const column = Number(block?.getAttribute('data-column'));
    if (!block || !Number.isFinite(line) || line < 1) return;
    const lines = source.value.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
    source.focus();
    source.setSelectionRange(offset, offset);
  });

  update();
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
