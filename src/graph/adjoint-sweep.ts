/**
 * One reverse sweep over the graph of definitions for one target (SPEC §17):
 * the adjoint d(target)/d(N) of every node N on a path to the target, as
 * backpropagation computes it: the sum over N's consumers C of
 * d(target)/d(C) · ∂C/∂N. It is exactly d(target)/d(N) with N's own
 * definition cut (SPEC §3), since it never looks below N.
 *
 * Adjoints are symbolic and in the named nodes, so they are built only when
 * asked for, and along a run of nodes with one consumer each (a chain of
 * definitions) the local factors are gathered into one product and
 * simplified once, instead of a product per node: the adjoints the report
 * reads of a chain of n definitions cost O(n), not O(n²). A node is kept
 * (memoised) when it is the target, where paths split (two or more
 * consumers), where it was asked for, and where a second walk passes it
 * (the pre-activation shared by every weight of one unit), so every
 * gradient of a layer reuses it.
 *
 * Invariant: every walk is a loop and every pending adjoint sits on an
 * explicit stack, so a chain of any length needs no recursion.
 */

import { type Expr, ONE, ZERO } from '../expr/node.ts';
import { add, mul } from '../expr/canonical.ts';
import { simplify } from '../simplify/simplify.ts';
import { checkTime } from '../limits.ts';

/**
 * What the sweep reads of the graph of definitions, every name by its slot:
 * a small integer, the definitions first in their order, so the sweep's
 * facts are arrays by slot (a chain of 100,000 names costs no look in a map
 * per step).
 */
export interface SweepGraph {
  /** How many definitions: slots 0 … count − 1, each after every slot its right side uses. */
  readonly count: number;
  /** How many names have a slot (the definitions, then names without one). */
  readonly slots: number;
  /**
   * Slots of the names a definition's right side mentions as written (a
   * derivative `d(E)/d(w)` mentions E and w): whether a node lies below the target.
   */
  mentions(slot: number): readonly number[];
  /** Slots of the names a definition's (resolved) right-hand side uses. */
  uses(slot: number): readonly number[];
  /** ∂(right-hand side of `of`)/∂`dep`, simplified, in names. */
  local(of: number, dep: number): Expr;
  /** Write subexpressions that equal a right-hand side as its name. */
  fold(e: Expr): Expr;
}

/** A walk from a node up through nodes of one consumer each, to the first node whose adjoint is kept. */
interface Walk {
  readonly end: number;
  /** The local factors passed, from the node up. */
  readonly factors: readonly Expr[];
}

const NONE: readonly number[] = [];

export class AdjointSweep {
  /** Slot → the consumers of the node among the target and its ancestors, in definition order. */
  private readonly consumers: (number[] | undefined)[];
  /** Slot → its adjoint, where kept. */
  private readonly kept: (Expr | undefined)[];
  /** Slot → 1 where some walk has passed (a second walk keeps it). */
  private readonly walked: Uint8Array;
  /** Slot → 1 where kept because a second walk reached it: its own walk goes on past walked nodes. */
  private readonly cachePoints: Uint8Array;
  private readonly walks: (Walk[] | undefined)[];

  constructor(private readonly graph: SweepGraph, readonly target: number) {
    // Filled with undefined, not left empty: an array written first at slot 100,000 would be a dictionary.
    this.consumers = new Array<number[] | undefined>(graph.slots).fill(undefined);
    this.kept = new Array<Expr | undefined>(graph.slots).fill(undefined);
    this.walks = new Array<Walk[] | undefined>(graph.slots).fill(undefined);
    this.walked = new Uint8Array(graph.slots);
    this.cachePoints = new Uint8Array(graph.slots);
    // One pass from the last definition back: a node is below the target when a node below it
    // mentions it, and every one of those is met before it (users come after what they use).
    const below = new Uint8Array(graph.slots);
    below[target] = 1;
    for (let c = graph.count - 1; c >= 0; c--) {
      if (below[c] !== 1) continue;
      const mentioned = graph.mentions(c);
      for (let k = 0; k < mentioned.length; k++) below[mentioned[k]!] = 1;
      const used = graph.uses(c);
      for (let k = 0; k < used.length; k++) {
        const u = used[k]!;
        const list = this.consumers[u];
        if (list) list.push(c);
        else this.consumers[u] = [c];
      }
    }
    // Met from the last definition back: each list the other way round.
    for (const list of this.consumers) if (list !== undefined && list.length > 1) list.reverse();
    this.kept[target] = ONE;
  }

  /** Slots of the defined names on a path to the target whose right-hand side uses `node`, in definition order. */
  consumersOf(node: number): readonly number[] {
    return this.consumers[node] ?? NONE;
  }

  /** d(target)/d(node), `node`'s definition cut; 0 when no path leads from it to the target. */
  adjoint(node: number): Expr {
    const stack = [node];
    while (stack.length > 0) {
      const y = stack[stack.length - 1]!;
      if (this.kept[y] !== undefined) {
        stack.pop();
        continue;
      }
      const walks = this.walksOf(y);
      const pending = walks.filter((w) => this.kept[w.end] === undefined).map((w) => w.end);
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      checkTime('differentiating the definitions');
      const terms = walks.map((w) => mul(this.kept[w.end]!, ...w.factors));
      this.kept[y] = terms.length === 0 ? ZERO : this.graph.fold(simplify(add(...terms)));
      stack.pop();
    }
    return this.kept[node]!;
  }

  /** One walk per consumer of `y`, memoised: their ends are the adjoints `y` is built from. */
  private walksOf(y: number): Walk[] {
    const hit = this.walks[y];
    if (hit) return hit;
    const stopAtWalked = this.cachePoints[y] !== 1;
    const out = this.consumersOf(y).map((c) => this.walk(y, c, stopAtWalked));
    this.walks[y] = out;
    return out;
  }

  /** From `from` through its consumer `first`, upward while each node has one consumer and no kept adjoint. */
  private walk(from: number, first: number, stopAtWalked: boolean): Walk {
    const factors = [this.graph.local(first, from)];
    let z = first;
    for (;;) {
      if (this.kept[z] !== undefined) break;
      const next = this.consumersOf(z);
      if (next.length !== 1) break;
      if (this.walked[z] === 1) {
        if (stopAtWalked) {
          this.cachePoints[z] = 1;
          break;
        }
      } else this.walked[z] = 1;
      const up = next[0]!;
      factors.push(this.graph.local(up, z));
      z = up;
    }
    return { end: z, factors };
  }
}
