/**
 * Step-by-step derivations (SPEC §13): the trace is the derivation.
 *
 * For every derivative of the SymPy corpus, the functions corpus and random
 * expressions of the fuzz generator:
 * - the last step's expression is exactly the printed result (the same node
 *   `differentiate` returns, so the same text);
 * - every step's expression, its placeholders d(F)/d(x) evaluated, equals the
 *   derivative: SymPy's stored values for the corpora, the printed result's
 *   value at random points for the fuzz cases;
 * - every step's reduced sub-derivative d(of)/d(x) and every substep's
 *   d(of)/d(u) agrees with central finite differences of `of`.
 * Also: brief steps use only chain, product, quotient and function rules
 * (the last may be the closing simplification), the sentence table's
 * parameters, and the bound on long derivations.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differentiate, loadFile, parse, report, toText } from '../src/index.ts';
import { factorsWithSteps } from '../src/report/steps-view.ts';
import { briefDerivation, explainDerivative, MAX_EXPLAIN_STEPS, type Derivation } from '../src/diff/steps.ts';
import { diff, resolveDerivatives } from '../src/diff/diff.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { evaluateAt } from '../src/numeric/compile.ts';
import { centralDifference, stepFor } from '../src/numeric/finite-difference.ts';
import { type Expr, sym } from '../src/expr/node.ts';
import { containsDerivative, freeSymbols } from '../src/expr/walk.ts';
import { STEP_MESSAGES_EN, stepSentence } from '../src/messages/steps-en.ts';
import { arbExpr, NAMES } from './arbitrary.ts';

interface Point { readonly point: Readonly<Record<string, number>>; readonly value: number }
interface Entry { readonly input: string; readonly wrt: string; readonly points: readonly Point[] }

const read = (file: string): readonly Entry[] => {
  const data = JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as { entries?: Entry[]; derivatives?: Entry[] };
  return data.entries ?? data.derivatives ?? [];
};
const CORPUS = [...read('sympy-corpus.json'), ...read('functions-corpus.json')];

/** The value of a step's expression: its placeholders are derivatives, worked out first. */
const valueOf = (e: Expr, at: ReadonlyMap<string, number>): number => evaluateAt(resolveDerivatives(e), at);

const close = (a: number, b: number, rtol: number): boolean =>
  Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

/** Central differences of `of` by `wrt` at a point, or NaN where they cannot be trusted (non-finite). */
function finiteDifference(of: Expr, wrt: string, at: ReadonlyMap<string, number>): number {
  const x0 = at.get(wrt)!;
  const f = (t: number): number => {
    const p = new Map(at);
    p.set(wrt, t);
    return evaluateAt(of, p);
  };
  try {
    return centralDifference(f, x0, stepFor(x0) * 1e-2);
  } catch {
    return NaN;
  }
}

/** The printed derivative (what `nabla diff` prints) and the derivation. */
function both(input: Expr, wrt: string): { printed: Expr; derivation: Derivation } {
  const printed = differentiate(input, [wrt]).derivatives[0]!.expr;
  return { printed, derivation: explainDerivative(input, sym(wrt), { simplifyInput: true }) };
}

/** Each corpus entry's derivation, made once for the tests below. */
const derived = new Map<Entry, { printed: Expr; derivation: Derivation }>();
const corpusCase = (entry: Entry): { printed: Expr; derivation: Derivation } => {
  const hit = derived.get(entry) ?? both(parse(entry.input), entry.wrt);
  derived.set(entry, hit);
  return hit;
};

/** Every substep's and every reduced sub-derivative's agreement with finite differences at a point. */
function checkLocal(d: Derivation, at: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  const compare = (label: string, of: Expr, wrt: string, value: Expr, point: ReadonlyMap<string, number>): void => {
    const fd = finiteDifference(of, wrt, point);
    let v: number;
    try {
      v = valueOf(value, point);
    } catch {
      return;
    }
    if (!Number.isFinite(fd) || !Number.isFinite(v) || Math.abs(fd) > 1e6) return;
    if (!close(v, fd, 1e-4)) problems.push(`${label}: d(${toText(of)})/d(${wrt}) = ${toText(value)} is ${v}, finite differences ${fd}`);
  };
  for (const s of d.steps) {
    if (s.of !== undefined && s.reduced !== undefined) compare(s.rule, s.of, d.wrt.name, s.reduced, at);
    for (const sub of s.substeps) {
      // The substep's fresh name takes the inner expression's value.
      const inner = s.params['inner'];
      if (inner === undefined || typeof inner === 'string') continue;
      let u: number;
      try {
        u = valueOf(inner, at);
      } catch {
        continue;
      }
      compare(`${s.rule}/${sub.rule}`, sub.of, sub.wrt.name, sub.expr, new Map([...at, [sub.wrt.name, u]]));
    }
  }
  return problems;
}

/**
 * Differentiation is finished before the simplifier's steps: the last
 * differentiation step leaves no d(F)/d(x) (so no placeholder vanishes
 * into a simplification).
 */
