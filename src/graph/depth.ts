/**
 * The definition-depth guard: a chain of definitions (a1 = sin(a0), a2 =
 * sin(a1), …) deeper than a limit is refused at the definition where it first
 * is, before the graph's passes walk it (a bound on their time and memory).
 *
 * Invariant: the error points at the first definition, in the system's order,
 * whose depth passes the limit, so the same file always fails at the same line.
 */

import { NablaError, sanitize } from '../errors.ts';
import { containsDerivative, freeSymbols } from '../expr/walk.ts';
import type { System } from './system.ts';
import { msg } from '../messages/format.ts';

/**
 * Longest chain of definitions accepted by default (the CLI's `--max-depth`):
 * every pass over the graph is a loop and the cost grows linearly with the
 * chain (SPEC §17), so the limit is one of time and memory, not of the stack.
 */
export const MAX_DEFINITION_DEPTH = 100_000;

/**
 * Throw a positioned NablaError when a chain of definitions is deeper than
 * `limit`. `uses`, when given, names what a definition without a derivative
 * uses (its free names, as the graph of derivatives already lists them: the
 * report's passes then walk no right-hand side twice).
 */
export function checkDefinitionDepth(system: System, limit = MAX_DEFINITION_DEPTH, uses?: (name: string) => readonly string[]): void {
  const depth = new Map<string, number>();
  for (const name of system.order) {
    const def = system.definitions.get(name);
    if (def === undefined) continue;
    let d = 1;
    const names = uses === undefined || containsDerivative(def.rhs) ? freeSymbols(def.rhs).map((s) => s.name) : uses(name);
    for (const n of names) d = Math.max(d, (depth.get(n) ?? 0) + 1);
    depth.set(name, d);
    if (d > limit) {
      throw new NablaError(msg('limit.definition-depth', { depth: d, name: `"${sanitize(def.written)}"`, max: limit, option: '--max-depth' }), def.span, system.source);
    }
  }
}
