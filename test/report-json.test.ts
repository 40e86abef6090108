/**
 * `nabla run --json` against SPEC §9: every field of the stable shape has
 * its type, keys are the names as written, numbers are unrounded, `ok` is
 * true exactly for "pass". The worked example's figures are checked against
 * Matt Mazur's "A Step by Step Backpropagation Example", an oracle
 * independent of this code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import katex from 'katex';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const MLP = join(ROOT, 'samples', 'mlp-2-2-2.nabla');

const tmp = mkdtempSync(join(tmpdir(), 'nabla-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runJson(file: string, ...args: string[]): unknown {
  const r = spawnSync(process.execPath, [BIN, 'run', file, '--json', ...args], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

function write(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function expectTex(tex: unknown): void {
  expect(typeof tex).toBe('string');
  expect(() => katex.renderToString(tex as string, { throwOnError: true })).not.toThrow();
}

/** A chain: an array of terms, each an array of factors {of, wrt, expr, latex, value, kink?, expansion?}. */
function expectChain(chain: unknown, path: string): void {
  expect(Array.isArray(chain), path).toBe(true);
  for (const term of chain as unknown[]) {
    expect(Array.isArray(term), path).toBe(true);
    expect((term as unknown[]).length, path).toBeGreaterThan(0);
    for (const f of term as unknown[]) {
      expect(isObject(f), path).toBe(true);
      const factor = f as Json;
      expect(typeof factor.of).toBe('string');
      expect(typeof factor.wrt).toBe('string');
      expect(typeof factor.expr).toBe('string');
      expectTex(factor.latex);
      expect(typeof factor.value).toBe('number');
      if ('kink' in factor) expect(factor.kink).toBe(true);
      if ('expansion' in factor) expectChain(factor.expansion, `${path}/${String(factor.of)}/${String(factor.wrt)}`);
      if ('expandedAbove' in factor) expect(factor.expandedAbove).toBe(true);
      for (const k of Object.keys(factor)) expect(['of', 'wrt', 'expr', 'latex', 'value', 'kink', 'expansion', 'expandedAbove']).toContain(k);
    }
  }
}

/** Every field SPEC §9 names, with its type. */
function expectRunShape(j: unknown): asserts j is Json {
  expect(isObject(j)).toBe(true);
  const o = j as Json;
  expect(isObject(o.values)).toBe(true);
  for (const v of Object.values(o.values as Json)) expect(typeof v).toBe('number');
  expect(isObject(o.gradients)).toBe(true);
  for (const [target, byWrt] of Object.entries(o.gradients as Json)) {
    expect(isObject(byWrt), target).toBe(true);
    for (const [wrt, g] of Object.entries(byWrt as Json)) {
      const path = `${target}/${wrt}`;
      expect(isObject(g), path).toBe(true);
      const grad = g as Json;
      expect(typeof grad.value, path).toBe('number');
      expect(typeof grad.expr, path).toBe('string');
      expectTex(grad.latex);
      expectChain(grad.chain, path);
      expect(isObject(grad.check), path).toBe(true);
      const check = grad.check as Json;
      expect(typeof check.fd, path).toBe('number');
      expect(typeof check.relError, path).toBe('number');
      expect(['pass', 'fail', 'inconclusive'], path).toContain(check.verdict);
      expect(typeof check.ok, path).toBe('boolean');
      expect(check.ok, path).toBe(check.verdict === 'pass');
    }
  }
  if ('steps' in o) {
    expect(Array.isArray(o.steps)).toBe(true);
    for (const s of o.steps as unknown[]) {
      expect(isObject(s)).toBe(true);
      expect(Number.isInteger((s as Json).step)).toBe(true);
      expect(typeof (s as Json).objective).toBe('number');
    }
  }
}

const NEURON = `# one sigmoid neuron with squared error
x = 0.5; t = 1; w_1 = 0.3; b = 0.1
lr = 0.1
z = w_1*x + b
y = sigmoid(z)
E = 1/2*(t - y)^2
w_1' = w_1 - lr * d(E)/d(w_1)
derive E wrt w_1, b
`;

