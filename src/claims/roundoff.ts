/**
 * How far a floating-point evaluation of an expression may be from its
 * exact value at a point (a running error bound, after Wilkinson): near a
 * removable singularity, `(1 − cos x)/x²` at x = 10⁻⁵ loses eight digits
 * to cancellation, and a correct claim must not be refuted for that
 * (SPEC §14: "never refute a correct claim near a domain edge").
 *
 * Each node carries its value and a bound on its absolute error: a sum
 * adds its operands' bounds and its own roundings; a product adds relative
 * errors; a function multiplies its argument's error by |f′| (a central
 * difference of the row's value) and adds an ulp of its own.
 * The bound is first-order and generous (SAFETY), which is what deciding
 * "these differ by more than rounding" needs.
 *
 * Invariant: undefined when the expression does not evaluate at the point
 * or holds a node it cannot bound; a caller then keeps its plain tolerance.
 */

import { assertNever, type Expr } from '../expr/node.ts';
import { children, postOrder } from '../expr/walk.ts';
import { toNumber } from '../expr/rational.ts';
import { functionRow } from '../functions.ts';

const UNIT = 2 ** -53;
/** A margin over the first-order bound. */
const SAFETY = 4;

interface Bounded {
  readonly v: number;
  readonly e: number;
}

/** The error bound of `e` evaluated at `point` (names → values), times the safety margin. */
export function roundoffBound(e: Expr, point: ReadonlyMap<string, number>): number | undefined {
  const memo = new Map<number, Bounded>();
  for (const node of postOrder(e)) {
    const kids = children(node).map((k) => memo.get(k.id)!);
    const b = bound(node, kids, point);
    if (b === undefined || !Number.isFinite(b.v) || !Number.isFinite(b.e)) return undefined;
    memo.set(node.id, b);
  }
  return SAFETY * memo.get(e.id)!.e;
}

function bound(node: Expr, kids: readonly Bounded[], point: ReadonlyMap<string, number>): Bounded | undefined {
  switch (node.kind) {
    case 'num': {
      const v = toNumber(node.value);
      return { v, e: UNIT * Math.abs(v) };
    }
    case 'const': {
      const v = node.name === 'pi' ? Math.PI : Math.E;
      return { v, e: UNIT * v };
    }
    case 'sym': {
      const v = point.get(node.name);
      return v === undefined ? undefined : { v, e: 0 };
    }
    case 'add': {
      const v = kids.reduce((s, k) => s + k.v, 0);
      const magnitude = kids.reduce((s, k) => s + Math.abs(k.v), 0);
      // Two operands round once, at the result; more may round at every partial sum.
      const rounding = kids.length <= 2 ? UNIT * Math.abs(v) : (kids.length - 1) * UNIT * magnitude;
      return { v, e: kids.reduce((s, k) => s + k.e, 0) + rounding };
    }
    case 'mul': {
      const v = kids.reduce((p, k) => p * k.v, 1);
      // Σ_i e_i · Π_{j≠i} |v_j|, which stays right when a factor is 0.
      const spread = kids.reduce((s, k, i) => s + k.e * kids.reduce((p, m, j) => (j === i ? p : p * Math.abs(m.v)), 1), 0);
      return { v, e: spread + kids.length * UNIT * Math.abs(v) };
    }
    case 'pow': {
      const [b, x] = [kids[0]!, kids[1]!];
      const v = Math.pow(b.v, x.v);
      if (Number.isNaN(v)) return undefined;
      const viaBase = b.v === 0 ? (x.v >= 1 ? 0 : Infinity) : Math.abs(v * x.v / b.v) * b.e;
      const viaExp = x.e === 0 ? 0 : Math.abs(v * Math.log(Math.abs(b.v))) * x.e;
      return { v, e: viaBase + viaExp + 2 * UNIT * Math.abs(v) };
    }
    case 'call': {
      const row = functionRow(node.fn);
      const args = kids.map((k) => k.v);
      const v = row.evaluate(...args);
      if (Number.isNaN(v)) return undefined;
      let e = 2 * UNIT * Math.abs(v);
      kids.forEach((k, i) => {
        if (k.e === 0) return;
        const h = Math.max(1e-7 * Math.abs(k.v), 1e-9);
        const at = (d: number): number => row.evaluate(...args.map((a, j) => (j === i ? a + d : a)));
        const slope = Math.abs((at(h) - at(-h)) / (2 * h));
        e += (Number.isFinite(slope) ? slope : Infinity) * k.e;
      });
      return { v, e };
    }
    case 'deriv': return undefined;
    default: return assertNever(node);
  }
}
