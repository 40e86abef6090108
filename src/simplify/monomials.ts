/**
 * Expansions held as monomials instead of nodes, for the size-gated trials
 * of the simplifier (expanded-size.ts) and the quotient filter
 * (quotient-filter.ts): a rational coefficient times integer powers of
 * bases (names, calls other than exp, sums the expansion left whole),
 * keyed by those powers. Multiplying and adding monomials mirrors what the
 * canonical constructors do to such products and sums; where they would do
 * something else (a number times a lone sum distributes, a power of a sum
 * gives up its content), the operations here answer undefined.
 *
 * A base is one entry of a registry, found by its node or, for a sum, by
 * its monomials: the sum (a − b)² expands to and the primitive sum a
 * denominator's expansion leaves are one base whether or not that sum was
 * ever built as a node, so like terms meet here exactly where they would
 * meet in the built expansion.
 */

import { type Expr, num } from '../expr/node.ts';
import { add, mul, pow, primitivePart } from '../expr/canonical.ts';
import { freeSymbols } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';

export interface Base {
  /** Registry number: one base, one id; sorts the powers of a monomial. */
  readonly id: number;
  /** Nodes in the base's canonical form. */
  readonly size: number;
  /** Sum, name, call other than exp, or anything else (never an atom). */
  readonly kind: 'sum' | 'sym' | 'call' | 'other';
  /** A sum's content as primitivePart gives it (1 for a base made primitive here). */
  readonly content: Q.Rational;
  /** A sum's monomials, where they could be read. */
  readonly poly: Poly | undefined;
  /** The node; built from `poly` on first need for a base found by its monomials. */
  node: Expr | undefined;
  /** The names in the base, found on first need. */
  names: ReadonlySet<Expr> | undefined;
}

export interface Atom {
  readonly base: Base;
  readonly exp: number;
}

export interface Monomial {
  readonly coef: Q.Rational;
  /** Sorted by base id; no two share a base. */
  readonly atoms: readonly Atom[];
  /** The atoms as text: equal keys are like terms. */
  readonly key: string;
}

/** A sum of monomials with distinct keys and non-zero coefficients (the constant's key is ''). */
export type Poly = readonly Monomial[];

export const UNIT: Monomial = { coef: Q.ONE, atoms: [], key: '' };

// ---------------------------------------------------------------------------
// The registry of bases

const BY_NODE = new Map<number, Base>();
const BY_POLY = new Map<string, Base>();
let nextBase = 1;

/** A sum's monomials as text, in a fixed order: equal polynomials, equal keys. */
function polyKey(p: Poly): string {
  return p.map((m) => `${m.key}:${Q.toFraction(m.coef)}`).sort().join('|');
}

/** The base of a node (sums found by their monomials where readable). */
export function baseOf(e: Expr): Base {
  const hit = BY_NODE.get(e.id);
  if (hit !== undefined) return hit;
  let base: Base;
  if (e.kind === 'add') {
    const poly = read(e);
    const key = poly && polyKey(poly);
    const known = key === undefined ? undefined : BY_POLY.get(key);
    if (known !== undefined) {
      known.node ??= e;
      base = known;
    } else {
      base = { id: nextBase++, size: e.size, kind: 'sum', content: primitivePart(e)[0], poly, node: e, names: undefined };
      if (key !== undefined) BY_POLY.set(key, base);
    }
  } else {
    const kind = e.kind === 'sym' ? 'sym' : e.kind === 'call' && e.fn !== 'exp' ? 'call' : 'other';
    base = { id: nextBase++, size: e.size, kind, content: Q.ONE, poly: undefined, node: e, names: undefined };
  }
  BY_NODE.set(e.id, base);
  return base;
}

/** The base of a primitive sum given by its monomials (content 1), built as a node only on need. */
export function primitiveBase(p: Poly): Base {
  const key = polyKey(p);
  let base = BY_POLY.get(key);
  if (base === undefined) {
    base = { id: nextBase++, size: polySize(p), kind: 'sum', content: Q.ONE, poly: p, node: undefined, names: undefined };
    BY_POLY.set(key, base);
  }
  return base;
}