describe('run --json on a single neuron', () => {
  const file = write('neuron.nabla', NEURON);
  const j = runJson(file) as Json;

  it('has the shape of SPEC §9', () => {
    expectRunShape(j);
    expect('steps' in j).toBe(false);
  });

  it('keys are the names as first written', () => {
    const values = j.values as Json;
    expect(Object.keys(values)).toEqual(expect.arrayContaining(['w_1', 'b', 'x', 't', 'z', 'y', 'E', 'lr']));
    expect(Object.keys((j.gradients as Json).E as Json)).toEqual(['w_1', 'b']);
  });

  it('numbers are full double precision, and agree with a hand computation', () => {
    const s = (u: number): number => 1 / (1 + Math.exp(-u));
    const z = 0.3 * 0.5 + 0.1;
    const y = s(z);
    const dEdw = -(1 - y) * y * (1 - y) * 0.5;
    const values = j.values as Record<string, number>;
    expect(values.z).toBe(z);
    expect(Math.abs(values.E! - 0.5 * (1 - y) ** 2)).toBeLessThan(1e-16);
    const g = ((j.gradients as Json).E as Json).w_1 as Json;
    expect(Math.abs((g.value as number) - dEdw)).toBeLessThan(1e-16);
    // Not rounded to the nine digits the terminal shows.
    expect(String(g.value).replace(/^-?0\.0*/, '').length).toBeGreaterThan(9);
  });

  it('the chain of dE/dw_1 is the product along the one path, factors multiplying to the value', () => {
    const g = ((j.gradients as Json).E as Json).w_1 as Json;
    const chain = g.chain as Json[][];
    expect(chain).toHaveLength(1);
    expect(chain[0]!.map((f) => `${String(f.of)}/${String(f.wrt)}`)).toEqual(['E/y', 'y/z', 'z/w_1']);
    const product = chain[0]!.reduce((acc, f) => acc * (f.value as number), 1);
    expect(Math.abs(product - (g.value as number))).toBeLessThan(1e-15);
    expect((g.check as Json).verdict).toBe('pass');
    expect((g.check as Json).ok).toBe(true);
  });

  it('after --steps, values are final and the last steps entry is step N', () => {
    const trained = runJson(file, '--steps', '25') as Json;
    expectRunShape(trained);
    const steps = trained.steps as { step: number; objective: number }[];
    expect(steps[0]!.step).toBe(0);
    expect(steps.at(-1)!.step).toBe(25);
    expect(steps.at(-1)!.objective).toBeLessThan(steps[0]!.objective);
    expect((trained.values as Record<string, number>).w_1).not.toBe(0.3);
    expect((trained.values as Record<string, number>).E).toBe(steps.at(-1)!.objective);
  });
});

describe('run --json at a kink', () => {
  it('ok is false when the check is inconclusive', () => {
    const file = write('kink.nabla', 'h = relu(z)\nz = a*x\nE = h^2 + a\nx = 1; a = 0\nderive E wrt a\n');
    const j = runJson(file) as Json;
    expectRunShape(j);
    const g = ((j.gradients as Json).E as Json).a as Json;
    const check = g.check as Json;
    expect(check.verdict).toBe('inconclusive');
    expect(check.ok).toBe(false);
    const factors = (g.chain as Json[][]).flat();
    expect(factors.some((f) => f.kink === true)).toBe(true);
  });
});

