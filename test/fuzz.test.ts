/**
 * Fuzzing inside `npm test`: the properties of test/fuzz/properties.ts,
 * seeded (a failure prints its seed and path and reproduces) and bounded in
 * runs, about 20 s in all. `npm run fuzz` runs the same properties for
 * minutes with fresh seeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newStats, properties } from './fuzz/properties.ts';

/** The seed of this run; change it to explore, keep it to reproduce. */
const SEED = 20_261_127;

/** Runs per unit of a property's weight. */
const RUNS_PER_WEIGHT = 5000;

const stats = newStats();

describe('fuzz (seeded, bounded)', () => {
  for (const p of properties(stats)) {
    it(p.name, () => {
      fc.assert(p.property(), { seed: SEED, numRuns: RUNS_PER_WEIGHT * p.weight });
    }, 60_000);
  }

  it('compared derivatives with finite differences, and most of them passed (not vacuous)', () => {
    expect(stats.cases).toBeGreaterThan(0);
    expect(stats.derivatives).toBeGreaterThan(stats.cases);
    expect(stats.pass).toBeGreaterThan(0.8 * stats.derivatives);
  });
});
