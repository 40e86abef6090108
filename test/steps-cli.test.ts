/**
 * The steps as people see them (SPEC §13): `nabla diff --explain` in 80
 * columns, `--explain=brief`, `--latex` as an align* that KaTeX renders,
 * `--json` steps with exactly the keys of SPEC §13, and `nabla run --explain`
 * with each local factor's steps ending at the factor the report prints.
 * Values are checked against hand-derived formulas, not against the
 * engine's own output.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.ts';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { loadFile, report, toText } from '../src/index.ts';
import { resolveDerivatives } from '../src/diff/diff.ts';
import { evaluateAt } from '../src/numeric/compile.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { factorsWithSteps } from '../src/report/steps-view.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The installed command, once (the README test runs the others the same way). */
function spawned(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/nabla.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI in this process (the machine is shared: a process per call is slow). */
async function nabla(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => { stdout += t; }, stderr: (t: string) => { stderr += t; }, color: false, stderrIsTTY: false };
  const status = await main(args.map((a) => (a.startsWith('samples/') ? join(ROOT, a) : a)), io);
  return { status, stdout, stderr };
}

const SIGMOID = '1/(1+exp(-(w*x+b)))';

interface StepJson { rule: string; text: string; expr: string; latex: string; substeps?: Record<string, string>[] }

describe('nabla diff --explain', () => {
  it('shows the chain rule through the sigmoid and ends at the printed derivative, within 80 columns', async () => {
    const r = spawned('diff', SIGMOID, '--wrt', 'w', '--explain');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
    expect(r.stdout).toMatch(/Chain rule on sigmoid\(b \+ w\*x\)/);
    expect(r.stdout).toMatch(/The rule of sigmoid: d\(sigmoid\(u\)\)\/d\(u\) = sigmoid\(u\)\*\(1 - sigmoid\(u\)\)/);
    expect(lines[lines.length - 1]!.trim()).toBe('= x*sigmoid(b + w*x)*(1 - sigmoid(b + w*x))');
    // The same as the plain command prints.
    expect((await nabla('diff', SIGMOID, '--wrt', 'w')).stdout).toBe('x*sigmoid(b + w*x)*(1 - sigmoid(b + w*x))\n');
  });

  it('--json gives derivatives[x].steps with the keys of SPEC §13; brief keeps chain, product, quotient and function rules', async () => {
    const full = JSON.parse((await nabla('diff', 'x^2*sin(x)/(1+x)', '--wrt', 'x', '--explain', '--json')).stdout) as { derivatives: Record<string, { expr: string; steps: StepJson[] }> };
    const brief = JSON.parse((await nabla('diff', 'x^2*sin(x)/(1+x)', '--wrt', 'x', '--explain=brief', '--json')).stdout) as typeof full;
    const steps = full.derivatives['x']!.steps;
    for (const s of steps) {
      expect(Object.keys(s).sort()).toEqual(s.substeps ? ['expr', 'latex', 'rule', 'substeps', 'text'] : ['expr', 'latex', 'rule', 'text']);
      for (const sub of s.substeps ?? []) expect(Object.keys(sub).sort()).toEqual(['expr', 'latex', 'of', 'rule', 'text', 'wrt']);
      expect(['sum', 'constant-multiple', 'product', 'quotient', 'power', 'chain', 'function', 'substitute', 'simplify']).toContain(s.rule);
    }
    expect(steps[0]!.rule).toBe('quotient');
    expect(steps[steps.length - 1]!.expr).toBe(full.derivatives['x']!.expr);
    // Every step equals the hand-derived derivative ((2x sin x + x² cos x)(1+x) − x² sin x)/(1+x)² at a point.
    const x = 0.7;
    const want = ((2 * x * Math.sin(x) + x * x * Math.cos(x)) * (1 + x) - x * x * Math.sin(x)) / (1 + x) ** 2;
    for (const s of steps) {
      const v = evaluateAt(resolveDerivatives(parseExpression(s.expr)), new Map([['x', x]]));
      expect(v).toBeCloseTo(want, 12);
    }
    const briefSteps = brief.derivatives['x']!.steps;
    expect(briefSteps.map((s) => s.rule).slice(0, -1).every((r) => ['chain', 'product', 'quotient', 'function'].includes(r))).toBe(true);
    expect(briefSteps.length).toBeLessThan(steps.length);
    expect(briefSteps[briefSteps.length - 1]!.expr).toBe(full.derivatives['x']!.expr);
  });

  it('--latex is an align* that KaTeX renders; a bad detail is an option error', async () => {
    const r = await nabla('diff', SIGMOID, '--wrt', 'w', '--explain', '--latex');
    expect(r.stdout.startsWith('\\begin{align*}\n')).toBe(true);
    expect(r.stdout).toContain('\\text{chain rule}');
    expect(() => katex.renderToString(r.stdout, { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
    const bad = await nabla('diff', 'x', '--wrt', 'x', '--explain=everything');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--explain/);
  });
});

describe('a derivation too long to show', () => {
  it('shows 200 steps, says how many were left out, cuts long forms and ends at the printed result', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `sin(${i + 1}*x + 1)`).join(' + ');
    const r = await nabla('diff', text, '--wrt', 'x', '--explain');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
    const leftOut = lines.find((l) => /^201\. \d+ steps left out \(at most 200 are shown\)/.test(l));
    expect(leftOut).toBeDefined();
    // 300 chain rules and 300 constant multiples beside the sum rule: 601 steps, 401 past the bound at least.
    expect(Number(/^201\. (\d+)/.exec(leftOut!)![1])).toBeGreaterThanOrEqual(401);
    expect(r.stdout).toMatch(/… \(\d+ more lines\)/);
    const result = (await nabla('diff', text, '--wrt', 'x')).stdout.trim();
    const last = lines.slice(lines.indexOf(leftOut!) + 1).map((l) => l.trim()).join(' ');
    expect(last.replace(/^= /, '').replace(/\s+/g, '')).toBe(result.replace(/\s+/g, ''));
  });
});

