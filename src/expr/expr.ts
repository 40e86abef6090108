/**
 * The algebra representation: a small canonical union of immutable,
 * hash-consed nodes.
 *
 * Invariants kept by the constructors in this file (the only way to build a
 * node):
 * - structurally equal nodes are one object, so `a === b` is equality and
 *   every pass can memoise by node (`id` is a key for maps, never an order);
 * - sums and products are flat, their operands sorted by `compareExpr`,
 *   numbers folded exactly, like terms and like powers collected, identities
 *   (`x + 0`, `1*x`, `x^1`) gone;
 * - subtraction is `a + (-1)*b` and division `a * b^(-1)`: the printers
 *   recover `-` and `/`.
 * This is the automatic evaluation SymPy's Add/Mul/Pow do; everything that
 * may surprise a reader (expanding, recognising sigmoid) lives in simplify/.
 */

import * as Q from './rational.ts';
import type { Rational } from './rational.ts';

export type Constant = 'e' | 'pi';

interface Base {
  /** Intern id: a map key, never an order. */
  readonly id: number;
  /** Number of nodes in the DAG below and including this one (shared counted once per path). */
  readonly size: number;
  /** Nesting depth, for the depth limits of recursive passes. */
  readonly depth: number;
}

export interface Num extends Base { readonly kind: 'num'; readonly value: Rational }
export interface Const extends Base { readonly kind: 'const'; readonly name: Constant }
export interface Sym extends Base { readonly kind: 'sym'; readonly name: string }
export interface Add extends Base { readonly kind: 'add'; readonly terms: readonly Expr[] }
export interface Mul extends Base { readonly kind: 'mul'; readonly factors: readonly Expr[] }
export interface Pow extends Base { readonly kind: 'pow'; readonly base: Expr; readonly exp: Expr }
export interface Call extends Base { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
/** An unevaluated derivative `d(of)/d(wrt)`, as written in formulas. */
export interface Deriv extends Base { readonly kind: 'deriv'; readonly of: Expr; readonly wrt: Sym }

export type Expr = Num | Const | Sym | Add | Mul | Pow | Call | Deriv;
export type ExprKind = Expr['kind'];

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------
// Interning

const table = new Map<string, Expr>();
let nextId = 1;

type NodeFields = Omit<Num, keyof Base> | Omit<Const, keyof Base> | Omit<Sym, keyof Base>
  | Omit<Add, keyof Base> | Omit<Mul, keyof Base> | Omit<Pow, keyof Base>
  | Omit<Call, keyof Base> | Omit<Deriv, keyof Base>;

function intern<T extends Expr>(key: string, fields: NodeFields, children: readonly Expr[]): T {
  const found = table.get(key);
  if (found) return found as T;
  let size = 1;
  let depth = 0;
  for (const c of children) {
    size += c.size;
    if (c.depth > depth) depth = c.depth;
  }
  // The fields object becomes the node (no copy): it is fresh from the
  // constructor and never escapes before this point. Immutability is the
  // types' `readonly`; freezing every node cost a fifth of parsing time.
  const node = fields as Base & NodeFields as { -readonly [K in keyof Base]: Base[K] } & NodeFields;
  node.id = nextId++;
  node.size = Math.min(size, Number.MAX_SAFE_INTEGER);
  node.depth = depth + 1;
  table.set(key, node as unknown as Expr);
  return node as unknown as T;
}

const childKey = (xs: readonly Expr[]): string => xs.map((x) => x.id).join(',');

// ---------------------------------------------------------------------------
// Leaves

export function num(value: Rational | number | bigint): Num {
  const r = typeof value === 'object' ? value : typeof value === 'bigint' ? Q.rational(value) : Q.fromInt(value);
  return intern<Num>(`n:${Q.toFraction(r)}`, { kind: 'num', value: r }, []);
}

export const ZERO = num(0);
export const ONE = num(1);
export const MINUS_ONE = num(-1);
export const TWO = num(2);
export const HALF = num(Q.HALF);

export function constant(name: Constant): Const {
  return intern<Const>(`c:${name}`, { kind: 'const', name }, []);
}
export const E = constant('e');
export const PI = constant('pi');

export function sym(name: string): Sym {
  return intern<Sym>(`s:${name}`, { kind: 'sym', name }, []);
}

export function deriv(of: Expr, wrt: Sym): Deriv {
  return intern<Deriv>(`d:${of.id},${wrt.id}`, { kind: 'deriv', of, wrt }, [of, wrt]);
}

export const isNum = (e: Expr): e is Num => e.kind === 'num';
export const isNumValue = (e: Expr, n: number): boolean =>
  e.kind === 'num' && e.value.den === 1n && e.value.num === BigInt(n);

// ---------------------------------------------------------------------------
// Structural order (never by id), used to sort operands canonically.

const KIND_RANK: Record<ExprKind, number> = { num: 0, const: 1, sym: 2, call: 3, pow: 4, mul: 5, add: 6, deriv: 7 };

/** A name split into alternating text and digit runs, cached: sorting compares names often. */
const nameRuns = new Map<string, string[]>();
function runsOf(name: string): string[] {
  let runs = nameRuns.get(name);
  if (!runs) {
    runs = name.split(/(\d+)/);
    nameRuns.set(name, runs);
  }
  return runs;
}

/** Compare names so that `w2 < w10` and `a < b`. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const ra = runsOf(a);
  const rb = runsOf(b);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

function compareLists(a: readonly Expr[], b: readonly Expr[]): number {
  // Compare from the most significant (last) operand, as polynomial order does.
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const c = compareExpr(a[a.length - i]!, b[b.length - i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** A total order on expressions, consistent with structural equality. */
export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  // A product or power sorts next to its main symbol, so `x + 2*x*y + y` reads in order.
  const ka = KIND_RANK[a.kind];
  const kb = KIND_RANK[b.kind];
  if (ka !== kb) {
    if (a.kind === 'mul' && b.kind !== 'add' && b.kind !== 'num') return compareLists(a.factors, [b]) || 1;
    if (b.kind === 'mul' && a.kind !== 'add' && a.kind !== 'num') return compareLists([a], b.factors) || -1;
    if (a.kind === 'pow' && (b.kind === 'sym' || b.kind === 'call' || b.kind === 'const')) return compareExpr(a.base, b) || 1;
    if (b.kind === 'pow' && (a.kind === 'sym' || a.kind === 'call' || a.kind === 'const')) return compareExpr(a, b.base) || -1;
    return ka - kb;
  }
  switch (a.kind) {
    case 'num': return Q.compare(a.value, (b as Num).value);
    case 'const': return a.name < (b as Const).name ? -1 : 1;
    case 'sym': return compareNames(a.name, (b as Sym).name);
    case 'call': {
      const bb = b as Call;
      if (a.fn !== bb.fn) return a.fn < bb.fn ? -1 : 1;
      return compareLists(a.args, bb.args);
    }
    case 'pow': {
      const bb = b as Pow;
      return compareExpr(a.base, bb.base) || compareExpr(a.exp, bb.exp);
    }
    case 'mul': return compareLists(a.factors, (b as Mul).factors);
    case 'add': return compareLists(a.terms, (b as Add).terms);
    case 'deriv': {
      const bb = b as Deriv;
      return compareExpr(a.of, bb.of) || compareExpr(a.wrt, bb.wrt);
    }
    default: return assertNever(a);
  }
}

