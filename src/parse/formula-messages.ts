/**
 * The words of the ASCII parser's messages: what was expected ("Expected an
 * expression or \"=\"") and what was found, made from tokens and terminal
 * names, never from nearley's own report.
 */

import { foundParam, sanitize } from '../errors.ts';
import { msg, orList } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';
import type { Token, TokenType } from './lexer.ts';

export const STARTS_OPERAND: ReadonlySet<TokenType> = new Set<TokenType>(['number', 'name', 'lparen', 'd', 'diff', 'partial']);
const EXPRESSION_START: readonly TokenType[] = ['number', 'name', 'lparen', 'lbracket', 'minus', 'plus', 'd', 'diff', 'partial'];
const OPERATORS: readonly TokenType[] = ['plus', 'minus', 'times', 'divide', 'caret', 'implicit', 'matmul'];

/** How an expected terminal is named, in the order they are listed. */
const EXPECTED_NAME: Readonly<Partial<Record<TokenType, Param>>> = {
  name: msg('error.a-name', {}), number: msg('error.a-number', {}), derive: '"derive"', claim: '"claim"', wrt: '"wrt"',
  lparen: '"("', rparen: '")"', comma: '","', equals: '"="', divide: '"/"', times: '"*"', plus: '"+"', minus: '"-"',
  caret: '"^"', matmul: '"@"', d: '"d("', diff: '"diff("', partial: '"∂"',
  lbracket: '"["', rbracket: '"]"', colon: '":"', range: '".."', forKeyword: '"for"',
};

/** The terminals nearley could have taken, in words: `an expression`, `"="`, `end of line` …. */
export function describeExpected(types: ReadonlySet<string>, complete: boolean, endText: Param): Param {
  const rest = new Set(types);
  const parts: Param[] = [];
  if (rest.has('number') && rest.has('name') && rest.has('lparen')) {
    parts.push(msg('error.an-expression', {}));
    for (const t of EXPRESSION_START) rest.delete(t);
  }
  if (rest.has('times') && rest.has('plus')) {
    parts.push(msg('error.an-operator', {}));
    for (const t of OPERATORS) rest.delete(t);
  }
  rest.delete('implicit');
  // After a name, "(" (a call) and "=" (a definition) are named; "[" (an
  // element), ":" (a shape) and "for" (after a definition) go without saying,
  // and so does "(" where a shape could follow (a function definition `f(x) = …`).
  if (rest.has('colon')) rest.delete('lparen');
  if (rest.has('lparen')) rest.delete('lbracket');
  if (rest.has('equals')) {
    rest.delete('lbracket');
    rest.delete('colon');
  }
  rest.delete('forKeyword');
  for (const [type, label] of Object.entries(EXPECTED_NAME)) if (rest.has(type)) parts.push(label);
  if (complete) parts.push(endText);
  if (parts.length === 0) return endText;
  return orList(parts);
}

/** A token as a message names it. */
export function describeToken(t: Token): Param {
  if (t.type === 'newline') return msg('error.end-of-line', {});
  return foundParam(t.text);
}

/** A character the lexer does not know, shown safely (invisible ones by code point). */
export function unexpectedCharacter(ch: string): Message {
  const code = ch.codePointAt(0) ?? 0;
  const visible = code > 0x20 && code < 0x7f;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return msg('error.unexpected-character', { ch: `"${sanitize(ch)}"`, code: visible ? '' : ` (U+${hex})` });
}
