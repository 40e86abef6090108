/**
 * The user functions of one text (SPEC §2, §6): `silu(t) = t*sigmoid(t)` in
 * a formula file, `f(z) = z^2` in notes, gathered before any statement is
 * lowered, so a call may come before or after its definition.
 *
 * Invariants:
 * - the first definition of a name is the function; the readers decide what
 *   a later one is (an error in a formula file, a claim in notes);
 * - a registry word (`sigmoid`, `sum`, `diff`) is never redefined, and the
 *   parameters are distinct plain names;
 * - the parameters are local: the body is lowered with them as numbers
 *   (never as the text's matrices), and they never become names of a system;
 * - recursion, direct or through other functions, is found on the call
 *   graph of the bodies' syntax before any body is lowered, and is a
 *   positioned error on every definition in the cycle: never a hang;
 * - bodies are lowered callees first, so a long chain of functions calling
 *   each other never recurses deeply.
 */

import { NablaError } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import { assertNever, type Expr } from '../expr/node.ts';
import { postOrder } from '../expr/walk.ts';
import { canonicalName, RESERVED_FUNCTION_WORDS } from '../expr/names.ts';
import { lookupFunction } from '../functions.ts';
import { lowerDefinedName, lowerExpression, type IndexScope } from './lower.ts';
import { quote, type CallSyntax, type Locator, type Range, type Syntax } from './syntax.ts';
import type { UserFunction } from './user-function.ts';

/** A definition `name(p1, …) = body` as a reader found it. */
export interface FunctionDefinition {
  /** `silu(t)`: the name and the parameters as written. */
  readonly head: CallSyntax;
  readonly body: Syntax;
  /** The text the ranges index, and how to locate them. */
  readonly source: string;
  readonly locate: Locator;
  /** The text errors are shown in (the whole document, for a block of notes); `source` when absent. */
  readonly errorSource?: string;
}

/** A function of the table: its definition, and its body once lowered. */
class TableFunction implements UserFunction {
  readonly name: string;
  readonly line: number;
  params: readonly string[] = [];
  /** Calls in the body of functions of the table, in source order. */
  calls: { readonly callee: TableFunction; readonly at: CallSyntax }[] = [];
  private lowered: Expr | NablaError | 'active' | undefined;

  constructor(readonly definition: FunctionDefinition, private readonly lower: (f: TableFunction) => Expr) {
    this.name = canonicalName(definition.head.name.text);
    this.line = definition.locate(definition.head).line;
  }

  /** Mark the definition broken before its body is ever lowered. */
  refuse(error: NablaError): void {
    this.lowered ??= error;
  }

  body(): Expr {
    // The call graph has no cycle left, but a body may still reach itself through a matrix's shape (`M = f(…)`, `f(x) = x + M`).
    if (this.lowered === 'active') this.lowered = this.error(msg('file.itself', { name: this.name }), this.definition.head);
    if (this.lowered === undefined) {
      this.lowered = 'active';
      try {
        this.lowered = this.lower(this);
      } catch (err) {
        if (!(err instanceof NablaError)) throw err;
        this.lowered = err;
      }
    }
    if (this.lowered instanceof NablaError) throw this.lowered;
    return this.lowered as Expr;
  }

  /** The definition's error, if it has one (lowering its body to find out). */
  problem(): NablaError | undefined {
    try {
      this.body();
      return undefined;
    } catch (err) {
      if (err instanceof NablaError) return err;
      throw err;
    }
  }

  error(message: Message, at: Range): NablaError {
    const d = this.definition;
    return new NablaError(message, d.locate(at), d.errorSource ?? d.source);
  }
}

/** The user functions of one text, by name: built once, asked for by lowering (`IndexScope.userFunction`). */
export class FunctionTable {
  private readonly byName = new Map<string, TableFunction>();
  private readonly byDefinition = new Map<FunctionDefinition, TableFunction>();
  /** The order bodies are lowered in, on the first call; empty after. */
  private calleesFirst: readonly TableFunction[];

  /** `scope` is the text's own (matrices, the shared expansion budget); it is asked for only when a body is lowered. */
  constructor(definitions: readonly FunctionDefinition[], private readonly scope: () => IndexScope) {
    for (const d of definitions) {
      const f = new TableFunction(d, (fn) => this.lowerBody(fn));
      if (this.byName.has(f.name)) continue;
      this.byName.set(f.name, f);
      this.byDefinition.set(d, f);
    }
    for (const f of this.byName.values()) this.check(f);
    const order = callGraphOrder([...this.byName.values()]);
    for (const f of order.recursive) f.refuse(recursionError(f, order.component));
    this.calleesFirst = order.calleesFirst;
  }

  /** Lower every body callees first, once, so that no call nests the lowering of another body. */
  private warm(): void {
    const order = this.calleesFirst;
    this.calleesFirst = [];
    for (const f of order) f.problem();
  }

  /** The function a name defines, by canonical key. */
  get(name: string): UserFunction | undefined {
    this.warm();
    return this.byName.get(name);
  }

  /** The function this definition defines, when it is the first of its name. */
  definedBy(definition: FunctionDefinition): UserFunction | undefined {
    return this.byDefinition.get(definition);
  }

  /** The error of the function a definition defines: undefined when it has none (or is not the first of its name). */
  problem(definition: FunctionDefinition): NablaError | undefined {
    this.warm();
    return this.byDefinition.get(definition)?.problem();
  }

