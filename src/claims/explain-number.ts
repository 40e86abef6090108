/**
 * The explanations of a refuted number claim (SPEC §14), in the order of
 * precedence. The one test point is the document's values, and a value
 * "agrees" when it is within what the number's written digits carry (the
 * same comparison that refuted the claim): ∂E/∂w = −0.0958 written for a
 * true 0.0958 is `sign`; 0.0411 for 0.0822 is `constant-factor` ½.
 *
 * Invariant: a candidate that needs a coincidence of one digit is not
 * tried: the factor, name and rule explanations need two significant
 * digits written.
 */

import type { Expr } from '../expr/node.ts';
import { freeSymbols } from '../expr/walk.ts';
import { compile } from '../numeric/compile.ts';
import { chainFactors, printed, wrongNames, wrongRules, type Candidate } from './diagnosis-candidates.ts';
import type { Diagnosable, Explanation, Finding } from './diagnosis.ts';
import { constantText } from './explain-symbolic.ts';
import { recompute, recomputedValue } from './recompute.ts';

/** Ratios tried for `constant-factor`: the dropped ½ and its kin. */
const RATIOS: readonly number[] = [2, 1 / 2, 4, 1 / 4, 3, 1 / 3];
/** Powers of ten tried for `order-of-magnitude`. */
const POWERS: readonly number[] = [1, 2, 3, 4, 5, 6].flatMap((p) => [p, -p]);

const show = (x: number): string => String(Number(x.toPrecision(9)));

/** The value of an expression in inputs at the document's values; undefined when it does not evaluate. */
function valueOf(ctx: Diagnosable, e: Expr): number | undefined {
  const names = freeSymbols(e).map((s) => s.name);
  if (!names.every((n) => ctx.values.has(n))) return undefined;
  try {
    return compile([e], names)(names.map((n) => ctx.values.get(n)!))[0];
  } catch {
    return undefined;
  }
}

/** Whether a value agrees with the number written, to its digits. */
function agrees(ctx: Diagnosable, x: number | undefined, slack = 0): boolean {
  const n = ctx.number!;
  if (x === undefined || !Number.isFinite(x)) return false;
  return Math.abs(x - n.value) <= n.precision * (1 + 1e-9) + slack + 4 * Number.EPSILON * Math.abs(n.value);
}

/** Significant digits of the number as written (the digits of a side of numbers count as many). */
function significant(ctx: Diagnosable): number {
  const text = ctx.number!.text;
  if (text === undefined) return 15;
  return text.replace(/[eE].*$/, '').replace(/[^0-9]/g, '').replace(/^0+/, '').length;
}

const truthValue = (ctx: Diagnosable): number | undefined => valueOf(ctx, ctx.truth);

function firstAgreeing(ctx: Diagnosable, code: Finding['code'], candidates: readonly Candidate[]): Finding | undefined {
  if (significant(ctx) < 2) return undefined;
  const hit = candidates.find((c) => c.against !== 'truth' && agrees(ctx, valueOf(ctx, c.expr)));
  return hit === undefined ? undefined : { code, key: hit.key, params: hit.params };
}

/** The chain's factors with their values, where they evaluate and are not ±1. */
function factorValues(ctx: Diagnosable): { c: Candidate; v: number }[] {
  if (significant(ctx) < 2) return [];
  return chainFactors(ctx).flatMap((c) => {
    const v = valueOf(ctx, c.expr);
    return v === undefined || v === 0 || Math.abs(Math.abs(v) - 1) < 1e-9 ? [] : [{ c, v }];
  });
}

