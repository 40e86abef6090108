/**
 * How the human-facing views write numbers (SPEC §4): nine significant
 * digits, trailing zeros dropped, plain decimals for ordinary magnitudes
 * (`0.298371109`, `0.000438567734`) and scientific notation for tiny and huge
 * ones (`3.51018778e-5`). Only the terminal, LaTeX and HTML views round;
 * JSON never does.
 */

/** Significant digits of every number a person reads. */
export const SIGNIFICANT_DIGITS = 9;

/** Magnitudes below this are written in scientific notation. */
const SMALL = 1e-4;
/** Magnitudes at or above this are written in scientific notation. */
const LARGE = 1e9;

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

/** `1.50000000` → `1.5`, `2.00` → `2`. */
function trimZeros(digits: string): string {
  return digits.includes('.') ? digits.replace(/0+$/, '').replace(/\.$/, '') : digits;
}

/** Mantissa and exponent of `x` to `digits` significant digits: 3.51018778e-5 → ['3.51018778', -5]. */
function scientific(x: number, digits: number): [string, number] {
  const [m, e] = x.toExponential(digits - 1).split('e');
  return [trimZeros(m!), Number(e)];
}

/**
 * A number to nine significant digits, as the formula syntax reads it back:
 * `0.0821670406`, `3.51018778e-5`, `1.5e12`, `-2`.
 */
export function formatNumber(x: number, digits = SIGNIFICANT_DIGITS): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  if (x === 0) return '0';
  // Rounding can carry into the next decade (9.9999999996e-5 → 1e-4): decide on the rounded value.
  const rounded = Number(x.toPrecision(digits));
  const r = Math.abs(rounded);
  if (r < SMALL || r >= LARGE) {
    const [m, e] = scientific(x, digits);
    return `${m}e${e}`;
  }
  // toPrecision writes plain decimals for exponents from -7 to digits - 1, which covers [1e-4, 1e9).
  return trimZeros(x.toPrecision(digits));
}

/** A relative error to two significant digits: `3.1e-11`, `0.0042`, `0`. */
export function formatRelError(x: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  if (x === 0) return '0';
  if (Math.abs(x) < 1e-3) {
    const [m, e] = scientific(x, 2);
    return `${m}e${e}`;
  }
  return trimZeros(x.toPrecision(2));
}

/** A number for LaTeX: `3.51018778 \times 10^{-5}`, `0.0821670406`, `-2`. */
export function formatNumberLatex(x: number, digits = SIGNIFICANT_DIGITS): string {
  if (Number.isNaN(x)) return '\\mathrm{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const text = formatNumber(x, digits);
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(text);
  return m ? `${m[1]} \\times 10^{${m[2]}}` : text;
}

/** A duration in milliseconds for timing lines: `12.3 ms`. */
export function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toString()} ms`;
}

/**
 * Largest symbolic form the human-facing views print, in tree nodes
 * (`Expr.size`). A total derivative through a deep network is a sum over
 * exponentially many paths: shared as a DAG, but exponential as text.
 */
export const MAX_PRINTED_SIZE = 20_000;

/** True when an expression is too large for the terminal or LaTeX views to print. */
export const tooLargeToPrint = (size: number): boolean => size > MAX_PRINTED_SIZE;
