/**
 * Softmax and cross-entropy in matrix form (src/matrix/softmax.ts):
 * `L = -sum(y*log(softmax(z)))` reports ∂L/∂z as `softmax(z) - y` when the
 * file fixes y with entries adding up to 1 (and says so), as
 * `sum(y)*softmax(z) - y` otherwise; a softmax node has its Jacobian
 * `diag(p) - p pᵀ`. Oracles: the closed forms written out here by hand, in
 * JavaScript and in NumPy (/usr/bin/python3), and central differences of the
 * loss computed here from its definition, never from nabla's expressions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';
const numpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'nabla-softmax-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Gradient { value: number[]; expr: string; ok: boolean; assumes?: string[]; deltaExpr?: string }
interface Json {
  matrixGradients: Record<string, Record<string, Gradient>>;
  deltas?: Record<string, Record<string, { expr: string }>>;
  jacobians?: Record<string, { wrt: string; shape: number[]; expr: string; value: number[][] }>;
}

function run(lines: string[], extra: string[] = []): { json: Json; text: string } {
  const file = join(tmp, `f${Math.random().toString(36).slice(2)}.nabla`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const cli = (args: string[]): string => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nabla.js'), 'run', file, ...args, ...extra], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  return { json: JSON.parse(cli(['--json'])) as Json, text: cli([]) };
}

const Z = [1.0, 2.0, 0.5];
const softmax = (z: readonly number[]): number[] => {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};
/** The loss from its definition, and its central differences by z. */
const loss = (z: readonly number[], y: readonly number[], scale = 1): number => -scale * softmax(z).reduce((a, p, i) => a + y[i]! * Math.log(p), 0);
const fd = (y: readonly number[], scale = 1): number[] => Z.map((_, i) => {
  const h = 1e-6;
  const at = (d: number): number => loss(Z.map((x, k) => (k === i ? x + d : x)), y, scale);
  return (at(h) - at(-h)) / (2 * h);
});
const close = (got: readonly number[], want: readonly number[], tol: number): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!), `entry ${i}: ${g} vs ${want[i]}`).toBeLessThan(tol));
};

