/**
 * Views of a step-by-step derivation (SPEC §13): terminal text wrapped to 80
 * columns, a LaTeX `align*`, the JSON steps, and HTML with KaTeX.
 *
 * Invariant: these only print the derivation they are given (the steps of
 * diff/steps.ts through report/model-steps.ts); every sentence comes from
 * the one table of messages/steps-en.ts.
 */

import { displayWidth } from '../errors.ts';
import type { Expr } from '../expr/node.ts';
import { ruleNames, stepLabel, stepMessages, stepSentence, stepSentenceParts } from '../messages/steps-en.ts';
import type { Language } from '../messages/message.ts';
import { msg, say } from '../messages/format.ts';
import { toText } from '../print/text.ts';
import { toLatex } from '../print/latex.ts';
import type { Derivation, DerivationStep, SubStep } from './model-steps.ts';
import type { ValuedFactor, ValuedSum } from './model-chain.ts';
import { escapeHtml } from './escape.ts';

/** Columns of terminal output. */
export const STEPS_WIDTH = 80;

/** Lines an intermediate step's expression takes in the terminal before it is cut. */
export const MAX_STEP_LINES = 6;

/** The rules a brief step absorbed, as a sentence. */
function mergedSentence(step: DerivationStep, lang: Language): string {
  if (step.merged === undefined || step.merged.length === 0) return '';
  const names = [...new Set(step.merged)].map((r) => ruleNames(lang)[r] ?? r).join(', ');
  return ` ${stepMessages(lang).merged.replace('{rules}', names)}`;
}

/** A step's sentence in plain text (JSON `text`, terminal). */
export function stepText(step: DerivationStep | SubStep, lang: Language = 'en'): string {
  const main = stepSentence(step.key, step.params, toText, lang);
  return 'merged' in step ? main + mergedSentence(step, lang) : main;
}

