/**
 * Derivatives between named nodes (SPEC §3): d(A)/d(B) is the sum over every
 * path from B to A of the product of local partials, B's own definition cut —
 * what backpropagation computes. Results are written in the named nodes, as a
 * person writes them: a subexpression equal to a definition's right-hand side
 * is folded back into its name, so d(out_o1)/d(net_o1) reads
 * `out_o1*(1 - out_o1)`.
 *
 * Everything is memoised per (node, node): the cost is that of one backward
 * sweep per target, not one per path.
 */

import { add, freeSymbols, mapDag, mul, ONE, substitute, sym, ZERO, type Expr } from '../expr/expr.ts';
import { diff } from '../diff/diff.ts';
import { simplify } from '../simplify/simplify.ts';
import { NablaError } from '../errors.ts';
import type { System } from './system.ts';

export class NodeDerivatives {
  private readonly resolved = new Map<string, Expr>();
  private readonly totals = new Map<string, Expr>();
  private readonly locals = new Map<string, Expr>();
  private readonly reach = new Map<string, Set<string>>();
  private readonly used = new Map<string, string[]>();
  private readonly inlined = new Map<string, Expr>();
  /** Right-hand side node id → the name it defines, for folding. */
  private readonly foldTable = new Map<number, string>();

  constructor(readonly system: System) {
    for (const name of system.order) {
      const rhs = this.rhs(name);
      if (rhs.kind !== 'num' && rhs.kind !== 'sym' && !this.foldTable.has(rhs.id)) this.foldTable.set(rhs.id, name);
    }
  }

  isDefined(name: string): boolean {
    return this.system.definitions.has(name);
  }

  /** The right-hand side of a definition with every `d(F)/d(x)` replaced by its value in names. */
  rhs(name: string): Expr {
    const hit = this.resolved.get(name);
    if (hit) return hit;
    const def = this.system.definitions.get(name);
    if (!def) throw new NablaError(`"${name}" is not defined.`);
    const out = this.resolveDerivatives(def.rhs);
    this.resolved.set(name, out);
    return out;
  }

  /** Replace derivative nodes in an expression by node derivatives over the graph. */
  resolveDerivatives(e: Expr): Expr {
    return mapDag(e, { after: (x) => (x.kind === 'deriv' ? this.derivative(x.of, x.wrt.name) : x) });
  }

  /** Names a defined node uses directly. */
  uses(name: string): string[] {
    const hit = this.used.get(name);
    if (hit) return hit;
    const out = freeSymbols(this.rhs(name)).map((s) => s.name);
    this.used.set(name, out);
    return out;
  }

  /** Every name `name` depends on, transitively (definitions followed, `name` itself excluded). */
  ancestors(name: string): Set<string> {
    const hit = this.reach.get(name);
    if (hit) return hit;
    const out = new Set<string>();
    if (this.isDefined(name)) {
      for (const u of this.uses(name)) {
        out.add(u);
        for (const a of this.ancestors(u)) out.add(a);
      }
    }
    this.reach.set(name, out);
    return out;
  }

  /** True when A's value depends on B through the definitions. */
  dependsOn(a: string, b: string): boolean {
    return a === b || this.ancestors(a).has(b);
  }

  /** ∂(right-hand side of `of`)/∂`dep`, the other names held fixed, in names. */
  local(of: string, dep: string): Expr {
    const key = `${of}\u0000${dep}`;
    const hit = this.locals.get(key);
    if (hit) return hit;
    const out = this.fold(simplify(diff(this.rhs(of), dep)));
    this.locals.set(key, out);
    return out;
  }

  /** d(A)/d(B) for named nodes, B's definition cut, in names. */
  total(a: string, b: string): Expr {
    if (a === b) return ONE;
    if (!this.isDefined(a) || !this.dependsOn(a, b)) return ZERO;
    const key = `${a}\u0000${b}`;
    const hit = this.totals.get(key);
    if (hit) return hit;
    const terms = this.uses(a)
      .filter((m) => this.dependsOn(m, b))
      .map((m) => mul(this.local(a, m), this.total(m, b)));
    const out = this.fold(simplify(add(...terms)));
    this.totals.set(key, out);
    return out;
  }

  /** d(e)/d(b) for any expression over the names. */
  derivative(e: Expr, b: string): Expr {
    if (e.kind === 'sym') return this.total(e.name, b);
    const resolved = this.resolveDerivatives(e);
    const terms = freeSymbols(resolved)
      .filter((m) => this.dependsOn(m.name, b))
      .map((m) => mul(diff(resolved, m), this.total(m.name, b)));
    return this.fold(simplify(add(...terms)));
  }

  /** Write subexpressions that equal a definition's right-hand side as its name. */
  fold(e: Expr): Expr {
    return mapDag(e, {
      before: (x) => {
        const name = this.foldTable.get(x.id);
        return name === undefined ? undefined : sym(name);
      },
    });
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

  private inlineName(name: string, cut: ReadonlySet<string>): Expr {
    const key = cut.size === 0 ? name : `${name}\u0000${[...cut].sort().join(',')}`;
    const hit = this.inlined.get(key);
    if (hit) return hit;
    const out = this.inline(this.rhs(name), cut);
    this.inlined.set(key, out);
    return out;
  }
}
