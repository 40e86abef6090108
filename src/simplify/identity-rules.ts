/**
 * Simplification rules for the identities a reader applies without
 * thinking: exponentials multiplied, a common polynomial factor cancelled,
 * the Pythagorean identities, √(u²) = |u|, and numbers taken out of sign
 * and abs. Each is a named rule with its identity as the first comment, in
 * the shape of rules.ts: one node in (operands already simplified), the
 * rewritten node or undefined out. Each rewrite is never larger than what
 * it replaces, so none of them can undo another or loop.
 */

import { type Expr, MINUS_ONE, num, ONE, type Sym, TWO } from '../expr/node.ts';
import { add, mul, pow, splitCoefficient } from '../expr/canonical.ts';
import { freeSymbols } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';
import { call } from '../functions.ts';
import type { FunctionName } from '../expr/function-name.ts';
import { commonFactor, divide, fromPoly, hasNumberLead, type Poly, toPoly } from './polynomial.ts';
import { coefficientsIn, mayCancelIn, numberLeads } from './quotient-filter.ts';
import type { Rule } from './rule.ts';

/** Nodes above which a quotient is not tried for a common factor (the polynomial work is quadratic). */
const MAX_QUOTIENT_SIZE = 200;

const isCallOf = (e: Expr, fn: FunctionName): e is Extract<Expr, { kind: 'call' }> => e.kind === 'call' && e.fn === fn;
const termsOf = (e: Expr): readonly Expr[] => (e.kind === 'add' ? e.terms : [e]);
const factorsOf = (e: Expr): readonly Expr[] => (e.kind === 'mul' ? e.factors : [e]);

/** The argument u of a factor f(u)², for the named function. */
function squaredArgument(f: Expr, fn: FunctionName): Expr | undefined {
  return f.kind === 'pow' && f.exp === TWO && isCallOf(f.base, fn) ? f.base.args[0] : undefined;
}

/**
 * In a sum, a term c·f(u)²·R whose partner `sign`·c·g(u)²·R is also a term:
 * both replaced by `replace(c·R, u)`. The Pythagorean identities in one shape.
 */
function pairSquares(e: Expr, f: FunctionName, g: FunctionName, sign: Expr, replace: (rest: Expr, u: Expr) => Expr): Expr | undefined {
  if (e.kind !== 'add') return undefined;
  for (const t of e.terms) {
    for (const factor of factorsOf(t)) {
      const u = squaredArgument(factor, f);
      if (u === undefined) continue;
      const rest = mul(t, pow(factor, MINUS_ONE));
      const partner = mul(sign, rest, pow(call(g, [u]), TWO));
      if (!e.terms.includes(partner)) continue;
      return add(replace(rest, u), ...e.terms.filter((s) => s !== t && s !== partner));
    }
  }
  return undefined;
}

/**
 * A quotient N·D^(−k) with a sum D, as its parts; N as the list of its
 * factors, multiplied only when needed (most quotients fail before).
 */
function quotientParts(e: Expr): { numeratorFactors: Expr[]; denominator: Expr; power: Q.Rational } | undefined {
  if (e.kind !== 'mul' || e.size > MAX_QUOTIENT_SIZE) return undefined;
  const den = e.factors.find((f) => f.kind === 'pow' && f.base.kind === 'add' && f.exp.kind === 'num' && Q.isInteger(f.exp.value) && Q.isNegative(f.exp.value));
  if (den === undefined || den.kind !== 'pow' || den.exp.kind !== 'num') return undefined;
  return { numeratorFactors: e.factors.filter((f) => f !== den), denominator: den.base, power: Q.neg(den.exp.value) };
}

/** toPoly, read from the expansion's monomials where they are known. */
function polyIn(e: Expr, x: Sym): Poly | undefined {
  const read = coefficientsIn(e, x);
  return read === undefined ? toPoly(e, x) : read === false ? undefined : read;
}

/** Nodes above which a common factor of a quotient is not looked for. */
const MAX_CANCEL_SIZE = 400;

/** N/D^k with one factor P of D cancelled against N: (N/P)/((D/P)·D^(k−1)), where P divides both. */
function cancelFactor(e: Expr): Expr | undefined {
  // A size-gated trial like the simplifier's expansions: each polynomial is an
  // expansion of its side, so on a 1,000-leaf rational tree the trial at every
  // quotient would expand most of the tree again.
  if (e.size > MAX_CANCEL_SIZE) return undefined;
  const parts = quotientParts(e);
  if (parts === undefined) return undefined;
  const { numeratorFactors, denominator, power } = parts;
  // The factors of a product share no base, so the numerator has their names.
  const numeratorSymbols = new Set(numeratorFactors.flatMap((f) => freeSymbols(f)));
  let numerator: Expr | undefined;
  for (const x of freeSymbols(denominator)) {
    if (!numeratorSymbols.has(x)) continue;
    // The denominator first, and the numerator (the larger expansion) only
    // when it can matter: both ways below need a number leading the divisor.
    if (!(numberLeads(denominator, x) ?? hasNumberLead(denominator, x))) continue;
    numerator ??= mul(...numeratorFactors);
    const d = polyIn(denominator, x);
    if (d === undefined || d.length < 2 || d[d.length - 1]!.kind !== 'num') continue;
    if (!mayCancelIn(numerator, denominator, x)) continue;
    const n = polyIn(numerator, x);
    if (n === undefined) continue;
    const whole = divide(n, d);
    const p: Poly | undefined = whole?.remainder.length === 0 ? d : commonFactor(n, d);
    if (p === undefined) continue;
    const out = dividedBy(n, d, p, x, denominator, power);
    if (out !== undefined && out.size < e.size) return out;
  }
  return undefined;
}

