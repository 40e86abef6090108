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
import { MAX_INPUT_BYTES, OptionError, type Language } from '../index.ts';

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

function describeFsError(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    case 'ENOSPC': return 'no space left on the device';
    default: return err instanceof Error ? err.message : String(err);
  }
}

/** A file's text (UTF-8, or UTF-16 with its byte-order mark) as every reader reads it (`sourceText`); refused past MAX_INPUT_BYTES. */
export function readSource(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new NablaError(`cannot read ${sanitize(file)}: it is a directory`);
    size = st.size;
  } catch (err) {
    if (err instanceof NablaError) throw err;
    throw new NablaError(`cannot read ${sanitize(file)}: ${describeFsError(err)}`);
  }
  const limit = `the limit of ${MAX_INPUT_BYTES}`;
  if (size > MAX_INPUT_BYTES) throw new NablaError(`cannot read ${sanitize(file)}: ${size} bytes is more than ${limit}`);
  let bytes: Buffer | undefined;
  try {
    // The size from stat is 0 for devices and pseudo-files: the read itself is bounded.
    bytes = readFileBounded(file, MAX_INPUT_BYTES);
  } catch (err) {
    throw new NablaError(`cannot read ${sanitize(file)}: ${describeFsError(err)}`);
  }
  if (bytes === undefined) throw new NablaError(`cannot read ${sanitize(file)}: it goes on past ${limit} bytes`);
  // UTF-16 by its byte-order mark; a lone `\r` ends a line for every reader, as the library reads it.
  return sourceText(decodeSource(bytes));
}

/** `cannot write <where>: <why>`, one line, for a failed write to a file or a stream. */
export function describeWriteFailure(where: string, err: unknown): string {
  const code = (err as { code?: string }).code;
  return `cannot write ${sanitize(where)}: ${code === 'ENOENT' ? 'no such directory' : describeFsError(err)}`;
}

/**
 * Write an output file whole or not at all; a failure is the user's (a
 * missing directory), not a crash. Ctrl-C during the write removes the
 * temporary file before the process ends.
 */
export async function writeOutput(path: string, data: string): Promise<void> {
  try {
    await writeFileAtomicAsync(path, data);
  } catch (err) {
    throw new NablaError(describeWriteFailure(path, err));
  }
}

function jsonError(message: string, line = 1, column = 1): string {
  return `${JSON.stringify({ error: { message: boundMessage(message), line, column } })}\n`;
}

/** Print a failure the way SPEC §10 asks and return its exit status. */
export function reportError(io: Io, inv: Invocation, err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
    // commander has already written its message to stderr.
    if (inv.json) io.stdout(jsonError(err.message.replace(/^error: /, '')));
    return EXIT_USAGE;
  }
  if (err instanceof FileErrors) {
    if (inv.json) {
      const list = err.errors.map((e) => ({ message: boundMessage(e.sayIn(inv.lang ?? 'en')), line: e.span?.line ?? 1, column: e.span?.column ?? 1 }));
      io.stdout(`${JSON.stringify({ error: list[0], errors: list })}\n`);
    } else {
      io.stderr(`${err.errors.map((e) => formatError(e, inv.fileName, inv.lang)).join('\n\n')}\n`);
    }
    return EXIT_USAGE;
  }
  if (err instanceof NablaError) {
    if (inv.json) io.stdout(jsonError(err.sayIn(inv.lang ?? 'en'), err.span?.line, err.span?.column));
    else io.stderr(`${formatError(err, err instanceof OptionError ? err.option : err.source !== undefined && err.span ? inv.fileName : undefined, inv.lang)}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    // A pass without its own depth limit ran out of stack: a limit of the input's size, not a crash.
    const message = 'Input nested too deeply to process (a chain of definitions or an expression deeper than the stack allows); split it up or use --max-depth.';
    if (inv.json) io.stdout(jsonError(message));
    else io.stderr(`${inv.fileName ? `${sanitize(inv.fileName)}: ` : ''}${message}\n`);
    if (inv.debug && err.stack) io.stderr(`${err.stack}\n`);
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (inv.json) io.stdout(jsonError(`internal error: ${message}`));
  io.stderr(`nabla: internal error: ${sanitize(message)}\n`);
  if (inv.debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  else io.stderr('(run again with --debug to see where)\n');
  return EXIT_INTERNAL;
}
