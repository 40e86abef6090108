/**
 * Vectorised evaluation of the matrix tree: every value is a Float64Array
 * of rows × cols, row-major, and every node is one loop over whole arrays
 * (no per-entry expression trees), so a 128x784 product costs what the
 * product costs.
 *
 * Invariants: shared nodes are computed once per memo (a forward pass and
 * the gradients that reuse its nodes share one memo); inputs are never
 * written to (every node allocates its result).
 */

import { functionRow } from '../functions.ts';
import { seededUniform } from './random.ts';
import { windowValue } from './window.ts';
import { fusedStep } from './fused-step.ts';
import { assertNeverM, type MExpr, type MatrixOp } from './node.ts';

import type { MValue } from './value.ts';

export type { MValue } from './value.ts';

export const scalarValue = (v: number): MValue => ({ rows: 1, cols: 1, data: Float64Array.of(v) });

/** The value of a name, or undefined when it has none. */
export type Env = (name: string) => MValue | undefined;

export class MissingValue extends Error {
  constructor(readonly missing: string) {
    super(`${missing} has no value.`);
  }
}

export function evaluateM(e: MExpr, env: Env, memo: Map<MExpr, MValue> = new Map()): MValue {
  const found = memo.get(e);
  if (found) return found;
  const v = compute(e, env, memo);
  memo.set(e, v);
  return v;
}

function compute(e: MExpr, env: Env, memo: Map<MExpr, MValue>): MValue {
  const ev = (x: MExpr): MValue => evaluateM(x, env, memo);
  const { rows, cols } = e.shape;
  switch (e.kind) {
    case 'num': return scalarValue(e.value);
    case 'leaf': {
      const v = env(e.name);
      if (v === undefined) throw new MissingValue(e.name);
      return v;
    }
    case 'ones': return { rows, cols, data: new Float64Array(rows * cols).fill(1) };
    case 'random': return { rows, cols, data: seededUniform(e.seed, rows * cols) };
    case 'literal': return { rows, cols, data: e.values };
    case 'deriv': throw new Error('a derivative is resolved before evaluation');
    case 'neg': return zip(scalarValue(0), ev(e.a), rows, cols, 'sub');
    // a - b is one pass, not a negation and a sum.
    case 'add':
      if (e.b.kind !== 'neg') return zip(ev(e.a), ev(e.b), rows, cols, 'add');
      return fusedStep(e.a, e.b.a, ev, memo) ?? zip(ev(e.a), ev(e.b.a), rows, cols, 'sub');
    case 'mul': return zip(ev(e.a), ev(e.b), rows, cols, 'mul');
    case 'div': return zip(ev(e.a), ev(e.b), rows, cols, 'div');
    case 'pow': return zip(ev(e.a), ev(e.b), rows, cols, 'pow');
    case 'matmul': return e.a.kind === 'transpose' ? productTransposed(ev(e.a.a), ev(e.b)) : product(ev(e.a), ev(e.b));
    case 'transpose': return transposed(ev(e.a));
    case 'call': {
      const f = functionRow(e.fn).evaluate;
      return map(ev(e.a), (x) => f(x));
    }
    case 'op': return operation(e.op, ev(e.a));
    case 'entry': {
      const a = ev(e.a);
      return scalarValue(a.data[(e.i - 1) * a.cols + (e.j - 1)]!);
    }
    case 'place': {
      const data = new Float64Array(rows * cols);
      data[(e.i - 1) * cols + (e.j - 1)] = ev(e.a).data[0]!;
      return { rows, cols, data };
    }
    case 'window': return windowValue(e.op, ev(e.a), e.b ? ev(e.b) : undefined, e, e.shape);
    default: return assertNeverM(e);
  }
}

function map(a: MValue, f: (x: number) => number): MValue {
  const n = a.data.length;
  const out = new Float64Array(n);
  const d = a.data;
  for (let k = 0; k < n; k++) out[k] = f(d[k]!);
  return { rows: a.rows, cols: a.cols, data: out };
}

/** Entry-wise with broadcasting of sizes 1 (a scalar, a column over columns, a row over rows). */
type ZipOp = 'add' | 'sub' | 'mul' | 'div' | 'pow';

/**
 * Entry-wise with broadcasting of sizes 1 (a scalar, a column over columns,
 * a row over rows). One loop per operation and case, no call per entry:
 * this is where a training step spends its time.
 */
