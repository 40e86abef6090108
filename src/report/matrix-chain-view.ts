/**
 * The chain of a matrix gradient in the views (SPEC §4, §12): each factor
 * `∂E/∂h  (2) = transpose(W2) (2x2) @ delta_o (2)` with its value, a value
 * small enough shown whole, a larger one by its shape, its norm and its
 * first entries; LaTeX rows and JSON objects of the same.
 *
 * Invariant: views only format the model (model-matrix-chain.ts); numbers
 * in text to nine significant digits, in JSON full precision.
 */

import { sanitize } from '../errors.ts';
import type { MValue } from '../matrix/evaluate.ts';
import { jsonShape, shapeLabel, type MShape } from '../matrix/shape.ts';
import { latexName } from '../print/latex.ts';
import { msg, say } from '../messages/format.ts';
import type { Language } from '../messages/message.ts';
import { formatNumber } from './format.ts';
import { sayShaped, type MatrixChainFactor } from './model-matrix-chain.ts';

/** Largest value shown whole: a vector of 10, a matrix of 4 rows of 6. */
const WHOLE_ROWS = 4;
const WHOLE_COLS = 6;
const VECTOR = 10;
/** Entries a large value shows. */
const FEW = 4;

/** A value on one line or as a few rows; a large one as `64x784, ‖·‖ = 3.2, [a, b, c, d, …]`. */
export function compactValue(v: MValue, lang: Language = 'en'): string[] {
  const n = v.data.length;
  if (n === 1) return [formatNumber(v.data[0]!)];
  const list = (from: number, k: number): string => Array.from(v.data.subarray(from, from + k), (x) => formatNumber(x)).join(', ');
  if (v.cols === 1 && v.rows <= VECTOR) return [`[${list(0, v.rows)}]`];
  if (v.cols > 1 && v.rows <= WHOLE_ROWS && v.cols <= WHOLE_COLS) {
    return Array.from({ length: v.rows }, (_, i) => `[${list(i * v.cols, v.cols)}]`);
  }
  let sq = 0;
  for (let k = 0; k < n; k++) sq += v.data[k]! * v.data[k]!;
  const params = { shape: shapeLabel({ rows: v.rows, cols: v.cols }, lang), norm: formatNumber(Math.sqrt(sq)), first: list(0, Math.min(FEW, v.cols === 1 ? n : v.cols)) };
  return [say(msg(v.cols === 1 ? 'matrix.compact-vector' : 'matrix.compact-matrix', params), lang)];
}

/** The terminal lines of a gradient's chain, indented under the gradient's heading. */
export function chainLines(target: string, chain: readonly MatrixChainFactor[], show: (n: string) => string, lang: Language = 'en'): string[] {
  if (chain.length === 0) return [];
  const out = [`  ${say(msg('matrix.along-graph', {}), lang)}`];
  for (const f of chain) {
    const [first, ...rest] = compactValue(f.value, lang);
    out.push(`    ∂${target}/∂${show(f.node)}  (${shapeLabel(f.shape, lang)})  = ${sanitize(lang === 'en' ? f.shaped : sayShaped(f.shapedForm, lang))}`);
    out.push(`      = ${first}`);
    for (const l of rest) out.push(`        ${l}`);
  }
  return out;
}

/** A shape label inside LaTeX mathematics: English as it always was, another language's word as text. */
export function latexLabel(shape: MShape, lang: Language): string {
  const label = shapeLabel(shape, lang);
  return lang === 'en' || /^[\dx]+$/.test(label) ? label : `\\text{${label}}`;
}

/** LaTeX rows `\frac{∂E}{∂h} &= W_2^\top δ_o && (2)`. */
export function chainLatexRows(target: string, chain: readonly MatrixChainFactor[], lang: Language = 'en'): string[] {
  return chain.map((f) => `\\frac{\\partial ${latexName(target)}}{\\partial ${latexName(f.node)}} &= ${f.latex} && (${latexLabel(f.shape, lang)})`);
}

/** JSON objects of the chain. */
export function chainJson(chain: readonly MatrixChainFactor[], show: (n: string) => string, valueJson: (v: MValue) => unknown): Record<string, unknown>[] {
  return chain.map((f) => ({ node: show(f.node), shape: jsonShape(f.shape), expr: f.text, factors: f.shaped, latex: f.latex, value: valueJson(f.value) }));
}
