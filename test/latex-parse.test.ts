/**
 * LaTeX input (SPEC §6): each construct against an expression built by hand
 * with the constructors, the statements of every math block of the seed
 * notes, positioned errors, a corpus that must parse in exactly one way,
 * and the round trip through the LaTeX printer.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NablaError, formatError, positionAt } from '../src/errors.ts';
import { deriv, E, type Expr, HALF, num, ONE, PI, sym } from '../src/expr/node.ts';
import { add, div, mul, neg, pow, sub } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import type { FunctionName } from '../src/expr/function-name.ts';
import { freeSymbols } from '../src/expr/walk.ts';
import * as Q from '../src/expr/rational.ts';
import { isMatrix, matrix, type Value } from '../src/expr/indexed.ts';
import { countLatexParses, ELLIPSIS_NAME, parseLatex, parseLatexEquations, type LatexEquation } from '../src/parse/latex.ts';
import { toLatex } from '../src/print/latex.ts';
import { arbExpr, arbPrintableExpr } from './arbitrary.ts';

const [a, b, c, x, y, z] = ['a', 'b', 'c', 'x', 'y', 'z'].map(sym) as [Expr, Expr, Expr, Expr, Expr, Expr];
const n = (v: number): Expr => num(v);
const d = (of: string, wrt: string): Expr => deriv(sym(of), sym(wrt));
const fn = (name: FunctionName, ...args: Expr[]): Expr => call(name, args);

/** The error of parsing `tex` as one expression. */
function errorOf(tex: string): NablaError {
  try {
    parseLatex(tex);
  } catch (err) {
    if (err instanceof NablaError) return err;
    throw err;
  }
  throw new Error(`expected an error for ${tex}`);
}

/** The one equation of a block that must hold exactly one. */
function only(tex: string): LatexEquation {
  const eqs = parseLatexEquations(tex);
  expect(eqs, tex).toHaveLength(1);
  return eqs[0]!;
}

