/**
 * LaTeX input (SPEC §6): `parseLatex` for one expression, and
 * `parseLatexEquations` for the equations of a math block in lecture notes.
 *
 *   tex ─lexLatex─► tokens with depth ─split─► one token list per equation
 *       ─nearley (grammar/latex.ne)─► sides as LaTeX syntax
 *       ─check─► plain Syntax ─lowerExpression (shared with ASCII)─► Expr
 *
 * A block holds statements separated, outside brackets, by `\Rightarrow`,
 * `\rightarrow`, `\quad`, `\qquad`, `\text{…}`, `,`, `.`, `:`, `;`, a line
 * break `\\`, and by a ` / ` standing alone between breaks or spaced between
 * two equations (`A = B \quad / \quad C = D`, `A = B / C = D`). A statement is a chain `A = B = C` or a
 * bare expression. A line that starts with `=` after `\\` continues the
 * chain above it (`aligned` environments). Trailing `.` and `,` vanish.
 *
 * Invariants:
 * - every failure is a NablaError with a span into the block, or into the
 *   surrounding document when `base` gives the block's position; in
 *   `parseLatexEquations` errors are values, one per equation, and a bad
 *   equation never stops the others;
 * - nearley never sees a problem token, an unbalanced bracket, nesting
 *   deeper than MAX_LATEX_NESTING or more than MAX_LATEX_TOKENS tokens;
 * - nearley's own error report is never built: messages are made here from
 *   the failing token and the terminals that could have come instead;
 * - the grammar is unambiguous: more than one parse is a bug and throws.
 */

import { isContraction } from './contraction.ts';
import nearley from 'nearley';
import compiled from '../../grammar/latex.js';
import { foundParam, NablaError, type Span } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import { assertNever, type Expr } from '../expr/node.ts';
import { isMatrix, shapeMessage, type Shape, type Value } from '../expr/indexed.ts';
import { canonicalName } from '../expr/names.ts';
import { lexLatex, type LatexToken, type LatexTokenType } from './latex-lexer.ts';
import { ELLIPSIS_NAME, type LatexNode } from './latex-syntax.ts';
import { subscriptedNames, withSubscriptedNames } from './latex-names.ts';
import { startsFunctionDefinition, withFunctionCalls } from './latex-functions.ts';
import type { FunctionDefinition } from './function-table.ts';
import { lowerValue, NO_MATRICES, type IndexScope } from './lower.ts';
import { locator, type Locator, type Range, type Syntax } from './syntax.ts';
import { expectedAt, TokenFeed, type NearleyInternals } from './nearley-glue.ts';
import { badMessage, describeExpected, failureMessage, type Outcome } from './latex-messages.ts';

export { ELLIPSIS_NAME } from './latex-syntax.ts';
export { MAX_LATEX_NESTING } from './latex-lexer.ts';

/** Longest math block accepted, in UTF-16 units. */
export const MAX_LATEX_LENGTH = 1024 * 1024;

/** Most tokens in one math block. */
export const MAX_LATEX_TOKENS = 50_000;

/** One statement of a math block. */
export interface LatexEquation {
  /**
   * `A = B = C` gives [A, B, C]; a bare expression gives one side; empty
   * when `error` is set, and when a side is a matrix (see `values`).
   */
  readonly sides: Expr[];
  /** The sides as values: a number or a matrix (`x = \begin{bmatrix} … \end{bmatrix}`, SPEC §7); empty when `error` is set. */
  readonly values: Value[];
  /** The statement as written. */
  readonly text: string;
  readonly span: Span;
  /**
   * True when a side contains an ellipsis (`\dots`, `\cdots`): terms not
   * written out, so the equation cannot be checked. Such a side holds the
   * placeholder name `…` (ELLIPSIS_NAME) where the ellipsis stood.
   */
  readonly ellipsis: boolean;
  readonly error?: NablaError;
  /** Each side as written (a claim compares a number to the precision it was written with). */
  readonly sideTexts: string[];
  /** For a side written as a matrix literal: each entry as written, row-major (the same use). */
  readonly entryTexts?: (readonly string[] | undefined)[];
  /** For each side: a product of two matrices of one shape, which a scalar claim reads as their contraction (contraction.ts). */
  readonly contractions?: boolean[];
  readonly sideSpans: Span[];
  /** The relations between the sides as written: `=`, `\approx` or `≈`. */
  readonly relations: string[];
  /** When the first side is a call of a user function (`f(3) = 9`, `f(z) = z^2`): its canonical name. */
  readonly functionCall?: string;
}

