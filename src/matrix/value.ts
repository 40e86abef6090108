/**
 * A matrix value: its shape and its entries, row-major (a vector is a
 * column, a scalar 1x1). Its own module so that the evaluator's helpers
 * (fused-step.ts) name it without importing the evaluator.
 */

export interface MValue {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}
