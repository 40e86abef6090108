/**
 * The matrix-valued expression tree (SPEC §12): a named matrix, vector or
 * scalar, numbers, entry-wise arithmetic and functions with scalars and
 * vectors spread (broadcast), the matrix product, transpose, reductions
 * (sum, mean, norm, logsumexp), softmax, diag, entry access and `d(F)/d(W)`.
 *
 * Invariants:
 * - nodes are hash-consed (one object per structure, as src/expr/node.ts),
 *   so equal subexpressions are `===` and an evaluation memo shares them;
 * - every node knows its shape, and a constructor never builds a node whose
 *   operands do not fit: it throws a ShapeMismatch naming both shapes;
 * - the constructors fold what a person never writes (`1*A`, `A^1`,
 *   `transpose(transpose(A))`, numbers with numbers), and nothing more:
 *   the gradients come out in the forms the adjoints build (`δ @ transpose(h)`).
 */

import type { FunctionName } from '../expr/function-name.ts';
import { msg } from '../messages/format.ts';
import {
  broadcastShape, shapeMessage, cap, isScalarShape, matmulShape, SCALAR, shapeOf, ShapeMismatch, type MShape,
} from './shape.ts';
import { windowShape, type WindowOp, type WindowParams } from './window.ts';

/** Operations of one operand that are not entry-wise scalar functions. */
export type MatrixOp = 'sum' | 'mean' | 'norm' | 'rowsum' | 'softmax' | 'logsumexp' | 'diag' | 'diagonal';
export type EntrywiseOp = 'add' | 'mul' | 'div' | 'pow';

interface Base { readonly id: number; readonly shape: MShape }
export interface MNum extends Base { readonly kind: 'num'; readonly value: number }
export interface MLeaf extends Base { readonly kind: 'leaf'; readonly name: string }
export interface MOnes extends Base { readonly kind: 'ones' }
export interface MNeg extends Base { readonly kind: 'neg'; readonly a: MExpr }
export interface MBinary extends Base { readonly kind: EntrywiseOp; readonly a: MExpr; readonly b: MExpr }
export interface MMatmul extends Base { readonly kind: 'matmul'; readonly a: MExpr; readonly b: MExpr }
export interface MTranspose extends Base { readonly kind: 'transpose'; readonly a: MExpr }
export interface MCall extends Base { readonly kind: 'call'; readonly fn: FunctionName; readonly a: MExpr }
export interface MOp extends Base { readonly kind: 'op'; readonly op: MatrixOp; readonly a: MExpr }
/** One entry, 1-based as written (`W[2,3]`). */
export interface MEntry extends Base { readonly kind: 'entry'; readonly a: MExpr; readonly i: number; readonly j: number }
/** A matrix of `shape` that is zero but for the scalar `a` at (i, j): the adjoint of an entry. */
export interface MPlace extends Base { readonly kind: 'place'; readonly a: MExpr; readonly i: number; readonly j: number }
/** `d(of)/d(wrt)`, or by one entry of wrt; resolved into a gradient expression by the program. */
export interface MDeriv extends Base { readonly kind: 'deriv'; readonly of: string; readonly wrt: string; readonly entry?: readonly [number, number] }
/** Uniform numbers in [0, 1) from a seed, row by row (mulberry32, as src/numeric/random.ts). */
export interface MRandom extends Base { readonly kind: 'random'; readonly seed: number }
export interface MLiteral extends Base { readonly kind: 'literal'; readonly values: Float64Array }
/** conv2d, maxpool and their adjoints' operations (window.ts): `b` is the kernel or the error map. */
export interface MWindow extends Base, WindowParams { readonly kind: 'window'; readonly op: WindowOp; readonly a: MExpr; readonly b?: MExpr }

export type MExpr = MNum | MLeaf | MOnes | MNeg | MBinary | MMatmul | MTranspose | MCall | MOp | MEntry | MPlace | MDeriv | MRandom | MLiteral | MWindow;

type Fields = MExpr extends infer T ? (T extends MExpr ? Omit<T, 'id'> : never) : never;

const TABLE = new Map<string, MExpr>();
let nextId = 1;

function intern<T extends MExpr>(key: string, fields: Fields): T {
  const found = TABLE.get(key);
  if (found) return found as T;
  const node = { ...fields, id: nextId++ } as T;
  TABLE.set(key, node);
  return node;
}

