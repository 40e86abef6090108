/**
 * What kind of mistake a refuted claim is (SPEC §14), the way a teacher
 * marks homework: a table of named explanations, like the simplifier's
 * rules, each a small function that says whether it explains the claim.
 *
 * Invariant: an explanation counts only when it holds at every test point
 * (every evaluated random point for an expression claim; the document's
 * values, to the digits written, for a number). When several hold, the
 * first in DIAGNOSIS_CODES' order is the code and the other codes are
 * listed in `also`; when none holds there is no diagnosis, never a guess.
 */

import { say } from './diagnosis-messages.ts';
import { freeSymbols } from '../expr/walk.ts';
import {
  DIAGNOSIS_CODES, type Diagnosable, type Diagnosis, type DiagnosisCode, type DiagnosisContext, type Explanation, type Finding,
} from './diagnosis.ts';
import { TestPoints } from './diagnosis-points.ts';
import { NUMBER_EXPLANATIONS } from './explain-number.ts';
import { SYMBOLIC_EXPLANATIONS } from './explain-symbolic.ts';

export { DIAGNOSIS_CODES } from './diagnosis.ts';
export type { Diagnosis, DiagnosisCode, EarlierClaim } from './diagnosis.ts';

const rank = (code: DiagnosisCode): number => DIAGNOSIS_CODES.indexOf(code);

/** The first finding in precedence order, with the other codes in `also`; undefined when none. */
export function choose(findings: readonly Finding[]): Diagnosis | undefined {
  const sorted = [...findings].sort((a, b) => rank(a.code) - rank(b.code));
  const first = sorted[0];
  if (first === undefined) return undefined;
  const also = [...new Set(sorted.slice(1).map((f) => f.code))].filter((c) => c !== first.code);
  return {
    code: first.code, message: say(first.key, first.params), key: first.key, params: first.params,
    ...(also.length > 0 ? { also } : {}),
    ...(first.line === undefined ? {} : { line: first.line }),
    ...(first.recomputed === undefined ? {} : { recomputed: first.recomputed }),
  };
}

/**
 * Diagnose a refuted claim: every explanation of its kind (number or
 * expression) is tried; one that fails to evaluate simply does not hold.
 *
 * An expression claim whose names all have values in the document may be
 * meant at those values only (softmax with a one-hot label): when nothing
 * explains it as an identity, the explanations that name something
 * (a rule, a factor, a name, an earlier claim, a sign) are tried at the
 * document's values alone, to 1e-8, and the diagnosis says so. The
 * constant ratio and difference are not: at one point they always hold.
 */
export function diagnose(ctx: DiagnosisContext): Diagnosis | undefined {
  if (ctx.number !== undefined) return choose(findingsOf(NUMBER_EXPLANATIONS, { ...ctx, points: new TestPoints(ctx.values) }));
  const general = choose(findingsOf(SYMBOLIC_EXPLANATIONS, { ...ctx, points: new TestPoints(ctx.values) }));
  if (general !== undefined || !allValued(ctx)) return general;
  const named = SYMBOLIC_EXPLANATIONS.filter((e) => !AT_ONE_POINT_ALWAYS.has(e.name));
  const atValues = choose(findingsOf(named, { ...ctx, points: new TestPoints(ctx.values, { givenOnly: true }) }));
  return atValues === undefined ? undefined : { ...atValues, atGivenValues: true };
}

/** Explanations that hold at any single point, so never at the document's values alone. */
const AT_ONE_POINT_ALWAYS: ReadonlySet<string> = new Set(['constant-ratio', 'constant-difference']);

function findingsOf(table: readonly Explanation[], ctx: Diagnosable): Finding[] {
  return table.flatMap((e) => attempt(() => e.explain(ctx)) ?? []);
}

function allValued(ctx: DiagnosisContext): boolean {
  return [...freeSymbols(ctx.truth), ...freeSymbols(ctx.claimed)].every((s) => ctx.values.has(s.name));
}

/** An explanation that throws (an expression too large, a value outside a domain) does not hold. */
function attempt<T>(f: () => T | undefined): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
