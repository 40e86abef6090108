/**
 * What the notes reader needs to know about the notes' user functions
 * (SPEC §6): which equation is a function's own definition (`f(z) = z^2`,
 * the first of its name), its error if it has one, and whether the name is
 * also used alone as a node (`\frac{dL}{dw}` after `L(w) = (w x - y)^2`).
 *
 * Invariant: an equation is a function's own definition only when it starts
 * where that definition's head does, so a later `f(z) = z^3` stays a claim
 * against the first.
 */

import type { NablaError, Span } from '../errors.ts';
import { isMatrix } from '../expr/indexed.ts';
import { freeSymbols } from '../expr/walk.ts';
import type { FunctionDefinition, FunctionTable } from './function-table.ts';
import type { LatexEquation } from './latex.ts';

export class NotesFunctions {
  /** The first definition of each name, by the document offset of its head. */
  private readonly own = new Map<number, FunctionDefinition>();
  private readonly used = new Set<string>();

  constructor(private readonly table: FunctionTable, definitions: readonly FunctionDefinition[]) {
    for (const d of definitions) if (table.definedBy(d) !== undefined) this.own.set(d.locate(d.head).offset, d);
  }

  /** The function definition an equation is, when it is the first of its name. */
  definedAt(span: Span): FunctionDefinition | undefined {
    return this.own.get(span.offset);
  }

  problem(definition: FunctionDefinition): NablaError | undefined {
    return this.table.problem(definition);
  }

  /** Remember the names the equations use alone: a call is its body, so a name left over is a node. */
  noteNamesUsed(equations: readonly LatexEquation[]): void {
    if (this.own.size === 0) return;
    for (const eq of equations) {
      for (const v of eq.values) for (const e of isMatrix(v) ? v.entries : [v]) for (const s of freeSymbols(e)) this.used.add(s.name);
    }
  }

  usedAlone(name: string): boolean {
    return this.used.has(name);
  }
}
