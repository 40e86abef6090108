/**
 * The sentences of step-by-step derivations (SPEC §13), in English: one
 * table, each sentence a key with named parameters, so that the message
 * catalogue of SPEC §15 can translate it key by key.
 *
 * Invariant: every `{name}` in a sentence is a parameter the step supplies
 * (test/steps.test.ts checks it for every key); mathematics is passed in as
 * parameters and printed by the caller (ASCII or LaTeX), never written here.
 */

import type { Expr } from '../expr/node.ts';

/** The keys of step sentences; a step's stable `rule` code is separate (several keys share one code). */
export type StepMessageKey =
  | 'simplify-input' | 'constant' | 'sum' | 'difference' | 'constant-multiple' | 'product' | 'quotient'
  | 'power' | 'power-general' | 'chain' | 'chain-many' | 'function'
  | 'substitute' | 'simplify' | 'left-out' | 'merged';

/** A parameter: mathematics (printed by the view) or plain text (a rule name, a count). */
export type StepParam = Expr | string;

export const STEP_MESSAGES_EN: Readonly<Record<StepMessageKey, string>> = {
  'simplify-input': 'Rewrite the expression before differentiating ({rules}).',
  constant: '{of} does not depend on {wrt}: its derivative is 0.',
  sum: 'Sum rule: differentiate {of} term by term; terms without {wrt} give 0.',
  difference: 'Sum and difference rule: differentiate {of} term by term, a subtracted term keeping its minus; terms without {wrt} give 0.',
  'constant-multiple': 'Constant multiple rule: {constant} does not depend on {wrt} and stays a factor.',
  product: 'Product rule on {of}: differentiate one factor at a time, keeping the others.',
  quotient: 'Quotient rule on {of}: d(f/g) = (f′·g − f·g′)/g².',
  power: 'Power rule: d({of})/d({wrt}) = {result}.',
  'power-general': 'Power rule with a variable exponent: d(u^v) = u^v·(v′·ln u + v·u′/u), here u^v = {of}.',
  chain: 'Chain rule on {of}: with {u} = {inner}, multiply d({outer})/d({u}) by d({inner})/d({wrt}).',
  'chain-many': 'Chain rule on {of}: add each argument\'s derivative times the partial derivative of {fn} by it.',
  function: 'The rule of {fn}: d({of})/d({wrt}) = {result}.',
  substitute: 'Substitute the named node: {rhs} = {name}.',
  simplify: 'Simplify ({rules}).',
  'left-out': '{count} steps left out (at most {limit} are shown); this is the result.',
  merged: 'Together with: {rules}.',
};

/** Short labels beside a step (the right column of an `align*`), keys with parameters like the sentences. */
export const STEP_LABELS_EN = {
  'function-rule': '{fn} rule',
  'left-out': '{count} steps left out',
  'factor-steps': 'steps of {factor}',
  toggle: 'steps',
} as const;

/** A label with its parameters filled in. */
export function stepLabel(key: keyof typeof STEP_LABELS_EN, params: Readonly<Record<string, string>>): string {
  return STEP_LABELS_EN[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** How each rule code is named in a sentence (`merged` lists them). */
export const STEP_RULE_NAMES_EN: Readonly<Record<string, string>> = {
  sum: 'sum rule',
  'constant-multiple': 'constant multiple rule',
  product: 'product rule',
  quotient: 'quotient rule',
  power: 'power rule',
  chain: 'chain rule',
  function: 'function rule',
  substitute: 'substitution',
  simplify: 'simplification',
};

/**
 * The sentence for `key` as text and mathematics in order, for views that
 * typeset the mathematics themselves (KaTeX in HTML).
 */
export function stepSentenceParts(key: StepMessageKey, params: Readonly<Record<string, StepParam>>): (string | Expr)[] {
  const parts: (string | Expr)[] = [];
  const template = STEP_MESSAGES_EN[key];
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
  key: StepMessageKey, params: Readonly<Record<string, StepParam>>, show: (e: Expr) => string,
): string {
  return stepSentenceParts(key, params).map((p) => (typeof p === 'string' ? p : show(p))).join('');
}
