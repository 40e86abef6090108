/**
 * The canonical constructors of sums, products and powers, and the
 * interning of calls: the only way to build those nodes.
 *
 * Invariants kept here:
 * - sums and products are flat, their operands sorted by `compareExpr`,
 *   numbers folded exactly, like terms and like powers collected, identities
 *   (`x + 0`, `1*x`, `x^1`) gone;
 * - subtraction is `a + (-1)*b` and division `a * b^(-1)`: the printers
 *   recover `-` and `/`.
 * This is the automatic evaluation SymPy's Add/Mul/Pow do; everything that
 * may surprise a reader (expanding, recognising sigmoid) lives in simplify/.
 *
 * Why calls are interned here but folded in functions.ts (`call`): a call's
 * exact values are knowledge of its registry row, and the rows build their
 * derivatives with these constructors, so the registry sits above this
 * file; the folding constructor lives with the table it reads, and nothing
 * imports in a circle. The one call built here is exp, the canonical form
 * of a power of e, which `pow` folds itself.
 */

import * as Q from './rational.ts';
import type { Rational } from './rational.ts';
import { E, HALF, internCall, internPower, internProduct, internSum, MINUS_ONE, num, ONE, ZERO, type Add, type Call, type Expr, type Mul, type Pow } from './node.ts';
import type { FunctionName } from './function-name.ts';
import { compareExpr } from './order.ts';

const sortExprs = (xs: Expr[]): Expr[] => xs.sort(compareExpr);

// ---------------------------------------------------------------------------
// Products

/** Split a term into its rational coefficient and the rest: `3*x*y` → (3, x*y). */
export function splitCoefficient(e: Expr): [Rational, Expr] {
  if (e.kind === 'num') return [e.value, ONE];
  if (e.kind === 'mul') {
    const first = e.factors[0]!;
    if (first.kind === 'num') return [first.value, restOf(e)];
  }
  return [Q.ONE, e];
}

/**
 * The non-numeric part of a product with a coefficient, by the product's id:
 * every sum asks it of each of its terms, and interning the rest afresh
 * (a key string of its operands) was a large part of building sums.
 */
const REST = new Map<number, Expr>();
function restOf(e: Mul): Expr {
  let rest = REST.get(e.id);
  if (rest === undefined) {
    const fs = e.factors.slice(1);
    rest = fs.length === 1 ? fs[0]! : makeMul(fs);
    REST.set(e.id, rest);
  }
  return rest;
}

/** Split a factor into base and exponent: `x^2` → (x, 2), `x` → (x, 1). */
function splitPower(e: Expr): [Expr, Expr] {
  return e.kind === 'pow' ? [e.base, e.exp] : [e, ONE];
}

/** `0^(-n)`: a division by zero, kept visible by `pow` so that evaluation can name it. */
const isZeroDivision = (e: Expr): boolean =>
  e.kind === 'pow' && e.base.kind === 'num' && Q.isZero(e.base.value) && e.exp.kind === 'num' && Q.isNegative(e.exp.value);

function makeMul(sorted: Expr[]): Mul {
  return internProduct(sorted);
}

/** A factor that the general product below would keep as it is: no number, product or sum, no power to merge. */
const isPlainFactor = (f: Expr): boolean => f.kind === 'sym' || f.kind === 'call' || f.kind === 'const' || f.kind === 'deriv';

/**
 * Push a factor's factors (a product's, recursively) onto `flat`; returns
 * how many are not numbers. A function of the module, not a closure per
 * product: products are built by the hundred thousand.
 */
function flattenFactor(f: Expr, flat: Expr[]): number {
  if (f.kind !== 'mul') {
    flat.push(f);
    return f.kind === 'num' ? 0 : 1;
  }
  let n = 0;
  for (const g of f.factors) n += flattenFactor(g, flat);
  return n;
}

/**
 * The product the general path below would build when it keeps every
 * factor unchanged: plain factors and powers (nothing to fold or flatten:
 * no product or sum), no two on one base, and at most one number, not 0.
 * Undefined otherwise. The reverse sweep builds most of its products this
 * way (an adjoint times the other operands of a product), and so does
 * reading an expansion back from its monomials.
 */
