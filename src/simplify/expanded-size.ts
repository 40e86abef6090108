/**
 * The size `expand` would give, found without building the expansion: the
 * simplifier's expand-if-smaller trial asks at every sum whether expanding
 * makes it smaller, which it almost never does, and building each expansion
 * (interning every monomial and every sum of them, sorting, keying) was most
 * of the time of simplifying a large polynomial or rational tree.
 *
 * An expansion is kept here as a list of monomials, each a rational
 * coefficient times powers of atoms (names, calls, sums left as they are)
 * with integer exponents, keyed by its atoms; multiplying and adding them
 * mirrors what the canonical constructors do to such monomials, and `expand`
 * itself (its term limit, what it leaves alone) is followed step by step.
 * Where the constructors would do something else (a number times a lone sum
 * distributes, a power of a sum gives up its content, e^u, roots), the
 * expansion is built for real with `expand` and read back; where even that
 * cannot be read, the answer is "unknown" and the caller runs the real trial.
 */

import { type Expr, num } from '../expr/node.ts';
import { add, mul, pow, primitivePart } from '../expr/canonical.ts';
import { freeSymbols } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';
import { expand, MAX_EXPANDED_TERMS, MAX_EXPANDED_POWER } from './expand.ts';

interface Atom {
  readonly base: Expr;
  readonly exp: number;
}

interface Monomial {
  readonly coef: Q.Rational;
  /** Sorted by the base's id; no two share a base. */
  readonly atoms: readonly Atom[];
  /** The atoms as text: equal keys are like terms. */
  readonly key: string;
}

/** A sum of monomials with distinct keys and non-zero coefficients (the constant's key is ''). */
type Poly = readonly Monomial[];

/** Expansions by node id, for the life of the process (nodes are immutable); null where unknown. */
const FAST = new Map<number, Poly | null>();
/** The content of a sum (primitivePart), by id. */
const CONTENT = new Map<number, Q.Rational>();

function contentOf(sum: Expr & { kind: 'add' }): Q.Rational {
  let c = CONTENT.get(sum.id);
  if (c === undefined) {
    c = primitivePart(sum)[0];
    CONTENT.set(sum.id, c);
  }
  return c;
}

/**
 * Whether `base^exp` is one power node the constructors keep as written,
 * merging only its exponent with like bases: a name, a call other than exp,
 * or a sum whose content `pow` would not take out (1, or −1 under an even
 * power).
 */
function plainAtom(base: Expr, exp: number): boolean {
  if (base.kind === 'sym') return true;
  if (base.kind === 'call') return base.fn !== 'exp';
  if (base.kind === 'add') {
    const c = contentOf(base);
    return Q.isOne(c) || (exp % 2 === 0 && Q.equals(c, Q.MINUS_ONE));
  }
  return false;
}

const keyOf = (atoms: readonly Atom[]): string => {
  let k = '';
  for (const a of atoms) k += `${a.base.id}^${a.exp},`;
  return k;
};

/**
 * A monomial, or undefined when the constructors would not keep it as one:
 * a lone sum to the first power (a sum's terms would spill into the sum
 * around it; times a number it distributes).
 */
