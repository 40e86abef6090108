/**
 * The order in which named definitions can be evaluated: every name after
 * the names its right-hand side uses (a depth-first topological order,
 * with an explicit stack, so a chain of 100,000 definitions does not
 * overflow the call stack). A back edge is a cycle: it is reported once,
 * naming its definitions and lines, and the names on it are left out of
 * the order. Scalar systems (graph/system.ts) and matrix programs
 * (matrix/program.ts) both order their definitions here.
 */

import { NablaError, type Span } from '../errors.ts';
import { msg } from '../messages/format.ts';

export interface DefinitionOrder<D> {
  /** The definitions not on a cycle, each after those it uses. */
  readonly order: readonly string[];
  /** The same definitions themselves, in that order. */
  readonly ordered: readonly D[];
  /** The names on a cycle (each cycle is one error). */
  readonly inCycle: ReadonlySet<string>;
  /** Names used with no definition, in the order first used (by the definitions off every cycle, in their order). */
  readonly undefinedNames: readonly string[];
}

/** A definition's state in the walk: not met, on the stack, or placed in the order. */
const NEW = 0;
const ACTIVE = 1;
const DONE = 2;

export function orderDefinitions<D extends { readonly span: Span }>(
  definitions: ReadonlyMap<string, D>,
  uses: (definition: D) => readonly string[],
  written: ReadonlyMap<string, string>,
  source: string,
  errors: NablaError[],
): DefinitionOrder<D> {
  // Every definition by its place in `definitions`, and its uses by place: the walk reads arrays,
  // where a map by name cost a cache miss per look on a chain of 100,000 definitions.
  const names = [...definitions.keys()];
  const defs = [...definitions.values()];
  const place = new Map<string, number>();
  for (let i = 0; i < names.length; i++) place.set(names[i]!, i);
  const state = new Uint8Array(names.length);
  const order: number[] = [];
  const inCycle = new Set<string>();
  // One explicit stack for the whole walk, and no closures made per
  // definition: a chain of 100,000 definitions starts as many walks.
  const stack: { at: number; deps: number[]; i: number }[] = [];
  // The names each definition uses with no definition, found by the same looks as its uses.
  const unknown: (string[] | undefined)[] = new Array<string[] | undefined>(names.length).fill(undefined);
  const frame = (at: number): { at: number; deps: number[]; i: number } => {
    state[at] = ACTIVE;
    const deps: number[] = [];
    for (const n of uses(defs[at]!)) {
      const j = place.get(n);
      if (j !== undefined) deps.push(j);
      else (unknown[at] ??= []).push(n);
    }
    return { at, deps, i: 0 };
  };
  for (let start = 0; start < names.length; start++) {
    if (state[start] !== NEW) continue;
    stack.push(frame(start));
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i < top.deps.length) {
        const dep = top.deps[top.i++]!;
        if (state[dep] === NEW) stack.push(frame(dep));
        else if (state[dep] === ACTIVE) {
          const cycle = stack.slice(stack.findIndex((f) => f.at === dep)).map((f) => names[f.at]!);
          if (!cycle.some((n) => inCycle.has(n))) {
            cycle.forEach((n) => inCycle.add(n));
            const lines = [...new Set(cycle.map((n) => definitions.get(n)!.span.line))].sort((a, b) => a - b);
            const shown = [...cycle, names[dep]!].map((n) => written.get(n) ?? n).join(' → ');
            errors.push(new NablaError(msg('system.cycle', { names: shown, lines: lines.join(', ') }), defs[dep]!.span, source));
          }
        }
        continue;
      }
      state[top.at] = DONE;
      order.push(top.at);
      stack.pop();
    }
  }
  const orderedNames: string[] = [];
  const ordered: D[] = [];
  for (const at of order) {
    if (inCycle.size > 0 && inCycle.has(names[at]!)) continue;
    orderedNames.push(names[at]!);
    ordered.push(defs[at]!);
  }
  const undefinedNames = new Set<string>();
  for (let at = 0; at < names.length; at++) {
    const used = unknown[at];
    if (used !== undefined && !inCycle.has(names[at]!)) for (const n of used) undefinedNames.add(n);
  }
  return { order: orderedNames, ordered, inCycle, undefinedNames: [...undefinedNames] };
}
