/**
 * ASCII and LaTeX of the matrix tree (SPEC §12). The ASCII form is the
 * formula language (`@`, `transpose(…)`, `*` entry-wise), so it reads back
 * to the same node; the LaTeX form is the textbook's: juxtaposition for the
 * matrix product, `^\top`, `\odot`, `\lVert v \rVert`, `\sum`.
 *
 * Invariant: a child is bracketed exactly when the grammar would read it
 * otherwise; an entry-wise product inside a matrix product (and the reverse)
 * is bracketed too, so `((o - t)*o*(1 - o)) @ transpose(h)` reads at a glance.
 */

import { functionRow } from '../functions.ts';
import { assertNeverM, type MExpr } from '../matrix/node.ts';
import { isScalarShape } from '../matrix/shape.ts';
import { latexName } from './latex.ts';
import { windowCall, windowLatex } from '../matrix/window.ts';

const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const PRIMARY = 5;

interface Out { readonly text: string; readonly prec: number }

const numberText = (v: number): string => (Number.isInteger(v) || Math.abs(v) >= 1e-4 ? String(v) : v.toExponential());

/** The ASCII form; `written` maps a canonical name to its spelling in the file. */
export function matrixText(e: MExpr, written: (name: string) => string = (n) => n): string {
  const memo = new Map<MExpr, Out>();
  const go = (n: MExpr): Out => {
    let o = memo.get(n);
    if (!o) {
      o = textOf(n, go, written);
      memo.set(n, o);
    }
    return o;
  };
  return go(e).text;
}

const wrap = (o: Out, min: number): string => (o.prec < min ? `(${o.text})` : o.text);

function textOf(e: MExpr, go: (n: MExpr) => Out, written: (name: string) => string): Out {
  const { rows, cols } = e.shape;
  const dims = cols === 1 ? `${rows}` : `${rows}, ${cols}`;
  switch (e.kind) {
    case 'num': return { text: numberText(e.value), prec: e.value < 0 ? UNARY : PRIMARY };
    case 'leaf': return { text: written(e.name), prec: PRIMARY };
    case 'ones': return { text: `ones(${dims})`, prec: PRIMARY };
    case 'random': return { text: `random(${rows}, ${cols}, ${e.seed})`, prec: PRIMARY };
    case 'literal': {
      const row = (i: number): string => `[${Array.from(e.values.subarray(i * cols, (i + 1) * cols), numberText).join(', ')}]`;
      return { text: cols === 1 ? `[${Array.from(e.values, numberText).join(', ')}]` : `[${Array.from({ length: rows }, (_, i) => row(i)).join(', ')}]`, prec: PRIMARY };
    }
    case 'deriv': return { text: `d(${written(e.of)})/d(${written(e.wrt)}${e.entry ? `[${e.entry.join(',')}]` : ''})`, prec: PRODUCT };
    case 'neg': return { text: `-${wrap(go(e.a), POWER)}`, prec: UNARY };
    case 'add': {
      const right = e.b.kind === 'neg' ? `${e.a === e.b ? '' : ''}- ${wrap(go(e.b.a), PRODUCT)}` : `+ ${wrap(go(e.b), PRODUCT)}`;
      return { text: `${wrap(go(e.a), SUM)} ${right}`, prec: SUM };
    }
    case 'mul': case 'div': {
      const left = e.a.kind === 'matmul' ? `(${go(e.a).text})` : wrap(go(e.a), PRODUCT);
      return { text: `${left}${e.kind === 'mul' ? '*' : '/'}${wrap(go(e.b), POWER)}`, prec: PRODUCT };
    }
    case 'matmul': {
      const side = (x: MExpr): string => (x.kind === 'mul' || x.kind === 'div' ? `(${go(x).text})` : wrap(go(x), PRODUCT));
      return { text: `${side(e.a)} @ ${e.b.kind === 'matmul' ? `(${go(e.b).text})` : wrap(go(e.b), POWER)}`, prec: PRODUCT };
    }
    case 'pow': return { text: `${wrap(go(e.a), PRIMARY)}^${wrap(go(e.b), PRIMARY)}`, prec: POWER };
    case 'transpose': return { text: `transpose(${go(e.a).text})`, prec: PRIMARY };
    case 'call': return { text: `${e.fn}(${go(e.a).text})`, prec: PRIMARY };
    case 'op': return { text: `${e.op}(${go(e.a).text})`, prec: PRIMARY };
    case 'entry': {
      const index = e.a.shape.cols === 1 ? `${e.i}` : `${e.i},${e.j}`;
      return e.a.kind === 'leaf' ? { text: `${written(e.a.name)}[${index}]`, prec: PRIMARY } : { text: `entry(${go(e.a).text}, ${e.i}, ${e.j})`, prec: PRIMARY };
    }
    case 'place': return { text: `${wrap(go(e.a), POWER)}*unit(${rows}, ${cols}, ${e.i}, ${e.j})`, prec: PRODUCT };
    case 'window': return { text: windowCall(e.op, go(e.a).text, e.b && go(e.b).text, e), prec: PRIMARY };
    default: return assertNeverM(e);
  }
}

