/**
 * Simplification rules: small named rewrites, each with its identity as the
 * first comment. A rule looks at one node whose operands are already
 * simplified and returns the rewritten node, or undefined when it does not
 * apply. The constructors in expr/canonical.ts already fold numbers, collect like terms
 * and powers and drop identities; these rules add what a reader expects on
 * top: the logistic, softplus and tanh spelled out in exponentials are
 * recognised by name, so derivatives come out in terms of them; the
 * identities a reader applies without thinking (identity-rules.ts); and,
 * last, the size-gated trials of distributing and expanding.
 */

import { type Expr, HALF, MINUS_ONE, ONE } from '../expr/node.ts';
import { add, mul, neg, pow, splitCoefficient } from '../expr/canonical.ts';
import { call } from '../functions.ts';
import * as Q from '../expr/rational.ts';
import { expand } from './expand.ts';
import { expandedSize } from './expanded-size.ts';
import { IDENTITY_RULES } from './identity-rules.ts';
import { ROOT_RULE } from './root-rules.ts';
import type { Rule } from './rule.ts';

export type { Rule } from './rule.ts';

const isCall = (e: Expr, fn: string): e is Extract<Expr, { kind: 'call' }> => e.kind === 'call' && e.fn === fn;

/** If `e` is `1 + exp(u)`, returns u. */
function onePlusExp(e: Expr): Expr | undefined {
  if (e.kind !== 'add' || e.terms.length !== 2) return undefined;
  const [a, b] = e.terms;
  if (b === ONE && a && isCall(a, 'exp')) return a.args[0];
  if (a === ONE && b && isCall(b, 'exp')) return b.args[0];
  return undefined;
}

/** If `e` is `p + s·q` for the two given terms, in either order, returns true. */
function isPair(e: Expr, p: Expr, q: Expr): boolean {
  return e.kind === 'add' && e.terms.length === 2 && e.terms.includes(p) && e.terms.includes(q);
}

export const RULES: readonly Rule[] = [
  {
    // 1/(1 + e^u) = σ(−u)
    name: 'sigmoid-from-exp',
    apply: (e) => {
      if (e.kind !== 'pow' || e.exp !== MINUS_ONE) return undefined;
      const u = onePlusExp(e.base);
      return u && call('sigmoid', [neg(u)]);
    },
  },
  {
    // e^u · σ(−u) = e^u/(1 + e^u) = σ(u)
    name: 'sigmoid-from-exp-ratio',
    apply: (e) => {
      if (e.kind !== 'mul') return undefined;
      for (const f of e.factors) {
        if (!isCall(f, 'exp')) continue;
        const u = f.args[0]!;
        const s = call('sigmoid', [neg(u)]);
        const i = e.factors.indexOf(s);
        if (i < 0) continue;
        return mul(call('sigmoid', [u]), ...e.factors.filter((g) => g !== f && g !== s));
      }
      return undefined;
    },
  },
  {
    // ln(1 + e^u) = softplus(u)
    name: 'softplus-from-log',
    apply: (e) => {
      if (!isCall(e, 'log')) return undefined;
      const u = onePlusExp(e.args[0]!);
      return u && call('softplus', [u]);
    },
  },
  {
    // (e^u − e^−u)/(e^u + e^−u) = tanh(u), and (1 − e^−2u)/(1 + e^−2u) = tanh(u)
    name: 'tanh-from-exp',
    apply: (e) => {
      if (e.kind !== 'mul') return undefined;
      for (const den of e.factors) {
        if (den.kind !== 'pow' || den.exp !== MINUS_ONE || den.base.kind !== 'add') continue;
        for (const t of den.base.terms) {
          if (!isCall(t, 'exp')) continue;
          const v = t.args[0]!;
          const other = den.base.terms.find((s) => s !== t);
          let numer: Expr | undefined;
          let u: Expr | undefined;
          if (other === ONE) {
            // (1 − e^v)/(1 + e^v) = tanh(−v/2)
            numer = add(ONE, neg(t));
            u = mul(MINUS_ONE, HALF, v);
          } else if (other && isCall(other, 'exp') && other.args[0] === neg(v) && isPair(den.base, t, other)) {
            // (e^v − e^−v)/(e^v + e^−v) = tanh(v)
            numer = add(t, neg(other));
            u = v;
          }
          if (!numer || !u) continue;
          const rest = e.factors.filter((g) => g !== den);
          const i = rest.indexOf(numer);
          if (i >= 0) return mul(call('tanh', [u]), ...rest.filter((_, j) => j !== i));
          const j = rest.indexOf(neg(numer));
          if (j >= 0) return mul(MINUS_ONE, call('tanh', [u]), ...rest.filter((_, k) => k !== j));
        }
      }
      return undefined;
    },
  },
  {
    // |u|·sign(u) = u (also at 0, where both sides are 0)
    name: 'abs-times-sign',
    apply: (e) => {
      if (e.kind !== 'mul') return undefined;
      for (const f of e.factors) {
        if (!isCall(f, 'abs')) continue;
        const u = f.args[0]!;
        const s = call('sign', [u]);
        if (e.factors.includes(s)) return mul(u, ...e.factors.filter((g) => g !== f && g !== s));
      }
      return undefined;
    },
  },
  {
    // |u|^(2k) = u^(2k)
    name: 'abs-even-power',
    apply: (e) => (e.kind === 'pow' && isCall(e.base, 'abs') && isEvenInteger(e.exp) ? pow(e.base.args[0]!, e.exp) : undefined),
  },
  {
    // |u^(2k)| = u^(2k)
    name: 'abs-of-even-power',
    apply: (e) => (isCall(e, 'abs') && e.args[0]!.kind === 'pow' && isEvenInteger(e.args[0]!.exp) ? e.args[0] : undefined),
  },
  ...IDENTITY_RULES,
  ROOT_RULE,
  {
    // a·b + a·c = a·(b + c), for a factor common to every term (not a number:
    // a number times a sum distributes again in the constructor)
    name: 'factor-common',
    apply: (e) => factorCommon(e),
  },
  {
    // a·(b + c) = a·b + a·c, kept only when distributing and expanding makes
    // the expression smaller (p·(1 − p)·((1 − y)/(1 − p) − y/p) = p − y)
    name: 'distribute-if-smaller',
    apply: (e) => {
      if (e.kind !== 'mul' || e.size > MAX_TRIAL_SIZE || e.factors.length > MAX_TRIAL_FACTORS) return undefined;
      for (const s of e.factors) {
        if (s.kind !== 'add' || !mayCancel(s, e.factors)) continue;
        const others = e.factors.filter((f) => f !== s);
        const distributed = add(...s.terms.map((t) => mul(...others, t)));
        const best = tidy(distributed);
        if (best.size < e.size) return best;
      }
      return undefined;
    },
  },
  {
    // (a + b)·c − a·c = b·c: a sum expanded, kept only when that makes it smaller
    name: 'expand-if-smaller',
    apply: (e) => {
      if (e.kind !== 'add' || e.size > MAX_TRIAL_SIZE || !mayCollect(e)) return undefined;
      // Its size first, without building it: almost every trial fails.
      const size = expandedSize(e);
      if (size !== undefined && size >= e.size) return undefined;
      const expanded = settled(expand(e));
      return expanded.size < e.size ? expanded : undefined;
    },
  },
];

