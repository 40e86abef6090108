/**
 * Checking hand calculations (SPEC §5). Each claim `LHS = RHS` is verified,
 * refuted (with the point where the sides differ) or left unchecked with the
 * reason.
 *
 * - A number claim is compared at the document's values to the precision it
 *   is written with (never finer than double precision).
 * - An expression claim is proved symbolically when the difference of the two
 *   sides, every definition substituted, simplifies to 0. Otherwise names
 *   with a value in the document keep it and the others are sampled (both
 *   signs, near zero, large): a difference refutes the claim, at the
 *   student's own values when every name has one. A claim that holds there
 *   but not as an identity is verified "at the given values", with the
 *   condition that makes it general when one is found (`y1 + y2 = 1`).
 * - A free name that is a misspelt derivative (`dL/dw`) or product (`wx`) of
 *   known names makes the claim unchecked with the spelling that works.
 * - A refuted claim says what kind of mistake it is when an explanation
 *   fits (SPEC §14, claims/diagnose.ts); the claims checked before it are
 *   kept for that, so an error carried forward is named with its line.
 * - Two values agree within what floating point may lose computing them
 *   (claims/roundoff.ts), so a claim near a removable singularity is not
 *   refuted by cancellation; sample regions widen before "undecided".
 */

import { type Deriv, type Expr, ZERO } from '../expr/node.ts';
import { sub } from '../expr/canonical.ts';
import { children, dagSize, freeSymbols } from '../expr/walk.ts';
import type { ClaimElement } from '../expr/indexed.ts';
import { NablaError } from '../errors.ts';
import { joined, listOf, msg, say } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';
import { checkTime, TimeLimitError } from '../limits.ts';
import { compile } from '../numeric/compile.ts';
import { simplify } from '../simplify/simplify.ts';
import { NodeDerivatives } from '../graph/node-derivative.ts';
import type { System } from '../graph/system.ts';
import type { Claim } from '../parse/statement.ts';
import { seededRandom as random } from '../numeric/random.ts';
import { parseLatex } from '../parse/latex.ts';
import { parseExpression } from '../parse/parse.ts';
import { findCondition } from './condition.ts';
import { choose, diagnose, type Diagnosis, type EarlierClaim } from './diagnose.ts';
import { roundingSpread, writtenPrecision } from './rounding.ts';
import { roundoffBound } from './roundoff.ts';
import { nearValue, sampleValue, wideValue } from './sample-points.ts';
import { misspelling } from './spelling.ts';

export type ClaimStatus = 'verified' | 'refuted' | 'unchecked';

export interface ClaimResult {
  readonly line: number;
  readonly column: number;
  /** The claim as written. */
  readonly text: string;
  readonly status: ClaimStatus;
  /** Why unchecked, or how it was verified or refuted, in English. */
  readonly reason?: string;
  /** The reason as a catalogue message (SPEC §15), when it has one: views say it in the reader's language. */
  readonly message?: Message;
  /** Values of the two sides (at the inputs, or at the counterexample). */
  readonly lhs?: number;
  readonly rhs?: number;
  /** Where the two sides differ, for a refuted expression claim. */
  readonly counterexample?: Readonly<Record<string, number>>;
  /** What kind of mistake a refuted claim is (SPEC §14), when an explanation fits. */
  readonly diagnosis?: Diagnosis;
}

export type { Claim } from '../parse/statement.ts';

/** Random points tried for an expression claim. */
export const CLAIM_POINTS = 24;
/** Nodes of a refuted claim's two sides beyond which it is not diagnosed. */
export const MAX_DIAGNOSED_NODES = 20_000;
/** Points that must evaluate for a numeric verdict. */
const MIN_POINTS = 8;


