/**
 * The notation of textbooks and course notes in LaTeX input (SPEC §6), one
 * group per finding of a tester's own notes. Each claim is checked through
 * `checkClaims` on a small document, with the verdict worked out by hand: a
 * true claim in the new notation is verified, a false one refuted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkClaims, evaluate, parse, parseLatex, toLatex, type Expr } from '../src/index.ts';
import { countLatexParses } from '../src/parse/latex.ts';
import { deriv, num, sym } from '../src/expr/node.ts';
import { mul, pow } from '../src/expr/canonical.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const dir = mkdtempSync(join(tmpdir(), 'nabla-notation-'));

const nabla = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

/** The claims of a document, as `text → status` and with their reasons. */
function check(doc: string, fileName?: string) {
  const report = checkClaims(doc, fileName === undefined ? { kind: 'document' } : { fileName });
  const status = (text: string): string | undefined => report.claims.find((c) => c.text === text)?.status;
  const reason = (text: string): string | undefined => report.claims.find((c) => c.text === text)?.reason;
  return { report, status, reason };
}

describe('1. an inline slash derivative with a subscript', () => {
  const doc = '$$E = w_5^2 + w_6$$\n\nso $\\partial E / \\partial w_5 = 2 w_5$ and $\\partial E / \\partial w_6 = 2$.\n';

  it('is the derivative ∂E/∂w5, with one parse', () => {
    const { status } = check(doc);
    expect(status('\\partial E / \\partial w_5 = 2 w_5')).toBe('verified');
    expect(status('\\partial E / \\partial w_6 = 2')).toBe('refuted');
  });

  it('gives nabla check a verdict, not an internal error', () => {
    const file = join(dir, 'slash.md');
    writeFileSync(file, doc);
    const r = nabla('check', file);
    expect([0, 1]).toContain(r.status);
    expect(r.stdout + r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/verified/);
  });
});

describe('2. a layer superscript is part of a name', () => {
  const doc = [
    '$$L = W^{(2)}_{11} a^{(1)}_1 + W^{(2)}_{12} a^{(1)}_2 + W^{(1)}_{11} a^{(2)}_1$$',
    '$$\\frac{\\partial L}{\\partial W^{(2)}_{11}} = a^{(1)}_1$$',
    '$$\\frac{\\partial L}{\\partial W^{(1)}_{11}} = a^{(1)}_1$$',
    '$$P = {a^{(1)}_1}^2$$',
    '$$\\frac{\\partial P}{\\partial a^{(1)}_1} = 2 a^{(1)}_1$$',
    '$$Q = a^{(1)}_1^2$$',
    '$$R = a^{(1)2}$$',
  ].join('\n');

  it('keeps the layers apart: W^{(2)}_{11} and W^{(1)}_{11} are two names', () => {
    const { status } = check(doc);
    expect(status('\\frac{\\partial L}{\\partial W^{(2)}_{11}} = a^{(1)}_1')).toBe('verified');
    expect(status('\\frac{\\partial L}{\\partial W^{(1)}_{11}} = a^{(1)}_1')).toBe('refuted');
  });

  it('takes a power only in braces, and says so otherwise', () => {
    const { report, status } = check(doc);
    expect(status('\\frac{\\partial P}{\\partial a^{(1)}_1} = 2 a^{(1)}_1')).toBe('verified');
    const refused = report.claims.filter((c) => c.line === 6 || c.line === 7);
    expect(refused).toHaveLength(2);
    for (const c of refused) expect(c.reason).toContain('{a^{(1)}_1}^2');
  });
});

