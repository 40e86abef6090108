/**
 * The public entry points of the ASCII formula language (SPEC §2):
 * `parseExpression` for one expression, `parseFile` for a file of
 * statements.
 *
 *   text ─tokenize─► tokens ─readStatement─► one statement's tokens
 *        ─nearley (grammar/formula.ne)─► Syntax ─lower─► Expr
 *
 * A file's statements are all read before any is lowered (expand.ts): a
 * name may be a matrix because of a definition further down, and a matrix
 * statement becomes one scalar statement per element (SPEC §7).
 *
 * Numbers are exact, names canonical (`w_5` is `w5`); `-x^2` is `-(x^2)`,
 * `^` is right-associative, `1/2x` is `(1/2)*x` (grammar/formula.ne has the
 * whole precedence table).
 *
 * Invariants:
 * - every failure is a NablaError with a span into the text and the text
 *   attached; in `parseFile` errors are values, and one bad statement never
 *   stops the others;
 * - nearley sees one statement at a time (small charts, linear time over a
 *   file) and never sees a statement nested deeper than MAX_NESTING, nor a
 *   character the lexer does not know;
 * - nearley's own error report is never built (it dumps parser states and
 *   can take seconds): messages are made here from the offending token and
 *   the terminals the grammar could have accepted instead;
 * - the grammar is unambiguous: more than one parse is a bug and throws.
 */

import nearley from 'nearley';
import compiled from '../../grammar/formula.js';
import { describeFound, NablaError, sanitize, type Span } from '../errors.ts';
import type { Expr } from '../expr/node.ts';
import type { ClaimElement, Shape } from '../expr/indexed.ts';
import { asKeyword, ENDS_OPERAND, isCloser, isOpener, tokenize, unclosedBracket, type Token, type TokenType } from './lexer.ts';
import { lowerExpression } from './lower.ts';
import { lowerStatements } from './expand.ts';
import { locator, type Locator, type Range, type StatementSyntax, type Syntax } from './syntax.ts';
import { expectedAt, TokenFeed, type NearleyInternals } from './nearley-glue.ts';

/** Largest input accepted, in UTF-8 bytes. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** Deepest nesting of brackets, unary operators and `^` accepted. */
export const MAX_NESTING = 200;

// ---------------------------------------------------------------------------
// Results

/** A name as it appears in a statement. */
export interface NameRef {
  /** The canonical key (`w5` for `w_5`, `gamma` for `γ`). */
  readonly name: string;
  /** As written. */
  readonly written: string;
  readonly span: Span;
}

/** `name = expr` */
export interface DefineStatement {
  readonly kind: 'define';
  /** The canonical key of the defined name (`w5_new` for `w5'`). */
  readonly name: string;
  /** The name as written. */
  readonly written: string;
  readonly expr: Expr;
  /** The whole statement. */
  readonly span: Span;
  readonly nameSpan: Span;
}

/** `derive F wrt a, b` */
export interface DeriveStatement {
  readonly kind: 'derive';
  /** The canonical key of F. */
  readonly target: string;
  readonly targetWritten: string;
  readonly targetSpan: Span;
  readonly wrt: readonly NameRef[];
  readonly span: Span;
}

/** `claim LHS = RHS` */
export interface ClaimStatement {
  readonly kind: 'claim';
  readonly lhs: Expr;
  readonly rhs: Expr;
  /** The claim as written, from the start of LHS to the end of RHS (`d(E)/d(w5) = 0.0821670`). */
  readonly text: string;
  readonly span: Span;
  /**
   * When RHS is a plain number literal, possibly signed: its text
   * (`0.0821670`, `-0.5`), so that it can be compared to the precision written.
   */
  readonly rhsNumberText?: string;
  /**
   * A claim between two matrices of one shape: every entry, compared one by
   * one (`lhs` and `rhs` are then the first entry's sides).
   */
  readonly elements?: readonly ClaimElement[];
}

/** `x : 4x4`, or a matrix found in a definition: the shape of a matrix name (SPEC §7). */
export interface ShapeStatement {
  readonly kind: 'shape';
  /** The canonical key of the matrix (`w`); its elements are `w[1,1]` …. */
  readonly name: string;
  readonly written: string;
  readonly dims: Shape;
  readonly span: Span;
}

export type Statement = DefineStatement | ShapeStatement | DeriveStatement | ClaimStatement;

export interface ParsedFile {
  /** The statements that parsed, in source order. */
  readonly statements: Statement[];
  /** One error per statement that did not, in source order. */
  readonly errors: NablaError[];
}

