/**
 * A shape declaration's dimensions (`x : 4x4`, SPEC §7), read from the
 * source text the grammar took them as: the lexer reads `4x4` as `4`, an
 * implicit product and the name `x4`, so the text is read again here.
 *
 * Invariant: a shape is whole numbers from 1, with at most MAX_ENTRIES
 * entries; anything else is a positioned error.
 */

import { NablaError } from '../errors.ts';
import { MAX_ENTRIES, shapeText, sizeOf, type Shape } from '../expr/indexed.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import { locator, type Locator, type Range } from './syntax.ts';

/** The dimensions of a shape declaration as written (`4x4`, `4 x 4`, `4×4`, `3`). */
export function lowerShape(dims: Range, source: string, locate: Locator = locator(source)): Shape {
  const text = source.slice(dims.offset, dims.offset + dims.length);
  const m = /^\s*\d+(?:\s*[x\u00d7*]\s*\d+)*\s*$/.exec(text);
  const fail = (message: Message): never => {
    throw new NablaError(message, locate(dims), source);
  };
  if (!m) fail(msg('matrix.error.dims-such-as', { example: '4x4', found: text.trim() }));
  const out = text.split(/[x\u00d7*]/).map((d) => Number(d.trim()));
  if (out.some((d) => d < 1 || !Number.isSafeInteger(d))) fail(msg('matrix.error.dims-whole', {}));
  if (sizeOf(out) > MAX_ENTRIES) fail(msg('matrix.error.too-many', { dims: shapeText(out), max: MAX_ENTRIES }));
  return out;
}
