/**
 * Messages into sentences: a key's template in the chosen language with its
 * parameters put in (SPEC §15). The one place templates are read, so
 * plurals, particles and nested messages work the same for every view.
 */

import { EN, type MessageKey } from './en.ts';
import { KO } from './ko.ts';
import { particle } from './korean.ts';
import { isMessage, type Language, type Message, type Param, type ParamsOf } from './message.ts';

const CATALOGUES: Readonly<Record<Language, { readonly [K in MessageKey]: string }>> = { en: EN, ko: KO };

/** `{name}`, `{name|one|other}` or `{name:particle}`. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(?:\|([^|}]*)\|([^}]*)|:([^}]+))?\}/g;

/** A message for `key`, its parameters checked against the English template. */
export function msg<K extends MessageKey>(key: K, params: { readonly [P in ParamsOf<(typeof EN)[K]>]: Param }): Message {
  return { key, params };
}

/** The template of `key` in `lang`. */
export function template(key: MessageKey, lang: Language): string {
  return CATALOGUES[lang][key];
}

/** The sentence a message says in `lang`. */
export function say(message: Message, lang: Language): string {
  const value = (name: string): string => {
    const p: Param | undefined = message.params[name];
    if (p === undefined) throw new Error(`message ${message.key} has no parameter ${name}`);
    return isMessage(p) ? say(p, lang) : String(p);
  };
  return template(message.key, lang).replace(PLACEHOLDER, (_, name: string, one?: string, other?: string, marker?: string) => {
    if (one !== undefined) return Number(message.params[name]) === 1 ? one : other!;
    if (marker !== undefined) return particle(value(name), marker);
    return value(name);
  });
}

/** The parameter names a template uses, for the catalogue test. */
export function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
}

/** "a", "a or b", "a, b or c" as a message, in the reader's language. */
export function orList(items: readonly Param[]): Param {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return msg('list.or', { first: items[0]!, second: items[1]! });
  return msg('list.comma', { first: items[0]!, rest: orList(items.slice(1)) });
}

/** "a", "a and b", "a, b and c" in the reader's language, as a message. */
export function listOf(items: readonly string[]): Param {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return msg('list.two', { first: items[0]!, second: items[1]! });
  return msg('list.more', { init: items.slice(0, -1).join(', '), last: items.at(-1)! });
}

/** Items said one after another with `separator` between them, as one message parameter. */
export function joined(items: readonly Param[], separator: string): Param {
  if (items.length <= 1) return items[0] ?? '';
  return msg('list.join', { first: items[0]!, separator, rest: joined(items.slice(1), separator) });
}
