/**
 * The commander program: every command of SPEC §8 with its options and
 * help text, each action handing its result to the caller.
 *
 * Invariant: commander's own output (help, unknown options) goes through the
 * invocation's streams, with control characters in echoed input escaped.
 */

import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { NablaError, sanitize } from '../errors.ts';
import { DEFAULT_TIME_LIMIT_SECONDS, MAX_DEFINITION_DEPTH, MAX_SIMPLIFY_STEPS } from '../index.ts';
import type { Invocation, Io } from './io.ts';
import { commandDiff, commandEval, commandLatex, commandParseLatex, type DiffOptions, type EvalOptions } from './commands/expression.ts';
import { commandCheck, commandCodegen, commandRun, type CheckOptions, type CodegenOptions, type RunOptions } from './commands/file.ts';
import { commandServe, type StartServer } from './commands/serve.ts';
import { watchFile } from './watch.ts';
import { outputLanguage } from './options.ts';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** What the program needs besides streams: the playground's server, handed in by the launcher. */
export interface Faculties {
  readonly startServer?: StartServer;
}

/** `--lang` of every command but codegen (whose `--lang` names the generated code's language). */
const LANG_OPTION = ['--lang <lang>', 'the language of the output: en or ko (default: LC_ALL, LC_MESSAGES or LANG; for check, the document)'] as const;

/** The command's language chosen before it runs, so even its first error is said in it. */
function speaking<O extends { lang?: string }>(inv: Invocation, opts: O): O {
  inv.lang = outputLanguage(opts);
  return opts;
}

