/**
 * Generated systems of definitions for the cost-growth benchmark (SPEC §17):
 * a chain `a_k = sin(a_{k-1}) + p_k*a_{k-1}` of n definitions, and the
 * 196-64-10 sigmoid network in §7's indexed form with the update rules of
 * both weight matrices (12,544 + 640 rules once the matrices are expanded).
 *
 * Deterministic: the values come from fixed formulas or the seeded PRNG, so
 * every run reads the same text. A `tag` is appended to every name so that a
 * timed run builds fresh nodes instead of finding an earlier run's in the
 * intern table.
 */

import { seededRandom } from '../src/numeric/random.ts';

const suffix = (tag: string): string => (tag === '' ? '' : `_${tag}`);

/**
 * The warm-up before a timed chain, the same for every length: this many
 * chains of this length, of other names. A warm-up of a few hundred
 * definitions left the first timed run of a fresh process in the JIT's
 * early tiers (a chain of 1,000 then took twice its steady time).
 */
export const WARM_UP = { runs: 5, length: 2_000 } as const;

/**
 * `a0 = 0.5`, the factors `p_k`, then `a_k = sin(a_{k-1}) + p_k*a_{k-1}`
 * for k = 1..n and `derive a_n wrt a0`.
 */
export function chainSystem(n: number, tag = ''): string {
  const s = suffix(tag);
  const lines = [`a0${s} = 0.5`];
  for (let k = 1; k <= n; k++) lines.push(`p${k}${s} = ${(0.3 + 0.4 * ((k * 0.618034) % 1)).toFixed(3)}`);
  for (let k = 1; k <= n; k++) lines.push(`a${k}${s} = sin(a${k - 1}${s}) + p${k}${s}*a${k - 1}${s}`);
  lines.push(`derive a${n}${s} wrt a0${s}`);
  return `${lines.join('\n')}\n`;
}

/** A matrix literal of `rows`×`cols` values drawn from `draw`. */
function literal(rows: number, cols: number, draw: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < rows; i++) out.push(`[${Array.from({ length: cols }, () => draw().toFixed(4)).join(', ')}]`);
  return `[${out.join(',\n  ')}]`;
}

/**
 * A dense sigmoid network `sizes[0]`-`sizes[1]`-`sizes[2]` written as in
 * SPEC §7 (row vectors, indexed definitions), with a squared-error loss and
 * gradient-descent rules for both weight matrices at rate 0.5.
 */
export function networkSystem(sizes: readonly [number, number, number] = [196, 64, 10], tag = ''): string {
  const [n0, n1, n2] = sizes;
  const s = suffix(tag);
  const random = seededRandom(7);
  const weight = (fanIn: number) => (): number => (random() * 2 - 1) / Math.sqrt(fanIn);
  return [
    `x${s} = ${literal(1, n0, () => random())}`,
    `y${s} = ${literal(1, n2, () => 0)}`,
    `W1${s} = ${literal(n1, n0, weight(n0))}`,
    `b1${s} = ${literal(1, n1, () => 0.1)}`,
    `W2${s} = ${literal(n2, n1, weight(n1))}`,
    `b2${s} = ${literal(1, n2, () => 0.1)}`,
    `h${s}[1,j] = sigmoid(sum(i=1..${n0}, W1${s}[j,i]*x${s}[1,i]) + b1${s}[1,j])  for j=1..${n1}`,
    `o${s}[1,k] = sigmoid(sum(j=1..${n1}, W2${s}[k,j]*h${s}[1,j]) + b2${s}[1,k])  for k=1..${n2}`,
    `E${s} = 1/2*sum((o${s} - y${s})^2)`,
    `W1${s}_new = W1${s} - 0.5*d(E${s})/d(W1${s})`,
    `W2${s}_new = W2${s} - 0.5*d(E${s})/d(W2${s})`,
    '',
  ].join('\n');
}
