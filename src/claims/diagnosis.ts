/**
 * The shape of a diagnosis (SPEC §14): the codes in their order of
 * precedence, what an explanation finds, and what it may ask about a
 * refuted claim. Types only, so the explanation tables and the runner
 * (diagnose.ts) share them without a circle.
 */

import type { Expr } from '../expr/node.ts';
import type { NodeDerivatives } from '../graph/node-derivative.ts';
import type { System } from '../graph/system.ts';
import type { Claim } from '../parse/statement.ts';
import type { DiagnosisMessageKey, MessageParams } from './diagnosis-messages.ts';
import type { TestPoints } from './diagnosis-points.ts';

/** The codes, in their order of precedence. */
export const DIAGNOSIS_CODES = [
  'wrong-rule', 'missing-factor', 'extra-factor', 'wrong-name', 'carried', 'rounding',
  'sign', 'constant-factor', 'order-of-magnitude', 'additive-constant', 'transposed',
] as const;

export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

export interface Diagnosis {
  readonly code: DiagnosisCode;
  /** The sentence, in English: `key` with `params` filled in. */
  readonly message: string;
  readonly key: DiagnosisMessageKey;
  readonly params: MessageParams;
  /** The other codes that also explain the claim, in order. */
  readonly also?: readonly DiagnosisCode[];
  /** The earlier claim a `carried` error comes from. */
  readonly line?: number;
  /** The value recomputed from the document's own numbers (`rounding`, `carried`). */
  readonly recomputed?: number;
  /** The explanation holds at the document's values, not as an identity (a claim meant at those values). */
  readonly atGivenValues?: true;
}

/** One explanation that holds. */
export interface Finding {
  readonly code: DiagnosisCode;
  readonly key: DiagnosisMessageKey;
  readonly params: MessageParams;
  readonly line?: number;
  readonly recomputed?: number;
}

/** A claim written earlier in the same document, as the later ones may use it. */
export interface EarlierClaim {
  readonly line: number;
  /** The left side as written: a name or a derivative d(A)/d(B) of names. */
  readonly lhs: Expr;
  /** The right side as written (a number claim's number is a `num`). */
  readonly rhs: Expr;
  /** The number written, when the right side is one. */
  readonly number?: { readonly value: number; readonly text: string };
  /** Refuted, else verified (unchecked claims are not kept). */
  readonly refuted: boolean;
}

/** What the explanations may ask about a refuted claim. */
export interface DiagnosisContext {
  readonly graph: NodeDerivatives;
  readonly system: System;
  /** A name as first written (`out_o1` → `out_{o1}`'s key as the document spells it). */
  readonly name: (n: string) => string;
  /** The inputs' values. */
  readonly values: ReadonlyMap<string, number>;
  readonly claim: Claim;
  /** The left side with every definition substituted: the truth. */
  readonly truth: Expr;
  /** The right side with every definition substituted: what is claimed. */
  readonly claimed: Expr;
  /**
   * The right side's value and how far from it a value still agrees to the
   * digits written, for a number claim (a number, or a side of numbers only).
   */
  readonly number?: { readonly value: number; readonly precision: number; readonly text?: string };
  /** Claims before this one, in the order written. */
  readonly earlier: readonly EarlierClaim[];
}

/** A named explanation: its code and a test that gives what it found, or nothing. */
export interface Explanation {
  readonly name: string;
  readonly code: DiagnosisCode;
  readonly explain: (ctx: Diagnosable) => Finding | undefined;
}

/** A context with the test points its expression explanations compare at. */
export interface Diagnosable extends DiagnosisContext {
  readonly points: TestPoints;
}
