/**
 * Claims of a file joined to the statements they were checked from, so a
 * view can show a claim's two sides as formulas beside its verdict.
 *
 * Invariant: a result is joined to the statement written at its position
 * (line and column), or to none; results from `checkSystemClaims` are in the
 * order of the statements, which is tried first.
 */

import type { Expr } from '../expr/node.ts';
import type { ClaimResult } from '../claims/check.ts';
import type { Claim } from '../parse/statement.ts';

/** The two sides of a claim statement, as the report keeps them. */
export interface ClaimSides {
  readonly line: number;
  readonly column: number;
  readonly lhs: Expr;
  readonly rhs: Expr;
  /** The right side as written, when it is a number (`0.0821670`). */
  readonly rhsNumberText?: string;
}

/** A checked claim and, when known, the statement it was checked from. */
export interface ReportClaim {
  readonly result: ClaimResult;
  readonly statement?: ClaimSides;
}

/** The sides of the system's claim statements, in the order written. */
export function claimSides(claims: readonly Claim[]): ClaimSides[] {
  return claims.map((c) => ({ line: c.span.line, column: c.span.column, lhs: c.lhs, rhs: c.rhs, rhsNumberText: c.rhsNumberText }));
}

/** Each result with the statement at its position. */
export function joinClaims(statements: readonly ClaimSides[], results: readonly ClaimResult[]): ReportClaim[] {
  const key = (line: number, column: number): string => `${line}:${column}`;
  const byPosition = new Map(statements.map((s) => [key(s.line, s.column), s]));
  return results.map((result, i) => {
    const same = statements[i];
    const statement = same && same.line === result.line && same.column === result.column ? same : byPosition.get(key(result.line, result.column));
    return { result, statement };
  });
}
