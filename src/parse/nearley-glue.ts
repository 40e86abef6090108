/**
 * What both parsers need around nearley: a lexer that hands it tokens lexed
 * beforehand, and the parts of nearley's chart read to say what was
 * expected at a syntax error (nearley's own report dumps parser states and
 * can take seconds: it is never used; these are not in its published types).
 */

import type nearley from 'nearley';

/** Hands nearley a ready list of tokens (`load` them, then `feed('')`). */
export class TokenFeed<T extends nearley.Token> implements nearley.Lexer {
  private queue: readonly T[] = [];
  private index = 0;
  constructor(tokens: readonly T[] = []) {
    this.load(tokens);
  }
  load(tokens: readonly T[]): void {
    this.queue = tokens;
    this.index = 0;
  }
  reset(): void {
    // The tokens were lexed beforehand and loaded with `load`.
  }
  next(): T | undefined {
    return this.queue[this.index++];
  }
  save(): nearley.LexerState {
    return {};
  }
  formatError(): string {
    return '';
  }
}

/** What nearley keeps that we read: the chart column before the failing token. */
export interface NearleyState {
  readonly rule: { readonly name: string; readonly symbols: readonly unknown[] };
  readonly dot: number;
  readonly reference: number;
  readonly isComplete: boolean;
}
export interface NearleyColumn {
  readonly states: readonly NearleyState[];
  readonly scannable: readonly NearleyState[];
}
export interface NearleyInternals {
  table: NearleyColumn[];
  current: number;
  reportError: () => string;
  reportLexerError: () => string;
}

/** The terminal types the parser's current chart column can take, and whether what came before is a complete start symbol. */
export function expectedAt(parser: nearley.Parser, start: string): { expected: Set<string>; complete: boolean } {
  const internals = parser as unknown as NearleyInternals;
  const column = internals.table[internals.current];
  const expected = new Set<string>();
  let complete = false;
  for (const state of column?.scannable ?? []) {
    const symbol = state.rule.symbols[state.dot] as { type?: string } | undefined;
    if (symbol?.type !== undefined) expected.add(symbol.type);
  }
  for (const state of column?.states ?? []) {
    if (state.isComplete && state.reference === 0 && state.rule.name === start) complete = true;
  }
  return { expected, complete };
}
