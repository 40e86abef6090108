/**
 * The message for a call of an unknown function: the nearest function word
 * when the name looks misspelt (`sigmod` → sigmoid), else the hint that a
 * name followed by a bracket is not a product without `*`.
 */

import { FUNCTION_WORDS } from '../functions.ts';
import { editDistance } from './edit-distance.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';

/** `x^\\top` where nothing has a shape: the scalar reader leaves transposes to matrix algebra. */
export const transposeNeedsShapes = (): Message => msg('lower.transpose-shapes', { transpose: '^\\top', examples: 'x \\in \\mathbb{R}^{3}, W \\in \\mathbb{R}^{2 \\times 3}' });
/** `A @ B` where nothing has a shape. */
export const productNeedsShapes = (): Message => msg('lower.product-shapes', { op: '"@"', examples: 'W : 2x3, x : 3' });

/** Functions of whole vectors and matrices, which only matrix algebra reads. */
const WHOLE: ReadonlySet<string> = new Set(['softmax', 'logsumexp', 'norm', 'transpose', 'dot', 'outer', 'diag', 'mean']);

/** The message for a call of a function the registry does not have. */
export function unknownFunction(written: string): Message {
  if (WHOLE.has(written)) {
    return msg('lower.whole-function', { name: written, spec: 'SPEC §12', file: 'x : 3, W : 3x2', notes: 'x \\in \\mathbb{R}^{3}' });
  }
  const near = closestFunction(written);
  if (near !== undefined) return msg('lower.unknown-function-near', { name: `"${written}"`, near });
  return msg('lower.unknown-function', { name: `"${written}"`, product: `${written}*(…)` });
}

/** A function word at most two edits away from a misspelt name of 3+ letters, and closer than either's length less one (foo is not floor). */
function closestFunction(written: string): string | undefined {
  if (written.length < 3 || !/^[a-z]+$/.test(written)) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const word of [...FUNCTION_WORDS].sort()) {
    const d = editDistance(written, word);
    if (d < bestDistance && d < Math.min(word.length, written.length) - 1) {
      best = word;
      bestDistance = d;
    }
  }
  return best;
}
