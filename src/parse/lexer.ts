/**
 * The lexer of the ASCII formula language (SPEC §2): source text → tokens.
 *
 * Invariants:
 * - it never throws: a character no rule knows becomes a `bad` token that
 *   the parser reports with its position (moo's own error would echo raw
 *   source and lose the position);
 * - every token keeps the UTF-16 offset and length of the text it came from,
 *   so a caret lands on what the user wrote, also for mapped look-alikes
 *   (`−` is a minus, `·` `⋅` `×` are times, `²` is `^2`);
 * - a number directly followed by a name or `(` gets an `implicit`
 *   multiplication token after it (`2x`, `2(x+1)`), which the grammar treats
 *   like `*`;
 * - `d` and `diff` followed by `(` get their own token types, so that
 *   `d(E)/d(w5)` is never read as two calls.
 *
 * Newlines are tokens here; the parser decides which ones end a statement
 * (none inside an open bracket) and which names are statement keywords
 * (`derive`, `wrt`, `claim`, and `for` after an indexed definition).
 */

import moo from 'moo';
import { checkTime } from '../limits.ts';

export type TokenType =
  | 'number' | 'name' | 'd' | 'diff' | 'partial'
  | 'plus' | 'minus' | 'times' | 'divide' | 'caret' | 'implicit' | 'matmul'
  | 'lparen' | 'rparen' | 'lbracket' | 'rbracket'
  | 'comma' | 'equals' | 'semicolon' | 'colon' | 'range'
  | 'newline' | 'derive' | 'wrt' | 'claim' | 'forKeyword' | 'bad';

export interface Token {
  readonly type: TokenType;
  /** The source text the token came from (`−`, `²`, `w_5`). */
  readonly text: string;
  /** The meaning: `-` for `−`, `2` for the exponent of `²`; equal to `text` otherwise. */
  readonly value: string;
  /** UTF-16 offset of `text` in the source. */
  readonly offset: number;
  /** UTF-16 length of `text` (0 for the synthetic `implicit` token). */
  readonly length: number;
}

const TOKEN_TYPES: ReadonlySet<string> = new Set<TokenType>([
  'number', 'name', 'd', 'diff', 'partial', 'plus', 'minus', 'times', 'divide', 'caret', 'implicit', 'matmul',
  'lparen', 'rparen', 'lbracket', 'rbracket', 'comma', 'equals', 'semicolon', 'colon', 'range',
  'newline', 'derive', 'wrt', 'claim', 'forKeyword', 'bad',
]);

/** What the generated grammar needs of a lexer at load time: which token types exist. */
export const tokenTypes = { has: (type: string): boolean => TOKEN_TYPES.has(type) };

// Letters of names: ASCII and the Greek letters (with the variant forms ϑ ϕ ϵ).
const LETTER = 'A-Za-z\\u0391-\\u03A9\\u03B1-\\u03C9\\u03D1\\u03D5\\u03F5';

/**
 * Arithmetic as both input languages write it, PDF look-alikes included
 * (`−` U+2212 is minus; `·` `⋅` `×` are times; `²` `³` are powers).
 */
export const ARITHMETIC_LITERALS: moo.Rules = {
  plus: '+',
  minus: ['-', '\u2212'],
  times: ['*', '\u00b7', '\u22c5', '\u00d7'],
  divide: '/',
  caret: '^',
  square: '\u00b2',
  cube: '\u00b3',
};

// Single-character literals come first: moo looks them up in a table
// instead of running the combined regular expression.
const mooLexer = moo.compile({
  newline: { match: '\n', lineBreaks: true },
  ...ARITHMETIC_LITERALS,
  lparen: '(',
  rparen: ')',
  lbracket: '[',
  rbracket: ']',
  comma: ',',
  equals: '=',
  semicolon: ';',
  colon: ':',
  // The matrix product (SPEC §12), as NumPy writes it.
  matmul: '@',
  partial: '\u2202',
  ws: /[ \t\r\f\v\u00a0]+/,
  comment: /#[^\n]*/,
  // `1..3` is a range, so a decimal point is never followed by another one.
  number: /(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  name: new RegExp(`[${LETTER}][${LETTER}0-9_]*'?`),
  range: '..',
  // Anything else is one bad character (a surrogate pair counts as one).
  bad: /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\n]/,
  error: moo.error,
});

const MAPPED_VALUE: Readonly<Record<string, string>> = { '\u2212': '-', '\u00b7': '*', '\u22c5': '*', '\u00d7': '*' };

/** Token types after which a `-` or `+` is binary. */
export const ENDS_OPERAND: ReadonlySet<TokenType> = new Set<TokenType>(['number', 'name', 'rparen', 'rbracket']);

