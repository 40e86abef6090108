/**
 * Softmax in matrix form (SPEC §12): the adjoint through `s = softmax(z)`
 * in the form people write, and its Jacobian `diag(s) − s sᵀ`.
 *
 * The adjoint of z is `s ⊙ (G − sᵀG)` for the adjoint G of s. Under the
 * cross-entropy `L = −sum(y ⊙ log(s))`, G is `−y / s` (times a scalar, for
 * a mean or a weight), and the product folds: `s ⊙ G = −y`, `sᵀG = −sum(y)`,
 * so ∂L/∂z = `sum(y)·s − y`; when y is fixed by the file and its entries add
 * up to 1 (a one-hot label, a probability vector), that is `s − y`, under
 * the condition `sum(y) = 1`, which is reported.
 *
 * Invariant: every form returned equals `s ⊙ (G − sᵀG)` for softmax's
 * `s > 0`, whatever y is; only the `s − y` form needs the condition, and it
 * is used only when the file fixes y's sum to 1 (to 1e-12).
 */

import { madd, matmul, mdiv, mmul, mneg, mnum, mop, msub, transpose, type MExpr } from './node.ts';
import { isScalarShape, sameMShape } from './shape.ts';

/** What the sweep may ask about a vector: the sum of its entries when the file fixes them, else undefined. */
export type FixedSum = (e: MExpr) => number | undefined;

/** An adjoint through softmax; `assumed` is the y whose `sum(y) = 1` the form relies on. */
export interface SoftmaxAdjoint {
  readonly expr: MExpr;
  readonly assumed?: MExpr;
}

/** A scalar factor in front: `k*x` gives k and x. */
function scalarFactor(e: MExpr): { k?: MExpr; rest: MExpr } {
  return e.kind === 'mul' && isScalarShape(e.a.shape) && !isScalarShape(e.b.shape) ? { k: e.a, rest: e.b } : { rest: e };
}

/** G as `±k · (y / s)` (k a scalar, in front of the quotient or of y): the adjoint the cross-entropy sends to s. */
function crossEntropyParts(G: MExpr, s: MExpr): { y: MExpr; k?: MExpr; negative: boolean } | undefined {
  let negative = G.kind === 'neg';
  const outer = scalarFactor(negative && G.kind === 'neg' ? G.a : G);
  const q = outer.rest;
  if (q.kind !== 'div' || q.b !== s) return undefined;
  const inner = scalarFactor(q.a);
  if (!sameMShape(inner.rest.shape, s.shape)) return undefined;
  let k = outer.k === undefined ? inner.k : inner.k === undefined ? outer.k : mmul(outer.k, inner.k);
  // A negative number in front is the sign: −(1/3)·(y/s) for −mean(y ⊙ log s).
  if (k !== undefined && k.kind === 'num' && k.value < 0) {
    negative = !negative;
    k = k.value === -1 ? undefined : mnum(-k.value);
  }
  return k === undefined ? { y: inner.rest, negative } : { y: inner.rest, k, negative };
}

/** The adjoint of z for `s = softmax(z)` (s the named node) and the adjoint G of s. */
export function softmaxAdjoint(s: MExpr, G: MExpr, fixedSum?: FixedSum): SoftmaxAdjoint {
  const parts = crossEntropyParts(G, s);
  if (parts === undefined) return { expr: mmul(s, madd(G, mneg(matmul(transpose(s), G)))) };
  const { y, k, negative } = parts;
  const total = fixedSum?.(y);
  const one = total !== undefined && Math.abs(total - 1) <= 1e-12;
  // ±k·(y − sum(y)·s): for the usual −sum(y ⊙ log s), sum(y)·s − y, or s − y.
  const spread = one ? s : mmul(mop('sum', y), s);
  let expr = negative ? msub(spread, y) : msub(y, spread);
  if (k !== undefined) {
    // (p - y)/3 for a mean over 3 entries, as a person writes it.
    const inverse = k.kind === 'num' ? 1 / k.value : NaN;
    expr = Number.isInteger(inverse) ? mdiv(expr, mnum(inverse)) : mmul(k, expr);
  }
  return one ? { expr, assumed: y } : { expr };
}

/** ∂s/∂z for `s = softmax(z)`: `diag(s) − s sᵀ`, symmetric, each row summing to 0. */
export function softmaxJacobian(s: MExpr): MExpr {
  return msub(mop('diag', s), matmul(s, transpose(s)));
}
