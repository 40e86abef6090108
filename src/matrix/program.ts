/**
 * A formula file in matrix algebra (SPEC §12): its definitions, each one
 * node whatever its shape, in an order dependencies-first; every
 * `d(F)/d(W)` resolved into the gradient's matrix expression in terms of the
 * named nodes; values by whole-matrix operations; update rules applied to
 * whole matrices.
 *
 * Invariants: names are canonical keys; `order` is acyclic (a cycle is an
 * error naming its lines and its names are dropped); a derivative's target
 * is a scalar; the adjoints of one target are derived once and shared by
 * every gradient of it (so the symbolic work is independent of the sizes).
 */

import { NablaError, type Span } from '../errors.ts';
import { orderDefinitions } from '../expr/definition-order.ts';
import { adjoints, fitTo, type AdjointGraph } from './adjoint.ts';
import { evaluateM, type MValue } from './evaluate.ts';
import { entry, leaf, leafNames, mmul, mnum, ones, rewrite, type MExpr } from './node.ts';
import { msg } from '../messages/format.ts';
import { isScalarShape, shapeMessage, type MShape } from './shape.ts';

export interface MatrixDefinition {
  readonly name: string;
  readonly written: string;
  /** The right side as written (lowered), derivatives unresolved. */
  readonly source: MExpr;
  readonly span: Span;
  /** No names on the right: a value given in the file. */
  readonly input: boolean;
}

export interface MatrixWrt {
  readonly name: string;
  readonly written: string;
  readonly span: Span;
  /** `W1[2,3]`: one entry, 1-based. */
  readonly entry?: readonly [number, number];
}

export interface MatrixDerive {
  readonly target: string;
  readonly span: Span;
  readonly wrt: readonly MatrixWrt[];
}

export interface MatrixProgram {
  readonly definitions: ReadonlyMap<string, MatrixDefinition>;
  /** Defined names, dependencies first. */
  readonly order: readonly string[];
  /** Right sides with every derivative resolved. */
  readonly rhs: ReadonlyMap<string, MExpr>;
  /** The shape of every name met: defined, declared or used. */
  readonly shapes: ReadonlyMap<string, MShape>;
  /** Names used but never defined. */
  readonly free: readonly string[];
  readonly derives: readonly MatrixDerive[];
  readonly written: ReadonlyMap<string, string>;
  /** The adjoints of a scalar target, derived on first use. */
  readonly adjointsOf: (target: string) => ReadonlyMap<string, MExpr>;
  /** The vectors y whose `sum(y) = 1` (fixed by the file) the gradients of a target rely on (softmax.ts). */
  readonly assumedOf: (target: string) => readonly MExpr[];
  /** The δ of each node `o = f(z)` for a target (the adjoint of z), in the order the sweep met them (output first). */
  readonly deltasOf: (target: string) => ReadonlyMap<string, MExpr>;
}

/** Build the program; problems (cycles, a derivative of a non-scalar) are returned and the rest is kept. */
export function buildProgram(
  defs: readonly MatrixDefinition[], derives: readonly MatrixDerive[], shapes: ReadonlyMap<string, MShape>,
  written: ReadonlyMap<string, string>, source: string,
): { program: MatrixProgram; errors: NablaError[] } {
  const errors: NablaError[] = [];
  const definitions = new Map<string, MatrixDefinition>();
  for (const d of defs) if (!definitions.has(d.name)) definitions.set(d.name, d);
  const { order } = orderDefinitions(definitions, (d) => leafNames(d.source), written, source, errors);

  const rhs = new Map<string, MExpr>();
  const names = new Map<MExpr, MExpr>();
  const cache = new Map<string, Map<string, MExpr>>();
  const deltaCache = new Map<string, Map<string, MExpr>>();
  const assumed = new Map<string, Set<MExpr>>();
  // Names some rule differentiates by (updated by --steps): their values move, so no sum of them is fixed.
  const trained = new Set<string>();
  for (const d of definitions.values()) {
    rewrite(d.source, (n) => {
      if (n.kind === 'deriv') trained.add(n.wrt);
      return n;
    });
  }
  const graph: AdjointGraph = {
    rhs,
    order,
    rename: (e) => names.get(e) ?? e,
    fixedSum: (e) => fixedSum(definitions, e, trained),
  };
  const adjointsOf = (target: string): Map<string, MExpr> => {
    let a = cache.get(target);
    if (!a) {
      const deltas = new Map<string, MExpr>();
      const ys = new Set<MExpr>();
      assumed.set(target, ys);
      a = adjoints(target, { ...graph, onAssumed: (y) => ys.add(y) }, deltas);
      cache.set(target, a);
      deltaCache.set(target, deltas);
    }
    return a;
  };
  const assumedOf = (target: string): MExpr[] => {
    adjointsOf(target);
    return [...assumed.get(target)!];
  };
  const deltasOf = (target: string): Map<string, MExpr> => {
    adjointsOf(target);
    return deltaCache.get(target)!;
  };
  const resolve = (def: MatrixDefinition): MExpr => rewrite(def.source, (n) => {
    if (n.kind !== 'deriv') return n;
    const targetShape = shapes.get(n.of);
    if (targetShape !== undefined && !isScalarShape(targetShape)) {
      throw new NablaError(msg('matrix.error.needs-scalar', { of: written.get(n.of) ?? n.of, shape: shapeMessage(targetShape) }), def.span, source);
    }
    const wrtShape = shapes.get(n.wrt) ?? n.shape;
    const g = adjointsOf(n.of).get(n.wrt) ?? mmul(mnum(0), ones(wrtShape));
    return n.entry ? entry(fitTo(g, wrtShape), n.entry[0], n.entry[1]) : fitTo(g, wrtShape);
  });
  for (const name of order) {
    const def = definitions.get(name)!;
    try {
      const r = resolve(def);
      rhs.set(name, r);
      if (!def.input && r.kind !== 'leaf' && r.kind !== 'num') names.set(r, leaf(name, r.shape));
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      errors.push(err);
    }
  }
  const used = new Set<string>();
  for (const r of rhs.values()) for (const n of leafNames(r)) used.add(n);
  const free = [...used].filter((n) => !definitions.has(n));
  const program: MatrixProgram = {
    definitions, order: order.filter((n) => rhs.has(n)), rhs, shapes, free, derives, written, adjointsOf, assumedOf, deltasOf,
  };
  return { program, errors };
}

