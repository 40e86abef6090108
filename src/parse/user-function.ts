/**
 * A call of a user function (SPEC §2, §6: `silu(t) = t*sigmoid(t)`, then
 * `silu(net)`): the body with the parameters replaced by the arguments.
 *
 * Invariant: a call is an exact substitution on Expr, made through the
 * canonical constructors (`f(3)` with `f(z) = z^2` is 9), so derivatives,
 * printing and checks see ordinary expressions and need nothing of their
 * own. The substitution is simultaneous, so `f(b, a)` with `f(a, b) = a - b`
 * is `b - a`.
 */

import { NablaError } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type { Expr } from '../expr/node.ts';
import { substitute } from '../expr/walk.ts';
import type { CallSyntax, Range } from './syntax.ts';

/** A user function as lowering sees it (function-table.ts builds them). */
export interface UserFunction {
  /** The canonical key of its name. */
  readonly name: string;
  /** The canonical keys of its parameters, in order. */
  readonly params: readonly string[];
  /** The line of its definition, for messages at a call. */
  readonly line: number;
  /** The body in the parameters' names; throws the positioned NablaError of a definition that has one. */
  body(): Expr;
}

/**
 * The body of `fn` for the call `n`: a call with the wrong number of
 * arguments, or of a function whose definition has an error, fails at the
 * call (the definition's own error is reported at the definition).
 */
export function userFunctionBody(fn: UserFunction, n: CallSyntax, fail: (message: Message, at: Range) => never): Expr {
  const arity = fn.params.length;
  if (n.args.length !== arity) fail(msg('lower.arity', { name: n.name.text, arity: msg('arity.exactly', { count: arity }), found: n.args.length }), n);
  try {
    return fn.body();
  } catch (err) {
    if (!(err instanceof NablaError)) throw err;
    return fail(msg('lower.broken-function', { name: n.name.text, line: fn.line }), n.name);
  }
}

/** The body with every parameter replaced by its argument at once. */
export function applyUserFunction(fn: UserFunction, body: Expr, args: readonly Expr[]): Expr {
  return substitute(body, new Map(fn.params.map((p, k) => [p, args[k]!])));
}