describe('parseLatex: constructs', () => {
  const cases: [string, Expr][] = [
    // fractions and products
    ['\\frac{a}{b}', div(a, b)],
    ['\\dfrac{a}{b}', div(a, b)],
    ['\\tfrac{a}{b}', div(a, b)],
    ['\\frac12', HALF],
    ['\\frac a b', div(a, b)],
    ['\\frac{a}{\\frac{1}{b}}', mul(a, b)],
    ['a \\cdot b', mul(a, b)],
    ['a \\times b', mul(a, b)],
    ['a / b / c', div(div(a, b), c)],
    ['2x', mul(n(2), x)],
    ['2 \\cdot 3', n(6)],
    ['out_{o1}(1 - out_{o1})', mul(sym('out_o1'), sub(ONE, sym('out_o1')))],
    ['out_{o1} (1 - out_{o1})', mul(sym('out_o1'), sub(ONE, sym('out_o1')))],
    ['\\frac{1}{2}(a-b)^2', mul(HALF, pow(sub(a, b), n(2)))],
    ['w_5 \\cdot out_{h1}', mul(sym('w5'), sym('out_h1'))],
    ['1 - \\frac{1}{2}x', sub(ONE, mul(HALF, x))],
    ['a \\cdot -b', neg(mul(a, b))],
    // signs and powers
    ['-x^2', neg(pow(x, n(2)))],
    ['(-x)^2', pow(neg(x), n(2))],
    ['x^{2}', pow(x, n(2))],
    ['x^{-1}', pow(x, n(-1))],
    ['x^{y^{z}}', pow(x, pow(y, z))],
    ['2^{-3}', num(Q.rational(1n, 8n))],
    ['x^{23}', pow(x, n(23))],
    ['e^{x}', fn('exp', x)],
    ['e^x', fn('exp', x)],
    ['e^{-net_{o1}}', fn('exp', neg(sym('net_o1')))],
    ['\\frac{1}{1 + e^{-net_{o1}}}', div(ONE, add(ONE, call('exp', [neg(sym('net_o1'))])))],
    ['\\mathrm{e}^{x}', fn('exp', x)],
    ['\\sqrt{x}', pow(x, HALF)],
    ['\\sqrt x', pow(x, HALF)],
    ['\\sqrt[3]{x}', pow(x, num(Q.rational(1n, 3n)))],
    // numbers
    ['0.05', num(Q.rational(1n, 20n))],
    ['0.05 \\cdot w_1', mul(num(Q.rational(1n, 20n)), sym('w1'))],
    // names
    ['w5', sym('w5')],
    ['w_5', sym('w5')],
    ['w_{5}', sym('w5')],
    ['x_{11}', sym('x11')],
    ['out_{o1}', sym('out_o1')],
    ['target_{o1}', sym('target_o1')],
    ['net', sym('net')],
    ['\\mathrm{out}_{h1}', sym('out_h1')],
    ['\\text{out}_{h1}', sym('out_h1')],
    ['\\text{target} - \\text{out}', sub(sym('target'), sym('out'))],
    ['E_{o1}', sym('E_o1')],
    ['w_5^+', sym('w5_new')],
    ['w_{5}^{+}', sym('w5_new')],
    ["w'", sym('w_new')],
    ["w_5'", sym('w5_new')],
    ['\\gamma', sym('gamma')],
    ['\\eta \\alpha', mul(sym('eta'), sym('alpha'))],
    ['\\eta_1', sym('eta1')],
    ['γ', sym('gamma')],
    ['\\pi', PI],
    ['\\pi r^2', mul(PI, pow(sym('r'), n(2)))],
    ['e', E],
    ['\\sigma', sym('sigma')],
    // calls
    ['\\sigma(x)', fn('sigmoid', x)],
    ['\\sigma\\left(x\\right)', fn('sigmoid', x)],
    ['\\exp(x)', fn('exp', x)],
    ['\\log(x)', fn('log', x)],
    ['\\ln(x)', fn('log', x)],
    ['\\sin(x)', fn('sin', x)],
    ['\\cos(x)', fn('cos', x)],
    ['\\tan(x)', fn('tan', x)],
    ['\\tanh(x)', fn('tanh', x)],
    ['\\max(a, b)', fn('max', a, b)],
    ['\\min(a, b, c)', fn('min', a, b, c)],
    ['\\operatorname{relu}(x)', fn('relu', x)],
    ['\\operatorname{softplus}(x)', fn('softplus', x)],
    ['\\operatorname{sign}(x)', fn('sign', x)],
    ['\\operatorname{step}(x)', fn('step', x)],
    ['\\mathrm{relu}(x)', fn('relu', x)],
    ['sigmoid(x)', fn('sigmoid', x)],
    ['\\sigma(x)^2', pow(fn('sigmoid', x), n(2))],
    // application without brackets
    ['\\sin x', fn('sin', x)],
    ['\\log x', fn('log', x)],
    ['\\log x + 1', add(fn('log', x), ONE)],
    ['\\sin 2x', fn('sin', mul(n(2), x))],
    ['\\sin x \\cos x', mul(fn('sin', x), fn('cos', x))],
    ['\\sin x^2', fn('sin', pow(x, n(2)))],
    ['\\sin^2 x', pow(fn('sin', x), n(2))],
    ['\\sin^2(x)', pow(fn('sin', x), n(2))],
    ['\\sin(x) y', mul(fn('sin', x), y)],
    ['\\sin x \\cdot y', mul(fn('sin', x), y)],
    ['\\sin \\cos x', fn('sin', fn('cos', x))],
    ['\\log \\sigma(z)', fn('log', fn('sigmoid', z))],
    ['\\log_2 x', div(fn('log', x), fn('log', n(2)))],
    ['2 \\sin x', mul(n(2), fn('sin', x))],
    // brackets and absolute values
    ['\\left( a + b \\right) c', mul(add(a, b), c)],
    ['\\left[ a + b \\right] c', mul(add(a, b), c)],
    ['[a + b] c', mul(add(a, b), c)],
    ['\\{ a + b \\} c', mul(add(a, b), c)],
    ['\\left\\{ a + b \\right\\} c', mul(add(a, b), c)],
    ['{a + b} c', mul(add(a, b), c)],
    ['\\left| x \\right|', fn('abs', x)],
    ['|x|', fn('abs', x)],
    ['|x||y|', mul(fn('abs', x), fn('abs', y))],
    ['|a|b|c|', mul(fn('abs', a), b, fn('abs', c))],
    ['|a - |b||', fn('abs', sub(a, fn('abs', b)))],
    ['\\lvert x \\rvert', fn('abs', x)],
    ['\\left. x \\right.', x],
    ['\\bigl( x \\bigr)', x],
    // derivatives
    ['\\frac{\\partial E}{\\partial w_5}', d('E', 'w5')],
    ['\\frac{\\partial E_{o1}}{\\partial out_{h1}}', d('E_o1', 'out_h1')],
    ['\\frac{dE}{dw}', d('E', 'w')],
    ['\\frac{d E}{d w}', d('E', 'w')],
    ['\\frac{\\mathrm{d}E}{\\mathrm{d}w_5}', d('E', 'w5')],
    ['\\frac{\\partial}{\\partial x}\\left(x y\\right)', deriv(mul(x, y), sym('x'))],
    ['\\frac{d}{dx}(x) + 1', add(deriv(x, sym('x')), ONE)],
    ['\\frac{d}{dx} x^2', deriv(pow(x, n(2)), sym('x'))],
    ['\\frac{\\partial^2 E}{\\partial x \\partial y}', deriv(deriv(sym('E'), sym('y')), sym('x'))],
    ['\\frac{d^2 y}{dx^2}', deriv(deriv(y, sym('x')), sym('x'))],
    ['\\partial E / \\partial w', d('E', 'w')],
    ['\\frac{\\partial E}{\\partial w_5^+}', d('E', 'w5_new')],
    ['w_5 - \\gamma \\frac{\\partial E}{\\partial w_5}', sub(sym('w5'), mul(sym('gamma'), d('E', 'w5')))],
    // spacing and noise
    ['x \\, y \\; z \\! a', mul(x, y, z, a)],
    ['\\displaystyle \\frac{a}{b}', div(a, b)],
    ['x + 1 % a comment', add(x, ONE)],
    ['x − 1', sub(x, ONE)],
    ['a · b', mul(a, b)],
    ['x²', pow(x, n(2))],
    ['x.', x],
    ['x,', x],
  ];

  it.each(cases)('%s', (tex, expected) => {
    expect(parseLatex(tex)).toBe(expected);
  });

  it('reads the logistic spelled out as the same node as the constructors build', () => {
    expect(parseLatex('\\frac{1}{1 + e^{-net_{o1}}}')).toBe(div(num(1), add(num(1), call('exp', [neg(sym('net_o1'))]))));
  });

  it('reads a TeX one-token script as one character', () => {
    // TeX sets `x^23` as x² followed by 3; a number there is an error with a hint, not a silent product.
    const err = errorOf('x^23');
    expect(err.message).toBe('Expected an operator or end of input, found "3"; write ^{23} for a superscript of several characters.');
    expect(err.span).toMatchObject({ line: 1, column: 4 });
    expect(parseLatex('x_ab')).toBe(mul(sym('x_a'), b));
  });
});

