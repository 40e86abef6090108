/**
 * Operations on lists of any length. `array.push(...items)` and
 * `Math.max(...items)` pass every item as an argument, and past about 100k
 * arguments (a 150k-term sum, a file of 130k statements) the engine throws a
 * RangeError about the call stack; these loops have no such bound.
 *
 * Invariant: the same results as the spread forms, for any length.
 */

/** Append `items` to `target` in order; returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest number of the list, -Infinity for none (as `Math.max()`). */
export function maxOf(items: Iterable<number>): number {
  let max = -Infinity;
  for (const x of items) if (x > max || Number.isNaN(x)) max = x;
  return max;
}