const STARTS_PRODUCT_OPERAND: ReadonlySet<TokenType> = new Set<TokenType>(['name', 'd', 'diff', 'partial', 'lparen']);

const make = (type: TokenType, text: string, offset: number, value: string = text): Token =>
  ({ type, text, value, offset, length: text.length });

/** The tokens of `source`, spaces and comments dropped, newlines kept. */
export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  lexInto(out, source, 0, source.length);
  return out;
}

/** Characters per piece of `tokenPieces`, before it is extended to the end of a line with no bracket open. */
const PIECE = 1 << 16;

/**
 * The tokens of `source`, as `tokenize` gives them, in pieces of whole
 * lines: each piece ends at a newline where no bracket is open, so no
 * statement spans two pieces (a statement's own count of open brackets
 * starts at 0 at its start, and is never above the piece's). A long file is
 * read a piece at a time, and the tokens of the pieces already read are
 * garbage: all the tokens of a file of 100,000 definitions at once were a
 * fifth of a gigabyte.
 */
export function* tokenPieces(source: string, pieceSize = PIECE): Generator<Token[]> {
  let from = 0;
  while (from < source.length) {
    const piece: Token[] = [];
    let depth = 0;
    let to = from;
    let stopped = false;
    do {
      const newline = source.indexOf('\n', Math.min(to + pieceSize, source.length));
      const end = newline < 0 ? source.length : newline + 1;
      const first = piece.length;
      stopped = lexInto(piece, source, to, end);
      depth = openedIn(piece, first, depth);
      to = end;
    } while (depth > 0 && !stopped && to < source.length);
    yield piece;
    if (stopped) return;
    from = to;
  }
}

/** Brackets left open after `tokens[first..]`, given `depth` open before (a closer with none open closes nothing). */
function openedIn(tokens: readonly Token[], first: number, depth: number): number {
  for (let i = first; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isOpener(t)) depth++;
    else if (isCloser(t) && depth > 0) depth--;
  }
  return depth;
}

/**
 * Append the tokens of `source[from, to)` to `out` (`from` at a line's
 * start: no token is cut). True when moo gave up (the rest is one `bad`
 * token, and nothing after it is read).
 */
function lexInto(out: Token[], source: string, from: number, to: number): boolean {
  mooLexer.reset(from === 0 && to === source.length ? source : source.slice(from, to));
  const emit = (t: Token): void => {
    const previous = out[out.length - 1];
    if (previous !== undefined) {
      if (t.type === 'lparen' && previous.type === 'name' && (previous.text === 'd' || previous.text === 'diff')) {
        out[out.length - 1] = make(previous.text === 'd' ? 'd' : 'diff', previous.text, previous.offset);
      }
      if (previous.type === 'number' && t.offset === previous.offset + previous.length && STARTS_PRODUCT_OPERAND.has(t.type)) {
        out.push({ type: 'implicit', text: '', value: '*', offset: t.offset, length: 0 });
      }
    }
    out.push(t);
  };
  let seen = 0;
  for (let t = mooLexer.next(); t !== undefined; t = mooLexer.next()) {
    if ((++seen & 0xfff) === 0) checkTime('reading');
    const type = t.type ?? 'bad';
    const offset = from + t.offset;
    switch (type) {
      case 'ws': case 'comment':
        continue;
      case 'minus': case 'times':
        emit(make(type, t.text, offset, MAPPED_VALUE[t.text] ?? t.text));
        continue;
      case 'square': case 'cube':
        emit(make('caret', t.text, offset, '^'));
        emit(make('number', t.text, offset, type === 'square' ? '2' : '3'));
        continue;
      case 'error':
        emit(make('bad', t.text.slice(0, 1), offset));
        return true;
      case 'bad':
        if (offset === 0 && t.text === '\ufeff') continue;
        emit(make('bad', t.text, offset));
        continue;
      default:
        emit(make(type as TokenType, t.text, offset));
    }
  }
  return false;
}

export const isOpener = (t: Token): boolean => t.type === 'lparen' || t.type === 'lbracket';
export const isCloser = (t: Token): boolean => t.type === 'rparen' || t.type === 'rbracket';

/** The outermost bracket of `tokens` that is never closed, if any (a stray closer closes nothing). */
export function unclosedBracket(tokens: readonly Token[]): Token | undefined {
  const stack: Token[] = [];
  for (const t of tokens) {
    if (isOpener(t)) stack.push(t);
    else if (isCloser(t)) stack.pop();
  }
  return stack[0];
}

/** A statement keyword token in place of a name token. */
export const asKeyword = (t: Token, type: 'derive' | 'wrt' | 'claim' | 'forKeyword'): Token => make(type, t.text, t.offset);
