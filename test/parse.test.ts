/**
 * The ASCII formula parser (SPEC §2, §10): one parse per input, the
 * precedence traps against hand-built expressions, names, files, and
 * positioned errors.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriv, E, type Expr, num, PI, type Sym, sym } from '../src/expr/node.ts';
import { add, div, mul, neg, pow, sub } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import { rational } from '../src/expr/rational.ts';
import { formatError, NablaError } from '../src/errors.ts';
import { countParses, MAX_INPUT_BYTES, parseExpression, parseExpressionSyntax, parseFile } from '../src/parse/parse.ts';
import { MAX_NESTING } from '../src/parse/nesting.ts';
import type { ClaimStatement, DefineStatement, DeriveStatement } from '../src/parse/statement.ts';
import { tokenize } from '../src/parse/lexer.ts';

const [a, b, c, x, y, z] = ['a', 'b', 'c', 'x', 'y', 'z'].map(sym) as [Sym, Sym, Sym, Sym, Sym, Sym];
const n = (v: number): Expr => num(v);

/** The error `parseExpression` throws for `text`. */
function errorOf(text: string): NablaError {
  try {
    parseExpression(text);
  } catch (err) {
    if (err instanceof NablaError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

const where = (err: NablaError): string => `${err.span?.line}:${err.span?.column}`;

describe('the grammar is unambiguous', () => {
  const EXPRESSIONS = [
    'x', '2', '0.05', '1e-3', '.5', '2.5E2', 'x + y', 'x - y - z', 'x*y/z', 'a/b/c', '-x', '--x', '+x', '-+-x',
    '-x^2', 'x^y^z', '2^-x', '2^-3^2', 'x^-y^-z', '1/2x', '2(x+1)', '2x^2', '1 - -2x', '-(x-y)', '3/4/5',
    'sin(x)', 'max(x, y, z)', 'pow(x, 2)', 'sqrt(x)', 'sigmoid(w1*i1 + w2*i2 + b1)', '1/(1+exp(-x))', '1/(1+e^(-x))',
    'd(E)/d(w5)', '∂E/∂w5', '∂(x^2)/∂x', 'diff(E, w5)', 'd(d(E)/d(x))/d(x)', 'w5 - gamma * d(E)/d(w5)', 'gamma*d(E)/d(w5)*2',
    '1/2*(target_o1 - out_o1)^2 + 1/2*(target_o2 - out_o2)^2', 'out_o1*(1 - out_o1)', '((((x))))', 'x − 1', 'a·b⋅c×d', 'x²+y³',
    "x' + w_5", 'γ*η', 'f(g(h(x)))', 'd + diff(a, b)', 'x*-y', 'x/-y', 'x^+2', '2(3)', 'sin(x)^2', '-sin(x)^2',
    'e^x', 'pi*r^2', '(a+b)*(c+d)', 'a - (b - c)', 'relu(x) + softplus(x) + abs(x) + sign(x) + step(x)',
    // indexed expressions (SPEC §7)
    'x[1,2]', 'x[i, j+1]*w[a,b]', '[1, 2, 3]', '[[1, 2], [3, 4]]', '[[a, -b], [2x, x[1,1]]]', 'sum(x)', 'sum((net - target)^2)/2',
    'sum(i=1..3, x[i])', 'sum(i=1..3, j=1..i, x[i,j]*y[j])', 'conv2d(x, w)', 'conv2d(x, w, stride=2, padding=1)', 'maxpool(x, 2, stride=1)',
    'd(E)/d(w[1,1])', '∂E/∂w[1,2]', 'd(net[1,1])/d(w)', '2x[1,1]', '-x[1]^2', 'sigmoid(net[1])',
  ];

  it(`gives exactly one parse for each of ${EXPRESSIONS.length} expressions`, () => {
    expect(EXPRESSIONS.length).toBeGreaterThanOrEqual(40);
    for (const text of EXPRESSIONS) expect(countParses(text), text).toBe(1);
  });

  const STATEMENTS = [
    'w5 = 0.40', "w5' = w5 - gamma*d(E)/d(w5)", 'w5_new = w5 - gamma * d(E)/d(w5)', 'derive E wrt w5, w1',
    'derive E wrt w5', 'claim d(E)/d(w5) = 0.0821670', 'claim d(E)/d(out_o1) = -(target_o1 - out_o1)',
    'claim ∂E/∂w5 = -0.08', 'derive = 2', 'claim = derive + 1', 'E = (1 +\n 2)', 'd = 3', 'wrt = 1',
    // indexed expressions (SPEC §7)
    'x : 4x4', 'x : 4 x 4', 'x : 4×4', 'b : 3', 'x[1,2] = 0.5', 'net[i,j] = sum(a=1..2, b=1..2, w[a,b]*x[i+a-1, j+b-1])  for i=1..3, j=1..3',
    'y[i] = x[i]^2 for i=1..3', 'w = [[0.5, -0.25],\n [0.25, 0.75]]', 'derive E wrt w, x[1,1]', 'derive net[1,1] wrt w', 'derive E wrt wrt',
    'claim net = conv2d(x, w)', 'claim d(E)/d(w[1,1]) = sum(i=1..3, j=1..3, d(E)/d(net[i,j])*x[i,j])', 'for = 2', 'y = for + 1',
  ];

  it('gives exactly one parse for each statement', () => {
    for (const text of STATEMENTS) expect(countParses(text, 'statement'), text).toBe(1);
  });

  it('gives no parse for invalid input', () => {
    for (const text of ['', 'x +', '2 +* 3', '(x', 'x)', 'f(,)', 'd(E)', 'x y', '2(3)(4)', '(a)(b)']) expect(countParses(text), text).toBe(0);
  });
});

describe('precedence and associativity', () => {
  const cases: [string, Expr][] = [
    ['-x^2', neg(pow(x, n(2)))],
    ['(-x)^2', pow(neg(x), n(2))],
    ['x^y^z', pow(x, pow(y, z))],
    ['(x^y)^z', pow(pow(x, y), z)],
    ['a/b/c', div(div(a, b), c)],
    ['a-b-c', sub(sub(a, b), c)],
    ['a*b/c*x', mul(div(mul(a, b), c), x)],
    ['2^-x', pow(n(2), neg(x))],
    ['x^-y^z', pow(x, neg(pow(y, z)))],
    ['1/2x', mul(div(n(1), n(2)), x)],
    ['2(x+1)', mul(n(2), add(x, n(1)))],
    ['2x^2', mul(n(2), pow(x, n(2)))],
    ['1 - -2x', sub(n(1), mul(neg(n(2)), x))],
    ['-(x-y)', neg(sub(x, y))],
    ['3/4/5', num(rational(3n, 20n))],
    ['2^3^2', n(512)],
    ['-2^2', n(-4)],
    ['(-2)^2', n(4)],
    ['2^-3^2', num(rational(1n, 512n))],
    ['+x', x],
    ['x*-y', mul(x, neg(y))],
    ['-x*y', mul(neg(x), y)],
    ['x^2y', mul(pow(x, n(2)), y)],
    ['c+(-1)*(a+b)', add(c, mul(n(-1), add(a, b)))],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${text}`, () => expect(parseExpression(text)).toBe(expected));
  }

  it('refuses a bracket after a bracket: (-1)(a+b) is not a product', () => {
    const err = errorOf('c+(-1)(a+b)');
    expect(err.message).toBe('Expected an operator or end of input, found "("; write "*" to multiply.');
    expect(where(err)).toBe('1:7');
  });

  it('inserts implicit multiplication only after a number with no space', () => {
    expect(tokenize('2x').map((t) => t.type)).toEqual(['number', 'implicit', 'name']);
    expect(tokenize('2 x').map((t) => t.type)).toEqual(['number', 'name']);
    expect(errorOf('2 x').message).toBe('Expected an operator or end of input, found "x"; write "*" to multiply.');
  });
});

describe('names, numbers, functions and derivatives', () => {
  it('keys names canonically', () => {
    expect(parseExpression('w_5')).toBe(parseExpression('w5'));
    expect(parseExpression('γ')).toBe(parseExpression('gamma'));
    expect(parseExpression('γ')).toBe(sym('gamma'));
    expect(parseExpression("x'")).toBe(sym('x_new'));
    expect(parseExpression('out_h1')).toBe(sym('out_h1'));
  });

  it('reads the constants e and pi', () => {
    expect(parseExpression('e')).toBe(E);
    expect(parseExpression('pi')).toBe(PI);
    expect(parseExpression('π')).toBe(PI);
    expect(parseExpression('E')).toBe(sym('E'));
    expect(parseExpression('e^x')).toBe(call('exp', [x]));
  });

  it('reads numbers exactly', () => {
    expect(parseExpression('0.05')).toBe(num(rational(1n, 20n)));
    expect(parseExpression('1e-3')).toBe(num(rational(1n, 1000n)));
    expect(parseExpression('.5')).toBe(num(rational(1n, 2n)));
    expect(parseExpression('2.5E2')).toBe(n(250));
  });

  it('maps look-alikes pasted from PDFs', () => {
    expect(parseExpression('x − 1')).toBe(parseExpression('x - 1'));
    expect(parseExpression('a·b⋅c×x')).toBe(parseExpression('a*b*c*x'));
    expect(parseExpression('x²+y³')).toBe(parseExpression('x^2+y^3'));
  });

  it('gives the same node for the same function written two ways', () => {
    expect(parseExpression('1/(1+exp(-x))')).toBe(div(n(1), add(n(1), call('exp', [neg(x)]))));
    expect(parseExpression('1/(1+e^(-x))')).toBe(parseExpression('1/(1+exp(-x))'));
    expect(parseExpression('ln(x)')).toBe(call('log', [x]));
    expect(parseExpression('sqrt(x)')).toBe(pow(x, num(rational(1n, 2n))));
    expect(parseExpression('pow(x, y)')).toBe(pow(x, y));
    expect(parseExpression('max(x, y, z)')).toBe(call('max', [x, y, z]));
    expect(parseExpression('sigmoid(x)')).toBe(call('sigmoid', [x]));
  });

  it('reads the three derivative notations as one node', () => {
    const d = deriv(sym('E'), sym('w5'));
    expect(parseExpression('d(E)/d(w5)')).toBe(d);
    expect(parseExpression('∂E/∂w_5')).toBe(d);
    expect(parseExpression('diff(E, w5)')).toBe(d);
    expect(parseExpression('d(E)/d((w5))')).toBe(d);
    expect(parseExpression('w5 - gamma * d(E)/d(w5)')).toBe(sub(sym('w5'), mul(sym('gamma'), d)));
    expect(parseExpression('d(d(E)/d(x))/d(x)')).toBe(deriv(deriv(sym('E'), x), x));
    expect(parseExpression('∂(x^2)/∂x')).toBe(deriv(pow(x, n(2)), x));
    expect(parseExpression('d + 1')).toBe(add(sym('d'), n(1)));
  });

  it('keeps source ranges on syntax nodes', () => {
    const s = parseExpressionSyntax('1 + sin(x)');
    expect(s.kind).toBe('binary');
    if (s.kind !== 'binary') return;
    expect(s.right).toMatchObject({ kind: 'call', offset: 4, length: 6 });
    expect(s).toMatchObject({ offset: 0, length: 10 });
  });
});

// The example of SPEC §2 (samples/mlp-2-2-2.nabla).
const SPEC_EXAMPLE = `net_h1 = w1*i1 + w2*i2 + b1
out_h1 = sigmoid(net_h1)
net_h2 = w3*i1 + w4*i2 + b1
out_h2 = sigmoid(net_h2)
net_o1 = w5*out_h1 + w6*out_h2 + b2
out_o1 = sigmoid(net_o1)
net_o2 = w7*out_h1 + w8*out_h2 + b2
out_o2 = sigmoid(net_o2)
E = 1/2*(target_o1 - out_o1)^2 + 1/2*(target_o2 - out_o2)^2

i1 = 0.05;  i2 = 0.10;  target_o1 = 0.01;  target_o2 = 0.99
w1 = 0.15;  w2 = 0.20;  w3 = 0.25;  w4 = 0.30;  b1 = 0.35
w5 = 0.40;  w6 = 0.45;  w7 = 0.50;  w8 = 0.55;  b2 = 0.60
gamma = 0.5

w5_new = w5 - gamma * d(E)/d(w5)        # the update rule, as the notes write it

derive E wrt w5, w1                      # report the chain rule for these
claim d(E)/d(out_o1) = -(target_o1 - out_o1)     # a hand result: an expression
claim d(E)/d(w5) = 0.0821670                     # a hand result: a number
`;

describe('files', () => {
  it('parses the SPEC §2 example', () => {
    const { statements, errors } = parseFile(SPEC_EXAMPLE);
    expect(errors).toEqual([]);
    expect(statements.map((s) => s.kind)).toEqual([...Array(9 + 4 + 5 + 5 + 1 + 1).fill('define'), 'derive', 'claim', 'claim']);
    const defines = statements.filter((s): s is DefineStatement => s.kind === 'define');
    const E_ = defines.find((s) => s.name === 'E')!;
    const half = num(rational(1n, 2n));
    expect(E_.expr).toBe(add(
      mul(half, pow(sub(sym('target_o1'), sym('out_o1')), n(2))),
      mul(half, pow(sub(sym('target_o2'), sym('out_o2')), n(2))),
    ));
    expect(defines.find((s) => s.name === 'i2')!.expr).toBe(num(rational(1n, 10n)));
    const update = defines.find((s) => s.name === 'w5_new')!;
    expect(update.expr).toBe(sub(sym('w5'), mul(sym('gamma'), deriv(sym('E'), sym('w5')))));
    expect(update.span).toMatchObject({ line: 16, column: 1 });
    expect(update.nameSpan).toMatchObject({ line: 16, column: 1, length: 6 });
    const w2 = defines.find((s) => s.name === 'w2')!;
    expect(w2.span).toMatchObject({ line: 12, column: 13, length: 9 });

    const derive = statements.find((s): s is DeriveStatement => s.kind === 'derive')!;
    expect(derive.target).toBe('E');
    expect(derive.wrt.map((w) => w.name)).toEqual(['w5', 'w1']);
    expect(derive.wrt[1]!.span).toMatchObject({ line: 18, column: 18 });

    const [claim1, claim2] = statements.filter((s): s is ClaimStatement => s.kind === 'claim') as [ClaimStatement, ClaimStatement];
    expect(claim1.lhs).toBe(deriv(sym('E'), sym('out_o1')));
    expect(claim1.rhs).toBe(neg(sub(sym('target_o1'), sym('out_o1'))));
    expect(claim1.text).toBe('d(E)/d(out_o1) = -(target_o1 - out_o1)');
    expect(claim1.rhsNumberText).toBeUndefined();
    expect(claim2.text).toBe('d(E)/d(w5) = 0.0821670');
    expect(claim2.rhsNumberText).toBe('0.0821670');
    expect(claim2.span).toMatchObject({ line: 20, column: 1 });
  });

  it('keeps names as written and signed number claims', () => {
    const { statements, errors } = parseFile("w_5' = w_5 - 1\nγ = 0.5\nclaim x = -0.25\nclaim x = +2\nclaim x = 2*3");
    expect(errors).toEqual([]);
    expect(statements[0]).toMatchObject({ kind: 'define', name: 'w5_new', written: "w_5'" });
    expect(statements[1]).toMatchObject({ kind: 'define', name: 'gamma', written: 'γ' });
    expect((statements[2] as ClaimStatement).rhsNumberText).toBe('-0.25');
    expect((statements[3] as ClaimStatement).rhsNumberText).toBe('2');
    expect((statements[4] as ClaimStatement).rhsNumberText).toBeUndefined();
  });

  it('lets a statement span lines while a bracket is open, and reads CRLF', () => {
    const ok = parseFile('E = (a +\n  b)*c\nF = sin(\n x\n)\r\ng = 1\r\n');
    expect(ok.errors).toEqual([]);
    expect(ok.statements.map((s) => s.kind === 'define' && s.name)).toEqual(['E', 'F', 'g']);
    expect((ok.statements[0] as DefineStatement).expr).toBe(mul(add(a, b), c));
    expect(ok.statements[2]!.span).toMatchObject({ line: 6, column: 1 });
    // Outside brackets a newline ends the statement.
    const { statements, errors } = parseFile('E = (a +\n  b) *\r\n c\ng = 1');
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual([
      '2:7 Expected an expression, found end of line.',
      '3:3 Expected "=", found end of line.',
    ]);
    expect(statements.map((s) => s.kind === 'define' && s.name)).toEqual(['g']);
  });

  it('treats derive, wrt and claim as names where they are not keywords', () => {
    const { statements, errors } = parseFile('derive = 2\nclaim = derive + wrt\nwrt = 1');
    expect(errors).toEqual([]);
    expect(statements.map((s) => s.kind === 'define' && s.name)).toEqual(['derive', 'claim', 'wrt']);
  });

  it('reports a bad line and still parses the others', () => {
    const text = [
      'a = 1',
      'b = sin(x',
      'c = 2',
      'd = 2 +* 3; e2 = 4',
      'bad = x $ y',
      'z = 1 + 2)',
      'derive E wrt',
      'f = foo(x)',
      'g = 3',
    ].join('\n');
    const { statements, errors } = parseFile(text);
    expect(statements.map((s) => s.kind === 'define' && s.name)).toEqual(['a', 'c', 'e2', 'g']);
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual([
      '2:10 Expected ")" to close "(" at 2:8, found end of line.',
      '4:8 Expected an expression, found "*".',
      '5:9 Unexpected character "$".',
      '6:10 Expected an operator or end of line, found ")".',
      '7:13 Expected a name, found end of line.',
      '8:5 Unknown function "foo": write foo*(…) to multiply.',
    ]);
    for (const e of errors) expect(e.source).toBe(text);
  });

  it('recovers after an unclosed bracket when the next line starts a statement', () => {
    const { statements, errors } = parseFile('E = (a +\n  b\nF = 1\nG = (2');
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual([
      '2:4 Expected ")" to close "(" at 1:5, found end of line.',
      '4:7 Expected ")" to close "(" at 4:5, found end of input.',
    ]);
    expect(statements.map((s) => s.kind === 'define' && s.name)).toEqual(['F']);
  });

  it('counts columns in characters, not UTF-16 units', () => {
    const { errors } = parseFile('a = 𝑥; b = 2 +* 3');
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual([
      '1:5 Unexpected character "𝑥" (U+1D465).',
      '1:15 Expected an expression, found "*".',
    ]);
  });

  it('refuses to redefine functions and constants', () => {
    const { errors } = parseFile('sin = 1\ne = 2\nx = 1');
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual([
      '1:1 sin is a function: choose another name.',
      "2:1 e is Euler's number: choose another name.",
    ]);
  });
});

describe('errors', () => {
  const cases: [string, string, string][] = [
    ['sin(x', '1:6', 'Expected ")" to close "(" at 1:4, found end of input.'],
    ['a +', '1:4', 'Expected an expression, found end of input.'],
    ['f()', '1:1', 'Unknown function "f": write f*(…) to multiply.'],
    ['', '1:1', 'Expected an expression, found end of input.'],
    ['   # just a comment', '1:1', 'Expected an expression, found end of input.'],
    ['2 +* 3', '1:4', 'Expected an expression, found "*".'],
    ['x $ y', '1:3', 'Unexpected character "$".'],
    // `@` is the matrix product (SPEC §12): between scalars it says what it needs.
    ['x @ y', '1:1', 'The matrix product "@" takes matrices and vectors: declare them in a formula file (W : 2x3, x : 3) and use it there.'],
    ['x+1)', '1:4', 'Expected an operator or end of input, found ")".'],
    // An invisible character is named, and shown escaped (errors.ts sanitize).
    ['x\u200b + x', '1:2', 'Unexpected character "\\u200b" (U+200B).'],
    ['x(1+x)', '1:1', 'Unknown function "x": write x*(…) to multiply.'],
    ['sigmod(x)', '1:1', 'Unknown function "sigmod": did you mean sigmoid?'],
    ['sigmoid(x, y)', '1:1', 'sigmoid takes 1 argument, found 2.'],
    ['max(x)', '1:1', 'max takes at least 2 arguments, found 1.'],
    ['sqrt()', '1:1', 'sqrt takes 1 argument, found 0.'],
    ['sin + 1', '1:1', 'sin is a function: write sin(…).'],
    ['1 + ln', '1:5', 'ln is a function: write ln(…).'],
    ['d(E)/d(2*x)', '1:8', 'Expected a name to differentiate with respect to, found "2*x".'],
    ['d(E)/d(e)', '1:8', 'Expected a name to differentiate with respect to, found the constant "e".'],
    ['d(E)', '1:5', 'Expected "/", found end of input.'],
    ['d(E)/dw5', '1:6', 'Expected "d(", found "dw5".'],
    ['∂E/∂2', '1:5', 'Expected a name or "(", found "2".'],
    ['1e999999', '1:1', 'Number 1e999999 is too large.'],
    ['1e400', '1:1', 'Number 1e400 is too large.'],
    ['2*1e-999', '1:3', 'Number 1e-999 is too small.'],
    ['1.2.3', '1:4', 'Expected an operator or end of input, found ".3".'],
    ['f(x,,y)', '1:5', 'Expected an expression, found ",".'],
    ['x; y', '1:2', 'Expected an operator, "(" or end of input, found ";".'],
  ];
  for (const [text, at, message] of cases) {
    it(`reports ${JSON.stringify(text)} at ${at}`, () => {
      const err = errorOf(text);
      expect(err.message).toBe(message);
      expect(where(err)).toBe(at);
      expect(err.source).toBe(text);
    });
  }

  it('renders with a caret under the spot', () => {
    expect(formatError(errorOf('2 +* 3'))).toBe('1:4: Expected an expression, found "*".\n  2 +* 3\n     ^');
  });

  it(`accepts ${MAX_NESTING} levels of nesting and refuses one more`, () => {
    const nested = (k: number): string => `${'('.repeat(k)}x${')'.repeat(k)}`;
    expect(parseExpression(nested(MAX_NESTING))).toBe(x);
    const err = errorOf(nested(MAX_NESTING + 1));
    expect(err.message).toBe(`Nesting deeper than ${MAX_NESTING} levels.`);
    expect(where(err)).toBe(`1:${MAX_NESTING + 1}`);
    expect(parseExpression(`${'-'.repeat(MAX_NESTING)}x`)).toBe(x);
    expect(errorOf(`${'-'.repeat(MAX_NESTING + 1)}x`).message).toBe(`Nesting deeper than ${MAX_NESTING} levels.`);
    expect(errorOf(Array(MAX_NESTING + 2).fill('2').join('^')).message).toBe(`Nesting deeper than ${MAX_NESTING} levels.`);
    expect(errorOf(`x${'^-x'.repeat(MAX_NESTING)}`).message).toBe(`Nesting deeper than ${MAX_NESTING} levels.`);
  });

  // A hang guard, not a speed test: the test's own timeout (ten times the slowest run seen) bounds it.
  it('refuses very deep input without a stack overflow or a hang', { timeout: 60_000 }, () => {
    expect(errorOf(`${'('.repeat(100_000)}1${')'.repeat(100_000)}`).message).toBe(`Nesting deeper than ${MAX_NESTING} levels.`);
    expect(errorOf(`${'-'.repeat(100_000)}1`).message).toBe(`Nesting deeper than ${MAX_NESTING} levels.`);
    const file = parseFile(`a = ${'('.repeat(100_000)}\nb = 2`);
    expect(file.errors.map((e) => e.message)).toEqual([`Nesting deeper than ${MAX_NESTING} levels.`]);
    expect(file.statements).toHaveLength(1);
  });

  it('parses long flat sums and products without recursion', () => {
    const terms = Array.from({ length: 20_000 }, (_, i) => `x${i}`);
    expect(parseExpression(terms.join(' + ')).kind).toBe('add');
    expect(parseExpression(terms.join(' * ')).kind).toBe('mul');
    expect(parseExpression(terms.join(' - ')).kind).toBe('add');
  });

  it('refuses input larger than MAX_INPUT_BYTES', () => {
    const big = 'x'.repeat(MAX_INPUT_BYTES + 1);
    expect(errorOf(big).message).toBe('Input is 8.0 MiB; the limit is 8.0 MiB.');
    expect(parseFile(big).errors).toHaveLength(1);
    // Multi-byte characters count as their UTF-8 size.
    expect(errorOf('γ'.repeat(MAX_INPUT_BYTES / 2 + 1)).message).toMatch(/^Input is 8\.0 MiB/);
  });
});

describe('speed', () => {
  it('parses a 1 MB file of simple definitions (prints the rate)', () => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < 1024 * 1024; i++) {
      const line = [`w${i} = 0.${i % 97}`, `net_h${i} = w${i}*i1 + w${i + 1}*i2 + b1`, `out${i} = sigmoid(net_h${i - 1})`][i % 3]!;
      lines.push(line);
      size += line.length + 1;
    }
    const text = lines.join('\n');
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const { statements, errors } = parseFile(text);
      best = Math.min(best, performance.now() - started);
      expect(errors).toEqual([]);
      expect(statements).toHaveLength(lines.length);
    }
    console.log(`parseFile: ${(text.length / 1024 / 1024).toFixed(2)} MB in ${best.toFixed(0)} ms = ${(text.length / 1024 / 1024 / (best / 1000)).toFixed(2)} MB/s`);
  });
});

describe('any input', () => {
  const PIECES = [
    'x', 'y2', '2', '.5', '1e3', '+', '-', '−', '*', '/', '^', '²', '(', ')', '[', ']', ',', '=', ';', '\n', ' ', '@', '#c\n',
    'sin', 'max', 'd', 'diff', '∂', 'e', 'pi', 'γ', "x'", 'derive', 'wrt', 'claim', '..', ':', '𝑥',
  ];
  const arbText = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((xs) => xs.join(''));

  it('either parses or throws a positioned NablaError inside the text', () => {
    fc.assert(fc.property(arbText, (text) => {
      try {
        parseExpression(text);
      } catch (err) {
        if (!(err instanceof NablaError) || err.span === undefined) return false;
        return err.span.offset >= 0 && err.span.offset <= text.length && err.source === text;
      }
      return true;
    }), { numRuns: 2000, seed: 2024 });
  });

  it('parses a file into statements and errors without throwing', () => {
    fc.assert(fc.property(arbText, (text) => {
      const { errors } = parseFile(text);
      return errors.every((e) => e.span !== undefined && e.span.offset <= text.length && e.source === text);
    }), { numRuns: 2000, seed: 7 });
  });
});
