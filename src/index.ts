/**
 * The public API of nabla (SPEC §11). Everything the CLI does goes through
 * these functions, so a program can do the same:
 *
 * ```ts
 * import { parse, diff, simplify, toText } from 'nabla';
 * toText(simplify(diff(parse('1/(1+exp(-x))'), 'x')));   // 'sigmoid(x)*(1 - sigmoid(x))'
 * ```
 */

import type { Expr } from './expr/node.ts';
import { diff as diffRaw, resolveDerivatives } from './diff/diff.ts';
import { gradientProgram, inlineGradient } from './diff/reverse.ts';
import { simplify as simplifyExpr, simplifyWithTrace } from './simplify/simplify.ts';
import { parseFile } from './parse/parse.ts';
import { EvaluationError } from './numeric/compile.ts';
import { buildSystem, type System } from './graph/system.ts';
import { parseFormula } from './graph/evaluate-text.ts';
import { atDefinitionHolding } from './graph/locate.ts';
import { buildReport, systemReport, type Report, type ReportOptions } from './report/model.ts';
import { checkClaims as checkClaimsOf, checkNotes, type ClaimsReport, type CheckOptions } from './claims/document.ts';
import type { ClaimResult } from './claims/check.ts';
import type { DefinitionEntry, SkippedEntry } from './parse/notes.ts';
import { hasMathDelimiters } from './parse/notation.ts';
import type { NablaError } from './errors.ts';
import { katexCssInlined, renderReportBody, REPORT_CSS } from './report/html.ts';
import { renderTerminal } from './report/terminal.ts';
import { renderClaimsTerminal } from './report/claims-view.ts';
import { explainExpression, type Derivation, type ExplainDetail } from './report/model-steps.ts';
import { sourceText } from './io/source-text.ts';
import { expectExpr, expectOptions, expectString, expectStrings, expectSystem } from './io/arguments.ts';

export type { Expr } from './expr/node.ts';
export type { System, MatrixShape } from './graph/system.ts';
export type { Report, ReportOptions, GradientReport, GradientMatrix } from './report/model.ts';
/** A file in matrix algebra (SPEC §12): `report(system).matrix` holds its values, gradients and δs. */
export type { MatrixSection, MatrixGradient, MatrixDelta, MatrixNamedValue } from './report/model-matrix.ts';
export type { ReportGraph, GraphNode, GraphEdge, ReportClaim } from './report/model.ts';
export type { Derivation, DerivationStep, ExplainDetail, StepRule, SubStep } from './report/model-steps.ts';
/** The view-facing part of a report from a system alone (its graph, source, errors, claims), for pages shown when the report could not be built. */
export { systemReport } from './report/model.ts';
export { NablaError, formatError } from './errors.ts';
export { chooseLanguage, isLanguage, proseOf } from './messages/language.ts';
export { hangulShare } from './messages/korean.ts';
export { msg, say } from './messages/format.ts';
export { LANGUAGES, type Language, type Message } from './messages/message.ts';
export { evaluate, EvaluationError } from './numeric/compile.ts';
export { assertNever } from './expr/node.ts';
export { toText } from './print/text.ts';
export { toLatex } from './print/latex.ts';
export { compile } from './numeric/compile.ts';
export { simplifyWithTrace } from './simplify/simplify.ts';
export { parseLatex } from './parse/latex.ts';
export type { ClaimsReport, CheckOptions } from './claims/document.ts';
export type { ClaimResult } from './claims/check.ts';
export { DIAGNOSIS_CODES, type Diagnosis, type DiagnosisCode } from './claims/diagnose.ts';
/** A definition as notes list it, and math in them that is no equation (in `checkClaims` and `loadNotes` results). */
export type { DefinitionEntry, SkippedEntry } from './parse/notes.ts';
/** Check the claims of a system built from a formula file (its `claim` lines), in order. */
export { checkSystemClaims } from './claims/check.ts';
/** Whether a text is LaTeX rather than the ASCII formula language (a backslash, or with `dollars` a `$`, outside `#` comments). */
export { isLatex } from './parse/notation.ts';
export { codegen, CODEGEN_LANGUAGES, type CodegenLanguage } from './graph/codegen.ts';
export { DEFAULT_TIME_LIMIT_SECONDS, TimeLimitError, withTimeLimit } from './limits.ts';
export { MAX_INPUT_BYTES } from './parse/parse.ts';
export { MAX_SIMPLIFY_STEPS } from './simplify/simplify.ts';
export { MAX_DEFINITION_DEPTH } from './graph/depth.ts';
export { RequestError, type RequestOption, type RequestOptions } from './graph/request.ts';
export { OptionError, readBindings, readNames, type BindingsInText, type NameInText } from './graph/option-text.ts';
export { evaluateText } from './graph/evaluate-text.ts';
export { toTextShared, toLatexShared } from './print/shared.ts';
export { gradientProgram, type GradientProgram } from './diff/reverse.ts';

