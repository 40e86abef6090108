/**
 * The HTML view of a report (SPEC §4, `nabla run --html FILE`): one
 * self-contained page — KaTeX's stylesheet with its fonts inlined, math
 * rendered here with KaTeX so the page needs no script to show it, the
 * computation graph as inline SVG, each gradient's chain-rule decomposition
 * with every factor's symbolic form and value and each split expanded
 * (nested), finite-difference badges, the updates, the training table, the
 * claims, the values, and each equation's LaTeX one click away.
 *
 * `renderReportBody` is the page's content alone and runs in the browser
 * too (the playground renders with it as you type); `renderHtml` wraps it
 * in a document and is Node-only (it reads KaTeX's files).
 *
 * Invariants:
 * - formatting only: every number comes from the model;
 * - every user-derived string (names, claim text, reasons, error messages
 *   with their source lines, the title, the source) goes through
 *   `escapeHtml`; LaTeX comes only from the LaTeX printer and is rendered
 *   with `trust: false`, `strict: 'error'`, `maxSize`, `maxExpand` and
 *   `throwOnError: true`, a render failure shown as escaped text;
 * - an expression too large to print (`tooLargeToPrint`) is noted with its
 *   size, never handed to KaTeX, as in the terminal and LaTeX views;
 * - the document makes no request: no URL outside `data:`, and a
 *   Content-Security-Policy that allows nothing else.
 */

import katex from 'katex';
import { deriv, type Expr, sym } from '../expr/node.ts';
import { formatError, type NablaError } from '../errors.ts';
import type { ClaimResult } from '../claims/check.ts';
import { escapeHtml } from './escape.ts';
import { formatNumber, formatNumberLatex, formatRelError } from './format.ts';
import { renderGraphSvg } from './graph-svg.ts';
import { exprLatex as toLatex, omittedLatex, renderLatex, sumLatex } from './latex.ts';
import { isOmitted, joinClaims, type FdReason, type GradientReport, type NamedValue, type Report, type ValuedFactor, type ValuedSum } from './model.ts';
import { katexCssInlined, nodeModules } from './html-katex.ts';
import { renderStepsHtml } from './steps-view.ts';
import { stepLabel } from '../messages/steps-en.ts';
import { REPORT_CSS } from './html-style.ts';
import { REPORT_SCRIPT } from './html-script.ts';
import { matrixLatexBody, matrixTerminal } from './matrix-view.ts';
import { matrixGraphSvg } from './matrix-graph-svg.ts';

export { katexCssInlined, katexDistDir } from './html-katex.ts';
export { REPORT_CSS } from './html-style.ts';
export { REPORT_SCRIPT } from './html-script.ts';

export interface HtmlOptions {
  /** The page's heading and `<title>` (default: "nabla report"). */
  readonly title?: string;
  /** Results of the file's claims (`nabla check`), shown with their status. */
  readonly claims?: readonly ClaimResult[];
  /** The input's file name, for error positions (`file:line:col`) and the source block. */
  readonly fileName?: string;
}

export interface BodyOptions extends HtmlOptions {
  /** Errors beyond the system's own, such as a report that could not be built. */
  readonly errors?: readonly NablaError[];
  /** Show the input text at the end of the page (default true). */
  readonly showSource?: boolean;
  /** Show the errors section (default true; the playground shows errors beside its editor). */
  readonly showErrors?: boolean;
  /** Show the heading and summary (default true). */
  readonly showHeader?: boolean;
}

/** KaTeX settings for text we print ourselves, hardened as for untrusted input (reliability-anchors §1.3). */
const KATEX_OPTIONS = {
  throwOnError: true,
  trust: false,
  strict: 'error',
  maxSize: 10,
  maxExpand: 100,
  output: 'html',
} as const;

/** KaTeX HTML of one formula; a formula KaTeX rejects is shown as its escaped source and message. */
export function renderMath(tex: string, display: boolean): string {
  try {
    // A fresh options object per call: KaTeX writes `\gdef` macros into it.
    return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `<span class="math-error" title="${escapeHtml(message)}">${escapeHtml(tex)}</span>`;
  }
}

const LINE_BREAK = ' \\\\\n';
const paren = (s: string): string => `\\left(${s}\\right)`;
const partial = (of: string, wrt: string): string => toLatex(deriv(sym(of), sym(wrt)));
const nameTex = (n: string): string => toLatex(sym(n));
/** `∂E/∂w_5` on one line, for buttons and running text. */
const slashPartial = (of: string, wrt: string): string => `\\partial ${nameTex(of)}/\\partial ${nameTex(wrt)}`;

