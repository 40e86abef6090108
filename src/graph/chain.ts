/**
 * The chain-rule decomposition of d(F)/d(x), as the notes write it: a
 * product of local factors along a single path, and where paths split at a
 * node S, a factor d(F)/d(S) expanded as the sum over S's consumers, each
 * term again a product along its path. Symbolic only; values are attached
 * by the report. Every d(target)/d(S) it shows is an adjoint of the one
 * reverse sweep from the target (NodeDerivatives.total), never derived anew.
 */

import type { Expr } from '../expr/node.ts';
import type { NodeDerivatives } from './node-derivative.ts';

/** One factor d(of)/d(wrt): a local partial, or a total derivative expanded below. */
export interface ChainFactor {
  readonly of: string;
  readonly wrt: string;
  /** Simplified, in the named nodes. */
  readonly expr: Expr;
  /** Present where paths split at `wrt`: d(of)/d(wrt) as a sum over them. */
  readonly expansion?: ChainSum;
}

/** A product of factors along one path, from the target down. */
export interface ChainProduct {
  readonly factors: readonly ChainFactor[];
}

/** d(of)/d(wrt) as a sum of path products (one term for a single path). */
export interface ChainSum {
  readonly of: string;
  readonly wrt: string;
  readonly expr: Expr;
  readonly terms: readonly ChainProduct[];
}

export function chainDecomposition(graph: NodeDerivatives, target: string, wrt: string): ChainSum {
  const sums = new Map<string, ChainSum>();

  // Defined names whose right-hand side uses `node` and that lie on a path to the target, in
  // definition order: the consumers of the reverse sweep from the target, indexed once there.
  const consumers = (node: string): readonly string[] => graph.consumers(target, node);

  // d(target)/d(c) · tail, walking up while the path does not split (a loop:
  // a chain of definitions may be thousands long).
  const productThrough = (start: string, last: ChainFactor): ChainProduct => {
    const reversed: ChainFactor[] = [last];
    let c = start;
    for (;;) {
      if (c === target) return { factors: reversed.reverse() };
      const next = consumers(c);
      if (next.length !== 1) {
        reversed.push({ of: target, wrt: c, expr: graph.total(target, c), expansion: sumFor(c) });
        return { factors: reversed.reverse() };
      }
      const up = next[0]!;
      reversed.push({ of: up, wrt: c, expr: graph.local(up, c) });
      c = up;
    }
  };

  const sumFor = (node: string): ChainSum => {
    const hit = sums.get(node);
    if (hit) return hit;
    const terms = consumers(node).map((c) => productThrough(c, { of: c, wrt: node, expr: graph.local(c, node) }));
    const out: ChainSum = { of: target, wrt: node, expr: graph.total(target, node), terms };
    sums.set(node, out);
    return out;
  };

  return sumFor(wrt);
}
