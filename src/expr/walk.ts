/**
 * Walks over expression DAGs: operands, rebuilding, free names,
 * memoised rewriting, post-order and topological order. None of them
 * recurses, so a DAG of any depth can be walked; each visits a shared
 * subexpression once.
 */

import { assertNever, deriv, rememberNames, type Expr, type Sym } from './node.ts';
import { add, mul, pow } from './canonical.ts';
import { call } from '../functions.ts';


/** The operands of every leaf: one list, never written, instead of a new empty one per visit. */
const NO_OPERANDS: readonly Expr[] = Object.freeze([]);

/** The operands of a node, in order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'num': case 'const': case 'sym': return NO_OPERANDS;
    case 'add': return e.terms;
    case 'mul': return e.factors;
    case 'pow': return [e.base, e.exp];
    case 'call': return e.args;
    case 'deriv': return [e.of, e.wrt];
    default: return assertNever(e);
  }
}

/** Rebuild a node of the same kind from new operands, through the canonical constructors. */
export function rebuild(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.kind) {
    case 'num': case 'const': case 'sym': return e;
    case 'add': return add(...kids);
    case 'mul': return mul(...kids);
    case 'pow': return pow(kids[0]!, kids[1]!);
    case 'call': return call(e.fn, kids);
    case 'deriv': {
      const w = kids[1]!;
      if (w.kind !== 'sym') throw new Error('derivative with respect to a non-name');
      return deriv(kids[0]!, w);
    }
    default: return assertNever(e);
  }
}

/** Nodes at most this large keep their free names (a bounded list each): a definition's right side is asked for them several times. */
const REMEMBERED_SIZE = 64;

/** The distinct names an expression mentions, in first-seen order (a fresh array). */
export function freeSymbols(e: Expr): Sym[] {
  return namesIn(e).slice();
}

/** The distinct names an expression mentions, in first-seen order: a list kept on a small node, never to be written. */
export function namesIn(e: Expr): readonly Sym[] {
  if (e.names !== undefined) return e.names;
  const out = e.kind === 'sym' ? [e] : walkFreeSymbols(e);
  if (e.size <= REMEMBERED_SIZE) rememberNames(e, out);
  return out;
}

function walkFreeSymbols(e: Expr): Sym[] {
  const seen = new Set<number>();
  const out: Sym[] = [];
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x.id)) continue;
    seen.add(x.id);
    if (x.kind === 'sym') out.push(x);
    const kids = children(x);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** How `mapDag` rewrites: `before` may replace a node as it is (its operands are then not visited); `after` sees the node rebuilt from rewritten operands. */
export interface DagRewrite {
  readonly before?: (e: Expr) => Expr | undefined;
  readonly after?: (e: Expr) => Expr;
}

/**
 * Rewrite a DAG bottom-up, memoised by node and without recursion, so a
 * shared subexpression is rewritten once and any depth works. A node whose
 * operands are unchanged is kept as it is (no rebuilding).
 */
export function mapDag(root: Expr, rewrite: DagRewrite): Expr {
  const memo = new Map<number, Expr>();
  // Inline, not a named closure: mapDag runs once per definition, and a named
  // function made per call costs a name definition under tsx's keepNames.
  for (const node of postOrder(root, (x) => {
    if (memo.has(x.id)) return true;
    const r = rewrite.before?.(x);
    if (r === undefined) return false;
    memo.set(x.id, r);
    return true;
  })) {
    const kids = children(node);
    if (kids.length === 0) {
      memo.set(node.id, rewrite.after ? rewrite.after(node) : node);
      continue;
    }
    const next = kids.map((k) => memo.get(k.id)!);
    const rebuilt = next.every((k, i) => k === kids[i]) ? node : rebuild(node, next);
    memo.set(node.id, rewrite.after ? rewrite.after(rebuilt) : rebuilt);
  }
  return memo.get(root.id)!;
}

/** Replace names by expressions everywhere, memoised over the DAG. */
export function substitute(e: Expr, bindings: ReadonlyMap<string, Expr>): Expr {
  return mapDag(e, { before: (x) => (x.kind === 'sym' ? bindings.get(x.name) ?? x : undefined) });
}

/**
 * The distinct nodes under `root` that `done` does not hold yet, operands
 * before the nodes that use them, found without recursion: a pass that
 * handles the nodes in this order, memoising as it goes, works on a DAG of
 * any depth.
 */
