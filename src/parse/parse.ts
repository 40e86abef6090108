/**
 * The public entry points of the ASCII formula language (SPEC §2):
 * `parseExpression` for one expression, `parseFile` for a file of
 * statements.
 *
 *   text ─tokenize─► tokens ─readStatement─► one statement's tokens
 *        ─nearley (grammar/formula.ne)─► Syntax ─lower─► Expr
 *
 * A file's statements are all read before any is lowered (lower-file.ts): a
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
 * - a plain definition (`a1 = sin(a0) + p1*a0`) is read without nearley,
 *   to the very syntax nearley gives it (simple-statement.ts);
 * - nearley's own error report is never built (it dumps parser states and
 *   can take seconds): messages are made from the offending token and the
 *   terminals the grammar could have accepted instead (read-statement.ts,
 *   formula-messages.ts);
 * - the grammar is unambiguous: more than one parse is a bug and throws.
 */

import { NablaError } from '../errors.ts';
import type { Expr } from '../expr/node.ts';
import { checkTime } from '../limits.ts';
import { msg } from '../messages/format.ts';
import { tokenize, tokenPieces, type Token } from './lexer.ts';
import { lowerExpression } from './lower.ts';
import { lowerStatements } from './lower-file.ts';
import type { Statement } from './statement.ts';
import { locator, type StatementSyntax, type Syntax } from './syntax.ts';
import { grammar, runNearley } from './formula-nearley.ts';
import { readStatement, statementKeyword } from './read-statement.ts';
import { readSimpleDefinition } from './simple-statement.ts';
import { lowerMatrixFile, usesMatrixAlgebra, WHOLE_MATRIX_FUNCTIONS, type MatrixClaim } from './lower-matrix.ts';
import type { MatrixProgram } from '../matrix/program.ts';

/** Largest input accepted, in UTF-8 bytes. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

export interface ParsedFile {
  /** The statements that parsed, in source order. */
  readonly statements: Statement[];
  /** One error per statement that did not, in source order. */
  readonly errors: NablaError[];
  /** A file in matrix algebra (SPEC §12): its program; `statements` is then empty. */
  readonly matrix?: MatrixProgram;
  /** Its `claim` lines, each side lowered on its own. */
  readonly matrixClaims?: readonly MatrixClaim[];
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
  try {
    checkSize(text);
  } catch (err) {
    return { statements: [], errors: [err as NablaError] };
  }
  const locate = locator(text);
  // Every statement is read first: what a name means (a number or a matrix)
  // may depend on a definition further down. The tokens are read a piece at a time
  // (no statement spans two), and each piece is garbage once its statements are read.
  const read: (StatementSyntax | NablaError)[] = [];
  let matrixAlgebra = false;
  for (const tokens of tokenPieces(text)) {
    if (!matrixAlgebra && mayUseMatrixAlgebra(tokens)) matrixAlgebra = true;
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.type === 'newline' || t.type === 'semicolon') {
        i++;
        continue;
      }
      checkTime('reading the file');
      const simple = readSimpleDefinition(tokens, i);
      if (simple !== undefined) {
        i = simple.next;
        read.push(simple.syntax);
        continue;
      }
      const one = readStatement(tokens, i, 'file', text, locate);
      i = one.next;
      read.push(one.error ?? (one.syntax as StatementSyntax));
    }
  }
  if (matrixAlgebra && usesMatrixAlgebra(read)) {
    const m = lowerMatrixFile(read, text, locate);
    return { statements: [], errors: m.errors, matrix: m.program, matrixClaims: m.claims };
  }
  // The lowered lists as they are: a copy of a long file's 200,000 statements is a large object made afresh.
  // `read` is used up, a statement at a time.
  return lowerStatements(read, text, locate);
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
  const outcome = runNearley(grammar(start === 'expression' ? 'expression' : 'file'), tokens);
  return outcome.failedAt === undefined ? outcome.results.length : 0;
}

/**
 * False when no token could make matrix algebra: every `@` of the syntax
 * is a `matmul` token and every call's name a `name` token, so a file
 * without those skips the walk over every statement's syntax.
 */
function mayUseMatrixAlgebra(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'matmul' || t.value === '@' || (t.type === 'name' && WHOLE_MATRIX_FUNCTIONS.has(t.text))) return true;
  }
  return false;
}

/** Refuse an input over MAX_INPUT_BYTES before any work is done on it. */
function checkSize(text: string): void {
  // Every UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 units).
  if (text.length * 3 <= MAX_INPUT_BYTES) return;
  const bytes = utf8Length(text);
  if (bytes > MAX_INPUT_BYTES) {
    const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
    throw new NablaError(msg('limit.input-size', { size: mib(bytes), max: mib(MAX_INPUT_BYTES) }), { line: 1, column: 1, offset: 0, length: 1 }, text);
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
