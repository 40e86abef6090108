/**
 * Lines of plain ASCII are read by a hand-written scanner, not moo
 * (lexer.ts, readPlainLine): a long file of definitions is mostly such
 * lines. The scanner must give exactly moo's tokens — type, text, value,
 * offset, length, the `implicit` token after a number, `d`/`diff` before
 * `(` — and hand every line it does not read to moo; `tokenizeWithMoo`
 * reads every line with moo and is the oracle here.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, tokenizeWithMoo, tokenPieces } from '../src/parse/lexer.ts';

/**
 * Pieces that meet at the edges of the rules: numbers (`1.`, `.5`, `1e-3`,
 * `2..3`), names (`w_1`, a trailing `'`, `d`, `diff`), comments, blanks.
 */
const PLAIN = [
  '0', '1', '9', '12', '.', '..', 'e', 'E', '+', '-', '_', "'", 'a', 'x', 'w_1', 'sin', 'd', 'diff',
  '(', ')', '[', ']', ',', '=', ';', ':', '@', '*', '/', '^', '#', ' ', '\t', '\r', '\f',
];

/** Characters the scanner leaves to moo: look-alikes, Greek, a BOM, a no-break space, characters moo calls bad. */
const ODD = ['\u2212', '\u00b2', '\u00b3', '\u00b7', '\u03b1', '\ufeff', '\u00a0', '\u2202', '$', '\ud835\udc65', '\ud835'];

/** Mostly lines the scanner reads (about half have no odd piece), the rest handed to moo. */
const line = fc.array(fc.oneof({ arbitrary: fc.constantFrom(...PLAIN), weight: 12 }, { arbitrary: fc.constantFrom(...ODD), weight: 1 }), { maxLength: 10 })
  .map((parts) => parts.join(''));
const text = fc.tuple(fc.array(line, { maxLength: 8 }), fc.boolean())
  .map(([lines, newlineAtEnd]) => lines.join('\n') + (newlineAtEnd ? '\n' : ''));

describe('the plain-line scanner', () => {
  it('gives the tokens moo gives, on any text of the edge pieces', () => {
    fc.assert(fc.property(text, (source) => {
      expect(tokenize(source)).toEqual(tokenizeWithMoo(source));
    }), { numRuns: 3000 });
  });

  it('gives moo\'s tokens in pieces of whole lines too', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 20 }), (source, size) => {
      expect([...tokenPieces(source, size)].flat()).toEqual(tokenizeWithMoo(source));
    }), { numRuns: 500 });
  });

  it.each([
    '1.', '.5', '1e-3', '1E+5x', '1e', '1e+', '1.e5', '2..3', '1.2.3', '...', '..5', '.', "x'", "x''", "a'b", '_a',
    '2x', '2(x+1)', '2 x', '2d(x)', 'd(E)/d(w5)', 'd (x)', 'diff(y, x)', 'd\n(x)', 'x # note (\ny', '#\n', 'x\r\n',
    'a\u03b1', 'a \u2212 b', 'x\u00b2', '\ufeffx', 'a = sin(a0) + p1*a0\np1 = 0.345\n', 'm[1,2] = x @ y; z : 2',
  ])('%j', (source) => {
    expect(tokenize(source)).toEqual(tokenizeWithMoo(source));
  });

  it('reads a plain definition as moo does, offsets counted from the start of the file', () => {
    const tokens = tokenize('x = 1\np12 = 2a3');
    expect(tokens.map((t) => [t.type, t.text, t.value, t.offset, t.length])).toEqual([
      ['name', 'x', 'x', 0, 1], ['equals', '=', '=', 2, 1], ['number', '1', '1', 4, 1], ['newline', '\n', '\n', 5, 1],
      ['name', 'p12', 'p12', 6, 3], ['equals', '=', '=', 10, 1], ['number', '2', '2', 12, 1], ['implicit', '', '*', 13, 0],
      ['name', 'a3', 'a3', 13, 2],
    ]);
  });
});
