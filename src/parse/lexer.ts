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
 *
 * Two readers of the same rules: moo, and a hand-written scanner for lines
 * of plain ASCII (`readPlainLine`). A long file is mostly lines like
 * `a12 = sin(a11) + p12*a11`, and moo spent about 3 KB per such line (a
 * match array per token with a group per rule, its token objects) — a
 * large part of reading 100,000 definitions was collecting that garbage.
 * The scanner reads a line with `charCodeAt` and builds only our tokens;
 * at any character it does not read (non-ASCII, a look-alike, anything moo
 * calls `bad`) the line is handed to moo whole; a comment's text is skipped
 * unread, whatever its characters. Both feed the same `accept`, which makes
 * the tokens (mapped values, `implicit`, `d`/`diff`). The scanner takes its
 * literals and character classes from RULES itself; what it writes again by
 * hand is marked at the rule (the number rule, a name's closing `'`, `#`,
 * `..`), and test/lexer-fast-path.test.ts checks that the two readers give
 * the same tokens (`tokenizeWithMoo` is moo alone).
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

// Classes of characters, as a RegExp writes them inside `[...]`: the rules
// are built from them, and the plain-line scanner tests each ASCII character
// against them (CLASS below), so the two readers cannot disagree on them.
// Letters of names: ASCII and the Greek letters (with the variant forms ϑ ϕ ϵ).
const LETTER = 'A-Za-z\\u0391-\\u03A9\\u03B1-\\u03C9\\u03D1\\u03D5\\u03F5';
/** What continues a name after its first letter. */
const NAME_TAIL = `${LETTER}0-9_`;
/** Blanks between tokens. */
const SPACE = ' \\t\\r\\f\\v\\u00a0';

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
// instead of running the combined regular expression (and so does the
// plain-line scanner, LITERAL_RULE below).
const RULES: moo.Rules = {
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
  ws: new RegExp(`[${SPACE}]+`),
  // `#` to the end of the line (read again by the scanner's COMMENT case).
  comment: /#[^\n]*/,
  // `1..3` is a range, so a decimal point is never followed by another one.
  // Written again by hand in `numberEnd`, which must read the same.
  number: /(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  // The closing `'` is read again by the scanner's LETTER_START case.
  name: new RegExp(`[${LETTER}][${NAME_TAIL}]*'?`),
  // Read again by the scanner's DOT case.
  range: '..',
  // Anything else is one bad character (a surrogate pair counts as one).
  bad: /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\n]/,
  error: moo.error,
};
const mooLexer = moo.compile(RULES);

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

/** The tokens of `source` as `tokenize` gives them, every line read by moo (what the plain-line scanner is checked against). */
export function tokenizeWithMoo(source: string): Token[] {
  const out: Token[] = [];
  mooInto(out, source, 0, source.length);
  return out;
}

/**
 * Characters per piece of `tokenPieces`, before it is extended to the end of a line with no
 * bracket open: small enough that a piece's list of tokens is an ordinary young object (a list
 * past 128 KB is allocated afresh from the system each time, page by page).
 */
const PIECE = 1 << 14;

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
 * start, `to` after a newline or at the end: no token is cut). True when
 * moo gave up (the rest is one `bad` token, and nothing after it is read).
 * A line of plain ASCII is read by `readPlainLine`; any other line by moo.
 */
function lexInto(out: Token[], source: string, from: number, to: number): boolean {
  let at = from;
  while (at < to) {
    const mark = out.length;
    const next = readPlainLine(out, source, at, to);
    if (next >= 0) {
      at = next;
      continue;
    }
    // Only this line's tokens are dropped: `accept` changes no token before
    // the line's first, which follows a newline token (or nothing).
    out.length = mark;
    // moo reads this line and the non-ASCII lines after it in one go (a file
    // pasted from a PDF has a look-alike on most lines).
    let end = lineEnd(source, at, to);
    while (end < to && !isAscii(source, end, lineEnd(source, end, to))) end = lineEnd(source, end, to);
    if (mooInto(out, source, at, end)) return true;
    at = end;
  }
  return false;
}

/** The index after the newline that ends the line at `source[at]`, or `to`. */
function lineEnd(source: string, at: number, to: number): number {
  const newline = source.indexOf('\n', at);
  return newline < 0 || newline >= to ? to : newline + 1;
}

function isAscii(source: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (source.charCodeAt(i) >= 128) return false;
  return true;
}

/** `lexInto` with moo reading every line: what the plain-line scanner must equal. */
function mooInto(out: Token[], source: string, from: number, to: number): boolean {
  mooLexer.reset(from === 0 && to === source.length ? source : source.slice(from, to));
  for (let t = mooLexer.next(); t !== undefined; t = mooLexer.next()) {
    if (accept(out, t.type ?? 'bad', t.text, from + t.offset)) return true;
  }
  return false;
}

/** Tokens read so far, for the time check every 4096. */
let accepted = 0;

/**
 * Append the token(s) of one match of the rule `rule` (a key of RULES) at
 * `offset`, from moo or from the plain-line scanner. True when moo gave up.
 */
function accept(out: Token[], rule: string, text: string, offset: number): boolean {
  if ((++accepted & 0xfff) === 0) checkTime('reading');
  switch (rule) {
    case 'ws': case 'comment':
      return false;
    case 'minus': case 'times':
      emit(out, make(rule, text, offset, MAPPED_VALUE[text] ?? text));
      return false;
    case 'square': case 'cube':
      emit(out, make('caret', text, offset, '^'));
      emit(out, make('number', text, offset, rule === 'square' ? '2' : '3'));
      return false;
    case 'error':
      emit(out, make('bad', text.slice(0, 1), offset));
      return true;
    case 'bad':
      if (offset === 0 && text === '\ufeff') return false;
      emit(out, make('bad', text, offset));
      return false;
    default:
      emit(out, make(rule as TokenType, text, offset));
      return false;
  }
}

