/**
 * The syntax tree of LaTeX input and the LaTeX grammar's postprocessors.
 *
 * LaTeX lowers to the same syntax nodes as the ASCII language (syntax.ts),
 * so one `lowerExpression` turns both into Expr: `\frac{a}{b}` is a `/`,
 * `\sqrt{x}` a call of sqrt, `|x|` a call of abs, `\frac{\partial E}{\partial w}`
 * a derivative node, `w_5^+` the name `w_5^+` (canonically `w5_new`), an
 * ellipsis the name `…`, `\sum_{i=1}^{3} x_i` the call `sum(i=1..3, x_i)`,
 * a `bmatrix` a list of rows, `x_{i,j}` the element `x[i,j]` (SPEC §7). One
 * kind exists only here: an error found while building (a subscript on a
 * number, a derivative whose orders do not add up). `inspect` in latex.ts
 * reports those before lowering, so lowering only ever sees `Syntax`.
 *
 * nearley may call these builders on partial parses that are later
 * dropped, so they only allocate: no validation beyond looking at their
 * arguments, no side effects, no throwing. A problem becomes an error node.
 */

import { assertNever } from '../expr/node.ts';
import { markedName } from '../expr/names.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type { LatexToken } from './latex-lexer.ts';
import type {
  BinaryOp, BinarySyntax, BindingSyntax, CallSyntax, DerivativeSyntax, GroupSyntax, IndexSyntax, ListSyntax, NameSyntax, NumberSyntax,
  Range, Syntax, UnarySyntax,
} from './syntax.ts';

/** The name an ellipsis (`\dots`, `\cdots`, `…`) lowers to; it marks an equation as not checkable. */
export const ELLIPSIS_NAME = '\u2026';

/** A problem found while building the tree; reported with its range before lowering. */
export interface LatexErrorSyntax extends Range {
  readonly kind: 'latexError';
  readonly message: Message;
}

/**
 * A node of the LaTeX tree. The ASCII-shaped nodes built here may hold
 * error nodes as children until the tree has been checked; after `inspect`
 * finds none the tree is plain `Syntax`.
 */
export type LatexNode = Syntax | LatexErrorSyntax;

// The children of ASCII nodes are typed `Syntax`; here they may still be LaTeX-only nodes.
export const asSyntax = (n: LatexNode): Syntax => n as Syntax;

type Located = Range;

export const cover = (a: Located, b: Located): Range => ({ offset: a.offset, length: b.offset + b.length - a.offset });

export const error = (message: Message, at: Located): LatexErrorSyntax => ({ kind: 'latexError', message, offset: at.offset, length: at.length });

export const list = <T>(first: T): T[] => [first];
export const append = <T>(items: readonly T[], item: T): T[] => [...items, item];

// ---------------------------------------------------------------------------
// Leaves and operators

export const number = (t: LatexToken): NumberSyntax => ({ kind: 'number', value: t.value, offset: t.offset, length: t.length });

export const name = (t: LatexToken): NameSyntax => ({ kind: 'name', text: t.value, offset: t.offset, length: t.length });

export const ellipsis = (t: LatexToken): NameSyntax => ({ kind: 'name', text: ELLIPSIS_NAME, offset: t.offset, length: t.length });

export const binary = (left: LatexNode, op: LatexToken, right: LatexNode): BinarySyntax => ({
  kind: 'binary', op: op.value as BinaryOp, implicit: false, left: asSyntax(left), right: asSyntax(right), ...cover(left, right),
  ...(op.value === '*' ? { product: /^\\(odot|circ)$/.test(op.text) ? 'entrywise' : 'matrix' } : {}),
});

/**
 * Two factors side by side: `2x`, `out_{o1}(1 - out_{o1})`. A factor after
 * a `\sum` joins its body, as a reader takes it: `\sum_{i=1}^{3} (a_i)^2
 * b_i` is Σ (a_i)² b_i, not (Σ (a_i)²)·b_i.
 */
export function juxtapose(left: LatexNode, right: LatexNode): LatexNode {
  return intoSum(left, right) ?? { kind: 'binary', op: '*', implicit: true, product: 'matrix', left: asSyntax(left), right: asSyntax(right), ...cover(left, right) };
}

/**
 * Sums written with `\sum` whose body is still open to a following factor.
 * (A set of nodes the builders made, read only by `intoSum`: nothing else
 * observes it, so the builders stay free of effects.)
 */
const OPEN_SUMS = new WeakSet<object>();

