/**
 * A finite-difference check of a claimed derivative value at a point, built
 * so that it rarely flags a correct derivative and rarely accepts a wrong one
 * (notes/reliability-anchors.md §4).
 *
 * - Central differences D(s) = (f(x+s) − f(x−s))/((x+s) − (x−s)) at s = 2h,
 *   h, h/2, with h = ε^(1/3)·max(1, |x|) rounded to a power of two: the
 *   quotient divides by the distance between the points actually sampled
 *   (the usual `t = x + h; h = t − x`), so the rounding of x ± s costs no
 *   accuracy.
 * - The estimate is the Richardson extrapolation R = (4·D(h/2) − D(h))/3,
 *   accurate to O(h⁴); comparing it with the same extrapolation one step
 *   coarser, (4·D(h) − D(2h))/3, estimates its truncation error.
 * - Three verdicts. `fail` only when the claimed value is further from R than
 *   every error the method can explain (tolerance, roundoff, truncation);
 *   `inconclusive` with a reason when the numbers cannot decide: a kink the
 *   caller knows of, a sample that is not finite, a function that is not
 *   smooth at the scale of the steps, or roundoff larger than the tolerance.
 *
 * The check is deterministic: no random numbers, the same inputs give the
 * same verdict.
 */

import { NablaError } from '../errors.ts';
import { msg, say } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';

export type FdVerdict = 'pass' | 'fail' | 'inconclusive';

/** Why a check is inconclusive. */
export type FdReason = 'kink' | 'nonfinite' | 'non-smooth' | 'cancellation' | 'domain';

export interface FdCheck {
  /** The finite-difference estimate of f′(x) (Richardson-extrapolated); NaN when a sample was not finite. */
  readonly fd: number;
  /** |analytic − fd| / max(|analytic|, |fd|); 0 when both are 0, NaN when fd is NaN. */
  readonly relError: number;
  readonly verdict: FdVerdict;
  /** Present exactly when the verdict is `inconclusive`. */
  readonly reason?: FdReason;
  /** The base step h (the samples are at x ± 2h, x ± h, x ± h/2). */
  readonly step: number;
  /** Largest |analytic − fd| accepted as a pass. */
  readonly tolerance: number;
  /** Estimated roundoff in fd from cancellation: κ·ε·max|f|/h. */
  readonly roundoff: number;
  /** One line for a report: which sample went wrong, or the size of the kink (English; `detailMessage` says it in any language). */
  readonly detail?: string;
  readonly detailMessage?: Message;
}

export interface FdOptions {
  /** Relative tolerance (default 1e-6). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  readonly atol?: number;
  /** The caller knows that x is at a kink of f (relu, abs, max at a tie): the result is inconclusive. */
  readonly kink?: boolean;
}

export const FD_RTOL = 1e-6;
export const FD_ATOL = 1e-9;
/** Safety factor on the roundoff estimate ε·max|f|/h. */
export const FD_ROUNDOFF_FACTOR = 10;

const EPS = Number.EPSILON;
const CBRT_EPS = Math.cbrt(EPS);

/**
 * The base step for x: ε^(1/3)·max(1, |x|) (the step that balances roundoff,
 * ε·|f|/h, against truncation, h²·|f‴|/6), rounded to a power of two so that
 * h/2 and 2h are exact and, for |x| ≥ 1, x ± h usually is too.
 */
export function stepFor(x: number): number {
  const h = CBRT_EPS * Math.max(1, Math.abs(x));
  return 2 ** Math.round(Math.log2(h));
}

/**
 * (f(x+h) − f(x−h))/(2h), dividing by the distance between the two points as
 * rounded, and halving before subtracting so that two values near the
 * overflow threshold do not overflow their difference.
 */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  const hi = x + h;
  const lo = x - h;
  return (0.5 * f(hi) - 0.5 * f(lo)) / (0.5 * hi - 0.5 * lo);
}

/** A one-variable slice of a function of several: x ↦ f(point with coordinate i set to x). */
export function slice(f: (xs: readonly number[]) => number, point: readonly number[], i: number): (x: number) => number {
  return (x) => {
    const p = point.slice();
    p[i] = x;
    return f(p);
  };
}

