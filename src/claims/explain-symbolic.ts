/**
 * The explanations of a refuted expression claim (SPEC §14), one named
 * entry each, in the order of precedence. Each holds only when the claim
 * equals what the mistake would give at every test point (TestPoints):
 * "truth = claim · (1 − out_o1)" at twelve points, never at one.
 */

import { type Expr, TWO } from '../expr/node.ts';
import { mul, neg, sub } from '../expr/canonical.ts';
import { chainFactors, printed, wrongNames, wrongRules, type Candidate } from './diagnosis-candidates.ts';
import type { Diagnosable, Explanation, Finding } from './diagnosis.ts';
import { recompute } from './recompute.ts';

/** The first candidate the claim equals at every point, as a finding of `code`. */
function firstSame(ctx: Diagnosable, code: Finding['code'], candidates: readonly Candidate[]): Finding | undefined {
  const hit = candidates.find((c) => ctx.points.same(c.against === 'truth' ? ctx.truth : ctx.claimed, c.expr));
  return hit === undefined ? undefined : { code, key: hit.key, params: hit.params };
}

/** A constant as a person writes it: an integer, a simple fraction, else six digits. */
export function constantText(c: number): string {
  for (let den = 1; den <= 12; den++) {
    const n = Math.round(c * den);
    if (Math.abs(n / den - c) <= 1e-9 * Math.max(1, Math.abs(c))) return den === 1 ? String(n) : `${n}/${den}`;
  }
  return String(Number(c.toPrecision(6)));
}

/** The terms of the truth and of the claim, each a candidate for a sign slip. */
function terms(ctx: Diagnosable): { term: Expr; inClaim: boolean }[] {
  const termsOf = (e: Expr): readonly Expr[] => (e.kind === 'add' ? e.terms : []);
  return [
    ...termsOf(ctx.claim.rhs).map((t) => ({ term: t, inClaim: true })),
    ...termsOf(ctx.claimed).map((t) => ({ term: t, inClaim: true })),
    ...termsOf(ctx.truth).map((t) => ({ term: t, inClaim: false })),
  ];
}

export const SYMBOLIC_EXPLANATIONS: readonly Explanation[] = [
  {
    name: 'misremembered-rule', code: 'wrong-rule',
    explain: (ctx) => firstSame(ctx, 'wrong-rule', wrongRules(ctx)),
  },
  {
    // truth = claim · f for a factor f of the chain or of the truth
    name: 'missing-chain-factor', code: 'missing-factor',
    explain: (ctx) => {
      const hit = chainFactors(ctx).find((f) => ctx.points.same(ctx.truth, mul(ctx.claimed, f.expr)));
      return hit === undefined ? undefined : { code: 'missing-factor', key: 'missing-factor', params: hit.params };
    },
  },
  {
    // claim = truth · f
    name: 'extra-chain-factor', code: 'extra-factor',
    explain: (ctx) => {
      const hit = chainFactors(ctx).find((f) => ctx.points.same(ctx.claimed, mul(ctx.truth, f.expr)));
      return hit === undefined ? undefined : { code: 'extra-factor', key: 'extra-factor', params: hit.params };
    },
  },
  {
    name: 'another-name', code: 'wrong-name',
    explain: (ctx) => firstSame(ctx, 'wrong-name', wrongNames(ctx)),
  },
  {
    // the claim is the truth recomputed with an earlier refuted claim in place of what it states
    name: 'carried-forward', code: 'carried',
    explain: (ctx) => {
      const r = recompute(ctx, (c) => c.refuted && c.number === undefined);
      if (r === undefined || !ctx.points.same(ctx.claimed, r.expr)) return undefined;
      const from = r.used.at(-1)!;
      return { code: 'carried', key: 'carried', params: { claimed: printed(ctx, from.lhs), line: from.line }, line: from.line };
    },
  },
  {
    // claim = −truth
    name: 'negation', code: 'sign',
    explain: (ctx) => (ctx.points.same(ctx.claimed, neg(ctx.truth)) ? { code: 'sign', key: 'sign', params: {} } : undefined),
  },
  {
    // claim = truth with one term's sign flipped: claim − 2t = truth (t a term of the claim) or claim = truth − 2t (of the truth)
    name: 'negated-term', code: 'sign',
    explain: (ctx) => {
      const hit = terms(ctx).find(({ term, inClaim }) => {
        const t = ctx.graph.inline(term);
        return inClaim ? ctx.points.same(sub(ctx.claimed, mul(TWO, t)), ctx.truth) : ctx.points.same(ctx.claimed, sub(ctx.truth, mul(TWO, t)));
      });
      return hit === undefined ? undefined : { code: 'sign', key: 'sign.term', params: { term: printed(ctx, hit.term) } };
    },
  },
  {
    // truth / claim = k, a constant other than ±1 (a dropped ½, a 2 too many)
    name: 'constant-ratio', code: 'constant-factor',
    explain: (ctx) => {
      const k = ctx.points.constant(ctx.truth, ctx.claimed, (t, c) => t / c);
      if (k === undefined || k === 0 || Math.abs(Math.abs(k) - 1) < 1e-9) return undefined;
      return { code: 'constant-factor', key: 'constant-factor', params: { factor: constantText(k) } };
    },
  },
  {
    // truth − claim = c, a constant other than 0
    name: 'constant-difference', code: 'additive-constant',
    explain: (ctx) => {
      const c = ctx.points.constant(ctx.truth, ctx.claimed, (t, x) => t - x);
      if (c === undefined || Math.abs(c) < 1e-9) return undefined;
      return { code: 'additive-constant', key: 'additive-constant', params: { constant: constantText(c) } };
    },
  },
];
