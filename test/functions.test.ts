/**
 * The function registry (src/functions.ts), walked row by row: the table is
 * total over the names, every row spells itself in JavaScript and NumPy,
 * and, against the row's own `evaluate` as an independent oracle, the
 * generated JavaScript (run in this process) and the generated NumPy (run
 * by /usr/bin/python3) compute the same values, as do the exact values the
 * call constructor folds to.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { type Expr, HALF, num, sym } from '../src/expr/node.ts';
import { FUNCTION_NAMES, isFunctionName } from '../src/expr/function-name.ts';
import { call, FUNCTIONS, functionRow, lookupFunction, type FunctionRow } from '../src/functions.ts';
import { codegen } from '../src/graph/codegen.ts';
import { evaluate } from '../src/numeric/compile.ts';

const PYTHON = '/usr/bin/python3';
const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const pyIt = hasNumpy ? it : it.skip;
const PY_NOTE = hasNumpy ? '' : ` (skipped: "${PYTHON} -c 'import numpy'" failed; install python3-numpy)`;

const tmp = mkdtempSync(join(tmpdir(), 'nabla-functions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Argument names of a call of the row: its arity (one to three), or two for a variadic function. */
const argNames = (row: FunctionRow): string[] => (typeof row.arity === 'number' ? ['x', 'y', 'z'].slice(0, row.arity) : ['x', 'y']);

/** Points away from every kink, inside the row's domain (the third coordinate for clip's hi). */
const POINTS: readonly Point[] = [[-1.7, 0.4, 1.9], [-0.3, -2.5, 0.5], [0.6, 0.25, 0.3], [2.2, 3.1, 4]];
type Point = readonly [number, number, number];
const argsAt = (row: FunctionRow, p: Point): number[] => p.slice(0, argNames(row).length);
const pointsOf = (row: FunctionRow): Point[] => POINTS.filter((p) => row.domain?.(argsAt(row, p)) === undefined);

const callOf = (row: FunctionRow): Expr => call(row.name, argNames(row).map(sym));
const expected = (row: FunctionRow, p: Point): number => row.evaluate(...argsAt(row, p));
const inputsAt = (row: FunctionRow, p: Point): Record<string, number> =>
  Object.fromEntries(argNames(row).map((n, i) => [n, p[i]!]));

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

describe('the function registry', () => {
  it('has one row per function name, in the order of the names, and finds rows by alias', () => {
    expect(FUNCTIONS.map((r) => r.name)).toEqual([...FUNCTION_NAMES]);
    for (const name of FUNCTION_NAMES) {
      expect(functionRow(name).name).toBe(name);
      expect(isFunctionName(name)).toBe(true);
    }
    expect(lookupFunction('ln')).toBe(functionRow('log'));
    expect(lookupFunction('sinc')).toBeUndefined();
    expect(isFunctionName('ln')).toBe(false);
  });

  it.each(FUNCTIONS.map((r) => [r.name, r] as const))('%s: a JavaScript and a NumPy spelling', (_, row) => {
    const args = argNames(row).map((n) => `a_${n}`);
    expect(row.js.call(args)).toMatch(/\S/);
    expect(row.numpy.call(args)).toMatch(/\S/);
    for (const a of args) {
      expect(row.js.call(args)).toContain(a);
      expect(row.numpy.call(args)).toContain(a);
    }
  });

  it.each(FUNCTIONS.map((r) => [r.name, r] as const))('%s: the generated JavaScript computes evaluate', (_, row) => {
    const js = transformSync(codegen(callOf(row), { lang: 'js' }), { loader: 'js', format: 'cjs' }).code;
    const module = { exports: {} as Record<string, unknown> };
    new Function('exports', 'module', js)(module.exports, module);
    const f = module.exports.f as (inputs: Record<string, number>) => { value: number };
    for (const p of pointsOf(row)) {
      const got = f(inputsAt(row, p)).value;
      expect(close(got, expected(row, p)), `${row.name}${JSON.stringify(p)}: ${got} vs ${expected(row, p)}`).toBe(true);
    }
  });

  pyIt(`every row: the generated NumPy computes evaluate${PY_NOTE}`, () => {
    const modules = FUNCTIONS.map((row, k) => codegen(callOf(row), { lang: 'python', name: `f${k}` }));
    const calls = FUNCTIONS.flatMap((row, k) => pointsOf(row).map((p) => ({ fn: `f${k}`, inputs: inputsAt(row, p) })));
    const driver = [
      'import json, sys',
      'print(json.dumps([float(globals()[c["fn"]](c["inputs"])[0]) for c in json.load(sys.stdin)]))',
    ].join('\n');
    const file = join(tmp, 'registry.py');
    writeFileSync(file, `${modules.join('\n')}\n${driver}\n`);
    const r = spawnSync(PYTHON, [file], { input: JSON.stringify(calls), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const values = JSON.parse(r.stdout) as number[];
    let i = 0;
    FUNCTIONS.forEach((row) => {
      for (const p of pointsOf(row)) {
        const got = values[i++]!;
        expect(close(got, expected(row, p)), `${row.name}${JSON.stringify(p)}: ${got} vs ${expected(row, p)}`).toBe(true);
      }
    });
  });

  it.each(FUNCTIONS.map((r) => [r.name, r] as const))('%s: every exact value at a number is the float value', (_, row) => {
    for (const a of [num(0), num(1), num(-2), HALF]) {
      const args = argNames(row).map((_, i) => (i === 0 ? a : num(-1)));
      const folded = call(row.name, args);
      if (folded.kind === 'call') continue;
      const floats = args.map((x) => evaluate(x, {}));
      expect(close(evaluate(folded, {}), row.evaluate(...floats)), `${row.name}(${floats.join(', ')})`).toBe(true);
    }
  });
});