/**
 * The sum of the entries of `e` when it is a vector the file gives (a
 * label, a probability vector): a literal, or a name whose value is given
 * and that no rule differentiates by. Not an expression of given scalars,
 * which `--at` may change.
 */
function fixedSum(definitions: ReadonlyMap<string, MatrixDefinition>, e: MExpr, trained: ReadonlySet<string>): number | undefined {
  if (e.kind !== 'leaf' && e.kind !== 'literal') return undefined;
  const given = new Map<string, MValue>();
  for (const n of leafNames(e)) {
    const def = definitions.get(n);
    if (!def?.input || trained.has(n)) return undefined;
    try {
      given.set(n, evaluateM(def.source, () => undefined));
    } catch {
      return undefined;
    }
  }
  try {
    return evaluateM(e, (n) => given.get(n)).data.reduce((s, x) => s + x, 0);
  } catch {
    return undefined;
  }
}

/** `e` with every `d(F)/d(W)` in it replaced by the gradient's matrix expression (a claim's side). */
export function resolveDerivatives(program: MatrixProgram, e: MExpr): MExpr {
  return rewrite(e, (n) => {
    if (n.kind !== 'deriv') return n;
    const shape = program.shapes.get(n.of);
    if (shape !== undefined && !isScalarShape(shape)) {
      throw new NablaError(msg('matrix.error.needs-scalar', { of: program.written.get(n.of) ?? n.of, shape: shapeMessage(shape) }));
    }
    return gradientOf(program, n.of, n.wrt, n.entry);
  });
}

/** The gradient ∂target/∂wrt (or by one entry of wrt) in matrix form, in wrt's shape. */
export function gradientOf(program: MatrixProgram, target: string, wrt: string, at?: readonly [number, number]): MExpr {
  const shape = program.shapes.get(wrt) ?? { rows: 1, cols: 1 };
  const g = fitTo(program.adjointsOf(target).get(wrt) ?? mmul(mnum(0), ones(shape)), shape);
  return at ? entry(g, at[0], at[1]) : g;
}

/** The names `target` depends on, itself included. */
export function ancestors(program: MatrixProgram, target: string): Set<string> {
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const r = program.rhs.get(n);
    if (r) stack.push(...leafNames(r));
  }
  return seen;
}

/**
 * Values of the defined names in `only` (default all), in order. `given`
 * holds inputs' values and overrides: a name in it is not computed (its
 * definition cut); a shared memo lets a gradient reuse the forward pass.
 */
export function evaluateProgram(
  program: MatrixProgram, given: ReadonlyMap<string, MValue>, only?: ReadonlySet<string>,
): Map<string, MValue> {
  const values = new Map<string, MValue>(given);
  const memo = new Map<MExpr, MValue>();
  const env = (n: string): MValue | undefined => values.get(n);
  for (const name of program.order) {
    if (given.has(name) || (only && !only.has(name))) continue;
    values.set(name, evaluateM(program.rhs.get(name)!, env, memo));
  }
  return values;
}
