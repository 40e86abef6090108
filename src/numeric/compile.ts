/**
 * Numeric evaluation in float64.
 *
 * `compile` turns expressions into a tape (tape.ts) over one Float64Array of
 * slots: one slot per distinct DAG node, so a shared subexpression is
 * computed once and an evaluation allocates nothing. Names never reach any
 * code: inputs are read by index.
 *
 * Invariant: a result is a finite number or an EvaluationError naming the
 * subexpression where the value went wrong (log of a negative, 0/0, an
 * overflow), never a silent NaN.
 */

import { assertNever, type Expr } from '../expr/node.ts';
import { children, placedOrder, postOrder, topologicalOrder } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';
import { NablaError } from '../errors.ts';
import { describeValue } from '../io/arguments.ts';
import { functionRow } from '../functions.ts';
import { buildTape, runTape } from './tape.ts';
import { resolveDerivatives } from '../diff/diff.ts';
import { toText } from '../print/text.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';

/** Distinct nodes one compiled function may hold. */
export const MAX_COMPILED_NODES = 2_000_000;

export class EvaluationError extends NablaError {
  constructor(
    message: Message,
    /** The subexpression whose value is not a finite number. */
    readonly subexpression: Expr,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** Input values: in the order of the compiled names, or by name. */
export type Values = ArrayLike<number> | Readonly<Record<string, number>> | ReadonlyMap<string, number>;

export interface CompiledFunction {
  /** Values of the compiled expressions, in order. Throws EvaluationError on a non-finite result. */
  (values: Values): Float64Array;
  /** The same without the finiteness check, writing into `out`: for hot loops that check once. */
  readonly raw: (inputs: ArrayLike<number>, out: Float64Array) => Float64Array;
  readonly names: readonly string[];
  /** Distinct nodes evaluated per call. */
  readonly slots: number;
}

/** Real power; for an odd root of a negative base, (−b)^(p/q) = (−1)^p · b^(p/q). */
function realPow(base: number, p: number, oddRootSign: number): number {
  return base < 0 && oddRootSign !== 0 ? oddRootSign * Math.pow(-base, p) : Math.pow(base, p);
}

/** Whether a rational exponent p/q has an odd q, so a negative base has a real power. */
function oddRootExponent(e: Q.Rational): boolean {
  return e.den % 2n === 1n && e.den !== 1n;
}

/** Sign of the real power for an odd root: (−b)^(p/q) = (−1)^p · b^(p/q). */
function oddRootSign(e: Q.Rational): number {
  return e.num % 2n === 0n ? 1 : -1;
}

/**
 * Compile expressions of the named inputs to a function returning their
 * values. With `bound` (name → expression, each among or below `exprs`, in an
 * order where every expression comes after the ones its names are bound to),
 * those names are computed, not read: see buildTape.
 */
export function compile(exprs: readonly Expr[], names: readonly string[], bound?: (name: string) => Expr | undefined): CompiledFunction {
  // The walk of the expressions as given also says whether any holds a
  // derivative to resolve first (rarely): a system's tape of thousands of
  // right-hand sides then costs one walk, not one per right-hand side more.
  let roots: readonly Expr[] = exprs.slice();
  let walked = placedOrder(exprs);
  if (walked.order.some((x) => x.kind === 'deriv')) {
    roots = exprs.map(resolveDerivatives);
    walked = placedOrder(roots);
  }
  const { order, place } = walked;
  if (order.length > MAX_COMPILED_NODES) {
    throw new NablaError(msg('limit.compiled-nodes', { count: order.length, max: MAX_COMPILED_NODES }));
  }
  const tape = buildTape(order, roots, names, bound, place);
  const raw = (inputs: ArrayLike<number>, out: Float64Array): Float64Array => runTape(tape, inputs, out);
  const toArray = (values: Values): ArrayLike<number> => {
    // A caller past the types (a string, an array of the wrong length) gets a NablaError, not NaN.
    if (typeof values !== 'object' || values === null) {
      throw new NablaError(msg('value.expected-values', { count: names.length, found: describeValue(values) }));
    }
    if (isArrayLike(values)) {
      if (values.length !== names.length) {
        const shown = names.length <= 5 ? ` (${names.join(', ')})` : '';
        throw new NablaError(msg('value.count', { count: names.length, names: shown, found: values.length }));
      }
      return values;
    }
    // Own properties only: a name such as `constructor` must not find Object's.
    const get = values instanceof Map
      ? (n: string) => values.get(n)
      : (n: string) => (Object.hasOwn(values, n) ? (values as Record<string, number>)[n] : undefined);
    const out = names.map((n) => {
      const x = get(n);
      if (x === undefined) throw new NablaError(msg('value.none', { name: `"${n}"` }));
      return x;
    });
    checkNumbers(out, names);
    return out;
  };

  const fn = ((values: Values): Float64Array => {
    const inputs = toArray(values);
    const out = raw(inputs, new Float64Array(roots.length));
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i]!)) throw diagnose(roots[i]!, names, inputs);
    }
    return out;
  }) as CompiledFunction;
  return Object.assign(fn, { raw, names, slots: tape.slots.length });
}