export function nodeOf(base: Base): Expr {
  if (base.node === undefined) {
    base.node = build(base.poly!);
    BY_NODE.set(base.node.id, base);
  }
  return base.node;
}

export function namesOf(base: Base): ReadonlySet<Expr> {
  if (base.names === undefined) {
    if (base.node !== undefined) base.names = new Set(freeSymbols(base.node));
    else {
      const names = new Set<Expr>();
      for (const m of base.poly!) for (const a of m.atoms) for (const x of namesOf(a.base)) names.add(x);
      base.names = names;
    }
  }
  return base.names;
}

/**
 * Whether `base^exp` is one power node the constructors keep as written,
 * merging only its exponent with like bases: a name, a call other than
 * exp, or a sum whose content `pow` would not take out (1, or −1 under an
 * even power).
 */
function plainAtom(base: Base, exp: number): boolean {
  if (base.kind === 'sym' || base.kind === 'call') return true;
  if (base.kind !== 'sum') return false;
  return Q.isOne(base.content) || (exp % 2 === 0 && Q.equals(base.content, Q.MINUS_ONE));
}

// ---------------------------------------------------------------------------
// Arithmetic

const keyOf = (atoms: readonly Atom[]): string => {
  let k = '';
  for (const a of atoms) k += `${a.base.id}^${a.exp},`;
  return k;
};

/**
 * A monomial, or undefined when the constructors would not keep it as one:
 * a lone sum to the first power (its terms would spill into the sum around
 * it; times a number it distributes).
 */
export function monomial(coef: Q.Rational, atoms: Atom[]): Monomial | undefined {
  if (atoms.length === 1 && atoms[0]!.exp === 1 && atoms[0]!.base.kind === 'sum') return undefined;
  return { coef, atoms, key: keyOf(atoms) };
}

/** The product of two monomials as `mul` builds it: exponents of like bases added. */
function times(a: Monomial, b: Monomial): Monomial | undefined {
  const atoms: Atom[] = [];
  let i = 0;
  let j = 0;
  while (i < a.atoms.length || j < b.atoms.length) {
    const x = a.atoms[i];
    const y = b.atoms[j];
    if (y === undefined || (x !== undefined && x.base.id < y.base.id)) {
      atoms.push(x!);
      i++;
    } else if (x === undefined || y.base.id < x.base.id) {
      atoms.push(y);
      j++;
    } else {
      const exp = x.exp + y.exp;
      if (exp !== 0) {
        if (!plainAtom(x.base, exp)) return undefined;
        atoms.push({ base: x.base, exp });
      }
      i++;
      j++;
    }
  }
  return monomial(Q.mul(a.coef, b.coef), atoms);
}

/** Monomials collected as `add` collects like terms. */
export function collect(monomials: Iterable<Monomial>): Poly {
  const byKey = new Map<string, Monomial>();
  for (const m of monomials) {
    const seen = byKey.get(m.key);
    byKey.set(m.key, seen ? { coef: Q.add(seen.coef, m.coef), atoms: m.atoms, key: m.key } : m);
  }
  const out: Monomial[] = [];
  for (const m of byKey.values()) if (!Q.isZero(m.coef)) out.push(m);
  return out;
}

export function product(a: Poly, b: Poly): Poly | undefined {
  const terms: Monomial[] = [];
  for (const x of a) {
    for (const y of b) {
      const m = times(x, y);
      if (m === undefined) return undefined;
      terms.push(m);
    }
  }
  return collect(terms);
}

export function samePoly(a: Poly, b: Poly): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map<string, Q.Rational>();
  for (const m of a) byKey.set(m.key, m.coef);
  return b.every((m) => {
    const c = byKey.get(m.key);
    return c !== undefined && Q.equals(c, m.coef);
  });
}

// ---------------------------------------------------------------------------
// Reading nodes, building them, sizes