function simpleProduct(factors: readonly Expr[]): Expr | undefined {
  if (factors.length < 2 || factors.length > 8) return undefined;
  let coefficient: Expr | undefined;
  const out: Expr[] = [];
  for (const f of factors) {
    if (f.kind === 'num') {
      if (coefficient !== undefined || Q.isZero(f.value)) return undefined;
      coefficient = f;
      continue;
    }
    if (!isPlainFactor(f) && f.kind !== 'pow') return undefined;
    const base = f.kind === 'pow' ? f.base : f;
    for (const g of out) if ((g.kind === 'pow' ? g.base : g) === base) return undefined;
    out.push(f);
  }
  if (coefficient !== undefined && coefficient.kind === 'num' && !Q.isOne(coefficient.value)) {
    return makeMul([coefficient, ...sortExprs(out)]);
  }
  return out.length === 1 ? out[0]! : makeMul(sortExprs(out));
}

/**
 * The product the general path below would build from many factors that
 * it keeps as they are: no number, product or power, no sum with numeric
 * content other than 1, no factor twice (so no two on one base). Undefined
 * otherwise. The adjoint at the end of a chain of definitions is such a
 * product of its 100,000 local factors, and the general path's table of
 * bases and exponents was most of its cost.
 */
function longPlainProduct(factors: readonly Expr[]): Expr | undefined {
  if (factors.length <= 8) return undefined;
  const seen = new Set<number>();
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i]!;
    if (f.kind === 'num' || f.kind === 'mul' || f.kind === 'pow' || seen.has(f.id)) return undefined;
    if (f.kind === 'add' && !Q.isOne(primitivePart(f)[0])) return undefined;
    seen.add(f.id);
  }
  return makeMul(sortExprs(factors.slice()));
}

export function mul(...factors: Expr[]): Expr {
  // Fast path for the commonest product, two plain factors (`w1*i1`): the
  // general path below gives the same node, only slower.
  if (factors.length === 2) {
    const [a, b] = factors as [Expr, Expr];
    if (isPlainFactor(a) && isPlainFactor(b) && a !== b) return makeMul(compareExpr(a, b) < 0 ? [a, b] : [b, a]);
    if (a.kind === 'num' && isPlainFactor(b)) return Q.isZero(a.value) ? ZERO : Q.isOne(a.value) ? b : makeMul([a, b]);
  }
  const simple = simpleProduct(factors) ?? longPlainProduct(factors);
  if (simple !== undefined) return simple;
  let coef = Q.ONE;
  // base id → [base, summed exponent]; insertion order keeps it deterministic.
  const powers = new Map<number, [Expr, Expr[]]>();
  const flat: Expr[] = [];
  let nonNumbers = 0;
  for (const f of factors) nonNumbers += flattenFactor(f, flat);
  // Sums among other factors give up their numeric content, so that
  // 3*(a + b)/y and 3/y*(a + b), or 2*(a + b)*c and (2*a + 2*b)*c, are one node.
  if (nonNumbers >= 2) {
    for (let i = 0; i < flat.length; i++) {
      const f = flat[i]!;
      if (f.kind !== 'add') continue;
      const [content, primitive] = primitivePart(f);
      // Most sums have content 1: no exact product to make (a chain's product has 100,000 sums).
      if (!Q.isOne(content)) coef = Q.mul(coef, content);
      flat[i] = primitive;
    }
  }
  for (const f of flat) {
    if (f.kind === 'num') {
      coef = Q.mul(coef, f.value);
      continue;
    }
    const [b, e] = splitPower(f);
    const entry = powers.get(b.id);
    if (entry) entry[1].push(e);
    else powers.set(b.id, [b, [e]]);
  }
  // 0 times a division by zero (0/0) is undefined, not 0: keep the division,
  // which evaluation reports, instead of folding the product to 0.
  if (Q.isZero(coef)) return flat.find(isZeroDivision) ?? ZERO;
  const rest: Expr[] = [];
  for (const [b, exps] of powers.values()) {
    const p = exps.length === 1 && exps[0] === ONE ? b : pow(b, add(...exps));
    if (p.kind === 'num') coef = Q.mul(coef, p.value);
    else if (p.kind === 'mul') {
      // e.g. (2^(1/2))^2 folded into 2, or a power that split into factors.
      for (const g of p.factors) {
        if (g.kind === 'num') coef = Q.mul(coef, g.value);
        else rest.push(g);
      }
    } else rest.push(p);
  }
  if (Q.isZero(coef)) return rest.find(isZeroDivision) ?? ZERO;
  if (rest.length === 0) return num(coef);
  if (Q.isOne(coef) && rest.length === 1) return rest[0]!;
  // A number times one sum distributes, as SymPy does: 2*(x + 1) = 2*x + 2.
  if (rest.length === 1 && rest[0]!.kind === 'add') {
    const c = num(coef);
    return add(...rest[0]!.terms.map((t) => mul(c, t)));
  }
  sortExprs(rest);
  // Re-merge if sorting exposed nothing new; products of distinct bases are final.
  return makeMul(Q.isOne(coef) ? rest : [num(coef), ...rest]);
}

function bigGcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * A sum as content × primitive sum. The content is the rational gcd of the
 * coefficients, with the sign of the leading term — the term whose
 * non-numeric part sorts first, which is the same for P and −P, so the
 * split is the same for both: `2*a + 4*b` → (2, a + 2*b), `b - a` →
 * (−1, a - b), `1 - x` stays (the constant leads).
 */
export function primitivePart(e: Add): [Rational, Expr] {
  // Remembered by node: a sum is split again each time it meets another
  // factor or a power (the reverse sweep multiplies the same sums by many adjoints).
  let split = PRIMITIVE.get(e.id);
  if (split === undefined) {
    split = splitPrimitive(e);
    PRIMITIVE.set(e.id, split);
  }
  return [split[0], split[1]];
}

const PRIMITIVE = new Map<number, readonly [Rational, Expr]>();

function splitPrimitive(e: Add): [Rational, Expr] {
  let g = 0n;
  let l = 1n;
  let lead: [Rational, Expr] | undefined;
  for (const t of e.terms) {
    const split = splitCoefficient(t);
    const c = split[0];
    g = bigGcd(g, c.num);
    l = (l * c.den) / bigGcd(l, c.den);
    if (!lead || compareExpr(split[1], lead[1]) < 0) lead = split;
  }
  const content = Q.rational(lead && Q.isNegative(lead[0]) ? -g : g, l);
  if (Q.isOne(content) || Q.isZero(content)) return [Q.ONE, e];
  const inverse = num(Q.div(Q.ONE, content));
  return [content, add(...e.terms.map((t) => mul(inverse, t)))];
}

export const neg = (e: Expr): Expr => mul(MINUS_ONE, e);
export const div = (a: Expr, b: Expr): Expr => mul(a, pow(b, MINUS_ONE));
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));

// ---------------------------------------------------------------------------
// Sums

/** A term the general sum below would keep as it is: no number, no sum, no numeric coefficient to collect. */
const isPlainTerm = (t: Expr): boolean =>
  t.kind !== 'num' && t.kind !== 'add' && !(t.kind === 'mul' && t.factors[0]!.kind === 'num');

/**
 * Collect a term (a sum's terms, recursively) into `like` by its
 * non-numeric part; returns the numeric constant with the term's numbers
 * added. A function of the module, not a closure per sum.
 */
function collectTerm(t: Expr, like: Map<number, [Expr, Rational]>, constant: Rational): Rational {
  if (t.kind === 'add') {
    for (const u of t.terms) constant = collectTerm(u, like, constant);
    return constant;
  }
  if (t.kind === 'num') return Q.add(constant, t.value);
  const [c, rest] = splitCoefficient(t);
  const entry = like.get(rest.id);
  if (entry) entry[1] = Q.add(entry[1], c);
  else like.set(rest.id, [rest, c]);
  return constant;
}

