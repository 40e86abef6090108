/**
 * The algebra representation: a small union of immutable, hash-consed
 * nodes, and the interning that makes structurally equal nodes one object
 * (so `a === b` is equality and every pass can memoise by node; `id` is a
 * key for maps, never an order of the algebra). Ids count from 1 and an
 * operand is made before its user, so its id is the smaller: placedOrder (walk.ts)
 * sizes its arrays by a root's id.
 *
 * Only leaves are built here. Sums, products and powers are built by the
 * canonical constructors (canonical.ts), which keep them flat, sorted and
 * folded, and calls by the registry's `call` (functions.ts), which folds
 * them through their rows; the `intern…` functions are theirs alone.
 */

import * as Q from './rational.ts';
import type { Rational } from './rational.ts';
import type { FunctionName } from './function-name.ts';
import { naturalKey } from './name-order.ts';

export type Constant = 'e' | 'pi';

interface Base {
  /** Intern id: a map key, never an order. */
  readonly id: number;
  /** Number of nodes in the DAG below and including this one (shared counted once per path). */
  readonly size: number;
  /** Nesting depth, for the depth limits of recursive passes. */
  readonly depth: number;
  /** True when a derivative `d(F)/d(x)` is in it, itself included. */
  readonly hasDerivative: boolean;
  /**
   * Its form under the default simplification rules, once simplify.ts has
   * found it: a memo kept on the node (nodes never change). It and `names`
   * are the only fields written after a node is made (rememberSimplified,
   * rememberNames); `users` grows as nodes are made over it.
   */
  readonly simplified: Expr | undefined;
  /** The distinct names in it, once walk.ts has listed them for a small node: a memo like `simplified`. */
  readonly names: readonly Sym[] | undefined;
  /** The nodes made with this one as their first operand, for interning (see `madeWith`): written as they are made. */
  readonly users: Users | undefined;
}

export interface Num extends Base { readonly kind: 'num'; readonly value: Rational }
export interface Const extends Base { readonly kind: 'const'; readonly name: Constant }
export interface Sym extends Base {
  readonly kind: 'sym';
  readonly name: string;
  /** The name's place in the natural order of names, as a string to compare with `<` (name-order.ts). */
  readonly sortKey: string;
}
export interface Add extends Base { readonly kind: 'add'; readonly terms: readonly Expr[] }
export interface Mul extends Base { readonly kind: 'mul'; readonly factors: readonly Expr[] }
export interface Pow extends Base { readonly kind: 'pow'; readonly base: Expr; readonly exp: Expr }
export interface Call extends Base { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] }
/** An unevaluated derivative `d(of)/d(wrt)`, as written in formulas. */
export interface Deriv extends Base { readonly kind: 'deriv'; readonly of: Expr; readonly wrt: Sym }

export type Expr = Num | Const | Sym | Add | Mul | Pow | Call | Deriv;
export type ExprKind = Expr['kind'];

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------
// Interning
//
// Nodes with operands are found by a 32-bit hash of their kind and their
// operands' ids (and a call's function), never by a key string. The nodes
// made with a node as their first operand are kept on that node (`users`),
// each with its hash: looking a node up reads its first operand, just made
// or used and so in the cache, and one short list. One table of every node
// cost a look at a random place of a table of a million entries for each
// node of a long chain, a cache miss or three each. Equal hashes of
// different nodes are told apart by operands.

type Bucket = Expr | Expr[];
/** Hash and node, in turn, for a few users; by hash past MAX_LISTED (a first operand of thousands of nodes, as 1 or x). */
export type Users = (number | Expr)[] | Map<number, Bucket>;
/** Users listed before they are kept in a map by hash. */
const MAX_LISTED = 12;
let nextId = 1;

/** What nodes are kept on: their first operand, or this one holder for calls of no argument. */
interface Holder {
  users: Users | undefined;
}
const NO_OPERAND: Holder = { users: undefined };

const ADD_SEED = 0x2f6b1d3a;
const MUL_SEED = 0x5c1e7b29;
const POW_SEED = 0x71d4a6c3;
const DERIV_SEED = 0x1a9e4f57;

/** One round of a multiplicative hash (murmur-style). */
function mix(h: number, x: number): number {
  const m = Math.imul(h ^ x, 0x5bd1e995);
  return m ^ (m >>> 15);
}

