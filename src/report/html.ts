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
import { exprLatex, omittedLatex, renderLatex, sumLatex } from './latex.ts';
import { isOmitted, joinClaims, type FdReason, type GradientReport, type NamedValue, type Report, type ValuedFactor, type ValuedSum } from './model.ts';
import { katexCssInlined, nodeModules } from './html-katex.ts';
import { renderStepsHtml } from './steps-view.ts';
import { stepLabel } from '../messages/steps-en.ts';
import { msg, say } from '../messages/format.ts';
import type { Language, Message } from '../messages/message.ts';
import { diagnosisMessage } from '../claims/diagnosis-messages.ts';
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
  /** The language of the page's words (SPEC §15; default English); `<html lang>` says it. */
  readonly lang?: Language;
}

/**
 * The language the page being rendered speaks. Rendering is synchronous and
 * every entry point (renderReportBody, renderHtml) sets it and restores it,
 * so the section functions need no extra parameter each.
 */
let speaking: Language = 'en';
/** An expression's LaTeX, a too-large note said in the page's language. */
const toLatex = (e: Expr): string => exprLatex(e, speaking);
const t = (m: Message): string => say(m, speaking);

/** Run `render` speaking `lang`, restoring the previous language after. */
function inLanguage<T>(lang: Language | undefined, render: () => T): T {
  const before = speaking;
  speaking = lang ?? before;
  try {
    return render();
  } finally {
    speaking = before;
  }
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

/** A "Copy LaTeX" button with the words REPORT_SCRIPT shows after a click, in the page's language. */
const copyButton = (): string => `<button type="button" class="copy" data-copied="${escapeHtml(t(msg('copy.copied', {})))}" `
  + `data-press="${escapeHtml(t(msg('copy.press', { key: 'Ctrl+C' })))}">${t(msg('html.copy', {}))}</button>`;

/** The LaTeX source under an equation, with a copy button (REPORT_SCRIPT). */
function texSource(tex: string): string {
  return `<details class="tex"><summary title="${t(msg('html.tex-source', {}))}">TeX</summary><div class="tex-body">`
    + `<pre><code class="tex">${escapeHtml(tex)}</code></pre>${copyButton()}</div></details>`;
}

/** A displayed equation and its LaTeX source. */
function equation(tex: string, extraClass = ''): string {
  return `<div class="eq${extraClass ? ` ${extraClass}` : ''}">${renderMath(tex, true)}${texSource(tex)}</div>`;
}

const aligned = (lines: readonly string[]): string => `\\begin{aligned}\n${lines.join(LINE_BREAK)}\n\\end{aligned}`;

// ---------------------------------------------------------------------------
// Gradients

function fdBadge(g: GradientReport): string {
  const v = g.check.verdict;
  return `<span class="badge ${v}" title="${t(msg('html.fd-badge-title', {}))}">${t(msg('html.fd-badge', { verdict: msg(`html.fd.${v}`, {}) }))}</span>`;
}

function fdLine(g: GradientReport): string {
  const c = g.check;
  const h = formatNumber(c.step, 3);
  const estimate = Number.isFinite(c.fd)
    ? msg('html.fd-estimate', { fd: formatNumber(c.fd), error: formatRelError(c.relError), h })
    : msg('html.fd-no-estimate', { h });
  const reason: FdReason | 'none' = c.reason ?? 'none';
  const verdict = c.verdict === 'pass'
    ? msg('html.fd-agrees', {})
    : c.verdict === 'fail'
      ? msg('html.fd-disagrees', { tolerance: formatNumber(c.tolerance, 3) })
      : msg('html.fd-inconclusive', { why: escapeHtml(t(msg(`html.fd-reason.${reason}`, {}))) });
  const detail = c.detail ? ` <span class="detail">(${escapeHtml(c.detailMessage ? t(c.detailMessage) : c.detail)})</span>` : '';
  return `<p class="fd">${t(msg('html.fd-line', { estimate, verdict }))}${detail}</p>`;
}

const key = (f: { of: string; wrt: string }): string => `${f.of}\u0000${f.wrt}`;

/** `∂F/∂a · ∂a/∂b + …` and the same with forms and with values. */
function sumLines(s: ValuedSum): { decomposition: string; forms: string; values: string } {
  const join = (piece: (f: ValuedFactor, alone: boolean) => string): string => sumLatex(s, piece, speaking);
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
      items.push(`<li>${equation(`${omittedLatex(f, speaking)} = ${formatNumberLatex(f.value)}`)}</li>`);
      continue;
    }
    if (seen.has(key(f))) continue;
    seen.add(key(f));
    if (f.expansion) {
      items.push(`<li class="split">${splitBlock(f.expansion, seen)}</li>`);
    } else {
      const kink = f.kink ? ` \\quad \\text{${t(msg('html.kink', {}))}}` : '';
      // With explain: the factor's steps behind a "steps" toggle, typeset by KaTeX.
      const steps = f.steps === undefined ? ''
        : `<details class="steps"><summary>${stepLabel('toggle', {}, speaking)}</summary>${renderStepsHtml(f.steps, renderMath, speaking)}</details>`;
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
  const note = msg('html.split-note', { of: renderMath(slashPartial(s.of, s.wrt), false), at: renderMath(nameTex(s.wrt), false), count: paths });
  return `<div class="expansion"><p class="split-note">${t(note)}</p>`
    + equation(aligned([head, `&= ${forms}`, `&= ${values}`, `&= ${formatNumberLatex(s.value)}`]))
    + factorList(s, seen) + '</div>';
}

function gradientArticle(g: GradientReport, index: number, report: Report): string {
  const head = partial(g.target, g.wrt);
  const chain = g.chain;
  const kink = g.kink ? ` \\quad \\text{${t(msg('html.at-kink', {}))}}` : '';
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
    inFull = `<div class="in-full"><span class="label">${t(msg('html.in-full', {}))}</span> ${renderMath(full, false)}${texSource(full)}</div>`;
    factors = `<h4>${t(msg('html.factors', {}))}</h4>${factorList(chain, new Set([key({ of: g.target, wrt: g.wrt })]))}`;
  }
  const title = `${renderMath(`\\displaystyle ${head}`, false)} <span class="value">= ${escapeHtml(formatNumber(g.value))}</span>`;
  const show = report.gradients.length > 1
    ? `<button type="button" class="show-path" data-hl="${index}" title="${t(msg('html.show-paths-title', {}))}">${t(msg('html.show-paths', {}))}</button>`
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
  return `<section id="updates"><h2>${t(msg('report.updates', {}))}</h2><p class="lead">${t(msg('html.updates-lead', {}))}</p>${equation(aligned(lines))}</section>`;
}

