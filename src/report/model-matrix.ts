/**
 * The report of a file in matrix algebra (SPEC §12): the value of every
 * name (a matrix stays a matrix), and each gradient asked for in matrix
 * form — its expression in the named nodes (`((o - t)*o*(1 - o)) @
 * transpose(h)`), ASCII and LaTeX, its value, and its check against central
 * finite differences on sampled entries; after `--steps N`, the objective's
 * history with every update rule applied to whole matrices.
 *
 * Invariant: a gradient's value is computed from its expression by
 * whole-matrix operations that share the forward pass; the check computes
 * the target again from perturbed values, never from the expression.
 */

import { NablaError } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import { RequestError } from '../graph/request.ts';
import { evaluateM, scalarValue, MissingValue, type MValue } from '../matrix/evaluate.ts';
import { checkGradient, trainProgram, updateRules, type MatrixCheck, type TrainingRule } from '../matrix/check.ts';
import { leaf, leafNames, operands, rebuild, replaceOutermost, type MExpr } from '../matrix/node.ts';
import { evaluateProgram, gradientOf, type MatrixProgram } from '../matrix/program.ts';
import { isScalarShape, shapeMessage, type MShape } from '../matrix/shape.ts';
import { softmaxJacobian } from '../matrix/softmax.ts';
import { matrixLatex, matrixText } from '../print/matrix.ts';
import { chainOf, convIndexForm, shapedForm, shapedText, type MatrixChainFactor, type ShapedForm } from './model-matrix-chain.ts';

export interface MatrixNamedValue {
  readonly name: string;
  readonly shape: MShape;
  readonly value: MValue;
  readonly role: 'input' | 'free' | 'definition';
  /** A definition's right side, ASCII and LaTeX. */
  readonly text?: string;
  readonly latex?: string;
  readonly update: boolean;
  /** The operation that makes a definition (`sigmoid`, `@`, `conv2d`), for the graph. */
  readonly operation?: string;
  /** For `p = softmax(z)`: ∂p/∂z = `diag(p) - p @ transpose(p)` (softmax.ts), its value, and z as written. */
  readonly jacobian?: { readonly text: string; readonly latex: string; readonly value: MValue; readonly wrt: string };
}

export interface MatrixGradient {
  readonly target: string;
  /** The name, or the entry as written (`W1[2,3]`). */
  readonly wrt: string;
  readonly shape: MShape;
  readonly expr: MExpr;
  readonly text: string;
  readonly latex: string;
  readonly value: MValue;
  readonly check: MatrixCheck;
  /** The same gradient in δ form (`delta_o @ transpose(h)`), when a δ appears in it. */
  readonly deltaText?: string;
  readonly deltaLatex?: string;
  /** The δ form with the shape of each factor (`delta_h (2) @ transpose(x) (1x2)`). */
  readonly deltaShaped?: string;
  /** The same as parts, for a view to say in the reader's language. */
  readonly deltaShapedForm?: ShapedForm;
  /** ∂target/∂n for each node n between the target and the variable, outermost first (model-matrix-chain.ts). */
  readonly chain: readonly MatrixChainFactor[];
  /** For a convolution's kernel or input: the gradient entry by entry (`∂E/∂w[a,b] = Σ_ij ∂E/∂net[i,j] · x[i+a-1, j+b-1]`). */
  readonly indexForm?: string;
  readonly indexLatex?: string;
  /** Conditions the form relies on (`sum(y) = 1` for the cross-entropy's `p - y`), ASCII. */
  readonly assumes?: readonly string[];
}

/**
 * The δ of a node `o = f(z)` for a target: ∂E/∂z, the adjoint of the node's
 * argument (`delta_o = (o - t)*o*(1 - o)`), written with the other δs: the
 * textbook recursion of backpropagation, from the user's own names.
 */
export interface MatrixDelta {
  readonly target: string;
  /** `delta_o`. */
  readonly name: string;
  /** `o`. */
  readonly of: string;
  readonly shape: MShape;
  readonly text: string;
  readonly latex: string;
  readonly value?: MValue;
}