/** Nodes above which the trial expansions are not attempted (they are quadratic at worst). */
const MAX_TRIAL_SIZE = 400;
/**
 * Factors above which distribution is not tried: each trial re-factors the
 * distributed sum, cubic in the factor count, so a product of a hundred sums
 * took seconds per node (test/limits.test.ts).
 */
const MAX_TRIAL_FACTORS = 12;

const smaller = (a: Expr, b: Expr): Expr => (a.size < b.size ? a : b);

/**
 * A trial result as factor-common would leave it: the size-gated rules
 * compare against this, so that they and factor-common never undo each
 * other (x1·(1 − h1²) is not distributed only to be factored again).
 */
const settled = (e: Expr): Expr => factorCommon(e) ?? e;

/**
 * A distributed sum, its common factors taken out again and what is left
 * inside expanded where that is smaller: v·(1 − h²)·(p·(1 − y) − y·(1 − p))
 * becomes v·(1 − h²)·(p − y), not a four-term expansion.
 */
function tidy(e: Expr): Expr {
  const f = settled(e);
  if (f.kind === 'mul') return mul(...f.factors.map((g) => (g.kind === 'add' ? smaller(settled(expand(g)), g) : g)));
  return smaller(settled(expand(f)), f);
}

function factorCommon(e: Expr): Expr | undefined {
  if (e.kind !== 'add') return undefined;
  const factorLists = e.terms.map((t) => {
    const [, rest] = splitCoefficient(t);
    return rest.kind === 'mul' ? rest.factors : [rest];
  });
  // Only factors that division cancels: exp(x)/exp(x) stays exp(x)*exp(-x)
  // in the constructors, and taking it out would leave it in every term again,
  // doubling the exponent each time without end.
  const cancels = (f: Expr): boolean => mul(f, pow(f, MINUS_ONE)) === ONE;
  const common = factorLists[0]!.filter((f) => f.kind !== 'num' && factorLists.every((fs) => fs.includes(f)) && cancels(f));
  if (common.length === 0) return undefined;
  const divisor = pow(mul(...common), MINUS_ONE);
  return mul(...common, add(...e.terms.map((t) => mul(t, divisor))));
}

/** The base of a factor: `b` for `b^k`, the factor itself otherwise. */
const baseOf = (f: Expr): Expr => (f.kind === 'pow' ? f.base : f);

/**
 * Whether distributing `factors` over the sum `s` can cancel anything: some
 * term of the sum divides by a base that another factor multiplies by. A
 * cheap test that keeps the trial off the many products where it cannot help.
 */
function mayCancel(s: Expr & { kind: 'add' }, factors: readonly Expr[]): boolean {
  const bases = new Set(factors.filter((f) => f !== s).map(baseOf));
  return s.terms.some((t) => (t.kind === 'mul' ? t.factors : [t]).some((f) =>
    f.kind === 'pow' && f.exp.kind === 'num' && Q.isNegative(f.exp.value) && bases.has(f.base)));
}

/** Whether expanding a sum can make terms meet: two of its terms multiply a sum (or are a power of one: (a + b)² − a² − 2ab − b²). */
function mayCollect(e: Expr & { kind: 'add' }): boolean {
  const isSumPower = (f: Expr): boolean => f.kind === 'pow' && f.base.kind === 'add';
  const withSum = e.terms.filter((t) => isSumPower(t) || (t.kind === 'mul' && t.factors.some((f) => f.kind === 'add' || isSumPower(f))));
  return withSum.length >= 2 || (withSum.length === 1 && e.terms.length >= 2);
}

function isEvenInteger(e: Expr): boolean {
  return e.kind === 'num' && Q.isInteger(e.value) && e.value.num % 2n === 0n;
}
