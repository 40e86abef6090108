/**
 * The playground's browser entry (built over the browser module, nabla.js):
 * the whole engine runs in the page. As you type (debounced), the text is read
 * as a formula file (SPEC §2) or as LaTeX notes (SPEC §6, read by
 * `loadNotes` exactly as `nabla check` reads them), and the report, the
 * graph and the claims are rendered with the HTML report's own renderer.
 * Errors appear under the editor with their line, column and caret; a click
 * on one puts the editor's caret on the spot.
 *
 * Invariant: a failure never leaves the page stale or silent — every error,
 * a bug included, is shown (escaped) in the page, not only in the console.
 */

import {
  checkSystemClaims, errorBlock, isLatex, loadFile, loadNotes, NablaError, renderReportBody, report as buildReport, systemReport,
  type ClaimResult, type Report, type System,
} from './browser.ts';

/** Quiet time after the last keystroke before the report is rebuilt. */
export const DEBOUNCE_MS = 150;

export type InputMode = 'auto' | 'ascii' | 'latex';

export interface Rendered {
  /** The report's HTML. */
  readonly html: string;
  /** The errors, each with its caret excerpt. */
  readonly problems: readonly NablaError[];
  readonly mode: 'ascii' | 'latex';
}

/** Everything the page shows for one text: the body HTML and the errors. */
export function renderText(text: string, mode: InputMode = 'auto'): Rendered {
  const read = mode === 'auto' ? (isLatex(text, { dollars: true }) ? 'latex' : 'ascii') : mode;
  const problems: NablaError[] = [];
  let system: System;
  let claims: readonly ClaimResult[] = [];
  try {
    if (read === 'latex') {
      // The notes are read and their claims checked the way `nabla check` does.
      const notes = loadNotes(text);
      system = notes.system;
      claims = notes.claims;
      problems.push(...notes.problems);
    } else {
      system = loadFile(text);
      problems.push(...system.errors);
    }
  } catch (err) {
    problems.push(asNablaError(err, text));
    return { html: '', problems, mode: read };
  }
  let report: Report | undefined;
  try {
    // Each local factor gets its steps, behind a "steps" toggle in the page.
    report = buildReport(system, { explain: 'full' });
  } catch (err) {
    problems.push(asNablaError(err, text));
  }
  if (read === 'ascii') {
    try {
      claims = checkSystemClaims(system);
    } catch (err) {
      problems.push(asNablaError(err, text));
    }
  }
  const html = renderReportBody(report ?? systemReport(system), { claims, showErrors: false, showHeader: false, showSource: false });
  return { html, problems, mode: read };
}

/** Any failure as a positioned error to show; a bug keeps its message. */
function asNablaError(err: unknown, text: string): NablaError {
  if (err instanceof NablaError) return err.withSource(text);
  const message = err instanceof Error ? err.message : String(err);
  return new NablaError(`internal error: ${message}`);
}

// ---------------------------------------------------------------------------
// The page

function start(): void {
  const source = document.getElementById('source') as HTMLTextAreaElement | null;
  const output = document.getElementById('report');
  const problemsBox = document.getElementById('problems');
  const status = document.getElementById('status');
  const modeSelect = document.getElementById('mode') as HTMLSelectElement | null;
  if (!source || !output || !problemsBox || !status || !modeSelect) return;

  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const update = (): void => {
    const t0 = performance.now();
    let result: Rendered;
    try {
      result = renderText(source.value, modeSelect.value as InputMode);
    } catch (err) {
      result = { html: '', problems: [asNablaError(err, source.value)], mode: 'ascii' };
    }
    output.innerHTML = result.html;
    problemsBox.innerHTML = result.problems.length === 0
      ? ''
      : result.problems.map((e) => errorBlock(e)).join('')
        + `<p class="hint">Click an error to put the cursor there. The rest of the text is still read.</p>`;
    const ms = Math.round(performance.now() - t0);
    const n = result.problems.length;
    status.textContent = `${result.mode === 'latex' ? 'LaTeX' : 'ASCII'} · ${n === 0 ? 'no errors' : `${n} error${n === 1 ? '' : 's'}`} · ${ms} ms`;
    status.classList.toggle('bad', n > 0);
    document.body.dataset.generation = String(++generation);
  };

  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  };
  source.addEventListener('input', schedule);
  modeSelect.addEventListener('change', update);

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
