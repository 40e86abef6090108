/**
 * What a claim would be under each kind of mistake (SPEC §14): the factors
 * of its chain, the derivatives with respect to other names, the
 * misremembered rules of the registry. Each candidate is an expression in
 * inputs (every definition substituted) with the parameters of its
 * sentence; the explanation tables compare a claim with them at every test
 * point (an expression claim) or at the document's values (a number).
 *
 * Invariant: candidates come from the document's definitions and the
 * registry only, never from the claim's value, so a candidate that agrees
 * is evidence and not a fit.
 */

import { E, type Expr, sym, type Sym, ZERO } from '../expr/node.ts';
import { add, div, mul, sub } from '../expr/canonical.ts';
import { children, freeSymbols, mapDag, postOrder, rebuild, substitute } from '../expr/walk.ts';
import { diff } from '../diff/diff.ts';
import { functionRow, type Misremembered } from '../functions.ts';
import type { FunctionName } from '../expr/function-name.ts';
import { toText } from '../print/text.ts';
import type { DiagnosisContext } from './diagnosis.ts';
import type { DiagnosisMessageKey, MessageParams } from './diagnosis-messages.ts';

export interface Candidate {
  readonly expr: Expr;
  readonly key: DiagnosisMessageKey;
  readonly params: MessageParams;
  /**
   * What the candidate is compared with: the claim (what the claim would be
   * under the mistake), or the truth (the claim with the mistake undone).
   */
  readonly against?: 'claimed' | 'truth';
}

/** The claim's left side as d(A)/d(B) of two names, when it is one. */
export function derivativeOf(ctx: DiagnosisContext): { of: string; wrt: string } | undefined {
  const l = ctx.claim.lhs;
  return l.kind === 'deriv' && l.of.kind === 'sym' && ctx.graph.isDefined(l.of.name) ? { of: l.of.name, wrt: l.wrt.name } : undefined;
}

/** An expression in the document's names, printed with the names as written. */
export function printed(ctx: DiagnosisContext, e: Expr): string {
  const bindings = new Map(freeSymbols(e).map((s) => [s.name, sym(ctx.name(s.name))]));
  return toText(substitute(e, bindings));
}

const derivText = (ctx: DiagnosisContext, of: string, wrt: string): string => `d${ctx.name(of)}/d${ctx.name(wrt)}`;

/** Every name of the document: defined or an input. */
function allNames(ctx: DiagnosisContext): string[] {
  return [...new Set([...ctx.system.order, ...ctx.system.inputs])];
}

/** Names that differ only in their digits (`w5`, `w6`; `net_o1`, `net_o2`): the index slips people make. */
const stem = (n: string): string => n.replace(/\d+/g, '#');
function similar(ctx: DiagnosisContext, name: string): string[] {
  return allNames(ctx).filter((m) => m !== name && stem(m) === stem(name));
}

/** The nodes on the paths from B to A, A included. */
function between(ctx: DiagnosisContext, a: string, b: string): string[] {
  const below = ctx.graph.ancestors(a);
  const above = ctx.graph.dependents(b);
  return ctx.system.order.filter((m) => m === a || (below.has(m) && above.has(m)));
}

/** The factors of a product that are not numbers (a non-product is its own one factor). */
const factorsIn = (e: Expr): Expr[] => (e.kind === 'mul' ? e.factors : [e]).filter((f) => f.kind !== 'num');

/**
 * The factors a claim may be missing or have in excess: the chain's local
 * factors ∂M/∂u and their own factors (`out_o1`, `1 − out_o1`), and the
 * factors of the true derivative as written in names.
 */
export function chainFactors(ctx: DiagnosisContext): Candidate[] {
  const d = derivativeOf(ctx);
  const inNames: Expr[] = [];
  if (d !== undefined) {
    const nodes = between(ctx, d.of, d.wrt);
    for (const m of nodes) {
      for (const u of ctx.graph.uses(m)) {
        if (u !== d.wrt && !nodes.includes(u)) continue;
        const local = ctx.graph.local(m, u);
        inNames.push(local, ...(local.kind === 'mul' ? factorsIn(local) : []));
      }
    }
    inNames.push(...factorsIn(ctx.graph.total(d.of, d.wrt)));
  } else {
    inNames.push(...factorsIn(ctx.truth));
  }
  const seen = new Set<number>();
  const out: Candidate[] = [];
  for (const f of inNames) {
    const expr = ctx.graph.inline(f);
    if (expr.kind === 'num' || seen.has(expr.id)) continue;
    seen.add(expr.id);
    // A sum is named in parentheses, as a factor is written: "missing the factor (1 - out_o1)".
    out.push({ expr, key: 'missing-factor', params: { factor: f.kind === 'add' ? `(${printed(ctx, f)})` : printed(ctx, f) } });
  }
  return out;
}

