/**
 * Cheap filters before cancel-common-factor's polynomial work: read from
 * an expansion's monomials (expanded-size.ts), without building
 * coefficients, whether the denominator can be a divisor in x at all, and
 * whether it can divide the numerator. Both answer "may" wherever they
 * cannot tell, so the rule then does its real work and its results never
 * change; they only spare it the quotients where it must fail.
 */

import { type Expr, ZERO } from '../expr/node.ts';
import * as Q from '../expr/rational.ts';
import { expansion } from './expanded-size.ts';
import { build, type Monomial, namesOf } from './monomials.ts';
import { MAX_DEGREE } from './polynomial.ts';


/** A prime below 2^25: products of two residues stay exact in a double. */
const PRIME = 33554393;

const modMul = (a: number, b: number): number => (a * b) % PRIME;

function modPow(a: number, n: number): number {
  let result = 1;
  let base = a % PRIME;
  for (let k = Math.abs(n); k > 0; k >>= 1) {
    if (k & 1) result = modMul(result, base);
    base = modMul(base, base);
  }
  return n < 0 ? modInverse(result) : result;
}

/** The inverse modulo PRIME of a residue that is not 0. */
const modInverse = (a: number): number => modPow(a, PRIME - 2);

/** A rational modulo PRIME, or undefined when its denominator is a multiple of it. */
function modOf(q: Q.Rational): number | undefined {
  const den = residue(q.den);
  if (den === 0) return undefined;
  return modMul(residue(q.num), modInverse(den));
}

const BIG_PRIME = BigInt(PRIME);

/** A bigint's residue modulo PRIME, in Number arithmetic when it is small. */
function residue(n: bigint): number {
  if (n > -9_007_199_254_740_991n && n < 9_007_199_254_740_991n) {
    const r = Number(n) % PRIME;
    return r < 0 ? r + PRIME : r;
  }
  return Number(((n % BIG_PRIME) + BIG_PRIME) % BIG_PRIME);
}

/**
 * The degree of x in a monomial, or false where the monomial is no term of
 * a polynomial in x as toPoly reads one: x in a denominator, x inside
 * another atom (a call, a sum left whole), or a degree above MAX_DEGREE.
 */
function degreeIn(m: Monomial, x: Expr): number | false {
  let degree = 0;
  for (const a of m.atoms) {
    if (a.base.node === x) {
      if (a.exp < 0) return false;
      degree += a.exp;
    } else if (a.base.kind !== 'sym' && namesOf(a.base).has(x)) return false;
  }
  return degree > MAX_DEGREE ? false : degree;
}

/**
 * `e` expanded, as coefficients by degree in x modulo PRIME, every atom
 * other than x given a fixed value of its own (by its id); undefined where
 * the expansion or a value is unknown, and `false` where it is not a
 * polynomial in x as toPoly reads one. `univariate` says whether no other
 * atom occurred.
 */
function valuedPoly(e: Expr, x: Expr): { coefs: number[]; univariate: boolean } | false | undefined {
  const p = expansion(e);
  if (p === undefined) return undefined;
  const coefs: number[] = [];
  let univariate = true;
  for (const m of p) {
    let value = modOf(m.coef);
    if (value === undefined) return undefined;
    const degree = degreeIn(m, x);
    if (degree === false) return false;
    for (const a of m.atoms) {
      if (a.base.node === x) continue;
      univariate = false;
      value = modMul(value, modPow(2 + ((a.base.id * 7919) % 100_003), a.exp));
    }
    while (coefs.length <= degree) coefs.push(0);
    coefs[degree] = (coefs[degree]! + value) % PRIME;
  }
  return { coefs, univariate };
}

/**
 * hasNumberLead (polynomial.ts) read from the monomials, without building
 * the expansion; undefined where the expansion is unknown.
 */
export function numberLeads(e: Expr, x: Expr): boolean | undefined {
  const p = expansion(e);
  if (p === undefined) return undefined;
  let top = 0;
  let topIsNumber = false;
  for (const m of p) {
    const degree = degreeIn(m, x);
    if (degree === false) return false;
    const isNumber = m.atoms.every((a) => a.base.node === x);
    if (degree > top) {
      top = degree;
      topIsNumber = isNumber;
    } else if (degree === top) topIsNumber &&= isNumber;
  }
  return top >= 1 && topIsNumber;
}

/**
 * Whether n may be a multiple of d modulo PRIME (d's leading coefficient
 * is a number, not 0). A remainder that is not 0 modulo PRIME is not 0.
 */
function mayDivide(d: readonly number[], n: readonly number[]): boolean {
  // A leading number that is a multiple of PRIME: nothing can be said.
  const top = d.length - 1;
  if (top < 0 || d[top] === 0) return true;
  const inverse = modInverse(d[top]!);
  const r = [...n];
  for (let k = r.length - 1; k >= top; k--) {
    if (r[k] === 0) continue;
    const c = modMul(r[k]!, inverse);
    for (let j = 0; j <= top; j++) r[k - top + j] = (r[k - top + j]! - modMul(c, d[j]!) + PRIME) % PRIME;
  }
  return r.every((c) => c === 0);
}

/**
 * False when the quotient numerator/denominator can have no polynomial
 * factor in x to cancel, as cancel-common-factor looks for one: the
 * numerator is no polynomial in x, or one side has other names (so only a
 * divisor of the whole numerator counts) and the denominator does not
 * divide the numerator with the other atoms given numbers (if it divided
 * as expressions it would divide for every value). True where it may:
 * the rule then does its real work.
 */
export function mayCancelIn(numerator: Expr, denominator: Expr, x: Expr): boolean {
  const n = valuedPoly(numerator, x);
  if (n === false) return false;
  const d = valuedPoly(denominator, x);
  if (n === undefined || d === undefined || d === false) return true;
  if (n.univariate && d.univariate) return true;
  return mayDivide(d.coefs, n.coefs);
}

/**
 * toPoly (polynomial.ts) read from the monomials: the coefficients by
 * degree in x, each the sum of its monomials without x built as `expand`
 * would; `false` where toPoly finds no polynomial, undefined where the
 * expansion is unknown (toPoly must then be asked).
 */
export function coefficientsIn(e: Expr, x: Expr): Expr[] | false | undefined {
  const p = expansion(e);
  if (p === undefined) return undefined;
  const byDegree: Monomial[][] = [];
  for (const m of p) {
    const degree = degreeIn(m, x);
    if (degree === false) return false;
    (byDegree[degree] ??= []).push({ coef: m.coef, atoms: m.atoms.filter((a) => a.base.node !== x), key: '' });
  }
  const coefficients = Array.from({ length: byDegree.length }, (_, d) => build(byDegree[d] ?? []));
  while (coefficients.length > 0 && coefficients[coefficients.length - 1] === ZERO) coefficients.pop();
  return coefficients;
}
