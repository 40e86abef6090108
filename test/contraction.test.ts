/**
 * The notes' contraction (SPEC §5, §7): a scalar claimed equal to the
 * product of two matrices of one shape is read as the sum of their
 * entry-wise products. Checked against a gradient computed here by central
 * differences of E written out by hand (no engine code), against the seed's
 * notes (where net is never defined: unchecked, naming what), and against
 * the products that must keep their old reading.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../src/index.ts';

const X = [[0.1, 0.5, -0.3], [0.8, -0.2, 0.4], [0.6, 0.9, -0.7]];
const W = [[0.3, -0.6], [0.2, 0.7]];
const T = [[1, -1], [0, 0.5]];

/** E of the notes below, by hand: net = x ⋆ w (valid), E = ½ Σ (net − t)². */
function energy(w: number[][]): number {
  let e = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      let net = 0;
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) net += w[a]![b]! * X[i + a]![j + b]!;
      e += 0.5 * (net - T[i]![j]!) ** 2;
    }
  }
  return e;
}

function dEdw(a: number, b: number): number {
  const h = 1e-6;
  const plus = W.map((r) => [...r]);
  const minus = W.map((r) => [...r]);
  plus[a]![b]! += h;
  minus[a]![b]! -= h;
  return (energy(plus) - energy(minus)) / (2 * h);
}

const bm = (m: number[][]): string => `\\begin{bmatrix} ${m.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
const netEntry = (i: number, j: number): string => [0, 1].flatMap((a) => [0, 1].map((b) => `w_{${a + 1}${b + 1}}x_{${i + a + 1}${j + b + 1}}`)).join(' + ');

const NOTES = [
  `$$x = ${bm(X)}, \\quad w = ${bm(W)}$$`,
  `$$net = \\begin{bmatrix} net_{11} & net_{12} \\\\ net_{21} & net_{22} \\end{bmatrix} = \\begin{bmatrix} ${netEntry(0, 0)} & ${netEntry(0, 1)} \\\\ ${netEntry(1, 0)} & ${netEntry(1, 1)} \\end{bmatrix}$$`,
  '$$E = \\frac{1}{2}(net_{11} - 1)^2 + \\frac{1}{2}(net_{12} + 1)^2 + \\frac{1}{2} net_{21}^2 + \\frac{1}{2}(net_{22} - 0.5)^2$$',
].join('\n\n');

const CONTRACTION = 'read as the sum of the entry-wise products of two matrices of one shape (the Frobenius product)';

describe('a scalar equal to a product of two matrices of one shape', () => {
  it('is verified where the notes define what it uses, and the reason says how it was read', () => {
    const claim = '$$\\frac{\\partial E}{\\partial w_{11}} = \\frac{\\partial E}{\\partial net} \\frac{\\partial net}{\\partial w_{11}}$$';
    const r = checkClaims(`${NOTES}\n\n${claim}\n`);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]!.status).toBe('verified');
    expect(r.claims[0]!.reason).toMatch(new RegExp(`^${CONTRACTION.replace(/[()]/g, '\\$&')}; `));
  });

  it('agrees with central differences of E written by hand: the contraction and the number are both verified, a wrong number refuted', () => {
    const g = dEdw(0, 0);
    const claims = [
      '$$\\frac{\\partial E}{\\partial w_{11}} = \\frac{\\partial E}{\\partial net} \\cdot \\frac{\\partial net}{\\partial w_{11}}$$',
      `$$\\frac{\\partial E}{\\partial w_{11}} = ${g.toFixed(6)}$$`,
      `$$\\frac{\\partial E}{\\partial w_{11}} = ${(g + 0.01).toFixed(6)}$$`,
    ];
    const r = checkClaims(`${NOTES}\n\n${claims.join('\n\n')}\n`);
    expect(r.claims.map((c) => c.status)).toEqual(['verified', 'verified', 'refuted']);
  });

  it('is refuted when it is the gradient of another weight', () => {
    const claim = '$$\\frac{\\partial E}{\\partial w_{12}} = \\frac{\\partial E}{\\partial net} \\frac{\\partial net}{\\partial w_{11}}$$';
    expect(Math.abs(dEdw(0, 1) - dEdw(0, 0))).toBeGreaterThan(0.1);
    const r = checkClaims(`${NOTES}\n\n${claim}\n`);
    expect(r.claims[0]!.status).toBe('refuted');
    expect(r.claims[0]!.reason).toContain(CONTRACTION);
  });

  it('in the seed notes: no longer "different shapes", unchecked naming what is undefined', () => {
    const notes = checkClaims(readFileSync(new URL('../samples/backprop-notes.md', import.meta.url), 'utf8'), { fileName: 'notes.md' });
    const c = notes.claims.find((x) => x.line === 89 && x.column === 3)!;
    expect(c.status).toBe('unchecked');
    expect(c.reason).not.toContain('different shapes');
    expect(c.reason).toContain(CONTRACTION);
    expect(c.reason).toMatch(/net\[1,1\].*net\[3,3\] are not defined$/);
  });

  it('⊙ between matrices beside a number is still different shapes; a number in front of the product is still a contraction', () => {
    const odot = '$$\\frac{\\partial E}{\\partial w_{11}} = \\frac{\\partial E}{\\partial net} \\odot \\frac{\\partial net}{\\partial w_{11}}$$';
    const r = checkClaims(`${NOTES}\n\n${odot}\n`);
    expect(r.claims[0]!.status).toBe('unchecked');
    expect(r.claims[0]!.reason).toContain('different shapes');
    // A number in front scales the first matrix: 2⟨A, B⟩ = ⟨2A, B⟩, still one contraction.
    const scaled = '$$2 \\frac{\\partial E}{\\partial w_{11}} = 2 \\frac{\\partial E}{\\partial net} \\frac{\\partial net}{\\partial w_{11}}$$';
    expect(checkClaims(`${NOTES}\n\n${scaled}\n`).claims[0]!.status).toBe('verified');
  });
});