/** Where a math block starts in its document (as `MathBlock.start` of document.ts gives it). */
export interface LatexBase {
  /** 1-based line of the block's first character. */
  readonly line: number;
  /** 1-based column of the block's first character. */
  readonly column: number;
  /** 0-based offset of the block's first character. */
  readonly offset: number;
  /** The whole document, attached to errors for their excerpt; without it they have none until `withSource`. */
  readonly source?: string;
}

/**
 * Parse one LaTeX expression (`\frac{1}{1 + e^{-x}}`) into an expression.
 * Throws a positioned NablaError for anything else: a syntax error, an
 * equation, several statements, an ellipsis, an unsupported construct, a
 * matrix.
 */
export function parseLatex(tex: string): Expr {
  const parts = readBlock(tex, undefined, NO_MATRICES);
  const fail = (message: Message, span: Span): never => {
    throw new NablaError(message, span, tex);
  };
  const first = parts[0];
  if (first === undefined) return fail(msg('error.expected', { wanted: msg('error.an-expression', {}), found: msg('error.end-of-input', {}), hint: '' }), locator(tex)({ offset: tex.length, length: 1 }));
  if (first.equation.error) throw first.equation.error;
  if (first.relations.length > 0) {
    return fail(msg('latex.one-expression-equation', { relation: `"${first.relations[0]!.text}"` }), first.relations[0]!.span);
  }
  const second = parts[1];
  if (second !== undefined) {
    if (second.equation.error) throw second.equation.error;
    return fail(msg('latex.one-expression-second', {}), second.equation.span);
  }
  if (first.ellipsisAt !== undefined) {
    return fail(msg('latex.ellipsis', {}), first.ellipsisAt);
  }
  const value = first.equation.values[0]!;
  if (isMatrix(value)) return fail(msg('latex.one-number', { shape: shapeMessage(value) }), first.equation.span);
  return value;
}

/**
 * The statements of one math block, in order. Errors are values: each
 * equation that does not parse has `error` set and the others are still
 * read. With `base`, spans (and the line:column in messages) point into the
 * surrounding document. With `scope`, names it knows as matrices are
 * matrices: `x_{11}` is the element `x[1,1]` (see `latexMatrixShapes`).
 */
export function parseLatexEquations(tex: string, base?: LatexBase, scope: IndexScope = NO_MATRICES): LatexEquation[] {
  return readBlock(tex, base, scope).map((p) => p.equation);
}

/**
 * The matrices a block defines by a literal (`x = \begin{bmatrix} … \end{bmatrix}`,
 * `w^+ = …`), by canonical name, with their shapes: what a document's
 * reader needs to know before it reads `x_{11}` as `x[1,1]` anywhere in it.
 */
export function latexMatrixShapes(tex: string): Map<string, Shape> {
  const out = new Map<string, Shape>();
  if (tex.length > MAX_LATEX_LENGTH) return out;
  const { tokens, depth } = lexLatex(tex);
  if (tokens.length > MAX_LATEX_TOKENS) return out;
  for (const s of splitStatements(tokens, depth)) {
    if (!s.tokens.some((t) => t.type === 'begin') || s.tokens.some((t) => t.type === 'bad')) continue;
    const outcome = runNearley(s.tokens);
    if (outcome.failedAt !== undefined || outcome.results.length !== 1) continue;
    const [head, ...rest] = outcome.results[0] as LatexNode[];
    if (head?.kind !== 'name' || head.script !== undefined || head.text === ELLIPSIS_NAME) continue;
    for (const side of rest) {
      const dims = literalShape(side);
      if (dims !== undefined) {
        if (!out.has(canonicalName(head.text))) out.set(canonicalName(head.text), dims);
        break;
      }
    }
  }
  return out;
}

