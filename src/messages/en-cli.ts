/**
 * English catalogue, one section: the command line (help texts, option errors, progress), the server and the playground's interface, and the LaTeX report's labels.
 * en.ts joins the sections into the one catalogue; ko-cli.ts says the
 * same keys in Korean.
 */

export const EN_CLI = {
} as const;
