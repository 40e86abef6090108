/**
 * The finite-difference check (notes/reliability-anchors.md §4): the known
 * false alarms come back inconclusive, correct derivatives pass, planted
 * wrong ones fail.
 */

import { describe, expect, it } from 'vitest';
import { type Expr, HALF, num, sym } from '../src/expr/node.ts';
import { add, mul, pow } from '../src/expr/canonical.ts';
import { diff } from '../src/diff/diff.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { compile } from '../src/numeric/compile.ts';
import { call, lookupFunction } from '../src/functions.ts';
import {
  centralDifference, checkDerivative, relativeError, slice, stepFor, type FdCheck,
} from '../src/numeric/finite-difference.ts';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Points that avoid 0, integers and half-integers by construction (§4.5). */
const OFFSET = 0.1234567;
const points = (bases: readonly number[]): number[] => bases.map((b, k) => b + OFFSET * (k + 1));

const expectInconclusive = (c: FdCheck, reasons: readonly string[]): void => {
  expect(c.verdict, JSON.stringify(c)).toBe('inconclusive');
  expect(reasons).toContain(c.reason);
};

describe('step', () => {
  it('is ε^(1/3)·max(1,|x|) rounded to a power of two', () => {
    for (const x of [0, 1e-12, 0.3, 1, -7.25, 1e8, -3.3e20, 709.5]) {
      const h = stepFor(x);
      expect(Number.isInteger(Math.log2(h))).toBe(true);
      const target = Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(x));
      expect(h / target).toBeGreaterThan(Math.SQRT1_2 - 1e-12);
      expect(h / target).toBeLessThan(Math.SQRT2 + 1e-12);
    }
  });

  it('divides by the distance actually sampled, so points where x ± h rounds still pass', () => {
    // x + h crosses a binade (2 - 2^-40 + h > 2), or x has bits below h's spacing.
    for (const x of [2 - 2 ** -40, 1 - 2 ** -30, 0.1234567891234, -(4 - 2 ** -38), 1e-12]) {
      const c = checkDerivative((t) => t * t * t, x, 3 * x * x);
      expect(c.verdict, `${x}: ${JSON.stringify(c)}`).toBe('pass');
      if (Math.abs(x) > 1e-3) expect(c.relError).toBeLessThan(1e-9);
    }
  });

  it('centralDifference is the symmetric quotient', () => {
    expect(centralDifference((x) => x * x, 3, 0.5)).toBe(6);
    expect(centralDifference((x) => x * x * x, 1, 2 ** -10)).toBeCloseTo(3, 5);
  });
});

describe('known false alarms are inconclusive, not failures', () => {
  it('|x| at 0 (either one-sided slope, or the sign convention 0)', () => {
    for (const claimed of [0, 1, -1]) expectInconclusive(checkDerivative(Math.abs, 0, claimed), ['non-smooth']);
  });

  it('max(0, x) at 0, with the relu′(0) = 0 convention and the other one', () => {
    const relu = (x: number): number => Math.max(0, x);
    for (const claimed of [0, 1]) expectInconclusive(checkDerivative(relu, 0, claimed), ['non-smooth']);
  });

  it('a kink the caller names is reported as a kink', () => {
    const c = checkDerivative((x) => Math.max(0, x), 0, 0, { kink: true });
    expectInconclusive(c, ['kink']);
    expect(c.fd).toBe(0.5);
  });

  it('a kink just inside the step is non-smooth, not a failure', () => {
    for (const x of [3e-6, 5e-6, 1.2e-5, -9e-6]) {
      expectInconclusive(checkDerivative(Math.abs, x, Math.sign(x)), ['non-smooth']);
    }
  });

  it('floor at 2', () => {
    expectInconclusive(checkDerivative(Math.floor, 2, 0), ['non-smooth']);
  });

  it('10^10 + x at 1: cancellation, even though the quotient happens to be exact', () => {
    const c = checkDerivative((x) => 1e10 + x, 1, 1);
    expectInconclusive(c, ['cancellation']);
    expect(c.roundoff).toBeGreaterThan(1);
  });

  it('x^2 at 1e8 still passes: the step scales with |x|', () => {
    expect(checkDerivative((x) => x * x, 1e8, 2e8).verdict).toBe('pass');
  });

  it('e^x at 709.5 is not a failure, and where a sample overflows it is inconclusive', () => {
    // With h ∝ ε^(1/3)·|x| the samples at 709.5 ± 2h (h = 2^-8) stay below
    // ln(MAX_VALUE) ≈ 709.78, so the check can decide; it halves values before
    // subtracting, so no intermediate overflows.
    expect(checkDerivative(Math.exp, 709.5, Math.exp(709.5)).verdict).not.toBe('fail');
    const c = checkDerivative(Math.exp, 709.78, Math.exp(709.78));
    expectInconclusive(c, ['nonfinite']);
    expect(c.detail).toMatch(/Infinity/);
  });

  it('sqrt(x) at 1e-12 and log(x) at 1e-300: samples leave the domain', () => {
    expectInconclusive(checkDerivative(Math.sqrt, 1e-12, 0.5 / Math.sqrt(1e-12)), ['domain', 'nonfinite']);
    expectInconclusive(checkDerivative(Math.log, 1e-300, 1e300), ['domain', 'nonfinite']);
  });

  it('a function that throws is inconclusive, and the message is kept', () => {
    const f = (x: number): number => {
      if (x > 1) throw new Error('log of 0 in log(1 - x)');
      return Math.log(1 - x);
    };
    const c = checkDerivative(f, 1 - 1e-6, -1e6);
    expectInconclusive(c, ['nonfinite']);
    expect(c.detail).toContain('log of 0');
  });

  it('a non-finite analytic value is inconclusive, never a pass', () => {
    expectInconclusive(checkDerivative(Math.exp, 1, Infinity), ['nonfinite']);
    expectInconclusive(checkDerivative(Math.exp, 1, NaN), ['nonfinite']);
  });

  it('a pole within the steps is non-smooth', () => {
    expectInconclusive(checkDerivative((x) => 1 / x, 1e-4, -1e8), ['non-smooth']);
  });
});

