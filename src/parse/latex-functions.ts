/**
 * Function notation in LaTeX notes (SPEC §6): `f(z) = z^2` defines the
 * function f, and afterwards `f(3)` anywhere in the notes is a call of it,
 * while a juxtaposition that is not of a defined function stays a product
 * (`out_{o1}(1 - out_{o1})`).
 *
 * Invariant: only the tokens are looked at here. A definition is a
 * statement that starts with one plain name, a parenthesised list of plain
 * names and `=`; a call is a defined function's name directly followed by
 * "(", retyped as a function token so that the grammar reads it as it
 * reads `\sin(x)`.
 */

import { canonicalName } from '../expr/names.ts';
import type { LatexToken } from './latex-token.ts';

/** The relations that define (`\approx` is a claim of nearness, never a definition). */
const DEFINES: ReadonlySet<string> = new Set(['=', ':=']);

/** Whether a statement's tokens start `f(z) =` or `L(w, b) =`: a single name, then distinct names in brackets. */
export function startsFunctionDefinition(tokens: readonly LatexToken[]): boolean {
  if (tokens[0]?.type !== 'name' || tokens[1]?.type !== 'lparen') return false;
  const params = new Set<string>();
  for (let i = 2; i < tokens.length; i += 2) {
    const t = tokens[i]!;
    if (t.type !== 'name' || params.has(canonicalName(t.value))) return false;
    params.add(canonicalName(t.value));
    const after = tokens[i + 1];
    if (after?.type === 'rparen') return DEFINES.has(tokens[i + 2]?.type === 'rel' ? tokens[i + 2]!.text : '');
    if (after?.type !== 'comma') return false;
  }
  return false;
}

/** The tokens with every defined function's name that is directly followed by "(" read as a call. */
export function withFunctionCalls(tokens: readonly LatexToken[], defined: (name: string) => boolean): LatexToken[] {
  return tokens.map((t, i) => (t.type === 'name' && tokens[i + 1]?.type === 'lparen' && defined(canonicalName(t.value))
    ? { ...t, type: 'fn', value: canonicalName(t.value) }
    : t));
}