/** A small number per function name, for the hash of its calls. */
const functionCodes = new Map<string, number>();
function functionCode(fn: string): number {
  let code = functionCodes.get(fn);
  if (code === undefined) functionCodes.set(fn, (code = 0x3c6ef372 + functionCodes.size * 0x9e3779b9));
  return code;
}

function sameOperands(xs: readonly Expr[], ys: readonly Expr[]): boolean {
  if (xs.length !== ys.length) return false;
  for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i]) return false;
  return true;
}

/** Size (capped), depth and whether a derivative is in it, of a node over these operands. */
function measure(operands: readonly Expr[]): { size: number; depth: number; hasDerivative: boolean } {
  let size = 1;
  let depth = 0;
  let hasDerivative = false;
  for (const c of operands) {
    size += c.size;
    if (c.depth > depth) depth = c.depth;
    if (c.hasDerivative) hasDerivative = true;
  }
  return { size: Math.min(size, Number.MAX_SAFE_INTEGER), depth: depth + 1, hasDerivative };
}

/** The nodes of hash `h` made over `first`, in one list reused by every look: read it before the next look. */
const matches: Expr[] = [];
function madeWith(first: Holder, h: number): readonly Expr[] {
  matches.length = 0;
  const users = first.users;
  if (users === undefined) return matches;
  if (Array.isArray(users)) {
    for (let i = 0; i < users.length; i += 2) if (users[i] === h) matches.push(users[i + 1] as Expr);
    return matches;
  }
  const bucket = users.get(h);
  if (bucket === undefined) return matches;
  if (Array.isArray(bucket)) return bucket;
  matches.push(bucket);
  return matches;
}

/** Keep `node`, of hash `h`, on its first operand; returns it. */
function keep<T extends Expr>(first: Holder, h: number, node: T): T {
  const users = first.users;
  if (users === undefined) first.users = [h, node];
  else if (!Array.isArray(users)) addByHash(users, h, node);
  else if (users.length < 2 * MAX_LISTED) users.push(h, node);
  else {
    const byHash = new Map<number, Bucket>();
    for (let i = 0; i < users.length; i += 2) addByHash(byHash, users[i] as number, users[i + 1] as Expr);
    addByHash(byHash, h, node);
    first.users = byHash;
  }
  return node;
}

function addByHash(byHash: Map<number, Bucket>, h: number, node: Expr): void {
  const bucket = byHash.get(h);
  if (bucket === undefined) byHash.set(h, node);
  else if (Array.isArray(bucket)) bucket.push(node);
  else byHash.set(h, [bucket, node]);
}

/** A node as the holder of the nodes made over it (its `users` is written only here). */
const holder = (e: Expr | undefined): Holder => (e === undefined ? NO_OPERAND : (e as unknown as Holder));

/** The one sum of these terms, as given (canonical.ts sorts and folds them first). */
export function internSum(terms: Expr[]): Add {
  return internOperandList('add', terms) as Add;
}

/** The one product of these factors, as given (canonical.ts sorts and folds them first). */
export function internProduct(factors: Expr[]): Mul {
  return internOperandList('mul', factors) as Mul;
}

function internOperandList(kind: 'add' | 'mul', list: Expr[]): Add | Mul {
  let h = kind === 'add' ? ADD_SEED : MUL_SEED;
  for (const x of list) h = mix(h, x.id);
  const first = holder(list[0]);
  for (const e of madeWith(first, h)) {
    if (e.kind === 'add' ? kind === 'add' && sameOperands(e.terms, list) : e.kind === 'mul' && kind === 'mul' && sameOperands(e.factors, list)) return e as Add | Mul;
  }
  const { size, depth, hasDerivative } = measure(list);
  const made: Add | Mul = kind === 'add'
    ? { kind, terms: list, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined, users: undefined }
    : { kind, factors: list, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined, users: undefined };
  return keep(first, h, made);
}

/** The one power `base^exp`, as given (canonical.ts folds it first). */
export function internPower(base: Expr, exp: Expr): Pow {
  const h = mix(mix(POW_SEED, base.id), exp.id);
  const first = holder(base);
  for (const e of madeWith(first, h)) if (e.kind === 'pow' && e.base === base && e.exp === exp) return e;
  const { size, depth, hasDerivative } = measure([base, exp]);
  return keep<Pow>(first, h, { kind: 'pow', base, exp, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined, users: undefined });
}

