/**
 * Korean catalogue, one section: errors of reading, lowering, evaluating, differentiating and writing code, with their limits (SPEC §10).
 * The same keys and parameters as en-errors.ts.
 */

import type { EN_ERRORS } from './en-errors.ts';

export const KO_ERRORS: { readonly [K in keyof typeof EN_ERRORS]: string } = {
};