function derivativesIn(e: Expr): Deriv[] {
  const out: Deriv[] = [];
  const seen = new Set<number>();
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x.id)) continue;
    seen.add(x.id);
    if (x.kind === 'deriv') out.push(x);
    // Reversed, so the pops read left to right: the first derivative written is reported first.
    stack.push(...[...children(x)].reverse());
  }
  return out;
}

const show = (x: number): number => Number(x.toPrecision(12));

export class ClaimChecker {
  private readonly graph: NodeDerivatives;
  private readonly values = new Map<string, number>();
  /** Inputs whose value is not a number (`y = \log(-1)`), with why: claims through them are unchecked. */
  private readonly invalid = new Map<string, Param>();
  /** The claims checked so far, in the order written: what a later claim may carry forward. */
  private readonly earlier: EarlierClaim[] = [];

  constructor(readonly system: System) {
    this.graph = new NodeDerivatives(system);
    // One input without a value leaves the document's other claims checkable.
    for (const name of system.inputs) {
      try {
        this.values.set(name, compile([system.definitions.get(name)!.rhs], [])([])[0]!);
      } catch (err) {
        if (!(err instanceof NablaError)) throw err;
        this.invalid.set(name, err.saying);
      }
    }
  }

  check(claim: Claim): ClaimResult {
    if (claim.contraction !== undefined) {
      const { contraction: _, ...plain } = claim;
      const result = this.check(plain);
      // The note is the catalogue's (reason.contraction), so it is said in the reader's language.
      return { ...result, ...because(msg('reason.contraction', { reason: result.message ?? result.reason ?? result.status })) };
    }
    checkTime('checking');
    if (claim.elements !== undefined) return this.checkEntries(claim, claim.elements);
    const base = { line: claim.span.line, column: claim.span.column, text: claim.text };
    try {
      const verdict = this.verdict(claim);
      const diagnosis = verdict.status === 'refuted' ? this.diagnosis(claim, verdict) : undefined;
      this.remember(claim, verdict);
      return { ...base, ...verdict, ...(diagnosis === undefined ? {} : { diagnosis }) };
    } catch (err) {
      // Out of time is the whole run's end, not this claim's verdict.
      if (err instanceof NablaError && !(err instanceof TimeLimitError)) return { ...base, status: 'unchecked', reason: err.message, message: err.said };
      throw err;
    }
  }

  /**
   * A claim between matrices: refuted at the first entry that is refuted
   * (with that entry's values and counterexample), unchecked at the first
   * that cannot be checked, verified when every entry is.
   */
  private checkEntries(claim: Claim, entries: readonly ClaimElement[]): ClaimResult {
    const results = entries.map((e) => ({
      entry: e,
      result: this.check({
        lhs: e.lhs, rhs: e.rhs, text: claim.text, span: claim.span,
        ...(e.rhsNumberText === undefined ? {} : { rhsNumberText: e.rhsNumberText }),
      }),
    }));
    const first = results.find((r) => r.result.status === 'refuted') ?? results.find((r) => r.result.status === 'unchecked');
    if (first !== undefined) {
      const inner = first.result.message ?? first.result.reason ?? msg(`verdict.${first.result.status}`, {});
      const result = { ...first.result, ...because(msg('reason.entry', { entry: first.entry.label, reason: inner })) };
      return result.status === 'refuted' && this.transposed(claim, entries) ? withTransposed(result) : result;
    }
    // Each reason once, by its English; "agrees to the 0.1 written" of every entry is one reason.
    const reasons = new Map<string, Param>();
    for (const { result: r } of results) {
      const precision = r.message?.key === 'reason.agrees-written' || /^agrees to the .* written$/.test(r.reason ?? '');
      const m: Param = precision ? msg('reason.agree-precision', {}) : r.message ?? r.reason ?? '';
      const en = typeof m === 'object' ? say(m, 'en') : String(m);
      if (en !== '' && !reasons.has(en)) reasons.set(en, m);
    }
    return {
      line: claim.span.line, column: claim.span.column, text: claim.text, status: 'verified',
      ...because(msg('reason.all-entries', { count: entries.length, reasons: joined([...reasons.values()], '; ') })),
    };
  }

