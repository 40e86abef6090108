/**
 * Notes (SPEC §5, §6): a Markdown/LaTeX document, or a bare LaTeX text read
 * whole, turned into what a system is built from and what is claimed in it.
 * `nabla check` and the playground both read notes here, so they agree on
 * every definition and every claim.
 *
 * The definitions (`name = expr`) are gathered from the whole text, then
 * every other equation is a claim; a chain `a = b = c` claims each
 * neighbouring pair; an identical repeated definition is fine and a
 * conflicting one is a claim against the first. Nothing is skipped
 * silently: an equation that does not parse, that holds an ellipsis or
 * whose sides have different shapes is an unchecked claim with the reason;
 * math that is no equation is listed as skipped.
 *
 * Matrices (SPEC §7): a `bmatrix` literal defining a name anywhere
 * (`x = \begin{bmatrix} … \end{bmatrix}`), or a shape (`x \in
 * \mathbb{R}^{4 \times 4}` alone in its math), makes that name a matrix
 * everywhere, so `x_{11}` reads as the element `x[1,1]`. Such a definition
 * defines each entry that is not the element itself, and a claim between
 * matrices compares them entry by entry.
 *
 * Functions (SPEC §6): `f(z) = z^2` anywhere defines f for the whole notes
 * (parse/latex-functions.ts), so `f(3) = 9` is a claim about z^2 at 3 and a
 * later `f(z) = z^3` a claim against the first; when the name is also used
 * alone (`L(w) = (w x - y)^2`, then `\frac{dL}{dw}`), the definition also
 * defines the node L with the body in the notes' own names.
 */

import { msg, say } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import { NablaError, type Span } from '../errors.ts';
import { checkTime } from '../limits.ts';
import { sym, type Expr } from '../expr/node.ts';
import { indicesOf, shapeMessage, isMatrix, sameShape, type Matrix, type Value } from '../expr/indexed.ts';
import { readNumberLiteral } from '../expr/rational.ts';
import { contracted } from './contraction.ts';
import { extractMath, type MathBlock, type UnclosedMath } from './document.ts';
import { latexFunctionDefinitions, latexFunctionNames, latexSubscriptedNames, parseLatexEquations, type LatexEquation } from './latex.ts';
import { FunctionTable } from './function-table.ts';
import { NotesFunctions } from './notes-functions.ts';
import type { IndexScope } from './lower.ts';
import { notesShapes, shapeRefusal, wholeName, type DeclaredShape } from './notes-shapes.ts';
import type { Claim, DefineStatement, DeriveStatement, ShapeStatement } from './statement.ts';

/** A definition as the notes list it. */
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

/** A claim of the notes before checking: one to check, or one unchecked already, with the reason. */
export type PendingClaim =
  | { readonly kind: 'check'; readonly claim: Claim }
  | { readonly kind: 'unchecked'; readonly span: Span; readonly text: string; readonly reason: string; readonly message?: Message };

export interface Notes {
  /** The matrices' shapes, then the definitions in order: what the system is built from. */
  readonly statements: readonly (ShapeStatement | DefineStatement)[];
  readonly definitions: readonly DefinitionEntry[];
  /** In the order written. */
  readonly claims: readonly PendingClaim[];
  readonly skipped: readonly SkippedEntry[];
  /**
   * `derive F wrt x` for every claimed derivative ∂F/∂x of a defined name F
   * by a name x, once each: what a report of the notes shows the chain rule of.
   */
  readonly derives: readonly DeriveStatement[];
  /** The equations that did not parse, with the text attached (each is also an unchecked claim). */
  readonly errors: readonly NablaError[];
}

export interface NotesOptions {
  /** Read the whole text as one block of math (no delimiters needed), not as a document's math blocks. */
  readonly wholeText?: boolean;
  /**
   * Whether two right sides of one name define the same thing, so that the
   * second is a repeat rather than a claim. Without it only the same
   * (interned) expression is; the claims layer passes a comparison that
   * simplifies both sides first.
   */
  readonly sameValue?: (a: Expr, b: Expr) => boolean;
  /** A LaTeX file: `%` starts a comment anywhere on a line, not only at its start (parse/document.ts). */
  readonly texComments?: boolean;
}

