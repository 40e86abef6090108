/**
 * Step-by-step derivations (SPEC §13), recorded by the differentiator and
 * the simplifier as they work: the pass tells a recorder each node's
 * derivative (diff.ts), the simplifier lists each rewrite it made
 * (simplify.ts), and this module lays them out top-down, the way a textbook
 * writes them: d(F)/d(x), then one rule at a time, each step's whole
 * expression with what is not yet differentiated written d(G)/d(x).
 *
 * Invariants: the last step's expression is the result itself (the same
 * node that `differentiate` returns); every step's expression equals the
 * derivative (each is the previous one with a placeholder replaced by the
 * formula the pass used, or a subexpression replaced by the simplifier's
 * rewrite of it). A derivation shows at most `maxSteps` steps; the rest are
 * counted and the last shown step jumps to the result.
 */

import { deriv, type Expr, type Sym, sym, ZERO } from '../expr/node.ts';
import { freeSymbols, mapDag } from '../expr/walk.ts';
import { checkTime } from '../limits.ts';
import type { StepMessageKey, StepParam } from '../messages/steps-en.ts';
import { RULES } from '../simplify/rules.ts';
import { simplifyWithTrace, type SimplifyStep } from '../simplify/simplify.ts';
import { diffResolved, resolveDerivatives } from './diff.ts';
import { nodeStep, type StepRule, type SubStep } from './step-rules.ts';

export type { StepRule, SubStep } from './step-rules.ts';

/** Steps shown in one derivation before the rest are counted instead (SPEC §10: bounded output). */
export const MAX_EXPLAIN_STEPS = 200;

/** One step: its rule, its sentence's key and parameters, and the whole expression after it. */
export interface DerivationStep {
  readonly rule: StepRule;
  readonly key: StepMessageKey;
  readonly params: Readonly<Record<string, StepParam>>;
  /** The sub-expression acted on (F of d(F)/d(x)), for differentiation steps. */
  readonly of?: Expr;
  /** What d(of)/d(x) was reduced to (operands' derivatives still written d(G)/d(x)). */
  readonly reduced?: Expr;
  /** The whole derivative after this step. */
  readonly expr: Expr;
  readonly substeps: readonly SubStep[];
  /** In a brief derivation: the rules of the hidden steps merged into this one, in order. */
  readonly merged?: readonly StepRule[];
}

export interface Derivation {
  /** The expression differentiated, as given. */
  readonly of: Expr;
  readonly wrt: Sym;
  readonly steps: readonly DerivationStep[];
  /** The derivative, simplified: the last step's expression. */
  readonly result: Expr;
  /** Steps not shown (beyond `maxSteps`); the last shown step then jumps to the result. */
  readonly leftOut: number;
}

export interface ExplainOptions {
  /** Simplify the input first, as `nabla diff` does (a spelled-out logistic becomes sigmoid). */
  readonly simplifyInput?: boolean;
  readonly maxSteps?: number;
  /** Rewrites each simplification may make, as `differentiate` was given (so both end at the same node). */
  readonly maxSimplifySteps?: number;
}

/** Replace every occurrence of `target` in `whole` by `by` (canonical rebuilding, memoised). */
function replaceAll(whole: Expr, target: Expr, by: Expr): Expr {
  return mapDag(whole, { before: (e) => (e === target ? by : undefined) });
}

/** A name for a chain's inner expression that the expression does not use. */
function freshName(e: Expr, x: Sym): Sym {
  const used = new Set([...freeSymbols(e).map((s) => s.name), x.name]);
  for (const n of ['u', 'v', 't', 's']) if (!used.has(n)) return sym(n);
  for (let i = 1; ; i++) if (!used.has(`u${i}`)) return sym(`u${i}`);
}

/** Rule names in the order they first fired, for a simplification step's sentence. */
const ruleList = (names: readonly string[]): string => [...new Set(names)].join(', ');

/** Steps gathered so far, with a bound: past it only a count is kept. */
class StepList {
  readonly steps: DerivationStep[] = [];
  leftOut = 0;
  lastLeftOutRule: StepRule | undefined;
  constructor(private readonly max: number) {}
  get full(): boolean {
    return this.steps.length >= this.max;
  }
  push(step: DerivationStep): void {
    if (this.full) {
      this.leftOut++;
      this.lastLeftOutRule = step.rule;
    } else this.steps.push(step);
  }
}

/**
 * The differentiation steps of d(F)/d(x), top-down from the recorded pass:
 * each expands one d(G)/d(x) (every occurrence at once, as the pass
 * differentiates a shared subexpression once). Returns the raw derivative.
 */
function differentiationSteps(f: Expr, x: Sym, list: StepList, start: Expr): Expr {
  const found = new Map<number, Expr>();
  const raw = diffResolved(f, x, (node, d) => found.set(node.id, d));
  const derivativeOf = (e: Expr): Expr => found.get(e.id) ?? ZERO;
  const fresh = freshName(f, x);
  let whole = start;
  // Depth-first from the top, left operand first: the order a person reads.
  const stack: Expr[] = [f];
  const done = new Set<number>();
  while (stack.length > 0) {
    checkTime('explaining');
    const g = stack.pop()!;
    if (done.has(g.id)) continue;
    done.add(g.id);
    const step = nodeStep(g, x, derivativeOf, fresh);
    for (let i = step.pending.length - 1; i >= 0; i--) if (!done.has(step.pending[i]!.id)) stack.push(step.pending[i]!);
    if (list.full) {
      list.push({ rule: step.rule, key: step.key, params: step.params, expr: whole, substeps: [] });
      continue;
    }
    // An operand differentiated in an earlier step (a shared subexpression) is
    // not differentiated again: its derivative is written in at once.
    let reduced = step.formula;
    for (const c of step.pending) if (done.has(c.id)) reduced = replaceAll(reduced, deriv(c, x), derivativeOf(c));
    whole = replaceAll(whole, deriv(g, x), reduced);
    list.push({ rule: step.rule, key: step.key, params: step.params, of: g, reduced, expr: whole, substeps: step.substeps });
  }
  return raw;
}

