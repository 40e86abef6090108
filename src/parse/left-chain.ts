/**
 * The operands of a left-associative chain (`a + b - c`, `a * b / c @ d`)
 * read with a loop, not recursion: a sum of 100,000 terms is a left spine
 * that deep. A chain is a run of one precedence level: additive operators,
 * or multiplicative ones; `^` (right-associative) never joins one.
 */

import type { BinarySyntax, Syntax } from './syntax.ts';

export interface LeftChain {
  /** The leftmost operand. */
  readonly first: Syntax;
  /** The links in reading order: each link's operator and right operand follow `first`. */
  readonly chain: readonly BinarySyntax[];
}

export function leftChain(n: BinarySyntax): LeftChain {
  const additive = n.op === '+' || n.op === '-';
  const chain: BinarySyntax[] = [];
  let first: Syntax = n;
  while (first.kind === 'binary' && first.op !== '^' && (first.op === '+' || first.op === '-') === additive) {
    chain.push(first);
    first = first.left;
  }
  chain.reverse();
  return { first, chain };
}
