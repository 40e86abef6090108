/**
 * The distinct nodes of several roots, operands before the nodes that use
 * them, with each node's place in that order: what a tape is built from.
 *
 * Visited marks and places live in two typed arrays indexed by node id,
 * reused by every walk (a stamp per walk tells its marks from older ones),
 * not in a set and a map per walk: a system's tape of 100,000 right-hand
 * sides visits half a million nodes, and maps of that size cost a cache
 * miss per look. Ids are dense (node.ts counts them from 1) and an operand
 * is made before its user, so the largest id of a walk is a root's.
 *
 * Invariant: `place` answers for the last walk only; a caller reads it
 * before it walks again (compile.ts builds its tape straight after).
 */

import type { Expr } from './node.ts';
import { pushExpansion } from './walk.ts';

let stamps = new Int32Array(1 << 12);
let places = new Int32Array(1 << 12);
let stamp = 0;

export interface PlacedOrder {
  readonly order: Expr[];
  /** The place in `order` of one of its nodes. */
  readonly place: (e: Expr) => number;
}

export function placedOrder(roots: readonly Expr[]): PlacedOrder {
  let top = 0;
  for (const r of roots) if (r.id > top) top = r.id;
  if (top >= stamps.length) grow(top);
  const s = ++stamp;
  const marks = stamps;
  const at = places;
  const order: Expr[] = [];
  // Two parallel stacks: a node, and whether its operands are already placed.
  const nodes: Expr[] = [];
  const expanded: boolean[] = [];
  for (const root of roots) {
    if (marks[root.id] === s) continue;
    nodes.push(root);
    expanded.push(false);
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      if (expanded.pop()!) {
        at[node.id] = order.length;
        order.push(node);
        continue;
      }
      if (marks[node.id] === s) continue;
      marks[node.id] = s;
      pushExpansion(node, nodes, expanded);
    }
  }
  return { order, place: (e) => at[e.id]! };
}

function grow(top: number): void {
  let size = stamps.length;
  while (size <= top) size *= 2;
  // Marks of older walks are dropped with the arrays: the next stamp is unseen in the new ones.
  stamps = new Int32Array(size);
  places = new Int32Array(size);
}
