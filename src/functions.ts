/**
 * The function registry: one row per function. The lexer and parsers (which
 * words are functions), the evaluator (numeric value), the differentiator
 * (f′ per argument, the chain rule is applied once in diff/) and the printers
 * (ASCII and LaTeX) all read this table. Adding `sinh` is one row.
 */

import { type Expr, HALF, num, ONE } from './expr/node.ts';
import { add, call, mul, neg, pow, sub } from './expr/canonical.ts';

export interface FunctionRow {
  /** The ASCII name, as printed. */
  readonly name: string;
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
   * ∂f/∂(argument i) written in terms of the arguments (and of f itself, as
   * people write sigmoid′ = σ(1 − σ)).
   */
  readonly derivative: (args: readonly Expr[], i: number) => Expr;
  /** True where the function has a kink at these argument values. */
  readonly kink?: (args: readonly number[]) => boolean;
  /** LaTeX command or operator name; `latex` overrides the whole rendering. */
  readonly latexName: string;
  readonly latex?: (args: readonly string[]) => string;
}

const sigmoidValue = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const one = (f: (a: Expr) => Expr) => (args: readonly Expr[]): Expr => f(args[0]!);

/** ∂max(a_1..a_n)/∂a_i with ties split evenly between two: (1 + sign(a_i − max(rest)))/2. */
function extremumPartial(fn: 'max' | 'min', args: readonly Expr[], i: number): Expr {
  const rest = args.filter((_, j) => j !== i);
  const other = rest.length === 1 ? rest[0]! : call(fn, rest);
  const s = call('sign', [sub(args[i]!, other)]);
  return mul(HALF, fn === 'max' ? add(ONE, s) : sub(ONE, s));
}

const tieAmong = (args: readonly number[]): boolean => new Set(args).size < args.length;

export const FUNCTIONS: readonly FunctionRow[] = [
  // d/du e^u = e^u
  { name: 'exp', arity: 1, evaluate: (x) => Math.exp(x), derivative: one((u) => call('exp', [u])), latexName: '\\exp' },
  // d/du ln u = 1/u
  {
    name: 'log', aliases: ['ln'], arity: 1, evaluate: (x) => Math.log(x),
    domain: ([x]) => (x! > 0 ? undefined : x === 0 ? 'log of 0' : 'log of a negative number'),
    derivative: one((u) => pow(u, num(-1))), latexName: '\\log',
  },
  // d/du sin u = cos u
  { name: 'sin', arity: 1, evaluate: (x) => Math.sin(x), derivative: one((u) => call('cos', [u])), latexName: '\\sin' },
  // d/du cos u = −sin u
  { name: 'cos', arity: 1, evaluate: (x) => Math.cos(x), derivative: one((u) => neg(call('sin', [u]))), latexName: '\\cos' },
  // d/du tan u = 1 + tan² u
  { name: 'tan', arity: 1, evaluate: (x) => Math.tan(x), derivative: one((u) => add(ONE, pow(call('tan', [u]), num(2)))), latexName: '\\tan' },
  // d/du tanh u = 1 − tanh² u
  { name: 'tanh', arity: 1, evaluate: (x) => Math.tanh(x), derivative: one((u) => sub(ONE, pow(call('tanh', [u]), num(2)))), latexName: '\\tanh' },
  // d/du σ(u) = σ(u)(1 − σ(u))
  {
    name: 'sigmoid', arity: 1, evaluate: (x) => sigmoidValue(x),
    derivative: one((u) => mul(call('sigmoid', [u]), sub(ONE, call('sigmoid', [u])))), latexName: '\\sigma',
  },
  // d/du softplus u = d/du ln(1 + e^u) = σ(u)
  {
    name: 'softplus', arity: 1, evaluate: (x) => (x > 30 ? x : Math.log1p(Math.exp(x))),
    derivative: one((u) => call('sigmoid', [u])), latexName: '\\operatorname{softplus}',
  },
  // d/du relu u = step(u), with relu′(0) = 0 (PyTorch's and JAX's convention)
  {
    name: 'relu', arity: 1, evaluate: (x) => (x > 0 ? x : x === x ? 0 : NaN), derivative: one((u) => call('step', [u])),
    kink: ([x]) => x === 0, latexName: '\\operatorname{relu}',
  },
  // d/du |u| = sign(u), with |u|′(0) = 0
  {
    name: 'abs', arity: 1, evaluate: (x) => Math.abs(x), derivative: one((u) => call('sign', [u])),
    kink: ([x]) => x === 0, latexName: '\\operatorname{abs}', latex: ([a]) => `\\left|${a}\\right|`,
  },
  // d/du sign u = 0 away from 0
  {
    name: 'sign', arity: 1, evaluate: (x) => Math.sign(x), derivative: () => num(0),
    kink: ([x]) => x === 0, latexName: '\\operatorname{sign}',
  },
  // d/du step u = 0 away from 0 (Heaviside, step(0) = 0)
  {
    name: 'step', arity: 1, evaluate: (x) => (x > 0 ? 1 : x === x ? 0 : NaN), derivative: () => num(0),
    kink: ([x]) => x === 0, latexName: '\\operatorname{step}',
  },
  // ∂max/∂a_i = 1 where a_i is the largest, ½ at a tie of two
  {
    name: 'max', arity: { min: 2 }, evaluate: (...xs) => Math.max(...xs),
    derivative: (args, i) => extremumPartial('max', args, i), kink: tieAmong, latexName: '\\max',
  },
  // ∂min/∂a_i = 1 where a_i is the smallest, ½ at a tie of two
  {
    name: 'min', arity: { min: 2 }, evaluate: (...xs) => Math.min(...xs),
    derivative: (args, i) => extremumPartial('min', args, i), kink: tieAmong, latexName: '\\min',
  },
];

const BY_NAME = new Map<string, FunctionRow>();
for (const row of FUNCTIONS) {
  BY_NAME.set(row.name, row);
  for (const a of row.aliases ?? []) BY_NAME.set(a, row);
}

/** The row for a function name or alias. */
export function lookupFunction(name: string): FunctionRow | undefined {
  return BY_NAME.get(name);
}

/**
 * Function-like words that the parsers lower to other nodes, not registry
 * rows; `sum`, `conv2d` and `maxpool` expand indexed expressions (SPEC §7).
 */
export const SPECIAL_FORMS = ['sqrt', 'pow', 'diff', 'd', 'sum', 'conv2d', 'maxpool'] as const;

/** Every word that names a function on input (for the lexers and error messages). */
export const FUNCTION_WORDS: readonly string[] = [...BY_NAME.keys(), 'sqrt', 'pow', 'sum', 'conv2d', 'maxpool'];

export function arityOk(row: FunctionRow, n: number): boolean {
  return typeof row.arity === 'number' ? n === row.arity : n >= row.arity.min;
}

export function arityText(row: FunctionRow): string {
  return typeof row.arity === 'number'
    ? `${row.arity} argument${row.arity === 1 ? '' : 's'}`
    : `at least ${row.arity.min} arguments`;
}
