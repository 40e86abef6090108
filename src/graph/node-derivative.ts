/**
 * Derivatives between named nodes (SPEC §3): d(A)/d(B) is the sum over every
 * path from B to A of the product of local partials, B's own definition cut —
 * what backpropagation computes. Results are written in the named nodes, as a
 * person writes them: a subexpression equal to a definition's right-hand side
 * is folded back into its name, so d(out_o1)/d(net_o1) reads
 * `out_o1*(1 - out_o1)`.
 *
 * Every d(A)/d(·) of one A comes from one reverse sweep from A, built when
 * first asked and shared (graph/adjoint-sweep.ts): the cost grows with the
 * system, not with the number of derivatives asked of it (SPEC §17).
 */

import { type Expr, ONE, type Sym, sym, ZERO } from '../expr/node.ts';
import { add, mul } from '../expr/canonical.ts';
import { children, containsDerivative, freeSymbols, mapDag, namesIn, postOrder, rebuild, substitute } from '../expr/walk.ts';
import { diff, diffResolved } from '../diff/diff.ts';
import { gradientProgram, inlineGradient } from '../diff/reverse.ts';
import { simplify } from '../simplify/simplify.ts';
import { NablaError } from '../errors.ts';
import { dependencies, type Definition, type System } from './system.ts';
import { AdjointSweep } from './adjoint-sweep.ts';
import type { DefinitionsInOrder } from './depth.ts';
import { IdSet } from '../expr/id-set.ts';
import { msg } from '../messages/format.ts';

/** Expressions of at most this many nodes are folded without the graph-long memo (see fold). */
const SMALL_FOLD = 24;

/** Operands above which a definition's local partials come from one reverse sweep over its right-hand side. */
const WIDE_DEFINITION = 16;

/**
 * What the graph has found of one defined name, in one record: a chain's
 * report asks for the right side, the names and the local partials of each
 * of its 100,000 names, and a map per fact cost a look in each.
 */
interface NameFacts {
  readonly definition: Definition;
  /** The right-hand side with every `d(F)/d(x)` resolved, once asked. */
  rhs: Expr | undefined;
  /** The names the resolved right side uses, once asked. */
  uses: string[] | undefined;
  /** The slots of the names the written right side mentions, once asked. */
  mentionSlots: readonly number[] | undefined;
  /** The slots of `uses`, once asked. */
  useSlots: readonly number[] | undefined;
  /**
   * ∂(right side)/∂name: the first name asked and its partial in fields (a
   * chain's definition is asked of one name, and a map each was 100,000 maps),
   * the others by name.
   */
  firstDep: string | undefined;
  firstLocal: Expr | undefined;
  locals: Map<string, Expr> | undefined;
}

/** The node of a name the expression uses, from its own list (no look in the table of every name). */
function nameIn(e: Expr, name: string): Sym {
  const names = namesIn(e);
  for (let i = 0; i < names.length; i++) if (names[i]!.name === name) return names[i]!;
  return sym(name);
}

export class NodeDerivatives implements DefinitionsInOrder {
  /**
   * Every name of the graph by a small integer, its slot: the definitions
   * first, each at its place in the system's order (each after the names it
   * uses), then names without a definition as they are met (kept here). The
   * passes over a long chain (the reverse sweep, the depth check) index
   * arrays by slot: a look in a map of 100,000 names costs a cache miss or
   * two, an array's element none.
   */
  private readonly otherSlots = new Map<string, number>();
  /** The name whose slot was asked last, and its answer (see knownSlot). */
  private lastName: string | undefined;
  private lastSlot: number | undefined;
  /** Slot → name. */
  private readonly names: string[];
  /** Slot → record, for the definitions (slots below `count`). */
  private readonly facts: NameFacts[];
  private readonly sweeps = new Map<string, AdjointSweep>();
  private readonly reach = new Map<string, Set<string>>();
  private readonly downstream = new Map<string, Set<string>>();
  private usersOf: Map<string, string[]> | undefined;
  private readonly inlined = new Map<string, Expr>();
  /** Node → its folded form (see fold). */
  private readonly folded = new Map<number, Expr>();
  /** Per cut: node → the node with every inlined name substituted. */
  private readonly inlineMemo = new Map<string, Map<number, Expr>>();
  /**
   * Every right-hand side's node id and the name it defines, in the
   * system's order: a right side met again (`b = x + y` after `a = x + y`)
   * folds to the first name.
   */
  private readonly rightSideIds: number[] = [];
  private readonly rightSideNames: string[] = [];
  /** Right-hand side node id → the name it defines, made when a fold first finds one (a chain's report finds none). */
  private foldTable: Map<number, string> | undefined;
  /**
   * The ids of rightSideIds once every one is there: most nodes asked are no
   * right-hand side, and a bit says so. While the constructor lists them (a
   * right side with a derivative is folded as it is resolved) the table answers.
   */
  private rightSides: IdSet | undefined;

