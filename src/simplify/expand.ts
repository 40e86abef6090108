/**
 * Expansion: products distributed over sums, small positive integer powers
 * of sums multiplied out, so that like terms can meet and cancel. Used by
 * the simplifier only where the result is smaller, and by zero-testing.
 * Bounded: a product that would expand into more than MAX_EXPANDED_TERMS
 * terms is left as it is.
 */

import { type Expr, num } from '../expr/node.ts';
import { add, mul, pow } from '../expr/canonical.ts';
import * as Q from '../expr/rational.ts';

/** Most terms one expansion may produce. */
export const MAX_EXPANDED_TERMS = 64;
/** Largest integer power of a sum that is multiplied out. */
export const MAX_EXPANDED_POWER = 4;

/** The terms of a product of sums, distributed; undefined past the term limit. */
function distribute(factors: readonly Expr[]): Expr[] | undefined {
  let terms: Expr[] = [num(1)];
  for (const f of factors) {
    const parts = f.kind === 'add' ? f.terms : [f];
    if (terms.length * parts.length > MAX_EXPANDED_TERMS) return undefined;
    terms = terms.flatMap((t) => parts.map((p) => mul(t, p)));
  }
  return terms;
}

/**
 * Expanded forms by node id, for the life of the process: nodes are
 * immutable, so an expansion never changes, and the simplifier's trials ask
 * for the expansion of each subexpression again at every node above it (a
 * quotient's numerator, a sum's terms). Remembered, a 1,000-leaf rational
 * tree costs each subexpression's expansion once, not once per ancestor.
 */
const EXPANDED = new Map<number, Expr>();

/**
 * Expand `e` completely (within the limits); returns `e` itself when nothing
 * expands. Memoised by node, so a shared subexpression (and a chain of powers
 * of sums, `((x + 1)^2 + 2)^2…`) is expanded once: linear in the DAG, not
 * exponential in its depth.
 */
export function expand(e: Expr): Expr {
  const go = (x: Expr): Expr => {
    const hit = EXPANDED.get(x.id);
    if (hit) return hit;
    const out = expandNode(x, go);
    EXPANDED.set(x.id, out);
    return out;
  };
  return go(e);
}

function expandNode(e: Expr, expand: (x: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'add':
      return add(...e.terms.map(expand));
    case 'mul': {
      const factors = e.factors.map(expand).flatMap((f) => {
        // (a + b)^n for small n: n copies to distribute.
        if (f.kind === 'pow' && f.base.kind === 'add' && f.exp.kind === 'num' && Q.isInteger(f.exp.value)) {
          const n = Number(f.exp.value.num);
          if (n >= 2 && n <= MAX_EXPANDED_POWER) return Array<Expr>(n).fill(f.base);
        }
        return [f];
      });
      const terms = distribute(factors);
      return terms ? add(...terms) : e;
    }
    case 'pow': {
      const base = expand(e.base);
      if (e.base.kind === 'add' && e.exp.kind === 'num' && Q.isInteger(e.exp.value)) {
        const n = Number(e.exp.value.num);
        if (n >= 2 && n <= MAX_EXPANDED_POWER) {
          const terms = distribute(Array<Expr>(n).fill(base));
          if (terms) return add(...terms);
        }
      }
      return pow(base, e.exp);
    }
    default:
      return e;
  }
}
