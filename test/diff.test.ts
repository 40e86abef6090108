/**
 * Each derivative rule against a hand-derived formula, evaluated as plain
 * JavaScript (the oracle), at several points; and the canonical shapes the
 * notes expect (sigmoid′ written with sigmoid).
 */
import { describe, expect, it } from 'vitest';
import { deriv, E, type Expr, num, sym } from '../src/expr/node.ts';
import { add, div, mul, neg, pow, sqrt, sub } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import { diff } from '../src/diff/diff.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { evaluate } from '../src/numeric/compile.ts';

const x = sym('x');
const y = sym('y');
const s = (v: number): number => 1 / (1 + Math.exp(-v));

/** [name, f(x, y), hand-derived ∂f/∂x as JS] */
const CASES: [string, Expr, (x: number, y: number) => number][] = [
  ['x^3', pow(x, num(3)), (x) => 3 * x * x],
  ['x*y', mul(x, y), (_x, y) => y],
  ['x/y', div(x, y), (_x, y) => 1 / y],
  ['y/x', div(y, x), (x, y) => -y / (x * x)],
  ['sqrt(x)', sqrt(x), (x) => 0.5 / Math.sqrt(x)],
  ['x^y', pow(x, y), (x, y) => y * x ** (y - 1)],
  ['y^x', pow(y, x), (x, y) => y ** x * Math.log(y)],
  ['x^x', pow(x, x), (x) => x ** x * (Math.log(x) + 1)],
  ['exp(2x)', call('exp', [mul(num(2), x)]), (x) => 2 * Math.exp(2 * x)],
  ['e^(x*y)', pow(E, mul(x, y)), (x, y) => y * Math.exp(x * y)],
  ['log(x*y)', call('log', [mul(x, y)]), (x) => 1 / x],
  ['sin(x^2)', call('sin', [pow(x, num(2))]), (x) => 2 * x * Math.cos(x * x)],
  ['cos(y*x)', call('cos', [mul(y, x)]), (x, y) => -y * Math.sin(x * y)],
  ['tan(x)', call('tan', [x]), (x) => 1 / Math.cos(x) ** 2],
  ['tanh(3x)', call('tanh', [mul(num(3), x)]), (x) => 3 * (1 - Math.tanh(3 * x) ** 2)],
  ['sigmoid(x*y)', call('sigmoid', [mul(x, y)]), (x, y) => y * s(x * y) * (1 - s(x * y))],
  ['softplus(x)', call('softplus', [x]), (x) => s(x)],
  ['relu(x - y)', call('relu', [sub(x, y)]), (x, y) => (x - y > 0 ? 1 : 0)],
  ['abs(x - y)', call('abs', [sub(x, y)]), (x, y) => Math.sign(x - y)],
  ['max(x, y)', call('max', [x, y]), (x, y) => (x > y ? 1 : 0)],
  ['min(x, y)', call('min', [x, y]), (x, y) => (x < y ? 1 : 0)],
  ['max(x, y, 1)', call('max', [x, y, num(1)]), (x, y) => (x > Math.max(y, 1) ? 1 : 0)],
  ['sign(x)', call('sign', [x]), () => 0],
  ['step(x)', call('step', [x]), () => 0],
  ['1/(1+exp(-x))', div(num(1), add(num(1), call('exp', [neg(x)]))), (x) => s(x) * (1 - s(x))],
];

const POINTS: [number, number][] = [[0.7, 1.3], [1.9, 0.4], [2.3, 2.9]];

describe('derivative rules against hand-derived formulas', () => {
  it.each(CASES)('d/dx %s', (_name, f, df) => {
    const d = simplify(diff(simplify(f), 'x'));
    for (const [px, py] of POINTS) {
      const got = evaluate(d, { x: px, y: py });
      expect(got).toBeCloseTo(df(px, py), 10);
    }
  });
});

describe('derivatives written as people write them', () => {
  it('sigmoid′ is sigmoid·(1 − sigmoid)', () => {
    const u = call('sigmoid', [x]);
    expect(simplify(diff(u, 'x'))).toBe(mul(u, sub(num(1), u)));
  });
  it('the spelled-out logistic is recognised before differentiating', () => {
    const f = simplify(div(num(1), add(num(1), pow(E, neg(x)))));
    expect(f).toBe(call('sigmoid', [x]));
  });
  it('tanh′ is 1 − tanh²', () => {
    const t = call('tanh', [x]);
    expect(simplify(diff(t, 'x'))).toBe(sub(num(1), pow(t, num(2))));
  });
  it('the spelled-out tanh and softplus are recognised', () => {
    const ex = call('exp', [x]);
    const emx = call('exp', [neg(x)]);
    expect(simplify(div(sub(ex, emx), add(ex, emx)))).toBe(call('tanh', [x]));
    expect(simplify(call('log', [add(num(1), ex)]))).toBe(call('softplus', [x]));
  });
  it('softplus′ is sigmoid and relu′ is step', () => {
    expect(diff(call('softplus', [x]), 'x')).toBe(call('sigmoid', [x]));
    expect(diff(call('relu', [x]), 'x')).toBe(call('step', [x]));
  });
  it('second derivatives through d(F)/d(x) nodes', () => {
    // d/dx (x^3)'' : the inner derivative node is resolved first.
    const inner = deriv(pow(x, num(3)), x);
    expect(simplify(diff(inner, 'x'))).toBe(mul(num(6), x));
  });
  it('a derivative of something independent of x is exactly 0', () => {
    expect(diff(call('sin', [mul(y, y)]), 'x')).toBe(num(0));
  });
});
