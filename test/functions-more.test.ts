/**
 * The registry's newer functions (issue 20: the inverse and hyperbolic
 * trigonometric functions, atan2, log to a base, log2, log10, cbrt, hypot,
 * erf, the activations, floor, ceil, round, clip) against independent
 * oracles: SymPy's values and derivatives (test/data/functions-corpus.json,
 * made by test/data/make-functions-corpus.py), central finite differences
 * away from kinks, KaTeX for every printed LaTeX, and both parsers reading
 * the printed forms back to the same node. Also the conventions at the
 * kinks (PyTorch's), the optional arguments, and the misremembered
 * derivatives the rows carry as data.
 */

import { readFileSync } from 'node:fs';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { type Expr, num, sym } from '../src/expr/node.ts';
import { call, functionRow, lookupFunction } from '../src/functions.ts';
import type { FunctionName } from '../src/expr/function-name.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { parseLatex } from '../src/parse/latex.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { diff } from '../src/diff/diff.ts';
import { say } from '../src/messages/format.ts';
import { toText } from '../src/print/text.ts';
import { toLatex } from '../src/print/latex.ts';
import { evaluate } from '../src/numeric/compile.ts';
import { centralDifference, stepFor } from '../src/numeric/finite-difference.ts';

interface ValueEntry { readonly function: string; readonly args: readonly number[]; readonly value: number }
interface DerivativeEntry {
  readonly function: string;
  readonly input: string;
  readonly wrt: string;
  readonly sympy: string;
  readonly points: readonly { readonly point: Readonly<Record<string, number>>; readonly value: number }[];
}
const corpus = JSON.parse(readFileSync(new URL('./data/functions-corpus.json', import.meta.url), 'utf8')) as {
  readonly sympy: string;
  readonly values: readonly ValueEntry[];
  readonly derivatives: readonly DerivativeEntry[];
};

const NEW_FUNCTIONS: readonly FunctionName[] = [
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'sec', 'csc', 'cot', 'atan2', 'log2', 'log10',
  'cbrt', 'hypot', 'erf', 'gelu', 'silu', 'leaky_relu', 'elu', 'softsign', 'hard_sigmoid', 'log_sigmoid',
  'floor', 'ceil', 'round', 'clip',
];

const close = (a: number, b: number, rtol: number, atol = 1e-13): boolean => Math.abs(a - b) <= atol + rtol * Math.abs(b);
const derivativeOf = (input: string, wrt: string): Expr => simplify(diff(simplify(parseExpression(input)), wrt));

describe(`values against SymPy ${corpus.sympy}`, () => {
  it('covers every new function (and log to a base) at many points', () => {
    const covered = new Set(corpus.values.map((v) => lookupFunction(v.function)?.name));
    for (const name of [...NEW_FUNCTIONS, 'log'] as const) expect(covered.has(name), name).toBe(true);
    expect(corpus.values.length).toBeGreaterThanOrEqual(20 * NEW_FUNCTIONS.length);
  });

  it.each(corpus.values.map((v) => [v.function, v.args.join(', '), v] as const))('%s(%s)', (fn, _, v) => {
    const row = lookupFunction(fn)!;
    expect(close(row.evaluate(...v.args), v.value, 1e-13), `${fn}(${v.args.join(', ')}) = ${row.evaluate(...v.args)}, SymPy ${v.value}`).toBe(true);
    // The call as an expression (folded where the row folds: log to a base, cbrt) evaluates the same.
    const names = v.args.map((_, i) => `x${i}`);
    const e = call(row.name, names.map(sym));
    expect(close(evaluate(e, Object.fromEntries(names.map((n, i) => [n, v.args[i]!]))), v.value, 1e-13)).toBe(true);
  });
});

describe('derivatives against SymPy and finite differences', () => {
  it.each(corpus.derivatives.map((d) => [d.input, d.wrt, d] as const))('d/d%s of %s', (_input, _wrt, d) => {
    const derivative = derivativeOf(d.input, d.wrt);
    const f = simplify(parseExpression(d.input));
    for (const { point, value } of d.points) {
      const got = evaluate(derivative, point);
      expect(close(got, value, 1e-9, 1e-12), `${toText(derivative)} at ${JSON.stringify(point)}: ${got}, SymPy ${d.sympy} = ${value}`).toBe(true);
      const at = (x: number): number => evaluate(f, { ...point, [d.wrt]: x });
      const fd = centralDifference(at, point[d.wrt]!, stepFor(point[d.wrt]!));
      expect(close(got, fd, 1e-5, 1e-7), `finite difference ${fd} vs ${got}`).toBe(true);
    }
  });
});

