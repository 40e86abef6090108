/**
 * Reverse-mode symbolic gradients: the whole gradient of one expression with
 * respect to all its names in one backward sweep over the hash-consed DAG,
 * as backpropagation does.
 *
 * The result is a straight-line program: the forward DAG's nodes, then
 * adjoint temporaries (`$a0`, `$a1`, …: names no formula can write), each a
 * small expression over forward nodes and earlier temporaries. A node's
 * adjoint is bound to a temporary before it is propagated, so no adjoint is
 * ever copied into its children's: time and program size are linear in the
 * size of the forward DAG (the cheap-gradient principle).
 */

import { assertNever, type Expr, HALF, MINUS_ONE, num, ONE, type Sym, sym, ZERO } from '../expr/node.ts';
import { add, mul, pow, sub } from '../expr/canonical.ts';
import { children, freeSymbols, substitute, topologicalOrder } from '../expr/walk.ts';
import { call, functionRow } from '../functions.ts';
import { NablaError } from '../errors.ts';
import { resolveDerivatives } from './diff.ts';
import { msg } from '../messages/format.ts';

/** Prefix of adjoint temporaries; `$` cannot start a name in either input language. */
export const TEMP_PREFIX = '$a';

export interface Binding {
  readonly name: string;
  readonly expr: Expr;
}

export interface GradientProgram {
  /** The function itself. */
  readonly value: Expr;
  /** The names differentiated by, in order. */
  readonly inputs: readonly string[];
  /** Forward nodes (not leaves), operands before users. */
  readonly forward: readonly Expr[];
  /** Adjoint temporaries in evaluation order. */
  readonly backward: readonly Binding[];
  /** ∂value/∂input, over forward nodes and temporaries. */
  readonly gradient: ReadonlyMap<string, Expr>;
}

export const isTemporary = (e: Expr): e is Sym => e.kind === 'sym' && e.name.startsWith(TEMP_PREFIX);