/** A factor inside a product: bracketed when it is a sum or starts with a minus. */
function factorTex(e: Expr, alone: boolean): string {
  const s = toLatex(e);
  return alone || !(e.kind === 'add' || s.startsWith('-')) ? s : paren(s);
}

function numberTex(x: number, alone: boolean): string {
  const s = formatNumberLatex(x);
  return !alone && (x < 0 || s.includes('\\times')) ? paren(s) : s;
}

/** The LaTeX source under an equation, with a copy button (REPORT_SCRIPT). */
function texSource(tex: string): string {
  return `<details class="tex"><summary title="LaTeX source">TeX</summary><div class="tex-body">`
    + `<pre><code class="tex">${escapeHtml(tex)}</code></pre><button type="button" class="copy">Copy LaTeX</button></div></details>`;
}

/** A displayed equation and its LaTeX source. */
function equation(tex: string, extraClass = ''): string {
  return `<div class="eq${extraClass ? ` ${extraClass}` : ''}">${renderMath(tex, true)}${texSource(tex)}</div>`;
}

const aligned = (lines: readonly string[]): string => `\\begin{aligned}\n${lines.join(LINE_BREAK)}\n\\end{aligned}`;

// ---------------------------------------------------------------------------
// Gradients

const FD_REASONS: Readonly<Record<FdReason, string>> = {
  kink: 'the point is a kink, where the derivative is a convention',
  nonfinite: 'a sample was not finite',
  'non-smooth': 'the function is not smooth at the scale of the steps',
  cancellation: 'roundoff in the differences is larger than the tolerance',
  domain: 'a sample fell outside the function’s domain',
};

function fdBadge(g: GradientReport): string {
  const v = g.check.verdict;
  return `<span class="badge ${v}" title="finite-difference check">FD ${v}</span>`;
}

function fdLine(g: GradientReport): string {
  const c = g.check;
  const estimate = Number.isFinite(c.fd)
    ? `central differences give ${formatNumber(c.fd)} (relative error ${formatRelError(c.relError)}, step h = ${formatNumber(c.step, 3)})`
    : `no finite-difference estimate (step h = ${formatNumber(c.step, 3)})`;
  const verdict = c.verdict === 'pass'
    ? 'agrees'
    : c.verdict === 'fail'
      ? `<strong>disagrees</strong> beyond the tolerance ${formatNumber(c.tolerance, 3)}`
      : `inconclusive: ${escapeHtml(c.reason ? FD_REASONS[c.reason] : 'the numbers cannot decide')}`;
  const detail = c.detail ? ` <span class="detail">(${escapeHtml(c.detail)})</span>` : '';
  return `<p class="fd">Finite-difference check: ${estimate} — ${verdict}.${detail}</p>`;
}

const key = (f: { of: string; wrt: string }): string => `${f.of}\u0000${f.wrt}`;

/** `∂F/∂a · ∂a/∂b + …` and the same with forms and with values. */
function sumLines(s: ValuedSum): { decomposition: string; forms: string; values: string } {
  const join = (piece: (f: ValuedFactor, alone: boolean) => string): string => sumLatex(s, piece);
  return {
    decomposition: join((f) => partial(f.of, f.wrt)),
    // A split factor stays a derivative: its own block expands it.
    forms: join((f, alone) => (f.expansion ? partial(f.of, f.wrt) : factorTex(f.expr, alone))),
    values: join((f, alone) => numberTex(f.value, alone)),
  };
}

/** The factors of a sum, each once: a local factor's form and value, a split as a nested block. */
function factorList(s: ValuedSum, seen: Set<string>): string {
  const items: string[] = [];
  for (const f of s.terms.flatMap((t) => t.listed)) {
    if (isOmitted(f)) {
      items.push(`<li>${equation(`${omittedLatex(f)} = ${formatNumberLatex(f.value)}`)}</li>`);
      continue;
    }
    if (seen.has(key(f))) continue;
    seen.add(key(f));
    if (f.expansion) {
      items.push(`<li class="split">${splitBlock(f.expansion, seen)}</li>`);
    } else {
      const kink = f.kink ? ' \\quad \\text{(kink)}' : '';
      // With explain: the factor's steps behind a "steps" toggle, typeset by KaTeX.
      const steps = f.steps === undefined ? ''
        : `<details class="steps"><summary>${stepLabel('toggle', {})}</summary>${renderStepsHtml(f.steps, renderMath)}</details>`;
      items.push(`<li>${equation(`${partial(f.of, f.wrt)} = ${toLatex(f.expr)} = ${formatNumberLatex(f.value)}${kink}`)}${steps}</li>`);
    }
  }
  return items.length > 0 ? `<ul class="factors">${items.join('')}</ul>` : '';
}