/**
 * Whether any of a document's math blocks writes a name with a number
 * subscript (`z_1`): given to every block, so that `z_j` under `\sum_j`
 * anywhere means `z_1`, `z_2`, … (see `IndexScope.subscripted`).
 */
export function latexSubscriptedNames(blocks: readonly string[]): (name: string) => boolean {
  const names = new Set(blocks.flatMap((tex) => (tex.length > MAX_LATEX_LENGTH ? [] : [...subscriptedNames(lexLatex(tex).tokens)])));
  return (name) => names.has(name);
}

/** The statements of a block that may hold a function definition (`f(z) = …`, see latex-functions.ts). */
function definitionStatements(tex: string): Statement[] {
  // Most blocks have no name directly before "(": they are not lexed again.
  if (tex.length > MAX_LATEX_LENGTH || !/[A-Za-z}]\s*\(/.test(tex)) return [];
  const { tokens, depth } = lexLatex(tex);
  if (tokens.length > MAX_LATEX_TOKENS) return [];
  return splitStatements(tokens, depth).filter((s) => startsFunctionDefinition(s.tokens) && !s.tokens.some((t) => t.type === 'bad'));
}

/** The names the blocks define as functions (`f` for `f(z) = z^2`), by canonical key. */
export function latexFunctionNames(blocks: readonly string[]): Set<string> {
  return new Set(blocks.flatMap((tex) => definitionStatements(tex).map((s) => canonicalName(s.tokens[0]!.value))));
}

/**
 * The function definitions of a block (`f(z) = z^2`, `L(w) = (w x - y)^2`),
 * with `base` as in `parseLatexEquations`, and calls of the `defined`
 * functions read as calls in their bodies: what a document's reader
 * gathers before it reads any equation.
 */
export function latexFunctionDefinitions(tex: string, base: LatexBase, defined: ReadonlySet<string>): FunctionDefinition[] {
  const local = locator(tex);
  const locate: Locator = (r) => shift(local(r), base);
  return definitionStatements(tex).flatMap((s) => {
    const outcome = runNearley(withFunctionCalls(s.tokens, (n) => defined.has(n)));
    if (outcome.failedAt !== undefined || outcome.results.length !== 1) return [];
    const [head, body] = outcome.results[0] as LatexNode[];
    if (head?.kind !== 'call' || body === undefined || inspect(body).problem !== undefined) return [];
    return [{ head, body: body as Syntax, source: tex, locate, ...(base.source === undefined ? {} : { errorSource: base.source }) }];
  });
}

/** The shape of a rectangular matrix literal (rows of entries), or undefined. */
function literalShape(n: LatexNode): Shape | undefined {
  if (n.kind !== 'list' || n.items.length === 0) return undefined;
  const rows = n.items;
  const width = rows[0]!.kind === 'list' ? rows[0]!.items.length : undefined;
  if (width === undefined || rows.some((r) => r.kind !== 'list' || r.items.length !== width)) return undefined;
  return [rows.length, width];
}

/**
 * How many parses nearley finds for each statement of a block (1 each for
 * valid input, 0 for one that fails before or in the grammar). For the
 * grammar's unambiguity test; not part of the public API.
 * @internal
 */
export function countLatexParses(tex: string): number[] {
  const { tokens, depth } = lexLatex(tex);
  return splitStatements(tokens, depth).map((s) => {
    if (s.tokens.some((t) => t.type === 'bad')) return 0;
    const outcome = runNearley(s.tokens);
    return outcome.failedAt === undefined ? outcome.results.length : 0;
  });
}

