/**
 * The chain-rule report as data (SPEC §4): values of every definition, for
 * each requested derivative its decomposition with each factor's symbolic
 * form and value, the gradient, a finite-difference check, the updates, and
 * optionally a training run. The terminal, LaTeX, JSON and HTML views print
 * this model; none of them computes mathematics.
 */

import { type Expr, sym } from '../expr/node.ts';
import { containsDerivative, freeSymbols } from '../expr/walk.ts';
import { elementName, parseElementName, type Shape } from '../expr/indexed.ts';
import { lookupFunction } from '../functions.ts';
import { compile, evaluateAt } from '../numeric/compile.ts';
import { topologicalOrder } from '../expr/walk.ts';
import { checkDerivative, type FdCheck } from '../numeric/finite-difference.ts';
import { chainDecomposition, type ChainFactor, type ChainProduct, type ChainSum } from '../graph/chain.ts';
import { NodeDerivatives } from '../graph/node-derivative.ts';
import { inputValues, type MatrixShape, type System } from '../graph/system.ts';
import { assertObjective, checkGradient, checkRequest, checkTraining, type RequestOptions } from '../graph/request.ts';

export interface ReportOptions extends RequestOptions {
  /** Apply every update rule this many times before reporting. */
  readonly steps?: number;
  /** Called during training with the number of steps done. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ValuedFactor {
  readonly of: string;
  readonly wrt: string;
  readonly expr: Expr;
  readonly value: number;
  /** The factor is evaluated at a kink of relu, abs, max, … (the convention value is used). */
  readonly kink: boolean;
  readonly expansion?: ValuedSum;
}

export interface ValuedProduct {
  readonly factors: readonly ValuedFactor[];
  readonly value: number;
}

export interface ValuedSum {
  readonly of: string;
  readonly wrt: string;
  readonly expr: Expr;
  readonly value: number;
  readonly terms: readonly ValuedProduct[];
}

export interface GradientReport {
  readonly target: string;
  readonly wrt: string;
  /** d(target)/d(wrt), simplified, in the named nodes. */
  readonly expr: Expr;
  readonly value: number;
  readonly chain: ValuedSum;
  readonly check: FdCheck & { readonly ok: boolean };
  readonly kink: boolean;
}

export interface NamedValue {
  readonly name: string;
  readonly value: number;
  /** `input` has a default value, `free` got its value from `at`, `definition` is computed. */
  readonly role: 'input' | 'free' | 'definition';
  /** For definitions: the right-hand side (simplified). */
  readonly expr?: Expr;
  /** The definition uses a derivative (an update rule such as `w5_new`). */
  readonly usesDerivative: boolean;
}

export interface TrainingReport {
  readonly objective: string;
  readonly rules: readonly { readonly input: string; readonly rule: string }[];
  readonly steps: readonly { readonly step: number; readonly objective: number }[];
}

/**
 * The gradient of one target by every element of a matrix (SPEC §7), as one
 * matrix: `∂E/∂w` for a 2x2 kernel `w`. Its entries are gradients of the
 * report, in the matrix's row-major order.
 */
export interface GradientMatrix {
  readonly target: string;
  /** The matrix name (`w`). */
  readonly wrt: string;
  readonly dims: Shape;
  readonly entries: readonly GradientReport[];
}

export interface Report {
  readonly values: readonly NamedValue[];
  readonly gradients: readonly GradientReport[];
  /** Where the gradients by every element of a matrix were asked for: those gradients as a matrix. */
  readonly gradientMatrices: readonly GradientMatrix[];
  /** The matrices of the system (their elements are in `values` one by one). */
  readonly matrices: readonly MatrixShape[];
  readonly training?: TrainingReport;
  /** The names as first written, by canonical name (for keys and display). */
  readonly written: ReadonlyMap<string, string>;
}

