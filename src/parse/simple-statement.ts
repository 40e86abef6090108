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
  const reader = new Reader(tokens, start + 2);
  try {
    const target = S.name(first);
    const value = reader.sum();
    const end = reader.peek();
    if (end !== undefined && end !== 'newline' && end !== 'semicolon') return undefined;
    return { syntax: S.define(target, value), next: end === undefined ? reader.at : reader.at + 1 };
  } catch (err) {
    if (err === LEAVE) return undefined;
    throw err;
  }
}

/** Recursive descent over the plain tokens, one method per rule of grammar/formula.ne (a class: no closures per statement). */
class Reader {
  private depth = 0;

  constructor(private readonly tokens: readonly Token[], public at: number) {}

  peek(): TokenType | undefined {
    return this.tokens[this.at]?.type;
  }

  private take(): Token {
    const t = this.tokens[this.at++]!;
    if (t.type === 'name' && KEYWORDS.has(t.text)) throw LEAVE;
    return t;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw LEAVE;
  }

  /** sum -> sum (+|-) product | product */
  sum(): Syntax {
    let left = this.product();
    for (let t = this.peek(); t === 'plus' || t === 'minus'; t = this.peek()) {
      const op = this.take();
      left = S.binary(left, op, this.product());
    }
    return left;
  }

  /** product -> product (*|/) unary | unary (an implicit product or `@` leaves the subset) */
  private product(): Syntax {
    let left = this.signed();
    for (let t = this.peek(); t === 'times' || t === 'divide'; t = this.peek()) {
      const op = this.take();
      left = S.binary(left, op, this.signed());
    }
    return left;
  }

  /** unary -> (-|+) unary | power, and exponent -> (-|+) exponent | power: the same rule under two names. */
  private signed(): Syntax {
    const t = this.peek();
    if (t !== 'minus' && t !== 'plus') return this.power();
    const op = this.take();
    this.enter();
    const operand = this.signed();
    this.depth--;
    return S.unary(op, operand);
  }

  /** power -> primary ^ exponent | primary */
  private power(): Syntax {
    const base = this.primary();
    if (this.peek() !== 'caret') return base;
    const op = this.take();
    this.enter();
    const exponent = this.signed();
    this.depth--;
    return S.binary(base, op, exponent);
  }

  /** primary -> number | name | ( expression ) | name ( ) | name ( arguments ) */
  private primary(): Syntax {
    const t = this.peek();
    if (t === 'number') return S.number(this.take());
    if (t === 'lparen') {
      const open = this.take();
      this.enter();
      const inner = this.sum();
      this.depth--;
      if (this.peek() !== 'rparen') throw LEAVE;
      return S.group(open, inner, this.take());
    }
    if (t !== 'name') throw LEAVE;
    const name = this.take();
    if (this.peek() !== 'lparen') return S.name(name);
    this.take();
    this.enter();
    if (this.peek() === 'rparen') {
      this.depth--;
      return S.call(name, [], this.take());
    }
    let args = S.list(this.sum());
    while (this.peek() === 'comma') {
      this.take();
      args = S.append(args, this.sum());
    }
    this.depth--;
    if (this.peek() !== 'rparen') throw LEAVE;
    return S.call(name, args, this.take());
  }
}
