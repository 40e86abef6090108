/**
 * The views of a matrix-algebra report (SPEC §12): JSON
 * (`matrixGradients: {E: {W1: {shape, value, expr, latex, ok, check}}}`, a
 * vector's value flat, a matrix's as rows; scalar gradients under
 * `gradients` as §9 has them; `assumes: ["sum(y) = 1"]` on a gradient whose
 * form relies on it, `jacobians: {p: {wrt, shape, expr, latex, value}}` of
 * softmax nodes, matrix-softmax-view.ts) and the terminal's text, which states the
 * layout once, names every shape and shows large matrices by their corner.
 *
 * Invariant: views only format the section; JSON numbers are full double
 * precision (a non-finite number is null), the terminal rounds to nine
 * significant digits.
 */

import { sanitize } from '../errors.ts';
import type { MValue } from '../matrix/evaluate.ts';
import { isScalarShape, jsonShape, shapeLabel } from '../matrix/shape.ts';
import { formatNumber, formatRelError } from './format.ts';
import { latexName } from '../print/latex.ts';
import type { MatrixGradient, MatrixSection } from './model-matrix.ts';
import { chainJson, chainLatexRows, chainLines, compactValue, latexLabel } from './matrix-chain-view.ts';
import { sayShaped } from './model-matrix-chain.ts';
import { msg, say } from '../messages/format.ts';
import type { Language, Message } from '../messages/message.ts';
import { assumptionLines, jacobianLines, jacobiansJson } from './matrix-softmax-view.ts';

const jsonNumber = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** A vector flat, a matrix as rows, a scalar as a number. */
export function valueJson(v: MValue): number | (number | null)[] | (number | null)[][] | null {
  if (v.rows === 1 && v.cols === 1) return jsonNumber(v.data[0]!);
  if (v.cols === 1) return Array.from(v.data, jsonNumber);
  return Array.from({ length: v.rows }, (_, i) => Array.from(v.data.subarray(i * v.cols, (i + 1) * v.cols), jsonNumber));
}

const checkJson = (g: MatrixGradient): Record<string, unknown> =>
  ({ entries: g.check.entries, of: g.check.of, maxRelError: jsonNumber(g.check.maxRelError), verdict: g.check.ok ? 'pass' : 'fail', ok: g.check.ok });

/** The JSON object of a matrix report (§9's fields where they fit, §12's `matrixGradients`). */
export function matrixJson(m: MatrixSection): Record<string, unknown> {
  const show = (n: string): string => m.written.get(n) ?? n;
  const values: Record<string, unknown> = {};
  const shapes: Record<string, number[]> = {};
  const updates: Record<string, unknown> = {};
  for (const v of m.values) {
    if (isScalarShape(v.shape)) values[show(v.name)] = jsonNumber(v.value.data[0]!);
    else shapes[show(v.name)] = jsonShape(v.shape);
    if (v.update) updates[show(v.name)] = valueJson(v.value);
  }
  const gradients: Record<string, Record<string, unknown>> = {};
  const matrixGradients: Record<string, Record<string, unknown>> = {};
  for (const g of m.gradients) {
    const target = show(g.target);
    if (isScalarShape(g.shape)) {
      gradients[target] ??= {};
      const relError = g.check.maxRelError;
      gradients[target]![g.wrt] = {
        value: jsonNumber(g.value.data[0]!), expr: g.text, latex: g.latex, chain: [], matrixChain: chainJson(g.chain, show, valueJson),
        check: { relError: jsonNumber(relError), verdict: g.check.ok ? 'pass' : 'fail', ok: g.check.ok },
      };
    } else {
      matrixGradients[target] ??= {};
      matrixGradients[target]![g.wrt] = {
        shape: jsonShape(g.shape), value: valueJson(g.value), expr: g.text, latex: g.latex, ok: g.check.ok, check: checkJson(g),
        ...(g.deltaText === undefined ? {} : { deltaExpr: g.deltaText, deltaLatex: g.deltaLatex }),
        chain: chainJson(g.chain, show, valueJson),
        ...(g.indexForm === undefined ? {} : { indexForm: g.indexForm }),
        ...(g.assumes ? { assumes: g.assumes } : {}),
      };
    }
  }
  const out: Record<string, unknown> = { values, gradients };
  if (Object.keys(matrixGradients).length > 0) out.matrixGradients = matrixGradients;
  if (m.deltas.length > 0) {
    const deltas: Record<string, Record<string, unknown>> = {};
    for (const d of m.deltas) {
      (deltas[show(d.target)] ??= {})[d.name] = { of: show(d.of), shape: jsonShape(d.shape), expr: d.text, latex: d.latex, ...(d.value ? { value: valueJson(d.value) } : {}) };
    }
    out.deltas = deltas;
  }
  const jacobians = jacobiansJson(m, show, valueJson);
  if (jacobians) out.jacobians = jacobians;
  if (Object.keys(shapes).length > 0) out.shapes = shapes;
  if (Object.keys(updates).length > 0) out.updates = updates;
  if (m.training) {
    out.steps = m.training.steps.map((s) => ({ step: s.step, objective: jsonNumber(s.objective) }));
    out.objective = show(m.training.objective);
  }
  return out;
}

