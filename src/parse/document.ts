/**
 * Math in documents: finds every `$$…$$`, `$…$`, `\[…\]`, `\(…\)` and
 * `align`/`equation`/`gather` environment (starred or not) in a Markdown or
 * LaTeX text, with its position, so claims point into the user's file.
 * Prose outside math (Korean included) is ignored; `\$` is a literal dollar.
 * In Markdown, what a renderer shows as code or hides is skipped as it does:
 * fenced code (an unclosed fence runs to the end), indented code blocks,
 * inline code and `<!-- … -->` comments.
 *
 * Nothing after a typo is lost silently: a display delimiter (`$$`, `\[`,
 * `\(`, `\begin{align}`) that is never closed is reported at its opening
 * position and the scan goes on after it, so the rest of the document is
 * still read. A lone inline `$` with no partner is a literal dollar, as
 * Markdown renderers take it (a price in prose, not math), and so is a `$`
 * before a digit whose partner follows a space (`costs $5 and $x$`) or
 * comes right before a digit (pandoc's rule): a price does not shift the
 * pairing of the math after it.
 */

import { NablaError, type Position } from '../errors.ts';
import { msg } from '../messages/format.ts';
import { commentRanges } from './document-comments.ts';

export interface MathBlock {
  /** The LaTeX between the delimiters. */
  readonly tex: string;
  /** Where `tex` starts in the document. */
  readonly start: Position;
  /** Display math (`$$`, `\[`, environments) or inline (`$`, `\(`). */
  readonly display: boolean;
}

/** A math delimiter left open: the error points at the opener, `text` is the opener's line from there. */
export interface UnclosedMath {
  readonly text: string;
  readonly error: NablaError;
}

/** Longest excerpt of an unclosed opener's line kept as its claim text. */
const MAX_UNCLOSED_TEXT = 60;

const ENVIRONMENTS = ['align', 'align*', 'equation', 'equation*', 'gather', 'gather*', 'aligned', 'eqnarray', 'eqnarray*'];

