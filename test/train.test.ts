/**
 * Gradient descent (numeric/train.ts) against the closed form: on E = x^2
 * with x ← x − 0.1·2x, every step multiplies x by 0.8, and the rules of one
 * step all read the previous step's values.
 */

import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.ts';
import { compile } from '../src/numeric/compile.ts';
import { reportedSteps, train } from '../src/numeric/train.ts';

describe('train', () => {
  it('applies the rule N times and records the objective at the reported steps', () => {
    const fn = compile([parse('x^2'), parse('x - 0.1*2*x')], ['x']);
    const progress: number[] = [];
    const run = train(fn, [0], [1], 10, (done) => progress.push(done));
    expect(run.history.map((s) => s.step)).toEqual([0, 1, 10]);
    expect(run.history[0]!.objective).toBe(1);
    expect(run.final[0]).toBeCloseTo(0.8 ** 10, 12);
    expect(run.history[2]!.objective).toBeCloseTo(0.8 ** 20, 12);
    expect(progress.at(-1)).toBe(10);
  });

  it('updates every input at once', () => {
    // a ← b, b ← a: a swap, which needs both rules to read the old values.
    const fn = compile([parse('a'), parse('b'), parse('a')], ['a', 'b']);
    expect([...train(fn, [0, 1], [1, 2], 1).final]).toEqual([2, 1]);
  });

  it('reports steps 0, 1, 10, 100, … and the last', () => {
    expect(reportedSteps(250)).toEqual([0, 1, 10, 100, 250]);
    expect(reportedSteps(1)).toEqual([0, 1]);
  });
});
