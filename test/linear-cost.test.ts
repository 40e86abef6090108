/**
 * Systems of definitions whose cost grows with their size (SPEC §17): a long
 * chain's report is bounded and summarised in the views and complete in
 * JSON, a 20,000-deep chain is reported under the default depth limit, and
 * the one reverse sweep per target gives the gradients of a whole layer.
 *
 * Oracles are independent of the engine: each chain is also run forward in
 * plain JavaScript, its derivative taken by the chain rule written out here
 * (the product of cos(a_{k-1}) + p_k) and by central differences of that
 * forward run. No wall-clock assertion: speed lives in the benchmark; the
 * timeouts below are hang guards only.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { loadFile, MAX_DEFINITION_DEPTH, report } from '../src/index.ts';
import { renderTerminal } from '../src/report/terminal.ts';
import { renderLatex } from '../src/report/latex.ts';
import { reportToJson } from '../src/report/json.ts';

/** Generous: ten times the slowest run seen on a loaded two-core machine. */
const HANG_GUARD_MS = 300_000;

/** The factors p_k of the chain: small, so the derivative neither vanishes nor explodes. */
const p = (k: number): number => Number((0.001 * (1 + (k % 7))).toFixed(3));

/** `a_k = sin(a_{k-1}) + p_k*a_{k-1}` for k = 1..n, then `derive a_n wrt a0`. */
function chainText(n: number): string {
  const lines = ['a0 = 0.9'];
  for (let k = 1; k <= n; k++) lines.push(`p${k} = ${p(k)}`);
  for (let k = 1; k <= n; k++) lines.push(`a${k} = sin(a${k - 1}) + p${k}*a${k - 1}`);
  lines.push(`derive a${n} wrt a0`, '');
  return lines.join('\n');
}

/** The chain run forward in plain JavaScript from a0. */
function forward(n: number, a0: number): number {
  let a = a0;
  for (let k = 1; k <= n; k++) a = Math.sin(a) + p(k) * a;
  return a;
}

/** d(a_n)/d(a0) by the chain rule written out: the product of the local factors cos(a_{k-1}) + p_k. */
function chainRule(n: number, a0: number): number {
  let a = a0;
  let d = 1;
  for (let k = 1; k <= n; k++) {
    d *= Math.cos(a) + p(k);
    a = Math.sin(a) + p(k) * a;
  }
  return d;
}

const relErr = (x: number, y: number): number => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

describe('a chain of 2,000 definitions', () => {
  const n = 2_000;
  const rep = report(loadFile(chainText(n)));
  const g = rep.gradients[0]!;

  it('has the gradient the chain rule and central differences give', () => {
    // The chain contracts to a fixed point, so the derivative is small (about 4.5e-10) and a
    // wide step keeps the central difference above rounding; its error is then O(h²).
    const h = 1e-3;
    const fd = (forward(n, 0.9 + h) - forward(n, 0.9 - h)) / (2 * h);
    expect(relErr(g.value, chainRule(n, 0.9))).toBeLessThan(1e-9);
    expect(relErr(g.value, fd)).toBeLessThan(1e-3);
    expect(g.check.verdict).toBe('pass');
  });

  it('is one product of 2,000 local factors, each the partial written out', () => {
    expect(g.chain.terms).toHaveLength(1);
    const factors = g.chain.terms[0]!.factors;
    expect(factors).toHaveLength(n);
    // From the target down: ∂a_k/∂a_{k-1} = cos(a_{k-1}) + p_k, checked at a few k against the forward run.
    for (const k of [n, n - 1, 1000, 2, 1]) {
      const f = factors[n - k]!;
      expect([f.of, f.wrt]).toEqual([`a${k}`, `a${k - 1}`]);
      expect(f.value).toBeCloseTo(Math.cos(forward(k - 1, 0.9)) + p(k), 12);
    }
  });

  it('lists the first and last factors and summarises the rest in the terminal view', () => {
    const text = renderTerminal(rep, { color: false });
    const section = text.slice(0, text.indexOf('Values'));
    expect(section.split('\n').length).toBeLessThan(40);
    expect(section).toContain('… 1,994 more factors …');
    expect(section).toContain('∂a2000/∂a1999');
    expect(section).toContain('∂a1/∂a0');
    expect(section).not.toContain('∂a1000/∂a999');
    // The summary's product times the listed factors is the gradient.
    const listed = g.chain.terms[0]!.listed;
    const product = listed.reduce((acc, f) => acc * f.value, 1);
    expect(relErr(product, chainRule(n, 0.9))).toBeLessThan(1e-9);
  });

  it('summarises in LaTeX too (rendered by KaTeX) and lists every factor in JSON', () => {
    const tex = renderLatex(rep);
    expect(tex).toContain('\\underbrace{\\cdots}_{1994\\text{ more factors}}');
    // Eight partials: the decomposition lists six factors, then the lines of those factors.
    expect(tex.split('\\partial a').length - 1).toBeLessThan(40);
    // The lines that carry the summary render (the full product after them is the printer's, tested elsewhere).
    const summarised = tex.replace('\\begin{align*}\n', '').split('\\\\\n').filter((l) => l.includes('underbrace'));
    expect(summarised.length).toBeGreaterThanOrEqual(3);
    const body = `\\begin{align*}${summarised.join('\\\\')}\\end{align*}`;
    expect(() => katex.renderToString(body, { throwOnError: true, displayMode: true })).not.toThrow();
    const json = reportToJson(rep) as unknown as { gradients: Record<string, Record<string, { chain: unknown[][] }>> };
    expect(json.gradients[`a${n}`]!.a0!.chain[0]).toHaveLength(n);
  });
});

