/**
 * The command-line interface (SPEC §8, §9, §10): `nabla diff | eval | latex |
 * parse-latex | run | check | codegen`, parsed by commander.
 *
 * Invariants:
 * - exit status 0 on success, 1 when `check` refutes a claim, 2 for every
 *   user error (a NablaError, a bad option, a missing file: the message with
 *   line, column and caret on stderr, or `{"error": …}` on stdout with
 *   `--json`), 3 for a bug (`internal error: …`, the stack only with
 *   `--debug`); never a stack trace otherwise;
 * - an expression argument that starts with `-` (`nabla diff "-x^2" --wrt x`)
 *   is an expression, not an option, as it is after `--`;
 * - stdout carries only the result; progress goes to stderr, and only on a
 *   terminal.
 */

import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, type Option } from 'commander';
import type { Expr } from '../expr/node.ts';
import { freeSymbols, postOrder } from '../expr/walk.ts';
import { canonicalName, RESERVED_FUNCTION_WORDS } from '../expr/names.ts';
import { elementName } from '../expr/indexed.ts';
import { formatError, NablaError, sanitize, spanAt } from '../errors.ts';
import { diff, resolveDerivatives } from '../diff/diff.ts';
import { MAX_SIMPLIFY_STEPS, simplifyWithTrace } from '../simplify/simplify.ts';
import { compile, EvaluationError } from '../numeric/compile.ts';
import { MAX_INPUT_BYTES, parseExpression, parseExpressionSyntax, parseFile } from '../parse/parse.ts';
import { lowerExpression } from '../parse/lower.ts';
import { DEFAULT_TIME_LIMIT_SECONDS, withTimeLimit } from '../limits.ts';
import { parseLatex } from '../parse/latex.ts';
import { toText } from '../print/text.ts';
import { toLatex } from '../print/latex.ts';
import { buildSystem, type Definition, type System } from '../graph/system.ts';
import { buildReport } from '../report/model.ts';
import { renderTerminal } from '../report/terminal.ts';
import { renderLatex } from '../report/latex.ts';
import { renderJson } from '../report/json.ts';
import { formatMs, formatNumber } from '../report/format.ts';
import { checkClaims } from '../claims/document.ts';
import { checkSystemClaims } from '../claims/check.ts';
import { renderHtml } from '../report/html.ts';
import { systemReport } from '../index.ts';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { isLatex } from '../index.ts';
import { startServer } from '../serve/server.ts';
import { renderClaimsJson, renderClaimsTerminal } from '../report/claims-view.ts';
import { codegen, CODEGEN_LANGUAGES, type CodegenLanguage } from '../graph/codegen.ts';

/** Most training steps one run may ask for (a bound, so a typo cannot hang the terminal). */
export const MAX_STEPS = 10_000_000;
/**
 * Longest chain of definitions (a1 = sin(a0), a2 = sin(a1), …) that `run`
 * and `check` accept by default (`--max-depth`): the graph's passes walk a
 * chain recursively, and their time grows faster than its length.
 */
export const MAX_DEFINITION_DEPTH = 1_000;
/** Runs with at least this many steps show a progress bar (on a terminal). */
const PROGRESS_MIN_STEPS = 1_000;

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
}

/** A bad option value: formatted as `--at:1:5: …` with the option's text and a caret. */
class OptionError extends NablaError {
  constructor(readonly option: string, message: string, text: string, offset: number, length: number) {
    super(message, spanAt(text, Math.min(offset, text.length), Math.max(1, length)), text);
  }
}

/** A feature another part of the project has not delivered yet. */
class NotYetAvailable extends Error {}

/** State of one invocation, read by the error path. */
interface Invocation {
  json: boolean;
  debug: boolean;
  /** The file errors point into, for `file:line:col`. */
  fileName?: string;
}

// ---------------------------------------------------------------------------
// Arguments