// ---------------------------------------------------------------------------
// Blocks → statements

interface Part {
  readonly equation: LatexEquation;
  readonly relations: { readonly text: string; readonly span: Span }[];
  readonly ellipsisAt?: Span;
}

interface Statement {
  readonly tokens: LatexToken[];
  readonly depth: number[];
  /** The separator that ended it, if any (for "found X" at its end). */
  readonly end?: LatexToken;
}

function readBlock(tex: string, base: LatexBase | undefined, scope: IndexScope): Part[] {
  const local = locator(tex);
  const locate: Locator = base === undefined ? local : (r) => shift(local(r), base);
  const source = base === undefined ? tex : base.source;
  const whole = (message: Message): Part[] => {
    const span = locate({ offset: 0, length: Math.min(tex.length, 40) });
    const error = new NablaError(message, span, source);
    return [{ equation: { sides: [], values: [], text: tex, span, ellipsis: false, error, sideTexts: [], sideSpans: [], relations: [] }, relations: [] }];
  };
  if (tex.length > MAX_LATEX_LENGTH) return whole(msg('limit.latex-length', { length: tex.length, max: MAX_LATEX_LENGTH }));
  const { tokens, depth } = lexLatex(tex);
  if (tokens.length > MAX_LATEX_TOKENS) return whole(msg('limit.latex-tokens', { count: tokens.length, max: MAX_LATEX_TOKENS }));
  const named = withSubscriptedNames(scope, subscriptedNames(tokens));
  const defined = (name: string): boolean => scope.userFunction?.(name) !== undefined;
  return splitStatements(withFunctionCalls(tokens, defined), depth).map((s) => readStatement(s, tex, locate, source, named));
}

function shift(span: Span, base: LatexBase): Span {
  return {
    line: base.line + span.line - 1,
    column: span.line === 1 ? base.column + span.column - 1 : span.column,
    offset: base.offset + span.offset,
    length: span.length,
  };
}

/** Token types that end a statement when they stand outside brackets. */
const BREAKS: ReadonlySet<LatexTokenType> = new Set<LatexTokenType>(['separator', 'text', 'comma', 'newline']);

/** Split a block's tokens into statements (see the module comment). */
function splitStatements(tokens: readonly LatexToken[], depth: readonly number[]): Statement[] {
  const out: Statement[] = [];
  let current: LatexToken[] = [];
  let currentDepth: number[] = [];
  let lastBreak: LatexToken | undefined;
  const close = (end: LatexToken | undefined): void => {
    // A `/` alone between two breaks is a break too: `A = B \quad / \quad C = D`.
    const loneSlash = current.length === 1 && current[0]!.type === 'divide';
    if (current.length > 0 && !loneSlash) out.push(...splitAtSlashes({ tokens: current, depth: currentDepth, ...(end ? { end } : {}) }));
    current = [];
    currentDepth = [];
    lastBreak = end;
  };
  tokens.forEach((t, i) => {
    const d = depth[i]!;
    if (d === 0 && BREAKS.has(t.type)) {
      close(t);
      return;
    }
    // `\\ &= c` continues the chain of the line above.
    if (d === 0 && t.type === 'rel' && current.length === 0 && lastBreak?.type === 'newline' && out.length > 0) {
      const previous = out.pop()!;
      current = [...previous.tokens];
      currentDepth = [...previous.depth];
    }
    current.push(t);
    currentDepth.push(d);
  });
  close(undefined);
  return out;
}

/**
 * `A = B / C = D`: a ` / ` with space on both sides, outside brackets,
 * between two equations separates them; any other `/` divides.
 */
