/**
 * conv2d and maxpool as matrix nodes (SPEC §7's operations kept whole, §12):
 * the kernel and input gradients of a small CNN (8x8 ⋆ 3x3, 2x2 max-pool, a
 * dense layer, a scalar loss) against the same network expanded into scalars
 * by §7 (an explicit indexed sum for the convolution, so no window code is
 * shared) and against central finite differences; with stride and padding
 * against §7's own conv2d; the printed index formula evaluated by hand from
 * the reported error map; a kernel larger than its input is a positioned error.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { loadFile, report } from '../src/index.ts';
import { main } from '../src/cli/main.ts';
import type { MatrixSection } from '../src/report/model-matrix.ts';

/** Numbers in (-1, 1), the same on every run. */
function numbers(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.round((s / 2147483648) * 2e4 - 1e4) / 1e4;
  });
}

const literal = (rows: number, cols: number, xs: readonly number[]): string =>
  `[${Array.from({ length: rows }, (_, i) => `[${xs.slice(i * cols, (i + 1) * cols).join(', ')}]`).join(', ')}]`;

const X = numbers(64, 11);
const DATA = `x = ${literal(8, 8, X)}
w = [[0.2, -0.1, 0.05], [0.3, 0.1, -0.2], [-0.15, 0.25, 0.1]]
u = [0.5, -0.4, 0.3]
v = [0.2, 0.7, -0.6]
c = 0.1
t = 0.8
`;

const MATRIX = `${DATA}net = conv2d(x, w)
a = sigmoid(net)
p = maxpool(a, 2)
h = p @ u
o = sigmoid(dot(v, h) + c)
E = 1/2*(o - t)^2
derive E wrt w, x
`;

const EXPANDED = `${DATA}net[i,j] = sum(a=1..3, b=1..3, w[a,b]*x[i+a-1, j+b-1])  for i=1..6, j=1..6
act = sigmoid(net)
p = maxpool(act, 2)
h[i] = sum(j=1..3, p[i,j]*u[j])  for i=1..3
o = sigmoid(sum(i=1..3, v[i]*h[i]) + c)
E = 1/2*(o - t)^2
derive E wrt w, x
`;

function matrixSection(text: string): MatrixSection {
  const system = loadFile(text);
  expect(system.errors.map((e) => e.message)).toEqual([]);
  return report(system).matrix!;
}

/** The scalar engine's ∂E/∂name[i,j] on the expanded file. */
function expanded(text: string): Map<string, number> {
  const system = loadFile(text);
  expect(system.errors.map((e) => e.message)).toEqual([]);
  expect(system.matrix).toBeUndefined();
  return new Map(report(system).gradients.map((g) => [g.wrt, g.value]));
}

function expectEntries(section: MatrixSection, wrt: string, oracle: Map<string, number>): void {
  const g = section.gradients.find((x) => x.wrt === wrt)!;
  const { rows, cols } = g.shape;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const want = oracle.get(`${wrt}[${i + 1},${j + 1}]`)!;
      expect(want).toBeTypeOf('number');
      expect(Math.abs(g.value.data[i * cols + j]! - want)).toBeLessThanOrEqual(1e-15 + 1e-10 * Math.abs(want));
    }
  }
  expect(g.check.ok).toBe(true);
  expect(g.check.entries).toBe(rows * cols);
  expect(g.check.maxRelError).toBeLessThan(1e-5);
}

describe('a small CNN in matrix form', () => {
  const section = matrixSection(MATRIX);
  const oracle = expanded(EXPANDED);

  it('∂E/∂w is conv2d(x, δ) and equals §7\'s expansion and central differences, entry by entry', () => {
    const g = section.gradients.find((x) => x.wrt === 'w')!;
    expect(g.deltaText).toBe('conv2d(x, delta_a)');
    expectEntries(section, 'w', oracle);
  });

  it('∂E/∂x is the full convolution of δ with the flipped kernel, and equals §7 and finite differences', () => {
    expect(section.gradients.find((x) => x.wrt === 'x')!.deltaText).toBe('convfull(delta_a, w)');
    expectEntries(section, 'x', oracle);
  });

  it('prints the index formula, and the formula evaluated from the reported error map gives the gradient', () => {
    const g = section.gradients.find((x) => x.wrt === 'w')!;
    expect(g.indexForm).toBe('∂E/∂w[a,b] = Σ_ij ∂E/∂net[i,j] · x[i+a-1, j+b-1]');
    expect(section.gradients.find((x) => x.wrt === 'x')!.indexForm).toBe('∂E/∂x[u,v] = Σ_ij ∂E/∂net[i,j] · w[u-i+1, v-j+1]');
    const dnet = g.chain.find((f) => f.node === 'net')!.value;
    expect([dnet.rows, dnet.cols]).toEqual([6, 6]);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let sum = 0;
        for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) sum += dnet.data[i * 6 + j]! * X[(i + a) * 8 + (j + b)]!;
        expect(Math.abs(sum - g.value.data[a * 3 + b]!)).toBeLessThanOrEqual(1e-15);
      }
    }
  });
});