describe('3. decorations are part of a name', () => {
  it('reads \\hat, \\bar, \\tilde, \\vec as new names and bold as the same name', () => {
    const { status } = check([
      '$$L = (\\hat{y}_1 - y_1)^2 + \\bar{x} x + \\tilde{u} + \\vec{v}$$',
      '$$\\frac{\\partial L}{\\partial \\hat{y}_1} = 2(\\hat{y}_1 - y_1)$$',
      '$$\\frac{\\partial L}{\\partial y_1} = 2(\\hat{y}_1 - y_1)$$',
      '$$\\frac{\\partial L}{\\partial x} = \\bar{x}$$',
      '$$\\frac{\\partial L}{\\partial \\tilde{u}} = \\frac{\\partial L}{\\partial \\vec{v}}$$',
      '$$E = \\mathbf{W} \\boldsymbol{x}$$',
      '$$\\frac{\\partial E}{\\partial W} = x$$',
      '$$\\frac{\\partial E}{\\partial \\mathbf{W}} = W$$',
    ].join('\n'));
    expect(status('\\frac{\\partial L}{\\partial \\hat{y}_1} = 2(\\hat{y}_1 - y_1)')).toBe('verified');
    expect(status('\\frac{\\partial L}{\\partial y_1} = 2(\\hat{y}_1 - y_1)')).toBe('refuted');
    expect(status('\\frac{\\partial L}{\\partial x} = \\bar{x}')).toBe('verified');
    expect(status('\\frac{\\partial L}{\\partial \\tilde{u}} = \\frac{\\partial L}{\\partial \\vec{v}}')).toBe('verified');
    expect(status('\\frac{\\partial E}{\\partial W} = x')).toBe('verified');
    expect(status('\\frac{\\partial E}{\\partial \\mathbf{W}} = W')).toBe('refuted');
  });

  it('prints them back as written', () => {
    expect(toLatex(parseLatex('\\hat{y}_1'))).toBe('\\hat{y}_{1}');
    expect(toLatex(parseLatex('W^{(2)}_{11}'))).toBe('W^{(2)}_{11}');
    expect(toLatex(parseLatex('\\mathbf{W}'))).toBe('W');
  });
});

describe('4. a prime on a function is its derivative', () => {
  it('reads \\sigma\'(z) as σ(z)(1 − σ(z)) and \\tanh\'(z) as 1 − tanh²(z); w\' stays the update name', () => {
    const { status } = check([
      '$$s = \\sigma(z)$$',
      "$$\\frac{ds}{dz} = \\sigma'(z)$$",
      "$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$$",
      "$$\\sigma'(z) = \\sigma(z)$$",
      "$$\\tanh'(z) = 1 - \\tanh(z)^2$$",
      "$$\\tanh'(z) = 1 + \\tanh(z)^2$$",
      '$$w = 1$$',
      "$$w' = w - 0.5$$",
      "$$w' = 0.5$$",
    ].join('\n'));
    expect(status("\\frac{ds}{dz} = \\sigma'(z)")).toBe('verified');
    expect(status("\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))")).toBe('verified');
    expect(status("\\sigma'(z) = \\sigma(z)")).toBe('refuted');
    expect(status("\\tanh'(z) = 1 - \\tanh(z)^2")).toBe('verified');
    expect(status("\\tanh'(z) = 1 + \\tanh(z)^2")).toBe('refuted');
    expect(status("w' = 0.5")).toBe('verified');
  });
});