// ---------------------------------------------------------------------------
// Entry points

/** Parse one expression. Throws a NablaError (with the text attached) on any problem. */
export function parseExpression(text: string): Expr {
  return lowerExpression(parseExpressionSyntax(text), text);
}

/** Parse one expression to its syntax tree (spans kept). Throws a NablaError. */
export function parseExpressionSyntax(text: string): Syntax {
  checkSize(text);
  const read = readStatement(tokenize(text), 0, 'expression', text, locator(text));
  if (read.error) throw read.error;
  return read.syntax as Syntax;
}

/**
 * Parse a formula file: statements separated by newlines or `;`. A bad
 * statement becomes an error in `errors` and the others are still parsed.
 */
export function parseFile(text: string): ParsedFile {
  const statements: Statement[] = [];
  const errors: NablaError[] = [];
  try {
    checkSize(text);
  } catch (err) {
    errors.push(err as NablaError);
    return { statements, errors };
  }
  const locate = locator(text);
  const tokens = tokenize(text);
  // Every statement is read first: what a name means (a number or a matrix)
  // may depend on a definition further down.
  const read: (StatementSyntax | NablaError)[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.type === 'newline' || t.type === 'semicolon') {
      i++;
      continue;
    }
    const one = readStatement(tokens, i, 'file', text, locate);
    i = one.next;
    read.push(one.error ?? (one.syntax as StatementSyntax));
  }
  const lowered = lowerStatements(read, text, locate);
  statements.push(...lowered.statements);
  errors.push(...lowered.errors);
  return { statements, errors };
}

/**
 * How many parses nearley finds for an expression (or, with `statement`,
 * one statement): 1 for valid input, 0 for invalid. For the grammar's
 * unambiguity test; not part of the public API.
 * @internal
 */
export function countParses(text: string, start: 'expression' | 'statement' = 'expression'): number {
  const tokens: Token[] = [];
  const all = tokenize(text);
  for (let j = 0; j < all.length; j++) {
    const t = all[j]!;
    if (t.type === 'newline') continue;
    if (t.type === 'bad') return 0;
    tokens.push(start === 'statement' ? statementKeyword(t, tokens, all, j) : t);
  }
  const outcome = runNearley(start === 'expression' ? EXPRESSION_GRAMMAR : FILE_GRAMMAR, tokens);
  return outcome.failedAt === undefined ? outcome.results.length : 0;
}

// ---------------------------------------------------------------------------
// Reading one statement

type Mode = 'file' | 'expression';

interface Read {
  readonly syntax?: unknown;
  readonly error?: NablaError;
  /** Index of the first token after the statement. */
  readonly next: number;
}

/** The first thing wrong in a statement, found while reading it. */
type Problem =
  | { readonly kind: 'syntax'; readonly token: Token; readonly expected: ReadonlySet<string>; readonly complete: boolean }
  | { readonly kind: 'deep' | 'character'; readonly token: Token };

/**
 * Read the statement that starts at `tokens[start]` and parse it.
 *
 * A statement ends at a newline or `;` outside brackets (in a file), or at
 * the end of input. Tokens go to nearley line by line, after the nesting
 * check, so reading stops feeding at the first problem. When a statement
 * with a problem spans lines and one of its later lines looks like the
 * start of a new statement (`name = …`, `derive`, `claim`) — typically after
 * an unclosed bracket — the statement is cut before that line, so the rest
 * of the file is still read. Each token is looked at a bounded number of
 * times, so a file with many such errors stays linear.
 */