/** Every value a number (`"2"` or `null` would turn into 2 or 0 in arithmetic). */
function checkNumbers(values: readonly unknown[], names: readonly string[]): void {
  values.forEach((x, i) => {
    if (typeof x !== 'number') throw new NablaError(msg('value.not-number', { name: `"${names[i]}"`, found: describeValue(x) }));
  });
}

function isArrayLike(v: Values): v is ArrayLike<number> {
  return typeof (v as ArrayLike<number>).length === 'number' && !(v instanceof Map);
}

/**
 * Evaluate by walking the DAG once, without generating code: cheaper than
 * `compile` for an expression evaluated once. Returns the value, or the
 * innermost subexpression whose value is not a finite number and why, in the
 * user's terms.
 */
export function interpret(root: Expr, lookup: (name: string) => number): { value: number; failure?: EvaluationError } {
  return interpretInOrder(topologicalOrder([root]), root, lookup);
}

/** The value of an operand already evaluated (made once per evaluation, not once per node). */
function operandValue(value: ReadonlyMap<number, number>): (e: Expr) => number {
  return (e) => value.get(e.id)!;
}

/** `interpret` over the distinct nodes of `root`, operands first (`order`), found by the caller. */
function interpretInOrder(order: readonly Expr[], root: Expr, lookup: (name: string) => number): { value: number; failure?: EvaluationError } {
  const value = new Map<number, number>();
  let failure: EvaluationError | undefined;
  const arg = operandValue(value);
  for (const node of order) {
    let x: number;
    let why: Message | undefined;
    switch (node.kind) {
      case 'num': x = Q.toNumber(node.value); break;
      case 'const': x = node.name === 'e' ? Math.E : Math.PI; break;
      case 'sym': x = Number(lookup(node.name)); if (Number.isNaN(x)) why = msg('domain.name-not-number', { name: `"${node.name}"` }); break;
      case 'add': x = node.terms.reduce((acc, t) => acc + arg(t), 0); if (Number.isNaN(x)) why = msg('domain.infinite-difference', {}); break;
      case 'mul': x = node.factors.reduce((acc, t) => acc * arg(t), 1); if (Number.isNaN(x)) why = msg('domain.zero-times-infinity', {}); break;
      case 'pow': {
        const b = arg(node.base);
        const p = arg(node.exp);
        x = realPow(b, p, node.exp.kind === 'num' && oddRootExponent(node.exp.value) ? oddRootSign(node.exp.value) : 0);
        if (b === 0 && p < 0) why = msg('domain.division-by-zero', {});
        else if (b < 0 && !Number.isInteger(p) && !Number.isFinite(x)) why = msg('domain.fractional-power', {});
        else if (!Number.isFinite(x)) why = msg('domain.overflow', {});
        break;
      }
      case 'call': {
        const row = functionRow(node.fn);
        const args = node.args.map(arg);
        x = row.evaluate(...args);
        why = row.domain?.(args) ?? (Number.isFinite(x) ? undefined : msg('domain.overflow', {}));
        break;
      }
      case 'deriv':
        throw new NablaError(msg('internal.unresolved-evaluation', {}));
      default:
        return assertNever(node);
    }
    value.set(node.id, x);
    if (failure === undefined && !Number.isFinite(x) && children(node).every((c) => Number.isFinite(value.get(c.id)!))) {
      failure = new EvaluationError(msg('domain.in', { why: why ?? msg('domain.not-finite', {}), expression: toText(node) }), node);
    }
  }
  const result = value.get(root.id)!;
  if (!Number.isFinite(result) && failure === undefined) failure = new EvaluationError(msg('domain.not-finite-at', { expression: toText(root) }), root);
  return Number.isFinite(result) ? { value: result } : { value: result, failure };
}

