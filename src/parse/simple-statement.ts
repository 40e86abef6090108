/**
 * The plainest definitions of a file — `p1 = 0.345`, `a1 = sin(a0) +
 * p1*a0` — read without nearley: a long chain of definitions is mostly
 * such lines, and an Earley chart per line was the larger part of reading
 * them (SPEC §17).
 *
 * Invariant: the reading is nearley's own, provably. Only a statement of
 * `name = expression` whose expression uses nothing but numbers, names,
 * calls, parentheses and the operators `+ - * / ^` on one line is taken;
 * over those tokens grammar/formula.ne is an operator-precedence grammar
 * (sum over product over unary over power, `^` right-associative), so the
 * one parse is built here with the grammar's own postprocessors
 * (syntax.ts), in the order nearley calls them. Anything else — another
 * token, a keyword, a line break inside brackets, an error — returns
 * undefined and the statement goes to nearley, which reads it and words
 * its errors.
 */

import type { Token, TokenType } from './lexer.ts';
import * as S from './syntax.ts';
import type { StatementSyntax, Syntax } from './syntax.ts';

/** Nesting taken here; deeper statements go to nearley (and its nesting limit, far above). */
const MAX_DEPTH = 24;

/** Names that are keywords in some place of a statement: such a line goes to nearley. */
const KEYWORDS: ReadonlySet<string> = new Set(['derive', 'claim', 'wrt', 'for']);

/** Parse failed or left the subset: nearley reads the statement. */
class Leave {}
const LEAVE = new Leave();

/**
 * The statement at `tokens[start]` when it is a plain definition, with the
 * index of the first token after it; undefined otherwise.
 */
export function readSimpleDefinition(tokens: readonly Token[], start: number): { syntax: StatementSyntax; next: number } | undefined {
  const first = tokens[start];
  if (first === undefined || first.type !== 'name' || KEYWORDS.has(first.text) || tokens[start + 1]?.type !== 'equals') return undefined;
  let i = start + 2;
  let depth = 0;

  const peek = (): TokenType | undefined => tokens[i]?.type;
  const take = (): Token => {
    const t = tokens[i++]!;
    if (t.type === 'name' && KEYWORDS.has(t.text)) throw LEAVE;
    return t;
  };
  const enter = (): void => {
    if (++depth > MAX_DEPTH) throw LEAVE;
  };

  const sum = (): Syntax => {
    let left = product();
    for (let t = peek(); t === 'plus' || t === 'minus'; t = peek()) {
      const op = take();
      left = S.binary(left, op, product());
    }
    return left;
  };
  const product = (): Syntax => {
    let left = unary();
    for (let t = peek(); t === 'times' || t === 'divide'; t = peek()) {
      const op = take();
      left = S.binary(left, op, unary());
    }
    return left;
  };
  // `unary` and `exponent` differ only in what nearley names them.
  const signed = (): Syntax => {
    const t = peek();
    if (t === 'minus' || t === 'plus') {
      const op = take();
      enter();
      const operand = signed();
      depth--;
      return S.unary(op, operand);
    }
    return power();
  };
  const unary = signed;
  const power = (): Syntax => {
    const base = primary();
    if (peek() !== 'caret') return base;
    const op = take();
    enter();
    const exponent = signed();
    depth--;
    return S.binary(base, op, exponent);
  };
  const primary = (): Syntax => {
    const t = peek();
    if (t === 'number') return S.number(take());
    if (t === 'lparen') {
      const open = take();
      enter();
      const inner = sum();
      depth--;
      if (peek() !== 'rparen') throw LEAVE;
      return S.group(open, inner, take());
    }
    if (t !== 'name') throw LEAVE;
    const name = take();
    if (peek() !== 'lparen') return S.name(name);
    take();
    enter();
    if (peek() === 'rparen') {
      depth--;
      return S.call(name, [], take());
    }
    let args = S.list(sum());
    while (peek() === 'comma') {
      take();
      args = S.append(args, sum());
    }
    depth--;
    if (peek() !== 'rparen') throw LEAVE;
    return S.call(name, args, take());
  };

  try {
    const target = S.name(first);
    const value = sum();
    const end = peek();
    if (end !== undefined && end !== 'newline' && end !== 'semicolon') return undefined;
    return { syntax: S.define(target, value), next: end === undefined ? i : i + 1 };
  } catch (err) {
    if (err === LEAVE) return undefined;
    throw err;
  }
}
