/**
 * The printers (src/print): hand-written expectations for the precedence
 * traps and for printing bugs other tools shipped (notes/reliability-anchors.md
 * §3, numbered as there), then properties: ASCII print → parse is the
 * identity, every LaTeX string renders in KaTeX strict mode, and printing
 * never recurses (10,000-deep input).
 *
 * Every expected string below was written by hand from the rule it tests,
 * never copied from the printer's output.
 */

import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { NablaError } from '../src/errors.ts';
import { deriv, E, type Expr, num, PI, sym } from '../src/expr/node.ts';
import { add, div, mul, neg, pow, sqrt, sub } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import { rational } from '../src/expr/rational.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { toLatex } from '../src/print/latex.ts';
import { MAX_PRINT_LENGTH } from '../src/print/precedence.ts';
import { toText } from '../src/print/text.ts';
import { arbExpr, arbPrintableExpr, arbRational } from './arbitrary.ts';

const [x, y, a, b, c, t, n] = ['x', 'y', 'a', 'b', 'c', 't', 'n'].map(sym) as [Expr, Expr, Expr, Expr, Expr, Expr, Expr];
const q = (p: number, d: number): Expr => num(rational(BigInt(p), BigInt(d)));
const sin = (u: Expr): Expr => call('sin', [u]);
const cos = (u: Expr): Expr => call('cos', [u]);
const sigmoid = (u: Expr): Expr => call('sigmoid', [u]);
const dEdw5 = deriv(sym('E'), sym('w5'));

/** [what, expression, ASCII, LaTeX] */
type Case = readonly [string, Expr, string, string];

function check(cases: readonly Case[]): void {
  for (const [what, e, text, tex] of cases) {
    it(what, () => {
      expect(toText(e)).toBe(text);
      expect(toLatex(e)).toBe(tex);
      expect(parseExpression(text)).toBe(e);
    });
  }
}

const KATEX = { throwOnError: true, strict: 'error', trust: false } as const;

describe('peer bugs (reliability-anchors §3)', () => {
  check([
    ['★1 1 - -2x is 2x + 1', sub(num(1), mul(num(-2), x)), '2*x + 1', '2x + 1'],
    ['★1 -((-2)x) - 1 is 2x - 1, positive term first', sub(neg(mul(num(-2), x)), num(1)), '2*x - 1', '2x - 1'],
    ['★2 -(x - y) is y - x', neg(sub(x, y)), 'y - x', 'y - x'],
    ['★3 names that look like rule variables: 8 - 4n', sub(num(8), mul(num(4), n)), '8 - 4*n', '8 - 4n'],
    ['★3 8 - n', sub(num(8), n), '8 - n', '8 - n'],
    ['★3 8 - 4n1', sub(num(8), mul(num(4), sym('n1'))), '8 - 4*n1', '8 - 4n_{1}'],
    ['★4 c + (-1)(a + b) keeps every sign', add(c, mul(num(-1), add(a, b))), 'c - a - b', 'c - a - b'],
    ['★4 -(sin x + cos x) negates both terms', neg(add(sin(x), cos(x))), '-cos(x) - sin(x)', '-\\cos\\left(x\\right) - \\sin\\left(x\\right)'],
    ['★5 -x^2 is the negated square', neg(pow(x, num(2))), '-x^2', '-x^{2}'],
    ['★5 (-x)^y keeps its brackets', pow(neg(x), y), '(-x)^y', '\\left(-x\\right)^{y}'],
    ['★5 (-1)^x keeps its brackets', pow(num(-1), x), '(-1)^x', '\\left(-1\\right)^{x}'],
    ['★5 -2^x is the negated power', neg(pow(num(2), x)), '-2^x', '-2^{x}'],
    ['★5 (-2)^(1/3)', pow(num(-2), q(1, 3)), '(-2)^(1/3)', '\\sqrt[3]{-2}'],
    ['★8 (-1/5)cos^5 t keeps its fifth', mul(q(-1, 5), pow(cos(t), num(5))), '-cos(t)^5/5', '-\\frac{\\left(\\cos\\left(t\\right)\\right)^{5}}{5}'],
    ['★10 3/4/5 is 3/20', div(div(num(3), num(4)), num(5)), '3/20', '\\frac{3}{20}'],
    ['★10 a/(1/b) is a*b', div(a, div(num(1), b)), 'a*b', 'a \\cdot b'],
    ['★10 (a/b)/c is a/(b*c)', div(div(a, b), c), 'a/(b*c)', '\\frac{a}{b \\cdot c}'],
    ['#22 x*(-y) has no "x -y"', mul(x, neg(y)), '-x*y', '-x \\cdot y'],
    ['#23 a - (b - c) keeps the inner sign', sub(a, sub(b, c)), 'a - b + c', 'a - b + c'],
    ['#23 x - (y + c) negates both', sub(x, add(y, c)), 'x - c - y', 'x - c - y'],
    ['#24 -1*(x - 1) is 1 - x', mul(num(-1), sub(x, num(1))), '1 - x', '1 - x'],
    ['#25 (x - 2)e^x keeps the bracket', mul(sub(x, num(2)), call('exp', [x])), 'exp(x)*(x - 2)', 'e^{x} \\cdot \\left(x - 2\\right)'],
    ['#25 -(-x) is x', neg(neg(x)), 'x', 'x'],
    ['#26 x*(-9/10) has one minus, in front', mul(x, q(-9, 10)), '-9*x/10', '-\\frac{9x}{10}'],
    ['#27 (ab)^(2/3) keeps the product together', pow(mul(a, b), q(2, 3)), '(a*b)^(2/3)', '\\left(a \\cdot b\\right)^{\\frac{2}{3}}'],
    ['#27 (x^y)^c is not x^y^c', pow(pow(x, y), c), '(x^y)^c', '\\left(x^{y}\\right)^{c}'],
    ['#27 x^(y^2) needs no brackets', pow(x, pow(y, num(2))), 'x^y^2', 'x^{y^{2}}'],
  ]);
});