function readStatement(tokens: readonly Token[], start: number, mode: Mode, text: string, locate: Locator): Read {
  const { parser, feed } = startParser(grammar(mode));
  const nesting = new NestingCounter();
  const taken: Token[] = [];
  let pending: Token[] = [];
  let problem: Problem | undefined;
  let cut: { readonly length: number; readonly next: number; readonly newline: Token } | undefined;
  let depth = 0;
  let end: Token | undefined;

  const flush = (): void => {
    if (problem === undefined && pending.length > 0) problem = feedTokens(parser, feed, pending);
    pending = [];
  };

  let j = start;
  for (; j < tokens.length; j++) {
    const raw = tokens[j]!;
    if (raw.type === 'newline') {
      if (mode === 'expression') continue;
      if (depth === 0) {
        end = raw;
        j++;
        break;
      }
      flush();
      const startsNext = startsStatement(tokens, j + 1);
      if (problem !== undefined && (cut !== undefined || startsNext)) {
        if (cut === undefined) {
          end = raw;
          j++;
        }
        break;
      }
      if (cut === undefined && startsNext) cut = { length: taken.length, next: j + 1, newline: raw };
      continue;
    }
    if (raw.type === 'semicolon' && depth === 0 && mode === 'file') {
      end = raw;
      j++;
      break;
    }
    const t = mode === 'file' ? statementKeyword(raw, taken, tokens, j) : raw;
    if (problem === undefined) {
      if (t.type === 'bad' || nesting.tooDeep(t)) {
        flush();
        problem ??= { kind: t.type === 'bad' ? 'character' : 'deep', token: t };
      } else pending.push(t);
    }
    taken.push(t);
    if (isOpener(t)) depth++;
    else if (isCloser(t) && depth > 0) depth--;
  }
  flush();

  // A statement with a problem, or one left open at the end, ends before the line that starts a new one.
  if (cut !== undefined && (problem !== undefined || j >= tokens.length)) {
    const part = taken.slice(0, cut.length);
    const fresh = startParser(grammar(mode)).parser;
    feedTokens(fresh, feed, part);
    return finish(fresh, part, cut.newline, mode, text, locate, cut.next);
  }
  if (problem !== undefined) return { error: problemError(problem, mode, text, locate, taken), next: j };
  return finish(parser, taken, end, mode, text, locate, j);
}

/** The outcome of a statement fed whole: its one parse, or why it ended too early. */
function finish(
  parser: nearley.Parser, taken: readonly Token[], end: Token | undefined, mode: Mode, text: string, locate: Locator, next: number,
): Read {
  const results = parser.results ?? [];
  if (results.length === 1) return { syntax: results[0], next };
  if (results.length > 1) throw new Error(`internal error: ${results.length} parses of a statement at offset ${taken[0]?.offset ?? 0}`);
  const endText = end === undefined ? 'end of input' : describeToken(end);
  // The caret goes just after the last token.
  const last = taken[taken.length - 1];
  const at: Range = last ? { offset: last.offset + last.length, length: 1 } : { offset: 0, length: 1 };
  const error = (message: string): Read => ({ error: new NablaError(message, locate(at), text), next });
  const unclosed = unclosedBracket(taken);
  if (unclosed !== undefined) {
    const opened = locate(unclosed);
    const closer = unclosed.type === 'lbracket' ? ']' : ')';
    return error(`Expected "${closer}" to close "${unclosed.text}" at ${opened.line}:${opened.column}, found ${endText}.`);
  }
  const { expected } = expectedAt(parser, grammar(mode).start);
  return error(`Expected ${describeExpected(expected, false, endText)}, found ${endText}.`);
}

function problemError(problem: Problem, mode: Mode, text: string, locate: Locator, taken: readonly Token[]): NablaError {
  const fail = (message: string, at: Range): NablaError => new NablaError(message, locate(at), text);
  switch (problem.kind) {
    case 'deep': return fail(`Nesting deeper than ${MAX_NESTING} levels.`, problem.token);
    case 'character': return fail(unexpectedCharacter(problem.token.text), problem.token);
    case 'syntax': {
      // A synthetic `*` is reported as the operand after it.
      const found = problem.token.type === 'implicit' ? taken[taken.indexOf(problem.token) + 1] ?? problem.token : problem.token;
      const endText = mode === 'file' ? 'end of line' : 'end of input';
      // `x y`, `(a)(b)`: a missing `*`; but `1.2.3` is a malformed number, not a product.
      const product = problem.expected.has('times') && STARTS_OPERAND.has(found.type) && !found.text.startsWith('.');
      const hint = product ? '; write "*" to multiply' : '';
      return fail(`Expected ${describeExpected(problem.expected, problem.complete, endText)}, found ${describeToken(found)}${hint}.`, found);
    }
    default: {
      const never: never = problem;
      throw new Error(`unexpected problem ${JSON.stringify(never)}`);
    }
  }
}

/** Does a new statement (`name = …`, `x[i] = …`, `x : 4x4`, `derive …`, `claim …`) start at token i? */
function startsStatement(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t?.type !== 'name') return false;
  const next = tokens[i + 1]?.type;
  if (next === 'equals' || next === 'colon' || t.text === 'derive' || t.text === 'claim') return true;
  if (next !== 'lbracket') return false;
  // `x[i, j] = …`: a short look for "] =" on the same line keeps this linear.
  for (let k = i + 2; k < tokens.length && k < i + 34; k++) {
    const type = tokens[k]!.type;
    if (type === 'newline' || type === 'lbracket' || type === 'lparen') return false;
    if (type === 'rbracket') return tokens[k + 1]?.type === 'equals';
  }
  return false;
}

