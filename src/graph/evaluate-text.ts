/**
 * The value of one formula given as text (`nabla eval`), with its errors
 * pointing into that text: a name without a value, or the part whose value
 * went wrong (log(-1), 1/0, an overflow).
 *
 * Invariant: every error this throws carries the formula's text as its
 * source; it points at the first place the culprit is written, or at the
 * whole text when that place cannot be found (LaTeX, a very long text).
 */

import { NablaError, spanAt, type Span } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type { Expr } from '../expr/node.ts';
import { freeSymbols } from '../expr/walk.ts';
import { resolveDerivatives } from '../diff/diff.ts';
import { parseExpression, parseExpressionSyntax } from '../parse/parse.ts';
import { parseLatex } from '../parse/latex.ts';
import { lowerExpression } from '../parse/lower.ts';
import { compile, EvaluationError } from '../numeric/compile.ts';
import { listed } from './request.ts';

/** Longest formula searched for the position of a subexpression (the search lowers every subtree). */
const MAX_LOCATE_LENGTH = 20_000;

/** The first syntax node of `text` (in reading order) that lowers to `sub`, as a span, or undefined. */
function spanOf(text: string, sub: Expr): Span | undefined {
  const stack: unknown[] = [parseExpressionSyntax(text)];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const n = node as { kind?: unknown; offset?: unknown; length?: unknown };
    if (typeof n.kind === 'string' && typeof n.offset === 'number' && typeof n.length === 'number') {
      try {
        if (lowerExpression(node as Parameters<typeof lowerExpression>[0], text) === sub) return spanAt(text, n.offset, n.length);
      } catch {
        // A part that does not lower on its own (a bare index, say): look inside it.
      }
    }
    // Children in reverse, so the leftmost occurrence is found first.
    const kids = Object.values(node as object).filter((v) => typeof v === 'object' && v !== null);
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (Array.isArray(k)) for (let j = k.length - 1; j >= 0; j--) stack.push(k[j]);
      else stack.push(k);
    }
  }
  return undefined;
}

/** A NablaError with `message` at where `sub` is written in the ASCII `text`, else at the whole text. */
function locatedIn(text: string, latex: boolean, sub: Expr | undefined, message: Message): NablaError {
  const whole = spanAt(text, 0, text.length);
  if (sub === undefined || latex || text.length > MAX_LOCATE_LENGTH) return new NablaError(message, whole, text);
  try {
    return new NablaError(message, spanOf(text, sub) ?? whole, text);
  } catch {
    // The text parsed once already; a failure here only loses the position.
    return new NablaError(message, whole, text);
  }
}

/** Parse a formula as ASCII, or as LaTeX with `latex`, its errors pointing into `text`. */
export function parseFormula(text: string, latex: boolean): Expr {
  try {
    return latex ? parseLatex(text) : parseExpression(text);
  } catch (err) {
    throw err instanceof NablaError ? err.withSource(text) : err;
  }
}

/** The value of the formula `text` at `bindings`; every name it uses needs a value. */
export function evaluateText(text: string, bindings: ReadonlyMap<string, number>, options: { readonly latex?: boolean } = {}): number {
  const latex = options.latex ?? false;
  const expr = parseFormula(text, latex);
  const missing = freeSymbols(resolveDerivatives(expr)).map((s) => s.name).filter((n) => !bindings.has(n));
  if (missing.length > 0) {
    const list = listed(missing.map((n) => `"${n}"`));
    throw locatedIn(text, latex, freeSymbols(expr).find((s) => s.name === missing[0]),
      msg('value.missing-at', { names: list, count: missing.length, at: `--at ${missing.slice(0, 8).map((n) => `${n}=…`).join(',')}` }));
  }
  const names = [...bindings.keys()];
  try {
    return compile([expr], names)(names.map((n) => bindings.get(n)!))[0]!;
  } catch (err) {
    if (err instanceof EvaluationError && err.span === undefined) throw locatedIn(text, latex, err.subexpression, err.said!);
    throw err;
  }
}
