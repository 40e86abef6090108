/**
 * A file is tokenized a piece of whole lines at a time (lexer.ts,
 * tokenPieces): the pieces, joined, are the tokens of the whole text, and a
 * piece ends only where no bracket is open, so no statement is cut.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, tokenPieces, type Token } from '../src/parse/lexer.ts';
import { parseFile } from '../src/parse/parse.ts';

/** Open brackets after `tokens`, as a statement counts them (a closer with none open closes nothing). */
function openAfter(tokens: readonly Token[]): number {
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'lparen' || t.type === 'lbracket') depth++;
    else if ((t.type === 'rparen' || t.type === 'rbracket') && depth > 0) depth--;
  }
  return depth;
}

/** Lines of a file, brackets often left open across lines, with comments, look-alikes and stray characters. */
const line = fc.array(
  fc.constantFrom('a', 'w_1', ' = ', '2', '2x', 'd(', 'diff(', 'sin(', '(', ')', '[', ']', ', ', ' + ', '\u2212', '\u00b2', '# note (', '$', '\r', ';', 'derive ', 'claim '),
  { maxLength: 8 },
).map((parts) => parts.join(''));
const file = fc.tuple(fc.array(line, { maxLength: 30 }), fc.boolean()).map(([lines, bom]) => `${bom ? '\ufeff' : ''}${lines.join('\n')}`);

describe('a file tokenized in pieces', () => {
  it('gives the tokens of the whole text, each piece ending with no bracket open', () => {
    fc.assert(fc.property(file, fc.integer({ min: 1, max: 40 }), (text, size) => {
      const pieces = [...tokenPieces(text, size)];
      expect(pieces.flat()).toEqual(tokenize(text));
      pieces.slice(0, -1).forEach((piece) => {
        expect(piece[piece.length - 1]?.type).toBe('newline');
        expect(openAfter(piece)).toBe(0);
      });
    }), { numRuns: 2000 });
  });

  it('reads a statement whose brackets span the end of the first piece as one statement', () => {
    // The first piece runs to the first newline after 16,384 characters: the line of spaces
    // ends there, inside the matrix, so the piece goes on to the newline after it.
    const filler = Array.from({ length: 1_200 }, (_, k) => `p${k} = ${k}.5`).join('\n');
    const open = `${filler}\nm = [[1, 2],\n`;
    const after = Array.from({ length: 6_000 }, (_, k) => `q${k} = ${k}.25`).join('\n');
    const text = `${open}${' '.repeat(20_000 - open.length)}\n[3, 4]]\n${after}\ny = m[2,1] * p3\nderive y wrt p3\n`;
    expect(open.length).toBeLessThan(16_384);
    const pieces = [...tokenPieces(text)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces[0]!.some((t) => t.text === '4')).toBe(true);
    const parsed = parseFile(text);
    expect(parsed.errors).toEqual([]);
    const m21 = parsed.statements.find((s) => s.kind === 'define' && s.name === 'm[2,1]');
    expect(m21?.kind === 'define' && m21.expr.kind === 'num' && m21.expr.value.num).toBe(3n);
    expect(parsed.statements.filter((s) => s.kind === 'define')).toHaveLength(1_200 + 4 + 6_000 + 1);
  });
});