/** The one call `fn(args)`, as given (functions.ts folds it first). */
export function internCall(fn: FunctionName, args: Expr[]): Call {
  let h = functionCode(fn);
  for (const a of args) h = mix(h, a.id);
  const first = holder(args[0]);
  for (const e of madeWith(first, h)) if (e.kind === 'call' && e.fn === fn && sameOperands(e.args, args)) return e;
  const { size, depth, hasDerivative } = measure(args);
  return keep<Call>(first, h, { kind: 'call', fn, args, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined, users: undefined });
}

// ---------------------------------------------------------------------------
// Leaves

/** Numbers by their exact value (`3/4`), constants and names by their text. */
const numbers = new Map<string, Num>();

export function num(value: Rational | number | bigint): Num {
  const r = typeof value === 'object' ? value : typeof value === 'bigint' ? Q.rational(value) : Q.fromInt(value);
  const key = Q.toFraction(r);
  let made = numbers.get(key);
  if (made === undefined) numbers.set(key, (made = { kind: 'num', value: r, id: nextId++, size: 1, depth: 1, hasDerivative: false, simplified: undefined, names: undefined, users: undefined }));
  return made;
}

export const ZERO = num(0);
export const ONE = num(1);
export const MINUS_ONE = num(-1);
export const TWO = num(2);
export const HALF = num(Q.HALF);

const constants = new Map<Constant, Const>();

export function constant(name: Constant): Const {
  let made = constants.get(name);
  if (made === undefined) constants.set(name, (made = { kind: 'const', name, id: nextId++, size: 1, depth: 1, hasDerivative: false, simplified: undefined, names: undefined, users: undefined }));
  return made;
}
export const E = constant('e');
export const PI = constant('pi');

const symbols = new Map<string, Sym>();

/**
 * The names met last, by a hash of their text: a name is read again soon
 * after it is met (a chain's `a_k` is used twice on the next line), and a
 * look here reads a short string and two small lists, where the table of
 * every name of a long file costs a cache miss or two.
 */
const RECENT = 1024;
const recentNames: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(undefined);
const recentSyms: (Sym | undefined)[] = new Array<Sym | undefined>(RECENT).fill(undefined);

function recentSlot(name: string): number {
  let h = name.length;
  for (let i = 0; i < name.length; i++) h = Math.imul(h, 31) + name.charCodeAt(i);
  return (h ^ (h >>> 10)) & (RECENT - 1);
}

export function sym(name: string): Sym {
  const slot = recentSlot(name);
  if (recentNames[slot] === name) return recentSyms[slot]!;
  let made = symbols.get(name);
  if (made === undefined) {
    made = { kind: 'sym', name, sortKey: naturalKey(name), id: nextId++, size: 1, depth: 1, hasDerivative: false, simplified: undefined, names: undefined, users: undefined };
    symbols.set(name, made);
  }
  recentNames[slot] = name;
  recentSyms[slot] = made;
  return made;
}

export function deriv(of: Expr, wrt: Sym): Deriv {
  const h = mix(mix(DERIV_SEED, of.id), wrt.id);
  const first = holder(of);
  for (const e of madeWith(first, h)) if (e.kind === 'deriv' && e.of === of && e.wrt === wrt) return e;
  const { size, depth } = measure([of, wrt]);
  return keep<Deriv>(first, h, { kind: 'deriv', of, wrt, id: nextId++, size, depth, hasDerivative: true, simplified: undefined, names: undefined, users: undefined });
}

/** Keep `names` as the distinct names in `e` (for walk.ts alone). */
export function rememberNames(e: Expr, names: readonly Sym[]): void {
  (e as { names: readonly Sym[] | undefined }).names = names;
}

/** Keep `simplified` as the default rules' form of `e` (for simplify.ts alone). */
export function rememberSimplified(e: Expr, simplified: Expr): void {
  (e as { simplified: Expr | undefined }).simplified = simplified;
}

export const isNum = (e: Expr): e is Num => e.kind === 'num';
export const isNumValue = (e: Expr, n: number): boolean =>
  e.kind === 'num' && e.value.den === 1n && e.value.num === BigInt(n);
