/**
 * Printing that keeps sharing: a list of expressions (a large gradient, a
 * gradient program) printed with every non-trivial subexpression that is
 * used more than once named once, as `t1 = …` bindings, and the results
 * written over those names — instead of the exponentially long tree that
 * inlining the DAG would print.
 *
 * Invariants:
 * - each binding's right side and each result is printed by toText (or
 *   toLatex), so it parses back; substituting the bindings, in order, into
 *   the parsed results gives back the very nodes that were printed;
 * - a binding is printed before its first use; generated names (`t1`,
 *   `t2`, … numbered in that order) never clash with a name the
 *   expressions mention: another prefix is chosen if they would;
 * - names people gave (a definition's name for its right-hand side) are
 *   used instead of generated ones where they exist.
 */

import { deriv, type Expr, sym, type Sym } from '../expr/node.ts';
import { children, rebuild } from '../expr/walk.ts';
import { topologicalOrder } from '../expr/walk.ts';
import type { Binding, GradientProgram } from '../diff/reverse.ts';
import { RESERVED_WORDS } from '../expr/names.ts';
import { toText } from './text.ts';
import { latexName, toLatex } from './latex.ts';

export interface SharedOptions {
  /**
   * The left-hand sides of the results, printed `label = result`: names,
   * or derivatives such as `d(E)/d(w1)`. Without labels each result is a
   * line of its own.
   */
  readonly labels?: readonly Expr[];
  /** Names people gave to subexpressions (a definition's right-hand side → its name), used instead of `tK`. */
  readonly names?: ReadonlyMap<Expr, string>;
  /**
   * Temporaries already bound, in order, each over earlier ones (a gradient
   * program's backward pass): each becomes a binding of its own, renamed.
   */
  readonly bindings?: readonly Binding[];
  /** `let`: bindings, then results (the default). `where`: results, then `where` and the bindings. */
  readonly layout?: 'let' | 'where';
}

/** The expressions with their shared parts named. */
export interface SharedForm {
  /** In printing order; each right side mentions only earlier names. */
  readonly bindings: readonly { readonly name: Sym; readonly expr: Expr }[];
  /** The results, over the binding names. */
  readonly results: readonly Expr[];
}

/** Prefixes for generated names, tried in order until none clashes with a name in use. */
const PREFIXES = ['t', 'u', 'v', 'tmp', 'aux'] as const;

const isLeaf = (e: Expr): boolean => e.kind === 'num' || e.kind === 'const' || e.kind === 'sym';