/** d(F)/d(S) where paths split at S: the sum over the paths, then its factors, nested. */
function splitBlock(s: ValuedSum, seen: Set<string>): string {
  const { decomposition, forms, values } = sumLines(s);
  const head = `${partial(s.of, s.wrt)} &= ${decomposition}`;
  const paths = s.terms.length;
  return `<div class="expansion"><p class="split-note">${renderMath(slashPartial(s.of, s.wrt), false)}: the paths split at `
    + `${renderMath(nameTex(s.wrt), false)}, so it is a sum of ${paths} path product${paths === 1 ? '' : 's'}.</p>`
    + equation(aligned([head, `&= ${forms}`, `&= ${values}`, `&= ${formatNumberLatex(s.value)}`]))
    + factorList(s, seen) + '</div>';
}

function gradientArticle(g: GradientReport, index: number, report: Report): string {
  const head = partial(g.target, g.wrt);
  const chain = g.chain;
  const kink = g.kink ? ' \\quad \\text{(at a kink)}' : '';
  const lines: string[] = [];
  let factors = '';
  let inFull = '';
  if (chain.trivial) {
    lines.push(`${head} &= ${toLatex(g.expr)}`, `&= ${formatNumberLatex(g.value)}${kink}`);
  } else {
    const { decomposition, forms, values } = sumLines(chain);
    lines.push(`${head} &= ${decomposition}`, `&= ${forms}`, `&= ${values}`, `&= ${formatNumberLatex(g.value)}${kink}`);
    // The whole gradient in the named nodes can be long: inline math, which wraps at + and ·.
    const full = `${head} = ${toLatex(g.expr)}`;
    inFull = `<div class="in-full"><span class="label">In full:</span> ${renderMath(full, false)}${texSource(full)}</div>`;
    factors = `<h4>Factors</h4>${factorList(chain, new Set([key({ of: g.target, wrt: g.wrt })]))}`;
  }
  const title = `${renderMath(`\\displaystyle ${head}`, false)} <span class="value">= ${escapeHtml(formatNumber(g.value))}</span>`;
  const show = report.gradients.length > 1
    ? `<button type="button" class="show-path" data-hl="${index}" title="Highlight this derivative's paths in the graph">show paths</button>`
    : '';
  return `<article class="gradient" id="gradient-${index}"><header><h3>${title}</h3>${fdBadge(g)}${show}</header>`
    + equation(aligned(lines), 'main') + inFull + fdLine(g) + factors + '</article>';
}

// ---------------------------------------------------------------------------
// Other sections

function updatesSection(report: Report): string {
  const updates = report.values.filter((v) => v.update && v.role === 'definition');
  if (updates.length === 0) return '';
  const lines = updates.map((v) => `${nameTex(v.name)} &= ${v.expr ? `${toLatex(v.expr)} = ` : ''}${formatNumberLatex(v.value)}`);
  return `<section id="updates"><h2>Updates</h2><p class="lead">The update rules of the inputs, at the current values.</p>${equation(aligned(lines))}</section>`;
}

function trainingSection(report: Report): string {
  const t = report.training;
  if (!t) return '';
  const rows = t.steps.map((s) => `<tr><td class="num">${s.step}</td><td class="num">${escapeHtml(formatNumber(s.objective))}</td></tr>`);
  const rules = t.rules.map((r) => `${renderMath(nameTex(r.input), false)} ← ${renderMath(nameTex(r.rule), false)}`).join(', ');
  return `<section id="training"><h2>Training</h2><p class="lead">Every update rule applied at once per step: ${rules}. `
    + `The values below are those after the last step.</p>`
    + `<table class="training"><thead><tr><th class="num">step</th><th class="num">${renderMath(nameTex(t.objective), false)}</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table></section>`;
}

/** A number claim's right side as written (`0.0821670`, not 82167/1000000); other sides as printed. */
function claimRhsTex(rhs: Expr, written: string | undefined): string {
  const m = written === undefined ? null : /^([-+]?(?:\d+\.?\d*|\.\d+))(?:[eE]([-+]?\d+))?$/.exec(written.trim());
  if (!m) return toLatex(rhs);
  return m[2] === undefined ? m[1]! : `${m[1]} \\times 10^{${Number(m[2])}}`;
}

