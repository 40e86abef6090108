/**
 * The function registry: one row per function. The lexer and parsers (which
 * words are functions), the constructor of calls (exact values), the
 * evaluator (numeric value), the differentiator (f′ per argument, the chain
 * rule is applied once in diff/), the printers (ASCII and LaTeX) and the
 * code printers (JavaScript and NumPy) all read this table. Adding `sinh` is
 * one row (and its name in expr/function-name.ts, which the compiler asks for).
 *
 * Invariant: the table is total over `FunctionName`, so the row of a call
 * node never fails to exist; only input words (`lookupFunction`) can be
 * unknown.
 */

import { E, type Expr, HALF, isNum, MINUS_ONE, type Num, num, ONE, PI, TWO, ZERO } from './expr/node.ts';
import * as Q from './expr/rational.ts';
import { msg } from './messages/format.ts';
import type { Message } from './messages/message.ts';
import { add, callNode, div, mul, neg, pow, sub } from './expr/canonical.ts';
import { FUNCTION_NAMES, type FunctionName } from './expr/function-name.ts';
import { erf, roundHalfEven, ROUND_HALF_EVEN_SOURCE } from './expr/float-special.ts';
import {
  applied, type CodeSpelling, ERF_HELPER, type JsSpelling, library, nested, numpyErf, numpySigmoid,
  reciprocalOf, SIGMOID_HELPER, unary, viaHelper,
} from './expr/code-spelling.ts';

export type { CodeHelper, CodeSpelling, JsSpelling } from './expr/code-spelling.ts';

export interface FunctionRow {
  /** The ASCII name, as printed. */
  readonly name: FunctionName;
  /** Other spellings accepted on input (`ln` for `log`). */
  readonly aliases?: readonly string[];
  /**
   * Exact arity, or a range: a minimum and, for optional arguments
   * (`log(x, b)`, `leaky_relu(x, a)`), a maximum; variadic without one.
   */
  readonly arity: number | { readonly min: number; readonly max?: number };
  /**
   * Float value; NaN in, NaN out (so a domain error upstream is never
   * masked), NaN for a domain error, which the evaluator then names.
   */
  readonly evaluate: (...args: number[]) => number;
  /** Why a float argument is outside the domain, or undefined when it is fine. */
  readonly domain?: (args: readonly number[]) => Message | undefined;
  /**
   * The exact value of a call at these (non-empty) arguments, when there is
   * one (`cos(0) = 1`, an inverse pair); `call` folds to it. Values that are
   * not exact (`sin(1)`) stay symbolic until evaluation.
   */
  readonly exact?: (args: readonly Expr[]) => Expr | undefined;
  /**
   * ∂f/∂(argument i) written in terms of the arguments (and of f itself, as
   * people write sigmoid′ = σ(1 − σ)).
   */
  readonly derivative: (args: readonly Expr[], i: number) => Expr;
  /** True where the function has a kink at these argument values. */
  readonly kink?: (args: readonly number[]) => boolean;
  /** LaTeX command or operator name; `latex` overrides the whole rendering. */
  readonly latexName: string;
  readonly latex?: (args: readonly string[]) => string;
  /**
   * Generated JavaScript and NumPy. They compute what `evaluate` computes,
   * with the same conventions at kinks (step(0) = 0, relu′(0) = 0) and the
   * same stable formulas.
   */
  readonly js: JsSpelling;
  readonly numpy: CodeSpelling;
  /**
   * Derivatives people commonly write instead of the right one, as data for
   * the diagnoser of claims: each with a label saying what went wrong.
   */
  readonly misremembered?: readonly Misremembered[];
}

/** A wrong derivative f′(u) that people write, and what went wrong in it. */
export interface Misremembered {
  /** What went wrong, said in the reader's language; the formulas in it are parameters. */
  readonly label: Message;
  readonly derivative: (args: readonly Expr[]) => Expr;
}

const sigmoidValue = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const one = (f: (a: Expr) => Expr) => (args: readonly Expr[]): Expr => f(args[0]!);
/** An exact value that depends on the first argument only. */
const exactOne = (f: (a: Expr) => Expr | undefined) => (args: readonly Expr[]): Expr | undefined => f(args[0]!);
/** An exact value of a number argument. */
const exactOfNumber = (f: (n: Q.Rational) => Q.Rational) => exactOne((a) => (a.kind === 'num' ? num(f(a.value)) : undefined));
/** f(0) = value, the only exact value of most functions. */
const atZero = (value: Expr) => exactOne((a) => (a === ZERO ? value : undefined));

