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
import ts from 'typescript';
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
function runPython(code: string, xp = 'import numpy as xp'): { value: number; gradient: Record<string, number[]> } {
  const file = join(tmp, `g${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, code);
  const driver = [
    'import importlib.util, json, sys',
    xp,
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

  it('calls only names NumPy, jax.numpy and torch share (run with xp restricted to them)', () => {
    // Each of these exists in numpy, jax.numpy and torch with NumPy's meaning.
    const shared = ['asarray', 'reshape', 'float64', 'exp', 'log', 'sum', 'max', 'mean', 'sqrt', 'ones', 'diag', 'diagonal', 'arange', 'tanh', 'logaddexp', 'nan', 'inf'];
    const restricted = `import numpy, types\nxp = types.SimpleNamespace(**{k: getattr(numpy, k) for k in ${JSON.stringify(shared)}})`;
    const file = join(tmp, 'every-operation-xp.nabla');
    writeFileSync(file, EVERY_OPERATION);
    const got = runPython(nabla(['codegen', file, '--lang', 'python']), restricted);
    expect(got.gradient['c']![0]).toBeCloseTo(-590.944726, 5);
    const mlp = runPython(nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'python']), restricted);
    expect(mlp.gradient['W2']![0]).toBeCloseTo(0.0821670406, 10);
  });

  it.skipIf(!has('jax'))('runs unchanged with jax.numpy (skipped: jax is not installed for /usr/bin/python3)', () => {
    const code = nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'python']);
    const got = runPython(code, 'import jax\njax.config.update("jax_enable_x64", True)\nimport jax.numpy as xp');
    expect(got.gradient['W2']![0]).toBeCloseTo(0.0821670406, 9);
  });

  it.skipIf(!has('torch'))('runs unchanged with torch (skipped: torch is not installed for /usr/bin/python3)', () => {
    const got = runPython(nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'python']), 'import torch as xp');
    expect(got.gradient['W2']![0]).toBeCloseTo(0.0821670406, 9);
  });
});

type Input = number | ArrayLike<number>;
interface GeneratedModule {
  f: (inputs: Record<string, Input>) => { value: number; gradient: Record<string, number | Float64Array> };
  fInputs: () => Record<string, number | Float64Array>;
}

/** Import generated JS (or TS through esbuild) from a temporary file. */
async function load(code: string, lang: 'js' | 'ts'): Promise<GeneratedModule> {
  const js = lang === 'ts' ? transformSync(code, { loader: 'ts', format: 'esm' }).code : code;
  const file = join(tmp, `g${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as GeneratedModule;
}

/** tsc's diagnostics for generated TypeScript under the strictest options the project uses. */
function typeErrors(code: string): string[] {
  const fileName = join(tmp, `g${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(fileName, code);
  const program = ts.createProgram([fileName], {
    strict: true, noUncheckedIndexedAccess: true, noEmit: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const entries = (v: number | Float64Array): number[] => (typeof v === 'number' ? [v] : Array.from(v));

describe('codegen --lang ts|js of a matrix file (loops over Float64Arrays)', () => {
  const softmax = join(ROOT, 'samples', 'mlp-softmax.nabla');

  it.each(['js', 'ts'] as const)('%s: 784-128-10 network, the report\'s gradient to 1e-9, and finite differences of its own value', async (lang) => {
    const code = nabla(['codegen', softmax, '--lang', lang]);
    expect(code.split('\n').length).toBeLessThan(300);
    const m = await load(code, lang);
    const inputs = m.fInputs();
    const { value, gradient } = m.f(inputs);
    const want = reportGradients(softmax);
    expect(Object.keys(gradient)).toEqual(['W1', 'b1', 'W2', 'b2']);
    for (const [name, g] of Object.entries(gradient)) expect(relErr(entries(g), want.get(name)!), name).toBeLessThan(1e-9);
    // Central differences on a few entries of W1 and b2, through the generated value alone.
    const h = 1e-6;
    for (const [name, k] of [['W1', 0], ['W1', 50_000], ['b2', 2], ['b2', 7]] as const) {
      const bump = (d: number): number => {
        const copy = new Float64Array(inputs[name] as Float64Array);
        copy[k]! += d;
        return m.f({ ...inputs, [name]: copy }).value;
      };
      const fd = (bump(h) - bump(-h)) / (2 * h);
      expect(Math.abs(fd - entries(gradient[name]!)[k]!)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
    }
    expect(Number.isFinite(value)).toBe(true);
  });

  it('ts: type-checks under strict and noUncheckedIndexedAccess', () => {
    expect(typeErrors(nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'ts']))).toEqual([]);
  });

  it('js: the 2-2-2 matrix sample gives the worked example (inputs as arrays of rows)', async () => {
    const m = await load(nabla(['codegen', join(ROOT, 'samples', 'mlp-matrix.nabla'), '--lang', 'js']), 'js');
    const { value, gradient } = m.f({
      x: [0.05, 0.1], t: [0.01, 0.99], W1: [[0.15, 0.2], [0.25, 0.3]] as unknown as ArrayLike<number>,
      W2: [[0.4, 0.45], [0.5, 0.55]] as unknown as ArrayLike<number>, b1: 0.35, b2: 0.6,
    });
    expect(value).toBeCloseTo(0.298371109, 9);
    expect(entries(gradient['W2']!)[0]).toBeCloseTo(0.0821670406, 10);
    expect(entries(gradient['W1']!)[0]).toBeCloseTo(0.000438567734, 12);
    expect(() => m.f({ x: [1, 2, 3], t: [0, 1], W1: [1, 2, 3, 4], W2: [1, 2, 3, 4], b1: 0, b2: 0 })).toThrow(/"x" must have 2 entries, found 3/);
  });
});

/** Every matrix operation the generated code spells: products, transposes, reductions, softmax, logsumexp, diag, entries, spreads. */
const EVERY_OPERATION = [
  'A = [[1, 2, 3], [4, 5, 6]]',
  'v = [0.5, -1, 2]',
  'u = [0.3, 0.7]',
  'c = 1.5',
  's = softmax(A @ v)',
  'q = transpose(A) @ u + norm(v)*v',
  'M = A*A/c - mean(A)',
  'L = logsumexp(u*c) + sum(q^2) + dot(s, u) + sum(diag(u) @ A) + A[2,3]*s[1] + sum(outer(u, v)*M) + norm(M) + sum(transpose(M) @ A) + sum(tanh(M))',
  'derive L wrt A, v, u, c',
  '',
].join('\n');

describe('codegen of every matrix operation agrees with the report', () => {
  const file = join(tmp, 'every-operation.nabla');
  writeFileSync(file, EVERY_OPERATION);

  it.skipIf(!numpy)('python', () => {
    const got = runPython(nabla(['codegen', file, '--lang', 'python']));
    const want = reportGradients(file, 'L');
    for (const name of ['A', 'v', 'u']) expect(relErr(got.gradient[name]!, want.get(name)!), name).toBeLessThan(1e-9);
    // The scalar c is not among the report's matrix gradients: its value as the report prints it.
    expect(got.gradient['c']![0]).toBeCloseTo(-590.944726, 5);
  });

  it('js', async () => {
    const m = await load(nabla(['codegen', file, '--lang', 'js']), 'js');
    const inputs = m.fInputs();
    const { gradient } = m.f(inputs);
    const want = reportGradients(file, 'L');
    for (const name of ['A', 'v', 'u']) expect(relErr(entries(gradient[name]!), want.get(name)!), name).toBeLessThan(1e-9);
    // The scalar c by central differences of the generated value.
    const at = (c: number): number => m.f({ ...inputs, c }).value;
    const h = 1e-5;
    expect(gradient['c']).toBeCloseTo((at(1.5 + h) - at(1.5 - h)) / (2 * h), 4);
  });
});

describe('generated code holds for any input, not only the file\'s values', () => {
  it('cross-entropy: the code takes y as a parameter, so it computes sum(y)*p - y, right for a y that does not add up to 1', async () => {
    const file = join(tmp, 'cross-entropy.nabla');
    writeFileSync(file, 'z = [1.0, 2.0, 0.5]\ny = [0, 1, 0]\nL = -sum(y*log(softmax(z)))\nderive L wrt z\n');
    const m = await load(nabla(['codegen', file, '--lang', 'js']), 'js');
    const y = [0.5, 1, 0];
    const z = [1.0, 2.0, 0.5];
    // The loss written out here: -Σ y_i log softmax(z)_i.
    const loss = (v: readonly number[]): number => {
      const s = v.reduce((a, x) => a + Math.exp(x), 0);
      return -v.reduce((a, x, i) => a + y[i]! * (x - Math.log(s)), 0);
    };
    const got = entries(m.f({ z, y }).gradient['z']!);
    const h = 1e-6;
    z.forEach((_, i) => {
      const at = (d: number): number => loss(z.map((x, k) => (k === i ? x + d : x)));
      expect(Math.abs(got[i]! - (at(h) - at(-h)) / (2 * h))).toBeLessThan(1e-8);
    });
  });
});

describe('codegen of a matrix file: what it refuses (exit status 2, a message naming the thing)', () => {
  const file = join(ROOT, 'samples', 'mlp-matrix.nabla');
  it.each([
    [['--wrt', 'h'], /"h" is defined by a formula \(line 11\); codegen differentiates with respect to inputs\./],
    [['--wrt', 'nope'], /"nope" is not a name in the file\./],
    [['--target', 'h'], /The objective "h" is a vector of 2; codegen differentiates a scalar\./],
    [['--name', '_softmax'], /"_softmax" cannot name the generated function: names starting with _ are the module's helpers\./],
  ])('%s', (args, message) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nabla.js'), 'codegen', file, '--lang', 'python', ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('codegen of what it cannot write yet', () => {
  it('refuses a file with conv2d or maxpool whole, exit 2, writing nothing', () => {
    for (const lang of ['python', 'js']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nabla.js'), 'codegen', join(ROOT, 'samples', 'cnn-matrix.nabla'), '--lang', lang], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/codegen does not write conv2d or maxpool yet/);
    }
  });
});