describe('correct derivatives pass', () => {
  const SMOOTH: readonly [string, (x: number) => number, (x: number) => number, readonly number[]][] = [
    ['x^2', (x) => x * x, (x) => 2 * x, points([-2, -0.5, 0.5, 3, 40])],
    ['x^5 - 3x', (x) => x ** 5 - 3 * x, (x) => 5 * x ** 4 - 3, points([-2, -0.5, 1.5, 3])],
    ['sin', Math.sin, Math.cos, points([-3, 0.2, 1, 5, 100])],
    ['cos', Math.cos, (x) => -Math.sin(x), points([-2, 0.3, 1, 4])],
    ['exp', Math.exp, Math.exp, points([-20, -1, 0, 2, 30])],
    ['log', Math.log, (x) => 1 / x, points([0.01, 0.5, 2, 1e3, 1e6])],
    ['sqrt', Math.sqrt, (x) => 0.5 / Math.sqrt(x), points([0.001, 0.4, 3, 1e4])],
    ['tanh', Math.tanh, (x) => 1 - Math.tanh(x) ** 2, points([-3, -0.6, 0.2, 2])],
    ['atan', Math.atan, (x) => 1 / (1 + x * x), points([-5, -0.4, 0.7, 10])],
    ['1/x', (x) => 1 / x, (x) => -1 / (x * x), points([-3, 0.05, 1, 200])],
    ['sigmoid', sigmoid, (x) => sigmoid(x) * (1 - sigmoid(x)), points([-6, -1, 0, 1, 6])],
    ['softplus', (x) => Math.log1p(Math.exp(x)), sigmoid, points([-4, -1, 0.5, 3])],
    ['x sin x', (x) => x * Math.sin(x), (x) => Math.sin(x) + x * Math.cos(x), points([-2, 0.4, 1.4, 6])],
    ['exp(-x^2)', (x) => Math.exp(-x * x), (x) => -2 * x * Math.exp(-x * x), points([-1.5, -0.6, 0.3, 1.1])],
    ['x^(1/3)', Math.cbrt, (x) => 1 / (3 * Math.cbrt(x) ** 2), points([-8, -1, 0.2, 27])],
  ];

  for (const [name, f, df, xs] of SMOOTH) {
    it(`${name} at ${xs.map((x) => x.toPrecision(4)).join(', ')}`, () => {
      for (const x of xs) {
        const c = checkDerivative(f, x, df(x));
        expect(c.verdict, `${name} at ${x}: ${JSON.stringify(c)}`).toBe('pass');
        expect(c.relError).toBeLessThan(1e-7);
      }
    });
  }
});