describe('sums and products', () => {
  check([
    ['a sum does not open with a minus', sub(num(1), sym('out_o1')), '1 - out_o1', '1 - \\mathrm{out}_{o1}'],
    ['a constant term moves behind a positive one', sub(x, num(1)), 'x - 1', 'x - 1'],
    ['all terms negative', neg(add(x, y)), '-x - y', '-x - y'],
    ['w*x + b', add(mul(sym('w'), x), b), 'b + w*x', 'b + w \\cdot x'],
    ['a product with a sum', mul(x, add(x, num(1))), 'x*(x + 1)', 'x \\cdot \\left(x + 1\\right)'],
    ['a coefficient, a name and a sum', mul(num(2), x, add(y, num(1))), '2*x*(y + 1)', '2x \\cdot \\left(y + 1\\right)'],
    ['a/(b*c)', div(a, mul(b, c)), 'a/(b*c)', '\\frac{a}{b \\cdot c}'],
    ['a quotient of sums', div(add(a, b), add(c, x)), '(a + b)/(c + x)', '\\frac{a + b}{c + x}'],
    ['x/(2y)', div(x, mul(num(2), y)), 'x/(2*y)', '\\frac{x}{2y}'],
    ['sigmoid derivative', mul(sigmoid(x), sub(num(1), sigmoid(x))), 'sigmoid(x)*(1 - sigmoid(x))', '\\sigma\\left(x\\right) \\cdot \\left(1 - \\sigma\\left(x\\right)\\right)'],
    ['the notes\' loss', add(mul(q(1, 2), pow(sub(sym('target_o1'), sym('out_o1')), num(2))), mul(q(1, 2), pow(sub(sym('target_o2'), sym('out_o2')), num(2)))),
      '(target_o1 - out_o1)^2/2 + (target_o2 - out_o2)^2/2',
      '\\frac{\\left(\\mathrm{target}_{o1} - \\mathrm{out}_{o1}\\right)^{2}}{2} + \\frac{\\left(\\mathrm{target}_{o2} - \\mathrm{out}_{o2}\\right)^{2}}{2}'],
  ]);
});

