/**
 * Reverse mode over matrix operations (SPEC §12): the adjoint of every node
 * of a graph of matrix definitions for one scalar target, symbolically, in
 * the forms people write: the adjoint of `A @ B` sends `G @ transpose(B)` to
 * A and `transpose(A) @ G` to B; entry-wise functions multiply by f′ written
 * in terms of the named output (`o*(1 - o)` for `o = sigmoid(…)`); `sum`
 * spreads; `softmax` gives `s*(G - transpose(s) @ G)`, or `p - y` under the
 * cross-entropy (softmax.ts).
 *
 * Invariants: the adjoint of a name has that name's shape (a spread scalar
 * is reduced or expanded at the leaf: summed over a spread, `rowsum` over a
 * bias spread along a batch); any subexpression that is the whole right side
 * of a definition is written as that definition's name.
 */

import { msg } from '../messages/format.ts';
import { derivativeOf } from './entrywise.ts';
import {
  assertNeverM, entry, madd, matmul, mcall, mdiv, mmul, mneg, mnum, mop, mpow, ones, place, rewrite, transpose, type MExpr,
} from './node.ts';
import { backpropWindow } from './window-adjoint.ts';
import { isScalarShape, sameMShape, ShapeMismatch, type MShape } from './shape.ts';
import { softmaxAdjoint, type FixedSum } from './softmax.ts';

/** What the sweep needs of a program: definitions (inputs excluded), an order dependencies-first, names' shapes. */
export interface AdjointGraph {
  readonly rhs: ReadonlyMap<string, MExpr>;
  readonly order: readonly string[];
  /** A definition's right side as its name: `sigmoid(W2 @ h + b2)` ↦ `o`. */
  readonly rename: (e: MExpr) => MExpr;
  /** The sum of a vector's entries when the file fixes them (softmax.ts folds the cross-entropy with it). */
  readonly fixedSum?: FixedSum;
  /** Told of each y whose `sum(y) = 1` a gradient's form relies on. */
  readonly onAssumed?: (y: MExpr) => void;
}

/** Bring an adjoint to a shape: expand a spread scalar, add up over a spread. */
export function fitTo(g: MExpr, shape: MShape): MExpr {
  if (sameMShape(g.shape, shape)) return g;
  if (isScalarShape(g.shape)) return mmul(g, ones(shape));
  if (isScalarShape(shape)) return mop('sum', g);
  if (shape.cols === 1 && g.shape.rows === shape.rows) return mop('rowsum', g);
  if (shape.rows === 1 && g.shape.cols === shape.cols) return transpose(mop('rowsum', transpose(g)));
  throw new ShapeMismatch(msg('matrix.error.internal-fit', { from: `${g.shape.rows}x${g.shape.cols}`, to: `${shape.rows}x${shape.cols}` }));
}

/** The adjoint of every name reached from `target` (a scalar): ∂target/∂name, its definition cut. */
export function adjoints(target: string, graph: AdjointGraph, deltas?: Map<string, MExpr>): Map<string, MExpr> {
  const adj = new Map<string, MExpr>([[target, mnum(1)]]);
  const accumulate = (name: string, g: MExpr, shape: MShape): void => {
    const fitted = fitTo(g, shape);
    const prev = adj.get(name);
    adj.set(name, prev ? madd(prev, fitted) : fitted);
  };
  const renamed = new Map<MExpr, MExpr>();
  const r = (e: MExpr): MExpr => rewrite(e, graph.rename, renamed);
  const softmax = (s: MExpr, G: MExpr): MExpr => {
    const out = softmaxAdjoint(s, G, graph.fixedSum);
    if (out.assumed) graph.onAssumed?.(out.assumed);
    return out.expr;
  };
  const back = (e: MExpr, g: MExpr): void => backprop(e, g, r, accumulate, softmax);
  for (let k = graph.order.length - 1; k >= 0; k--) {
    const name = graph.order[k]!;
    const g = adj.get(name);
    const rhs = graph.rhs.get(name);
    if (g === undefined || rhs === undefined) continue;
    // δ of a node `o = f(z)`: the adjoint of z, g ⊙ f′(z), the very node backprop builds below.
    if (deltas && rhs.kind === 'call') deltas.set(name, mmul(g, r(derivativeOf(rhs.fn, rhs.a))));
    if (deltas && rhs.kind === 'op' && rhs.op === 'softmax') deltas.set(name, softmax(r(rhs), fitTo(g, rhs.shape)));
    back(rhs, g);
  }
  return adj;
}