function claimsSection(claims: readonly ClaimResult[], report: Report): string {
  if (claims.length === 0) return '';
  const items = joinClaims(report.claimStatements, claims).map(({ result: c, statement: stmt }) => {
    const math = stmt ? `<div class="claim-math">${renderMath(`${toLatex(stmt.lhs)} = ${claimRhsTex(stmt.rhs, stmt.rhsNumberText)}`, false)}</div>` : '';
    const sides = c.lhs !== undefined && c.rhs !== undefined
      ? `<div class="sides">left side <code>${escapeHtml(formatNumber(c.lhs))}</code>, right side <code>${escapeHtml(formatNumber(c.rhs))}</code></div>`
      : '';
    const counter = c.counterexample && Object.keys(c.counterexample).length > 0
      ? `<div class="counterexample">Counterexample: ${Object.entries(c.counterexample)
        .map(([n, v]) => `<code>${escapeHtml(n)} = ${escapeHtml(formatNumber(v))}</code>`).join(', ')}</div>`
      : '';
    const reason = c.reason ? `<div class="reason">${escapeHtml(c.reason)}</div>` : '';
    const diagnosis = c.diagnosis ? `<div class="diagnosis" data-code="${escapeHtml(c.diagnosis.code)}"><span class="code">${escapeHtml(c.diagnosis.code)}</span> `
      + `${escapeHtml(c.diagnosis.message)}${c.diagnosis.atGivenValues ? ' (at the given values)' : ''}${c.diagnosis.also ? ` <span class="also">(also: ${escapeHtml(c.diagnosis.also.join(', '))})</span>` : ''}</div>` : '';
    return `<li class="claim ${c.status}"><div class="claim-head"><span class="badge ${c.status}">${c.status}</span>`
      + `<span class="where">line ${c.line}:${c.column}</span><code class="claim-text">${escapeHtml(c.text)}</code></div>`
      + `${math}${reason}${diagnosis}${sides}${counter}</li>`;
  });
  const count = (s: string): number => claims.filter((c) => c.status === s).length;
  return `<section id="claims"><h2>Claims</h2><p class="lead">${count('verified')} verified, ${count('refuted')} refuted, ${count('unchecked')} unchecked.</p>`
    + `<ul class="claims">${items.join('')}</ul></section>`;
}

const ROLE_ORDER: Readonly<Record<string, number>> = { input: 0, free: 1, definition: 2, update: 3 };

function valuesSection(report: Report): string {
  if (report.values.length === 0) return '';
  const role = (v: NamedValue): string => (v.update ? 'update' : v.role);
  const inputOrder = new Map(report.inputOrder.map((n, i) => [n, i]));
  const rows = report.values
    .map((v, i) => ({ v, i }))
    .sort((a, b) => ROLE_ORDER[role(a.v)]! - ROLE_ORDER[role(b.v)]!
      || (inputOrder.get(a.v.name) ?? a.i) - (inputOrder.get(b.v.name) ?? b.i))
    .map(({ v }) => `<tr class="${role(v)}"><td class="name">${renderMath(nameTex(v.name), false)}</td>`
      + `<td class="num">${escapeHtml(formatNumber(v.value))}</td><td class="role">${role(v)}</td>`
      + `<td class="def">${v.expr ? renderMath(toLatex(v.expr), false) : ''}</td></tr>`);
  const note = report.training ? ' after training' : '';
  return `<section id="values"><h2>Values</h2><p class="lead">Every name${note}, inputs first.</p>`
    + `<div class="table-scroll"><table class="values"><thead><tr><th>name</th><th class="num">value</th><th>kind</th><th>definition</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table></div></section>`;
}

/** One error with its position, source line and caret; the position is kept for the playground. */
export function errorBlock(err: NablaError, fileName?: string): string {
  const at = err.span ? ` data-line="${err.span.line}" data-column="${err.span.column}" data-offset="${err.span.offset}"` : '';
  return `<div class="error"${at}><pre>${escapeHtml(formatError(err, fileName))}</pre></div>`;
}

function errorsSection(errors: readonly NablaError[], fileName?: string): string {
  if (errors.length === 0) return '';
  return `<section id="errors" class="errors"><h2>${errors.length === 1 ? 'Error' : `${errors.length} errors`}</h2>`
    + `${errors.map((e) => errorBlock(e, fileName)).join('')}</section>`;
}

function graphSection(report: Report): string {
  if (report.counts.names === 0) return '';
  const gradients = report.gradients;
  const buttons = gradients.length > 1
    ? `<div class="graph-controls" role="group" aria-label="Highlighted derivative">Paths of ${gradients
      .map((g, i) => `<button type="button" data-hl="${i}" aria-pressed="${i === 0}">${renderMath(slashPartial(g.target, g.wrt), false)}</button>`).join('')}</div>`
    : gradients.length === 1
      ? `<p class="lead">Highlighted: the paths of ${renderMath(slashPartial(gradients[0]!.target, gradients[0]!.wrt), false)}.</p>`
      : '';
  return `<section id="graph"><h2>Computation graph</h2>${buttons}<div class="graph-scroll">${renderGraphSvg(report)}</div></section>`;
}

