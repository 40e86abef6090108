/**
 * The objective that code generation differentiates: for a system, the
 * target definition inlined through every definition down to inputs and
 * free names; for an expression, the expression with its derivatives
 * resolved.
 *
 * Invariant: the parameters are every name the objective's value uses, a
 * system's in the order of its file (inputs as written, then free names).
 */

import { type Expr, sym } from '../expr/node.ts';
import { freeSymbols } from '../expr/walk.ts';
import { NablaError } from '../errors.ts';
import { resolveDerivatives } from '../diff/diff.ts';
import { NodeDerivatives } from './node-derivative.ts';
import { inputValues, type System } from './system.ts';
import { msg } from '../messages/format.ts';

export interface ObjectiveChoice {
  /** The names to differentiate by; for a system these must be inputs or free names. */
  readonly inputs?: readonly string[];
  /** For a system: the defined name to differentiate (default: the first `derive` target, else `E`). */
  readonly objective?: string;
}

export interface Objective {
  readonly value: Expr;
  /** The names the value uses, in order. */
  readonly parameters: readonly string[];
  /** A system's objective name. */
  readonly label?: string;
  /** A system's own input values, for a worked example. */
  readonly example?: ReadonlyMap<string, number>;
}

/** The objective of a system or an expression, checked against the choice of target and inputs. */
export function objectiveOf(source: System | Expr, choice: ObjectiveChoice): Objective {
  if ('kind' in source) {
    const value = resolveDerivatives(source);
    return { value, parameters: freeSymbols(value).map((s) => s.name) };
  }
  return { ...fromSystem(source, choice), example: inputValues(source) };
}

function fromSystem(system: System, choice: ObjectiveChoice): { value: Expr; parameters: string[]; label: string } {
  if (system.errors.length > 0) throw system.errors[0]!;
  const objective = choice.objective ?? system.derives[0]?.target ?? (system.definitions.has('E') ? 'E' : undefined);
  if (objective === undefined) throw new NablaError(msg('objective.none', { derive: '`derive`' }));
  const show = (n: string): string => system.written.get(n) ?? n;
  if (!system.definitions.has(objective)) throw new NablaError(msg('objective.not-defined', { name: `"${show(objective)}"` }));
  for (const n of choice.inputs ?? []) {
    const def = system.definitions.get(n);
    if (def && !def.input) {
      throw new NablaError(msg('objective.formula', { name: `"${show(n)}"`, line: def.span.line }));
    }
    if (!def && !system.free.includes(n)) throw new NablaError(msg('objective.not-a-name', { name: `"${show(n)}"` }));
  }
  const value = new NodeDerivatives(system).inline(sym(objective));
  const used = new Set(freeSymbols(value).map((s) => s.name));
  // The order of the file: inputs as written, then free names.
  const ordered = [...system.inputs, ...system.free].filter((n) => used.delete(n));
  return { value, parameters: [...ordered, ...used], label: objective };
}
