/**
 * How far a side written with rounded numbers may be from the exact value
 * (SPEC §5: "a side computed from numbers the document writes — its own
 * rounded intermediates — is evaluated with those numbers as written").
 * `(0.7311 - 1) \times 1.5` is −0.40335 while the exact (σ(1) − 1)·1.5 is
 * −0.40341: the student's method is right and the gap is what the four
 * written digits of 0.7311 carry, times the side's sensitivity to that
 * number (1.5 here).
 *
 * A number counts as rounded when it has at least three significant digits
 * (`0.7311`, `-0.1171`, `0.4750`); shorter ones (`0.5`, `0.1`, `1.5`, `2`)
 * are taken as exact, since notes give their data that way. Each rounded
 * number is moved by half a unit in its last digit, both ways, and the
 * side re-evaluated: the spread is the sum of the half-differences (a
 * first-order bound, which is what hand rounding follows).
 */

/** A decimal literal in a side's text. */
interface Literal {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Digits after the point. */
  readonly decimals: number;
}

/**
 * Half a unit in the last written digit of a number literal: `0.0822` → 5e-5,
 * `3` → 0.5, `1.5e-3` → 5e-5.
 */
export function writtenPrecision(text: string): number {
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!m) return 0;
  const decimals = (m[2] ?? '').length;
  const exp = Number(m[3] ?? 0);
  return 0.5 * 10 ** (exp - decimals);
}

const DECIMAL = /(?<![\w.])\d+\.\d+(?![\w.])/g;

/** The numbers of a text that look rounded (three or more significant digits). */
export function roundedLiterals(text: string): Literal[] {
  const out: Literal[] = [];
  for (const m of text.matchAll(DECIMAL)) {
    const digits = m[0].replace('.', '').replace(/^0+/, '');
    if (digits.length < 3) continue;
    const decimals = m[0].length - m[0].indexOf('.') - 1;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], decimals });
  }
  return out;
}

/**
 * The uncertainty of a side from its rounded numbers: `evaluate` gives the
 * side's value for a version of its text (undefined when it does not
 * evaluate); 0 when the side has no rounded number.
 */
export function roundingSpread(text: string, evaluate: (text: string) => number | undefined): number {
  let spread = 0;
  for (const lit of roundedLiterals(text)) {
    const moved = (delta: number): number | undefined => {
      const value = Number(lit.text) + delta;
      return evaluate(`${text.slice(0, lit.start)}${value.toFixed(lit.decimals + 1)}${text.slice(lit.end)}`);
    };
    const half = writtenPrecision(lit.text);
    const up = moved(half);
    const down = moved(-half);
    if (up === undefined || down === undefined) return 0;
    spread += Math.abs(up - down) / 2;
  }
  return spread;
}
