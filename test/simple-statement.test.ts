/**
 * Plain definitions read without nearley (parse/simple-statement.ts): the
 * syntax is nearley's own for every line taken, and every line outside the
 * plain subset is left to nearley.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../src/parse/lexer.ts';
import { readStatement } from '../src/parse/read-statement.ts';
import { readSimpleDefinition } from '../src/parse/simple-statement.ts';
import { locator } from '../src/parse/syntax.ts';

/** nearley's reading of the statement at the start of `text`. */
function byNearley(text: string): { syntax?: unknown; next: number; error?: unknown } {
  return readStatement(tokenize(text), 0, 'file', text, locator(text));
}

const TAKEN = [
  'p1 = 0.345', 'a1 = sin(a0) + p1*a0', 'x = -2', 'y = +x', 'z = -x^2', 'z = x^y^z', 'z = 2^-x^-y', 'z = a - b - c',
  'z = a/b/c*d', 'z = (a + b)*(c - d)', 'z = max(a, b, c)', 'z = f()', 'z = --x', 'z = -(x - y)', 'w_5 = x_1 + 1e-3',
  'z = ((((x))))', 'z = sigmoid(w1*i1 + w2*i2 + b1)', 'z = pow(x, -2)', 'z = 1 - -2*x', 'z = .5', 'z = 2.5E2/x',
  'derive_x = 1', 'z = e^x + pi', 'E = 0.5*(t - o)^2',
];

const LEFT = [
  'derive a wrt b', 'claim x = 1', 'z = 2x', 'z = x y', 'z = d(E)/d(w)', 'z = ∂E/∂w', 'z = diff(E, w)', 'z = x[1]',
  'z = [1, 2]', 'z = x @ y', 'x : 2x2', 'f(x) = x^2', 'z[i] = i for i=1..3', 'z = sum(x, i=1..3)', 'z = (x', 'z = x)',
  'z = x +', 'z = ', 'z = f(stride=2)', 'z = x for', 'z = wrt + 1', 'derive = 2', 'z = x = y', 'z = 1 $ 2', 'z = (\n x)',
  `z = ${'('.repeat(30)}x${')'.repeat(30)}`,
];

describe('plain definitions read without nearley', () => {
  it.each(TAKEN)('%s reads as nearley reads it', (line) => {
    for (const text of [line, `${line}\n`, `${line}; q = 1`]) {
      const fast = readSimpleDefinition(tokenize(text), 0);
      expect(fast, text).toBeDefined();
      expect(fast).toEqual(byNearley(text));
    }
  });

  it.each(LEFT)('%s is left to nearley', (text) => {
    expect(readSimpleDefinition(tokenize(text), 0)).toBeUndefined();
  });

  it('agrees with nearley on random lines of the plain tokens', () => {
    const atom = fc.constantFrom('x', 'y2', 'w_1', '2', '0.5', 'sin(x)', 'max(x, y)', 'f()', 'e', 'pi');
    const op = fc.constantFrom(' + ', ' - ', '*', '/', '^', ' ', ', ', ' = ');
    const prefix = fc.constantFrom('', '-', '+', '(', '((', '-(');
    const suffix = fc.constantFrom('', ')', '))', ')^2');
    const piece = fc.tuple(prefix, atom, suffix).map(([p, a, s]) => p + a + s);
    const line = fc.tuple(piece, fc.array(fc.tuple(op, piece), { maxLength: 6 })).map(([h, rest]) => `z = ${h}${rest.map(([o, p]) => o + p).join('')}`);
    fc.assert(fc.property(line, (text) => {
      const fast = readSimpleDefinition(tokenize(text), 0);
      const slow = byNearley(text);
      if (fast === undefined) return;
      expect(slow.error, text).toBeUndefined();
      expect(fast).toEqual(slow);
    }), { numRuns: 400 });
  });
});
