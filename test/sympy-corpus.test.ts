/**
 * SymPy as an independent oracle (test/data/sympy-corpus.json, made by
 * test/data/make-sympy-corpus.py with SymPy 1.11).
 *
 * - Length: for a corpus of random and backprop-shaped formulas, our printed
 *   derivative (parse, simplify, diff, simplify, toText) is no longer than
 *   SymPy's plain `diff` output at the median. Characters are counted without
 *   spaces, and SymPy's `**` counts as one character like our `^`, so that
 *   only the mathematics is compared, not the formatting.
 * - Value: our derivative, before and after simplification, agrees with
 *   SymPy's at the stored points (chosen away from kinks and domain edges).
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../src/parse/parse.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { diff } from '../src/diff/diff.ts';
import { toText } from '../src/print/text.ts';
import { compile } from '../src/numeric/compile.ts';
import type { Expr } from '../src/expr/node.ts';

interface CorpusPoint {
  readonly point: Readonly<Record<string, number>>;
  /** SymPy's derivative at the point, evaluated to 30 digits and rounded to a double. */
  readonly value: number;
}

interface CorpusEntry {
  readonly kind: 'backprop' | 'random';
  /** The formula in nabla's ASCII syntax. */
  readonly input: string;
  readonly wrt: string;
  /** `str(sympy.diff(f, wrt))`. */
  readonly sympy: string;
  readonly points: readonly CorpusPoint[];
}

const corpus = JSON.parse(readFileSync(new URL('./data/sympy-corpus.json', import.meta.url), 'utf8')) as {
  readonly sympy: string;
  readonly entries: readonly CorpusEntry[];
};

/** Agreement with SymPy's value: relative, with an absolute floor for values that cancel to ~0. */
const RTOL = 1e-9;
const ATOL = 1e-12;

const length = (text: string): number => text.replace(/\s+/g, '').length;
/** SymPy's `**` is our `^`: one character of notation either way. */
const sympyLength = (text: string): number => length(text.replace(/\*\*/g, '^'));

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Result {
  readonly entry: CorpusEntry;
  readonly raw: Expr;
  readonly derivative: Expr;
  readonly text: string;
}

const results: Result[] = corpus.entries.map((entry) => {
  const raw = diff(simplify(parseExpression(entry.input)), entry.wrt);
  const derivative = simplify(raw);
  return { entry, raw, derivative, text: toText(derivative) };
});

describe(`derivatives against SymPy ${corpus.sympy}`, () => {
  it('the corpus has at least 100 entries, backprop-shaped and random', () => {
    expect(corpus.entries.length).toBeGreaterThanOrEqual(100);
    expect(corpus.entries.filter((e) => e.kind === 'backprop').length).toBeGreaterThanOrEqual(40);
    expect(corpus.entries.filter((e) => e.kind === 'random').length).toBeGreaterThanOrEqual(40);
  });

  it('our printed derivative is no longer than SymPy\'s diff at the median', () => {
    const ours = results.map((r) => length(r.text));
    const theirs = results.map((r) => sympyLength(r.entry.sympy));
    const ratios = results.map((_, i) => ours[i]! / theirs[i]!);
    const byKind = (kind: CorpusEntry['kind']): number =>
      median(results.flatMap((r, i) => (r.entry.kind === kind ? [ratios[i]!] : [])));
    const summary = {
      entries: results.length,
      medianOurs: median(ours),
      medianSympy: median(theirs),
      medianSympyWithStars: median(results.map((r) => length(r.entry.sympy))),
      medianRatio: median(ratios),
      medianRatioBackprop: byKind('backprop'),
      medianRatioRandom: byKind('random'),
      longerThanSympy: ratios.filter((q) => q > 1).length,
    };
    console.log(`SymPy length comparison: ${JSON.stringify(summary)}`);
    expect(summary.medianRatio).toBeLessThanOrEqual(1);
    expect(summary.medianOurs).toBeLessThanOrEqual(summary.medianSympy);
  });

  describe('our derivative has SymPy\'s value at the stored points', () => {
    it.each(results.map((r, i) => [i, r.entry.input, r.entry.wrt, r] as const))('#%i d/d(%s) wrt %s', (_i, _input, _wrt, r) => {
      const names = Object.keys(r.entry.points[0]!.point);
      const f = compile([r.derivative, r.raw], names);
      for (const { point, value } of r.entry.points) {
        const [simplified, unsimplified] = f(point);
        const where = `at ${JSON.stringify(point)}: ours ${toText(r.derivative)}, SymPy ${r.entry.sympy}`;
        expect(Math.abs(simplified! - value), `simplified ${simplified} vs ${value} ${where}`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(value));
        expect(Math.abs(unsimplified! - value), `unsimplified ${unsimplified} vs ${value} ${where}`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(value));
      }
    });
  });
});
