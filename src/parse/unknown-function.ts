/**
 * The message for a call of an unknown function: the nearest function word
 * when the name looks misspelt (`sigmod` → sigmoid), else the hint that a
 * name followed by a bracket is not a product without `*`.
 */

import { FUNCTION_WORDS } from '../functions.ts';
import { editDistance } from './edit-distance.ts';

/** `x^\\top` where nothing has a shape: the scalar reader leaves transposes to matrix algebra. */
export const TRANSPOSE_NEEDS_SHAPES = 'A transpose (^\\top) needs shapes: declare them (x \\in \\mathbb{R}^{3}, W \\in \\mathbb{R}^{2 \\times 3}) to read matrix algebra.';
/** `A @ B` where nothing has a shape. */
export const PRODUCT_NEEDS_SHAPES = 'The matrix product "@" takes matrices and vectors: declare them in a formula file (W : 2x3, x : 3) and use it there.';

/** Functions of whole vectors and matrices, which only matrix algebra reads. */
const WHOLE: ReadonlySet<string> = new Set(['softmax', 'logsumexp', 'norm', 'transpose', 'dot', 'outer', 'diag', 'mean']);

/** The message for a call of a function the registry does not have. */
export function unknownFunction(written: string): string {
  if (WHOLE.has(written)) {
    return `${written} is a function of a whole vector or matrix (SPEC §12): give the shapes (x : 3, W : 3x2 in a formula file; x \\in \\mathbb{R}^{3} in notes) and use it in matrix algebra.`;
  }
  const near = closestFunction(written);
  if (near !== undefined) return `Unknown function "${written}": did you mean ${near}?`;
  return `Unknown function "${written}": write ${written}*(…) to multiply.`;
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