function trainingSection(report: Report): string {
  const t = report.training;
  if (!t) return '';
  const rows = t.steps.map((s) => `<tr><td class="num">${s.step}</td><td class="num">${escapeHtml(formatNumber(s.objective))}</td></tr>`);
  const rules = t.rules.map((r) => `${renderMath(nameTex(r.input), false)} ← ${renderMath(nameTex(r.rule), false)}`).join(', ');
  return `<section id="training"><h2>${say(msg('html.training', {}), speaking)}</h2><p class="lead">${say(msg('html.training-lead', { rules }), speaking)}</p>`
    + `<table class="training"><thead><tr><th class="num">${say(msg('report.step', {}), speaking)}</th><th class="num">${renderMath(nameTex(t.objective), false)}</th></tr></thead>`
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
      ? `<div class="sides">${t(msg('claims.sides', { lhs: `<code>${escapeHtml(formatNumber(c.lhs))}</code>`, rhs: `<code>${escapeHtml(formatNumber(c.rhs))}</code>` }))}</div>`
      : '';
    const counter = c.counterexample && Object.keys(c.counterexample).length > 0
      ? `<div class="counterexample">${t(msg('html.counterexample', { point: Object.entries(c.counterexample)
        .map(([n, v]) => `<code>${escapeHtml(n)} = ${escapeHtml(formatNumber(v))}</code>`).join(', ') }))}</div>`
      : '';
    const said = speaking === 'en' || c.message === undefined ? c.reason : t(c.message);
    const reason = said ? `<div class="reason">${escapeHtml(said)}</div>` : '';
    const sentence = c.diagnosis && (speaking === 'en' ? c.diagnosis.message : t(diagnosisMessage(c.diagnosis.key, c.diagnosis.params)));
    const diagnosis = c.diagnosis ? `<div class="diagnosis" data-code="${escapeHtml(c.diagnosis.code)}"><span class="code">${escapeHtml(c.diagnosis.code)}</span> `
      + `${escapeHtml(sentence || '')}${c.diagnosis.atGivenValues ? t(msg('claims.at-given', {})) : ''}${c.diagnosis.also ? ` <span class="also">${escapeHtml(t(msg('claims.also', { codes: c.diagnosis.also.join(', ') })).trim())}</span>` : ''}</div>` : '';
    return `<li class="claim ${c.status}"><div class="claim-head"><span class="badge ${c.status}">${t(msg(`verdict.${c.status}`, {}))}</span>`
      + `<span class="where">${t(msg('html.line', { at: `${c.line}:${c.column}` }))}</span><code class="claim-text">${escapeHtml(c.text)}</code></div>`
      + `${math}${reason}${diagnosis}${sides}${counter}</li>`;
  });
  const count = (s: string): number => claims.filter((c) => c.status === s).length;
  const lead = msg('html.claims-lead', { verified: count('verified'), refuted: count('refuted'), unchecked: count('unchecked') });
  return `<section id="claims"><h2>${t(msg('html.claims', {}))}</h2><p class="lead">${t(lead)}</p>`
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
      + `<td class="num">${escapeHtml(formatNumber(v.value))}</td><td class="role">${t(msg(`html.role.${role(v) as 'input' | 'free' | 'definition' | 'update'}`, {}))}</td>`
      + `<td class="def">${v.expr ? renderMath(toLatex(v.expr), false) : ''}</td></tr>`);
  const lead = t(msg(report.training ? 'html.values-lead-after' : 'html.values-lead', {}));
  const th = (key: 'html.name' | 'html.value' | 'html.kind' | 'html.definition'): string => t(msg(key, {}));
  return `<section id="values"><h2>${t(msg('report.values', {}))}</h2><p class="lead">${lead}</p>`
    + `<div class="table-scroll"><table class="values"><thead><tr><th>${th('html.name')}</th><th class="num">${th('html.value')}</th><th>${th('html.kind')}</th><th>${th('html.definition')}</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table></div></section>`;
}