const sortExprs = (xs: Expr[]): Expr[] => xs.sort(compareExpr);

// ---------------------------------------------------------------------------
// Products

/** Split a term into its rational coefficient and the rest: `3*x*y` → (3, x*y). */
export function splitCoefficient(e: Expr): [Rational, Expr] {
  if (e.kind === 'num') return [e.value, ONE];
  if (e.kind === 'mul') {
    const first = e.factors[0]!;
    if (first.kind === 'num') {
      const rest = e.factors.slice(1);
      return [first.value, rest.length === 1 ? rest[0]! : makeMul(rest)];
    }
  }
  return [Q.ONE, e];
}

/** Split a factor into base and exponent: `x^2` → (x, 2), `x` → (x, 1). */
function splitPower(e: Expr): [Expr, Expr] {
  return e.kind === 'pow' ? [e.base, e.exp] : [e, ONE];
}

/** `0^(-n)`: a division by zero, kept visible by `pow` so that evaluation can name it. */
const isZeroDivision = (e: Expr): boolean =>
  e.kind === 'pow' && e.base.kind === 'num' && Q.isZero(e.base.value) && e.exp.kind === 'num' && Q.isNegative(e.exp.value);

function makeMul(sorted: Expr[]): Mul {
  return intern<Mul>(`m:${childKey(sorted)}`, { kind: 'mul', factors: sorted }, sorted);
}

