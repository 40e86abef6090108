/**
 * The CLI's option values, read from their text: limits, step counts, name
 * lists and bindings (through the library's readers), and the library's
 * RequestErrors turned into carets under the name in the option's text.
 *
 * Invariant: a bad option value is an OptionError labelled with the option
 * (`--at:1:5: …`, the option's text and a caret), never a bare message.
 */

import { NablaError, sanitize } from '../errors.ts';
import {
  assertNever, chooseLanguage, msg, DEFAULT_TIME_LIMIT_SECONDS, isLanguage, LANGUAGES, proseOf, type Language, OptionError, readBindings, readNames, RequestError,
  type BindingsInText, type NameInText, type RequestOption,
} from '../index.ts';

/** Most training steps one run may ask for (a bound, so a typo cannot hang the terminal). */
export const MAX_STEPS = 10_000_000;

/** `--max-seconds 2.5`, `--max-depth 500`: a positive number (a whole one with `integer`). */
export function parseLimit(text: string, option: string, integer: boolean): number {
  const n = Number(text);
  const ok = /^\s*\d+(\.\d+)?\s*$/.test(text) && n > 0 && (!integer || Number.isInteger(n));
  if (!ok) {
    const found = sanitize(text);
    throw new OptionError(option, integer ? msg('cli.option.positive-whole-number', { option, found }) : msg('cli.option.positive-number', { option, found }), text, 0, text.length);
  }
  return n;
}

/** The --max-seconds budget of a command (DEFAULT_TIME_LIMIT_SECONDS when not given). */
export const timeLimit = (options: { maxSeconds?: string }): number =>
  options.maxSeconds === undefined ? DEFAULT_TIME_LIMIT_SECONDS : parseLimit(options.maxSeconds, '--max-seconds', false);

export function parseSteps(text: string): number {
  if (!/^\s*\d+\s*$/.test(text)) {
    throw new OptionError('--steps', msg('cli.option.steps', { option: '--steps', found: sanitize(text) }), text, 0, text.length);
  }
  const n = Number(text);
  if (n > MAX_STEPS) throw new NablaError(msg('cli.option.steps-limit', { option: '--steps', n, max: MAX_STEPS }));
  return n;
}

/**
 * The language of a command's output (SPEC §15): `--lang`, else the
 * locale, else the document's prose (`check`), else English.
 */
export function outputLanguage(options: { lang?: string }, document?: string): Language {
  const text = options.lang;
  if (text !== undefined && !isLanguage(text.trim())) {
    throw new OptionError('--lang', msg('cli.option.expected-in', { choices: msg('list.or', { first: LANGUAGES[0]!, second: LANGUAGES[1]! }), option: '--lang', found: sanitize(text) }), text, 0, text.length);
  }
  return chooseLanguage({
    option: text === undefined ? undefined : (text.trim() as Language),
    env: process.env,
    document: document === undefined ? undefined : proseOf(document),
  });
}

/** The texts of the options a request was read from, with where each name is in them. */
export interface RequestTexts {
  readonly wrt?: { readonly text: string; readonly names: readonly NameInText[] };
  readonly target?: { readonly text: string; readonly names: readonly NameInText[] };
  readonly at?: { readonly text: string; readonly bindings: BindingsInText };
}

/** Read `--wrt`, `--target` and `--at` (each optional) into names, keeping their texts for carets. */
export function readRequest(options: { wrt?: string; target?: string; at?: string }): RequestTexts {
  return {
    wrt: options.wrt === undefined ? undefined : { text: options.wrt, names: readNames(options.wrt, '--wrt') },
    target: options.target === undefined ? undefined : { text: options.target, names: readNames(options.target, '--target') },
    at: options.at === undefined ? undefined : { text: options.at, bindings: readBindings(options.at, '--at') },
  };
}

/** How the user wrote each name of the options (`w_5` for `w5`), for the library's messages. */
export function writtenNames(texts: RequestTexts): Map<string, string> {
  const out = new Map<string, string>();
  for (const list of [texts.wrt, texts.target]) for (const n of list?.names ?? []) out.set(n.name, n.written);
  for (const [name, place] of texts.at?.bindings.places ?? []) out.set(name, texts.at!.text.slice(place.offset, place.offset + place.length));
  return out;
}

/** Where a name is written in the text of an option, if it is there. */
function placeIn(texts: RequestTexts, option: RequestOption, name: string): { text: string; offset: number; length: number } | undefined {
  switch (option) {
    case 'wrt':
    case 'target': {
      const list = texts[option];
      const hit = list?.names.find((n) => n.name === name);
      return list && hit && { text: list.text, offset: hit.offset, length: hit.written.length };
    }
    case 'at': {
      const place = texts.at?.bindings.places.get(name);
      return texts.at && place && { text: texts.at.text, ...place };
    }
    case 'steps':
      return undefined;
    default:
      return assertNever(option);
  }
}

/**
 * A RequestError about a name the user gave in an option, without a place in
 * the file: the same message, with a caret under the name in the option's text.
 */
export function inOptionText(err: unknown, texts: RequestTexts): unknown {
  if (!(err instanceof RequestError) || err.span !== undefined || err.subject.name === undefined) return err;
  const place = placeIn(texts, err.subject.option, err.subject.name);
  return place ? new OptionError(`--${err.subject.option}`, err.said ?? err.message, place.text, place.offset, place.length) : err;
}
