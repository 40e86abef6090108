/**
 * The chain-rule report as data (SPEC §4): values of every definition, for
 * each requested derivative its decomposition with each factor's symbolic
 * form and value, the gradient, a finite-difference check, the updates,
 * optionally a training run, and what the views show of the system itself
 * (its graph, source, errors, claims and counts).
 *
 * Invariant: a Report is everything the views need. The terminal, LaTeX,
 * JSON and HTML views print it and never reach for the system, the graph or
 * the numbers behind it; none of them computes mathematics.
 */

import type { Expr } from '../expr/node.ts';
import { containsDerivative } from '../expr/walk.ts';
import { elementName, parseElementName, type Shape } from '../expr/indexed.ts';
import type { NablaError } from '../errors.ts';
import { train } from '../numeric/train.ts';
import { NodeDerivatives } from '../graph/node-derivative.ts';
import { compileSystem } from '../graph/system-tape.ts';
import { inputValues, type MatrixShape, type System } from '../graph/system.ts';
import { valuedGradient, type GradientReport } from './model-chain.ts';
import type { ExplainDetail } from './model-steps.ts';
import { reportGraph, type ReportGraph } from './model-graph.ts';
import { claimSides, type ClaimSides } from './model-claims.ts';
import { buildMatrixSection, type MatrixSection } from './model-matrix.ts';

export type { GradientReport, OmittedFactors, ValuedFactor, ValuedProduct, ValuedSum } from './model-chain.ts';
export { isOmitted, LISTED_AT_EACH_END, MAX_LISTED_FACTORS } from './model-chain.ts';
export { MAX_GRAPH_NODES, type GraphEdge, type GraphNode, type NodeRole, type ReportGraph } from './model-graph.ts';
export { joinClaims, type ClaimSides, type ReportClaim } from './model-claims.ts';
export type { FdReason, FdVerdict } from '../numeric/finite-difference.ts';
export type { MatrixShape } from '../graph/system.ts';
import { assertObjective, checkGradient, checkRequest, checkTraining, type RequestOptions } from '../graph/request.ts';

export interface ReportOptions extends RequestOptions {
  /** Apply every update rule this many times before reporting. */
  readonly steps?: number;
  /** Called during training with the number of steps done. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Give each local factor its step-by-step derivation (SPEC §13): every rule, or the brief choice. */
  readonly explain?: ExplainDetail;
}

export interface NamedValue {
  readonly name: string;
  readonly value: number;
  /** `input` has a default value, `free` got its value from `at`, `definition` is computed. */
  readonly role: 'input' | 'free' | 'definition';
  /** For definitions: the right-hand side (simplified). */
  readonly expr?: Expr;
  /** The definition uses a derivative (an update rule such as `w5_new`, or `delta2 = d(L)/d(s2)`). */
  readonly usesDerivative: boolean;
  /**
   * The definition is the update rule of an input x (`x_new`, `x'`, `x^+`,
   * `x \leftarrow …`, SPEC §4); a definition that merely uses a derivative
   * (`\delta_2 = \frac{\partial L}{\partial s_2}`) is not one.
   */
  readonly update: boolean;
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
  /** The computation graph: what is drawn, its paths and node gradients. */
  readonly graph: ReportGraph;
  /** The inputs with default values, in the order written. */
  readonly inputOrder: readonly string[];
  readonly counts: SystemCounts;
  /** The system's text. */
  readonly source: string;
  /** Problems found in the system's lines (the rest is still reported). */
  readonly errors: readonly NablaError[];
  /** The sides of the system's claim statements, for joining to check results (`joinClaims`). */
  readonly claimStatements: readonly ClaimSides[];
  /** A file in matrix algebra (SPEC §12): its values and gradients as matrices. */
  readonly matrix?: MatrixSection;
}