/** Brackets opened and not closed in `tokens`. */
function openBrackets(tokens: readonly Token[]): number {
  let depth = 0;
  for (const t of tokens) {
    if (isOpener(t)) depth++;
    else if (isCloser(t) && depth > 0) depth--;
  }
  return depth;
}

/**
 * Statement keywords are names in the right place: `derive` and `claim`
 * first in a statement (unless a definition `derive = …` follows), `wrt`
 * after the target of a derive statement (`derive F wrt …`, `derive
 * net[1,1] wrt …`), `for` after the right side of a definition when a range
 * follows (`… for i=1..3`). Elsewhere they are ordinary names.
 */
function statementKeyword(t: Token, taken: readonly Token[], tokens: readonly Token[], j: number): Token {
  if (t.type !== 'name') return t;
  if (taken.length === 0) {
    if ((t.text === 'derive' || t.text === 'claim') && tokens[j + 1]?.type !== 'equals') return asKeyword(t, t.text);
    return t;
  }
  const first = taken[0]!;
  if (t.text === 'wrt' && first.type === 'derive' && taken.length >= 2 && !taken.some((x) => x.type === 'wrt')) {
    const previous = taken[taken.length - 1]!;
    if ((previous.type === 'name' || previous.type === 'rbracket') && openBrackets(taken) === 0) return asKeyword(t, 'wrt');
  }
  if (t.text === 'for' && first.type === 'name' && tokens[j + 1]?.type === 'name' && tokens[j + 2]?.type === 'equals'
    && ENDS_OPERAND.has(taken[taken.length - 1]!.type) && !taken.some((x) => x.type === 'forKeyword') && openBrackets(taken) === 0) {
    const equals = taken.findIndex((x) => x.type === 'equals');
    if (equals > 0 && openBrackets(taken.slice(0, equals)) === 0) return asKeyword(t, 'forKeyword');
  }
  return t;
}

// ---------------------------------------------------------------------------
// Running nearley

const FILE_GRAMMAR = nearley.Grammar.fromCompiled(compiled);
const EXPRESSION_GRAMMAR = nearley.Grammar.fromCompiled(compiled);
EXPRESSION_GRAMMAR.start = 'expression';



const grammar = (mode: Mode): nearley.Grammar => (mode === 'file' ? FILE_GRAMMAR : EXPRESSION_GRAMMAR);

interface SharedParser {
  readonly parser: nearley.Parser;
  readonly feed: TokenFeed<Token>;
  /** The chart's first column: the start symbol's predictions, which feeding never changes. */
  readonly initial: ReturnType<nearley.Parser['save']>;
}
const sharedParsers = new Map<nearley.Grammar, SharedParser>();

/**
 * A parser at the start of the grammar. There is one per grammar, rewound
 * to its first column for each statement instead of built anew: predicting
 * the start symbol was a good part of parsing a short statement. Statements
 * are parsed one after another, never inside each other, so one is enough.
 */
function startParser(g: nearley.Grammar): { parser: nearley.Parser; feed: TokenFeed<Token> } {
  const shared = sharedParsers.get(g);
  if (shared) {
    shared.parser.restore(shared.initial);
    return shared;
  }
  const feed = new TokenFeed<Token>();
  const parser = new nearley.Parser(g, { lexer: feed });
  const internals = parser as unknown as NearleyInternals;
  // nearley builds a long report before it throws (kach/nearley#475); we never read it.
  internals.reportError = () => '';
  internals.reportLexerError = () => '';
  const made = { parser, feed, initial: parser.save() };
  sharedParsers.set(g, made);
  return made;
}

/** Feed tokens; on the first one nearley cannot take, say which and what it expected instead. */
function feedTokens(parser: nearley.Parser, feed: TokenFeed<Token>, tokens: readonly Token[]): Problem | undefined {
  feed.load(tokens);
  try {
    parser.feed('');
    return undefined;
  } catch (err) {
    const token = (err as { token?: Token }).token;
    if (token === undefined) throw err;
    return { kind: 'syntax', token, ...expectedAt(parser, parser.grammar.start) };
  }
}


/** Feed a whole token list to a fresh parser (for `countParses`). */
function runNearley(g: nearley.Grammar, tokens: readonly Token[]): { results: readonly unknown[]; failedAt?: Token } {
  const { parser, feed } = startParser(g);
  const problem = feedTokens(parser, feed, tokens);
  return problem === undefined ? { results: parser.results ?? [] } : { results: [], failedAt: problem.token };
}