function differentiatedBeforeSimplifying(d: Derivation): string[] {
  const firstSimplify = d.steps.findIndex((s) => s.key === 'simplify');
  const lastDiff = (firstSimplify < 0 ? d.steps : d.steps.slice(0, firstSimplify)).filter((s) => s.rule !== 'simplify').pop();
  return lastDiff !== undefined && containsDerivative(lastDiff.expr) ? [`the last differentiation step leaves ${toText(lastDiff.expr)}`] : [];
}

describe('steps: the trace is the derivation, over the corpora', () => {
  it(`ends at the printed result and every step equals SymPy's derivative (${CORPUS.length} derivatives)`, () => {
    const problems: string[] = [];
    let steps = 0;
    for (const entry of CORPUS) {
      const { printed, derivation } = corpusCase(entry);
      const last = derivation.steps[derivation.steps.length - 1];
      if (last?.expr !== printed) problems.push(`${entry.input}: ends at ${last ? toText(last.expr) : '(none)'}, prints ${toText(printed)}`);
      problems.push(...differentiatedBeforeSimplifying(derivation).map((m) => `${entry.input} d/d${entry.wrt}: ${m}`));
      // The top-down steps end at the very node the differentiator builds (nodes are interned).
      const raw = diff(simplify(parse(entry.input)), entry.wrt);
      const firstSimplify = derivation.steps.findIndex((s) => s.key === 'simplify');
      const lastDiff = (firstSimplify < 0 ? derivation.steps : derivation.steps.slice(0, firstSimplify)).filter((s) => s.rule !== 'simplify').pop();
      if (lastDiff?.expr !== raw) problems.push(`${entry.input}: differentiation steps end at ${lastDiff ? toText(lastDiff.expr) : '(none)'}, not ${toText(raw)}`);
      for (const [k, p] of entry.points.entries()) {
        const at = new Map(Object.entries(p.point));
        for (const [i, s] of derivation.steps.entries()) {
          steps++;
          const v = valueOf(s.expr, at);
          if (!close(v, p.value, 1e-8)) problems.push(`${entry.input} d/d${entry.wrt}, step ${i + 1} (${s.rule}): ${toText(s.expr)} = ${v}, SymPy ${p.value}`);
        }
        // Sub-derivatives against finite differences at the first point (they are local rules; one point catches a wrong one).
        if (k === 0) problems.push(...checkLocal(derivation, at).map((m) => `${entry.input}: ${m}`));
      }
    }
    expect(problems).toEqual([]);
    expect(steps).toBeGreaterThan(CORPUS.length * 3);
  });

  it('brief steps are chain, product, quotient and function rules, and end at the printed result', () => {
    const problems: string[] = [];
    for (const entry of CORPUS) {
      const { printed, derivation } = corpusCase(entry);
      const brief = briefDerivation(derivation);
      const rules = brief.steps.map((s) => s.rule);
      const body = rules.slice(0, -1);
      if (body.some((r) => !['chain', 'product', 'quotient', 'function'].includes(r))) problems.push(`${entry.input}: ${rules.join(', ')}`);
      const hasBriefRule = derivation.steps.some((s) => ['chain', 'product', 'quotient', 'function'].includes(s.rule));
      const lastRule = rules[rules.length - 1];
      if (hasBriefRule && !['chain', 'product', 'quotient', 'function', 'simplify'].includes(lastRule!)) problems.push(`${entry.input}: closes with ${lastRule}`);
      if (brief.steps[brief.steps.length - 1]?.expr !== printed) problems.push(`${entry.input}: brief does not end at the result`);
    }
    expect(problems).toEqual([]);
  });
});

describe('steps: the trace is the derivation, over random expressions', () => {
  it('ends at the printed result; every step equals it at random points; substeps agree with finite differences', () => {
    const point = fc.record(Object.fromEntries(NAMES.map((n) => [n, fc.double({ min: 0.2, max: 2, noNaN: true })])) as Record<string, fc.Arbitrary<number>>);
    fc.assert(fc.property(arbExpr, fc.constantFrom(...NAMES), point, (e, wrt, values) => {
      const { printed, derivation } = both(e, wrt);
      expect(toText(derivation.steps[derivation.steps.length - 1]!.expr)).toBe(toText(printed));
      expect(derivation.steps[derivation.steps.length - 1]!.expr).toBe(printed);
      expect(differentiatedBeforeSimplifying(derivation)).toEqual([]);
      for (const st of derivation.steps) {
        expect(stepSentence(st.key, st.params, toText)).not.toMatch(/\{\w+\}/);
        for (const sub of st.substeps) expect(stepSentence(sub.key, sub.params, toText)).not.toMatch(/\{\w+\}/);
      }
      const at = new Map(Object.entries(values));
      let want: number;
      try {
        want = valueOf(printed, at);
      } catch {
        return;
      }
      if (!Number.isFinite(want)) return;
      for (const s of derivation.steps) {
        let v: number;
        try {
          v = valueOf(s.expr, at);
        } catch {
          continue;
        }
        // An intermediate form may overflow or leave a domain where the result does not.
        if (!Number.isFinite(v)) continue;
        expect(close(v, want, 1e-7), `${s.rule}: ${toText(s.expr)} = ${v}, result ${toText(printed)} = ${want}`).toBe(true);
      }
      expect(checkLocal(derivation, at)).toEqual([]);
    }), { numRuns: 300 });
  });
});