describe('parseLatexEquations: statements', () => {
  it('gives the sides of a chain', () => {
    const eq = only('a = b = c');
    expect(eq.sides).toEqual([a, b, c]);
    expect(eq.sideTexts).toEqual(['a', 'b', 'c']);
    expect(eq.relations).toEqual(['=', '=']);
    expect(only('E \\approx 0.0822').relations).toEqual(['\\approx']);
    expect(only('E \\approx 0.0822').sideTexts).toEqual(['E', '0.0822']);
    expect(eq.ellipsis).toBe(false);
    expect(eq.error).toBeUndefined();
  });

  it('gives a bare expression as one side', () => {
    expect(only('\\frac{\\partial E}{\\partial out_{h1}}').sides).toEqual([d('E', 'out_h1')]);
  });

  it.each([
    ['a = b \\Rightarrow c = d'],
    ['a = b \\rightarrow c = d'],
    ['a = b \\quad c = d'],
    ['a = b \\qquad c = d'],
    ['a = b, c = d'],
    ['a = b \\quad , \\quad c = d'],
    ['a = b \\quad / \\quad c = d'],
    ['a = b / c = d'],
    ['a = b \\text{ and } c = d'],
    ['a = b ; c = d'],
    ['a = b \\\\ c = d'],
    ['a = b. c = d.'],
  ])('separates two equations: %s', (tex) => {
    const eqs = parseLatexEquations(tex);
    expect(eqs.map((e) => e.sides)).toEqual([[a, b], [c, sym('d')]]);
  });

  it('divides with an unspaced slash or between expressions that are not both equations', () => {
    expect(only('a = b/c = d').sides).toEqual([a, div(b, c), sym('d')]);
    expect(only('a = b / c').sides).toEqual([a, div(b, c)]);
  });

  it('continues a chain after a line break in an aligned environment', () => {
    expect(only('\\begin{aligned} E &= a + b \\\\ &= c \\end{aligned}').sides).toEqual([sym('E'), add(a, b), c]);
  });

  it('ignores a \\text prefix, an arrow in front, a trailing period or comma', () => {
    expect(only('\\text{손실함수 } E = \\frac{1}{2} a').sides).toEqual([sym('E'), mul(HALF, a)]);
    expect(only('\\Rightarrow a = b').sides).toEqual([a, b]);
    expect(only('a = b.').sides).toEqual([a, b]);
    expect(only('a = b,').sides).toEqual([a, b]);
  });

  it('drops a bracketed annotation after \\quad', () => {
    const eq = only('out_{o1} = \\frac{1}{1 + e^{-net_{o1}}} \\quad (\\text{sigmoid})');
    expect(eq.sides).toEqual([sym('out_o1'), div(ONE, add(ONE, fn('exp', neg(sym('net_o1')))))]);
  });

  it('marks an ellipsis instead of failing, with a placeholder name where it stood', () => {
    const eq = only('\\frac{\\partial E}{\\partial w_{11}} = \\frac{\\partial E}{\\partial net_{11}} x_{11} + \\dots + \\frac{\\partial E}{\\partial net_{33}} x_{33}');
    expect(eq.error).toBeUndefined();
    expect(eq.ellipsis).toBe(true);
    expect(eq.sides[1]).toBe(add(mul(d('E', 'net11'), sym('x11')), sym(ELLIPSIS_NAME), mul(d('E', 'net33'), sym('x33'))));
    for (const tex of ['a_1 \\cdots a_n', '1 + \\ldots + n', 'x + …']) expect(only(tex).ellipsis).toBe(true);
    expect(errorOf('1 + \\dots + n').message).toBe('An ellipsis stands for terms that are not written: it cannot be computed.');
  });

  it('reads an indexed sum as the sum of its terms and a matrix as a matrix value (SPEC §7)', () => {
    const sum = only('E = \\sum_{i=1}^{3} x_i');
    expect(sum.error).toBeUndefined();
    expect(sum.sides).toEqual([sym('E'), add(sym('x[1]'), sym('x[2]'), sym('x[3]'))]);
    const matrixEq = only('w = \\begin{bmatrix} w_{11} & w_{12} \\\\ w_{21} & w_{22} \\end{bmatrix}');
    expect(matrixEq.error).toBeUndefined();
    expect(matrixEq.sides).toEqual([]);
    expect(matrixEq.values).toEqual([sym('w'), matrix([2, 2], ['w11', 'w12', 'w21', 'w22'].map(sym))]);
    expect(only('\\prod_{i=1}^{3} x_i').error?.message).toBe('Indexed products (\\prod) are not supported.');
    expect(only('\\sum_i x_i').error?.message).toBe('Give \\sum its index and limits, as in \\sum_{i=1}^{3}.');
  });

  it('keeps the other equations of a block when one is bad', () => {
    const eqs = parseLatexEquations('a = \\foo b \\quad c = d');
    expect(eqs).toHaveLength(2);
    expect(eqs[0]!.error?.message).toBe('Unknown command \\foo.');
    expect(eqs[1]!.sides).toEqual([c, sym('d')]);
  });

  it('maps spans into the surrounding document', () => {
    const doc = 'Notes\n\nsome text $$a = b \\quad c = \\foo$$\n';
    const start = doc.indexOf('$$') + 2;
    const tex = doc.slice(start, doc.indexOf('$$', start));
    const eqs = parseLatexEquations(tex, { ...positionAt(doc, start), source: doc });
    expect(eqs[0]!.span).toMatchObject({ line: 3, column: 13, offset: start });
    expect(eqs[1]!.span).toMatchObject({ line: 3, column: 25 });
    const err = eqs[1]!.error!;
    expect(err.span).toMatchObject({ line: 3, column: 29, offset: doc.indexOf('\\foo') });
    expect(formatError(err)).toBe('3:29: Unknown command \\foo.\n  some text $$a = b \\quad c = \\foo$$\n                              ^^^^');
  });

  it('maps spans on later lines of a block', () => {
    const doc = 'x\n  $$a = 1 \\\\\n  b = (2$$';
    const start = doc.indexOf('$$') + 2;
    const tex = doc.slice(start, doc.lastIndexOf('$$'));
    const eqs = parseLatexEquations(tex, positionAt(doc, start));
    expect(eqs[1]!.error?.message).toBe('Expected ")" to close "(" at 3:7, found end of input.');
    expect(eqs[1]!.error?.span).toMatchObject({ line: 3, column: 9 });
    expect(eqs[1]!.error?.source).toBeUndefined();
  });
});

