/**
 * Indexed names and matrix values (SPEC §7).
 *
 * The core algebra stays scalar: a matrix is never an `Expr`. An element of
 * a matrix is an ordinary name whose key is its canonical text, `x[1,1]`
 * (`w_new[2,1]` for an element of the update of `w`), and a matrix-valued
 * expression exists only while a file is being read: `Matrix` holds its
 * entries, row-major, and every matrix definition becomes one scalar
 * definition per element. So the graph, the derivatives and the report work
 * element by element with no change.
 *
 * Invariants: indices are whole numbers from 1; `elementName` and
 * `parseElementName` are inverse; a Matrix has exactly `product(dims)`
 * entries.
 */

import type { Expr } from './node.ts';
import { msg, say } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';

/** The extent of each dimension: `[4, 4]` for a 4x4 matrix, `[3]` for a vector. */
export type Shape = readonly number[];

/** A matrix-valued expression while a file is read: entries row-major. */
export interface Matrix {
  readonly kind: 'matrix';
  readonly dims: Shape;
  readonly entries: readonly Expr[];
}

/** What an expression stands for while a file is read: a number or a matrix of them. */
export type Value = Expr | Matrix;

export const isMatrix = (v: Value): v is Matrix => v.kind === 'matrix';

/** Most entries one matrix or one expanded sum may have (a bound, so a typo cannot hang the reader). */
export const MAX_ENTRIES = 100_000;

export function matrix(dims: Shape, entries: readonly Expr[]): Matrix {
  return { kind: 'matrix', dims, entries };
}

/** Number of entries of a shape. */
export const sizeOf = (dims: Shape): number => dims.reduce((a, b) => a * b, 1);

/** `4x4`, `3`, `2x3x4`. */
export const shapeText = (dims: Shape): string => dims.join('x');

/** A value's shape in English (`a number`, `a 3x3 matrix`, `a vector of 3`): shapeMessage's words, for text that is English only. */
export function describeShape(v: Value | Shape): string {
  return say(shapeMessage(v), 'en');
}

/** The shape as a message, for reasons said in the reader's language (describeShape's words). */
export function shapeMessage(v: Value | Shape): Message {
  const dims = Array.isArray(v) ? (v as Shape) : isMatrix(v as Value) ? (v as Matrix).dims : undefined;
  if (dims === undefined) return msg('shape.number', {});
  return dims.length === 1 ? msg('shape.vector', { count: dims[0]! }) : msg('shape.matrix', { dims: shapeText(dims) });
}

/** `x[1,2]`: the name of an element. */
export const elementName = (base: string, index: readonly number[]): string => `${base}[${index.join(',')}]`;

/** `x[1,2]` → base `x`, index [1, 2]; undefined for a name that is not an element. */
export function parseElementName(name: string): { readonly base: string; readonly index: readonly number[] } | undefined {
  const m = /^([^[\]]+)\[(\d+(?:,\d+)*)\]$/.exec(name);
  if (!m) return undefined;
  return { base: m[1]!, index: m[2]!.split(',').map(Number) };
}

/** Every index of a shape, row-major: [1,1], [1,2], …, [n,m]. */
export function indicesOf(dims: Shape): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[]): void => {
    if (prefix.length === dims.length) {
      out.push(prefix);
      return;
    }
    for (let k = 1; k <= dims[prefix.length]!; k++) walk([...prefix, k]);
  };
  walk([]);
  return out;
}

/** Row-major position of an index, or -1 when out of range. */
export function offsetOf(dims: Shape, index: readonly number[]): number {
  if (index.length !== dims.length) return -1;
  let at = 0;
  for (let d = 0; d < dims.length; d++) {
    const k = index[d]!;
    if (!Number.isInteger(k) || k < 1 || k > dims[d]!) return -1;
    at = at * dims[d]! + (k - 1);
  }
  return at;
}

export const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** One entry of a claim between two matrices: `[2,3]`, its two sides, and the right side's literal when it is a number. */
export interface ClaimElement {
  readonly label: string;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly rhsNumberText?: string;
}
