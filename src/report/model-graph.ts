/**
 * The computation graph as the report's views draw it: the nodes with their
 * roles and values, an edge from each name to every definition that uses
 * it, the paths of each gradient, and each node's gradient d(target)/d(node)
 * as micrograd's `draw_dot` shows `grad`.
 *
 * Definitions that use a derivative (update rules such as `w5_new`) are set
 * apart, with the inputs only they use: eight of them would crowd the
 * picture.
 *
 * Invariants: `paths` on a node or edge lists the indices of the report's
 * gradients whose paths go through it (from wrt to the target); a node's
 * gradient is the product of the valued chain's factors from the target down
 * to it, so it agrees with the decomposition the views print. A graph of
 * more than MAX_GRAPH_NODES drawn nodes is not drawn: it has its nodes, but
 * no paths and no node gradients (they would cost time for every report,
 * the terminal's and JSON's too, and show nowhere).
 */

import { containsDerivative } from '../expr/walk.ts';
import { dependencies, type System } from '../graph/system.ts';
import type { GradientReport, ValuedSum } from './model-chain.ts';

/** Larger graphs are not drawn: the picture would be unreadable and the layout slow. */
export const MAX_GRAPH_NODES = 400;

export type NodeRole = 'input' | 'free' | 'definition';

export interface GraphNode {
  /** Canonical name. */
  readonly name: string;
  /** The name as first written. */
  readonly written: string;
  readonly role: NodeRole;
  /** Its value, when the report has values. */
  readonly value?: number;
  /** A definition that uses a derivative (an update rule such as `w5_new`). */
  readonly update: boolean;
  /** Indices of the report's gradients whose paths go through this node. */
  readonly paths: readonly number[];
}

export interface GraphEdge {
  /** The name used. */
  readonly from: string;
  /** The definition using it. */
  readonly to: string;
  /** Indices of the report's gradients whose paths go along this edge. */
  readonly paths: readonly number[];
}

export interface ReportGraph {
  /** What is drawn: definitions that use no derivative and the names they use, definitions first in order. */
  readonly nodes: readonly GraphNode[];
  /** One per name a drawn definition uses, in definition order. */
  readonly edges: readonly GraphEdge[];
  /** Not drawn: the definitions that use a derivative, in definition order. */
  readonly updates: readonly GraphNode[];
  /** Not drawn: the inputs and free names no drawn definition uses. */
  readonly onlyForUpdates: readonly GraphNode[];
  /** d(target)/d(node) by target, then node, for the targets of the report's gradients. */
  readonly nodeGradients: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Names reachable from `start` along `next`, `start` included. */
function reach(start: string, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/**
 * d(target)/d(node) for every node on a path of the target's gradients:
 * prefix products of factor values. A split reached again is not walked
 * again — it would set nothing new, and a deep network reaches one split by
 * exponentially many paths.
 */
function nodeGradients(gradients: readonly GradientReport[], target: string): Map<string, number> {
  const grads = new Map<string, number>([[target, 1]]);
  const walked = new Set<ValuedSum>();
  const walk = (s: ValuedSum): void => {
    grads.set(s.wrt, s.value);
    if (walked.has(s)) return;
    walked.add(s);
    for (const term of s.terms) {
      let product = 1;
      for (const f of term.factors) {
        if (f.expansion) walk(f.expansion);
        product *= f.value;
        if (!grads.has(f.wrt)) grads.set(f.wrt, product);
      }
    }
  };
  for (const g of gradients) if (g.target === target) walk(g.chain);
  return grads;
}

/** The drawn definitions and the names each uses (every defined or free name in its right-hand side). */
function drawnUses(system: System, updates: ReadonlySet<string>, free: ReadonlySet<string>): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const n of system.order) {
    if (updates.has(n)) continue;
    const def = system.definitions.get(n)!;
    if (def.input) continue;
    uses.set(n, dependencies(def.rhs).map((s) => s.name).filter((m) => system.definitions.has(m) || free.has(m)));
  }
  return uses;
}

/**
 * The graph of `system` for the views. Values come from `values` (empty
 * when the report has none), paths and node gradients from `gradients`.
 */
export function reportGraph(system: System, values: ReadonlyMap<string, number>, gradients: readonly GradientReport[]): ReportGraph {
  const updateNames = system.order.filter((n) => containsDerivative(system.definitions.get(n)!.rhs));
  const isUpdate = new Set(updateNames);
  const isFree = new Set(system.free);
  const uses = drawnUses(system, isUpdate, isFree);
  const usedByDrawn = new Set([...uses.values()].flat());
  const drawn = [
    ...system.order.filter((n) => !isUpdate.has(n) && (uses.has(n) || usedByDrawn.has(n))),
    ...system.free.filter((n) => usedByDrawn.has(n)),
  ];
  // The gradients whose paths are traced: none in a graph too large to draw.
  const traced = drawn.length > MAX_GRAPH_NODES ? [] : gradients;

  // Paths of each gradient: names reachable from wrt that the target depends on.
  const forward = new Map<string, string[]>();
  for (const [n, deps] of uses) {
    for (const d of deps) {
      const users = forward.get(d);
      if (users) users.push(n);
      else forward.set(d, [n]);
    }
  }
  const pathSets = traced.map((g) => ({ from: reach(g.wrt, forward), to: reach(g.target, uses) }));
  const indices = (test: (p: { from: Set<string>; to: Set<string> }) => boolean): number[] =>
    pathSets.flatMap((p, i) => (test(p) ? [i] : []));

  const node = (name: string): GraphNode => ({
    name,
    written: system.written.get(name) ?? name,
    role: isFree.has(name) ? 'free' : system.definitions.get(name)?.input ? 'input' : 'definition',
    value: values.get(name),
    update: isUpdate.has(name),
    paths: indices((p) => p.from.has(name) && p.to.has(name)),
  });
  const edges = [...uses].flatMap(([n, deps]) =>
    [...new Set(deps)].map((d) => ({ from: d, to: n, paths: indices((p) => p.from.has(d) && p.to.has(n)) })));
  const targets = new Set(traced.map((g) => g.target));
  return {
    nodes: drawn.map(node),
    edges,
    updates: updateNames.map(node),
    onlyForUpdates: [...system.inputs, ...system.free].filter((n) => !usedByDrawn.has(n) && !uses.has(n)).map(node),
    nodeGradients: new Map([...targets].map((t) => [t, nodeGradients(traced, t)])),
  };
}