const sk = (s: MShape): string => `${s.rows}x${s.cols}`;

export function mnum(value: number): MNum {
  return intern<MNum>(`n:${Object.is(value, -0) ? 0 : value}`, { kind: 'num', value, shape: SCALAR });
}
export const M_ZERO = mnum(0);
export const M_ONE = mnum(1);

export function leaf(name: string, shape: MShape): MLeaf {
  return intern<MLeaf>(`l:${name}:${sk(shape)}`, { kind: 'leaf', name, shape });
}

export function ones(shape: MShape): MExpr {
  return isScalarShape(shape) ? M_ONE : intern<MOnes>(`1:${sk(shape)}`, { kind: 'ones', shape });
}

export const isNumber = (e: MExpr, v?: number): e is MNum => e.kind === 'num' && (v === undefined || e.value === v);

export function mneg(a: MExpr): MExpr {
  if (a.kind === 'num') return mnum(-a.value);
  if (a.kind === 'neg') return a.a;
  // -(t - o) is o - t, and -((t - o)*u) is (o - t)*u: the forms a person writes.
  if (a.kind === 'add' && a.b.kind === 'neg' && a.a.kind !== 'neg') return madd(a.b.a, mneg(a.a));
  if (a.kind === 'mul' && a.a.kind === 'add' && a.a.b.kind === 'neg') return mmul(mneg(a.a), a.b);
  if (a.kind === 'mul' && a.a.kind === 'num') return mmul(mnum(-a.a.value), a.b);
  return intern<MNeg>(`-:${a.id}`, { kind: 'neg', a, shape: a.shape });
}

function binary(kind: EntrywiseOp, a: MExpr, b: MExpr): MExpr {
  // A vector spreads over a matrix's columns only in a sum (a bias over a batch, SPEC §12).
  const shape = broadcastShape(a.shape, b.shape, kind, kind === 'add');
  return intern<MBinary>(`${kind}:${a.id},${b.id}`, { kind, a, b, shape });
}

export function madd(a: MExpr, b: MExpr): MExpr {
  if (a.kind === 'num' && b.kind === 'num') return mnum(a.value + b.value);
  const shape = broadcastShape(a.shape, b.shape, 'add');
  if (a.kind === 'neg' && b.kind !== 'neg') return binary('add', b, a);
  if (isNumber(a, 0) && shape === b.shape) return b;
  if (isNumber(b, 0) && shape === a.shape) return a;
  return binary('add', a, b);
}

export const msub = (a: MExpr, b: MExpr): MExpr => madd(a, mneg(b));

/** Entry-wise product; a number is kept first, and numbers are multiplied together. */
export function mmul(a: MExpr, b: MExpr): MExpr {
  if (b.kind === 'num' && a.kind !== 'num') [a, b] = [b, a];
  if (a.kind === 'num') {
    if (b.kind === 'num') return mnum(a.value * b.value);
    if (a.value === 1) return b;
    if (a.value === -1) return mneg(b);
    if (b.kind === 'mul' && b.a.kind === 'num') return mmul(mnum(a.value * b.a.value), b.b);
    if (b.kind === 'neg') return mmul(mnum(-a.value), b.a);
  }
  if (a.kind === 'neg') return mneg(mmul(a.a, b));
  if (b.kind === 'neg') return mneg(mmul(a, b.a));
  // g*(1/p) is g/p.
  if (b.kind === 'div' && isNumber(b.a, 1)) return mdiv(a, b.b);
  // Entry-wise products are written as one chain, left to right: g*o*(1 - o).
  if (b.kind === 'mul' && b.a.kind !== 'num') return mmul(mmul(a, b.a), b.b);
  return binary('mul', a, b);
}

export function mdiv(a: MExpr, b: MExpr): MExpr {
  if (a.kind === 'num' && b.kind === 'num' && b.value !== 0) return mnum(a.value / b.value);
  if (isNumber(b, 1)) return a;
  return binary('div', a, b);
}

export function mpow(a: MExpr, b: MExpr): MExpr {
  if (a.kind === 'num' && b.kind === 'num') return mnum(a.value ** b.value);
  if (isNumber(b, 1)) return a;
  return binary('pow', a, b);
}