const ELLIPSIS = msg('reason.ellipsis', {});

/** Read notes: their definitions, claims and the rest (see the module comment). */
export function readNotes(text: string, options: NotesOptions = {}): Notes {
  const unclosed: UnclosedMath[] = [];
  const blocks: MathBlock[] = options.wholeText ? [{ tex: text, start: { line: 1, column: 1, offset: 0 }, display: true }] : extractMath(text, options.texComments, (u) => unclosed.push(u));
  // Matrices first: once `x = \begin{bmatrix}…\end{bmatrix}` is anywhere, `x_{11}` is x[1,1] everywhere.
  const { shapes, declarations } = notesShapes(blocks);
  // Functions next: `f(3)` anywhere is a call once `f(z) = z^2` is anywhere.
  const mathBlocks = blocks.filter((b) => !declarations.has(b));
  const names = latexFunctionNames(mathBlocks.map((b) => b.tex));
  const definitions = names.size === 0 ? [] : mathBlocks.flatMap((b) => latexFunctionDefinitions(b.tex, { ...b.start, source: text }, names));
  const functions = new FunctionTable(definitions, () => scope);
  // `z_j` under `\sum_j` is z_1, z_2, … when the notes write those names anywhere.
  const scope: IndexScope = {
    shapeOf: (name) => shapes.get(name),
    subscripted: latexSubscriptedNames(blocks.map((b) => b.tex)),
    ...(definitions.length === 0 ? {} : { userFunction: (name: string) => functions.get(name) }),
  };
  const reader = new NotesReader(options.sameValue ?? (() => false), new NotesFunctions(functions, definitions));
  const equations: LatexEquation[] = [];
  for (const block of blocks) {
    checkTime('reading the document');
    const declared = declarations.get(block);
    if (declared === undefined) equations.push(...parseLatexEquations(block.tex, { ...block.start, source: text }, scope));
    else for (const d of declared) reader.declare(block, d, text);
  }
  // A shape may come from anywhere in the notes: its statement points at their start.
  const span: Span = { line: 1, column: 1, offset: 0, length: 1 };
  const shapeStatements: ShapeStatement[] = [...shapes].map(([name, dims]) => ({ kind: 'shape', name, written: name, dims, span }));
  reader.functions.noteNamesUsed(equations);
  for (const u of unclosed) reader.unclosed(u);
  for (const eq of equations) {
    checkTime('reading the document');
    reader.equation(eq, text);
  }
  return reader.read(shapeStatements);
}

/** The reading of one text's equations, in order. */
class NotesReader {
  private readonly defines: DefineStatement[] = [];
  private readonly definitions: DefinitionEntry[] = [];
  private readonly claims: PendingClaim[] = [];
  private readonly skipped: SkippedEntry[] = [];
  private readonly errors: NablaError[] = [];
  private readonly derives: DeriveStatement[] = [];
  private readonly derived = new Set<string>();
  private readonly firstDefinition = new Map<string, Expr>();

  constructor(private readonly sameValue: (a: Expr, b: Expr) => boolean, readonly functions: NotesFunctions) {}

  /** What was read, the matrices' shapes first. */
  read(shapes: readonly ShapeStatement[]): Notes {
    // Derivatives of names that end up undefined cannot be reported: they stay claims only.
    const derives = this.derives.filter((d) => this.firstDefinition.has(d.target));
    const statements = [...shapes, ...this.defines];
    return { statements, definitions: this.definitions, claims: this.claims, skipped: this.skipped, derives, errors: this.errors };
  }