/** Names in `--wrt a,b` (canonical keys), each with the text the user wrote. */
function parseNameList(text: string, option: string): { name: string; written: string; offset: number }[] {
  const out: { name: string; written: string; offset: number }[] = [];
  let offset = 0;
  // Commas inside an element's brackets (`w[1,1]`) do not split the list.
  for (const raw of text.split(/,(?![^[]*\])/)) {
    const written = raw.trim();
    const at = offset + raw.indexOf(written);
    offset += raw.length + 1;
    const element = /^(.*?)\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]$/.exec(written);
    if (element) {
      const [base] = parseNameList(element[1]!, option);
      out.push({ name: elementName(base!.name, element[2]!.split(',').map(Number)), written, offset: at });
      continue;
    }
    if (!/^[\p{L}][\p{L}\p{N}_{}']*(\^\+)?$/u.test(written)) {
      throw new OptionError(option,
        written === '' ? `Expected a name in ${option}, found nothing.` : `Expected a name in ${option}, found "${sanitize(written)}".`,
        text, at, written.length);
    }
    const name = canonicalName(written);
    // Function words and constants are not names: d/d(sin) or --at pi=3 means nothing.
    const reserved = RESERVED_FUNCTION_WORDS.has(written) ? `${sanitize(written)} is a function, not a name`
      : name === 'e' ? 'e is Euler\'s number, not a name'
        : name === 'pi' || name === 'π' ? `${sanitize(written)} is the constant π, not a name` : undefined;
    if (reserved !== undefined) throw new OptionError(option, `Expected a name in ${option}: ${reserved}.`, text, at, written.length);
    out.push({ name, written, offset: at });
  }
  return out;
}

/** `--max-seconds 2.5`, `--max-depth 500`: a positive number (a whole one with `integer`). */
function parseLimit(text: string, option: string, integer: boolean): number {
  const n = Number(text);
  const ok = /^\s*\d+(\.\d+)?\s*$/.test(text) && n > 0 && (!integer || Number.isInteger(n));
  if (!ok) {
    throw new OptionError(option, `Expected a positive ${integer ? 'whole ' : ''}number in ${option}, found "${sanitize(text)}".`, text, 0, text.length);
  }
  return n;
}

/** The --max-seconds budget of a command (DEFAULT_TIME_LIMIT_SECONDS when not given). */
const timeLimit = (options: { maxSeconds?: string }): number =>
  options.maxSeconds === undefined ? DEFAULT_TIME_LIMIT_SECONDS : parseLimit(options.maxSeconds, '--max-seconds', false);

/**
 * `--at x=1,y=-2.5,z=pi/2`: a value is any expression without names. A
 * comma splits bindings only outside brackets (`x=max(1,2)` works).
 */
