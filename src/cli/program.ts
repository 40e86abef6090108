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
import { DEFAULT_TIME_LIMIT_SECONDS, MAX_DEFINITION_DEPTH, MAX_SIMPLIFY_STEPS, msg, say, type Language, type Message } from '../index.ts';
import type { Invocation, Io } from './io.ts';
import { commandDiff, commandEval, commandLatex, commandParseLatex, type DiffOptions, type EvalOptions } from './commands/expression.ts';
import { commandCheck, commandCodegen, commandRun, type CheckOptions, type CodegenOptions, type RunOptions } from './commands/file.ts';
import { commandServe, type StartServer } from './commands/serve.ts';
import { watchFile } from './watch.ts';
import { outputLanguage } from './options.ts';
import { commanderErrorOutput, speakCommander } from './commander-words.ts';

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

/** A help text in the language the program is built in. */
type Say = (key: Message['key'], params?: Message['params']) => string;

/** `--lang` of every command but codegen (whose `--lang` names the generated code's language). */
const langOption = (t: Say): [string, string] =>
  ['--lang <lang>', t('cli.help.lang', { en: 'en', ko: 'ko', lcAll: 'LC_ALL', lcMessages: 'LC_MESSAGES', lang: 'LANG', check: 'check' })];

/** Names every language writes alike, put into help texts as parameters. */
const ASCII = { ascii: 'ASCII' } as const;
const JSON_NAME = { json: 'JSON' } as const;
const BRIEF = { brief: '--explain=brief' } as const;

/** The command's language chosen before it runs, so even its first error is said in it. */
function speaking<O extends { lang?: string }>(inv: Invocation, opts: O): O {
  inv.lang = outputLanguage(opts);
  return opts;
}

function addExpressionCommands(program: Command, io: Io, inv: Invocation, t: Say, setResult: (p: number | Promise<number>) => void): void {
  program.command('diff')
    .description(t('cli.help.diff'))
    .argument('<expr>', t('cli.help.expr-example', { ...ASCII, example: '"1/2*(t - sigmoid(w*x + b))^2"' }))
    .requiredOption('--wrt <names>', t('cli.help.diff-wrt'))
    .option('--latex', t('cli.help.print-latex'))
    .option('--json', t('cli.help.print-json-shape', { ...JSON_NAME, shape: '{"derivatives": {name: {"expr", "latex"}}}' }))
    .option('--timing', t('cli.help.timing'))
    .option('--explain [detail]', t('cli.help.diff-explain', BRIEF))
    .option('--tex', t('cli.help.tex'))
    .option('--max-simplify-steps <n>', t('cli.help.max-simplify-steps', { n: MAX_SIMPLIFY_STEPS }))
    .option('--max-seconds <s>', t('cli.help.diff-max-seconds', { n: DEFAULT_TIME_LIMIT_SECONDS }))
    .option(...langOption(t))
    .action((expr: string, opts: DiffOptions & { lang?: string }) => setResult(commandDiff(io, expr, speaking(inv, opts))));

  program.command('eval')
    .description(t('cli.help.eval'))
    .argument('<expr>', t('cli.help.expr', ASCII))
    .option('--at <bindings>', t('cli.help.eval-at', { example: 'x=1,y=2' }))
    .option('--json', t('cli.help.print-json-shape', { ...JSON_NAME, shape: '{"value": number}' }))
    .option('--tex', t('cli.help.tex'))
    .option('--max-seconds <s>', t('cli.help.max-seconds', { n: DEFAULT_TIME_LIMIT_SECONDS }))
    .option(...langOption(t))
    .action((expr: string, opts: EvalOptions & { lang?: string }) => setResult(commandEval(io, expr, speaking(inv, opts))));

  program.command('latex')
    .description(t('cli.help.latex', ASCII))
    .argument('<expr>', t('cli.help.expr', ASCII))
    .option('--json', t('cli.help.print-json-shape', { ...JSON_NAME, shape: '{"latex": TEX}' }))
    .option(...langOption(t))
    .action((expr: string, opts: { json?: boolean; lang?: string }) => setResult(commandLatex(io, expr, speaking(inv, opts))));

  program.command('parse-latex')
    .description(t('cli.help.parse-latex', ASCII))
    .argument('<tex>', t('cli.help.tex-example', { example: '"\\frac{1}{1+e^{-x}}"' }))
    .option('--json', t('cli.help.print-json-shape', { ...JSON_NAME, shape: '{"expr": ASCII, "latex": TEX}' }))
    .option(...langOption(t))
    .action((tex: string, opts: { json?: boolean; lang?: string }) => setResult(commandParseLatex(io, tex, speaking(inv, opts))));
}

interface WatchOption {
  watch?: boolean;
}

