/**
 * Where something is in a system's file: the definition that uses a name, or
 * the one whose right-hand side holds a subexpression. Errors found after the
 * file was read (a name without a value, a value that is not a number) point
 * there, so they carry a line, a column and a caret like a syntax error.
 *
 * Invariant: the definitions are searched in the order written, so the error
 * points at the first place a reader would look.
 */

import { NablaError } from '../errors.ts';
import type { Message } from '../messages/message.ts';
import type { Expr } from '../expr/node.ts';
import { freeSymbols, postOrder } from '../expr/walk.ts';
import type { Definition, System } from './system.ts';

/** The definitions in the order written. */
const definitionsOf = (system: System): Definition[] => [...system.definitions.values()];

/** A NablaError at the first definition whose right-hand side uses `name` (without a position when none does). */
export function atDefinitionUsing(system: System, name: string, message: string | Message): NablaError {
  const def = definitionsOf(system).find((d) => freeSymbols(d.source).some((s) => s.name === name));
  return def ? new NablaError(message, def.span, system.source) : new NablaError(message);
}

/** A NablaError at the first definition whose right-hand side holds the node `sub`, or undefined. */
export function atDefinitionHolding(system: System, sub: Expr, message: string | Message): NablaError | undefined {
  const holds = (e: Expr): boolean => postOrder(e).includes(sub);
  const def = definitionsOf(system).find((d) => holds(d.rhs) || holds(d.source));
  return def && new NablaError(message, def.span, system.source);
}
