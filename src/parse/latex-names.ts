/**
 * Names as textbooks write them (SPEC §6), read from LaTeX tokens before the
 * grammar sees them:
 *
 * - a decoration is part of a name: `\hat{y}` is `y_hat` (also `\bar`,
 *   `\tilde`, `\vec`); bold is only typography, so `\mathbf{W}` and
 *   `\boldsymbol{x}` are `W` and `x` (SPEC §12);
 * - a layer superscript is part of a name: `W^{(2)}` is `W_L2`, and a power
 *   of such a name must be braced (`{a^{(1)}_1}^2`): `a^{(1)}_1^2` and
 *   `a^{(1)2}` are refused with that advice;
 * - `w \leftarrow …` is the update rule of w, read as `w' = …`;
 * - the names a block writes with a number subscript (`z_1`), so that `z_j`
 *   under `\sum_j` means those names rather than elements of a matrix.
 *
 * Invariant: a joined token covers exactly the source text of the tokens it
 * replaces (they must touch), so carets still land on what the user wrote.
 */

import { isGreekWord, type Decoration } from '../expr/names.ts';
import { msg, orList } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type { IndexScope } from './lower.ts';
import { bad, tok, type LatexToken } from './latex-token.ts';

/** A decorated letter or word: `\hat{y}`, `\mathbf{W}`, `\bar{\theta}`, `\vec{\mathrm{out}}`. */
export const DECORATED = /\\(?:hat|widehat|bar|overline|tilde|widetilde|vec|mathbf|boldsymbol|bm)\s*\{\s*(?:[A-Za-z]+|\\mathrm\s*\{[A-Za-z]+\}|\\[A-Za-z]+)\s*\}/;

/** The decoration each command stands for; bold commands stand for none. */
const DECORATION_OF: Readonly<Record<string, Decoration | undefined>> = {
  hat: 'hat', widehat: 'hat', bar: 'bar', overline: 'bar', tilde: 'tilde', widetilde: 'tilde', vec: 'vec',
};

/** The `name` token of a text DECORATED matched. */
export function lexDecorated(text: string, at: number): LatexToken {
  const m = /^\\([A-Za-z]+)\s*\{\s*(?:\\mathrm\s*\{([A-Za-z]+)\}|\\([A-Za-z]+)|([A-Za-z]+))\s*\}$/.exec(text)!;
  const command = m[1]!;
  const greek = m[3];
  if (greek !== undefined && !isGreekWord(greek)) {
    return bad(text, at, msg('latex.letter-inside', { command: `\\${command}{…}`, examples: orList([`\\${command}{y}`, `\\${command}{\\theta}`]) }));
  }
  const letters = m[2] ?? greek ?? m[4]!;
  const decoration = DECORATION_OF[command];
  return tok('name', text, at, decoration === undefined ? letters : `${letters}_${decoration}`);
}

const LAYER_POWER: Message = msg('latex.layer-power', { example: '{a^{(1)}_1}^2' });

const touches = (a: LatexToken, b: LatexToken | undefined): boolean => b !== undefined && a.offset + a.length === b.offset;

/** `^{(2)}` or `^{(l)}` at i (the caret), as the tokens lexRaw makes: the layer index, or undefined. */
function layerAt(tokens: readonly LatexToken[], i: number): string | undefined {
  const [caret, open, paren, index, close] = tokens.slice(i, i + 5);
  if (caret?.type !== 'caret' || open?.type !== 'lbrace' || paren?.type !== 'lparen' || close?.type !== 'rparen') return undefined;
  if (index === undefined || !(/^\d+$/.test(index.text) || (index.type === 'name' && /^[A-Za-z]$/.test(index.text)))) return undefined;
  return index.text;
}

/** Index after the script whose `_` or `^` is at i: a braced group or one token. */
function scriptEnd(tokens: readonly LatexToken[], i: number): number {
  if (tokens[i + 1]?.type !== 'lbrace') return i + 2;
  let level = 0;
  for (let k = i + 1; k < tokens.length; k++) {
    if (tokens[k]!.type === 'lbrace') level++;
    else if (tokens[k]!.type === 'rbrace' && --level === 0) return k + 1;
  }
  return tokens.length;
}

/** `^+` or `^{+}` at i: the update mark, which a layer name may take. */
const isUpdateMark = (tokens: readonly LatexToken[], i: number): boolean =>
  tokens[i + 1]?.type === 'plus' || (tokens[i + 1]?.type === 'lbrace' && tokens[i + 2]?.type === 'plus' && tokens[i + 3]?.type === 'rbrace');

/** Join each name and its layer superscript into one name token (see the module comment). */
export function joinLayerNames(tokens: readonly LatexToken[]): LatexToken[] {
  const out: LatexToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const layer = t.type === 'name' ? layerAt(tokens, i + 1) : undefined;
    const parts = tokens.slice(i, i + 7);
    if (layer === undefined || parts.length < 7 || !parts.every((p, k) => k === 0 || touches(parts[k - 1]!, p))) {
      out.push(t);
      continue;
    }
    const after = tokens[i + 7];
    if (parts[6]!.type !== 'rbrace') {
      // `a^{(1)2}`: something after the layer inside its braces.
      out.push(t, ...tokens.slice(i + 1, i + 6), bad(parts[6]!.text, parts[6]!.offset, LAYER_POWER));
      i += 6;
      continue;
    }
    out.push(tok('name', parts.map((p) => p.text).join(''), t.offset, `${t.value}_L${layer}`));
    i += 6;
    // `a^{(1)}_1^2`, `a^{(1)}^2`: a second superscript on the name.
    let k = i + 1;
    if (after?.type === 'underscore') k = scriptEnd(tokens, k);
    if (tokens[k]?.type === 'caret' && !isUpdateMark(tokens, k)) {
      out.push(...tokens.slice(i + 1, k), bad(tokens[k]!.text, tokens[k]!.offset, LAYER_POWER));
      i = k;
    }
  }
  return out;
}

/**
 * `w \leftarrow w - \eta g` is `w' = w - \eta g`: before each arrow (a `rel`
 * whose value is `←`) a prime marks the name on its left as the update.
 */
export function readUpdateArrows(tokens: readonly LatexToken[]): LatexToken[] {
  return tokens.flatMap((t, i) => {
    if (t.type !== 'rel' || t.value !== '\u2190') return [t];
    const rel = tok('rel', t.text, t.offset, '=');
    return tokens[i - 1]?.type === 'prime' ? [rel] : [tok('prime', '', t.offset), rel];
  });
}

/** The names written with a number subscript (`z_1`, `w_{12}`), by the name before the `_`. */
export function subscriptedNames(tokens: readonly LatexToken[]): Set<string> {
  const out = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.type !== 'name' || tokens[i + 1]?.type !== 'underscore') return;
    const next = tokens[i + 2];
    const braced = next?.type === 'lbrace' && tokens[i + 3]?.type === 'number' && tokens[i + 4]?.type === 'rbrace';
    if (next?.type === 'number' || braced) out.add(t.value);
  });
  return out;
}

/** A scope that also knows the names `names` holds as written with a number subscript. */
export function withSubscriptedNames(scope: IndexScope, names: ReadonlySet<string>): IndexScope {
  if (names.size === 0) return scope;
  return { ...scope, subscripted: (name) => names.has(name) || (scope.subscripted?.(name) ?? false) };
}
