/**
 * Exact rational numbers on bigints.
 *
 * Invariant: `den > 0` and `gcd(|num|, den) = 1`, so two equal rationals have
 * equal fields and can be interned by their text. Floats appear only when a
 * value is evaluated (`toNumber`).
 */

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('rational with zero denominator');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

export const ZERO = rational(0n);
export const ONE = rational(1n);
export const MINUS_ONE = rational(-1n);
export const HALF = rational(1n, 2n);

export function fromInt(n: number): Rational {
  return rational(BigInt(n));
}

/** A plain decimal literal, possibly signed: `0.0821670`, `-0.5`, `.5`, `1.5e-3`. */
const NUMBER_LITERAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The text of a plain decimal literal, possibly signed, trimmed (`" 0.50 "`
 * → `"0.50"`), or undefined for anything else. A claim whose right side is
 * one is compared to the precision written, so the text is kept as written.
 */
export function readNumberLiteral(text: string): string | undefined {
  const trimmed = text.trim();
  return NUMBER_LITERAL.test(trimmed) ? trimmed : undefined;
}

/**
 * The exact value of a decimal literal as written: `0.05` is 1/20, `1e-3` is
 * 1/1000, `2.5E2` is 250. Returns undefined for text that is not one.
 */
export function fromDecimal(text: string): Rational | undefined {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0');
  // Exponents this large would build gigantic bigints; such literals are
  // refused by the caller as out of range.
  if (Math.abs(exp - frac.length) > 400) return undefined;
  let num = BigInt((intPart + frac) || '0');
  let den = 1n;
  const shift = exp - frac.length;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den = 10n ** BigInt(-shift);
  return rational(num, den);
}

export const isZero = (a: Rational): boolean => a.num === 0n;
export const isOne = (a: Rational): boolean => a.num === 1n && a.den === 1n;
export const isInteger = (a: Rational): boolean => a.den === 1n;
export const isNegative = (a: Rational): boolean => a.num < 0n;

export const add = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const neg = (a: Rational): Rational => ({ num: -a.num, den: a.den });
export const abs = (a: Rational): Rational => (a.num < 0n ? neg(a) : a);
export function div(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den, a.den * b.num);
}

export function compare(a: Rational, b: Rational): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const equals = (a: Rational, b: Rational): boolean => a.num === b.num && a.den === b.den;

/** Bits in the larger of numerator and denominator: a size measure for limits. */
export function bitLength(a: Rational): number {
  const n = a.num < 0n ? -a.num : a.num;
  return Math.max(n.toString(16).length, a.den.toString(16).length) * 4;
}

/** Largest number of bits an exact intermediate may have before folding stops. */
export const MAX_EXACT_BITS = 4096;

/**
 * `a^n` for an integer n, exactly, or undefined when the result would exceed
 * MAX_EXACT_BITS (so `10^100000` stays a power instead of a huge number).
 */
export function powInt(a: Rational, n: bigint): Rational | undefined {
  if (n === 0n) return ONE;
  if (a.num === 0n) return n > 0n ? ZERO : undefined;
  if (n < 0n) {
    const p = powInt(a, -n);
    return p && div(ONE, p);
  }
  if (Number(n) * bitLength(a) > MAX_EXACT_BITS && !(isOne(abs(a)))) return undefined;
  return rational(a.num ** n, a.den ** n);
}

/** Exact integer k-th root of a non-negative bigint, or undefined. */
function intRoot(x: bigint, k: bigint): bigint | undefined {
  if (x < 0n) return undefined;
  if (x < 2n) return x;
  const approx = BigInt(Math.round(Math.pow(Number(x), 1 / Number(k))));
  for (const c of [approx - 1n, approx, approx + 1n]) if (c >= 0n && c ** k === x) return c;
  return undefined;
}

/**
 * `a^(p/q)` exactly when the result is rational (`8^(1/3)` is 2,
 * `(-8)^(1/3)` is -2 as a real odd root, `(4/9)^(-1/2)` is 3/2); otherwise
 * undefined and the power stays symbolic.
 */
export function powRational(a: Rational, e: Rational): Rational | undefined {
  if (isInteger(e)) return powInt(a, e.num);
  if (e.den > 64n) return undefined;
  const negative = a.num < 0n;
  if (negative && e.den % 2n === 0n) return undefined;
  const n = intRoot(negative ? -a.num : a.num, e.den);
  const d = intRoot(a.den, e.den);
  if (n === undefined || d === undefined) return undefined;
  return powInt(rational(negative ? -n : n, d), e.num);
}

export function toNumber(a: Rational): number {
  const n = Number(a.num);
  const d = Number(a.den);
  if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
  // Very large parts: scale both down before dividing to keep precision.
  const shift = BigInt(Math.max(a.num.toString(2).length, a.den.toString(2).length) - 1000);
  return Number(a.num >> shift) / Number(a.den >> shift);
}

/** `3`, `-1/2`: the exact text, as the ASCII syntax reads it back. */
export function toFraction(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}
