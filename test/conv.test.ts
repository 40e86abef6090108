/**
 * The convolution layer of the notes (SPEC §7). The oracle is independent
 * of the engine: a plain-loop forward convolution (valid cross-correlation
 * with stride and zero padding, as deep-learning libraries define it), the
 * loss, and the gradients of the kernel and of the input by hand-written
 * backward loops, on random sizes from a seeded generator. The sample's
 * report is checked against its own finite differences and against the
 * notes' formula ∂E/∂w11 = Σ ∂E/∂net_ij · x_ij.
 */
import { readFileSync } from 'node:fs';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkClaims, loadFile, report } from '../src/index.ts';
import { main, type Io } from '../src/cli/main.ts';
import { renderTerminal } from '../src/report/terminal.ts';
import { renderLatex } from '../src/report/latex.ts';
import { reportToJson } from '../src/report/json.ts';
import type { Report } from '../src/report/model.ts';
import { seededRandom as random } from '../src/numeric/random.ts';

const read = (name: string): string => readFileSync(new URL(`../samples/${name}`, import.meta.url), 'utf8');


type Grid = number[][];

interface Layer {
  readonly x: Grid;
  readonly w: Grid;
  readonly target: Grid;
  readonly stride: number;
  readonly padding: number;
  /** Apply sigmoid after the convolution. */
  readonly sigmoid: boolean;
}

/** The oracle: forward pass and hand-written backward loops. */
function oracle(layer: Layer): { net: Grid; E: number; dW: Grid; dX: Grid } {
  const { x, w, target, stride: s, padding: p } = layer;
  const [H, W, kh, kw] = [x.length, x[0]!.length, w.length, w[0]!.length];
  const oh = Math.floor((H + 2 * p - kh) / s) + 1;
  const ow = Math.floor((W + 2 * p - kw) / s) + 1;
  // x with zero padding, read by 0-based position in the padded input.
  const xp = (r: number, c: number): number => (r - p >= 0 && r - p < H && c - p >= 0 && c - p < W ? x[r - p]![c - p]! : 0);
  const net: Grid = [];
  for (let i = 0; i < oh; i++) {
    net.push([]);
    for (let j = 0; j < ow; j++) {
      let sum = 0;
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) sum += w[a]![b]! * xp(i * s + a, j * s + b);
      net[i]!.push(sum);
    }
  }
  const act = (v: number): number => (layer.sigmoid ? 1 / (1 + Math.exp(-v)) : v);
  let E = 0;
  const g: Grid = net.map((row, i) => row.map((v, j) => {
    const out = act(v);
    const r = out - target[i]![j]!;
    E += 0.5 * r * r;
    // dE/dnet = (out - t) · out'(net)
    return r * (layer.sigmoid ? out * (1 - out) : 1);
  }));
  const dW: Grid = w.map((row) => row.map(() => 0));
  const dX: Grid = x.map((row) => row.map(() => 0));
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const r = i * s + a - p;
          const c = j * s + b - p;
          if (r < 0 || r >= H || c < 0 || c >= W) continue;
          dW[a]![b]! += g[i]![j]! * x[r]![c]!;
          dX[r]![c]! += g[i]![j]! * w[a]![b]!;
        }
      }
    }
  }
  return { net, E, dW, dX };
}

const literal = (m: Grid): string => `[${m.map((row) => `[${row.join(', ')}]`).join(', ')}]`;

/** The same layer as a formula file: conv2d with its options, the loss, derive by both matrices. */
function formula(layer: Layer): string {
  const options = `${layer.stride !== 1 ? `, stride=${layer.stride}` : ''}${layer.padding !== 0 ? `, padding=${layer.padding}` : ''}`;
  return [
    `x = ${literal(layer.x)}`,
    `w = ${literal(layer.w)}`,
    `target = ${literal(layer.target)}`,
    `net = conv2d(x, w${options})`,
    layer.sigmoid ? 'out = sigmoid(net)' : 'out = net',
    'E = 1/2*sum((out - target)^2)',
    'derive E wrt w, x',
  ].join('\n');
}