describe('planted wrong derivatives fail', () => {
  it('2x + 1 instead of 2x for x^2 near 0.5', () => {
    for (const x of [0.4, 0.5 + OFFSET / 10, 0.6234567]) {
      const c = checkDerivative((t) => t * t, x, 2 * x + 1);
      expect(c.verdict, JSON.stringify(c)).toBe('fail');
    }
  });

  it('a sign flipped on one term of a sum', () => {
    // d/dx (sin x + x^2) = cos x + 2x, claimed −cos x + 2x.
    for (const x of points([-1, 0.5, 2])) {
      expect(checkDerivative((t) => Math.sin(t) + t * t, x, -Math.cos(x) + 2 * x).verdict).toBe('fail');
    }
    // d/dx σ(x)(1 − x) claimed with the product rule's second term negated.
    const x = 0.7654321;
    const wrong = sigmoid(x) * (1 - sigmoid(x)) * (1 - x) + sigmoid(x);
    expect(checkDerivative((t) => sigmoid(t) * (1 - t), x, wrong).verdict).toBe('fail');
  });

  it('a relative perturbation of 1e-4 (and of 1e-5) is detected', () => {
    const cases: readonly [(x: number) => number, (x: number) => number][] = [
      [Math.exp, Math.exp],
      [Math.sin, Math.cos],
      [Math.log, (x) => 1 / x],
      [(x) => x ** 3, (x) => 3 * x * x],
      [sigmoid, (x) => sigmoid(x) * (1 - sigmoid(x))],
    ];
    for (const [f, df] of cases) {
      for (const x of points([0.2, 1.3, 4])) {
        for (const r of [1e-4, -1e-4, 1e-5]) {
          const c = checkDerivative(f, x, df(x) * (1 + r));
          expect(c.verdict, `x=${x} r=${r}: ${JSON.stringify(c)}`).toBe('fail');
          expect(c.relError).toBeCloseTo(Math.abs(r), 6);
        }
      }
    }
  });

  it('a wrong derivative is caught even where roundoff is large, when it is far outside it', () => {
    expect(checkDerivative((x) => 1e10 + x, 1, 100).verdict).toBe('fail');
  });
});

describe('with compiled expressions', () => {
  const x = sym('x');
  const w = sym('w');
  const b = sym('b');
  const t = sym('t');

  /** f(x) and f′(x) compiled from an Expr, the other inputs fixed. */
  function check(e: Expr, wrt: string, at: Record<string, number>, perturb = 0): FdCheck {
    const names = Object.keys(at);
    const f = compile([e], names);
    const df = compile([simplify(diff(e, wrt))], names);
    const point = names.map((n) => at[n]!);
    const i = names.indexOf(wrt);
    const g = slice((xs) => f(xs)[0]!, point, i);
    return checkDerivative(g, point[i]!, df(point)[0]! * (1 + perturb));
  }

  const loss = mul(HALF, pow(add(t, mul(num(-1), call('sigmoid', [add(mul(w, x), b)]))), num(2)));
  const at = { w: 0.4123, x: 0.7345, b: -0.2567, t: 0.91 };

  it('squared error of a sigmoid neuron passes in every input', () => {
    for (const wrt of ['w', 'x', 'b', 't']) expect(check(loss, wrt, at).verdict, wrt).toBe('pass');
  });

  it('the same with a planted 1e-4 error fails', () => {
    for (const wrt of ['w', 'x', 'b']) expect(check(loss, wrt, at, 1e-4).verdict, wrt).toBe('fail');
  });

  it('tanh, softplus, log and powers pass', () => {
    const e = add(
      call('tanh', [mul(w, x)]),
      call('softplus', [mul(num(3), x)]),
      mul(call('log', [add(num(1), pow(x, num(2)))]), pow(x, num(-1))),
      pow(add(x, num(2)), HALF),
    );
    for (const xv of [-1.3, 0.2345, 2.5]) expect(check(e, 'x', { w: 0.7, x: xv }).verdict).toBe('pass');
  });

  it('relu at its kink: the registry says kink and the check says inconclusive', () => {
    const e = call('relu', [x]);
    const f = compile([e], ['x']);
    const df = compile([diff(e, 'x')], ['x']);
    const kink = lookupFunction('relu')!.kink!([0]);
    expect(kink).toBe(true);
    const c = checkDerivative((v) => f([v])[0]!, 0, df([0])[0]!, { kink });
    expectInconclusive(c, ['kink']);
    // And without being told, the one-sided slopes give it away.
    expectInconclusive(checkDerivative((v) => f([v])[0]!, 0, df([0])[0]!), ['non-smooth']);
  });

  it('log(x) at 1e-300 through the compiler: the sample below 0 throws and is inconclusive', () => {
    const f = compile([call('log', [x])], ['x']);
    const c = checkDerivative((v) => f([v])[0]!, 1e-300, 1e300);
    expectInconclusive(c, ['nonfinite', 'domain']);
    expect(c.detail).toMatch(/log/);
  });
});

describe('relative error', () => {
  it('is 0 when both are 0 and symmetric otherwise', () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1, 2)).toBe(0.5);
    expect(relativeError(2, 1)).toBe(0.5);
    expect(relativeError(0, 1e-300)).toBe(1);
  });
});
