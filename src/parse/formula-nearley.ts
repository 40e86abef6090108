/**
 * Running the ASCII grammar (grammar/formula.ne) with nearley: one shared
 * parser per start symbol, token feeding, and the first token nearley
 * refuses with what it expected instead.
 *
 * Invariant: nearley's own error report is never built (it dumps parser
 * states and can take seconds); a refused token becomes a `Problem` that
 * read-statement.ts turns into a message.
 */

import nearley from 'nearley';
import compiled from '../../grammar/formula.js';
import type { Token } from './lexer.ts';
import { expectedAt, TokenFeed, type NearleyInternals } from './nearley-glue.ts';

/** A file of statements, or one expression on its own. */
export type Mode = 'file' | 'expression';

/** The first thing wrong in a statement, found while reading it. */
export type Problem =
  | { readonly kind: 'syntax'; readonly token: Token; readonly expected: ReadonlySet<string>; readonly complete: boolean }
  | { readonly kind: 'deep' | 'character'; readonly token: Token };

const FILE_GRAMMAR = nearley.Grammar.fromCompiled(compiled);
const EXPRESSION_GRAMMAR = nearley.Grammar.fromCompiled(compiled);
EXPRESSION_GRAMMAR.start = 'expression';

/** The grammar of a mode: a file's statements, or one expression. */
export const grammar = (mode: Mode): nearley.Grammar => (mode === 'file' ? FILE_GRAMMAR : EXPRESSION_GRAMMAR);

interface SharedParser {
  readonly parser: nearley.Parser;
  readonly feed: TokenFeed<Token>;
  /** The chart's first column: the start symbol's predictions, which feeding never changes. */
  readonly initial: ReturnType<nearley.Parser['save']>;
}
const sharedParsers = new Map<nearley.Grammar, SharedParser>();

/**
 * A parser at the start of the grammar. There is one per grammar, rewound
 * to its first column for each statement instead of built anew: predicting
 * the start symbol was a good part of parsing a short statement. Statements
 * are parsed one after another, never inside each other, so one is enough.
 */
export function startParser(g: nearley.Grammar): { parser: nearley.Parser; feed: TokenFeed<Token> } {
  const shared = sharedParsers.get(g);
  if (shared) {
    shared.parser.restore(shared.initial);
    return shared;
  }
  const feed = new TokenFeed<Token>();
  const parser = new nearley.Parser(g, { lexer: feed });
  const internals = parser as unknown as NearleyInternals;
  // nearley builds a long report before it throws (kach/nearley#475); we never read it.
  internals.reportError = () => '';
  internals.reportLexerError = () => '';
  const made = { parser, feed, initial: parser.save() };
  sharedParsers.set(g, made);
  return made;
}

/** Feed tokens; on the first one nearley cannot take, say which and what it expected instead. */
export function feedTokens(parser: nearley.Parser, feed: TokenFeed<Token>, tokens: readonly Token[]): Problem | undefined {
  feed.load(tokens);
  try {
    parser.feed('');
    return undefined;
  } catch (err) {
    const token = (err as { token?: Token }).token;
    if (token === undefined) throw err;
    return { kind: 'syntax', token, ...expectedAt(parser, parser.grammar.start) };
  }
}

/** Feed a whole token list to a fresh parser (for `countParses`). */
export function runNearley(g: nearley.Grammar, tokens: readonly Token[]): { results: readonly unknown[]; failedAt?: Token } {
  const { parser, feed } = startParser(g);
  const problem = feedTokens(parser, feed, tokens);
  return problem === undefined ? { results: parser.results ?? [] } : { results: [], failedAt: problem.token };
}
