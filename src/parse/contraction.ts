/**
 * The notes' contraction (SPEC §5, §7): a scalar claimed equal to a product
 * of two matrices of one shape, `\frac{\partial E}{\partial w_{11}} =
 * \frac{\partial E}{\partial net} \frac{\partial net}{\partial w_{11}}`, is
 * what lecture notes mean by the chain rule through a matrix: the sum of the
 * entry-wise products (the Frobenius product, Σ_ij ∂E/∂net_ij ∂net_ij/∂w11).
 * Such a claim is read so, and its verdict says it was.
 *
 * Invariant: only a product of exactly two factors, both matrices of one
 * shape, written side by side or with `\cdot`, is read as a contraction;
 * anything else keeps the shape rules of §7 and §12.
 */

import { add } from '../expr/canonical.ts';
import { isMatrix, sameShape, type Value } from '../expr/indexed.ts';
import type { Syntax } from './syntax.ts';

/** Whether a side is a product of two matrices of one shape; `lower` gives a factor's value. */
export function isContraction(side: Syntax, lower: (s: Syntax) => Value): boolean {
  const s = side.kind === 'group' ? side.inner : side;
  if (s.kind !== 'binary' || s.op !== '*' || s.product !== 'matrix') return false;
  try {
    const a = lower(s.left);
    const b = lower(s.right);
    return isMatrix(a) && isMatrix(b) && sameShape(a.dims, b.dims) && a.entries.length > 1;
  } catch {
    return false;
  }
}

/** The sum of a matrix's entries: the contraction, as the entry-wise products were already taken. */
export function contracted(v: Value): Value {
  return isMatrix(v) ? add(...v.entries) : v;
}
