/**
 * The softmax lines of a matrix report (SPEC §12): the condition a
 * gradient's form relies on (`p - y` needs `sum(y) = 1`) and the Jacobian
 * `diag(p) - p @ transpose(p)` of a node `p = softmax(z)`, in the terminal
 * and in JSON. Kept apart from matrix-view.ts, which calls these in one
 * line each.
 *
 * Invariant: views only format the section; a condition is printed with
 * every gradient whose form uses it.
 */

import { sanitize } from '../errors.ts';
import { jsonShape, shapeLabel } from '../matrix/shape.ts';
import type { MatrixGradient, MatrixNamedValue, MatrixSection } from './model-matrix.ts';
import type { MValue } from '../matrix/evaluate.ts';
import { msg, say } from '../messages/format.ts';
import type { Language } from '../messages/message.ts';

/** `  assumes sum(y) = 1: …` under a gradient. */
export function assumptionLines(g: MatrixGradient, lang: Language = 'en'): string[] {
  return (g.assumes ?? []).map((a) => `  ${say(msg('matrix.assumes', { condition: sanitize(a), fn: 'softmax' }), lang)}`);
}

/** `      ∂p/∂z = diag(p) - p @ transpose(p)  (10x10)` under a softmax node's value. */
export function jacobianLines(v: MatrixNamedValue, show: (n: string) => string, lang: Language = 'en'): string[] {
  if (!v.jacobian) return [];
  return [`      ${say(msg('matrix.jacobian', {}), lang)} ∂${show(v.name)}/∂(${sanitize(v.jacobian.wrt)}) = ${sanitize(v.jacobian.text)}  (${shapeLabel({ rows: v.shape.rows, cols: v.shape.rows }, lang)})`];
}

/** JSON: `jacobians: {p: {wrt, shape, expr, latex, value}}`, when the file has a softmax node. */
export function jacobiansJson(m: MatrixSection, show: (n: string) => string, valueJson: (v: MValue) => unknown): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const v of m.values) {
    if (!v.jacobian) continue;
    const j = v.jacobian;
    out[show(v.name)] = { wrt: j.wrt, shape: jsonShape({ rows: j.value.rows, cols: j.value.cols }), expr: j.text, latex: j.latex, value: valueJson(j.value) };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
