/**
 * A number taken out of a root: √(2x/3) = √6/3·√x, so that the √x meets
 * the x beside it (x/√(2x/3) = √6/2·√x) and like terms meet across a sum.
 * SymPy splits roots this way; nabla keeps the root whole unless the split
 * makes the sum or product smaller.
 *
 * Invariants:
 * - the number left under a root is a positive integer with no factor
 *   p^d (d the root's degree) for p up to MAX_TRIAL_PRIME, with the exponent
 *   1/d: one spelling per radical, so √6·√x/8 and √6·√x/12 are like terms;
 * - the rule is size-gated like the trial expansions of rules.ts: it fires
 *   only when the whole node gets smaller, so it cannot undo another rule.
 */

import { type Expr, num } from '../expr/node.ts';
import { add, mul, pow } from '../expr/canonical.ts';
import * as Q from '../expr/rational.ts';
import type { Rule } from './rule.ts';

/** Nodes above which the split is not tried (it rebuilds the node once). */
const MAX_SPLIT_SIZE = 400;
/** Largest root degree split, and largest integer under it (trial division stays cheap). */
const MAX_DEGREE = 16n;
const MAX_RADICAND = 1n << 53n;
/** Primes up to here are divided out of a radicand as perfect powers. */
const MAX_TRIAL_PRIME = 1000n;

/**
 * c^(n/d) for a positive rational c = a/b, as r·t^(1/d) with r rational and
 * t a positive integer: c^(n/d) = c^k·c^(m/d) with n = k·d + m, 0 < m < d,
 * and c^(m/d) = (a^m·b^(d−m))^(1/d)/b. Undefined past the size bounds.
 */
export function splitRadical(c: Q.Rational, q: Q.Rational): [Q.Rational, bigint, bigint] | undefined {
  const d = q.den;
  if (c.num <= 0n || d === 1n || d > MAX_DEGREE) return undefined;
  const m = ((q.num % d) + d) % d;
  const k = (q.num - m) / d;
  const whole = Q.powInt(c, k);
  if (whole === undefined) return undefined;
  let t = c.num ** m * c.den ** (d - m);
  if (t > MAX_RADICAND) return undefined;
  let out = 1n;
  for (let p = 2n; p <= MAX_TRIAL_PRIME && p ** d <= t; p++) {
    while (t % p ** d === 0n) {
      t /= p ** d;
      out *= p;
    }
  }
  return [Q.mul(whole, Q.rational(out, c.den)), t, d];
}

/** (c·u)^q = c^q·u^q for a number c > 0 and q not an integer, c^q split as above; undefined where that does not apply. */
function splitPower(e: Expr): Expr | undefined {
  if (e.kind !== 'pow' || e.exp.kind !== 'num' || Q.isInteger(e.exp.value)) return undefined;
  const q = e.exp.value;
  const base = e.base;
  const first = base.kind === 'mul' ? base.factors[0]! : base;
  if (first.kind !== 'num') return undefined;
  const c = first.value;
  const rest = base.kind === 'mul' ? mul(...base.factors.slice(1)) : num(Q.ONE);
  const split = splitRadical(c, q);
  if (split === undefined) return undefined;
  const [r, t, d] = split;
  // Already r·t^(1/d) (a radical in its one spelling): nothing to take out.
  if (base.kind === 'num' && Q.isOne(r) && t === c.num && c.den === 1n && q.num === 1n) return undefined;
  return mul(num(r), pow(num(Q.rational(t)), num(Q.rational(1n, d))), pow(rest, e.exp));
}

/** A factor with every numeric root split out of it, or undefined when it has none. */
function splitFactor(f: Expr): Expr | undefined {
  if (f.kind !== 'mul') return splitPower(f);
  let changed = false;
  const factors = f.factors.map((g) => {
    const s = splitPower(g);
    if (s !== undefined) changed = true;
    return s ?? g;
  });
  return changed ? mul(...factors) : undefined;
}

export const ROOT_RULE: Rule = {
  // (c·u)^q = c^q·u^q for a number c > 0 (both sides real exactly when u ≥ 0 or q is an integer),
  // kept only when the sum or product it is in gets smaller: x/√(2x/3) = √6·√x/2
  name: 'number-out-of-root',
  apply: (e) => {
    if ((e.kind !== 'add' && e.kind !== 'mul') || e.size > MAX_SPLIT_SIZE) return undefined;
    const parts = e.kind === 'add' ? e.terms : e.factors;
    let changed = false;
    const split = parts.map((p) => {
      const s = splitFactor(p);
      if (s !== undefined) changed = true;
      return s ?? p;
    });
    if (!changed) return undefined;
    const candidate = e.kind === 'add' ? add(...split) : mul(...split);
    return candidate.size < e.size ? candidate : undefined;
  },
};
