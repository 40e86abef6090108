/**
 * The JSON view of a report (SPEC §9, `nabla run --json`). A stable shape:
 * fields may be added, none removed or renamed. Keys are names as first
 * written in the input; numbers are full double precision (never rounded;
 * a value that is not a finite number, which JSON cannot hold, is `null`).
 *
 * ```
 * {
 *   "values":    { name: number },              // every input, free name and definition
 *   "gradients": { target: { wrt: {
 *       "value": number,                         // d(target)/d(wrt)
 *       "expr":  ASCII, "latex": TEX,            // the same, symbolic, in the named nodes
 *       "kink"?: true,                           // some factor sits at a kink
 *       "chain": Chain,                          // the decomposition, below
 *       "check": { "fd": number, "relError": number,
 *                  "verdict": "pass" | "fail" | "inconclusive", "ok": boolean,
 *                  "reason"?: string, "step": number }
 *   } } },
 *   "matrixGradients"?: { target: { matrix: {   // gradients by every element of a matrix (SPEC §7)
 *       "shape": number[], "value": number[][],  // the entries of gradients[target]["w[i,j]"], as rows
 *       "ok": boolean } } },                     // every entry's check passed
 *   "shapes"?:   { matrix: number[] },           // the matrices; their elements are keys `w[1,1]` above
 *   "updates"?:  { name: number },               // definitions that use a derivative (w5_new)
 *   "steps"?:    [ { "step": number, "objective": number } ],
 *   "objective"?: name                            // what `steps` tracks
 * }
 * ```
 *
 * `Chain` is the chain rule as the notes write it: a sum of path products.
 * It is an array of terms (one term when a single path leads from wrt to the
 * target); each term is an array of factors, read left to right from the
 * target down, whose product is that path's contribution:
 *
 * ```
 * Chain  = Factor[][]
 * Factor = { "of": name, "wrt": name,            // the factor d(of)/d(wrt)
 *            "expr": ASCII, "latex": TEX,        // its simplified symbolic form
 *            "value": number,
 *            "kink"?: true,                      // evaluated at a kink (the convention value is used)
 *            "expansion"?: Chain,                // where paths split at wrt: d(of)/d(wrt) as its own sum
 *            "expandedAbove"?: true,             // a split whose expansion was already given
 *            "steps"?: Step[] }                  // with --explain: how the factor is obtained (SPEC §13)
 * ```
 *
 * Every split d(of)/d(wrt) is expanded once per gradient, at its first
 * occurrence in depth-first order (terms, then factors, an expansion before
 * the next factor); a later factor for the same split carries
 * `"expandedAbove": true` instead of repeating it. This keeps the output
 * linear in the size of the graph: in a deep network the same split is
 * reached by exponentially many paths.
 *
 * `check.ok` is true only for the verdict "pass".
 */

import type { Expr } from '../expr/node.ts';
import { toText } from '../print/text.ts';
import { toLatex } from '../print/latex.ts';
import type { GradientReport, Report, ValuedFactor, ValuedSum } from './model.ts';
import { stepsJson, type StepJson } from './steps-view.ts';
import type { Language } from '../messages/message.ts';
import { matrixJson } from './matrix-view.ts';

export type JsonChain = JsonFactor[][];

export interface JsonFactor {
  of: string;
  wrt: string;
  expr: string;
  latex: string;
  value: number | null;
  kink?: true;
  expansion?: JsonChain;
  expandedAbove?: true;
  /** With `run --explain`: the factor's steps (SPEC §13). */
  steps?: StepJson[];
}

export interface JsonCheck {
  fd: number | null;
  relError: number | null;
  verdict: 'pass' | 'fail' | 'inconclusive';
  ok: boolean;
  reason?: string;
  step: number;
}

export interface JsonGradient {
  value: number | null;
  expr: string;
  latex: string;
  kink?: true;
  chain: JsonChain;
  check: JsonCheck;
}

export interface JsonGradientMatrix {
  shape: number[];
  /** Rows of the last dimension (one row for a vector). */
  value: (number | null)[][];
  ok: boolean;
}

