/**
 * The LaTeX printer (SPEC §6): Expr → LaTeX that renders in KaTeX in strict
 * mode, with the fewest brackets that keep the meaning: `-x^{2}`,
 * `\left(-x\right)^{y}`, `\frac{a}{b \cdot c}`, `-\frac{x}{2}`,
 * `\sigma\left(x\right)`, `\frac{\partial E}{\partial w_{5}}`.
 *
 * Invariants: the layout of every product and sum comes from precedence.ts,
 * as in the ASCII printer, so it also reads back to the same node through
 * the LaTeX input. Only allowlisted commands are emitted; a name with a
 * character outside `[A-Za-z0-9_]` is escaped, never passed through.
 *
 * Conventions: factors are separated by `\cdot` (in LaTeX input a run of
 * Latin letters is one name), except that a number is written next to what
 * follows it when that starts with a letter or a bracket (`3x`,
 * `2\left(x + 1\right)^{2}`). A multi-letter name is `\mathrm{out}_{h1}`, a
 * Greek word is the letter (`\gamma`, `\eta_{1}`, `\Delta`), an update name
 * `w5_new` is `w_{5}^{+}`. A power of a call brackets the call:
 * `\left(\sin\left(x\right)\right)^{2}`.
 */

import { assertNever, type Expr } from '../expr/node.ts';
import { isGreekWord, markedName, nameParts, type MarkedName } from '../expr/names.ts';
import { parseElementName } from '../expr/indexed.ts';
import * as Q from '../expr/rational.ts';
import type { Rational } from '../expr/rational.ts';
import { functionRow } from '../functions.ts';
import type { FunctionName } from '../expr/function-name.ts';
import {
  foldExpr, hasDenominator, isProductLike, PREC, renderSum,
  rootIndex, splitProduct, sumToAbsorbSign, withoutSign,
  type Divisor, type ProductParts, type Rendered,
} from './precedence.ts';

type Get = (below: Expr) => Rendered;

const group = (text: string): string => `\\left(${text}\\right)`;
const bracket = (r: Rendered, atLeast: number): string => (r.prec < atLeast ? group(r.text) : r.text);
const frac = (num: string, den: string): string => `\\frac{${num}}{${den}}`;

// ---------------------------------------------------------------------------
// Names

const LATEX_SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\backslash ', '{': '\\{', '}': '\\}', '#': '\\#', '$': '\\$', '%': '\\%',
  '&': '\\&', '~': '\\sim ', '_': '\\_', '^': '\\hat{}',
};

/** Text safe inside `\mathrm{...}`: letters and digits as they are, specials escaped, the rest dropped to `?`. */
function escapeText(s: string): string {
  return [...s].map((ch) => (/[A-Za-z0-9]/.test(ch) ? ch : LATEX_SPECIAL[ch] ?? (/[ -~]/.test(ch) ? ch : '?'))).join('');
}

/** The base of a name: a Greek letter, a single italic letter, or an upright word (`\mathrm{out}`). */
function baseLatex(w: string): string {
  if (isGreekWord(w)) return `\\${w}`;
  if (/^[A-Za-z]$/.test(w)) return w;
  return `\\mathrm{${escapeText(w)}}`;
}

/** `h1`, `\alpha`, `i_{j}`: a subscript, nested at each further underscore. */
function subscript(s: string): string {
  const [head = '', ...rest] = s.split('_');
  const inner = /^[A-Za-z]+$/.test(head) && isGreekWord(head) ? `\\${head}` : /^[A-Za-z0-9]*$/.test(head) ? head : escapeText(head);
  return rest.length === 0 ? inner : `${inner}_{${subscript(rest.join('_'))}}`;
}

/**
 * The LaTeX of a canonical name: `w5` → `w_{5}`, `out_h1` → `\mathrm{out}_{h1}`,
 * `gamma` → `\gamma`, `eta1` → `\eta_{1}`, `w5_new` → `w_{5}^{+}`. An
 * element of a matrix has its indices as the subscript: `x[1,2]` →
 * `x_{1,2}`, `w_new[1,2]` → `w_{1,2}^{+}`, and when the matrix's own name
 * has a subscript, `w5[1,2]` → `{w_{5}}_{1,2}`.
 */