/** Offsets of Markdown code (fenced and indented blocks, `inline` spans) and HTML comments, which hold no math, sorted by start. */
function codeRanges(text: string): [number, number][] {
  const fences: [number, number][] = [];
  // A fence never closed runs to the end of the document, as CommonMark has it.
  for (const m of text.matchAll(/^(```|~~~)[^\n]*(?:\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))|(?![\s\S]))/gm)) fences.push([m.index!, m.index! + m[0].length]);
  for (const m of text.matchAll(/<!--[\s\S]*?(?:-->|(?![\s\S]))/g)) fences.push([m.index!, m.index! + m[0].length]);
  pushIndentedCode(text, fences);
  fences.sort((a, b) => a[0] - b[0]);
  const out = [...fences];
  let f = 0;
  for (const m of text.matchAll(/`[^`\n]+`/g)) {
    const at = m.index!;
    // Both lists are in text order: one pass decides which inline spans lie inside a fence.
    while (f < fences.length && fences[f]![1] <= at) f++;
    if (f < fences.length && at >= fences[f]![0]) continue;
    out.push([at, at + m[0].length]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Columns of a line's leading blanks, a tab to the next multiple of 4. */
function indentOf(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === ' ') n++;
    else if (c === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

/**
 * Indented code blocks (CommonMark): lines indented 4 columns or more after
 * a blank line, where the text before is a plain paragraph at the margin. A
 * list item's indented continuation is not code, and a paragraph is not
 * interrupted by an indented line, so math there is still read.
 */
function pushIndentedCode(text: string, out: [number, number][]): void {
  let offset = 0;
  let previous: 'start' | 'blank' | 'margin' | 'list' | 'code' = 'start';
  let lastText: 'margin' | 'list' | 'start' = 'start';
  let block: [number, number] | undefined;
  for (const line of text.split('\n')) {
    const blank = line.trim() === '';
    const deep = !blank && indentOf(line) >= 4;
    if (deep && (previous === 'code' || (block !== undefined && previous === 'blank') || ((previous === 'blank' || previous === 'start') && lastText !== 'list'))) {
      block ??= [offset, offset];
      block[1] = offset + line.length;
      previous = 'code';
    } else if (blank) {
      previous = 'blank';
    } else {
      if (block !== undefined && !deep) {
        out.push(block);
        block = undefined;
      }
      // A list item (or its continuation) makes the indented lines after it its own.
      const list: boolean = /^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)/.test(line) || (deep && lastText === 'list') || (indentOf(line) > 0 && lastText === 'list');
      lastText = list ? 'list' : 'margin';
      previous = list ? 'list' : 'margin';
    }
    offset += line.length + 1;
  }
  if (block !== undefined) out.push(block);
}

/**
 * Positions of increasing offsets, found by scanning forward from the last
 * one: linear over a document however many blocks it has. Columns count
 * code points, as the parsers' locators do.
 */
function positionScanner(text: string): (offset: number) => Position {
  let at = 0;
  let line = 1;
  let column = 1;
  return (offset) => {
    for (; at < offset; at++) {
      const c = text.charCodeAt(at);
      if (c === 10) {
        line++;
        column = 1;
      } else if (c < 0xdc00 || c > 0xdfff) column++; // the second half of a surrogate pair is not a new column
    }
    return { line, column, offset };
  };
}

/**
 * Every math block in document order, none in a `%` comment (a `.tex` file's
 * comments are `%…` tails, with `texComments`); each opener never closed is
 * handed to `onUnclosed`, in document order too.
 */
export function extractMath(text: string, texComments = false, onUnclosed: (u: UnclosedMath) => void = () => {}): MathBlock[] {
  const blocks: MathBlock[] = [];
  const code = [...codeRanges(text), ...commentRanges(text, texComments)].sort((a, b) => a[0] - b[0]);
  let nextCode = 0;
  // The scan only moves forward, so the next code range is found with a pointer.
  const inCode = (i: number): [number, number] | undefined => {
    while (nextCode < code.length && code[nextCode]![1] <= i) nextCode++;
    const r = code[nextCode];
    return r && i >= r[0] ? r : undefined;
  };
  const positionOf = positionScanner(text);
  const push = (from: number, to: number, display: boolean): void => {
    blocks.push({ tex: text.slice(from, to), start: positionOf(from), display });
  };
  // Report the opener at `at` (of `open.length` characters) and return where the scan goes on: just after it.
  const unclosed = (at: number, open: string, close: string): number => {
    const lineEnd = text.slice(at, at + MAX_UNCLOSED_TEXT).search(/[\r\n]/);
    const line = text.slice(at, lineEnd < 0 ? at + MAX_UNCLOSED_TEXT : at + lineEnd).trim();
    const message = msg('document.unclosed', { closer: close, opener: open });
    onUnclosed({ text: line, error: new NablaError(message, { ...positionOf(at), length: open.length }, text) });
    return at + open.length;
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
        if (end < 0) {
          i = unclosed(i, `\\${next}`, close);
          continue;
        }
        push(i + 2, end, next === '[');
        i = end + 2;
        continue;
      }
      const env = /^\\begin\{([a-z]+\*?)\}/.exec(text.slice(i, i + 40));
      if (env && ENVIRONMENTS.includes(env[1]!)) {
        const closeTag = `\\end{${env[1]}}`;
        const from = i + env[0].length;
        const end = text.indexOf(closeTag, from);
        if (end < 0) {
          i = unclosed(i, env[0], closeTag);
          continue;
        }
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
      if (end < 0) {
        i = display ? unclosed(i, '$$', '$$') : from;
        continue;
      }
      // An inline `$` does not span a blank line, and `$5 … $` or `…$5` is a price, not math.
      const price = /\d/.test(text[from] ?? '') && /\s/.test(text[end - 1] ?? '');
      if (!display && (price || /\d/.test(text[end + 1] ?? '') || /\n\s*\n/.test(text.slice(from, end)))) {
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