  constructor(readonly system: System) {
    // Each definition knows its place in the order: no look by name to lay them out.
    const count = system.definitions.size;
    this.names = new Array<string>(count);
    this.facts = new Array<NameFacts>(count);
    for (const definition of system.definitions.values()) {
      const slot = definition.place;
      this.names[slot] = definition.name;
      this.facts[slot] = { definition, rhs: undefined, uses: undefined, mentionSlots: undefined, useSlots: undefined, firstDep: undefined, firstLocal: undefined, locals: undefined };
    }
    for (const name of system.free) this.slotOf(name);
    for (const f of this.facts) {
      const rhs = this.rhsOf(f);
      if (rhs.kind === 'num' || rhs.kind === 'sym') continue;
      this.rightSideIds.push(rhs.id);
      this.rightSideNames.push(f.definition.name);
      if (this.foldTable !== undefined && !this.foldTable.has(rhs.id)) this.foldTable.set(rhs.id, f.definition.name);
    }
    this.rightSides = new IdSet(this.rightSideIds);
  }

  isDefined(name: string): boolean {
    return this.system.definitions.has(name);
  }

  /** How many definitions: their slots are 0 … count − 1, in the system's order. */
  get count(): number {
    return this.facts.length;
  }

  definitionAt(slot: number): Definition {
    return this.facts[slot]!.definition;
  }

  /** The resolved right-hand side of the definition at `slot` (as `rhs` of its name). */
  rhsAt(slot: number): Expr {
    return this.rhsOf(this.facts[slot]!);
  }

  /** The slots of the names a definition's right side mentions as written (a derivative `d(E)/d(w)` mentions E and w). */
  mentionsAt(slot: number): readonly number[] {
    const f = this.facts[slot]!;
    f.mentionSlots ??= dependencies(f.definition.rhs).map((s) => this.slotOf(s.name));
    return f.mentionSlots;
  }

  /** The slots of the names a definition's resolved right side uses. */
  private usesAt(slot: number): readonly number[] {
    const f = this.facts[slot]!;
    // Without a derivative the resolved right side is the written one, and so are its names.
    f.useSlots ??= containsDerivative(f.definition.rhs) ? this.usesOf(f).map((n) => this.slotOf(n)) : this.mentionsAt(slot);
    return f.useSlots;
  }

  /** A name's slot: a definition's place, or one given the first time a name without a definition is asked for. */
  private slotOf(name: string): number {
    const slot = this.knownSlot(name);
    if (slot !== undefined) return slot;
    const made = this.names.length;
    this.otherSlots.set(name, made);
    this.names.push(name);
    this.lastName = name;
    this.lastSlot = made;
    return made;
  }

  private knownSlot(name: string): number | undefined {
    // The name asked last is asked again at once as a chain is walked (the consumer of one step
    // is the node of the next): one remembered answer spares a look in the map of every name.
    if (name === this.lastName) return this.lastSlot;
    const slot = this.system.definitions.get(name)?.place ?? this.otherSlots.get(name);
    this.lastName = name;
    this.lastSlot = slot;
    return slot;
  }

  /** The right-hand side of a definition with every `d(F)/d(x)` replaced by its value in names. */
  rhs(name: string): Expr {
    return this.rhsOf(this.factsOf(name));
  }

  private rhsOf(f: NameFacts): Expr {
    f.rhs ??= this.resolveDerivatives(f.definition.rhs);
    return f.rhs;
  }