function splitAtSlashes(s: Statement): Statement[] {
  const { tokens, depth } = s;
  const candidates: number[] = [];
  tokens.forEach((t, i) => {
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (depth[i] === 0 && t.type === 'divide' && t.text === '/' && before && after
      && before.offset + before.length < t.offset && t.offset + t.length < after.offset) candidates.push(i);
  });
  if (candidates.length === 0) return [s];
  const hasRelation = (from: number, to: number): boolean => {
    for (let k = from; k < to; k++) if (depth[k] === 0 && tokens[k]!.type === 'rel') return true;
    return false;
  };
  const out: Statement[] = [];
  let start = 0;
  candidates.forEach((c, k) => {
    const nextCut = candidates[k + 1] ?? tokens.length;
    if (hasRelation(start, c) && hasRelation(c + 1, nextCut)) {
      out.push({ tokens: tokens.slice(start, c), depth: depth.slice(start, c), end: tokens[c]! });
      start = c + 1;
    }
  });
  out.push({ tokens: tokens.slice(start), depth: depth.slice(start), ...(s.end ? { end: s.end } : {}) });
  return out;
}

// ---------------------------------------------------------------------------
// One statement

function readStatement(s: Statement, tex: string, locate: Locator, source: string | undefined, scope: IndexScope): Part {
  const first = s.tokens[0]!;
  const last = s.tokens[s.tokens.length - 1]!;
  const whole: Range = { offset: first.offset, length: last.offset + last.length - first.offset };
  const text = tex.slice(whole.offset, whole.offset + whole.length);
  const span = locate(whole);
  const relations = s.tokens
    .filter((t, i) => t.type === 'rel' && s.depth[i] === 0)
    .map((t) => ({ text: t.text, span: locate(t) }));
  const failed = (err: NablaError): Part => ({
    equation: { sides: [], values: [], text, span, ellipsis: false, error: err, sideTexts: [], sideSpans: [], relations: relations.map((r) => r.text) },
    relations,
  });
  const error = (message: Message, at: Range): NablaError => new NablaError(message, locate(at), source);

  const problem = s.tokens.find((t) => t.type === 'bad');
  if (problem !== undefined) return failed(new NablaError(badMessage(problem, locate), locate(problem), source));

  const outcome = runNearley(s.tokens);
  const endText = foundParam(s.end?.text);
  if (outcome.failedAt !== undefined) {
    return failed(error(failureMessage(s.tokens, outcome, endText), outcome.failedAt));
  }
  if (outcome.results.length === 0) {
    const wanted = describeExpected(outcome.expected, false, endText);
    return failed(error(msg('error.expected', { wanted, found: endText, hint: '' }), { offset: last.offset + last.length, length: 1 }));
  }
  if (outcome.results.length > 1) {
    throw new Error(`internal error: ${outcome.results.length} parses of LaTeX "${text}"`);
  }

  const sideNodes = outcome.results[0] as LatexNode[];
  let ellipsisAt: Range | undefined;
  for (const side of sideNodes) {
    const found = inspect(side);
    if (found.problem) return failed(error(found.problem.message, found.problem.at));
    ellipsisAt ??= found.ellipsis;
  }
  const values: Value[] = [];
  for (const side of sideNodes) {
    try {
      values.push(lowerValue(side as Syntax, tex, locate, scope));
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      return failed(new NablaError(err.saying, err.span, source));
    }
  }
  const matrices = values.some(isMatrix);
  const sides = matrices ? [] : values as Expr[];
  const head = sideNodes[0];
  const functionCall = head?.kind === 'call' && scope.userFunction?.(canonicalName(head.name.text)) !== undefined ? canonicalName(head.name.text) : undefined;
  const entryText = (n: LatexNode): string[] | undefined =>
    n.kind === 'list' ? n.items.flatMap((row) => (row.kind === 'list' ? row.items : [row]).map((e) => tex.slice(e.offset, e.offset + e.length))) : undefined;
  return {
    equation: {
      sides, values, text, span, ellipsis: ellipsisAt !== undefined,
      ...(matrices ? { entryTexts: sideNodes.map(entryText), contractions: sideNodes.map((n) => isContraction(n as Syntax, (x) => lowerValue(x, tex, locate, scope))) } : {}),
      sideTexts: sideNodes.map((n) => tex.slice(n.offset, n.offset + n.length)),
      sideSpans: sideNodes.map((n) => locate(n)),
      relations: relations.map((r) => r.text),
      ...(functionCall === undefined ? {} : { functionCall }),
    },
    relations,
    ...(ellipsisAt ? { ellipsisAt: locate(ellipsisAt) } : {}),
  };
}