/** Build the gradient program of `f` with respect to `inputs` (default: every name in f). */
export function gradientProgram(f: Expr, inputs?: readonly string[]): GradientProgram {
  // One walk when, as usual, no d(F)/d(x) is left to resolve: the order
  // tells, and resolving would walk the whole DAG first to find none.
  let value = f;
  let order = topologicalOrder([f]);
  if (order.some((n) => n.kind === 'deriv')) {
    value = resolveDerivatives(f);
    order = topologicalOrder([value]);
  }
  const names = inputs ?? freeSymbols(value).map((s) => s.name);
  const contributions = new Map<number, Expr[]>();
  const give = (node: Expr, c: Expr): void => {
    if (c === ZERO || node.kind === 'num' || node.kind === 'const') return;
    const list = contributions.get(node.id);
    if (list) list.push(c);
    else contributions.set(node.id, [c]);
  };
  give(value, ONE);

  const backward: Binding[] = [];
  const adjointOfSym = new Map<string, Expr>();
  // A numeric adjoint is bound too (except 0 and 1): a number times a sum
  // would distribute over the sum's terms, copying them, where a temporary
  // times the sum is one operation.
  const bind = (e: Expr): Expr => {
    if (e.kind === 'sym' || e.kind === 'const' || e === ZERO || e === ONE) return e;
    const t = sym(`${TEMP_PREFIX}${backward.length}`);
    backward.push({ name: t.name, expr: e });
    return t;
  };

  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const list = contributions.get(node.id);
    if (!list) continue;
    // One contribution is already a canonical node: adding it alone gives it back.
    const adjoint = bind(list.length === 1 ? list[0]! : add(...list));
    if (adjoint === ZERO) continue;
    switch (node.kind) {
      case 'num':
      case 'const':
        break;
      case 'sym':
        adjointOfSym.set(node.name, adjoint);
        break;
      case 'add':
        for (const t of node.terms) give(t, adjoint);
        break;
      case 'mul': {
        // A numeric coefficient goes into the adjoint once (c·ā, bound), not
        // into every partial, where c times a sum factor would distribute.
        const coefficient = node.factors[0]!.kind === 'num' ? node.factors[0]! : undefined;
        const fs = coefficient ? node.factors.slice(1) : node.factors;
        const scaled = coefficient ? bind(mul(adjoint, coefficient)) : adjoint;
        if (fs.length === 1) give(fs[0]!, scaled);
        else if (fs.length <= 3) {
          for (let k = 0; k < fs.length; k++) {
            const others: Expr[] = [scaled];
            for (let j = 0; j < fs.length; j++) if (j !== k) others.push(fs[j]!);
            give(fs[k]!, mul(...others));
          }
        } else {
          // Prefix and suffix products keep a k-factor product linear: 3k operations, not k².
          const prefix: Expr[] = [ONE];
          for (let k = 0; k < fs.length - 1; k++) prefix.push(bind(mul(prefix[k]!, fs[k]!)));
          let suffix: Expr = scaled;
          for (let k = fs.length - 1; k >= 0; k--) {
            give(fs[k]!, mul(prefix[k]!, suffix));
            if (k > 0) suffix = bind(mul(suffix, fs[k]!));
          }
        }
        break;
      }
      case 'pow': {
        const { base, exp } = node;
        if (exp.kind === 'num') {
          // d(u^p) = p·u^(p−1); for p = −1 that is −node², for p = ½ it is ½/node.
          const local = exp === MINUS_ONE ? mul(MINUS_ONE, pow(node, num(2)))
            : exp === HALF ? mul(HALF, pow(node, MINUS_ONE))
              : mul(exp, pow(base, sub(exp, ONE)));
          give(base, mul(adjoint, local));
        } else {
          // d(u^v) = v·u^(v−1)·du + u^v·ln u·dv
          give(base, mul(adjoint, exp, pow(base, sub(exp, ONE))));
          give(exp, mul(adjoint, node, call('log', [base])));
        }
        break;
      }
      case 'call': {
        const row = functionRow(node.fn);
        for (let k = 0; k < node.args.length; k++) give(node.args[k]!, mul(adjoint, row.derivative(node.args, k)));
        break;
      }
      case 'deriv':
        throw new NablaError(msg('internal.unresolved-reverse', {}));
      default:
        assertNever(node);
    }
  }

  const gradient = new Map(names.map((n) => [n, adjointOfSym.get(n) ?? ZERO]));
  return { value, inputs: names, forward: order.filter((n) => children(n).length > 0), backward, gradient };
}

/** The gradient as ordinary expressions (temporaries substituted), sharing one DAG. */
export function inlineGradient(program: GradientProgram): Expr[] {
  const bound = new Map<string, Expr>();
  for (const b of program.backward) bound.set(b.name, substitute(b.expr, bound));
  return program.inputs.map((n) => substitute(program.gradient.get(n)!, bound));
}

/**
 * Whether a node is an operation of the straight-line program. A bare
 * negation (−1·x) is not: the code writes it into the subtraction or
 * product that uses it (`1 - t*t`, `-a*b`), as `nabla codegen` does.
 */
const isOperation = (e: Expr): boolean =>
  children(e).length > 0 && !(e.kind === 'mul' && e.factors.length === 2 && e.factors[0] === MINUS_ONE);

/**
 * Operation counts: forward = distinct operations of the function;
 * backward = distinct operations the adjoint program adds on top.
 */
export function programSize(program: GradientProgram): { forward: number; backward: number } {
  const forwardIds = new Set(program.forward.map((n) => n.id));
  const seen = new Set<number>();
  let backward = 0;
  const stack = [...program.backward.map((b) => b.expr), ...program.gradient.values()];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x.id) || forwardIds.has(x.id)) continue;
    seen.add(x.id);
    if (isOperation(x)) backward++;
    stack.push(...children(x));
  }
  return { forward: program.forward.filter(isOperation).length, backward };
}