/** One error with its position, source line and caret; the position is kept for the playground. */
export function errorBlock(err: NablaError, fileName?: string, lang: Language = speaking): string {
  const at = err.span ? ` data-line="${err.span.line}" data-column="${err.span.column}" data-offset="${err.span.offset}"` : '';
  return `<div class="error"${at}><pre>${escapeHtml(formatError(err, fileName, lang))}</pre></div>`;
}

function errorsSection(errors: readonly NablaError[], fileName?: string): string {
  if (errors.length === 0) return '';
  return `<section id="errors" class="errors"><h2>${errors.length === 1 ? t(msg('html.error', {})) : t(msg('html.errors', { count: errors.length }))}</h2>`
    + `${errors.map((e) => errorBlock(e, fileName)).join('')}</section>`;
}

function graphSection(report: Report): string {
  if (report.counts.names === 0) return '';
  const gradients = report.gradients;
  const buttons = gradients.length > 1
    ? `<div class="graph-controls" role="group" aria-label="${t(msg('html.graph-aria', {}))}">${t(msg('html.paths-of', { buttons: gradients
      .map((g, i) => `<button type="button" data-hl="${i}" aria-pressed="${i === 0}">${renderMath(slashPartial(g.target, g.wrt), false)}</button>`).join('') }))}</div>`
    : gradients.length === 1
      ? `<p class="lead">${t(msg('html.highlighted', { of: renderMath(slashPartial(gradients[0]!.target, gradients[0]!.wrt), false) }))}</p>`
      : '';
  return `<section id="graph"><h2>${t(msg('html.graph', {}))}</h2>${buttons}<div class="graph-scroll">${renderGraphSvg(report, { lang: speaking })}</div></section>`;
}

