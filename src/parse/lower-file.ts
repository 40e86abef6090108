/**
 * The statements of a formula file, lowered with what the whole file says
 * about shapes (SPEC §7): every matrix becomes scalar definitions of its
 * element names, so the graph of definitions stays scalar.
 *
 * - `x : 4x4` declares a shape: its elements `x[1,1]` … are names like any
 *   other (free, or defined one by one);
 * - `x = [[1, 2], [3, 4]]`, `net = conv2d(x, w)`, `d = net - target` define
 *   a matrix: one definition per element (`net[2,3] = …`), none for an
 *   entry that is the element itself;
 * - `net[i,j] = … for i=1..3, j=1..3` defines one element per index tuple;
 *   a matrix with no declared shape takes the largest index defined;
 * - `derive E wrt w` with `w` a matrix asks for every element of `w`; a
 *   claim between matrices compares them entry by entry.
 *
 * What a name means (a number or a matrix) may depend on a definition
 * further down, so a definition is lowered when its shape is first needed
 * and kept. Only names that could be matrices are ever looked ahead for (a
 * cheap pass over the syntax finds them), so a long chain of scalar
 * definitions never recurses.
 *
 * Errors are values: a statement that fails is an error in its place and
 * the others are still lowered.
 */

import { assertNever, type Expr, sym } from '../expr/node.ts';
import {
  elementName, indicesOf, isMatrix, sameShape, shapeMessage, shapeText,
  type ClaimElement, type Shape, type Value,
} from '../expr/indexed.ts';
import { canonicalName } from '../expr/names.ts';
import { NablaError, type Span } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import { checkTime } from '../limits.ts';
import { lowerDefinedName, lowerElement, lowerRanges, lowerValue, MAX_EXPANSION, type IndexScope } from './lower.ts';
import { lowerShape } from './lower-shape.ts';
import type { ClaimStatement, DefineStatement, NameRef, Statement } from './statement.ts';
import type { DefineSyntax, FunctionSyntax, IndexSyntax, Locator, NameSyntax, ShapeSyntax, StatementSyntax, Syntax } from './syntax.ts';
import { FunctionTable, type FunctionDefinition } from './function-table.ts';
import type { UserFunction } from './user-function.ts';

/**
 * Lower a file's statements (or the errors met reading them) in order; errors stay in their place.
 * `read` is used up: each statement's place is emptied once it is lowered, so the syntax of a long
 * file is garbage a statement at a time, not all at the end.
 */
export function lowerStatements(read: (StatementSyntax | NablaError | undefined)[], text: string, locate: Locator): { statements: Statement[]; errors: NablaError[] } {
  const file = new FileScope(read, text, locate);
  const statements: Statement[] = [];
  const errors: NablaError[] = [];
  for (let i = 0; i < read.length; i++) {
    const r = read[i];
    read[i] = undefined;
    if (r === undefined) continue;
    checkTime('reading the file');
    if (r instanceof NablaError) {
      errors.push(r);
      continue;
    }
    try {
      statements.push(...file.lower(r));
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      errors.push(err.withSource(text));
    }
  }
  return { statements, errors };
}

type Memo<T> = T | NablaError | 'active';

/** `name = …`: a definition of a whole name, not of elements. */
type WholeDefinition = DefineSyntax & { readonly name: NameSyntax };
const isWhole = (s: DefineSyntax): s is WholeDefinition => s.name.kind === 'name';

interface Declared {
  readonly dims: Shape;
  readonly syntax: ShapeSyntax;
}

interface ElementDefinition {
  readonly name: string;
  readonly base: string;
  readonly index: readonly number[];
  readonly expr: Expr;
}

