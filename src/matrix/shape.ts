/**
 * Shapes of matrix algebra (SPEC §12): every value is rows × cols; a column
 * vector of n is n×1 (so `x : 3` and `x : 3x1` are one shape) and a scalar
 * is 1×1, which is why `transpose(u) @ v` is a number.
 *
 * Invariant: a shape mismatch is a ShapeMismatch naming both shapes as a
 * person says them ("a 64x784 matrix times a vector of 10: the inner sizes
 * differ"); whoever holds the source positions it. Its words are the
 * catalogue's (SPEC §15): a shape is a message, said in the reader's language.
 */

import { msg, say } from '../messages/format.ts';
import type { Language, Message } from '../messages/message.ts';

export interface MShape {
  readonly rows: number;
  readonly cols: number;
}

export const SCALAR: MShape = { rows: 1, cols: 1 };

export const shapeOf = (rows: number, cols: number): MShape => (rows === 1 && cols === 1 ? SCALAR : { rows, cols });

export const isScalarShape = (s: MShape): boolean => s.rows === 1 && s.cols === 1;
export const isColumn = (s: MShape): boolean => s.cols === 1 && s.rows > 1;
export const sameMShape = (a: MShape, b: MShape): boolean => a.rows === b.rows && a.cols === b.cols;
export const entriesOf = (s: MShape): number => s.rows * s.cols;

/** "a 64x784 matrix", "a vector of 10", "a row vector of 3", "a scalar", as a message; `capital` starts a sentence. */
export function shapeMessage(s: MShape, capital = false): Message {
  if (isScalarShape(s)) return msg(capital ? 'mshape.scalar-cap' : 'mshape.scalar', {});
  if (s.cols === 1) return msg(capital ? 'mshape.vector-cap' : 'mshape.vector', { rows: s.rows });
  if (s.rows === 1) return msg(capital ? 'mshape.row-cap' : 'mshape.row', { cols: s.cols });
  return msg(capital ? 'mshape.matrix-cap' : 'mshape.matrix', { dims: `${s.rows}x${s.cols}` });
}

/** The shape in English words ("a 64x784 matrix"). */
export function describeMShape(s: MShape): string {
  return say(shapeMessage(s), 'en');
}

/** The shape as JSON gives it: `[n]` for a vector, `[m, n]` for a matrix, `[]` for a scalar. */
export function jsonShape(s: MShape): number[] {
  if (isScalarShape(s)) return [];
  return s.cols === 1 ? [s.rows] : [s.rows, s.cols];
}

/** The shape a report line shows: `2x2`, `2`, `scalar` (the one word, in `lang`). */
export function shapeLabel(s: MShape, lang: Language = 'en'): string {
  if (isScalarShape(s)) return say(msg('mshape.label-scalar', {}), lang);
  return s.cols === 1 ? `${s.rows}` : `${s.rows}x${s.cols}`;
}

/** Two shapes that do not fit an operation; the message names both (`message` is its English). */
export class ShapeMismatch extends Error {
  constructor(readonly said: Message) {
    super(say(said, 'en'));
    this.name = 'ShapeMismatch';
  }
}

/** The verbs of the entry-wise operations, for a mismatch's message. */
export type EntrywiseVerb = 'add' | 'mul' | 'div' | 'pow';

/** The shape of an entry-wise operation: equal shapes, a scalar spread, or a vector/row spread over a matrix (NumPy's broadcasting of sizes 1). */
export function broadcastShape(a: MShape, b: MShape, verb: EntrywiseVerb, spread = true): MShape {
  if (sameMShape(a, b) || isScalarShape(b)) return a;
  if (isScalarShape(a)) return b;
  const rows = a.rows === b.rows ? a.rows : a.rows === 1 ? b.rows : b.rows === 1 ? a.rows : -1;
  const cols = a.cols === b.cols ? a.cols : a.cols === 1 ? b.cols : b.cols === 1 ? a.cols : -1;
  if (!spread || rows < 0 || cols < 0) {
    throw new ShapeMismatch(msg('matrix.error.entrywise', {
      a: shapeMessage(a, true), verb: msg(`matrix.verb.${verb}`, {}), b: shapeMessage(b),
      rule: msg(spread ? 'matrix.rule.spread' : 'matrix.rule.same', {}), hint: a.cols === b.rows ? msg('matrix.hint.matmul', {}) : '',
    }));
  }
  return shapeOf(rows, cols);
}

/** The shape of `a @ b`. */
export function matmulShape(a: MShape, b: MShape): MShape {
  if (a.cols !== b.rows) {
    throw new ShapeMismatch(msg('matrix.error.inner-sizes', { a: shapeMessage(a, true), b: shapeMessage(b), cols: a.cols, rows: b.rows }));
  }
  return shapeOf(a.rows, b.cols);
}

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
