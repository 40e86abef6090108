/**
 * English catalogue, one section: the matrix report, its HTML and graph, matrix claims and matrix errors (SPEC §12).
 * en.ts joins the sections into the one catalogue; ko-matrix.ts says the
 * same keys in Korean.
 */

export const EN_MATRIX = {
} as const;
