/**
 * Indexed expressions (SPEC §7): element names, shapes, matrix literals,
 * ranges and sums, indexed definitions, element-wise operations, matrix
 * derivatives and update rules, `derive … wrt` a matrix, claims between
 * matrices, LaTeX (`x_{11}`, `\sum`, `bmatrix`) in documents, and the
 * positioned errors. Each expansion is compared with the scalar
 * definitions written out by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriv, type Expr, num, sym } from '../src/expr/node.ts';
import { add, mul, pow } from '../src/expr/canonical.ts';
import { elementName, parseElementName } from '../src/expr/indexed.ts';
import { formatError, NablaError } from '../src/errors.ts';
import { checkClaims, loadFile, parse, parseLatex, report, toLatex, toText } from '../src/index.ts';
import { main, type Io } from '../src/cli/main.ts';
import { parseFile } from '../src/parse/parse.ts';
import { simplify } from '../src/simplify/simplify.ts';
import type { System } from '../src/graph/system.ts';

const s = (name: string): Expr => sym(name);
/** The right-hand side of a definition, as written (lowered, not simplified). */
const rhs = (system: System, name: string): Expr | undefined => system.definitions.get(name)?.source;
const errorsOf = (text: string): string[] => parseFile(text).errors.map((e) => formatError(e));

describe('element names', () => {
  it('are names whose key is their text: x[1,2], w_new[2,1]', () => {
    expect(parse('x[1,2]')).toBe(s('x[1,2]'));
    expect(parse('x[1, 1+1]')).toBe(s('x[1,2]'));
    expect(parse("w'[2,1]")).toBe(s('w_new[2,1]'));
    expect(parse('w_5[1,1]')).toBe(s('w5[1,1]'));
    expect(elementName('x', [3, 12])).toBe('x[3,12]');
    expect(parseElementName('w_new[2,1]')).toEqual({ base: 'w_new', index: [2, 1] });
    expect(parseElementName('x1')).toBeUndefined();
  });

  it('print as x[1,2] in ASCII and x_{1,2} in LaTeX, and read back to the same node', () => {
    const cases: [string, string][] = [
      ['x[1,2]', 'x_{1,2}'],
      ['net[1,1]*w_new[2,1]', '\\mathrm{net}_{1,1} \\cdot w_{2,1}^{+}'],
      ['d(E)/d(w[1,1])', '\\frac{\\partial E}{\\partial w_{1,1}}'],
      ['w5[1,2]^2', '{w_{5}}_{1,2}^{2}'],
      ['gamma[2,2] + out_h1[1,1]', '\\gamma_{2,2} + {\\mathrm{out}_{h1}}_{1,1}'],
      ['d(net[1,1])/d(w5_new[1,2])', '\\frac{\\partial \\mathrm{net}_{1,1}}{\\partial {w_{5}}_{1,2}^{+}}'],
    ];
    for (const [ascii, latex] of cases) {
      const e = parse(ascii);
      expect(toText(e)).toBe(ascii);
      expect(parse(toText(e))).toBe(e);
      expect(toLatex(e)).toBe(latex);
      expect(parseLatex(toLatex(e))).toBe(e);
    }
  });
});

