/**
 * The rule `number-out-of-root` (src/simplify/root-rules.ts): (c·u)^q =
 * c^q·u^q for a number c > 0, with c^q spelt r·t^(1/d). Oracles: exact
 * integer arithmetic for the split (r^d·t = c^n for q = n/d), JavaScript's
 * Math.pow for values, and node counts of the printed forms for "smaller".
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../src/parse/parse.ts';
import { diff } from '../src/diff/diff.ts';
import { MAX_SIMPLIFY_STEPS, simplify, simplifyWithTrace } from '../src/simplify/simplify.ts';
import { splitRadical } from '../src/simplify/root-rules.ts';
import { toText } from '../src/print/text.ts';
import { rational, type Rational } from '../src/expr/rational.ts';

const simplified = (text: string): string => toText(simplify(parseExpression(text)));
const firedRules = (text: string): string[] => simplifyWithTrace(parseExpression(text), { maxSteps: MAX_SIMPLIFY_STEPS }).steps.map((s) => s.rule);
const toNumber = (a: Rational): number => Number(a.num) / Number(a.den);

/** A formula in nabla's syntax as a JavaScript function of x, written by hand for each case (no engine code). */
type Fn = (x: number) => number;

describe('splitRadical: c^(n/d) = r·t^(1/d)', () => {
  it('is exact: r^d·t = c^n, for positive rationals and roots up to the 5th', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: -7, max: 7 }), fc.integer({ min: 2, max: 5 }),
      (a, b, n, d) => {
        fc.pre(n % d !== 0 && gcd(Math.abs(n), d) === 1);
        const c = rational(BigInt(a), BigInt(b));
        const split = splitRadical(c, rational(BigInt(n), BigInt(d)));
        expect(split).toBeDefined();
        const [r, t, degree] = split!;
        expect(degree).toBe(BigInt(d));
        // r^d·t = c^n, both sides as exact fractions: (rn^d·t)/(rd^d) = an^n/bn^n, cross-multiplied.
        const [cn, cd] = n >= 0 ? [c.num ** BigInt(n), c.den ** BigInt(n)] : [c.den ** BigInt(-n), c.num ** BigInt(-n)];
        expect(r.num ** BigInt(d) * t * cd).toBe(cn * r.den ** BigInt(d));
        // No small prime's d-th power is left under the root.
        for (const p of [2n, 3n, 5n, 7n]) expect(t % p ** BigInt(d)).not.toBe(0n);
        expect(toNumber(r) * Math.pow(Number(t), 1 / d)).toBeCloseTo(Math.pow(a / b, n / d), 9);
      },
    ), { numRuns: 200 });
  });

  it('spells √(2/3) as √6/3 and (3/2)^(1/2) as √6/2, so that they are like terms', () => {
    expect(splitRadical(rational(2n, 3n), rational(1n, 2n))).toEqual([rational(1n, 3n), 6n, 2n]);
    expect(splitRadical(rational(2n, 3n), rational(-1n, 2n))).toEqual([rational(1n, 2n), 6n, 2n]);
    expect(splitRadical(rational(12n), rational(1n, 2n))).toEqual([rational(2n), 3n, 2n]);
  });

  it('leaves negative numbers (odd real roots) and integer exponents alone', () => {
    expect(splitRadical(rational(-8n), rational(1n, 3n))).toBeUndefined();
    expect(splitRadical(rational(2n), rational(3n))).toBeUndefined();
  });
});

describe('number-out-of-root in the simplifier', () => {
  const cases: [string, string, Fn][] = [
    // x²/√(2x/3) = x²·√(3/2)/√x = √6/2·x^(3/2)
    ['x^2/sqrt(2*x/3)', 'sqrt(6)*x^(3/2)/2', (x) => x ** 2 / Math.sqrt((2 * x) / 3)],
    // √(2x)·√(8x) = √2·√8·x = 4x
    ['sqrt(2*x)*sqrt(8*x)', '4*x', (x) => Math.sqrt(2 * x) * Math.sqrt(8 * x)],
    // √(2x/3) + √(3x/2) = (√6/3 + √6/2)·√x = 5√6/6·√x: like terms once split
    ['sqrt(2*x/3) + sqrt(3*x/2)', '5*sqrt(6)*sqrt(x)/6', (x) => Math.sqrt((2 * x) / 3) + Math.sqrt((3 * x) / 2)],
  ];
  it.each(cases)('%s = %s, and has its value', (input, output, f) => {
    expect(simplified(input)).toBe(output);
    expect(firedRules(input)).toContain('number-out-of-root');
    const g = parseValue(output);
    for (const x of [0.3, 1, 2.5, 17]) expect(g(x)).toBeCloseTo(f(x), 10);
  });

  it.each([
    // Splitting alone would be larger: √6·√x/3 against √(2x/3).
    'sqrt(2*x/3)',
    // No smaller: √6·√x/2 (8 nodes) against x/√(2x/3) (7).
    'x/sqrt(2*x/3)',
    // No number to take out, or a negative one.
    'sqrt(x*y)*x',
    'x*(-2*x)^(1/2)',
  ])('does not apply to %s', (input) => {
    expect(firedRules(input)).not.toContain('number-out-of-root');
  });

  it('the SymPy corpus entry (3/4 − x)·x·√(x/1.5): its derivative has the hand-derived value', () => {
    const out = toText(simplify(diff(simplify(parseExpression('(3/4 - x)*x*(x/1.5)^(1/2)')), 'x')));
    expect(out).toBe('sqrt(6)*(9*sqrt(x) - 20*x^(3/2))/24');
    // d/dx [(3/4)x^(3/2) − x^(5/2)]·√(2/3) = √(2/3)·[(9/8)√x − (5/2)x^(3/2)]
    const hand: Fn = (x) => Math.sqrt(2 / 3) * ((9 / 8) * Math.sqrt(x) - (5 / 2) * x ** 1.5);
    const g = parseValue(out);
    for (const x of [0.25, 1, 3]) expect(g(x)).toBeCloseTo(hand(x), 10);
  });
});

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A printed result as a JavaScript function, by text substitution (sqrt, ^): independent of the engine's evaluator. */
function parseValue(text: string): Fn {
  const js = text.replace(/\^/g, '**').replace(/\bsqrt\(/g, 'Math.sqrt(');
  return new Function('x', `return ${js};`) as Fn;
}

