/**
 * One gradient of the report with its numbers (SPEC §4): the chain-rule
 * decomposition of graph/chain.ts with each factor's value and kink flag,
 * each path product's value, the gradient's value and its finite-difference
 * check.
 *
 * Invariants: a split's sum is shared by every path through it, so it is
 * valued once per gradient (a deep network reaches one split by
 * exponentially many paths); whether the chain is trivial (no path, or one
 * factor that is the gradient itself) is decided here, once, for every view.
 */

import type { Expr } from '../expr/node.ts';
import { children, freeSymbols, postOrder } from '../expr/walk.ts';
import { lookupFunction } from '../functions.ts';
import { PointEvaluator } from '../numeric/compile.ts';
import { checkDerivative, type FdCheck } from '../numeric/finite-difference.ts';
import { chainDecomposition, type ChainFactor, type ChainProduct, type ChainSum } from '../graph/chain.ts';
import type { NodeDerivatives } from '../graph/node-derivative.ts';
import { explainFactor, type Derivation, type ExplainDetail } from './model-steps.ts';
import { compileSystem } from '../graph/system-tape.ts';

export interface ValuedFactor {
  readonly of: string;
  readonly wrt: string;
  readonly expr: Expr;
  readonly value: number;
  /** The factor is evaluated at a kink of relu, abs, max, … (the convention value is used). */
  readonly kink: boolean;
  readonly expansion?: ValuedSum;
  /** With `explain`: how the local factor is obtained, step by step (not for a split's sum). */
  readonly steps?: Derivation;
}

export interface ValuedProduct {
  /** Every factor, from the target down (the JSON view lists them all). */
  readonly factors: readonly ValuedFactor[];
  readonly value: number;
  /**
   * What the terminal, LaTeX and HTML views list: every factor of a short
   * product; of a product longer than MAX_LISTED_FACTORS (a chain of
   * thousands of definitions), the first and last LISTED_AT_EACH_END
   * factors around one entry for the rest, with their count and product.
   */
  readonly listed: readonly (ValuedFactor | OmittedFactors)[];
}

/** The middle of a long product, summarised: how many factors and their product. */
export interface OmittedFactors {
  readonly omitted: number;
  readonly value: number;
}

/** Longest product the views list factor by factor. */
export const MAX_LISTED_FACTORS = 12;
/** Factors listed at each end of a longer product. */
export const LISTED_AT_EACH_END = 3;

export const isOmitted = (f: ValuedFactor | OmittedFactors): f is OmittedFactors => 'omitted' in f;

/** Every factor, or the first and last few around the rest summarised. */
function listed(factors: readonly ValuedFactor[]): ValuedProduct['listed'] {
  if (factors.length <= MAX_LISTED_FACTORS) return factors;
  const middle = factors.slice(LISTED_AT_EACH_END, factors.length - LISTED_AT_EACH_END);
  const gap: OmittedFactors = { omitted: middle.length, value: middle.reduce((acc, f) => acc * f.value, 1) };
  return [...factors.slice(0, LISTED_AT_EACH_END), gap, ...factors.slice(factors.length - LISTED_AT_EACH_END)];
}

export interface ValuedSum {
  readonly of: string;
  readonly wrt: string;
  readonly expr: Expr;
  readonly value: number;
  readonly terms: readonly ValuedProduct[];
  /**
   * Nothing to decompose: no path at all, or a single path of a single
   * factor that is not a split (d(of)/d(wrt) is its own local partial).
   */
  readonly trivial: boolean;
}

export interface GradientReport {
  readonly target: string;
  readonly wrt: string;
  /** d(target)/d(wrt), simplified, in the named nodes. */
  readonly expr: Expr;
  readonly value: number;
  readonly chain: ValuedSum;
  readonly check: FdCheck & { readonly ok: boolean };
  readonly kink: boolean;
}

/** What valuing a gradient reads: the system's derivatives and every name's value. */
export interface ValuationContext {
  readonly graph: NodeDerivatives;
  /** Every input, free name and definition, at the report's point. */
  readonly values: ReadonlyMap<string, number>;
  /** The inputs and free names, in the order the compiled functions take them. */
  readonly inputNames: readonly string[];
  /** Their values, in that order. */
  readonly inputValues: readonly number[];
  /** Give each local factor its steps (SPEC §13). */
  readonly explain?: ExplainDetail;
}

/** True when a call in `e` sits exactly on a kink at the evaluator's point. */
function atKink(e: Expr, at: PointEvaluator): boolean {
  // A small right-hand side (each of a chain's thousands) is first looked over for such a call at all.
  if (e.size <= SMALL_RHS && !hasKinkedCall(e)) return false;
  for (const node of postOrder(e)) {
    if (node.kind !== 'call') continue;
    const row = lookupFunction(node.fn);
    if (!row?.kink) continue;
    const names = freeSymbols(node).map((s) => s.name);
    if (!names.every((n) => at.values.has(n))) continue;
    const args = node.args.map((a) => at.value(a));
    if (row.kink(args)) return true;
  }
  return false;
}