describe('the seed notes', () => {
  const notes = readFileSync(new URL('../samples/backprop-notes.md', import.meta.url), 'utf8');
  const blocks = [...notes.matchAll(/\$\$([\s\S]*?)\$\$/g)].map((m) => ({ tex: m[1]!, offset: m.index! + 2 }));
  const names = (e: Expr): string[] => freeSymbols(e).map((s) => s.name).sort();

  it('has the 30 display blocks this test expects', () => {
    expect(blocks).toHaveLength(30);
  });

  const entries = (v: Value): Expr[] => (isMatrix(v) ? [...v.entries] : [v]);
  const statements = (tex: string): (string[] | 'error' | 'ellipsis')[] =>
    parseLatexEquations(tex).map((e) => (e.error ? 'error' : e.ellipsis ? 'ellipsis' : [...new Set(e.values.flatMap(entries).flatMap(names))].sort()));

  it('reads every block into its statements, with the names the notes use', () => {
    const seen = blocks.map((b) => statements(b.tex));
    const chain = ['E', 'net_o1', 'out_o1', 'w5'];
    const loss = ['E', 'out_o1', 'out_o2', 'target_o1', 'target_o2'];
    const net = ['net_o1', 'out_h1', 'out_h2', 'w5', 'w6'];
    expect(seen).toEqual([
      [net],
      [loss],
      [['E', 'gamma', 'w5', 'w5_new']],
      [chain],
      [chain],
      [loss],
      [['E', 'out_o1', 'target_o1']],
      [['net_o1', 'out_o1']],
      [['net_o1', 'out_o1']],
      [chain],
      [net],
      [['net_o1', 'out_h1', 'w5']],
      [['E', 'gamma', 'w5', 'w5_new']],
      [['E', 'net_h1', 'out_h1', 'w1']],
      [['E', 'gamma', 'w1', 'w1_new']],
      [['net_h1', 'out_h1'], ['net_h1', 'w1']],
      [['E', 'out_h1']],
      [loss],
      [['E', 'E_o1', 'E_o2', 'out_h1']],
      [['E', 'E_o1', 'E_o2', 'out_h1']],
      [['E_o1', 'net_o1', 'out_h1', 'out_o1'], ['E_o2', 'net_o2', 'out_h1', 'out_o2']],
      [['E', 'out_o1', 'target_o1'], ['net_o1', 'out_o1']],
      [net],
      [['net_o1', 'out_h1', 'w5']],
      // the CNN part: the matrices are read (with no document around them, x_{11} is the name x11);
      // net's second matrix has \dots; one block has \partial net_{11} over w_{11} (a typo in the notes)
      [['x', ...[1, 2, 3, 4].flatMap((i) => [1, 2, 3, 4].map((j) => `x${i}${j}`))].sort(), ['w', 'w11', 'w12', 'w21', 'w22']],
      ['ellipsis'],
      ['ellipsis'],
      ['error'],
      [['E', 'net', 'w11'], 'ellipsis'],
      [['E', 'gamma', 'w11', 'w11_new']],
    ]);
  });

  it('reads the equations exactly as the notes mean them', () => {
    const sides = (i: number, j = 0): Expr[] => parseLatexEquations(blocks[i]!.tex)[j]!.sides;
    const [E, w5, gamma, outO1, netO1, targetO1] = ['E', 'w5', 'gamma', 'out_o1', 'net_o1', 'target_o1'].map(sym) as Expr[];
    expect(sides(0)).toEqual([netO1, add(mul(sym('w5'), sym('out_h1')), mul(sym('w6'), sym('out_h2')))]);
    expect(sides(1)).toEqual([E, add(mul(HALF, pow(sub(targetO1!, outO1!), n(2))), mul(HALF, pow(sub(sym('target_o2'), sym('out_o2')), n(2))))]);
    expect(sides(2)).toEqual([sym('w5_new'), sub(w5!, mul(gamma!, d('E', 'w5')))]);
    expect(sides(3)).toEqual([d('E', 'w5'), mul(d('E', 'out_o1'), d('out_o1', 'net_o1'), d('net_o1', 'w5'))]);
    expect(sides(6)).toEqual([d('E', 'out_o1'), neg(sub(targetO1!, outO1!))]);
    expect(sides(7)).toEqual([outO1, div(ONE, add(ONE, fn('exp', neg(netO1!))))]);
    expect(sides(8)).toEqual([d('out_o1', 'net_o1'), mul(outO1!, sub(ONE, outO1!))]);
    expect(sides(23)).toEqual([d('net_o1', 'out_h1'), w5]);
  });

  it('points each statement and error into the notes', () => {
    const first = blocks[1]!;
    const eq = parseLatexEquations(first.tex, positionAt(notes, first.offset))[0]!;
    // After the `\text{손실함수 }` prefix.
    expect(eq.span.offset).toBe(notes.indexOf('E = \\frac{1}{2}(target'));
    expect(eq.span).toMatchObject({ line: 13, column: 16 });
    const typo = blocks[27]!;
    const err = parseLatexEquations(typo.tex, { ...positionAt(notes, typo.offset), source: notes })[0]!.error!;
    expect(err.span?.line).toBe(87);
    expect(formatError(err)).toContain('\n');
  });
});