function monomial(coef: Q.Rational, atoms: Atom[]): Monomial | undefined {
  if (atoms.length === 1 && atoms[0]!.exp === 1 && atoms[0]!.base.kind === 'add') return undefined;
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
function collect(monomials: Iterable<Monomial>): Poly {
  const byKey = new Map<string, Monomial>();
  for (const m of monomials) {
    const seen = byKey.get(m.key);
    byKey.set(m.key, seen ? { coef: Q.add(seen.coef, m.coef), atoms: m.atoms, key: m.key } : m);
  }
  const out: Monomial[] = [];
  for (const m of byKey.values()) if (!Q.isZero(m.coef)) out.push(m);
  return out;
}

function product(a: Poly, b: Poly): Poly | undefined {
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

/** A factor of a canonical product as an atom, or undefined. */
function atomOf(f: Expr): Atom | undefined {
  if (f.kind === 'pow') {
    if (f.exp.kind !== 'num' || !Q.isInteger(f.exp.value)) return undefined;
    const exp = Number(f.exp.value.num);
    if (!Number.isSafeInteger(exp)) return undefined;
    return plainAtom(f.base, exp) ? { base: f.base, exp } : undefined;
  }
  return plainAtom(f, 1) ? { base: f, exp: 1 } : undefined;
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
function read(e: Expr): Poly | undefined {
  const out: Monomial[] = [];
  for (const t of e.kind === 'add' ? e.terms : [e]) {
    const m = readTerm(t);
    if (m === undefined) return undefined;
    if (!Q.isZero(m.coef)) out.push(m);
  }
  return out;
}

/**
 * A factor whose expansion is a small power of a sum, (a + b)^n, is
 * multiplied out by `expand` as n copies of the sum: those copies (the
 * sum's own terms read), or undefined for any other factor.
 */
function sumCopies(p: Poly): (Poly | undefined)[] | undefined {
  const m = p.length === 1 ? p[0]! : undefined;
  const a = m !== undefined && m.atoms.length === 1 && Q.isOne(m.coef) ? m.atoms[0]! : undefined;
  if (a === undefined || a.base.kind !== 'add' || a.exp < 2 || a.exp > MAX_EXPANDED_POWER) return undefined;
  return Array<Poly | undefined>(a.exp).fill(read(a.base));
}

/** How many operands `distribute` sees for a factor whose expansion is `p`. */
const partsOf = (p: Poly): number => (p.length >= 2 ? p.length : 1);

/** The expansion of `e` as monomials, following `expand` case by case; undefined where unknown. */
function expansion(e: Expr): Poly | undefined {
  const hit = FAST.get(e.id);
  if (hit !== undefined) return hit ?? undefined;
  const out = expansionNode(e) ?? read(expand(e));
  FAST.set(e.id, out ?? null);
  return out;
}

function expansionNode(e: Expr): Poly | undefined {
  switch (e.kind) {
    case 'num':
    case 'sym':
    case 'call':
      return read(e);
    case 'add': {
      const all: Monomial[] = [];
      for (const t of e.terms) {
        const p = expansion(t);
        if (p === undefined) return undefined;
        all.push(...p);
      }
      return collect(all);
    }
    case 'mul': {
      let acc: Poly = [{ coef: Q.ONE, atoms: [], key: '' }];
      let parts = 1;
      for (const f of e.factors) {
        const p = expansion(f);
        if (p === undefined) return undefined;
        for (const q of sumCopies(p) ?? [p]) {
          if (q === undefined) return undefined;
          parts *= partsOf(q);
          // Past the term limit `expand` leaves the product as it is.
          if (parts > MAX_EXPANDED_TERMS) return read(e);
          const next = product(acc, q);
          if (next === undefined) return undefined;
          acc = next;
        }
      }
      return acc;
    }
    case 'pow': {
      if (e.exp.kind !== 'num' || !Q.isInteger(e.exp.value)) return undefined;
      const n = Number(e.exp.value.num);
      if (e.base.kind === 'add') {
        const base = expansion(e.base);
        if (base === undefined) return undefined;
        // What `expand` leaves a power (its base expanded): built from the
        // monomials, which costs one sum, not the expansion's every step.
        if (n < 2 || n > MAX_EXPANDED_POWER || partsOf(base) ** n > MAX_EXPANDED_TERMS) {
          // A sum that expands to itself leaves the power as it is.
          const own = read(e.base);
          return own !== undefined && samePoly(own, base) ? read(e) : read(pow(build(base), e.exp));
        }
        let acc = base;
        for (let k = 1; k < n; k++) {
          const next = product(acc, base);
          if (next === undefined) return undefined;
          acc = next;
        }
        return acc;
      }
      return e.base.kind === 'sym' || e.base.kind === 'call' ? read(e) : undefined;
    }
    default:
      return undefined;
  }
}

function samePoly(a: Poly, b: Poly): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map<string, Q.Rational>();
  for (const m of a) byKey.set(m.key, m.coef);
  return b.every((m) => {
    const c = byKey.get(m.key);
    return c !== undefined && Q.equals(c, m.coef);
  });
}

/** The canonical node of an expansion: what `expand` returns for it. */
function build(p: Poly): Expr {
  return add(...p.map((m) => mul(num(m.coef), ...m.atoms.map((a) => (a.exp === 1 ? a.base : pow(a.base, num(a.exp)))))));
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

/**
 * The size of `expand(e)`, or undefined when it is not known without
 * building it, or when factor-common could still shrink the expansion
 * (every monomial shares an atom): the trial must then be run for real.
 */
export function expandedSize(e: Expr): number | undefined {
  const p = expansion(e);
  if (p === undefined) return undefined;
  if (p.length === 0) return 1;
  if (p.length === 1) return monomialSize(p[0]!);
  let size = 1;
  for (const m of p) size += monomialSize(m);
  // An atom (base and exponent) in every monomial: factor-common may take it out.
  for (const a of p[0]!.atoms) {
    if (p.every((m) => m.atoms.some((b) => b.base === a.base && b.exp === a.exp))) return undefined;
  }
  return size;
}

/** Highest degree toPoly reads (polynomial.ts). */
const MAX_POLY_DEGREE = 12;

/** A prime below 2^25: products of two residues stay exact in a double. */
const PRIME = 33554393;

const modMul = (a: number, b: number): number => (a * b) % PRIME;

function modPow(a: number, n: number): number {
  let result = 1;
  let base = a % PRIME;
  for (let k = Math.abs(n); k > 0; k >>= 1) {
    if (k & 1) result = modMul(result, base);
    base = modMul(base, base);
  }
  return n < 0 ? modInverse(result) : result;
}

/** The inverse modulo PRIME of a residue that is not 0. */
const modInverse = (a: number): number => modPow(a, PRIME - 2);

/** A rational modulo PRIME, or undefined when its denominator is a multiple of it. */
function modOf(q: Q.Rational): number | undefined {
  const p = BigInt(PRIME);
  const den = Number(((q.den % p) + p) % p);
  if (den === 0) return undefined;
  return modMul(Number(((q.num % p) + p) % p), modInverse(den));
}

/**
 * `e` expanded, as coefficients by degree in x modulo PRIME, every atom
 * other than x given a fixed value of its own (by its id); undefined where
 * the expansion or a value is unknown, and `false` where it is not a
 * polynomial in x as toPoly reads one. `univariate` says whether no other
 * atom occurred.
 */
function valuedPoly(e: Expr, x: Expr): { coefs: number[]; univariate: boolean } | false | undefined {
  const p = expansion(e);
  if (p === undefined) return undefined;
  const coefs: number[] = [];
  let univariate = true;
  for (const m of p) {
    let degree = 0;
    let value = modOf(m.coef);
    if (value === undefined) return undefined;
    for (const a of m.atoms) {
      if (a.base === x) {
        if (a.exp < 0) return false;
        degree += a.exp;
      } else if (a.base.kind !== 'sym' && namesOf(a.base).has(x)) {
        return false;
      } else {
        univariate = false;
        value = modMul(value, modPow(2 + ((a.base.id * 7919) % 100_003), a.exp));
      }
    }
    if (degree > MAX_POLY_DEGREE) return false;
    while (coefs.length <= degree) coefs.push(0);
    coefs[degree] = (coefs[degree]! + value) % PRIME;
  }
  return { coefs, univariate };
}

/** The names in an atom, by its id (atoms recur in many monomials). */
const NAMES = new Map<number, ReadonlySet<Expr>>();
function namesOf(e: Expr): ReadonlySet<Expr> {
  let names = NAMES.get(e.id);
  if (names === undefined) {
    names = new Set(freeSymbols(e));
    NAMES.set(e.id, names);
  }
  return names;
}

/**
 * hasNumberLead (polynomial.ts) read from the monomials, without building
 * the expansion; undefined where the expansion is unknown.
 */
export function numberLeads(e: Expr, x: Expr): boolean | undefined {
  const p = expansion(e);
  if (p === undefined) return undefined;
  let top = 0;
  let topIsNumber = false;
  for (const m of p) {
    let degree = 0;
    let isNumber = true;
    for (const a of m.atoms) {
      if (a.base === x) {
        if (a.exp < 0) return false;
        degree += a.exp;
      } else if (a.base.kind !== 'sym' && namesOf(a.base).has(x)) {
        return false;
      } else isNumber = false;
    }
    if (degree > MAX_POLY_DEGREE) return false;
    if (degree > top) {
      top = degree;
      topIsNumber = isNumber;
    } else if (degree === top) topIsNumber &&= isNumber;
  }
  return top >= 1 && topIsNumber;
}

/**
 * Whether n may be a multiple of d modulo PRIME (d's leading coefficient
 * is a number, not 0). A remainder that is not 0 modulo PRIME is not 0.
 */
function mayDivide(d: readonly number[], n: readonly number[]): boolean {
  // A leading number that is a multiple of PRIME: nothing can be said.
  const top = d.length - 1;
  if (top < 0 || d[top] === 0) return true;
  const inverse = modInverse(d[top]!);
  const r = [...n];
  for (let k = r.length - 1; k >= top; k--) {
    if (r[k] === 0) continue;
    const c = modMul(r[k]!, inverse);
    for (let j = 0; j <= top; j++) r[k - top + j] = (r[k - top + j]! - modMul(c, d[j]!) + PRIME) % PRIME;
  }
  return r.every((c) => c === 0);
}

/**
 * False when the quotient numerator/denominator can have no polynomial
 * factor in x to cancel, as cancel-common-factor looks for one: the
 * numerator is no polynomial in x, or one side has other names (so only a
 * divisor of the whole numerator counts) and the denominator does not
 * divide the numerator with the other atoms given numbers (if it divided
 * as expressions it would divide for every value). True where it may:
 * the rule then does its real work.
 */
export function mayCancelIn(numerator: Expr, denominator: Expr, x: Expr): boolean {
  const n = valuedPoly(numerator, x);
  if (n === false) return false;
  const d = valuedPoly(denominator, x);
  if (n === undefined || d === undefined || d === false) return true;
  if (n.univariate && d.univariate) return true;
  return mayDivide(d.coefs, n.coefs);
}

/** The expansion built from its monomials (for tests: it must be `expand`'s node). */
export function expandedNodeForTest(e: Expr): Expr | undefined {
  const p = expansion(e);
  return p && build(p);
}
