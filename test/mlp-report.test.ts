/**
 * The seed's 2-2-2 network against an independent oracle: the figures
 * published in Matt Mazur's "A Step by Step Backpropagation Example" (which
 * the notes follow), and a plain-JavaScript forward pass of the same network
 * written here, differentiated by central differences.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFile, report } from '../src/index.ts';

const source = readFileSync(new URL('../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');

/** True when `value` rounds to the published decimal text in its last digit. */
function agreesToPublished(value: number, published: string): boolean {
  const decimals = (published.split('.')[1] ?? '').replace(/e.*$/i, '').length;
  const exp = /e(-?\d+)$/i.exec(published);
  const scale = exp ? 10 ** Number(exp[1]) : 1;
  return Math.abs(value - Number(published)) <= 0.5 * 10 ** -decimals * scale * (1 + 1e-9);
}

const INITIAL: Record<string, number> = {
  i1: 0.05, i2: 0.1, t1: 0.01, t2: 0.99,
  w1: 0.15, w2: 0.2, w3: 0.25, w4: 0.3, b1: 0.35,
  w5: 0.4, w6: 0.45, w7: 0.5, w8: 0.55, b2: 0.6,
};

/** The network by hand, independent of the engine. */
function loss(p: Record<string, number>): number {
  const s = (x: number): number => 1 / (1 + Math.exp(-x));
  const h1 = s(p.w1! * p.i1! + p.w2! * p.i2! + p.b1!);
  const h2 = s(p.w3! * p.i1! + p.w4! * p.i2! + p.b1!);
  const o1 = s(p.w5! * h1 + p.w6! * h2 + p.b2!);
  const o2 = s(p.w7! * h1 + p.w8! * h2 + p.b2!);
  return 0.5 * (p.t1! - o1) ** 2 + 0.5 * (p.t2! - o2) ** 2;
}

function centralDifference(name: string): number {
  const h = 1e-6;
  const up = { ...INITIAL, [name]: INITIAL[name]! + h };
  const down = { ...INITIAL, [name]: INITIAL[name]! - h };
  return (loss(up) - loss(down)) / (2 * h);
}

describe('the worked example', () => {
  const system = loadFile(source);
  const r = report(system);
  const value = (name: string): number => r.values.find((v) => v.name === name)!.value;
  const gradient = (wrt: string) => r.gradients.find((g) => g.wrt === wrt)!;

  it('loads without errors', () => {
    expect(system.errors.map((e) => e.message)).toEqual([]);
  });

  it.each([
    ['E', '0.298371109'],
    ['out_h1', '0.593269992'],
    ['out_h2', '0.596884378'],
    ['out_o1', '0.75136507'],
    ['out_o2', '0.772928465'],
    ['w5_new', '0.35891648'],
    ['w6_new', '0.408666186'],
    ['w7_new', '0.511301270'],
    ['w8_new', '0.561370121'],
    ['w1_new', '0.149780716'],
    ['w2_new', '0.19956143'],
    ['w3_new', '0.24975114'],
    ['w4_new', '0.29950229'],
  ])('%s matches the published %s', (name, published) => {
    expect(agreesToPublished(value(name), published), `${name} = ${value(name)}`).toBe(true);
  });

  it('∂E/∂w5 and ∂E/∂w1 match the published gradients', () => {
    expect(agreesToPublished(gradient('w5').value, '0.0821670406')).toBe(true);
    expect(agreesToPublished(gradient('w1').value, '0.000438567734')).toBe(true);
  });

  it('decomposes ∂E/∂w5 into the three factors of the notes, with the published values', () => {
    const chain = gradient('w5').chain;
    expect(chain.terms).toHaveLength(1);
    const factors = chain.terms[0]!.factors;
    expect(factors.map((f) => [f.of, f.wrt])).toEqual([['E', 'out_o1'], ['out_o1', 'net_o1'], ['net_o1', 'w5']]);
    expect(agreesToPublished(factors[0]!.value, '0.74136507')).toBe(true);
    expect(agreesToPublished(factors[1]!.value, '0.186815602')).toBe(true);
    expect(agreesToPublished(factors[2]!.value, '0.593269992')).toBe(true);
  });

  it('expands ∂E/∂out_h1 as the sum of its two paths, as the notes do for w1', () => {
    const factors = gradient('w1').chain.terms[0]!.factors;
    expect(factors.map((f) => [f.of, f.wrt])).toEqual([['E', 'out_h1'], ['out_h1', 'net_h1'], ['net_h1', 'w1']]);
    const split = factors[0]!.expansion!;
    expect(split.terms).toHaveLength(2);
    expect(split.terms.map((t) => t.factors.map((f) => `${f.of}/${f.wrt}`))).toEqual([
      ['E/out_o1', 'out_o1/net_o1', 'net_o1/out_h1'],
      ['E/out_o2', 'out_o2/net_o2', 'net_o2/out_h1'],
    ]);
    expect(agreesToPublished(split.value, '0.036350306')).toBe(true);
    expect(agreesToPublished(split.terms[0]!.value, '0.055399425')).toBe(true);
    // Published as -0.019049119: the example rounds ∂E/∂net_o2 to -0.038098236 before
    // multiplying by w7 = 0.5, so only its first eight digits are exact.
    expect(agreesToPublished(split.terms[1]!.value, '-0.01904912')).toBe(true);
    expect(agreesToPublished(factors[1]!.value, '0.241300709')).toBe(true);
    expect(factors[2]!.value).toBe(0.05);
  });

  it('every weight gradient agrees with central differences of a hand-written network', () => {
    const all = report(system, { wrt: ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'b1', 'b2'] });
    for (const g of all.gradients) {
      const fd = centralDifference(g.wrt);
      expect(Math.abs(g.value - fd) / Math.abs(fd), g.wrt).toBeLessThan(1e-6);
      expect(g.check.verdict, g.wrt).toBe('pass');
    }
  });

  it('10000 steps of gradient descent end at E = 3.51018778e-05', () => {
    const trained = report(system, { steps: 10000 });
    const last = trained.training!.steps.at(-1)!;
    expect(last.step).toBe(10000);
    expect(agreesToPublished(last.objective, '3.51018778e-05')).toBe(true);
    // Mazur publishes 0.0000351085 from a variant that updated the output layer first: 3 digits agree.
    expect(agreesToPublished(last.objective, '3.51e-05')).toBe(true);
  });
});

describe('a hand-trained network as an oracle for training', () => {
  it('one step of simultaneous updates matches a hand-written step', () => {
    const system = loadFile(source);
    const trained = report(system, { steps: 1 });
    const grads: Record<string, number> = {};
    for (const w of ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8']) grads[w] = centralDifference(w);
    const next = { ...INITIAL };
    for (const w of Object.keys(grads)) next[w] = INITIAL[w]! - 0.5 * grads[w]!;
    expect(trained.training!.steps.at(-1)!.objective).toBeCloseTo(loss(next), 9);
  });
});
