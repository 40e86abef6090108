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

export interface DefinitionOrder {
  /** The definitions not on a cycle, each after those it uses. */
  readonly order: readonly string[];
  /** The names on a cycle (each cycle is one error). */
  readonly inCycle: ReadonlySet<string>;
}

export function orderDefinitions<D extends { readonly span: Span }>(
  definitions: ReadonlyMap<string, D>,
  uses: (definition: D) => readonly string[],
  written: ReadonlyMap<string, string>,
  source: string,
  errors: NablaError[],
): DefinitionOrder {
  const order: string[] = [];
  const state = new Map<string, 'active' | 'done'>();
  const inCycle = new Set<string>();
  // One explicit stack for the whole walk, and no closures made per
  // definition: a chain of 100,000 definitions starts as many walks.
  const stack: { name: string; deps: readonly string[]; i: number }[] = [];
  const frame = (name: string): { name: string; deps: readonly string[]; i: number } => {
    state.set(name, 'active');
    return { name, deps: uses(definitions.get(name)!).filter((n) => definitions.has(n)), i: 0 };
  };
  for (const start of definitions.keys()) {
    if (state.has(start)) continue;
    stack.push(frame(start));
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i < top.deps.length) {
        const dep = top.deps[top.i++]!;
        const st = state.get(dep);
        if (st === undefined) stack.push(frame(dep));
        else if (st === 'active') {
          const cycle = stack.slice(stack.findIndex((f) => f.name === dep)).map((f) => f.name);
          if (!cycle.some((n) => inCycle.has(n))) {
            cycle.forEach((n) => inCycle.add(n));
            const lines = [...new Set(cycle.map((n) => definitions.get(n)!.span.line))].sort((a, b) => a - b);
            const names = [...cycle, dep].map((n) => written.get(n) ?? n).join(' → ');
            errors.push(new NablaError(msg('system.cycle', { names, lines: lines.join(', ') }), definitions.get(dep)!.span, source));
          }
        }
        continue;
      }
      state.set(top.name, 'done');
      order.push(top.name);
      stack.pop();
    }
  }
  return { order: order.filter((n) => !inCycle.has(n)), inCycle };
}