describe('5. z_j under \\sum_j is z_1, z_2, … of the same names outside it', () => {
  it('expands a sum with numeric bounds over the names of the document', () => {
    const { status } = check([
      '$$L = \\sum_{i=1}^{3} w_i x_i$$',
      '$$\\frac{\\partial L}{\\partial w_1} = x_1$$',
      '$$\\frac{\\partial L}{\\partial w_2} = x_1$$',
    ].join('\n'));
    expect(status('\\frac{\\partial L}{\\partial w_1} = x_1')).toBe('verified');
    expect(status('\\frac{\\partial L}{\\partial w_2} = x_1')).toBe('refuted');
  });

  it('differentiates a softmax entry with respect to another entry', () => {
    const { status } = check([
      '$$S = \\frac{e^{z_1}}{\\sum_{j=1}^{3} e^{z_j}}$$',
      '$$\\frac{\\partial S}{\\partial z_2} = -\\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2} + e^{z_3})^2}$$',
      '$$\\frac{\\partial S}{\\partial z_2} = \\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2} + e^{z_3})^2}$$',
    ].join('\n'));
    expect(status('\\frac{\\partial S}{\\partial z_2} = -\\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2} + e^{z_3})^2}')).toBe('verified');
    expect(status('\\frac{\\partial S}{\\partial z_2} = \\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2} + e^{z_3})^2}')).toBe('refuted');
  });

  it('gives nabla diff −e^{z1}e^{z2}/S², checked numerically', () => {
    for (const extra of [[], ['--tex']]) {
      const r = nabla('diff', '\\frac{e^{z_1}}{\\sum_{j=1}^{3} e^{z_j}}', '--wrt', 'z_2', ...extra);
      expect(r.status).toBe(0);
      const got: Expr = extra.length === 0 ? parse(r.stdout.trim()) : parseLatex(r.stdout.trim());
      const at = { z1: 0.3, z2: -0.7, z3: 1.1 };
      const total = Math.exp(at.z1) + Math.exp(at.z2) + Math.exp(at.z3);
      expect(evaluate(got, at)).toBeCloseTo(-Math.exp(at.z1) * Math.exp(at.z2) / total ** 2, 12);
    }
  });
});

describe('6. % starts a comment', () => {
  it('skips comments inside math and lines of a document that start with %', () => {
    const { report, status } = check('$$a = 2 % a = 3\n$$\n% $$a = 7$$\n$$b = a + 1$$\n$$b = 3$$\n');
    expect(status('b = 3')).toBe('verified');
    expect(report.claims.map((c) => c.text).join(' ')).not.toMatch(/[79]/);
  });

  it('skips the %… tail of a line in a .tex file', () => {
    const { report, status } = check('$a = 2$ % $a = 7$\n$a = 2$ and 50\\% of $b = a$\n$b = 2$\n', 'notes.tex');
    expect(report.claims.some((c) => c.text.includes('7'))).toBe(false);
    expect(status('b = 2')).toBe('verified');
  });
});

describe('7. more notation', () => {
  it('reads \\leftarrow and := as definitions, \\nabla_w L as ∂L/∂w', () => {
    const { status } = check([
      '$$L = w^2$$',
      '$$w \\leftarrow w - \\eta \\nabla_w L$$',
      "$$w' = w - 2\\eta w$$",
      "$$w' = w - \\eta w$$",
      '$$\\nabla_w L = 2w$$',
      '$$a := 3$$',
      '$$b = 2a$$',
      '$$b = 6$$',
      '$$b = 7$$',
    ].join('\n'));
    expect(status("w' = w - 2\\eta w")).toBe('verified');
    expect(status("w' = w - \\eta w")).toBe('refuted');
    expect(status('\\nabla_w L = 2w')).toBe('verified');
    expect(status('b = 6')).toBe('verified');
    expect(status('b = 7')).toBe('refuted');
  });

  it('takes braces as the arguments of \\max and \\min', () => {
    const { status } = check('$$x = -1$$\n$$r = \\max\\{0, x\\}$$\n$$r = 0$$\n$$\\min\\{0, x\\} = -1$$\n$$\\min\\{0, x\\} = 0$$\n');
    expect(status('r = 0')).toBe('verified');
    expect(status('\\min\\{0, x\\} = -1')).toBe('verified');
    expect(status('\\min\\{0, x\\} = 0')).toBe('refuted');
  });

  it('reads cases as a piecewise definition in step', () => {
    const cases = '\\begin{cases} 1 & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}';
    const { report, status } = check([
      '$$z = -1$$',
      '$$r = \\begin{cases} z & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}$$',
      `$$\\frac{dr}{dz} = ${cases}$$`,
      '$$\\frac{dr}{dz} = 1$$',
      '$$h = \\begin{cases} z & z \\ge 1 \\\\ -z & z \\le -1 \\\\ 0 \\end{cases}$$',
      '$$h = 1$$',
      '$$h = -1$$',
    ].join('\n'));
    expect(status(`\\frac{dr}{dz} = ${cases}`)).toBe('verified');
    expect(status('\\frac{dr}{dz} = 1')).toBe('refuted');
    expect(status('h = 1')).toBe('verified');
    expect(status('h = -1')).toBe('refuted');
    expect(report.claims.some((c) => c.text.includes('\\end{cases}') && !c.text.includes('\\begin{cases}'))).toBe(false);
  });

  it('leaves softmax and \\coth unsupported, saying so', () => {
    const { report } = check('$$y = \\operatorname{softmax}(z)$$\n$$c = \\coth x$$\n');
    const reasons = report.claims.map((c) => c.reason ?? '').join('\n');
    expect(reasons).toMatch(/softmax is a function of a whole vector/);
    expect(reasons).toContain('\\coth is not a supported function.');
  });

  it('reads \\cosh and \\sinh, which the registry has: cosh² − sinh² = 1', () => {
    const { report } = check('$$\\cosh^2(x) - \\sinh^2(x) = 1$$\n');
    expect(report.claims.map((c) => c.status)).toEqual(['verified']);
  });
});