describe('run --json on a network where paths split repeatedly', () => {
  // Three fully connected tanh layers of two: d(E)/d(a2) is reached from both a1 and b1.
  const layers = ['a0 = 0.3; b0 = 0.5'];
  for (let i = 1; i <= 3; i++) {
    layers.push(`a${i} = tanh(0.5*a${i - 1} + 0.4*b${i - 1})`, `b${i} = tanh(0.3*a${i - 1} - 0.2*b${i - 1})`);
  }
  const file = write('layers.nabla', `${layers.join('\n')}\nE = a3 + b3\nderive E wrt a0\n`);
  const j = runJson(file) as Json;
  const g = ((j.gradients as Json).E as Json).a0 as Json;

  /** d(E)/d(S) of a chain, recomputed from the factor values, following each split's expansion. */
  function total(chain: Json[][], expansions: Map<string, number>): number {
    return chain.reduce((acc, term) => acc + term.reduce((p, f) => {
      const key = `${String(f.of)}/${String(f.wrt)}`;
      if (f.expansion) expansions.set(key, total(f.expansion as Json[][], expansions));
      if (f.expansion || f.expandedAbove) {
        expect(expansions.has(key), key).toBe(true);
        expect(Math.abs(expansions.get(key)! - (f.value as number))).toBeLessThan(1e-14);
      }
      return p * (f.value as number);
    }, 1), 0);
  }

  it('has the shape of SPEC §9 and passes its check', () => {
    expectRunShape(j);
    expect((g.check as Json).ok).toBe(true);
  });

  it('expands each split once; a later occurrence says expandedAbove', () => {
    const text = JSON.stringify(g.chain);
    expect(text).toContain('"expandedAbove":true');
    const expansions = new Map<string, number>();
    expect(Math.abs(total(g.chain as Json[][], expansions) - (g.value as number))).toBeLessThan(1e-14);
    expect([...expansions.keys()].sort()).toEqual(['E/a1', 'E/a2', 'E/b1', 'E/b2']);
  });
});

/** True when `value` rounds to the published decimal text in its last digit. */
function agreesToPublished(value: number, published: string): boolean {
  const decimals = (published.split('.')[1] ?? '').length;
  return Math.abs(value - Number(published)) <= 0.5 * 10 ** -decimals * (1 + 1e-9);
}

describe.skipIf(!existsSync(MLP))('run --json on the worked example (Mazur)', () => {
  const j = existsSync(MLP) ? (runJson(MLP) as Json) : {};

  it('has the shape of SPEC §9', () => {
    expectRunShape(j);
  });

  it.each([
    ['E', '0.298371109'],
    ['out_o1', '0.75136507'],
    ['w5_new', '0.35891648'],
    ['w1_new', '0.149780716'],
  ])('value %s = %s', (name, published) => {
    const v = (j.values as Record<string, number>)[name]!;
    expect(agreesToPublished(v, published), `${name} = ${v}`).toBe(true);
  });

  it.each([
    ['w5', '0.0821670406'],
    ['w1', '0.000438567734'],
  ])('∂E/∂%s = %s, checked by finite differences', (wrt, published) => {
    const g = ((j.gradients as Json).E as Json)[wrt] as Json;
    expect(agreesToPublished(g.value as number, published), `${wrt}: ${String(g.value)}`).toBe(true);
    expect((g.check as Json).ok).toBe(true);
  });

  it('∂E/∂w1 goes through ∂E/∂out_h1, expanded as its two paths', () => {
    const g = ((j.gradients as Json).E as Json).w1 as Json;
    const [term] = g.chain as Json[][];
    expect(term!.map((f) => `${String(f.of)}/${String(f.wrt)}`)).toEqual(['E/out_h1', 'out_h1/net_h1', 'net_h1/w1']);
    const expansion = term![0]!.expansion as Json[][];
    expect(expansion).toHaveLength(2);
    expect(expansion.map((t) => t.map((f) => `${String(f.of)}/${String(f.wrt)}`))).toEqual([
      ['E/out_o1', 'out_o1/net_o1', 'net_o1/out_h1'],
      ['E/out_o2', 'out_o2/net_o2', 'net_o2/out_h1'],
    ]);
    const sum = expansion.reduce((acc, t) => acc + t.reduce((p, f) => p * (f.value as number), 1), 0);
    expect(Math.abs(sum - (term![0]!.value as number))).toBeLessThan(1e-15);
  });
});