function dividedBy(n: Poly, d: Poly, p: Poly, x: Sym, denominator: Expr, power: Q.Rational): Expr | undefined {
  const top = divide(n, p);
  const bottom = divide(d, p);
  if (top === undefined || bottom === undefined || top.remainder.length > 0 || bottom.remainder.length > 0) return undefined;
  const rest = pow(denominator, num(Q.sub(Q.ONE, power)));
  return mul(fromPoly(top.quotient, x), pow(fromPoly(bottom.quotient, x), MINUS_ONE), rest);
}

export const IDENTITY_RULES: readonly Rule[] = [
  {
    // e^a · e^b = e^(a + b), when like terms of the exponents meet (e^a · e^(−a) = 1,
    // e^(−a) · e^(2a) = e^a); e^a · e^b with nothing to cancel stays as written
    name: 'exp-product',
    apply: (e) => {
      if (e.kind !== 'mul') return undefined;
      const exps = e.factors.filter((f) => isCallOf(f, 'exp'));
      if (exps.length < 2) return undefined;
      const exponents = exps.map((f) => f.args[0]!);
      const sum = add(...exponents);
      const written = exponents.reduce((n, u) => n + termsOf(u).length, 0);
      if (termsOf(sum).length >= written && sum.kind !== 'num') return undefined;
      const merged: ReadonlySet<Expr> = new Set(exps);
      return mul(call('exp', [sum]), ...e.factors.filter((f) => !merged.has(f)));
    },
  },
  {
    // N·P/(D·P) = N/D for a polynomial P dividing numerator and denominator:
    // (x² − 1)/(x − 1) = x + 1; kept only when smaller
    name: 'cancel-common-factor',
    apply: cancelFactor,
  },
  {
    // sin²u + cos²u = 1 (times a common factor: c·sin²u + c·cos²u = c)
    name: 'sin-cos-squares',
    apply: (e) => pairSquares(e, 'sin', 'cos', ONE, (rest) => rest),
  },
  {
    // cosh²u − sinh²u = 1 (times a common factor)
    name: 'cosh-sinh-squares',
    apply: (e) => pairSquares(e, 'cosh', 'sinh', MINUS_ONE, (rest) => rest),
  },
  {
    // 1 + tan²u = sec²u (times a common factor)
    name: 'one-plus-tan-square',
    apply: (e) => {
      if (e.kind !== 'add') return undefined;
      for (const t of e.terms) {
        for (const factor of factorsOf(t)) {
          const u = squaredArgument(factor, 'tan');
          if (u === undefined) continue;
          const rest = mul(t, pow(factor, MINUS_ONE));
          if (e.terms.includes(rest)) return add(mul(rest, pow(call('sec', [u]), TWO)), ...e.terms.filter((s) => s !== t && s !== rest));
        }
      }
      return undefined;
    },
  },
  {
    // √(u^(2k)) = |u|^k: the root of a square is its absolute value, not u
    name: 'sqrt-of-square',
    apply: (e) => {
      if (e.kind !== 'pow' || e.exp.kind !== 'num' || !Q.equals(e.exp.value, Q.HALF)) return undefined;
      const inner = e.base;
      if (inner.kind !== 'pow' || inner.exp.kind !== 'num' || !Q.isInteger(inner.exp.value) || inner.exp.value.num % 2n !== 0n) return undefined;
      return pow(call('abs', [inner.base]), num(Q.mul(inner.exp.value, Q.HALF)));
    },
  },
  {
    // sign(c·u) = sign(c)·sign(u) for a number c ≠ 0
    name: 'sign-of-scaled',
    apply: (e) => scaledArgument(e, 'sign', (c) => Q.fromInt(Q.compare(c, Q.ZERO))),
  },
  {
    // |c·u| = |c|·|u| for a number c
    name: 'abs-of-scaled',
    apply: (e) => scaledArgument(e, 'abs', Q.abs),
  },
];

/** f(c·u) = g(c)·f(u) for sign and abs, when the argument has a number factor other than 1. */
function scaledArgument(e: Expr, fn: 'sign' | 'abs', factor: (c: Q.Rational) => Q.Rational): Expr | undefined {
  if (!isCallOf(e, fn)) return undefined;
  const [c, rest] = splitCoefficient(e.args[0]!);
  if (Q.isOne(c) || Q.isZero(c)) return undefined;
  return mul(num(factor(c)), call(fn, [rest]));
}
