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
   * rememberNames).
   */
  readonly simplified: Expr | undefined;
  /** The distinct names in it, once walk.ts has listed them for a small node: a memo like `simplified`. */
  readonly names: readonly Sym[] | undefined;
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
// operands' ids (and a call's function), never by a key string: a string per
// node built, hashed and kept for the table's life was a good part of the
// cost of reading and differentiating a long chain of definitions. Equal
// hashes of different nodes share a bucket and are told apart by operands.

type Bucket = Expr | Expr[];
const table = new Map<number, Bucket>();
let nextId = 1;

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

/** A bucket's nodes; a bucket of one is read through one list kept for it, not a new one per look. */
const one: Expr[] = [];
function candidates(bucket: Bucket): readonly Expr[] {
  if (Array.isArray(bucket)) return bucket;
  one[0] = bucket;
  return one;
}

function store<T extends Expr>(hash: number, bucket: Bucket | undefined, node: T): T {
  if (bucket === undefined) table.set(hash, node);
  else if (Array.isArray(bucket)) bucket.push(node);
  else table.set(hash, [bucket, node]);
  return node;
}

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
  const bucket = table.get(h);
  if (bucket !== undefined) {
    for (const e of candidates(bucket)) {
      if (e.kind === 'add' ? kind === 'add' && sameOperands(e.terms, list) : e.kind === 'mul' && kind === 'mul' && sameOperands(e.factors, list)) return e as Add | Mul;
    }
  }
  const { size, depth, hasDerivative } = measure(list);
  const made: Add | Mul = kind === 'add'
    ? { kind, terms: list, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined }
    : { kind, factors: list, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined };
  return store(h, bucket, made);
}

/** The one power `base^exp`, as given (canonical.ts folds it first). */
export function internPower(base: Expr, exp: Expr): Pow {
  const h = mix(mix(POW_SEED, base.id), exp.id);
  const bucket = table.get(h);
  if (bucket !== undefined) {
    for (const e of candidates(bucket)) if (e.kind === 'pow' && e.base === base && e.exp === exp) return e;
  }
  const { size, depth, hasDerivative } = measure([base, exp]);
  return store<Pow>(h, bucket, { kind: 'pow', base, exp, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined });
}

/** The one call `fn(args)`, as given (functions.ts folds it first). */
export function internCall(fn: FunctionName, args: Expr[]): Call {
  let h = functionCode(fn);
  for (const a of args) h = mix(h, a.id);
  const bucket = table.get(h);
  if (bucket !== undefined) {
    for (const e of candidates(bucket)) if (e.kind === 'call' && e.fn === fn && sameOperands(e.args, args)) return e;
  }
  const { size, depth, hasDerivative } = measure(args);
  return store<Call>(h, bucket, { kind: 'call', fn, args, id: nextId++, size, depth, hasDerivative, simplified: undefined, names: undefined });
}

// ---------------------------------------------------------------------------
// Leaves

/** Numbers by their exact value (`3/4`), constants and names by their text. */
const numbers = new Map<string, Num>();

export function num(value: Rational | number | bigint): Num {
  const r = typeof value === 'object' ? value : typeof value === 'bigint' ? Q.rational(value) : Q.fromInt(value);
  const key = Q.toFraction(r);
  let made = numbers.get(key);
  if (made === undefined) numbers.set(key, (made = { kind: 'num', value: r, id: nextId++, size: 1, depth: 1, hasDerivative: false, simplified: undefined, names: undefined }));
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
  if (made === undefined) constants.set(name, (made = { kind: 'const', name, id: nextId++, size: 1, depth: 1, hasDerivative: false, simplified: undefined, names: undefined }));
  return made;
}
export const E = constant('e');
export const PI = constant('pi');

const symbols = new Map<string, Sym>();

export function sym(name: string): Sym {
  const hit = symbols.get(name);
  if (hit !== undefined) return hit;
  const made: Sym = { kind: 'sym', name, sortKey: naturalKey(name), id: nextId++, size: 1, depth: 1, hasDerivative: false, simplified: undefined, names: undefined };
  symbols.set(name, made);
  return made;
}

export function deriv(of: Expr, wrt: Sym): Deriv {
  const h = mix(mix(DERIV_SEED, of.id), wrt.id);
  const bucket = table.get(h);
  if (bucket !== undefined) {
    for (const e of candidates(bucket)) if (e.kind === 'deriv' && e.of === of && e.wrt === wrt) return e;
  }
  const { size, depth } = measure([of, wrt]);
  return store<Deriv>(h, bucket, { kind: 'deriv', of, wrt, id: nextId++, size, depth, hasDerivative: true, simplified: undefined, names: undefined });
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