  /** A shape declaration (`x \in \mathbb{R}^{2 \times 2}`) is listed among the definitions; one too large is an unchecked claim. */
  declare(block: MathBlock, declared: DeclaredShape, text: string): void {
    const refusal = shapeRefusal(declared.dims);
    if (refusal !== undefined) {
      const span: Span = { ...block.start, length: Math.max(1, block.tex.trimEnd().length) };
      this.errors.push(new NablaError(refusal, span, text));
      this.claims.push({ kind: 'unchecked', span, text: block.tex.trim(), reason: say(refusal, 'en'), message: refusal });
      return;
    }
    this.definitions.push({ line: block.start.line, column: block.start.column, text: block.tex.trim(), name: declared.name, repeated: false });
  }

  /** An opener never closed is an unchecked claim at the opener, and an error of the notes. */
  unclosed(u: UnclosedMath): void {
    this.errors.push(u.error);
    this.claims.push({ kind: 'unchecked', span: u.error.span!, text: u.text, reason: u.error.message, message: u.error.said });
  }

  equation(eq: LatexEquation, text: string): void {
    const own = this.functions.definedAt(eq.span);
    // A definition's own error is said there, not as "f cannot be used".
    const error = own === undefined ? eq.error : this.functions.problem(own) ?? eq.error;
    if (error) {
      this.errors.push(error.withSource(text));
      this.claims.push({ kind: 'unchecked', span: eq.span, text: eq.text, reason: error.message, message: error.said });
      return;
    }
    if (eq.values.length < 2) {
      this.skipped.push({ line: eq.span.line, column: eq.span.column, text: eq.text });
      return;
    }
    if (eq.ellipsis) {
      this.claims.push({ kind: 'unchecked', span: eq.span, text: eq.text, reason: say(ELLIPSIS, 'en'), message: ELLIPSIS });
      return;
    }
    if (eq.functionCall !== undefined) {
      this.claimChain(eq, own === undefined ? 0 : this.defineFunction(eq, eq.functionCall));
      return;
    }
    // `net = [net_{11} … ] = [w_{11}x_{11} + … ]`: the literal of the elements only restates the name.
    const head = eq.values[0]!;
    const name = isMatrix(head) ? wholeName(head) : undefined;
    let next = 1;
    while (name !== undefined && next + 1 < eq.values.length && isMatrix(eq.values[next]!) && wholeName(eq.values[next] as Matrix) === name) next++;
    this.claimChain(eq, this.define(eq, head, eq.values[next]!) ? next : 0);
  }

  /** The claims between neighbouring sides, from side `from` on. */
  private claimChain(eq: LatexEquation, from: number): void {
    for (let i = from; i + 1 < eq.values.length; i++) {
      const pending = claimBetween(eq, i);
      this.claims.push(pending);
      if (pending.kind === 'check') this.deriveClaimed(pending.claim, eq.span);
    }
  }

  /**
   * `f(z) = z^2`, the function's own definition: listed as a definition;
   * when the name is also used alone (`L(w) = …` and `\frac{dL}{dw}`), it
   * defines the node L too, with the body in the notes' own names. The
   * sides after the body are claims (the index of the first returned).
   */
  private defineFunction(eq: LatexEquation, name: string): number {
    const body = eq.values[1]!;
    if (!this.functions.usedAlone(name) || !this.define(eq, sym(name), body)) this.entry(eq, name, false);
    return 1;
  }

  /** A claimed ∂F/∂x of two names is also derived, so that its chain rule can be shown. */
  private deriveClaimed(claim: Claim, span: Span): void {
    const lhs = claim.lhs;
    if (claim.elements !== undefined || lhs.kind !== 'deriv' || lhs.of.kind !== 'sym') return;
    const key = `${lhs.of.name} ${lhs.wrt.name}`;
    if (this.derived.has(key)) return;
    this.derived.add(key);
    this.derives.push({ kind: 'derive', target: lhs.of.name, wrt: [{ name: lhs.wrt.name, written: lhs.wrt.name, span }], span });
  }

  private same(earlier: Expr, value: Expr): boolean {
    return earlier === value || this.sameValue(earlier, value);
  }