function parseBindings(text: string, option = '--at', offsets?: Map<string, { offset: number; length: number }>): Map<string, number> {
  const out = new Map<string, number>();
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (i === text.length || (c === ',' && depth === 0)) {
      parts.push({ text: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  for (const part of parts) {
    const eq = part.text.indexOf('=');
    const nameText = (eq < 0 ? part.text : part.text.slice(0, eq)).trim();
    if (eq < 0 || nameText === '') {
      throw new OptionError(option, `Expected name=value in ${option}, found "${sanitize(part.text.trim())}".`,
        text, part.offset, part.text.length);
    }
    const nameOffset = part.offset + part.text.indexOf(nameText);
    let name: string;
    try {
      name = parseNameList(nameText, option)[0]!.name;
    } catch {
      throw new OptionError(option, `Expected a name before "=" in ${option}, found "${sanitize(nameText)}".`, text, nameOffset, nameText.length);
    }
    const valueText = part.text.slice(eq + 1);
    const valueOffset = part.offset + eq + 1;
    let value: Expr;
    try {
      value = parseExpression(valueText);
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      // Point into the whole option text, not just the value.
      const [offset, length] = err.span ? [valueOffset + err.span.offset, err.span.length] : [valueOffset, valueText.length];
      throw new OptionError(option, `${err.message.replace(/ at \d+:\d+/g, '').replace(/\.$/, '')} (in the value of ${sanitize(nameText)}).`, text, offset, length);
    }
    const names = freeSymbols(value);
    if (names.length > 0) {
      throw new OptionError(option, `The value of ${sanitize(nameText)} in ${option} must be a number, not a formula in ${names.map((s) => s.name).join(', ')}.`,
        text, valueOffset, valueText.length);
    }
    out.set(name, compile([value], [])([])[0]!);
    offsets?.set(name, { offset: nameOffset, length: nameText.length });
  }
  return out;
}

function parseSteps(text: string): number {
  if (!/^\s*\d+\s*$/.test(text)) {
    throw new OptionError('--steps', `Expected a whole number of steps in --steps, found "${sanitize(text)}".`, text, 0, text.length);
  }
  const n = Number(text);
  if (n > MAX_STEPS) throw new NablaError(`--steps ${n} is more than the limit of ${MAX_STEPS}.`);
  return n;
}

function readSource(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new NablaError(`cannot read ${sanitize(file)}: it is a directory`);
    size = st.size;
  } catch (err) {
    if (err instanceof NablaError) throw err;
    throw new NablaError(`cannot read ${sanitize(file)}: ${describeFsError(err)}`);
  }
  if (size > MAX_INPUT_BYTES) {
    throw new NablaError(`cannot read ${sanitize(file)}: ${size} bytes is more than the limit of ${MAX_INPUT_BYTES}`);
  }
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new NablaError(`cannot read ${sanitize(file)}: ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    default: return err instanceof Error ? err.message : String(err);
  }
}

/**
 * An expression argument, parsed with its own text attached to any error.
 * It is read as LaTeX with `--tex`, or when it holds a backslash (no ASCII
 * formula does): `nabla diff "\frac{1}{1+e^{-x}}" --wrt x`.
 */
function parseArgument(text: string, tex?: boolean): Expr {
  try {
    return tex || isLatex(text) ? parseLatex(text) : parseExpression(text);
  } catch (err) {
    throw err instanceof NablaError ? err.withSource(text) : err;
  }
}

// ---------------------------------------------------------------------------
// Commands

interface DiffOptions {
  wrt: string; latex?: boolean; json?: boolean; timing?: boolean; tex?: boolean;
  maxSeconds?: string; maxSimplifySteps?: string;
}

function commandDiff(io: Io, text: string, options: DiffOptions): number {
  const wrt = parseNameList(options.wrt, '--wrt');
  const maxSteps = options.maxSimplifySteps === undefined
    ? MAX_SIMPLIFY_STEPS : parseLimit(options.maxSimplifySteps, '--max-simplify-steps', true);
  return withTimeLimit(timeLimit(options), () => diffWithin(io, text, options, wrt, maxSteps));
}

function diffWithin(io: Io, text: string, options: DiffOptions, wrt: { name: string; written: string }[], maxSteps: number): number {
  // A simplification cut short by the step limit is still correct, only less simple: say so.
  let stopped = false;
  const simplifyNoting = (e: Expr): Expr => {
    // Without the flag, the default options share simplifications across calls.
    const r = simplifyWithTrace(e, options.maxSimplifySteps === undefined ? {} : { maxSteps });
    stopped ||= r.stop === 'step-limit';
    return r.expr;
  };
  const t0 = performance.now();
  const parsed = parseArgument(text, options.tex);
  const t1 = performance.now();
  // Derivatives written inside the expression are resolved first; then the
  // input is simplified so that a spelled-out logistic differentiates as sigmoid.
  const input = simplifyNoting(resolveDerivatives(parsed));
  const t2 = performance.now();
  let diffMs = 0;
  let simplifyMs = t2 - t1;
  const results = wrt.map(({ name, written }) => {
    const a = performance.now();
    const raw = diff(input, name);
    const b = performance.now();
    const expr = simplifyNoting(raw);
    const c = performance.now();
    diffMs += b - a;
    simplifyMs += c - b;
    return { name, written, expr };
  });
  const timing = { parseMs: t1 - t0, diffMs, simplifyMs };
  if (stopped) {
    io.stderr(`note: simplification stopped at the limit of ${maxSteps} rewrites (--max-simplify-steps); the result is correct but may not be in simplest form\n`);
  }

  if (options.json) {
    const derivatives: Record<string, { expr: string; latex: string }> = {};
    for (const r of results) derivatives[r.written] = { expr: toText(r.expr), latex: toLatex(r.expr) };
    io.stdout(`${JSON.stringify(options.timing ? { derivatives, timing } : { derivatives }, null, 2)}\n`);
    return EXIT_OK;
  }
  const show = (e: Expr): string => (options.latex ? toLatex(e) : toText(e));
  if (results.length === 1) io.stdout(`${show(results[0]!.expr)}\n`);
  else for (const r of results) io.stdout(`d/d${sanitize(r.written)}: ${show(r.expr)}\n`);
  if (options.timing) {
    io.stderr(`parse ${formatMs(timing.parseMs)}, diff ${formatMs(timing.diffMs)}, simplify ${formatMs(timing.simplifyMs)}\n`);
  }
  return EXIT_OK;
}

interface EvalOptions { at?: string; json?: boolean; tex?: boolean; maxSeconds?: string }

function commandEval(io: Io, text: string, options: EvalOptions): number {
  const bindings = options.at === undefined ? new Map<string, number>() : parseBindings(options.at);
  const expr = parseArgument(text, options.tex);
  return withTimeLimit(timeLimit(options), () => {
    const missing = freeSymbols(resolveDerivatives(expr)).map((s) => s.name).filter((n) => !bindings.has(n));
    if (missing.length > 0) {
      const list = listed(missing.map((n) => `"${n}"`));
      throw locatedIn(text, options.tex, freeSymbols(expr).find((s) => s.name === missing[0]),
        `${list} ${missing.length === 1 ? 'has' : 'have'} no value: give --at ${missing.slice(0, 8).map((n) => `${n}=…`).join(',')}`);
    }
    const names = [...bindings.keys()];
    let value: number;
    try {
      value = compile([expr], names)(names.map((n) => bindings.get(n)!))[0]!;
    } catch (err) {
      // Point at the part of the expression whose value went wrong (log(-1), 1/0, an overflow).
      if (err instanceof EvaluationError && err.span === undefined) throw locatedIn(text, options.tex, err.subexpression, err.message);
      throw err;
    }
    io.stdout(options.json ? `${JSON.stringify({ value })}\n` : `${formatNumber(value)}\n`);
    return EXIT_OK;
  });
}

/** Longest expression argument searched for the position of a subexpression (the search lowers every subtree). */
const MAX_LOCATE_LENGTH = 20_000;

/**
 * A NablaError with `message`, pointing at where `sub` is written in the
 * ASCII argument `text` (the first place whose lowering is `sub`), or at the
 * whole argument when it cannot be found there: after simplification,
 * in LaTeX, or in a very long text.
 */
function locatedIn(text: string, tex: boolean | undefined, sub: Expr | undefined, message: string): NablaError {
  const whole = spanAt(text, 0, text.length);
  if (sub === undefined || tex || isLatex(text) || text.length > MAX_LOCATE_LENGTH) return new NablaError(message, whole, text);
  try {
    const stack: unknown[] = [parseExpressionSyntax(text)];
    while (stack.length > 0) {
      const node = stack.pop();
      if (typeof node !== 'object' || node === null) continue;
      const n = node as { kind?: unknown; offset?: unknown; length?: unknown };
      if (typeof n.kind === 'string' && typeof n.offset === 'number' && typeof n.length === 'number') {
        try {
          if (lowerExpression(node as Parameters<typeof lowerExpression>[0], text) === sub) return new NablaError(message, spanAt(text, n.offset, n.length), text);
        } catch {
          // A part that does not lower on its own (a bare index, say): look inside it.
        }
      }
      // Children in reverse, so the leftmost occurrence is found first.
      const kids = Object.values(node as object).filter((v) => typeof v === 'object' && v !== null);
      for (let i = kids.length - 1; i >= 0; i--) {
        const k = kids[i];
        if (Array.isArray(k)) for (let j = k.length - 1; j >= 0; j--) stack.push(k[j]);
        else stack.push(k);
      }
    }
  } catch {
    // The argument parsed once already; a failure here only loses the position.
  }
  return new NablaError(message, whole, text);
}

function commandLatex(io: Io, text: string, options: { json?: boolean }): number {
  const latex = toLatex(parseArgument(text));
  io.stdout(options.json ? `${JSON.stringify({ latex })}\n` : `${latex}\n`);
  return EXIT_OK;
}

function commandParseLatex(io: Io, tex: string, options: { json?: boolean }): number {
  const expr = parseArgument(tex, true);
  const ascii = toText(expr);
  io.stdout(options.json ? `${JSON.stringify({ expr: ascii, latex: toLatex(expr) })}\n` : `${ascii}\n`);
  return EXIT_OK;
}

interface RunOptions {
  maxSeconds?: string;
  maxDepth?: string;
  wrt?: string;
  target?: string;
  at?: string;
  steps?: string;
  latex?: boolean;
  json?: boolean;
  html?: string;
}

function commandRun(io: Io, inv: Invocation, file: string, options: RunOptions): number {
  const wrtList = options.wrt === undefined ? undefined : parseNameList(options.wrt, '--wrt');
  const wrt = wrtList?.map((n) => n.name);
  const targetName = options.target === undefined ? undefined : parseNameList(options.target, '--target')[0]!;
  const target = targetName?.name;
  const atOffsets = new Map<string, { offset: number; length: number }>();
  const at = options.at === undefined ? undefined : Object.fromEntries(parseBindings(options.at, '--at', atOffsets));
  const steps = options.steps === undefined ? undefined : parseSteps(options.steps);
  const seconds = timeLimit(options);
  const maxDepth = options.maxDepth === undefined ? MAX_DEFINITION_DEPTH : parseLimit(options.maxDepth, '--max-depth', true);

  const source = readSource(file);
  inv.fileName = file;
  const parsed = parseFile(source);
  const system = buildSystem(parsed.statements, source, parsed.errors);
  if (system.errors.length > 0) throw new FileErrors(system.errors.map((e) => e.withSource(source)));

  // What the options name must be in the file; say so pointing into the option.
  const known = (n: string): boolean => system.definitions.has(n) || system.free.includes(n) || system.matrices.has(n);
  for (const w of wrtList ?? []) {
    if (!known(w.name)) {
      throw new OptionError('--wrt', `"${sanitize(w.written)}" does not appear in ${sanitize(basename(file))}: there is nothing to differentiate by.`, options.wrt!, w.offset, w.written.length);
    }
  }
  if (targetName !== undefined && !system.definitions.has(targetName.name)) {
    throw new OptionError('--target', `"${sanitize(targetName.written)}" is not defined in ${sanitize(basename(file))}.`, options.target!, targetName.offset, targetName.written.length);
  }
  for (const [name, where] of atOffsets) {
    const def = system.definitions.get(name);
    const problem = !known(name) ? 'does not appear in the file' : def !== undefined && !def.input ? 'is defined by a formula, not an input' : undefined;
    if (problem !== undefined) {
      throw new OptionError('--at', `"${sanitize(options.at!.slice(where.offset, where.offset + where.length))}" ${problem}.`, options.at!, where.offset, where.length);
    }
  }
  const missing = system.free.filter((n) => at === undefined || !Object.hasOwn(at, n));
  if (missing.length > 0) {
    const show = (n: string): string => `"${sanitize(system.written.get(n) ?? n)}"`;
    throw atDefinitionUsing(system, missing[0]!,
      `${listed(missing.map(show))} ${missing.length === 1 ? 'has' : 'have'} no value: define ${missing.length === 1 ? 'it' : 'them'} in the file or give --at ${sanitize(system.written.get(missing[0]!) ?? missing[0]!)}=…`);
  }
  checkDefinitionDepth(system, maxDepth);

  const progress = io.stderrIsTTY && steps !== undefined && steps >= PROGRESS_MIN_STEPS ? progressBar(io) : undefined;
  let report;
  try {
    report = withTimeLimit(seconds, () => buildReport(system, { wrt, target, at, steps, onProgress: progress?.update }));
  } catch (err) {
    // An evaluation that went wrong points at the definition where it did.
    if (err instanceof EvaluationError && err.span === undefined) throw atDefinitionHolding(system, err.subexpression, err.message) ?? err;
    throw err;
  } finally {
    progress?.done();
  }
  if (options.html !== undefined) {
    const html = withTimeLimit(seconds, () => renderHtml(report, { title: basename(file), fileName: file, claims: checkSystemClaims(system) }));
    writeOutput(options.html, html);
    io.stderr(`wrote ${sanitize(options.html)}\n`);
  }
  if (options.json) io.stdout(renderJson(report));
  else if (options.latex) io.stdout(renderLatex(report));
  else if (options.html !== undefined) return EXIT_OK;
  else io.stdout(renderTerminal(report, { color: io.color }));
  return EXIT_OK;
}

/** `"a", "b" and 3 more`: a list in a message, kept to one line. */
function listed(items: readonly string[], most = 8): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

/** The definitions in the order written, for finding where something is. */
const definitionsOf = (system: System): Definition[] => [...system.definitions.values()];

/** A NablaError at the first definition whose right-hand side uses `name` (without a position when none does). */
function atDefinitionUsing(system: System, name: string, message: string): NablaError {
  const def = definitionsOf(system).find((d) => freeSymbols(d.source).some((s) => s.name === name));
  return def ? new NablaError(message, def.span, system.source) : new NablaError(message);
}

/** A NablaError at the first definition whose right-hand side holds the node `sub`, or undefined. */
function atDefinitionHolding(system: System, sub: Expr, message: string): NablaError | undefined {
  const holds = (e: Expr): boolean => postOrder(e).includes(sub);
  const def = definitionsOf(system).find((d) => holds(d.rhs) || holds(d.source));
  return def && new NablaError(message, def.span, system.source);
}

/**
 * Refuse a chain of definitions deeper than `limit` (a2 = sin(a1), a3 =
 * sin(a2), …), at the definition where it first is, before the graph's
 * passes walk it.
 */
function checkDefinitionDepth(system: System, limit: number): void {
  const depth = new Map<string, number>();
  for (const name of system.order) {
    const def = system.definitions.get(name);
    if (def === undefined) continue;
    let d = 1;
    for (const s of freeSymbols(def.rhs)) d = Math.max(d, (depth.get(s.name) ?? 0) + 1);
    depth.set(name, d);
    if (d > limit) {
      throw new NablaError(`Chain of definitions ${d} deep at "${sanitize(def.written)}"; the limit is ${limit} (raise it with --max-depth).`, def.span, system.source);
    }
  }
}

/** Write an output file whole or not at all; a failure is the user's (a missing directory), not a crash. */
function writeOutput(path: string, data: string): void {
  try {
    writeFileAtomic(path, data);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new NablaError(`cannot write ${sanitize(path)}: ${code === 'ENOENT' ? 'no such directory' : describeFsError(err)}`);
  }
}

interface CheckOptionsCli {
  json?: boolean;
  html?: string;
  maxSeconds?: string;
}

function commandCheck(io: Io, inv: Invocation, file: string, options: CheckOptionsCli): number {
  const seconds = timeLimit(options);
  const source = readSource(file);
  inv.fileName = file;
  return withTimeLimit(seconds, () => checkWithin(io, file, source, options));
}

function checkWithin(io: Io, file: string, source: string, options: CheckOptionsCli): number {
  let result;
  try {
    result = checkClaims(source, { fileName: file });
  } catch (err) {
    throw err instanceof NablaError ? err.withSource(source) : err;
  }
  if (options.html !== undefined) {
    // A report needs values for every name; a document of hand results may not give them.
    let report;
    const errors: NablaError[] = [];
    try {
      report = buildReport(result.system);
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      errors.push(err);
    }
    writeOutput(options.html, renderHtml(report ?? systemReport(result.system), { title: basename(file), fileName: file, claims: result.claims, errors }));
    io.stderr(`wrote ${sanitize(options.html)}\n`);
  }
  if (options.json) io.stdout(renderClaimsJson(result));
  else if (options.html === undefined) io.stdout(renderClaimsTerminal(result, { color: io.color, fileName: file }));
  return result.claims.some((c) => c.status === 'refuted') ? EXIT_REFUTED : EXIT_OK;
}

interface CodegenOptionsCli {
  lang: string;
  wrt?: string;
  target?: string;
  name?: string;
}

function commandCodegen(io: Io, inv: Invocation, file: string, options: CodegenOptionsCli): number {
  const lang = options.lang.trim() as CodegenLanguage;
  if (!CODEGEN_LANGUAGES.includes(lang)) {
    throw new OptionError('--lang', `Expected ${CODEGEN_LANGUAGES.join(', ')} in --lang, found "${sanitize(options.lang)}".`, options.lang, 0, options.lang.length);
  }
  const wrt = options.wrt === undefined ? undefined : parseNameList(options.wrt, '--wrt').map((n) => n.name);
  const target = options.target === undefined ? undefined : parseNameList(options.target, '--target')[0]!.name;
  if (options.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.name)) {
    throw new OptionError('--name', `Expected an identifier in --name, found "${sanitize(options.name)}".`, options.name, 0, options.name.length);
  }
  const source = readSource(file);
  inv.fileName = file;
  const parsed = parseFile(source);
  const system = buildSystem(parsed.statements, source, parsed.errors);
  if (system.errors.length > 0) throw new FileErrors(system.errors.map((e) => e.withSource(source)));
  io.stdout(codegen(system, { lang, inputs: wrt, objective: target, name: options.name }));
  return EXIT_OK;
}

/** Several errors in one file, all reported. */
class FileErrors extends Error {
  constructor(readonly errors: readonly NablaError[]) {
    super(errors[0]?.message ?? 'errors');
  }
}

/**
 * A one-line `\r` progress bar on stderr: shown only once the run has taken
 * a moment (a quick run never flickers), redrawn at most ten times a second.
 */
function progressBar(io: Io): { update: (done: number, total: number) => void; done: () => void } {
  const WIDTH = 30;
  const DELAY_MS = 300;
  const start = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update: (done, total) => {
      const now = performance.now();
      if (now - start < DELAY_MS || (now - last < 100 && done < total)) return;
      last = now;
      const filled = Math.round((done / Math.max(1, total)) * WIDTH);
      io.stderr(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] step ${done}/${total}`);
      drawn = true;
    },
    done: () => {
      if (drawn) io.stderr('\r\u001b[K');
    },
  };
}