export interface MatrixSection {
  readonly values: readonly MatrixNamedValue[];
  readonly gradients: readonly MatrixGradient[];
  readonly deltas: readonly MatrixDelta[];
  readonly training?: { readonly objective: string; readonly rules: readonly TrainingRule[]; readonly steps: readonly { step: number; objective: number }[] };
  readonly written: ReadonlyMap<string, string>;
  /** An edge from each name to every definition that uses it (the graph's). */
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

export interface MatrixRequest {
  readonly wrt?: readonly string[];
  readonly target?: string;
  readonly at?: Readonly<Record<string, number>>;
  readonly steps?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A request error without a place in the file; its text is the message's English, as RequestError carries text. */
const SOURCE_LESS = (message: Message, option: 'wrt' | 'target' | 'at' | 'steps', name?: string): RequestError =>
  new RequestError(message, { option, name });

/** Values given in the file (inputs) and by `at`; a free name without one is an error at its first use. */
function startValues(program: MatrixProgram, at: Readonly<Record<string, number>>): Map<string, MValue> {
  const given = new Map<string, MValue>();
  for (const name of program.order) {
    const def = program.definitions.get(name)!;
    if (def.input) given.set(name, evaluateM(program.rhs.get(name)!, () => undefined));
  }
  for (const [k, v] of Object.entries(at)) {
    const shape = program.shapes.get(k);
    if (shape === undefined || (!program.free.includes(k) && !program.definitions.get(k)?.input)) {
      throw SOURCE_LESS(msg('matrix.request.at-not-input', { name: k, option: '--at' }), 'at', k);
    }
    if (!isScalarShape(shape)) throw SOURCE_LESS(msg('matrix.request.at-scalars', { name: k, shape: shapeMessage(shape), option: '--at' }), 'at', k);
    given.set(k, scalarValue(v));
  }
  return given;
}

export function buildMatrixSection(program: MatrixProgram, request: MatrixRequest, source: string): MatrixSection {
  const written = (n: string): string => program.written.get(n) ?? n;
  const objective = request.target ?? program.derives[0]?.target ?? (program.definitions.has('E') ? 'E' : undefined);
  const scalarTarget = (t: string | undefined, option: 'wrt' | 'target' | 'steps'): string => {
    if (t === undefined) throw SOURCE_LESS(msg('matrix.request.which-objective', { option: '--target', keyword: 'derive' }), option);
    const shape = program.shapes.get(t);
    if (!program.definitions.has(t)) throw SOURCE_LESS(msg('matrix.request.not-defined', { name: written(t) }), option, t);
    if (shape && !isScalarShape(shape)) throw SOURCE_LESS(msg('matrix.request.scalar-objective', { name: written(t), shape: shapeMessage(shape) }), option, t);
    return t;
  };
  let given = startValues(program, request.at ?? {});
  let values: Map<string, MValue>;
  const located = (err: unknown): never => {
    if (err instanceof MissingValue) {
      const user = [...program.definitions.values()].find((d) => program.rhs.get(d.name) && matrixText(program.rhs.get(d.name)!).includes(err.missing));
      throw new NablaError(msg('matrix.error.no-value', { name: written(err.missing), option: '--at' }), user?.span, source);
    }
    throw err;
  };

  let training: MatrixSection['training'];
  try {
    if (request.steps !== undefined && request.steps > 0) {
      const target = scalarTarget(objective, 'steps');
      const rules = updateRules(program);
      if (rules.length === 0) throw SOURCE_LESS(msg('matrix.request.steps-rules', { option: '--steps', example: 'W_new = W - eta*d(E)/d(W)' }), 'steps');
      const run = trainProgram(program, given, target, rules, request.steps, request.onProgress);
      for (const r of rules) given.set(r.input, run.values.get(r.input)!);
      training = { objective: target, rules, steps: run.history };
    }
    values = evaluateProgram(program, given);
  } catch (err) {
    return located(err);
  }
  given = new Map(given);

  const asked: { target: string; wrt: string; entry?: readonly [number, number]; label: string }[] = request.wrt
    ? request.wrt.map((w) => {
      const t = scalarTarget(objective, 'wrt');
      if (!program.shapes.has(w)) throw SOURCE_LESS(msg('matrix.request.not-a-name', { name: w }), 'wrt', w);
      return { target: t, wrt: w, label: written(w) };
    })
    : program.derives.flatMap((d) => d.wrt.map((w) => ({ target: scalarTarget(d.target, 'target'), wrt: w.name, entry: w.entry, label: w.written })));

  const memo = new Map<MExpr, MValue>();
  const env = (n: string): MValue | undefined => values.get(n);
  const gradients = asked.map(({ target, wrt, entry, label }): MatrixGradient => {
    const expr = gradientOf(program, target, wrt, entry);
    const value = evaluateM(expr, env, memo);
    const indexForm = convIndexForm(program, target, wrt, written);
    const used = new Set(leafNames(expr));
    const assumes = program.assumedOf(target).filter((y) => leafNames(y).some((n) => used.has(n))).map((y) => `sum(${matrixText(y, written)}) = 1`);
    return {
      target, wrt: label, shape: expr.shape, expr, text: matrixText(expr, written), latex: matrixLatex(expr), value,
      check: checkGradient(program, values, target, wrt, value, entry),
      chain: chainOf(program, target, wrt, env, memo, written),
      ...(indexForm === undefined || entry ? {} : { indexForm: indexForm.text, indexLatex: indexForm.latex }),
      ...(assumes.length > 0 ? { assumes } : {}),
    };
  });

  const deltas = deltaForms(program, gradients, written, (e) => evaluateM(e, env, memo));
  const rules = new Set(updateRules(program).map((r) => r.rule));
  const named: MatrixNamedValue[] = program.order.map((name) => {
    const def = program.definitions.get(name)!;
    const rhs = program.rhs.get(name)!;
    return {
      name, shape: rhs.shape, value: values.get(name)!, role: def.input ? 'input' : 'definition', update: rules.has(name),
      ...(def.input ? {} : { operation: operationOf(def.source) }),
      ...(def.input ? {} : { text: matrixText(def.source, written), latex: matrixLatex(def.source) }),
      ...(rhs.kind === 'op' && rhs.op === 'softmax' ? { jacobian: jacobianOf(name, rhs.a, env, memo, written) } : {}),
    };
  });
  for (const name of program.free) {
    const v = values.get(name);
    if (v) named.push({ name, shape: program.shapes.get(name) ?? { rows: v.rows, cols: v.cols }, value: v, role: 'free', update: false });
  }
  const edges = program.order.flatMap((to) => (program.definitions.get(to)!.input ? [] : leafNames(program.definitions.get(to)!.source).map((from) => ({ from, to }))));
  return { values: named, gradients: deltas.gradients, deltas: deltas.deltas, training, written: program.written, edges };
}

/** The outermost operation of a right side, as the graph labels it. */
function operationOf(e: MExpr): string {
  switch (e.kind) {
    case 'call': return e.fn;
    case 'op': return e.op;
    case 'window': return e.op;
    case 'matmul': return '@';
    case 'transpose': return 'transpose';
    case 'add': return '+';
    case 'mul': return '*';
    case 'div': return '/';
    case 'pow': return '^';
    case 'neg': return '-';
    default: return '';
  }
}

/** ∂p/∂z for `p = softmax(z)`, in p's name. */
function jacobianOf(name: string, z: MExpr, env: (n: string) => MValue | undefined, memo: Map<MExpr, MValue>, written: (n: string) => string): NonNullable<MatrixNamedValue['jacobian']> {
  const j = softmaxJacobian(leaf(name, z.shape));
  return { text: matrixText(j, written), latex: matrixLatex(j), value: evaluateM(j, env, memo), wrt: matrixText(z, written) };
}

/** Each gradient with its δs named, and the δs it uses (and they use), output first. */
function deltaForms(program: MatrixProgram, gradients: readonly MatrixGradient[], written: (n: string) => string, valueOf: (e: MExpr) => MValue): { gradients: MatrixGradient[]; deltas: MatrixDelta[] } {
  const out: MatrixGradient[] = [];
  const deltas: MatrixDelta[] = [];
  for (const target of [...new Set(gradients.map((g) => g.target))]) {
    const found = program.deltasOf(target);
    const names = new Map<MExpr, MExpr>();
    const byLeaf = new Map<string, { of: string; expr: MExpr }>();
    for (const [of, expr] of found) {
      const name = `delta_${of}`;
      names.set(expr, leaf(name, expr.shape));
      byLeaf.set(name, { of, expr });
    }
    const used = new Set<string>();
    const note = (e: MExpr): void => {
      for (const n of leafNames(e)) {
        if (!byLeaf.has(n) || used.has(n)) continue;
        used.add(n);
        note(operandsNamed(byLeaf.get(n)!.expr, names));
      }
    };
    for (const g of gradients) {
      if (g.target !== target) continue;
      const d = replaceOutermost(g.expr, names);
      if (d === g.expr) out.push(g);
      else {
        note(d);
        out.push({ ...g, deltaText: matrixText(d, written), deltaLatex: matrixLatex(d), deltaShaped: shapedText(d, written), deltaShapedForm: shapedForm(d, written) });
      }
    }
    for (const [name, { of, expr }] of byLeaf) {
      if (!used.has(name)) continue;
      const d = operandsNamed(expr, names);
      deltas.push({ target, name, of, shape: expr.shape, text: matrixText(d, written), latex: matrixLatex(d), value: valueOf(expr) });
    }
  }
  return { gradients: gradients.map((g) => out.find((o) => o.target === g.target && o.wrt === g.wrt) ?? g), deltas };
}

/** A δ's expression with the other δs inside it named (not itself). */
function operandsNamed(e: MExpr, names: ReadonlyMap<MExpr, MExpr>): MExpr {
  return rebuild(e, operands(e).map((x) => replaceOutermost(x, names)));
}
