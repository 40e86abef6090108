/**
 * A sentence for a person, as data: a catalogue key and its parameters
 * (SPEC §15). Models carry messages, never finished sentences, so the
 * mathematics is computed once and every view says it in the reader's
 * language. A parameter is text that never changes with the language (a
 * name, a number as written, an expression), a number, or another message
 * (a reason inside a reason).
 */

import type { MessageKey } from './en.ts';

export type Language = 'en' | 'ko';
export const LANGUAGES: readonly Language[] = ['en', 'ko'];

export type Param = string | number | Message;

export interface Message {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, Param>>;
}

/** The names of a template's parameters: `{name}`, `{name|one|other}` and `{name:은}` all name `name`. */
export type ParamsOf<T extends string> = T extends `${string}{${infer P}}${infer Rest}`
  ? (P extends `${infer N}|${string}` ? N : P extends `${infer N}:${string}` ? N : P) | ParamsOf<Rest>
  : never;

export const isMessage = (p: Param): p is Message => typeof p === 'object';
