/**
 * The terminal view of a report (SPEC §4): readable in a plain 80-column
 * terminal, colour only when asked. For each gradient, its value, the
 * chain-rule decomposition as the notes write it, one aligned line per factor
 * (symbolic form, value), the expansion of every factor where paths split,
 * the full symbolic gradient and the finite-difference check; then the
 * values, the updates and the training run.
 *
 * Invariants: formatting only, no mathematics (every number comes from the
 * model); no line longer than the width, long symbolic forms wrapped or
 * elided; every piece of user text passes through `sanitize`.
 */

import type { Expr } from '../expr/node.ts';
import { displayWidth, sanitize } from '../errors.ts';
import { toText } from '../print/text.ts';
import { formatNumber, formatRelError, tooLargeToPrint } from './format.ts';
import { renderFactorStepsTerminal } from './steps-view.ts';
import { isOmitted, type GradientMatrix, type GradientReport, type NamedValue, type OmittedFactors, type Report, type ValuedFactor, type ValuedSum } from './model.ts';
import type { Shape } from '../expr/indexed.ts';
import { maxOf } from '../expr/long-lists.ts';
import { matrixTerminal } from './matrix-view.ts';
import { msg, say } from '../messages/format.ts';
import type { Language, Message } from '../messages/message.ts';

export interface TerminalOptions {
  /** ANSI colour (the CLI passes stdout.isTTY && !NO_COLOR). */
  readonly color: boolean;
  /** Columns to fit (default 80). */
  readonly width?: number;
  /** The language of headings and labels (SPEC §15; default English). */
  readonly lang?: Language;
}

export const TERMINAL_WIDTH = 80;
/** A factor's symbolic form takes at most this many lines in the table before it is elided. */
const MAX_FACTOR_LINES = 3;
/** The full symbolic gradient takes at most this many lines before it is elided. */
const MAX_GRADIENT_LINES = 12;
/** Widest factor label kept in the label column; a longer one gets a line of its own. */
const MAX_LABEL_WIDTH = 26;
/** Splits nested this many levels deep are expanded in blocks after the decomposition, not inline. */
const MAX_INLINE_LEVEL = 2;
/** The form column is at least this wide. */
const MIN_EXPR_WIDTH = 14;

type Style = (s: string) => string;

interface Styles {
  readonly bold: Style;
  readonly dim: Style;
  readonly green: Style;
  readonly red: Style;
  readonly yellow: Style;
  readonly cyan: Style;
}

const ansi = (open: number, close: number): Style => (s) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain: Style = (s) => s;

function styles(color: boolean): Styles {
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain, cyan: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };
}

/** Visible width of a line: ANSI codes count zero; wide characters (Hangul) two columns, the rest one. */
export function visibleWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  return displayWidth(s.replace(/\u001b\[[0-9;]*m/g, ''));
}

const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - visibleWidth(s)));