/** `left right` with `left` a `\sum` (or a product ending in one): the sum with `right` joined to its body. */
function intoSum(left: LatexNode, right: LatexNode): LatexNode | undefined {
  if (left.kind === 'call' && OPEN_SUMS.has(left)) {
    const [range, body] = left.args as [Syntax, Syntax];
    const sum: CallSyntax = { ...left, args: [range, asSyntax(juxtapose(body, right))], ...cover(left, right) };
    OPEN_SUMS.add(sum);
    return sum;
  }
  if (left.kind === 'binary' && left.implicit) {
    const inner = intoSum(left.right, right);
    if (inner !== undefined) return { ...left, right: asSyntax(inner), ...cover(left, right) };
  }
  return undefined;
}

export const unary = (op: LatexToken, operand: LatexNode): UnarySyntax =>
  ({ kind: 'unary', op: op.value === '+' ? '+' : '-', operand: asSyntax(operand), ...cover(op, operand) });

/** `( … )`, `[ … ]`, `\{ … \}`, `{ … }`, `\left( … \right)`. */
export const group = (open: Located, inner: LatexNode, close: Located): GroupSyntax =>
  ({ kind: 'group', inner: asSyntax(inner), ...cover(open, close) });

export const callNode = (fn: string, head: Located, args: readonly LatexNode[], end: Located): CallSyntax => ({
  kind: 'call', name: { kind: 'name', text: fn, offset: head.offset, length: head.length },
  args: args.map(asSyntax), ...cover(head, end),
});

/** `|x|`, `\left| x \right|`, `\lvert x \rvert`. */
export const abs = (open: Located, inner: LatexNode, close: Located): CallSyntax => callNode('abs', open, [inner], close);

/** `\frac{a}{b}` (`\dfrac`, `\tfrac`). */
export const frac = (command: Located, numerator: LatexNode, denominator: LatexNode): BinarySyntax =>
  ({ kind: 'binary', op: '/', implicit: false, left: asSyntax(numerator), right: asSyntax(denominator), ...cover(command, denominator) });

/** `\sqrt{x}` and `\sqrt[n]{x}` (the n-th root is x^(1/n)). */
export function sqrt(command: Located, index: LatexNode | null, radicand: LatexNode): Syntax {
  if (index === null) return callNode('sqrt', command, [radicand], radicand);
  const one: NumberSyntax = { kind: 'number', value: '1', offset: index.offset, length: 0 };
  const exponent: BinarySyntax = { kind: 'binary', op: '/', implicit: false, left: one, right: asSyntax(index), ...cover(index, index) };
  return { kind: 'binary', op: '^', implicit: false, left: asSyntax(radicand), right: exponent, ...cover(command, radicand) };
}

// ---------------------------------------------------------------------------
// Scripts and names

/** `_5`, `_{o1}`: the subscript of a name, read as label text; `_{i,j+1}`: the indices of an element. */
export interface Subscript extends Range {
  readonly kind: 'subscript';
  readonly label: string;
  /** The label as an operand, for `\log_{2}`. */
  readonly node: LatexNode;
  /** `_{1,2}`: indices separated by commas (SPEC §7). */
  readonly indices?: readonly LatexNode[];
}

/** `^2`, `^{-x}`, or the update mark `^+`. */
export interface Superscript extends Range {
  readonly kind: 'superscript';
  /** Undefined for `^+`. */
  readonly exponent?: LatexNode;
}

/** The label of a subscript from its tokens: `{o 1}` → `o1`, `{\alpha}` → `alpha`. */
export function subscript(underscore: LatexToken, parts: readonly LatexToken[], close: Located): Subscript {
  const label = parts.map((t) => t.value).join('');
  const first = parts[0]!;
  const node: LatexNode = parts.length === 1 && first.type === 'number'
    ? number(first)
    : { kind: 'name', text: label, ...cover(first, parts[parts.length - 1]!) };
  return { kind: 'subscript', label, node, ...cover(underscore, close) };
}

/** `_{1,2}`, `_{i,j+1}`: the indices of a matrix element. */
export const indexSubscript = (underscore: LatexToken, indices: readonly LatexNode[], close: Located): Subscript => {
  const first = indices[0]!;
  return { kind: 'subscript', label: '', node: first, indices, ...cover(underscore, close) };
};

export const superscript = (caret: LatexToken, exponent: LatexNode, close: Located): Superscript =>
  ({ kind: 'superscript', exponent, ...cover(caret, close) });