/** A factor that the general product below would keep as it is: no number, product or sum, no power to merge. */
const isPlainFactor = (f: Expr): boolean => f.kind === 'sym' || f.kind === 'call' || f.kind === 'const' || f.kind === 'deriv';

export function mul(...factors: Expr[]): Expr {
  // Fast path for the commonest product, two plain factors (`w1*i1`): the
  // general path below gives the same node, only slower.
  if (factors.length === 2) {
    const [a, b] = factors as [Expr, Expr];
    if (isPlainFactor(a) && isPlainFactor(b) && a !== b) return makeMul(compareExpr(a, b) < 0 ? [a, b] : [b, a]);
    if (a.kind === 'num' && isPlainFactor(b)) return Q.isZero(a.value) ? ZERO : Q.isOne(a.value) ? b : makeMul([a, b]);
  }
  let coef = Q.ONE;
  // base id → [base, summed exponent]; insertion order keeps it deterministic.
  const powers = new Map<number, [Expr, Expr[]]>();
  const flat: Expr[] = [];
  const push = (f: Expr): void => {
    if (f.kind === 'mul') for (const g of f.factors) push(g);
    else flat.push(f);
  };
  for (const f of factors) push(f);
  // Sums among other factors give up their numeric content, so that
  // 3*(a + b)/y and 3/y*(a + b), or 2*(a + b)*c and (2*a + 2*b)*c, are one node.
  if (flat.filter((f) => f.kind !== 'num').length >= 2) {
    for (let i = 0; i < flat.length; i++) {
      const f = flat[i]!;
      if (f.kind !== 'add') continue;
      const [content, primitive] = primitivePart(f);
      coef = Q.mul(coef, content);
      flat[i] = primitive;
    }
  }
  for (const f of flat) {
    if (f.kind === 'num') {
      coef = Q.mul(coef, f.value);
      continue;
    }
    const [b, e] = splitPower(f);
    const entry = powers.get(b.id);
    if (entry) entry[1].push(e);
    else powers.set(b.id, [b, [e]]);
  }
  // 0 times a division by zero (0/0) is undefined, not 0: keep the division,
  // which evaluation reports, instead of folding the product to 0.
  if (Q.isZero(coef)) return flat.find(isZeroDivision) ?? ZERO;
  const rest: Expr[] = [];
  for (const [b, exps] of powers.values()) {
    const p = exps.length === 1 && exps[0] === ONE ? b : pow(b, add(...exps));
    if (p.kind === 'num') coef = Q.mul(coef, p.value);
    else if (p.kind === 'mul') {
      // e.g. (2^(1/2))^2 folded into 2, or a power that split into factors.
      for (const g of p.factors) {
        if (g.kind === 'num') coef = Q.mul(coef, g.value);
        else rest.push(g);
      }
    } else rest.push(p);
  }
  if (Q.isZero(coef)) return rest.find(isZeroDivision) ?? ZERO;
  if (rest.length === 0) return num(coef);
  if (Q.isOne(coef) && rest.length === 1) return rest[0]!;
  // A number times one sum distributes, as SymPy does: 2*(x + 1) = 2*x + 2.
  if (rest.length === 1 && rest[0]!.kind === 'add') {
    const c = num(coef);
    return add(...rest[0]!.terms.map((t) => mul(c, t)));
  }
  sortExprs(rest);
  // Re-merge if sorting exposed nothing new; products of distinct bases are final.
  return makeMul(Q.isOne(coef) ? rest : [num(coef), ...rest]);
}

