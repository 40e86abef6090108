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
  /**
   * For a LaTeX name with a subscript (`x_{11}`, `w_{11}^+`): its parts, so
   * that lowering can read `x_{11}` as the element `x[1,1]` when `x` is a
   * matrix (and `w_{11}^+` as `w_new[1,1]` when `w` is). `base` is the name
   * before the subscript, `update` whether a `'` or `^+` follows.
   */
  readonly script?: { readonly base: string; readonly label: string; readonly update: boolean };
}
export interface UnarySyntax extends Range {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly operand: Syntax;
}
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '@';
export interface BinarySyntax extends Range {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  /** True for a product written without `*` (`2x`). */
  readonly implicit: boolean;
  /**
   * LaTeX's products (SPEC §12): `\\odot`/`\\circ` are entry-wise; juxtaposition,
   * `\\cdot` and `\\times` are the matrix product where the shapes chain.
   * ASCII's `*` has none (entry-wise; `@` is the matrix product).
   */
  readonly product?: 'entrywise' | 'matrix';
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

/** An element of a matrix: `x[i, j+1]`, LaTeX `x_{i,j+1}`. */
export interface IndexSyntax extends Range {
  readonly kind: 'index';
  readonly name: NameSyntax;
  readonly indices: readonly Syntax[];
}
/** A literal list `[1, 2]`; a list of lists is a matrix (`[[1, 2], [3, 4]]`, a LaTeX `bmatrix`). */
export interface ListSyntax extends Range {
  readonly kind: 'list';
  readonly items: readonly Syntax[];
}
/**
 * `i=1..3` (a range, `to` set) or `stride=2` (a named argument): only an
 * argument of a call (`sum(i=1..3, …)`, `conv2d(x, w, stride=2)`) or a
 * clause of `for`.
 */
export interface BindingSyntax extends Range {
  readonly kind: 'binding';
  readonly name: NameSyntax;
  readonly value: Syntax;
  readonly to?: Syntax;
}

export type Syntax = NumberSyntax | NameSyntax | UnarySyntax | BinarySyntax | GroupSyntax | CallSyntax | DerivativeSyntax
  | IndexSyntax | ListSyntax | BindingSyntax;

export interface DefineSyntax extends Range {
  readonly kind: 'define';
  /** `net`, or an element `net[i,j]` (with `ranges` for the indices). */
  readonly name: NameSyntax | IndexSyntax;
  readonly value: Syntax;
  /** `for i=1..3, j=1..3`: one definition per index tuple. */
  readonly ranges?: readonly BindingSyntax[];
}
/** `silu(t) = t*sigmoid(t)`: a user function; the parameters are the call's arguments, checked when lowered. */
export interface FunctionSyntax extends Range {
  readonly kind: 'function';
  readonly head: CallSyntax;
  readonly value: Syntax;
}
/** `x : 4x4` — the dimensions as written, checked when lowered. */
export interface ShapeSyntax extends Range {
  readonly kind: 'shape';
  readonly name: NameSyntax;
  /** The source range of the dimensions (`4x4`, `4 x 4`, `4×4`). */
  readonly dims: Range;
}
export interface DeriveSyntax extends Range {
  readonly kind: 'derive';
  readonly target: NameSyntax | IndexSyntax;
  readonly wrt: readonly (NameSyntax | IndexSyntax)[];
}
export interface ClaimSyntax extends Range {
  readonly kind: 'claim';
  readonly lhs: Syntax;
  readonly rhs: Syntax;
}

export type StatementSyntax = DefineSyntax | FunctionSyntax | ShapeSyntax | DeriveSyntax | ClaimSyntax;

// ---------------------------------------------------------------------------
// Builders (the grammar's postprocessors)

type Located = Range;

/** The range from the start of `a` to the end of `b`. */
export const cover = (a: Located, b: Located): Range => ({ offset: a.offset, length: b.offset + b.length - a.offset });

export const number = (t: Token): NumberSyntax => ({ kind: 'number', value: t.value, offset: t.offset, length: t.length });

export const name = (t: Token): NameSyntax => ({ kind: 'name', text: t.text, offset: t.offset, length: t.length });

// The builders below a plain definition passes through write `offset` and `length` out, not
// spread from `cover`: a file of 100,000 definitions builds a million of these nodes.
export const unary = (op: Token, operand: Syntax): UnarySyntax =>
  ({ kind: 'unary', op: op.value === '+' ? '+' : '-', operand, offset: op.offset, length: operand.offset + operand.length - op.offset });

export const binary = (left: Syntax, op: Token, right: Syntax): BinarySyntax =>
  ({ kind: 'binary', op: op.value as BinaryOp, implicit: op.type === 'implicit', left, right, offset: left.offset, length: right.offset + right.length - left.offset });

export const group = (open: Token, inner: Syntax, close: Token): GroupSyntax =>
  ({ kind: 'group', inner, offset: open.offset, length: close.offset + close.length - open.offset });

/**
 * A list the grammar builds one item at a time (`1, 2, 3`), as a persistent
 * chain: the Earley chart keeps every prefix alive, so copying an array per
 * item held n²/2 slots for n items (a 30,000-entry literal ran out of heap).
 * Each prefix is one cell here; a builder flattens the whole list once.
 */
export interface ItemList<T> {
  readonly last: T;
  readonly before: ItemList<T> | undefined;
  readonly length: number;
}

export const list = <T>(first: T): ItemList<T> => ({ last: first, before: undefined, length: 1 });
export const append = <T>(items: ItemList<T>, item: T): ItemList<T> => ({ last: item, before: items, length: items.length + 1 });

/** The items of a list in order (an array, as some postprocessors pass, is taken as it is). */
export function itemsOf<T>(items: ItemList<T> | readonly T[]): readonly T[] {
  if (Array.isArray(items)) return items;
  const out = new Array<T>(items.length);
  let cell: ItemList<T> | undefined = items as ItemList<T>;
  for (let i = items.length - 1; i >= 0 && cell !== undefined; i--, cell = cell.before) out[i] = cell.last;
  return out;
}

type Items<T> = ItemList<T> | readonly T[];

export const call = (fn: Token, args: Items<Syntax>, close: Token): CallSyntax =>
  ({ kind: 'call', name: name(fn), args: itemsOf(args), offset: fn.offset, length: close.offset + close.length - fn.offset });

export const derivative = (notation: 'd' | 'partial' | 'diff', start: Token, of: Syntax, wrt: Syntax, end: Located): DerivativeSyntax =>
  ({ kind: 'derivative', notation, of, wrt, ...cover(start, end) });

export const define = (target: NameSyntax | IndexSyntax, value: Syntax): DefineSyntax =>
  ({ kind: 'define', name: target, value, offset: target.offset, length: value.offset + value.length - target.offset });

export const defineFor = (target: NameSyntax | IndexSyntax, value: Syntax, rangeList: Items<BindingSyntax>): DefineSyntax => {
  const ranges = itemsOf(rangeList);
  return { kind: 'define', name: target, value, ranges, ...cover(target, ranges[ranges.length - 1] ?? value) };
};

export const defineFunction = (head: CallSyntax, value: Syntax): FunctionSyntax =>
  ({ kind: 'function', head, value, ...cover(head, value) });

export const shape = (target: NameSyntax, dimList: Items<Token>): ShapeSyntax => {
  const dims = itemsOf(dimList);
  const last = dims[dims.length - 1]!;
  return { kind: 'shape', name: target, dims: cover(dims[0]!, last), ...cover(target, last) };
};

export const index = (fn: Token, indices: Items<Syntax>, close: Token): IndexSyntax =>
  ({ kind: 'index', name: name(fn), indices: itemsOf(indices), ...cover(fn, close) });

export const listOf = (open: Token, items: Items<Syntax>, close: Token): ListSyntax =>
  ({ kind: 'list', items: itemsOf(items), ...cover(open, close) });

export const binding = (n: Token, value: Syntax, to: Syntax | null): BindingSyntax =>
  ({ kind: 'binding', name: name(n), value, ...(to === null ? {} : { to }), ...cover(n, to ?? value) });

export const derive = (keyword: Token, target: NameSyntax | IndexSyntax, wrtList: Items<NameSyntax | IndexSyntax>): DeriveSyntax => {
  const wrt = itemsOf(wrtList);
  return { kind: 'derive', target, wrt, ...cover(keyword, wrt[wrt.length - 1] ?? target) };
};

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
  // The line found last: statements are located in file order, so the next is mostly on it or the one after.
  let last = 0;
  return (range) => {
    if (lineStarts === undefined) {
      lineStarts = [0];
      for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    const starts = lineStarts;
    const offset = Math.max(0, Math.min(range.offset, source.length));
    let lo = 0;
    if (isOnLine(starts, last, offset)) lo = last;
    else if (last + 1 < starts.length && isOnLine(starts, last + 1, offset)) lo = last + 1;
    else {
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
    }
    last = lo;
    const lineStart = starts[lo]!;
    const column = codePoints(source, lineStart, offset) + 1;
    const length = Math.max(1, codePoints(source, offset, Math.min(source.length, offset + range.length)));
    return { line: lo + 1, column, offset, length };
  };
}

function isOnLine(starts: readonly number[], line: number, offset: number): boolean {
  return starts[line]! <= offset && (line + 1 === starts.length || offset < starts[line + 1]!);
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

/** The source text of a node for messages, shortened when long. */
export function quote(source: string, at: Range): string {
  const text = source.slice(at.offset, at.offset + at.length).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
