/**
 * The one precedence table of the printers, and the logic both printers
 * share to turn canonical forms back into what people write: a product
 * split into sign, numerator and denominator; the terms of a sum ordered so
 * it does not open with a minus; `x^(1/2)` seen as a square root. text.ts
 * and latex.ts only spell the result.
 *
 * Invariant: every layout chosen here reads back, through the grammar of
 * SPEC §2 (left-associative `*` and `/`, unary minus tighter than `*` and
 * looser than `^`), to the same interned node. That holds because the
 * constructors take the numeric content out of a sum among other factors:
 * `3*(a + b)/y`, read left to right, first distributes the 3 and then takes
 * it out again, giving the node that was printed.
 *
 * Printing is a bottom-up fold over the DAG (`foldExpr`): no recursion, so
 * a 10,000-deep expression prints, and a shared node is rendered once.
 */

import type { Expr } from '../expr/node.ts';
import { children } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';
import type { Rational } from '../expr/rational.ts';
import { NablaError } from '../errors.ts';
import { msg } from '../messages/format.ts';

/**
 * How tightly a rendered piece holds together, loosest first. An operand
 * whose precedence is below what its position needs gets brackets.
 */
export const PREC = {
  /** `a + b`, `a - b` */
  SUM: 10,
  /** `a*b`, `a/b`, unary minus `-a`, a fraction `1/2` */
  PRODUCT: 20,
  /** ASCII `d(E)/d(w)`: one operand for the grammar, but it shows a `/`. */
  DERIVATIVE: 25,
  /** `a^b` */
  POWER: 30,
  /** names, constants, non-negative integers, calls, anything bracketed */
  ATOM: 40,
} as const;

/** One node as printed, with how tightly it binds. */
export interface Rendered {
  readonly text: string;
  readonly prec: number;
  /**
   * For a node printed with a leading unary minus (a negative number or
   * product): the rest, which a sum writes after a binary ` - `.
   */
  readonly magnitude?: Rendered;
  /**
   * For a sum: renders its negation (`x - 2` for `2 - x`), so a product can
   * absorb a minus. A function, since few sums are ever asked.
   */
  readonly negated?: () => Rendered;
}

/** Longest text a printer builds before it stops with a NablaError. */
export const MAX_PRINT_LENGTH = 10_000_000;

/**
 * Render `root` bottom-up over its DAG: `render` receives a node and a
 * lookup that returns the rendering of any node below it. Nodes are visited
 * in order of depth, so children (and their children) are always ready.
 */
export function foldExpr<R extends { readonly text: string }>(
  root: Expr,
  render: (e: Expr, get: (below: Expr) => R) => R,
): R {
  const seen = new Set<Expr>();
  const nodes: Expr[] = [];
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    nodes.push(x);
    for (const c of children(x)) if (!seen.has(c)) stack.push(c);
  }
  nodes.sort((a, b) => a.depth - b.depth);
  const done = new Map<Expr, R>();
  const get = (below: Expr): R => {
    const r = done.get(below);
    if (r === undefined) throw new Error('printer: a node was rendered before its operands');
    return r;
  };
  for (const n of nodes) {
    const r = render(n, get);
    if (r.text.length > MAX_PRINT_LENGTH) {
      throw new NablaError(msg('limit.print-size', { max: MAX_PRINT_LENGTH }));
    }
    done.set(n, r);
  }
  return get(root);
}

// ---------------------------------------------------------------------------
// Sums

/** A term that prints with a leading minus: `-3`, `-x*y`, `-x/2`. */
export function isNegativeTerm(e: Expr): boolean {
  if (e.kind === 'num') return Q.isNegative(e.value);
  if (e.kind === 'mul') {
    const first = e.factors[0]!;
    return first.kind === 'num' && Q.isNegative(first.value);
  }
  return false;
}

/**
 * The terms of a sum in printing order: canonical order with the constant
 * last (`x + 1`, `x - 1`), except that a sum never opens with a minus when
 * some term is positive: the first positive term moves to the front
 * (`1 - out_o1`, `target - out`, not `-out_o1 + 1`).
 */
export function orderTerms(terms: readonly Expr[]): Expr[] {
  const out = [...terms.filter((t) => t.kind !== 'num'), ...terms.filter((t) => t.kind === 'num')];
  if (out.length > 0 && isNegativeTerm(out[0]!)) {
    const i = out.findIndex((t) => !isNegativeTerm(t));
    if (i > 0) out.unshift(...out.splice(i, 1));
  }
  return out;
}

/** A term ready to join into a sum: its rendering and whether it is written with a minus. */
interface SumItem {
  readonly rendered: Rendered;
  readonly negative: boolean;
  readonly constant: boolean;
}

function joinSum(items: readonly SumItem[]): string {
  let text = '';
  items.forEach((item, i) => {
    const r = item.rendered;
    const body = item.negative ? (r.magnitude ?? r).text : r.text;
    if (i === 0) text = item.negative ? `-${body}` : body;
    else text += item.negative ? ` - ${body}` : ` + ${body}`;
  });
  return text;
}

/** Printing order of sum items: as `orderTerms`, constants last, a positive term first. */
function orderItems(items: SumItem[]): SumItem[] {
  const out = [...items.filter((t) => !t.constant), ...items.filter((t) => t.constant)];
  if (out.length > 0 && out[0]!.negative) {
    const i = out.findIndex((t) => !t.negative);
    if (i > 0) out.unshift(...out.splice(i, 1));
  }
  return out;
}

