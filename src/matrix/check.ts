/**
 * Checks and training over a matrix program (SPEC §12).
 *
 * - A gradient is checked against central finite differences on a sample
 *   of its entries (all of them when there are at most 64): each sampled
 *   entry of the name is moved by ±h, the target computed again from that
 *   name on (its own definition cut), and the largest relative error kept.
 * - Training applies every update rule `X_new = …` to whole matrices at
 *   once, N times, recording the objective before each step.
 *
 * Invariants: the sample is seeded, so a report repeats; a check recomputes
 * only the names the target depends on.
 */

import type { MValue } from './evaluate.ts';
import { ancestors, evaluateProgram, type MatrixProgram } from './program.ts';

/** Entries checked when a gradient has more. */
export const MAX_CHECKED_ENTRIES = 64;
/** A relative error at most this passes (central differences at h ~ 1e-6 are good to ~1e-9). */
export const CHECK_TOLERANCE = 1e-5;

export interface MatrixCheck {
  /** Entries compared. */
  readonly entries: number;
  /** Of how many. */
  readonly of: number;
  readonly maxRelError: number;
  readonly ok: boolean;
}

/** Sampled entry offsets (row-major), seeded and without repeats. */
function sample(n: number): number[] {
  if (n <= MAX_CHECKED_ENTRIES) return Array.from({ length: n }, (_, k) => k);
  const picked = new Set<number>();
  let a = 0x9e3779b9;
  while (picked.size < MAX_CHECKED_ENTRIES) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    picked.add(a % n);
  }
  return [...picked].sort((x, y) => x - y);
}

/**
 * Compare `gradient` (in wrt's shape; or one entry of it when `at` is given)
 * with central differences of `target` by `wrt`, from `values` (every name's
 * value at the point).
 */
export function checkGradient(
  program: MatrixProgram, values: ReadonlyMap<string, MValue>, target: string, wrt: string, gradient: MValue, at?: readonly [number, number],
): MatrixCheck {
  const base = values.get(wrt)!;
  const upstream = ancestors(program, target);
  const given = new Map<string, MValue>();
  // Everything the target does not need again is fixed: inputs and the names that do not depend on wrt.
  const dependsOnWrt = new Set<string>([wrt]);
  for (const n of program.order) {
    const r = program.rhs.get(n)!;
    if (n !== wrt && [...leafNamesOf(r)].some((m) => dependsOnWrt.has(m))) dependsOnWrt.add(n);
  }
  for (const [n, v] of values) if (!dependsOnWrt.has(n) || n === wrt) given.set(n, v);
  const offsets = at ? [(at[0] - 1) * base.cols + (at[1] - 1)] : sample(base.data.length);
  let maxRelError = 0;
  // One copy, moved one entry at a time and put back (evaluation never writes to a given value).
  const data = base.data.slice();
  given.set(wrt, { rows: base.rows, cols: base.cols, data });
  for (let s = 0; s < offsets.length; s++) {
    const k = offsets[s]!;
    const x = base.data[k]!;
    const h = 1e-6 * Math.max(1, Math.abs(x));
    const at1 = (dx: number): number => {
      data[k] = x + dx;
      const v = evaluateProgram(program, given, upstream).get(target)!.data[0]!;
      data[k] = x;
      return v;
    };
    const fd = (at1(h) - at1(-h)) / (2 * h);
    const g = gradient.data[at ? 0 : k]!;
    const diff = Math.abs(fd - g);
    const scale = Math.max(Math.abs(fd), Math.abs(g));
    const rel = scale < 1e-12 ? 0 : diff / scale;
    maxRelError = Math.max(maxRelError, Number.isNaN(rel) ? Infinity : rel);
  }
  given.set(wrt, base);
  return { entries: offsets.length, of: at ? 1 : base.data.length, maxRelError, ok: maxRelError <= CHECK_TOLERANCE };
}

function leafNamesOf(e: Parameters<typeof import('./node.ts').leafNames>[0]): Set<string> {
  const out = new Set<string>();
  const stack = [e];
  const seen = new Set<typeof e>();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind === 'leaf') out.add(n.name);
    if ('a' in n) stack.push(n.a);
    if ('b' in n && n.b) stack.push(n.b);
  }
  return out;
}

export interface TrainingRule {
  readonly input: string;
  readonly rule: string;
}

/** The update rules of a program: `X_new` for a name X that is given a value (an input or a free name). */
export function updateRules(program: MatrixProgram): TrainingRule[] {
  const rules: TrainingRule[] = [];
  for (const [name, def] of program.definitions) {
    if (!def.input) continue;
    if (program.definitions.has(`${name}_new`)) rules.push({ input: name, rule: `${name}_new` });
  }
  for (const name of program.free) if (program.definitions.has(`${name}_new`)) rules.push({ input: name, rule: `${name}_new` });
  return rules;
}

/** `steps` steps of every rule at once; the objective before each step, then after the last. */
export function trainProgram(
  program: MatrixProgram, start: ReadonlyMap<string, MValue>, objective: string, rules: readonly TrainingRule[], steps: number,
  onProgress?: (done: number, total: number) => void,
): { values: Map<string, MValue>; history: { step: number; objective: number }[] } {
  const given = new Map(start);
  const history: { step: number; objective: number }[] = [];
  const needed = new Set<string>([objective]);
  for (const r of rules) for (const n of ancestors(program, r.rule)) needed.add(n);
  for (const n of ancestors(program, objective)) needed.add(n);
  // The steps reported, as the scalar trainer reports them: 0, 1, 10, 100, … and the last.
  const wanted = new Set<number>([0, steps]);
  for (let k = 1; k <= steps; k *= 10) wanted.add(k);
  for (let step = 0; step < steps; step++) {
    const values = evaluateProgram(program, given, needed);
    if (wanted.has(step)) history.push({ step, objective: values.get(objective)!.data[0]! });
    for (const r of rules) given.set(r.input, values.get(r.rule)!);
    if (onProgress && step % 100 === 0) onProgress(step, steps);
  }
  onProgress?.(steps, steps);
  const last = evaluateProgram(program, given);
  history.push({ step: steps, objective: last.get(objective)!.data[0]! });
  return { values: last, history };
}
