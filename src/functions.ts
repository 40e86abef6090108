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

import { E, type Expr, HALF, isNum, type Num, num, ONE, ZERO } from './expr/node.ts';
import * as Q from './expr/rational.ts';
import { add, callNode, mul, neg, pow, sub } from './expr/canonical.ts';
import { FUNCTION_NAMES, type FunctionName } from './expr/function-name.ts';

/** A module-level helper function of one argument `x` that generated code calls by name. */
export interface CodeHelper {
  readonly name: string;
  /** A doc comment for the helper, if its convention needs saying. */
  readonly comment?: string;
  /** The body, one `return` statement over `x`. */
  readonly body: string;
}

/** How generated code spells a call: its expression from the argument codes. */
export interface CodeSpelling {
  readonly call: (args: readonly string[]) => string;
}

/** A JavaScript spelling may call a helper, which the module then defines once (NumPy has every function built in). */
export interface JsSpelling extends CodeSpelling {
  readonly helper?: CodeHelper;
}

export interface FunctionRow {
  /** The ASCII name, as printed. */
  readonly name: FunctionName;
  /** Other spellings accepted on input (`ln` for `log`). */
  readonly aliases?: readonly string[];
  /** Exact arity, or `variadic` with a minimum. */
  readonly arity: number | { readonly min: number };
  /**
   * Float value; NaN in, NaN out (so a domain error upstream is never
   * masked), NaN for a domain error, which the evaluator then names.
   */
  readonly evaluate: (...args: number[]) => number;
  /** Why a float argument is outside the domain, or undefined when it is fine. */
  readonly domain?: (args: readonly number[]) => string | undefined;
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
}

const sigmoidValue = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const one = (f: (a: Expr) => Expr) => (args: readonly Expr[]): Expr => f(args[0]!);
/** An exact value that depends on the first argument only. */
const exactOne = (f: (a: Expr) => Expr | undefined) => (args: readonly Expr[]): Expr | undefined => f(args[0]!);
/** An exact value of a number argument. */
const exactOfNumber = (f: (n: Q.Rational) => Q.Rational) => exactOne((a) => (a.kind === 'num' ? num(f(a.value)) : undefined));
/** f(0) = value, the only exact value of most functions. */
const atZero = (value: Expr) => exactOne((a) => (a === ZERO ? value : undefined));

/** `f(a, b)`: a call of the target language's own function. */
const applied = (f: string): CodeSpelling => ({ call: (args) => `${f}(${args.join(', ')})` });
/** A call of a helper that the module defines once. */
const viaHelper = (helper: CodeHelper): JsSpelling => ({ ...applied(helper.name), helper });
/** An expression over the single argument. */
const unary = (f: (a: string) => string): CodeSpelling => ({ call: (args) => f(args[0]!) });
/** The same library function in both targets: `Math.exp` and `np.exp`. */
const library = (name: string): Pick<FunctionRow, 'js' | 'numpy'> => ({ js: applied(`Math.${name}`), numpy: applied(`np.${name}`) });

/** `np.maximum(a, np.maximum(b, c))`: NumPy's element-wise extremum takes two arguments. */
const nested = (f: string): CodeSpelling => ({
  call: (args) => {
    let acc = args[args.length - 1]!;
    for (let i = args.length - 2; i >= 0; i--) acc = `${f}(${args[i]!}, ${acc})`;
    return acc;
  },
});

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

const tieAmong = (args: readonly number[]): boolean => new Set(args).size < args.length;

const TABLE: { readonly [F in FunctionName]: FunctionRow & { readonly name: F } } = {
  // d/du e^u = e^u; exp u is the power e^u, whose exact values (e^0 = 1, e^1 = e, e^(ln u) = u) pow folds
  exp: {
    name: 'exp', arity: 1, evaluate: (x) => Math.exp(x), exact: exactOne((u) => pow(E, u)),
    derivative: one((u) => call('exp', [u])), latexName: '\\exp', ...library('exp'),
  },
  // d/du ln u = 1/u; ln 1 = 0, ln e = 1, ln e^u = u
  log: {
    name: 'log', aliases: ['ln'], arity: 1, evaluate: (x) => Math.log(x),
    domain: ([x]) => (x! > 0 ? undefined : x === 0 ? 'log of 0' : 'log of a negative number'),
    exact: exactOne((u) => (u === ONE ? ZERO : u === E ? ONE : u.kind === 'call' && u.fn === 'exp' ? u.args[0]! : undefined)),
    derivative: one((u) => pow(u, num(-1))), latexName: '\\log', ...library('log'),
  },
  // d/du sin u = cos u; sin 0 = 0
  sin: {
    name: 'sin', arity: 1, evaluate: (x) => Math.sin(x), exact: atZero(ZERO),
    derivative: one((u) => call('cos', [u])), latexName: '\\sin', ...library('sin'),
  },
  // d/du cos u = −sin u; cos 0 = 1
  cos: {
    name: 'cos', arity: 1, evaluate: (x) => Math.cos(x), exact: atZero(ONE),
    derivative: one((u) => neg(call('sin', [u]))), latexName: '\\cos', ...library('cos'),
  },
  // d/du tan u = 1 + tan² u; tan 0 = 0
  tan: {
    name: 'tan', arity: 1, evaluate: (x) => Math.tan(x), exact: atZero(ZERO),
    derivative: one((u) => add(ONE, pow(call('tan', [u]), num(2)))), latexName: '\\tan', ...library('tan'),
  },
  // d/du tanh u = 1 − tanh² u; tanh 0 = 0
  tanh: {
    name: 'tanh', arity: 1, evaluate: (x) => Math.tanh(x), exact: atZero(ZERO),
    derivative: one((u) => sub(ONE, pow(call('tanh', [u]), num(2)))), latexName: '\\tanh', ...library('tanh'),
  },
  // d/du σ(u) = σ(u)(1 − σ(u)); σ(0) = ½
  sigmoid: {
    name: 'sigmoid', arity: 1, evaluate: (x) => sigmoidValue(x), exact: atZero(HALF),
    derivative: one((u) => mul(call('sigmoid', [u]), sub(ONE, call('sigmoid', [u])))), latexName: '\\sigma',
    // The stable form of `evaluate`; in NumPy σ(x) = exp(−log(1 + e^(−x))): no overflow for any x.
    js: viaHelper({ name: 'sigmoid', body: 'return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));' }),
    numpy: unary((a) => `np.exp(-np.logaddexp(0.0, -${a}))`),
  },
  // d/du softplus u = d/du ln(1 + e^u) = σ(u)
  softplus: {
    name: 'softplus', arity: 1, evaluate: (x) => (x > 30 ? x : Math.log1p(Math.exp(x))),
    derivative: one((u) => call('sigmoid', [u])), latexName: '\\operatorname{softplus}',
    js: viaHelper({ name: 'softplus', body: 'return x > 30 ? x : Math.log1p(Math.exp(x));' }),
    numpy: unary((a) => `np.logaddexp(0.0, ${a})`),
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
  return typeof row.arity === 'number' ? n === row.arity : n >= row.arity.min;
}

export function arityText(row: FunctionRow): string {
  return typeof row.arity === 'number'
    ? `${row.arity} argument${row.arity === 1 ? '' : 's'}`
    : `at least ${row.arity.min} arguments`;
}