describe('errors', () => {
  it.each([
    ['\\frac{1}', 1, 9, 'Expected "{" (the denominator of \\frac), found end of input.'],
    ['\\frac', 1, 6, 'Expected "{" (the numerator of \\frac), found end of input.'],
    ['\\sqrt', 1, 6, 'Expected "{" (the argument of \\sqrt), found end of input.'],
    ['x^', 1, 3, 'Expected "{" (the superscript after "^"), found end of input.'],
    ['\\frac{2}{}', 1, 10, 'Expected an expression, found "}".'],
    ['\\foo x', 1, 1, 'Unknown command \\foo.'],
    ['\\frca{1}{2}', 1, 1, 'Unknown command \\frca. Did you mean \\frac?'],
    ['\\href{javascript:alert(1)}{x}', 1, 1, '\\href is not allowed in formulas.'],
    ['\\url{x}', 1, 1, '\\url is not allowed in formulas.'],
    ['\\def\\x{1}', 1, 1, '\\def is not allowed in formulas.'],
    ['\\newcommand{\\x}{1}', 1, 1, '\\newcommand is not allowed in formulas.'],
    ['\\includegraphics{x}', 1, 1, '\\includegraphics is not allowed in formulas.'],
    ['\\input{x}', 1, 1, '\\input is not allowed in formulas.'],
    ['\\include{x}', 1, 1, '\\include is not allowed in formulas.'],
    ['\\coth x', 1, 1, '\\coth is not a supported function.'],
    ['a \\leq b', 1, 3, '\\leq is not supported in formulas.'],
    ['\\operatorname{sinc}(x)', 1, 1, 'Unknown function \\operatorname{sinc}.'],
    ['(x + 1', 1, 7, 'Expected ")" to close "(" at 1:1, found end of input.'],
    ['x + 1)', 1, 6, 'Found ")" with no opening bracket before it.'],
    ['{x', 1, 3, 'Expected "}" to close "{" at 1:1, found end of input.'],
    ['x}', 1, 2, 'Found "}" with no opening bracket before it.'],
    ['\\left( x )', 1, 10, 'Expected "\\right)" to close "\\left(" at 1:1, found ")".'],
    ['\\frac{(2 + x}{1 - x)}', 1, 13, 'Expected ")" to close "(" at 1:7, found "}".'],
    ['||x|', 1, 5, 'Expected "|" to close "|" at 1:1, found end of input.'],
    ['a +', 1, 4, 'Expected an expression, found end of input.'],
    ['a \\cdot \\cdot b', 1, 9, 'Expected an expression, found "\\cdot".'],
    ['x^2^3', 1, 4, 'Double superscript: use braces, as in x^{a^{b}} or {x^{a}}^{b}.'],
    ['x 2', 1, 3, 'Expected an operator or end of input, found "2"; write \\cdot to multiply by a number.'],
    ['x @ y', 1, 3, 'Unexpected character "@".'],
    ['1.5.5', 1, 4, 'Expected an operator or end of input, found ".5".'],
    ['\\max(a)', 1, 1, 'max takes at least 2 arguments, found 1.'],
    ['\\sin^{-1} x', 1, 1, '\\sin^{-1} (an inverse function) is not supported.'],
    ['2_1', 1, 2, 'A subscript needs a name before it.'],
    ['\\frac{d}{dx}', 1, 13, 'Expected an expression, found end of input.'],
    ['\\begin{array} a \\end{array}', 1, 1, 'The array environment is not supported in formulas.'],
    ['a = b', 1, 3, 'Expected one expression, found an equation ("=").'],
    ['a \\quad b', 1, 9, 'Expected one expression, found a second statement.'],
    ['', 1, 1, 'Expected an expression, found end of input.'],
    ['a\n+ \\foo', 2, 3, 'Unknown command \\foo.'],
  ])('%s', (tex, line, column, message) => {
    const err = errorOf(tex);
    expect(err.message).toBe(message);
    expect(err.span).toMatchObject({ line, column });
    expect(err.source).toBe(tex);
    // No nearley internals ever reach the user.
    expect(err.message).not.toMatch(/Unexpected .* token|I was expecting|based on/);
  });

  it('refuses nesting deeper than 200 levels before parsing, at the first level too many', () => {
    const deep = (k: number, open: string, close: string): string => open.repeat(k) + 'x' + close.repeat(k);
    expect(parseLatex(deep(199, '(', ')'))).toBe(x);
    for (const [open, close] of [['(', ')'], ['{', '}'], ['x^{', '}'], ['\\frac{1}{', '}'], ['\\sqrt{', '}'], ['\\left(', '\\right)'], ['|', '|']] as const) {
      const err = errorOf(deep(201, open, close));
      expect(err.message).toBe('Nesting deeper than 200 levels.');
      // The caret is on the 201st opener.
      expect(err.span?.column).toBeGreaterThan(200 * open.length);
      expect(err.span?.column).toBeLessThanOrEqual(201 * open.length);
    }
    expect(errorOf(`${'-'.repeat(250)}x`).message).toBe('Nesting deeper than 200 levels.');
    expect(errorOf(`${'\\sin '.repeat(250)}x`).message).toBe('Nesting deeper than 200 levels.');
  });

  it('handles long products and huge inputs without deep recursion', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `x_{${i}}`);
    expect(parseLatex(terms.join(' ')).size).toBe(5001);
    expect(parseLatex(terms.join(' + ')).size).toBe(5001);
    expect(errorOf('x + '.repeat(300_000) + 'x').message).toMatch(/^Formula is 1200001 characters long; the limit is/);
    expect(errorOf('('.repeat(100_000)).message).toMatch(/^Formula has \d+ tokens; the limit is 50000\.$/);
  });
});

