/**
 * Generated code (src/graph/codegen.ts, `nabla codegen`) is run, not just
 * read: the JavaScript and TypeScript in this process (TypeScript through
 * esbuild, and type-checked by tsc's API), the Python by Debian's
 * /usr/bin/python3 with NumPy. Oracles: the worked example of the 2-2-2
 * network, finite differences, and compile() on the inlined gradient.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { type Expr, num, sym } from '../src/expr/node.ts';
import { add, mul, pow } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import { gradientProgram, inlineGradient } from '../src/diff/reverse.ts';
import { compile } from '../src/numeric/compile.ts';
import { checkDerivative } from '../src/numeric/finite-difference.ts';
import { codegen, generate, type CodegenLanguage } from '../src/graph/codegen.ts';
import { inputValues } from '../src/graph/system.ts';
import { loadFile } from '../src/index.ts';
import { main, type Io } from '../src/cli/main.ts';
import { arbExpr, NAMES } from './arbitrary.ts';

const MLP_PATH = new URL('../samples/mlp-2-2-2.nabla', import.meta.url);
const MLP = readFileSync(MLP_PATH, 'utf8');
const PYTHON = '/usr/bin/python3';
const WORKED = { E: 0.298371109, w5: 0.0821670406, w1: 0.000438567734 };

const tmp = mkdtempSync(join(tmpdir(), 'nabla-codegen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Generated = (inputs: Record<string, number>) => { value: number; gradient: Record<string, number> };

/** Load generated JS or TS as a function, in this process. */
function load(code: string, lang: 'js' | 'ts', name = 'f'): Generated {
  const js = transformSync(code, { loader: lang, format: 'cjs' }).code;
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'module', js)(module.exports, module);
  return module.exports[name] as Generated;
}

