/**
 * Vectorised code for files in matrix algebra (`nabla codegen` on SPEC §12
 * files): the generated NumPy runs under /usr/bin/python3, the generated
 * JavaScript and TypeScript in this process. Oracles: the report's own
 * matrix gradients (`run --json` matrixGradients, a separate evaluator), the
 * scalar 2-2-2 sample's gradients (§7's scalar engine), and central finite
 * differences of the generated function's own value.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';
const numpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const has = (module: string): boolean => spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'nabla-mcode-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function nabla(args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nabla.js'), ...args], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 90_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

type Nested = number | Nested[];
const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

/** The report's gradients: name → entries, row by row. */
function reportGradients(file: string, target = 'E'): Map<string, number[]> {
  const json = JSON.parse(nabla(['run', file, '--json'])) as { matrixGradients: Record<string, Record<string, { value: Nested; ok: boolean }>> };
  const out = new Map<string, number[]>();
  for (const [name, g] of Object.entries(json.matrixGradients[target]!)) out.set(name, flat(g.value));
  return out;
}

const relErr = (a: readonly number[], b: readonly number[]): number => {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k]! - b[k]!));
    den = Math.max(den, Math.abs(b[k]!));
  }
  return num / Math.max(den, 1e-300);
};

/** Run the generated module at the file's own inputs; value and gradients as flat lists. */
function runPython(code: string, xp = 'numpy'): { value: number; gradient: Record<string, number[]> } {
  const file = join(tmp, `g${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, code);
  const driver = [
    'import importlib.util, json, sys',
    `import ${xp} as xp`,
    'spec = importlib.util.spec_from_file_location("g", sys.argv[1]); g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)',
    'value, grad = g.f(g.f_inputs(xp), xp)',
    'print(json.dumps({"value": float(value), "gradient": {k: [float(x) for x in xp.reshape(v, (-1,))] for k, v in grad.items()}}))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', driver, file], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 90_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { value: number; gradient: Record<string, number[]> };
}

describe.skipIf(!numpy)('codegen --lang python of a matrix file (NumPy)', () => {
  it('784-128-10 softmax network: under 200 lines, matches the report\'s gradient to 1e-9', () => {
    const file = join(ROOT, 'samples', 'mlp-softmax.nabla');
    const code = nabla(['codegen', file, '--lang', 'python']);
    const lines = code.split('\n').length;
    expect(lines).toBeLessThan(200);
    // Whole-array operations, not one line per entry.
    expect(code).toMatch(/ @ t\d+\.T/);
    const got = runPython(code);
    const want = reportGradients(file);
    expect(Object.keys(got.gradient)).toEqual(['W1', 'b1', 'W2', 'b2']);
    for (const [name, g] of Object.entries(got.gradient)) expect(relErr(g, want.get(name)!), name).toBeLessThan(1e-9);
  });

  it('the 2-2-2 matrix sample gives the scalar sample\'s gradients (w1…w8, b1, b2)', () => {
    const got = runPython(nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'python']));
    // The scalar sample, asked for every weight and bias.
    const scalarFile = join(tmp, 'mlp-2-2-2.nabla');
    writeFileSync(scalarFile, readFileSync(join(ROOT, 'samples', 'mlp-2-2-2.nabla'), 'utf8').replace('derive E wrt w5, w1', 'derive E wrt w1, w2, w3, w4, w5, w6, w7, w8, b1, b2'));
    const scalar = JSON.parse(nabla(['run', scalarFile, '--json'])) as { gradients: Record<string, Record<string, { value: number }>> };
    const s = (n: string): number => scalar.gradients['E']![n]!.value;
    // W1 = [[w1, w2], [w3, w4]], W2 = [[w5, w6], [w7, w8]] as in the seed's figure.
    const want: Record<string, number[]> = {
      W1: ['w1', 'w2', 'w3', 'w4'].map(s), W2: ['w5', 'w6', 'w7', 'w8'].map(s), b1: [s('b1')], b2: [s('b2')],
    };
    for (const [name, w] of Object.entries(want)) expect(relErr(got.gradient[name]!, w), name).toBeLessThan(1e-9);
    expect(got.gradient['W2']![0]).toBeCloseTo(0.0821670406, 10);
  });

  it.skipIf(!has('jax'))('runs unchanged with jax.numpy (skipped: jax is not installed for /usr/bin/python3)', () => {
    const code = nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'python']);
    const got = runPython(`import jax\njax.config.update("jax_enable_x64", True)\n${code}`, 'jax.numpy');
    expect(got.gradient['W2']![0]).toBeCloseTo(0.0821670406, 9);
  });

  it.skipIf(!has('torch'))('runs unchanged with torch (skipped: torch is not installed for /usr/bin/python3)', () => {
    const got = runPython(nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'python']), 'torch');
    expect(got.gradient['W2']![0]).toBeCloseTo(0.0821670406, 9);
  });
});