/** A random layer: input 3..6 on a side, kernel 1..3, values with two decimals (exact in the engine). */
function randomLayer(rand: () => number, stride: number, padding: number, sigmoid: boolean): Layer {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const value = (): number => Math.round((rand() * 2 - 1) * 100) / 100;
  const grid = (r: number, c: number): Grid => Array.from({ length: r }, () => Array.from({ length: c }, value));
  const [H, W] = [int(3, 6), int(3, 6)];
  const [kh, kw] = [int(1, Math.min(3, H + 2 * padding)), int(1, Math.min(3, W + 2 * padding))];
  const oh = Math.floor((H + 2 * padding - kh) / stride) + 1;
  const ow = Math.floor((W + 2 * padding - kw) / stride) + 1;
  return { x: grid(H, W), w: grid(kh, kw), target: grid(oh, ow), stride, padding, sigmoid };
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The gradient of E by each element of a matrix, from the report, as a grid. */
function gradientGrid(r: Report, matrix: string): Grid {
  const m = r.gradientMatrices.find((g) => g.target === 'E' && g.wrt === matrix)!;
  const [rows, cols] = m.dims as [number, number];
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => m.entries[i * cols + j]!.value));
}

describe('conv2d against plain loops', () => {
  const rand = random(0xc0ffee);
  const cases: Layer[] = [];
  for (const stride of [1, 2]) {
    for (const padding of [0, 1]) {
      for (let k = 0; k < 4; k++) cases.push(randomLayer(rand, stride, padding, k >= 2));
    }
  }

  it.each(cases.map((layer, k) => [k, layer] as const))('case %i: net, E, the kernel and the input gradients agree', (_k, layer) => {
    const want = oracle(layer);
    const system = loadFile(formula(layer));
    expect(system.errors.map((e) => e.message)).toEqual([]);
    expect(system.matrices.get('net')?.dims).toEqual([want.net.length, want.net[0]!.length]);
    const r = report(system);
    const value = new Map(r.values.map((v) => [v.name, v.value]));
    want.net.forEach((row, i) => row.forEach((v, j) => expect(close(value.get(`net[${i + 1},${j + 1}]`)!, v), `net[${i + 1},${j + 1}]`).toBe(true)));
    expect(close(value.get('E')!, want.E)).toBe(true);
    const dW = gradientGrid(r, 'w');
    const dX = gradientGrid(r, 'x');
    want.dW.forEach((row, a) => row.forEach((v, b) => expect(close(dW[a]![b]!, v), `dE/dw[${a + 1},${b + 1}]: ${dW[a]![b]} vs ${v}`).toBe(true)));
    want.dX.forEach((row, i) => row.forEach((v, j) => expect(close(dX[i]![j]!, v), `dE/dx[${i + 1},${j + 1}]: ${dX[i]![j]} vs ${v}`).toBe(true)));
    // The report's own finite-difference check never disagrees. (A derivative that is 0 or tiny next to E,
    // such as that of an input entry a stride skips, can be "inconclusive": roundoff in E exceeds the tolerance.)
    for (const g of r.gradients) {
      expect(g.check.verdict, g.wrt).not.toBe('fail');
      if (g.check.verdict === 'inconclusive') expect(g.check.reason, g.wrt).toBe('cancellation');
    }
  });

  it('covers stride 1 and 2, padding 0 and 1, and an element-wise function after the convolution', () => {
    const combos = new Set(cases.map((c) => `${c.stride}/${c.padding}`));
    expect([...combos].sort()).toEqual(['1/0', '1/1', '2/0', '2/1']);
    expect(cases.some((c) => c.sigmoid)).toBe(true);
  });

  it('is the sum the notes write: conv2d and the indexed definition are the same definitions', () => {
    const text = (net: string): string => `x : 4x4\nw : 2x2\n${net}\n`;
    const a = loadFile(text('net = conv2d(x, w)'));
    const b = loadFile(text('net[i,j] = sum(a=1..2, b=1..2, w[a,b]*x[i+a-1, j+b-1])  for i=1..3, j=1..3'));
    const rhs = (s: typeof a): Map<string, unknown> => new Map([...s.definitions].map(([k, d]) => [k, d.rhs]));
    expect(rhs(a)).toEqual(rhs(b));
    expect(a.definitions.size).toBe(9);
  });

  it('maxpool takes the largest entry of each window, with its derivative 1 there', () => {
    const x = [[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 6, 7], [9, 1, 3, 2]];
    const r = report(loadFile(`x = ${literal(x)}\np = maxpool(x, 2)\nE = sum(p)\nderive E wrt x`));
    const value = new Map(r.values.map((v) => [v.name, v.value]));
    expect([value.get('p[1,1]'), value.get('p[1,2]'), value.get('p[2,1]'), value.get('p[2,2]')]).toEqual([5, 8, 9, 7]);
    const dX = gradientGrid(r, 'x');
    expect(dX).toEqual([[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]]);
    const overlapping = loadFile(`x = ${literal(x)}\np = maxpool(x, 2, stride=1)`);
    expect(overlapping.matrices.get('p')?.dims).toEqual([3, 3]);
  });
});