/**
 * `interpret`, derivatives resolved first, over the walk `order` of `e`
 * already made: evaluating a chain's local factors one by one walked each
 * twice, once to look for a derivative (there rarely is one) and once to
 * interpret it.
 */
function interpretWalked(e: Expr, order: readonly Expr[], lookup: (name: string) => number): { value: number; failure?: EvaluationError } {
  return order.some((x) => x.kind === 'deriv') ? interpret(resolveDerivatives(e), lookup) : interpretInOrder(order, e, lookup);
}

/** The value of an expression at named values, interpreted once; throws EvaluationError when not finite. */
export function evaluateAt(e: Expr, values: ReadonlyMap<string, number>): number {
  // A number (an input's default) is its value, unless it is not a finite double (then the general path says why).
  if (e.kind === 'num') {
    const x = Q.toNumber(e.value);
    if (Number.isFinite(x)) return x;
  }
  const r = interpretWalked(e, topologicalOrder([e]), (n) => {
    const v = values.get(n);
    if (v === undefined) throw new NablaError(msg('value.none', { name: `"${n}"` }));
    return v;
  });
  if (r.failure) throw r.failure;
  return r.value;
}

/**
 * Values of many expressions at one point, each distinct node computed once
 * for them all: the thousands of local factors of a chain's report share
 * their operands, and one walk per factor (with a map of its own) cost more
 * than the arithmetic. The arithmetic is interpretInOrder's, operand by
 * operand in the same order, so every value is the same double; an
 * expression whose value is not finite, or that holds a derivative or a name
 * without a value, is left to evaluateAt, which says why.
 */
export class PointEvaluator {
  private readonly memo = new Map<number, number>();

  constructor(readonly values: ReadonlyMap<string, number>) {}

  /** The value of `e` at the point; throws EvaluationError when not finite (as evaluateAt). */
  value(e: Expr): number {
    // A small tree (a chain's factor `cos(a_k) + p_k`) is valued through its operands
    // directly: its nodes are its own, and entering each in the memo cost more than the sum.
    if (e.size <= SMALL_TREE) {
      const x = treeValue(e, this.values);
      return x !== undefined && Number.isFinite(x) ? x : evaluateAt(e, this.values);
    }
    const memo = this.memo;
    let x = memo.get(e.id);
    if (x === undefined && fillValues(e, memo, this.values)) x = memo.get(e.id);
    return x !== undefined && Number.isFinite(x) ? x : evaluateAt(e, this.values);
  }
}

/** Trees up to this many nodes are valued without the memo (the recursion is as deep as the tree, at most this). */
const SMALL_TREE = 24;

/** The value of a small tree through its operands (interpretInOrder's arithmetic); undefined for a derivative or a name without a value. */
function treeValue(node: Expr, values: ReadonlyMap<string, number>): number | undefined {
  // Every operand of a small tree is small, so nodeValue takes each from its own operands, never the memo.
  return nodeValue(node, NO_MEMO, values);
}