/**
 * Parse one ASCII formula (SPEC §2), or with `{ latex: true }` one LaTeX
 * formula (SPEC §6), into an expression. Throws a positioned NablaError
 * whose source is `text`.
 */
export function parse(text: string, options: { readonly latex?: boolean } = {}): Expr {
  expectString(text, 'parse(text)');
  expectOptions(options, 'parse(text, options)');
  return parseFormula(text, options.latex ?? false);
}

/**
 * The derivative ∂expr/∂name, simplified. The input is simplified first, so
 * a spelled-out logistic `1/(1+exp(-x))` is differentiated as `sigmoid(x)`.
 */
export function diff(expr: Expr, name: string): Expr {
  expectExpr(expr, 'diff(expr, name)');
  expectString(name, 'diff(expr, name)');
  return simplifyExpr(diffRaw(simplifyExpr(expr), name));
}

export interface DifferentiateOptions {
  /** Rewrites one simplification may make (default: the simplifier's MAX_SIMPLIFY_STEPS, with shared caches). */
  readonly maxSimplifySteps?: number;
}

export interface Differentiation {
  /** One derivative per name asked for, simplified, in the order asked. */
  readonly derivatives: readonly { readonly name: string; readonly expr: Expr }[];
  /** Milliseconds spent differentiating and simplifying (the input's simplification included). */
  readonly timing: { readonly diffMs: number; readonly simplifyMs: number };
  /** A simplification stopped at the step limit: the results are correct but may not be simplest. */
  readonly stoppedAtStepLimit: boolean;
}

/**
 * The derivatives of `expr` by each of `wrt`, as `nabla diff` prints them:
 * derivatives written inside the expression are resolved first, then the
 * input is simplified (so a spelled-out logistic differentiates as sigmoid),
 * then each derivative is taken and simplified, with the time each stage took.
 */
export function differentiate(expr: Expr, wrt: readonly string[], options: DifferentiateOptions = {}): Differentiation {
  expectExpr(expr, 'differentiate(expr, wrt)');
  expectStrings(wrt, 'differentiate(expr, wrt)');
  expectOptions(options, 'differentiate(expr, wrt, options)');
  let stoppedAtStepLimit = false;
  const simplifyNoting = (e: Expr): Expr => {
    // Without a limit of its own, the default options share simplifications across calls.
    const r = simplifyWithTrace(e, options.maxSimplifySteps === undefined ? {} : { maxSteps: options.maxSimplifySteps });
    stoppedAtStepLimit ||= r.stop === 'step-limit';
    return r.expr;
  };
  const t0 = performance.now();
  const input = simplifyNoting(resolveDerivatives(expr));
  let diffMs = 0;
  let simplifyMs = performance.now() - t0;
  const derivatives = wrt.map((name) => {
    const a = performance.now();
    const raw = diffRaw(input, name);
    const b = performance.now();
    const derivative = simplifyNoting(raw);
    diffMs += b - a;
    simplifyMs += performance.now() - b;
    return { name, expr: derivative };
  });
  return { derivatives, timing: { diffMs, simplifyMs }, stoppedAtStepLimit };
}

/**
 * How each derivative of `differentiate` is obtained, step by step (SPEC
 * §13): `full` shows every rule, `brief` only chain, product, quotient and
 * function rules. Each derivation's last step is the derivative
 * `differentiate` returns with the same options.
 */
export function explain(expr: Expr, wrt: readonly string[], detail: ExplainDetail = 'full', options: DifferentiateOptions = {}): Derivation[] {
  return wrt.map((name) => explainExpression(expr, name, detail, options.maxSimplifySteps));
}

/**
 * All partial derivatives of `expr`, one per name, by one reverse sweep over
 * the expression's DAG (as backpropagation does: about the cost of the
 * function itself, however many names). The results share subexpressions
 * (nodes are hash-consed), so together they are one graph.
 */
export function gradient(expr: Expr, names: readonly string[]): Expr[] {
  expectExpr(expr, 'gradient(expr, names)');
  expectStrings(names, 'gradient(expr, names)');
  const program = gradientProgram(simplifyExpr(expr), names);
  return inlineGradient(program).map((g) => simplifyExpr(g));
}

/** Simplify an expression: exact folding, like terms, sigmoid/tanh/softplus recognised. */
export function simplify(expr: Expr): Expr {
  expectExpr(expr, 'simplify(expr)');
  return simplifyExpr(expr);
}