function summary(report: Report, claims: readonly ClaimResult[]): string {
  const { definitions, inputs } = report.counts;
  const parts = [`${definitions} definition${definitions === 1 ? '' : 's'}`, `${inputs} input${inputs === 1 ? '' : 's'}`];
  if (report.gradients.length > 0) {
    const passed = report.gradients.filter((g) => g.check.ok).length;
    parts.push(`${report.gradients.length} gradient${report.gradients.length === 1 ? '' : 's'} (${passed} of ${report.gradients.length} pass the finite-difference check)`);
  }
  if (claims.length > 0) parts.push(`${claims.filter((c) => c.status === 'verified').length} of ${claims.length} claims verified`);
  return parts.join(' · ');
}

/**
 * The report's content, without the document around it: header, errors,
 * graph, gradients, updates, training, claims, values, the whole report's
 * LaTeX and the source. Where the report could not be built, a report of
 * the system alone (`systemReport`) still shows the rest.
 */
export function renderReportBody(report: Report, options: BodyOptions = {}): string {
  const claims = options.claims ?? [];
  const title = options.title ?? 'nabla report';
  const out: string[] = [];
  if (options.showHeader !== false) {
    out.push(`<header class="top"><h1>${escapeHtml(title)}</h1><p class="summary">${escapeHtml(summary(report, claims))}</p></header>`);
  }
  if (options.showErrors !== false) out.push(errorsSection([...report.errors, ...(options.errors ?? [])], options.fileName));
  out.push(graphSection(report));
  // Matrix algebra (SPEC §12): the δs and gradients in matrix form, then the report as the terminal shows it.
  if (report.matrix) {
    const tex = `\\begin{aligned}${matrixLatexBody(report.matrix)}\\end{aligned}`;
    out.push(`<section id="matrix-graph"><h2>Graph of the matrix nodes</h2><div class="graph-scroll">${matrixGraphSvg(report.matrix)}</div></section>`);
    out.push(`<section id="matrix"><h2>Gradients in matrix form</h2>${katex.renderToString(tex, { displayMode: true, throwOnError: false })}<pre class="source">${escapeHtml(matrixTerminal(report.matrix))}</pre></section>`);
  }
  if (report.gradients.length > 0) {
    out.push(`<section id="gradients"><h2>Gradients</h2>${report.gradients.map((g, i) => gradientArticle(g, i, report)).join('')}</section>`);
  }
  out.push(updatesSection(report), trainingSection(report));
  out.push(claimsSection(claims, report));
  out.push(valuesSection(report));
  if (report.counts.names === 0 && claims.length === 0 && !report.matrix) {
    out.push('<p class="empty">Nothing to show yet: define a name (<code>y = sigmoid(w*x + b)</code>), give inputs values (<code>w = 0.5</code>) and ask for a derivative (<code>derive y wrt w</code>).</p>');
  }
  if (report.gradients.length > 0 || report.training) {
    const tex = renderLatex(report);
    out.push(`<section id="latex"><details class="whole"><summary>The whole report as LaTeX (<code>align*</code>)</summary>`
      + `<div class="tex-body"><pre><code class="tex">${escapeHtml(tex)}</code></pre><button type="button" class="copy">Copy LaTeX</button></div></details></section>`);
  }
  if (options.showSource !== false && report.source.trim() !== '') {
    out.push(`<section id="source"><details><summary>Source${options.fileName ? ` (${escapeHtml(options.fileName)})` : ''}</summary>`
      + `<pre class="source">${escapeHtml(report.source)}</pre></details></section>`);
  }
  return out.filter((s) => s !== '').join('\n');
}

// ---------------------------------------------------------------------------
// Page

/**
 * The report as one self-contained HTML document: no external request, no
 * script needed to read it, openable from disk. With a report of the
 * system alone (a document whose claims were checked, but whose names have
 * no values to compute a report at) the page shows the graph and the claims.
 */
export function renderHtml(report: Report, options: BodyOptions = {}): string {
  const { crypto } = nodeModules();
  const title = options.title ?? 'nabla report';
  const scriptHash = crypto.createHash('sha256').update(REPORT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nabla">
<title>${escapeHtml(title)}</title>
<style>${katexCssInlined()}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<main class="report">
${renderReportBody(report, options)}
<footer class="generated"><p class="lead">Generated by nabla.</p></footer>
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