/** `a @ b`: vector @ vector is their dot product; a scalar on either side is an entry-wise product. */
export function matmul(a: MExpr, b: MExpr): MExpr {
  if (a.shape.cols === 1 && b.shape.cols === 1 && a.shape.rows === b.shape.rows && a.shape.rows > 1) a = transpose(a);
  const shape = matmulShape(a.shape, b.shape);
  if (isScalarShape(a.shape) || isScalarShape(b.shape)) return mmul(a, b);
  if (a.kind === 'neg') return mneg(matmul(a.a, b));
  if (b.kind === 'neg') return mneg(matmul(a, b.a));
  return intern<MMatmul>(`@:${a.id},${b.id}`, { kind: 'matmul', a, b, shape });
}

export function transpose(a: MExpr): MExpr {
  if (isScalarShape(a.shape)) return a;
  if (a.kind === 'transpose') return a.a;
  if (a.kind === 'neg') return mneg(transpose(a.a));
  if (a.kind === 'mul' && a.a.kind === 'num') return mmul(a.a, transpose(a.b));
  return intern<MTranspose>(`T:${a.id}`, { kind: 'transpose', a, shape: shapeOf(a.shape.cols, a.shape.rows) });
}

export function mcall(fn: FunctionName, a: MExpr): MExpr {
  return intern<MCall>(`f:${fn}:${a.id}`, { kind: 'call', fn, a, shape: a.shape });
}

/** The shape each matrix operation gives, or a ShapeMismatch saying what it needs. */
function opShape(op: MatrixOp, s: MShape): MShape {
  switch (op) {
    case 'sum': case 'mean': case 'norm': return SCALAR;
    case 'rowsum': return shapeOf(s.rows, 1);
    case 'softmax':
      if (s.cols !== 1) throw new ShapeMismatch(msg('matrix.error.takes-vector', { fn: 'softmax', shape: shapeMessage(s) }));
      return s;
    case 'logsumexp':
      if (s.cols !== 1) throw new ShapeMismatch(msg('matrix.error.takes-vector', { fn: 'logsumexp', shape: shapeMessage(s) }));
      return SCALAR;
    case 'diag':
      if (s.cols !== 1) throw new ShapeMismatch(msg('matrix.error.takes-vector', { fn: 'diag', shape: shapeMessage(s) }));
      return shapeOf(s.rows, s.rows);
    case 'diagonal':
      if (s.rows !== s.cols) throw new ShapeMismatch(msg('matrix.error.takes-square', { fn: 'diagonal', shape: shapeMessage(s) }));
      return shapeOf(s.rows, 1);
    default: return assertNeverOp(op);
  }
}

function assertNeverOp(x: never): never {
  throw new Error(`unexpected matrix operation ${String(x)}`);
}

export function mop(op: MatrixOp, a: MExpr): MExpr {
  const shape = opShape(op, a.shape);
  if (isScalarShape(a.shape) && (op === 'sum' || op === 'mean' || op === 'rowsum' || op === 'logsumexp')) return a;
  if (op === 'rowsum' && a.shape.cols === 1) return a;
  return intern<MOp>(`o:${op}:${a.id}`, { kind: 'op', op, a, shape });
}

export function entry(a: MExpr, i: number, j: number): MExpr {
  if (i < 1 || j < 1 || i > a.shape.rows || j > a.shape.cols) {
    throw new ShapeMismatch(msg('matrix.error.entry-outside', { i, j, shape: shapeMessage(a.shape) }));
  }
  if (isScalarShape(a.shape)) return a;
  return intern<MEntry>(`e:${a.id}:${i},${j}`, { kind: 'entry', a, i, j, shape: SCALAR });
}

export function place(a: MExpr, i: number, j: number, shape: MShape): MExpr {
  if (isScalarShape(shape)) return a;
  return intern<MPlace>(`p:${a.id}:${i},${j}:${sk(shape)}`, { kind: 'place', a, i, j, shape });
}

export function mderiv(of: string, wrt: string, shape: MShape, at?: readonly [number, number]): MDeriv {
  // The shape is part of the key: two files may name matrices of different shapes alike.
  const key = `d:${of}/${wrt}:${sk(shape)}${at ? `[${at[0]},${at[1]}]` : ''}`;
  return intern<MDeriv>(key, at ? { kind: 'deriv', of, wrt, entry: at, shape: SCALAR } : { kind: 'deriv', of, wrt, shape });
}

export function mrandom(shape: MShape, seed: number): MExpr {
  return intern<MRandom>(`r:${sk(shape)}:${seed}`, { kind: 'random', seed, shape });
}