/**
 * The derivatives the claim may really be: with respect to a similar name
 * (`this is dE/dw6; the claim is about w5`), or of one; or the right side
 * with one name written where a similar one belongs. Only names that
 * differ in their digits are tried: ∂E/∂y_2 = y_2 − out_o2 is true, and
 * a claim −(∂E/∂out_o2) is a sign slip, not a derivative about y_2.
 */
export function wrongNames(ctx: DiagnosisContext): Candidate[] {
  const out: Candidate[] = [];
  const d = derivativeOf(ctx);
  if (d !== undefined) {
    for (const b of similar(ctx, d.wrt)) {
      if (b === d.wrt || b === d.of || !ctx.graph.dependsOn(d.of, b)) continue;
      out.push({ expr: ctx.graph.inline(ctx.graph.total(d.of, b)), key: 'wrong-name.wrt', params: { right: derivText(ctx, d.of, b), wrt: ctx.name(d.wrt) } });
    }
    for (const a of similar(ctx, d.of)) {
      if (!ctx.graph.isDefined(a) || !ctx.graph.dependsOn(a, d.wrt)) continue;
      out.push({ expr: ctx.graph.inline(ctx.graph.total(a, d.wrt)), key: 'wrong-name.of', params: { right: derivText(ctx, a, d.wrt), of: ctx.name(d.of) } });
    }
  }
  for (const { written, meant, expr } of nameSlips(ctx)) {
    out.push({ expr: ctx.graph.inline(expr), key: 'wrong-name.swap', params: { written: ctx.name(written), meant: ctx.name(meant) }, against: 'truth' });
  }
  return out;
}

/** At most this many name slips are tried per claim. */
const MAX_SLIPS = 64;

/**
 * The right side as written with one occurrence of a name replaced by a
 * similar name, and with two similar names swapped throughout: what the
 * claim would be had the writer not slipped. `written` is the name that
 * stands where `meant` belongs.
 */
function nameSlips(ctx: DiagnosisContext): { written: string; meant: string; expr: Expr }[] {
  const rhs = ctx.claim.rhs;
  const out: { written: string; meant: string; expr: Expr }[] = [];
  const occurrences = symbolPaths(rhs);
  for (const path of occurrences) {
    const name = (path.at(-1) as Sym).name;
    for (const other of similar(ctx, name)) {
      if (out.length >= MAX_SLIPS) return out;
      out.push({ written: name, meant: other, expr: replaceAt(rhs, path, sym(other)) });
    }
  }
  const names = freeSymbols(rhs).map((s) => s.name);
  for (const p of names) {
    for (const q of similar(ctx, p)) {
      if (q < p && names.includes(q) && out.length < MAX_SLIPS) {
        out.push({ written: p, meant: q, expr: substitute(rhs, new Map([[p, sym(q)], [q, sym(p)]])) });
      }
    }
  }
  return out;
}

/** The paths from the root to each occurrence of a name, the tree read as written (a shared node once per place). */
function symbolPaths(root: Expr): [...Expr[], Sym][] {
  const out: [...Expr[], Sym][] = [];
  const stack: Expr[][] = [[root]];
  while (stack.length > 0 && out.length < MAX_SLIPS) {
    const path = stack.pop()!;
    const node = path.at(-1)!;
    if (node.kind === 'sym') out.push(path as [...Expr[], Sym]);
    for (const k of children(node)) stack.push([...path, k]);
  }
  return out;
}

/** The expression with the node at the end of `path` replaced, the nodes above it rebuilt. */
function replaceAt(root: Expr, path: readonly Expr[], by: Expr): Expr {
  let next = by;
  for (let i = path.length - 2; i >= 0; i--) {
    const parent = path[i]!;
    const kids = [...children(parent)];
    kids[kids.indexOf(path[i + 1]!)] = next;
    next = rebuild(parent, kids);
  }
  return next;
}

