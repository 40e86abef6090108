/**
 * Positions in a source (syntax.ts, locator): line and column of any range,
 * asked in any order, against counting the newlines and code points before it.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locator } from '../src/parse/syntax.ts';

function byCounting(source: string, offset: number): { line: number; column: number } {
  const before = [...source.slice(0, offset)];
  const line = before.filter((c) => c === '\n').length + 1;
  const lastNewline = before.lastIndexOf('\n');
  return { line, column: before.length - lastNewline };
}

const text = fc.array(fc.constantFrom('a', 'b', '\n', '\n', ' ', '\u{1d465}', '\u03b1'), { maxLength: 60 }).map((cs) => cs.join(''));

describe('locating a range', () => {
  it('finds the line and column of offsets asked in order, out of order and again', () => {
    fc.assert(fc.property(text, fc.array(fc.nat(80), { maxLength: 30 }), (source, asked) => {
      const locate = locator(source);
      // Offsets at code point boundaries only (a caret never splits a surrogate pair).
      const boundaries = [...source].reduce<number[]>((acc, c) => [...acc, acc[acc.length - 1]! + c.length], [0]);
      const offsets = [...asked.map((k) => boundaries[k % boundaries.length]!), ...boundaries];
      for (const offset of offsets) {
        const span = locate({ offset, length: 1 });
        expect({ line: span.line, column: span.column }).toEqual(byCounting(source, offset));
      }
    }), { numRuns: 1000 });
  });
});