class FileScope implements IndexScope {
  private readonly declared = new Map<string, Declared>();
  private readonly declarationErrors = new Map<ShapeSyntax, NablaError>();
  /** `name = …`, in source order. */
  private readonly wholeDefinitions: WholeDefinition[] = [];
  /** The same by the name's key, made only when some name could be a matrix (shapeOf alone reads it). */
  private readonly whole = new Map<string, DefineSyntax[]>();
  /** `name[…] = …` by the base name's key, in source order. */
  private readonly indexed = new Map<string, DefineSyntax[]>();
  /** Names whose value could be a matrix; every other name is a number without looking. */
  private readonly maybeMatrix = new Set<string>();
  private readonly values = new Map<DefineSyntax, Memo<Value>>();
  private readonly elements = new Map<DefineSyntax, Memo<ElementDefinition[]>>();
  private readonly shapes = new Map<string, Shape | 'none' | 'active'>();
  /** Matrices whose shape statement has been emitted. */
  private readonly announced = new Set<string>();
  /** Terms left for the whole file to expand to. */
  readonly budget = { left: MAX_EXPANSION };
  /** `silu(t) = …` in source order, and the functions they define. */
  private readonly functionSyntax = new Map<FunctionSyntax, FunctionDefinition>();
  private readonly functions: FunctionTable;

  /** `statements`: the file's, with the errors met reading it in their places (passed over here). */
  constructor(statements: readonly (StatementSyntax | NablaError | undefined)[], private readonly text: string, private readonly locate: Locator) {
    for (const s of statements) {
      if (s === undefined || s instanceof NablaError) continue;
      if (s.kind === 'shape') this.declare(s);
      else if (s.kind === 'define') {
        if (isWhole(s)) this.wholeDefinitions.push(s);
        else if (s.name.kind === 'index') {
          const key = canonicalName(s.name.name.text);
          const list = this.indexed.get(key);
          if (list) list.push(s);
          else this.indexed.set(key, [s]);
        }
      } else if (s.kind === 'function') this.functionSyntax.set(s, { head: s.head, body: s.value, source: text, locate });
    }
    this.findPossibleMatrices();
    this.functions = new FunctionTable([...this.functionSyntax.values()], () => this);
  }

  userFunction(name: string): UserFunction | undefined {
    return this.functions.get(name);
  }

  private fail(message: Message, at: { offset: number; length: number }): never {
    throw new NablaError(message, this.locate(at), this.text);
  }

  private declare(s: ShapeSyntax): void {
    const key = canonicalName(s.name.text);
    try {
      lowerDefinedName(s.name, this.text, this.locate);
      const dims = lowerShape(s.dims, this.text, this.locate);
      const earlier = this.declared.get(key);
      if (earlier === undefined) this.declared.set(key, { dims, syntax: s });
      else if (!sameShape(earlier.dims, dims)) {
        this.fail(msg('file.declared-twice', { name: s.name.text, first: shapeText(earlier.dims), line: this.locate(earlier.syntax).line, second: shapeText(dims) }), s);
      }
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      this.declarationErrors.set(s, err);
    }
  }

