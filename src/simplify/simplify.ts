/**
 * The simplifier: the rules of rules.ts applied bottom-up until nothing
 * changes, with a step limit and a stop reason, and a trace of what fired
 * (for reports that show their work). Memoised by node: a shared
 * subexpression is simplified once.
 */

import { rememberSimplified, type Expr } from '../expr/node.ts';
import { children, postOrder, rebuild } from '../expr/walk.ts';
import { NablaError } from '../errors.ts';
import { checkTime } from '../limits.ts';
import { RULES, type Rule } from './rules.ts';
import { msg } from '../messages/format.ts';

/** Rewrites allowed in one call before it stops with `step-limit`. */
export const MAX_SIMPLIFY_STEPS = 100_000;

export interface SimplifyStep {
  readonly rule: string;
  readonly before: Expr;
  readonly after: Expr;
}

export interface SimplifyResult {
  readonly expr: Expr;
  readonly steps: readonly SimplifyStep[];
  /** `fixpoint` when no rule applies any more; `step-limit` when the limit cut it short. */
  readonly stop: 'fixpoint' | 'step-limit';
}

export interface SimplifyOptions {
  readonly rules?: readonly Rule[];
  readonly maxSteps?: number;
}

/** Where one call keeps the simplified form of each node it has done. */
interface Memo {
  get(e: Expr): Expr | undefined;
  set(e: Expr, simplified: Expr): void;
}

/** Forms under the default rules: on the nodes themselves, for the life of the process. */
const ON_NODES: Memo = { get: (e) => e.simplified, set: rememberSimplified };

/** Forms under other rules or another step limit: for one call. */
function memoOfOneCall(): Memo {
  const forms = new Map<number, Expr>();
  return { get: (e) => forms.get(e.id), set: (e, simplified) => void forms.set(e.id, simplified) };
}

/** Simplify and return the trace. */
export function simplifyWithTrace(e: Expr, options: SimplifyOptions = {}): SimplifyResult {
  // A leaf is already simplest: no default rule rewrites a number, a constant or a name
  // (a right side of a long chain is often just a number).
  if (options.rules === undefined && children(e).length === 0) return { expr: e, steps: [], stop: 'fixpoint' };
  // Nodes are immutable, so results with the default rules are kept across
  // calls: the partial derivatives of one function share their simplification,
  // and `steps` lists only the rewrites this call made.
  const memo = options.rules === undefined && options.maxSteps === undefined ? ON_NODES : memoOfOneCall();
  const run = new Simplification(options.rules ?? RULES, options.maxSteps ?? MAX_SIMPLIFY_STEPS, memo);
  try {
    return { expr: run.bottomUp(e), steps: run.steps, stop: run.stop };
  } catch (err) {
    if (err instanceof RangeError) throw new NablaError(msg('limit.simplify-depth', {}));
    throw err;
  }
}

/**
 * One call's work: its rules, step budget, memo and trace. Methods, not
 * closures made per call: the simplifier is called once per definition and
 * per local partial of a long chain, and the closures were a measurable
 * part of that.
 */
class Simplification {
  readonly steps: SimplifyStep[] = [];
  stop: SimplifyResult['stop'] = 'fixpoint';

  constructor(
    private readonly rules: readonly Rule[],
    private readonly maxSteps: number,
    private readonly memo: Memo,
  ) {}

  /** Rewrite one node (operands already simplified) until no rule applies. */
  private atNode(node: Expr): Expr {
    let current = node;
    for (;;) {
      checkTime('simplifying');
      if (this.steps.length >= this.maxSteps) {
        this.stop = 'step-limit';
        return current;
      }
      let fired = false;
      for (const rule of this.rules) {
        const next = rule.apply(current);
        if (next !== undefined && next !== current) {
          this.steps.push({ rule: rule.name, before: current, after: next });
          // The rewrite may expose new work below: simplify the result afresh.
          current = next === node ? next : this.bottomUp(next);
          fired = true;
          break;
        }
      }
      if (!fired) return current;
    }
  }

  /**
   * Operands first, in post-order without recursion, so that a 100,000-deep
   * expression simplifies; only a rewrite's result is simplified afresh from atNode.
   */
  bottomUp(root: Expr): Expr {
    const memo = this.memo;
    const done = memo.get(root);
    if (done !== undefined) return done;
    const order = postOrder(root, (n) => memo.get(n) !== undefined);
    // Indexed loops, not for…of: the iterators' result objects were a good part of this pass's garbage.
    for (let at = 0; at < order.length; at++) {
      const node = order[at]!;
      // A rewrite above may have simplified it meanwhile.
      if (memo.get(node) !== undefined) continue;
      // Loops, not map/every: a closure per node is measurable on large trees. The new
      // operand list is made only when an operand changed.
      const kids = children(node);
      let next: Expr[] | undefined;
      for (let i = 0; i < kids.length; i++) {
        const k = kids[i]!;
        const m = memo.get(k)!;
        if (next === undefined && m !== k) next = kids.slice(0, i);
        if (next !== undefined) next.push(m);
      }
      const rebuilt = next === undefined ? node : rebuild(node, next);
      const out = this.atNode(rebuilt);
      memo.set(node, out);
      memo.set(out, out);
    }
    return memo.get(root)!;
  }
}

/** Simplify an expression (see simplifyWithTrace for the trace and stop reason). */
export function simplify(e: Expr, options?: SimplifyOptions): Expr {
  // Under the default rules a node simplified before is answered from itself, with no trace made.
  if (options === undefined && e.simplified !== undefined) return e.simplified;
  return simplifyWithTrace(e, options).expr;
}