/** ∂max(a_1..a_n)/∂a_i with ties split evenly between two: (1 + sign(a_i − max(rest)))/2. */
function extremumPartial(fn: 'max' | 'min', args: readonly Expr[], i: number): Expr {
  const rest = args.filter((_, j) => j !== i);
  const other = rest.length === 1 ? rest[0]! : call(fn, rest);
  const s = call('sign', [sub(args[i]!, other)]);
  return mul(HALF, fn === 'max' ? add(ONE, s) : sub(ONE, s));
}

/** max or min of numbers, exactly; undefined unless every argument is a number. */
function exactExtremum(fn: 'max' | 'min', args: readonly Expr[]): Expr | undefined {
  if (!args.every(isNum)) return undefined;
  const vals = args.map((x) => (x as Num).value);
  let best = vals[0]!;
  for (const v of vals) if (fn === 'max' ? Q.compare(v, best) > 0 : Q.compare(v, best) < 0) best = v;
  return num(best);
}

/** ln u's exact values: ln 1 = 0, ln e = 1, ln e^u = u. */
const exactLog = (u: Expr): Expr | undefined => (u === ONE ? ZERO : u === E ? ONE : u.kind === 'call' && u.fn === 'exp' ? u.args[0]! : undefined);
/** A logarithm's base b > 0, b ≠ 1, when there is one. */
const baseDomain = (b: number | undefined): Message | undefined =>
  (b === undefined || Number.isNaN(b) || (b > 0 && b !== 1) ? undefined : msg('domain.log-base', { log: 'log' }));
const validBase = (b: Q.Rational): boolean => Q.compare(b, Q.ZERO) > 0 && !Q.isOne(b);

const tieAmong = (args: readonly number[]): boolean => new Set(args).size < args.length;

/** 1/√v, −1/2 and 1/3 as exponents: the inverse functions' derivatives and the cube root. */
const NEG_HALF = num(Q.rational(-1n, 2n));
const THIRD = num(Q.rational(1n, 3n));
const invSqrt = (v: Expr): Expr => pow(v, NEG_HALF);
const recip = (v: Expr): Expr => pow(v, MINUS_ONE);
const square = (u: Expr): Expr => pow(u, TWO);

/** A domain of [−1, 1] (asin, acos); NaN passes, so that an upstream error keeps its own name. */
const unitInterval = (fn: string) => ([x]: readonly number[]): Message | undefined =>
  (Math.abs(x!) <= 1 || Number.isNaN(x) ? undefined : msg('domain.outside', { fn, interval: '[-1, 1]' }));
/** A logarithm's domain, u > 0, with log's own wording. */
const logDomain = (fn: string) => ([x]: readonly number[]): Message | undefined =>
  (x! > 0 || Number.isNaN(x) ? undefined : x === 0 ? msg('domain.of-zero', { fn }) : msg('domain.negative', { fn }));

/** ⌊n⌋ of a rational: BigInt division truncates toward 0, one less for a negative non-integer. */
function floorQ(n: Q.Rational): Q.Rational {
  const q = n.num / n.den;
  return Q.rational(n.num < 0n && q * n.den !== n.num ? q - 1n : q);
}

/** n rounded to the nearest integer, a half to the even one, exactly. */
function roundHalfEvenQ(n: Q.Rational): Q.Rational {
  const f = floorQ(n);
  const c = Q.compare(Q.sub(n, f), Q.HALF);
  return c < 0 || (c === 0 && f.num % 2n === 0n) ? f : Q.add(f, Q.ONE);
}

