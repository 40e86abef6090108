/**
 * User-defined functions (SPEC §2, §6): `act(t) = t*sigmoid(t)` (SiLU
 * under a name of the user's; `silu` itself is built in) in a formula file and `f(z) = z^2` in LaTeX notes define functions whose calls
 * are their bodies with the arguments substituted. Oracles are derived by
 * hand: d/dw act(w x + b) = x (σ(n) + n σ(n)(1 − σ(n))) with n = w x + b;
 * f(3) = 9 for f(z) = z^2; d/dw (w x − y)^2 = 2 (w x − y) x.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkClaims, loadFile, loadNotes, report } from '../src/index.ts';
import { parseExpression, parseFile } from '../src/parse/parse.ts';
import type { DefineStatement } from '../src/parse/statement.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const tmp = mkdtempSync(join(tmpdir(), 'nabla-fndef-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sigmoid = (n: number): number => 1 / (1 + Math.exp(-n));
/** d/dw act(w x + b), by hand: act'(n) = σ(n) + n σ(n)(1 − σ(n)), times ∂n/∂w = x. */
const handGradient = (w: number, x: number, b: number): number => {
  const n = w * x + b;
  const s = sigmoid(n);
  return x * (s + n * s * (1 - s));
};

const activationFile = (w: number, x: number, b: number): string => [
  'act(t) = t*sigmoid(t)',
  'net = w*x + b',
  'E = act(net)',
  `w = ${w}; x = ${x}; b = ${b}`,
  'derive E wrt w',
].join('\n');

/** Every error of a file as `line:column message`. */
const errorsOf = (text: string): string[] => parseFile(text).errors.map((e) => `${e.span!.line}:${e.span!.column} ${e.message}`);

