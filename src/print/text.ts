/**
 * The ASCII printer: Expr → the formula syntax of SPEC §2, with the fewest
 * brackets that keep the meaning (`b + w*x`, `1 - out_o1`, `-x^2`,
 * `(x + 1)^2/2`, `a/(b*c)`, `d(E)/d(w5)`).
 *
 * Invariant: `parseExpression(toText(e)) === e` for every expression the
 * constructors build; the layouts that make this hold are chosen in
 * precedence.ts. Names print as their canonical key (`w5`, `out_h1`,
 * `gamma`), functions by their registry name, numbers exactly.
 */

import { assertNever, type Expr } from '../expr/node.ts';
import * as Q from '../expr/rational.ts';
import type { Rational } from '../expr/rational.ts';
import {
  foldExpr, hasDenominator, isProductLike, isSquareRootExponent,
  PREC, renderSum, splitProduct, sumToAbsorbSign, withoutSign,
  type Divisor, type ProductParts, type Rendered,
} from './precedence.ts';

type Get = (below: Expr) => Rendered;

const bracket = (r: Rendered, atLeast: number): string => (r.prec < atLeast ? `(${r.text})` : r.text);

/** A rational as the grammar reads it back: `3`, `-2`, `3/4`, `-1/2`. */
function numberText(value: Rational): Rendered {
  const magnitude: Rendered = Q.isInteger(value)
    ? { text: Q.abs(value).num.toString(), prec: PREC.ATOM }
    : { text: Q.toFraction(Q.abs(value)), prec: PREC.PRODUCT };
  return Q.isNegative(value) ? { text: `-${magnitude.text}`, prec: PREC.PRODUCT, magnitude } : magnitude;
}

/** `x^2`, `sqrt(x)`, `(x + 1)^(1/3)` for a positive exponent. */
function powerText(base: Rendered, exp: Rendered, squareRoot: boolean): Rendered {
  if (squareRoot) return { text: `sqrt(${base.text})`, prec: PREC.ATOM };
  return { text: `${bracket(base, PREC.ATOM)}^${bracket(exp, PREC.POWER)}`, prec: PREC.POWER };
}

function divisorText(d: Divisor, get: Get): Rendered {
  if (Q.isOne(d.exp)) return get(d.base);
  return powerText(get(d.base), numberText(d.exp), isSquareRootExponent(d.exp));
}

/** `/(3*z)`, `/2`, or '' — the denominator of a product with what divides by it. */
function denominatorText(p: ProductParts, get: Get): string {
  if (!hasDenominator(p)) return '';
  const under: Rendered[] = p.under.map((d) => divisorText(d, get));
  if (p.denom !== 1n) under.unshift({ text: p.denom.toString(), prec: PREC.ATOM });
  return '/' + (under.length === 1 ? bracket(under[0]!, PREC.POWER) : `(${under.map((u) => bracket(u, PREC.POWER)).join('*')})`);
}

/** `-2*x*y/(3*z)` — the sign, coefficient and factors as written, no regrouping. */
function plainProduct(p: ProductParts, get: Get): string {
  const over: string[] = [];
  if (p.numer !== 1n || p.over.length === 0) over.push(p.numer.toString());
  const denominator = hasDenominator(p);
  p.over.forEach((f, i) => {
    // `gamma*d(E)/d(w5)` as SPEC §2 writes it; anywhere else the derivative is bracketed.
    const last = i === p.over.length - 1 && !denominator;
    over.push(bracket(get(f), last ? PREC.DERIVATIVE : PREC.POWER));
  });
  // Joined with `+`, not Array.join: join flattens the operands' strings,
  // which made printing a 100,000-deep nest of products quadratic.
  return (p.negative ? '-' : '') + over.reduce((acc, f) => `${acc}*${f}`) + denominatorText(p, get);
}

function renderProduct(e: Expr, get: Get): Rendered {
  const p = splitProduct(e);
  const flip = sumToAbsorbSign(p);
  const text = flip
    ? plainProduct(withoutSign(p), (x) => (x === flip ? get(x).negated?.() ?? get(x) : get(x)))
    : plainProduct(p, get);
  return p.negative
    ? { text, prec: PREC.PRODUCT, magnitude: { text: plainProduct(withoutSign(p), get), prec: PREC.PRODUCT } }
    : { text, prec: PREC.PRODUCT };
}

function render(e: Expr, get: Get): Rendered {
  switch (e.kind) {
    case 'num':
      return numberText(e.value);
    case 'const':
      return { text: e.name, prec: PREC.ATOM };
    case 'sym':
      return { text: e.name, prec: PREC.ATOM };
    case 'call': {
      return { text: `${e.fn}(${e.args.map((a) => get(a).text).join(', ')})`, prec: PREC.ATOM };
    }
    case 'deriv':
      return { text: `d(${get(e.of).text})/d(${e.wrt.name})`, prec: PREC.DERIVATIVE };
    case 'add':
      return renderSum(e.terms, get);
    case 'mul':
      return renderProduct(e, get);
    case 'pow':
      if (isProductLike(e)) return renderProduct(e, get);
      return powerText(get(e.base), get(e.exp), isSquareRootExponent(e.exp));
    default:
      return assertNever(e);
  }
}

/**
 * The ASCII form of an expression (SPEC §2), which reads back to the same
 * node. Prints a DAG of any depth without recursion; throws a NablaError
 * only when the text would exceed MAX_PRINT_LENGTH characters.
 */
export function toText(e: Expr): string {
  return foldExpr(e, render).text;
}