// A number times one sum distributes (`3*(a + b)` is `3*a + 3*b`), and so
// does a minus before one sum; these products must be grouped to read back.
describe('products that must be grouped to read back', () => {
  check([
    ['3(a + b)/y', mul(num(3), add(a, b), pow(y, num(-1))), '3*(a + b)/y', '\\frac{3\\left(a + b\\right)}{y}'],
    ['3(a + b)(c + x)', mul(num(3), add(a, b), add(c, x)), '3*(a + b)*(c + x)', '3\\left(a + b\\right) \\cdot \\left(c + x\\right)'],
    ['-(a + b)(c + x)', mul(num(-1), add(a, b), add(c, x)), '-(a + b)*(c + x)', '-\\left(a + b\\right) \\cdot \\left(c + x\\right)'],
    ['-(a + b)/y: \\frac holds the minus in LaTeX', mul(num(-1), add(a, b), pow(y, num(-1))), '-(a + b)/y', '-\\frac{a + b}{y}'],
    ['1/(2(a + b))', mul(q(1, 2), pow(add(a, b), num(-1))), '1/(2*(a + b))', '\\frac{1}{2\\left(a + b\\right)}'],
    ['x/(2(a + b))', mul(q(1, 2), x, pow(add(a, b), num(-1))), 'x/(2*(a + b))', '\\frac{x}{2\\left(a + b\\right)}'],
    ['after a binary minus no grouping of the sign is needed', sub(y, mul(num(-1), add(a, b), add(c, x))), 'y + (a + b)*(c + x)', 'y + \\left(a + b\\right) \\cdot \\left(c + x\\right)'],
    ['in a sum', sub(y, mul(num(3), add(a, b), pow(x, num(-1)))), 'y - 3*(a + b)/x', 'y - \\frac{3\\left(a + b\\right)}{x}'],
  ]);
});

describe('numbers and powers', () => {
  check([
    ['a negative fraction', q(-3, 4), '-3/4', '-\\frac{3}{4}'],
    ['a fraction alone', q(1, 2), '1/2', '\\frac{1}{2}'],
    ['x - 3/4', sub(x, q(3, 4)), 'x - 3/4', 'x - \\frac{3}{4}'],
    ['x/2', div(x, num(2)), 'x/2', '\\frac{x}{2}'],
    ['-x/2, the minus in front', neg(div(x, num(2))), '-x/2', '-\\frac{x}{2}'],
    ['3x/4', mul(num(3), div(x, num(4))), '3*x/4', '\\frac{3x}{4}'],
    ['x^(1/3)', pow(x, q(1, 3)), 'x^(1/3)', '\\sqrt[3]{x}'],
    ['x^(3/2)', pow(x, q(3, 2)), 'x^(3/2)', 'x^{\\frac{3}{2}}'],
    ['x^(-y)', pow(x, neg(y)), 'x^(-y)', 'x^{-y}'],
    ['2^x', pow(num(2), x), '2^x', '2^{x}'],
    ['3*2^x separates the numbers', mul(num(3), pow(num(2), x)), '3*2^x', '3 \\cdot 2^{x}'],
    ['sqrt(x)', sqrt(x), 'sqrt(x)', '\\sqrt{x}'],
    ['1/sqrt(x)', pow(x, q(-1, 2)), '1/sqrt(x)', '\\frac{1}{\\sqrt{x}}'],
    ['1/x^2', pow(x, num(-2)), '1/x^2', '\\frac{1}{x^{2}}'],
    ['-1/x', neg(pow(x, num(-1))), '-1/x', '-\\frac{1}{x}'],
    ['(x + 1)^2', pow(add(x, num(1)), num(2)), '(x + 1)^2', '\\left(x + 1\\right)^{2}'],
    ['sin(x)^2 brackets the call in LaTeX', pow(sin(x), num(2)), 'sin(x)^2', '\\left(\\sin\\left(x\\right)\\right)^{2}'],
    ['e^x is exp', pow(E, x), 'exp(x)', 'e^{x}'],
    ['e^(-x)', call('exp', [neg(x)]), 'exp(-x)', 'e^{-x}'],
    ['the constants', add(E, PI), 'e + pi', 'e + \\pi'],
    ['1/0 stays visible and reads back', div(x, num(0)), '0^(-1)*x', '0^{-1} \\cdot x'],
    ['0^(-2)', pow(num(0), num(-2)), '0^(-2)', '0^{-2}'],
    ['1/sqrt(12) stays exact', pow(num(12), q(-1, 2)), '1/sqrt(12)', '\\frac{1}{\\sqrt{12}}'],
  ]);
});

