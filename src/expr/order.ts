/**
 * A total structural order on expressions (never by intern id), used to
 * sort the operands of sums and products canonically and to print names in
 * a natural order (`w2 < w10`).
 */

import * as Q from './rational.ts';
import { naturalKey } from './name-order.ts';
import { assertNever, type Add, type Call, type Const, type Deriv, type Expr, type ExprKind, type Mul, type Num, type Pow, type Sym } from './node.ts';


const KIND_RANK: Record<ExprKind, number> = { num: 0, const: 1, sym: 2, call: 3, pow: 4, mul: 5, add: 6, deriv: 7 };

/** Compare names so that `w2 < w10` and `a < b` (name-order.ts). */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return naturalKey(a) < naturalKey(b) ? -1 : 1;
}

function compareLists(a: readonly Expr[], b: readonly Expr[]): number {
  // Compare from the most significant (last) operand, as polynomial order does.
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const c = compareExpr(a[a.length - i]!, b[b.length - i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** A total order on expressions, consistent with structural equality. */
export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  // A product or power sorts next to its main symbol, so `x + 2*x*y + y` reads in order.
  const ka = KIND_RANK[a.kind];
  const kb = KIND_RANK[b.kind];
  if (ka !== kb) {
    if (a.kind === 'mul' && b.kind !== 'add' && b.kind !== 'num') return compareLists(a.factors, [b]) || 1;
    if (b.kind === 'mul' && a.kind !== 'add' && a.kind !== 'num') return compareLists([a], b.factors) || -1;
    if (a.kind === 'pow' && (b.kind === 'sym' || b.kind === 'call' || b.kind === 'const')) return compareExpr(a.base, b) || 1;
    if (b.kind === 'pow' && (a.kind === 'sym' || a.kind === 'call' || a.kind === 'const')) return compareExpr(a, b.base) || -1;
    return ka - kb;
  }
  switch (a.kind) {
    case 'num': return Q.compare(a.value, (b as Num).value);
    case 'const': return a.name < (b as Const).name ? -1 : 1;
    case 'sym': return a.sortKey < (b as Sym).sortKey ? -1 : 1;
    case 'call': {
      const bb = b as Call;
      if (a.fn !== bb.fn) return a.fn < bb.fn ? -1 : 1;
      return compareLists(a.args, bb.args);
    }
    case 'pow': {
      const bb = b as Pow;
      return compareExpr(a.base, bb.base) || compareExpr(a.exp, bb.exp);
    }
    case 'mul': return compareLists(a.factors, (b as Mul).factors);
    case 'add': return compareLists(a.terms, (b as Add).terms);
    case 'deriv': {
      const bb = b as Deriv;
      return compareExpr(a.of, bb.of) || compareExpr(a.wrt, bb.wrt);
    }
    default: return assertNever(a);
  }
}