/**
 * The first error node, leftmost first, and the first ellipsis. Iterative:
 * a long sum is a deep left spine.
 */
function inspect(root: LatexNode): { problem?: { message: Message; at: Range }; ellipsis?: Range } {
  let problem: { message: Message; at: Range } | undefined;
  let ellipsis: Range | undefined;
  const report = (message: Message, at: Range): void => {
    if (problem === undefined || at.offset < problem.at.offset) problem = { message, at };
  };
  const stack: LatexNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.kind) {
      case 'latexError': report(n.message, n); break;
      case 'name':
        if (n.text === ELLIPSIS_NAME && (ellipsis === undefined || n.offset < ellipsis.offset)) ellipsis = n;
        break;
      case 'number': break;
      case 'unary': stack.push(n.operand); break;
      case 'binary': stack.push(n.left, n.right); break;
      case 'group': stack.push(n.inner); break;
      case 'call': stack.push(...n.args); break;
      case 'derivative': stack.push(n.of, n.wrt); break;
      case 'index': stack.push(...n.indices); break;
      case 'list': stack.push(...n.items); break;
      case 'binding':
        stack.push(n.value);
        if (n.to) stack.push(n.to);
        break;
      default: return assertNever(n);
    }
  }
  return { ...(problem ? { problem } : {}), ...(ellipsis ? { ellipsis } : {}) };
}

// ---------------------------------------------------------------------------
// Running nearley

const GRAMMAR = nearley.Grammar.fromCompiled(compiled);




function runNearley(tokens: readonly LatexToken[]): Outcome {
  const parser = new nearley.Parser(GRAMMAR, { lexer: new TokenFeed(tokens) });
  const internals = parser as unknown as NearleyInternals;
  // nearley builds a long report before it throws (kach/nearley#475); we never read it.
  internals.reportError = () => '';
  internals.reportLexerError = () => '';
  let failedAt: LatexToken | undefined;
  try {
    parser.feed('');
  } catch (err) {
    failedAt = (err as { token?: LatexToken }).token;
    if (failedAt === undefined) throw err;
  }
  const { expected, complete } = expectedAt(parser, GRAMMAR.start);
  return { results: failedAt === undefined ? parser.results : [], expected, complete, ...(failedAt ? { failedAt } : {}) };
}

/** The sides of each statement of a block as unlowered syntax, for matrix algebra (SPEC §12); a statement that does not parse is its error. */
export function latexStatementSides(tex: string, locate: Locator, source: string): { range: Range; sides?: Syntax[]; error?: NablaError }[] {
  const { tokens, depth } = lexLatex(tex);
  return splitStatements(tokens, depth).map((s) => {
    const first = s.tokens[0]!;
    const last = s.tokens[s.tokens.length - 1]!;
    const range = { offset: first.offset, length: last.offset + last.length - first.offset };
    const bad = s.tokens.find((t) => t.type === 'bad');
    if (bad) return { range, error: new NablaError(badMessage(bad, locate), locate(bad), source) };
    const outcome = runNearley(s.tokens);
    if (outcome.failedAt !== undefined || outcome.results.length !== 1) return { range, error: new NablaError(msg('latex.does-not-parse', {}), locate(outcome.failedAt ?? range), source) };
    return { range, sides: (outcome.results[0] as LatexNode[]).map((n) => n as Syntax) };
  });
}
