/**
 * Names and values written in an option's text: a list of names (`w5,w_1,
 * w[1,2]`) and bindings (`x=1,y=-2.5,z=pi/2`), read into the keys and
 * numbers the engine uses.
 *
 * Invariant: a bad piece is an OptionError whose span points into the
 * option's own text (its `source`), and `option` is the label the caller gave,
 * so `formatError(err, err.option)` shows `--at:1:5:`, the text and a caret.
 */

import { NablaError, sanitize, spanAt } from '../errors.ts';
import type { Message } from '../messages/message.ts';
import type { Expr } from '../expr/node.ts';
import { canonicalName } from '../expr/names.ts';
import { elementName } from '../expr/indexed.ts';
import { freeSymbols } from '../expr/walk.ts';
import { RESERVED_FUNCTION_WORDS } from '../expr/names.ts';
import { parseExpression } from '../parse/parse.ts';
import { compile } from '../numeric/compile.ts';

/** A bad option value: it points into the option's text, labelled by `option` (`--at`). */
export class OptionError extends NablaError {
  constructor(readonly option: string, message: string | Message, text: string, offset: number, length: number) {
    super(message, spanAt(text, Math.min(offset, text.length), Math.max(1, length)), text);
    this.name = 'OptionError';
  }
}

/** A name of a list: its key, the text the user wrote, and where that text starts. */
export interface NameInText {
  readonly name: string;
  readonly written: string;
  readonly offset: number;
}

/** Function words and constants are not names: d/d(sin) or --at pi=3 means nothing. */
function reservedReason(written: string, name: string): string | undefined {
  if (RESERVED_FUNCTION_WORDS.has(written)) return `${sanitize(written)} is a function, not a name`;
  if (name === 'e') return 'e is Euler\'s number, not a name';
  if (name === 'pi' || name === 'π') return `${sanitize(written)} is the constant π, not a name`;
  return undefined;
}

/** The names of a comma-separated list (`--wrt a,b`), each as a key with the text the user wrote. */
export function readNames(text: string, option: string): NameInText[] {
  const out: NameInText[] = [];
  let offset = 0;
  // Commas inside an element's brackets (`w[1,1]`) do not split the list.
  for (const raw of text.split(/,(?![^[]*\])/)) {
    const written = raw.trim();
    const at = offset + raw.indexOf(written);
    offset += raw.length + 1;
    const element = /^(.*?)\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]$/.exec(written);
    if (element) {
      const [base] = readNames(element[1]!, option);
      out.push({ name: elementName(base!.name, element[2]!.split(',').map(Number)), written, offset: at });
      continue;
    }
    if (!/^[\p{L}][\p{L}\p{N}_{}']*(\^\+)?$/u.test(written)) {
      throw new OptionError(option,
        written === '' ? `Expected a name in ${option}, found nothing.` : `Expected a name in ${option}, found "${sanitize(written)}".`,
        text, at, written.length);
    }
    const name = canonicalName(written);
    const reserved = reservedReason(written, name);
    if (reserved !== undefined) throw new OptionError(option, `Expected a name in ${option}: ${reserved}.`, text, at, written.length);
    out.push({ name, written, offset: at });
  }
  return out;
}

/** Bindings read from an option: the values by key, and where each name is written in the text. */
export interface BindingsInText {
  readonly values: Map<string, number>;
  readonly places: Map<string, { readonly offset: number; readonly length: number }>;
}

/** The `name=value` parts of a text: a comma splits them only outside brackets (`x=max(1,2)`). */
function bindingParts(text: string): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (i === text.length || (c === ',' && depth === 0)) {
      parts.push({ text: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  return parts;
}

/** The number a binding's value text stands for: any expression without names. */
function bindingValue(text: string, option: string, part: { text: string; offset: number }, eq: number, nameText: string): number {
  const valueText = part.text.slice(eq + 1);
  const valueOffset = part.offset + eq + 1;
  let value: Expr;
  try {
    value = parseExpression(valueText);
  } catch (err) {
    if (!(err instanceof NablaError)) throw err;
    // Point into the whole option text, not just the value.
    const [offset, length] = err.span ? [valueOffset + err.span.offset, err.span.length] : [valueOffset, valueText.length];
    throw new OptionError(option, `${err.message.replace(/ at \d+:\d+/g, '').replace(/\.$/, '')} (in the value of ${sanitize(nameText)}).`, text, offset, length);
  }
  const names = freeSymbols(value);
  if (names.length > 0) {
    throw new OptionError(option, `The value of ${sanitize(nameText)} in ${option} must be a number, not a formula in ${names.map((s) => s.name).join(', ')}.`,
      text, valueOffset, valueText.length);
  }
  try {
    return compile([value], [])([])[0]!;
  } catch (err) {
    // `x=1/0`: the value has no number; the caret goes under the value as written.
    if (!(err instanceof NablaError)) throw err;
    throw new OptionError(option, `${err.message.replace(/\.$/, '')} (in the value of ${sanitize(nameText)}).`, text, valueOffset, valueText.length);
  }
}

/** `x=1,y=-2.5,z=pi/2` (the text of `option`, `--at`): the value of each name. */
export function readBindings(text: string, option: string): BindingsInText {
  const values = new Map<string, number>();
  const places = new Map<string, { offset: number; length: number }>();
  for (const part of bindingParts(text)) {
    const eq = part.text.indexOf('=');
    const nameText = (eq < 0 ? part.text : part.text.slice(0, eq)).trim();
    if (eq < 0 || nameText === '') {
      throw new OptionError(option, `Expected name=value in ${option}, found "${sanitize(part.text.trim())}".`,
        text, part.offset, part.text.length);
    }
    const nameOffset = part.offset + part.text.indexOf(nameText);
    let name: string;
    try {
      name = readNames(nameText, option)[0]!.name;
    } catch {
      throw new OptionError(option, `Expected a name before "=" in ${option}, found "${sanitize(nameText)}".`, text, nameOffset, nameText.length);
    }
    values.set(name, bindingValue(text, option, part, eq, nameText));
    places.set(name, { offset: nameOffset, length: nameText.length });
  }
  return { values, places };
}