/**
 * Name of the update rule of an input, if the system has one (`w5_new`,
 * from `w5'` or `w_5^+` too; for an element `w[1,1]`, the element `w_new[1,1]`
 * of the update of the matrix).
 */
export function updateRuleOf(system: System, input: string): string | undefined {
  const element = parseElementName(input);
  const name = element ? elementName(`${element.base}_new`, element.index) : `${input}_new`;
  return system.definitions.has(name) ? name : undefined;
}

/** Names asked for by `--wrt`: a matrix stands for all its elements. */
function expandMatrices(system: System, names: readonly string[]): string[] {
  return names.flatMap((n) => system.matrices.get(n)?.elements ?? [n]);
}

/** The gradients that cover every element of a matrix for one target, grouped as that matrix. */
function groupByMatrix(system: System, gradients: readonly GradientReport[]): GradientMatrix[] {
  const out: GradientMatrix[] = [];
  const targets = [...new Set(gradients.map((g) => g.target))];
  for (const target of targets) {
    const byWrt = new Map(gradients.filter((g) => g.target === target).map((g) => [g.wrt, g]));
    for (const m of system.matrices.values()) {
      const entries = m.elements.map((e) => byWrt.get(e));
      if (entries.every((g) => g !== undefined)) out.push({ target, wrt: m.name, dims: m.dims, entries: entries as GradientReport[] });
    }
  }
  return out;
}

/** True when a call in `e` sits exactly on a kink at these values. */
function atKink(e: Expr, values: ReadonlyMap<string, number>): boolean {
  for (const node of topologicalOrder([e])) {
    if (node.kind !== 'call') continue;
    const row = lookupFunction(node.fn);
    if (!row?.kink) continue;
    const names = freeSymbols(node).map((s) => s.name);
    if (!names.every((n) => values.has(n))) continue;
    const args = node.args.map((a) => evaluateAt(a, values));
    if (row.kink(args)) return true;
  }
  return false;
}

/** The steps at which training reports the objective: 0, 1, 10, 100, … and the last. */
export function reportedSteps(total: number): number[] {
  const out = new Set<number>([0]);
  for (let k = 1; k <= total; k *= 10) out.add(k);
  out.add(total);
  return [...out].sort((a, b) => a - b);
}