  /** Keep a claim about a name or a derivative of names, for the claims after it (`carried`, `rounding`). */
  private remember(claim: Claim, verdict: Verdict): void {
    const l = claim.lhs;
    // An unchecked claim says nothing a later one could use or carry.
    if (verdict.status === 'unchecked' || (l.kind !== 'sym' && !(l.kind === 'deriv' && l.of.kind === 'sym'))) return;
    const text = claim.rhsNumberText;
    this.earlier.push({
      line: claim.span.line, lhs: l, rhs: claim.rhs, refuted: verdict.status === 'refuted',
      ...(text === undefined ? {} : { number: { value: Number(text), text } }),
    });
  }

  /** The diagnosis of a refuted claim (claims/diagnose.ts); none when no explanation fits or one cannot be tried. */
  private diagnosis(claim: Claim, verdict: Verdict): Diagnosis | undefined {
    const sides = this.inlined(claim);
    // Each explanation differentiates and evaluates the sides again: past this size a diagnosis is not worth its time.
    if (dagSize([sides.lhs, sides.rhs]) > MAX_DIAGNOSED_NODES) return undefined;
    const valued = sides.lhsNames.every((n) => this.values.has(n));
    const r = verdict.rhs;
    const number = r === undefined || !valued ? undefined
      : claim.rhsNumberText !== undefined ? { value: r, precision: writtenPrecision(claim.rhsNumberText), text: claim.rhsNumberText }
        : sides.rhsNames.length === 0 ? { value: r, precision: this.spread(claim, 'rhs') + 1e-9 * Math.max(1, Math.abs(r)) } : undefined;
    try {
      return diagnose({
        graph: this.graph, system: this.system, name: (n) => this.name(n), values: this.values, claim,
        truth: sides.lhs, claimed: sides.rhs, earlier: this.earlier, ...(number === undefined ? {} : { number }),
      });
    } catch (err) {
      if (err instanceof NablaError) return undefined;
      throw err;
    }
  }

  /** Whether a matrix claim holds entry by entry against the transpose of its left side (SPEC §14 `transposed`). */
  private transposed(claim: Claim, entries: readonly ClaimElement[]): boolean {
    const at = new Map(entries.map((e) => [e.label, e]));
    return entries.every((e) => {
      const m = /^\[(\d+),(\d+)\]$/.exec(e.label);
      const partner = m === null ? undefined : at.get(`[${m[2]},${m[1]}]`);
      if (partner === undefined) return false;
      try {
        const text = e.rhsNumberText;
        return this.verdict({ lhs: partner.lhs, rhs: e.rhs, text: claim.text, span: claim.span, ...(text === undefined ? {} : { rhsNumberText: text }) }).status === 'verified';
      } catch (err) {
        if (err instanceof NablaError) return false;
        throw err;
      }
    });
  }

  private name(n: string): string {
    return this.system.written.get(n) ?? n;
  }

