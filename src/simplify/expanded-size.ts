/**
 * The size `expand` would give, found without building the expansion: the
 * simplifier's expand-if-smaller trial asks at every sum whether expanding
 * makes it smaller, which it almost never does, and building each expansion
 * (interning every monomial and every sum of them, sorting, keying) was most
 * of the time of simplifying a large polynomial or rational tree.
 *
 * The expansion is followed here case by case as `expand` makes it (its
 * term limit, what it leaves alone), on monomials (monomials.ts). Where the
 * constructors would do something the monomials cannot mirror, that one
 * node is expanded for real and read back; where even that cannot be read,
 * the answer is "unknown" and the caller runs the real trial.
 */

import type { Expr } from '../expr/node.ts';
import { pow } from '../expr/canonical.ts';
import * as Q from '../expr/rational.ts';
import { expand, MAX_EXPANDED_TERMS, MAX_EXPANDED_POWER } from './expand.ts';
import { build, collect, type Monomial, type Poly, polySize, powerOfSum, product, read, samePoly, UNIT } from './monomials.ts';

/** Expansions by node id, for the life of the process (nodes are immutable); null where unknown. */
const FAST = new Map<number, Poly | null>();

/**
 * A factor whose expansion is a small power of a sum, (a + b)^n, is
 * multiplied out by `expand` as n copies of the sum: those copies (the
 * sum's own terms read), or undefined for any other factor.
 */
function sumCopies(p: Poly): (Poly | undefined)[] | undefined {
  const m = p.length === 1 ? p[0]! : undefined;
  const a = m !== undefined && m.atoms.length === 1 && Q.isOne(m.coef) ? m.atoms[0]! : undefined;
  if (a === undefined || a.base.kind !== 'sum' || a.exp < 2 || a.exp > MAX_EXPANDED_POWER) return undefined;
  return Array<Poly | undefined>(a.exp).fill(a.base.poly);
}

/** How many operands `distribute` sees for a factor whose expansion is `p`. */
const partsOf = (p: Poly): number => (p.length >= 2 ? p.length : 1);

/** The expansion of `e` as monomials, following `expand` case by case; undefined where unknown. */
export function expansion(e: Expr): Poly | undefined {
  const hit = FAST.get(e.id);
  if (hit !== undefined) return hit ?? undefined;
  const out = expansionNode(e) ?? read(expand(e));
  FAST.set(e.id, out ?? null);
  return out;
}

function expansionNode(e: Expr): Poly | undefined {
  switch (e.kind) {
    case 'num':
    case 'sym':
    case 'call':
      return read(e);
    case 'add': {
      const all: Monomial[] = [];
      for (const t of e.terms) {
        const p = expansion(t);
        if (p === undefined) return undefined;
        all.push(...p);
      }
      return collect(all);
    }
    case 'mul': {
      let acc: Poly = [UNIT];
      let parts = 1;
      for (const f of e.factors) {
        const p = expansion(f);
        if (p === undefined) return undefined;
        for (const q of sumCopies(p) ?? [p]) {
          if (q === undefined) return undefined;
          parts *= partsOf(q);
          // Past the term limit `expand` leaves the product as it is.
          if (parts > MAX_EXPANDED_TERMS) return read(e);
          const next = product(acc, q);
          if (next === undefined) return undefined;
          acc = next;
        }
      }
      return acc;
    }
    case 'pow': {
      if (e.exp.kind !== 'num' || !Q.isInteger(e.exp.value)) return undefined;
      const n = Number(e.exp.value.num);
      if (e.base.kind === 'add') {
        const base = expansion(e.base);
        if (base === undefined) return undefined;
        // What `expand` leaves a power (its base expanded): built from the
        // monomials, which costs one sum, not the expansion's every step.
        if (n < 2 || n > MAX_EXPANDED_POWER || partsOf(base) ** n > MAX_EXPANDED_TERMS) {
          // A sum that expands to itself leaves the power as it is.
          const own = read(e.base);
          if (own !== undefined && samePoly(own, base)) return read(e);
          return powerOfSum(base, n) ?? read(pow(build(base), e.exp));
        }
        let acc = base;
        for (let k = 1; k < n; k++) {
          const next = product(acc, base);
          if (next === undefined) return undefined;
          acc = next;
        }
        return acc;
      }
      return e.base.kind === 'sym' || e.base.kind === 'call' ? read(e) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The size of `expand(e)`, or undefined when it is not known without
 * building it, or when factor-common could still shrink the expansion
 * (every monomial shares a power): the trial must then be run for real.
 */
export function expandedSize(e: Expr): number | undefined {
  const p = expansion(e);
  if (p === undefined) return undefined;
  if (p.length >= 2) {
    for (const a of p[0]!.atoms) {
      if (p.every((m) => m.atoms.some((b) => b.base === a.base && b.exp === a.exp))) return undefined;
    }
  }
  return polySize(p);
}

/** The expansion built from its monomials (for tests: it must be `expand`'s node). */
export function expandedNode(e: Expr): Expr | undefined {
  const p = expansion(e);
  return p && build(p);
}