/** |a − b| / max(|a|, |b|), 0 when both are 0. */
export function relativeError(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

interface Sample {
  /** Where, for messages: `x + h`. */
  readonly offset: string;
  /** The point sampled, as rounded. */
  readonly at: number;
  readonly value: number;
  readonly error?: Param;
}

function sample(f: (x: number) => number, x: number, s: number, offset: string): Sample {
  const at = x + s;
  try {
    return { offset, at, value: f(at) };
  } catch (err) {
    return { offset, at, value: NaN, error: err instanceof NablaError ? err.saying : err instanceof Error ? err.message : String(err) };
  }
}

/** Which side of the check a non-finite sample makes inconclusive, and the line saying why. */
function nonFinite(s: Sample): { reason: FdReason; detail: Message } {
  const at = `f(${s.offset})`;
  if (s.error !== undefined) return { reason: 'nonfinite', detail: msg('fd.sample-error', { at, error: s.error }) };
  // NaN from a float function means an argument outside its domain (log of a
  // negative, sqrt of a negative, ∞ − ∞); ±∞ means overflow or a pole.
  return Number.isNaN(s.value)
    ? { reason: 'domain', detail: msg('fd.not-a-number', { at }) }
    : { reason: 'nonfinite', detail: msg('fd.sample-value', { at, value: String(s.value) }) };
}

/**
 * Check a claimed derivative value `analytic` = f′(x) against finite
 * differences of f near x.
 */
export function checkDerivative(f: (x: number) => number, x: number, analytic: number, options: FdOptions = {}): FdCheck {
  const first = checkWithStep(f, x, analytic, stepFor(x), options);
  if (first.verdict !== 'fail') return first;
  // The step is scaled by max(1, |x|): near 0 it can be far wider than the
  // scale on which f varies (a pole at 0 seen from x = 1e-100, where
  // every sample is tiny, so no smoothness test notices). A failure counts
  // only if it holds at the scale of x and of f/f′ too; a smooth f has the
  // same derivative at every step, so a wrong value fails at both.
  const center = sample(f, x, 0, 'x').value;
  const scale = Math.min(Math.abs(x) || Infinity, Math.abs(center / analytic) || Infinity);
  // ε^(1/3)·scale, a power of two like stepFor, and far from the denormals;
  // never below ε^(2/3)·|x|, where x ± h would no longer differ from x.
  const fine = 2 ** Math.round(Math.log2(CBRT_EPS * Math.max(scale, CBRT_EPS * Math.abs(x))));
  if (!Number.isFinite(scale) || !(fine < first.step / 16) || fine < 2 ** -1000) return first;
  const second = checkWithStep(f, x, analytic, fine, options);
  return second.verdict === 'fail' ? first : second;
}

/** The check at base step h (the samples are at x ± 2h, x ± h, x ± h/2). */
function checkWithStep(f: (x: number) => number, x: number, analytic: number, h: number, options: FdOptions): FdCheck {
  const rtol = options.rtol ?? FD_RTOL;
  const atol = options.atol ?? FD_ATOL;

  const samples = {
    center: sample(f, x, 0, 'x'),
    p2: sample(f, x, 2 * h, 'x + 2h'),
    m2: sample(f, x, -2 * h, 'x − 2h'),
    p1: sample(f, x, h, 'x + h'),
    m1: sample(f, x, -h, 'x − h'),
    ph: sample(f, x, h / 2, 'x + h/2'),
    mh: sample(f, x, -h / 2, 'x − h/2'),
  };
  const all = Object.values(samples);
  const inconclusive = (reason: FdReason, detail: Message | undefined, fd = NaN, roundoff = NaN, tolerance = NaN): FdCheck => ({
    fd,
    relError: Number.isFinite(fd) ? relativeError(analytic, fd) : NaN,
    verdict: 'inconclusive',
    reason,
    step: h,
    tolerance,
    roundoff,
    ...(detail === undefined ? {} : { detail: say(detail, 'en'), detailMessage: detail }),
  });

  const bad = all.find((s) => !Number.isFinite(s.value));
  if (bad) {
    const { reason, detail } = nonFinite(bad);
    return inconclusive(options.kink ? 'kink' : reason, detail);
  }

  const v = (s: Sample): number => s.value;
  // Halve before subtracting: values near the overflow threshold stay finite.
  const d = (plus: Sample, minus: Sample): number => (0.5 * v(plus) - 0.5 * v(minus)) / (0.5 * plus.at - 0.5 * minus.at);
  const d2 = d(samples.p2, samples.m2);
  const d1 = d(samples.p1, samples.m1);
  const dh = d(samples.ph, samples.mh);
  // R = (4·D(h/2) − D(h))/3, written so that 4·D does not overflow.
  const fd = dh + (dh - d1) / 3;
  // Samples so close that x ± s rounds to x give 0/0: no estimate at all, never a pass.
  if (!Number.isFinite(fd) || !Number.isFinite(d2)) return inconclusive('nonfinite', msg('fd.quotients', {}));
  const coarse = d1 + (d1 - d2) / 3;
  // Truncation error of fd: for smooth f, D(s) = f′ + a·s² + b·s⁴, so
  // fd − f′ ≈ −b·h⁴/4 and coarse − f′ ≈ −4·b·h⁴, fifteen times as far.
  const truncation = Math.abs(fd - coarse) / 15;

  const fMax = Math.max(...all.map((s) => Math.abs(v(s))));
  const roundoff = FD_ROUNDOFF_FACTOR * EPS * fMax / h;
  const requested = atol + rtol * Math.max(Math.abs(analytic), Math.abs(fd));
  const tolerance = requested + roundoff + truncation;

  if (!Number.isFinite(analytic)) return inconclusive('nonfinite', msg('fd.derivative-is', { value: String(analytic) }), fd, roundoff, tolerance);
  if (options.kink) return inconclusive('kink', undefined, fd, roundoff, tolerance);

  // A kink at x: the one-sided slopes differ by a jump J that does not shrink
  // with the step, while for smooth f, J(s) = (f(x+s) − 2f(x) + f(x−s))/s ≈ s·f″
  // halves with s. So J(h) − 2·J(h/2) is O(h³) when smooth and −J at a kink
  // (|x| at 0 has equal central differences on both sides and is caught only here).
  const second = (plus: Sample, minus: Sample): number => (v(plus) - v(samples.center)) - (v(samples.center) - v(minus));
  const jump = Math.abs(second(samples.p1, samples.m1) / h - 4 * (second(samples.ph, samples.mh) / h));
  // Smoothness is a property of f, so these two tests do not look at the claimed value.
  const jumpAllowed = atol + Math.sqrt(rtol) * Math.max(Math.abs(d1), Math.abs(dh)) + 3 * roundoff;
  if (jump > jumpAllowed) {
    return inconclusive('non-smooth', msg('fd.one-sided', { jump: jump.toPrecision(3), x: 'x' }), fd, roundoff, tolerance);
  }
  // A kink or pole within 2h of x: the extrapolations at two scales disagree
  // by more than the precision asked for, so fd cannot decide at that precision.
  if (truncation > atol + rtol * Math.abs(fd) + roundoff) {
    return inconclusive(
      'non-smooth',
      msg('fd.no-convergence', { steps: '2h, h, h/2', truncation: truncation.toPrecision(3) }),
      fd, roundoff, tolerance,
    );
  }

  const base = { fd, relError: relativeError(analytic, fd), step: h, tolerance, roundoff };
  if (Math.abs(analytic - fd) > tolerance) {
    // Two shapes that disagree without a wrong derivative. f has one value at
    // every sample: the step is lost in rounding inside f (sin(1e20 + x)),
    // so the differences know nothing about its slope.
    if (all.every((s) => v(s) === v(samples.center))) {
      return inconclusive('cancellation', msg('fd.constant', { f: 'f' }), fd, roundoff, tolerance);
    }
    // The differences converge to first order, D(s) ≈ f′ + a·s, which central
    // differences of a twice-differentiable f never do (their error is even
    // in s): f″ jumps at x (relu(x)², x·|x|), and R extrapolates wrongly.
    const spread = Math.abs(d2 - d1);
    if (spread > requested && Math.abs(d2 - (3 * d1 - 2 * dh)) < 0.1 * spread) {
      return inconclusive('non-smooth', msg('fd.first-order', { second: 'f″', x: 'x' }), fd, roundoff, tolerance);
    }
    // Further off than roundoff and truncation together can explain: wrong.
    return { ...base, verdict: 'fail' };
  }
  // Agreement, but only to within roundoff larger than the precision asked
  // for (f = 10¹⁰ + x): a wrong value could have agreed as well.
  if (roundoff > requested) {
    return inconclusive(
      'cancellation',
      msg('fd.roundoff', { roundoff: roundoff.toPrecision(3), size: fMax.toPrecision(3), f: '|f|' }),
      fd, roundoff, tolerance,
    );
  }
  return { ...base, verdict: 'pass' };
}