describe('shapes, literals and indexed definitions', () => {
  it('a shape declares free elements; a numeric literal defines inputs; a literal of names defines elements', () => {
    const system = loadFile('x : 2x3\nw = [[0.5, -1], [2, 3]]\nv = [[a, b], [w[1,1], v[2,2]]]\n');
    expect(system.errors).toEqual([]);
    expect([...system.matrices.values()].map((m) => [m.name, m.dims])).toEqual([['x', [2, 3]], ['w', [2, 2]], ['v', [2, 2]]]);
    expect(system.inputs).toEqual(['w[1,1]', 'w[1,2]', 'w[2,1]', 'w[2,2]']);
    expect(rhs(system, 'w[1,2]')).toBe(num(-1));
    expect(rhs(system, 'v[1,2]')).toBe(s('b'));
    expect(rhs(system, 'v[2,1]')).toBe(s('w[1,1]'));
    // An entry that is the element itself only declares it.
    expect(system.definitions.has('v[2,2]')).toBe(false);
    expect(system.matrices.get('x')!.elements).toEqual(['x[1,1]', 'x[1,2]', 'x[1,3]', 'x[2,1]', 'x[2,2]', 'x[2,3]']);
  });

  it('reads a shape as 4x4, 4 x 4, 4×4 or 4*4, and a vector as 3', () => {
    for (const dims of ['4x4', '4 x 4', '4×4', '4*4']) expect(loadFile(`x : ${dims}`).matrices.get('x')?.dims, dims).toEqual([4, 4]);
    const v = loadFile('b : 3\ny = b[2] + sum(b)');
    expect(v.matrices.get('b')?.dims).toEqual([3]);
    expect(rhs(v, 'y')).toBe(add(s('b[2]'), s('b[1]'), s('b[2]'), s('b[3]')));
  });

  it('defines one element per index tuple of "for", the indices evaluated as whole numbers', () => {
    const system = loadFile('x : 4x4\nw : 2x2\nnet[i,j] = sum(a=1..2, b=1..2, w[a,b]*x[i+a-1, j+b-1])  for i=1..3, j=1..3');
    expect(system.errors).toEqual([]);
    expect(system.matrices.get('net')?.dims).toEqual([3, 3]);
    expect(rhs(system, 'net[2,3]')).toBe(add(mul(s('w[1,1]'), s('x[2,3]')), mul(s('w[1,2]'), s('x[2,4]')), mul(s('w[2,1]'), s('x[3,3]')), mul(s('w[2,2]'), s('x[3,4]'))));
    // A single element, and a shape taken from the largest index defined.
    const one = loadFile('y[2,3] = 5\ny[1,1] = 1');
    expect(one.matrices.get('y')?.dims).toEqual([2, 3]);
  });

  it('sums over ranges (a later range may use an earlier index), over a matrix, and of the indices themselves', () => {
    expect(parse('sum(i=1..4, i^2)')).toBe(num(30));
    expect(parse('sum(i=1..3, j=1..i, 1)')).toBe(num(6));
    expect(parse('sum(i=1..3, x[i, 4-i])')).toBe(add(s('x[1,3]'), s('x[2,2]'), s('x[3,1]')));
    expect(parse('sum([[1, 2], [3, 4]])')).toBe(num(10));
    const vectors = loadFile('v = sum(i=1..2, [i, 10*i])');
    expect([rhs(vectors, 'v[1]'), rhs(vectors, 'v[2]')]).toEqual([num(3), num(30)]);
  });

  it('defines a matrix by an expression: element-wise operators and functions, a number spread over a matrix', () => {
    const system = loadFile('x : 2x2\ny = 2*x - 1\nz = sigmoid(x)/y\nm = max(x, 0)\ng = exp(-x^2)\n');
    expect(system.errors).toEqual([]);
    expect(rhs(system, 'y[1,2]')).toBe(add(mul(num(2), s('x[1,2]')), num(-1)));
    expect(rhs(system, 'z[2,1]')).toBe(mul(parse('sigmoid(x[2,1])'), pow(s('y[2,1]'), num(-1))));
    expect(rhs(system, 'm[2,2]')).toBe(parse('max(x[2,2], 0)'));
    expect(rhs(system, 'g[1,1]')).toBe(parse('exp(-x[1,1]^2)'));
  });

  it('reads a matrix used before its definition', () => {
    const system = loadFile('E = sum(net)\nnet = 2*x\nx = [[1, 2], [3, 4]]');
    expect(system.errors).toEqual([]);
    expect(rhs(system, 'E')).toBe(add(s('net[1,1]'), s('net[1,2]'), s('net[2,1]'), s('net[2,2]')));
    expect(report(system).values.find((v) => v.name === 'E')?.value).toBe(20);
  });
});

