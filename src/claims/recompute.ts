/**
 * A claim's left side recomputed the way a person does it by hand, from
 * what the document wrote before it (SPEC §14 `rounding` and `carried`):
 * d(A)/d(B) is Σ over B's users M of ∂M/∂B · d(A)/d(M), and wherever the
 * document already wrote a value for d(A)/d(M), ∂M/∂B or a name (`δ_o2 =
 * −0.038098237`, `out_h1 = 0.593269992`, `∂E/∂out_o2 = y_2 − out_o2`), that
 * written value is used instead of the exact one, as the writer would.
 *
 * Invariant: a recomputation that uses none of the earlier claims is no
 * recomputation (undefined): it would be the truth, which the claim
 * already disagrees with. Written numbers stand in as named values, so the
 * spread their last digits carry can be measured.
 */

import { type Expr, ONE, sym } from '../expr/node.ts';
import { add, mul } from '../expr/canonical.ts';
import { freeSymbols, substitute } from '../expr/walk.ts';
import { compile } from '../numeric/compile.ts';
import { derivativeOf } from './diagnosis-candidates.ts';
import type { DiagnosisContext, EarlierClaim } from './diagnosis.ts';
import { writtenPrecision } from './rounding.ts';

export interface Recomputation {
  /** In inputs and the stand-ins of the written numbers. */
  readonly expr: Expr;
  /** Each written number's stand-in: its value and half a unit in its last digit. */
  readonly numbers: ReadonlyMap<string, { readonly value: number; readonly half: number }>;
  /** The earlier claims the recomputation used, in the order written. */
  readonly used: readonly EarlierClaim[];
}

/** Substitution rounds before giving up (a definition chain deeper than this is not hand work). */
const MAX_ROUNDS = 10_000;

const key = (of: string, wrt: string): string => `${of}\u0000${wrt}`;

/** The left side recomputed from the earlier claims `allowed` picks; undefined when none is used. */
export function recompute(ctx: DiagnosisContext, allowed: (c: EarlierClaim) => boolean): Recomputation | undefined {
  const derivs = new Map<string, EarlierClaim>();
  const names = new Map<string, EarlierClaim>();
  const own = derivativeOf(ctx);
  for (const c of ctx.earlier) {
    if (!allowed(c)) continue;
    // An earlier number for the claim's own left side is not something it uses: it is the same quantity written twice.
    if (own !== undefined && c.number !== undefined && c.lhs.kind === 'deriv' && c.lhs.of.kind === 'sym'
      && c.lhs.of.name === own.of && c.lhs.wrt.name === own.wrt) continue;
    if (c.lhs.kind === 'sym' && ctx.graph.isDefined(c.lhs.name) && !ctx.system.definitions.get(c.lhs.name)!.input) names.set(c.lhs.name, c);
    if (c.lhs.kind === 'deriv' && c.lhs.of.kind === 'sym') derivs.set(key(c.lhs.of.name, c.lhs.wrt.name), c);
  }
  const used = new Set<EarlierClaim>();
  const numbers = new Map<string, { value: number; half: number }>();
  const stand = (c: EarlierClaim): Expr => {
    used.add(c);
    if (c.number === undefined) return ctx.graph.resolveDerivatives(c.rhs);
    const name = `\u0000written@${c.line}:${numbers.size}`;
    numbers.set(name, { value: c.number.value, half: writtenPrecision(c.number.text) });
    return sym(name);
  };
  const lhs = ctx.claim.lhs;
  let e: Expr;
  if (own !== undefined) e = byHand(ctx, own.of, own.wrt, derivs, stand);
  else if (lhs.kind === 'sym' && ctx.graph.isDefined(lhs.name)) e = ctx.graph.rhs(lhs.name);
  else return undefined;
  e = inlineWritten(ctx, e, names, stand);
  if (used.size === 0) return undefined;
  return { expr: e, numbers, used: ctx.earlier.filter((c) => used.has(c)) };
}

/** d(A)/d(B) as a sum over B's users, a written value taken wherever there is one. */
function byHand(ctx: DiagnosisContext, a: string, b: string, derivs: ReadonlyMap<string, EarlierClaim>, stand: (c: EarlierClaim) => Expr): Expr {
  const memo = new Map<string, Expr>();
  const written = (of: string, wrt: string): Expr | undefined => {
    const c = derivs.get(key(of, wrt));
    return c === undefined ? undefined : stand(c);
  };
  // Nodes in the definitions' order, so each d(A)/d(M) is known before the names M uses.
  // Only the nodes between B and A: a written value elsewhere is not used, and must not be counted as used.
  const nodes = ctx.system.order.filter((m) => m === a || (ctx.graph.dependsOn(a, m) && ctx.graph.dependsOn(m, b))).reverse();
  const of = (y: string): Expr => {
    const hit = memo.get(y);
    if (hit !== undefined) return hit;
    const out = written(a, y) ?? (y === a ? ONE : add(...nodes
      .filter((m) => m !== y && ctx.graph.uses(m).includes(y))
      .map((m) => mul(written(m, y) ?? ctx.graph.local(m, y), memo.get(m) ?? of(m)))));
    memo.set(y, out);
    return out;
  };
  for (const m of nodes) of(m);
  return of(b);
}

/** Every defined name replaced by its written value where the document wrote one, else by its definition. */
function inlineWritten(ctx: DiagnosisContext, e: Expr, names: ReadonlyMap<string, EarlierClaim>, stand: (c: EarlierClaim) => Expr): Expr {
  const standIns = new Map<string, Expr>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bindings = new Map<string, Expr>();
    for (const s of freeSymbols(e)) {
      const def = ctx.system.definitions.get(s.name);
      if (def === undefined || def.input) continue;
      const c = names.get(s.name);
      if (c === undefined) {
        bindings.set(s.name, ctx.graph.rhs(s.name));
        continue;
      }
      if (!standIns.has(s.name)) standIns.set(s.name, stand(c));
      bindings.set(s.name, standIns.get(s.name)!);
    }
    if (bindings.size === 0) return e;
    e = substitute(e, bindings);
  }
  return e;
}

/** A recomputation's value at the document's values, and how far its written numbers' last digits move it. */
export function recomputedValue(ctx: DiagnosisContext, r: Recomputation): { value: number; spread: number } | undefined {
  const names = freeSymbols(r.expr).map((s) => s.name);
  const base = names.map((n) => r.numbers.get(n)?.value ?? ctx.values.get(n));
  if (base.some((v) => v === undefined)) return undefined;
  const fn = compile([r.expr], names);
  const at = (point: readonly number[]): number => fn(point)[0]!;
  const value = at(base as number[]);
  let spread = 0;
  names.forEach((n, i) => {
    const half = r.numbers.get(n)?.half;
    if (half === undefined) return;
    const move = (delta: number): number => at(base.map((v, j) => (j === i ? v! + delta : v!)));
    spread += Math.abs(move(half) - move(-half)) / 2;
  });
  return { value, spread };
}