type Accumulate = (name: string, g: MExpr, shape: MShape) => void;
/** The adjoint of z through `s = softmax(z)`, from s (named) and its adjoint. */
type Softmax = (s: MExpr, G: MExpr) => MExpr;

/** Send the adjoint `g` of `e` down to the names in it. */
function backprop(e: MExpr, g: MExpr, r: (e: MExpr) => MExpr, acc: Accumulate, softmax: Softmax): void {
  // A spread scalar stays a scalar on the way down (it is expanded at a leaf or where a product needs it).
  const down = (x: MExpr, gx: MExpr): void => backprop(x, isScalarShape(gx.shape) ? gx : fitTo(gx, x.shape), r, acc, softmax);
  const full = (): MExpr => fitTo(g, e.shape);
  switch (e.kind) {
    case 'leaf': acc(e.name, g, e.shape); return;
    case 'num': case 'ones': case 'random': case 'literal': return;
    case 'deriv': throw new ShapeMismatch(msg('matrix.error.second-derivative', {}));
    case 'neg': down(e.a, mneg(g)); return;
    case 'add': down(e.a, g); down(e.b, g); return;
    case 'mul': down(e.a, mmul(g, r(e.b))); down(e.b, mmul(g, r(e.a))); return;
    case 'div':
      down(e.a, mdiv(g, r(e.b)));
      down(e.b, mneg(mmul(g, mdiv(r(e), r(e.b)))));
      return;
    case 'pow':
      if (e.b.kind === 'num') {
        down(e.a, mmul(g, mmul(e.b, mpow(r(e.a), mnum(e.b.value - 1)))));
        return;
      }
      down(e.a, mmul(g, mmul(r(e.b), mpow(r(e.a), madd(r(e.b), mnum(-1))))));
      down(e.b, mmul(g, mmul(r(e), mcall('log', r(e.a)))));
      return;
    case 'matmul': {
      const G = full();
      down(e.a, matmul(G, transpose(r(e.b))));
      down(e.b, matmul(transpose(r(e.a)), G));
      return;
    }
    case 'transpose': down(e.a, transpose(full())); return;
    case 'call': down(e.a, mmul(g, r(derivativeOf(e.fn, e.a)))); return;
    case 'entry': down(e.a, place(g, e.i, e.j, e.a.shape)); return;
    case 'place': down(e.a, entry(full(), e.i, e.j)); return;
    case 'op': backpropOp(e.op, e, g, r, down, softmax); return;
    case 'window': backpropWindow(e, full(), r, down); return;
    default: assertNeverM(e);
  }
}

function backpropOp(op: Extract<MExpr, { kind: 'op' }>['op'], e: Extract<MExpr, { kind: 'op' }>, g: MExpr, r: (e: MExpr) => MExpr, down: (x: MExpr, gx: MExpr) => void, softmax: Softmax): void {
  const a = e.a;
  switch (op) {
    case 'sum': down(a, g); return;
    case 'mean': down(a, mdiv(g, mnum(a.shape.rows * a.shape.cols))); return;
    case 'norm': down(a, mmul(g, mdiv(r(a), r(e)))); return;
    case 'rowsum': down(a, mmul(fitTo(g, e.shape), ones(a.shape))); return;
    case 'softmax': down(a, softmax(r(e), fitTo(g, e.shape))); return;
    case 'logsumexp': down(a, mmul(g, r(mop('softmax', a)))); return;
    case 'diag': down(a, mop('diagonal', fitTo(g, e.shape))); return;
    case 'diagonal': down(a, mop('diag', fitTo(g, e.shape))); return;
    default: assertNeverM(op as never);
  }
}