let literalCount = 0;
/** A literal of numbers, row by row; never shared (its key would be as long as its numbers). */
export function mliteral(shape: MShape, values: Float64Array): MExpr {
  if (isScalarShape(shape)) return mnum(values[0]!);
  return intern<MLiteral>(`L:${literalCount++}`, { kind: 'literal', values, shape });
}

/**
 * A window operation (window.ts). conv2d and maxpool find their shape (a
 * ShapeMismatch when the window does not fit); the adjoints' operations are
 * given the shape of what they are the gradient of.
 */
export function mwindow(op: WindowOp, a: MExpr, b: MExpr | undefined, p: WindowParams, shape?: MShape): MExpr {
  const out = shape ?? (op === 'conv2d' ? windowShape('conv2d', a.shape, b!.shape, p) : windowShape('maxpool', a.shape, shapeOf(p.k, p.k), p));
  const key = `w:${op}:${a.id},${b?.id ?? ''}:${p.stride},${p.padding},${p.k}:${sk(out)}`;
  const fields = { kind: 'window' as const, op, a, stride: p.stride, padding: p.padding, k: p.k, shape: out };
  return intern<MWindow>(key, b ? { ...fields, b } : fields);
}

/** The operands of a node, in order. */
export function operands(e: MExpr): MExpr[] {
  switch (e.kind) {
    case 'num': case 'leaf': case 'ones': case 'deriv': case 'random': case 'literal': return [];
    case 'neg': case 'transpose': case 'call': case 'op': case 'entry': case 'place': return [e.a];
    case 'add': case 'mul': case 'div': case 'pow': case 'matmul': return [e.a, e.b];
    case 'window': return e.b ? [e.a, e.b] : [e.a];
    default: return assertNeverM(e);
  }
}

export function assertNeverM(x: never): never {
  throw new Error(`unexpected matrix node ${JSON.stringify(x)}`);
}

/** The same node over new operands (through the constructors, so folds apply again). */
export function rebuild(e: MExpr, xs: readonly MExpr[]): MExpr {
  const [a, b] = xs as [MExpr, MExpr];
  switch (e.kind) {
    case 'num': case 'leaf': case 'ones': case 'deriv': case 'random': case 'literal': return e;
    case 'neg': return mneg(a);
    case 'transpose': return transpose(a);
    case 'call': return mcall(e.fn, a);
    case 'op': return mop(e.op, a);
    case 'entry': return entry(a, e.i, e.j);
    case 'place': return place(a, e.i, e.j, e.shape);
    case 'add': return madd(a, b);
    case 'mul': return mmul(a, b);
    case 'div': return mdiv(a, b);
    case 'pow': return mpow(a, b);
    case 'matmul': return matmul(a, b);
    case 'window': return mwindow(e.op, a, e.b ? b : undefined, e, e.shape);
    default: return assertNeverM(e);
  }
}

/** Rewrite bottom-up: `f` sees each node after its operands were rewritten; shared nodes once. */
export function rewrite(e: MExpr, f: (n: MExpr) => MExpr, memo = new Map<MExpr, MExpr>()): MExpr {
  const done = memo.get(e);
  if (done) return done;
  const xs = operands(e);
  const ys = xs.map((x) => rewrite(x, f, memo));
  const out = f(ys.every((y, i) => y === xs[i]) ? e : rebuild(e, ys));
  memo.set(e, out);
  return out;
}

/** Replace whole subexpressions, outermost first: a node in `map` is replaced before its operands are looked at. */
export function replaceOutermost(e: MExpr, map: ReadonlyMap<MExpr, MExpr>, memo = new Map<MExpr, MExpr>()): MExpr {
  const hit = map.get(e);
  if (hit) return hit;
  const done = memo.get(e);
  if (done) return done;
  const xs = operands(e);
  const ys = xs.map((x) => replaceOutermost(x, map, memo));
  const out = ys.every((y, i) => y === xs[i]) ? e : rebuild(e, ys);
  memo.set(e, out);
  return out;
}

/** Names of the leaves and of the derivatives' targets, each once. */
export function leafNames(e: MExpr): string[] {
  const seen = new Set<MExpr>();
  const names = new Set<string>();
  const stack = [e];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind === 'leaf') names.add(n.name);
    if (n.kind === 'deriv') {
      names.add(n.of);
      names.add(n.wrt);
    }
    stack.push(...operands(n));
  }
  return [...names];
}

export { cap };
