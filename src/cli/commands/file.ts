/**
 * The commands on a file: `run` (the chain-rule report), `check` (the claims
 * of a formula file or document) and `codegen` (SPEC §4, §5, §8).
 *
 * Invariant: a file's own errors are all reported, each with the file's
 * name, line, column and caret; a name given in an option that does not fit
 * the file is shown with a caret under it in the option's text.
 */

import { basename } from 'node:path';
import { NablaError, RefusedNameError, sanitize } from '../../errors.ts';
import { renderTerminal } from '../../report/terminal.ts';
import { parseExplain } from './expression.ts';
import { renderLatex } from '../../report/latex.ts';
import { renderJson } from '../../report/json.ts';
import { renderHtml } from '../../report/html.ts';
import { renderClaimsJson, renderClaimsTerminal } from '../../report/claims-view.ts';
import {
  checkClaims, checkSystemClaims, codegen, CODEGEN_LANGUAGES, loadFile, MAX_DEFINITION_DEPTH, OptionError, readNames,
  msg, report as buildReport, say, systemReport, withTimeLimit, type ClaimsReport, type CodegenLanguage, type Language, type Report, type System,
} from '../../index.ts';
import { EXIT_OK, EXIT_REFUTED, FileErrors, readSource, writeOutput, type Invocation, type Io } from '../io.ts';
import { inOptionText, outputLanguage, parseLimit, parseSteps, readRequest, timeLimit, writtenNames } from '../options.ts';
import { progressBar } from '../progress.ts';

/** Runs with at least this many steps show a progress bar (on a terminal). */
const PROGRESS_MIN_STEPS = 1_000;

/** Read a formula file into a system; its errors, all of them, end the command. */
function loadSystem(inv: Invocation, file: string): System {
  const source = readSource(file);
  inv.fileName = file;
  const system = loadFile(source);
  if (system.errors.length > 0) throw new FileErrors(system.errors.map((e) => e.withSource(source)));
  return system;
}

export interface RunOptions {
  maxSeconds?: string;
  maxDepth?: string;
  wrt?: string;
  target?: string;
  at?: string;
  steps?: string;
  latex?: boolean;
  json?: boolean;
  html?: string;
  explain?: string | boolean;
  lang?: string;
}

export function commandRun(io: Io, inv: Invocation, file: string, options: RunOptions): number | Promise<number> {
  inv.lang = outputLanguage(options);
  const lang = inv.lang;
  const texts = readRequest(options);
  const wrt = texts.wrt?.names.map((n) => n.name);
  const target = texts.target?.names[0]!.name;
  const at = texts.at && Object.fromEntries(texts.at.bindings.values);
  const steps = options.steps === undefined ? undefined : parseSteps(options.steps);
  const explain = parseExplain(options.explain);
  const seconds = timeLimit(options);
  const maxDepth = options.maxDepth === undefined ? MAX_DEFINITION_DEPTH : parseLimit(options.maxDepth, '--max-depth', true);
  // One budget from reading the file to the page: a file of megabytes spends it reading.
  const { report, html } = withTimeLimit(seconds, () => {
    const system = loadSystem(inv, file);
    const progress = io.stderrIsTTY && steps !== undefined && steps >= PROGRESS_MIN_STEPS ? progressBar(io, lang) : undefined;
    let built: Report;
    try {
      const request = { wrt, target, at, steps, maxDepth, fileName: basename(file), written: writtenNames(texts), onProgress: progress?.update, explain };
      built = buildReport(system, request);
    } catch (err) {
      throw inOptionText(err, texts);
    } finally {
      progress?.done();
    }
    const page = options.html === undefined ? undefined : renderHtml(built, { title: basename(file), fileName: file, claims: checkSystemClaims(system), lang });
    return { report: built, html: page };
  });
  if (options.html !== undefined && html !== undefined) {
    const path = options.html;
    return writeOutput(path, html).then(() => {
      io.stderr(`${say(msg('cli.wrote', { path: sanitize(path) }), lang)}\n`);
      if (options.json) io.stdout(renderJson(report, lang));
      else if (options.latex) io.stdout(renderLatex(report, lang));
      return EXIT_OK;
    });
  }
  if (options.json) io.stdout(renderJson(report, lang));
  else if (options.latex) io.stdout(renderLatex(report, lang));
  else io.stdout(renderTerminal(report, { color: io.color, lang }));
  return EXIT_OK;
}

export interface CheckOptions {
  json?: boolean;
  html?: string;
  maxSeconds?: string;
  lang?: string;
}

export function commandCheck(io: Io, inv: Invocation, file: string, options: CheckOptions): number | Promise<number> {
  const seconds = timeLimit(options);
  const source = readSource(file);
  inv.fileName = file;
  inv.lang = outputLanguage(options, source);
  const lang = inv.lang;
  return withTimeLimit(seconds, () => checkWithin(io, file, source, options, lang));
}

function checkWithin(io: Io, file: string, source: string, options: CheckOptions, lang: Language): number | Promise<number> {
  let result;
  try {
    result = checkClaims(source, { fileName: file });
  } catch (err) {
    throw err instanceof NablaError ? err.withSource(source) : err;
  }
  if (options.html !== undefined) {
    // A report needs values for every name; a document of hand results may not give them.
    let report: Report | undefined;
    const errors: NablaError[] = [];
    try {
      report = buildReport(result.system);
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      errors.push(err);
    }
    const path = options.html;
    const checked = result;
    return writeOutput(path, renderHtml(report ?? systemReport(result.system), { title: basename(file), fileName: file, claims: result.claims, errors, lang })).then(() => {
      io.stderr(`${say(msg('cli.wrote', { path: sanitize(path) }), lang)}\n`);
      if (options.json) io.stdout(renderClaimsJson(checked, lang));
      return exitStatus(checked);
    });
  }
  if (options.json) io.stdout(renderClaimsJson(result, lang));
  else io.stdout(renderClaimsTerminal(result, { color: io.color, fileName: file, lang }));
  return exitStatus(result);
}

function exitStatus(result: ClaimsReport): number {
  return result.claims.some((c) => c.status === 'refuted') ? EXIT_REFUTED : EXIT_OK;
}

export interface CodegenOptions {
  lang: string;
  wrt?: string;
  target?: string;
  name?: string;
}

export function commandCodegen(io: Io, inv: Invocation, file: string, options: CodegenOptions): number {
  const lang = options.lang.trim() as CodegenLanguage;
  if (!CODEGEN_LANGUAGES.includes(lang)) {
    throw new OptionError('--lang', msg('cli.option.expected-in', { choices: CODEGEN_LANGUAGES.join(', '), option: '--lang', found: sanitize(options.lang) }), options.lang, 0, options.lang.length);
  }
  const wrt = options.wrt === undefined ? undefined : readNames(options.wrt, '--wrt').map((n) => n.name);
  const target = options.target === undefined ? undefined : readNames(options.target, '--target')[0]!.name;
  if (options.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.name)) {
    throw new OptionError('--name', msg('cli.option.identifier', { option: '--name', found: sanitize(options.name) }), options.name, 0, options.name.length);
  }
  const system = loadSystem(inv, file);
  let code: string;
  try {
    code = codegen(system, { lang, inputs: wrt, objective: target, name: options.name });
  } catch (err) {
    // A refused --name is shown under the option's text, like every option error.
    if (!(err instanceof RefusedNameError) || options.name === undefined) throw err;
    throw new OptionError('--name', err.said ?? err.message, options.name, 0, options.name.length);
  }
  io.stdout(code);
  return EXIT_OK;
}
