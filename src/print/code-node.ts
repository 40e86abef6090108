/**
 * The code of one node of a gradient program, in JavaScript or NumPy, over
 * the locals that hold its operands: a sum as `a + b - c`, a product as
 * `2 * a * b / c`, the powers the evaluation tape has instructions for, a
 * call as its registry row spells it.
 *
 * Invariants: a node's code reads exactly the nodes `operandsRead` lists
 * (so the emitter defines those first); the code computes what `compile`
 * computes, including the real odd roots of negative numbers.
 */

import { assertNever, type Expr, MINUS_ONE } from '../expr/node.ts';
import { mul } from '../expr/canonical.ts';
import { children } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';
import { NablaError } from '../errors.ts';
import { functionRow, type CodeHelper } from '../functions.ts';
import { numberLiteral } from './code-syntax.ts';
import { msg } from '../messages/format.ts';

/** What the code of a node needs from the program being written. */
export interface NodeCodeContext {
  readonly python: boolean;
  /** The code of an operand: a literal, a name's local, or the local holding a node already written. */
  readonly ref: (e: Expr) => string;
  /** Record a helper function the module must define. */
  readonly needHelper: (helper: CodeHelper) => void;
}

/** The leading numeric coefficient of a product, if any. */
function coefficient(e: Expr): Q.Rational | undefined {
  if (e.kind !== 'mul') return undefined;
  const first = e.factors[0]!;
  return first.kind === 'num' ? first.value : undefined;
}

const isNegativeTerm = (e: Expr): boolean =>
  e.kind === 'num' ? Q.isNegative(e.value) : Q.isNegative(coefficient(e) ?? Q.ONE);

const isReciprocal = (e: Expr): e is Expr & { kind: 'pow' } =>
  e.kind === 'pow' && e.exp.kind === 'num' && Q.equals(e.exp.value, Q.MINUS_ONE);

/** The code of a number or a constant, which needs no local: `2`, `(-0.5)`, `Math.PI`, `np.e`. */
export function literalCode(e: Expr & { kind: 'num' | 'const' }, python: boolean): string {
  if (e.kind === 'const') return python ? (e.name === 'e' ? 'np.e' : 'np.pi') : e.name === 'e' ? 'Math.E' : 'Math.PI';
  const x = Q.toNumber(e.value);
  return x < 0 ? `(${numberLiteral(x, python)})` : numberLiteral(x, python);
}

/** The nodes a node's code reads: what must be emitted before it. */
export function operandsRead(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'add':
      // A term with a negative coefficient is written `a - b`: the code reads b = −term.
      return e.terms.map((t) => (isNegativeTerm(t) && t.kind !== 'num' ? mul(MINUS_ONE, t) : t));
    case 'mul':
      // `a * b / c`: the code reads the base of a reciprocal factor.
      return e.factors.map((f) => (isReciprocal(f) ? f.base : f));
    case 'pow':
      return e.exp.kind === 'num' ? [e.base] : [e.base, e.exp];
    case 'num': case 'const': case 'sym': case 'call': case 'deriv':
      return children(e);
    default:
      return assertNever(e);
  }
}

/** Python's own floats raise on 1/0.0: a divisor that is a bare number is a NumPy float, which gives inf. */
const divisor = (e: Expr, c: NodeCodeContext): string =>
  (c.python && (e.kind === 'num' || e.kind === 'const') ? `np.float64(${c.ref(e)})` : c.ref(e));

function addCode(e: Expr & { kind: 'add' }, c: NodeCodeContext): string {
  const pos = e.terms.filter((t) => !isNegativeTerm(t));
  const negs = e.terms.filter(isNegativeTerm);
  const magnitude = (t: Expr): string => (t.kind === 'num' ? numberLiteral(-Q.toNumber(t.value), c.python) : c.ref(mul(MINUS_ONE, t)));
  const head = pos.length > 0 ? pos.map(c.ref).join(' + ') : `-${magnitude(negs.shift()!)}`;
  return head + negs.map((t) => ` - ${magnitude(t)}`).join('');
}

function mulCode(e: Expr & { kind: 'mul' }, c: NodeCodeContext): string {
  const k = coefficient(e);
  const rest = k === undefined ? e.factors : e.factors.slice(1);
  const over = rest.filter((f) => !isReciprocal(f)).map(c.ref);
  const under = rest.filter(isReciprocal).map((f) => divisor(f.base, c));
  const kx = k === undefined ? 1 : Q.toNumber(k);
  if (over.length === 0) return `${kx === -1 ? '-1' : numberLiteral(kx, c.python)} / ${under.join(' / ')}`;
  const sign = kx === -1 ? '-' : kx === 1 ? '' : `${numberLiteral(kx, c.python)} * `;
  return `${sign}${over.join(' * ')}${under.map((u) => ` / ${u}`).join('')}`;
}

function powCode(e: Expr & { kind: 'pow' }, c: NodeCodeContext): string {
  const python = c.python;
  const b = c.ref(e.base);
  const d = divisor(e.base, c);
  const power = (x: string, p: string): string => `${python ? 'np.power' : 'Math.pow'}(${x}, ${p})`;
  const sqrt = (x: string): string => `${python ? 'np.sqrt' : 'Math.sqrt'}(${x})`;
  if (e.exp.kind !== 'num') return power(b, c.ref(e.exp));
  const q = e.exp.value;
  const p = Q.toNumber(q);
  if (p === 2) return `${b} * ${b}`;
  if (p === -1) return `1 / ${d}`;
  if (p === -2) return `1 / (${d} * ${d})`;
  if (p === 0.5) return sqrt(b);
  if (p === -0.5) return `1 / ${sqrt(b)}`;
  const pl = p < 0 ? `(${numberLiteral(p, python)})` : numberLiteral(p, python);
  if (q.den % 2n === 1n && q.den !== 1n) {
    // A real odd root: (−b)^(n/d) = (−1)^n · |b|^(n/d) for odd d, as compile's realPow.
    const odd = q.num % 2n !== 0n;
    if (python) return odd ? `np.copysign(np.power(np.abs(${b}), ${pl}), ${b})` : `np.power(np.abs(${b}), ${pl})`;
    return odd ? `(${b} < 0 ? -Math.pow(-${b}, ${pl}) : Math.pow(${b}, ${pl}))` : `Math.pow(Math.abs(${b}), ${pl})`;
  }
  return power(b, pl);
}

function callCode(e: Expr & { kind: 'call' }, c: NodeCodeContext): string {
  const row = functionRow(e.fn);
  const args = e.args.map(c.ref);
  if (c.python) return row.numpy.call(args);
  if (row.js.helper) c.needHelper(row.js.helper);
  return row.js.call(args);
}

/** The code of a node that is an operation (not a leaf), over the locals of its operands. */
export function nodeCode(e: Expr, c: NodeCodeContext): string {
  switch (e.kind) {
    case 'add': return addCode(e, c);
    case 'mul': return mulCode(e, c);
    case 'pow': return powCode(e, c);
    case 'call': return callCode(e, c);
    case 'deriv': throw new NablaError(msg('internal.unresolved-codegen', {}));
    case 'num': case 'const': case 'sym': return c.ref(e);
    default: return assertNever(e);
  }
}