/** Append `t`, after an `implicit` token when a number touches it, and turn a `d`/`diff` name before `(` into its type. */
function emit(out: Token[], t: Token): void {
  const previous = out[out.length - 1];
  if (previous !== undefined) {
    // `d(` and `diff(` start a derivative, not a call.
    if (t.type === 'lparen' && previous.type === 'name' && (previous.text === 'd' || previous.text === 'diff')) {
      out[out.length - 1] = make(previous.text === 'd' ? 'd' : 'diff', previous.text, previous.offset);
    }
    // `2x`, `2(x+1)`: a number directly before an operand multiplies it.
    if (previous.type === 'number' && t.offset === previous.offset + previous.length && STARTS_PRODUCT_OPERAND.has(t.type)) {
      out.push({ type: 'implicit', text: '', value: '*', offset: t.offset, length: 0 });
    }
  }
  out.push(t);
}

// What starts a token at an ASCII character, tried in moo's order: its
// table of single-character literals, then the rules in RULES order.
const OTHER = 0, LITERAL = 1, BLANK = 2, COMMENT = 3, DIGIT = 4, DOT = 5, LETTER_START = 6;

/** The rule of each single-character ASCII literal, as moo's table has them (the literals before its first regular expression). */
const LITERAL_RULE: (string | undefined)[] = new Array<string | undefined>(128).fill(undefined);
literals: for (const [rule, match] of Object.entries(RULES)) {
  const literal = typeof match === 'string' ? [match]
    : Array.isArray(match) && match.every((m) => typeof m === 'string') ? match as string[]
      : typeof match === 'object' && match !== null && 'match' in match && typeof match.match === 'string' ? [match.match]
        : undefined;
  if (literal === undefined) break;
  for (const text of literal) {
    if (text.length !== 1) break literals;
    if (text.charCodeAt(0) < 128) LITERAL_RULE[text.charCodeAt(0)] = rule;
  }
}

const CLASS = new Uint8Array(128);
const IN_NAME = new Uint8Array(128);
{
  const blank = new RegExp(`^[${SPACE}]$`);
  const nameStart = new RegExp(`^[${LETTER}]$`);
  const nameTail = new RegExp(`^[${NAME_TAIL}]$`);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    CLASS[c] = LITERAL_RULE[c] !== undefined ? LITERAL : blank.test(ch) ? BLANK : ch === '#' ? COMMENT
      : ch >= '0' && ch <= '9' ? DIGIT : ch === '.' ? DOT : nameStart.test(ch) ? LETTER_START : OTHER;
    IN_NAME[c] = nameTail.test(ch) ? 1 : 0;
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Read the line at `source[at]` (up to and including its newline, never past
 * `to`) into `out`, as moo reads it; the index after it, or -1 when the line
 * has a character this scanner does not read (then moo reads the line).
 */
function readPlainLine(out: Token[], source: string, at: number, to: number): number {
  let i = at;
  while (i < to) {
    const c = source.charCodeAt(i);
    if (c >= 128) return -1;
    switch (CLASS[c]) {
      case LITERAL:
        accept(out, LITERAL_RULE[c]!, source[i]!, i);
        i++;
        if (c === 10) return i;
        continue;
      case BLANK:
        i++;
        continue;
      case COMMENT: {
        const newline = source.indexOf('\n', i);
        i = newline < 0 || newline >= to ? to : newline;
        continue;
      }
      case DIGIT: case DOT: {
        if (c === 46 && !(i + 1 < to && isDigit(source.charCodeAt(i + 1)))) {
          if (!(i + 1 < to && source.charCodeAt(i + 1) === 46)) return -1;
          accept(out, 'range', '..', i);
          i += 2;
          continue;
        }
        const end = numberEnd(source, i, to);
        accept(out, 'number', source.slice(i, end), i);
        i = end;
        continue;
      }
      case LETTER_START: {
        let end = i + 1;
        while (end < to) {
          const d = source.charCodeAt(end);
          if (d >= 128 || IN_NAME[d] === 0) break;
          end++;
        }
        if (end < to && source.charCodeAt(end) === 39) end++;
        accept(out, 'name', source.slice(i, end), i);
        i = end;
        continue;
      }
      default:
        return -1;
    }
  }
  return i;
}

/**
 * The end of the number at `source[i]` (a digit, or a `.` before a digit),
 * read as RULES.number reads it: `(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][+-]?\d+)?`.
 */
function numberEnd(source: string, i: number, to: number): number {
  let j = i;
  while (j < to && isDigit(source.charCodeAt(j))) j++;
  if (j < to && source.charCodeAt(j) === 46 && !(j + 1 < to && source.charCodeAt(j + 1) === 46)) {
    j++;
    while (j < to && isDigit(source.charCodeAt(j))) j++;
  }
  if (j < to && (source.charCodeAt(j) | 32) === 101) {
    let k = j + 1;
    if (k < to && (source.charCodeAt(k) === 43 || source.charCodeAt(k) === 45)) k++;
    if (k < to && isDigit(source.charCodeAt(k))) {
      while (k < to && isDigit(source.charCodeAt(k))) k++;
      j = k;
    }
  }
  return j;
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