// ---------------------------------------------------------------------------
// The program

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function buildProgram(io: Io, inv: Invocation, setResult: (p: number | Promise<number>) => void): Command {
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

  program.command('diff')
    .description('the derivative of an expression, simplified')
    .argument('<expr>', 'an ASCII expression, e.g. "1/2*(t - sigmoid(w*x + b))^2"')
    .requiredOption('--wrt <names>', 'differentiate with respect to these names (comma-separated)')
    .option('--latex', 'print LaTeX')
    .option('--json', 'print JSON: {"derivatives": {name: {"expr", "latex"}}}')
    .option('--timing', 'report the time spent parsing, differentiating and simplifying')
    .option('--tex', 'read the expression as LaTeX (automatic when it holds a backslash)')
    .option('--max-simplify-steps <n>', `rewrites one simplification may make (default ${MAX_SIMPLIFY_STEPS})`)
    .option('--max-seconds <s>', `time limit for differentiating and simplifying (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .action((expr: string, opts: DiffOptions) => setResult(commandDiff(io, expr, opts)));

  program.command('eval')
    .description('the value of an expression')
    .argument('<expr>', 'an ASCII expression')
    .option('--at <bindings>', 'values of the names, e.g. x=1,y=2')
    .option('--json', 'print JSON: {"value": number}')
    .option('--tex', 'read the expression as LaTeX (automatic when it holds a backslash)')
    .option('--max-seconds <s>', `time limit for the symbolic work (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .action((expr: string, opts: EvalOptions) => setResult(commandEval(io, expr, opts)));

  program.command('latex')
    .description('the LaTeX of an ASCII expression')
    .argument('<expr>', 'an ASCII expression')
    .option('--json', 'print JSON: {"latex": TEX}')
    .action((expr: string, opts: { json?: boolean }) => setResult(commandLatex(io, expr, opts)));

  program.command('parse-latex')
    .description('the ASCII form of a LaTeX expression')
    .argument('<tex>', 'a LaTeX expression, e.g. "\\frac{1}{1+e^{-x}}"')
    .option('--json', 'print JSON: {"expr": ASCII, "latex": TEX}')
    .action((tex: string, opts: { json?: boolean }) => setResult(commandParseLatex(io, tex, opts)));

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
    .option('--max-seconds <s>', `time limit for the symbolic work (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .option('--max-depth <n>', `longest chain of definitions accepted (default ${MAX_DEFINITION_DEPTH})`)
    .action((file: string, opts: RunOptions) => setResult(commandRun(io, inv, file, opts)));

  program.command('check')
    .description('verify the claims (hand results) in a formula file or document')
    .argument('<file>', 'a formula file, or a Markdown/LaTeX document')
    .option('--json', 'print JSON')
    .option('--html <file>', 'write a self-contained HTML page')
    .option('--max-seconds <s>', `time limit for checking (default ${DEFAULT_TIME_LIMIT_SECONDS})`)
    .action((file: string, opts: CheckOptionsCli) => setResult(commandCheck(io, inv, file, opts)));

  program.command('codegen')
    .description('a function returning the value and gradient of a formula file\'s objective')
    .argument('<file>', 'a formula file (.nabla)')
    .requiredOption('--lang <lang>', 'the language: ts, js or python (NumPy)')
    .option('--wrt <names>', 'the gradient\'s names (default: every input the objective uses)')
    .option('--target <name>', 'the objective (default: the first derive target, else E)')
    .option('--name <identifier>', 'the generated function\'s name (default: f)')
    .action((file: string, opts: CodegenOptionsCli) => setResult(commandCodegen(io, inv, file, opts)));

  program.command('serve')
    .description('the playground: type formulas, see the report, graph and claims update')
    .argument('[file]', 'a formula file to start with (default: the 2-2-2 network)')
    .option('--port <n>', 'the loopback port (default: a free one)')
    .action((file: string | undefined, opts: { port?: string }) => setResult(commandServe(io, file, opts)));

  return program;
}

/** Serve the playground on 127.0.0.1 until the process is interrupted. */
async function commandServe(io: Io, file: string | undefined, options: { port?: string }): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OptionError('--port', 'Expected a port number from 0 to 65535.', options.port ?? '', 0, (options.port ?? '').length);
  }
  const server = await startServer({ file, port });
  io.stdout(`nabla playground at ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT_OK;
}

/**
 * Reorder a subcommand's arguments so that commander sees options first and
 * every operand after `--`. An argument that starts with `-` and is not a
 * known option of the command (`-x^2`, `-2*x`, `-x`) is an operand; an
 * unknown `--word` is left for commander to reject, unless it comes after
 * `--`, where it is an operand too (`--x` is a double negation). The
 * command's own options are recognised on both sides of `--`, so
 * `nabla diff -- -x^2 --wrt x` works as SPEC §9 asks.
 */
export function normalizeArgs(program: Command, argv: readonly string[]): { args: string[]; json: boolean; debug: boolean } {
  let debug = false;
  const rest: string[] = [];
  // `--debug` is accepted anywhere before `--`.
  const cut = argv.indexOf('--');
  argv.forEach((a, i) => {
    if (a === '--debug' && (cut < 0 || i < cut)) debug = true;
    else rest.push(a);
  });
  const ci = rest.findIndex((a) => !a.startsWith('-'));
  const command = ci < 0 ? undefined : program.commands.find((c) => c.name() === rest[ci] || c.aliases().includes(rest[ci]!));
  if (!command || rest.slice(0, ci).includes('--')) return { args: rest, json: false, debug };

  const known = (flag: string): Option | 'help' | undefined => {
    if (flag === '-h' || flag === '--help') return 'help';
    return command.options.find((o) => o.long === flag || o.short === flag);
  };
  const options: string[] = [];
  const operands: string[] = [];
  const args = rest.slice(ci + 1);
  let afterDashes = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--' && !afterDashes) {
      afterDashes = true;
      continue;
    }
    const isLong = /^--[A-Za-z]/.test(a);
    const flag = isLong ? a.split('=')[0]! : a;
    const opt = a.startsWith('-') ? known(flag) : undefined;
    // Before `--` an unknown `--word` is left for commander to reject; after
    // it, only the command's own options are options (`diff -- -x^2 --wrt x`).
    if ((isLong && !afterDashes) || opt) {
      options.push(a);
      const takesValue = opt !== undefined && opt !== 'help' && (opt.required || opt.optional);
      if (takesValue && !a.includes('=') && i + 1 < args.length) options.push(args[++i]!);
      continue;
    }
    operands.push(a);
  }
  const json = options.includes('--json');
  return { args: [...rest.slice(0, ci + 1), ...options, ...(operands.length > 0 ? ['--', ...operands] : [])], json, debug };
}

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit status. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const inv: Invocation = { json: false, debug: false };
  let result: number | Promise<number> = EXIT_OK;
  const program = buildProgram(io, inv, (r) => {
    result = r;
  });
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

function jsonError(message: string, line = 1, column = 1): string {
  return `${JSON.stringify({ error: { message, line, column } })}\n`;
}

function reportError(io: Io, inv: Invocation, err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
    // commander has already written its message to stderr.
    if (inv.json) io.stdout(jsonError(err.message.replace(/^error: /, '')));
    return EXIT_USAGE;
  }
  if (err instanceof NotYetAvailable) {
    const message = `nabla ${err.message}: not yet available`;
    if (inv.json) io.stdout(jsonError(message));
    else io.stderr(`${message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof FileErrors) {
    if (inv.json) {
      const list = err.errors.map((e) => ({ message: e.message, line: e.span?.line ?? 1, column: e.span?.column ?? 1 }));
      io.stdout(`${JSON.stringify({ error: list[0], errors: list })}\n`);
    } else {
      io.stderr(`${err.errors.map((e) => formatError(e, inv.fileName)).join('\n\n')}\n`);
    }
    return EXIT_USAGE;
  }
  if (err instanceof NablaError) {
    if (inv.json) io.stdout(jsonError(err.message, err.span?.line, err.span?.column));
    else io.stderr(`${formatError(err, err instanceof OptionError ? err.option : err.source !== undefined && err.span ? inv.fileName : undefined)}\n`);
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

function processIo(): Io {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Entry point for bin/nabla.js and `tsx src/cli/main.ts`. */
export async function run(): Promise<void> {
  // A closed pipe (`nabla … | head`) ends the output quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await main(process.argv.slice(2));
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) await run();
