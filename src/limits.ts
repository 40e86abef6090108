/**
 * A time budget for the symbolic work of one command (SPEC §10: exploding
 * expressions end with a clear error, never a hang).
 *
 * Most inputs are bounded by size limits where they are read (input bytes,
 * nesting depth, tokens); what those cannot bound is the cost of
 * differentiating and simplifying an expression that is small to write and
 * huge to work with (a chain of thousands of definitions, a product of a
 * hundred sums). The passes that can run long call `checkTime` as they go;
 * inside `withTimeLimit` a call past the deadline throws a TimeLimitError
 * naming the stage and the limit. Outside it (the library API by default)
 * `checkTime` does nothing.
 *
 * The check is cooperative: it bounds the time between two checks, which is
 * one node of a pass, not a preemptive timeout.
 */

import { NablaError } from './errors.ts';
import { msg } from './messages/format.ts';
import type { MessageKey } from './messages/en.ts';
import type { Param } from './messages/message.ts';

/** Default budget of the CLI's `--max-seconds`. */
export const DEFAULT_TIME_LIMIT_SECONDS = 10;

export class TimeLimitError extends NablaError {
  constructor(readonly stage: string, readonly seconds: number) {
    super(msg('limit.time', { stage: stageParam(stage), seconds, option: '--max-seconds' }));
    this.name = 'TimeLimitError';
  }
}

/** The stages the passes name, as the catalogue says them; another stage is shown as given. */
const STAGES: Readonly<Record<string, MessageKey>> = {
  'reading': 'stage.reading',
  'reading the file': 'stage.reading-file',
  'reading the document': 'stage.reading-document',
  'simplifying': 'stage.simplifying',
  'differentiating': 'stage.differentiating',
  'differentiating the definitions': 'stage.differentiating-definitions',
  'checking': 'stage.checking',
  'explaining': 'stage.explaining',
};

function stageParam(stage: string): Param {
  const key = STAGES[stage];
  return key === undefined ? stage : { key, params: {} };
}

let deadline = Infinity;
let limitSeconds = Infinity;

/** Run `f` with a budget of `seconds` (nested budgets keep the earlier deadline). */
export function withTimeLimit<T>(seconds: number, f: () => T): T {
  const saved = { deadline, limitSeconds };
  const until = performance.now() + seconds * 1000;
  if (until < deadline) {
    deadline = until;
    limitSeconds = seconds;
  }
  try {
    return f();
  } finally {
    deadline = saved.deadline;
    limitSeconds = saved.limitSeconds;
  }
}

/** Throw a TimeLimitError when the current budget is spent; `stage` says what was running ("simplifying"). */
export function checkTime(stage: string): void {
  if (deadline !== Infinity && performance.now() > deadline) throw new TimeLimitError(stage, limitSeconds);
}
