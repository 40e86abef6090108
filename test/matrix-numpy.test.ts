/**
 * The acceptance network of SPEC §12: 784-128-10, sigmoid hidden layer,
 * softmax output, cross-entropy loss, written in matrix notation. Its
 * gradients from `nabla run --json` must equal a hand-written NumPy
 * backpropagation (test/data/numpy-mlp-gradient.py, which restates the
 * seeded generator so both see the same numbers) to 1e-9 relative, entry by
 * entry, and so must the loss after training with whole-matrix update rules.
 * Skipped, saying why, when /usr/bin/python3 has no NumPy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(ROOT, 'test', 'data', 'numpy-mlp-gradient.py');
const numpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
const hasNumpy = numpy.status === 0;
if (!hasNumpy) console.warn(`matrix-numpy: skipped, ${PYTHON} with NumPy is not available (${numpy.error?.message ?? numpy.stderr.trim()})`);

const dir = mkdtempSync(join(tmpdir(), 'nabla-numpy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The network in matrix notation; the data come from nabla's seeded random(m, n, seed). */
export function mlpFile(nIn: number, nH: number, nOut: number, label: number, updates: boolean): string {
  const y = Array.from({ length: nOut }, (_, i) => (i === label ? 1 : 0)).join(', ');
  return [
    `x = random(${nIn}, 1, 1)`,
    `y = [${y}]`,
    `W1 = 0.1*(random(${nH}, ${nIn}, 2) - 0.5)`,
    `b1 = 0.1*(random(${nH}, 1, 3) - 0.5)`,
    `W2 = 0.1*(random(${nOut}, ${nH}, 4) - 0.5)`,
    `b2 = 0.1*(random(${nOut}, 1, 5) - 0.5)`,
    'eta = 0.1',
    'h = sigmoid(W1 @ x + b1)',
    'p = softmax(W2 @ h + b2)',
    'E = -sum(y*log(p))',
    ...(updates ? ['W1_new = W1 - eta*d(E)/d(W1)', 'b1_new = b1 - eta*d(E)/d(b1)', 'W2_new = W2 - eta*d(E)/d(W2)', 'b2_new = b2 - eta*d(E)/d(b2)'] : []),
    'derive E wrt W1, b1, W2, b2',
    '',
  ].join('\n');
}

function nabla(args: string[]): { stdout: string; seconds: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nabla.js'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 90_000 });
  const seconds = (performance.now() - t0) / 1000;
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, seconds };
}

function numpyOracle(input: string, train: number): { relErrors?: Record<string, number>; E: number; trainedE?: number; stepMs: number } {
  const r = spawnSync(PYTHON, [SCRIPT, '784', '128', '10', '2', '3', String(train)], { input, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 90_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { relErrors?: Record<string, number>; E: number; trainedE?: number; stepMs: number };
}

describe.skipIf(!hasNumpy)('784-128-10 in matrix notation against hand-written NumPy', () => {
  it('run --json: every gradient equal to NumPy\'s to 1e-9 relative, each checked ok', () => {
    const file = join(dir, 'mlp.nabla');
    writeFileSync(file, mlpFile(784, 128, 10, 2, false));
    const { stdout, seconds } = nabla(['run', file, '--json']);
    const json = JSON.parse(stdout) as { matrixGradients: Record<string, Record<string, { shape: number[]; value: number[][]; ok: boolean }>> };
    const W1 = json.matrixGradients.E!.W1!;
    expect(W1.shape).toEqual([128, 784]);
    expect(W1.value.length).toBe(128);
    expect(W1.value[0]!.length).toBe(784);
    for (const g of Object.values(json.matrixGradients.E!)) expect(g.ok).toBe(true);
    const oracle = numpyOracle(stdout, 0);
    for (const [name, err] of Object.entries(oracle.relErrors!)) expect(err, name).toBeLessThanOrEqual(1e-9);
    // A hang guard, not the 3 s target (measured on a quiet machine, see bench/): ten times it.
    expect(seconds).toBeLessThan(30);
  }, 120_000);

  it('--steps 20 with whole-matrix update rules: the loss NumPy reaches after 20 steps', () => {
    const file = join(dir, 'mlp-train.nabla');
    writeFileSync(file, mlpFile(784, 128, 10, 2, true));
    const { stdout } = nabla(['run', file, '--steps', '20', '--json']);
    const json = JSON.parse(stdout) as { steps: { step: number; objective: number }[] };
    const last = json.steps[json.steps.length - 1]!;
    expect(last.step).toBe(20);
    const oracle = numpyOracle('', 20);
    expect(Math.abs(last.objective - oracle.trainedE!) / oracle.trainedE!).toBeLessThanOrEqual(1e-9);
    expect(json.steps[0]!.objective).toBeCloseTo(oracle.E, 12);
  }, 120_000);
});
