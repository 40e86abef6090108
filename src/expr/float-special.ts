/**
 * Float values of the registry functions that `Math` lacks (the error
 * function, rounding half to even), and the JavaScript source of each for
 * generated code. Invariant: the source computes exactly what the function
 * here computes, statement for statement, so generated code and `evaluate`
 * agree to the last bit (test/functions.test.ts checks it).
 */

/** Terms of the Maclaurin series, and of the continued fraction, of erf and erfc: enough for 1e-16 on both sides of |x| = 2. */
const ERF_TERMS = 60;

/**
 * erf x: the Maclaurin series 2/√π Σ (−1)^n x^(2n+1)/(n!(2n+1)) below |x| = 2,
 * where it loses at most two digits to cancellation; above, 1 − erfc |x| from
 * the continued fraction erfc z = e^(−z²)/√π / (z + (1/2)/(z + 1/(z + (3/2)/(z + …)))).
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 2) {
    let term = x;
    let sum = x;
    for (let n = 1; n < ERF_TERMS && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (sum * 2) / Math.sqrt(Math.PI);
  }
  let t = a;
  for (let n = ERF_TERMS; n >= 1; n--) t = a + n / 2 / t;
  return Math.sign(x) * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / t);
}

/** The body of a generated `erf(x)`: the function above, line for line. */
export const ERF_SOURCE = [
  'const a = Math.abs(x);',
  '  if (a < 2) {',
  '    let term = x;',
  '    let sum = x;',
  `    for (let n = 1; n < ${ERF_TERMS} && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {`,
  '      term *= (-x * x) / n;',
  '      sum += term / (2 * n + 1);',
  '    }',
  '    return (sum * 2) / Math.sqrt(Math.PI);',
  '  }',
  '  let t = a;',
  `  for (let n = ${ERF_TERMS}; n >= 1; n--) t = a + n / 2 / t;`,
  '  return Math.sign(x) * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / t);',
].join('\n');

/** x rounded to the nearest integer, a half to the even one (NumPy's and PyTorch's round): Math.round rounds a half up. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The body of a generated `roundHalfEven(x)`. */
export const ROUND_HALF_EVEN_SOURCE = 'const r = Math.round(x);\n  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;';
