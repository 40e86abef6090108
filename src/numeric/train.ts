/**
 * Gradient descent on a compiled system (`nabla run --steps N`): every
 * update rule applied at once, N times, the objective recorded at the steps
 * a report shows (0, 1, 10, 100, … and the last).
 *
 * Invariant: a step reads only the previous step's values — every rule is
 * evaluated before any input is replaced, so the order of the rules does not
 * matter (simultaneous updates, as the notes write them).
 */

import type { CompiledFunction } from './compile.ts';

export interface TrainingStep {
  readonly step: number;
  readonly objective: number;
}

export interface TrainingRun {
  /** The objective at the reported steps, in step order. */
  readonly history: readonly TrainingStep[];
  /** The inputs after the last step, in the compiled function's input order. */
  readonly final: Float64Array;
}

/** Training steps between two progress calls. */
const PROGRESS_EVERY = 100;

/** The steps at which training reports the objective: 0, 1, 10, 100, … and the last. */
export function reportedSteps(total: number): number[] {
  const out = new Set<number>([0]);
  for (let k = 1; k <= total; k *= 10) out.add(k);
  out.add(total);
  return [...out].sort((a, b) => a - b);
}

/**
 * Run `steps` steps of the update rules. `fn` returns the objective, then
 * one new value per rule; `ruleInputs[i]` is the index (in `fn`'s inputs) of
 * the input rule `i` replaces. A non-finite objective stops the run with the
 * compiled function's error, which names the subexpression.
 */
export function train(
  fn: CompiledFunction,
  ruleInputs: readonly number[],
  start: readonly number[],
  steps: number,
  onProgress?: (done: number, total: number) => void,
): TrainingRun {
  let current = Float64Array.from(start);
  const out = new Float64Array(ruleInputs.length + 1);
  const wanted = new Set(reportedSteps(steps));
  const history: TrainingStep[] = [];
  for (let step = 0; ; step++) {
    fn.raw(current, out);
    if (wanted.has(step)) history.push({ step, objective: out[0]! });
    if (!Number.isFinite(out[0]!)) fn(current); // throws, naming the subexpression
    if (step === steps) break;
    const next = Float64Array.from(current);
    ruleInputs.forEach((input, i) => {
      next[input] = out[i + 1]!;
    });
    current = next;
    if (onProgress && step % PROGRESS_EVERY === 0) onProgress(step, steps);
  }
  onProgress?.(steps, steps);
  return { history, final: current };
}
