/**
 * The natural order of names (expr/name-order.ts) against a second
 * implementation written the plain way: split each name at its digit runs
 * (`name.split(/(\d+)/)`), compare text runs as text and digit runs as
 * numbers, and equal numbers written differently as text.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naturalKey } from '../src/expr/name-order.ts';
import { compareExpr, compareNames } from '../src/expr/order.ts';
import { sym } from '../src/expr/node.ts';

function byRuns(a: string, b: string): number {
  if (a === b) return 0;
  const ra = a.split(/(\d+)/);
  const rb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

const sign = (x: number): number => Math.sign(x);
/** Names from a small alphabet, so runs often meet: letters, Greek, `_`, `'` and digits with zeros. */
const name = fc.array(fc.constantFrom('a', 'b', 'w', '_', '\u03b1', "'", '0', '0', '1', '2', '9'), { minLength: 1, maxLength: 8 })
  .map((cs) => `w${cs.join('')}`);

describe('natural order of names', () => {
  it('orders names as splitting them at their digit runs does', () => {
    fc.assert(fc.property(name, name, (a, b) => {
      expect(sign(compareNames(a, b))).toBe(sign(byRuns(a, b)));
      expect(sign(compareExpr(sym(a), sym(b)))).toBe(sign(byRuns(a, b)));
    }), { numRuns: 5000 });
  });

  it('gives different names different keys', () => {
    fc.assert(fc.property(name, name, (a, b) => {
      expect(naturalKey(a) === naturalKey(b)).toBe(a === b);
    }), { numRuns: 2000 });
  });

  it('reads the cases people write', () => {
    const sorted = ['w10', 'a', 'w2', 'w_1', 'b', 'a10b', 'a2b', 'a02', 'a0', 'a00', 'x\u2081'].sort(compareNames);
    expect(sorted).toEqual(['a', 'a0', 'a00', 'a02', 'a2b', 'a10b', 'b', 'w2', 'w10', 'w_1', 'x\u2081']);
  });
});