describe('a deep chain under the default depth limit', () => {
  it('reports d(a_20000)/d(a0) of a 20,000-deep chain without a depth error', () => {
    expect(MAX_DEFINITION_DEPTH).toBeGreaterThanOrEqual(100_000);
    const n = 20_000;
    const g = report(loadFile(chainText(n))).gradients[0]!;
    expect(relErr(g.value, chainRule(n, 0.9))).toBeLessThan(1e-8);
    expect(g.check.verdict).toBe('pass');
  }, HANG_GUARD_MS);
});

describe('one reverse sweep for every gradient of a layer', () => {
  // A 3-4-2 sigmoid network in §7's indexed form with an update rule per weight.
  const text = [
    'x = [[0.5, -0.25, 0.75]]',
    'y = [[1, 0]]',
    'W1 = [[0.1, -0.2, 0.3], [0.2, 0.1, -0.1], [-0.3, 0.25, 0.05], [0.15, 0.15, -0.2]]',
    'W2 = [[0.3, -0.1, 0.2, 0.1], [-0.2, 0.2, 0.1, 0.3]]',
    'h[1,j] = sigmoid(sum(i=1..3, W1[j,i]*x[1,i]))  for j=1..4',
    'o[1,k] = sigmoid(sum(j=1..4, W2[k,j]*h[1,j]))  for k=1..2',
    'E = 1/2*sum((o - y)^2)',
    'W1_new = W1 - 0.5*d(E)/d(W1)',
    'W2_new = W2 - 0.5*d(E)/d(W2)',
  ].join('\n');

  /** The same network in plain JavaScript. */
  function loss(W1: number[][], W2: number[][]): number {
    const x = [0.5, -0.25, 0.75];
    const s = (z: number): number => 1 / (1 + Math.exp(-z));
    const h = W1.map((row) => s(row.reduce((acc, w, i) => acc + w * x[i]!, 0)));
    const o = W2.map((row) => s(row.reduce((acc, w, j) => acc + w * h[j]!, 0)));
    return 0.5 * ((o[0]! - 1) ** 2 + o[1]! ** 2);
  }
  const W1 = [[0.1, -0.2, 0.3], [0.2, 0.1, -0.1], [-0.3, 0.25, 0.05], [0.15, 0.15, -0.2]];
  const W2 = [[0.3, -0.1, 0.2, 0.1], [-0.2, 0.2, 0.1, 0.3]];

  it('gives every update rule the gradient central differences give', () => {
    const rep = report(loadFile(text));
    const values = new Map(rep.values.map((v) => [v.name, v.value]));
    const h = 1e-6;
    for (const [name, M] of [['W1', W1], ['W2', W2]] as const) {
      M.forEach((row, i) => row.forEach((w, j) => {
        const bump = (d: number): number => {
          const copy = M.map((r) => r.slice());
          copy[i]![j] = w + d;
          return name === 'W1' ? loss(copy, W2) : loss(W1, copy);
        };
        const fd = (bump(h) - bump(-h)) / (2 * h);
        const updated = values.get(`${name}_new[${i + 1},${j + 1}]`)!;
        expect(Math.abs(updated - (w - 0.5 * fd))).toBeLessThan(1e-9);
      }));
    }
  });
});