export function latexName(name: string): string {
  const element = parseElementName(name);
  if (element !== undefined) {
    const parts = nameParts(element.base);
    const indices = element.index.join(',');
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(element.base)) return `{${latexName(element.base)}}_{${indices}}`;
    if (parts.subscript !== '') return `{${latexName(element.base.replace(/_new$/, ''))}}_{${indices}}${parts.update ? '^{+}' : ''}`;
    return `${baseLatex(parts.base)}_{${indices}}${parts.update ? '^{+}' : ''}`;
  }
  const marked = markedName(name);
  if (marked !== undefined) return markedLatex(marked);
  const parts = nameParts(name);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return `\\mathrm{${escapeText(name)}}`;
  let text = baseLatex(parts.base);
  if (parts.subscript !== '') text += `_{${subscript(parts.subscript)}}`;
  if (parts.update) text += '^{+}';
  return text;
}

/**
 * `y_hat_1` → `\\hat{y}_{1}`, `W_L2_11` → `W^{(2)}_{11}`: the marks as the
 * notes write them. A layer name with an update mark is braced before its
 * `^{+}` (`{W^{(2)}_{11}}^{+}`), as two superscripts do not stack in TeX.
 */
function markedLatex(m: MarkedName): string {
  let text = baseLatex(m.base);
  if (m.decoration !== undefined) text = `\\${m.decoration}{${text}}`;
  if (m.layer !== undefined) text += `^{(${m.layer})}`;
  if (m.subscript !== '') text += `_{${m.subscript}}`;
  if (!m.update) return text;
  return m.layer !== undefined ? `{${text}}^{+}` : `${text}^{+}`;
}

/** A name whose LaTeX ends in a superscript: a power of it needs brackets. */
function endsInSuperscript(name: string): boolean {
  const base = parseElementName(name)?.base ?? name;
  return nameParts(base).update || markedName(base)?.layer !== undefined;
}

// ---------------------------------------------------------------------------
// Numbers and powers

function numberLatex(value: Rational): Rendered {
  const a = Q.abs(value);
  const magnitude: Rendered = Q.isInteger(a)
    ? { text: a.num.toString(), prec: PREC.ATOM }
    : { text: frac(a.num.toString(), a.den.toString()), prec: PREC.PRODUCT };
  return Q.isNegative(value) ? { text: `-${magnitude.text}`, prec: PREC.PRODUCT, magnitude } : magnitude;
}

/** `x^{2}`, `\sqrt{x}`, `\sqrt[3]{x}`, `\left(x + 1\right)^{\frac{2}{3}}`. */
function powerLatex(base: Rendered, exp: Rendered, root: bigint | undefined): Rendered {
  if (root === 2n) return { text: `\\sqrt{${base.text}}`, prec: PREC.ATOM };
  if (root !== undefined) return { text: `\\sqrt[${root}]{${base.text}}`, prec: PREC.ATOM };
  return { text: `${bracket(base, PREC.ATOM)}^{${exp.text}}`, prec: PREC.POWER };
}

function divisorLatex(d: Divisor, get: Get): Rendered {
  if (Q.isOne(d.exp)) return get(d.base);
  return powerLatex(get(d.base), numberLatex(d.exp), rootIndex(d.exp));
}

// ---------------------------------------------------------------------------
// Products

/**
 * Factors of one numerator or denominator. A lone factor needs no brackets
 * inside `\frac`; several are joined by `\cdot`, with a leading number set
 * next to a following letter or bracket (`3x`, `2\left(x + 1\right)`).
 */
