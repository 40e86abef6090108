/**
 * Scalar formulas of the function registry, read entry by entry over a
 * matrix: f′(u) from src/functions.ts with `u` standing for a whole matrix
 * (sigmoid′ = σ(u)(1 − σ(u)) becomes `sigmoid(A)*(1 - sigmoid(A))`).
 *
 * Invariant: the registry stays the one home of every derivative; this file
 * only translates its Expr into the matrix tree, entry-wise.
 */

import type { Expr } from '../expr/node.ts';
import { assertNever, sym } from '../expr/node.ts';
import { msg } from '../messages/format.ts';
import { functionRow } from '../functions.ts';
import type { FunctionName } from '../expr/function-name.ts';
import { madd, mcall, mdiv, mmul, mnum, mpow, type MExpr } from './node.ts';
import { ShapeMismatch } from './shape.ts';

const U = sym('\u0000u');

/** f′(a), entry-wise over `a`, as the registry writes it. */
export function derivativeOf(fn: FunctionName, a: MExpr): MExpr {
  const row = functionRow(fn);
  return toMatrix(row.derivative([U], 0), a, fn);
}

function toMatrix(e: Expr, a: MExpr, fn: FunctionName): MExpr {
  switch (e.kind) {
    case 'num': return mnum(Number(e.value.num) / Number(e.value.den));
    case 'const': return mnum(e.name === 'e' ? Math.E : Math.PI);
    case 'sym':
      if (e === U) return a;
      throw new ShapeMismatch(msg('matrix.error.rule-names', { fn, name: e.name }));
    case 'add': return e.terms.map((t) => toMatrix(t, a, fn)).reduce((x, y) => madd(x, y));
    case 'mul': {
      const fs = e.factors.map((t) => toMatrix(t, a, fn));
      // A reciprocal factor is a division, as a person writes it.
      return fs.reduce((x, y) => (y.kind === 'pow' && y.b.kind === 'num' && y.b.value === -1 ? mdiv(x, y.a) : mmul(x, y)));
    }
    case 'pow': {
      const base = toMatrix(e.base, a, fn);
      const exp = toMatrix(e.exp, a, fn);
      return exp.kind === 'num' && exp.value === -1 ? mdiv(mnum(1), base) : mpow(base, exp);
    }
    case 'call':
      if (e.args.length !== 1) throw new ShapeMismatch(msg('matrix.error.several-entrywise', { fn: e.fn }));
      return mcall(e.fn, toMatrix(e.args[0]!, a, fn));
    case 'deriv': throw new ShapeMismatch(msg('matrix.error.rule-unknown', { fn }));
    default: return assertNever(e);
  }
}