/**
 * The simplifier's rewrites replayed on the whole expression: each rewrite
 * that shows in it is a step; one that does not (it was merged into a larger
 * rewrite) is named in the next step that does. Returns the expression
 * reached and the rule names not yet shown.
 */
function simplificationSteps(
  from: Expr, rewrites: readonly SimplifyStep[], list: StepList, key: StepMessageKey,
  wrap: (e: Expr) => Expr,
): { reached: Expr; unshown: string[] } {
  let whole = from;
  let unshown: string[] = [];
  for (const r of rewrites) {
    checkTime('explaining');
    unshown.push(r.rule);
    if (list.full) {
      // Past the bound each rewrite is counted as a step (not replayed: that is the cost being bounded).
      list.push({ rule: 'simplify', key, params: {}, expr: whole, substeps: [] });
      continue;
    }
    const next = replaceAll(whole, r.before, r.after);
    if (next === whole) continue;
    whole = next;
    // Consecutive rewrites by the same rule are one step.
    const last = list.steps[list.steps.length - 1];
    if (last && last.rule === 'simplify' && unshown.every((n) => n === r.rule) && last.params['rules'] === r.rule && last.key === key) {
      list.steps[list.steps.length - 1] = { ...last, expr: wrap(whole) };
    } else {
      list.push({ rule: 'simplify', key, params: { rules: ruleList(unshown) }, expr: wrap(whole), substeps: [] });
    }
    unshown = [];
  }
  return { reached: whole, unshown };
}

/**
 * The derivation of ∂e/∂x, step by step, ending at the simplified derivative
 * (with `simplifyInput`, exactly what `differentiate` prints).
 */
export function explainDerivative(e: Expr, x: Sym, options: ExplainOptions = {}): Derivation {
  const list = new StepList(options.maxSteps ?? MAX_EXPLAIN_STEPS);
  let f = resolveDerivatives(e);
  // The rules passed explicitly give a private memo, so every rewrite is listed.
  const simplifying = { rules: RULES, ...(options.maxSimplifySteps === undefined ? {} : { maxSteps: options.maxSimplifySteps }) };
  if (options.simplifyInput) {
    const input = simplifyWithTrace(f, simplifying);
    if (input.expr !== f) {
      const { reached, unshown } = simplificationSteps(f, input.steps, list, 'simplify-input', (w) => deriv(w, x));
      if (reached !== input.expr) {
        list.push({ rule: 'simplify', key: 'simplify-input', params: { rules: ruleList(unshown) }, expr: deriv(input.expr, x), substeps: [] });
      }
    }
    f = input.expr;
  }
  const raw = differentiationSteps(f, x, list, deriv(f, x));
  const simplified = simplifyWithTrace(raw, simplifying);
  const { reached, unshown } = simplificationSteps(raw, simplified.steps, list, 'simplify', (w) => w);
  const result = simplified.expr;
  const last = list.steps[list.steps.length - 1];
  // Normally the replay has reached the result; if not, one last simplification step does.
  if ((reached !== result || last === undefined || last.expr !== result) && list.leftOut === 0) {
    list.push({ rule: 'simplify', key: 'simplify', params: { rules: ruleList(unshown.length > 0 ? unshown : simplified.steps.map((r) => r.rule)) }, expr: result, substeps: [] });
  }
  if (list.leftOut > 0) {
    // The bound was reached: one last step names how many were left out and reaches the result.
    list.steps.push({
      rule: list.lastLeftOutRule ?? 'simplify', key: 'left-out',
      params: { count: String(list.leftOut), limit: String(options.maxSteps ?? MAX_EXPLAIN_STEPS) }, expr: result, substeps: [],
    });
  }
  return { of: e, wrt: x, steps: list.steps, result, leftOut: list.leftOut };
}

/** The rules `--explain=brief` shows (SPEC §13). */
const BRIEF_RULES: ReadonlySet<StepRule> = new Set(['chain', 'product', 'quotient', 'function']);

/**
 * The brief derivation: chain, product, quotient and function steps only.
 * A hidden step is merged into the next one shown (a step's expression is
 * already the whole expression after it, and `merged` names the hidden
 * rules); hidden steps after the last one shown are merged into it, except a
 * last simplification or substitution of named nodes, which is shown, so brief
 * steps end at the result too. A derivation with none of those rules shows
 * its last step.
 */
export function briefDerivation(d: Derivation): Derivation {
  const out: DerivationStep[] = [];
  let hidden: StepRule[] = [];
  const last = d.steps[d.steps.length - 1];
  d.steps.forEach((s, i) => {
    // The last step is shown when it simplifies, substitutes, says how many steps were left out, or is all there is.
    const closing = i === d.steps.length - 1 && (s.rule === 'simplify' || s.rule === 'substitute' || s.key === 'left-out' || out.length === 0);
    if (BRIEF_RULES.has(s.rule) || closing) {
      out.push(hidden.length > 0 ? { ...s, merged: hidden } : s);
      hidden = [];
    } else hidden.push(s.rule);
  });
  const shown = out[out.length - 1];
  if (hidden.length > 0 && shown !== undefined && last !== undefined) {
    out[out.length - 1] = { ...shown, expr: last.expr, merged: [...(shown.merged ?? []), ...hidden] };
  }
  return { ...d, steps: out };
}
