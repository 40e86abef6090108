/**
 * The plan of vectorised code for a file in matrix algebra (SPEC §8, §12):
 * which names the generated function reads (with their shapes), the
 * statements of the forward pass (one per matrix node, definition by
 * definition) and of the backward pass (the matrix room's own adjoint
 * sweep, adjoint.ts, never derived again), and the file's own input
 * values for a runnable example. Printers (print/code-matrix-*.ts) turn a
 * plan into NumPy or JavaScript; the plan knows no language.
 *
 * Invariants: a statement comes after every statement it reads; a shared
 * node (nodes are hash-consed) is one statement; a number is never a
 * statement (printers write it in place); the number of statements grows
 * with the formula, not with the sizes of the matrices.
 */

import { NablaError } from '../errors.ts';
import { adjoints, fitTo } from './adjoint.ts';
import { ancestors, type MatrixProgram } from './program.ts';
import { leaf, leafNames, mmul, mnum, ones, operands, type MExpr } from './node.ts';
import { shapeMessage, type MShape } from './shape.ts';
import { msg } from '../messages/format.ts';

/** A name the generated function reads. */
export interface PlanInput {
  readonly name: string;
  readonly written: string;
  readonly shape: MShape;
  /** The file's value of it (no names in it), when the file gives one. */
  readonly source?: MExpr;
}

/** One local: `ident = code of node`; `note` is a comment line before it (the definition it starts). */
export interface PlanStatement {
  readonly ident: string;
  readonly node: MExpr;
  readonly note?: string;
}

export interface PlanOutput {
  /** The key of the gradient in the returned object: the name's canonical key, as the inputs are read. */
  readonly key: string;
  readonly node: MExpr;
  readonly shape: MShape;
}

export interface MatrixCodePlan {
  readonly target: string;
  readonly targetWritten: string;
  readonly inputs: readonly PlanInput[];
  readonly forward: readonly PlanStatement[];
  readonly backward: readonly PlanStatement[];
  readonly value: MExpr;
  readonly outputs: readonly PlanOutput[];
  /** The program the plan is of (its definitions and written names, for comments). */
  readonly program: MatrixProgram;
  /** The local that holds a node (or a leaf's name); undefined for a number. */
  readonly ident: (e: MExpr) => string | undefined;
}

/** What codegen asks for: the objective and the names of the gradient (canonical keys). */
export interface MatrixCodeChoice {
  readonly objective?: string;
  readonly inputs?: readonly string[];
}

/**
 * The operands a node's code reads: `a - b` reads b under its negation, as
 * the evaluator computes it in one pass.
 */
export function codeOperands(e: MExpr): readonly MExpr[] {
  if (e.kind === 'add' && e.b.kind === 'neg') return [e.a, e.b.a];
  return operands(e);
}

/** Statements for `roots`, operands first, shared nodes once; `known` idents leaves and nodes already written. */
export class Scheduler {
  readonly statements: PlanStatement[] = [];
  private pendingNote: string | undefined;

  constructor(private readonly idents: Map<MExpr, string>, private counter: { n: number }, private readonly inline: (e: MExpr) => boolean = () => false) {}

  note(text: string): void {
    this.pendingNote = text;
  }

  emit(root: MExpr): void {
    const stack: [MExpr, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [node, expanded] = stack.pop()!;
      if (node.kind === 'num' || this.idents.has(node)) continue;
      if (node.kind === 'leaf') throw new NablaError(msg('matrix.code.internal-leaf', { name: node.name }));
      if (node.kind === 'deriv') throw new NablaError(msg('matrix.code.internal-deriv', {}));
      if (expanded) {
        if (this.inline(node)) continue;
        const ident = `t${this.counter.n++}`;
        this.idents.set(node, ident);
        this.statements.push(this.pendingNote === undefined ? { ident, node } : { ident, node, note: this.pendingNote });
        this.pendingNote = undefined;
        continue;
      }
      stack.push([node, true]);
      const ds = codeOperands(node);
      for (let i = ds.length - 1; i >= 0; i--) stack.push([ds[i]!, false]);
    }
  }
}

function chooseTarget(program: MatrixProgram, choice: MatrixCodeChoice): string {
  const show = (n: string): string => program.written.get(n) ?? n;
  const objective = choice.objective ?? program.derives[0]?.target ?? (program.definitions.has('E') ? 'E' : undefined);
  if (objective === undefined) throw new NablaError(msg('matrix.code.no-objective', { keyword: '`derive`' }));
  if (!program.rhs.has(objective)) throw new NablaError(msg('matrix.code.objective-undefined', { name: show(objective) }));
  const shape = program.shapes.get(objective);
  if (shape && (shape.rows !== 1 || shape.cols !== 1)) {
    throw new NablaError(msg('matrix.code.objective-shape', { name: show(objective), shape: shapeMessage(shape) }));
  }
  return objective;
}

/**
 * The gradients of a target for code: the program's own adjoint sweep, but
 * without the values the file gives: the generated function takes every
 * input as a parameter, so its gradient must hold for any of them (the
 * cross-entropy's `sum(y)*p - y`, not the report's `p - y` under `sum(y) = 1`).
 */
