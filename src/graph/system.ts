/**
 * A system of named definitions: the graph the chain-rule report walks.
 *
 * Built from parsed statements. Invariants once built: every name has at
 * most one definition (identical repeats are merged, a conflicting one is an
 * error naming both lines), the definitions are acyclic (`order` lists them
 * dependencies first), and every right-hand side is simplified, so the
 * spelled-out logistic `1/(1+e^(-x))` is already `sigmoid(x)`. A matrix
 * (SPEC §7) is only a shape and a list of element names: its elements are
 * defined, input or free one by one, like any other name.
 */

import { assertNever, type Expr, type Sym } from '../expr/node.ts';
import { containsDerivative, namesIn } from '../expr/walk.ts';
import { elementName, indicesOf, type Shape } from '../expr/indexed.ts';
import { NablaError, type Span } from '../errors.ts';
import { orderDefinitions } from '../expr/definition-order.ts';
import type { ClaimStatement, DeriveStatement, Statement } from '../parse/statement.ts';
import { simplify } from '../simplify/simplify.ts';
import { evaluateAt } from '../numeric/compile.ts';
import type { MatrixProgram } from '../matrix/program.ts';
import { msg } from '../messages/format.ts';

const NO_VALUES: ReadonlyMap<string, number> = new Map();

export interface Definition {
  /** Canonical name (`w5`, `out_h1`). */
  readonly name: string;
  /** The name as first written (`w_5`), for JSON keys and messages. */
  readonly written: string;
  /** The right-hand side as written (lowered). */
  readonly source: Expr;
  /** The right-hand side simplified: what the graph uses. */
  readonly rhs: Expr;
  /** Where the statement is. */
  readonly span: Span;
  /** An input: a right-hand side with no names, so its value is a default. */
  readonly input: boolean;
  /** Its place in the system's `order`: the graph indexes its facts of a definition by it. */
  readonly place: number;
}

/** A definition while the system is built: its place is known once the definitions are ordered. */
type DefinitionDraft = { -readonly [K in keyof Definition]: Definition[K] };

/** A matrix of the file (SPEC §7): its elements are ordinary names, `w[1,1]` …. */
export interface MatrixShape {
  readonly name: string;
  readonly written: string;
  readonly dims: Shape;
  /** The element names, row-major. */
  readonly elements: readonly string[];
}

export interface System {
  readonly definitions: ReadonlyMap<string, Definition>;
  /** Defined names, every one after the names its right-hand side uses. */
  readonly order: readonly string[];
  /** Inputs with default values, in the order written. */
  readonly inputs: readonly string[];
  /** Names used but never defined: free inputs with no default value. */
  readonly free: readonly string[];
  readonly derives: readonly DeriveStatement[];
  readonly claims: readonly ClaimStatement[];
  /** Problems found while building; the rest of the system is still usable. */
  readonly errors: readonly NablaError[];
  /** The names as first written, by canonical name, where that differs from the name (read `written.get(n) ?? n`). */
  readonly written: ReadonlyMap<string, string>;
  /** The matrices, by name, in the order first met; their elements are in `definitions` or `free` like any name. */
  readonly matrices: ReadonlyMap<string, MatrixShape>;
  readonly source: string;
  /** A file in matrix algebra (SPEC §12): its definitions as matrix nodes; the scalar fields above are then empty. */
  readonly matrix?: MatrixProgram;
}

/** Names a right-hand side depends on, counting the names inside `d(F)/d(x)`. */
export function dependencies(e: Expr): readonly Sym[] {
  return namesIn(e);
}

export function buildSystem(statements: readonly Statement[], source: string, parseErrors: readonly NablaError[] = []): System {
  const errors: NablaError[] = [...parseErrors];
  const definitions = new Map<string, DefinitionDraft>();
  const written = new Map<string, string>();
  const derives: DeriveStatement[] = [];
  const claims: ClaimStatement[] = [];
  const matrices = new Map<string, MatrixShape>();
  // Inputs with default values, in the order written.
  const inputs: string[] = [];
  // Only a name written otherwise than its key is noted: every reader falls back to the key
  // (`written.get(n) ?? n`), and a chain of 100,000 definitions writes them all as keys.
  const note = (name: string, as: string): void => {
    if (as !== name && !written.has(name)) written.set(name, as);
  };

  // Names as first written: a definition's own spelling wins over another's.
  for (const st of statements) if (st.kind === 'define') note(st.name, st.written);
  for (const st of statements) {
    switch (st.kind) {
      case 'define': {
        const previous = definitions.get(st.name);
        if (previous) {
          if (previous.source !== st.expr && previous.rhs !== simplify(st.expr)) {
            errors.push(new NablaError(
              msg('system.defined-twice', { name: `"${st.written}"`, first: previous.span.line, second: st.span.line }),
              st.span, source));
          }
          continue;
        }
        const rhs = simplify(st.expr);
        const input = namesIn(rhs).length === 0 && !containsDerivative(rhs);
        definitions.set(st.name, { name: st.name, written: st.written, source: st.expr, rhs, span: st.span, input, place: -1 });
        if (input) inputs.push(st.name);
        break;
      }
      case 'shape':
        note(st.name, st.written);
        if (!matrices.has(st.name)) {
          const indices = indicesOf(st.dims);
          const elements = indices.map((i) => elementName(st.name, i));
          elements.forEach((e, k) => note(e, elementName(st.written, indices[k]!)));
          matrices.set(st.name, { name: st.name, written: st.written, dims: st.dims, elements });
        }
        break;
      case 'derive':
        derives.push(st);
        break;
      case 'claim':
        claims.push(st);
        break;
      default:
        assertNever(st);
    }
  }

  // Names used and not defined (the free names) come from the same walk, in the order first used.
  const { order: acyclic, ordered, inCycle, undefinedNames: free } = orderDefinitions(definitions, (def) => dependencies(def.rhs).map((s) => s.name), written, source, errors);
  for (let i = 0; i < ordered.length; i++) ordered[i]!.place = i;
  // Names on a cycle cannot be evaluated: drop them (the error says why). An input uses no name, so none is on a cycle.
  for (const n of inCycle) definitions.delete(n);

  return { definitions, order: acyclic, inputs, free, derives, claims, errors, written, matrices, source };
}

/** Default values of the inputs. */
export function inputValues(system: System): Map<string, number> {
  const values = new Map<string, number>();
  // The definitions in the order written are the inputs in their order among the others: read in
  // turn, with no look in the map of every name for each input.
  for (const def of system.definitions.values()) {
    // Interpreted, not compiled: a chain of 100,000 definitions has as many inputs, each used once.
    if (def.input) values.set(def.name, evaluateAt(def.rhs, NO_VALUES));
  }
  return values;
}