export const updateMark = (caret: LatexToken, close: Located): Superscript => ({ kind: 'superscript', ...cover(caret, close) });

/**
 * An atom with its scripts: `out_{o1}` and `w_5^+` and `w'` are names,
 * `x^2` and `e^{-x}` powers, `x_{1,2}` and `w_{i,j}^+` elements. Only a name
 * takes a subscript or an update mark; a braced name takes indices too
 * (`{w_{5}}_{1,2}`, as the printer writes an element of a subscripted name).
 */
export function scripted(base: LatexNode, sub: Subscript | null, prime: LatexToken | null, sup: Superscript | null): LatexNode {
  const last: Located = sup ?? prime ?? sub ?? base;
  const update = sup !== null && sup.exponent === undefined;
  let node: LatexNode = base;
  if (sub?.indices !== undefined) {
    const inner = base.kind === 'group' && base.inner.kind === 'name' ? base.inner : base;
    if (inner.kind !== 'name' || inner.text === ELLIPSIS_NAME) return error(msg('latex.indices-name', {}), sub);
    if (prime !== null && update) return error(msg('latex.prime-or-plus', { prime: `${inner.text}'`, plus: `${inner.text}^+` }), sup!);
    const text = `${inner.text}${prime !== null ? "'" : ''}${update ? '^+' : ''}`;
    const element: IndexSyntax = {
      kind: 'index', name: { kind: 'name', text, offset: inner.offset, length: inner.length },
      indices: sub.indices.map(asSyntax), ...cover(base, update ? sup! : prime ?? sub),
    };
    node = element;
  } else if (sub !== null || prime !== null || update) {
    // `{a^{(1)}_1}^+`: a braced name takes the update mark too, as the printer writes a layer name's update.
    const named = sub === null && base.kind === 'group' && base.inner.kind === 'name' ? base.inner : base;
    if (named.kind !== 'name' || named.text === ELLIPSIS_NAME) {
      if (sub !== null) return error(msg('latex.subscript-name', {}), sub);
      return error(prime !== null ? msg('latex.prime-name', {}) : msg('latex.update-name', { mark: '"^+"' }), prime ?? sup!);
    }
    if (prime !== null && update) return error(msg('latex.prime-or-plus', { prime: `${named.text}'`, plus: `${named.text}^+` }), sup!);
    const mark = `${prime !== null ? "'" : ''}${update ? '^+' : ''}`;
    const text = `${named.text}${sub !== null ? `_{${sub.label}}` : ''}${mark}`;
    const name: NameSyntax = {
      kind: 'name', text, ...cover(base, update ? sup! : prime ?? sub ?? base),
      // `x_{11}` may be the element x[1,1]: lowering decides, knowing which names are matrices
      // (a layer or a decoration keeps its name a base: `z^{(2)}_j`, `\hat{y}_k`).
      ...(sub !== null && base.kind === 'name' && (!base.text.includes('_') || markedName(base.text) !== undefined) ? { script: { base: base.text, label: sub.label, update: mark !== '' } } : {}),
    };
    node = name;
  }
  if (sup === null || sup.exponent === undefined) return node;
  return { kind: 'binary', op: '^', implicit: false, left: asSyntax(node), right: asSyntax(sup.exponent), ...cover(base, last) };
}

/**
 * A call with brackets and a superscript: `\sigma(x)^2` is (σ(x))², but
 * `\sum_{i=1}^{3}(x_i - y_i)^2` is Σ (x_i − y_i)², as everyone reads it.
 */
export function applyPower(head: Head, open: Located, args: readonly LatexNode[], close: Located, sup: Superscript): LatexNode {
  if (head.kind === 'sum' && args.length === 1) return apply(head, [power(group(open, args[0]!, close), sup)], sup);
  return power(apply(head, args, close), sup);
}

/** `(…)^2` after a call: `\sigma(x)^2`. */
export function power(base: LatexNode, sup: Superscript): LatexNode {
  if (sup.exponent === undefined) return error(msg('latex.update-name', { mark: '"^+"' }), sup);
  return { kind: 'binary', op: '^', implicit: false, left: asSyntax(base), right: asSyntax(sup.exponent), ...cover(base, sup) };
}

// ---------------------------------------------------------------------------
// Derivatives

/** One `\partial w_5` or `d x^2` of a derivative's denominator. */
export interface Differential extends Range {
  readonly kind: 'differential';
  readonly variable: LatexNode;
  readonly order: Superscript | null;
}