describe('functions, derivatives and names', () => {
  check([
    ['relu', call('relu', [x]), 'relu(x)', '\\operatorname{relu}\\left(x\\right)'],
    ['abs', call('abs', [x]), 'abs(x)', '\\left|x\\right|'],
    ['a power of abs needs no extra bracket', pow(call('abs', [x]), num(3)), 'abs(x)^3', '\\left|x\\right|^{3}'],
    ['max with three arguments', call('max', [x, y, num(2)]), 'max(x, y, 2)', '\\max\\left(x, y, 2\\right)'],
    ['log', call('log', [x]), 'log(x)', '\\log\\left(x\\right)'],
    ['softplus', call('softplus', [x]), 'softplus(x)', '\\operatorname{softplus}\\left(x\\right)'],
    ['d(E)/d(w5)', dEdw5, 'd(E)/d(w5)', '\\frac{\\partial E}{\\partial w_{5}}'],
    ['the update rule', sub(sym('w5'), mul(sym('gamma'), dEdw5)), 'w5 - gamma*d(E)/d(w5)', 'w_{5} - \\gamma \\cdot \\frac{\\partial E}{\\partial w_{5}}'],
    ['a derivative of a compound', deriv(add(pow(x, num(2)), y), sym('x')), 'd(x^2 + y)/d(x)', '\\frac{\\partial}{\\partial x}\\left(x^{2} + y\\right)'],
    ['a derivative in a denominator', div(x, dEdw5), 'x/(d(E)/d(w5))', '\\frac{x}{\\frac{\\partial E}{\\partial w_{5}}}'],
    ['a derivative over a number', div(dEdw5, num(2)), '(d(E)/d(w5))/2', '\\frac{\\frac{\\partial E}{\\partial w_{5}}}{2}'],
    ['a power of a derivative', pow(dEdw5, num(2)), '(d(E)/d(w5))^2', '\\left(\\frac{\\partial E}{\\partial w_{5}}\\right)^{2}'],
    ['a multi-letter name', sym('out_h1'), 'out_h1', '\\mathrm{out}_{h1}'],
    ['a Greek word', sym('gamma'), 'gamma', '\\gamma'],
    ['a Greek word with a subscript', sym('eta1'), 'eta1', '\\eta_{1}'],
    ['a capital Greek word', sym('Delta'), 'Delta', '\\Delta'],
    ['an update name', sym('w5_new'), 'w5_new', 'w_{5}^{+}'],
    ['an update name without subscript', sym('x_new'), 'x_new', 'x^{+}'],
    ['a power of an update name', pow(sym('w5_new'), num(2)), 'w5_new^2', '\\left(w_{5}^{+}\\right)^{2}'],
    ['a nested subscript', sym('a_b_c'), 'a_b_c', 'a_{b_{c}}'],
  ]);

  it('escapes a name that would inject LaTeX commands', () => {
    const tex = toLatex(sym('x}\\href{javascript:alert(1)}{y'));
    expect(tex).not.toContain('\\href');
    expect(() => katex.renderToString(tex, KATEX)).not.toThrow();
    expect(katex.renderToString(tex, KATEX)).not.toContain('href=');
  });
});

/** Products of sums, numbers and quotients: where grouping matters most. */
const arbProductSum: fc.Arbitrary<Expr> = (() => {
  const factor = fc.oneof(
    fc.constantFrom<Expr>(add(x, num(1)), sub(y, num(2)), add(x, y), sub(x, y), x, y, pow(add(x, num(1)), num(2))),
    arbRational.filter((r) => r.num !== 0n).map((r) => num(r)),
  );
  const step = fc.tuple(fc.constantFrom('*', '/', '-', '/sqrt'), factor);
  const product = fc.array(step, { minLength: 1, maxLength: 4 }).map((steps) => steps.reduce<Expr>((acc, [op, f]) => {
    if (op === '*') return mul(acc, f);
    if (op === '/') return div(acc, f);
    if (op === '-') return neg(mul(acc, f));
    return div(acc, sqrt(f));
  }, num(1)));
  return fc.array(product, { minLength: 1, maxLength: 3 }).map((terms) => add(...terms));
})();

