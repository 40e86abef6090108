/**
 * The statements a reader produces and a system is built from: one type
 * family from the ASCII file parser, the notes reader and the playground
 * all the way to graph/system.ts.
 *
 * Invariant: every name in a statement is already canonical (`w5` for
 * `w_5`) and every matrix is already expanded (SPEC §7): a statement only
 * ever holds scalar expressions, a matrix is a `shape` statement plus the
 * definitions of its elements.
 */

import type { Span } from '../errors.ts';
import type { Expr } from '../expr/node.ts';
import type { ClaimElement, Shape } from '../expr/indexed.ts';

/** A name as it appears in a statement. */
export interface NameRef {
  /** The canonical key (`w5` for `w_5`, `gamma` for `γ`). */
  readonly name: string;
  /** As written. */
  readonly written: string;
  readonly span: Span;
}

/** `name = expr` */
export interface DefineStatement {
  readonly kind: 'define';
  /** The canonical key of the defined name (`w5_new` for `w5'`). */
  readonly name: string;
  /** The name as written. */
  readonly written: string;
  readonly expr: Expr;
  /** The whole statement. */
  readonly span: Span;
  /** Where the defined name is, when the reader knows it apart from the statement. */
  readonly nameSpan?: Span;
}

/** `derive F wrt a, b` */
export interface DeriveStatement {
  readonly kind: 'derive';
  /** The canonical key of F. */
  readonly target: string;
  /** F as written and where, when the reader knows them apart from the statement. */
  readonly targetWritten?: string;
  readonly targetSpan?: Span;
  readonly wrt: readonly NameRef[];
  readonly span: Span;
}

/** Two sides claimed equal, and where they were written: what claims/check.ts checks. */
export interface Claim {
  readonly lhs: Expr;
  readonly rhs: Expr;
  /** The claim as written, from the start of LHS to the end of RHS (`d(E)/d(w5) = 0.0821670`). */
  readonly text: string;
  readonly span: Span;
  /**
   * When RHS is a plain number literal, possibly signed: its text
   * (`0.0821670`, `-0.5`), so that it can be compared to the precision written.
   */
  readonly rhsNumberText?: string;
  /**
   * A claim between two matrices of one shape: every entry, compared one by
   * one (`lhs` and `rhs` are then the first entry's sides).
   */
  readonly elements?: readonly ClaimElement[];
  /** The two sides as written, so that numbers rounded in them can be weighed when checking (claims/rounding.ts). */
  readonly sides?: WrittenSides;
  /** A scalar claimed equal to a product of two matrices, read as their contraction (parse/contraction.ts); the verdict's reason says so first. */
  readonly contraction?: true;
}

/** A claim's sides as written, and the notation to read them again in. */
export interface WrittenSides {
  readonly lhs: string;
  readonly rhs: string;
  readonly notation: 'latex' | 'ascii';
}

/** `claim LHS = RHS` */
export interface ClaimStatement extends Claim {
  readonly kind: 'claim';
}

/** `x : 4x4`, or a matrix found in a definition: the shape of a matrix name (SPEC §7). */
export interface ShapeStatement {
  readonly kind: 'shape';
  /** The canonical key of the matrix (`w`); its elements are `w[1,1]` …. */
  readonly name: string;
  readonly written: string;
  readonly dims: Shape;
  readonly span: Span;
}

export type Statement = DefineStatement | ShapeStatement | DeriveStatement | ClaimStatement;
