/**
 * Printing with shared subexpressions named (src/print/shared.ts). The
 * oracle is the parser: every `tK = …` line parses, and substituting the
 * bindings in order into the parsed results gives back the very nodes that
 * were printed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { type Expr, sym } from '../src/expr/node.ts';
import { dagSize, substitute } from '../src/expr/walk.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { parseLatex } from '../src/parse/latex.ts';
import { toText } from '../src/print/text.ts';
import { gradientProgram, inlineGradient } from '../src/diff/reverse.ts';
import { loadFile } from '../src/index.ts';
import { NodeDerivatives } from '../src/graph/node-derivative.ts';
import { programForPrinting, shareSubexpressions, toLatexShared, toTextShared } from '../src/print/shared.ts';
import { mlpProblem } from '../bench/problems.ts';
import { arbExpr } from './arbitrary.ts';

const MLP = readFileSync(new URL('../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');

/** Read unlabelled shared text back: bindings substituted, in order, into the results. */
function readBack(text: string): { bindings: Map<string, Expr>; results: Expr[] } {
  const bindings = new Map<string, Expr>();
  const results: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^where\b\s*/, '');
    if (line === '') continue;
    const m = /^([A-Za-z][A-Za-z0-9_]*) = (.*)$/.exec(line);
    if (m) bindings.set(m[1]!, substitute(parseExpression(m[2]!), bindings));
    else results.push(line);
  }
  return { bindings, results: results.map((r) => substitute(parseExpression(r), bindings)) };
}

