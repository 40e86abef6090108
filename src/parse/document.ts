/**
 * Math in documents: finds every `$$…$$`, `$…$`, `\[…\]`, `\(…\)` and
 * `align`/`equation`/`gather` environment (starred or not) in a Markdown or
 * LaTeX text, with its position, so claims point into the user's file.
 * Prose outside math (Korean included) is ignored; `\$` is a literal dollar;
 * fenced and inline code in Markdown is skipped.
 */

import { positionAt, type Position } from '../errors.ts';

export interface MathBlock {
  /** The LaTeX between the delimiters. */
  readonly tex: string;
  /** Where `tex` starts in the document. */
  readonly start: Position;
  /** Display math (`$$`, `\[`, environments) or inline (`$`, `\(`). */
  readonly display: boolean;
}

const ENVIRONMENTS = ['align', 'align*', 'equation', 'equation*', 'gather', 'gather*', 'aligned', 'eqnarray', 'eqnarray*'];

/** Offsets of Markdown code (fenced blocks and `inline` spans), which hold no math. */
function codeRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const fence = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm;
  for (const m of text.matchAll(fence)) out.push([m.index!, m.index! + m[0].length]);
  const inline = /`[^`\n]+`/g;
  for (const m of text.matchAll(inline)) {
    const at = m.index!;
    if (!out.some(([a, b]) => at >= a && at < b)) out.push([at, at + m[0].length]);
  }
  return out;
}

/** Every math block in document order. */
export function extractMath(text: string): MathBlock[] {
  const blocks: MathBlock[] = [];
  const code = codeRanges(text);
  const inCode = (i: number): [number, number] | undefined => code.find(([a, b]) => i >= a && i < b);
  const push = (from: number, to: number, display: boolean): void => {
    blocks.push({ tex: text.slice(from, to), start: positionAt(text, from), display });
  };

  let i = 0;
  while (i < text.length) {
    const skip = inCode(i);
    if (skip) {
      i = skip[1];
      continue;
    }
    const ch = text[i];
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === '$') { i += 2; continue; }
      if (next === '[' || next === '(') {
        const close = next === '[' ? '\\]' : '\\)';
        const end = text.indexOf(close, i + 2);
        if (end < 0) break;
        push(i + 2, end, next === '[');
        i = end + 2;
        continue;
      }
      const env = /^\\begin\{([a-z]+\*?)\}/.exec(text.slice(i, i + 40));
      if (env && ENVIRONMENTS.includes(env[1]!)) {
        const closeTag = `\\end{${env[1]}}`;
        const from = i + env[0].length;
        const end = text.indexOf(closeTag, from);
        if (end < 0) break;
        push(from, end, true);
        i = end + closeTag.length;
        continue;
      }
      i += 2;
      continue;
    }
    if (ch === '$') {
      const display = text[i + 1] === '$';
      const from = i + (display ? 2 : 1);
      let end = from;
      // Find the closing delimiter, skipping escaped dollars.
      for (;;) {
        end = text.indexOf(display ? '$$' : '$', end);
        if (end < 0 || text[end - 1] !== '\\') break;
        end += 1;
      }
      if (end < 0) break;
      // An inline `$` does not span a blank line (it is a price, not math).
      if (!display && /\n\s*\n/.test(text.slice(from, end))) {
        i = from;
        continue;
      }
      push(from, end, display);
      i = end + (display ? 2 : 1);
      continue;
    }
    i++;
  }
  return blocks;
}

/** True for a file name that is read as a document rather than a formula file. */
export function isDocumentFile(name: string): boolean {
  return /\.(md|markdown|tex|latex)$/i.test(name);
}
