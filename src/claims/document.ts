/**
 * Claims in a whole document (SPEC §5): a formula file's `claim` lines, or
 * every equation of a Markdown/LaTeX document. In a document the
 * definitions (`name = expr`) are gathered from the whole text first, then
 * every other equation is a claim; a chain `a = b = c` claims each
 * neighbouring pair; an identical repeated definition is fine and a
 * conflicting one is a claim against the first. Nothing is skipped
 * silently: an equation that does not parse, or that holds an ellipsis, is
 * an unchecked claim with the reason.
 */

import type { Expr } from '../expr/expr.ts';
import type { Span } from '../errors.ts';
import { extractMath, isDocumentFile } from '../parse/document.ts';
import { parseLatexEquations, type LatexEquation } from '../parse/latex.ts';
import { parseFile } from '../parse/parse.ts';
import { simplify } from '../simplify/simplify.ts';
import { buildSystem, type System, type SystemStatement } from '../graph/system.ts';
import { ClaimChecker, type Claim, type ClaimResult } from './check.ts';

export interface DefinitionEntry {
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly name: string;
  /** A repeat of an earlier, identical definition. */
  readonly repeated: boolean;
}

/** Math that is not an equation (`$w_5$`, `$x \rightarrow y$`): listed, not checked. */
export interface SkippedEntry {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

export interface ClaimsReport {
  readonly claims: readonly ClaimResult[];
  readonly definitions: readonly DefinitionEntry[];
  readonly skipped: readonly SkippedEntry[];
  /** The system the claims were checked against. */
  readonly system: System;
}

export interface CheckOptions {
  /** `document` for Markdown/LaTeX, `formula` for the ASCII format; default from the file name, else by content. */
  readonly kind?: 'document' | 'formula';
  readonly fileName?: string;
}

const NUMBER_LITERAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Decide how to read a text: by file name, else by whether it holds LaTeX math. */
export function documentKind(text: string, fileName?: string): 'document' | 'formula' {
  if (fileName !== undefined) return isDocumentFile(fileName) ? 'document' : 'formula';
  return /\$|\\\[|\\begin\{/.test(text) ? 'document' : 'formula';
}

/** Check every claim of a formula file or a document. */
export function checkClaims(text: string, options: CheckOptions = {}): ClaimsReport {
  const kind = options.kind ?? documentKind(text, options.fileName);
  return kind === 'document' ? checkDocument(text) : checkFormulaFile(text);
}

function checkFormulaFile(text: string): ClaimsReport {
  const parsed = parseFile(text);
  const system = buildSystem(parsed.statements as readonly SystemStatement[], text, parsed.errors);
  if (system.errors.length > 0) throw system.errors[0]!.withSource(text);
  const checker = new ClaimChecker(system);
  return { claims: system.claims.map((c) => checker.check(c)), definitions: [], skipped: [], system };
}

interface PendingClaim {
  readonly claim?: Claim;
  /** Set when the claim is unchecked before any checking (parse error, ellipsis). */
  readonly unchecked?: { readonly span: Span; readonly text: string; readonly reason: string };
}

function checkDocument(text: string): ClaimsReport {
  const equations: LatexEquation[] = [];
  for (const block of extractMath(text)) {
    equations.push(...parseLatexEquations(block.tex, { ...block.start, source: text }));
  }

  const statements: SystemStatement[] = [];
  const firstDefinition = new Map<string, Expr>();
  const definitions: DefinitionEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const pending: PendingClaim[] = [];

  const claimBetween = (eq: LatexEquation, i: number): Claim => {
    const lhsSpan = eq.sideSpans[i] ?? eq.span;
    const rhsText = eq.sideTexts[i + 1] ?? '';
    return {
      lhs: eq.sides[i]!,
      rhs: eq.sides[i + 1]!,
      text: eq.sides.length === 2 ? eq.text : `${eq.sideTexts[i]} = ${rhsText}`,
      span: lhsSpan,
      rhsNumberText: NUMBER_LITERAL.test(rhsText) ? rhsText.trim() : undefined,
    };
  };

  for (const eq of equations) {
    if (eq.error) {
      pending.push({ unchecked: { span: eq.span, text: eq.text, reason: eq.error.message } });
      continue;
    }
    if (eq.sides.length < 2) {
      skipped.push({ line: eq.span.line, column: eq.span.column, text: eq.text });
      continue;
    }
    if (eq.ellipsis) {
      pending.push({ unchecked: { span: eq.span, text: eq.text, reason: 'contains an ellipsis (\\dots): the terms it stands for are not written out' } });
      continue;
    }
    const head = eq.sides[0]!;
    let from = 0;
    if (head.kind === 'sym') {
      const rhs = eq.sides[1]!;
      const earlier = firstDefinition.get(head.name);
      if (earlier === undefined) {
        firstDefinition.set(head.name, rhs);
        statements.push({ kind: 'define', name: head.name, written: head.name, expr: rhs, span: eq.span });
        definitions.push({ line: eq.span.line, column: eq.span.column, text: eq.text, name: head.name, repeated: false });
        from = 1;
      } else if (earlier === rhs || simplify(earlier) === simplify(rhs)) {
        definitions.push({ line: eq.span.line, column: eq.span.column, text: eq.text, name: head.name, repeated: true });
        from = 1;
      }
      // A conflicting redefinition stays a claim: name = new right side, checked against the first.
    }
    for (let i = from; i + 1 < eq.sides.length; i++) pending.push({ claim: claimBetween(eq, i) });
  }

  const system = buildSystem(statements, text);
  const checker = new ClaimChecker(system);
  const claims: ClaimResult[] = system.errors.map((e) => unchecked(e.span, '', e.message));
  for (const p of pending) {
    if (p.unchecked) claims.push(unchecked(p.unchecked.span, p.unchecked.text, p.unchecked.reason));
    else claims.push(checker.check(p.claim!));
  }
  claims.sort((a, b) => a.line - b.line || a.column - b.column);
  return { claims, definitions, skipped, system };
}

function unchecked(span: Span | undefined, text: string, reason: string): ClaimResult {
  return { line: span?.line ?? 1, column: span?.column ?? 1, text, status: 'unchecked', reason };
}
