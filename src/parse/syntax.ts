/**
 * The syntax tree of the formula language: what was written, with a source
 * range on every node, for error messages. `lower.ts` turns it into the
 * algebra (`Expr`); nothing else should compute with it.
 *
 * The builders below are the grammar's postprocessors. nearley may call them
 * on partial parses that are later dropped, so they only allocate: no
 * validation, no side effects, no throwing.
 */

import type { Token } from './lexer.ts';
import type { Span } from '../errors.ts';

/** A stretch of the source: UTF-16 offset and length, as `String.slice` takes them. */
export interface Range {
  readonly offset: number;
  readonly length: number;
}

export interface NumberSyntax extends Range {
  readonly kind: 'number';
  /** The literal as it means: `2` for `²`. */
  readonly value: string;
}
export interface NameSyntax extends Range {
  readonly kind: 'name';
  /** The name as written: `w_5`, `γ`, `x'`. */
  readonly text: string;
}
export interface UnarySyntax extends Range {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly operand: Syntax;
}
export type BinaryOp = '+' | '-' | '*' | '/' | '^';
export interface BinarySyntax extends Range {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  /** True for a product written without `*` (`2x`). */
  readonly implicit: boolean;
  readonly left: Syntax;
  readonly right: Syntax;
}
/** A parenthesised expression, kept so that ranges cover the brackets. */
export interface GroupSyntax extends Range {
  readonly kind: 'group';
  readonly inner: Syntax;
}
export interface CallSyntax extends Range {
  readonly kind: 'call';
  readonly name: NameSyntax;
  readonly args: readonly Syntax[];
}
export interface DerivativeSyntax extends Range {
  readonly kind: 'derivative';
  /** `d(F)/d(x)`, `∂F/∂x` or `diff(F, x)`. */
  readonly notation: 'd' | 'partial' | 'diff';
  readonly of: Syntax;
  readonly wrt: Syntax;
}

export type Syntax = NumberSyntax | NameSyntax | UnarySyntax | BinarySyntax | GroupSyntax | CallSyntax | DerivativeSyntax;

export interface DefineSyntax extends Range {
  readonly kind: 'define';
  readonly name: NameSyntax;
  readonly value: Syntax;
}
export interface DeriveSyntax extends Range {
  readonly kind: 'derive';
  readonly target: NameSyntax;
  readonly wrt: readonly NameSyntax[];
}
export interface ClaimSyntax extends Range {
  readonly kind: 'claim';
  readonly lhs: Syntax;
  readonly rhs: Syntax;
}

export type StatementSyntax = DefineSyntax | DeriveSyntax | ClaimSyntax;

// ---------------------------------------------------------------------------
// Builders (the grammar's postprocessors)

type Located = Range;

/** The range from the start of `a` to the end of `b`. */
export const cover = (a: Located, b: Located): Range => ({ offset: a.offset, length: b.offset + b.length - a.offset });

export const number = (t: Token): NumberSyntax => ({ kind: 'number', value: t.value, offset: t.offset, length: t.length });

export const name = (t: Token): NameSyntax => ({ kind: 'name', text: t.text, offset: t.offset, length: t.length });

export const unary = (op: Token, operand: Syntax): UnarySyntax =>
  ({ kind: 'unary', op: op.value === '+' ? '+' : '-', operand, ...cover(op, operand) });

export const binary = (left: Syntax, op: Token, right: Syntax): BinarySyntax =>
  ({ kind: 'binary', op: op.value as BinaryOp, implicit: op.type === 'implicit', left, right, ...cover(left, right) });

export const group = (open: Token, inner: Syntax, close: Token): GroupSyntax =>
  ({ kind: 'group', inner, ...cover(open, close) });

export const call = (fn: Token, args: readonly Syntax[], close: Token): CallSyntax =>
  ({ kind: 'call', name: name(fn), args, ...cover(fn, close) });

export const list = <T>(first: T): T[] => [first];
export const append = <T>(items: readonly T[], item: T): T[] => [...items, item];

export const derivative = (notation: 'd' | 'partial' | 'diff', start: Token, of: Syntax, wrt: Syntax, end: Located): DerivativeSyntax =>
  ({ kind: 'derivative', notation, of, wrt, ...cover(start, end) });

export const define = (target: NameSyntax, value: Syntax): DefineSyntax =>
  ({ kind: 'define', name: target, value, ...cover(target, value) });

export const derive = (keyword: Token, target: NameSyntax, wrt: readonly NameSyntax[]): DeriveSyntax =>
  ({ kind: 'derive', target, wrt, ...cover(keyword, wrt[wrt.length - 1] ?? target) });

export const claim = (keyword: Token, lhs: Syntax, rhs: Syntax): ClaimSyntax =>
  ({ kind: 'claim', lhs, rhs, ...cover(keyword, rhs) });

// ---------------------------------------------------------------------------
// Positions

/** Turns a source range into a line/column span (columns in code points). */
export type Locator = (range: Range) => Span;

/**
 * A locator over `source`. Lines are found by binary search over line
 * starts, so many errors in a big file stay cheap; the column counts code
 * points, so an astral character (`𝑥`) is one column.
 */
export function locator(source: string): Locator {
  let lineStarts: number[] | undefined;
  return (range) => {
    if (lineStarts === undefined) {
      lineStarts = [0];
      for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    const offset = Math.max(0, Math.min(range.offset, source.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = lineStarts[lo]!;
    const column = codePoints(source, lineStart, offset) + 1;
    const length = Math.max(1, codePoints(source, offset, Math.min(source.length, offset + range.length)));
    return { line: lo + 1, column, offset, length };
  };
}

function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

