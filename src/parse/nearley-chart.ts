/**
 * The parts of nearley's chart that the parsers read to say what was
 * expected at a syntax error (nearley's own report dumps parser states and
 * can take seconds: it is never used). Not in nearley's published types.
 */

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