  private verdict(claim: Claim): Verdict {
    const derivs = [...derivativesIn(claim.lhs), ...derivativesIn(claim.rhs)];
    // A derivative of something never defined cannot be checked (E_o1 in the notes).
    const undefinedNames = [...new Set(derivs.flatMap((d) => (d.of.kind === 'sym' && d.of !== d.wrt && !this.graph.isDefined(d.of.name) ? [this.name(d.of.name)] : [])))];
    if (undefinedNames.length > 0) {
      return { status: 'unchecked', ...because(msg('reason.not-defined', { names: listOf(undefinedNames), count: undefinedNames.length })) };
    }
    // Derivatives that are 0 only because the definitions never connect the two names.
    const missing = derivs.filter((d) => d.of.kind === 'sym' && d.of !== d.wrt && !this.graph.dependsOn(d.of.name, d.wrt.name));
    const missingReason = missing.length === 0 ? undefined : (() => {
      const d = missing[0]!;
      const [of, wrt] = [this.name((d.of as { name: string }).name), this.name(d.wrt.name)];
      return msg('reason.zero-only', { of, wrt });
    })();
    const holds: Holds = (verdict) =>
      (missingReason !== undefined ? { ...verdict, status: 'unchecked', ...because(missingReason) } : verdict);

    const misspelt = misspelling(
      [...new Set([...freeSymbols(claim.lhs), ...freeSymbols(claim.rhs)].map((s) => s.name))].filter((n) => !this.known(n)),
      (n) => this.known(n), (n) => this.name(n));
    if (misspelt !== undefined) return { status: 'unchecked', reason: misspelt };

    // Each side's names are found once: every check below asks about them.
    const sides = this.inlined(claim);
    const invalid = sides.names.find((n) => this.invalid.has(n));
    if (invalid !== undefined) return { status: 'unchecked', ...because(msg('reason.no-value', { name: this.name(invalid), why: this.invalid.get(invalid)! })) };
    // A number claim is about the document's values; with names that have none it is an identity (`\cosh^2 x - \sinh^2 x = 1`).
    const valued = sides.lhsNames.every((n) => this.values.has(n));
    if (claim.rhsNumberText !== undefined && valued) return this.numberVerdict(claim, sides, claim.rhsNumberText, holds);
    if (simplify(sub(sides.lhs, sides.rhs)) === ZERO) return holds({ status: 'verified', ...because(msg('reason.proved', {})) });
    return this.pointsVerdict(claim, sides, holds);
  }

  /** A claim's two sides with every definition substituted, and the names each then holds. */
  private inlined(claim: Claim): InlinedSides {
    const lhs = this.graph.inline(claim.lhs);
    const rhs = this.graph.inline(claim.rhs);
    const lhsNames = freeSymbols(lhs).map((s) => s.name);
    const rhsNames = freeSymbols(rhs).map((s) => s.name);
    return { lhs, rhs, lhsNames, rhsNames, names: [...new Set([...lhsNames, ...rhsNames])] };
  }

  /** The value of an expression in inputs at the document's values; undefined when a name has none or it does not evaluate. */
  private atValues(e: Expr, names: readonly string[] = freeSymbols(e).map((s) => s.name)): number | undefined {
    if (!names.every((n) => this.values.has(n))) return undefined;
    try {
      return compile([e], names)(names.map((n) => this.values.get(n)!))[0];
    } catch (err) {
      if (err instanceof NablaError) return undefined;
      throw err;
    }
  }

  /** A name the document gives a meaning: defined, or an input with a value. */
  private known(name: string): boolean {
    return this.graph.isDefined(name) || this.values.has(name);
  }

  /** A number claim: the left side at the document's values, to the precision the number is written with. */
  private numberVerdict(claim: Claim, sides: InlinedSides, written: string, holds: Holds): Verdict {
    const l = compile([sides.lhs], sides.lhsNames)(sides.lhsNames.map((n) => this.values.get(n)!))[0]!;
    const r = compile([sides.rhs], [])([])[0]!;
    const lhsSpread = this.spread(claim, 'lhs');
    // Digits beyond double precision compare to double precision (π written to 20 digits is π).
    // A left side computed from rounded numbers (`(0.4750 - 1) \times 0.1974`) carries their uncertainty too.
    // Floating point's own loss evaluating the left side there (cancellation near a removable singularity) is no disagreement.
    const lost = roundoffBound(sides.lhs, new Map(sides.lhsNames.map((n) => [n, this.values.get(n)!]))) ?? 0;
    const tolerance = Math.max(writtenPrecision(written) * (1 + 1e-9) + lhsSpread + lost, 4 * Number.EPSILON * Math.max(Math.abs(l), Math.abs(r)));
    if (Math.abs(l - r) <= tolerance) return holds({ status: 'verified', ...because(msg('reason.agrees-written', { written: written.trim() })), lhs: l, rhs: r });
    return { status: 'refuted', ...because(msg('reason.left-side-is', { value: show(l), written })), lhs: l, rhs: r };
  }

