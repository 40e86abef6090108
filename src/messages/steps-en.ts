/**
 * The sentences of step-by-step derivations (SPEC §13): keys `step.*`,
 * `step-label.*` and `rule-name.*` of the one message catalogue (en.ts,
 * ko.ts), each sentence with named parameters, read here in a language.
 *
 * Invariant: every `{name}` in a sentence is a parameter the step supplies
 * (test/steps.test.ts checks it for every key); mathematics is passed in as
 * parameters and printed by the caller (ASCII or LaTeX), never written here.
 */

import type { Expr } from '../expr/node.ts';
import { template } from './format.ts';
import type { Language } from './message.ts';

/** The keys of step sentences; a step's stable `rule` code is separate (several keys share one code). */
export type StepMessageKey =
  | 'simplify-input' | 'constant' | 'sum' | 'difference' | 'constant-multiple' | 'product' | 'quotient'
  | 'power' | 'power-general' | 'chain' | 'chain-many' | 'function'
  | 'substitute' | 'simplify' | 'left-out' | 'merged';

/** A parameter: mathematics (printed by the view) or plain text (a rule name, a count). */
export type StepParam = Expr | string;

/** The catalogue's `step.*` templates in `lang`, by step key. */
function stepTemplates(lang: Language): Readonly<Record<StepMessageKey, string>> {
  return Object.fromEntries(STEP_KEYS.map((k) => [k, template(`step.${k}`, lang)])) as Record<StepMessageKey, string>;
}

const STEP_KEYS: readonly StepMessageKey[] = [
  'simplify-input', 'constant', 'sum', 'difference', 'constant-multiple', 'product', 'quotient',
  'power', 'power-general', 'chain', 'chain-many', 'function', 'substitute', 'simplify', 'left-out', 'merged',
];

/** The English sentences, from the one catalogue (messages/en.ts, `step.*`). */
export const STEP_MESSAGES_EN: Readonly<Record<StepMessageKey, string>> = stepTemplates('en');

/** The sentences in `lang`. */
export const stepMessages = (lang: Language): Readonly<Record<StepMessageKey, string>> => stepTemplates(lang);

/** Short labels beside a step (the right column of an `align*`), keys with parameters like the sentences. */
export const STEP_LABELS_EN = {
  'function-rule': template('step-label.function-rule', 'en'),
  'left-out': template('step-label.left-out', 'en'),
  'factor-steps': template('step-label.factor-steps', 'en'),
  toggle: template('step-label.toggle', 'en'),
} as const;

/** A label with its parameters filled in. */
export function stepLabel(key: keyof typeof STEP_LABELS_EN, params: Readonly<Record<string, string>>, lang: Language = 'en'): string {
  return template(`step-label.${key}`, lang).replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** How each rule code is named in a sentence (`merged` lists them). */
const RULE_CODES = ['sum', 'constant-multiple', 'product', 'quotient', 'power', 'chain', 'function', 'substitute', 'simplify'] as const;

/** How each rule code is named in `lang`. */
export function ruleNames(lang: Language): Readonly<Record<string, string>> {
  return Object.fromEntries(RULE_CODES.map((r) => [r, template(`rule-name.${r}`, lang)]));
}

export const STEP_RULE_NAMES_EN: Readonly<Record<string, string>> = ruleNames('en');

/**
 * The sentence for `key` as text and mathematics in order, for views that
 * typeset the mathematics themselves (KaTeX in HTML).
 */
export function stepSentenceParts(key: StepMessageKey, params: Readonly<Record<string, StepParam>>, lang: Language = 'en'): (string | Expr)[] {
  const parts: (string | Expr)[] = [];
  const template = stepMessages(lang)[key];
  let at = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    const p = params[m[1]!];
    if (p === undefined) continue;
    parts.push(template.slice(at, m.index), p);
    at = m.index + m[0].length;
  }
  parts.push(template.slice(at));
  // Adjacent text pieces are one (a string parameter is text too).
  return parts.reduce<(string | Expr)[]>((out, p) => {
    const prev = out[out.length - 1];
    if (typeof p === 'string' && typeof prev === 'string') out[out.length - 1] = prev + p;
    else if (p !== '') out.push(p);
    return out;
  }, []);
}

/**
 * The sentence for `key` with its parameters filled in, mathematics printed
 * by `show` (toText for the terminal and JSON, toLatex inside KaTeX).
 */
export function stepSentence(
  key: StepMessageKey, params: Readonly<Record<string, StepParam>>, show: (e: Expr) => string, lang: Language = 'en',
): string {
  return stepSentenceParts(key, params, lang).map((p) => (typeof p === 'string' ? p : show(p))).join('');
}
