/**
 * The algebra representation: a small union of immutable, hash-consed
 * nodes, and the interning that makes structurally equal nodes one object
 * (so `a === b` is equality and every pass can memoise by node; `id` is a
 * key for maps, never an order).
 *
 * Only leaves are built here. Sums, products and powers are built by the
 * canonical constructors (canonical.ts), which keep them flat, sorted and
 * folded, and calls by the registry's `call` (functions.ts), which folds
 * them through their rows; `intern` is theirs alone.
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

const table = new Map<string, Expr>();
let nextId = 1;

type NodeFields = Omit<Num, keyof Base> | Omit<Const, keyof Base> | Omit<Sym, keyof Base>
  | Omit<Add, keyof Base> | Omit<Mul, keyof Base> | Omit<Pow, keyof Base>
  | Omit<Call, keyof Base> | Omit<Deriv, keyof Base>;

/** The one node for these fields (for the constructors of this folder only). */
export function intern<T extends Expr>(key: string, fields: NodeFields, children: readonly Expr[]): T {
  const found = table.get(key);
  if (found) return found as T;
  let size = 1;
  let depth = 0;
  for (const c of children) {
    size += c.size;
    if (c.depth > depth) depth = c.depth;
  }
  // The fields object becomes the node (no copy): it is fresh from the
  // constructor and never escapes before this point. Immutability is the
  // types' `readonly`; freezing every node cost a fifth of parsing time.
  const node = fields as Base & NodeFields as { -readonly [K in keyof Base]: Base[K] } & NodeFields;
  node.id = nextId++;
  node.size = Math.min(size, Number.MAX_SAFE_INTEGER);
  node.depth = depth + 1;
  table.set(key, node as unknown as Expr);
  return node as unknown as T;
}


/** The intern key of an operand list. */
export function childKey(xs: readonly Expr[]): string {
  if (xs.length === 0) return '';
  let key = `${xs[0]!.id}`;
  for (let i = 1; i < xs.length; i++) key += `,${xs[i]!.id}`;
  return key;
}

// ---------------------------------------------------------------------------
// Leaves

export function num(value: Rational | number | bigint): Num {
  const r = typeof value === 'object' ? value : typeof value === 'bigint' ? Q.rational(value) : Q.fromInt(value);
  return intern<Num>(`n:${Q.toFraction(r)}`, { kind: 'num', value: r }, []);
}

export const ZERO = num(0);
export const ONE = num(1);
export const MINUS_ONE = num(-1);
export const TWO = num(2);
export const HALF = num(Q.HALF);

export function constant(name: Constant): Const {
  return intern<Const>(`c:${name}`, { kind: 'const', name }, []);
}
export const E = constant('e');
export const PI = constant('pi');

/** Names by their text, beside the intern table: no key string to build and hash for every name read. */
const symbols = new Map<string, Sym>();

export function sym(name: string): Sym {
  const hit = symbols.get(name);
  if (hit !== undefined) return hit;
  const made = intern<Sym>(`s:${name}`, { kind: 'sym', name, sortKey: naturalKey(name) }, []);
  symbols.set(name, made);
  return made;
}

export function deriv(of: Expr, wrt: Sym): Deriv {
  return intern<Deriv>(`d:${of.id},${wrt.id}`, { kind: 'deriv', of, wrt }, [of, wrt]);
}

export const isNum = (e: Expr): e is Num => e.kind === 'num';
export const isNumValue = (e: Expr, n: number): boolean =>
  e.kind === 'num' && e.value.den === 1n && e.value.num === BigInt(n);