  /**
   * An expression claim the simplifier could not prove. Names with a value
   * in the document keep it and the others are sampled: a difference there
   * refutes the claim, at the student's own values when every name has one.
   * When it holds, the valued names are varied too, only to say whether it
   * holds in general or just at the given values (and under what condition).
   */
  private pointsVerdict(claim: Claim, sides: InlinedSides, holds: Holds): Verdict {
    const names = sides.names;
    const fn = compile([sides.lhs, sides.rhs], names);
    const seed = 0x5eed + claim.span.offset;
    const allValued = names.every((n) => this.values.has(n));
    // Rounded numbers only widen the comparison at the document's own values, where every name is fixed.
    const slack = allValued ? this.spread(claim, 'lhs') + this.spread(claim, 'rhs') : 0;
    const given = this.tryPoints(fn, names, seed, false, slack, sides);
    if (given.refuted) return given.refuted;
    if (given.evaluated < MIN_POINTS && !(given.evaluated > 0 && allValued)) {
      return { status: 'unchecked', ...because(msg('reason.undecided', {})) };
    }
    if (names.length === 0 || !names.some((n) => this.values.has(n))) {
      return holds({ status: 'verified', ...because(names.length === 0 ? msg('reason.numbers-agree', {}) : msg('reason.random-points', { count: given.evaluated })) });
    }
    // A numeric step (`a b = 2 \cdot 3`): one side is the other with the values put in.
    const numericSide = sides.lhsNames.length === 0 || sides.rhsNames.length === 0;
    if (numericSide && allValued) return holds({ status: 'verified', ...because(msg('reason.given-values', {})) });
    const varied = this.tryPoints(fn, names, seed, true, 0, sides);
    if (varied.refuted === undefined && varied.evaluated >= MIN_POINTS) return holds({ status: 'verified', ...because(msg('reason.random-points', { count: varied.evaluated })) });
    const valued = names.filter((n) => this.values.has(n));
    const at = valued.map((n) => names.indexOf(n));
    const condition = findCondition({
      names: valued, values: valued.map((n) => this.values.get(n)!), written: (n) => this.name(n), rand: random(seed + 1),
      agrees: (point) => {
        const full = names.map((n) => this.values.get(n) ?? 1);
        at.forEach((j, i) => { full[j] = point[i]!; });
        return agreesAt(fn, full);
      },
    });
    return holds({ status: 'verified', ...because(condition === undefined ? msg('reason.holds-given', {}) : msg('reason.holds-given-if', { condition })) });
  }

  /**
   * How far a side may be from its exact value because of the rounded
   * numbers written in it, at the document's values (0 when the claim
   * carries no side texts or the side has no rounded number).
   */
  private spread(claim: Claim, side: 'lhs' | 'rhs'): number {
    if (claim.sides === undefined) return 0;
    const read = claim.sides.notation === 'latex' ? parseLatex : parseExpression;
    // The spread only widens a comparison: a side text that does not read again gives none, never a failed check.
    const evaluate = (text: string): number | undefined => {
      try {
        return this.atValues(this.graph.inline(read(text)));
      } catch {
        return undefined;
      }
    };
    return roundingSpread(claim.sides[side], evaluate);
  }

