/**
 * The commands on one expression given as an argument: `diff`, `eval`,
 * `latex` and `parse-latex` (SPEC §8).
 *
 * Invariant: an argument is read as LaTeX with `--tex`, or when it holds a
 * backslash (no ASCII formula does), and its errors point into the argument.
 */

import { performance } from 'node:perf_hooks';
import { sanitize } from '../../errors.ts';
import { formatMs, formatNumber } from '../../report/format.ts';
import { renderStepsLatex, renderStepsTerminal, stepsJson } from '../../report/steps-view.ts';
import {
  differentiate, explain, msg, say, OptionError, type Derivation, type ExplainDetail, evaluateText, isLatex, MAX_SIMPLIFY_STEPS, parse, readBindings, readNames, toLatex, toText, withTimeLimit, type Expr, type Language,
} from '../../index.ts';
import { EXIT_OK, type Io } from '../io.ts';
import { outputLanguage, parseLimit, timeLimit } from '../options.ts';

/** An argument holding a backslash is LaTeX: `nabla diff "\frac{1}{1+e^{-x}}" --wrt x`. */
/** LaTeX when asked for (`--tex`), or when the text reads as LaTeX (a backslash outside `#` comments). */
const readsAsLatex = (text: string, tex?: boolean): boolean => tex === true || isLatex(text);

/** An expression argument, its errors pointing into its own text. */
function parseArgument(text: string, tex?: boolean): Expr {
  return parse(text, { latex: readsAsLatex(text, tex) });
}

export interface DiffOptions {
  wrt: string; latex?: boolean; json?: boolean; timing?: boolean; tex?: boolean;
  maxSeconds?: string; maxSimplifySteps?: string; explain?: string | boolean;
  /** The language of the steps' sentences (SPEC §15). */
  lang?: string;
}

/** `--explain` (every rule) or `--explain=brief` (SPEC §13); undefined without the option. */
export function parseExplain(value: string | boolean | undefined): ExplainDetail | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true || value === 'full') return 'full';
  if (value === 'brief') return 'brief';
  throw new OptionError('--explain', msg('cli.option.explain', { explain: '--explain', brief: '--explain=brief', found: `--explain=${sanitize(value)}` }), value, 0, value.length);
}

/** The steps of each derivative, as the other options ask: JSON steps, an align* or terminal text. */
function printSteps(io: Io, derivations: readonly Derivation[], latex: boolean | undefined, lang: Language): void {
  derivations.forEach((d, i) => {
    if (i > 0) io.stdout('\n');
    io.stdout(latex ? renderStepsLatex(d, lang) : renderStepsTerminal(d, undefined, '', lang));
  });
}

export function commandDiff(io: Io, text: string, options: DiffOptions): number {
  const wrt = readNames(options.wrt, '--wrt');
  const detail = parseExplain(options.explain);
  const maxSimplifySteps = options.maxSimplifySteps === undefined
    ? undefined : parseLimit(options.maxSimplifySteps, '--max-simplify-steps', true);
  const { results, timing, stopped, steps } = withTimeLimit(timeLimit(options), () => {
    const t0 = performance.now();
    const parsed = parseArgument(text, options.tex);
    const parseMs = performance.now() - t0;
    const d = differentiate(parsed, wrt.map((w) => w.name), { maxSimplifySteps });
    const exprs = d.derivatives.map((r, i) => ({ written: wrt[i]!.written, expr: r.expr }));
    const steps = detail === undefined ? undefined : explain(parsed, wrt.map((w) => w.name), detail, { maxSimplifySteps });
    return { results: exprs, timing: { parseMs, ...d.timing }, stopped: d.stoppedAtStepLimit, steps };
  });
  // A simplification cut short by the step limit is still correct, only less simple: say so.
  if (stopped) {
    const note = msg('cli.simplify-stopped', { limit: maxSimplifySteps ?? MAX_SIMPLIFY_STEPS, option: '--max-simplify-steps' });
    io.stderr(`${say(note, outputLanguage(options))}\n`);
  }
  if (options.json) {
    const derivatives: Record<string, { expr: string; latex: string; steps?: ReturnType<typeof stepsJson> }> = {};
    results.forEach((r, i) => {
      const d = steps?.[i];
      derivatives[r.written] = d === undefined
        ? { expr: toText(r.expr), latex: toLatex(r.expr) } : { expr: toText(r.expr), latex: toLatex(r.expr), steps: stepsJson(d, outputLanguage(options)) };
    });
    io.stdout(`${JSON.stringify(options.timing ? { derivatives, timing } : { derivatives }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (steps !== undefined) {
    printSteps(io, steps, options.latex, outputLanguage(options));
    return EXIT_OK;
  }
  const show = (e: Expr): string => (options.latex ? toLatex(e) : toText(e));
  if (results.length === 1) io.stdout(`${show(results[0]!.expr)}\n`);
  else for (const r of results) io.stdout(`d/d${sanitize(r.written)}: ${show(r.expr)}\n`);
  if (options.timing) {
    const times = msg('cli.timing', { parse: formatMs(timing.parseMs), diff: formatMs(timing.diffMs), simplify: formatMs(timing.simplifyMs) });
    io.stderr(`${say(times, outputLanguage(options))}\n`);
  }
  return EXIT_OK;
}

export interface EvalOptions { at?: string; json?: boolean; tex?: boolean; maxSeconds?: string }

export function commandEval(io: Io, text: string, options: EvalOptions): number {
  const bindings = options.at === undefined ? new Map<string, number>() : readBindings(options.at, '--at').values;
  const seconds = timeLimit(options);
  const value = withTimeLimit(seconds, () => evaluateText(text, bindings, { latex: readsAsLatex(text, options.tex) }));
  io.stdout(options.json ? `${JSON.stringify({ value })}\n` : `${formatNumber(value)}\n`);
  return EXIT_OK;
}

export function commandLatex(io: Io, text: string, options: { json?: boolean }): number {
  const latex = toLatex(parseArgument(text));
  io.stdout(options.json ? `${JSON.stringify({ latex })}\n` : `${latex}\n`);
  return EXIT_OK;
}

export function commandParseLatex(io: Io, tex: string, options: { json?: boolean }): number {
  const expr = parseArgument(tex, true);
  const ascii = toText(expr);
  io.stdout(options.json ? `${JSON.stringify({ expr: ascii, latex: toLatex(expr) })}\n` : `${ascii}\n`);
  return EXIT_OK;
}
