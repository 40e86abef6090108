/**
 * Sizes of expressions for the bench's comparisons with math.js, whose
 * derivatives are trees: nabla's written out as trees too.
 */

import type { Expr } from '../src/expr/node.ts';
import { children } from '../src/expr/walk.ts';

const isLeaf = (e: Expr): boolean => children(e).length === 0;

/** Operations (non-leaf nodes) of the expressions written out as trees; names (bindings too) are leaves. */
export function treeOps(roots: readonly Expr[]): number {
  const memo = new Map<number, number>();
  // Post-order without recursion: the DAG may be deep.
  const stack: [Expr, boolean][] = roots.map((r) => [r, false]);
  while (stack.length > 0) {
    const [e, expanded] = stack.pop()!;
    if (memo.has(e.id)) continue;
    if (isLeaf(e)) {
      memo.set(e.id, 0);
      continue;
    }
    if (!expanded) {
      stack.push([e, true]);
      for (const c of children(e)) if (!memo.has(c.id)) stack.push([c, false]);
      continue;
    }
    memo.set(e.id, 1 + children(e).reduce((acc, c) => acc + memo.get(c.id)!, 0));
  }
  return roots.reduce((acc, r) => acc + memo.get(r.id)!, 0);
}