export function buildReport(system: System, options: ReportOptions = {}): Report {
  const graph = new NodeDerivatives(system);
  const written = system.written;

  // Inputs: defaults, overridden by `at`; free names need a value from `at`.
  checkRequest(system, options);
  let inputs = inputValues(system);
  for (const [k, v] of Object.entries(options.at ?? {})) inputs.set(k, v);
  const inputNames = [...inputs.keys()];

  const derived = system.order.filter((n) => !system.definitions.get(n)!.input);
  const objective = options.target ?? system.derives[0]?.target ?? (system.definitions.has('E') ? 'E' : undefined);

  // Training: every update rule applied at once, N times.
  let training: TrainingReport | undefined;
  if (options.steps !== undefined && options.steps > 0) {
    assertObjective(objective, 'steps');
    const rules = system.inputs.flatMap((x) => {
      const rule = updateRuleOf(system, x);
      return rule ? [{ input: x, rule }] : [];
    });
    checkTraining(system, objective, rules.length);
    const fn = compile([graph.inline(sym(objective)), ...rules.map((r) => graph.inline(sym(r.rule)))], inputNames);
    const index = new Map(inputNames.map((n, i) => [n, i]));
    let current = Float64Array.from(inputNames.map((n) => inputs.get(n)!));
    const out = new Float64Array(rules.length + 1);
    const wanted = new Set(reportedSteps(options.steps));
    const history: { step: number; objective: number }[] = [];
    for (let step = 0; ; step++) {
      fn.raw(current, out);
      if (wanted.has(step)) history.push({ step, objective: out[0]! });
      if (!Number.isFinite(out[0]!)) fn(current); // throws, naming the subexpression
      if (step === options.steps) break;
      const next = Float64Array.from(current);
      rules.forEach((r, i) => {
        next[index.get(r.input)!] = out[i + 1]!;
      });
      current = next;
      if (options.onProgress && step % 100 === 0) options.onProgress(step, options.steps);
    }
    options.onProgress?.(options.steps, options.steps);
    inputs = new Map(inputNames.map((n, i) => [n, current[i]!]));
    training = { objective, rules, steps: history };
  }

  // Values of every definition at the inputs.
  const valuesFn = compile(derived.map((n) => graph.inline(sym(n))), inputNames);
  const derivedValues = valuesFn(inputNames.map((n) => inputs.get(n)!));
  const allValues = new Map(inputs);
  derived.forEach((n, i) => allValues.set(n, derivedValues[i]!));

  const values: NamedValue[] = [];
  // In the order written, which is how the user reads the file.
  for (const n of system.definitions.keys()) {
    const def = system.definitions.get(n)!;
    values.push({ name: n, value: allValues.get(n)!, role: def.input ? 'input' : 'definition', expr: def.input ? undefined : def.rhs, usesDerivative: containsDerivative(def.rhs) });
  }
  for (const n of system.free) values.push({ name: n, value: allValues.get(n)!, role: 'free', usesDerivative: false });

  const valueOf = (e: Expr): number => evaluateAt(e, allValues);

  // Which derivatives: --wrt overrides the file's `derive` lines.
  const requests: { target: string; wrt: string }[] = options.wrt
    ? (() => {
      assertObjective(objective, 'wrt');
      return expandMatrices(system, options.wrt).map((w) => ({ target: objective, wrt: w }));
    })()
    : system.derives.flatMap((d) => d.wrt.map((w) => ({ target: d.target, wrt: w.name })));

  const gradients = requests.map(({ target, wrt }) => {
    checkGradient(system, target, wrt);
    const chain = chainDecomposition(graph, target, wrt);
    let kink = false;
    const valueFactor = (f: ChainFactor): ValuedFactor => {
      const k = f.expansion === undefined && atKink(graph.rhs(f.of), allValues);
      kink ||= k;
      return { of: f.of, wrt: f.wrt, expr: f.expr, value: valueOf(f.expr), kink: k, expansion: f.expansion && valueSum(f.expansion) };
    };
    const valueProduct = (p: ChainProduct): ValuedProduct => {
      const factors = p.factors.map(valueFactor);
      return { factors, value: factors.reduce((acc, f) => acc * f.value, 1) };
    };
    // A split node's sum is shared by every path through it: value it once.
    const valued = new Map<ChainSum, ValuedSum>();
    const valueSum = (s: ChainSum): ValuedSum => {
      const hit = valued.get(s);
      if (hit) return hit;
      const terms = s.terms.map(valueProduct);
      const out = { of: s.of, wrt: s.wrt, expr: s.expr, value: valueOf(s.expr), terms };
      valued.set(s, out);
      return out;
    };
    const top = valueSum(chain);
    const expr = graph.total(target, wrt);
    const value = top.value;

    // Finite differences on the inlined target, wrt's own definition cut.
    const cut = system.definitions.has(wrt) && !system.definitions.get(wrt)!.input ? new Set([wrt]) : new Set<string>();
    const names = cut.size > 0 ? [...inputNames, wrt] : inputNames;
    const f = compile([graph.inline(sym(target), cut)], names);
    const point = names.map((n) => allValues.get(n)!);
    const at = names.indexOf(wrt);
    const fd = checkDerivative((t) => {
      const p = point.slice();
      p[at] = t;
      return f(p)[0]!;
    }, allValues.get(wrt)!, value, { kink });
    return { target, wrt, expr, value, chain: top, check: { ...fd, ok: fd.verdict === 'pass' }, kink };
  });

  return { values, gradients, gradientMatrices: groupByMatrix(system, gradients), matrices: [...system.matrices.values()], training, written };
}