/** The gradients as LaTeX `align*` rows: `\\frac{\\partial E}{\\partial W} &= δ h^\\top`, with the shape. */
export function matrixLatexBody(m: MatrixSection, lang: Language = 'en'): string {
  const rows = m.deltas.map((d) => `${latexName(d.name)} &= ${d.latex} && (${latexLabel(d.shape, lang)})`);
  for (const g of m.gradients) rows.push(...chainLatexRows(g.target, g.chain, lang).filter((r) => !rows.includes(r)));
  for (const g of m.gradients) if (g.indexLatex !== undefined) rows.push(`${g.indexLatex} && \\text{${say(msg('matrix.latex-entry-by-entry', {}), lang)}}`);
  for (const g of m.gradients) rows.push(`\\frac{\\partial ${latexName(g.target)}}{\\partial ${latexName(g.wrt)}} &= ${g.deltaLatex === undefined ? '' : `${g.deltaLatex} = `}${g.latex} && (${latexLabel(g.shape, lang)})`);
  return rows.join(' \\\\\n');
}

/** Most entries a terminal line shows of a vector or a matrix row. */
const SHOWN = 6;

function row(data: Float64Array | number[], from: number, n: number, lang: Language): string {
  const cells: string[] = [];
  for (let k = 0; k < Math.min(n, SHOWN); k++) cells.push(formatNumber(data[from + k]!));
  return `[${cells.join(', ')}${n > SHOWN ? `, ${say(msg('matrix.in-all', { count: n }), lang)}` : ''}]`;
}

/** A value on one or a few lines: a number, a vector, the first rows of a matrix. */
export function valueLines(v: MValue, lang: Language = 'en'): string[] {
  if (v.rows === 1 && v.cols === 1) return [formatNumber(v.data[0]!)];
  if (v.cols === 1) return [row(v.data, 0, v.rows, lang)];
  const lines: string[] = [];
  for (let i = 0; i < Math.min(v.rows, 4); i++) lines.push(row(v.data, i * v.cols, v.cols, lang));
  if (v.rows > 4) lines.push(say(msg('matrix.rows-in-all', { count: v.rows }), lang));
  return lines;
}

/** The terminal text of a matrix report. */
export function matrixTerminal(m: MatrixSection, lang: Language = 'en'): string {
  const show = (n: string): string => sanitize(m.written.get(n) ?? n);
  const t = (m: Message): string => say(m, lang);
  const out: string[] = [];
  if (m.gradients.length > 0) {
    out.push(t(msg('matrix.gradients', {})));
    if (m.deltas.length > 0) {
      out.push('');
      out.push(t(msg('matrix.deltas', {})));
      for (const d of m.deltas) {
        out.push(`  ${sanitize(d.name)} = ${sanitize(d.text)}  (${shapeLabel(d.shape, lang)})`);
        if (d.value) out.push(...compactValue(d.value, lang).map((l, k) => `${k === 0 ? '      = ' : '        '}${l}`));
      }
    }
    for (const g of m.gradients) {
      out.push('');
      out.push(`∂${show(g.target)}/∂${sanitize(g.wrt)}  (${shapeLabel(g.shape, lang)})`);
      out.push(...chainLines(show(g.target), g.chain, show, lang));
      if (g.deltaText !== undefined) out.push(`  = ${sanitize(g.deltaShapedForm && lang !== 'en' ? sayShaped(g.deltaShapedForm, lang) : g.deltaShaped ?? g.deltaText)}`);
      out.push(`  = ${sanitize(g.text)}`);
      if (g.indexForm !== undefined) out.push(`  ${t(msg('matrix.entry-by-entry', { form: sanitize(g.indexForm) }))}`);
      const [first, ...rest] = valueLines(g.value, lang);
      out.push(`  = ${first}`);
      for (const l of rest) out.push(`    ${l}`);
      const verdict = t(msg(g.check.ok ? 'report.fd-pass' : 'report.fd-fail', {}));
      const what = g.check.entries === g.check.of
        ? (g.check.entries === 1 ? t(msg('matrix.check-one', {})) : t(msg('matrix.check-all', { count: g.check.entries })))
        : t(msg('matrix.check-sampled', { count: g.check.entries, of: g.check.of }));
      out.push(`  ${t(msg('matrix.check', { what, error: formatRelError(g.check.maxRelError), verdict }))}`);
      out.push(...assumptionLines(g, lang));
    }
    out.push('');
  }
  out.push(t(msg('report.values', {})));
  for (const v of m.values) {
    const head = `  ${show(v.name)} (${shapeLabel(v.shape, lang)})`;
    const lines = valueLines(v.value, lang);
    const def = v.text === undefined ? '' : ` = ${sanitize(v.text)}`;
    if (lines.length === 1 && head.length + def.length + lines[0]!.length < 100) out.push(`${head}${def}${def ? '  →  ' : ' = '}${lines[0]}`);
    else {
      out.push(`${head}${def}`);
      for (const l of lines) out.push(`      ${l}`);
    }
    out.push(...jacobianLines(v, show, lang));
  }
  if (m.training) {
    const steps = m.training.steps;
    out.push('');
    out.push(t(msg('matrix.training', { count: steps[steps.length - 1]!.step, rules: m.training.rules.map((r) => show(r.rule)).join(', ') })));
    for (const s of steps) out.push(`  ${t(msg('report.step', {}))} ${String(s.step).padStart(6)}  ${show(m.training.objective)} = ${formatNumber(s.objective)}`);
  }
  return `${out.join('\n')}\n`;
}
