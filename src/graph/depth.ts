/**
 * The definition-depth guard: a chain of definitions (a1 = sin(a0), a2 =
 * sin(a1), …) deeper than a limit is refused at the definition where it first
 * is, before the graph's passes walk it (a bound on their time and memory).
 *
 * Invariant: the error points at the first definition, in the system's order,
 * whose depth passes the limit, so the same file always fails at the same line.
 */

import { NablaError, sanitize } from '../errors.ts';
import type { Definition, System } from './system.ts';
import { msg } from '../messages/format.ts';

/**
 * Longest chain of definitions accepted by default (the CLI's `--max-depth`):
 * every pass over the graph is a loop and the cost grows linearly with the
 * chain (SPEC §17), so the limit is one of time and memory, not of the stack.
 */
export const MAX_DEFINITION_DEPTH = 100_000;

/**
 * The definitions of a system in its order, every name by a slot (a small
 * integer): what the depth check walks, with an array of depths by slot
 * where a map by name cost a cache miss per name of a long chain.
 */
export interface DefinitionsInOrder {
  /** How many definitions: slots 0 … count − 1, each after every slot its right side mentions. */
  readonly count: number;
  definitionAt(slot: number): Definition;
  /** Slots of the names a definition's right side mentions; a slot from `count` up has no definition. */
  mentionsAt(slot: number): readonly number[];
}

/** Throw a positioned NablaError when a chain of definitions is deeper than `limit`. */
export function checkDefinitionDepth(system: System, definitions: DefinitionsInOrder, limit = MAX_DEFINITION_DEPTH): void {
  const count = definitions.count;
  const depth = new Int32Array(count);
  for (let slot = 0; slot < count; slot++) {
    // A name without a definition (an input with no default) is at depth 0, as if it were not there.
    let d = 1;
    const names = definitions.mentionsAt(slot);
    for (let k = 0; k < names.length; k++) {
      const n = names[k]!;
      if (n < count) d = Math.max(d, depth[n]! + 1);
    }
    depth[slot] = d;
    if (d > limit) {
      const def = definitions.definitionAt(slot);
      throw new NablaError(msg('limit.definition-depth', { depth: d, name: `"${sanitize(def.written)}"`, max: limit, option: '--max-depth' }), def.span, system.source);
    }
  }
}
