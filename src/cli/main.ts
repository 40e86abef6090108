/**
 * The command-line interface (SPEC §8, §9, §10): `nabla diff | eval | latex |
 * parse-latex | run | check | codegen | serve`, parsed by commander, each a
 * few lines over the public API (src/index.ts) and the report views.
 *
 * Invariants:
 * - exit status 0 on success, 1 when `check` refutes a claim, 2 for every
 *   user error, 3 for a bug (see io.ts); never a stack trace otherwise;
 * - an expression argument that starts with `-` is an expression (args.ts);
 * - stdout carries only the result; progress goes to stderr, and only on a
 *   terminal.
 */

import { normalizeArgs } from './args.ts';
import { describeStdoutFailure, EXIT_OK, EXIT_USAGE, processIo, reportError, type Invocation, type Io } from './io.ts';
import { buildProgram, type Faculties } from './program.ts';
import { languageOfArgv } from './commander-words.ts';

export type { Io } from './io.ts';

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit status. */
export async function main(argv: readonly string[], io: Io = processIo(), faculties: Faculties = {}): Promise<number> {
  // The language is known before the program is built, so help and commander's errors are said in it.
  const lang = languageOfArgv(argv);
  const inv: Invocation = { json: false, debug: false, lang };
  let result: number | Promise<number> = EXIT_OK;
  const program = buildProgram(io, inv, faculties, (r) => {
    result = r;
  }, lang);
  try {
    const { args, json, debug } = normalizeArgs(program, argv);
    inv.json = json;
    inv.debug = debug;
    if (args.length === 0) {
      io.stderr(program.helpInformation());
      return EXIT_USAGE;
    }
    await program.parseAsync(args, { from: 'user' });
    return await result;
  } catch (err) {
    return reportError(io, inv, err);
  }
}

/** Entry point for bin/nabla.js, which hands in the playground's server. */
export async function run(faculties: Faculties = {}): Promise<void> {
  // A closed pipe (`nabla … | head`) ends the output quietly; any other failed
  // write (`> /dev/full`) is the user's: one line and exit status 2, no stack.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    process.stderr.write(`nabla: ${describeStdoutFailure(err, languageOfArgv(process.argv.slice(2)))}\n`);
    process.exit(EXIT_USAGE);
  });
  process.exitCode = await main(process.argv.slice(2), processIo(), faculties);
}