  /**
   * Names that could be matrices: declared ones, ones with elements defined,
   * and definitions whose right side holds a list, conv2d, maxpool or one
   * of those names (a fixed point over the references).
   */
  private findPossibleMatrices(): void {
    const queue: string[] = [...this.declared.keys(), ...this.indexed.keys()];
    // Nothing can be a matrix (a file of plain definitions, a long chain): no index by name to build,
    // and the list is let go (the statements are lowered, and garbage, one at a time).
    if (queue.length === 0 && !this.wholeDefinitions.some((d) => references(d.value, false).literal)) {
      this.wholeDefinitions.length = 0;
      return;
    }
    for (const def of this.wholeDefinitions) {
      const key = canonicalName(def.name.text);
      const list = this.whole.get(key);
      if (list) list.push(def);
      else this.whole.set(key, [def]);
    }
    const referenced: { key: string; names: readonly string[] }[] = [];
    for (const [key, defs] of this.whole) {
      for (const def of defs) {
        const { names, literal } = references(def.value, true);
        if (literal) queue.push(key);
        referenced.push({ key, names });
      }
    }
    if (queue.length === 0) return;
    const users = new Map<string, string[]>();
    for (const { key, names } of referenced) {
      for (const n of names) {
        const list = users.get(n);
        if (list) list.push(key);
        else users.set(n, [key]);
      }
    }
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (this.maybeMatrix.has(key)) continue;
      this.maybeMatrix.add(key);
      for (const u of users.get(key) ?? []) if (!this.maybeMatrix.has(u)) queue.push(u);
    }
  }

  shapeOf(key: string): Shape | undefined {
    const declared = this.declared.get(key);
    if (declared !== undefined) return declared.dims;
    if (!this.maybeMatrix.has(key)) return undefined;
    const hit = this.shapes.get(key);
    if (hit !== undefined) return hit === 'none' || hit === 'active' ? undefined : hit;
    this.shapes.set(key, 'active');
    let dims: Shape | undefined;
    const first = this.whole.get(key)?.[0];
    if (first !== undefined) {
      const v = this.valueOf(first);
      dims = v instanceof NablaError || !isMatrix(v) ? undefined : v.dims;
    } else {
      // The largest index defined in each dimension.
      let widest: number[] | undefined;
      for (const def of this.indexed.get(key) ?? []) {
        const els = this.elementsOf(def);
        if (els === 'active') {
          // Asked while its own elements are being lowered (to check their range): not known yet.
          this.shapes.delete(key);
          return undefined;
        }
        if (els instanceof NablaError) continue;
        for (const el of els) {
          if (widest === undefined) widest = [...el.index];
          else if (widest.length === el.index.length) el.index.forEach((k, d) => (widest![d] = Math.max(widest![d]!, k)));
        }
      }
      dims = widest;
    }
    this.shapes.set(key, dims ?? 'none');
    return dims;
  }

  /** The value of `name = …`, lowered once (an error is kept and thrown where the statement is). */
  private valueOf(def: DefineSyntax): Value | NablaError {
    const hit = this.values.get(def);
    if (hit === 'active') return new NablaError(msg('internal.cycle', {}));
    if (hit !== undefined) return hit;
    this.values.set(def, 'active');
    let out: Value | NablaError;
    try {
      out = lowerValue(def.value, this.text, this.locate, this);
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      out = err;
    }
    this.values.set(def, out);
    return out;
  }

  /** The elements `net[i,j] = …` defines, one per index tuple, lowered once. */
  private elementsOf(def: DefineSyntax): ElementDefinition[] | NablaError | 'active' {
    const hit = this.elements.get(def);
    if (hit !== undefined) return hit;
    this.elements.set(def, 'active');
    let out: ElementDefinition[] | NablaError;
    try {
      const target = def.name as IndexSyntax;
      const tuples = def.ranges ? lowerRanges(def.ranges, this.text, this.locate, this) : [new Map<string, number>()];
      out = tuples.map((bound) => {
        const el = lowerElement(target, this.text, this.locate, this, bound);
        const v = lowerValue(def.value, this.text, this.locate, this, bound);
        if (isMatrix(v)) this.fail(msg('file.element-matrix', { name: el.name, shape: shapeMessage(v) }), def.value);
        return { ...el, expr: v };
      });
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      out = err;
    }
    this.elements.set(def, out);
    return out;
  }

  /** The shape statement of a matrix, the first time it is met. */
  private announce(key: string, written: string, dims: Shape, at: Span): Statement[] {
    if (this.announced.has(key)) return [];
    this.announced.add(key);
    return [{ kind: 'shape', name: key, written, dims, span: at }];
  }

  /** One statement of the file as scalar statements. Throws a NablaError. */
  lower(s: StatementSyntax): Statement[] {
    const span = this.locate(s);
    switch (s.kind) {
      case 'shape': {
        const err = this.declarationErrors.get(s);
        if (err) throw err;
        const key = canonicalName(s.name.text);
        return this.announce(key, s.name.text, this.declared.get(key)!.dims, span);
      }
      case 'define':
        return s.name.kind === 'name' ? this.defineWhole(s, s.name, span) : this.defineElements(s, s.name, span);
      case 'function':
        this.defineFunction(s);
        return [];
      case 'derive': {
        const target = this.target(s.target);
        if (target.length !== 1) {
          this.fail(msg('file.derive-matrix', { name: s.target.kind === 'name' ? s.target.text : s.target.name.text, element: target[0]!.written }), s.target);
        }
        const t = target[0]!;
        return [{ kind: 'derive', target: t.name, targetWritten: t.written, targetSpan: t.span, wrt: s.wrt.flatMap((w) => this.target(w)), span }];
      }
      case 'claim':
        return [this.claim(s.lhs, s.rhs, span)];
      default: return assertNever(s);
    }
  }

  /** A function definition adds no statement: its calls are its body (function-table.ts); a second one of a name is an error. */
  private defineFunction(s: FunctionSyntax): void {
    const definition = this.functionSyntax.get(s)!;
    const fn = this.functions.definedBy(definition);
    if (fn === undefined) {
      const first = this.functions.get(canonicalName(s.head.name.text))!;
      this.fail(msg('file.function-twice', { name: s.head.name.text, line: first.line }), s.head.name);
    }
    const problem = this.functions.problem(definition);
    if (problem !== undefined) throw problem;
  }

  private defineWhole(s: DefineSyntax, target: NameSyntax, span: Span): Statement[] {
    const key = lowerDefinedName(target, this.text, this.locate).name;
    const fn = this.functions.get(key);
    if (fn !== undefined) this.fail(msg('file.name-is-function', { name: target.text, line: fn.line }), target);
    if (s.ranges !== undefined) {
      this.fail(msg('file.for-elements', { for: '"for"', example: `${target.text}[${s.ranges.map((r) => r.name.text).join(', ')}] = … for …` }), target);
    }
    // Only a name that could be a matrix is ever asked for ahead (shapeOf): any other is lowered
    // here once, with nothing kept (a chain's 100,000 values held to the end cost the collector).
    const v = this.maybeMatrix.has(key) ? this.valueOf(s) : lowerValue(s.value, this.text, this.locate, this);
    if (v instanceof NablaError) {
      if (v.said?.key === 'internal.cycle') this.fail(msg('file.matrix-itself', { name: target.text }), s);
      throw v;
    }
    const nameSpan = this.locate(target);
    const declared = this.declared.get(key);
    if (!isMatrix(v)) {
      if (declared !== undefined) {
        this.fail(msg('file.declared-number', { name: target.text, shape: shapeText(declared.dims), line: this.locate(declared.syntax).line }), s.value);
      }
      return [{ kind: 'define', name: key, written: target.text, expr: v, span, nameSpan }];
    }
    const dims = this.shapeOf(key);
    if (dims !== undefined && !sameShape(dims, v.dims)) {
      this.fail(msg('file.defines-shape', { name: target.text, shape: shapeMessage(dims), defined: shapeMessage(v.dims) }), s.value);
    }
    const out: Statement[] = this.announce(key, target.text, v.dims, span);
    indicesOf(v.dims).forEach((index, k) => {
      const name = elementName(key, index);
      const expr = v.entries[k]!;
      // An entry that is the element itself (`x = [[x[1,1], …]]`) only declares it.
      if (expr === sym(name)) return;
      out.push({ kind: 'define', name, written: elementName(target.text, index), expr, span, nameSpan });
    });
    return out;
  }

  private defineElements(s: DefineSyntax, target: IndexSyntax, span: Span): Statement[] {
    const els = this.elementsOf(s);
    if (els === 'active') this.fail(msg('file.itself', { name: target.name.text }), s);
    if (els instanceof NablaError) throw els;
    const out: Statement[] = [];
    const first = els[0];
    if (first !== undefined) {
      const dims = this.shapeOf(first.base);
      if (dims !== undefined) out.push(...this.announce(first.base, target.name.text, dims, span));
    }
    const nameSpan = this.locate(target);
    for (const el of els) {
      const d: DefineStatement = { kind: 'define', name: el.name, written: elementName(target.name.text, el.index), expr: el.expr, span, nameSpan };
      out.push(d);
    }
    return out;
  }

  /** A name in `derive … wrt …`: itself, or every element of a matrix. */
  private target(n: NameSyntax | IndexSyntax): NameRef[] {
    const at = this.locate(n);
    if (n.kind === 'index') {
      const el = lowerElement(n, this.text, this.locate, this);
      return [{ name: el.name, written: elementName(n.name.text, el.index), span: at }];
    }
    const key = lowerDefinedName(n, this.text, this.locate).name;
    const dims = this.shapeOf(key);
    if (dims === undefined) return [{ name: key, written: n.text, span: at }];
    return indicesOf(dims).map((index) => ({ name: elementName(key, index), written: elementName(n.text, index), span: at }));
  }

  /** The source text of a piece of syntax. */
  private sliceOf(syntax: Syntax): string {
    return this.text.slice(syntax.offset, syntax.offset + syntax.length);
  }

  private claim(lhsSyntax: Syntax, rhsSyntax: Syntax, span: Span): ClaimStatement {
    const lhs = lowerValue(lhsSyntax, this.text, this.locate, this);
    const rhs = lowerValue(rhsSyntax, this.text, this.locate, this);
    const text = this.text.slice(lhsSyntax.offset, rhsSyntax.offset + rhsSyntax.length);
    if (!isMatrix(lhs) && !isMatrix(rhs)) {
      const numberText = plainNumber(rhsSyntax);
      const sides = { lhs: this.sliceOf(lhsSyntax), rhs: this.sliceOf(rhsSyntax), notation: 'ascii' as const };
      return { kind: 'claim', lhs, rhs, text, span, sides, ...(numberText === undefined ? {} : { rhsNumberText: numberText }) };
    }
    if (!isMatrix(lhs) || !isMatrix(rhs) || !sameShape(lhs.dims, rhs.dims)) {
      this.fail(msg('file.claim-shapes', { lhs: shapeMessage(lhs), rhs: shapeMessage(rhs) }), { offset: lhsSyntax.offset, length: rhsSyntax.offset + rhsSyntax.length - lhsSyntax.offset });
    }
    const numbers = plainNumbers(rhsSyntax);
    const elements: ClaimElement[] = indicesOf(lhs.dims).map((index, k) => {
      const numberText = numbers?.[k];
      return { label: `[${index.join(',')}]`, lhs: lhs.entries[k]!, rhs: rhs.entries[k]!, ...(numberText === undefined ? {} : { rhsNumberText: numberText }) };
    });
    return { kind: 'claim', lhs: elements[0]!.lhs, rhs: elements[0]!.rhs, text, span, elements };
  }
}