function addExpressionCommands(program: Command, io: Io, inv: Invocation, setResult: (p: number | Promise<number>) => void): void {
  program.command('diff')
    .description('the derivative of an expression, simplified')
    .argument('<expr>', 'an ASCII expression, e.g. "1/2*(t - sigmoid(w*x + b))^2"')
    .requiredOption('--wrt <names>', 'differentiate with respect to these names (comma-separated)')
    .option('--latex', 'print LaTeX')
    .option('--json', 'print JSON: {"derivatives": {name: {"expr", "latex"}}}')
    .option('--timing', 'report the time spent parsing, differentiating and simplifying')
    .option('--explain [detail]', 'show the steps, one rule at a time (--explain=brief: chain, product, quotient and function rules only)')
    .option('--tex', 'read the expression as LaTeX (automatic when it holds a backslash)')
    .option('--max-simplify-steps <n>', `rewrites one simplification may make (default ${MAX_SIMPLIFY_STEPS})`)
    .option('--max-seconds <s>', `time limit for differentiating and simplifying (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .option(...LANG_OPTION)
    .action((expr: string, opts: DiffOptions & { lang?: string }) => setResult(commandDiff(io, expr, speaking(inv, opts))));

  program.command('eval')
    .description('the value of an expression')
    .argument('<expr>', 'an ASCII expression')
    .option('--at <bindings>', 'values of the names, e.g. x=1,y=2')
    .option('--json', 'print JSON: {"value": number}')
    .option('--tex', 'read the expression as LaTeX (automatic when it holds a backslash)')
    .option('--max-seconds <s>', `time limit for the symbolic work (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .option(...LANG_OPTION)
    .action((expr: string, opts: EvalOptions & { lang?: string }) => setResult(commandEval(io, expr, speaking(inv, opts))));

  program.command('latex')
    .description('the LaTeX of an ASCII expression')
    .argument('<expr>', 'an ASCII expression')
    .option('--json', 'print JSON: {"latex": TEX}')
    .option(...LANG_OPTION)
    .action((expr: string, opts: { json?: boolean; lang?: string }) => setResult(commandLatex(io, expr, speaking(inv, opts))));

  program.command('parse-latex')
    .description('the ASCII form of a LaTeX expression')
    .argument('<tex>', 'a LaTeX expression, e.g. "\\frac{1}{1+e^{-x}}"')
    .option('--json', 'print JSON: {"expr": ASCII, "latex": TEX}')
    .option(...LANG_OPTION)
    .action((tex: string, opts: { json?: boolean; lang?: string }) => setResult(commandParseLatex(io, tex, speaking(inv, opts))));
}

interface WatchOption {
  watch?: boolean;
}

/** The command once, or with `--watch` again on every save. */
function watching(io: Io, inv: Invocation, file: string, opts: WatchOption, command: () => number | Promise<number>): number | Promise<number> {
  return opts.watch ? watchFile(io, inv, file, command) : command();
}

function addFileCommands(program: Command, io: Io, inv: Invocation, setResult: (p: number | Promise<number>) => void): void {
  program.command('run')
    .description('the chain-rule report of a formula file')
    .argument('<file>', 'a formula file (.nabla)')
    .option('--wrt <names>', 'report these gradients instead of the file\'s derive lines')
    .option('--target <name>', 'the objective for --wrt and --steps (default: the first derive target, else E)')
    .option('--at <bindings>', 'override inputs, e.g. w5=0.4,i1=0.05')
    .option('--steps <n>', 'apply every update rule (x_new) n times first')
    .option('--latex', 'print a LaTeX align* environment')
    .option('--json', 'print JSON (SPEC §9)')
    .option('--html <file>', 'write a self-contained HTML page')
    .option('--explain [detail]', 'show how each local factor is obtained, step by step (--explain=brief: fewer steps)')
    .option('--max-seconds <s>', `time limit for the symbolic work (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .option('--max-depth <n>', `longest chain of definitions accepted (default ${MAX_DEFINITION_DEPTH})`)
    .option('--watch', 'run again each time the file is saved, until Ctrl-C')
    .option(...LANG_OPTION)
    .action((file: string, opts: RunOptions & WatchOption) => setResult(watching(io, inv, file, opts, () => commandRun(io, inv, file, opts))));

  program.command('check')
    .description('verify the claims (hand results) in a formula file or document')
    .argument('<file>', 'a formula file, or a Markdown/LaTeX document')
    .option('--json', 'print JSON')
    .option('--html <file>', 'write a self-contained HTML page')
    .option('--max-seconds <s>', `time limit for checking (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .option('--watch', 'check again each time the file is saved, until Ctrl-C')
    .option(...LANG_OPTION)
    .action((file: string, opts: CheckOptions & WatchOption) => setResult(watching(io, inv, file, opts, () => commandCheck(io, inv, file, opts))));

  program.command('codegen')
    .description('a function returning the value and gradient of a formula file\'s objective')
    .argument('<file>', 'a formula file (.nabla)')
    .requiredOption('--lang <lang>', 'the language: ts, js or python (NumPy)')
    .option('--wrt <names>', 'the gradient\'s names (default: every input the objective uses)')
    .option('--target <name>', 'the objective (default: the first derive target, else E)')
    .option('--name <identifier>', 'the generated function\'s name (default: f)')
    .action((file: string, opts: CodegenOptions) => setResult(commandCodegen(io, inv, file, opts)));
}

export function buildProgram(io: Io, inv: Invocation, faculties: Faculties, setResult: (p: number | Promise<number>) => void): Command {
  const program = new Command();
  program
    .name('nabla')
    .description('Symbolic derivatives that show the chain rule the way a person works it by hand.')
    .version(version(), '-V, --version')
    .option('--debug', 'show the stack of an internal error')
    .exitOverride()
    // commander echoes unknown options as typed: escape control characters in them.
    .configureOutput({ writeOut: io.stdout, writeErr: (s) => io.stderr(sanitize(s)) })
    .showSuggestionAfterError(true)
    .addHelpText('after', `
An expression that starts with "-" is read as an expression: nabla diff "-x^2" --wrt x
Exit status: 0 success, 1 a claim refuted, 2 bad input, 3 internal error.`);

  addExpressionCommands(program, io, inv, setResult);
  addFileCommands(program, io, inv, setResult);

  program.command('serve')
    .description('the playground: type formulas, see the report, graph and claims update')
    .argument('[file]', 'a formula file to start with (default: the 2-2-2 network)')
    .option('--port <n>', 'the loopback port (default: a free one)')
    .action((file: string | undefined, opts: { port?: string }) => {
      const start = faculties.startServer;
      // Only the launcher (bin/nabla.js) hands the server in.
      setResult(start ? commandServe(io, start, file, opts) : Promise.reject(new NablaError('nabla serve: start it through the nabla launcher (bin/nabla.js).')));
    });

  return program;
}