/**
 * Counts nesting as tokens arrive: brackets, unary signs and `^` chains
 * (`-x^-y` is three levels). `tooDeep` is true for the first token deeper
 * than MAX_NESTING, before nearley or any recursive pass sees it.
 */
class NestingCounter {
  private readonly saved: number[] = [];
  private base = 0;
  private chain = 0;
  private previous: Token | undefined;

  tooDeep(t: Token): boolean {
    const previous = this.previous;
    this.previous = t;
    switch (t.type) {
      case 'lparen': case 'lbracket':
        this.saved.push(this.base, this.chain);
        this.base += this.chain + 1;
        this.chain = 0;
        return this.base > MAX_NESTING;
      case 'rparen': case 'rbracket':
        if (this.saved.length > 0) {
          this.chain = this.saved.pop()!;
          this.base = this.saved.pop()!;
        }
        return false;
      case 'minus': case 'plus':
        if (previous !== undefined && ENDS_OPERAND.has(previous.type)) {
          this.chain = 0;
          return false;
        }
        return this.base + ++this.chain > MAX_NESTING;
      case 'caret':
        return this.base + ++this.chain > MAX_NESTING;
      case 'times': case 'divide': case 'implicit': case 'comma': case 'equals': case 'wrt': case 'range': case 'forKeyword': case 'colon':
        this.chain = 0;
        return false;
      default:
        return false;
    }
  }
}

// ---------------------------------------------------------------------------
// Messages

const STARTS_OPERAND: ReadonlySet<TokenType> = new Set<TokenType>(['number', 'name', 'lparen', 'd', 'diff', 'partial']);
const EXPRESSION_START: readonly TokenType[] = ['number', 'name', 'lparen', 'lbracket', 'minus', 'plus', 'd', 'diff', 'partial'];
const OPERATORS: readonly TokenType[] = ['plus', 'minus', 'times', 'divide', 'caret', 'implicit'];

/** How an expected terminal is named, in the order they are listed. */
const EXPECTED_NAME: Readonly<Partial<Record<TokenType, string>>> = {
  name: 'a name', number: 'a number', derive: '"derive"', claim: '"claim"', wrt: '"wrt"',
  lparen: '"("', rparen: '")"', comma: '","', equals: '"="', divide: '"/"', times: '"*"', plus: '"+"', minus: '"-"',
  caret: '"^"', d: '"d("', diff: '"diff("', partial: '"∂"',
  lbracket: '"["', rbracket: '"]"', colon: '":"', range: '".."', forKeyword: '"for"',
};

function describeExpected(types: ReadonlySet<string>, complete: boolean, endText: string): string {
  const rest = new Set(types);
  const parts: string[] = [];
  if (rest.has('number') && rest.has('name') && rest.has('lparen')) {
    parts.push('an expression');
    for (const t of EXPRESSION_START) rest.delete(t);
  }
  if (rest.has('times') && rest.has('plus')) {
    parts.push('an operator');
    for (const t of OPERATORS) rest.delete(t);
  }
  rest.delete('implicit');
  // After a name, "(" (a call) and "=" (a definition) are named; "[" (an
  // element), ":" (a shape) and "for" (after a definition) go without saying.
  if (rest.has('lparen')) rest.delete('lbracket');
  if (rest.has('equals')) {
    rest.delete('lbracket');
    rest.delete('colon');
  }
  rest.delete('forKeyword');
  for (const [type, label] of Object.entries(EXPECTED_NAME)) if (rest.has(type)) parts.push(label);
  if (complete) parts.push(endText);
  if (parts.length === 0) return endText;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

function describeToken(t: Token): string {
  if (t.type === 'newline') return 'end of line';
  return describeFound(t.text);
}

function unexpectedCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const visible = code > 0x20 && code < 0x7f;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `Unexpected character "${sanitize(ch)}"${visible ? '' : ` (U+${hex})`}.`;
}

// ---------------------------------------------------------------------------
// Limits

function checkSize(text: string): void {
  // Every UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 units).
  if (text.length * 3 <= MAX_INPUT_BYTES) return;
  const bytes = utf8Length(text);
  if (bytes > MAX_INPUT_BYTES) {
    const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
    throw new NablaError(`Input is ${mib(bytes)}; the limit is ${mib(MAX_INPUT_BYTES)}.`, { line: 1, column: 1, offset: 0, length: 1 }, text);
  }
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
