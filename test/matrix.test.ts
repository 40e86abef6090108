/**
 * Matrix algebra (SPEC §12), checked against oracles that do not share its
 * code: the scalar engine on the seed's network written with scalars
 * (samples/mlp-2-2-2.nabla), the §7-style expansion of random small networks
 * into scalar definitions, central finite differences, hand-derived entries,
 * and KaTeX for the LaTeX. Shape errors are checked through the CLI: exit 2,
 * line:column, both shapes named.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { loadFile, report } from '../src/index.ts';
import { main } from '../src/cli/main.ts';
import { matrixText, matrixLatex } from '../src/print/matrix.ts';
import type { MatrixGradient } from '../src/report/model-matrix.ts';

const sample = (name: string): string => readFileSync(new URL(`../samples/${name}`, import.meta.url), 'utf8');

function matrixReport(text: string, options = {}) {
  const system = loadFile(text);
  expect(system.errors.map((e) => e.message)).toEqual([]);
  expect(system.matrix).toBeDefined();
  const r = report(system, options);
  return { system, section: r.matrix! };
}

const gradientOf = (gs: readonly MatrixGradient[], wrt: string): MatrixGradient => gs.find((g) => g.wrt === wrt)!;

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, color: false, stderrIsTTY: false });
  return { status, stdout, stderr };
}

describe('the seed network in matrix form', () => {
  it('gives every gradient of samples/mlp-2-2-2.nabla (∂E/∂W2[1,1] is ∂E/∂w5 = 0.0821670406)', () => {
    const scalar = report(loadFile(`${sample('mlp-2-2-2.nabla')}\nderive E wrt w1, w2, w3, w4, w5, w6, w7, w8, b1, b2\n`));
    const byName = new Map(scalar.gradients.map((g) => [g.wrt, g.value]));
    const { section } = matrixReport(sample('mlp-matrix.nabla'));
    const W1 = gradientOf(section.gradients, 'W1').value.data;
    const W2 = gradientOf(section.gradients, 'W2').value.data;
    const expected: [number, string][] = [
      [W1[0]!, 'w1'], [W1[1]!, 'w2'], [W1[2]!, 'w3'], [W1[3]!, 'w4'],
      [W2[0]!, 'w5'], [W2[1]!, 'w6'], [W2[2]!, 'w7'], [W2[3]!, 'w8'],
      [gradientOf(section.gradients, 'b1').value.data[0]!, 'b1'], [gradientOf(section.gradients, 'b2').value.data[0]!, 'b2'],
    ];
    for (const [got, name] of expected) expect(got, name).toBeCloseTo(byName.get(name)!, 12);
    expect(W2[0]).toBeCloseTo(0.0821670406, 10);
    expect(gradientOf(section.gradients, 'W2[1,1]').value.data[0]).toBeCloseTo(0.0821670406, 10);
    // The update rule on the whole matrix is the scalar file's w5_new.
    const w5new = scalar.values.find((v) => v.name === 'w5_new')!.value;
    expect(section.values.find((v) => v.name === 'W2_new')!.value.data[0]).toBeCloseTo(w5new, 12);
    for (const g of section.gradients) expect(g.check.ok, g.wrt).toBe(true);
  });

  it('writes the gradients in the textbook forms, δ xᵀ and W2ᵀ δ2', () => {
    const { section } = matrixReport(sample('mlp-matrix.nabla'));
    expect(gradientOf(section.gradients, 'W2').text).toBe('((o - t)*o*(1 - o)) @ transpose(h)');
    expect(gradientOf(section.gradients, 'h').text).toBe('transpose(W2) @ ((o - t)*o*(1 - o))');
    expect(gradientOf(section.gradients, 'W1').text).toBe('((transpose(W2) @ ((o - t)*o*(1 - o)))*h*(1 - h)) @ transpose(x)');
    expect(gradientOf(section.gradients, 'W2').latex).toBe('\\left(\\left(o - t\\right) \\odot o \\odot \\left(1 - o\\right)\\right) {h}^\\top');
  });

  it('prints ASCII that reads back to the same node, and LaTeX that KaTeX renders', () => {
    const text = sample('mlp-matrix.nabla');
    const { section } = matrixReport(text);
    for (const g of section.gradients) {
      const again = loadFile(`${text}\ncheck_g = ${g.text}\n`);
      expect(again.errors.map((e) => e.message)).toEqual([]);
      expect(again.matrix!.definitions.get('check_g')!.source, g.text).toBe(g.expr);
      expect(() => katex.renderToString(g.latex, { throwOnError: true, strict: 'error' })).not.toThrow();
    }
  });

  it('trains whole matrices: one step equals the scalar file\'s one step', () => {
    const scalar = report(loadFile(`${sample('mlp-2-2-2.nabla')}\nw6_new = w6 - gamma*d(E)/d(w6)\nw7_new = w7 - gamma*d(E)/d(w7)\nw8_new = w8 - gamma*d(E)/d(w8)\nw1_new = w1 - gamma*d(E)/d(w1)\nw2_new = w2 - gamma*d(E)/d(w2)\nw3_new = w3 - gamma*d(E)/d(w3)\nw4_new = w4 - gamma*d(E)/d(w4)\n`), { steps: 3 });
    const { section } = matrixReport(sample('mlp-matrix.nabla'), { steps: 3 });
    const s = scalar.training!.steps;
    const m = section.training!.steps;
    expect(m.length).toBe(s.length);
    m.forEach((step, i) => expect(step.objective).toBeCloseTo(s[i]!.objective, 12));
  });
});

/** A random small sigmoid network, in matrix form and written out in scalars (the §7-style expansion). */
function network(nIn: number, nH: number, nOut: number, values: number[]): { matrix: string; scalar: string } {
  let k = 0;
  const next = (): number => values[k++ % values.length]!;
  const mat = (r: number, c: number): number[][] => Array.from({ length: r }, () => Array.from({ length: c }, next));
  const [x, W1, b1, W2, b2, t] = [mat(nIn, 1), mat(nH, nIn), mat(nH, 1), mat(nOut, nH), mat(nOut, 1), mat(nOut, 1)];
  const lit = (m: number[][], vector: boolean): string => (vector ? `[${m.map((r) => r[0]).join(', ')}]` : `[${m.map((r) => `[${r.join(', ')}]`).join(', ')}]`);
  const matrix = [
    `x = ${lit(x, true)}`, `W1 = ${lit(W1, nIn === 1)}`, `b1 = ${lit(b1, true)}`, `W2 = ${lit(W2, nH === 1)}`, `b2 = ${lit(b2, true)}`, `t = ${lit(t, true)}`,
    'h = sigmoid(W1 @ x + b1)', 'o = tanh(W2 @ h + b2)', 'E = 1/2*sum((o - t)^2) + mean(h)',
    'derive E wrt W1, W2, b1, x',
  ].join('\n');
  const lines: string[] = [];
  const put = (name: string, m: number[][]): void => m.forEach((r, i) => r.forEach((v, j) => lines.push(`${name}r${i + 1}c${j + 1} = ${v}`)));
  put('x', x); put('W1', W1); put('b1', b1); put('W2', W2); put('b2', b2); put('t', t);
  for (let i = 1; i <= nH; i++) lines.push(`h_${i} = sigmoid(${Array.from({ length: nIn }, (_, k2) => `W1r${i}c${k2 + 1}*xr${k2 + 1}c1`).join(' + ')} + b1r${i}c1)`);
  for (let i = 1; i <= nOut; i++) lines.push(`o_${i} = tanh(${Array.from({ length: nH }, (_, k2) => `W2r${i}c${k2 + 1}*h_${k2 + 1}`).join(' + ')} + b2r${i}c1)`);
  lines.push(`E = ${Array.from({ length: nOut }, (_, i) => `1/2*(o_${i + 1} - tr${i + 1}c1)^2`).join(' + ')} + (${Array.from({ length: nH }, (_, i) => `h_${i + 1}`).join(' + ')})/${nH}`);
  return { matrix, scalar: lines.join('\n') };
}

