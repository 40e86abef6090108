/**
 * Symbolic differentiation of one expression with respect to one name.
 *
 * The chain rule is written once, for `call` nodes: Σ_i f′_i(args)·args_i′,
 * with each f′_i taken from the function registry. The pass is memoised by
 * node, so a shared subexpression is differentiated once however often it
 * occurs, and a subtree that does not mention the name costs one lookup.
 */

import { assertNever, type Expr, MINUS_ONE, ONE, type Sym, sym, ZERO } from '../expr/node.ts';
import { add, mul, pow, sub } from '../expr/canonical.ts';
import { mapDag, postOrder } from '../expr/walk.ts';
import { NablaError } from '../errors.ts';
import { call, functionRow } from '../functions.ts';
import { checkTime } from '../limits.ts';
import { msg } from '../messages/format.ts';

/** Nodes below which derivatives of derivatives are refused (a guard against runaway order). */
export const MAX_DIFF_DEPTH = 100_000;

/**
 * ∂e/∂x. Derivative nodes inside `e` (`d(F)/d(y)`) are first replaced by
 * their value, so second derivatives work.
 */
export function diff(e: Expr, x: Sym | string): Expr {
  const name = typeof x === 'string' ? sym(x) : x;
  return diffResolved(resolveDerivatives(e), name);
}

/**
 * Replace every `d(F)/d(y)` node by ∂F/∂y, innermost first. Without
 * recursion over the expression, and returning `e` itself when it holds no
 * derivative, so evaluation never pays for it.
 */
export function resolveDerivatives(e: Expr): Expr {
  if (!holdsDerivative(e)) return e;
  return withDepthGuard(e, () => mapDag(e, { after: (x) => (x.kind === 'deriv' ? diffResolved(x.of, x.wrt) : x) }));
}

/**
 * Nodes known to hold no derivative. Nodes are immutable and interned, so
 * the answer never changes: remembering it makes asking again of a shared
 * DAG (every definition of a chain, inlined, compiled at once) cost only
 * the nodes not seen before, not the whole DAG each time.
 */
const derivativeFree = new Set<number>();

function holdsDerivative(e: Expr): boolean {
  const order = postOrder(e, (n) => derivativeFree.has(n.id));
  if (order.some((n) => n.kind === 'deriv')) return true;
  for (const n of order) derivativeFree.add(n.id);
  return false;
}

function withDepthGuard<T>(e: Expr, f: () => T): T {
  if (e.depth > MAX_DIFF_DEPTH) throw new NablaError(msg('limit.diff-depth', { max: MAX_DIFF_DEPTH }));
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) throw new NablaError(msg('limit.diff-recursion', {}));
    throw err;
  }
}

/**
 * Told of every node the differentiator works on, with the derivative it
 * found, in the order it finds them (operands first): how a step-by-step
 * derivation is recorded by the pass itself (diff/steps.ts), never re-derived.
 */
export type DiffRecorder = (node: Expr, derivative: Expr) => void;

/**
 * The rule for one node: its derivative from its operands' derivatives `d`.
 * Written once and used twice: with the operands' derivatives (the pass
 * below) and, by a recorder, with `d(F)/d(x)` placeholders (a step's formula).
 */
export function derivativeRule(node: Expr, x: Sym, d: (operand: Expr) => Expr): Expr {
  switch (node.kind) {
    case 'num':
    case 'const':
      return ZERO;
    case 'sym':
      return node === x ? ONE : ZERO;
    case 'add':
      return add(...node.terms.map(d));
    case 'mul': {
      // Product rule: Σ_i f_i′ · Π_{j≠i} f_j.
      const fs = node.factors;
      const terms: Expr[] = [];
      fs.forEach((f, i) => {
        const df = d(f);
        if (df !== ZERO) terms.push(mul(df, ...fs.filter((_, j) => j !== i)));
      });
      return add(...terms);
    }
    case 'pow': {
      const db = d(node.base);
      const dp = d(node.exp);
      if (dp === ZERO) {
        // d(u^p) = p·u^(p−1)·u′
        return db === ZERO ? ZERO : mul(node.exp, pow(node.base, sub(node.exp, ONE)), db);
      }
      // 0^v is 0 wherever it is defined and smooth (v > 0), so its derivative is 0 there;
      // the general rule below would bring in ln 0 and 0^(-1).
      if (node.base === ZERO) return ZERO;
      // d(u^v) = u^v·(v′·ln u + v·u′/u)
      return mul(node, add(mul(dp, call('log', [node.base])), mul(node.exp, db, pow(node.base, MINUS_ONE))));
    }
    case 'call': {
      const row = functionRow(node.fn);
      // Chain rule, once for every function: Σ_i f′_i(args)·args_i′.
      const terms: Expr[] = [];
      node.args.forEach((a, i) => {
        const da = d(a);
        if (da !== ZERO) terms.push(mul(row.derivative(node.args, i), da));
      });
      return add(...terms);
    }
    case 'deriv':
      return diffResolved(diffResolved(node.of, node.wrt), x);
    default:
      return assertNever(node);
  }
}

/**
 * A node's derivative from the pass's memo. Made here, not as a named
 * closure in the pass: a chain's report runs the pass once per definition,
 * and a named closure costs a naming call each time under the development
 * loader (tsx).
 */
function lookupIn(memo: ReadonlyMap<number, Expr>): (node: Expr) => Expr {
  return (node) => memo.get(node.id)!;
}

/** Trees up to this many nodes (a chain's right side has six) are differentiated by recursion. */
const SMALL_TREE = 24;

/**
 * ∂e/∂x of a small tree by recursion, with no memo or walk made for it:
 * the plain pass below costs more to set up than a right side of a few
 * nodes costs to differentiate. Its size bounds both the work and the depth.
 */
function diffSmall(e: Expr, x: Sym): Expr {
  if (e.kind === 'sym') return e === x ? ONE : ZERO;
  if (e.kind === 'num' || e.kind === 'const') return ZERO;
  return derivativeRule(e, x, (operand) => diffSmall(operand, x));
}

/**
 * ∂e/∂x of an expression holding no derivative nodes, each node told to
 * `recorder` when one is given (the plain pass pays one test per node).
 */
export function diffResolved(e: Expr, x: Sym, recorder?: DiffRecorder): Expr {
  if (recorder === undefined && e.size <= SMALL_TREE) return diffSmall(e, x);
  const memo = new Map<number, Expr>();
  // Operands are differentiated before the nodes that use them (postOrder),
  // so `d` is a lookup and the pass does not recurse over the expression.
  const d = lookupIn(memo);
  return withDepthGuard(e, () => {
    for (const node of postOrder(e)) {
      checkTime('differentiating');
      const out = derivativeRule(node, x, d);
      memo.set(node.id, out);
      if (recorder !== undefined) recorder(node, out);
    }
    return d(e);
  });
}
