/**
 * The condition under which a claim that holds at the document's values
 * holds in general (SPEC §5). Softmax + cross-entropy with a one-hot label
 * gives ∂L/∂s_1 = p_1·(y_1 + y_2) − y_1, which is the claimed p_1 − y_1
 * exactly when y_1 + y_2 = 1, and the notes' label satisfies that.
 *
 * The search is numeric, so it does not depend on how far the simplifier
 * gets with the difference of the two sides: candidate conditions are a
 * name kept at its value, then the sum of two or three names kept at their
 * sum; a candidate is the condition when the claim holds at every sampled
 * point that satisfies it (the other names varied). Fewest names first.
 */

import { compareNames } from '../expr/order.ts';
import { nearValue } from './sample-points.ts';

/** Points tried per candidate condition. */
const POINTS_PER_CANDIDATE = 8;
/** Only claims in at most this many valued names are searched (the candidates grow as n³: 2,324 for 24, a few milliseconds). */
const MAX_NAMES = 24;

export interface ConditionSearch {
  /** Names of the claim that have a value, in the claim's order. */
  readonly names: readonly string[];
  readonly values: readonly number[];
  /** Whether the two sides agree at a point (values in `names` order); undefined where they cannot be evaluated. */
  readonly agrees: (point: readonly number[]) => boolean | undefined;
  readonly rand: () => number;
  /** A name as the user wrote it. */
  readonly written: (name: string) => string;
}

/** `y1 + y2 = 1`, or undefined when no candidate makes the claim hold. */
export function findCondition(search: ConditionSearch): string | undefined {
  const n = search.names.length;
  if (n === 0 || n > MAX_NAMES) return undefined;
  for (const subset of subsets(n)) {
    if (holdsUnder(search, subset)) {
      const total = subset.reduce((acc, i) => acc + search.values[i]!, 0);
      const shown = subset.map((i) => search.names[i]!).sort(compareNames).map(search.written);
      return `${shown.join(' + ')} = ${Number(total.toPrecision(12))}`;
    }
  }
  return undefined;
}

/** Index sets of one, two and three names, in that order. */
function* subsets(n: number): Generator<number[]> {
  for (let a = 0; a < n; a++) yield [a];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) yield [a, b];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let c = b + 1; c < n; c++) yield [a, b, c];
}

/** Does the claim hold at points where the names of `subset` keep their sum (the rest varied)? */
function holdsUnder(search: ConditionSearch, subset: readonly number[]): boolean {
  const total = subset.reduce((acc, i) => acc + search.values[i]!, 0);
  const last = subset[subset.length - 1]!;
  let evaluated = 0;
  for (let k = 0; k < POINTS_PER_CANDIDATE * 3 && evaluated < POINTS_PER_CANDIDATE; k++) {
    const point = search.values.map((v) => nearValue(search.rand, v));
    if (subset.length === 1) point[last] = search.values[last]!;
    else point[last] = total - subset.slice(0, -1).reduce((acc, i) => acc + point[i]!, 0);
    const agrees = search.agrees(point);
    if (agrees === undefined) continue;
    if (!agrees) return false;
    evaluated++;
  }
  return evaluated === POINTS_PER_CANDIDATE;
}
