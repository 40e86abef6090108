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

/** What the sweep reads of the graph of definitions. */
export interface SweepGraph {
  readonly order: readonly string[];
  /**
   * Names a definition's right side mentions as written (a derivative
   * `d(E)/d(w)` mentions E and w): whether a node lies below the target.
   */
  mentions(name: string): readonly string[];
  /** Names a definition's (resolved) right-hand side uses. */
  uses(name: string): readonly string[];
  /** ∂(right-hand side of `of`)/∂`dep`, simplified, in names. */
  local(of: string, dep: string): Expr;
  /** Write subexpressions that equal a right-hand side as its name. */
  fold(e: Expr): Expr;
}

/** A walk from a node up through nodes of one consumer each, to the first node whose adjoint is kept. */
interface Walk {
  readonly end: string;
  /** The local factors passed, from the node up. */
  readonly factors: readonly Expr[];
}

export class AdjointSweep {
  /** Consumers of each node among the target and its ancestors, in definition order. */
  private readonly consumers = new Map<string, string[]>();
  private readonly kept = new Map<string, Expr>();
  /** Nodes some walk has passed through (a second walk keeps them). */
  private readonly walked = new Set<string>();
  /** Nodes kept because a second walk reached them: their own walk goes on past walked nodes. */
  private readonly cachePoints = new Set<string>();
  private readonly walks = new Map<string, Walk[]>();

  constructor(private readonly graph: SweepGraph, readonly target: string) {
    // One pass from the last definition back: a node is below the target when a node below it
    // mentions it, and every one of those is met before it (`order` puts users after what they use).
    const below = new Set<string>([target]);
    const order = graph.order;
    for (let i = order.length - 1; i >= 0; i--) {
      const c = order[i]!;
      if (!below.has(c)) continue;
      const mentioned = graph.mentions(c);
      for (let k = 0; k < mentioned.length; k++) below.add(mentioned[k]!);
      const used = graph.uses(c);
      for (let k = 0; k < used.length; k++) {
        const u = used[k]!;
        const list = this.consumers.get(u);
        if (list) list.push(c);
        else this.consumers.set(u, [c]);
      }
    }
    // Met from the last definition back: each list the other way round.
    for (const list of this.consumers.values()) if (list.length > 1) list.reverse();
    this.kept.set(target, ONE);
  }

  /** Defined names on a path to the target whose right-hand side uses `node`, in definition order. */
  consumersOf(node: string): readonly string[] {
    return this.consumers.get(node) ?? [];
  }

  /** d(target)/d(node), `node`'s definition cut; 0 when no path leads from it to the target. */
  adjoint(node: string): Expr {
    const stack = [node];
    while (stack.length > 0) {
      const y = stack[stack.length - 1]!;
      if (this.kept.has(y)) {
        stack.pop();
        continue;
      }
      const walks = this.walksOf(y);
      const pending = walks.filter((w) => !this.kept.has(w.end)).map((w) => w.end);
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      checkTime('differentiating the definitions');
      const terms = walks.map((w) => mul(this.kept.get(w.end)!, ...w.factors));
      this.kept.set(y, terms.length === 0 ? ZERO : this.graph.fold(simplify(add(...terms))));
      stack.pop();
    }
    return this.kept.get(node)!;
  }

  /** One walk per consumer of `y`, memoised: their ends are the adjoints `y` is built from. */
  private walksOf(y: string): Walk[] {
    const hit = this.walks.get(y);
    if (hit) return hit;
    const stopAtWalked = !this.cachePoints.has(y);
    const out = this.consumersOf(y).map((c) => this.walk(y, c, stopAtWalked));
    this.walks.set(y, out);
    return out;
  }

  /** From `from` through its consumer `first`, upward while each node has one consumer and no kept adjoint. */
  private walk(from: string, first: string, stopAtWalked: boolean): Walk {
    const factors = [this.graph.local(first, from)];
    let z = first;
    for (;;) {
      if (this.kept.has(z)) break;
      const next = this.consumersOf(z);
      if (next.length !== 1) break;
      if (this.walked.has(z)) {
        if (stopAtWalked) {
          this.cachePoints.add(z);
          break;
        }
      } else this.walked.add(z);
      const up = next[0]!;
      factors.push(this.graph.local(up, z));
      z = up;
    }
    return { end: z, factors };
  }
}