/**
 * A sum as content × primitive sum. The content is the rational gcd of the
 * coefficients, with the sign of the leading term — the term whose
 * non-numeric part sorts first, which is the same for P and −P, so the
 * split is the same for both: `2*a + 4*b` → (2, a + 2*b), `b - a` →
 * (−1, a - b), `1 - x` stays (the constant leads).
 */
export function primitivePart(e: Add): [Rational, Expr] {
  let g = 0n;
  let l = 1n;
  let lead: [Rational, Expr] | undefined;
  const bigGcd = (a: bigint, b: bigint): bigint => {
    a = a < 0n ? -a : a;
    b = b < 0n ? -b : b;
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
  };
  for (const t of e.terms) {
    const split = splitCoefficient(t);
    const c = split[0];
    g = bigGcd(g, c.num);
    l = (l * c.den) / bigGcd(l, c.den);
    if (!lead || compareExpr(split[1], lead[1]) < 0) lead = split;
  }
  const content = Q.rational(lead && Q.isNegative(lead[0]) ? -g : g, l);
  if (Q.isOne(content) || Q.isZero(content)) return [Q.ONE, e];
  const inverse = num(Q.div(Q.ONE, content));
  return [content, add(...e.terms.map((t) => mul(inverse, t)))];
}

export const neg = (e: Expr): Expr => mul(MINUS_ONE, e);
export const div = (a: Expr, b: Expr): Expr => mul(a, pow(b, MINUS_ONE));
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));

// ---------------------------------------------------------------------------
// Sums

export function add(...terms: Expr[]): Expr {
  let constant = Q.ZERO;
  const like = new Map<number, [Expr, Rational]>();
  const push = (t: Expr): void => {
    if (t.kind === 'add') {
      for (const u of t.terms) push(u);
      return;
    }
    if (t.kind === 'num') {
      constant = Q.add(constant, t.value);
      return;
    }
    const [c, rest] = splitCoefficient(t);
    const entry = like.get(rest.id);
    if (entry) entry[1] = Q.add(entry[1], c);
    else like.set(rest.id, [rest, c]);
  };
  for (const t of terms) push(t);
  const out: Expr[] = [];
  for (const [rest, c] of like.values()) {
    if (Q.isZero(c)) continue;
    out.push(Q.isOne(c) ? rest : mul(num(c), rest));
  }
  if (out.length === 0) return num(constant);
  if (!Q.isZero(constant)) out.push(num(constant));
  if (out.length === 1) return out[0]!;
  sortExprs(out);
  return intern<Add>(`a:${childKey(out)}`, { kind: 'add', terms: out }, out);
}

// ---------------------------------------------------------------------------
// Powers