export interface JsonRunReport {
  values: Record<string, number | null>;
  gradients: Record<string, Record<string, JsonGradient>>;
  matrixGradients?: Record<string, Record<string, JsonGradientMatrix>>;
  shapes?: Record<string, number[]>;
  updates?: Record<string, number | null>;
  steps?: { step: number; objective: number | null }[];
  objective?: string;
}

/**
 * An object keyed by user names. Without a prototype, so a name such as
 * `constructor` or `toString` is an own key like any other, never an
 * inherited function that `??=` would keep and then write into.
 */
const byName = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** JSON has no NaN or infinity: those become null. */
const jsonNumber = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The JSON object of a report (see the module comment for the shape). */
export function reportToJson(report: Report, lang: Language = 'en'): JsonRunReport {
  const show = (name: string): string => report.written.get(name) ?? name;
  const texts = (e: Expr): { expr: string; latex: string } => ({ expr: toText(e), latex: toLatex(e) });

  /** Splits already expanded in the current gradient, keyed by of and wrt. */
  let expanded = new Set<string>();
  const factor = (f: ValuedFactor): JsonFactor => {
    const out: JsonFactor = { of: show(f.of), wrt: show(f.wrt), ...texts(f.expr), value: jsonNumber(f.value) };
    if (f.kink) out.kink = true;
    if (f.steps) out.steps = stepsJson(f.steps, lang);
    if (f.expansion) {
      const key = `${f.of}\u0000${f.wrt}`;
      if (expanded.has(key)) out.expandedAbove = true;
      else {
        expanded.add(key);
        out.expansion = chain(f.expansion);
      }
    }
    return out;
  };
  const chain = (s: ValuedSum): JsonChain => s.terms.map((t) => t.factors.map(factor));

  const gradient = (g: GradientReport): JsonGradient => {
    expanded = new Set();
    return gradientJson(g);
  };
  const gradientJson = (g: GradientReport): JsonGradient => ({
    value: jsonNumber(g.value),
    ...texts(g.expr),
    ...(g.kink ? { kink: true as const } : {}),
    chain: chain(g.chain),
    check: {
      fd: jsonNumber(g.check.fd),
      relError: jsonNumber(g.check.relError),
      verdict: g.check.verdict,
      ok: g.check.verdict === 'pass',
      ...(g.check.reason ? { reason: g.check.reason } : {}),
      step: g.check.step,
    },
  });

  const values = byName<number | null>();
  for (const v of report.values) values[show(v.name)] = jsonNumber(v.value);

  const gradients = byName<Record<string, JsonGradient>>();
  for (const g of report.gradients) {
    const byWrt = (gradients[show(g.target)] ??= byName());
    byWrt[show(g.wrt)] = gradient(g);
  }

  const out: JsonRunReport = { values, gradients };
  if (report.gradientMatrices.length > 0) {
    const matrices = byName<Record<string, JsonGradientMatrix>>();
    for (const m of report.gradientMatrices) {
      const columns = m.dims[m.dims.length - 1] ?? 1;
      const value: (number | null)[][] = [];
      m.entries.forEach((g, k) => {
        if (k % columns === 0) value.push([]);
        value[value.length - 1]!.push(jsonNumber(g.value));
      });
      (matrices[show(m.target)] ??= byName())[show(m.wrt)] = { shape: [...m.dims], value, ok: m.entries.every((g) => g.check.verdict === 'pass') };
    }
    out.matrixGradients = matrices;
  }
  if (report.matrices.length > 0) out.shapes = Object.fromEntries(report.matrices.map((m) => [show(m.name), [...m.dims]]));
  const updates = report.values.filter((v) => v.usesDerivative);
  if (updates.length > 0) out.updates = Object.fromEntries(updates.map((v) => [show(v.name), jsonNumber(v.value)]));
  if (report.training) {
    out.steps = report.training.steps.map((s) => ({ step: s.step, objective: jsonNumber(s.objective) }));
    out.objective = show(report.training.objective);
  }
  return out;
}

/** The report as JSON text, pretty-printed, ending in a newline. */
export function renderJson(report: Report, lang: Language = 'en'): string {
  if (report.matrix) return `${JSON.stringify(matrixJson(report.matrix), null, 2)}\n`;
  // Only the steps' sentences (`text`) change with the language; keys, codes and numbers never do.
  return `${JSON.stringify(reportToJson(report, lang), null, 2)}\n`;
}
