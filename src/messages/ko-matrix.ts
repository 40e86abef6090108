/**
 * Korean catalogue, one section: the matrix report, its HTML and graph, matrix claims and matrix errors (SPEC §12).
 * The same keys and parameters as en-matrix.ts.
 */

import type { EN_MATRIX } from './en-matrix.ts';

export const KO_MATRIX: { readonly [K in keyof typeof EN_MATRIX]: string } = {
};
