/**
 * Loops over Float64Arrays for a file in matrix algebra (SPEC §8, §12).
 */

import { NablaError } from '../errors.ts';
import type { MatrixCodePlan } from '../matrix/code-plan.ts';

export function matrixJsModule(plan: MatrixCodePlan, fname: string, typed: boolean): string {
  void plan; void fname; void typed;
  throw new NablaError('not yet');
}