describe('against the scalar expansion and finite differences', () => {
  it('every entry of every gradient equals the scalar engine\'s, on random small shapes', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }),
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }).map((v) => Math.round(v * 1000) / 1000), { minLength: 5, maxLength: 12 }),
      (nIn, nH, nOut, values) => {
        const { matrix, scalar } = network(nIn, nH, nOut, values);
        const { section } = matrixReport(matrix);
        const shapes: Record<string, [number, number]> = { W1: [nH, nIn], W2: [nOut, nH], b1: [nH, 1], x: [nIn, 1] };
        const wrt = Object.entries(shapes).flatMap(([n, [r, c]]) => Array.from({ length: r * c }, (_, k) => `${n}r${Math.floor(k / c) + 1}c${(k % c) + 1}`));
        const oracle = report(loadFile(scalar), { wrt, target: 'E' });
        const byName = new Map(oracle.gradients.map((g) => [g.wrt, g.value]));
        for (const [n, [r, c]] of Object.entries(shapes)) {
          const g = gradientOf(section.gradients, n);
          expect(g.check.ok, `${n}: ${g.check.maxRelError}`).toBe(true);
          for (let k = 0; k < r * c; k++) {
            const want = byName.get(`${n}r${Math.floor(k / c) + 1}c${(k % c) + 1}`)!;
            expect(Math.abs(g.value.data[k]! - want), `${n}[${k}] ${matrix}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
          }
        }
      },
    ), { numRuns: 12 });
  });

  it('softmax, logsumexp, norm, dot, outer, diag and transpose against central differences', () => {
    const text = [
      'u = [0.3, -1.2, 0.8]', 'v = [1.5, 0.25, -0.5]', 'A = [[0.2, -0.4, 1.1], [0.7, 0.3, -0.9], [0.5, 0.6, 0.1]]',
      'p = softmax(A @ u)', 'q = transpose(A) @ v + diag(u) @ v',
      'E = logsumexp(q) + norm(p - v) + dot(u, v)^2 + sum(outer(u, p)*A) + mean(exp(u))',
      'derive E wrt u, v, A, p',
    ].join('\n');
    const { section } = matrixReport(text);
    for (const g of section.gradients) expect(g.check.ok, `${g.wrt} ${g.check.maxRelError} ${g.text}`).toBe(true);
    // Hand-derived: ∂/∂v of dot(u, v)^2 alone is 2 dot(u, v) u.
    const { section: dot } = matrixReport('u = [0.3, -1.2, 0.8]\nv = [1.5, 0.25, -0.5]\nE = dot(u, v)^2\nderive E wrt v');
    const d = 0.3 * 1.5 - 1.2 * 0.25 - 0.8 * 0.5;
    expect(Array.from(dot.gradients[0]!.value.data)).toEqual([2 * d * 0.3, 2 * d * -1.2, 2 * d * 0.8].map((x, i) => expect.closeTo(x, 14) as unknown as number).map((m, i) => (void i, m)));
  });

  it('a bias vector spreads over the columns of a batch, and its gradient adds them up', () => {
    const text = 'X = [[1, 2, 3], [4, 5, 6]]\nb = [0.5, -0.5]\nW = [[0.1, 0.2], [0.3, 0.4]]\nE = sum(sigmoid(W @ X + b))\nderive E wrt b, W';
    const { section } = matrixReport(text);
    for (const g of section.gradients) expect(g.check.ok).toBe(true);
    expect(gradientOf(section.gradients, 'b').text).toContain('rowsum(');
  });
});

describe('shapes and their errors', () => {
  const cases: [string, string, RegExp, string][] = [
    ['W1 @ x', 'W1 : 64x784\nx : 10\nE = sum(W1 @ x)\n', /A 64x784 matrix times a vector of 10: the inner sizes differ/, '3:9'],
    ['entry-wise * of chaining shapes', 'W : 2x2\nx : 2\nh = sigmoid(W*x)\ng = transpose(h)\n', /A 2x2 matrix times \(entry-wise\) a vector of 2: the shapes differ.*written @/, '3:13'],
    ['entry-wise * in an expanded file (SPEC §7)', 'W : 2x2\nx : 2\nh = sigmoid(W*x)\n', /a 2x2 matrix and a vector of 2.*written @/, '3:13'],
    ['a sum of different shapes', 'A : 2x3\nB : 3x2\nE = sum(transpose(A + B))\n', /A 2x3 matrix plus a 3x2 matrix/, '3:19'],
    ['dot of different lengths', 'u : 2\nv : 3\nE = dot(u, v)\n', /dot takes two vectors of one length; found a vector of 2 and a vector of 3/, '3:5'],
    ['softmax of a matrix', 'A : 2x2\nE = sum(softmax(A))\n', /softmax takes a vector; this is a 2x2 matrix/, '2:9'],
    ['a declaration the definition contradicts', 'W : 2x3\nW = [[1, 2], [3, 4]]\nE = sum(transpose(W))\n', /W is declared as a 2x3 matrix \(line 1\), but its definition is a 2x2 matrix/, '2:5'],
    ['an entry outside', 'W = [[1, 2], [3, 4]]\nE = W[3,1] + sum(transpose(W))\n', /W\[3,1\] is outside W, a 2x2 matrix/, '2:5'],
    ['a gradient of a vector', 'W = [[1, 2], [3, 4]]\nh = W @ W\ng = d(h)/d(W)\n', /needs a scalar to differentiate; h is a 2x2 matrix/, '3:1'],
    ['a ragged literal', 'W = [[1, 2], [3]]\nE = sum(transpose(W))\n', /Row 2 has 1 entries; row 1 has 2/, '1:14'],
    ['an undeclared matrix', 'x : 3\nh = sigmoid(W @ x)\nE = sum(h)\n', /W is a scalar here .*declare it, W : 3x2/, '2:13'],
    ['a matrix without a value', 'W : 2x3\nx = [1, 2, 3]\nh = sigmoid(W @ x)\nE = sum(h)\n', /W has no value: define it/, '3:1'],
    ['a cycle', 'x = [1, 2]\nh = transpose(g) @ x\ng = h*x\nE = h\n', /depends on itself|Cycle/, '3:5'],
  ];
  for (const [what, text, message, at] of cases) {
    it(`${what}: exit 2 at ${at}, both shapes named`, async () => {
      const path = `${process.env.TMPDIR ?? '/tmp'}/nabla-matrix-${what.replace(/\W+/g, '-')}.nabla`;
      (await import('node:fs')).writeFileSync(path, text);
      const r = await cli(['run', path]);
      expect(r.status, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(new RegExp(`:${at}: `));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a bad definition that later ones use is reported once', async () => {
    const path = `${process.env.TMPDIR ?? '/tmp'}/nabla-matrix-reported-once.nabla`;
    (await import('node:fs')).writeFileSync(path, 'W : 2x3\nx : 2\nh = W @ x\nE = sum(h)\nF = sum(h*h)\n');
    const r = await cli(['run', path]);
    expect(r.status).toBe(2);
    expect(r.stderr.match(/inner sizes differ/g)).toHaveLength(1);
  });

  it('@ outside a file of matrices is a positioned error, not a silent product', async () => {
    const r = await cli(['diff', 'A @ B', '--wrt', 'A']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/matrix product "@" takes matrices/);
  });

  it('matrixText and matrixLatex name every kind the adjoints build', () => {
    const { section } = matrixReport('u = [0.3, -1.2]\nA = [[1, 2], [3, 4]]\nE = logsumexp(A @ u) + norm(u) + sum(diag(u))\nderive E wrt A, u');
    for (const g of section.gradients) {
      expect(matrixText(g.expr)).toBe(g.text);
      expect(matrixLatex(g.expr)).toBe(g.latex);
    }
  });
});

describe('the δ form', () => {
  it('names δ of each node o = f(z) and writes the gradients with them, as the textbook recursion', () => {
    const { section } = matrixReport(sample('mlp-matrix.nabla'));
    expect(section.deltas.map((d) => `${d.name} = ${d.text}`)).toEqual([
      'delta_o = (o - t)*o*(1 - o)',
      'delta_h = (transpose(W2) @ delta_o)*h*(1 - h)',
    ]);
    expect(gradientOf(section.gradients, 'W2').deltaText).toBe('delta_o @ transpose(h)');
    expect(gradientOf(section.gradients, 'W1').deltaText).toBe('delta_h @ transpose(x)');
    expect(gradientOf(section.gradients, 'h').deltaText).toBe('transpose(W2) @ delta_o');
    expect(gradientOf(section.gradients, 'b1').deltaText).toBe('sum(delta_h)');
  });
});

describe('against §7\'s own expansion', () => {
  it('the gradient of the same network written with indexed sums (SPEC §7) is the matrix-form gradient, entry by entry', () => {
    const data = [
      'x = [0.5, -0.2, 0.1]', 't = [0.3, 0.8]', 'W1 = [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]]', 'b1 = [0.05, -0.05]',
      'W2 = [[0.7, -0.1], [0.2, 0.9]]', 'b2 = [0.1, 0.2]',
    ];
    const expanded = report(loadFile([
      ...data,
      'z1[i] = sum(k=1..3, W1[i,k]*x[k]) + b1[i]  for i=1..2', 'h = sigmoid(z1)',
      'z2[i] = sum(k=1..2, W2[i,k]*h[k]) + b2[i]  for i=1..2', 'o = sigmoid(z2)',
      'E = 1/2*sum((o - t)^2)', 'derive E wrt W1, W2, x',
    ].join('\n')));
    expect(expanded.matrix).toBeUndefined();
    const { section } = matrixReport([...data, 'h = sigmoid(W1 @ x + b1)', 'o = sigmoid(W2 @ h + b2)', 'E = 1/2*sum((o - t)^2)', 'derive E wrt W1, W2, x'].join('\n'));
    for (const m of expanded.gradientMatrices) {
      const g = gradientOf(section.gradients, m.wrt).value.data;
      m.entries.forEach((e, k) => expect(Math.abs(g[k]! - e.value), `${m.wrt}[${k}]`).toBeLessThanOrEqual(1e-14));
    }
    expect(expanded.gradientMatrices.map((m) => m.wrt).sort()).toEqual(['W1', 'W2', 'x']);
  });
});

describe('the HTML and LaTeX views', () => {
  it('show the gradients in matrix form, and KaTeX renders the whole LaTeX report', async () => {
    const { renderHtml } = await import('../src/report/html.ts');
    const { renderLatex } = await import('../src/report/latex.ts');
    const system = loadFile(sample('mlp-matrix.nabla'));
    const r = report(system);
    const html = renderHtml(r, { title: 'mlp-matrix' });
    expect(html).toContain('Gradients in matrix form');
    expect(html).not.toContain('katex-error');
    const tex = renderLatex(r).replace('\\begin{align*}', '\\begin{aligned}').replace('\\end{align*}', '\\end{aligned}');
    expect(() => katex.renderToString(tex, { throwOnError: true, displayMode: true })).not.toThrow();
    expect(tex).toContain('\\delta_{o}');
  });
});

describe('one process, many files', () => {
  it('names alike in two files with different shapes stay apart (the intern table keys shapes)', () => {
    const small = matrixReport(sample('mlp-matrix.nabla')).section;
    const text = sample('mlp-softmax.nabla').replace('random(784, 1, 1)', 'random(6, 1, 1)').replace(/128/g, '5').replace(/784/g, '6');
    const big = matrixReport(text).section;
    expect(gradientOf(big.gradients, 'W1').shape).toEqual({ rows: 5, cols: 6 });
    expect(big.values.find((v) => v.name === 'W1_new')!.shape).toEqual({ rows: 5, cols: 6 });
    expect(gradientOf(small.gradients, 'W1').shape).toEqual({ rows: 2, cols: 2 });
  });
});

describe('an update W - s*G evaluated in one pass', () => {
  // Hand-computed oracle: the entries of W - s*(u vᵀ) and of W - s*σ(W), written out by loops here.
  const W = [[0.5, -1, 2], [0.25, 3, -0.75]];
  const u = [0.2, -0.4];
  const v = [1.5, -0.5, 0.1];
  const s = 0.3;
  const text = [
    `W = [[${W[0]!.join(', ')}], [${W[1]!.join(', ')}]]`, `u = [${u.join(', ')}]`, `v = [${v.join(', ')}]`, `s = ${s}`,
    'R = W - s*(u @ transpose(v))', 'Q = W - s*sigmoid(W)', 'E = sum(R*Q)',
  ].join('\n');

  it('gives the entries of W - s u vᵀ (an outer product never built) and of W - s σ(W)', async () => {
    const { evaluateProgram } = await import('../src/matrix/program.ts');
    const system = loadFile(text);
    expect(system.errors).toEqual([]);
    const values = evaluateProgram(system.matrix!, new Map());
    const rank1 = W.flatMap((row, i) => row.map((w, j) => w - s * u[i]! * v[j]!));
    const squared = W.flatMap((row) => row.map((w) => w - s / (1 + Math.exp(-w))));
    Array.from(values.get('R')!.data).forEach((x, k) => expect(x).toBeCloseTo(rank1[k]!, 14));
    Array.from(values.get('Q')!.data).forEach((x, k) => expect(x).toBeCloseTo(squared[k]!, 14));
  });
});