/** How many names the system has, for summaries. */
export interface SystemCounts {
  /** Every defined name, inputs included. */
  readonly names: number;
  /** Names defined by a formula. */
  readonly definitions: number;
  /** Inputs with a default value and free names. */
  readonly inputs: number;
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

/** The values of every name at the report's point. */
interface PointValues {
  /** Every input, free name and definition, by name. */
  readonly byName: Map<string, number>;
  /** Each definition computed from the inputs, by its place in the system's order (NaN at an input's place). */
  readonly computed: Float64Array;
}

/**
 * Values of every name: the inputs' (in `values`, `inputValues` in the
 * order of `inputNames`), and each definition's computed from them, added
 * to `values` itself (the report's own map: a copy of 100,000 inputs is a
 * large object made afresh).
 */
function addDefinitionValues(
  graph: NodeDerivatives,
  values: Map<string, number>,
  inputNames: readonly string[],
  inputValues: readonly number[],
): PointValues {
  // The definitions in the system's order, by the graph's slots: no look in the map of every name.
  const derived: string[] = [];
  const places: number[] = [];
  for (let slot = 0; slot < graph.count; slot++) {
    const def = graph.definitionAt(slot);
    if (def.input) continue;
    derived.push(def.name);
    places.push(slot);
  }
  const derivedValues = compileSystem(graph, derived, inputNames)(inputValues);
  const computed = new Float64Array(graph.count).fill(NaN);
  for (let i = 0; i < derived.length; i++) {
    values.set(derived[i]!, derivedValues[i]!);
    computed[places[i]!] = derivedValues[i]!;
  }
  return { byName: values, computed };
}

/** Every name with its value and role, definitions in the order written (how the user reads the file), then free names. */
function namedValues(system: System, point: PointValues): NamedValue[] {
  const allValues = point.byName;
  const values: NamedValue[] = [];
  // Every update rule's name holds `_new`: a system without one (a long chain) skips asking each input.
  const rules = [...system.definitions.keys()].some((n) => n.includes('_new'))
    ? new Set(system.inputs.flatMap((x) => updateRuleOf(system, x) ?? []))
    : new Set<string>();
  for (const [n, def] of system.definitions) {
    values.push({
      // A definition's value by its place: one look in the map of every name fewer for each.
      name: n, value: def.input ? allValues.get(n)! : point.computed[def.place]!, role: def.input ? 'input' : 'definition', expr: def.input ? undefined : def.rhs,
      usesDerivative: containsDerivative(def.rhs), update: rules.has(n),
    });
  }
  for (const n of system.free) values.push({ name: n, value: allValues.get(n)!, role: 'free', usesDerivative: false, update: false });
  return values;
}

/** The inputs after `steps` steps of the update rules (inlined through the system), and the objective's history. */
function trainedInputs(
  graph: NodeDerivatives,
  inputs: ReadonlyMap<string, number>,
  training: Omit<TrainingReport, 'steps'>,
  steps: number,
  onProgress: ReportOptions['onProgress'],
): { inputs: Map<string, number>; training: TrainingReport } {
  const inputNames = [...inputs.keys()];
  const { objective, rules } = training;
  const fn = compileSystem(graph, [objective, ...rules.map((r) => r.rule)], inputNames);
  const index = new Map(inputNames.map((n, i) => [n, i]));
  const start = inputNames.map((n) => inputs.get(n)!);
  const run = train(fn, rules.map((r) => index.get(r.input)!), start, steps, onProgress);
  return { inputs: new Map(inputNames.map((n, i) => [n, run.final[i]!])), training: { objective, rules, steps: run.history } };
}

/** The report around its values and gradients: matrices, graph and what the views show of the system. */
function assembleReport(system: System, values: readonly NamedValue[], gradients: readonly GradientReport[], training?: TrainingReport): Report {
  // Built on first read: only the HTML view reads the graph, and for a large system it costs time the terminal and JSON never use.
  let graph: ReportGraph | undefined;
  return {
    values,
    gradients,
    gradientMatrices: groupByMatrix(system, gradients),
    matrices: [...system.matrices.values()],
    training,
    written: system.written,
    get graph(): ReportGraph {
      graph ??= reportGraph(system, new Map(values.map((v) => [v.name, v.value])), gradients);
      return graph;
    },
    inputOrder: system.inputs,
    counts: {
      names: system.definitions.size,
      definitions: system.definitions.size - system.inputs.length,
      inputs: system.inputs.length + system.free.length,
    },
    source: system.source,
    errors: system.errors,
    claimStatements: claimSides(system.claims),
  };
}

/**
 * The view-facing part of a report from a system alone: its graph, source,
 * errors, claims and counts, with no values or gradients. For a page shown
 * when the report could not be built (a name without a value, a bad
 * option): the views still show the rest.
 */
export function systemReport(system: System): Report {
  return assembleReport(system, [], []);
}

/** The report of a system, in named steps: inputs, training, values, gradients. Throws a NablaError on a bad option. */
export function buildReport(system: System, options: ReportOptions = {}): Report {
  if (system.matrix) return { ...systemReport(system), matrix: buildMatrixSection(system.matrix, options, system.source) };
  const graph = new NodeDerivatives(system);

  // Inputs: defaults, overridden by `at`; free names need a value from `at`.
  // The depth check walks the definitions by the graph's slots, which its passes share.
  checkRequest(system, options, graph);
  let inputs = inputValues(system);
  for (const [k, v] of Object.entries(options.at ?? {})) inputs.set(k, v);
  const inputNames = [...inputs.keys()];

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
    ({ inputs, training } = trainedInputs(graph, inputs, { objective, rules }, options.steps, options.onProgress));
  }

  // Values of every definition at the inputs.
  const inputPoint = [...inputs.values()];
  const point = addDefinitionValues(graph, inputs, inputNames, inputPoint);
  const values = namedValues(system, point);

  // Which derivatives: --wrt overrides the file's `derive` lines.
  const requests: { target: string; wrt: string }[] = options.wrt
    ? (() => {
      assertObjective(objective, 'wrt');
      return expandMatrices(system, options.wrt).map((w) => ({ target: objective, wrt: w }));
    })()
    : system.derives.flatMap((d) => d.wrt.map((w) => ({ target: d.target, wrt: w.name })));

  const context = { graph, values: point.byName, inputNames, inputValues: inputPoint, explain: options.explain };
  const gradients = requests.map(({ target, wrt }) => {
    checkGradient(system, target, wrt);
    return valuedGradient(context, target, wrt);
  });

  return assembleReport(system, values, gradients, training);
}
