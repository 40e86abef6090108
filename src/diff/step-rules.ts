/**
 * What one node's derivative step is called, and its formula with the
 * operands' derivatives still written `d(F)/d(x)`: the textbook's name for
 * the rule the differentiator applied at that node (SPEC §13).
 *
 * Invariant: the formula is `derivativeRule` itself, called with
 * placeholders in place of the operands' derivatives, so replacing every
 * placeholder by the derivative the pass found gives the pass's own result
 * (the trace is the derivation, not a second one told beside it). The only
 * regrouping is the quotient rule: a reciprocal factor's power rule is
 * applied inside the quotient step, as a textbook writes (f/g)′.
 */

import { assertNever, deriv, type Expr, ONE, type Sym, ZERO } from '../expr/node.ts';
import { mul, pow, splitCoefficient } from '../expr/canonical.ts';
import type { StepMessageKey, StepParam } from '../messages/steps-en.ts';
import { call } from '../functions.ts';
import { derivativeRule } from './diff.ts';

/** The stable rule codes of SPEC §13. */
export type StepRule =
  | 'sum' | 'constant-multiple' | 'product' | 'quotient' | 'power'
  | 'chain' | 'function' | 'substitute' | 'simplify';

/** A substep: the derivative of the outer function of a chain, by a fresh name. */
export interface SubStep {
  readonly rule: StepRule;
  readonly key: StepMessageKey;
  readonly params: Readonly<Record<string, StepParam>>;
  /** d(of)/d(wrt) is the sub-derivative this substep works on. */
  readonly of: Expr;
  readonly wrt: Sym;
  /** The sub-derivative after it. */
  readonly expr: Expr;
}

/** One node's step: its rule, sentence, formula and the placeholders the formula leaves. */
export interface NodeStep {
  readonly rule: StepRule;
  readonly key: StepMessageKey;
  readonly params: Readonly<Record<string, StepParam>>;
  /** d(of)/d(x) with the operands' derivatives written d(F)/d(x). */
  readonly formula: Expr;
  /** The operands left as d(F)/d(x) in the formula, in order. */
  readonly pending: readonly Expr[];
  readonly substeps: readonly SubStep[];
}

/** A reciprocal factor g^(−k): its power rule is part of the quotient rule. */
const isReciprocal = (f: Expr): boolean => f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.num < 0n;

/**
 * The step at `node` (which depends on `x`): `derivativeOf` gives the
 * derivative the pass found for an operand, `fresh` the name a chain's inner
 * expression is called.
 */
export function nodeStep(node: Expr, x: Sym, derivativeOf: (e: Expr) => Expr, fresh: Sym): NodeStep {
  const pending: Expr[] = [];
  const placeholder = (f: Expr): Expr => {
    if (f === x) return ONE;
    if (derivativeOf(f) === ZERO) return ZERO;
    if (!pending.includes(f)) pending.push(f);
    return deriv(f, x);
  };
  const dependsOn = (f: Expr): boolean => derivativeOf(f) !== ZERO;
  const plain = (key: StepMessageKey, rule: StepRule, params: Record<string, StepParam>): NodeStep =>
    ({ rule, key, params, formula: derivativeRule(node, x, placeholder), pending, substeps: [] });
  // Only an expression asked about as a whole can be free of x (operands that are have no step).
  if (!dependsOn(node)) return plain('constant', 'constant-multiple', { of: node, wrt: x });
  switch (node.kind) {
    case 'num': case 'const': case 'sym':
      // Only x itself is left here: d(x)/d(x) = 1, the power rule for x^1.
      return plain('power', 'power', { of: node, wrt: x, result: derivativeRule(node, x, placeholder) });
    case 'add':
      // A difference is a sum with a negative term (a − b is a + (−1)·b).
      return plain(node.terms.some((t) => splitCoefficient(t)[0].num < 0n) ? 'difference' : 'sum', 'sum', { of: node, wrt: x });
    case 'mul': {
      const dep = node.factors.filter(dependsOn);
      const recips = dep.filter(isReciprocal);
      if (recips.length > 0 && recips.length < dep.length) {
        const inQuotient = (f: Expr): Expr => (isReciprocal(f) ? derivativeRule(f, x, placeholder) : placeholder(f));
        return { rule: 'quotient', key: 'quotient', params: { of: node, wrt: x }, formula: derivativeRule(node, x, inQuotient), pending, substeps: [] };
      }
      if (dep.length > 1) return plain('product', 'product', { of: node, wrt: x });
      const constant = mul(...node.factors.filter((f) => !dependsOn(f)));
      return plain('constant-multiple', 'constant-multiple', { of: node, wrt: x, constant });
    }
    case 'pow': {
      if (dependsOn(node.exp)) return plain('power-general', 'power', { of: node, wrt: x });
      if (node.base === x) return plain('power', 'power', { of: node, wrt: x, result: derivativeRule(node, x, placeholder) });
      const outer = pow(fresh, node.exp);
      return chainStep(node, x, fresh, node.base, outer, 'power', '', placeholder, pending);
    }
    case 'call': {
      const dep = node.args.filter(dependsOn);
      if (dep.length === 1 && dep[0] === x) {
        return plain('function', 'function', { fn: node.fn, of: node, wrt: x, result: derivativeRule(node, x, placeholder) });
      }
      if (dep.length > 1) return plain('chain-many', 'chain', { of: node, wrt: x, fn: node.fn });
      const inner = dep[0]!;
      const outer = call(node.fn, node.args.map((a) => (a === inner ? fresh : a)));
      return chainStep(node, x, fresh, inner, outer, 'function', node.fn, placeholder, pending);
    }
    case 'deriv':
      throw new Error('derivative nodes are resolved before a derivation is traced');
    default:
      return assertNever(node);
  }
}

/**
 * f(g(x)): one chain step whose formula is the pass's own (f′(g)·d(g)/d(x)),
 * with a substep that differentiates the outer function by a fresh name u.
 */
function chainStep(
  node: Expr, x: Sym, u: Sym, inner: Expr, outer: Expr, subRule: 'function' | 'power', fn: string,
  placeholder: (f: Expr) => Expr, pending: Expr[],
): NodeStep {
  const byU = (f: Expr): Expr => (f === u ? ONE : ZERO);
  const outerDerivative = derivativeRule(outer, u, byU);
  const sub: SubStep = subRule === 'function'
    ? { rule: 'function', key: 'function', params: { fn, of: outer, wrt: u, result: outerDerivative }, of: outer, wrt: u, expr: outerDerivative }
    : { rule: 'power', key: 'power', params: { of: outer, wrt: u, result: outerDerivative }, of: outer, wrt: u, expr: outerDerivative };
  return {
    rule: 'chain', key: 'chain', params: { of: node, wrt: x, u, inner, outer },
    formula: derivativeRule(node, x, placeholder), pending, substeps: [sub],
  };
}