/**
 * `text` wrapped at spaces to `width` columns, the first line after `first`
 * and the others after `rest` (a word longer than a line is cut).
 */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    // Columns as a terminal shows them: a Korean sentence's syllables take two each.
    if (!empty && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    let w = word;
    // A word that does not fit on a line of its own is cut where the line ends.
    while (line.length + (empty ? 0 : 1) + w.length > width && w.length > width - rest.length) {
      const room = width - line.length - (empty ? 0 : 1);
      line += (empty ? '' : ' ') + w.slice(0, room);
      lines.push(line);
      w = w.slice(room);
      line = rest;
      empty = true;
    }
    line += (empty ? '' : ' ') + w;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** The heading of a derivation: what is differentiated by what. */
function heading(d: Derivation): string {
  return `d/d${d.wrt.name} ${toText(d.of)}`;
}

/**
 * The derivation for a terminal: a heading, then numbered steps, each a
 * sentence, its substeps indented, and `= ` the whole expression after it;
 * every line within `width` columns.
 */
export function renderStepsTerminal(d: Derivation, width: number = STEPS_WIDTH, indent = '', lang: Language = 'en'): string {
  // Long pieces are cut (JSON has every step whole); the last step is the result, shown whole.
  const cut = (lines: string[], pad: string): string[] => (lines.length <= MAX_STEP_LINES ? lines
    : [...lines.slice(0, MAX_STEP_LINES), `${pad}    ${say(msg('cli.more-lines', { count: lines.length - MAX_STEP_LINES }), lang)}`]);
  const lines = cut(wrap(heading(d), width, indent, `${indent}    `), indent);
  d.steps.forEach((s, i) => {
    const number = `${i + 1}. `;
    const pad = `${indent}${' '.repeat(number.length)}`;
    lines.push(...cut(wrap(stepText(s, lang), width, indent + number, pad), pad));
    for (const sub of s.substeps) lines.push(...cut(wrap(stepText(sub, lang), width, `${pad}  `, `${pad}    `), pad));
    const form = wrap(`= ${toText(s.expr)}`, width, pad, `${pad}    `);
    lines.push(...(i === d.steps.length - 1 ? form : cut(form, pad)));
  });
  return `${lines.join('\n')}\n`;
}

/** LaTeX text mode: the characters `\text{}` needs escaped. */
const texText = (s: string): string => s.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`));

/** A step's short label for the right column of an `align*`: the rule's name, and the function's. */
function latexLabel(step: DerivationStep, lang: Language): string {
  const fn = step.params['fn'];
  const count = step.params['count'];
  const label = step.key === 'left-out' && typeof count === 'string' ? stepLabel('left-out', { count }, lang)
    : step.rule === 'function' && typeof fn === 'string' ? stepLabel('function-rule', { fn }, lang)
    : ruleNames(lang)[step.rule] ?? step.rule;
  return `\\text{${texText(label)}}`;
}

/** The rows of a derivation inside an `align*`: `lhs &= expr && \text{rule}`, the left side on the first row only. */
export function stepsLatexRows(d: Derivation, lhs = '', lang: Language = 'en'): string[] {
  return d.steps.map((s, i) => `${i === 0 ? lhs : ''} &= ${toLatex(s.expr)} && ${latexLabel(s, lang)}`);
}

/** The derivation as a LaTeX `align*`: one line per step, the rule on the right. */
export function renderStepsLatex(d: Derivation, lang: Language = 'en'): string {
  const lhs = `\\frac{\\partial}{\\partial ${toLatex(d.wrt)}}\\left(${toLatex(d.of)}\\right)`;
  return `\\begin{align*}\n${stepsLatexRows(d, lhs, lang).join(' \\\\\n')}\n\\end{align*}\n`;
}

export interface SubStepJson {
  readonly rule: string;
  readonly text: string;
  readonly of: string;
  readonly wrt: string;
  readonly expr: string;
  readonly latex: string;
}

export interface StepJson {
  readonly rule: string;
  readonly text: string;
  readonly expr: string;
  readonly latex: string;
  readonly substeps?: readonly SubStepJson[];
}

/** The JSON steps of SPEC §13: `[{rule, text, expr, latex, substeps?: [{rule, text, of, wrt, expr, latex}]}]`. */
export function stepsJson(d: Derivation, lang: Language = 'en'): StepJson[] {
  return d.steps.map((s) => {
    const base = { rule: s.rule, text: stepText(s, lang), expr: toText(s.expr), latex: toLatex(s.expr) };
    if (s.substeps.length === 0) return base;
    const substeps = s.substeps.map((sub) => ({
      rule: sub.rule, text: stepText(sub, lang), of: toText(sub.of), wrt: sub.wrt.name, expr: toText(sub.expr), latex: toLatex(sub.expr),
    }));
    return { ...base, substeps };
  });
}

/** A sentence as HTML, its mathematics typeset by `tex` (KaTeX). */
function sentenceHtml(step: DerivationStep | SubStep, tex: (latex: string, display: boolean) => string, lang: Language): string {
  const parts = stepSentenceParts(step.key, step.params, lang).map((p: string | Expr) => (typeof p === 'string' ? escapeHtml(p) : tex(toLatex(p), false)));
  return parts.join('') + ('merged' in step ? escapeHtml(mergedSentence(step, lang)) : '');
}

/** The derivation as an HTML ordered list, sentences with inline KaTeX and each expression displayed. */
export function renderStepsHtml(d: Derivation, tex: (latex: string, display: boolean) => string, lang: Language = 'en'): string {
  const items = d.steps.map((s) => {
    const subs = s.substeps.length === 0 ? ''
      : `<ul>${s.substeps.map((sub) => `<li>${sentenceHtml(sub, tex, lang)}</li>`).join('')}</ul>`;
    return `<li data-rule="${s.rule}"><p>${sentenceHtml(s, tex, lang)}</p>${subs}<div class="step-expr">${tex(`= ${toLatex(s.expr)}`, true)}</div></li>`;
  });
  return `<ol class="steps">${items.join('')}</ol>`;
}

/** The distinct local factors of a chain that carry steps, in the order first met (expansions included). */
export function factorsWithSteps(chain: ValuedSum): (ValuedFactor & { readonly steps: Derivation })[] {
  const out: (ValuedFactor & { readonly steps: Derivation })[] = [];
  const seen = new Set<string>();
  const sums = new Set<ValuedSum>();
  const visit = (s: ValuedSum): void => {
    if (sums.has(s)) return;
    sums.add(s);
    for (const t of s.terms) {
      for (const f of t.factors) {
        const key = `${f.of}\u0000${f.wrt}`;
        if (f.steps !== undefined && !seen.has(key)) {
          seen.add(key);
          out.push({ ...f, steps: f.steps });
        }
        if (f.expansion) visit(f.expansion);
      }
    }
  };
  visit(chain);
  return out;
}

/**
 * The steps of every local factor of a gradient, for the terminal report:
 * `steps of ∂out_o1/∂net_o1`, then the derivation indented.
 */
export function renderFactorStepsTerminal(
  chain: ValuedSum, partial: (of: string, wrt: string) => string, width: number = STEPS_WIDTH, lang: Language = 'en',
): string[] {
  const lines: string[] = [];
  for (const f of factorsWithSteps(chain)) {
    lines.push('', `  ${stepLabel('factor-steps', { factor: partial(f.of, f.wrt) }, lang)}`);
    lines.push(...renderStepsTerminal(f.steps, width, '    ', lang).trimEnd().split('\n'));
  }
  return lines;
}