describe('derivatives of and by matrices', () => {
  const text = 'x = [[1, 2], [3, 4]]\nw = [[0.5, 1], [1.5, 2]]\nnet = w*x\nE = sum(net^2)/2\ngamma = 0.1\nw_new = w - gamma*d(E)/d(w)\n';

  it('d(E)/d(w) is the matrix of d(E)/d(w[i,j]): the update rule of every element', () => {
    const system = loadFile(text);
    expect(rhs(system, 'w_new[2,1]')).toBe(add(s('w[2,1]'), mul(num(-1), s('gamma'), deriv(s('E'), sym('w[2,1]')))));
    const r = report(system);
    const value = new Map(r.values.map((v) => [v.name, v.value]));
    // ∂E/∂w[i,j] = net[i,j]·x[i,j] = w[i,j]·x[i,j]²
    expect(value.get('w_new[2,1]')).toBeCloseTo(1.5 - 0.1 * 1.5 * 9, 12);
    // Training updates every element at once.
    const trained = report(system, { steps: 3 });
    expect(trained.training!.rules.map((rule) => rule.rule)).toEqual(['w_new[1,1]', 'w_new[1,2]', 'w_new[2,1]', 'w_new[2,2]']);
  });

  it('d(net)/d(w[1,1]) is a matrix of derivatives; d(net)/d(w) is refused', () => {
    const system = loadFile(`${text}g = d(net)/d(w[1,1])\n`);
    expect(rhs(system, 'g[1,2]')).toBe(deriv(s('net[1,2]'), sym('w[1,1]')));
    expect(errorsOf(`${text}g = d(net)/d(w)\n`)[0]).toMatch(/^7:5: d\(F\)\/d\(x\) with F a 2x2 matrix and x a 2x2 matrix is not supported/);
  });

  it('derive E wrt w asks for every element, and the report groups them as a matrix', () => {
    const system = loadFile(`${text}derive E wrt w, x[2,2]`);
    expect(system.derives[0]!.wrt.map((w) => w.name)).toEqual(['w[1,1]', 'w[1,2]', 'w[2,1]', 'w[2,2]', 'x[2,2]']);
    const r = report(system);
    expect(r.gradientMatrices.map((m) => m.wrt)).toEqual(['w']);
    expect(r.gradientMatrices[0]!.entries.map((g) => g.value)).toEqual([0.5, 4, 13.5, 32]);
    // --wrt with a matrix name does the same.
    expect(report(system, { wrt: ['x'] }).gradientMatrices.map((m) => [m.wrt, m.entries.length])).toEqual([['x', 4]]);
    expect(errorsOf(`${text}derive net wrt w`)[0]).toMatch(/^7:8: net is a matrix: derive one of its elements, such as net\[1,1\]\./);
    expect(loadFile(`${text}derive net[1,2] wrt w[1,2]`).derives[0]).toMatchObject({ target: 'net[1,2]', wrt: [{ name: 'w[1,2]' }] });
  });

  it('checks a claim between matrices entry by entry', () => {
    const ok = checkClaims(`${text}claim d(E)/d(w) = [[0.5, 4], [13.5, 32]]\nclaim net = x*w`, { kind: 'formula' });
    expect(ok.claims.map((c) => [c.status, c.reason])).toEqual([
      ['verified', 'all 4 entries: agree to the precision written'], ['verified', 'all 4 entries: proved symbolically'],
    ]);
    const bad = checkClaims(`${text}claim d(E)/d(w) = [[0.5, 4], [12, 32]]`, { kind: 'formula' }).claims[0]!;
    expect(bad).toMatchObject({ status: 'refuted', reason: 'entry [2,1]: the left side is 13.5, not 12', lhs: 13.5, rhs: 12 });
  });
});