const TABLE: { readonly [F in FunctionName]: FunctionRow & { readonly name: F } } = {
  // d/du e^u = e^u; exp u is the power e^u, whose exact values (e^0 = 1, e^1 = e, e^(ln u) = u) pow folds
  exp: {
    name: 'exp', arity: 1, evaluate: (x) => Math.exp(x), exact: exactOne((u) => pow(E, u)),
    derivative: one((u) => call('exp', [u])), latexName: '\\exp', ...library('exp'),
    misremembered: [{ label: msg('mistake.power-rule', { base: 'e^u', wrong: 'u·e^(u − 1)' }), derivative: one((u) => mul(u, call('exp', [sub(u, ONE)]))) }],
  },
  // d/du ln u = 1/u; ln 1 = 0, ln e = 1, ln e^u = u; log(u, b) = ln u/ln b, which the
  // constructor builds, so a two-argument call is a node only for a number base outside b > 0, b ≠ 1
  log: {
    name: 'log', aliases: ['ln'], arity: { min: 1, max: 2 },
    evaluate: (x, b) => (b === undefined ? Math.log(x) : Math.log(x) / Math.log(b)),
    domain: ([x, b]) => (x! > 0 ? baseDomain(b) : x === 0 ? msg('domain.of-zero', { fn: 'log' }) : msg('domain.negative', { fn: 'log' })),
    // A number base outside the domain stays a call, so that evaluation names the error.
    exact: ([x, b]) => (b === undefined ? exactLog(x!) : b.kind === 'num' && !validBase(b.value) ? undefined : div(call('log', [x!]), call('log', [b]))),
    // ∂/∂x log_b x = 1/(x ln b), ∂/∂b log_b x = −ln x/(b ln² b), for a call the constructor did not fold
    derivative: ([x, b], i) => (b === undefined ? recip(x!)
      : i === 0 ? recip(mul(x!, call('log', [b]))) : neg(div(call('log', [x!]), mul(b, square(call('log', [b])))))),
    latexName: '\\log', js: { call: ([x, b]) => (b === undefined ? `Math.log(${x})` : `(Math.log(${x}) / Math.log(${b}))`) },
    numpy: { call: ([x, b]) => (b === undefined ? `np.log(${x})` : `(np.log(${x}) / np.log(${b}))`) },
    misremembered: [
      { label: msg('mistake.itself', { like: 'exp' }), derivative: one((u) => call('log', [u])) },
      { label: msg('mistake.base-10', { wrong: '1/(u ln 10)' }), derivative: one((u) => recip(mul(u, call('log', [num(10)])))) },
    ],
  },
  // d/du sin u = cos u; sin 0 = 0
  sin: {
    name: 'sin', arity: 1, evaluate: (x) => Math.sin(x), exact: atZero(ZERO),
    derivative: one((u) => call('cos', [u])), latexName: '\\sin', ...library('sin'),
    misremembered: [{ label: msg('mistake.sign-carried', { of: 'cos′', wrong: '−cos u' }), derivative: one((u) => neg(call('cos', [u]))) }],
  },
  // d/du cos u = −sin u; cos 0 = 1
  cos: {
    name: 'cos', arity: 1, evaluate: (x) => Math.cos(x), exact: atZero(ONE),
    derivative: one((u) => neg(call('sin', [u]))), latexName: '\\cos', ...library('cos'),
    misremembered: [{ label: msg('mistake.sign-dropped', { wrong: 'sin u' }), derivative: one((u) => call('sin', [u])) }],
  },
  // d/du tan u = 1 + tan² u; tan 0 = 0
  tan: {
    name: 'tan', arity: 1, evaluate: (x) => Math.tan(x), exact: atZero(ZERO),
    derivative: one((u) => add(ONE, pow(call('tan', [u]), num(2)))), latexName: '\\tan', ...library('tan'),
    misremembered: [{ label: msg('mistake.sign-of', { of: 'tanh′', wrong: '1 − tan² u' }), derivative: one((u) => sub(ONE, square(call('tan', [u])))) }],
  },
  // d/du tanh u = 1 − tanh² u; tanh 0 = 0
  tanh: {
    name: 'tanh', arity: 1, evaluate: (x) => Math.tanh(x), exact: atZero(ZERO),
    derivative: one((u) => sub(ONE, pow(call('tanh', [u]), num(2)))), latexName: '\\tanh', ...library('tanh'),
    misremembered: [
      { label: msg('mistake.sign-of', { of: 'tan′', wrong: '1 + tanh² u' }), derivative: one((u) => add(ONE, square(call('tanh', [u])))) },
      { label: msg('mistake.square-missing', { wrong: '1 − tanh u' }), derivative: one((u) => sub(ONE, call('tanh', [u]))) },
      { label: msg('mistake.instead', { wrong: 'sech u', right: 'sech² u' }), derivative: one((u) => recip(call('cosh', [u]))) },
    ],
  },
  // d/du σ(u) = σ(u)(1 − σ(u)); σ(0) = ½
  sigmoid: {
    name: 'sigmoid', arity: 1, evaluate: (x) => sigmoidValue(x), exact: atZero(HALF),
    derivative: one((u) => mul(call('sigmoid', [u]), sub(ONE, call('sigmoid', [u])))), latexName: '\\sigma',
    // The stable form of `evaluate`.
    js: viaHelper(SIGMOID_HELPER), numpy: unary(numpySigmoid),
    misremembered: [
      { label: msg('mistake.sign-inside', { wrong: 'σ(u)(1 + σ(u))' }), derivative: one((u) => mul(call('sigmoid', [u]), add(ONE, call('sigmoid', [u])))) },
      { label: msg('mistake.itself', { like: 'exp' }), derivative: one((u) => call('sigmoid', [u])) },
      { label: msg('mistake.factor-dropped', { factor: 'σ(u)', wrong: '1 − σ(u)' }), derivative: one((u) => sub(ONE, call('sigmoid', [u]))) },
    ],
  },
  // d/du softplus u = d/du ln(1 + e^u) = σ(u)
  softplus: {
    name: 'softplus', arity: 1, evaluate: (x) => (x > 30 ? x : Math.log1p(Math.exp(x))),
    derivative: one((u) => call('sigmoid', [u])), latexName: '\\operatorname{softplus}',
    js: viaHelper({ name: 'softplus', body: 'return x > 30 ? x : Math.log1p(Math.exp(x));' }),
    numpy: unary((a) => `np.logaddexp(0.0, ${a})`),
    // ln(1 + e^u) differentiated as 1/(1 + e^u), the inner derivative e^u forgotten
    misremembered: [{ label: msg('mistake.inner-dropped', { inner: 'e^u', wrong: '1/(1 + e^u)' }), derivative: one((u) => recip(add(ONE, pow(E, u)))) }],
  },
  // d/du relu u = step(u), with relu′(0) = 0 (PyTorch's and JAX's convention); relu c = max(c, 0)
  relu: {
    name: 'relu', arity: 1, evaluate: (x) => (x > 0 ? x : x === x ? 0 : NaN),
    exact: exactOfNumber((n) => (Q.compare(n, Q.ZERO) > 0 ? n : Q.ZERO)),
    derivative: one((u) => call('step', [u])), kink: ([x]) => x === 0, latexName: '\\operatorname{relu}',
    js: unary((a) => `Math.max(${a}, 0)`), numpy: unary((a) => `np.maximum(${a}, 0.0)`),
  },
  // d/du |u| = sign(u), with |u|′(0) = 0; |c| exactly, ||u|| = |u|
  abs: {
    name: 'abs', arity: 1, evaluate: (x) => Math.abs(x),
    exact: exactOne((u) => (u.kind === 'num' ? num(Q.abs(u.value)) : u.kind === 'call' && u.fn === 'abs' ? u : undefined)),
    derivative: one((u) => call('sign', [u])), kink: ([x]) => x === 0,
    latexName: '\\operatorname{abs}', latex: ([a]) => `\\left|${a}\\right|`, ...library('abs'),
  },
  // d/du sign u = 0 away from 0; sign c ∈ {−1, 0, 1} exactly
  sign: {
    name: 'sign', arity: 1, evaluate: (x) => Math.sign(x), exact: exactOfNumber((n) => Q.fromInt(Q.compare(n, Q.ZERO))),
    derivative: () => num(0), kink: ([x]) => x === 0, latexName: '\\operatorname{sign}', ...library('sign'),
  },
  // d/du step u = 0 away from 0 (Heaviside, step(0) = 0, matching relu′(0) = 0); step c ∈ {0, 1} exactly
  step: {
    name: 'step', arity: 1, evaluate: (x) => (x > 0 ? 1 : x === x ? 0 : NaN),
    exact: exactOfNumber((n) => (Q.compare(n, Q.ZERO) > 0 ? Q.ONE : Q.ZERO)),
    derivative: () => num(0), kink: ([x]) => x === 0, latexName: '\\operatorname{step}',
    js: viaHelper({ name: 'step', comment: 'Heaviside step, step(0) = 0.', body: 'return x > 0 ? 1 : x === x ? 0 : NaN;' }),
    numpy: unary((a) => `np.heaviside(${a}, 0.0)`),
  },
  // ∂max/∂a_i = 1 where a_i is the largest, ½ at a tie of two; max of numbers exactly
  max: {
    name: 'max', arity: { min: 2 }, evaluate: (...xs) => Math.max(...xs), exact: (args) => exactExtremum('max', args),
    derivative: (args, i) => extremumPartial('max', args, i), kink: tieAmong, latexName: '\\max',
    js: applied('Math.max'), numpy: nested('np.maximum'),
  },
  // ∂min/∂a_i = 1 where a_i is the smallest, ½ at a tie of two; min of numbers exactly
  min: {
    name: 'min', arity: { min: 2 }, evaluate: (...xs) => Math.min(...xs), exact: (args) => exactExtremum('min', args),
    derivative: (args, i) => extremumPartial('min', args, i), kink: tieAmong, latexName: '\\min',
    js: applied('Math.min'), numpy: nested('np.minimum'),
  },
  // d/du sin⁻¹ u = 1/√(1 − u²); asin 0 = 0
  asin: {
    name: 'asin', aliases: ['arcsin'], arity: 1, evaluate: (x) => Math.asin(x), domain: unitInterval('asin'), exact: atZero(ZERO),
    derivative: one((u) => invSqrt(sub(ONE, square(u)))), latexName: '\\arcsin', js: applied('Math.asin'), numpy: applied('np.arcsin'),
  },
  // d/du cos⁻¹ u = −1/√(1 − u²); acos 1 = 0
  acos: {
    name: 'acos', aliases: ['arccos'], arity: 1, evaluate: (x) => Math.acos(x), domain: unitInterval('acos'),
    exact: exactOne((u) => (u === ONE ? ZERO : undefined)),
    derivative: one((u) => neg(invSqrt(sub(ONE, square(u))))), latexName: '\\arccos', js: applied('Math.acos'), numpy: applied('np.arccos'),
  },
  // d/du tan⁻¹ u = 1/(1 + u²); atan 0 = 0
  atan: {
    name: 'atan', aliases: ['arctan'], arity: 1, evaluate: (x) => Math.atan(x), exact: atZero(ZERO),
    derivative: one((u) => recip(add(ONE, square(u)))), latexName: '\\arctan', js: applied('Math.atan'), numpy: applied('np.arctan'),
  },
  // d/du sinh u = cosh u; sinh 0 = 0
  sinh: {
    name: 'sinh', arity: 1, evaluate: (x) => Math.sinh(x), exact: atZero(ZERO),
    derivative: one((u) => call('cosh', [u])), latexName: '\\sinh', ...library('sinh'),
  },
  // d/du cosh u = sinh u; cosh 0 = 1
  cosh: {
    name: 'cosh', arity: 1, evaluate: (x) => Math.cosh(x), exact: atZero(ONE),
    derivative: one((u) => call('sinh', [u])), latexName: '\\cosh', ...library('cosh'),
    misremembered: [{ label: msg('mistake.sign-carried', { of: 'cos′', wrong: '−sinh u' }), derivative: one((u) => neg(call('sinh', [u]))) }],
  },
  // d/du sinh⁻¹ u = 1/√(u² + 1); asinh 0 = 0
  asinh: {
    name: 'asinh', arity: 1, evaluate: (x) => Math.asinh(x), exact: atZero(ZERO),
    derivative: one((u) => invSqrt(add(square(u), ONE))), latexName: '\\operatorname{asinh}', js: applied('Math.asinh'), numpy: applied('np.arcsinh'),
  },
  // d/du cosh⁻¹ u = 1/√(u² − 1), for u ≥ 1; acosh 1 = 0
  acosh: {
    name: 'acosh', arity: 1, evaluate: (x) => Math.acosh(x),
    domain: ([x]) => (x! >= 1 || Number.isNaN(x) ? undefined : msg('domain.below', { fn: 'acosh', min: 1 })),
    exact: exactOne((u) => (u === ONE ? ZERO : undefined)),
    derivative: one((u) => invSqrt(sub(square(u), ONE))), latexName: '\\operatorname{acosh}', js: applied('Math.acosh'), numpy: applied('np.arccosh'),
  },
  // d/du tanh⁻¹ u = 1/(1 − u²), for |u| < 1; atanh 0 = 0
  atanh: {
    name: 'atanh', arity: 1, evaluate: (x) => Math.atanh(x),
    domain: ([x]) => (Math.abs(x!) < 1 || Number.isNaN(x) ? undefined : msg('domain.outside', { fn: 'atanh', interval: '(-1, 1)' })), exact: atZero(ZERO),
    derivative: one((u) => recip(sub(ONE, square(u)))), latexName: '\\operatorname{atanh}', js: applied('Math.atanh'), numpy: applied('np.arctanh'),
  },
  // d/du sec u = sec u · tan u; sec 0 = 1
  sec: {
    name: 'sec', arity: 1, evaluate: (x) => 1 / Math.cos(x), exact: atZero(ONE),
    derivative: one((u) => mul(call('sec', [u]), call('tan', [u]))), latexName: '\\sec', ...reciprocalOf('cos'),
  },
  // d/du csc u = −csc u · cot u
  csc: {
    name: 'csc', arity: 1, evaluate: (x) => 1 / Math.sin(x),
    derivative: one((u) => neg(mul(call('csc', [u]), call('cot', [u])))), latexName: '\\csc', ...reciprocalOf('sin'),
  },
  // d/du cot u = −1 − cot² u
  cot: {
    name: 'cot', arity: 1, evaluate: (x) => 1 / Math.tan(x),
    derivative: one((u) => sub(MINUS_ONE, square(call('cot', [u])))), latexName: '\\cot', ...reciprocalOf('tan'),
  },
  // ∂atan2(y, x)/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²); the angle jumps by 2π across the negative x-axis, a kink
  atan2: {
    name: 'atan2', arity: 2, evaluate: (y, x) => Math.atan2(y!, x!),
    derivative: ([y, x], i) => div(i === 0 ? x! : neg(y!), add(square(x!), square(y!))),
    kink: ([y, x]) => y === 0 && x! <= 0, latexName: '\\operatorname{atan2}', js: applied('Math.atan2'), numpy: applied('np.arctan2'),
  },
  // d/du log₂ u = 1/(u ln 2); log₂ 1 = 0
  log2: {
    name: 'log2', arity: 1, evaluate: (x) => Math.log2(x), domain: logDomain('log2'), exact: exactOne((u) => (u === ONE ? ZERO : undefined)),
    derivative: one((u) => recip(mul(u, call('log', [TWO])))), latexName: '\\operatorname{log2}', ...library('log2'),
  },
  // d/du log₁₀ u = 1/(u ln 10); log₁₀ 1 = 0
  log10: {
    name: 'log10', arity: 1, evaluate: (x) => Math.log10(x), domain: logDomain('log10'), exact: exactOne((u) => (u === ONE ? ZERO : undefined)),
    derivative: one((u) => recip(mul(u, call('log', [num(10)])))), latexName: '\\operatorname{log10}', ...library('log10'),
  },
  // d/du ∛u = 1/(3 ∛u²); the real cube root is the power u^(1/3), whose odd root pow keeps real for negative u
  cbrt: {
    name: 'cbrt', arity: 1, evaluate: (x) => Math.cbrt(x), exact: exactOne((u) => pow(u, THIRD)),
    derivative: one((u) => div(ONE, mul(num(3), pow(u, num(Q.rational(2n, 3n)))))), latexName: '\\operatorname{cbrt}', ...library('cbrt'),
  },
  // ∂hypot(x, y)/∂x = x/hypot(x, y), with the partials 0 at the origin's kink
  hypot: {
    name: 'hypot', arity: 2, evaluate: (x, y) => Math.hypot(x!, y!),
    derivative: (args, i) => div(args[i]!, call('hypot', args)), kink: ([x, y]) => x === 0 && y === 0,
    latexName: '\\operatorname{hypot}', ...library('hypot'),
  },
  // d/du erf u = 2/√π · e^(−u²); erf 0 = 0
  erf: {
    name: 'erf', arity: 1, evaluate: erf, exact: atZero(ZERO),
    derivative: one((u) => mul(TWO, pow(PI, NEG_HALF), call('exp', [neg(square(u))]))), latexName: '\\operatorname{erf}',
    js: viaHelper(ERF_HELPER), numpy: unary(numpyErf),
  },
  // d/du gelu u = d/du u·Φ(u) = Φ(u) + u·φ(u), Φ(u) = (1 + erf(u/√2))/2, φ(u) = e^(−u²/2)/√(2π); gelu 0 = 0
  gelu: {
    name: 'gelu', arity: 1, evaluate: (x) => (x / 2) * (1 + erf(x / Math.SQRT2)), exact: atZero(ZERO),
    derivative: one((u) => add(
      mul(HALF, add(ONE, call('erf', [mul(u, pow(TWO, NEG_HALF))]))),
      mul(u, pow(mul(TWO, PI), NEG_HALF), call('exp', [mul(num(Q.rational(-1n, 2n)), square(u))])),
    )),
    latexName: '\\operatorname{gelu}',
    js: { ...unary((a) => `(${a} / 2 * (1 + erf(${a} / Math.SQRT2)))`), helper: ERF_HELPER },
    numpy: unary((a) => `(${a} / 2 * (1 + ${numpyErf(`${a} / np.sqrt(2.0)`)}))`),
  },
  // d/du silu u = d/du u·σ(u) = σ(u)·(1 + u·(1 − σ(u))); swish is silu (PyTorch's, without β); silu 0 = 0
  silu: {
    name: 'silu', aliases: ['swish'], arity: 1, evaluate: (x) => x * sigmoidValue(x), exact: atZero(ZERO),
    derivative: one((u) => mul(call('sigmoid', [u]), add(ONE, mul(u, sub(ONE, call('sigmoid', [u])))))),
    latexName: '\\operatorname{silu}',
    js: { ...unary((a) => `(${a} * sigmoid(${a}))`), helper: SIGMOID_HELPER }, numpy: unary((a) => `(${a} * ${numpySigmoid(a)})`),
  },
  // ∂leaky_relu(x, a)/∂x = a + (1 − a)·step(x), a at the kink as PyTorch; ∂/∂a = min(x, 0) = −relu(−x); a = 0.01 when omitted
  leaky_relu: {
    name: 'leaky_relu', arity: { min: 1, max: 2 }, evaluate: (x, a = 0.01) => (x > 0 ? x : a * x),
    exact: (args) => (args.length === 1 ? callNode('leaky_relu', [args[0]!, num(Q.rational(1n, 100n))]) : undefined),
    derivative: ([x, a], i) => (i === 0 ? add(a!, mul(sub(ONE, a!), call('step', [x!]))) : neg(call('relu', [neg(x!)]))),
    kink: ([x]) => x === 0, latexName: '\\operatorname{leaky\\_relu}',
    js: { call: ([x, a]) => `(${x} > 0 ? ${x} : ${a} * ${x})` }, numpy: { call: ([x, a]) => `np.where(${x} > 0, ${x}, ${a} * ${x})` },
  },
  // ∂elu(x, a)/∂x = 1 for x > 0, a·eˣ else (a at the kink, as PyTorch) = a·e^min(x, 0) + (1 − a)·step(x); ∂/∂a = e^min(x, 0) − 1; a = 1 when omitted
  elu: {
    name: 'elu', arity: { min: 1, max: 2 }, evaluate: (x, a = 1) => (x > 0 ? x : a * Math.expm1(x)),
    exact: (args) => (args.length === 1 ? callNode('elu', [args[0]!, ONE]) : undefined),
    derivative: ([x, a], i) => {
      const decay = call('exp', [call('min', [x!, ZERO])]);
      return i === 0 ? add(mul(a!, decay), mul(sub(ONE, a!), call('step', [x!]))) : sub(decay, ONE);
    },
    kink: ([x]) => x === 0, latexName: '\\operatorname{elu}',
    js: { call: ([x, a]) => `(${x} > 0 ? ${x} : ${a} * Math.expm1(${x}))` },
    // The negative branch at min(x, 0), so that NumPy does not overflow on the branch np.where discards.
    numpy: { call: ([x, a]) => `np.where(${x} > 0, ${x}, ${a} * np.expm1(np.minimum(${x}, 0.0)))` },
  },
  // d/du softsign u = d/du u/(1 + |u|) = 1/(1 + |u|)²; softsign 0 = 0
  softsign: {
    name: 'softsign', arity: 1, evaluate: (x) => x / (1 + Math.abs(x)), exact: atZero(ZERO),
    derivative: one((u) => pow(add(ONE, call('abs', [u])), num(-2))), latexName: '\\operatorname{softsign}',
    js: unary((a) => `(${a} / (1 + Math.abs(${a})))`), numpy: unary((a) => `(${a} / (1 + np.abs(${a})))`),
  },
  // d/du hard_sigmoid u = d/du clip(u/6 + 1/2, 0, 1) = 1/6 for −3 < u < 3, else 0 (0 at ±3, as PyTorch); hard_sigmoid 0 = ½
  hard_sigmoid: {
    name: 'hard_sigmoid', arity: 1, evaluate: (x) => Math.min(Math.max(x / 6 + 0.5, 0), 1), exact: atZero(HALF),
    derivative: one((u) => mul(num(Q.rational(1n, 6n)), call('step', [add(u, num(3))]), call('step', [sub(num(3), u)]))),
    kink: ([x]) => Math.abs(x!) === 3, latexName: '\\operatorname{hard\\_sigmoid}',
    js: unary((a) => `Math.min(Math.max(${a} / 6 + 0.5, 0), 1)`), numpy: unary((a) => `np.clip(${a} / 6 + 0.5, 0.0, 1.0)`),
  },
  // d/du log σ(u) = d/du −softplus(−u) = σ(−u)
  log_sigmoid: {
    name: 'log_sigmoid', arity: 1, evaluate: (x) => (x < -30 ? x : -Math.log1p(Math.exp(-x))),
    derivative: one((u) => call('sigmoid', [neg(u)])), latexName: '\\operatorname{log\\_sigmoid}',
    js: viaHelper({ name: 'logSigmoid', comment: 'log σ(x) = −softplus(−x).', body: 'return x < -30 ? x : -Math.log1p(Math.exp(-x));' }),
    numpy: unary((a) => `(-np.logaddexp(0.0, -${a}))`),
  },
  // d/du ⌊u⌋ = 0 away from the jumps at the integers (0 there too, as PyTorch); ⌊c⌋ exactly
  floor: {
    name: 'floor', arity: 1, evaluate: (x) => Math.floor(x), exact: exactOfNumber(floorQ),
    derivative: () => ZERO, kink: ([x]) => Number.isInteger(x), latexName: '\\operatorname{floor}',
    latex: ([a]) => `\\lfloor ${a} \\rfloor`, ...library('floor'),
  },
  // d/du ⌈u⌉ = 0 away from the jumps at the integers (0 there too); ⌈c⌉ exactly
  ceil: {
    name: 'ceil', arity: 1, evaluate: (x) => Math.ceil(x), exact: exactOfNumber((n) => Q.neg(floorQ(Q.neg(n)))),
    derivative: () => ZERO, kink: ([x]) => Number.isInteger(x), latexName: '\\operatorname{ceil}',
    latex: ([a]) => `\\lceil ${a} \\rceil`, ...library('ceil'),
  },
  // d/du round u = 0 away from the jumps at the half-integers (0 there too); a half rounds to even, as NumPy and PyTorch
  round: {
    name: 'round', arity: 1, evaluate: roundHalfEven, exact: exactOfNumber(roundHalfEvenQ),
    derivative: () => ZERO, kink: ([x]) => x! - Math.floor(x!) === 0.5, latexName: '\\operatorname{round}',
    js: viaHelper({ name: 'roundHalfEven', comment: 'Round to the nearest integer, a half to the even one (as NumPy).', body: ROUND_HALF_EVEN_SOURCE }),
    numpy: applied('np.round'),
  },
  // ∂clip(x, lo, hi)/∂x = 1 for lo ≤ x ≤ hi, else 0 (PyTorch's clamp); ∂/∂lo = 1 for x < lo; ∂/∂hi = 1 for x > hi
  clip: {
    name: 'clip', arity: 3, evaluate: (x, lo, hi) => (lo! <= hi! ? Math.min(Math.max(x!, lo!), hi!) : NaN),
    domain: ([, lo, hi]) => (lo! > hi! ? msg('domain.clip', { fn: 'clip', lo: 'lo', hi: 'hi' }) : undefined),
    derivative: ([x, lo, hi], i) => {
      const below = call('step', [sub(lo!, x!)]);
      const above = call('step', [sub(x!, hi!)]);
      return i === 0 ? mul(sub(ONE, below), sub(ONE, above)) : i === 1 ? below : above;
    },
    kink: ([x, lo, hi]) => x === lo || x === hi, latexName: '\\operatorname{clip}',
    js: { call: ([x, lo, hi]) => `Math.min(Math.max(${x}, ${lo}), ${hi})` }, numpy: { call: ([x, lo, hi]) => `np.clip(${x}, ${lo}, ${hi})` },
  },
};

