/**
 * The command-line interface as a user meets it: the real launcher run as a
 * child process, exit statuses, stdout/stderr separation and the JSON shapes
 * of SPEC §9. Derivatives are checked against an independent oracle: the
 * hand-written formula, evaluated at random points.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import katex from 'katex';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExpression } from '../src/parse/parse.ts';
import { evaluate } from '../src/numeric/compile.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const MLP = join(ROOT, 'samples', 'mlp-2-2-2.nabla');

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function nabla(args: readonly string[], cwd = ROOT): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: exit 2, a message, never a stack trace. */
function expectUserError(r: Result): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
}

const tmp = mkdtempSync(join(tmpdir(), 'nabla-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('nabla diff', () => {
  it('recognises the spelled-out logistic and differentiates through it', () => {
    const r = nabla(['diff', '1/2*(t - 1/(1+exp(-(w*x+b))))^2', '--wrt', 'w']);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim();
    expect(out).toContain('sigmoid');
    expect(out).not.toContain('exp');
    // The oracle: the derivative written by hand.
    const got = parseExpression(out);
    const oracle = parseExpression('-(t - sigmoid(w*x+b))*sigmoid(w*x+b)*(1 - sigmoid(w*x+b))*x');
    const rnd = random(7);
    for (let i = 0; i < 50; i++) {
      const at = { t: rnd() * 4 - 2, w: rnd() * 4 - 2, x: rnd() * 4 - 2, b: rnd() * 4 - 2 };
      const a = evaluate(got, at);
      const b = evaluate(oracle, at);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    }
  });

  it('reads an expression that starts with "-" as an expression, before and after --', () => {
    for (const args of [
      ['diff', '-x^2', '--wrt', 'x'],
      ['diff', '--wrt', 'x', '-x^2'],
      ['diff', '--wrt', 'x', '--', '-x^2'],
      ['diff', '--', '-x^2', '--wrt', 'x'],
      ['diff', '-x^2', '--wrt=x'],
    ]) {
      const r = nabla(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout.trim()).toBe('-2*x');
    }
  });

  it('prints one line per variable when there are several', () => {
    const r = nabla(['diff', 'x*y^2', '--wrt', 'x,y']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['d/dx: y^2', 'd/dy: 2*x*y']);
  });

  it('resolves derivatives written inside the expression', () => {
    const r = nabla(['diff', 'd(x^3)/d(x)', '--wrt', 'x']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('6*x');
  });

  it('--json has the shape of SPEC §9, --timing adds the three timings', () => {
    const r = nabla(['diff', 'x^2*y', '--wrt', 'x,y', '--json', '--timing']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { derivatives: Record<string, { expr: string; latex: string }>; timing: Record<string, number> };
    expect(Object.keys(j.derivatives)).toEqual(['x', 'y']);
    for (const d of Object.values(j.derivatives)) {
      expect(typeof d.expr).toBe('string');
      expect(typeof d.latex).toBe('string');
      expect(() => katex.renderToString(d.latex, { throwOnError: true })).not.toThrow();
    }
    expect(j.derivatives.x!.expr).toBe('2*x*y');
    for (const k of ['parseMs', 'diffMs', 'simplifyMs']) expect(typeof j.timing[k]).toBe('number');
    const plain = JSON.parse(nabla(['diff', 'x^2', '--wrt', 'x', '--json']).stdout) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['derivatives']);
  });

  it('--latex prints LaTeX that KaTeX renders', () => {
    const r = nabla(['diff', 'sqrt(x)/(1+x^2)', '--wrt', 'x', '--latex']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('\\frac');
    expect(() => katex.renderToString(r.stdout.trim(), { throwOnError: true })).not.toThrow();
  });

  it('a syntax error names line and column, shows a caret, exit 2, no stack', () => {
    const r = nabla(['diff', 'sin(x', '--wrt', 'x']);
    expectUserError(r);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^1:(6|7): /);
    expect(lines[1]).toContain('sin(x');
    expect(lines[2]).toMatch(/^\s*\^+$/);
    expect(lines[2]!.indexOf('^')).toBe(lines[1]!.indexOf('sin(x') + 5);
  });

  it('with --json an error is {"error": {message, line, column}} on stdout, exit 2', () => {
    const r = nabla(['diff', 'sin(x', '--wrt', 'x', '--json']);
    expectUserError(r);
    const j = JSON.parse(r.stdout) as { error: { message: string; line: number; column: number } };
    expect(typeof j.error.message).toBe('string');
    expect(j.error.line).toBe(1);
    expect(j.error.column).toBeGreaterThanOrEqual(6);
  });

  it('a bad --wrt name is an error pointing into the option', () => {
    const r = nabla(['diff', 'x^2', '--wrt', 'x,2y']);
    expectUserError(r);
    expect(r.stderr).toMatch(/^--wrt:1:3: /);
  });
});

describe('nabla eval', () => {
  it('evaluates at the given values', () => {
    const r = nabla(['eval', 'x^2+1', '--at', 'x=2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('5');
  });

  it('--json gives {"value": number} at full precision', () => {
    const r = nabla(['eval', 'x/3', '--at', 'x=1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ value: 1 / 3 });
  });

  it('negative values and expressions in --at', () => {
    const r = nabla(['eval', '-x*y', '--at', 'x=-3,y=pi/2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { value: number }).value).toBeCloseTo(3 * Math.PI / 2, 12);
  });

  it('a domain error names the function, exit 2', () => {
    const r = nabla(['eval', 'log(x)', '--at', 'x=-1']);
    expectUserError(r);
    expect(r.stderr).toContain('log');
  });

  it('a name without a value is an error', () => {
    const r = nabla(['eval', 'x + y', '--at', 'x=1']);
    expectUserError(r);
    expect(r.stderr).toContain('"y"');
  });
});

describe('nabla latex', () => {
  it('prints the LaTeX of an expression', () => {
    const r = nabla(['latex', '-x^2 + a/(b*c)']);
    expect(r.status, r.stderr).toBe(0);
    expect(() => katex.renderToString(r.stdout.trim(), { throwOnError: true })).not.toThrow();
  });
});

describe('usage errors', () => {
  it('an unknown option exits 2 with commander\'s message', () => {
    const r = nabla(['diff', 'x', '--wrt', 'x', '--bogus']);
    expectUserError(r);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it('an unknown command exits 2', () => {
    expectUserError(nabla(['differentiate', 'x']));
  });

  it('a missing required option exits 2', () => {
    const r = nabla(['diff', 'x^2']);
    expectUserError(r);
    expect(r.stderr).toContain('--wrt');
  });

  it('no arguments prints the usage and exits 2; --help exits 0', () => {
    const none = nabla([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('Usage: nabla');
    const help = nabla(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: nabla');
  });

  it('a file that does not exist', () => {
    const r = nabla(['run', join(tmp, 'missing.nabla')]);
    expectUserError(r);
    expect(r.stderr).toMatch(/cannot read .*missing\.nabla: no such file/);
  });

  it('errors in a file are all reported with the file name, line and caret', () => {
    const file = join(tmp, 'bad.nabla');
    writeFileSync(file, 'a = 1\nb = (a +\nc = a*\n');
    const r = nabla(['run', file]);
    expectUserError(r);
    expect(r.stderr).toMatch(/bad\.nabla:2:\d+: /);
    expect(r.stderr).toMatch(/\n\s*\^/);
  });
});

describe('the launcher', () => {
  it('works from another working directory', () => {
    const r = nabla(['diff', 'x^2', '--wrt', 'x'], tmpdir());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('2*x');
  });

  it('runs from the TypeScript sources when no build is named (the development loop)', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NABLA_BUILD;
    const r = spawnSync(process.execPath, [BIN, 'diff', 'x^3', '--wrt', 'x'], { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('3*x^2');
  });
});

describe.skipIf(!existsSync(MLP))('nabla run on the worked example', () => {
  it('prints the chain rule, the figures of the worked example, within 80 columns', () => {
    const r = nabla(['run', MLP]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('∂E/∂w5 = 0.0821670406');
    expect(out).toContain('= ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5');
    expect(out).toContain('∂E/∂w1 = 0.000438567734');
    expect(out).toContain('sum of 2 paths');
    expect(out).toMatch(/finite difference 0\.08216704\d*, relative error [\d.e-]+: pass/);
    expect(out).toMatch(/w5_new = 0\.35891648\b/);
    expect(out).toMatch(/w1_new = 0\.149780716\b/);
    expect(out).toMatch(/E\s+0\.298371109\b/);
    expect(out).not.toContain('\u001b[');
    for (const line of out.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('--latex is an align* environment that KaTeX renders', () => {
    const r = nabla(['run', MLP, '--latex']);
    expect(r.status, r.stderr).toBe(0);
    const tex = r.stdout.trim();
    expect(tex.startsWith('\\begin{align*}')).toBe(true);
    expect(tex.endsWith('\\end{align*}')).toBe(true);
    expect(tex).toContain('0.0821670406');
    expect(() => katex.renderToString(tex, { displayMode: true, throwOnError: true })).not.toThrow();
  });

  it('--steps trains and reports the objective falling', () => {
    const r = nabla(['run', MLP, '--steps', '10000']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/10000\s+3\.51\d*e-5/);
    expect(r.stderr).toBe('');
  });

  it('--html writes one self-contained page and says where', () => {
    const out = join(tmp, 'out.html');
    const r = nabla(['run', MLP, '--html', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(out);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('0.0821670406');
    expect(page).not.toMatch(/<(link|script)[^>]+(href|src)="https?:/);
  });
});