describe('positioned errors', () => {
  it('an index out of range names the matrix, its shape and the line', () => {
    expect(errorsOf('x : 4x4\ny = x[5,1]')).toEqual([
      '2:7: Index 5 is out of range: x is 4x4, so its row indices run from 1 to 4.\n  y = x[5,1]\n        ^',
    ]);
    expect(errorsOf('w : 2x2\nnet[i,j] = w[i,j+1] for i=1..2, j=1..2')[0]).toBe(
      '2:16: Index 3 is out of range: w is 2x2, so its column indices run from 1 to 2.\n  net[i,j] = w[i,j+1] for i=1..2, j=1..2\n                 ^^^',
    );
    expect(errorsOf('y = x[0]')[0]).toMatch(/^1:7: Index 0 is out of range: indices count from 1\./);
    expect(errorsOf('x : 2x2\ny = x[1]')[0]).toMatch(/^2:7: x is a 2x2 matrix: give 2 indices, found 1\./);
    expect(errorsOf('x : 2x2\nx[3,1] = 1')[0]).toMatch(/^2:3: Index 3 is out of range/);
  });

  it('shapes that do not match are an error at the operation', () => {
    expect(errorsOf('x = [[1,2],[3,4]]\ny = [[1,2,3],[4,5,6]]\nz = x + y')).toEqual([
      '3:5: The shapes of the operands of "+" do not match: a 2x2 matrix and a 2x3 matrix.\n  z = x + y\n      ^^^^^',
    ]);
    expect(errorsOf('x = [[1,2],[3]]')[0]).toMatch(/^1:12: Every row of a matrix must have the same length: row 2 has 1 entry, row 1 has 2 entries\./);
    expect(errorsOf('x : 2x2\nx = [[1,2,3]]')[0]).toMatch(/^2:5: x is a 2x2 matrix, but this defines a 1x3 matrix\./);
    expect(errorsOf('x : 2x2\ny = log(x) + 1\nclaim y = 3')[0]).toMatch(/^3:7: The two sides of the claim have different shapes: a 2x2 matrix and a number\./);
    expect(errorsOf('x : 4x4\nn = conv2d(x, [[1,2,3,4,5]])')[0]).toMatch(/^2:5: The kernel \(1x5\) is larger than the input \(4x4\)\./);
    expect(errorsOf('x : 2x2\ny[i] = x for i=1..2')[0]).toMatch(/^2:8: y\[1\] is one number, but the right side is a 2x2 matrix\./);
  });

  it('a sum over an empty range, and a range that is not whole numbers, are errors at the range', () => {
    expect(errorsOf('s = sum(i=3..1, i)')).toEqual(['1:9: The range i=3..1 is empty.\n  s = sum(i=3..1, i)\n          ^^^^^^']);
    expect(errorsOf('y[i] = i for i=2..1')[0]).toMatch(/^1:14: The range i=2..1 is empty\./);
    expect(errorsOf('E = sum(i=1..n, i)')[0]).toMatch(/^1:14: A range limit must be a whole number, but "n" has no value here/);
    expect(errorsOf('E = sum(i=1..3/2, i)')[0]).toMatch(/^1:14: A range limit must be a whole number, found "3\/2"\./);
    expect(errorsOf('E = sum(i=1..3)')[0]).toMatch(/^1:9: sum needs a term after its ranges/);
    expect(errorsOf('E = i=1..3')[0]).toMatch(/^1:6: Expected/);
  });

  // A hang guard, not a speed test: the test's own timeout (ten times the slowest run seen) bounds it.
  it('an expansion that explodes ends with an error, not a hang', { timeout: 60_000 }, () => {
    expect(errorsOf('y[i] = sum(j=1..100000, x[j]) for i=1..100000\nz = 1')[0]).toMatch(/^1:12: The indexed expressions expand to more than 250000 terms\./);
    expect(errorsOf('s = sum(i=1..1000000000, i)')[0]).toMatch(/^1:9: The range i=1..1000000000 has more than 100000 values\./);
  });

  it('the CLI exits 2 with the line, column and caret, or the JSON error', async () => {
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'nabla-indexed-'));
    try {
      const file = join(dir, 'bad.nabla');
      writeFileSync(file, 'x : 4x4\nw : 2x2\nnet = conv2d(x, w)\nE = sum(net - x)\n');
      const run = async (args: string[]): Promise<{ status: number; out: string }> => {
        const out: string[] = [];
        const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), color: false, stderrIsTTY: false };
        return { status: await main(args, io), out: out.join('') };
      };
      const plain = await run(['run', file]);
      expect(plain.status).toBe(2);
      expect(plain.out).toBe(`${file}:4:9: The shapes of the operands of "-" do not match: a 3x3 matrix and a 4x4 matrix.\n  E = sum(net - x)\n          ^^^^^^^\n`);
      const json = await run(['run', file, '--json']);
      expect(json.status).toBe(2);
      expect(JSON.parse(json.out).error).toMatchObject({ line: 4, column: 9 });
      writeFileSync(file, 'E = sum(i=1..0, i)\n');
      expect((await run(['check', file])).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad statement does not stop the others', () => {
    const parsed = parseFile('x : 2x2\ny = x[3,3]\nz = sum(x)\n');
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.statements.map((st) => st.kind)).toEqual(['shape', 'define']);
  });
});