describe('toTextShared', () => {
  it('names a repeated subexpression once', () => {
    const e = parseExpression('sigmoid(b + w*x)*(1 - sigmoid(b + w*x))');
    expect(toTextShared([e])).toBe('t1 = sigmoid(b + w*x)\nt1*(1 - t1)');
    expect(toTextShared([e], { layout: 'where' })).toBe('t1*(1 - t1)\nwhere t1 = sigmoid(b + w*x)');
  });

  it('prints an unshared expression exactly as toText does', () => {
    const e = parseExpression('x^2 + 2*x*y + sin(y)');
    expect(toTextShared([e])).toBe(toText(e));
  });

  it('leaves trivial repeats (a name, -x, x^2) in place', () => {
    const e = parseExpression('x^2*sin(x^2) + cos(x^2) - x');
    expect(toTextShared([e])).toBe(toText(e));
  });

  it('reads back to the same nodes, for random lists of expressions', () => {
    fc.assert(
      fc.property(fc.array(arbExpr, { minLength: 1, maxLength: 3 }), (exprs) => {
        const text = toTextShared(exprs);
        const back = readBack(text);
        expect(back.results).toEqual(exprs);
        back.results.forEach((r, i) => expect(r === exprs[i]).toBe(true));
      }),
      { numRuns: 150 },
    );
  });

  it('reads back a random expression with its reverse-mode gradient (heavy sharing)', () => {
    fc.assert(
      fc.property(arbExpr, (e) => {
        const program = gradientProgram(e);
        const exprs = [e, ...inlineGradient(program)];
        const back = readBack(toTextShared(exprs));
        back.results.forEach((r, i) => expect(r === exprs[i], `result ${i}: ${toText(r)} vs ${toText(exprs[i]!)}`).toBe(true));
        // The program's own temporaries as bindings: `F = …`, `d(F)/d(x) = …` read back to the same.
        const { exprs: roots, options } = programForPrinting(program, 'F');
        const bindings = new Map<string, Expr>();
        const results: Expr[] = [];
        for (const line of toTextShared(roots, options).split('\n')) {
          const at = line.indexOf(' = ');
          const value = substitute(parseExpression(line.slice(at + 3)), bindings);
          if (/^t\d+$/.test(line.slice(0, at))) bindings.set(line.slice(0, at), value);
          else results.push(value);
        }
        results.forEach((r, i) => expect(r === exprs[i], `program result ${i}: ${toText(r)} vs ${toText(exprs[i]!)}`).toBe(true));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a large gradient linear in size (4-4-4 network) and reads it back', () => {
    const e = parseExpression(mlpProblem([4, 4, 4]).text);
    const grads = inlineGradient(gradientProgram(e));
    const shared = toTextShared(grads);
    const inlined = grads.map(toText).join('\n');
    expect(shared.length * 5).toBeLessThan(inlined.length);
    // Every binding is used, and the text grows with the DAG, not the tree.
    expect(shared.length).toBeLessThan(200 * dagSize(grads));
    const back = readBack(shared);
    back.results.forEach((r, i) => expect(r === grads[i]).toBe(true));
  });

  it('uses the names of a system\'s definitions where they exist', () => {
    const system = loadFile(MLP);
    const graph = new NodeDerivatives(system);
    const E = graph.inline(sym('E'));
    const grads = inlineGradient(gradientProgram(E, ['w5', 'w1']));
    const names = new Map(system.order.filter((n) => !system.definitions.get(n)!.input).map((n) => [graph.inline(sym(n)), n]));
    const labels = [sym('E'), parseExpression('d(E)/d(w5)'), parseExpression('d(E)/d(w1)')];
    const text = toTextShared([E, ...grads], { names, labels });
    expect(text).toContain('out_h1 = sigmoid(net_h1)');
    expect(text).toContain('net_o1 = b2 + out_h1*w5 + out_h2*w6');
    expect(text).toContain('\nE = ');
    expect(text).not.toContain('E = E');
    expect(text).toMatch(/^d\(E\)\/d\(w5\) = .*out_h1.*out_o1/m);
    // Substituting the named definitions back gives the inlined gradient.
    const defs = new Map<string, Expr>();
    for (const line of text.split('\n')) {
      const [lhs, rhs] = line.split(' = ') as [string, string];
      if (!lhs.startsWith('d(')) defs.set(lhs, substitute(parseExpression(rhs), defs));
      else expect(substitute(parseExpression(rhs), defs)).toBe(lhs.includes('w5') ? grads[0] : grads[1]);
    }
    expect(defs.get('E')).toBe(E);
  });

  it('prints a gradient program with its temporaries as bindings', () => {
    const system = loadFile(MLP);
    const E = new NodeDerivatives(system).inline(sym('E'));
    const program = gradientProgram(E, ['w1', 'w5']);
    const { exprs, options } = programForPrinting(program, 'E');
    const text = toTextShared(exprs, options);
    expect(text).not.toContain('$');
    const lines = text.split('\n');
    expect(lines.at(-2)).toMatch(/^d\(E\)\/d\(w1\) = t\d+$/);
    // Read back: the value and every partial are the program's, inlined.
    const bindings = new Map<string, Expr>();
    const results = new Map<string, Expr>();
    for (const line of lines) {
      const [lhs, rhs] = line.split(' = ') as [string, string];
      const value = substitute(parseExpression(rhs), bindings);
      if (/^t\d+$/.test(lhs)) bindings.set(lhs, value);
      else results.set(lhs, value);
    }
    expect(results.get('E')).toBe(E);
    const inlined = inlineGradient(program);
    expect(results.get('d(E)/d(w1)')).toBe(inlined[0]);
    expect(results.get('d(E)/d(w5)')).toBe(inlined[1]);
  });

  it('writes operands out where a name would regroup a product (x^y·sqrt(x^y) is not t·sqrt(t))', () => {
    const e = parseExpression('x^y*sqrt(x^y) + exp(x^y)');
    const text = toTextShared([e]);
    expect(text).toContain('t1 = x^y');
    expect(readBack(text).results[0]).toBe(e);
  });

  it('chooses names that clash with none in the expressions', () => {
    const e = parseExpression('sin(t1 + t2)*cos(t1 + t2) + exp(t1 + t2)');
    const text = toTextShared([e]);
    expect(text.split('\n')[0]).toBe('u1 = t1 + t2');
    const back = readBack(text);
    expect(back.results[0]).toBe(e);
  });

  it('returns the bindings as data', () => {
    const e = parseExpression('exp(x*y) + sin(exp(x*y))');
    const form = shareSubexpressions([e]);
    expect(form.bindings.map((b) => `${b.name.name} = ${toText(b.expr)}`)).toEqual(['t1 = exp(x*y)']);
    expect(toText(form.results[0]!)).toBe('t1 + sin(t1)');
  });
});

describe('toLatexShared', () => {
  const render = (tex: string): string => katex.renderToString(tex, { throwOnError: true, displayMode: true });

  it('writes an aligned block that renders in KaTeX', () => {
    const e = parseExpression('sigmoid(b + w*x)*(1 - sigmoid(b + w*x))');
    const tex = toLatexShared([e], { labels: [parseExpression('d(y)/d(w)')] });
    expect(tex).toBe('\\begin{aligned}\nt_{1} &= \\sigma\\left(b + w \\cdot x\\right) \\\\\n\\frac{\\partial y}{\\partial w} &= t_{1} \\cdot \\left(1 - t_{1}\\right)\n\\end{aligned}');
    expect(() => render(tex)).not.toThrow();
    expect(() => render(toLatexShared([e], { layout: 'where' }))).not.toThrow();
  });

  it('reads back through the LaTeX parser to the same nodes', () => {
    const e = new NodeDerivatives(loadFile(MLP)).inline(sym('E'));
    const exprs = [e, ...inlineGradient(gradientProgram(e))];
    const tex = toLatexShared(exprs);
    expect(() => render(tex)).not.toThrow();
    const rows = tex.split('\n').slice(1, -1).map((r) => r.replace(/ \\\\$/, ''));
    const bindings = new Map<string, Expr>();
    const results: Expr[] = [];
    for (const row of rows) {
      const [lhs, rhs] = row.split('&') as [string, string];
      if (lhs.trim() === '') results.push(substitute(parseLatex(rhs), bindings));
      else bindings.set(toText(parseLatex(lhs)), substitute(parseLatex(rhs.replace(/^=/, '')), bindings));
    }
    results.forEach((r, i) => expect(r).toBe(exprs[i]));
  });
});