describe('steps: sentences and bounds', () => {
  it('a simplification limit gives the same result to the steps as to differentiate', () => {
    const e = parse('1/2*(t - 1/(1+exp(-(w*x+b))))^2 + x^2*x^3');
    for (const limit of [1, 2, 5]) {
      const printed = differentiate(e, ['w'], { maxSimplifySteps: limit }).derivatives[0]!.expr;
      const d = explainDerivative(e, sym('w'), { simplifyInput: true, maxSimplifySteps: limit });
      expect(d.steps[d.steps.length - 1]!.expr).toBe(printed);
    }
  });

  it('every parameter a sentence names is supplied by the steps that use it', () => {
    const seen = new Set<string>();
    const exprs = ['sin(y)', 'x^2 - 3*x', '1/(1+exp(-(w*x+b)))', 'x^2*sin(x)/(1+x)', 'x^x', '3*x + y', 'max(x, x^2)', 'sqrt(1 + x^2)', 'log(x)*exp(x)'];
    for (const text of exprs) {
      for (const s of explainDerivative(parse(text), sym('x'), { simplifyInput: true }).steps) {
        seen.add(s.key);
        expect(stepSentence(s.key, s.params, toText)).not.toMatch(/\{\w+\}/);
        for (const sub of s.substeps) expect(stepSentence(sub.key, sub.params, toText)).not.toMatch(/\{\w+\}/);
      }
    }
    expect([...seen].every((k) => k in STEP_MESSAGES_EN)).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });

  it('every sentence of the table is used by some step (a catalogue with no dead keys)', () => {
    const keys = new Set<string>();
    const add = (d: Derivation): void => d.steps.forEach((s) => {
      keys.add(s.key);
      s.substeps.forEach((sub) => keys.add(sub.key));
    });
    const texts = ['sin(y)', 'x^2 - 3*x', '1/(1+exp(-x))', 'x^x', 'max(x, x^2)', 'x^2*sin(x)/(1+x)', 'x*exp(x)',
      '-(t*log(sigmoid(w*x + b)) + (1 - t)*log(1 - sigmoid(w*x + b)))'];
    for (const t of texts) add(explainDerivative(parse(t), sym(t.includes('w') ? 'w' : 'x'), { simplifyInput: true }));
    add(explainDerivative(parse('sin(x)*cos(x)*exp(x)'), sym('x'), { maxSteps: 1 }));
    const system = loadFile('net = w*x + b\nout = sigmoid(net)\nE = (out - t)^2/2\nw = 0.5; x = 2; b = 0.1; t = 1\nderive E wrt w\n');
    for (const g of report(system, { explain: 'full' }).gradients) for (const f of factorsWithSteps(g.chain)) add(f.steps);
    // `merged` is the sentence a brief step adds for the rules it absorbed.
    expect([...keys].sort()).toEqual(Object.keys(STEP_MESSAGES_EN).filter((k) => k !== 'merged').sort());
  });

  it('a derivation too long to show says how many steps were left out and still ends at the result', () => {
    // 60 nested products of sums: hundreds of steps.
    const text = Array.from({ length: 60 }, (_, i) => `(x + ${i + 1})*sin(x*${i + 2})`).join(' + ');
    const e = parse(text);
    const printed = differentiate(e, ['x']).derivatives[0]!.expr;
    const d = explainDerivative(e, sym('x'), { simplifyInput: true, maxSteps: 50 });
    expect(d.leftOut).toBeGreaterThan(0);
    expect(d.steps.length).toBe(51);
    const last = d.steps[d.steps.length - 1]!;
    expect(last.key).toBe('left-out');
    expect(last.params['count']).toBe(String(d.leftOut));
    expect(last.expr).toBe(printed);
    expect(MAX_EXPLAIN_STEPS).toBeGreaterThanOrEqual(50);
    // The count covers every step the unbounded derivation shows past the bound (a
    // simplifier rewrite past it counts as one, though shown ones may group several).
    const all = explainDerivative(e, sym('x'), { simplifyInput: true, maxSteps: 100_000 });
    expect(all.steps.length).toBeLessThanOrEqual(50 + d.leftOut);
    expect(all.steps.length).toBeGreaterThan(50);
    expect(freeSymbols(last.expr).map((s) => s.name)).toEqual(['x']);
    // Brief keeps the count too.
    const brief = briefDerivation(d);
    expect(brief.steps[brief.steps.length - 1]!.key).toBe('left-out');
    expect(brief.steps[brief.steps.length - 1]!.expr).toBe(printed);
  });
});