export function pow(base: Expr, exp: Expr): Expr {
  if (exp === ZERO) return ONE;
  if (exp === ONE) return base;
  if (base === ONE) return ONE;
  if (base === E) return call('exp', [exp]);
  if (base.kind === 'num' && exp.kind === 'num') {
    if (Q.isZero(base.value)) {
      if (Q.isNegative(exp.value)) return makePow(base, exp); // 1/0 stays visible; evaluation reports it
      return ZERO;
    }
    const folded = Q.powRational(base.value, exp.value);
    if (folded) return num(folded);
    // 12^(1/2) stays a power; a negative exponent keeps the exact reciprocal.
    return makePow(base, exp);
  }
  if (exp.kind === 'num' && Q.isInteger(exp.value)) {
    // (x^a)^n = x^(a*n) for integer n, always valid.
    if (base.kind === 'pow') return pow(base.base, mul(base.exp, exp));
    // (x*y)^n = x^n * y^n for integer n.
    if (base.kind === 'mul') return mul(...base.factors.map((f) => pow(f, exp)));
    // (c*P)^n = c^n * P^n for a sum with numeric content c: 1/(2*a + 2*b) is
    // 1/(2*(a + b)). An even power keeps its sign inside: (x - 1)^2 stays.
    if (base.kind === 'add') {
      let [content, primitive] = primitivePart(base);
      if (exp.value.num % 2n === 0n && Q.isNegative(content)) {
        primitive = mul(MINUS_ONE, primitive);
        content = Q.neg(content);
      }
      if (!Q.isOne(content)) return mul(pow(num(content), exp), pow(primitive, exp));
    }
  }
  // (x^2)^(1/2) is |x|, not x: only a positive-integer inner exponent over an
  // odd-root outer one would be safe, and we keep it simple by not merging.
  if (base.kind === 'call' && base.fn === 'exp') return call('exp', [mul(base.args[0]!, exp)]);
  return makePow(base, exp);
}

function makePow(base: Expr, exp: Expr): Pow {
  return intern<Pow>(`p:${base.id},${exp.id}`, { kind: 'pow', base, exp }, [base, exp]);
}

export const sqrt = (e: Expr): Expr => pow(e, HALF);

// ---------------------------------------------------------------------------
// Function calls

/**
 * Exact foldings and inverse pairs for calls. Numeric values that are not
 * exact (`sin(1)`) stay symbolic until evaluation.
 */
function foldCall(fn: string, args: readonly Expr[]): Expr | undefined {
  const a = args[0];
  if (!a) return undefined;
  const n = a.kind === 'num' ? a.value : undefined;
  const isZero = n !== undefined && Q.isZero(n);
  switch (fn) {
    case 'exp':
      if (isZero) return ONE;
      if (a === ONE) return E;
      if (a.kind === 'call' && a.fn === 'log') return a.args[0]!;
      return undefined;
    case 'log':
      if (a === ONE) return ZERO;
      if (a === E) return ONE;
      if (a.kind === 'call' && a.fn === 'exp') return a.args[0]!;
      return undefined;
    case 'sin': case 'tan': case 'tanh': case 'relu':
      return isZero ? ZERO : undefined;
    case 'cos':
      return isZero ? ONE : undefined;
    case 'sigmoid':
      return isZero ? HALF : undefined;
    case 'abs':
      if (n !== undefined) return num(Q.abs(n));
      if (a.kind === 'call' && a.fn === 'abs') return a;
      return undefined;
    case 'sign':
      return n !== undefined ? num(Q.compare(n, Q.ZERO)) : undefined;
    case 'step':
      // Heaviside step with step(0) = 0, matching relu'(0) = 0.
      return n !== undefined ? num(Q.compare(n, Q.ZERO) > 0 ? 1 : 0) : undefined;
    case 'max': case 'min': {
      if (!args.every(isNum)) return undefined;
      const vals = args.map((x) => (x as Num).value);
      let best = vals[0]!;
      for (const v of vals) if (fn === 'max' ? Q.compare(v, best) > 0 : Q.compare(v, best) < 0) best = v;
      return num(best);
    }
    default:
      if (n !== undefined && fn === 'relu') return num(Q.compare(n, Q.ZERO) > 0 ? n : Q.ZERO);
      return undefined;
  }
}

export function call(fn: string, args: readonly Expr[]): Expr {
  if (fn === 'relu' && args[0]?.kind === 'num') return num(Q.compare(args[0].value, Q.ZERO) > 0 ? args[0].value : Q.ZERO);
  const folded = foldCall(fn, args);
  if (folded) return folded;
  const list = [...args];
  return intern<Call>(`f:${fn}(${childKey(list)})`, { kind: 'call', fn, args: list }, list);
}

// ---------------------------------------------------------------------------
// Generic helpers