function zip(a: MValue, b: MValue, rows: number, cols: number, op: ZipOp): MValue {
  const n = rows * cols;
  const out = new Float64Array(n);
  const ad = a.data;
  const bd = b.data;
  if (ad.length === n && bd.length === n) {
    switch (op) {
      case 'add': for (let k = 0; k < n; k++) out[k] = ad[k]! + bd[k]!; break;
      case 'sub': for (let k = 0; k < n; k++) out[k] = ad[k]! - bd[k]!; break;
      case 'mul': for (let k = 0; k < n; k++) out[k] = ad[k]! * bd[k]!; break;
      case 'div': for (let k = 0; k < n; k++) out[k] = ad[k]! / bd[k]!; break;
      case 'pow': for (let k = 0; k < n; k++) out[k] = power(ad[k]!, bd[k]!); break;
    }
  } else if (bd.length === 1) {
    const y = bd[0]!;
    switch (op) {
      case 'add': for (let k = 0; k < n; k++) out[k] = ad[k]! + y; break;
      case 'sub': for (let k = 0; k < n; k++) out[k] = ad[k]! - y; break;
      case 'mul': for (let k = 0; k < n; k++) out[k] = ad[k]! * y; break;
      case 'div': for (let k = 0; k < n; k++) out[k] = ad[k]! / y; break;
      case 'pow': for (let k = 0; k < n; k++) out[k] = power(ad[k]!, y); break;
    }
  } else if (ad.length === 1) {
    const x = ad[0]!;
    switch (op) {
      case 'add': for (let k = 0; k < n; k++) out[k] = x + bd[k]!; break;
      case 'sub': for (let k = 0; k < n; k++) out[k] = x - bd[k]!; break;
      case 'mul': for (let k = 0; k < n; k++) out[k] = x * bd[k]!; break;
      case 'div': for (let k = 0; k < n; k++) out[k] = x / bd[k]!; break;
      case 'pow': for (let k = 0; k < n; k++) out[k] = power(x, bd[k]!); break;
    }
  } else {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const x = ad[(a.rows === 1 ? 0 : i) * a.cols + (a.cols === 1 ? 0 : j)]!;
        const y = bd[(b.rows === 1 ? 0 : i) * b.cols + (b.cols === 1 ? 0 : j)]!;
        out[i * cols + j] = scalarOp(op, x, y);
      }
    }
  }
  return { rows, cols, data: out };
}

const power = (x: number, y: number): number => (y === 2 ? x * x : x ** y);

function scalarOp(op: ZipOp, x: number, y: number): number {
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'div': return x / y;
    case 'pow': return power(x, y);
  }
}

/** a @ b, row by row (the inner loop runs along rows of b, contiguous). */
function product(a: MValue, b: MValue): MValue {
  const { rows: m, cols: n } = a;
  const p = b.cols;
  const out = new Float64Array(m * p);
  const ad = a.data;
  const bd = b.data;
  if (p === 1) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      const base = i * n;
      for (let k = 0; k < n; k++) s += ad[base + k]! * bd[k]!;
      out[i] = s;
    }
    return { rows: m, cols: 1, data: out };
  }
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < n; k++) {
      const x = ad[i * n + k]!;
      if (x === 0) continue;
      const row = k * p;
      const o = i * p;
      for (let j = 0; j < p; j++) out[o + j] = out[o + j]! + x * bd[row + j]!;
    }
  }
  return { rows: m, cols: p, data: out };
}

/** transpose(a) @ b without building the transpose. */
function productTransposed(a: MValue, b: MValue): MValue {
  const m = a.cols;
  const n = a.rows;
  const p = b.cols;
  const out = new Float64Array(m * p);
  const ad = a.data;
  const bd = b.data;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < m; i++) {
      const x = ad[k * m + i]!;
      if (x === 0) continue;
      const o = i * p;
      const row = k * p;
      for (let j = 0; j < p; j++) out[o + j] = out[o + j]! + x * bd[row + j]!;
    }
  }
  return { rows: m, cols: p, data: out };
}

function transposed(a: MValue): MValue {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j]!;
  return { rows: a.cols, cols: a.rows, data: out };
}

function operation(op: MatrixOp, a: MValue): MValue {
  const d = a.data;
  switch (op) {
    case 'sum': {
      let s = 0;
      for (let k = 0; k < d.length; k++) s += d[k]!;
      return scalarValue(s);
    }
    case 'mean': {
      let s = 0;
      for (let k = 0; k < d.length; k++) s += d[k]!;
      return scalarValue(s / d.length);
    }
    case 'norm': {
      let s = 0;
      for (let k = 0; k < d.length; k++) s += d[k]! * d[k]!;
      return scalarValue(Math.sqrt(s));
    }
    case 'rowsum': {
      const out = new Float64Array(a.rows);
      for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[i] = out[i]! + d[i * a.cols + j]!;
      return { rows: a.rows, cols: 1, data: out };
    }
    case 'softmax': {
      const m = Math.max(...d);
      const out = new Float64Array(d.length);
      let s = 0;
      for (let k = 0; k < d.length; k++) s += (out[k] = Math.exp(d[k]! - m));
      for (let k = 0; k < d.length; k++) out[k]! /= s;
      return { rows: a.rows, cols: a.cols, data: out };
    }
    case 'logsumexp': {
      const m = Math.max(...d);
      let s = 0;
      for (let k = 0; k < d.length; k++) s += Math.exp(d[k]! - m);
      return scalarValue(m + Math.log(s));
    }
    case 'diag': {
      const n = a.rows;
      const out = new Float64Array(n * n);
      for (let k = 0; k < n; k++) out[k * n + k] = d[k]!;
      return { rows: n, cols: n, data: out };
    }
    case 'diagonal': {
      const n = a.rows;
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) out[k] = d[k * n + k]!;
      return { rows: n, cols: 1, data: out };
    }
    default: return assertNeverM(op);
  }
}
