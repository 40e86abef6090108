/**
 * A gradient-descent update `W - s*G` (s a scalar) evaluated in one pass
 * with one new array, instead of `s*G` and then the difference: on a
 * 128x784 layer each of those is an 800 KB array allocated, filled and
 * collected every training step. When G is an outer product `u @ transpose(v)`
 * (the gradient of a layer's weights, δ xᵀ), G itself is never built: each
 * entry is `W[i,j] - s*u[i]*v[j]`.
 *
 * Only when the intermediate values are not wanted elsewhere (not in the
 * memo): the report's own gradient values are computed the ordinary way.
 */

import type { MExpr } from './node.ts';
import type { MValue } from './value.ts';

const isScalar = (e: MExpr): boolean => e.shape.rows === 1 && e.shape.cols === 1;

/** `a - t` for t = s*G in one pass, or undefined when the expression is not of that form. */
export function fusedStep(a: MExpr, t: MExpr, ev: (x: MExpr) => MValue, memo: ReadonlyMap<MExpr, MValue>): MValue | undefined {
  if (t.kind !== 'mul' || memo.has(t)) return undefined;
  const [s, g] = isScalar(t.a) && !isScalar(t.b) ? [t.a, t.b] : isScalar(t.b) && !isScalar(t.a) ? [t.b, t.a] : [undefined, undefined];
  if (s === undefined || g === undefined) return undefined;
  const { rows, cols } = g.shape;
  if (a.shape.rows !== rows || a.shape.cols !== cols) return undefined;
  const base = ev(a).data;
  const scale = ev(s).data[0]!;
  const out = new Float64Array(rows * cols);
  if (g.kind === 'matmul' && g.b.kind === 'transpose' && g.a.shape.cols === 1 && g.b.a.shape.cols === 1 && !memo.has(g)) {
    const u = ev(g.a).data;
    const v = ev(g.b.a).data;
    for (let i = 0; i < rows; i++) {
      const su = scale * u[i]!;
      const o = i * cols;
      for (let j = 0; j < cols; j++) out[o + j] = base[o + j]! - su * v[j]!;
    }
    return { rows, cols, data: out };
  }
  const gd = ev(g).data;
  if (gd.length !== rows * cols) return undefined;
  for (let k = 0; k < out.length; k++) out[k] = base[k]! - scale * gd[k]!;
  return { rows, cols, data: out };
}