const RUNS = { numRuns: 300 } as const;

describe('properties', () => {
  it('ASCII print then parse is the identity', () => {
    fc.assert(fc.property(arbPrintableExpr, (e) => parseExpression(toText(e)) === e), { ...RUNS, seed: 20240501 });
    fc.assert(fc.property(arbExpr, (e) => parseExpression(toText(e)) === e), { ...RUNS, seed: 7 });
  });

  it('ASCII print then parse is the identity for products of sums', () => {
    fc.assert(fc.property(arbProductSum, (e) => parseExpression(toText(e)) === e), { ...RUNS, seed: 31337 });
  });

  it('every LaTeX string renders in KaTeX strict mode', () => {
    fc.assert(fc.property(fc.oneof(arbPrintableExpr, arbProductSum), (e) => {
      katex.renderToString(toLatex(e), KATEX);
    }), { ...RUNS, seed: 99 });
  });

  it('the text has no doubled signs, no factor 1 and no exponent 1', () => {
    const forbidden = [/--/, /\+ -/, /(^|[^\w.])1\*/, /\*1(?![\d.])/, /\^\(?1(?![\d./])/];
    fc.assert(fc.property(fc.oneof(arbPrintableExpr, arbProductSum), (e) => {
      const text = toText(e);
      for (const re of forbidden) if (re.test(text)) throw new Error(`${re} in ${text}`);
      const tex = toLatex(e);
      for (const re of [/--/, /\+ -/, /- -/, /\^\{1\}/]) if (re.test(tex)) throw new Error(`${re} in ${tex}`);
    }), { ...RUNS, seed: 4242 });
  });

  it('the forbidden-pattern check is not vacuous', () => {
    expect(/(^|[^\w.])1\*/.test('1*x')).toBe(true);
    expect(/(^|[^\w.])1\*/.test('w1*x')).toBe(false);
    expect(/\^\(?1(?![\d./])/.test('x^1')).toBe(true);
    expect(/\^\(?1(?![\d./])/.test('x^(1/3)')).toBe(false);
  });
});

describe('deep and large expressions', () => {
  const DEPTH = 10_000;

  /** Returns the text, or the NablaError; anything else (a RangeError) fails the test. */
  const attempt = (print: (e: Expr) => string, e: Expr): string | NablaError => {
    try {
      return print(e);
    } catch (err) {
      if (err instanceof NablaError) return err;
      throw err;
    }
  };

  it('prints x inside 10,000 sin calls', () => {
    let e: Expr = x;
    for (let i = 0; i < DEPTH; i++) e = sin(e);
    expect(attempt(toText, e)).toBe(`${'sin('.repeat(DEPTH)}x${')'.repeat(DEPTH)}`);
    expect(attempt(toLatex, e)).toBe(`${'\\sin\\left('.repeat(DEPTH)}x${'\\right)'.repeat(DEPTH)}`);
  });

  it('prints a 10,000-deep mix of powers, sums and products', () => {
    let e: Expr = x;
    for (let i = 0; i < DEPTH; i++) e = i % 3 === 0 ? pow(e, y) : i % 3 === 1 ? add(e, num(1)) : mul(e, sym(`w${i}`));
    for (const print of [toText, toLatex]) {
      const out = attempt(print, e);
      expect(typeof out === 'string' || out instanceof NablaError).toBe(true);
    }
  });

  it('stops with a NablaError when shared subexpressions would explode the text', () => {
    let e: Expr = x;
    for (let i = 0; i < 40; i++) e = add(sin(e), cos(e));
    expect(e.depth).toBeLessThan(100);
    expect(attempt(toText, e)).toBeInstanceOf(NablaError);
    expect(attempt(toLatex, e)).toBeInstanceOf(NablaError);
    expect(MAX_PRINT_LENGTH).toBeGreaterThan(1_000_000);
  });
});