/** The number a recomputation from the document's own numbers gives, when it agrees with the one written. */
function recomputedFinding(ctx: Diagnosable, refutedToo: boolean): Finding | undefined {
  // Carried errors come from any refuted claim, number or expression; rounding only from numbers that hold.
  const r = recompute(ctx, (c) => (refutedToo ? c.number !== undefined || c.refuted : c.number !== undefined && !c.refuted));
  if (r === undefined) return undefined;
  const from = r.used.filter((c) => c.refuted).at(-1);
  if (refutedToo !== (from !== undefined)) return undefined;
  const got = recomputedValue(ctx, r);
  if (got === undefined || !agrees(ctx, got.value, got.spread)) return undefined;
  if (from !== undefined) {
    return { code: 'carried', key: 'carried', params: { claimed: printed(ctx, from.lhs), line: from.line }, line: from.line, recomputed: got.value };
  }
  return { code: 'rounding', key: 'rounding', params: { recomputed: show(got.value) }, recomputed: got.value };
}

export const NUMBER_EXPLANATIONS: readonly Explanation[] = [
  { name: 'misremembered-rule', code: 'wrong-rule', explain: (ctx) => firstAgreeing(ctx, 'wrong-rule', wrongRules(ctx)) },
  {
    // written = truth / f(values)
    name: 'missing-chain-factor', code: 'missing-factor',
    explain: (ctx) => {
      const t = truthValue(ctx);
      const hit = t === undefined ? undefined : factorValues(ctx).find(({ v }) => agrees(ctx, t / v));
      return hit === undefined ? undefined : { code: 'missing-factor', key: 'missing-factor', params: hit.c.params };
    },
  },
  {
    // written = truth · f(values)
    name: 'extra-chain-factor', code: 'extra-factor',
    explain: (ctx) => {
      const t = truthValue(ctx);
      const hit = t === undefined ? undefined : factorValues(ctx).find(({ v }) => agrees(ctx, t * v));
      return hit === undefined ? undefined : { code: 'extra-factor', key: 'extra-factor', params: hit.c.params };
    },
  },
  { name: 'another-name', code: 'wrong-name', explain: (ctx) => firstAgreeing(ctx, 'wrong-name', wrongNames(ctx)) },
  // the document's own earlier claims, one of them refuted, give the number written
  { name: 'carried-forward', code: 'carried', explain: (ctx) => recomputedFinding(ctx, true) },
  // the document's own rounded numbers give the number written
  { name: 'rounded-intermediates', code: 'rounding', explain: (ctx) => recomputedFinding(ctx, false) },
  {
    // the true value cut after the digits written instead of rounded
    name: 'truncated', code: 'rounding',
    explain: (ctx) => {
      const t = truthValue(ctx);
      const text = ctx.number!.text;
      if (t === undefined || text === undefined || /[eE]/.test(text) || !text.includes('.')) return undefined;
      const decimals = text.length - text.indexOf('.') - 1;
      const cut = Math.trunc(Number((t * 10 ** decimals).toPrecision(15))) / 10 ** decimals;
      return Math.abs(cut - ctx.number!.value) <= 1e-9 * 10 ** -decimals
        ? { code: 'rounding', key: 'rounding.truncated', params: { value: show(t) } } : undefined;
    },
  },
  {
    name: 'negation', code: 'sign',
    explain: (ctx) => {
      const t = truthValue(ctx);
      return t !== undefined && t !== 0 && agrees(ctx, -t) ? { code: 'sign', key: 'sign', params: {} } : undefined;
    },
  },
  {
    // truth = k · written for a small ratio k
    name: 'ratio', code: 'constant-factor',
    explain: (ctx) => {
      const t = truthValue(ctx);
      const k = t === undefined || t === 0 ? undefined : RATIOS.find((r) => agrees(ctx, t / r));
      return k === undefined ? undefined : { code: 'constant-factor', key: 'constant-factor', params: { factor: constantText(k) } };
    },
  },
  {
    // written = truth · 10^p: the digits right, the point in the wrong place
    name: 'power-of-ten', code: 'order-of-magnitude',
    explain: (ctx) => {
      const t = truthValue(ctx);
      const p = t === undefined || t === 0 ? undefined : POWERS.find((q) => agrees(ctx, t * 10 ** q));
      return p === undefined ? undefined : { code: 'order-of-magnitude', key: 'order-of-magnitude', params: { value: show(t!) } };
    },
  },
];