describe('user functions in formula files', () => {
  it('reports d(E)/d(w) of E = act(w*x + b) equal to the hand formula', () => {
    for (const [w, x, b] of [[0.5, 1.5, -0.25], [-1.2, 0.7, 0.3], [2, -3, 1]] as const) {
      const r = report(loadFile(activationFile(w, x, b)));
      const g = r.gradients.find((x) => x.target === 'E' && x.wrt === 'w')!;
      expect(g.value).toBeCloseTo(handGradient(w, x, b), 10);
      expect(g.check.ok).toBe(true);
    }
  });

  it('keeps the parameters local and reads calls before the definition', () => {
    const system = loadFile(['E = act(net)', 'act(t) = t*sigmoid(t)', 'net = w*x'].join('\n'));
    expect(system.errors).toEqual([]);
    expect([...system.definitions.keys()].sort()).toEqual(['E', 'net']);
    expect(system.free).not.toContain('t');
    expect(system.definitions.get('E')!.rhs).toBe(parseExpression('net*sigmoid(net)'));
  });

  it('substitutes every argument at once and folds numbers', () => {
    const { statements, errors } = parseFile('f(a, b) = a - b\nE = f(b, a)\nF = f(3, 1)^2');
    expect(errors).toEqual([]);
    const defs = statements as DefineStatement[];
    expect(defs.map((d) => d.name)).toEqual(['E', 'F']);
    expect(defs[0]!.expr).toBe(parseExpression('b - a'));
    expect(defs[1]!.expr).toBe(parseExpression('4'));
  });

  it('is printed by nabla run', () => {
    const file = join(tmp, 'activation.nabla');
    writeFileSync(file, activationFile(0.5, 1.5, -0.25));
    const r = spawnSync(process.execPath, [BIN, 'run', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const shown = /∂E\/∂w = (-?[\d.]+)/.exec(r.stdout);
    expect(shown, r.stdout).not.toBeNull();
    expect(Number(shown![1])).toBeCloseTo(handGradient(0.5, 1.5, -0.25), 7);
    expect(r.stdout).toContain('E    0.311229666  = net*sigmoid(net)');
  });

  it('refuses a registry word, a wrong argument count and recursion, each where it is', () => {
    expect(errorsOf('sigmoid(t) = t*2')).toEqual(['1:1 sigmoid is a built-in function and cannot be redefined: choose another name.']);
    expect(errorsOf('act(t) = t*sigmoid(t)\nE = act(a, b)')).toEqual(['2:5 act takes 1 argument, found 2.']);
    expect(errorsOf('f(x) = f(x) + 1')).toEqual(['1:8 f is defined in terms of itself: a function cannot call itself.']);
    expect(errorsOf('f(x) = g(x) + 1\ng(x) = 2*f(x)\nE = f(1)')).toEqual([
      '1:8 f is defined in terms of itself: it calls g, which leads back to f.',
      '2:10 g is defined in terms of itself: it calls f, which leads back to g.',
      '3:5 f cannot be used: its definition (line 1) has an error.',
    ]);
  });

  it('refuses parameters that are not distinct names, and a second definition', () => {
    expect(errorsOf('k(x, x) = x')).toEqual(['1:6 x is a parameter of k twice.']);
    expect(errorsOf('n(x, 2) = x')).toEqual(['1:6 Expected a parameter name in the definition of n, found "2".']);
    expect(errorsOf('f(x) = x\nf(y) = 2*y')).toEqual(['2:1 f is already defined as a function (line 1).']);
    expect(errorsOf('f(x) = x\nf = 2')).toEqual(['2:1 f is a function (line 1): choose another name.']);
  });

  it('reads a definition on the line after an unclosed bracket', () => {
    const { statements, errors } = parseFile('E = sin(x\nact(t) = t*sigmoid(t)\nF = act(2)');
    expect(errors.map((e) => e.span!.line)).toEqual([1]);
    expect((statements[0] as DefineStatement).expr).toBe(parseExpression('2*sigmoid(2)'));
  });

  it('checks claims through calls', () => {
    const checked = checkClaims('sq(z) = z^2\nclaim sq(3) = 9\nclaim d(sq(w))/d(w) = 2*w\nclaim sq(3) = 8', { kind: 'formula' });
    expect(checked.claims.map((c) => c.status)).toEqual(['verified', 'verified', 'refuted']);
  });

  it('ends a long chain of functions calling each other without a deep recursion', () => {
    const lines = ['f0(x) = x + 1'];
    for (let k = 1; k <= 2000; k++) lines.push(`f${k}(x) = f${k - 1}(x) + 1`);
    lines.push('E = f2000(0)');
    const { statements, errors } = parseFile(lines.join('\n'));
    expect(errors).toEqual([]);
    expect((statements[0] as DefineStatement).expr).toBe(parseExpression('2001'));
  });
});

describe('function notation in LaTeX notes', () => {
  const F_NOTES = ['$$f(z) = z^2$$', '', '$$f(3) = 9$$', '', '$$f(3) = 8$$', '', '$$f(z) = z^3$$', ''].join('\n');

  it('defines f by f(z) = z^2: f(3) = 9 verified, f(3) = 8 and a second f(z) = z^3 refuted', () => {
    const checked = checkClaims(F_NOTES, { kind: 'document' });
    expect(checked.claims.map((c) => [c.line, c.text, c.status])).toEqual([
      [3, 'f(3) = 9', 'verified'],
      [5, 'f(3) = 8', 'refuted'],
      [7, 'f(z) = z^3', 'refuted'],
    ]);
    expect(checked.definitions.map((d) => [d.line, d.name])).toEqual([[1, 'f']]);
    expect(loadNotes(F_NOTES).claims.map((c) => c.status)).toEqual(['verified', 'refuted', 'refuted']);
  });

  const L_NOTES = [
    'Data: $x = 1.5$, $y = 0.5$, $w = 2$.',
    '',
    '$$L(w) = (w x - y)^2$$',
    '',
    '$$\\frac{dL}{dw} = 2 (w x - y) x$$',
    '',
    '$$\\frac{dL}{dw} = (w x - y) x$$',
    '',
  ].join('\n');

  it('defines the node L by L(w) = (w x - y)^2 when L is used alone', () => {
    const checked = checkClaims(L_NOTES, { kind: 'document' });
    expect(checked.claims.map((c) => [c.line, c.status])).toEqual([[5, 'verified'], [7, 'refuted']]);
    // 2 (w x − y) x is 7.5 at the notes' values, (w x − y) x is half of it.
    expect(checked.claims[1]).toMatchObject({ lhs: 7.5, rhs: 3.75 });
    expect(checked.definitions.map((d) => d.name)).toEqual(['x', 'y', 'w', 'L']);
  });

  it('keeps a juxtaposition that is no defined function a product', () => {
    const checked = checkClaims('$$f(z) = z^2$$\n\n$$a = 2$$\n\n$$a(1 - a) = -2$$\n', { kind: 'document' });
    expect(checked.claims.map((c) => [c.text, c.status])).toEqual([['a(1 - a) = -2', 'verified']]);
  });

  it('says a recursive definition is one, and reads calls in other bodies', () => {
    const checked = checkClaims('$$f(x) = f(x) + 1$$\n\n$$g(z) = z^2$$\n\n$$h(t) = g(t) + 1$$\n\n$$h(2) = 5$$\n', { kind: 'document' });
    expect(checked.claims.map((c) => [c.line, c.status, c.reason])).toEqual([
      [1, 'unchecked', 'f is defined in terms of itself: a function cannot call itself.'],
      [7, 'verified', 'agrees to the 5 written'],
    ]);
  });
});
