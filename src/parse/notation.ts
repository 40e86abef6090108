/**
 * Which notation a text is written in: the ASCII formula language (SPEC §2),
 * LaTeX math (SPEC §6), or a Markdown/LaTeX document with its math between
 * delimiters. Every place that has to guess (the playground, `nabla check`,
 * the CLI's expression arguments) asks here, so that they never disagree.
 */

import { isDocumentFile } from './document.ts';

/** `#` comments of a formula file, which may mention anything. */
const COMMENT = /#.*$/gm;

/**
 * LaTeX rather than the ASCII formula language: outside `#` comments, the
 * text holds a backslash (every LaTeX command has one, no ASCII formula
 * does), or — with `dollars`, for a text that may be a document — a `$`.
 */
export function isLatex(text: string, { dollars = false }: { readonly dollars?: boolean } = {}): boolean {
  const code = text.replace(COMMENT, '');
  return code.includes('\\') || (dollars && code.includes('$'));
}

/** Math delimiters (`$`, `\[`, `\(`, `\begin{…}`): the text is a document, prose around its math. */
export function hasMathDelimiters(text: string): boolean {
  return /\$|\\\[|\\\(|\\begin\{/.test(text);
}

/** How `nabla check` reads a text: by file name (`.md`, `.tex` …), else as a document when it holds math delimiters. */
export function documentKind(text: string, fileName?: string): 'document' | 'formula' {
  if (fileName !== undefined) return isDocumentFile(fileName) ? 'document' : 'formula';
  return hasMathDelimiters(text) ? 'document' : 'formula';
}
