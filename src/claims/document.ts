/**
 * Claims in a whole document (SPEC §5): a formula file's `claim` lines, or
 * every equation of a Markdown/LaTeX document. In a document the
 * definitions (`name = expr`) are gathered from the whole text first, then
 * every other equation is a claim; a chain `a = b = c` claims each
 * neighbouring pair; an identical repeated definition is fine and a
 * conflicting one is a claim against the first. Nothing is skipped
 * silently: an equation that does not parse, or that holds an ellipsis, is
 * an unchecked claim with the reason.
 *
 * Matrices (SPEC §7): a `bmatrix` literal defining a name anywhere in the
 * document (`x = \begin{bmatrix} … \end{bmatrix}`), or a shape (`x \in
 * \mathbb{R}^{4 \times 4}` alone in its math), makes that name a matrix
 * everywhere in it, so `x_{11}` reads as the element `x[1,1]`. Such a
 * definition defines each entry that is not the element itself, and a claim
 * between matrices compares them entry by entry.
 */

import { type Expr, sym } from '../expr/node.ts';
import { describeShape, elementName, indicesOf, isMatrix, parseElementName, sameShape, type Matrix, type Shape, type Value } from '../expr/indexed.ts';
import type { Span } from '../errors.ts';
import { extractMath, isDocumentFile, type MathBlock } from '../parse/document.ts';
import { canonicalName } from '../expr/names.ts';
import { latexMatrixShapes, latexSubscriptedNames, parseLatexEquations, type LatexEquation } from '../parse/latex.ts';
import type { IndexScope } from '../parse/lower.ts';
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
  return kind === 'document' ? checkDocument(text, /\.(tex|latex)$/i.test(options.fileName ?? '')) : checkFormulaFile(text);
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

/** The matrix name whose elements a matrix holds, in order (`net` for [[net[1,1], …]]), or undefined. */
function wholeName(m: Matrix): string | undefined {
  const first = m.entries[0];
  const base = first?.kind === 'sym' ? parseElementName(first.name)?.base : undefined;
  if (base === undefined) return undefined;
  const indices = indicesOf(m.dims);
  return m.entries.every((e, k) => e === sym(elementName(base, indices[k]!))) ? base : undefined;
}

/** One `x \in \mathbb{R}^{4 \times 4}` (or `\mathbb{R}^{3}`): a name and its shape. */
const SHAPE = /^\s*(\\?[A-Za-z]+|\\mathrm\{[A-Za-z]+\})\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{?\s*(\d+)\s*(?:(?:\\times|\u00d7|x)\s*(\d+)\s*)?\}?\s*[.,]?\s*$/;

/** The shapes a math block declares when it holds only `x \in \mathbb{R}^{m \times n}` statements (separated by `,` or `\quad`). */
function declaredShapes(tex: string): { name: string; dims: Shape }[] | undefined {
  const parts = tex.split(/,|\\q?quad\b/).filter((p) => p.trim() !== '');
  const out: { name: string; dims: Shape }[] = [];
  for (const part of parts) {
    const m = SHAPE.exec(part);
    if (!m) return undefined;
    const name = canonicalName(m[1]!.replace(/^\\mathrm\{(.*)\}$/, '$1').replace(/^\\/, ''));
    out.push({ name, dims: m[3] === undefined ? [Number(m[2])] : [Number(m[2]), Number(m[3])] });
  }
  return out.length > 0 && out.every((d) => d.dims.every((k) => k >= 1)) ? out : undefined;
}