/**
 * A misremembered rule's parameters: the wrong derivative as a formula in u
 * (`1 + tanh(u)^2`), which reads the same in any language, and the
 * registry's label saying what went wrong in it.
 */
function ruleParams(fn: FunctionName, w: Misremembered): MessageParams {
  const u = sym('u');
  return { fn, rule: `${fn}'(u) = ${toText(w.derivative([u]))}`, right: `${fn}'(u) = ${toText(functionRow(fn).derivative([u], 0))}`, label: w.label };
}

/** Places of one function tried one at a time. */
const MAX_PLACES = 8;

/** A function applied in an expression: a registry call, or e^u (a power, as the canonical form keeps it). */
interface Applied {
  readonly node: Expr;
  readonly fn: FunctionName;
  readonly args: readonly Expr[];
}

function appliedIn(e: Expr): Applied[] {
  const out: Applied[] = [];
  for (const n of postOrder(e)) {
    if (n.kind === 'call') out.push({ node: n, fn: n.fn, args: n.args });
    else if (n.kind === 'pow' && n.base === E) out.push({ node: n, fn: 'exp', args: [n.exp] });
  }
  return out;
}

/**
 * The wrong rules tried for a function: the registry's misremembered ones.
 * A dropped chain factor is not among them: it is the missing factor v′,
 * which `missing-factor` names.
 */
function wrongRulesOf(a: Applied): readonly Misremembered[] {
  // Rules of one argument: log(u) has them, log(u, b) not.
  return a.args.length === 1 ? functionRow(a.fn).misremembered ?? [] : [];
}

/**
 * The truth recomputed with one function's derivative misremembered at
 * every place it is applied: for d(A)/d(B), A written in B and the inputs,
 * each application c = f(v) adds (m(v) − f′(v))·v′·∂A/∂c to the true
 * derivative; for a left side that is itself a derivative formula
 * (`σ′(z)`), the factor f′(v) is replaced by m(v).
 */
export function wrongRules(ctx: DiagnosisContext): Candidate[] {
  const d = derivativeOf(ctx);
  const out: Candidate[] = [];
  if (d === undefined) {
    for (const a of appliedIn(ctx.truth)) {
      for (const w of wrongRulesOf(a)) {
        const right = functionRow(a.fn).derivative(a.args, 0);
        out.push({ expr: mul(ctx.truth, div(w.derivative(a.args), right)), key: 'wrong-rule', params: ruleParams(a.fn, w) });
      }
    }
    return out;
  }
  const cutB = ctx.graph.isDefined(d.wrt) && !ctx.system.definitions.get(d.wrt)!.input;
  const a = ctx.graph.inline(sym(d.of), cutB ? new Set([d.wrt]) : new Set());
  const truth = diff(a, d.wrt);
  const back = (e: Expr): Expr => (cutB ? substitute(e, new Map([[d.wrt, ctx.graph.inline(sym(d.wrt))]])) : e);
  const byFn = new Map<FunctionName, Applied[]>();
  for (const c of appliedIn(a)) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);
  // The rule misremembered everywhere the function is applied, or at one place only (the hidden layer's σ′, the outputs' right).
  const groups = [...byFn.values()].flatMap((apps) => (apps.length === 1 ? [apps] : [apps, ...apps.slice(0, MAX_PLACES).map((c) => [c])]));
  for (const applications of groups) {
    const fn = applications[0]!.fn;
    for (const w of wrongRulesOf(applications[0]!)) {
      const corrections = applications.map((c) => {
        const v = c.args[0]!;
        const dv = diff(v, d.wrt);
        if (dv === ZERO) return ZERO;
        const hole = sym('\u0000applied');
        const dAdc = substitute(diff(mapDag(a, { before: (x) => (x === c.node ? hole : undefined) }), hole), new Map([[hole.name, c.node]]));
        const right = functionRow(fn).derivative(c.args, 0);
        return mul(sub(w.derivative(c.args), right), dv, dAdc);
      });
      if (corrections.every((c) => c === ZERO)) continue;
      out.push({ expr: back(add(truth, ...corrections)), key: 'wrong-rule', params: ruleParams(fn, w) });
    }
  }
  return out;
}