/** Every row, in registry order. */
export const FUNCTIONS: readonly FunctionRow[] = FUNCTION_NAMES.map((name) => TABLE[name]);

/** The row of a call's function: total, a call node's `fn` always has one. */
export function functionRow(fn: FunctionName): FunctionRow {
  return TABLE[fn];
}

/**
 * A call in canonical form: the row's exact value where there is one
 * (`sin(0)` is 0, `log(exp(u))` is u), else the call node. Every call is
 * built here (exp also by `pow`, which folds it the same way), so a call
 * folds the same however it was made.
 */
export function call(fn: FunctionName, args: readonly Expr[]): Expr {
  return (args.length > 0 ? TABLE[fn].exact?.(args) : undefined) ?? callNode(fn, args);
}

const BY_WORD = new Map<string, FunctionRow>();
for (const row of FUNCTIONS) {
  BY_WORD.set(row.name, row);
  for (const a of row.aliases ?? []) BY_WORD.set(a, row);
}

/** The row for a word written on input, a function name or an alias; undefined for an unknown word. */
export function lookupFunction(word: string): FunctionRow | undefined {
  return BY_WORD.get(word);
}

/**
 * Function-like words that the parsers lower to other nodes, not registry
 * rows; `sum`, `conv2d` and `maxpool` expand indexed expressions (SPEC §7).
 */
export const SPECIAL_FORMS = ['sqrt', 'pow', 'diff', 'd', 'sum', 'conv2d', 'maxpool'] as const;

/** Every word that names a function on input (for the lexers and error messages). */
export const FUNCTION_WORDS: readonly string[] = [...BY_WORD.keys(), 'sqrt', 'pow', 'sum', 'conv2d', 'maxpool'];

export function arityOk(row: FunctionRow, n: number): boolean {
  return typeof row.arity === 'number' ? n === row.arity : n >= row.arity.min && n <= (row.arity.max ?? Infinity);
}

export function arityText(row: FunctionRow): Message {
  const { arity } = row;
  if (typeof arity === 'number') return msg('arity.exactly', { count: arity });
  if (arity.max === undefined) return msg('arity.at-least', { min: arity.min });
  return msg(arity.max === arity.min + 1 ? 'arity.either' : 'arity.between', { min: arity.min, max: arity.max });
}
