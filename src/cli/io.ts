/**
 * Where the CLI's output goes and how a failure becomes an exit status
 * (SPEC §9, §10).
 *
 * Invariants:
 * - exit status 0 on success, 1 when `check` refutes a claim, 2 for every
 *   user error (a NablaError, a bad option, a missing file: the message with
 *   line, column and caret on stderr, or `{"error": …}` on stdout with
 *   `--json`), 3 for a bug (`internal error: …`, the stack only with
 *   `--debug`); never a stack trace otherwise;
 * - files are read within the input size limit and written whole or not at all.
 */

import { statSync } from 'node:fs';
import { CommanderError } from 'commander';
import { boundMessage, formatError, NablaError, sanitize } from '../errors.ts';
import { readFileBounded } from '../io/read-bounded.ts';
import { decodeSource, sourceText } from '../io/source-text.ts';
import { writeFileAtomicAsync } from '../io/write-atomic.ts';
import { MAX_INPUT_BYTES, msg, OptionError, say, type Language, type Message } from '../index.ts';
import { commanderError } from './commander-words.ts';

/** A message's parameter: text, a number or a message. */
type Param = Message['params'][string];

export const EXIT_OK = 0;
export const EXIT_REFUTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Where output goes: the process's streams, or buffers in tests. */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** ANSI colour on stdout. */
  readonly color: boolean;
  /** stderr is a terminal: progress bars allowed. */
  readonly stderrIsTTY: boolean;
  /** stdout is a terminal: `--watch` clears the screen before each run. */
  readonly stdoutIsTTY?: boolean;
}

/** State of one invocation, read by the error path. */
export interface Invocation {
  json: boolean;
  debug: boolean;
  /** The file errors point into, for `file:line:col`. */
  fileName?: string;
  /** The language errors are said in (SPEC §15), once the command has chosen it. */
  lang?: Language;
}

/** Several errors in one file, all reported. */
export class FileErrors extends Error {
  constructor(readonly errors: readonly NablaError[]) {
    super(errors[0]?.message ?? 'errors');
  }
}

export function processIo(): Io {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
}

/** Why a file could not be read or written, in the reader's language (the system's own words otherwise). */
function describeFsError(err: unknown): Param {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return msg('cli.file.no-such-file', {});
    case 'EACCES': case 'EPERM': return msg('cli.file.permission-denied', {});
    case 'EISDIR': return msg('cli.file.is-directory', {});
    case 'ENOSPC': return msg('cli.file.no-space', {});
    default: return err instanceof Error ? err.message : String(err);
  }
}

const cannotRead = (file: string, why: Param): NablaError => new NablaError(msg('cli.file.cannot-read', { file: sanitize(file), why }));

/** A file's text (UTF-8, or UTF-16 with its byte-order mark) as every reader reads it (`sourceText`); refused past MAX_INPUT_BYTES. */
export function readSource(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw cannotRead(file, msg('cli.file.is-directory', {}));
    size = st.size;
  } catch (err) {
    if (err instanceof NablaError) throw err;
    throw cannotRead(file, describeFsError(err));
  }
  if (size > MAX_INPUT_BYTES) throw cannotRead(file, msg('cli.file.too-large', { size, max: MAX_INPUT_BYTES }));
  let bytes: Buffer | undefined;
  try {
    // The size from stat is 0 for devices and pseudo-files: the read itself is bounded.
    bytes = readFileBounded(file, MAX_INPUT_BYTES);
  } catch (err) {
    throw cannotRead(file, describeFsError(err));
  }
  if (bytes === undefined) throw cannotRead(file, msg('cli.file.goes-on', { max: MAX_INPUT_BYTES }));
  // UTF-16 by its byte-order mark; a lone `\r` ends a line for every reader, as the library reads it.
  return sourceText(decodeSource(bytes));
}

/** `cannot write <where>: <why>`, one line, for a failed write to a file or a stream. */
export function writeFailure(where: Param, err: unknown): Message {
  const code = (err as { code?: string }).code;
  return msg('cli.file.cannot-write', { file: typeof where === 'string' ? sanitize(where) : where, why: code === 'ENOENT' ? msg('cli.file.no-such-directory', {}) : describeFsError(err) });
}

/** A failed write to standard output, said in `lang`. */
export const describeStdoutFailure = (err: unknown, lang: Language): string => say(writeFailure(msg('cli.file.standard-output', {}), err), lang);

/**
 * Write an output file whole or not at all; a failure is the user's (a
 * missing directory), not a crash. Ctrl-C during the write removes the
 * temporary file before the process ends.
 */
export async function writeOutput(path: string, data: string): Promise<void> {
  try {
    await writeFileAtomicAsync(path, data);
  } catch (err) {
    throw new NablaError(writeFailure(path, err));
  }
}

function jsonError(message: string, lang: Language, line = 1, column = 1): string {
  return `${JSON.stringify({ error: { message: boundMessage(message, lang), line, column } })}\n`;
}

/** Print a failure the way SPEC §10 asks and return its exit status. */
export function reportError(io: Io, inv: Invocation, err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
    // commander has already written its message to stderr.
    if (inv.json) io.stdout(jsonError(commanderError(err.message, inv.lang ?? 'en').replace(/^(error|오류): /, ''), inv.lang ?? 'en'));
    return EXIT_USAGE;
  }
  if (err instanceof FileErrors) {
    if (inv.json) {
      const list = err.errors.map((e) => ({ message: boundMessage(e.sayIn(inv.lang ?? 'en'), inv.lang ?? 'en'), line: e.span?.line ?? 1, column: e.span?.column ?? 1 }));
      io.stdout(`${JSON.stringify({ error: list[0], errors: list })}\n`);
    } else {
      io.stderr(`${err.errors.map((e) => formatError(e, inv.fileName, inv.lang)).join('\n\n')}\n`);
    }
    return EXIT_USAGE;
  }
  if (err instanceof NablaError) {
    if (inv.json) io.stdout(jsonError(err.sayIn(inv.lang ?? 'en'), inv.lang ?? 'en', err.span?.line, err.span?.column));
    else io.stderr(`${formatError(err, err instanceof OptionError ? err.option : err.source !== undefined && err.span ? inv.fileName : undefined, inv.lang)}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    // A pass without its own depth limit ran out of stack: a limit of the input's size, not a crash.
    const message = say(msg('cli.too-deep', { option: '--max-depth' }), inv.lang ?? 'en');
    if (inv.json) io.stdout(jsonError(message, inv.lang ?? 'en'));
    else io.stderr(`${inv.fileName ? `${sanitize(inv.fileName)}: ` : ''}${message}\n`);
    if (inv.debug && err.stack) io.stderr(`${err.stack}\n`);
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? err.message : String(err);
  const internal = (text: string): string => say(msg('cli.internal-error', { message: text }), inv.lang ?? 'en');
  if (inv.json) io.stdout(jsonError(internal(message), inv.lang ?? 'en'));
  io.stderr(`nabla: ${internal(sanitize(message))}\n`);
  if (inv.debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  else io.stderr(`${say(msg('cli.run-with-debug', { option: '--debug' }), inv.lang ?? 'en')}\n`);
  return EXIT_INTERNAL;
}
