/**
 * One notes reader: the playground (`loadNotes`, `renderText`) and `nabla
 * check` (`checkClaims`) read the same notes into the same definitions and
 * the same claim verdicts, matrices included.
 */

import { describe, expect, it } from 'vitest';
import { checkClaims, loadNotes } from '../src/index.ts';
import { renderText } from '../src/serve/render-text.ts';
import { isLatex } from '../src/parse/notation.ts';
import { readNumberLiteral } from '../src/expr/rational.ts';

// x and w are 2x2 matrices, E = Σ w_ij x_ij = 0.5·1 − 1·2 + 2·3 + 0.25·4 = 5.5.
const NOTES = [
  '# A 2x2 layer',
  '',
  '$$x = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}, \\quad w = \\begin{bmatrix} 0.5 & -1 \\\\ 2 & 0.25 \\end{bmatrix}$$',
  '',
  '$$E = \\sum_{i=1}^{2}\\sum_{j=1}^{2} w_{ij} x_{ij}$$',
  '',
  'The gradient is the input: $$\\frac{\\partial E}{\\partial w_{12}} = x_{12}$$',
  '',
  'A slip, since x_{21} is 3: $$\\frac{\\partial E}{\\partial w_{21}} = 4$$',
  '',
  'And the value: $$E = 5.5$$',
  '',
].join('\n');

describe('notes: one reader for nabla check and the playground', () => {
  it('checks the claims after bmatrix definitions, by hand known true and false', () => {
    const checked = checkClaims(NOTES, { kind: 'document' });
    expect(checked.claims.map((c) => [c.line, c.status])).toEqual([[7, 'verified'], [9, 'refuted'], [11, 'verified']]);
    expect(checked.definitions.map((d) => d.name)).toEqual(['x', 'w', 'E']);

    const loaded = loadNotes(NOTES);
    expect(loaded.claims.map((c) => [c.line, c.status])).toEqual([[7, 'verified'], [9, 'refuted'], [11, 'verified']]);
    expect(loaded.problems).toEqual([]);
  });

  it('gives the playground the same definitions and verdicts as checkClaims', () => {
    const checked = checkClaims(NOTES, { kind: 'document' });
    const loaded = loadNotes(NOTES);
    expect(loaded.claims).toEqual(checked.claims);
    expect(loaded.definitions).toEqual(checked.definitions);
    expect(loaded.skipped).toEqual(checked.skipped);
    expect([...loaded.system.definitions.keys()]).toEqual([...checked.system.definitions.keys()]);
    // The claimed derivatives are derived too, so the page shows their chain rules.
    expect(loaded.system.derives.map((d) => `${d.target}/${d.wrt.map((w) => w.name).join(',')}`)).toEqual(['E/w[1,2]', 'E/w[2,1]']);
    expect(checked.system.derives).toEqual([]);
  });

  it('renders those verdicts in the playground', () => {
    const rendered = renderText(NOTES);
    expect(rendered.mode).toBe('latex');
    expect(rendered.problems).toEqual([]);
    const statuses = [...rendered.html.matchAll(/<li class="claim (\w+)">/g)].map((m) => m[1]);
    expect(statuses).toEqual(['verified', 'refuted', 'verified']);
  });

  it('reads a bare LaTeX text whole, and lists an equation that does not parse as a problem and a claim', () => {
    const text = 'y = \\frac{1}{1 + e^{-(w x + b)}} \\\\ w = 0.5, x = 2, b = 0.1 \\\\ \\frac{\\partial y}{\\partial w} = 0.3747 \\\\ z = \\frac{1}';
    const loaded = loadNotes(text);
    expect(loaded.claims.map((c) => c.status)).toEqual(['verified', 'unchecked']);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.system.derives.map((d) => d.target)).toEqual(['y']);
  });
});

describe('one LaTeX test and one number-literal reader', () => {
  it('reads a backslash outside comments as LaTeX, and a dollar only where a document may be', () => {
    expect(isLatex('\\frac{1}{2}')).toBe(true);
    expect(isLatex('a\\,b')).toBe(true);
    expect(isLatex('y = x  # like \\alpha')).toBe(false);
    expect(isLatex('x + $y')).toBe(false);
    expect(isLatex('$x = 1$', { dollars: true })).toBe(true);
    expect(isLatex('y = 2  # costs $5', { dollars: true })).toBe(false);
  });

  it('keeps a number literal as written, trimmed, and refuses anything else', () => {
    expect(readNumberLiteral(' -0.50 ')).toBe('-0.50');
    expect(readNumberLiteral('1.5e-3')).toBe('1.5e-3');
    expect(readNumberLiteral('.5')).toBe('.5');
    expect(readNumberLiteral('1.2.3')).toBeUndefined();
    expect(readNumberLiteral('x_{12}')).toBeUndefined();
  });
});