/** Type errors of a TypeScript module under the project's strictness. */
function typeErrors(code: string): string[] {
  const fileName = join(tmp, 'generated.ts');
  writeFileSync(fileName, code);
  const program = ts.createProgram([fileName], {
    strict: true, noUncheckedIndexedAccess: true, noEmit: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const pyIt = hasNumpy ? it : it.skip;
const PY_NOTE = hasNumpy ? '' : ` (skipped: "${PYTHON} -c 'import numpy'" failed; install python3-numpy)`;

/** Run generated Python on JSON inputs (lists become arrays); results as JSON, non-finite numbers as strings. */
function runPython(code: string, calls: readonly { fn: string; inputs: Record<string, number | number[]> }[]): unknown[] {
  const driver = `
import json, math, sys
import numpy as np
np.seterr(all='ignore')
def plain(x):
    a = np.asarray(x, dtype=np.float64)
    if a.ndim > 0:
        return [plain(v) for v in a.tolist()]
    v = float(a)
    return v if math.isfinite(v) else str(v)
out = []
for c in json.load(sys.stdin):
    inputs = {k: (np.array(v) if isinstance(v, list) else v) for k, v in c["inputs"].items()}
    value, gradient = globals()[c["fn"]](inputs)
    out.append({"value": plain(value), "gradient": {k: plain(v) for k, v in gradient.items()}})
print(json.dumps(out))
`;
  const file = join(tmp, `gen${Math.random().toString(36).slice(2)}.py`);
  // The module's own example (run as a script) is not the driver's business.
  writeFileSync(file, `${code.replace('if __name__ == "__main__":', 'if False:')}\n${driver}`);
  const r = spawnSync(PYTHON, [file], { input: JSON.stringify(calls), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[];
}

const close = (a: number, b: number, rtol = 1e-9): boolean => Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

describe('codegen on the 2-2-2 network', () => {
  const system = loadFile(MLP);
  const values = Object.fromEntries(inputValues(system));

  it.each(['js', 'ts'] as const)('%s: the worked example\'s value and gradient', (lang) => {
    const f = load(codegen(system, { lang }), lang);
    const { value, gradient } = f(values);
    expect(value).toBeCloseTo(WORKED.E, 9);
    expect(gradient.w5).toBeCloseTo(WORKED.w5, 10);
    expect(gradient.w1).toBeCloseTo(WORKED.w1, 12);
    // Every input the objective uses, and nothing it does not (gamma).
    expect(Object.keys(gradient)).toEqual(['i1', 'i2', 'target_o1', 'target_o2', 'w1', 'w2', 'w3', 'w4', 'b1', 'w5', 'w6', 'w7', 'w8', 'b2']);
  });

  it('js: every partial agrees with finite differences', () => {
    const f = load(codegen(system, { lang: 'js' }), 'js');
    const { gradient } = f(values);
    for (const [name, analytic] of Object.entries(gradient)) {
      const along = (x: number): number => f({ ...values, [name]: x }).value;
      const check = checkDerivative(along, values[name]!, analytic);
      expect(check.verdict, `${name}: ${analytic} vs ${check.fd}`).toBe('pass');
    }
  });

  it('ts: the generated module type-checks under strict settings', () => {
    const code = codegen(system, { lang: 'ts', inputs: ['w5', 'w1'] });
    expect(code).toContain('export function f(inputs: { readonly "i1": number;');
    expect(code).toContain('): { value: number; gradient: Record<string, number> } {');
    expect(typeErrors(code)).toEqual([]);
  });

  it('writes straight-line code: forward pass, then backward pass, one operation per line', () => {
    const code = codegen(system, { lang: 'js', inputs: ['w5'] });
    const body = code.slice(code.indexOf('// forward pass'), code.indexOf('return {'));
    expect(body.indexOf('// backward pass')).toBeGreaterThan(0);
    for (const line of body.split('\n').filter((l) => l.includes('='))) expect(line).toMatch(/^ {2}const t\d+ = [^;]+;$/);
    // Only the temporaries ∂E/∂w5 needs: a short backward pass.
    const backward = body.slice(body.indexOf('// backward pass')).split('\n').filter((l) => l.includes('const'));
    expect(backward.length).toBeLessThanOrEqual(6);
  });

  it('takes the objective and the names from the options, and refuses names that are not inputs', () => {
    const f = load(codegen(system, { lang: 'js', objective: 'out_o1', inputs: ['w5'] }), 'js');
    const r = f(values);
    expect(r.value).toBeCloseTo(0.75136507, 8);
    expect(r.gradient.w5).toBeCloseTo(0.75136507 * (1 - 0.75136507) * 0.593269992, 8);
    expect(() => codegen(system, { lang: 'js', inputs: ['out_h1'] })).toThrow(/defined by a formula/);
    expect(() => codegen(system, { lang: 'js', inputs: ['nope'] })).toThrow(/not a name in the file/);
    expect(() => codegen(system, { lang: 'js', objective: 'Q' })).toThrow(/not defined/);
    expect(() => codegen(system, { lang: 'js', name: 'constructor t' })).toThrow(/cannot name/);
  });

  pyIt(`python: prints the worked example's gradient${PY_NOTE}`, () => {
    const code = codegen(system, { lang: 'python' });
    expect(code).toContain('def f(inputs):');
    expect(code).toContain('np.exp(-np.logaddexp(0.0, -');
    const [r] = runPython(code, [{ fn: 'f', inputs: values }]) as [{ value: number; gradient: Record<string, number> }];
    expect(r.value).toBeCloseTo(WORKED.E, 9);
    expect(r.gradient.w5).toBeCloseTo(WORKED.w5, 10);
    expect(r.gradient.w1).toBeCloseTo(WORKED.w1, 12);
  });

  pyIt(`python: works element-wise on arrays${PY_NOTE}`, () => {
    const code = codegen(system, { lang: 'python' });
    const w5s = [-1, 0, 0.4, 2.5, 10];
    const [r] = runPython(code, [{ fn: 'f', inputs: { ...values, w5: w5s } }]) as [{ value: number[]; gradient: Record<string, number[]> }];
    const f = load(codegen(system, { lang: 'js' }), 'js');
    w5s.forEach((w5, k) => {
      const expected = f({ ...values, w5 });
      expect(close(r.value[k]!, expected.value)).toBe(true);
      for (const [name, g] of Object.entries(expected.gradient)) {
        // Every partial is broadcast to the inputs' shape, even one that does not depend on w5.
        expect(r.gradient[name]).toHaveLength(w5s.length);
        expect(close(r.gradient[name]![k]!, g), `${name}[${k}]`).toBe(true);
      }
    });
  });
});

describe('codegen agrees with compile()', () => {
  /** The value and gradient by the evaluator, on the inlined reverse-mode gradient. */
  const reference = (e: Expr, point: readonly number[]): Float64Array => {
    const grads = inlineGradient(gradientProgram(e, [...NAMES]));
    return compile([e, ...grads], [...NAMES]).raw(point, new Float64Array(NAMES.length + 1));
  };
  const arbPoint = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: NAMES.length, maxLength: NAMES.length });

  it('js: on random expressions at random points', () => {
    let compared = 0;
    fc.assert(
      fc.property(arbExpr, arbPoint, (e, point) => {
        const f = load(codegen(e, { lang: 'js', inputs: [...NAMES] }), 'js');
        const r = f(Object.fromEntries(NAMES.map((n, i) => [n, point[i]!])));
        const want = reference(e, point);
        const got = [r.value, ...NAMES.map((n) => r.gradient[n]!)];
        got.forEach((x, i) => {
          const y = want[i]!;
          if (!Number.isFinite(x) || !Number.isFinite(y)) return;
          compared++;
          expect(close(x, y), `${i} at ${point.join(', ')}: ${x} vs ${y}`).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  pyIt(`python: on random expressions at random points${PY_NOTE}`, () => {
    const cases = fc.sample(fc.tuple(arbExpr, arbPoint), { numRuns: 60, seed: 7 });
    const code = cases.map(([e], k) => codegen(e, { lang: 'python', inputs: [...NAMES], name: `f${k}` })).join('\n');
    const calls = cases.map(([, point], k) => ({ fn: `f${k}`, inputs: Object.fromEntries(NAMES.map((n, i) => [n, point[i]!])) }));
    const results = runPython(code, calls) as { value: number | string; gradient: Record<string, number | string> }[];
    let compared = 0;
    cases.forEach(([, point], k) => {
      const want = reference(cases[k]![0], point);
      const r = results[k]!;
      const got = [r.value, ...NAMES.map((n) => r.gradient[n]!)];
      got.forEach((x, i) => {
        const y = want[i]!;
        if (typeof x !== 'number' || !Number.isFinite(y)) return;
        compared++;
        expect(close(x, y, 1e-8), `case ${k}, output ${i}: ${x} vs ${y}`).toBe(true);
      });
    });
    expect(compared).toBeGreaterThan(100);
  });

  it('uses the conventions at kinks: step(0) = 0, relu\'(0) = 0, abs\'(0) = 0, max split at a tie', () => {
    const e = add(call('relu', [sym('x')]), call('abs', [sym('y')]), call('max', [sym('x'), sym('y')]), mul(call('step', [sym('x')]), sym('y')));
    const f = load(codegen(e, { lang: 'js' }), 'js');
    const r = f({ x: 0, y: 0 });
    expect(r.value).toBe(0);
    expect(r.gradient).toEqual({ x: 0.5, y: 0.5 });
  });
});

describe('codegen with hostile names', () => {
  // Valid nabla names that are also properties of every JavaScript object.
  const FILE = [
    'E = constructor*toString + sin(valueOf)*hasOwnProperty + prototype^2 + isPrototypeOf/2',
    'constructor = 1.5; toString = 2; valueOf = 0.5; hasOwnProperty = 3; prototype = 0.25; isPrototypeOf = 4',
    'derive E wrt constructor',
  ].join('\n');
  // Names no formula can write, built through the API: they must stay data.
  const NASTY = ['__proto__', '"]); throw new Error("pwned"); //', "a'b\\c", 'x\u2028y', 'x\ny', '\u{1F600}', '*/ x /*', '""" + __import__("os").system("false") + """', 't0'];
  const nasty = (): Expr => {
    const [a, b, c, d, e, f, g, h, i] = NASTY.map(sym) as [Expr, Expr, Expr, Expr, Expr, Expr, Expr, Expr, Expr];
    return add(mul(a, b), call('sin', [c]), pow(d, num(2)), mul(e, f, g), call('exp', [mul(h, num(-1))]), mul(i, a));
  };
  const nastyPoint = Object.fromEntries(NASTY.map((n, k) => [n, 0.25 * (k + 1)]));
  const expectNastyGradient = (gradient: Record<string, number | string>): void => {
    const [a, b, c, d, e, f, g, h, i] = NASTY.map((n) => nastyPoint[n]!) as number[] as [number, number, number, number, number, number, number, number, number];
    const want: Record<string, number> = {
      [NASTY[0]!]: b + i, [NASTY[1]!]: a, [NASTY[2]!]: Math.cos(c), [NASTY[3]!]: 2 * d, [NASTY[4]!]: f * g, [NASTY[5]!]: e * g,
      [NASTY[6]!]: e * f, [NASTY[7]!]: -Math.exp(-h), [NASTY[8]!]: a,
    };
    expect(Object.keys(gradient).sort()).toEqual(Object.keys(want).sort());
    for (const n of NASTY) expect(close(gradient[n] as number, want[n]!), JSON.stringify(n)).toBe(true);
  };

  it.each(['js', 'ts'] as const)('%s: a file whose inputs are named constructor, toString, valueOf, …', (lang) => {
    const system = loadFile(FILE);
    expect(system.errors).toEqual([]);
    const f = load(codegen(system, { lang }), lang);
    const r = f(Object.fromEntries(inputValues(system)));
    expect(r.value).toBeCloseTo(1.5 * 2 + Math.sin(0.5) * 3 + 0.0625 + 2, 12);
    expect(r.gradient.constructor).toBe(2);
    expect(r.gradient.toString).toBe(1.5);
    expect(r.gradient.valueOf).toBeCloseTo(Math.cos(0.5) * 3, 12);
    expect(r.gradient.prototype).toBe(0.5);
    expect(Object.getPrototypeOf(r.gradient)).toBe(Object.prototype);
  });

  it.each(['js', 'ts'] as const)('%s: names with quotes, brackets, line separators and __proto__ stay data', (lang) => {
    const code = codegen(nasty(), { lang });
    expect(code).not.toContain('pwned"); //');
    expect(code).not.toContain('\u2028');
    const r = load(code, lang)(nastyPoint);
    expect(Object.prototype.hasOwnProperty.call(r.gradient, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(r.gradient)).toBe(Object.prototype);
    expectNastyGradient(r.gradient);
    if (lang === 'ts') expect(typeErrors(code)).toEqual([]);
  });

  it('js: a missing or inherited input is an error, not a silent NaN', () => {
    const f = load(codegen(nasty(), { lang: 'js' }), 'js');
    expect(() => f({})).toThrow(/must be a number/);
    // `{ __proto__: 1 }` sets the prototype: not an own property, so not an input.
    const point = { ...nastyPoint };
    delete point.__proto__;
    expect(() => f(point)).toThrow(/"__proto__" must be a number/);
  });

  pyIt(`python: the same names stay data${PY_NOTE}`, () => {
    const code = codegen(nasty(), { lang: 'python' });
    const [r] = runPython(code, [{ fn: 'f', inputs: nastyPoint }]) as [{ gradient: Record<string, number> }];
    expectNastyGradient(r.gradient);
    const system = loadFile(FILE);
    const [s] = runPython(codegen(system, { lang: 'python' }), [{ fn: 'f', inputs: Object.fromEntries(inputValues(system)) }]) as [{ gradient: Record<string, number> }];
    expect(s.gradient.constructor).toBe(2);
  });

  it('refuses a function name that is not a plain identifier', () => {
    for (const lang of ['js', 'ts', 'python'] as CodegenLanguage[]) {
      expect(() => codegen(nasty(), { lang, name: 'f(){}; g' })).toThrow(/cannot name/);
      expect(() => codegen(nasty(), { lang, name: 't3' })).toThrow(/cannot name/);
    }
    expect(() => codegen(nasty(), { lang: 'python', name: 'lambda' })).toThrow(/cannot name/);
    expect(() => codegen(nasty(), { lang: 'js', name: 'sigmoid' })).toThrow(/cannot name/);
  });

  it('reports the parameter and gradient keys', () => {
    const g = generate(loadFile(FILE), { lang: 'js', inputs: ['valueOf'] });
    expect(g.gradient).toEqual(['valueOf']);
    expect(g.parameters).toEqual(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'isPrototypeOf']);
  });
});

describe('nabla codegen', () => {
  const run = async (args: string[]): Promise<{ status: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), color: false, stderrIsTTY: false };
    const status = await main(args, io);
    return { status, stdout, stderr };
  };
  const file = join(tmp, 'mlp.nabla');
  writeFileSync(file, MLP);

  it('prints a TypeScript function for the first derive target', async () => {
    const r = await run(['codegen', file, '--lang', 'ts']);
    expect(r.status).toBe(0);
    const f = load(r.stdout, 'ts');
    expect(f(Object.fromEntries(inputValues(loadFile(MLP)))).gradient.w5).toBeCloseTo(WORKED.w5, 10);
  });

  it('takes --wrt, --target and --name', async () => {
    const r = await run(['codegen', file, '--lang', 'js', '--wrt', 'w5,w_1', '--target', 'E', '--name', 'lossAndGradient']);
    expect(r.status).toBe(0);
    const f = load(r.stdout, 'js', 'lossAndGradient');
    expect(Object.keys(f(Object.fromEntries(inputValues(loadFile(MLP)))).gradient)).toEqual(['w5', 'w1']);
  });

  pyIt(`prints Python that runs${PY_NOTE}`, async () => {
    const r = await run(['codegen', file, '--lang', 'python', '--wrt', 'w5']);
    expect(r.status).toBe(0);
    const [out] = runPython(r.stdout, [{ fn: 'f', inputs: Object.fromEntries(inputValues(loadFile(MLP))) }]) as [{ gradient: Record<string, number> }];
    expect(out.gradient.w5).toBeCloseTo(WORKED.w5, 10);
  });

  pyIt(`writes a Python module that, run by python3, prints the worked example's gradient${PY_NOTE}`, async () => {
    const r = await run(['codegen', file, '--lang', 'python']);
    expect(r.status).toBe(0);
    const script = join(tmp, 'grad.py');
    writeFileSync(script, r.stdout);
    const py = spawnSync(PYTHON, [script], { encoding: 'utf8', timeout: 60_000 });
    expect(py.status, py.stderr).toBe(0);
    const printed = (label: string): number => Number(new RegExp(`^${label.replace(/[()]/g, '\\$&')} = (\\S+)$`, 'm').exec(py.stdout)?.[1]);
    // Published in the worked example (Mazur): E, ∂E/∂w5, ∂E/∂w1.
    expect(printed('E')).toBeCloseTo(WORKED.E, 9);
    expect(printed('d(E)/d(w5)')).toBeCloseTo(WORKED.w5, 10);
    expect(printed('d(E)/d(w1)')).toBeCloseTo(WORKED.w1, 12);
  });

  it('exits 2 with a message on bad input', async () => {
    for (const args of [
      ['codegen', file, '--lang', 'rust'],
      ['codegen', file, '--lang', 'js', '--wrt', 'out_h1'],
      ['codegen', file, '--lang', 'js', '--target', 'nothing'],
      ['codegen', file, '--lang', 'js', '--name', 'a b'],
      ['codegen', join(tmp, 'missing.nabla'), '--lang', 'js'],
      ['codegen', file],
    ]) {
      const r = await run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