/**
 * A sum, and on demand its negation: both printers write sums alike,
 * ` + ` and ` - ` between the terms' own renderings.
 */
export function renderSum(terms: readonly Expr[], get: (e: Expr) => Rendered): Rendered {
  const item = (t: Expr, flip: boolean): SumItem => {
    const negative = isNegativeTerm(t);
    const r = get(t);
    // A flipped negative term is its magnitude; a flipped positive one is written after a minus.
    return flip
      ? { rendered: negative ? (r.magnitude ?? r) : { ...r, magnitude: r }, negative: !negative, constant: t.kind === 'num' }
      : { rendered: r, negative, constant: t.kind === 'num' };
  };
  const text = joinSum(orderTerms(terms).map((t) => item(t, false)));
  const negated = (): Rendered => ({ text: joinSum(orderItems(terms.map((t) => item(t, true)))), prec: PREC.SUM });
  return { text, prec: PREC.SUM, negated };
}

/**
 * A negative product with exactly one sum factor, which has a minus in it,
 * is written with the sum negated instead of a leading minus: `(x - 2)*exp(x)`, not
 * `-exp(x)*(2 - x)`. It reads back to the same node, since the
 * constructors take the sign out of the sum again. Returns the sum to flip.
 */
export function sumToAbsorbSign(p: ProductParts): Expr | undefined {
  if (!p.negative) return undefined;
  const sums = p.over.filter(isLoneSum);
  // Only a sum with a minus in it reads better negated: -(a + b)/y stays.
  const sum = sums.length === 1 ? sums[0] : undefined;
  return sum?.kind === 'add' && sum.terms.some(isNegativeTerm) ? sum : undefined;
}

// ---------------------------------------------------------------------------
// Products

/** A denominator factor `base^exp`, exp > 0 (exp 1 is the base alone, 1/2 a square root). */
export interface Divisor {
  readonly base: Expr;
  readonly exp: Rational;
}

/** A product as people write it: sign, numerator and denominator. */
export interface ProductParts {
  readonly negative: boolean;
  /** The coefficient is ±numer/denom, in lowest terms; both positive. */
  readonly numer: bigint;
  readonly denom: bigint;
  /** Numerator factors, lone sums last (`x*(x + 1)`). */
  readonly over: readonly Expr[];
  /** Denominator factors (powers with a negative numeric exponent, inverted), lone sums last. */
  readonly under: readonly Divisor[];
}

/**
 * A power that prints in a denominator: a negative numeric exponent. A zero
 * base keeps its exponent visible (`0^(-1)*x`): written as a divisor it
 * would read back as the number 0 (`1/(0*x)`, `1/0^2`).
 */
export function isDivisor(e: Expr): boolean {
  if (e.kind !== 'pow' || e.exp.kind !== 'num' || !Q.isNegative(e.exp.value)) return false;
  return !(e.base.kind === 'num' && Q.isZero(e.base.value));
}

/** True for a product, or a power that reads as one over something (`1/x^2`). */
export function isProductLike(e: Expr): boolean {
  return e.kind === 'mul' || isDivisor(e);
}

/** A factor that prints as a bracketed sum. */
export const isLoneSum = (e: Expr): boolean => e.kind === 'add';
const isLoneSumDivisor = (d: Divisor): boolean => d.base.kind === 'add' && Q.isOne(d.exp);

/** Stable partition: lone sums move to the end. */
function sumsLast<T>(xs: readonly T[], isSum: (x: T) => boolean): T[] {
  return [...xs.filter((x) => !isSum(x)), ...xs.filter(isSum)];
}

/** Split any expression as a product: `-3*x/(4*y^2)` → (−, 3, 4, [x], [y^2]). */
export function splitProduct(e: Expr): ProductParts {
  let coef: Rational = Q.ONE;
  const factors: readonly Expr[] = e.kind === 'mul' ? e.factors : [e];
  const over: Expr[] = [];
  const under: Divisor[] = [];
  for (const f of factors) {
    if (f.kind === 'num') coef = Q.mul(coef, f.value);
    else if (f.kind === 'pow' && f.exp.kind === 'num' && isDivisor(f)) {
      under.push({ base: f.base, exp: Q.neg(f.exp.value) });
    } else over.push(f);
  }
  return {
    negative: Q.isNegative(coef),
    numer: coef.num < 0n ? -coef.num : coef.num,
    denom: coef.den,
    over: sumsLast(over, isLoneSum),
    under: sumsLast(under, isLoneSumDivisor),
  };
}

export const hasDenominator = (p: ProductParts): boolean => p.denom !== 1n || p.under.length > 0;

/** The same product without its sign: what a sum writes after ` - `. */
export function withoutSign(p: ProductParts): ProductParts {
  return { ...p, negative: false };
}

// ---------------------------------------------------------------------------
// Powers

/** `x^(1/2)` is written `sqrt(x)`; `x^(1/n)` (n ≥ 3) may be written as an n-th root. */
export function rootIndex(exp: Expr | Rational): bigint | undefined {
  const r = 'kind' in exp ? (exp.kind === 'num' ? exp.value : undefined) : exp;
  if (r === undefined || r.num !== 1n || r.den < 2n) return undefined;
  return r.den;
}

export const isSquareRootExponent = (exp: Expr | Rational): boolean => rootIndex(exp) === 2n;