describe('softmax + cross-entropy', () => {
  it.each([
    ['a one-hot label', [0, 1, 0]],
    ['a probability vector', [0.2, 0.3, 0.5]],
  ])('%s: ∂L/∂z prints as softmax(z) - y, states sum(y) = 1, equals p - y and finite differences', (_, y) => {
    const { json, text } = run([`z = [${Z.join(', ')}]`, `y = [${y.join(', ')}]`, 'L = -sum(y*log(softmax(z)))', 'derive L wrt z']);
    const g = json.matrixGradients['L']!['z']!;
    expect(g.expr).toBe('softmax(z) - y');
    expect(g.assumes).toEqual(['sum(y) = 1']);
    expect(text).toContain('  = softmax(z) - y\n');
    expect(text).toMatch(/assumes sum\(y\) = 1/);
    const p = softmax(Z);
    close(g.value, p.map((pi, i) => pi - y[i]!), 1e-12);
    close(g.value, fd(y), 1e-8);
    expect(g.ok).toBe(true);
  });

  it('y whose entries do not add up to 1: sum(y)*softmax(z) - y, no condition, equal to finite differences', () => {
    const y = [0.5, 1, 0];
    const { json, text } = run([`z = [${Z.join(', ')}]`, `y = [${y.join(', ')}]`, 'L = -sum(y*log(softmax(z)))', 'derive L wrt z']);
    const g = json.matrixGradients['L']!['z']!;
    expect(g.expr).toBe('sum(y)*softmax(z) - y');
    expect(g.assumes).toBeUndefined();
    expect(text).not.toContain('assumes');
    const p = softmax(Z);
    close(g.value, p.map((pi, i) => 1.5 * pi - y[i]!), 1e-12);
    close(g.value, fd(y), 1e-8);
  });

  it('a named softmax node and a mean: delta_p = (p - y)/3, equal to finite differences', () => {
    const y = [0, 0, 1];
    const { json } = run([`z = [${Z.join(', ')}]`, `y = [${y.join(', ')}]`, 'p = softmax(z)', 'L = -mean(y*log(p))', 'derive L wrt z']);
    expect(json.deltas!['L']!['delta_p']!.expr).toBe('(p - y)/3');
    expect(json.matrixGradients['L']!['z']!.assumes).toEqual(['sum(y) = 1']);
    close(json.matrixGradients['L']!['z']!.value, fd(y, 1 / 3), 1e-8);
  });

  it('y not fixed by the file (a formula of an input) keeps the general form, still exact', () => {
    // y = 2*u with u fixed: y depends on no softmax, but its sum is 2.
    const u = [0, 1, 0];
    const { json } = run([`z = [${Z.join(', ')}]`, `u = [${u.join(', ')}]`, 'y = 2*u', 'L = -sum(y*log(softmax(z)))', 'derive L wrt z']);
    const g = json.matrixGradients['L']!['z']!;
    expect(g.assumes).toBeUndefined();
    expect(g.expr).toBe('sum(y)*softmax(z) - y');
    close(g.value, fd(u.map((x) => 2 * x)), 1e-8);
  });

  it('a y that an update rule moves (--steps) is not fixed: the general form', () => {
    const { json } = run([`z = [${Z.join(', ')}]`, 'y = [0, 1, 0]', 'L = -sum(y*log(softmax(z)))', 'y_new = y - 0.1*d(L)/d(y)', 'derive L wrt z']);
    expect(json.matrixGradients['L']!['z']!.expr).toBe('sum(y)*softmax(z) - y');
    expect(json.matrixGradients['L']!['z']!.assumes).toBeUndefined();
  });

  it('the 784-128-10 sample: the δ of the softmax output is p - y, under sum(y) = 1', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nabla.js'), 'run', join(ROOT, 'samples', 'mlp-softmax.nabla'), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.deltas!['E']!['delta_p']!.expr).toBe('p - y');
    expect(json.matrixGradients['E']!['b2']!.expr).toBe('p - y');
    expect(json.matrixGradients['E']!['W2']!.assumes).toEqual(['sum(y) = 1']);
  });

  it.skipIf(!numpy)('a softmax node: δ is p - y, and its Jacobian is NumPy\'s diag(p) - p pᵀ and finite differences of softmax', () => {
    const { json, text } = run([`z = [${Z.join(', ')}]`, 'y = [0, 1, 0]', 'p = softmax(z)', 'L = -sum(y*log(p))', 'derive L wrt z']);
    expect(json.deltas!['L']!['delta_p']!.expr).toBe('p - y');
    const j = json.jacobians!['p']!;
    expect(j.expr).toBe('diag(p) - p @ transpose(p)');
    expect(j.wrt).toBe('z');
    expect(j.shape).toEqual([3, 3]);
    expect(text).toContain('jacobian ∂p/∂(z) = diag(p) - p @ transpose(p)  (3x3)');
    const script = `import numpy as np, json\nz = np.array(${JSON.stringify(Z)})\np = np.exp(z - z.max()); p /= p.sum()\nprint(json.dumps((np.diag(p) - np.outer(p, p)).tolist()))`;
    const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const want = JSON.parse(r.stdout) as number[][];
    close(j.value.flat(), want.flat(), 1e-15);
    // And by finite differences of softmax itself: column k is ∂p/∂z_k.
    const h = 1e-6;
    for (let k = 0; k < 3; k++) {
      const plus = softmax(Z.map((x, i) => (i === k ? x + h : x)));
      const minus = softmax(Z.map((x, i) => (i === k ? x - h : x)));
      close(j.value.map((row) => row[k]!), plus.map((pp, i) => (pp - minus[i]!) / (2 * h)), 1e-9);
    }
  });
});
