/**
 * Checking hand calculations. The oracle is the documents themselves: the
 * seed's notes (whose equations are right, with some left undefined) and a
 * homework sample whose mistakes were planted on purpose, each known.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../src/index.ts';

const read = (name: string): string => readFileSync(new URL(`../samples/${name}`, import.meta.url), 'utf8');

describe('the seed notes', () => {
  const report = checkClaims(read('backprop-notes.md'), { fileName: 'backprop-notes.md' });
  const at = (line: number) => report.claims.filter((c) => c.line === line);

  it('verifies the chain rule for ∂E/∂w5 and its three factors', () => {
    for (const line of [21, 26, 39]) expect(at(line)[0]?.status, `line ${line}`).toBe('verified');
    expect(at(30)[0]?.text).toContain('-(target_{o1} - out_{o1})');
    expect(at(30)[0]?.status).toBe('verified');
    expect(at(34)[0]?.status).toBe('verified');
    expect(at(43)[0]?.text).toContain('= out_{h1}');
    expect(at(43)[0]?.status).toBe('verified');
  });

  it('flags what the notes leave undefined instead of verifying it', () => {
    // ∂E/∂w1 = ∂E/∂out_h1 · ∂out_h1/∂net_h1 · ∂net_h1/∂w1: the notes never define out_h1 or net_h1.
    expect(at(50)[0]?.status).toBe('unchecked');
    expect(at(50)[0]?.reason).toMatch(/^(out_h1 and net_h1|net_h1 and out_h1) are not defined$/);
    expect(at(62)[0]).toMatchObject({ status: 'unchecked', reason: 'E_o1 and E_o2 are not defined' });
    // The notes define net_o1 and out_o1 but neither net_o2 nor out_o2.
    expect(at(67).map((c) => c.reason)).toEqual(['E_o1 is not defined', 'E_o2, net_o2 and out_o2 are not defined']);
  });

  it('marks equations with \\dots unchecked with that reason', () => {
    const dots = report.claims.filter((c) => c.reason?.includes('ellipsis'));
    expect(dots.length).toBeGreaterThan(0);
    expect(dots.every((c) => c.status === 'unchecked')).toBe(true);
  });

  it('lists every equation: each display block line appears as a claim, a definition or a skipped expression', () => {
    const text = read('backprop-notes.md');
    const blockLines = text.split('\n').flatMap((l, i) => (l.includes('$$') ? [i + 1] : []));
    const listed = new Set([...report.claims, ...report.definitions, ...report.skipped].map((c) => c.line));
    expect(blockLines.filter((l) => !listed.has(l))).toEqual([]);
  });

  it('refutes nothing: the notes are right where they can be checked', () => {
    expect(report.claims.filter((c) => c.status === 'refuted')).toEqual([]);
  });
});

describe('the homework with planted mistakes', () => {
  // The first three, then one of each further kind (samples/homework-with-mistakes.md, "More of the same student's work").
  const PLANTED = [28, 30, 42, 58, 62, 66, 72, 76, 80];
  const report = checkClaims(read('homework-with-mistakes.md'), { fileName: 'homework-with-mistakes.md' });
  const status = (fragment: string): string[] => report.claims.filter((c) => c.text.includes(fragment)).map((c) => c.status);

  it('refutes exactly the planted mistakes, each expression with a counterexample', () => {
    const refuted = report.claims.filter((c) => c.status === 'refuted');
    expect(refuted.map((c) => c.line)).toEqual(PLANTED);
    for (const c of refuted) {
      // A number claim is refuted at the document's values, which its reason names; an expression at a point.
      if (/= -?[\d.]+$/.test(c.text)) expect(c.reason, c.text).toMatch(/^the left side is /);
      else expect(c.counterexample, c.text).toBeDefined();
      expect(c.lhs).not.toBeCloseTo(c.rhs!, 6);
    }
  });

  it('the sign error, the missing (1 - out) factor and the wrong path are the ones refuted', () => {
    expect(status('= y_2 - out_{o2}')).toEqual(['refuted']);
    expect(status('{\\partial net_{o1}} = out_{o1}$')).toEqual([]);
    expect(report.claims.find((c) => c.line === 30)!.text).toMatch(/= out_\{o1\}$/);
    expect(report.claims.find((c) => c.line === 42)!.text).toContain('net_{o1}} v_2');
  });

  it('shows the student\'s own values as the counterexample when the sides differ there', () => {
    const sign = report.claims.find((c) => c.line === 28)!;
    expect(sign.counterexample).toMatchObject({ x: 1.5, a: 0.4, v2: -0.3 });
    // At the given values out_o2 is the same on both sides, so the sides are negatives of each other.
    expect(sign.lhs).toBeCloseTo(-sign.rhs!, 12);
  });

  it('verifies everything else, numbers to the precision written', () => {
    const rest = report.claims.filter((c) => !PLANTED.includes(c.line));
    expect(rest.map((c) => c.status)).toEqual(Array(rest.length).fill('verified'));
    // The eight of the first part, and the rounded δ_o1 = −0.0793 the rounding mistake is computed from.
    expect(rest.length).toBe(9);
  });
});

describe('number claims compare to the precision written', () => {
  const doc = (claim: string) => `$$y = x^2$$\n$$x = 0.3$$\n$$${claim}$$\n`;
  it('0.09 is right, 0.12 is wrong, 0.090 is right', () => {
    expect(checkClaims(doc('y = 0.09')).claims[0]?.status).toBe('verified');
    expect(checkClaims(doc('y = 0.12')).claims[0]?.status).toBe('refuted');
    // 0.09 written to one decimal is 0.1: agreeing to the precision written.
    expect(checkClaims(doc('y = 0.1')).claims[0]?.status).toBe('verified');
    expect(checkClaims(doc('y = 0.090')).claims[0]?.status).toBe('verified');
    expect(checkClaims(doc('\\frac{dy}{dx} = 0.6')).claims[0]?.status).toBe('verified');
    expect(checkClaims(doc('\\frac{dy}{dx} = 0.61')).claims[0]?.status).toBe('refuted');
  });
  it('a formula-file claim works the same way', () => {
    const r = checkClaims('y = x^2\nx = 0.3\nclaim d(y)/d(x) = 0.6\nclaim d(y)/d(x) = 2*x\nclaim d(y)/d(x) = x\n', { kind: 'formula' });
    expect(r.claims.map((c) => c.status)).toEqual(['verified', 'verified', 'refuted']);
  });
  it('LaTeX that does not parse makes only its own claim unchecked', () => {
    const r = checkClaims('$$y = x^2$$\n$$x = 2$$\n$$\\frac{1}{ = 3$$\n$$y = 4$$\n');
    expect(r.claims.map((c) => c.status)).toEqual(['unchecked', 'verified']);
    expect(r.claims[0]!.line).toBe(3);
  });
});
