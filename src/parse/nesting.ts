/**
 * The nesting limit of the ASCII language: brackets, unary signs and `^`
 * chains counted as tokens arrive, so that no statement nested deeper than
 * MAX_NESTING ever reaches nearley or a recursive pass.
 */

import { ENDS_OPERAND, type Token } from './lexer.ts';

/** Deepest nesting of brackets, unary operators and `^` accepted. */
export const MAX_NESTING = 200;

/**
 * Counts nesting as tokens arrive: brackets, unary signs and `^` chains
 * (`-x^-y` is three levels). `tooDeep` is true for the first token deeper
 * than MAX_NESTING, before nearley or any recursive pass sees it.
 */
export class NestingCounter {
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
