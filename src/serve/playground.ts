/**
 * The playground's browser entry (bundled by the server with esbuild): the
 * whole engine runs in the page. As you type (debounced), the text is read
 * as a formula file (SPEC §2) or as LaTeX (SPEC §6), and the report, the
 * graph and the claims are rendered with the HTML report's own renderer.
 * Errors appear under the editor with their line, column and caret; a click
 * on one puts the editor's caret on the spot.
 *
 * Invariant: a failure never leaves the page stale or silent — every error,
 * a bug included, is shown (escaped) in the page, not only in the console.
 */

import { loadFile, report as buildReport } from '../index.ts';
import { checkSystemClaims, type ClaimResult } from '../claims/check.ts';
import { NablaError } from '../errors.ts';
import { freeSymbols } from '../expr/walk.ts';
import { buildSystem, type System, type SystemStatement } from '../graph/system.ts';
import { extractMath } from '../parse/document.ts';
import { parseLatexEquations, type LatexEquation } from '../parse/latex.ts';
import { errorBlock, renderReportBody } from '../report/html.ts';
import { systemReport } from '../index.ts';
import type { Report } from '../report/model.ts';

/** Quiet time after the last keystroke before the report is rebuilt. */
export const DEBOUNCE_MS = 150;

export type InputMode = 'auto' | 'ascii' | 'latex';

/**
 * LaTeX is recognised by a command (`\frac`, `\sigma`), a `$` delimiter or
 * `\[`; `#` comments of a formula file are ignored when looking.
 */
export function looksLikeLatex(text: string): boolean {
  const code = text.replace(/#.*$/gm, '');
  return /\\[A-Za-z[(]|\$/.test(code);
}

/** Math delimiters: the text is a document with prose around its math. */
const isDocument = (text: string): boolean => /\$|\\\[|\\\(|\\begin\{/.test(text);

/**
 * The statements of LaTeX equations, read the way lecture notes use them:
 * `name = expr` defines the name (a number makes it an input); any other
 * `A = B = C` claims A = B and A = C; each claimed derivative
 * `∂F/∂x` of two names is also derived, so its chain rule is shown.
 */
function latexStatements(equations: readonly LatexEquation[], errors: NablaError[]): SystemStatement[] {
  const out: SystemStatement[] = [];
  const defined = new Set<string>();
  const derived = new Set<string>();
  for (const eq of equations) {
    if (eq.error) {
      errors.push(eq.error);
      continue;
    }
    const first = eq.sides[0];
    const second = eq.sides[1];
    if (!first || !second) continue;
    let from = 1;
    if (first.kind === 'sym' && !defined.has(first.name) && !freeSymbols(second).some((s) => s.name === first.name)) {
      defined.add(first.name);
      out.push({ kind: 'define', name: first.name, written: first.name, expr: second, span: eq.span });
      from = 2;
    }
    for (let k = from; k < eq.sides.length; k++) {
      const numberText = eq.sideTexts[k]?.trim();
      out.push({
        kind: 'claim', lhs: first, rhs: eq.sides[k]!, text: eq.text, span: eq.span,
        ...(numberText !== undefined && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(numberText) ? { rhsNumberText: numberText } : {}),
      });
    }
    if (first.kind === 'deriv' && first.of.kind === 'sym' && eq.sides.length > from) {
      const key = `${first.of.name} ${first.wrt.name}`;
      if (!derived.has(key)) {
        derived.add(key);
        out.push({ kind: 'derive', target: first.of.name, wrt: [{ name: first.wrt.name, written: first.wrt.name, span: eq.span }], span: eq.span });
      }
    }
  }
  return out;
}

/** A system from LaTeX: a document's math blocks, or the whole text as one block. */
export function loadLatex(text: string): System {
  const errors: NablaError[] = [];
  const blocks = isDocument(text) ? extractMath(text) : [{ tex: text, start: { line: 1, column: 1, offset: 0 } }];
  const equations = blocks.flatMap((b) => parseLatexEquations(b.tex, { ...b.start, source: text }));
  const statements = latexStatements(equations, errors);
  // Derivatives of names that end up undefined cannot be reported: keep them as claims only.
  const defined = new Set(statements.flatMap((s) => (s.kind === 'define' ? [s.name] : [])));
  const kept = statements.filter((s) => s.kind !== 'derive' || defined.has(s.target));
  return buildSystem(kept, text, errors.map((e) => e.withSource(text)));
}

export interface Rendered {
  /** The report's HTML. */
  readonly html: string;
  /** The errors, each with its caret excerpt. */
  readonly problems: readonly NablaError[];
  readonly mode: 'ascii' | 'latex';
}

/** Everything the page shows for one text: the body HTML and the errors. */
export function renderText(text: string, mode: InputMode = 'auto'): Rendered {
  const read = mode === 'auto' ? (looksLikeLatex(text) ? 'latex' : 'ascii') : mode;
  const problems: NablaError[] = [];
  let system: System;
  try {
    system = read === 'latex' ? loadLatex(text) : loadFile(text);
  } catch (err) {
    problems.push(asNablaError(err, text));
    return { html: '', problems, mode: read };
  }
  problems.push(...system.errors);
  let report: Report | undefined;
  try {
    report = buildReport(system);
  } catch (err) {
    problems.push(asNablaError(err, text));
  }
  let claims: ClaimResult[] = [];
  try {
    claims = checkSystemClaims(system);
  } catch (err) {
    problems.push(asNablaError(err, text));
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
