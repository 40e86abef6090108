/**
 * Evaluation of a system of definitions without inlining it: each
 * definition's right-hand side is compiled once over the names it uses, and
 * a call runs them in the definitions' order, each reading the values of the
 * names before it. The work per call is the sum of the right-hand sides'
 * sizes (SPEC §17), where an inlined expression of every update rule of a
 * layer would rebuild the layer's adjoints once per rule.
 *
 * Invariants: a name listed in `inputNames` is read from the input, never
 * computed, even when it has a definition (so d(A)/d(B) with B's definition
 * cut is checked by giving B as an input); a non-finite output throws the
 * same EvaluationError the inlined expression's compiled function would,
 * naming the subexpression, because that function is built (once, only then)
 * to say it.
 */

import { sym } from '../expr/node.ts';
import { freeSymbols } from '../expr/walk.ts';
import { compile, type CompiledFunction } from '../numeric/compile.ts';
import { NablaError } from '../errors.ts';
import type { NodeDerivatives } from './node-derivative.ts';

interface Step {
  readonly slot: number;
  readonly fn: CompiledFunction;
  /** The slots of the names the right-hand side uses, in `fn`'s input order. */
  readonly args: Int32Array;
  readonly scratch: Float64Array;
}

/** Each definition's right-hand side compiled over the names it uses, once per graph (a report compiles the system for its values, its training and each check). */
const COMPILED = new WeakMap<NodeDerivatives, Map<string, { readonly fn: CompiledFunction; readonly names: readonly string[] }>>();

function compiledRhs(graph: NodeDerivatives, name: string): { readonly fn: CompiledFunction; readonly names: readonly string[] } {
  let cache = COMPILED.get(graph);
  if (cache === undefined) COMPILED.set(graph, (cache = new Map()));
  const hit = cache.get(name);
  if (hit) return hit;
  const rhs = graph.rhs(name);
  const names = freeSymbols(rhs).map((s) => s.name);
  const out = { fn: compile([rhs], names), names };
  cache.set(name, out);
  return out;
}

/** Compile `outputs` (names) of the system as functions of `inputNames`. */
export function compileSystem(graph: NodeDerivatives, outputs: readonly string[], inputNames: readonly string[]): CompiledFunction {
  const system = graph.system;
  const slotOf = new Map<string, number>(inputNames.map((n, i) => [n, i]));
  const computed = (n: string): boolean => !slotOf.has(n) && system.definitions.has(n);

  // The definitions the outputs need (an explicit stack: a chain may be 100,000 long).
  const needed = new Set<string>();
  const stack = outputs.filter(computed);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (needed.has(n)) continue;
    needed.add(n);
    for (const m of graph.uses(n)) if (computed(m) && !needed.has(m)) stack.push(m);
  }

  const steps: Step[] = [];
  for (const n of system.order) {
    if (!needed.has(n)) continue;
    const { fn, names } = compiledRhs(graph, n);
    const args = Int32Array.from(names, (m) => {
      const slot = slotOf.get(m);
      if (slot === undefined) throw new NablaError(`"${m}" has no value.`);
      return slot;
    });
    const slot = slotOf.size;
    slotOf.set(n, slot);
    steps.push({ slot, fn, args, scratch: new Float64Array(names.length) });
  }
  const outputSlots = outputs.map((n) => {
    const slot = slotOf.get(n);
    if (slot === undefined) throw new NablaError(`"${n}" has no value.`);
    return slot;
  });
  const slots = new Float64Array(slotOf.size);
  const one = new Float64Array(1);

  const raw = (inputs: ArrayLike<number>, out: Float64Array): Float64Array => {
    for (let i = 0; i < inputNames.length; i++) slots[i] = inputs[i]!;
    for (const s of steps) {
      for (let k = 0; k < s.args.length; k++) s.scratch[k] = slots[s.args[k]!]!;
      s.fn.raw(s.scratch, one);
      slots[s.slot] = one[0]!;
    }
    for (let i = 0; i < outputSlots.length; i++) out[i] = slots[outputSlots[i]!]!;
    return out;
  };

  let inlined: CompiledFunction | undefined;
  const fn = ((values: Parameters<CompiledFunction>[0]): Float64Array => {
    const inputs = typeof (values as ArrayLike<number>).length === 'number' && !(values instanceof Map)
      ? (values as ArrayLike<number>)
      : inputNames.map((n) => {
        const x = values instanceof Map ? values.get(n) : Object.hasOwn(values, n) ? (values as Record<string, number>)[n] : undefined;
        if (x === undefined) throw new NablaError(`"${n}" has no value.`);
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
  return Object.assign(fn, { raw, names: inputNames, slots: slots.length + steps.reduce((acc, s) => acc + s.fn.slots, 0) });
}