  /** The name and the parameters: a function word is never redefined, the parameters are distinct names. */
  private check(f: TableFunction): void {
    const { head, source, locate } = f.definition;
    const written = head.name.text;
    try {
      if (RESERVED_FUNCTION_WORDS.has(written) || lookupFunction(written) !== undefined) {
        throw f.error(msg('function.built-in', { name: written }), head.name);
      }
      lowerDefinedName(head.name, source, locate);
      if (head.args.length === 0) throw f.error(msg('function.needs-parameter', { name: written, example: `${written}(x) = …` }), head);
      const params: string[] = [];
      for (const p of head.args) {
        if (p.kind !== 'name') throw f.error(msg('function.parameter-name', { name: written, found: `"${quote(source, p)}"` }), p);
        const key = lowerDefinedName(p, source, locate).name;
        if (params.includes(key)) throw f.error(msg('function.parameter-twice', { parameter: p.text, name: written }), p);
        params.push(key);
      }
      f.params = params;
      f.calls = callsIn(f.definition.body).flatMap((at) => {
        const callee = this.byName.get(canonicalName(at.name.text));
        return callee === undefined ? [] : [{ callee, at }];
      });
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      f.refuse(new NablaError(err.saying, err.span, f.definition.errorSource ?? source));
    }
  }

  /** The body in the parameters' names: the text's scope, with the parameters as numbers. */
  private lowerBody(f: TableFunction): Expr {
    const { body, source, locate } = f.definition;
    const outer = this.scope();
    const params = new Set(f.params);
    const scope: IndexScope = {
      shapeOf: (name) => (params.has(name) ? undefined : outer.shapeOf(name)),
      ...(outer.budget === undefined ? {} : { budget: outer.budget }),
      ...(outer.subscripted === undefined ? {} : { subscripted: outer.subscripted }),
      userFunction: (name) => this.get(name),
    };
    let expr: Expr;
    try {
      expr = lowerExpression(body, source, locate, scope);
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      throw new NablaError(err.saying, err.span, f.definition.errorSource ?? source);
    }
    // `d(x^2)/d(x)` by a parameter would have no name to differentiate by once called with a number.
    const byParameter = postOrder(expr).find((e) => e.kind === 'deriv' && params.has(e.wrt.name));
    if (byParameter?.kind === 'deriv') {
      throw f.error(msg('function.derivative-in-body', { parameter: byParameter.wrt.name, name: f.definition.head.name.text }), body);
    }
    return expr;
  }
}

/** The message on a definition in a cycle, at the first call in its body that stays in the cycle. */
function recursionError(f: TableFunction, component: ReadonlyMap<TableFunction, number>): NablaError {
  const call = f.calls.find((c) => component.get(c.callee) === component.get(f))!;
  const written = f.definition.head.name.text;
  const how = call.callee === f ? msg('function.calls-itself', {}) : msg('function.leads-back', { callee: call.at.name.text, name: written });
  return f.error(msg('function.recursive', { name: written, how }), call.at);
}

/**
 * The functions in an order where every callee comes before its callers
 * (Tarjan's strongly connected components, iterative, which finishes a
 * component after every component it reaches), and the functions on a
 * cycle (a component of several, or one that calls itself).
 */
function callGraphOrder(functions: readonly TableFunction[]): {
  calleesFirst: TableFunction[]; recursive: TableFunction[]; component: Map<TableFunction, number>;
} {
  const index = new Map<TableFunction, number>();
  const low = new Map<TableFunction, number>();
  const component = new Map<TableFunction, number>();
  const stack: TableFunction[] = [];
  const calleesFirst: TableFunction[] = [];
  const recursive: TableFunction[] = [];
  let components = 0;
  const visit = (f: TableFunction): void => {
    index.set(f, index.size);
    low.set(f, index.get(f)!);
    stack.push(f);
  };
  for (const root of functions) {
    if (index.has(root)) continue;
    visit(root);
    const work: { f: TableFunction; next: number }[] = [{ f: root, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const { f } = frame;
      if (frame.next < f.calls.length) {
        const g = f.calls[frame.next++]!.callee;
        if (!index.has(g)) {
          visit(g);
          work.push({ f: g, next: 0 });
        } else if (!component.has(g)) low.set(f, Math.min(low.get(f)!, index.get(g)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1]?.f;
      if (parent !== undefined) low.set(parent, Math.min(low.get(parent)!, low.get(f)!));
      if (low.get(f) !== index.get(f)) continue;
      const members: TableFunction[] = [];
      let g: TableFunction;
      do {
        g = stack.pop()!;
        component.set(g, components);
        members.push(g);
      } while (g !== f);
      components++;
      calleesFirst.push(...members);
      if (members.length > 1 || f.calls.some((c) => c.callee === f)) recursive.push(...members);
    }
  }
  return { calleesFirst, recursive, component };
}

/** The calls in a body's syntax, in source order; without recursion, since a long sum is a deep left spine. */
function callsIn(root: Syntax): CallSyntax[] {
  const out: CallSyntax[] = [];
  const stack: Syntax[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.kind) {
      case 'number': case 'name': break;
      case 'unary': stack.push(n.operand); break;
      case 'binary': stack.push(n.right, n.left); break;
      case 'group': stack.push(n.inner); break;
      case 'call':
        out.push(n);
        stack.push(...[...n.args].reverse());
        break;
      case 'derivative': stack.push(n.wrt, n.of); break;
      case 'index': stack.push(...[...n.indices].reverse()); break;
      case 'list': stack.push(...[...n.items].reverse()); break;
      case 'binding':
        if (n.to) stack.push(n.to);
        stack.push(n.value);
        break;
      default: return assertNever(n);
    }
  }
  return out;
}
