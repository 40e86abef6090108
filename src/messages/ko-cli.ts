/**
 * Korean catalogue, one section: the command line (help texts, option errors, progress), the server and the playground's interface, and the LaTeX report's labels.
 * The same keys and parameters as en-cli.ts.
 */

import type { EN_CLI } from './en-cli.ts';

export const KO_CLI: { readonly [K in keyof typeof EN_CLI]: string } = {
};