export const differential = (d: LatexToken, variable: LatexNode, order: Superscript | null): Differential =>
  ({ kind: 'differential', variable, order, ...cover(d, order ?? variable) });

/** A derivative order written as a superscript: a whole number from 1 to 9 (`\partial^2`). */
function orderOf(sup: Superscript | null): number | undefined {
  if (sup === null) return 1;
  const e = sup.exponent;
  if (e?.kind === 'number' && /^[1-9]$/.test(e.value)) return Number(e.value);
  if (e?.kind === 'group' && e.inner.kind === 'number' && /^[1-9]$/.test(e.inner.value)) return Number(e.inner.value);
  return undefined;
}

/**
 * `∂^n of / ∂w_1^k_1 … ∂w_m^k_m` as nested derivative nodes:
 * ∂²E/∂x∂y is ∂/∂x (∂E/∂y), so the last differential is applied first.
 */
function derivativeOf(notation: 'd' | 'partial', start: Located, order: Superscript | null, of: LatexNode, wrts: readonly Differential[], end: Located): LatexNode {
  const n = orderOf(order);
  if (n === undefined) return error(msg('latex.derivative-order', { min: 1, max: 9 }), order!);
  let total = 0;
  for (const w of wrts) {
    const k = orderOf(w.order);
    if (k === undefined) return error(msg('latex.derivative-order', { min: 1, max: 9 }), w.order!);
    total += k;
  }
  if (total !== n) {
    return error(msg('latex.orders-differ', { numerator: n, denominator: total }), cover(start, end));
  }
  let node: LatexNode = of;
  for (let i = wrts.length - 1; i >= 0; i--) {
    const w = wrts[i]!;
    for (let k = orderOf(w.order)!; k > 0; k--) {
      const d: DerivativeSyntax = { kind: 'derivative', notation, of: asSyntax(node), wrt: asSyntax(w.variable), ...cover(start, end) };
      node = d;
    }
  }
  return node;
}

const notationOf = (d: LatexToken): 'd' | 'partial' => (d.value === 'd' ? 'd' : 'partial');

/** `\frac{\partial E}{\partial w_5}`, `\frac{dE}{dw}`, `\frac{\partial^2 E}{\partial x \partial y}`. */
export const derivative = (command: LatexToken, d: LatexToken, order: Superscript | null, of: LatexNode, wrts: readonly Differential[], close: Located): LatexNode =>
  derivativeOf(notationOf(d), command, order, of, wrts, close);

/** `\partial E / \partial w` written inline. */
export const slashDerivative = (d: LatexToken, of: LatexNode, wrt: Differential): LatexNode =>
  derivativeOf('partial', d, null, of, [wrt], wrt);

// ---------------------------------------------------------------------------
// Function heads and their application

/** What can be applied to an operand: a function, `\frac{\partial}{\partial x}`, `\sum_{i=1}^{3}`. */
export type Head =
  | { readonly kind: 'fn'; readonly fn: string; readonly token: LatexToken; readonly sub: Subscript | null; readonly sup: Superscript | null; readonly offset: number; readonly length: number }
  | { readonly kind: 'operator'; readonly notation: 'd' | 'partial'; readonly order: Superscript | null; readonly wrts: readonly Differential[]; readonly offset: number; readonly length: number }
  | { readonly kind: 'sum'; readonly operator: 'sum' | 'prod'; readonly index?: NameSyntax; readonly lower?: LatexNode; readonly upper?: LatexNode; readonly offset: number; readonly length: number };

export const fnHead = (fn: LatexToken, sub: Subscript | null, sup: Superscript | null): Head =>
  ({ kind: 'fn', fn: fn.value, token: fn, sub, sup, ...cover(fn, sup ?? sub ?? fn) });

/** `\frac{\partial}{\partial x}`, `\frac{d}{dx}`, `\frac{d^2}{dx^2}`. */
export const operatorHead = (command: LatexToken, d: LatexToken, order: Superscript | null, wrts: readonly Differential[], close: Located): Head =>
  ({ kind: 'operator', notation: notationOf(d), order, wrts, ...cover(command, close) });

/** The lower limit of a sum: `_{i=1}` or just `_{i}`. */
export interface SumLower extends Range {
  readonly index: NameSyntax;
  readonly start?: LatexNode;
}

export const sumLower = (underscore: LatexToken, index: LatexToken, start: LatexNode | null, close: Located): SumLower =>
  ({ index: name(index), ...(start === null ? {} : { start }), ...cover(underscore, close) });

