/**
 * Checking hand calculations (SPEC §5). Each claim `LHS = RHS` is verified,
 * refuted (with the point where the sides differ) or left unchecked with the
 * reason. Expression claims are proved symbolically when the difference of
 * the two sides, every definition substituted, simplifies to 0; otherwise
 * they are compared at many seeded random points of the inputs. Number
 * claims are compared to the precision they were written with.
 */

import { type Deriv, type Expr, ZERO } from '../expr/node.ts';
import { sub } from '../expr/canonical.ts';
import { children, freeSymbols } from '../expr/walk.ts';
import type { ClaimElement } from '../expr/indexed.ts';
import { NablaError } from '../errors.ts';
import { compile } from '../numeric/compile.ts';
import { simplify } from '../simplify/simplify.ts';
import { NodeDerivatives } from '../graph/node-derivative.ts';
import { inputValues, type System } from '../graph/system.ts';
import type { Claim } from '../parse/statement.ts';
import { seededRandom as random } from '../numeric/random.ts';

export type ClaimStatus = 'verified' | 'refuted' | 'unchecked';

export interface ClaimResult {
  readonly line: number;
  readonly column: number;
  /** The claim as written. */
  readonly text: string;
  readonly status: ClaimStatus;
  /** Why unchecked, or how it was verified or refuted. */
  readonly reason?: string;
  /** Values of the two sides (at the inputs, or at the counterexample). */
  readonly lhs?: number;
  readonly rhs?: number;
  /** Where the two sides differ, for a refuted expression claim. */
  readonly counterexample?: Readonly<Record<string, number>>;
}

export type { Claim } from '../parse/statement.ts';

/** Random points tried for an expression claim. */
export const CLAIM_POINTS = 24;
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

/**
 * Half a unit in the last written digit of a number literal: `0.0822` → 5e-5,
 * `3` → 0.5, `1.5e-3` → 5e-5.
 */
export function writtenPrecision(text: string): number {
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!m) return 0;
  const decimals = (m[2] ?? '').length;
  const exp = Number(m[3] ?? 0);
  return 0.5 * 10 ** (exp - decimals);
}

const show = (x: number): number => Number(x.toPrecision(12));

export class ClaimChecker {
  private readonly graph: NodeDerivatives;
  private readonly values: Map<string, number>;

  constructor(readonly system: System) {
    this.graph = new NodeDerivatives(system);
    this.values = inputValues(system);
  }

  check(claim: Claim): ClaimResult {
    if (claim.elements !== undefined) return this.checkEntries(claim, claim.elements);
    const base = { line: claim.span.line, column: claim.span.column, text: claim.text };
    try {
      return { ...base, ...this.verdict(claim) };
    } catch (err) {
      if (err instanceof NablaError) return { ...base, status: 'unchecked', reason: err.message };
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
      return { ...first.result, reason: `entry ${first.entry.label}: ${first.result.reason ?? first.result.status}` };
    }
    const reasons = [...new Set(results.map((r) => (r.result.reason ?? '').replace(/^agrees to the .* written$/, 'agree to the precision written')))]
      .filter((r) => r !== '');
    return {
      line: claim.span.line, column: claim.span.column, text: claim.text, status: 'verified',
      reason: `all ${entries.length} entries: ${reasons.join('; ')}`,
    };
  }

  private name(n: string): string {
    return this.system.written.get(n) ?? n;
  }