/** The operands of a node, in order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'num': case 'const': case 'sym': return [];
    case 'add': return e.terms;
    case 'mul': return e.factors;
    case 'pow': return [e.base, e.exp];
    case 'call': return e.args;
    case 'deriv': return [e.of, e.wrt];
    default: return assertNever(e);
  }
}

/** Rebuild a node of the same kind from new operands, through the canonical constructors. */
export function rebuild(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.kind) {
    case 'num': case 'const': case 'sym': return e;
    case 'add': return add(...kids);
    case 'mul': return mul(...kids);
    case 'pow': return pow(kids[0]!, kids[1]!);
    case 'call': return call(e.fn, kids);
    case 'deriv': {
      const w = kids[1]!;
      if (w.kind !== 'sym') throw new Error('derivative with respect to a non-name');
      return deriv(kids[0]!, w);
    }
    default: return assertNever(e);
  }
}

/** The distinct names an expression mentions, in first-seen order. */
export function freeSymbols(e: Expr): Sym[] {
  const seen = new Set<number>();
  const out: Sym[] = [];
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x.id)) continue;
    seen.add(x.id);
    if (x.kind === 'sym') out.push(x);
    const kids = children(x);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** How `mapDag` rewrites: `before` may replace a node as it is (its operands are then not visited); `after` sees the node rebuilt from rewritten operands. */
export interface DagRewrite {
  readonly before?: (e: Expr) => Expr | undefined;
  readonly after?: (e: Expr) => Expr;
}

/**
 * Rewrite a DAG bottom-up, memoised by node and without recursion, so a
 * shared subexpression is rewritten once and any depth works. A node whose
 * operands are unchanged is kept as it is (no rebuilding).
 */
export function mapDag(root: Expr, rewrite: DagRewrite): Expr {
  const memo = new Map<number, Expr>();
  const replaced = (x: Expr): boolean => {
    if (memo.has(x.id)) return true;
    const r = rewrite.before?.(x);
    if (r === undefined) return false;
    memo.set(x.id, r);
    return true;
  };
  for (const node of postOrder(root, replaced)) {
    const kids = children(node);
    const next = kids.map((k) => memo.get(k.id)!);
    const rebuilt = next.every((k, i) => k === kids[i]) ? node : rebuild(node, next);
    memo.set(node.id, rewrite.after ? rewrite.after(rebuilt) : rebuilt);
  }
  return memo.get(root.id)!;
}

/** Replace names by expressions everywhere, memoised over the DAG. */
export function substitute(e: Expr, bindings: ReadonlyMap<string, Expr>): Expr {
  return mapDag(e, { before: (x) => (x.kind === 'sym' ? bindings.get(x.name) ?? x : undefined) });
}

/**
 * The distinct nodes under `root` that `done` does not hold yet, operands
 * before the nodes that use them, found without recursion: a pass that
 * handles the nodes in this order, memoising as it goes, works on a DAG of
 * any depth.
 */
export function postOrder(root: Expr, done: (e: Expr) => boolean = () => false): Expr[] {
  const order: Expr[] = [];
  const visited = new Set<number>();
  const stack: [Expr, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [node, expanded] = stack.pop()!;
    if (expanded) {
      order.push(node);
      continue;
    }
    if (visited.has(node.id) || done(node)) continue;
    visited.add(node.id);
    stack.push([node, true]);
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, false]);
  }
  return order;
}

/** True when `e` holds a derivative `d(F)/d(x)` anywhere (an update rule's right side does). */
export function containsDerivative(e: Expr): boolean {
  const seen = new Set<number>();
  const stack = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === 'deriv') return true;
    if (seen.has(x.id)) continue;
    seen.add(x.id);
    stack.push(...children(x));
  }
  return false;
}

/** Number of distinct nodes in the DAG (shared subexpressions counted once). */
export function dagSize(roots: readonly Expr[]): number {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x.id)) continue;
    seen.add(x.id);
    for (const k of children(x)) stack.push(k);
  }
  return seen.size;
}