describe('nabla run --explain', () => {
  const system = loadFile(readFileSync(new URL('../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8'));

  it('shows for ∂out_o1/∂net_o1 the sigmoid rule and the substitution σ(net_o1) = out_o1', async () => {
    const r = await nabla('run', 'samples/mlp-2-2-2.nabla', '--wrt', 'w5', '--explain');
    expect(r.status).toBe(0);
    const block = r.stdout.split('steps of ∂out_o1/∂net_o1')[1]!.split('steps of')[0]!;
    expect(block).toMatch(/The rule of sigmoid/);
    expect(block).toMatch(/Substitute the named node: sigmoid\(net_o1\) = out_o1\./);
    expect(block.trimEnd().split('\n').pop()!.trim()).toBe('= out_o1*(1 - out_o1)');
    // Without --explain nothing is added.
    const plain = await nabla('run', 'samples/mlp-2-2-2.nabla', '--wrt', 'w5');
    expect(plain.stdout).not.toMatch(/steps of/);
    expect(r.stdout.replace(/\n\n {2}steps of [\s\S]*?(?=\n\n(?! {4})|\n\nValues)/g, '')).toBe(plain.stdout);
  });

  it('every factor\'s steps end at the factor and equal its value at the report\'s point', () => {
    const rep = report(system, { wrt: ['w1', 'w5'], explain: 'full' });
    const values = new Map(rep.values.map((v) => [v.name, v.value]));
    let checked = 0;
    for (const g of rep.gradients) {
      const factors = factorsWithSteps(g.chain);
      expect(factors.length).toBeGreaterThan(2);
      for (const f of factors) {
        const steps = f.steps.steps;
        expect(steps[steps.length - 1]!.expr).toBe(f.expr);
        for (const s of steps) {
          expect(evaluateAt(resolveDerivatives(s.expr), values), `${f.of}/${f.wrt}: ${toText(s.expr)}`).toBeCloseTo(f.value, 10);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    // Hand-derived: σ′(net_o1) = out_o1(1 − out_o1).
    const outO1 = values.get('out_o1')!;
    const sigmoidFactor = factorsWithSteps(rep.gradients[1]!.chain).find((f) => f.of === 'out_o1' && f.wrt === 'net_o1')!;
    expect(sigmoidFactor.value).toBeCloseTo(outO1 * (1 - outO1), 12);
    expect(sigmoidFactor.steps.steps.map((s) => s.rule)).toEqual(['function', 'substitute']);
  });

  it('--explain takes no separate word: it stands before the file or before another option', async () => {
    const before = await nabla('run', '--explain', 'samples/mlp-2-2-2.nabla', '--wrt', 'w5');
    expect(before.status).toBe(0);
    expect(before.stdout).toContain('steps of ∂out_o1/∂net_o1');
    const beforeOption = await nabla('diff', 'x^3', '--explain', '--wrt', 'x');
    expect(beforeOption.status).toBe(0);
    expect(beforeOption.stdout.trimEnd().split('\n').pop()!.trim()).toBe('= 3*x^2');
  });

  it('--latex adds each factor\'s steps to the align*, which KaTeX renders', async () => {
    const r = await nabla('run', 'samples/mlp-2-2-2.nabla', '--wrt', 'w5', '--latex', '--explain');
    expect(r.stdout).toContain('&& \\text{sigmoid rule}');
    expect(r.stdout).toContain('&& \\text{substitution}');
    expect(() => katex.renderToString(r.stdout, { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
    expect((await nabla('run', 'samples/mlp-2-2-2.nabla', '--wrt', 'w5', '--latex')).stdout).not.toContain('\\text{sigmoid rule}');
  });

  it('--json puts steps beside each local factor', async () => {
    const r = await nabla('run', 'samples/mlp-2-2-2.nabla', '--wrt', 'w5', '--explain', '--json');
    type Factor = { of: string; wrt: string; expr: string; steps?: StepJson[] };
    const json = JSON.parse(r.stdout) as { gradients: Record<string, Record<string, { chain: Factor[][] }>> };
    const factors = json.gradients['E']!['w5']!.chain.flat();
    expect(factors.length).toBe(3);
    expect(factors.every((f) => f.steps !== undefined && f.steps[f.steps.length - 1]!.expr === f.expr)).toBe(true);
    const plain = JSON.parse((await nabla('run', 'samples/mlp-2-2-2.nabla', '--wrt', 'w5', '--json')).stdout) as typeof json;
    expect(plain.gradients['E']!['w5']!.chain.flat().some((f) => 'steps' in f)).toBe(false);
  });
});