function checkDocument(text: string, texComments: boolean): ClaimsReport {
  const blocks = extractMath(text, texComments);
  // Matrices first: once `x = \begin{bmatrix}…\end{bmatrix}` is anywhere in the document, `x_{11}` is x[1,1] everywhere.
  const shapes = new Map<string, Shape>();
  const declarations = new Map<MathBlock, { name: string; dims: Shape }[]>();
  for (const block of blocks) {
    const declared = declaredShapes(block.tex);
    if (declared !== undefined) declarations.set(block, declared);
    for (const { name, dims } of declared ?? []) if (!shapes.has(name)) shapes.set(name, dims);
  }
  for (const block of blocks) for (const [name, dims] of latexMatrixShapes(block.tex)) if (!shapes.has(name)) shapes.set(name, dims);
  const scope: IndexScope = { shapeOf: (name) => shapes.get(name), subscripted: latexSubscriptedNames(blocks.map((b) => b.tex)) };
  const equations: LatexEquation[] = [];
  const definitions: DefinitionEntry[] = [];
  for (const block of blocks) {
    const declared = declarations.get(block);
    if (declared === undefined) equations.push(...parseLatexEquations(block.tex, { ...block.start, source: text }, scope));
    else for (const d of declared) definitions.push({ line: block.start.line, column: block.start.column, text: block.tex.trim(), name: d.name, repeated: false });
  }

  const statements: SystemStatement[] = [];
  for (const [name, dims] of shapes) statements.push({ kind: 'shape', name, written: name, dims, span: { line: 1, column: 1, offset: 0, length: 1 } });
  const firstDefinition = new Map<string, Expr>();
  const skipped: SkippedEntry[] = [];
  const pending: PendingClaim[] = [];

  const claimBetween = (eq: LatexEquation, i: number): PendingClaim => {
    const lhsSpan = eq.sideSpans[i] ?? eq.span;
    const rhsText = eq.sideTexts[i + 1] ?? '';
    const text = eq.values.length === 2 ? eq.text : `${eq.sideTexts[i]} = ${rhsText}`;
    const lhs = eq.values[i]!;
    const rhs = eq.values[i + 1]!;
    if (!isMatrix(lhs) && !isMatrix(rhs)) {
      return { claim: { lhs, rhs, text, span: lhsSpan, rhsNumberText: NUMBER_LITERAL.test(rhsText) ? rhsText.trim() : undefined } };
    }
    if (!isMatrix(lhs) || !isMatrix(rhs) || !sameShape(lhs.dims, rhs.dims)) {
      const note = isMatrix(lhs) !== isMatrix(rhs) ? ' (a product of matrices is taken entry by entry here)' : '';
      return { unchecked: { span: lhsSpan, text, reason: `the two sides have different shapes: ${describeShape(lhs)} and ${describeShape(rhs)}${note}` } };
    }
    const texts = eq.entryTexts?.[i + 1];
    const elements = indicesOf(lhs.dims).map((index, k) => {
      const written = texts?.[k];
      return {
        label: `[${index.join(',')}]`, lhs: lhs.entries[k]!, rhs: rhs.entries[k]!,
        ...(written !== undefined && NUMBER_LITERAL.test(written) ? { rhsNumberText: written.trim() } : {}),
      };
    });
    return { claim: { lhs: elements[0]!.lhs, rhs: elements[0]!.rhs, text, span: lhsSpan, elements } };
  };

  /** `name = value` as definitions: true when it defines (or repeats a definition), false when it is a claim. */
  const define = (eq: LatexEquation, head: Value, value: Value): boolean => {
    if (!isMatrix(head)) {
      if (head.kind !== 'sym' || isMatrix(value)) return false;
      const earlier = firstDefinition.get(head.name);
      if (earlier === undefined) {
        firstDefinition.set(head.name, value);
        statements.push({ kind: 'define', name: head.name, written: head.name, expr: value, span: eq.span });
        definitions.push({ line: eq.span.line, column: eq.span.column, text: eq.text, name: head.name, repeated: false });
        return true;
      }
      if (earlier === value || simplify(earlier) === simplify(value)) {
        definitions.push({ line: eq.span.line, column: eq.span.column, text: eq.text, name: head.name, repeated: true });
        return true;
      }
      // A conflicting redefinition stays a claim: name = new right side, checked against the first.
      return false;
    }
    const name = wholeName(head);
    if (name === undefined || !isMatrix(value) || !sameShape(head.dims, value.dims)) return false;
    // Each entry that is not the element itself defines that element.
    const entries = head.entries.flatMap((e, k) => (value.entries[k] === e || e.kind !== 'sym' ? [] : [{ name: e.name, expr: value.entries[k]! }]));
    const earlier = entries.map((d) => firstDefinition.get(d.name));
    if (entries.length > 0 && earlier.every((d) => d === undefined)) {
      for (const d of entries) {
        firstDefinition.set(d.name, d.expr);
        statements.push({ kind: 'define', name: d.name, written: d.name, expr: d.expr, span: eq.span });
      }
      definitions.push({ line: eq.span.line, column: eq.span.column, text: eq.text, name, repeated: false });
      return true;
    }
    const same = entries.every((d, k) => earlier[k] !== undefined && (earlier[k] === d.expr || simplify(earlier[k]!) === simplify(d.expr)));
    if (same) {
      // A literal of the elements themselves only declares the shape; a repeat changes nothing.
      definitions.push({ line: eq.span.line, column: eq.span.column, text: eq.text, name, repeated: entries.length > 0 });
      return true;
    }
    return false;
  };

  for (const eq of equations) {
    if (eq.error) {
      pending.push({ unchecked: { span: eq.span, text: eq.text, reason: eq.error.message } });
      continue;
    }
    if (eq.values.length < 2) {
      skipped.push({ line: eq.span.line, column: eq.span.column, text: eq.text });
      continue;
    }
    if (eq.ellipsis) {
      pending.push({ unchecked: { span: eq.span, text: eq.text, reason: 'contains an ellipsis (\\dots): the terms it stands for are not written out' } });
      continue;
    }
    // `net = [net_{11} … ] = [w_{11}x_{11} + … ]`: the literal of the elements only restates the name.
    const head = eq.values[0]!;
    const name = isMatrix(head) ? wholeName(head) : undefined;
    let next = 1;
    while (name !== undefined && next + 1 < eq.values.length && isMatrix(eq.values[next]!) && wholeName(eq.values[next] as Matrix) === name) next++;
    const from = define(eq, head, eq.values[next]!) ? next : 0;
    for (let i = from; i + 1 < eq.values.length; i++) pending.push(claimBetween(eq, i));
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