function summary(report: Report, claims: readonly ClaimResult[]): string {
  // A file in matrix algebra keeps its names and gradients in its matrix section (the scalar counts are empty).
  const matrix = report.matrix;
  const definitions = matrix ? matrix.values.filter((v) => v.role === 'definition').length : report.counts.definitions;
  const inputs = matrix ? matrix.values.length - definitions : report.counts.inputs;
  const checks = matrix ? matrix.gradients.map((g) => g.check.ok) : report.gradients.map((g) => g.check.ok);
  const parts = [t(msg('html.summary-definitions', { count: definitions })), t(msg('html.summary-inputs', { count: inputs }))];
  if (checks.length > 0) {
    const passed = checks.filter((ok) => ok).length;
    parts.push(t(msg('html.summary-gradients', { count: checks.length, passed })));
  }
  if (claims.length > 0) parts.push(t(msg('html.summary-claims', { verified: claims.filter((c) => c.status === 'verified').length, count: claims.length })));
  return parts.join(' · ');
}

/**
 * The report's content, without the document around it: header, errors,
 * graph, gradients, updates, training, claims, values, the whole report's
 * LaTeX and the source. Where the report could not be built, a report of
 * the system alone (`systemReport`) still shows the rest.
 */
export function renderReportBody(report: Report, options: BodyOptions = {}): string {
  return inLanguage(options.lang, () => reportBody(report, options));
}

function reportBody(report: Report, options: BodyOptions): string {
  const claims = options.claims ?? [];
  const title = options.title ?? t(msg('html.title', {}));
  const out: string[] = [];
  if (options.showHeader !== false) {
    out.push(`<header class="top"><h1>${escapeHtml(title)}</h1><p class="summary">${escapeHtml(summary(report, claims))}</p></header>`);
  }
  if (options.showErrors !== false) out.push(errorsSection([...report.errors, ...(options.errors ?? [])], options.fileName));
  out.push(graphSection(report));
  // Matrix algebra (SPEC §12): the δs and gradients in matrix form, then the report as the terminal shows it.
  if (report.matrix) {
    const tex = `\\begin{aligned}${matrixLatexBody(report.matrix, speaking)}\\end{aligned}`;
    out.push(`<section id="matrix-graph"><h2>${t(msg('matrix.html-graph', {}))}</h2><div class="graph-scroll">${matrixGraphSvg(report.matrix, speaking)}</div></section>`);
    out.push(`<section id="matrix"><h2>${t(msg('matrix.html-gradients', {}))}</h2>${katex.renderToString(tex, { displayMode: true, throwOnError: false })}<pre class="source">${escapeHtml(matrixTerminal(report.matrix, speaking))}</pre></section>`);
  }
  if (report.gradients.length > 0) {
    out.push(`<section id="gradients"><h2>${t(msg('report.gradients', {}))}</h2>${report.gradients.map((g, i) => gradientArticle(g, i, report)).join('')}</section>`);
  }
  out.push(updatesSection(report), trainingSection(report));
  out.push(claimsSection(claims, report));
  out.push(valuesSection(report));
  if (report.counts.names === 0 && claims.length === 0 && !report.matrix) {
    const empty = msg('html.empty', { define: '<code>y = sigmoid(w*x + b)</code>', value: '<code>w = 0.5</code>', derive: '<code>derive y wrt w</code>' });
    out.push(`<p class="empty">${t(empty)}</p>`);
  }
  if (report.gradients.length > 0 || report.training) {
    const tex = renderLatex(report, speaking);
    out.push(`<section id="latex"><details class="whole"><summary>${t(msg('html.whole-latex', { align: '<code>align*</code>' }))}</summary>`
      + `<div class="tex-body"><pre><code class="tex">${escapeHtml(tex)}</code></pre>${copyButton()}</div></details></section>`);
  }
  if (options.showSource !== false && report.source.trim() !== '') {
    out.push(`<section id="source"><details><summary>${t(msg('html.source', {}))}${options.fileName ? ` (${escapeHtml(options.fileName)})` : ''}</summary>`
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
  return inLanguage(options.lang, () => htmlPage(report, options));
}

function htmlPage(report: Report, options: BodyOptions): string {
  const { crypto } = nodeModules();
  const title = options.title ?? t(msg('html.title', {}));
  const scriptHash = crypto.createHash('sha256').update(REPORT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="${speaking}">
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
<footer class="generated"><p class="lead">${t(msg('html.generated', {}))}</p></footer>
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
