/**
 * Evaluation of a system of definitions without inlining it: one tape of
 * every right-hand side needed, in the definitions' order, where a name
 * reads the slot of its definition's right-hand side. Building it costs the
 * sum of the right-hand sides' sizes (SPEC §17), where an inlined expression
 * of every update rule of a layer would rebuild the layer's adjoints once
 * per rule.
 *
 * Invariants: a name listed in `inputNames` is read from the input, never
 * computed, even when it has a definition (so d(A)/d(B) with B's definition
 * cut is checked by giving B as an input); a non-finite output throws the
 * same EvaluationError the inlined expression's compiled function would,
 * naming the subexpression, because that function is built (once, only then)
 * to say it.
 */

import { sym, type Expr } from '../expr/node.ts';
import { compile, type CompiledFunction } from '../numeric/compile.ts';
import { NablaError } from '../errors.ts';
import type { NodeDerivatives } from './node-derivative.ts';
import { msg } from '../messages/format.ts';

interface SystemTape {
  readonly tape: CompiledFunction;
  /** A computed name's place among the tape's outputs; undefined for a name the tape does not compute. */
  readonly position: (name: string) => number | undefined;
  readonly size: number;
}

/**
 * Tapes of a graph by their input names: the values, every check and the
 * training of one report share one. Found first by the list itself (the
 * report passes the same list of its 100,000 inputs again, and their names
 * joined are a megabyte to build and hash), then by the names.
 */
interface TapesOfGraph {
  readonly byList: WeakMap<readonly string[], SystemTape>;
  readonly byNames: Map<string, SystemTape>;
}
const TAPES = new WeakMap<NodeDerivatives, TapesOfGraph>();

/**
 * One tape computing every definition the outputs need (with the same inputs
 * and outputs that are all definitions, the tape of the whole system, kept):
 * each right-hand side in the definitions' order, its names bound to the
 * slots of the right-hand sides before it.
 */
function systemTape(graph: NodeDerivatives, inputNames: readonly string[], outputs: readonly string[]): SystemTape {
  const system = graph.system;
  let tapes = TAPES.get(graph);
  if (tapes === undefined) TAPES.set(graph, (tapes = { byList: new WeakMap(), byNames: new Map() }));
  let key: string | undefined;
  const whole = tapes.byList.get(inputNames) ?? tapes.byNames.get((key = inputNames.join('\u0000')));
  if (whole && outputs.every((n) => whole.position(n) !== undefined || inputNames.includes(n))) return whole;

  // A definition given as an input is read, not computed (a cut): marked by its place in the order.
  const given = new Uint8Array(graph.count);
  for (const n of inputNames) {
    const def = system.definitions.get(n);
    if (def !== undefined) given[def.place] = 1;
  }
  const computed = (n: string): boolean => {
    const def = system.definitions.get(n);
    return def !== undefined && given[def.place] === 0;
  };
  const every: string[] = [];
  const everyPlace: number[] = [];
  for (let place = 0; place < graph.count; place++) {
    if (given[place] === 1) continue;
    every.push(graph.definitionAt(place).name);
    everyPlace.push(place);
  }
  // The values of a report ask for every definition, in order: all are needed, with no walk to find them.
  const wholeSystem = outputs.length === every.length && outputs.every((n, i) => n === every[i]);
  const defined = wholeSystem ? every : neededDefinitions(graph, outputs, computed);
  const places = wholeSystem ? everyPlace : defined.map((n) => system.definitions.get(n)!.place);
  // By place in the order, each computed definition's place among the outputs (-1: read, or not needed):
  // arrays filled by loops, where a map by name had an entry for each of a chain's 100,000.
  const outputAt = new Int32Array(graph.count).fill(-1);
  const rhs: Expr[] = [];
  for (let i = 0; i < places.length; i++) {
    outputAt[places[i]!] = i;
    rhs.push(graph.rhsAt(places[i]!));
  }
  const position = (name: string): number | undefined => {
    const def = system.definitions.get(name);
    const i = def === undefined ? -1 : outputAt[def.place]!;
    return i >= 0 ? i : undefined;
  };
  const bound = (name: string): Expr | undefined => {
    const i = position(name);
    return i === undefined ? undefined : rhs[i];
  };
  const out: SystemTape = { tape: compile(rhs, inputNames, bound), position, size: defined.length };
  if (defined.length === every.length) {
    tapes.byList.set(inputNames, out);
    tapes.byNames.set(key ?? inputNames.join('\u0000'), out);
  }
  return out;
}

/** The definitions the outputs need, in the definitions' order (an explicit stack: a chain may be 100,000 long). */
function neededDefinitions(graph: NodeDerivatives, outputs: readonly string[], computed: (n: string) => boolean): string[] {
  const needed = new Set<string>();
  const stack = outputs.filter(computed);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (needed.has(n)) continue;
    needed.add(n);
    for (const m of graph.uses(n)) if (computed(m) && !needed.has(m)) stack.push(m);
  }
  return graph.system.order.filter((n) => needed.has(n));
}

/** Compile `outputs` (names) of the system as functions of `inputNames`. */
export function compileSystem(graph: NodeDerivatives, outputs: readonly string[], inputNames: readonly string[]): CompiledFunction {
  const system = graph.system;
  const { tape, position, size } = systemTape(graph, inputNames, outputs);
  // Made only for an output that is an input: a report's values are all computed.
  let inputIndex: Map<string, number> | undefined;
  const take = outputs.map((n) => {
    const i = position(n);
    if (i !== undefined) return { computed: true, index: i };
    inputIndex ??= new Map(inputNames.map((m, k) => [m, k]));
    const j = inputIndex.get(n);
    if (j === undefined) throw new NablaError(msg('value.none', { name: `"${n}"` }));
    return { computed: false, index: j };
  });
  const all = new Float64Array(size);

  const raw = (inputs: ArrayLike<number>, out: Float64Array): Float64Array => {
    tape.raw(inputs, all);
    for (let i = 0; i < take.length; i++) out[i] = take[i]!.computed ? all[take[i]!.index]! : inputs[take[i]!.index]!;
    return out;
  };

  let inlined: CompiledFunction | undefined;
  const fn = ((values: Parameters<CompiledFunction>[0]): Float64Array => {
    const inputs = typeof (values as ArrayLike<number>).length === 'number' && !(values instanceof Map)
      ? (values as ArrayLike<number>)
      : inputNames.map((n) => {
        const x = values instanceof Map ? values.get(n) : Object.hasOwn(values, n) ? (values as Record<string, number>)[n] : undefined;
        if (x === undefined) throw new NablaError(msg('value.none', { name: `"${n}"` }));
        return x;
      });
    const out = raw(inputs, new Float64Array(outputs.length));
    if (out.some((x) => !Number.isFinite(x))) {
      // The inlined function names the subexpression that failed; it throws here.
      const cut = new Set(inputNames.filter((n) => system.definitions.has(n) && !system.definitions.get(n)!.input));
      inlined ??= compile(outputs.map((n) => graph.inline(sym(n), cut)), inputNames);
      return inlined(inputs);
    }
    return out;
  }) as CompiledFunction;
  return Object.assign(fn, { raw, names: inputNames, slots: tape.slots });
}
