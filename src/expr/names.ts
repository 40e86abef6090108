/**
 * Names as the user writes them and as the engine keys them.
 *
 * A name is a base and an optional subscript: `w5`, `w_5` and (in LaTeX)
 * `w_{5}` are one name, keyed `w5`; `out_h1` is base `out`, subscript `h1`.
 * Greek letters and Greek words are one name, keyed by the word (`γ` is
 * `gamma`). An update name `x'` or (LaTeX) `x^+` is keyed `x_new`.
 * The words a name may not be are listed here once (`RESERVED_FUNCTION_WORDS`,
 * `RESERVED_WORDS`), for the parsers, the printers and the CLI alike.
 */

import { FUNCTION_WORDS, SPECIAL_FORMS } from '../functions.ts';

/** Words that name a function (registry rows, `sqrt`, `sum`, …, and `diff`): a variable may not be one. */
export const RESERVED_FUNCTION_WORDS: ReadonlySet<string> = new Set([...FUNCTION_WORDS, 'diff']);

/**
 * Every word with a meaning of its own in the formula language: functions,
 * special forms (`d` included), the constants and the statement keywords.
 * A printer never chooses one as a fresh name.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([...RESERVED_FUNCTION_WORDS, ...SPECIAL_FORMS, 'e', 'pi', 'derive', 'wrt', 'claim']);

export const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', rho: 'ρ', sigma: 'σ',
  tau: 'τ', upsilon: 'υ', phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

const GREEK_BY_LETTER: ReadonlyMap<string, string> = new Map(Object.entries(GREEK).map(([w, l]) => [l, w]));

/** The Greek word for a Greek letter (`γ` → `gamma`), or undefined. */
export function greekWord(letter: string): string | undefined {
  return GREEK_BY_LETTER.get(letter);
}

export const isGreekWord = (word: string): boolean => Object.prototype.hasOwnProperty.call(GREEK, word);

/**
 * The key of a name as written: braces dropped, Greek letters spelled as
 * words, `w_5` → `w5` (a letters-only base with a digits-only subscript),
 * a trailing `'` or `^+` → `_new`.
 */
export function canonicalName(raw: string): string {
  // Plain ASCII names without an underscore-digit subscript are already keys (the common case).
  if (/^[A-Za-z][A-Za-z0-9]*(?:_(?![0-9])[A-Za-z0-9_]*)?$/.test(raw)) return raw;
  let s = raw.replace(/[{}\s]/g, '');
  s = [...s].map((ch) => greekWord(ch) ?? ch).join('');
  if (s.endsWith("'")) s = `${s.slice(0, -1)}_new`;
  if (s.endsWith('^+')) s = `${s.slice(0, -2)}_new`;
  const m = /^([A-Za-z]+)_(\d+)(.*)$/.exec(s);
  if (m) s = `${m[1]}${m[2]}${m[3]}`;
  return s;
}

export interface NameParts {
  /** Leading letters: `out`, `w`, `gamma`. */
  readonly base: string;
  /** The rest without a leading underscore: `h1`, `5`, or '' when none. */
  readonly subscript: string;
  /** True for an update name (`w5_new`), printed with a `+` superscript in LaTeX. */
  readonly update: boolean;
}

/** Split a canonical name for printing: `out_h1` → out, h1; `w5_new` → w, 5, update. */
export function nameParts(name: string): NameParts {
  let rest = name;
  let update = false;
  if (rest.endsWith('_new') && rest.length > 4) {
    rest = rest.slice(0, -4);
    update = true;
  }
  const m = /^([A-Za-z]+)_?(.*)$/.exec(rest);
  if (!m) return { base: rest, subscript: '', update };
  return { base: m[1]!, subscript: m[2]!, update };
}

/**
 * Textbook marks kept in a name's key (SPEC §6): a decoration `\hat{y}` is
 * `y_hat`, a layer superscript `W^{(2)}` is `W_L2`; then the subscript and
 * the update mark, so `\hat{y}^{(2)}_1` is `y_hat_L2_1` and `{W^{(2)}_{11}}^+`
 * is `W_L2_11_new`. Keys stay plain identifiers, so formula files and the
 * ASCII printer spell them as they are.
 */
export const DECORATIONS = ['hat', 'bar', 'tilde', 'vec'] as const;
export type Decoration = (typeof DECORATIONS)[number];

export interface MarkedName {
  readonly base: string;
  readonly decoration?: Decoration;
  /** The layer index: digits or one letter. */
  readonly layer?: string;
  readonly subscript: string;
  readonly update: boolean;
}

const MARKED = /^([A-Za-z]+)(?:_(hat|bar|tilde|vec))?(?:_L(\d+|[A-Za-z]))?(?:_(?!new$)([A-Za-z0-9]+))?(_new)?$/;

/** The marks of a key that has a decoration or a layer (`y_hat_1`, `W_L2_11`), or undefined. */
export function markedName(name: string): MarkedName | undefined {
  const m = MARKED.exec(name);
  if (m === null || (m[2] === undefined && m[3] === undefined)) return undefined;
  return {
    base: m[1]!, subscript: m[4] ?? '', update: m[5] !== undefined,
    ...(m[2] !== undefined ? { decoration: m[2] as Decoration } : {}),
    ...(m[3] !== undefined ? { layer: m[3] } : {}),
  };
}
