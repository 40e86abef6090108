/**
 * Every sentence a diagnosis says (SPEC §14) is a `diagnosis.*` key of the
 * one message catalogue (messages/en.ts and ko.ts); a finding names its key
 * without the prefix, with named parameters.
 * Invariant: a template names only parameters its finding supplies (the
 * diagnosis test checks every key).
 */

import { EN, type MessageKey } from '../messages/en.ts';
import { say as sayMessage } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';

/** A diagnosis key: a catalogue key `diagnosis.<key>`. */
export type DiagnosisMessageKey = MessageKey extends infer K ? (K extends `diagnosis.${infer D}` ? D : never) : never;

/** The English templates of the diagnosis keys, by key without the prefix. */
export const DIAGNOSIS_MESSAGES = Object.fromEntries(
  Object.entries(EN).filter(([k]) => k.startsWith('diagnosis.')).map(([k, v]) => [k.slice('diagnosis.'.length), v]),
) as Readonly<Record<DiagnosisMessageKey, string>>;

/** A finding's parameters: mathematics, names and numbers as they are, and prose as a message said in the reader's language. */
export type MessageParams = Readonly<Record<string, string | number | Message>>;

/** The finding's sentence as a catalogue message. */
export function diagnosisMessage(key: DiagnosisMessageKey, params: MessageParams): Message {
  return { key: `diagnosis.${key}`, params };
}

/** The English sentence of a key with its parameters filled in, by the catalogue's one formatter. */
export function say(key: DiagnosisMessageKey, params: MessageParams): string {
  return sayMessage(diagnosisMessage(key, params), 'en');
}