/** The command once, or with `--watch` again on every save. */
function watching(io: Io, inv: Invocation, file: string, opts: WatchOption, command: () => number | Promise<number>): number | Promise<number> {
  return opts.watch ? watchFile(io, inv, file, command) : command();
}

function addFileCommands(program: Command, io: Io, inv: Invocation, t: Say, setResult: (p: number | Promise<number>) => void): void {
  program.command('run')
    .description(t('cli.help.run'))
    .argument('<file>', t('cli.help.formula-file', { ext: '.nabla' }))
    .option('--wrt <names>', t('cli.help.run-wrt', { derive: 'derive' }))
    .option('--target <name>', t('cli.help.run-target', { wrt: '--wrt', steps: '--steps', derive: 'derive' }))
    .option('--at <bindings>', t('cli.help.run-at', { example: 'w5=0.4,i1=0.05' }))
    .option('--steps <n>', t('cli.help.run-steps', { example: 'x_new' }))
    .option('--latex', t('cli.help.run-latex', { env: 'align*' }))
    .option('--json', t('cli.help.print-json-spec', { ...JSON_NAME, spec: 'SPEC §9' }))
    .option('--html <file>', t('cli.help.html', { html: 'HTML' }))
    .option('--explain [detail]', t('cli.help.run-explain', BRIEF))
    .option('--max-seconds <s>', t('cli.help.max-seconds', { n: DEFAULT_TIME_LIMIT_SECONDS }))
    .option('--max-depth <n>', t('cli.help.max-depth', { n: MAX_DEFINITION_DEPTH }))
    .option('--watch', t('cli.help.run-watch', { key: 'Ctrl-C' }))
    .option(...langOption(t))
    .action((file: string, opts: RunOptions & WatchOption) => setResult(watching(io, inv, file, opts, () => commandRun(io, inv, file, opts))));

  program.command('check')
    .description(t('cli.help.check'))
    .argument('<file>', t('cli.help.check-file', { formats: 'Markdown/LaTeX' }))
    .option('--json', t('cli.help.print-json', JSON_NAME))
    .option('--html <file>', t('cli.help.html', { html: 'HTML' }))
    .option('--max-seconds <s>', t('cli.help.check-max-seconds', { n: DEFAULT_TIME_LIMIT_SECONDS }))
    .option('--watch', t('cli.help.check-watch', { key: 'Ctrl-C' }))
    .option(...langOption(t))
    .action((file: string, opts: CheckOptions & WatchOption) => setResult(watching(io, inv, file, opts, () => commandCheck(io, inv, file, opts))));

  program.command('codegen')
    .description(t('cli.help.codegen'))
    .argument('<file>', t('cli.help.formula-file', { ext: '.nabla' }))
    .requiredOption('--lang <lang>', t('cli.help.codegen-lang', { ts: 'ts', js: 'js', python: 'python', numpy: 'NumPy' }))
    .option('--wrt <names>', t('cli.help.codegen-wrt'))
    .option('--target <name>', t('cli.help.codegen-target', { derive: 'derive' }))
    .option('--name <identifier>', t('cli.help.codegen-name'))
    .action((file: string, opts: CodegenOptions) => setResult(commandCodegen(io, inv, file, opts)));
}

/** The program, its help and commander's own words in `lang` (known before it is built: commander-words.ts). */
export function buildProgram(io: Io, inv: Invocation, faculties: Faculties, setResult: (p: number | Promise<number>) => void, lang: Language = 'en'): Command {
  const t: Say = (key, params = {}) => say({ key, params }, lang);
  const program = new Command();
  speakCommander(program, lang);
  program
    .name('nabla')
    .description(t('cli.help.program'))
    .version(version(), '-V, --version', t('cli.help.version'))
    .option('--debug', t('cli.help.debug'))
    .exitOverride()
    // commander echoes unknown options as typed: escape control characters in them.
    .configureOutput({
      writeOut: io.stdout,
      writeErr: (s) => io.stderr(sanitize(s)),
      outputError: (s, write) => write(commanderErrorOutput(s, lang)),
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', t('cli.help.after', { example: 'nabla diff "-x^2" --wrt x' }));

  addExpressionCommands(program, io, inv, t, setResult);
  addFileCommands(program, io, inv, t, setResult);

  program.command('serve')
    .description(t('cli.help.serve'))
    .argument('[file]', t('cli.help.serve-file'))
    .option('--port <n>', t('cli.help.serve-port'))
    .option(...langOption(t))
    .action((file: string | undefined, opts: { port?: string; lang?: string }) => {
      speaking(inv, opts);
      const start = faculties.startServer;
      // Only the launcher (bin/nabla.js) hands the server in.
      setResult(start ? commandServe(io, start, file, opts, inv.lang) : Promise.reject(new NablaError(msg('cli.serve-launcher', { command: 'nabla serve', launcher: 'bin/nabla.js' }))));
    });

  return program;
}