export const sumLowerFromSubscript = (sub: Subscript): SumLower =>
  ({ index: { kind: 'name', text: sub.label, offset: sub.node.offset, length: sub.node.length }, ...cover(sub, sub) });

export function sumHead(operator: LatexToken, lower: SumLower | null, upper: Superscript | null): Head {
  const last: Located = [lower, upper].filter((x): x is SumLower | Superscript => x !== null).sort((a, b) => a.offset - b.offset).pop() ?? operator;
  return {
    kind: 'sum', operator: operator.text.includes('prod') ? 'prod' : 'sum',
    ...(lower ? { index: lower.index } : {}), ...(lower?.start ? { lower: lower.start } : {}),
    ...(upper?.exponent ? { upper: upper.exponent } : {}), ...cover(operator, last),
  };
}

/**
 * A head applied to its operands: `\sin(x)`, `\max(a, b)` (with
 * brackets) or `\sin 2x`, `\frac{d}{dx} x^2` (without). `\sin^2 x` is
 * (sin x)², `\log_2 x` is log x / log 2.
 */
export function apply(head: Head, args: readonly LatexNode[], end: Located): LatexNode {
  switch (head.kind) {
    case 'fn': {
      let node: LatexNode = callNode(head.fn, head.token, args, end);
      if (head.sub !== null) {
        if (head.fn !== 'log') return error(msg('latex.log-base', { log: '\\log', found: head.token.text }), head.sub);
        node = { kind: 'binary', op: '/', implicit: false, left: asSyntax(node), right: callNode('log', head.sub, [head.sub.node], head.sub), ...cover(head, end) };
      }
      if (head.sup === null) return node;
      const e = head.sup.exponent;
      if (e === undefined) return error(msg('latex.update-name', { mark: '"^+"' }), head.sup);
      const inner = e.kind === 'group' ? e.inner : e;
      if (inner.kind === 'unary' && inner.op === '-' && inner.operand.kind === 'number' && inner.operand.value === '1') {
        return error(msg('latex.inverse', { written: `${head.token.text}^{-1}` }), head);
      }
      return { kind: 'binary', op: '^', implicit: false, left: asSyntax(node), right: asSyntax(e), ...cover(head, end) };
    }
    case 'operator': {
      if (args.length !== 1) return error(msg('latex.derivative-operand', { found: args.length }), cover(head, end));
      return derivativeOf(head.notation, head, head.order, args[0]!, head.wrts, end);
    }
    case 'sum': {
      if (args.length !== 1) return error(msg('latex.operator-operand', { operator: `\\${head.operator}`, found: args.length }), cover(head, end));
      if (head.operator === 'prod') return error(msg('latex.prod', { prod: '\\prod' }), head);
      // `\sum v` with no index or limits adds the entries of a vector or matrix (SPEC §12), as `sum(v)`.
      if (head.index === undefined && head.lower === undefined && head.upper === undefined) return callNode('sum', head, [args[0]!], end);
      if (head.index === undefined || head.lower === undefined || head.upper === undefined) {
        return error(msg('latex.sum-limits', { sum: '\\sum', example: '\\sum_{i=1}^{3}' }), head);
      }
      // `\sum_{i=1}^{3} body` is `sum(i=1..3, body)`.
      const range: BindingSyntax = { kind: 'binding', name: head.index, value: asSyntax(head.lower), to: asSyntax(head.upper), ...cover(head, head) };
      const sum = callNode('sum', head, [range, args[0]!], end);
      OPEN_SUMS.add(sum);
      return sum;
    }
    default: return assertNever(head);
  }
}

// ---------------------------------------------------------------------------
// Matrices

/**
 * `\begin{bmatrix} a & b \\ c & d \end{bmatrix}` (also `matrix`, `pmatrix`,
 * `Bmatrix`, `smallmatrix`): a list of rows. `vmatrix` is a determinant,
 * which is not supported.
 */
export function matrix(begin: LatexToken, rows: readonly (readonly LatexNode[])[], end: LatexToken): LatexNode {
  if (begin.value === 'vmatrix' || begin.value === 'Vmatrix') {
    return error(msg('latex.determinant', { begin: `\\begin{${begin.value}}` }), { offset: begin.offset, length: begin.length });
  }
  const list: ListSyntax = {
    kind: 'list',
    items: rows.map((row): ListSyntax => ({ kind: 'list', items: row.map(asSyntax), ...cover(row[0]!, row[row.length - 1]!) })),
    ...cover(begin, end),
  };
  return list;
}