function codeGradients(program: MatrixProgram, target: string): ReadonlyMap<string, MExpr> {
  const names = new Map<MExpr, MExpr>();
  for (const n of program.order) {
    const r = program.rhs.get(n)!;
    if (!program.definitions.get(n)!.input && r.kind !== 'leaf' && r.kind !== 'num') names.set(r, leaf(n, r.shape));
  }
  return adjoints(target, { rhs: program.rhs, order: program.order, rename: (e) => names.get(e) ?? e });
}

const isInputName = (program: MatrixProgram, n: string): boolean => {
  const def = program.definitions.get(n);
  return def === undefined || def.input;
};

/** The plan of `f(inputs) → (value, gradient)` for one scalar target of a matrix program. */
export function matrixCodePlan(program: MatrixProgram, choice: MatrixCodeChoice, inline?: (e: MExpr) => boolean): MatrixCodePlan {
  const target = chooseTarget(program, choice);
  const show = (n: string): string => program.written.get(n) ?? n;
  const used = ancestors(program, target);
  const file = [...program.definitions.keys(), ...program.free];
  for (const n of choice.inputs ?? []) {
    if (!file.includes(n)) throw new NablaError(msg('matrix.code.not-a-name', { name: show(n) }));
    const def = program.definitions.get(n);
    if (def && !def.input) throw new NablaError(msg('matrix.code.not-an-input', { name: show(n), line: def.span.line }));
  }
  // Default: the derive line's whole inputs for the target, else every input the target uses.
  const derived = program.derives.filter((d) => d.target === target).flatMap((d) => d.wrt.map((w) => w.name));
  const wrt = [...new Set(choice.inputs ?? (derived.some((n) => isInputName(program, n))
    ? derived.filter((n) => isInputName(program, n))
    : file.filter((n) => used.has(n) && n !== target && isInputName(program, n))))];

  const gradients = codeGradients(program, target);
  const outputs: PlanOutput[] = wrt.map((n) => {
    const shape = program.shapes.get(n) ?? { rows: 1, cols: 1 };
    return { key: n, node: fitTo(gradients.get(n) ?? mmul(mnum(0), ones(shape)), shape), shape };
  });
  // Every name the value and the gradients read, through the definitions.
  const needed = new Set<string>(wrt);
  for (const e of [program.rhs.get(target)!, ...outputs.map((o) => o.node)]) {
    for (const n of leafNames(e)) for (const m of ancestors(program, n)) needed.add(m);
  }
  needed.add(target);
  for (const n of [...needed]) if (!isInputName(program, n)) for (const m of ancestors(program, n)) needed.add(m);

  const idents = new Map<MExpr, string>();
  const counter = { n: 0 };
  const inputs: PlanInput[] = file.filter((n) => needed.has(n) && isInputName(program, n)).map((n) => {
    const def = program.definitions.get(n);
    const shape = program.shapes.get(n) ?? { rows: 1, cols: 1 };
    return def ? { name: n, written: show(n), shape, source: def.source } : { name: n, written: show(n), shape };
  });
  const identOfName = new Map<string, string>();
  for (const p of inputs) identOfName.set(p.name, `t${counter.n++}`);

  const forward = new Scheduler(idents, counter, inline);
  // Leaves are looked up by name: register each as it gets a value.
  const registerLeaves = (e: MExpr): void => {
    const stack = [e];
    const seen = new Set<MExpr>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      if (n.kind === 'leaf') {
        const id = identOfName.get(n.name);
        if (id === undefined) throw new NablaError(msg('matrix.code.internal-order', { name: show(n.name) }));
        idents.set(n, id);
      }
      stack.push(...operands(n));
    }
  };
  for (const name of program.order) {
    if (!needed.has(name) || isInputName(program, name)) continue;
    const rhs = program.rhs.get(name)!;
    registerLeaves(rhs);
    forward.note(name);
    forward.emit(rhs);
    const id = rhs.kind === 'leaf' ? identOfName.get(rhs.name) : idents.get(rhs);
    if (id !== undefined) identOfName.set(name, id);
    else {
      // A name whose value has no local (a number, a transpose written in place): one statement holding it.
      const ident = `t${counter.n++}`;
      forward.statements.push({ ident, node: rhs, note: name });
      identOfName.set(name, ident);
    }
  }
  const targetRhs = program.rhs.get(target)!;
  const value = targetRhs;
  const backward = new Scheduler(idents, counter, inline);
  for (const o of outputs) {
    registerLeaves(o.node);
    backward.emit(o.node);
  }
  const ident = (e: MExpr): string | undefined => {
    if (e.kind === 'leaf') return identOfName.get(e.name);
    if (e === targetRhs && targetRhs.kind === 'num') return identOfName.get(target);
    return idents.get(e);
  };
  return {
    target, targetWritten: show(target), inputs, forward: forward.statements, backward: backward.statements, value, outputs, ident, program,
  };
}
