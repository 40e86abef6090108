/**
 * Builders for the textbook notation of the LaTeX grammar (SPEC §6) that
 * the ASCII language has no spelling for: `\sigma'(z)` (a call of the
 * derivative σ′, named `sigmoid'` until lowering asks the registry for it),
 * `\nabla_w L` (∂L/∂w), and `cases` (a piecewise definition, lowered to
 * `step`). Like latex-syntax.ts, they only allocate: nearley may call them
 * on parses it later drops, so a problem becomes an error node.
 */

import type { LatexToken } from './latex-token.ts';
import { msg } from '../messages/format.ts';
import {
  asSyntax, callNode, cover, differential, error, group,
  type Head, type LatexNode, type Differential,
} from './latex-syntax.ts';
import type { BinaryOp, Range, Syntax } from './syntax.ts';

/** `\tanh'`, `\sigma'`: the head of a call of the function's derivative. */
export const primeHead = (fn: LatexToken, prime: LatexToken): Head =>
  ({ kind: 'fn', fn: `${fn.value}'`, token: fn, sub: null, sup: null, ...cover(fn, prime) });

/** `\nabla_w`, `\nabla_{w_5}`: the operator ∂/∂w applied to what follows. */
export function nablaHead(nabla: LatexToken, variable: LatexNode, end: Range): Head {
  const wrt: Differential = differential(nabla, variable, null);
  return { kind: 'operator', notation: 'partial', order: null, wrts: [wrt], ...cover(nabla, end) };
}

/** The condition of a `cases` row: `z > 0`, `x \le 1`. */
export interface Condition extends Range {
  readonly left: LatexNode;
  readonly relation: string;
  readonly right: LatexNode;
}

export const condition = (left: LatexNode, relation: LatexToken, right: LatexNode): Condition =>
  ({ left, relation: relation.value, right, ...cover(left, right) });

/** One row of `cases`: a value and, except in the last row, its condition. */
export interface CaseRow extends Range {
  readonly value: LatexNode;
  readonly condition: Condition | null;
}

export const caseRow = (value: LatexNode, when: Condition | null, end: Range): CaseRow =>
  ({ value, condition: when, ...cover(value, end) });

const binary = (op: BinaryOp, left: LatexNode, right: LatexNode, at: Range): Syntax =>
  ({ kind: 'binary', op, implicit: false, left: asSyntax(left), right: asSyntax(right), ...cover(at, at) });

const one = (at: Range): Syntax => ({ kind: 'number', value: '1', offset: at.offset, length: 0 });

/**
 * The indicator of a condition in `step` (step(u) = 1 for u > 0, else 0):
 * u > c is step(u − c), u < c is step(c − u), u ≥ c is 1 − step(c − u),
 * u ≤ c is 1 − step(u − c).
 */
function indicator(c: Condition): Syntax {
  const strict = c.relation === '>' || c.relation === '<';
  const upward = c.relation === '>' || c.relation === '<=';
  const difference = upward ? binary('-', c.left, c.right, c) : binary('-', c.right, c.left, c);
  const step = callNode('step', c, [difference], c);
  return strict ? step : binary('-', one(c), step, c);
}

/**
 * `\begin{cases} a & u > 0 \\ b & \text{otherwise} \end{cases}`: the rows
 * folded from the last, each `v·[cond] + (1 − [cond])·rest`; the last row's
 * condition (if any) is what the others leave.
 */
export function cases(begin: LatexToken, rows: readonly CaseRow[], end: LatexToken): LatexNode {
  let node: LatexNode = rows[rows.length - 1]!.value;
  for (let k = rows.length - 2; k >= 0; k--) {
    const row = rows[k]!;
    if (row.condition === null) return error(msg('latex.cases-condition', { cases: 'cases', example: 'z & z > 0' }), row);
    const when = indicator(row.condition);
    const taken = binary('*', row.value, when, row);
    const otherwise = binary('*', binary('-', one(row), when, row), node, row);
    node = binary('+', taken, otherwise, row);
  }
  return group(begin, node, end);
}
