/**
 * The messages of LaTeX parse failures: "Expected X, found Y." from the
 * token nearley could not take and the terminals that could have come
 * instead, with a hint for the usual slips (a double script, a number after
 * a name, a derivative without `\partial`). nearley's own report is never
 * built or shown.
 */

import { foundParam } from '../errors.ts';
import { msg, orList } from '../messages/format.ts';
import { isMessage, type Message, type Param } from '../messages/message.ts';
import { AT, type LatexToken, type LatexTokenType } from './latex-token.ts';
import type { Locator } from './syntax.ts';

/** What running nearley on one statement gave. */
export interface Outcome {
  readonly results: readonly unknown[];
  /** The token nearley could not accept. */
  readonly failedAt?: LatexToken;
  /** Terminal types acceptable at the point of failure (or at the end). */
  readonly expected: ReadonlySet<string>;
  /** True when the tokens before that point form a complete equation. */
  readonly complete: boolean;
}

/** Terminals that start an operand; when several are expected, the message says "an expression". */
const OPERAND_START: readonly LatexTokenType[] = [
  'number', 'name', 'fn', 'frac', 'sqrt', 'differential', 'sum', 'ellipsis',
  'lparen', 'lbrack', 'lbrace', 'lset', 'lbar', 'begin', 'minus', 'plus',
];
const OPERATORS: readonly LatexTokenType[] = ['plus', 'minus', 'times', 'divide'];
const AFTER_OPERAND: readonly LatexTokenType[] = ['rel', 'caret', 'underscore', 'prime'];

/** How an expected terminal is named, in the order they are listed. */
const EXPECTED_NAME: Readonly<Partial<Record<LatexTokenType, Param>>> = {
  rparen: '")"', rbrack: '"]"', rbrace: '"}"', rset: '"\\}"', rbar: '"|"', lparen: '"("', lbrace: '"{"',
  comma: '","', rel: '"="', amp: '"&"', newline: '"\\\\"', end: '"\\end"', differential: '"\\partial"',
  name: msg('error.a-name', {}), number: msg('error.a-number', {}), underscore: '"_"', caret: '"^"', prime: '"\'"',
};

export function describeExpected(types: ReadonlySet<string>, complete: boolean, endText: Param): Param {
  const rest = new Set(types);
  const parts: Param[] = [];
  if (rest.has('times') && rest.has('divide')) {
    parts.push(msg('error.an-operator', {}));
    // After an operand, any operand may follow too (juxtaposition), and
    // scripts or "="; naming the operators is enough.
    for (const t of [...OPERATORS, ...OPERAND_START, ...AFTER_OPERAND]) rest.delete(t);
  } else if (OPERAND_START.filter((t) => rest.has(t)).length >= 3) {
    parts.push(msg('error.an-expression', {}));
    for (const t of OPERAND_START) rest.delete(t);
  }
  for (const [type, label] of Object.entries(EXPECTED_NAME)) if (rest.has(type)) parts.push(label);
  if (complete) parts.push(endText);
  if (parts.length === 0) return endText;
  return orList(parts);
}

/** Tokens that can end a script, so that a `^` or `_` right after them is a second one. */
const SCRIPT_END: ReadonlySet<LatexTokenType> = new Set<LatexTokenType>(['number', 'name', 'rbrace', 'rparen', 'rbrack', 'rset', 'rbar', 'prime']);

/** "Expected X, found Y." for the token nearley could not take, with a hint for the usual slips. */
export function failureMessage(tokens: readonly LatexToken[], outcome: Outcome, endText: Param): Message {
  const found = outcome.failedAt!;
  const i = tokens.indexOf(found);
  const previous = tokens[i - 1];
  const script = tokens[i - 2];
  const afterScript = previous !== undefined && (SCRIPT_END.has(previous.type) || (previous.type === 'plus' && script?.type === 'caret'));
  if (afterScript && (found.type === 'caret' || found.type === 'underscore') && !outcome.expected.has(found.type)) {
    const which = msg(found.type === 'caret' ? 'error.superscript' : 'error.subscript', {});
    const example = found.type === 'caret' ? 'x^{a^{b}} or {x^{a}}^{b}' : 'x_{ab}';
    return msg('error.double-script', { which, example: found.type === 'caret' ? orList(['x^{a^{b}}', '{x^{a}}^{b}']) : example });
  }
  const wanted = describeExpected(outcome.expected, outcome.complete, endText);
  let hint: Param = '';
  if (found.type === 'number' && found.cut && previous?.cut && (script?.type === 'underscore' || script?.type === 'caret')) {
    hint = msg('hint.braces', { braced: `${script.text}{${previous.text}${found.text}}`, which: msg(script.type === 'caret' ? 'error.superscript' : 'error.subscript', {}) });
  } else if (found.type === 'number' && outcome.expected.has('times') && previous !== undefined && previous.offset + previous.length < found.offset) {
    hint = msg('hint.cdot', {});
  } else if (outcome.expected.size === 1 && outcome.expected.has('differential')) {
    hint = msg('hint.derivative', { frac: '\\frac{\\partial L}{\\partial w}', slash: '\\partial L / \\partial w' });
  } else if (previous?.type === 'nabla') {
    hint = msg('hint.nabla', {});
  }
  return msg('error.expected', { wanted, found: foundParam(found.text), hint });
}

/** A `bad` token's message, its AT parameter said as the line:column of the token it relates to. */
export function badMessage(t: LatexToken, locate: Locator): Message {
  const message = t.message ?? msg('latex.unexpected-input', {});
  if (t.related === undefined) return message;
  const r = locate(t.related);
  const place = (m: Message): Message => ({
    key: m.key,
    params: Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, v === AT ? `${r.line}:${r.column}` : isMessage(v) ? place(v) : v])),
  });
  return place(message);
}