/** A factor of a canonical product as an atom, or undefined. */
function atomOf(f: Expr): Atom | undefined {
  if (f.kind === 'pow') {
    if (f.exp.kind !== 'num' || !Q.isInteger(f.exp.value)) return undefined;
    const exp = Number(f.exp.value.num);
    if (!Number.isSafeInteger(exp)) return undefined;
    const base = baseOf(f.base);
    return plainAtom(base, exp) ? { base, exp } : undefined;
  }
  const base = baseOf(f);
  return plainAtom(base, 1) ? { base, exp: 1 } : undefined;
}

/** A canonical term (not a sum) read as a monomial, or undefined. */
function readTerm(t: Expr): Monomial | undefined {
  if (t.kind === 'num') return { coef: t.value, atoms: [], key: '' };
  let coef = Q.ONE;
  const atoms: Atom[] = [];
  for (const f of t.kind === 'mul' ? t.factors : [t]) {
    if (f.kind === 'num') {
      coef = Q.mul(coef, f.value);
      continue;
    }
    const a = atomOf(f);
    if (a === undefined) return undefined;
    atoms.push(a);
  }
  atoms.sort((x, y) => x.base.id - y.base.id);
  return monomial(coef, atoms);
}

/** A canonical node read as a sum of monomials, or undefined. */
export function read(e: Expr): Poly | undefined {
  const out: Monomial[] = [];
  for (const t of e.kind === 'add' ? e.terms : [e]) {
    const m = readTerm(t);
    if (m === undefined) return undefined;
    if (!Q.isZero(m.coef)) out.push(m);
  }
  return out;
}

/** The canonical node of monomials: what `expand` returns for them. */
export function build(p: Poly): Expr {
  return add(...p.map((m) => mul(num(m.coef), ...m.atoms.map((a) => (a.exp === 1 ? nodeOf(a.base) : pow(nodeOf(a.base), num(a.exp)))))));
}

/** Nodes in a monomial's canonical form. */
function monomialSize(m: Monomial): number {
  if (m.atoms.length === 0) return 1;
  let size = 0;
  for (const a of m.atoms) size += a.exp === 1 ? a.base.size : a.base.size + 2;
  const factors = m.atoms.length + (Q.isOne(m.coef) ? 0 : 1);
  if (!Q.isOne(m.coef)) size += 1;
  return factors === 1 ? size : size + 1;
}

/** Nodes in the canonical form of a sum of monomials. */
export function polySize(p: Poly): number {
  if (p.length === 0) return 1;
  if (p.length === 1) return monomialSize(p[0]!);
  let size = 1;
  for (const m of p) size += monomialSize(m);
  return size;
}

/**
 * `P^n` as `pow` builds it for the sum of monomials P (two or more), when
 * the content `pow` takes out can be told without building P: its sign is
 * the leading term's, which is the constant when there is one (a number
 * sorts first) or any term when all have one sign. Undefined otherwise.
 */
export function powerOfSum(p: Poly, n: number): Poly | undefined {
  if (p.length < 2) return undefined;
  let g = 0n;
  let l = 1n;
  let positive = 0;
  let constant: Monomial | undefined;
  for (const m of p) {
    g = gcd(g, m.coef.num);
    l = (l * m.coef.den) / gcd(l, m.coef.den);
    if (!Q.isNegative(m.coef)) positive++;
    if (m.atoms.length === 0) constant = m;
  }
  let sign: bigint;
  if (constant !== undefined) sign = Q.isNegative(constant.coef) ? -1n : 1n;
  else if (positive === 0 || positive === p.length) sign = positive === 0 ? -1n : 1n;
  else return undefined;
  // An even power of a sum whose content is negative keeps the sum as written.
  if (sign < 0n && n % 2 === 0) return undefined;
  const content = Q.rational(sign * g, l);
  const primitive = Q.isOne(content) ? p : p.map((m) => ({ coef: Q.div(m.coef, content), atoms: m.atoms, key: m.key }));
  const coef = Q.powInt(content, BigInt(n));
  if (coef === undefined) return undefined;
  const m = monomial(coef, [{ base: primitiveBase(primitive), exp: n }]);
  return m && [m];
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