function joinFactors(items: readonly Rendered[], alone: boolean): string {
  if (alone && items.length === 1) return items[0]!.text;
  let out = '';
  items.forEach((r, i) => {
    const text = bracket(r, PREC.POWER);
    if (i > 0) {
      const afterNumber = i === 1 && /^\d+$/.test(out);
      const juxtapose = afterNumber && /^([A-Za-z]|\\(?!frac|dfrac|tfrac)[A-Za-z])/.test(text);
      out += juxtapose ? '' : ' \\cdot ';
    }
    out += text;
  });
  return out;
}

function numeratorItems(p: ProductParts, get: Get): Rendered[] {
  const items: Rendered[] = p.over.map(get);
  if (p.numer !== 1n || items.length === 0) items.unshift({ text: p.numer.toString(), prec: PREC.ATOM });
  return items;
}

function denominatorItems(p: ProductParts, get: Get): Rendered[] {
  const items = p.under.map((d) => divisorLatex(d, get));
  if (p.denom !== 1n) items.unshift({ text: p.denom.toString(), prec: PREC.ATOM });
  return items;
}

/** `-\frac{3x}{4y}`, `x \cdot y`, `2\left(x + 1\right)^{2}`: sign, coefficient and factors as written. */
function plainProduct(p: ProductParts, get: Get): string {
  const sign = p.negative ? '-' : '';
  if (!hasDenominator(p)) return sign + joinFactors(numeratorItems(p, get), false);
  return sign + frac(joinFactors(numeratorItems(p, get), true), joinFactors(denominatorItems(p, get), true));
}

function renderProduct(e: Expr, get: Get): Rendered {
  const p = splitProduct(e);
  const flip = sumToAbsorbSign(p);
  const text = flip
    ? plainProduct(withoutSign(p), (x) => (x === flip ? get(x).negated?.() ?? get(x) : get(x)))
    : plainProduct(p, get);
  return p.negative
    ? { text, prec: PREC.PRODUCT, magnitude: { text: plainProduct(withoutSign(p), get), prec: PREC.PRODUCT } }
    : { text, prec: PREC.PRODUCT };
}

// ---------------------------------------------------------------------------

function callLatex(fn: FunctionName, args: readonly Rendered[]): Rendered {
  const texts = args.map((a) => a.text);
  if (fn === 'exp' && texts.length === 1) return { text: `e^{${texts[0]}}`, prec: PREC.POWER };
  const row = functionRow(fn);
  // A registry rendering is a delimited group (`\left|x\right|`), so it binds like an atom.
  if (row.latex) return { text: row.latex(texts), prec: PREC.ATOM };
  return { text: `${row.latexName}${group(texts.join(', '))}`, prec: PREC.POWER };
}

function render(e: Expr, get: Get): Rendered {
  switch (e.kind) {
    case 'num':
      return numberLatex(e.value);
    case 'const':
      return { text: e.name === 'pi' ? '\\pi' : 'e', prec: PREC.ATOM };
    case 'sym':
      // An update name already carries a superscript, so a power of it is bracketed.
      return { text: latexName(e.name), prec: endsInSuperscript(e.name) ? PREC.POWER : PREC.ATOM };
    case 'call':
      return callLatex(e.fn, e.args.map(get));
    case 'deriv': {
      const wrt = `\\partial ${latexName(e.wrt.name)}`;
      const text = e.of.kind === 'sym'
        ? frac(`\\partial ${latexName(e.of.name)}`, wrt)
        : `${frac('\\partial', wrt)}${group(get(e.of).text)}`;
      return { text, prec: PREC.POWER };
    }
    case 'add':
      return renderSum(e.terms, get);
    case 'mul':
      return renderProduct(e, get);
    case 'pow':
      if (isProductLike(e)) return renderProduct(e, get);
      return powerLatex(get(e.base), get(e.exp), rootIndex(e.exp));
    default:
      return assertNever(e);
  }
}

/**
 * The LaTeX of an expression (SPEC §6), renderable by KaTeX with
 * `throwOnError: true` and `strict: 'error'`. Prints a DAG of any depth
 * without recursion; throws a NablaError only when the text would exceed
 * MAX_PRINT_LENGTH characters.
 */
export function toLatex(e: Expr): string {
  return foldExpr(e, render).text;
}