/** Not worth a name: a leaf, a multiple of a leaf (`-x`, `2*t1`), a numeric power of a leaf (`x^2`, `1/t1`). */
function isTrivial(e: Expr): boolean {
  if (isLeaf(e)) return true;
  if (e.kind === 'mul') return e.factors.length === 2 && e.factors[0]!.kind === 'num' && isLeaf(e.factors[1]!);
  if (e.kind === 'pow') return isLeaf(e.base) && e.exp.kind === 'num';
  return false;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Name the shared subexpressions of `exprs` (and the given temporaries):
 * the data `toTextShared` and `toLatexShared` print.
 */
export function shareSubexpressions(exprs: readonly Expr[], options: SharedOptions = {}): SharedForm {
  const given = options.bindings ?? [];
  const bodyOf = new Map(given.map((b) => [b.name, b.expr]));
  const roots = [...given.map((b) => b.expr), ...exprs];
  const order = topologicalOrder(roots);

  // Uses of each node: as an operand, or as a result.
  const uses = new Map<number, number>();
  const operandUses = new Map<number, number>();
  const count = (e: Expr, map: Map<number, number>): void => {
    map.set(e.id, (map.get(e.id) ?? 0) + 1);
  };
  for (const node of order) for (const c of children(node)) count(c, operandUses);
  for (const [id, n] of operandUses) uses.set(id, n);
  for (const r of exprs) count(r, uses);

  // Names in use, which generated and given names must not take.
  const taken = new Set<string>();
  for (const node of order) if (node.kind === 'sym' && !bodyOf.has(node.name)) taken.add(node.name);
  const userName = new Map<number, string>();
  for (const [e, name] of options.names ?? []) {
    // A name the expressions mention, or one given twice, is not used: a generated one is.
    if (!isLeaf(e) && NAME.test(name) && !RESERVED_WORDS.has(name) && !taken.has(name)) {
      userName.set(e.id, name);
      taken.add(name);
    }
  }
  const bindingBodies = new Set(given.filter((b) => !isLeaf(b.expr)).map((b) => b.expr.id));

  // Decide, operands first, which nodes get a name, and how each prints over the names.
  const shown = new Map<number, Expr>();
  const bound = new Map<number, number>(); // node id → index into `bindings`
  const pending: { node: Expr; expr: Expr; name?: string }[] = [];
  // Placeholders stand for names until the prefix is chosen: `$s0`, `$s1`, … (no formula can write `$`).
  const placeholder = (k: number): Sym => sym(`$s${k}`);
  const bodyView = (e: Expr): Expr => (e.kind === 'sym' && bodyOf.has(e.name) ? bodyView(bodyOf.get(e.name)!) : e);
  /** How a node prints where it is used: its name, or its own printed form. */
  const view = (e: Expr): Expr => {
    const b = bodyView(e);
    const k = bound.get(b.id);
    return k !== undefined ? placeholder(k) : shown.get(b.id) ?? b;
  };
  /** The node with the temporaries substituted: what its printed form must read back as. */
  const inlined = new Map<number, Expr>();
  const inline = (e: Expr): Expr => inlined.get(bodyView(e).id) ?? bodyView(e);
  /** A printed form → the node it reads back as (placeholders → the node they name). */
  const origin = new Map<number, Expr>();
  const readsBackAs = (printed: Expr, target: Expr): boolean => {
    const kids = children(printed);
    if (kids.length === 0) return (origin.get(printed.id) ?? printed) === target;
    const back = kids.map((c) => origin.get(c.id) ?? c);
    return (back.every((c, i) => c === kids[i]) ? printed : rebuild(printed, back)) === target;
  };
  for (const node of order) {
    if (isLeaf(node)) continue;
    const kids = children(node);
    const inl = kids.map(inline);
    const target = inl.every((k, i) => k === kids[i]) ? node : rebuild(node, inl);
    inlined.set(node.id, target);
    const build = (parts: readonly Expr[]): Expr => (parts.every((k, i) => k === kids[i]) ? node : rebuild(node, parts));
    let expr = build(kids.map(view));
    // A name can change how the constructors group a product (x^y·(x^y)^(1/2) stays two
    // factors, t·t^(1/2) is t^(3/2)): then the operands are written out here.
    if (!readsBackAs(expr, target)) {
      expr = build(kids.map((k) => shown.get(bodyView(k).id) ?? bodyView(k)));
      if (!readsBackAs(expr, target)) expr = target;
    }
    shown.set(node.id, expr);
    origin.set(expr.id, target);
    // A given name is used where the node is an operand (a result is printed whole);
    // a trivial temporary (`-t1`) is written in place.
    const name = operandUses.has(node.id) ? userName.get(node.id) : undefined;
    const shared = (uses.get(node.id) ?? 0) >= 2 || bindingBodies.has(node.id);
    if (name !== undefined || (shared && !isTrivial(expr))) {
      bound.set(node.id, pending.length);
      origin.set(placeholder(pending.length).id, target);
      pending.push({ node, expr, name });
    }
  }

  // Generated names, numbered in printing order, with a prefix that clashes with nothing.
  const generated = pending.filter((p) => p.name === undefined).length;
  const prefix = PREFIXES.find((p) => !clashes(p, generated, taken)) ?? freshPrefix(generated, taken);
  let next = 1;
  const names = pending.map((p) => sym(p.name ?? `${prefix}${next++}`));
  const rename = new Map(names.map((s, k) => [placeholder(k).name, s]));
  const finish = (e: Expr): Expr => substitutePlaceholders(e, rename);

  return {
    bindings: pending.map((p, k) => ({ name: names[k]!, expr: finish(p.expr) })),
    results: exprs.map((e) => finish(view(e))),
  };
}

function clashes(prefix: string, count: number, taken: ReadonlySet<string>): boolean {
  for (let k = 1; k <= count; k++) if (taken.has(`${prefix}${k}`)) return true;
  return false;
}

function freshPrefix(count: number, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const p = `tmp${'x'.repeat(n)}`;
    if (!clashes(p, count, taken)) return p;
  }
}

