/**
 * English catalogue, one section: errors of reading, lowering, evaluating, differentiating and writing code, with their limits (SPEC §10).
 * en.ts joins the sections into the one catalogue; ko-errors.ts says the
 * same keys in Korean.
 */

export const EN_ERRORS = {
} as const;