  /**
   * Try the claim at seeded points: with `vary` false, every valued name at
   * its value (the first point is the document's own); with `vary` true,
   * valued names near their values. Points where a side does not evaluate
   * (outside a domain, overflow) are skipped.
   */
  private tryPoints(fn: ReturnType<typeof compile>, names: readonly string[], seed: number, vary: boolean, slack: number, sides: InlinedSides): { evaluated: number; refuted?: Verdict } {
    const rand = random(seed);
    const fixed = !vary && names.every((n) => this.values.has(n));
    const tries = fixed ? 1 : CLAIM_POINTS * 3;
    let evaluated = 0;
    // When the usual regions find too few points inside the domain (log(x − 50)), wider ones are tried before "undecided".
    for (let k = 0; k < 2 * tries && evaluated < CLAIM_POINTS; k++) {
      if (k >= tries && evaluated >= MIN_POINTS) break;
      const point = names.map((n) => {
        const v = this.values.get(n);
        if (v === undefined) return k < tries ? sampleValue(rand, k) : wideValue(rand, k);
        return vary && k > 0 ? nearValue(rand, v) : v;
      });
      const agrees = agreesAt(fn, point, slack, { sides: [sides.lhs, sides.rhs], names });
      if (agrees === undefined) continue;
      evaluated++;
      if (!agrees) {
        const [l, r] = fn(point);
        const counterexample = Object.fromEntries(names.map((n, i) => [this.name(n), point[i]!]));
        return { evaluated, refuted: { status: 'refuted', ...because(msg('reason.sides-differ', {})), lhs: l, rhs: r, counterexample } };
      }
    }
    return { evaluated };
  }
}

type Verdict = Omit<ClaimResult, 'line' | 'column' | 'text'>;

/** A reason as a message and its English, the two fields of a result. */
export function because(message: Message): { reason: string; message: Message } {
  return { reason: say(message, 'en'), message };
}

interface InlinedSides {
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly lhsNames: readonly string[];
  readonly rhsNames: readonly string[];
  /** Both sides' names, once each, left side first. */
  readonly names: readonly string[];
}

/** The two sides as expressions, and the names of a point: what a rounding-error bound needs. */
interface ExactSides {
  readonly sides: readonly [Expr, Expr];
  readonly names: readonly string[];
}

/**
 * Whether the two compiled sides agree at a point (to 1e-9 relative, or
 * within what floating point may lose evaluating them there, as near a
 * removable singularity); undefined where a side does not evaluate.
 */
function agreesAt(fn: ReturnType<typeof compile>, point: readonly number[], slack = 0, exact?: ExactSides): boolean | undefined {
  let out: Float64Array;
  try {
    out = fn(point);
  } catch {
    return undefined;
  }
  const [l, r] = [out[0]!, out[1]!];
  if (Math.abs(l - r) <= Math.max(1e-9 * Math.max(1, Math.abs(l), Math.abs(r)), slack)) return true;
  if (exact === undefined) return false;
  const at = new Map(exact.names.map((n, i) => [n, point[i]!]));
  const [el, er] = exact.sides.map((side) => roundoffBound(side, at));
  return el !== undefined && er !== undefined && Math.abs(l - r) <= el + er;
}
/**
 * A refuted matrix claim that is the transpose of the truth: `transposed`.
 * It explains the whole claim, where an entry's own diagnosis (w[1,2]
 * written for w[2,1]) explains one entry, so the entry's codes follow in
 * `also`.
 */
function withTransposed(result: ClaimResult): ClaimResult {
  const d = result.diagnosis;
  const transposed = choose([{ code: 'transposed', key: 'transposed', params: {} }])!;
  const also = d === undefined ? [] : [d.code, ...(d.also ?? [])].filter((c) => c !== 'transposed');
  return { ...result, diagnosis: { ...transposed, ...(also.length > 0 ? { also } : {}) } };
}

/** Turns a verdict that holds into "unchecked" when it holds only because a dependency is missing. */
type Holds = (verdict: Verdict) => Verdict;

/** Check every claim of a system (formula-file claims). */
export function checkSystemClaims(system: System): ClaimResult[] {
  const checker = new ClaimChecker(system);
  return system.claims.map((c) => checker.check(c));
}
