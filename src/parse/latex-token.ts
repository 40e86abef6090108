/**
 * The tokens of LaTeX input: what the lexer (latex-lexer.ts) and the
 * notation passes (latex-names.ts) make and the grammar reads. Every token
 * keeps the UTF-16 offset and length of the source text it came from.
 */

import type { Message } from '../messages/message.ts';

export type LatexTokenType =
  // what the grammar reads
  | 'number' | 'name' | 'fn' | 'frac' | 'sqrt' | 'differential' | 'sum' | 'ellipsis'
  | 'plus' | 'minus' | 'times' | 'divide' | 'caret' | 'underscore' | 'prime'
  | 'lparen' | 'rparen' | 'lbrack' | 'rbrack' | 'lbrace' | 'rbrace' | 'lset' | 'rset' | 'lbar' | 'rbar'
  | 'comma' | 'rel' | 'amp' | 'newline' | 'begin' | 'end'
  | 'nabla' | 'compare' | 'beginCases' | 'endCases'
  // what the passes here and the statement splitter consume
  | 'separator' | 'text' | 'bar' | 'left' | 'right' | 'bad';

export interface LatexToken {
  readonly type: LatexTokenType;
  /** The source text (`\cdot`, `\mathrm{out}`, `2` of a cut `23`). */
  readonly text: string;
  /**
   * The meaning: `*` for `\cdot`, `out` for `\mathrm{out}`, `gamma` for
   * `\gamma`, the function name for `fn`, the delimiter for `left`/`right`,
   * the environment for `begin`/`end`, the content for `text`.
   */
  readonly value: string;
  /** UTF-16 offset of `text` in the block. */
  readonly offset: number;
  /** UTF-16 length of `text`. */
  readonly length: number;
  /** For a `name`: the function it calls when directly followed by "(" (`\sigma` → sigmoid). */
  readonly callable?: string;
  /** A piece of a longer source token, cut by TeX's one-token argument rule (`x^23` → `2`, `3`). */
  readonly cut?: boolean;
  /** For a `separator`: only spacing when inside brackets (`\quad`), not a misplaced statement break. */
  readonly spacing?: boolean;
  /** For a `bad` token: what is wrong. A parameter AT in it stands for the position of `related`. */
  readonly message?: Message;
  readonly related?: { readonly offset: number; readonly length: number };
}

export const tok = (type: LatexTokenType, text: string, offset: number, value: string = text, extra: Partial<LatexToken> = {}): LatexToken =>
  ({ type, text, value, offset, length: text.length, ...extra });

/** The parameter of a `bad` token's message that becomes the position of its `related` token (line:column). */
export const AT = '{at}';

export const bad = (text: string, offset: number, message: Message, related?: LatexToken['related']): LatexToken =>
  tok('bad', text, offset, text, { message, ...(related ? { related } : {}) });