describe('stride and padding', () => {
  const head = `x = ${literal(7, 7, numbers(49, 5))}\nw = ${literal(3, 3, numbers(9, 6))}\nr = ${literal(4, 4, numbers(16, 8))}\n`;
  it('conv2d(x, w, stride=2, padding=1) and maxpool with a stride: the gradients of §7\'s conv2d', () => {
    const body = 'net = conv2d(x, w, stride=2, padding=1)\nq = maxpool(tanh(net), 2, stride=1)\n';
    const m = matrixSection(`${head}${body}E = mean(q*q) + sum(net*r)\nderive E wrt w, x\n`);
    const s = expanded(`${head}${body}E = sum(q*q)/9 + sum(net*r)\nderive E wrt w, x\n`);
    expect(m.gradients.find((x) => x.wrt === 'w')!.text).toContain('convkernel(x, ');
    expectEntries(m, 'w', s);
    expectEntries(m, 'x', s);
  });

  it('the index formula with a stride and padding, evaluated by hand from the reported error map, gives the kernel\'s gradient', () => {
    const xs = numbers(49, 5);
    const m = matrixSection(`${head}net = conv2d(x, w, stride=2, padding=1)\nE = 16*mean(tanh(net)*r)\nderive E wrt w\n`);
    const g = m.gradients[0]!;
    expect(g.indexForm).toBe('∂E/∂w[a,b] = Σ_ij ∂E/∂net[i,j] · x[(i-1)*2+a-1, (j-1)*2+b-1]');
    const dnet = g.chain.find((f) => f.node === 'net')!.value;
    const at = (r: number, c: number): number => (r >= 1 && r <= 7 && c >= 1 && c <= 7 ? xs[(r - 1) * 7 + (c - 1)]! : 0);
    for (let a = 1; a <= 3; a++) {
      for (let b = 1; b <= 3; b++) {
        let sum = 0;
        for (let i = 1; i <= 4; i++) for (let j = 1; j <= 4; j++) sum += dnet.data[(i - 1) * 4 + (j - 1)]! * at((i - 1) * 2 + a - 1, (j - 1) * 2 + b - 1);
        expect(Math.abs(sum - g.value.data[(a - 1) * 3 + (b - 1)]!)).toBeLessThanOrEqual(1e-14);
      }
    }
  });
});

describe('LaTeX', () => {
  it('the report of samples/cnn-matrix.nabla renders in KaTeX, with ⋆ and the index formula', async () => {
    let tex = '';
    expect(await main(['run', 'samples/cnn-matrix.nabla', '--latex'], { stdout: (s) => { tex += s; }, stderr: () => {}, color: false, stderrIsTTY: false })).toBe(0);
    expect(tex).toContain('x \\star \\delta_{act}');
    expect(tex).toContain('\\sum_{i,j} \\frac{\\partial E}{\\partial \\mathrm{net}_{i,j}} \\, x_{i+a-1, j+b-1}');
    const body = tex.replace(/\\begin\{align\*\}|\\end\{align\*\}/g, '');
    expect(() => katex.renderToString(`\\begin{aligned}${body}\\end{aligned}`, { throwOnError: true })).not.toThrow();
  });
});

describe('errors', () => {
  it('a kernel larger than its input is an error at the call, exit status 2', async () => {
    let stderr = '';
    const file = `${DATA}k = ${literal(9, 9, numbers(81, 2))}\nnet = conv2d(x, k)\nE = mean(net)\n`;
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'nabla-conv-')), 'big.nabla');
    writeFileSync(path, file);
    const status = await main(['run', path], { stdout: () => {}, stderr: (s) => { stderr += s; }, color: false, stderrIsTTY: false });
    expect(status).toBe(2);
    expect(stderr).toMatch(/:8:7/);
    expect(stderr).toContain('The kernel (9x9) is larger than the input (8x8)');
  });

  it.each([
    ['net = conv2d(x, w, strid=2)', '8:20', 'conv2d takes the named arguments stride and padding.'],
    ['net = conv2d(x, w, stride=0)', '8:27', 'stride must be a whole number, at least 1.'],
    ['net = maxpool(x, 9)', '8:7', 'The window (9x9) is larger than the input (8x8).'],
  ])('%s is an error at %s', (line, at, message) => {
    const system = loadFile(`${DATA}k = 1\n${line}\nE = mean(net)\n`);
    const e = system.errors[0]!;
    expect(`${e.span!.line}:${e.span!.column}`).toBe(at);
    expect(e.message).toBe(message);
  });
});