  private entry(eq: LatexEquation, name: string, repeated: boolean): void {
    this.definitions.push({ line: eq.span.line, column: eq.span.column, text: eq.text, name, repeated });
  }

  private defineName(eq: LatexEquation, name: string, expr: Expr): void {
    this.firstDefinition.set(name, expr);
    this.defines.push({ kind: 'define', name, written: name, expr, span: eq.span });
  }

  /** `name = value` as definitions: true when it defines (or repeats a definition), false when it is a claim. */
  private define(eq: LatexEquation, head: Value, value: Value): boolean {
    if (!isMatrix(head)) {
      if (head.kind !== 'sym' || isMatrix(value)) return false;
      const earlier = this.firstDefinition.get(head.name);
      if (earlier === undefined) {
        this.defineName(eq, head.name, value);
        this.entry(eq, head.name, false);
        return true;
      }
      if (this.same(earlier, value)) {
        this.entry(eq, head.name, true);
        return true;
      }
      // A conflicting redefinition stays a claim: name = new right side, checked against the first.
      return false;
    }
    const name = wholeName(head);
    if (name === undefined || !isMatrix(value) || !sameShape(head.dims, value.dims)) return false;
    // Each entry that is not the element itself defines that element.
    const entries = head.entries.flatMap((e, k) => (value.entries[k] === e || e.kind !== 'sym' ? [] : [{ name: e.name, expr: value.entries[k]! }]));
    const earlier = entries.map((d) => this.firstDefinition.get(d.name));
    if (entries.length > 0 && earlier.every((d) => d === undefined)) {
      for (const d of entries) this.defineName(eq, d.name, d.expr);
      this.entry(eq, name, false);
      return true;
    }
    if (entries.every((d, k) => earlier[k] !== undefined && this.same(earlier[k]!, d.expr))) {
      // A literal of the elements themselves only declares the shape; a repeat changes nothing.
      this.entry(eq, name, entries.length > 0);
      return true;
    }
    return false;
  }
}

/** The claim between sides i and i+1 of an equation. */
function claimBetween(eq: LatexEquation, i: number): PendingClaim {
  const span = eq.sideSpans[i] ?? eq.span;
  const rhsText = eq.sideTexts[i + 1] ?? '';
  const text = eq.values.length === 2 ? eq.text : `${eq.sideTexts[i]} = ${rhsText}`;
  const lhs = eq.values[i]!;
  const rhs = eq.values[i + 1]!;
  if (!isMatrix(lhs) && !isMatrix(rhs)) {
    const sides = { lhs: eq.sideTexts[i] ?? '', rhs: rhsText, notation: 'latex' as const };
    return { kind: 'check', claim: { lhs, rhs, text, span, rhsNumberText: readNumberLiteral(rhsText), sides } };
  }
  if (!isMatrix(lhs) && isMatrix(rhs) && eq.contractions?.[i + 1] === true) {
    return { kind: 'check', claim: { lhs, rhs: contracted(rhs) as Expr, text, span, contraction: true } };
  }
  if (!isMatrix(lhs) || !isMatrix(rhs) || !sameShape(lhs.dims, rhs.dims)) {
    const note = isMatrix(lhs) !== isMatrix(rhs) ? msg('reason.shapes-note', {}) : '';
    const message = msg('reason.shapes', { lhs: shapeMessage(lhs), rhs: shapeMessage(rhs), note });
    return { kind: 'unchecked', span, text, reason: say(message, 'en'), message };
  }
  const texts = eq.entryTexts?.[i + 1];
  const elements = indicesOf(lhs.dims).map((index, k) => {
    const written = texts?.[k] === undefined ? undefined : readNumberLiteral(texts[k]!);
    return { label: `[${index.join(',')}]`, lhs: lhs.entries[k]!, rhs: rhs.entries[k]!, ...(written !== undefined ? { rhsNumberText: written } : {}) };
  });
  return { kind: 'check', claim: { lhs: elements[0]!.lhs, rhs: elements[0]!.rhs, text, span, elements } };
}
