/**
 * Claims in a whole text (SPEC §5): a formula file's `claim` lines, or the
 * claims of Markdown/LaTeX notes as parse/notes.ts reads them. The notes'
 * definitions become a system and every claim is checked against it; the
 * system's own problems (a cycle, say) are unchecked claims too, so nothing
 * is dropped silently. Claims are listed in the order written.
 */

import type { Message } from '../messages/message.ts';
import type { NablaError, Span } from '../errors.ts';
import type { Expr } from '../expr/node.ts';
import { documentKind } from '../parse/notation.ts';
import { readNotes, type DefinitionEntry, type SkippedEntry } from '../parse/notes.ts';
import { parseFile } from '../parse/parse.ts';
import type { ClaimStatement, Statement } from '../parse/statement.ts';
import { simplify } from '../simplify/simplify.ts';
import { buildSystem, type System } from '../graph/system.ts';
import { ClaimChecker, type ClaimResult } from './check.ts';
import { checkMatrixClaim } from './matrix-claims.ts';
import { readMatrixNotes, usesMatrixNotation } from '../parse/notes-matrix.ts';

export type { DefinitionEntry, SkippedEntry } from '../parse/notes.ts';

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

export interface NotesOptions {
  /** Read the whole text as math, not only a document's math blocks. */
  readonly wholeText?: boolean;
  /**
   * Build the system for a report of the notes: it also derives every
   * claimed derivative ∂F/∂x of a defined F and holds the claims it checks,
   * so the report shows their chain rules and formulas. The verdicts are
   * the same either way.
   */
  readonly forReport?: boolean;
  /** A LaTeX file: `%` starts a comment anywhere on a line. */
  readonly texComments?: boolean;
}

/** Checked notes, and the equations that did not parse (each also an unchecked claim). */
export interface CheckedNotes extends ClaimsReport {
  readonly errors: readonly NablaError[];
}

/** Check every claim of a formula file or a document. */
export function checkClaims(text: string, options: CheckOptions = {}): ClaimsReport {
  const kind = options.kind ?? documentKind(text, options.fileName);
  if (kind === 'formula') return checkFormulaFile(text);
  const { claims, definitions, skipped, system } = checkNotes(text, { texComments: /\.(tex|latex)$/i.test(options.fileName ?? '') });
  return { claims, definitions, skipped, system };
}

/** Notes in matrix algebra (SPEC §12): their definitions as matrix nodes, each claim compared entry by entry. */
function checkMatrixNotes(text: string, texComments: boolean, wholeText: boolean): ClaimsReport {
  const notes = readMatrixNotes(text, { texComments, wholeText });
  const system = { ...buildSystem([], text), matrix: notes.program };
  const claims: ClaimResult[] = notes.errors.map((e) => unchecked(e.span, '', e.message, e.said));
  for (const c of notes.claims) claims.push(checkMatrixClaim(notes.program, c));
  claims.sort((a, b) => a.line - b.line || a.column - b.column);
  return { claims, definitions: notes.definitions, skipped: notes.skipped, system };
}

function checkFormulaFile(text: string): ClaimsReport {
  const parsed = parseFile(text);
  if (parsed.matrix) {
    if (parsed.errors.length > 0) throw parsed.errors[0]!.withSource(text);
    const program = parsed.matrix;
    return { claims: (parsed.matrixClaims ?? []).map((c) => checkMatrixClaim(program, c)), definitions: [], skipped: [], system: { ...buildSystem([], text), matrix: program } };
  }
  const system = buildSystem(parsed.statements, text, parsed.errors);
  if (system.errors.length > 0) throw system.errors[0]!.withSource(text);
  const checker = new ClaimChecker(system);
  return { claims: system.claims.map((c) => checker.check(c)), definitions: [], skipped: [], system };
}

/** Two right sides define the same thing when they simplify to the same expression. */
const sameValue = (a: Expr, b: Expr): boolean => simplify(a) === simplify(b);

/** Read notes (parse/notes.ts), build their system and check their claims. */
export function checkNotes(text: string, options: NotesOptions = {}): CheckedNotes {
  if (usesMatrixNotation(text)) return { ...checkMatrixNotes(text, options.texComments ?? false, options.wholeText ?? false), errors: [] };
  const notes = readNotes(text, { wholeText: options.wholeText, texComments: options.texComments, sameValue });
  const checked: ClaimStatement[] = notes.claims.flatMap((p) => (p.kind === 'check' ? [{ kind: 'claim', ...p.claim }] : []));
  const statements: Statement[] = options.forReport ? [...notes.statements, ...notes.derives, ...checked] : [...notes.statements];
  const system = buildSystem(statements, text);
  const checker = new ClaimChecker(system);
  const claims: ClaimResult[] = system.errors.map((e) => unchecked(e.span, '', e.message, e.said));
  for (const p of notes.claims) claims.push(p.kind === 'check' ? checker.check(p.claim) : unchecked(p.span, p.text, p.reason, p.message));
  claims.sort((a, b) => a.line - b.line || a.column - b.column);
  return { claims, definitions: notes.definitions, skipped: notes.skipped, system, errors: notes.errors };
}

function unchecked(span: Span | undefined, text: string, reason: string, message: Message | undefined): ClaimResult {
  return { line: span?.line ?? 1, column: span?.column ?? 1, text, status: 'unchecked', reason, ...(message === undefined ? {} : { message }) };
}