/** Replace placeholder names, memoised over the DAG (placeholders are leaves, so shapes are kept). */
function substitutePlaceholders(e: Expr, rename: ReadonlyMap<string, Sym>): Expr {
  const memo = new Map<number, Expr>();
  for (const node of topologicalOrder([e])) {
    let out: Expr = node;
    if (node.kind === 'sym') out = rename.get(node.name) ?? node;
    else if (!isLeaf(node)) {
      const kids = children(node);
      const next = kids.map((k) => memo.get(k.id) ?? k);
      if (!next.every((k, i) => k === kids[i])) out = rebuild(node, next);
    }
    memo.set(node.id, out);
  }
  return memo.get(e.id) ?? e;
}

/**
 * The expressions as ASCII (SPEC §2) with shared subexpressions named:
 *
 * ```
 * t1 = sigmoid(b + w*x)
 * d(E)/d(w) = x*t1*(1 - t1)*(t1 - y)
 * ```
 *
 * Every line is `name = expression` (or a bare result when there are no
 * labels), each expression printed by toText.
 */
export function toTextShared(exprs: readonly Expr[], options: SharedOptions = {}): string {
  const form = shareSubexpressions(exprs, options);
  const bindings = form.bindings.map((b) => `${b.name.name} = ${toText(b.expr)}`);
  const results = form.results.map((r, i) => {
    const label = options.labels?.[i];
    if (label === undefined) return toText(r);
    const [left, right] = [toText(label), toText(r)];
    // A result that is a bound name under its own label: the binding line says it.
    return left === right ? undefined : `${left} = ${right}`;
  }).filter((line): line is string => line !== undefined);
  if (options.layout === 'where' && bindings.length > 0) {
    const where = bindings.length === 1 ? [`where ${bindings[0]!}`] : ['where', ...bindings.map((b) => `  ${b}`)];
    return [...results, ...where].join('\n');
  }
  return [...bindings, ...results].join('\n');
}

/**
 * The same as LaTeX (SPEC §6): an `aligned` block, one `name &= …` row per
 * binding and result, each side printed by toLatex. Renders in KaTeX.
 */
export function toLatexShared(exprs: readonly Expr[], options: SharedOptions = {}): string {
  const form = shareSubexpressions(exprs, options);
  if (form.bindings.length === 0 && options.labels === undefined && form.results.length === 1) return toLatex(form.results[0]!);
  const bindings = form.bindings.map((b) => `${latexName(b.name.name)} &= ${toLatex(b.expr)}`);
  const results = form.results.map((r, i) => {
    const label = options.labels?.[i];
    if (label === undefined) return `& ${toLatex(r)}`;
    const [left, right] = [toLatex(label), toLatex(r)];
    return left === right ? undefined : `${left} &= ${right}`;
  }).filter((row): row is string => row !== undefined);
  let rows = [...bindings, ...results];
  if (options.layout === 'where' && bindings.length > 0) {
    rows = [...results, `\\text{where}\\quad ${bindings[0]!}`, ...bindings.slice(1)];
  }
  return `\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`;
}

/**
 * A gradient program as the arguments of `toTextShared` / `toLatexShared`:
 * the value and every partial, labelled `objective` and
 * `d(objective)/d(x)`, with the program's temporaries as bindings.
 */
export function programForPrinting(program: GradientProgram, objective = 'f'): { exprs: Expr[]; options: SharedOptions } {
  const f = sym(objective);
  return {
    exprs: [program.value, ...program.inputs.map((n) => program.gradient.get(n)!)],
    options: {
      labels: [f, ...program.inputs.map((n) => deriv(f, sym(n)))],
      bindings: program.backward,
    },
  };
}
