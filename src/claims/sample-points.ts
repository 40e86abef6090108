/**
 * Where a claim is tried when it is not settled by the document's values
 * (SPEC §5): seeded points that cover both signs, zero's neighbourhood and
 * large magnitudes, so that `abs(x) = x`, `min(x, 3) = x` and
 * `sign(x) = 1` are refuted rather than verified by points that happen to
 * be positive and small. Points outside an expression's domain (log of a
 * negative number, division by zero) fail to evaluate and are skipped by
 * the caller; enough of the points stay inside every common domain.
 *
 * Magnitudes stay at most 30 so that ordinary floating-point cancellation
 * (`(x + 1)^2 - x^2 = 2x + 1`) stays far below the comparison's tolerance.
 */

/** The kinds of value cycled through, one per point: positive, negative, near zero, large of either sign. */
const REGIONS: readonly ((u: number, v: number) => number)[] = [
  (u) => 0.3 + 2.7 * u,
  (u) => -(0.3 + 2.7 * u),
  (u, v) => (v < 0.5 ? 1 : -1) * (1e-3 + 0.1 * u),
  (u, v) => (v < 0.5 ? 1 : -1) * (3 + 27 * u),
];

/**
 * The k-th sample value of a name with no value of its own: the regions
 * take turns, starting with the positive numbers, which are inside the
 * domain of every function the registry has.
 */
export function sampleValue(rand: () => number, k: number): number {
  const u = rand();
  const v = rand();
  return REGIONS[k % REGIONS.length]!(u, v);
}

/** A value near a name's own value (within ±50 %), or near 0 for a value of 0. */
export function nearValue(rand: () => number, value: number): number {
  return value !== 0 ? value * (0.5 + rand()) : rand() - 0.5;
}

/**
 * A value from a wider range, for a claim whose domain the usual regions
 * miss (`log(x − 50)`, `sqrt(x − 100)`): magnitudes from 10⁻³ to 10⁴ on a
 * log scale, positive three times in four, since domains open to the right
 * are the common ones.
 */
export function wideValue(rand: () => number, k: number): number {
  const magnitude = 10 ** (-3 + 7 * rand());
  return k % 4 === 3 ? -magnitude : magnitude;
}
