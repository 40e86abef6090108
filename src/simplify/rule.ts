/**
 * The shape of a simplification rule: a name for the trace and a rewrite of
 * one node whose operands are already simplified, undefined where it does
 * not apply. Its own module so that every file of rules can name it
 * without importing another file of rules.
 */

import type { Expr } from '../expr/node.ts';

export interface Rule {
  readonly name: string;
  readonly apply: (e: Expr) => Expr | undefined;
}
