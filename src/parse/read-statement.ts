/**
 * Reading one statement of the ASCII language out of a file's tokens, and
 * parsing it: where it ends, which names are keywords there, and the
 * message for the first thing wrong in it.
 *
 * Invariants: nearley sees one statement at a time (small charts, linear
 * time over a file) and never a statement nested deeper than MAX_NESTING
 * nor a character the lexer does not know; each token is looked at a
 * bounded number of times; more than one parse is a bug and throws.
 */

import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type nearley from 'nearley';
import { NablaError } from '../errors.ts';
import { assertNever } from '../expr/node.ts';
import { asKeyword, ENDS_OPERAND, isCloser, isOpener, unclosedBracket, type Token } from './lexer.ts';
import type { Locator, Range } from './syntax.ts';
import { expectedAt } from './nearley-glue.ts';
import { feedTokens, grammar, startParser, type Mode, type Problem } from './formula-nearley.ts';
import { MAX_NESTING, NestingCounter } from './nesting.ts';
import { describeExpected, describeToken, STARTS_OPERAND, unexpectedCharacter } from './formula-messages.ts';

/** A statement read: its syntax tree (of the grammar's start symbol) or its error. */
export interface Read {
  readonly syntax?: unknown;
  readonly error?: NablaError;
  /** Index of the first token after the statement. */
  readonly next: number;
}

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
export function readStatement(tokens: readonly Token[], start: number, mode: Mode, text: string, locate: Locator): Read {
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
  const endText = end === undefined ? msg('error.end-of-input', {}) : describeToken(end);
  // The caret goes just after the last token.
  const last = taken[taken.length - 1];
  const at: Range = last ? { offset: last.offset + last.length, length: 1 } : { offset: 0, length: 1 };
  const error = (message: Message): Read => ({ error: new NablaError(message, locate(at), text), next });
  const unclosed = unclosedBracket(taken);
  if (unclosed !== undefined) {
    const opened = locate(unclosed);
    const closer = unclosed.type === 'lbracket' ? ']' : ')';
    return error(msg('error.unclosed', { closer, opener: unclosed.text, at: `${opened.line}:${opened.column}`, found: endText }));
  }
  const { expected } = expectedAt(parser, grammar(mode).start);
  return error(msg('error.expected', { wanted: describeExpected(expected, false, endText), found: endText, hint: '' }));
}

function problemError(problem: Problem, mode: Mode, text: string, locate: Locator, taken: readonly Token[]): NablaError {
  const fail = (message: Message, at: Range): NablaError => new NablaError(message, locate(at), text);
  switch (problem.kind) {
    case 'deep': return fail(msg('error.nesting', { max: MAX_NESTING }), problem.token);
    case 'character': return fail(unexpectedCharacter(problem.token.text), problem.token);
    case 'syntax': {
      // A synthetic `*` is reported as the operand after it.
      const found = problem.token.type === 'implicit' ? taken[taken.indexOf(problem.token) + 1] ?? problem.token : problem.token;
      const endText = msg(mode === 'file' ? 'error.end-of-line' : 'error.end-of-input', {});
      // `x y`, `(a)(b)`: a missing `*`; but `1.2.3` is a malformed number, not a product.
      const product = problem.expected.has('times') && STARTS_OPERAND.has(found.type) && !found.text.startsWith('.');
      const hint = product ? msg('hint.times', {}) : '';
      return fail(msg('error.expected', { wanted: describeExpected(problem.expected, problem.complete, endText), found: describeToken(found), hint }), found);
    }
    default: return assertNever(problem);
  }
}

/** Does a new statement (`name = …`, `x[i] = …`, `f(x) = …`, `x : 4x4`, `derive …`, `claim …`) start at token i? */
function startsStatement(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t?.type !== 'name') return false;
  const next = tokens[i + 1]?.type;
  if (next === 'equals' || next === 'colon' || t.text === 'derive' || t.text === 'claim') return true;
  if (next !== 'lbracket' && next !== 'lparen') return false;
  const close = next === 'lbracket' ? 'rbracket' : 'rparen';
  // `x[i, j] = …`, `f(x, y) = …`: a short look for "] =" or ") =" on the same line keeps this linear.
  for (let k = i + 2; k < tokens.length && k < i + 34; k++) {
    const type = tokens[k]!.type;
    if (type === 'newline' || type === 'lbracket' || type === 'lparen') return false;
    if (type === close) return tokens[k + 1]?.type === 'equals';
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
export function statementKeyword(t: Token, taken: readonly Token[], tokens: readonly Token[], j: number): Token {
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
