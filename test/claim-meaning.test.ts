/**
 * What a claim means (SPEC §5): numeric steps are checked at the document's
 * values, a claim true only at the student's values is verified "at the
 * given values" with the condition that makes it general, free names are
 * sampled on both signs and at large magnitudes, digits past double
 * precision compare to double precision, and a misspelt derivative or
 * product is unchecked with the spelling that works.
 *
 * The oracle is the mathematics of each claim, known by hand: which claims
 * are identities, which hold only under a condition, which are false.
 */
import { describe, expect, it } from 'vitest';
import { checkClaims, type ClaimResult } from '../src/index.ts';

const formula = (text: string): readonly ClaimResult[] => checkClaims(text, { kind: 'formula' }).claims;
const document = (text: string): readonly ClaimResult[] => checkClaims(text, { kind: 'document' }).claims;

/** Softmax over two logits with cross-entropy against the label (y1, y2). */
const softmax = (y1: number, y2: number): string => `
s1 = 0.5; s2 = -0.3; y1 = ${y1}; y2 = ${y2}
p1 = exp(s1)/(exp(s1) + exp(s2))
p2 = exp(s2)/(exp(s1) + exp(s2))
L = -(y1*log(p1) + y2*log(p2))
claim d(L)/d(s1) = p1 - y1
`;

describe('a claim true at the given values', () => {
  it('softmax + cross-entropy with a one-hot label: verified at the given values, with y1 + y2 = 1 as the condition', () => {
    // ∂L/∂s1 = p1 (y1 + y2) − y1, which is p1 − y1 exactly when y1 + y2 = 1.
    const [claim] = formula(softmax(1, 0));
    expect(claim).toMatchObject({ status: 'verified' });
    expect(claim!.reason).toBe('holds at the given values (in general it needs y1 + y2 = 1)');
  });

  it('the same claim with a label that does not sum to 1 is refuted at the student\'s values', () => {
    const [claim] = formula(softmax(0.3, 0.3));
    expect(claim).toMatchObject({ status: 'refuted', counterexample: { y1: 0.3, y2: 0.3, s1: 0.5, s2: -0.3 } });
  });

  it('a claim that is an identity still says so', () => {
    const [claim] = formula('a = 0.5; b = 2\nf = sin(a)^2 + cos(a)^2 + b\nclaim f = 1 + b');
    expect(claim).toMatchObject({ status: 'verified' });
    expect(claim!.reason).toMatch(/^(proved symbolically|agrees at \d+ random points)$/);
  });
});

describe('numeric steps', () => {
  it('a side made of numbers is checked at the document\'s values, never at random points', () => {
    const claims = document('$a = 2$, $b = 3$, then\n\n$$a b = 2 \\cdot 3 = 6$$\n');
    expect(claims.map((c) => c.status)).toEqual(['verified', 'verified']);
    expect(claims[0]!.counterexample).toBeUndefined();
  });

  it('a wrong numeric step is refuted', () => {
    const claims = document('$a = 2$, $b = 3$, then\n\n$$a b = 2 \\cdot 4$$\n');
    expect(claims.map((c) => c.status)).toEqual(['refuted']);
    expect(claims[0]).toMatchObject({ lhs: 6, rhs: 8 });
  });
});

describe('sides computed from rounded numbers', () => {
  // σ(1) = 0.731058…: the student rounds it to 0.7311, so (0.7311 − 1)·1.5 = −0.40335 against the exact −0.40341;
  // the gap, 6.3e-5, is within what 0.7311's last digit carries times 1.5 (7.5e-5). A wrong digit is not.
  const notes = (p: string): string => `$z = 1$, $y = 1$, $x = 1.5$\n\n$$p = \\sigma(z)$$\n\n$$(p - y) x = (${p} - 1) \\times 1.5$$\n`;

  it('the method is right and the digits are the student\'s rounding: verified', () => {
    expect(document(notes('0.7311')).map((c) => c.status)).toEqual(['verified']);
  });

  it('a digit off is refuted', () => {
    expect(document(notes('0.7411')).map((c) => c.status)).toEqual(['refuted']);
    expect(document(notes('0.7319')).map((c) => c.status)).toEqual(['refuted']);
  });

  it('the same in a formula file', () => {
    const system = 'z = 1; y = 1; x = 1.5\np = sigmoid(z)\n';
    expect(formula(`${system}claim (p - y)*x = (0.7311 - 1)*1.5`)[0]!.status).toBe('verified');
    expect(formula(`${system}claim (p - y)*x = (0.7319 - 1)*1.5`)[0]!.status).toBe('refuted');
  });
});

describe('free names are sampled on both signs, near zero and large', () => {
  it.each([
    ['abs(x) = x'],
    ['min(x, 3) = x'],
    ['sign(x) = 1 + 0*x'],
    ['sqrt(x^2) = x'],
  ])('%s is refuted', (claim) => {
    const [result] = formula(`claim ${claim}`);
    expect(result!.status).toBe('refuted');
    expect(result!.lhs).not.toBeCloseTo(result!.rhs!, 6);
  });

  it.each([
    ['abs(x)^2 = x^2'],
    ['relu(x) + relu(-x) = abs(x)'],
    ['(x + 1)^2 - x^2 = 2*x + 1'],
    ['log(x^2) = 2*log(abs(x))'],
  ])('%s is verified', (claim) => {
    expect(formula(`claim ${claim}`)[0]!.status).toBe('verified');
  });
});

describe('number claims', () => {
  it('digits beyond double precision compare to double precision', () => {
    expect(formula('claim pi = 3.14159265358979323846')[0]!.status).toBe('verified');
    expect(formula('claim pi = 3.1416')[0]!.status).toBe('verified');
    expect(formula('claim pi = 3.1415')[0]!.status).toBe('refuted');
  });

  it('keeps the sign of the number in the reason', () => {
    const [claim] = formula('g = -0.11712\nclaim g = -0.1171');
    expect(claim).toMatchObject({ status: 'verified', reason: 'agrees to the -0.1171 written' });
  });
});

describe('misspelt derivatives and products', () => {
  const system = 'w = 0.5; x = 2\nL = w*x\n';

  it('dL/dw is unchecked with the spelling that works, not a free variable with invented values', () => {
    const [claim] = formula(`${system}claim dL/dw = x`);
    expect(claim!.status).toBe('unchecked');
    expect(claim!.reason).toContain('\\frac{dL}{dw}');
    expect(claim!.reason).toContain('d(L)/d(w)');
  });

  it('wx is unchecked as a product written without a space', () => {
    const [claim] = formula(`${system}claim wx = L`);
    expect(claim!.status).toBe('unchecked');
    expect(claim!.reason).toContain('w x');
  });

  it('an ordinary free name stays an input: an identity in it is proved for every value', () => {
    expect(formula(`${system}claim z*L = L*z`)[0]!.status).toBe('verified');
    expect(formula(`${system}claim z + L = L`)[0]!.status).toBe('refuted');
  });
});