export function postOrder(root: Expr, done?: (e: Expr) => boolean): Expr[] {
  // A small expression (most right sides and local factors) has few distinct
  // nodes: a list of their ids is cheaper to make and search than a set.
  const seenList: number[] = [];
  const seenSet = root.size <= SMALL_WALK ? undefined : new Set<number>();
  const order: Expr[] = [];
  // Two parallel stacks, not a pair per entry: a walk runs per definition,
  // and a pair per node was a good part of the garbage of a long chain.
  const nodes: Expr[] = [root];
  const expanded: boolean[] = [false];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (expanded.pop()!) {
      order.push(node);
      continue;
    }
    if ((seenSet === undefined ? seenList.includes(node.id) : seenSet.has(node.id)) || (done !== undefined && done(node))) continue;
    if (seenSet === undefined) seenList.push(node.id);
    else seenSet.add(node.id);
    pushExpansion(node, nodes, expanded);
  }
  return order;
}

/**
 * Push `node` back, to be placed once its operands are, then its operands
 * (first on top): one step of the two post-order walks here (postOrder,
 * placedOrder), over their two parallel stacks.
 */
function pushExpansion(node: Expr, nodes: Expr[], expanded: boolean[]): void {
  nodes.push(node);
  expanded.push(true);
  const kids = children(node);
  for (let i = kids.length - 1; i >= 0; i--) {
    nodes.push(kids[i]!);
    expanded.push(false);
  }
}

/** Tree size up to which `postOrder` keeps the visited ids in a list. */
const SMALL_WALK = 24;

/** True when `e` holds a derivative `d(F)/d(x)` anywhere (an update rule's right side does). */
export function containsDerivative(e: Expr): boolean {
  return e.hasDerivative;
}

/** Number of distinct nodes in the DAG (shared subexpressions counted once). */
export function dagSize(roots: readonly Expr[]): number {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x.id)) continue;
    seen.add(x.id);
    for (const k of children(x)) stack.push(k);
  }
  return seen.size;
}

/**
 * The distinct nodes of several roots, operands before the nodes that use
 * them (the order a tape or a reverse sweep needs).
 */
export function topologicalOrder(roots: readonly Expr[]): Expr[] {
  // One root: its post-order is already every distinct node once.
  return roots.length === 1 ? postOrder(roots[0]!) : placedOrder(roots).order;
}

// The same order with each node's place in it, for a tape. Visited marks and
// places live in two typed arrays indexed by node id, reused by every walk (a
// stamp per walk tells its marks from older ones), not in a set and a map per
// walk: a system's tape of 100,000 right-hand sides visits half a million
// nodes, and maps of that size cost a cache miss per look. Ids are dense
// (node.ts counts them from 1) and an operand is made before its user, so the
// largest id of a walk is a root's. `place` answers for the last walk only: a
// caller reads it before anything walks again (compile.ts builds its tape
// straight after).

let stamps = new Int32Array(1 << 12);
let places = new Int32Array(1 << 12);
let stamp = 0;

export interface PlacedOrder {
  readonly order: Expr[];
  /** The place in `order` of one of its nodes. */
  readonly place: (e: Expr) => number;
}

export function placedOrder(roots: readonly Expr[]): PlacedOrder {
  let top = 0;
  for (const r of roots) if (r.id > top) top = r.id;
  if (top >= stamps.length) grow(top);
  const s = ++stamp;
  const marks = stamps;
  const at = places;
  const order: Expr[] = [];
  // Two parallel stacks: a node, and whether its operands are already placed.
  const nodes: Expr[] = [];
  const expanded: boolean[] = [];
  for (const root of roots) {
    if (marks[root.id] === s) continue;
    nodes.push(root);
    expanded.push(false);
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      if (expanded.pop()!) {
        at[node.id] = order.length;
        order.push(node);
        continue;
      }
      if (marks[node.id] === s) continue;
      marks[node.id] = s;
      pushExpansion(node, nodes, expanded);
    }
  }
  return { order, place: (e) => at[e.id]! };
}

function grow(top: number): void {
  let size = stamps.length;
  while (size <= top) size *= 2;
  // Marks of older walks are dropped with the arrays: the next stamp is unseen in the new ones.
  stamps = new Int32Array(size);
  places = new Int32Array(size);
}
