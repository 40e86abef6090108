/**
 * IdSet (src/expr/id-set.ts), the bit set of right-hand-side node ids the
 * graph asks of every node it folds: checked against JavaScript's own Set,
 * at word ends (bits 0 and 31), past either end of the range and empty.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../src/expr/id-set.ts';

describe('IdSet', () => {
  it('answers as a Set of the same ids, for every id near the range', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 60 }), (ids) => {
      const bits = new IdSet(ids);
      const set = new Set(ids);
      const low = Math.min(...ids, 0) - 40;
      const high = Math.max(...ids, 0) + 40;
      for (let id = low; id <= high; id++) expect(bits.has(id)).toBe(set.has(id));
    }));
  });

  it('keeps the ids at both ends of a 32-bit word apart', () => {
    const bits = new IdSet([1000, 1031, 1032, 1063]);
    expect([999, 1000, 1001, 1030, 1031, 1032, 1033, 1062, 1063, 1064].map((id) => bits.has(id)))
      .toEqual([false, true, false, false, true, true, false, false, true, false]);
  });

  it('answers as a Set for ids spread too far apart for bits', () => {
    const ids = [3, 50_000_000, 50_000_001, 1_000_000_000];
    const bits = new IdSet(ids);
    for (const id of [2, 3, 4, 49_999_999, 50_000_000, 50_000_001, 50_000_002, 999_999_999, 1_000_000_000]) {
      expect(bits.has(id)).toBe(ids.includes(id));
    }
  });

  it('holds nothing when made of nothing', () => {
    const bits = new IdSet([]);
    expect([0, 1, -1, 31, 32].some((id) => bits.has(id))).toBe(false);
  });
});