describe('the grammar is unambiguous', () => {
  const notes = readFileSync(new URL('../samples/backprop-notes.md', import.meta.url), 'utf8');
  const seedBlocks = [...notes.matchAll(/\$\$([\s\S]*?)\$\$/g)].map((m) => m[1]!);
  const corpus = [
    '\\frac{1}{1 + e^{-net_{o1}}}', 'out_{o1}(1 - out_{o1})', '2x', '\\frac{1}{2}(a-b)^2', 'w_5 \\cdot out_{h1}',
    '\\sin x \\cos x', '\\sin 2x y', '\\sin^2 x + \\cos^2 x', '\\log \\sigma(z) y', '\\sin(x) y', '\\sin \\cos x y',
    'a \\sin x \\cos(y) z', 'a b c d e f', 'a \\cdot b c / d e', '-a b', 'a - -b', 'a \\cdot -b c', '-x^2', 'e^{-x}',
    '\\frac{\\partial E}{\\partial w_5}', '\\frac{dE}{dw}', '\\frac{\\partial}{\\partial x}(x) y', '\\frac{d}{dx} x^2 y + 1',
    '\\frac{\\partial^2 E}{\\partial x \\partial y}', '\\partial E/\\partial w / 2', '\\sqrt[3]{x} \\sqrt y', '|a|b|c|',
    '||x| + |y||', '\\left( a \\right) \\left[ b \\right] \\{ c \\}', '\\max(a, b) \\min(a, b, c)', 'w_5^+ = w_5 - \\gamma g',
    "w' + w_{11}^{+}", 'x_1^2 x^2_1', '\\sum_{i=1}^{3} x_i y_i', '\\sum_i x_i + 1', '\\prod_{i=1}^{n}(x_i)',
    '\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}', 'a + \\dots + b', 'a_1 \\cdots a_n', '\\log_2 x \\log_{10}(y)',
    '\\frac12 \\frac a b', '\\sigma(x)^2 \\sigma', 'a = b = c', '\\exp \\frac{x}{2} y', '2 \\sin x \\cdot 3 \\cos y',
    // indexed expressions (SPEC §7)
    'x_{1,2}', 'x_{i,j+1} w_{a,b}', '{w_{5}}_{1,2}^{+}', 'w_{1,1}^{+} = w_{1,1} - \\gamma \\frac{\\partial E}{\\partial w_{1,1}}',
    '\\frac{\\partial E}{\\partial {w_{5}}_{1,2}}', '\\sum_{i=1}^{3} \\sum_{j=1}^{3} (net_{ij} - target_{ij})^2', '\\sum_{i=1}^{3} (a_i)^2 b_i',
    '\\frac{1}{2} \\sum_{i=1}^{n} x_i^2', 'net = \\begin{bmatrix} w_{11} x_{11} + w_{12} x_{12} & 1 \\\\ 2 & 3 \\end{bmatrix}',
    '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{bmatrix} 1 & 2 \\end{bmatrix}',
  ];

  it('gives exactly one parse for every statement of a corpus of LaTeX inputs and of the seed notes', () => {
    const all = [...corpus, ...seedBlocks];
    expect(all.length).toBeGreaterThanOrEqual(40 + 30);
    for (const tex of all) {
      const counts = countLatexParses(tex);
      const allowFailure = /bmatrix|\\dots/.test(tex);
      for (const count of counts) {
        if (allowFailure) expect(count, tex).toBeLessThanOrEqual(1);
        else expect(count, tex).toBe(1);
      }
      expect(counts.length, tex).toBeGreaterThan(0);
    }
  });
});

describe('round trip through the LaTeX printer', () => {
  it('parseLatex(toLatex(e)) is e, the same interned node', () => {
    for (const [arb, seed] of [[arbExpr, 11], [arbPrintableExpr, 12]] as const) {
      fc.assert(fc.property(arb, (e) => {
        return parseLatex(toLatex(e)) === e;
      }), { numRuns: 1000, seed });
    }
  });

  it('reads back exp(1), which the constructors fold to e', () => {
    const e = call('exp', [ONE]);
    expect(parseLatex(toLatex(e))).toBe(e);
  });
});