export function add(...terms: Expr[]): Expr {
  // Fast path for the commonest sum, two plain distinct terms (`sin(a0) + p1*a0`):
  // the general path below gives the same node, only slower.
  if (terms.length === 2) {
    const [a, b] = terms as [Expr, Expr];
    if (a !== b && isPlainTerm(a) && isPlainTerm(b)) {
      const out = compareExpr(a, b) < 0 ? [a, b] : [b, a];
      return internSum(out);
    }
  }
  let constant = Q.ZERO;
  const like = new Map<number, [Expr, Rational]>();
  for (const t of terms) constant = collectTerm(t, like, constant);
  const out: Expr[] = [];
  for (const [rest, c] of like.values()) {
    if (Q.isZero(c)) continue;
    out.push(Q.isOne(c) ? rest : mul(num(c), rest));
  }
  if (out.length === 0) return num(constant);
  if (!Q.isZero(constant)) out.push(num(constant));
  if (out.length === 1) return out[0]!;
  sortExprs(out);
  return internSum(out);
}

// ---------------------------------------------------------------------------
// Powers

export function pow(base: Expr, exp: Expr): Expr {
  if (exp === ZERO) return ONE;
  if (exp === ONE) return base;
  if (base === ONE) return ONE;
  if (base === E) return expOf(exp);
  if (base.kind === 'num' && exp.kind === 'num') {
    if (Q.isZero(base.value)) {
      if (Q.isNegative(exp.value)) return makePow(base, exp); // 1/0 stays visible; evaluation reports it
      return ZERO;
    }
    const folded = Q.powRational(base.value, exp.value);
    if (folded) return num(folded);
    // 12^(1/2) stays a power; a negative exponent keeps the exact reciprocal.
    return makePow(base, exp);
  }
  if (exp.kind === 'num' && Q.isInteger(exp.value)) {
    // (x^a)^n = x^(a*n) for integer n, always valid.
    if (base.kind === 'pow') return pow(base.base, mul(base.exp, exp));
    // (x*y)^n = x^n * y^n for integer n.
    if (base.kind === 'mul') return mul(...base.factors.map((f) => pow(f, exp)));
    // (c*P)^n = c^n * P^n for a sum with numeric content c: 1/(2*a + 2*b) is
    // 1/(2*(a + b)). An even power keeps its sign inside: (x - 1)^2 stays.
    if (base.kind === 'add') {
      let [content, primitive] = primitivePart(base);
      if (exp.value.num % 2n === 0n && Q.isNegative(content)) {
        primitive = mul(MINUS_ONE, primitive);
        content = Q.neg(content);
      }
      if (!Q.isOne(content)) return mul(pow(num(content), exp), pow(primitive, exp));
    }
  }
  // (x^2)^(1/2) is |x|, not x: only a positive-integer inner exponent over an
  // odd-root outer one would be safe, and we keep it simple by not merging.
  if (base.kind === 'call' && base.fn === 'exp') return pow(E, mul(base.args[0]!, exp));
  return makePow(base, exp);
}

/**
 * e^u for u other than 0 and 1 (`pow` folded those: e^0 = 1, e^1 = e). The
 * canonical form of a power of e is the call exp(u), so its last exact
 * value lives here with the others, and the registry's exp row defers to
 * `pow(E, u)`: e^(ln u) = u.
 */
function expOf(u: Expr): Expr {
  return u.kind === 'call' && u.fn === 'log' ? u.args[0]! : callNode('exp', [u]);
}

function makePow(base: Expr, exp: Expr): Pow {
  return internPower(base, exp);
}

export const sqrt = (e: Expr): Expr => pow(e, HALF);

// ---------------------------------------------------------------------------
// Function calls

/**
 * The one node for a call, as it is: no folding. The folding constructor
 * `call` (functions.ts) asks the function's registry row for an exact value
 * first and comes here otherwise; only it and `pow` (for e^x, which folds
 * itself) build calls here.
 */
export function callNode(fn: FunctionName, args: readonly Expr[]): Call {
  return internCall(fn, [...args]);
}