/** Cut `s` to `width` columns, ending with `…` when cut. */
export function elide(s: string, width: number): string {
  const chars = [...s];
  if (chars.length <= width) return s;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * Break a symbolic form into lines of at most `width` columns. A break goes
 * where the bracket depth is lowest, before ` + ` / ` - ` rather than after
 * `*`, and as late as possible among equals; a form without such a place is
 * cut anywhere. At most `maxLines` lines; the last is elided when more would
 * be needed.
 */
export function wrapText(s: string, width: number, maxLines = Infinity): string[] {
  const w = Math.max(8, width);
  const lines: string[] = [];
  let rest = [...s];
  while (rest.length > w) {
    if (lines.length === maxLines - 1) {
      lines.push(elide(rest.join(''), w));
      return lines;
    }
    // Candidate cuts: the line is rest[0, at), so at <= w.
    let best = -1;
    let bestScore = Infinity;
    let depth = 0;
    for (let i = 0; i < w && i < rest.length; i++) {
      const c = rest[i]!;
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
      if (i < w / 3) continue;
      const next = rest[i + 1];
      let score = Infinity;
      let at = -1;
      if (c === ' ' && (next === '+' || next === '-')) [score, at] = [2 * depth, i];
      else if (c === ' ' || c === '*' || c === ',') [score, at] = [2 * depth + 1, c === ' ' ? i : i + 1];
      if (at > 0 && at <= w && score <= bestScore) {
        best = at;
        bestScore = score;
      }
    }
    const at = best > 0 ? best : w;
    lines.push(rest.slice(0, at).join('').trimEnd());
    rest = rest.slice(at);
    while (rest[0] === ' ') rest = rest.slice(1);
  }
  if (rest.length > 0 || lines.length === 0) lines.push(rest.join(''));
  return lines;
}

/**
 * Join pieces with their separators (` · `, ` + `), breaking lines before a
 * separator: the first line starts with `first`, the others with `indent`.
 */
function wrapPieces(first: string, pieces: readonly { sep: string; text: string }[], indent: string, width: number): string[] {
  const lines: string[] = [];
  let line = first;
  // A sum that does not fit on one line gets a line per term.
  const whole = first + pieces.map((p) => p.sep + p.text).join('');
  const termPerLine = visibleWidth(whole) > width;
  for (const p of pieces) {
    const candidate = line + p.sep + p.text;
    const newTerm = termPerLine && p.sep.trim() === '+';
    if (!newTerm && (visibleWidth(candidate) <= width || visibleWidth(line) <= visibleWidth(indent) + 1)) line = candidate;
    else {
      lines.push(line.trimEnd());
      line = indent + p.sep.trimStart() + p.text;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * A matrix of cells as bracketed rows, columns right-aligned, the first row
 * after `head` and the others under it:
 *
 *     ∂E/∂w = [ 261.6  297.6 ]
 *             [ 405.6  441.6 ]
 *
 * A vector is one row; more dimensions are rows of the last one.
 */
export function matrixLines(head: string, dims: Shape, cells: readonly string[]): string[] {
  const columns = dims[dims.length - 1] ?? 1;
  const rows: string[][] = [];
  for (let i = 0; i < cells.length; i += columns) rows.push(cells.slice(i, i + columns));
  const widths = Array.from({ length: columns }, (_, j) => maxOf(rows.map((r) => visibleWidth(r[j] ?? ''))));
  const pad = ' '.repeat(visibleWidth(head));
  return rows.map((r, i) => `${i === 0 ? head : pad}[ ${r.map((c, j) => ' '.repeat(widths[j]! - visibleWidth(c)) + c).join('  ')} ]`);
}

/** What every part of the terminal view writes with: the lines so far, the width, the styles and the name printers. */
interface Writer {
  readonly out: string[];
  readonly width: number;
  readonly st: Styles;
  /** A name as first written, sanitised. */
  readonly show: (name: string) => string;
  /** A symbolic form, or a note when it is too large to print. */
  readonly text: (e: Expr) => string;
  /** `∂of/∂wrt`. */
  readonly partial: (of: string, wrt: string) => string;
  /** A catalogue message in the reader's language. */
  readonly t: (m: Message) => string;
  readonly lang: Language;
}

const factorKey = (f: ValuedFactor): string => `${f.of}\u0000${f.wrt}`;

/**
 * Where each split of one gradient is expanded: inline below its factor
 * while nesting is shallow, otherwise in a block after the decomposition
 * (a deep network nests splits many levels deep); once only, however many
 * paths reach it.
 */
interface Expansions {
  readonly placed: Map<string, 'inline' | 'below'>;
  readonly queue: ValuedSum[];
}

/** What the form column shows: the symbolic form, or for a split, how many paths and where they are. */
function factorForm(w: Writer, f: ValuedFactor, ex: Expansions, level: number): string {
  if (!f.expansion) return w.text(f.expr);
  const placed = ex.placed.get(factorKey(f));
  const where = placed === 'inline' ? w.t(msg('report.expanded-above', {})) : placed === 'below' || level >= MAX_INLINE_LEVEL ? w.t(msg('report.below', {})) : '';
  return `${w.t(msg('report.sum-of-paths', { count: f.expansion.terms.length }))}${where}`;
}

/** `… 99,994 more factors …`: the middle of a long product. */
const omittedText = (w: Writer, g: OmittedFactors): string => w.t(msg('report.more-factors', { count: g.omitted.toLocaleString('en-US') }));

function productPieces(w: Writer, s: ValuedSum): { sep: string; text: string }[] {
  return s.terms.flatMap((t, ti) => t.listed.map((f, fi) => ({
    sep: fi > 0 ? ' · ' : ti > 0 ? ' + ' : '',
    text: isOmitted(f) ? omittedText(w, f) : w.partial(f.of, f.wrt),
  })));
}

/** The factor rows of a sum (and, below each split, its expansion), at `indent`. */
function renderSum(w: Writer, s: ValuedSum, indent: number, ex: Expansions, level: number): void {
  const pad = ' '.repeat(indent);
  const factors = s.terms.flatMap((t) => t.listed).filter((f): f is ValuedFactor => !isOmitted(f));
  const labelWidth = Math.min(MAX_LABEL_WIDTH, maxOf(factors.map((f) => visibleWidth(w.partial(f.of, f.wrt)))));
  const valueWidth = maxOf(factors.map((f) => formatNumber(f.value).length));
  const several = s.terms.length > 1;
  const inner = indent + (several ? 2 : 0);
  const room = w.width - inner - labelWidth - 2 - 2 - valueWidth;
  // As wide as the widest form needs, so the values sit next to the forms.
  const exprWidth = Math.min(room, Math.max(MIN_EXPR_WIDTH, maxOf(factors.map((f) => visibleWidth(factorForm(w, f, ex, level))))));

  s.terms.forEach((term, ti) => {
    if (several) w.out.push(`${pad}${w.st.dim(w.t(msg('report.path', { index: ti + 1 })))}  ${w.st.dim(`= ${formatNumber(term.value)}`)}`);
    for (const f of term.listed) {
      if (isOmitted(f)) w.out.push(`${' '.repeat(inner)}${w.st.dim(`${padEnd(omittedText(w, f), labelWidth + 2 + exprWidth)}  ${formatNumber(f.value)}`)}`);
      else factorRow(w, f, inner, labelWidth, exprWidth, ex, level);
    }
  });
}

function factorRow(w: Writer, f: ValuedFactor, indent: number, labelWidth: number, exprWidth: number, ex: Expansions, level: number): void {
  const { out, width, st } = w;
  const pad = ' '.repeat(indent);
  const label = w.partial(f.of, f.wrt);
  const value = formatNumber(f.value) + (f.kink ? `  ${st.yellow(w.t(msg('report.kink', {})))}` : '');
  const symbolic = factorForm(w, f, ex, level);
  const labelCell = visibleWidth(label) > labelWidth ? null : padEnd(label, labelWidth);
  if (labelCell === null) out.push(`${pad}${elide(label, width - indent)}`);
  const lead = labelCell === null ? `${pad}${' '.repeat(labelWidth)}` : `${pad}${labelCell}`;
  if (exprWidth >= 12) {
    const lines = wrapText(symbolic, exprWidth, MAX_FACTOR_LINES);
    out.push(`${lead}  ${padEnd(lines[0]!, exprWidth)}  ${value}`.trimEnd());
    for (const l of lines.slice(1)) out.push(`${pad}${' '.repeat(labelWidth)}  ${l}`);
  } else {
    // Too narrow for three columns: the value beside the label, the form below.
    out.push(`${lead}  ${value}`);
    for (const l of wrapText(symbolic, width - indent - 2, MAX_FACTOR_LINES)) out.push(`${pad}  ${l}`);
  }
  const key = factorKey(f);
  if (f.expansion && !ex.placed.has(key)) {
    if (level < MAX_INLINE_LEVEL) {
      ex.placed.set(key, 'inline');
      renderExpansion(w, f.expansion, indent + 2, ex, level + 1);
    } else {
      ex.placed.set(key, 'below');
      ex.queue.push(f.expansion);
    }
  }
}

/** `∂E/∂out_h1 = ∂E/∂out_o1 · … + ∂E/∂out_o2 · …`, then its factor rows. */
function renderExpansion(w: Writer, s: ValuedSum, indent: number, ex: Expansions, level: number): void {
  const pad = ' '.repeat(indent);
  const head = `${pad}${w.partial(s.of, s.wrt)} = `;
  const cont = ' '.repeat(visibleWidth(head) - 2);
  w.out.push(...wrapPieces(head, productPieces(w, s), cont, w.width));
  renderSum(w, s, indent + 2, ex, level);
}

function checkLine(w: Writer, g: GradientReport): string {
  const { st, t } = w;
  const c = g.check;
  const verdict = c.verdict === 'pass' ? st.green(t(msg('report.fd-pass', {})))
    : c.verdict === 'fail' ? st.red(t(msg('report.fd-fail', {})))
    // The reason is its code in English (as before) and a sentence in another language.
    : st.yellow(c.reason ? t(msg('report.fd-inconclusive-why', { why: w.lang === 'en' ? c.reason : t(msg(`html.fd-reason.${c.reason}`, {})) }))
      : t(msg('report.fd-inconclusive', {})));
  const fd = Number.isFinite(c.fd) ? formatNumber(c.fd) : t(msg('report.not-a-number', {}));
  return Number.isFinite(c.relError) ? t(msg('report.fd-check', { fd, error: formatRelError(c.relError), verdict }))
    : t(msg('report.fd-only', { fd, verdict }));
}

function renderGradient(w: Writer, g: GradientReport): void {
  const { out, width, st, show } = w;
  out.push(st.bold(`${w.partial(g.target, g.wrt)} = ${formatNumber(g.value)}`));
  const chain = g.chain;
  if (chain.terms.length === 0) {
    out.push(`  ${st.dim(w.t(msg('report.no-dependence', { target: show(g.target), wrt: show(g.wrt) })))}`);
  } else if (!chain.trivial) {
    out.push(...wrapPieces('  = ', productPieces(w, chain), '    ', width));
    const ex: Expansions = { placed: new Map(), queue: [] };
    renderSum(w, chain, 4, ex, 0);
    // The splits too deep to expand inline, each once, in the order first met.
    for (let next = ex.queue.shift(); next; next = ex.queue.shift()) {
      out.push('');
      renderExpansion(w, next, 2, ex, MAX_INLINE_LEVEL);
    }
    if (ex.placed.size > 0 && [...ex.placed.values()].includes('below')) out.push('');
  }
  const formLines = wrapText(w.text(g.expr), width - 4, MAX_GRADIENT_LINES);
  out.push(`  = ${st.cyan(formLines[0]!)}`);
  for (const l of formLines.slice(1)) out.push(`    ${st.cyan(l)}`);
  if (g.kink) out.push(`  ${st.yellow(w.t(msg('report.at-kink', {})))}`);
  out.push(`  ${checkLine(w, g)}`);
  if (g.check.detail) out.push(`  ${st.dim(elide(sanitize(g.check.detailMessage ? w.t(g.check.detailMessage) : g.check.detail), width - 2))}`);
  // With --explain: each local factor's steps (nothing is added without it).
  out.push(...renderFactorStepsTerminal(chain, w.partial, width, w.lang));
}

/** `name  value  = rhs`, the right-hand side elided to the line. */
function definitionRows(w: Writer, vs: readonly NamedValue[], indent: number): void {
  const nameWidth = Math.min(MAX_LABEL_WIDTH, maxOf(vs.map((v) => visibleWidth(w.show(v.name)))));
  const valueWidth = maxOf(vs.map((v) => formatNumber(v.value).length));
  for (const v of vs) {
    const head = `${' '.repeat(indent)}${padEnd(w.show(v.name), nameWidth)}  ${padEnd(formatNumber(v.value), valueWidth)}`;
    const room = w.width - visibleWidth(head);
    const rhs = v.expr && room > 8 ? elide(`  = ${w.text(v.expr)}`, room) : '';
    w.out.push(head + w.st.dim(rhs));
  }
}

/** `name = value` cells packed into rows. */
function grid(w: Writer, cells: readonly string[], indent: number): void {
  if (cells.length === 0) return;
  const cell = maxOf(cells.map(visibleWidth)) + 3;
  const perRow = Math.max(1, Math.floor((w.width - indent + 3) / cell));
  for (let i = 0; i < cells.length; i += perRow) {
    w.out.push(' '.repeat(indent) + cells.slice(i, i + perRow).map((c, j, row) => (j < row.length - 1 ? padEnd(c, cell) : c)).join(''));
  }
}

/** A matrix as a grid when it fits the width, else as `w[1,1] = …` cells under `head`. */
function matrixOrCells(w: Writer, head: string, dims: Shape, names: readonly string[], values: readonly string[], indent: number, style: Style = plain): void {
  const lines = matrixLines(`${' '.repeat(indent)}${head} = `, dims, values);
  if (lines.every((l) => visibleWidth(l) <= w.width)) {
    w.out.push(...lines.map((l) => style(l)));
    return;
  }
  w.out.push(style(`${' '.repeat(indent)}${head} (${dims.join('x')}):`));
  grid(w, names.map((n, k) => `${w.show(n)} = ${values[k]}`), indent + 2);
}

/** `∂E/∂w = [ … ]` and one line on the checks of its entries. */
function renderGradientMatrix(w: Writer, m: GradientMatrix): void {
  const { st } = w;
  matrixOrCells(w, w.partial(m.target, m.wrt), m.dims, m.entries.map((g) => g.wrt), m.entries.map((g) => formatNumber(g.value)), 0, st.bold);
  const failed = m.entries.filter((g) => g.check.verdict === 'fail');
  const unsure = m.entries.filter((g) => g.check.verdict === 'inconclusive');
  const list = (gs: readonly GradientReport[]): string => gs.map((g) => w.show(g.wrt)).join(', ');
  const verdict = failed.length > 0 ? st.red(w.t(msg('report.fd-fail-for', { names: list(failed) })))
    : unsure.length > 0 ? st.yellow(w.t(msg('report.fd-inconclusive-for', { names: list(unsure) })))
    : st.green(w.t(msg('report.fd-pass-all', { count: m.entries.length })));
  w.out.push(...wrapText(w.t(msg('report.fd-matrix', { verdict })), w.width - 2).map((l) => `  ${l}`));
}

function renderGradients(w: Writer, report: Report): void {
  if (report.gradients.length === 0) return;
  const { out, st } = w;
  out.push(st.bold(w.t(report.training ? msg('report.gradients-after', { steps: report.training.steps.at(-1)?.step ?? 0 }) : msg('report.gradients', {}))));
  out.push('');
  report.gradients.forEach((g, i) => {
    if (i > 0) out.push('');
    renderGradient(w, g);
  });
  out.push('');
  for (const m of report.gradientMatrices) {
    renderGradientMatrix(w, m);
    out.push('');
  }
}

interface WholeMatrix {
  readonly name: string;
  readonly dims: Shape;
  readonly values: readonly NamedValue[];
}

const isInput = (v: NamedValue): boolean => v.role !== 'definition';
const isDefinition = (v: NamedValue): boolean => v.role === 'definition' && !v.usesDerivative;
const isUpdate = (v: NamedValue): boolean => v.role === 'definition' && v.usesDerivative;

/** The matrices whose every element is in one group: shown whole, as a grid. */
function wholeMatrices(report: Report, keep: (v: NamedValue) => boolean): WholeMatrix[] {
  const byName = new Map(report.values.map((v) => [v.name, v]));
  return report.matrices.flatMap((m) => {
    const vs = m.elements.map((e) => byName.get(e));
    return vs.every((v) => v !== undefined && keep(v)) ? [{ name: m.name, dims: m.dims, values: vs as NamedValue[] }] : [];
  });
}

function matrixBlock(w: Writer, ms: readonly WholeMatrix[], indent: number): void {
  for (const m of ms) {
    const free = m.values.some((v) => v.role === 'free') ? ' (--at)' : '';
    matrixOrCells(w, w.show(m.name), m.dims, m.values.map((v) => v.name), m.values.map((v) => formatNumber(v.value)), indent);
    if (free) w.out[w.out.length - 1] += free;
  }
}

/** The inputs, the definitions and the updates, each matrix whole where it can be. */
function renderValues(w: Writer, report: Report): void {
  const { out, st, show } = w;
  const inputMatrices = wholeMatrices(report, isInput);
  const definitionMatrices = wholeMatrices(report, isDefinition);
  const updateMatrices = wholeMatrices(report, isUpdate);
  const inGrid = new Set([...inputMatrices, ...definitionMatrices, ...updateMatrices].flatMap((m) => m.values.map((v) => v.name)));
  const inputs = report.values.filter((v) => isInput(v) && !inGrid.has(v.name));
  const definitions = report.values.filter((v) => isDefinition(v) && !inGrid.has(v.name));
  const updates = report.values.filter((v) => isUpdate(v) && !inGrid.has(v.name));

  out.push(st.bold(w.t(msg(report.training ? 'report.values-after' : 'report.values', {}))));
  if (inputs.length > 0 || inputMatrices.length > 0) {
    out.push(`  ${w.t(msg('report.inputs', {}))}`);
    matrixBlock(w, inputMatrices, 4);
    grid(w, inputs.map((v) => `${show(v.name)} = ${formatNumber(v.value)}${v.role === 'free' ? ' (--at)' : ''}`), 4);
  }
  if (definitions.length > 0 || definitionMatrices.length > 0) {
    out.push(`  ${w.t(msg('report.definitions', {}))}`);
    matrixBlock(w, definitionMatrices, 4);
    if (definitions.length > 0) definitionRows(w, definitions, 4);
  }
  if (updates.length > 0 || updateMatrices.length > 0) {
    out.push('');
    out.push(st.bold(w.t(msg('report.updates', {}))));
    matrixBlock(w, updateMatrices, 2);
    const nameWidth = Math.max(0, ...updates.map((v) => visibleWidth(show(v.name))));
    const valueWidth = Math.max(0, ...updates.map((v) => formatNumber(v.value).length));
    for (const v of updates) {
      const head = `  ${padEnd(show(v.name), nameWidth)} = ${padEnd(formatNumber(v.value), valueWidth)}`;
      const rhs = v.expr ? `   (${w.text(v.expr)})` : '';
      out.push(visibleWidth(head + rhs) <= w.width ? head + st.dim(rhs) : head);
    }
  }
}

/** The objective's history and the trained inputs' final values. */
function renderTraining(w: Writer, report: Report): void {
  const t = report.training;
  if (!t) return;
  const { out, st, show } = w;
  const last = t.steps.at(-1)?.step ?? 0;
  out.push('');
  out.push(st.bold(w.t(msg('report.training', { steps: last, objective: show(t.objective) }))));
  const stepWidth = Math.max(4, ...t.steps.map((s) => String(s.step).length));
  const stepLabel = w.t(msg('report.step', {}));
  out.push(`  ${' '.repeat(Math.max(0, stepWidth - visibleWidth(stepLabel)))}${stepLabel}  ${show(t.objective)}`);
  for (const s of t.steps) out.push(`  ${String(s.step).padStart(stepWidth)}  ${formatNumber(s.objective)}`);
  const byName = new Map(report.values.map((v) => [v.name, v.value]));
  out.push('');
  out.push(st.bold(w.t(msg('report.final-values', {}))));
  grid(w, t.rules.map((r) => `${show(r.input)} = ${formatNumber(byName.get(r.input) ?? NaN)}`), 2);
}

/** Renders a report for a terminal. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  if (report.matrix) return matrixTerminal(report.matrix, options.lang ?? 'en');
  const show = (name: string): string => sanitize(report.written.get(name) ?? name);
  const lang = options.lang ?? 'en';
  const w: Writer = {
    out: [],
    width: options.width ?? TERMINAL_WIDTH,
    st: styles(options.color),
    show,
    text: (e) => (tooLargeToPrint(e.size) ? say(msg('report.too-large', { size: e.size }), lang) : sanitize(toText(e))),
    partial: (of, wrt) => `∂${show(of)}/∂${show(wrt)}`,
    t: (m) => say(m, lang),
    lang,
  };
  renderGradients(w, report);
  renderValues(w, report);
  renderTraining(w, report);
  return `${w.out.map((l) => l.trimEnd()).join('\n')}\n`;
}