/**
 * Read a formula file (SPEC §2) into a system of definitions. Bad lines do
 * not stop the rest: their errors are in `system.errors`. Matrices (SPEC §7)
 * are expanded into definitions of their elements (`w[1,1]`, …); their
 * shapes are in `system.matrices`. As for loadNotes and checkClaims, a
 * line ends at `\n`, `\r\n` or a lone `\r`, as the CLI reads a file.
 */
export function loadFile(text: string): System {
  expectString(text, 'loadFile(text)');
  const source = sourceText(text);
  const parsed = parseFile(source);
  const system = buildSystem(parsed.statements, source, parsed.errors);
  return parsed.matrix ? { ...system, matrix: parsed.matrix } : system;
}

/**
 * The chain-rule report of a system (SPEC §4): what `nabla run` prints.
 * The request is checked first (RequestError: a `wrt`, `target` or `at`
 * name the file lacks, a free name without a value, training without an
 * objective or update rules), and so is the depth of the definitions
 * (`maxDepth`, default MAX_DEFINITION_DEPTH: a positioned NablaError). A
 * value that is not a number points at the definition where it went wrong.
 */
export function report(system: System, options: ReportOptions = {}): Report {
  expectSystem(system, 'report(system)');
  expectOptions(options, 'report(system, options)');
  try {
    const built = buildReport(system, options);
    return notebookDisplay(built, () => renderReportBody(built, { showSource: false }), () => renderTerminal(built, { color: false }));
  } catch (err) {
    if (err instanceof EvaluationError && err.span === undefined) throw atDefinitionHolding(system, err.subexpression, err.saying) ?? err;
    throw err;
  }
}

/** LaTeX notes read for a report of them: what the playground shows. */
export interface LoadedNotes {
  /** The notes' definitions, with every claimed derivative ∂F/∂x of a defined F to derive, and the claims checked. */
  readonly system: System;
  /** Every claim, verified, refuted or unchecked with the reason, in the order written (as `nabla check` gives them). */
  readonly claims: readonly ClaimResult[];
  readonly definitions: readonly DefinitionEntry[];
  /** Math that is no equation. */
  readonly skipped: readonly SkippedEntry[];
  /** The equations that did not parse, then the system's own errors, each with the text attached. */
  readonly problems: readonly NablaError[];
}

/**
 * Read LaTeX notes (SPEC §5, §6) the way `nabla check` reads a document: a
 * text with math delimiters is a document and only its math is read; any
 * other text is read whole as math. The definitions and claim verdicts are
 * those of `checkClaims`; the system also derives each claimed derivative,
 * so `report(loaded.system)` shows its chain rule.
 */
export function loadNotes(text: string): LoadedNotes {
  expectString(text, 'loadNotes(text)');
  const source = sourceText(text);
  const checked = checkNotes(source, { wholeText: !hasMathDelimiters(source), forReport: true });
  const { system, claims, definitions, skipped } = checked;
  return { system, claims, definitions, skipped, problems: [...checked.errors, ...system.errors] };
}

/**
 * Check every claim of a formula file or a Markdown/LaTeX document (SPEC
 * §5): each verified, refuted or unchecked with the reason, in the order
 * written, with the definitions read and the system checked against.
 */
export function checkClaims(text: string, options: CheckOptions = {}): ClaimsReport {
  expectString(text, 'checkClaims(text)');
  expectOptions(options, 'checkClaims(text, options)');
  const checked = checkClaimsOf(sourceText(text), options);
  const body = (): string => renderReportBody(systemReport(checked.system), { claims: checked.claims, showHeader: false, showSource: false });
  return notebookDisplay(checked, body, () => renderClaimsTerminal(checked, { color: false, fileName: options.fileName }));
}

/** What a notebook shows for an object: its rendering per MIME type. */
export interface NotebookDisplay {
  readonly 'text/html': string;
  readonly 'text/plain': string;
}

/** The method notebooks call to show an object (Deno's Jupyter kernel and compatible ones, SPEC §16). */
const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/**
 * Give `value` the notebook display method, rendered when called. It is
 * not enumerable, so the object's fields, its JSON and its comparisons in
 * tests are unchanged.
 */
function notebookDisplay<T extends object>(value: T, html: () => string, text: () => string): T {
  const display = (): NotebookDisplay => ({ 'text/html': notebookHtml(html()), 'text/plain': text() });
  Object.defineProperty(value, JUPYTER_DISPLAY, { value: display, enumerable: false, configurable: true });
  return value;
}

/** A report body with its styles, KaTeX's fonts inlined where Node's file system can read them. */
function notebookHtml(body: string): string {
  let katexCss = '';
  try {
    katexCss = katexCssInlined();
  } catch {
    // A kernel without Node's modules still gets the report, its math in KaTeX's markup unstyled.
  }
  return `<div class="nabla-notebook"><style>${katexCss}${REPORT_CSS}</style><main class="report">${body}</main></div>`;
}
