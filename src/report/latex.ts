/**
 * The LaTeX view of a report (SPEC §4, `nabla run --latex`): one `align*`
 * environment. For each gradient, the decomposition as the notes write it,
 * the same product with each factor's symbolic form, the full symbolic
 * gradient, the product of the factors' values and the value; then each
 * factor with its form and value, each split expanded as its sum of paths;
 * the gradient by every element of a matrix as a `bmatrix`; then the
 * updates and, after training, the objective's history.
 *
 * Invariants: formatting only (every number comes from the model); every
 * expression and name is written by the LaTeX printer, so the output renders
 * in KaTeX with `throwOnError: true` and never echoes raw user text.
 */

import { deriv, type Expr, sym } from '../expr/node.ts';
import { toLatex as printLatex } from '../print/latex.ts';
import { formatNumberLatex, tooLargeToPrint } from './format.ts';
import { isOmitted, type GradientReport, type OmittedFactors, type Report, type ValuedFactor, type ValuedSum } from './model.ts';
import { stepsLatexRows } from './steps-view.ts';
import { matrixLatexBody } from './matrix-view.ts';
import { msg, say } from '../messages/format.ts';
import type { Language } from '../messages/message.ts';

const LINE_BREAK = ' \\\\\n';

/** Words of the catalogue as LaTeX text (`\text{…}`, with its special characters escaped), Hangul included: KaTeX renders it. */
const textLatex = (s: string): string => `\\text{${s.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`))}}`;

/** Words with numbers in them, the numbers in math (`5\text{ more factors}`), as the subscript of a brace writes them. */
const numbersInText = (s: string): string => s.split(/(\d+)/).filter((p) => p !== '').map((p) => (/^\d+$/.test(p) ? p : textLatex(p))).join('');

/** LaTeX of an expression, or a note when it is too large to print (the HTML view renders the same note). */
export function exprLatex(e: Expr, lang: Language = 'en'): string {
  return tooLargeToPrint(e.size) ? textLatex(say(msg('latex.too-large', { size: e.size }), lang)) : printLatex(e);
}

const paren = (s: string): string => `\\left(${s}\\right)`;

/** LaTeX of one factor inside a product: bracketed when it is a sum or starts with a minus. */
function factorLatex(e: Expr, alone: boolean, lang: Language): string {
  const s = exprLatex(e, lang);
  if (alone) return s;
  return e.kind === 'add' || s.startsWith('-') ? paren(s) : s;
}

function numberInProduct(x: number, alone: boolean): string {
  const s = formatNumberLatex(x);
  return !alone && (x < 0 || s.includes('\\times')) ? paren(s) : s;
}

/** The middle of a long product: `\cdots` with how many factors it stands for. */
export const omittedLatex = (g: OmittedFactors, lang: Language = 'en'): string => `\\underbrace{\\cdots}_{${numbersInText(say(msg('latex.more-factors', { count: g.omitted }), lang))}}`;

/**
 * A sum of path products in LaTeX, `piece` writing each listed factor (a
 * long product's middle is one `\cdots`); `alone` when the factor is the
 * whole sum.
 */
export function sumLatex(s: ValuedSum, piece: (f: ValuedFactor, alone: boolean) => string, lang: Language = 'en'): string {
  return s.terms.map((t) => t.listed.map((f) => (isOmitted(f) ? omittedLatex(f, lang) : piece(f, t.factors.length === 1 && s.terms.length === 1))).join(' \\cdot ')).join(' + ');
}

/** The body of the `align*` environment: its lines, without `\begin`/`\end`. */
export function renderLatexBody(report: Report, lang: Language = 'en'): string {
  const lines: string[] = [];
  // The module's writers, their notes said in `lang`.
  const tex = (e: Expr): string => exprLatex(e, lang);
  const paths = (s: ValuedSum, piece: (f: ValuedFactor, alone: boolean) => string): string => sumLatex(s, piece, lang);
  const omitted = (g: OmittedFactors): string => omittedLatex(g, lang);
  const factor = (e: Expr, alone: boolean): string => factorLatex(e, alone, lang);
  const name = (n: string): string => tex(sym(n));
  const partial = (of: string, wrt: string): string => tex(deriv(sym(of), sym(wrt)));

  const decomposition = (s: ValuedSum): string => paths(s, (f) => partial(f.of, f.wrt));
  // A split factor stays a derivative here: its own block below expands it.
  const forms = (s: ValuedSum): string =>
    paths(s, (f, alone) => (f.expansion ? partial(f.of, f.wrt) : factor(f.expr, alone)));
  const values = (s: ValuedSum): string => paths(s, (f, alone) => numberInProduct(f.value, alone));

  /** `∂of/∂wrt &= form = value` for every factor, then each split's own block. */
  const factorLines = (s: ValuedSum, expanded: Set<string>): void => {
    const later: ValuedSum[] = [];
    for (const f of s.terms.flatMap((t) => t.listed)) {
      if (isOmitted(f)) {
        lines.push(`&${omitted(f)} = ${formatNumberLatex(f.value)}`);
        continue;
      }
      const key = `${f.of}\u0000${f.wrt}`;
      if (f.expansion) {
        if (!expanded.has(key)) {
          expanded.add(key);
          later.push(f.expansion);
        }
        continue;
      }
      if (expanded.has(key)) continue;
      expanded.add(key);
      const kink = f.kink ? ` \\quad ${textLatex(say(msg('html.kink', {}), lang))}` : '';
      lines.push(`${partial(f.of, f.wrt)} &= ${tex(f.expr)} = ${formatNumberLatex(f.value)}${kink}`);
      // With --explain: the factor's steps, one row each, the rule on the right.
      if (f.steps) lines.push(...stepsLatexRows(f.steps, '', lang));
    }
    for (const sum of later) {
      lines.push(`${partial(sum.of, sum.wrt)} &= ${decomposition(sum)}`);
      lines.push(`&= ${forms(sum)}`);
      lines.push(`&= ${values(sum)}`);
      lines.push(`&= ${formatNumberLatex(sum.value)}`);
      factorLines(sum, expanded);
    }
  };

  const gradient = (g: GradientReport): void => {
    const head = partial(g.target, g.wrt);
    const chain = g.chain;
    if (chain.trivial) {
      lines.push(`${head} &= ${tex(g.expr)}`);
    } else {
      lines.push(`${head} &= ${decomposition(chain)}`);
      lines.push(`&= ${forms(chain)}`);
      const full = tex(g.expr);
      if (full !== forms(chain)) lines.push(`&= ${full}`);
      lines.push(`&= ${values(chain)}`);
    }
    const kink = g.kink ? ` \\quad ${textLatex(say(msg('html.at-kink', {}), lang))}` : '';
    lines.push(`&= ${formatNumberLatex(g.value)}${kink}`);
    if (!chain.trivial) factorLines(chain, new Set([`${g.target}\u0000${g.wrt}`]));
  };

  for (const g of report.gradients) gradient(g);

  // The gradient by every element of a matrix, as that matrix (SPEC §7).
  for (const m of report.gradientMatrices) {
    const columns = m.dims[m.dims.length - 1] ?? 1;
    const cells = m.entries.map((g) => formatNumberLatex(g.value));
    const rows: string[] = [];
    for (let i = 0; i < cells.length; i += columns) rows.push(cells.slice(i, i + columns).join(' & '));
    lines.push(`${partial(m.target, m.wrt)} &= \\begin{bmatrix} ${rows.join(' \\\\ ')} \\end{bmatrix}`);
  }

  for (const v of report.values) {
    if (!v.usesDerivative || v.role !== 'definition') continue;
    const rhs = v.expr ? `${tex(v.expr)} = ` : '';
    lines.push(`${name(v.name)} &= ${rhs}${formatNumberLatex(v.value)}`);
  }

  if (report.training) {
    const t = report.training;
    for (const s of t.steps) {
      lines.push(`${name(t.objective)} &= ${formatNumberLatex(s.objective)} && ${textLatex(say(msg('latex.after-steps', { step: s.step }), lang))}`);
    }
  }

  return lines.join(LINE_BREAK);
}

/** The report as a LaTeX `align*` environment, ending in a newline. */
export function renderLatex(report: Report, lang: Language = 'en'): string {
  if (report.matrix) return `\\begin{align*}\n${matrixLatexBody(report.matrix, lang)}\n\\end{align*}\n`;
  return `\\begin{align*}\n${renderLatexBody(report, lang)}\n\\end{align*}\n`;
}