  /** The record of a defined name. */
  private factsOf(name: string): NameFacts {
    const slot = this.knownSlot(name);
    const hit = slot === undefined ? undefined : this.facts[slot];
    if (hit === undefined) throw new NablaError(msg('system.not-defined', { name: `"${name}"` }));
    return hit;
  }

  /** Replace derivative nodes in an expression by node derivatives over the graph. */
  resolveDerivatives(e: Expr): Expr {
    // Without a derivative the rewrite below gives `e` itself; a chain's definitions have none.
    if (!containsDerivative(e)) return e;
    return mapDag(e, { after: (x) => (x.kind === 'deriv' ? this.derivative(x.of, x.wrt.name) : x) });
  }

  /** Names a defined node uses directly. */
  uses(name: string): string[] {
    return this.usesOf(this.factsOf(name));
  }

  private usesOf(f: NameFacts): string[] {
    f.uses ??= namesIn(this.rhsOf(f)).map((s) => s.name);
    return f.uses;
  }

  /**
   * Names each definition's right side mentions, as written (a derivative
   * `d(E)/d(w)` mentions E and w): what the definitions' order is built on.
   * A superset of the names the resolved right side uses, which is all the
   * dependency tests below need: an extra name only adds a zero term.
   */
  private written(name: string): readonly string[] {
    const slot = this.knownSlot(name);
    const f = slot === undefined ? undefined : this.facts[slot];
    if (f === undefined) return [];
    // Without a derivative the resolved right side is the written one: its names are `uses`, kept.
    const rhs = f.definition.rhs;
    return containsDerivative(rhs) ? dependencies(rhs).map((d) => d.name) : this.usesOf(f);
  }