describe('8. messages a student understands', () => {
  it('says what to write instead of parser vocabulary', () => {
    const { report } = check([
      '$$\\frac{\\partial L}{W} = 1$$',
      '$$\\nabla L = 1$$',
      '$$\\hat y = 1$$',
    ].join('\n'));
    const reasons = report.claims.map((c) => c.reason ?? '');
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toContain('a derivative is written \\frac{\\partial L}{\\partial w}');
    expect(reasons[1]).toContain('write \\nabla_w L');
    expect(reasons[2]).toContain('Write \\hat{y}');
  });
});

describe('names with layers and decorations round-trip through LaTeX', () => {
  const names: Expr[] = [
    sym('W_L2_11'), sym('y_hat_1'), sym('theta_bar'), sym('x_vec'), sym('u_tilde'), sym('y_hat_L2_1'), sym('delta_Ll_j'),
    sym('a_L1_1_new'), sym('y_hat_1_new'), pow(sym('a_L1_1'), num(2)), mul(sym('out_tilde'), sym('a_Ll')),
    deriv(sym('L'), sym('W_L2_11_new')), deriv(sym('y_hat_1'), sym('z_L2_1')),
  ];
  it.each(names.map((e) => [toLatex(e), e] as const))('%s', (tex, e) => {
    expect(tex).toMatch(/\\(?:hat|bar|tilde|vec)\{|\^\{\(/);
    expect(parseLatex(tex)).toBe(e);
    expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
  });
});

describe('the new notation has exactly one parse', () => {
  const corpus = [
    '\\partial E / \\partial w_5', '\\partial E/\\partial w_{5} + 1', 'W^{(2)}_{11} a^{(1)}_1', '{a^{(1)}_1}^2', '{W^{(2)}_{11}}^{+}',
    '\\hat{y}_1 - y_1', "\\sigma'(z) \\tanh'(z)^2", "\\tanh' z", '\\nabla_w L', '\\nabla_{w_5} E x', 'w \\leftarrow w - \\eta \\nabla_w L',
    'a := b', '\\max\\{0, x\\} \\min\\{a, b, c\\}', '\\max \\{x\\}', '\\begin{cases} z & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}',
    '\\begin{cases} z & z \\ge 1 \\\\ -z & z \\le -1 \\\\ 0 \\\\ \\end{cases}^2', '\\frac{e^{z_1}}{\\sum_{j=1}^{3} e^{z_j}}',
  ];
  it.each(corpus)('%s', (tex) => {
    expect(countLatexParses(tex)).toEqual([1]);
  });
});