  private verdict(claim: Claim): Omit<ClaimResult, 'line' | 'column' | 'text'> {
    const derivs = [...derivativesIn(claim.lhs), ...derivativesIn(claim.rhs)];
    // A derivative of something never defined cannot be checked (E_o1 in the notes).
    const undefinedNames = [...new Set(derivs.flatMap((d) => (d.of.kind === 'sym' && d.of !== d.wrt && !this.graph.isDefined(d.of.name) ? [this.name(d.of.name)] : [])))];
    if (undefinedNames.length > 0) {
      const list = undefinedNames.length === 1 ? undefinedNames[0]! : `${undefinedNames.slice(0, -1).join(', ')} and ${undefinedNames.at(-1)!}`;
      return { status: 'unchecked', reason: `${list} ${undefinedNames.length === 1 ? 'is' : 'are'} not defined` };
    }
    // Derivatives that are 0 only because the definitions never connect the two names.
    const missing = derivs.filter((d) => d.of.kind === 'sym' && d.of !== d.wrt && !this.graph.dependsOn(d.of.name, d.wrt.name));
    const missingReason = (): string => {
      const d = missing[0]!;
      return `holds only because d(${this.name((d.of as { name: string }).name)})/d(${this.name(d.wrt.name)}) is 0 here: ${this.name((d.of as { name: string }).name)} is not defined in terms of ${this.name(d.wrt.name)}`;
    };

    const lhs = this.graph.inline(claim.lhs);
    const rhs = this.graph.inline(claim.rhs);

    if (claim.rhsNumberText !== undefined) {
      const names = freeSymbols(lhs).map((s) => s.name);
      const unknown = names.filter((n) => !this.values.has(n));
      if (unknown.length > 0) return { status: 'unchecked', reason: `${unknown.map((n) => this.name(n)).join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no value` };
      const l = compile([lhs], names)(names.map((n) => this.values.get(n)!))[0]!;
      const r = compile([rhs], [])([])[0]!;
      const tolerance = writtenPrecision(claim.rhsNumberText) * (1 + 1e-9);
      if (Math.abs(l - r) <= tolerance) {
        return missing.length > 0 ? { status: 'unchecked', reason: missingReason(), lhs: l, rhs: r } : { status: 'verified', reason: `agrees to the ${claim.rhsNumberText.replace(/^[-+]/, '')} written`, lhs: l, rhs: r };
      }
      return { status: 'refuted', reason: `the left side is ${show(l)}, not ${claim.rhsNumberText}`, lhs: l, rhs: r };
    }

    if (simplify(sub(lhs, rhs)) === ZERO) {
      return missing.length > 0 ? { status: 'unchecked', reason: missingReason() } : { status: 'verified', reason: 'proved symbolically' };
    }

    const names = [...new Set([...freeSymbols(lhs), ...freeSymbols(rhs)].map((s) => s.name))];
    const fn = compile([lhs, rhs], names);
    const rand = random(0x5eed + claim.span.offset);
    let evaluated = 0;
    for (let k = 0; k < CLAIM_POINTS * 3 && evaluated < CLAIM_POINTS; k++) {
      // Near the given values (within ±50 %), or in [0.3, 3] for names with none: away from 0 and from domain edges.
      // The first point is the document's own values, so a counterexample is the user's case when it can be.
      const point = names.map((n) => {
        const v = this.values.get(n);
        if (k === 0 && v !== undefined) return v;
        return v !== undefined && v !== 0 ? v * (0.5 + rand()) : v === 0 ? rand() - 0.5 : 0.3 + 2.7 * rand();
      });
      let out: Float64Array;
      try {
        out = fn(point);
      } catch {
        continue;
      }
      evaluated++;
      const [l, r] = [out[0]!, out[1]!];
      if (Math.abs(l - r) > 1e-9 * Math.max(1, Math.abs(l), Math.abs(r))) {
        return {
          status: 'refuted',
          reason: 'the two sides differ',
          lhs: l,
          rhs: r,
          counterexample: Object.fromEntries(names.map((n, i) => [this.name(n), point[i]!])),
        };
      }
    }
    if (evaluated < MIN_POINTS) return { status: 'unchecked', reason: 'the two sides could not be evaluated at enough points' };
    if (missing.length > 0) return { status: 'unchecked', reason: missingReason() };
    return { status: 'verified', reason: `agrees at ${evaluated} random points` };
  }
}

/** Check every claim of a system (formula-file claims). */
export function checkSystemClaims(system: System): ClaimResult[] {
  const checker = new ClaimChecker(system);
  return system.claims.map((c) => checker.check(c));
}