const NO_MEMO: ReadonlyMap<number, number> = new Map();

/** A leaf's value; undefined for a derivative or a name without a value. */
function leafValue(node: Expr, values: ReadonlyMap<string, number>): number | undefined {
  switch (node.kind) {
    case 'num': return Q.toNumber(node.value);
    case 'const': return node.name === 'e' ? Math.E : Math.PI;
    case 'sym': {
      const v = values.get(node.name);
      return v === undefined ? undefined : Number(v);
    }
    default:
      return undefined;
  }
}

/**
 * Value every node of `e` not yet in `memo`, operands first; false where one
 * cannot be valued here. Small subtrees are valued directly where used (a
 * chain's gradient is a product of thousands of small factors), not entered.
 */
function fillValues(e: Expr, memo: Map<number, number>, values: ReadonlyMap<string, number>): boolean {
  for (const node of postOrder(e, (x) => x.size <= SMALL_TREE || memo.has(x.id))) {
    const x = nodeValue(node, memo, values);
    if (x === undefined) return false;
    memo.set(node.id, x);
  }
  return true;
}

/** An operand's value: a small tree's through its own operands, a larger one's from the memo. */
function memoOrTreeValue(e: Expr, memo: ReadonlyMap<number, number>, values: ReadonlyMap<string, number>): number | undefined {
  return e.size <= SMALL_TREE ? treeValue(e, values) : memo.get(e.id);
}

/** A node's value from its operands' (interpretInOrder's arithmetic): a small operand's through its own operands, a larger one's from the memo; undefined as treeValue. */
function nodeValue(node: Expr, memo: ReadonlyMap<number, number>, values: ReadonlyMap<string, number>): number | undefined {
  switch (node.kind) {
    case 'add': {
      let acc = 0;
      for (const t of node.terms) {
        const v = memoOrTreeValue(t, memo, values);
        if (v === undefined) return undefined;
        acc = acc + v;
      }
      return acc;
    }
    case 'mul': {
      let acc = 1;
      for (const t of node.factors) {
        const v = memoOrTreeValue(t, memo, values);
        if (v === undefined) return undefined;
        acc = acc * v;
      }
      return acc;
    }
    case 'pow': {
      const b = memoOrTreeValue(node.base, memo, values);
      const p = memoOrTreeValue(node.exp, memo, values);
      if (b === undefined || p === undefined) return undefined;
      return realPow(b, p, node.exp.kind === 'num' && oddRootExponent(node.exp.value) ? oddRootSign(node.exp.value) : 0);
    }
    case 'call': {
      const args: number[] = [];
      for (const a of node.args) {
        const v = memoOrTreeValue(a, memo, values);
        if (v === undefined) return undefined;
        args.push(v);
      }
      return functionRow(node.fn).evaluate(...args);
    }
    case 'num': case 'const': case 'sym': case 'deriv':
      return leafValue(node, values);
    default:
      return assertNever(node);
  }
}

/** Why a compiled expression's value is not finite: the innermost failing subexpression. */
export function diagnose(root: Expr, names: readonly string[], inputs: ArrayLike<number>): EvaluationError {
  const index = new Map(names.map((n, i) => [n, i]));
  const r = interpret(root, (n) => Number(inputs[index.get(n) ?? -1]));
  return r.failure ?? new EvaluationError(msg('domain.not-finite-at', { expression: toText(root) }), root);
}

const cache = new Map<string, CompiledFunction>();

/** The value of one expression at the given bindings (compiled once and cached). */
export function evaluate(e: Expr, bindings: Readonly<Record<string, number>> | ReadonlyMap<string, number>): number {
  const names = bindings instanceof Map ? [...bindings.keys()] : Object.keys(bindings);
  const key = `${e.id}|${names.join(',')}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = compile([e], names);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, fn);
  }
  return fn(bindings)[0]!;
}