describe('LaTeX: x_{11}, \\sum and bmatrix in documents', () => {
  it('x_{11} is x[1,1] when a bmatrix defines x in the document, and the name x11 otherwise', () => {
    const doc = (rest: string): string => `$$x = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$\n${rest}`;
    const withMatrix = checkClaims(doc('$$y = x_{21} + x_{1,2}$$\n$$y = 5$$\n'));
    expect(withMatrix.system.definitions.get('y')?.source).toBe(add(s('x[2,1]'), s('x[1,2]')));
    expect(withMatrix.claims.map((c) => c.status)).toEqual(['verified']);
    const without = checkClaims('$$y = x_{21}$$\n$$x_{21} = 3$$\n$$y = 3$$\n');
    expect(without.system.definitions.get('y')?.source).toBe(s('x21'));
    // A subscript that is no index leaves the name alone, as the notes use w_5 next to the matrix w.
    const mixed = checkClaims(doc('$$z = x_5 + x_{o1}$$\n'));
    expect(mixed.system.definitions.get('z')?.source).toBe(add(s('x5'), s('x_o1')));
  });

  it('a shape x \\in \\mathbb{R}^{m \\times n} alone in its math declares a matrix too', () => {
    const r = checkClaims('Let $x \\in \\mathbb{R}^{2 \\times 2}$, $\\beta \\in \\mathbb{R}^3$.\n$$y = x_{12} + \\beta_{3}$$\n$$\\frac{\\partial y}{\\partial x_{12}} = 1$$\n');
    expect(r.definitions.map((d) => d.name)).toEqual(['x', 'beta', 'y']);
    expect(r.system.definitions.get('y')?.source).toBe(add(s('x[1,2]'), s('beta[3]')));
    expect(r.claims.map((c) => c.status)).toEqual(['verified']);
  });

  it('\\sum_{i=1}^{3} sums its body, which takes the factors after it; (…)^2 after \\sum squares the term', () => {
    expect(parseLatex('\\sum_{i=1}^{3} x_i')).toBe(add(s('x[1]'), s('x[2]'), s('x[3]')));
    expect(parseLatex('\\sum_{i=1}^{2} (a_i)^2 b_i')).toBe(add(mul(pow(s('a[1]'), num(2)), s('b[1]')), mul(pow(s('a[2]'), num(2)), s('b[2]'))));
    expect(parseLatex('\\frac{1}{2}\\sum_{i=1}^{2}\\sum_{j=1}^{2} (n_{ij} - t_{ij})^2')).toBe(
      simplify(parse('1/2*((n[1,1] - t[1,1])^2 + (n[1,2] - t[1,2])^2 + (n[2,1] - t[2,1])^2 + (n[2,2] - t[2,2])^2)')),
    );
    expect(parseLatex('\\sum_{i=1}^{3} i')).toBe(num(6));
  });

  it('reads a bmatrix definition and checks a matrix claim entry by entry', () => {
    const doc = [
      '$$w = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$',
      '$$v = \\begin{bmatrix} v_{11} & v_{12} \\\\ v_{21} & v_{22} \\end{bmatrix} = \\begin{bmatrix} 2 w_{11} & w_{12} \\\\ w_{21}^2 & 0 \\end{bmatrix}$$',
      '$$v = \\begin{bmatrix} 2 & 2 \\\\ 9 & 0 \\end{bmatrix}$$',
      '$$v = \\begin{bmatrix} 2 & 2 \\\\ 8 & 0 \\end{bmatrix}$$',
      '$$\\frac{\\partial v_{21}}{\\partial w_{21}} = 2 w_{21}$$',
    ].join('\n');
    const r = checkClaims(doc);
    expect(r.definitions.map((d) => d.name)).toEqual(['w', 'v']);
    expect(r.claims.map((c) => [c.line, c.status])).toEqual([[3, 'verified'], [4, 'refuted'], [5, 'verified']]);
    expect(r.claims[1]!.reason).toBe('entry [2,1]: the left side is 9, not 8');
  });

  it('the seed notes: the CNN matrices are now read, and what cannot be checked says why', () => {
    const notes = checkClaims(readFileSync(new URL('../samples/backprop-notes.md', import.meta.url), 'utf8'), { fileName: 'notes.md' });
    // x and w are matrices defined by their elements (line 81); before, both were unchecked "not supported yet".
    expect(notes.definitions.filter((d) => d.line === 81).map((d) => d.name)).toEqual(['x', 'w']);
    expect([...notes.system.matrices.keys()]).toEqual(['x', 'w', 'net']);
    // ∂E/∂w11 = ∂E/∂net ∂net/∂w11 is the contraction the notes mean; net's entries are never defined, so it cannot be checked.
    expect(notes.claims.find((c) => c.line === 89)).toMatchObject({
      status: 'unchecked',
      reason: 'read as the sum of the entry-wise products of two matrices of one shape (the Frobenius product); net[1,1], net[1,2], net[1,3], net[2,1], net[2,2], net[2,3], net[3,1], net[3,2] and net[3,3] are not defined',
    });
    // w_{11}^+ is the element of the update of the matrix w; w_5 is still the name w5.
    expect(notes.definitions.find((d) => d.line === 91)?.name).toBe('w_new[1,1]');
    expect(notes.system.definitions.has('w5_new')).toBe(true);
  });
});

it('NablaError is what every indexed error is', () => {
  expect(() => parse('x[1.5]')).toThrow(NablaError);
  expect(() => parse('x[1.5]')).toThrow('An index must be a whole number, found "1.5".');
  expect(() => parseLatex('\\begin{bmatrix} 1 & 2 \\end{bmatrix}')).toThrow('Expected one number, found a 1x2 matrix.');
});