/** `0.5`, `-0.5`, `+0.5` → the literal with its sign; anything else undefined. */
export function plainNumber(n: Syntax): string | undefined {
  if (n.kind === 'number') return n.value;
  if (n.kind === 'unary' && n.operand.kind === 'number') return `${n.op === '-' ? '-' : ''}${n.operand.value}`;
  return undefined;
}

/** The plain numbers of a (nested) list literal, row-major; undefined when it is not one. */
function plainNumbers(n: Syntax): (string | undefined)[] | undefined {
  if (n.kind !== 'list') return undefined;
  return n.items.flatMap((item) => (item.kind === 'list' ? plainNumbers(item) ?? [] : [plainNumber(item)]));
}

/**
 * The names a right side uses whole (not as `x[…]`, not a call's name; with
 * `listNames` alone), and whether it holds a list literal, conv2d or maxpool — without recursion,
 * since a long sum is a deep left spine.
 */
function references(root: Syntax, listNames: boolean): { names: string[]; literal: boolean } {
  // A list, not a set: a name used twice only lists its user twice, which the fixpoint ignores.
  const names: string[] = [];
  let literal = false;
  const stack: Syntax[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.kind) {
      case 'number': break;
      case 'name':
        if (listNames) names.push(canonicalName(n.script?.base ?? n.text));
        break;
      case 'unary': stack.push(n.operand); break;
      case 'binary': stack.push(n.left, n.right); break;
      case 'group': stack.push(n.inner); break;
      case 'call':
        if (n.name.text === 'conv2d' || n.name.text === 'maxpool') literal = true;
        stack.push(...n.args);
        break;
      case 'derivative': stack.push(n.of, n.wrt); break;
      case 'index': stack.push(...n.indices); break;
      case 'list': literal = true; break;
      case 'binding':
        stack.push(n.value);
        if (n.to) stack.push(n.to);
        break;
      default: return assertNever(n);
    }
  }
  return { names, literal };
}