/** Right-hand sides up to this many nodes are looked over (recursively, as deep as the tree) before atKink's walk. */
const SMALL_RHS = 24;

/** Whether a call of a function with a kink (relu, abs, max, …) is in the tree. */
function hasKinkedCall(e: Expr): boolean {
  if (e.kind === 'call' && lookupFunction(e.fn)?.kink !== undefined) return true;
  // Indexed, not for…of: a recursive function's iterator was a result object per operand.
  const kids = children(e);
  for (let i = 0; i < kids.length; i++) if (hasKinkedCall(kids[i]!)) return true;
  return false;
}

/** No path, or one factor that is not a split. */
function isTrivial(terms: readonly ValuedProduct[]): boolean {
  if (terms.length === 0) return true;
  const only = terms.length === 1 && terms[0]!.factors.length === 1 ? terms[0]!.factors[0]! : undefined;
  return only !== undefined && only.expansion === undefined;
}

/** The chain of d(target)/d(wrt) with values, and whether any factor sits at a kink. */
function valuedChain(ctx: ValuationContext, target: string, wrt: string): { chain: ValuedSum; kink: boolean } {
  const { graph, values } = ctx;
  // One evaluator for every factor of the chain: they share their operands.
  const at = new PointEvaluator(values);
  const valueOf = (e: Expr): number => at.value(e);
  let kink = false;
  const explained = new Map<string, Derivation>();
  const factorSteps = (of: string, wrt: string): Derivation => {
    const key = `${of}\u0000${wrt}`;
    const hit = explained.get(key) ?? explainFactor(graph, of, wrt, ctx.explain ?? 'full');
    explained.set(key, hit);
    return hit;
  };
  const valueFactor = (f: ChainFactor): ValuedFactor => {
    const k = f.expansion === undefined && atKink(graph.rhs(f.of), at);
    kink ||= k;
    const steps = ctx.explain !== undefined && f.expansion === undefined ? factorSteps(f.of, f.wrt) : undefined;
    const out: ValuedFactor = { of: f.of, wrt: f.wrt, expr: f.expr, value: valueOf(f.expr), kink: k, expansion: f.expansion && valueSum(f.expansion) };
    // Without steps (every factor of a plain report) no second object is made.
    return steps === undefined ? out : { ...out, steps };
  };
  const valueProduct = (p: ChainProduct): ValuedProduct => {
    const factors = p.factors.map(valueFactor);
    return { factors, value: factors.reduce((acc, f) => acc * f.value, 1), listed: listed(factors) };
  };
  const valued = new Map<ChainSum, ValuedSum>();
  const valueSum = (s: ChainSum): ValuedSum => {
    const hit = valued.get(s);
    if (hit) return hit;
    const terms = s.terms.map(valueProduct);
    // One path: its product is the derivative, and valuing the product's expression again would
    // read every factor's names a second time (a chain's 100,000).
    const value = terms.length === 1 ? terms[0]!.value : valueOf(s.expr);
    const out = { of: s.of, wrt: s.wrt, expr: s.expr, value, terms, trivial: isTrivial(terms) };
    valued.set(s, out);
    return out;
  };
  const chain = valueSum(chainDecomposition(graph, target, wrt));
  return { chain, kink };
}

/** Finite differences on the inlined target, wrt's own definition cut. */
function finiteDifferenceCheck(ctx: ValuationContext, target: string, wrt: string, value: number, kink: boolean): FdCheck {
  const { graph, values, inputNames } = ctx;
  const system = graph.system;
  const cut = system.definitions.has(wrt) && !system.definitions.get(wrt)!.input ? new Set([wrt]) : new Set<string>();
  const names = cut.size > 0 ? [...inputNames, wrt] : inputNames;
  const f = compileSystem(graph, [target], names);
  // The inputs' values as the report holds them: no look in the map of every name for each input.
  const point = cut.size > 0 ? [...ctx.inputValues, values.get(wrt)!] : ctx.inputValues;
  const at = names.indexOf(wrt);
  return checkDerivative((t) => {
    const p = point.slice();
    p[at] = t;
    return f(p)[0]!;
  }, values.get(wrt)!, value, { kink });
}

/** d(target)/d(wrt): its valued chain, symbolic form, value and check. */
export function valuedGradient(ctx: ValuationContext, target: string, wrt: string): GradientReport {
  const { chain, kink } = valuedChain(ctx, target, wrt);
  const expr = ctx.graph.total(target, wrt);
  const value = chain.value;
  const fd = finiteDifferenceCheck(ctx, target, wrt, value, kink);
  return { target, wrt, expr, value, chain, check: { ...fd, ok: fd.verdict === 'pass' }, kink };
}