describe('the sample samples/conv-4x4.nabla', () => {
  const system = loadFile(read('conv-4x4.nabla'));
  const r = report(system);
  const x = [[1, 2, 0.5, 1], [3, 1, 2, 2], [2, 1, 1.5, 1], [1, 3, 2, 1]];
  const w = [[0.5, -0.25], [0.25, 0.75]];
  const target = [[2, 1, 1], [1, 3, 2], [2, 1, 2]];
  const want = oracle({ x, w, target, stride: 1, padding: 0, sigmoid: false });

  it('has the notes\' shapes: 4x4 input, 2x2 kernel, 3x3 net, and no errors', () => {
    expect(system.errors).toEqual([]);
    expect([...system.matrices.values()].map((m) => [m.name, m.dims])).toEqual([
      ['x', [4, 4]], ['w', [2, 2]], ['target', [3, 3]], ['net', [3, 3]], ['w_new', [2, 2]],
    ]);
  });

  it('writes ∂E/∂w[1,1] as the nine paths through net[i,j], each ∂E/∂net[i,j] · x[i,j], with their values', () => {
    const g = r.gradients.find((d) => d.wrt === 'w[1,1]')!;
    expect(g.chain.terms).toHaveLength(9);
    const value = new Map(r.values.map((v) => [v.name, v.value]));
    g.chain.terms.forEach((term, k) => {
      const [i, j] = [Math.floor(k / 3) + 1, (k % 3) + 1];
      expect(term.factors.map((f) => [f.of, f.wrt])).toEqual([['E', `net[${i},${j}]`], [`net[${i},${j}]`, 'w[1,1]']]);
      const [dE, dnet] = term.factors as [typeof term.factors[0], typeof term.factors[0]];
      expect(dnet.expr.kind === 'sym' && dnet.expr.name).toBe(`x[${i},${j}]`);
      expect(dnet.value).toBe(x[i - 1]![j - 1]);
      expect(dE.value).toBeCloseTo(value.get(`net[${i},${j}]`)! - target[i - 1]![j - 1]!, 12);
      expect(term.value).toBeCloseTo(dE.value * dnet.value, 12);
    });
    expect(g.value).toBeCloseTo(want.dW[0]![0]!, 12);
  });

  it('gives the whole kernel gradient, each entry passing its finite-difference check', () => {
    expect(r.gradientMatrices.map((m) => [m.target, m.wrt, m.dims])).toEqual([['E', 'w', [2, 2]]]);
    const m = r.gradientMatrices[0]!;
    m.entries.forEach((g, k) => {
      expect(g.value).toBeCloseTo(want.dW[Math.floor(k / 2)]![k % 2]!, 12);
      expect(g.check.verdict).toBe('pass');
      expect(g.check.ok).toBe(true);
    });
    // The update rule of every kernel entry.
    const value = new Map(r.values.map((v) => [v.name, v.value]));
    expect(value.get('w_new[1,1]')).toBeCloseTo(0.5 - 0.01 * want.dW[0]![0]!, 12);
  });

  it('shows it in the terminal: the nine paths, the kernel gradient as a grid, within 80 columns', () => {
    const text = renderTerminal(r, { color: false });
    expect(text).toContain('∂E/∂w[1,1] = 8.875\n  = ∂E/∂net[1,1] · ∂net[1,1]/∂w[1,1]\n    + ∂E/∂net[1,2] · ∂net[1,2]/∂w[1,1]');
    expect(text).toContain('      ∂net[2,3]/∂w[1,1]  x[2,3]                  2\n');
    expect(text).toContain('∂E/∂w = [  8.875   1.375 ]\n        [ 7.8125  9.6875 ]\n  finite differences: pass for all 4 entries');
    expect(text).toContain('    x = [ 1  2  0.5  1 ]\n        [ 3  1    2  2 ]');
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('prints the kernel gradient as a bmatrix in LaTeX, and keys elements as w[1,1] in JSON', () => {
    expect(renderLatex(r)).toContain('\\frac{\\partial E}{\\partial w} &= \\begin{bmatrix} 8.875 & 1.375 \\\\ 7.8125 & 9.6875 \\end{bmatrix}');
    expect(renderLatex(r)).toContain('\\frac{\\partial E}{\\partial \\mathrm{net}_{1,1}} \\cdot \\frac{\\partial \\mathrm{net}_{1,1}}{\\partial w_{1,1}}');
    expect(() => katex.renderToString(renderLatex(r), { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
    const json = reportToJson(r);
    expect(Object.keys(json.gradients.E!)).toEqual(['w[1,1]', 'w[1,2]', 'w[2,1]', 'w[2,2]']);
    expect(json.gradients.E!['w[1,1]']!.chain).toHaveLength(9);
    expect(json.gradients.E!['w[1,1]']!.check.ok).toBe(true);
    expect(json.matrixGradients).toEqual({ E: { w: { shape: [2, 2], value: [[8.875, 1.375], [7.8125, 9.6875]], ok: true } } });
    expect(json.values['x[1,3]']).toBe(0.5);
    expect(json.shapes).toMatchObject({ x: [4, 4], w: [2, 2], net: [3, 3] });
  });

  it('verifies its claims: conv2d is the indexed definition, and the notes\' sum', () => {
    const claims = checkClaims(read('conv-4x4.nabla'), { kind: 'formula' }).claims;
    expect(claims.map((c) => c.status)).toEqual(['verified', 'verified']);
    expect(claims[0]!.reason).toBe('all 9 entries: proved symbolically');
  });

  it('trains the kernel with --steps: E falls at every reported step', () => {
    const steps = report(system, { steps: 100 }).training!.steps;
    expect(steps.map((s) => s.step)).toEqual([0, 1, 10, 100]);
    for (let k = 1; k < steps.length; k++) expect(steps[k]!.objective).toBeLessThan(steps[k - 1]!.objective);
  });
});

describe('its LaTeX twin samples/conv-4x4.md', () => {
  const io = (): Io & { out: string[] } => {
    const out: string[] = [];
    return { out, stdout: (s) => void out.push(s), stderr: (s) => void out.push(s), color: false, stderrIsTTY: false };
  };

  it('verifies the notes\' nine-term claim ∂E/∂w11 = Σ ∂E/∂net_ij x_ij and every other claim', () => {
    const result = checkClaims(read('conv-4x4.md'), { fileName: 'conv-4x4.md' });
    expect(result.claims.map((c) => c.status)).toEqual(Array(result.claims.length).fill('verified'));
    const nine = result.claims.find((c) => c.line === 38)!;
    expect(nine.text.match(/\\frac\{\\partial E\}\{\\partial net_\{\d\d\}\} x_\{\d\d\}/g)).toHaveLength(9);
    expect(nine.text).not.toMatch(/dots/);
    expect(nine.reason).toBe('proved symbolically');
    // The bmatrix literals define the matrices; x_{11} is x[1,1] everywhere.
    expect(result.definitions.map((d) => d.name)).toEqual(['x', 'w', 'net', 'target', 'E', 'gamma', 'w_new[1,1]']);
    expect(result.system.matrices.get('x')?.dims).toEqual([4, 4]);
    expect(result.system.definitions.get('net[2,3]')?.rhs).toBe(loadFile('x : 4x4\nw : 2x2\nnet = conv2d(x, w)').definitions.get('net[2,3]')?.rhs);
  });

  it('nabla check exits 0 and lists the claim as verified', async () => {
    const out = io();
    const status = await main(['check', 'samples/conv-4x4.md'], out);
    expect(status).toBe(0);
    expect(out.out.join('')).toMatch(/^38:3 +verified +\\frac\{\\partial E\}\{\\partial w_\{11\}\} = /m);
    expect(out.out.join('')).toContain('9 claims: 9 verified, 0 refuted, 0 unchecked');
  });
});
