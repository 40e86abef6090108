/**
 * Polynomials in one symbol, for cancelling a common factor of a quotient:
 * (x² − 1)/(x − 1) = x + 1. A polynomial is its list of coefficients by
 * degree, each an expression free of the symbol and expanded, so that a
 * zero coefficient is the node 0. Only a sum of monomials with non-negative
 * integer powers of the symbol (after expansion) is a polynomial here, of
 * degree at most MAX_DEGREE: the rule that uses these is a size-gated trial
 * and must stay cheap.
 */

import { type Expr, num, type Sym, ZERO } from '../expr/node.ts';
import { add, mul, pow, sub } from '../expr/canonical.ts';
import { freeSymbols } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';
import { expand } from './expand.ts';

/** Highest degree treated as a polynomial. */
export const MAX_DEGREE = 12;

/** Coefficients by degree, the last one non-zero (the zero polynomial is empty). */
export type Poly = readonly Expr[];

const trim = (p: Expr[]): Expr[] => {
  while (p.length > 0 && p[p.length - 1] === ZERO) p.pop();
  return p;
};

/** The degree of x in a factor, 0 when the factor is free of x, undefined when it is not a power of x. */
function degreeIn(f: Expr, x: Sym): number | undefined {
  if (f === x) return 1;
  if (f.kind === 'pow' && f.base === x && f.exp.kind === 'num' && Q.isInteger(f.exp.value) && !Q.isNegative(f.exp.value)) {
    return Number(f.exp.value.num);
  }
  return freeSymbols(f).includes(x) ? undefined : 0;
}

/** `e` as a polynomial in x, or undefined when it is not one. */
export function toPoly(e: Expr, x: Sym): Poly | undefined {
  const expanded = expand(e);
  const byDegree: Expr[][] = [];
  for (const t of expanded.kind === 'add' ? expanded.terms : [expanded]) {
    let degree = 0;
    const rest: Expr[] = [];
    for (const f of t.kind === 'mul' ? t.factors : [t]) {
      const d = degreeIn(f, x);
      if (d === undefined) return undefined;
      degree += d;
      if (d === 0) rest.push(f);
    }
    if (degree > MAX_DEGREE) return undefined;
    (byDegree[degree] ??= []).push(mul(...rest));
  }
  return trim(Array.from({ length: byDegree.length }, (_, d) => add(...(byDegree[d] ?? []))));
}

/**
 * Whether `e` is a polynomial in x of degree at least 1 with a number
 * leading it: what toPoly would give a divisor that long division can use,
 * found without building a coefficient. Two terms of the expanded sum never
 * share a power of x and a number rest (the sum collected them), so the
 * leading coefficient is a number exactly when every top-degree term is a
 * number times the power.
 */
export function hasNumberLead(e: Expr, x: Sym): boolean {
  const expanded = expand(e);
  let top = 0;
  let topIsNumber = false;
  for (const t of expanded.kind === 'add' ? expanded.terms : [expanded]) {
    let degree = 0;
    let isNumber = true;
    for (const f of t.kind === 'mul' ? t.factors : [t]) {
      const d = degreeIn(f, x);
      if (d === undefined) return false;
      degree += d;
      if (d === 0 && f.kind !== 'num') isNumber = false;
    }
    if (degree > MAX_DEGREE) return false;
    if (degree > top) {
      top = degree;
      topIsNumber = isNumber;
    } else if (degree === top) topIsNumber &&= isNumber;
  }
  return top >= 1 && topIsNumber;
}

export function fromPoly(p: Poly, x: Sym): Expr {
  return add(...p.map((c, d) => mul(c, pow(x, num(d)))));
}

/**
 * n = q·d + r by long division, for a divisor whose leading coefficient is a
 * number (so every step divides exactly); undefined otherwise.
 */
export function divide(n: Poly, d: Poly): { readonly quotient: Poly; readonly remainder: Poly } | undefined {
  const lead = d[d.length - 1];
  if (lead === undefined || lead.kind !== 'num') return undefined;
  const inverse = num(Q.div(Q.ONE, lead.value));
  const r = [...n];
  const q: Expr[] = Array<Expr>(Math.max(0, n.length - d.length + 1)).fill(ZERO);
  for (let k = n.length - d.length; k >= 0; k--) {
    const c = expand(mul(r[k + d.length - 1]!, inverse));
    q[k] = c;
    for (let j = 0; j < d.length; j++) r[k + j] = expand(sub(r[k + j]!, mul(c, d[j]!)));
  }
  return { quotient: trim(q), remainder: trim(r) };
}

const isNumeric = (p: Poly): boolean => p.every((c) => c.kind === 'num');

/**
 * The monic greatest common divisor of two polynomials with number
 * coefficients (Euclid's algorithm), or undefined when a coefficient is not
 * a number or the divisor is a constant.
 */
export function commonFactor(a: Poly, b: Poly): Poly | undefined {
  if (!isNumeric(a) || !isNumeric(b)) return undefined;
  let [u, v] = a.length >= b.length ? [a, b] : [b, a];
  while (v.length > 0) {
    const step = divide(u, v);
    if (step === undefined) return undefined;
    [u, v] = [v, step.remainder];
  }
  if (u.length < 2) return undefined;
  return divide(u, [u[u.length - 1]!])!.quotient;
}
