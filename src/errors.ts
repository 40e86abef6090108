/**
 * The one error type. Every failure a user can cause (bad syntax, an
 * undefined name, a cycle, a limit) is a NablaError with a position in the
 * source text; `formatError` renders it as `line:col`, the source line and a
 * caret. The CLI maps it to exit status 2; batch work keeps it as a value.
 */

import { msg, say } from './messages/format.ts';
import type { Language, Message, Param } from './messages/message.ts';

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in characters of the line. */
  readonly column: number;
  /** 0-based offset into the source text. */
  readonly offset: number;
}

export interface Span extends Position {
  /** Characters covered, at least 1 for the caret. */
  readonly length: number;
}

export class NablaError extends Error {
  /**
   * The message as a catalogue key (SPEC §15), when it has one: `message` is
   * its English. Not enumerable: an error is its type, message and place, so
   * two errors that say the same thing compare equal however they were made.
   */
  declare readonly said?: Message;

  constructor(
    message: string | Message,
    readonly span?: Span,
    /** The whole source the span points into, for the excerpt. */
    readonly source?: string,
  ) {
    super(typeof message === 'string' ? message : say(message, 'en'));
    this.name = 'NablaError';
    if (typeof message !== 'string') Object.defineProperty(this, 'said', { value: message, enumerable: false });
  }

  /** The same error, pointing into `source` (when it had no source yet). */
  withSource(source: string): NablaError {
    return this.source === undefined ? new NablaError(this.said ?? this.message, this.span, source) : this;
  }

  /** The message as given: its catalogue key when it has one, else its text (to carry it into another error). */
  get saying(): string | Message {
    return this.said ?? this.message;
  }

  /** The message in `lang` (English when it has no key). */
  sayIn(lang: Language): string {
    return this.said === undefined ? this.message : say(this.said, lang);
  }
}

/**
 * A name given to the tool (not written in the source) that it refuses, such
 * as `codegen --name Math`: the face that took the name points into its text.
 */
export class RefusedNameError extends NablaError {
  constructor(message: string | Message, readonly refused: string) {
    super(message);
    this.name = 'RefusedNameError';
  }
}

/** Position of a 0-based offset in a text. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

export function spanAt(text: string, offset: number, length = 1): Span {
  return { ...positionAt(text, offset), length: Math.max(1, length) };
}

/**
 * Control characters are shown escaped so that echoed input cannot drive the
 * terminal (ESC sequences, OSC 52), and so are the invisible format
 * characters that could reorder or hide what is shown (U+202E, U+200B,
 * U+FEFF) and the line separators U+2028 and U+2029. `\n` and `\t` stay.
 */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A word of a message (a name, a number, a path) longer than this is echoed cut short. */
const MAX_ECHOED_WORD = 200;
/** A message longer than this (many long names) is cut short. */
const MAX_MESSAGE = 2_000;

/**
 * A message with what it echoes of the input bounded: a 5 MB name is
 * shown by its first characters and its length, so the message stays a few
 * lines whatever the input.
 */
export function boundMessage(message: string, lang: Language = 'en'): string {
  const words = message.replace(new RegExp(`[^\\s"]{${MAX_ECHOED_WORD + 1},}`, 'gu'), (w) => say(msg('error.cut-word', { start: w.slice(0, MAX_ECHOED_WORD / 2), count: w.length }), lang));
  return words.length > MAX_MESSAGE ? `${words.slice(0, MAX_MESSAGE)}…` : words;
}

/**
 * `1:7: Expected ")", found end of input.` then the source line and a caret
 * under the spot. Without a span, just the message.
 */
export function formatError(err: NablaError, fileName?: string, lang: Language = 'en'): string {
  const where = err.span ? `${fileName ? `${fileName}:` : ''}${err.span.line}:${err.span.column}: ` : fileName ? `${fileName}: ` : '';
  const head = `${where}${sanitize(boundMessage(err.sayIn(lang), lang))}`;
  if (!err.span || err.source === undefined) return head;
  // Columns count code points, as the locators do.
  const chars = Array.from((err.source.split('\n')[err.span.line - 1] ?? '').replace(/\r$/, ''));
  // Long lines are cut around the caret so the excerpt stays readable.
  const MAX = 76;
  let start = 0;
  if (chars.length > MAX) start = Math.max(0, Math.min(err.span.column - 1 - MAX / 2, chars.length - MAX));
  const visible = chars.slice(start, start + MAX).map((c) => (c === '\t' ? ' ' : sanitize(c)));
  const at = Math.max(0, err.span.column - 1 - start);
  // The caret goes under the spot as a terminal shows the line: escaped
  // characters are as wide as their escape, wide (CJK, full-width) ones two
  // columns, combining ones none.
  const caretCol = displayWidth(visible.slice(0, at).join(''));
  const covered = displayWidth(visible.slice(at, at + err.span.length).join(''));
  const width = Math.max(1, covered);
  return `${head}\n  ${start > 0 ? '…' : ''}${visible.join('')}\n  ${start > 0 ? ' ' : ''}${' '.repeat(caretCol)}${'^'.repeat(width)}`;
}

/** East Asian wide and full-width ranges (Unicode UAX #11, W and F), which a terminal shows two columns wide. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** Columns a text takes in a terminal: combining marks 0, wide characters 2, the rest 1. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) width += /\p{M}/u.test(c) ? 0 : WIDE.test(c) ? 2 : 1;
  return width;
}

/** "found X" as a message parameter: the end is said in the reader's language, a token is quoted as written. */
export function foundParam(text: string | undefined): Param {
  if (text === undefined || text === '') return msg('error.end-of-input', {});
  if (text === '\n') return msg('error.end-of-line', {});
  return `"${sanitize(text)}"`;
}

/** Add `err` unless the same message at the same place is there already: one mistake, one report. */
export function pushOnce(errors: NablaError[], err: NablaError): void {
  if (!errors.some((e) => e.span?.offset === err.span?.offset && e.message === err.message)) errors.push(err);
}