  /** Every name `name` depends on through the definitions, `name` itself excluded (iterative, memoised). */
  ancestors(name: string): Set<string> {
    const hit = this.reach.get(name);
    if (hit) return hit;
    const out = new Set<string>();
    const stack = [...this.written(name)];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (out.has(n)) continue;
      out.add(n);
      for (const m of this.written(n)) stack.push(m);
    }
    this.reach.set(name, out);
    return out;
  }

  /** Every defined name whose value depends on `name` (iterative, memoised per name). */
  dependents(name: string): Set<string> {
    const hit = this.downstream.get(name);
    if (hit) return hit;
    if (this.usersOf === undefined) {
      this.usersOf = new Map();
      for (const user of this.system.order) {
        for (const n of this.written(user)) {
          const list = this.usersOf.get(n);
          if (list) list.push(user);
          else this.usersOf.set(n, [user]);
        }
      }
    }
    const out = new Set<string>();
    const stack = [...(this.usersOf.get(name) ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (out.has(n)) continue;
      out.add(n);
      for (const m of this.usersOf.get(n) ?? []) stack.push(m);
    }
    this.downstream.set(name, out);
    return out;
  }

  /** True when A's value depends on B through the definitions. */
  dependsOn(a: string, b: string): boolean {
    return a === b || this.dependents(b).has(a);
  }

  /** ∂(right-hand side of `of`)/∂`dep`, the other names held fixed, in names. */
  local(of: string, dep: string): Expr {
    return this.localOf(this.factsOf(of), dep);
  }

  private localOf(f: NameFacts, dep: string): Expr {
    // By `of`, then `dep`: no key string to build and hash for each of a chain's thousands of asks.
    if (f.firstDep === dep) return f.firstLocal!;
    const hit = f.locals?.get(dep);
    if (hit) return hit;
    const uses = this.usesOf(f);
    if (uses.length > WIDE_DEFINITION && uses.includes(dep)) {
      // A unit's weighted sum over hundreds of inputs: one differentiation per
      // operand would walk the whole sum each time (quadratic in its width);
      // one reverse sweep over the right-hand side gives every partial at once.
      const program = gradientProgram(this.rhsOf(f), uses);
      const partials = (f.locals ??= new Map());
      inlineGradient(program).forEach((g, i) => partials.set(uses[i]!, this.fold(simplify(g))));
      return partials.get(dep)!;
    }
    // A resolved right side without a derivative (as good as every one) is differentiated
    // as it is: `diff` would walk it again only to find it has nothing to resolve.
    const rhs = this.rhsOf(f);
    const out = this.fold(simplify(containsDerivative(rhs) ? diff(rhs, dep) : diffResolved(rhs, nameIn(rhs, dep))));
    if (f.firstDep === undefined) {
      f.firstDep = dep;
      f.firstLocal = out;
    } else (f.locals ??= new Map()).set(dep, out);
    return out;
  }

  /**
   * d(A)/d(B) for named nodes, B's definition cut, in names: B's adjoint in
   * the one reverse sweep from A (graph/adjoint-sweep.ts), shared by every
   * B asked of the same A, so a chain of any length needs no recursion.
   */
  total(a: string, b: string): Expr {
    if (a === b) return ONE;
    // No dependency test here: the sweep's adjoint of a node off every path is 0, and a
    // test through the dependents of b would cost the whole graph below b for every b asked.
    if (!this.isDefined(a)) return ZERO;
    const slot = this.knownSlot(b);
    return slot === undefined ? ZERO : this.sweep(a).adjoint(slot);
  }

  /** Defined names on a path to `target` whose right-hand side uses `node`, in definition order. */
  consumers(target: string, node: string): readonly string[] {
    const slot = this.knownSlot(node);
    return slot === undefined ? [] : this.sweep(target).consumersOf(slot).map((c) => this.names[c]!);
  }

  /** The reverse sweep from `target`, built once. */
  private sweep(target: string): AdjointSweep {
    const hit = this.sweeps.get(target);
    if (hit) return hit;
    const out = new AdjointSweep({
      count: this.count,
      slots: this.names.length,
      mentions: (slot) => this.mentionsAt(slot),
      uses: (slot) => this.usesAt(slot),
      local: (of, dep) => this.localOf(this.facts[of]!, this.names[dep]!),
      fold: (e) => this.fold(e),
    }, this.factsOf(target).definition.place);
    this.sweeps.set(target, out);
    return out;
  }

  /** d(e)/d(b) for any expression over the names. */
  derivative(e: Expr, b: string): Expr {
    if (e.kind === 'sym') return this.total(e.name, b);
    const resolved = this.resolveDerivatives(e);
    const terms = freeSymbols(resolved)
      .filter((m) => m.name === b || this.ancestors(m.name).has(b))
      .map((m) => mul(diff(resolved, m), this.total(m.name, b)));
    return this.fold(simplify(add(...terms)));
  }

  /** Write subexpressions that equal a definition's right-hand side as its name. */
  fold(e: Expr, onFold?: (rhs: Expr, name: string) => void): Expr {
    // A step-by-step derivation records each substitution (report/model-steps.ts), so it walks afresh.
    if (onFold !== undefined) {
      return mapDag(e, {
        before: (x) => {
          const name = this.isRightSide(x.id) ? this.rightSideTable().get(x.id) : undefined;
          if (name !== undefined) onFold(x, name);
          return name === undefined ? undefined : sym(name);
        },
      });
    }
    // A small expression (a chain's local factor, thousands of them) holds no
    // right-hand side as a rule: one look at each node says so, with nothing
    // written to the graph-long memo below.
    if (e.size <= SMALL_FOLD && !this.holdsRightSide(e)) return e;
    // One memo for the graph's life: a node's folded form depends only on the
    // node, and the adjoints of a layer's weights share the same large factor.
    // A name or a number is never a right-hand side folded (see the constructor): it stays
    // itself, with no entry (a chain's product holds tens of thousands).
    const memo = this.folded;
    for (const node of postOrder(e, (x) => {
      if (x.kind === 'sym' || x.kind === 'num' || memo.has(x.id)) return true;
      const name = this.isRightSide(x.id) ? this.rightSideTable().get(x.id) : undefined;
      if (name !== undefined) {
        memo.set(x.id, sym(name));
        return true;
      }
      // A small operand holding no right-hand side stays as it is, with no walk below it and
      // nothing kept (each of the 100,000 factors of a chain's product).
      return x.size <= SMALL_FOLD && !this.holdsRightSide(x);
    })) {
      const kids = children(node);
      if (kids.length === 0) {
        memo.set(node.id, node);
        continue;
      }
      const next = kids.map((k) => memo.get(k.id) ?? k);
      memo.set(node.id, next.every((k, i) => k === kids[i]) ? node : rebuild(node, next));
    }
    return memo.get(e.id) ?? e;
  }

  /** Whether the node of this id is a definition's right-hand side. */
  private isRightSide(id: number): boolean {
    return this.rightSides === undefined ? this.rightSideTable().has(id) : this.rightSides.has(id);
  }

  /** Right-hand side node id → the name it defines (the first in the system's order), made once. */
  private rightSideTable(): Map<number, string> {
    if (this.foldTable !== undefined) return this.foldTable;
    const table = new Map<number, string>();
    for (let i = 0; i < this.rightSideIds.length; i++) {
      const id = this.rightSideIds[i]!;
      if (!table.has(id)) table.set(id, this.rightSideNames[i]!);
    }
    this.foldTable = table;
    return table;
  }

  /** Whether a small expression holds a definition's right-hand side (recursive: it is at most SMALL_FOLD nodes). */
  private holdsRightSide(e: Expr): boolean {
    if (this.isRightSide(e.id)) return true;
    // Indexed, not for…of: a recursive function's iterator was a result object per operand.
    const kids = children(e);
    for (let i = 0; i < kids.length; i++) if (this.holdsRightSide(kids[i]!)) return true;
    return false;
  }

  /**
   * The expression of a defined name in inputs and free names only, every
   * definition substituted (the DAG keeps it linear in size). Names in `cut`
   * are left as names, as d(A)/d(B) needs for B.
   */
  inline(e: Expr, cut: ReadonlySet<string> = new Set()): Expr {
    const bindings = new Map<string, Expr>();
    for (const s of freeSymbols(this.resolveDerivatives(e))) {
      if (this.isDefined(s.name) && !cut.has(s.name) && !this.system.definitions.get(s.name)!.input) {
        bindings.set(s.name, this.inlineName(s.name, cut));
      }
    }
    return substitute(this.resolveDerivatives(e), bindings);
  }

  /**
   * The inlined expression of a defined name: every name it needs is
   * inlined first, in an explicit post-order over the definitions, so a
   * chain of any length needs no recursion; each substitution reads only
   * names already inlined.
   */
  private inlineName(name: string, cut: ReadonlySet<string>): Expr {
    const tag = cut.size === 0 ? '' : `\u0000${[...cut].sort().join(',')}`;
    const done = (n: string): Expr | undefined => this.inlined.get(n + tag);
    const substituted = (n: string): boolean =>
      this.isDefined(n) && !cut.has(n) && !this.system.definitions.get(n)!.input;
    const stack: [string, boolean][] = [[name, false]];
    while (stack.length > 0) {
      const [n, ready] = stack.pop()!;
      if (done(n)) continue;
      const rhs = this.rhs(n);
      const needs = freeSymbols(rhs).map((s) => s.name).filter(substituted);
      if (!ready) {
        stack.push([n, true]);
        for (const m of needs) if (!done(m)) stack.push([m, false]);
        continue;
      }
      this.inlined.set(n + tag, this.substituteInlined(rhs, tag, (m) => (substituted(m) ? done(m) : undefined)));
    }
    return done(name)!;
  }

  /**
   * Substitute the inlined names into `rhs` through one memo per cut, kept
   * across definitions: the update rules of a layer share their adjoints, so
   * each shared subexpression is rebuilt once for the system, not once per
   * rule. Valid because a name's binding never changes for a given cut.
   */
  private substituteInlined(rhs: Expr, tag: string, binding: (name: string) => Expr | undefined): Expr {
    let memo = this.inlineMemo.get(tag);
    if (memo === undefined) this.inlineMemo.set(tag, (memo = new Map()));
    for (const node of postOrder(rhs, (x) => memo.has(x.id))) {
      if (node.kind === 'sym') {
        memo.set(node.id, binding(node.name) ?? node);
        continue;
      }
      const kids = children(node);
      const next = kids.map((k) => memo.get(k.id)!);
      memo.set(node.id, next.every((k, i) => k === kids[i]) ? node : rebuild(node, next));
    }
    return memo.get(rhs.id)!;
  }
}
