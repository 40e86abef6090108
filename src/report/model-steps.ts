/**
 * Step-by-step derivations as the report and the views see them (SPEC §13):
 * the derivation of one expression (`nabla diff --explain`), and of each
 * local factor of a chain-rule report, where the derivative of a
 * definition's right side is followed by the substitution of the named
 * nodes it contains (`σ(net_o1) = out_o1`), as graph/node-derivative.ts
 * folds them.
 *
 * Invariant: a factor's last step is the factor's expression as the report
 * prints it; nothing here derives anything: the steps come from the
 * differentiator, the simplifier and the graph's fold as they work.
 */

import { type Expr, sym } from '../expr/node.ts';
import { mapDag } from '../expr/walk.ts';
import { briefDerivation, explainDerivative, type Derivation, type DerivationStep } from '../diff/steps.ts';
import type { NodeDerivatives } from '../graph/node-derivative.ts';

export type { Derivation, DerivationStep, StepRule, SubStep } from '../diff/steps.ts';
export type { StepMessageKey, StepParam } from '../messages/steps-en.ts';

/** How much of a derivation to show: every rule, or chain, product, quotient and function rules (SPEC §13). */
export type ExplainDetail = 'full' | 'brief';

/** The derivation of ∂e/∂x as `nabla diff` computes it (the input simplified first). */
export function explainExpression(e: Expr, wrt: string, detail: ExplainDetail, maxSimplifySteps?: number): Derivation {
  const d = explainDerivative(e, sym(wrt), { simplifyInput: true, maxSimplifySteps });
  return detail === 'brief' ? briefDerivation(d) : d;
}

/**
 * The derivation of the local factor ∂of/∂wrt (the right side of `of`
 * differentiated with the other names held fixed), then the named nodes
 * substituted back: its last step is `graph.local(of, wrt)`.
 */
export function explainFactor(graph: NodeDerivatives, of: string, wrt: string, detail: ExplainDetail): Derivation {
  const d = explainDerivative(graph.rhs(of), sym(wrt));
  const folds: { rhs: Expr; name: string }[] = [];
  const folded = graph.fold(d.result, (rhs, name) => folds.push({ rhs, name }));
  const steps: DerivationStep[] = [...d.steps];
  let partial = d.result;
  for (const [i, f] of folds.entries()) {
    // One step per name; the last one reaches the folded result.
    const upTo = i === folds.length - 1 ? folded : (partial = mapDag(partial, { before: (x) => (x === f.rhs ? sym(f.name) : undefined) }));
    steps.push({ rule: 'substitute', key: 'substitute', params: { rhs: f.rhs, name: sym(f.name) }, expr: upTo, substeps: [] });
  }
  const full: Derivation = { ...d, steps, result: folded };
  return detail === 'brief' ? briefDerivation(full) : full;
}