describe('LaTeX and ASCII round trips', () => {
  const calls = NEW_FUNCTIONS.map((fn) => {
    const row = functionRow(fn);
    const arity = typeof row.arity === 'number' ? row.arity : row.arity.max ?? row.arity.min;
    return [fn, call(fn, ['x', 'y', 'z'].slice(0, arity).map(sym))] as const;
  });

  it.each(calls)('%s: KaTeX renders the LaTeX and both parsers read the printed forms back', (_, e) => {
    const tex = toLatex(e);
    expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' }), tex).not.toThrow();
    expect(parseLatex(tex), tex).toBe(e);
    expect(parseExpression(toText(e)), toText(e)).toBe(e);
  });

  it.each([
    ['\\arcsin(x)', 'asin(x)'], ['\\arccos x', 'acos(x)'], ['\\arctan(x)', 'atan(x)'], ['\\sinh(x)', 'sinh(x)'],
    ['\\cosh x', 'cosh(x)'], ['\\tanh(x)', 'tanh(x)'], ['\\sec(x)', 'sec(x)'], ['\\csc(x)', 'csc(x)'], ['\\cot(x)', 'cot(x)'],
    ['\\operatorname{gelu}(x)', 'gelu(x)'], ['\\operatorname{leaky\\_relu}(x)', 'leaky_relu(x)'],
    ['\\lfloor x \\rfloor', 'floor(x)'], ['\\lceil x + 1 \\rceil', 'ceil(x + 1)'], ['\\mathrm{erf}(x)', 'erf(x)'],
  ])('%s reads as %s', (tex, ascii) => {
    expect(parseLatex(tex)).toBe(parseExpression(ascii));
  });

  it('accepts the ASCII spellings arcsin, swish and log(x, b)', () => {
    expect(parseExpression('arcsin(x)')).toBe(parseExpression('asin(x)'));
    expect(parseExpression('swish(x)')).toBe(parseExpression('silu(x)'));
    expect(toText(parseExpression('log(x, b)'))).toBe('log(x)/log(b)');
    expect(toText(parseExpression('log(x, e)'))).toBe('log(x)');
  });
});

describe('optional arguments and arity', () => {
  it('leaky_relu has slope 0.01 and elu scale 1 when omitted', () => {
    expect(parseExpression('leaky_relu(x)')).toBe(parseExpression('leaky_relu(x, 1/100)'));
    expect(parseExpression('elu(x)')).toBe(parseExpression('elu(x, 1)'));
  });

  it.each([
    ['leaky_relu(x, a, b)', 'leaky_relu takes 1 or 2 arguments, found 3.'],
    ['log(x, b, c)', 'log takes 1 or 2 arguments, found 3.'],
    ['clip(x, 1)', 'clip takes 3 arguments, found 2.'],
    ['atan2(y)', 'atan2 takes 2 arguments, found 1.'],
  ])('%s is refused: %s', (text, message) => {
    expect(() => parseExpression(text)).toThrow(message);
  });

  it('names a domain error: clip with lo above hi, acosh below 1, log to base 1', () => {
    expect(() => evaluate(parseExpression('clip(x, 2, 1)'), { x: 0 })).toThrow('clip with lo above hi');
    expect(() => evaluate(parseExpression('acosh(x)'), { x: 0.5 })).toThrow('acosh of a number below 1');
    expect(() => evaluate(parseExpression('log(x, 1)'), { x: 2 })).toThrow();
  });
});

describe('kinks and jumps: the value PyTorch\'s autograd uses, and the row says "kink"', () => {
  const at = (text: string, wrt: string, point: Record<string, number>): number => evaluate(derivativeOf(text, wrt), point);

  it.each([
    ['leaky_relu(x, a)', 'x', { x: 0, a: 0.2 }, 0.2],
    ['leaky_relu(x)', 'x', { x: 0 }, 0.01],
    ['elu(x, a)', 'x', { x: 0, a: 0.7 }, 0.7],
    ['clip(x, lo, hi)', 'x', { x: -1, lo: -1, hi: 2 }, 1],
    ['clip(x, lo, hi)', 'x', { x: 2, lo: -1, hi: 2 }, 1],
    ['clip(x, lo, hi)', 'x', { x: 3, lo: -1, hi: 2 }, 0],
    ['hard_sigmoid(x)', 'x', { x: 3 }, 0],
    ['hard_sigmoid(x)', 'x', { x: 0 }, 1 / 6],
    ['floor(x)', 'x', { x: 2 }, 0],
    ['ceil(x)', 'x', { x: 2 }, 0],
    ['round(x)', 'x', { x: 2.5 }, 0],
  ])('d/d%s at %o is %d', (text, wrt, point, expected) => {
    expect(at(text, wrt, point)).toBeCloseTo(expected, 14);
  });

  it.each([
    ['leaky_relu', [0, 0.1]], ['elu', [0, 1]], ['clip', [1, 1, 2]], ['clip', [2, 1, 2]], ['hard_sigmoid', [-3]],
    ['floor', [3]], ['ceil', [-1]], ['round', [0.5]], ['atan2', [0, -1]], ['hypot', [0, 0]],
  ] as const)('%s has a kink at %o', (fn, args) => {
    expect(functionRow(fn).kink?.([...args])).toBe(true);
  });

  it('rounds a half to even, as NumPy and PyTorch', () => {
    expect([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4, 2.6].map((x) => functionRow('round').evaluate(x))).toEqual([-2, -2, -0, 0, 2, 2, 2, 3]);
    expect(call('round', [parseExpression('5/2')])).toBe(num(2));
    expect(call('round', [parseExpression('7/2')])).toBe(num(4));
    expect(call('floor', [parseExpression('-7/2')])).toBe(num(-4));
    expect(call('ceil', [parseExpression('-7/2')])).toBe(num(-3));
  });
});

describe('misremembered derivatives, as data for the diagnoser', () => {
  it.each(['tanh', 'sigmoid', 'log', 'exp', 'sin', 'cos', 'softplus', 'cosh'] as const)('%s has some, each differing from f′ at a point', (fn) => {
    const row = functionRow(fn);
    expect(row.misremembered?.length).toBeGreaterThan(0);
    const u = sym('u');
    const right = row.derivative([u], 0);
    for (const wrong of row.misremembered!) {
      expect(say(wrong.label, 'en')).toMatch(/\S/);
      expect(say(wrong.label, 'ko')).toMatch(/[가-힣]/);
      const differs = [0.3, 0.9, 1.7].some((x) => Math.abs(evaluate(wrong.derivative([u]), { u: x }) - evaluate(right, { u: x })) > 1e-6);
      expect(differs, say(wrong.label, 'en')).toBe(true);
    }
  });
});