/** The LaTeX form, as a textbook writes it. */
export function matrixLatex(e: MExpr): string {
  const memo = new Map<MExpr, Out>();
  const go = (n: MExpr): Out => {
    let o = memo.get(n);
    if (!o) {
      o = latexOf(n, go);
      memo.set(n, o);
    }
    return o;
  };
  return go(e).text;
}

const paren = (o: Out, min: number): string => (o.prec < min ? `\\left(${o.text}\\right)` : o.text);

function latexNumber(v: number): string {
  const t = numberText(Math.abs(v));
  const m = /^(\d(?:\.\d+)?)e([+-]\d+)$/.exec(t);
  const body = m ? `${m[1]} \\times 10^{${Number(m[2])}}` : t;
  return v < 0 ? `-${body}` : body;
}

function latexOf(e: MExpr, go: (n: MExpr) => Out): Out {
  const { rows, cols } = e.shape;
  switch (e.kind) {
    case 'num': return { text: latexNumber(e.value), prec: e.value < 0 ? UNARY : PRIMARY };
    case 'leaf': return { text: latexName(e.name), prec: PRIMARY };
    case 'ones': return { text: `\\mathbf{1}_{${cols === 1 ? rows : `${rows} \\times ${cols}`}}`, prec: PRIMARY };
    case 'random': return { text: `\\operatorname{random}(${rows}, ${cols}, ${e.seed})`, prec: PRIMARY };
    case 'literal': {
      const cells = Array.from({ length: rows }, (_, i) => Array.from(e.values.subarray(i * cols, (i + 1) * cols), latexNumber).join(' & '));
      return { text: `\\begin{bmatrix} ${cells.join(' \\\\ ')} \\end{bmatrix}`, prec: PRIMARY };
    }
    case 'deriv': return { text: `\\frac{\\partial ${latexName(e.of)}}{\\partial ${latexName(e.wrt)}${e.entry ? `_{${e.entry.join(',')}}` : ''}}`, prec: PRODUCT };
    case 'neg': return { text: `-${paren(go(e.a), POWER)}`, prec: UNARY };
    case 'add': {
      const right = e.b.kind === 'neg' ? `- ${paren(go(e.b.a), PRODUCT)}` : `+ ${paren(go(e.b), PRODUCT)}`;
      return { text: `${paren(go(e.a), SUM)} ${right}`, prec: SUM };
    }
    case 'mul': {
      const spread = isScalarShape(e.a.shape) || isScalarShape(e.b.shape);
      const left = e.a.kind === 'matmul' ? `\\left(${go(e.a).text}\\right)` : paren(go(e.a), PRODUCT);
      return { text: `${left} ${spread ? '\\,' : '\\odot'} ${paren(go(e.b), POWER)}`, prec: PRODUCT };
    }
    case 'div':
      if (isScalarShape(e.b.shape)) return { text: `\\frac{${go(e.a).text}}{${go(e.b).text}}`, prec: PRIMARY };
      return { text: `${paren(go(e.a), PRODUCT)} \\oslash ${paren(go(e.b), POWER)}`, prec: PRODUCT };
    case 'matmul': {
      const side = (x: MExpr, min: number): string => (x.kind === 'mul' || x.kind === 'div' ? `\\left(${go(x).text}\\right)` : paren(go(x), min));
      return { text: `${side(e.a, PRODUCT)} ${side(e.b, POWER)}`, prec: PRODUCT };
    }
    case 'pow': return { text: `{${paren(go(e.a), PRIMARY)}}^{${go(e.b).text}}`, prec: POWER };
    case 'transpose': return { text: `{${paren(go(e.a), PRIMARY)}}^\\top`, prec: POWER };
    case 'call': {
      const row = functionRow(e.fn);
      const inner = go(e.a).text;
      return { text: row.latex ? row.latex([inner]) : `${row.latexName}\\left(${inner}\\right)`, prec: PRIMARY };
    }
    case 'op': {
      const inner = go(e.a).text;
      switch (e.op) {
        case 'norm': return { text: `\\left\\lVert ${inner} \\right\\rVert`, prec: PRIMARY };
        case 'sum': return { text: `\\sum \\left(${inner}\\right)`, prec: PRIMARY };
        default: return { text: `\\operatorname{${e.op}}\\left(${inner}\\right)`, prec: PRIMARY };
      }
    }
    case 'entry': return { text: `{${paren(go(e.a), PRIMARY)}}_{${e.a.shape.cols === 1 ? e.i : `${e.i},${e.j}`}}`, prec: PRIMARY };
    case 'place': return { text: `${paren(go(e.a), POWER)} \\, \\mathbf{e}_{${e.i}} \\mathbf{e}_{${e.j}}^\\top`, prec: PRODUCT };
    case 'window': return { text: windowLatex(e.op, go(e.a).text, e.b && go(e.b).text, e), prec: PRIMARY };
    default: return assertNeverM(e);
  }
}
