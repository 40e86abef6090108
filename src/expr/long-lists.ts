/**
 * Operations on lists of any length. `array.push(...items)` and
 * `Math.max(...items)` pass every item as an argument, and past about 100k
 * arguments (a 150k-term sum, a file of 130k statements) the engine throws a
 * RangeError about the call stack; these loops have no such bound.
 *
 * Invariant: the same results as the spread forms, for any length.
 */

/**
 * Most terms of one written sum, factors of one written product, or
 * arguments of one call (the reader refuses more, with a position). Far
 * more than any formula a person writes; the passes hand a sum's terms to
 * one call (`add(...terms)`), which past the engine's argument limit (about
 * 120,000 with Node's default stack) would end in a RangeError.
 */
export const MAX_OPERANDS = 100_000;

/** The largest number of the list, -Infinity for none (as `Math.max()`). */
export function maxOf(items: Iterable<number>): number {
  let max = -Infinity;
  for (const x of items) if (x > max || Number.isNaN(x)) max = x;
  return max;
}
