/**
 * Generated benchmark problems, as formula text that both nabla and math.js
 * read: dense sigmoid MLP losses with every layer inlined into one
 * expression, nested compositions of elementary functions, and random
 * polynomial / rational trees. Also a large formula file for parse
 * throughput.
 *
 * Every generator is deterministic (a seeded PRNG). A `tag` is appended to
 * every name, so that each timed run builds fresh nodes instead of finding
 * the previous run's nodes in the intern table: the times are those of a
 * first, cold derivation.
 *
 * The sigmoid is written out as `1/(1 + exp(-(z)))`: math.js has no sigmoid
 * function, and both tools must read the same text.
 */

import { seededRandom } from '../src/numeric/random.ts';

export type Family = 'mlp' | 'nested' | 'random';

export interface Problem {
  /** Short label for the results table (`mlp 2-2-2`, `nested 20`). */
  readonly name: string;
  readonly family: Family;
  /** The expression, one line of ASCII that nabla and math.js both parse. */
  readonly text: string;
  /** Every name in the expression: the gradient is taken with respect to all of them. */
  readonly vars: readonly string[];
}

/** The benchmark's seeded generator. */
export const prng = seededRandom;

const suffix = (tag: string): string => (tag === '' ? '' : `_${tag}`);

/** `1/(1 + exp(-(z)))`, the logistic spelled out. */
const sigmoidText = (z: string): string => `1/(1 + exp(-(${z})))`;

/**
 * Squared-error loss of a dense sigmoid network with layer widths `sizes`
 * (inputs first, outputs last), every unit inlined: `1/2*((y1 - o1)^2 + …)`.
 * Weights `w{layer}_{to}_{from}`, biases `b{layer}_{to}`, inputs `x{i}`,
 * targets `y{k}`. The text grows as the product of the widths; the DAG stays
 * linear in the number of weights.
 */
export function mlpProblem(sizes: readonly number[], tag = ''): Problem {
  const s = suffix(tag);
  const vars: string[] = [];
  let layer: string[] = [];
  for (let i = 1; i <= sizes[0]!; i++) {
    layer.push(`x${i}${s}`);
    vars.push(`x${i}${s}`);
  }
  for (let l = 1; l < sizes.length; l++) {
    const next: string[] = [];
    for (let j = 1; j <= sizes[l]!; j++) {
      const b = `b${l}_${j}${s}`;
      vars.push(b);
      const terms = layer.map((unit, i) => {
        const w = `w${l}_${j}_${i + 1}${s}`;
        vars.push(w);
        return `${w}*${unit.startsWith('1/') ? `(${unit})` : unit}`;
      });
      next.push(sigmoidText(`${b} + ${terms.join(' + ')}`));
    }
    layer = next;
  }
  const errors = layer.map((o, k) => {
    const y = `y${k + 1}${s}`;
    vars.push(y);
    return `(${y} - ${o})^2`;
  });
  return { name: `mlp ${sizes.join('-')}`, family: 'mlp', text: `1/2*(${errors.join(' + ')})`, vars };
}

const NESTED_FUNCTIONS = ['sin', 'cos', 'exp', 'tanh'] as const;

/**
 * `sin(a1*cos(a2*exp(a3*tanh(… x …))))`, `depth` functions deep, cycling
 * through sin, cos, exp, tanh (every argument of exp stays bounded, so the
 * values are finite), one weight per level.
 */
export function nestedProblem(depth: number, tag = ''): Problem {
  const s = suffix(tag);
  const x = `x${s}`;
  let text = x;
  const vars = [x];
  for (let k = depth; k >= 1; k--) {
    const a = `a${k}${s}`;
    vars.push(a);
    text = `${NESTED_FUNCTIONS[(k - 1) % NESTED_FUNCTIONS.length]!}(${a}*${text})`;
  }
  return { name: `nested ${depth}`, family: 'nested', text, vars };
}

/**
 * A random expression tree with `leaves` leaves over ten names and small
 * integers, split at a uniformly random point at every level (so the depth
 * is logarithmic). `rational` adds divisions, always by `(1 + q^2)` so the
 * value stays finite.
 */
export function randomProblem(leaves: number, rational: boolean, seed: number, tag = ''): Problem {
  const s = suffix(tag);
  const rand = prng(seed);
  const names = Array.from({ length: 10 }, (_, i) => `v${i + 1}${s}`);
  const used = new Set<string>();
  const build = (n: number): string => {
    if (n === 1) {
      if (rand() < 0.75) {
        const name = names[Math.floor(rand() * names.length)]!;
        used.add(name);
        return name;
      }
      return String(1 + Math.floor(rand() * 9));
    }
    const left = 1 + Math.floor(rand() * (n - 1));
    const a = build(left);
    const b = build(n - left);
    const r = rand();
    if (rational && r < 0.2) return `(${a})/(1 + (${b})^2)`;
    if (r < 0.55) return `(${a}) + (${b})`;
    if (r < 0.7) return `(${a}) - (${b})`;
    return `(${a})*(${b})`;
  };
  const text = build(leaves);
  return { name: `${rational ? 'rational' : 'polynomial'} ${leaves}`, family: 'random', text, vars: names.filter((n) => used.has(n)) };
}

/** The benchmark's problem list; `tag` makes the names fresh for one run. */
export function problems(tag = ''): Problem[] {
  return [
    mlpProblem([2, 2, 2], tag),
    mlpProblem([4, 4, 4], tag),
    mlpProblem([8, 8, 8], tag),
    mlpProblem([16, 16, 16], tag),
    mlpProblem([4, 8, 8, 2], tag),
    nestedProblem(5, tag),
    nestedProblem(10, tag),
    nestedProblem(20, tag),
    nestedProblem(40, tag),
    randomProblem(10, false, 1, tag),
    randomProblem(100, false, 2, tag),
    randomProblem(1000, false, 3, tag),
    randomProblem(100, true, 4, tag),
    randomProblem(1000, true, 5, tag),
  ];
}

/**
 * A formula file of at least `bytes` bytes: a chain of definitions, each a
 * small sigmoid unit over the two before it, then inputs with values.
 */
export function largeFormulaFile(bytes: number): string {
  const rand = prng(42);
  const lines: string[] = ['# generated for the parse-throughput benchmark', 'u0 = 0.5', 'u1 = 0.25'];
  let size = lines.join('\n').length;
  for (let k = 2; size < bytes; k++) {
    const w = (rand() * 2 - 1).toFixed(4);
    const line = `u${k} = sigmoid(${w}*u${k - 1} + c${k % 97}*u${k - 2} - 0.125) + tanh(u${k - 2})/2  # unit ${k}`;
    lines.push(line);
    size += line.length + 1;
  }
  for (let c = 0; c < 97; c++) lines.push(`c${c} = ${(c / 97).toFixed(3)}`);
  return `${lines.join('\n')}\n`;
}
