/**
 * What a library caller hands in, checked at the public API's door: a
 * JavaScript caller (or a TypeScript one past a cast) can pass a number
 * where a text goes, or `undefined` where an expression goes, and deep
 * inside the engine that would surface as a raw TypeError ("cannot read
 * properties of undefined"). Each check throws one NablaError naming the
 * function, the argument and what was found instead.
 *
 * Invariant: the checks only look (`typeof`, a field's presence); they never
 * convert, so a value that passes is used exactly as given.
 */

import { NablaError } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';

/** `a string`, `a number`, `null`, `an array`, … for messages. */
export function describeValue(value: unknown): Param {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return msg('kind.array', {});
  const type = typeof value;
  return type === 'object' ? msg('kind.object', {}) : msg(/^[aeiou]/.test(type) ? 'kind.an' : 'kind.a', { type });
}

function refuse(where: string, expected: Message, value: unknown): never {
  throw new NablaError(msg('argument.expected', { where, expected, found: describeValue(value) }));
}

/** `where` names the call and argument, e.g. `loadFile(text)`. */
export function expectString(value: unknown, where: string): asserts value is string {
  if (typeof value !== 'string') refuse(where, msg('argument.a-string', {}), value);
}

export function expectStrings(value: unknown, where: string): asserts value is readonly string[] {
  if (!Array.isArray(value)) refuse(where, msg('argument.names-array', {}), value);
  for (const v of value) if (typeof v !== 'string') refuse(where, msg('argument.names-only', {}), v);
}

/** An expression node (from `parse`), recognised by its tag and id. */
export function expectExpr(value: unknown, where: string): void {
  const v = value as { kind?: unknown; id?: unknown } | null;
  if (typeof v !== 'object' || v === null || typeof v.kind !== 'string' || typeof v.id !== 'number') refuse(where, msg('argument.expression', { parse: 'parse' }), value);
}

/** A system (from `loadFile` or `loadNotes`), recognised by its definitions and errors. */
export function expectSystem(value: unknown, where: string): void {
  const v = value as { definitions?: unknown; errors?: unknown } | null;
  if (typeof v !== 'object' || v === null || !(v.definitions instanceof Map) || !Array.isArray(v.errors)) refuse(where, msg('argument.system', { loadFile: 'loadFile', loadNotes: 'loadNotes' }), value);
}

/** Options: absent, or a plain object. */
export function expectOptions(value: unknown, where: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) refuse(where, msg('argument.options', {}), value);
}
