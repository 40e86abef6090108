/**
 * Syntax → Expr: from what was written to the canonical algebra.
 *
 * Every check that needs to know what a name means happens here, with the
 * span of the offending node: unknown functions, arity, a function name used
 * as a variable, a derivative with respect to something that is not a name,
 * a number literal out of range. A call of a user function (`silu(net)`
 * after `silu(t) = …`) is its body with the arguments substituted
 * (user-function.ts). Numbers are exact (`0.05` is 1/20), names
 * are keyed by `canonicalName` (`w_5` is `w5`, `γ` is `gamma`).
 *
 * Indexed expressions (SPEC §7) are expanded here, so the algebra stays
 * scalar: an expression lowers to a `Value`, a number or a matrix of them
 * (expr/indexed.ts). A name that the scope knows as a matrix is the matrix
 * of its element names (`x` is `[[x[1,1], …]]`), `x[i,j]` is the element
 * name `x[1,2]` once the indices are evaluated to whole numbers, `sum(i=1..3,
 * …)` is an `add` of its terms, `+ - * / ^` and registry functions act
 * element by element (a number is spread over a matrix), and `conv2d` and
 * `maxpool` are sugar for the sums they stand for (lower-window.ts). Shapes that do not fit,
 * indices out of range and empty ranges are positioned errors.
 *
 * Long sums and products are walked along their spine with a loop, so a
 * 100,000-term sum does not recurse 100,000 deep; everything else nests at
 * most as deep as the parser's nesting limit allows.
 */

import { assertNever, deriv, E, type Expr, HALF, MINUS_ONE, num, PI, type Sym, sym } from '../expr/node.ts';
import { add, div, mul, neg, pow } from '../expr/canonical.ts';
import { MAX_OPERANDS } from '../expr/long-lists.ts';
import { leftChain } from './left-chain.ts';
import {
  elementName, indicesOf, isMatrix, matrix, MAX_ENTRIES, sameShape, shapeMessage, shapeText, sizeOf,
  type Matrix, type Shape, type Value,
} from '../expr/indexed.ts';
import { canonicalName, RESERVED_FUNCTION_WORDS } from '../expr/names.ts';
import { fromDecimal } from '../expr/rational.ts';
import { NablaError } from '../errors.ts';
import { msg, orList } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';
import { arityOk, arityText, call, lookupFunction } from '../functions.ts';
import { productNeedsShapes, transposeNeedsShapes, unknownFunction } from './unknown-function.ts';
import { applyUserFunction, userFunctionBody, type UserFunction } from './user-function.ts';
import { lowerWindow, type WindowLowering } from './lower-window.ts';
import {
  locator, quote, type BinarySyntax, type BindingSyntax, type CallSyntax, type DerivativeSyntax, type IndexSyntax, type ListSyntax,
  type Locator, type NameSyntax, type NumberSyntax, type Range, type Syntax,
} from './syntax.ts';

/** Products longer than this are built in one call instead of pairwise (pairwise is quadratic). */
const PAIRWISE_PRODUCT_LIMIT = 64;

/** What lowering needs to know about the names of a file: which are matrices. */
export interface IndexScope {
  /** The shape of a name used whole (`x` in `conv2d(x, w)`), when it is a matrix; undefined for a number. */
  shapeOf(name: string): Shape | undefined;
  /**
   * Terms that sums, ranges and convolutions may still expand to, shared by
   * every expression of a file (nested sums multiply). Without it, each
   * expression has MAX_EXPANSION of its own.
   */
  readonly budget?: { left: number };
  /**
   * True when the text also writes `name` with a number subscript (`z_1`):
   * then `z_j` under `\sum_j` is those names (`z_1`, `z_2`, …), not elements.
   */
  readonly subscripted?: (name: string) => boolean;
  /** The user function a name defines (`silu` after `silu(t) = …`), by canonical key. */
  readonly userFunction?: (name: string) => UserFunction | undefined;
}

/** Most terms the indexed expressions of one file (or one expression) may expand to. */
export const MAX_EXPANSION = 250_000;

/** No matrices: every name is a number (one expression on its own). */
export const NO_MATRICES: IndexScope = { shapeOf: () => undefined };

/** Index variables bound by an enclosing `sum` or `for`, by canonical name. */
export type Bound = ReadonlyMap<string, number>;

const NOTHING_BOUND: Bound = new Map();

/**
 * Lower an expression parsed from `source`; throws a positioned NablaError
 * (with the source attached) on a bad node, and when the expression is a
 * matrix rather than a number.
 */
export function lowerExpression(node: Syntax, source: string, locate: Locator = locator(source), scope: IndexScope = NO_MATRICES, bound: Bound = NOTHING_BOUND): Expr {
  return new Lowering(source, locate, scope, bound).expression(node);
}

/** Lower an expression that may be a matrix (SPEC §7). Throws a positioned NablaError. */
export function lowerValue(node: Syntax, source: string, locate: Locator = locator(source), scope: IndexScope = NO_MATRICES, bound: Bound = NOTHING_BOUND): Value {
  return new Lowering(source, locate, scope, bound).value(node);
}

/**
 * Check a name that is being defined or differentiated by (`w5 = …`,
 * `derive E wrt w5`) and return it as a symbol.
 */
export function lowerDefinedName(n: NameSyntax, source: string, locate: Locator = locator(source)): Sym {
  const key = canonicalName(n.text);
  // Checked in line, with no closure made per call: every definition of a file passes here.
  if (key === 'e') throw new NablaError(msg('lower.euler', { name: 'e' }), locate(n), source);
  if (key === 'pi' || key === '\u03c0') throw new NablaError(msg('lower.pi', { name: n.text }), locate(n), source);
  if (RESERVED_FUNCTION_WORDS.has(n.text)) throw new NablaError(msg('lower.function-name', { name: n.text }), locate(n), source);
  return sym(key);
}

/** A defined element `net[i,j]` with its indices evaluated: the base name's key and the element's. */
export interface LoweredElement {
  readonly base: string;
  readonly index: readonly number[];
  readonly name: string;
}

/** The element named by `x[i, j]` under the bound indices, checked against the scope's shape of `x`. */
export function lowerElement(n: IndexSyntax, source: string, locate: Locator, scope: IndexScope, bound: Bound = NOTHING_BOUND): LoweredElement {
  return new Lowering(source, locate, scope, bound).element(n);
}

/**
 * Every tuple of index values of `i=1..3, j=1..i`, in order (the last index
 * fastest), each range evaluated under the indices before it. An empty range
 * is an error at its binding.
 */
export function lowerRanges(ranges: readonly BindingSyntax[], source: string, locate: Locator, scope: IndexScope, bound: Bound = NOTHING_BOUND): Map<string, number>[] {
  return new Lowering(source, locate, scope, bound).tuples(ranges);
}

class Lowering implements WindowLowering {
  private readonly budget: { left: number };

  constructor(
    readonly source: string,
    private readonly locate: Locator,
    private readonly scope: IndexScope,
    private readonly bound: Bound,
    budget?: { left: number },
  ) {
    this.budget = budget ?? scope.budget ?? { left: MAX_EXPANSION };
  }

  fail(message: string | Message, at: Range): never {
    throw new NablaError(message, this.locate(at), this.source);
  }

  /** Count `n` more expanded terms; past the budget, a positioned error (never a hang). */
  spend(n: number, at: Range): void {
    this.budget.left -= n;
    if (this.budget.left < 0) this.fail(msg('limit.expansion', { max: MAX_EXPANSION }), at);
  }

  /** The same lowering with more indices bound. */
  private within(more: ReadonlyMap<string, number>): Lowering {
    if (more.size === 0) return this;
    const bound = new Map(this.bound);
    for (const [k, v] of more) bound.set(k, v);
    return new Lowering(this.source, this.locate, this.scope, bound, this.budget);
  }

  /** A number-valued expression: a matrix here is an error. */
  expression(n: Syntax): Expr {
    return this.scalar(this.value(n), n);
  }

  private scalar(v: Value, at: Range): Expr {
    if (!isMatrix(v)) return v;
    return this.fail(msg('lower.expected-number', { shape: shapeMessage(v), written: `"${quote(this.source, at)}"` }), at);
  }

  value(n: Syntax): Value {
    switch (n.kind) {
      case 'number': return this.number(n);
      case 'name': return this.name(n);
      case 'group': return this.value(n.inner);
      case 'unary': return n.op === '-' ? this.map(this.value(n.operand), neg) : this.value(n.operand);
      case 'binary': return this.binary(n);
      case 'call': return this.call(n);
      case 'derivative': return this.derivative(n);
      case 'index': return sym(this.element(n).name);
      case 'list': return this.list(n);
      case 'binding':
        return this.fail(msg('lower.binding-here', { binding: `"${n.name.text}="`, sum: 'sum', conv2d: 'conv2d', maxpool: 'maxpool', for: '"for"' }), n);
      default: return assertNever(n);
    }
  }

  /** The exact value of a number literal; refuses literals outside the range of a double. */
  number(n: NumberSyntax): Expr {
    const float = Number(n.value);
    if (!Number.isFinite(float)) return this.fail(msg('lower.number-large', { number: n.value }), n);
    const exact = fromDecimal(n.value);
    if (exact === undefined || (float === 0 && exact.num !== 0n)) {
      return this.fail(msg(float === 0 ? 'lower.number-small' : 'lower.number-large', { number: n.value }), n);
    }
    return num(exact);
  }

  /**
   * A name in an expression: a bound index, a variable, a whole matrix, `e`,
   * `pi`, or a misused function word. A LaTeX `x_{11}` is the element
   * `x[1,1]` when `x` is a matrix.
   */
  name(n: NameSyntax): Value {
    if (n.script !== undefined) {
      // `w_{11}^+` is an element of the update of w when w is a matrix.
      const plain = canonicalName(n.script.base);
      const base = n.script.update ? `${plain}_new` : plain;
      const dims = this.scope.shapeOf(base) ?? (n.script.update ? this.scope.shapeOf(plain) : undefined);
      const index = dims === undefined ? this.boundSubscript(n.script.label) : this.subscriptIndices(n, n.script.label, dims);
      if (index !== undefined && dims === undefined && this.scope.subscripted?.(plain)) {
        return sym(canonicalName(`${n.script.base}_{${index.join('')}}${n.script.update ? '^+' : ''}`));
      }
      if (index !== undefined) return sym(elementName(base, index));
    }
    const key = canonicalName(n.text);
    const index = this.bound.get(key);
    if (index !== undefined) return num(index);
    if (key === 'e') return E;
    if (key === 'pi' || key === '\u03c0') return PI;
    if (RESERVED_FUNCTION_WORDS.has(n.text)) {
      return this.fail(msg('lower.function-word', { name: n.text, call: `${n.text}(${n.text === 'diff' ? 'F, x' : '…'})` }), n);
    }
    const dims = this.scope.shapeOf(key);
    if (dims !== undefined) return this.wholeMatrix(key, dims);
    return sym(key);
  }

  /** The matrix of a name's element names: `x` → [[x[1,1], x[1,2]], …]. */
  private wholeMatrix(key: string, dims: Shape): Matrix {
    return matrix(dims, indicesOf(dims).map((index) => sym(elementName(key, index))));
  }

  /**
   * The indices of a LaTeX subscript on a matrix name: one digit or bound
   * index letter per dimension (`x_{11}`, `net_{ij}`), or for a vector a
   * number or one bound letter (`b_{12}` is b[12]). Any other label is no
   * index (`net_{o1}`, `w_5` of a 2-D `w`): the name is then a number, as
   * the notes use `w_5` and the matrix `w` side by side.
   */
  private subscriptIndices(n: NameSyntax, label: string, dims: Shape): number[] | undefined {
    const digit = (c: string): number | undefined => (/^\d$/.test(c) ? Number(c) : this.bound.get(c));
    let out: (number | undefined)[];
    if (dims.length === 1) out = [/^\d+$/.test(label) ? Number(label) : this.bound.get(label)];
    else out = label.length === dims.length ? [...label].map(digit) : [undefined];
    if (out.some((k) => k === undefined)) return undefined;
    const index = out as number[];
    this.checkRange(n.script!.base, dims, index, index.map(() => n));
    return index;
  }

  /**
   * Inside `\sum_{i=1}^{3}`, `x_i` and `net_{ij}` are elements even when no
   * shape is known: a label of bound index letters (and digits), one index
   * each, with at least one letter.
   */
  private boundSubscript(label: string): number[] | undefined {
    if (![...label].some((c) => this.bound.has(c))) return undefined;
    const index = [...label].map((c) => (/^\d$/.test(c) ? Number(c) : this.bound.get(c)));
    return index.every((k) => k !== undefined && k >= 1) ? index as number[] : undefined;
  }

  private checkRange(base: string, dims: Shape, index: readonly number[], at: readonly Range[]): void {
    if (index.length !== dims.length) {
      this.fail(msg('lower.index-count', { name: base, shape: shapeMessage(dims), count: dims.length, found: index.length }), at[0]!);
    }
    index.forEach((k, d) => {
      if (k < 1 || k > dims[d]!) {
        const which: Param = dims.length === 1 ? msg('lower.indices', {}) : d === 0 ? msg('lower.row-indices', {}) : d === 1 ? msg('lower.column-indices', {}) : msg('lower.dimension-indices', { dimension: d + 1 });
        this.fail(msg('lower.index-range', { index: k, name: base, shape: shapeText(dims), which, max: dims[d]! }), at[d] ?? at[0]!);
      }
    });
  }

  /** `x[i, j+1]` → the element name, indices evaluated and checked against x's shape. */
  element(n: IndexSyntax): LoweredElement {
    const base = canonicalName(n.name.text);
    if (base === 'e' || base === 'pi' || base === '\u03c0' || RESERVED_FUNCTION_WORDS.has(n.name.text)) {
      this.fail(msg('lower.not-matrix', { name: n.name.text }), n.name);
    }
    if (this.bound.has(base)) this.fail(msg('lower.index-not-matrix', { name: n.name.text }), n.name);
    const index = n.indices.map((i) => this.integer(i, msg('lower.what-index', {})));
    index.forEach((k, d) => {
      if (k < 1) this.fail(msg('lower.index-from-one', { index: k }), n.indices[d]!);
    });
    const dims = this.scope.shapeOf(base);
    if (dims !== undefined) this.checkRange(n.name.text, dims, index, n.indices);
    return { base, index, name: elementName(base, index) };
  }

  /** A whole number from an index or range expression (`i+a-1`, `3`). */
  integer(n: Syntax, what: Param): number {
    const v = this.value(n);
    if (v.kind === 'num' && v.value.den === 1n) {
      const k = Number(v.value.num);
      if (Number.isSafeInteger(k)) return k;
    }
    if (v.kind === 'sym') return this.fail(msg('lower.whole-unbound', { what, name: `"${v.name}"`, for: '"for"' }), n);
    return this.fail(msg('lower.whole-number', { what, found: `"${quote(this.source, n)}"` }), n);
  }

  /** Every tuple of `i=1..3, j=1..i` (see `lowerRanges`). */
  tuples(ranges: readonly BindingSyntax[]): Map<string, number>[] {
    const out: Map<string, number>[] = [];
    const names = new Set<string>();
    for (const r of ranges) {
      if (r.to === undefined) this.fail(msg('lower.expected-range', { example: `${r.name.text}=1..3`, found: `"${quote(this.source, r)}"` }), r);
      const key = canonicalName(r.name.text);
      if (names.has(key)) this.fail(msg('lower.bound-twice', { name: r.name.text }), r.name);
      if (key === 'e' || key === 'pi' || RESERVED_FUNCTION_WORDS.has(r.name.text)) this.fail(msg('lower.not-index', { name: r.name.text }), r.name);
      names.add(key);
    }
    const walk = (k: number, at: Map<string, number>): void => {
      if (k === ranges.length) {
        if (out.length >= MAX_ENTRIES) this.fail(msg('limit.index-tuples', { max: MAX_ENTRIES }), ranges[0]!);
        out.push(at);
        return;
      }
      const r = ranges[k]!;
      const inner = this.within(at);
      const from = inner.integer(r.value, msg('lower.what-range-limit', {}));
      const to = inner.integer(r.to!, msg('lower.what-range-limit', {}));
      if (to < from) this.fail(msg('lower.range-empty', { range: `${r.name.text}=${from}..${to}` }), r);
      if (to - from + 1 > MAX_ENTRIES) this.fail(msg('limit.range-values', { range: `${r.name.text}=${from}..${to}`, max: MAX_ENTRIES }), r);
      const key = canonicalName(r.name.text);
      this.spend(to - from + 1, r);
      for (let v = from; v <= to; v++) walk(k + 1, new Map(at).set(key, v));
    };
    walk(0, new Map());
    return out;
  }

  // -------------------------------------------------------------------------
  // Element-wise operations

  /** f applied to every entry of a value. */
  private map(v: Value, f: (e: Expr) => Expr): Value {
    return isMatrix(v) ? matrix(v.dims, v.entries.map(f)) : f(v);
  }

  /**
   * f applied entry by entry to values of one shape, a number spread over a
   * matrix; different shapes are an error at `at` naming `what`.
   */
  private zip(values: readonly Value[], at: Range, what: Message, f: (xs: Expr[]) => Expr): Value {
    const matrices = values.filter(isMatrix);
    if (matrices.length === 0) return f(values as Expr[]);
    const dims = matrices[0]!.dims;
    const other = matrices.find((m) => !sameShape(m.dims, dims));
    if (other !== undefined) {
      const chains = what.key === 'lower.operands-of' && what.params.op === '"*"' && dims.length === 2 && (other.dims[0] === dims[1]);
      this.fail(msg('lower.shapes-differ', { what, first: shapeMessage(dims), second: shapeMessage(other.dims), note: chains ? msg('lower.matmul-note', { op: '@' }) : '' }), at);
    }
    const entries: Expr[] = [];
    for (let k = 0; k < sizeOf(dims); k++) entries.push(f(values.map((v) => (isMatrix(v) ? v.entries[k]! : v))));
    return matrix(dims, entries);
  }

  binary(n: BinarySyntax): Value {
    if (n.op === '^' && /^\{?\\(top|intercal|mathsf)\b/.test(quote(this.source, n.right))) return this.fail(transposeNeedsShapes(), n.right);
    if (n.op === '^') return this.zip([this.value(n.left), this.value(n.right)], n, msg('lower.operands-of', { op: '"^"' }), ([a, b]) => pow(a!, b!));
    const additive = n.op === '+' || n.op === '-';
    const { first, chain } = leftChain(n);
    if (chain.length >= MAX_OPERANDS) this.fail(msg(additive ? 'limit.sum-terms' : 'limit.product-factors', { max: MAX_OPERANDS, count: chain.length + 1 }), chain[MAX_OPERANDS - 1]!.right);
    const product = chain.find((link) => link.op === '@'); // matrix algebra (SPEC §12) is lower-matrix.ts's
    if (product !== undefined) this.fail(productNeedsShapes(), product);
    const head = this.value(first);
    const operands = chain.map((link) => this.value(link.right));
    if (isMatrix(head) || operands.some(isMatrix)) {
      // Element by element, pairwise, so a mismatch names the operator where it happens.
      let acc = head;
      chain.forEach((link, i) => {
        const op: (a: Expr, b: Expr) => Expr = link.op === '+' ? (a, b) => add(a, b) : link.op === '-' ? (a, b) => add(a, neg(b))
          : link.op === '/' ? div : (a, b) => mul(a, b);
        acc = this.zip([acc, operands[i]!], link, msg('lower.operands-of', { op: `"${link.op}"` }), ([a, b]) => op(a!, b!));
      });
      return acc;
    }
    const scalars = operands as Expr[];
    if (additive) {
      // Sums are associative in the canonical form: one n-ary `add` equals `sub`/`add` pairwise.
      return add(head, ...chain.map((link, i) => (link.op === '-' ? neg(scalars[i]!) : scalars[i]!)));
    }
    if (chain.length > PAIRWISE_PRODUCT_LIMIT) {
      return mul(head, ...chain.map((link, i) => (link.op === '/' ? pow(scalars[i]!, MINUS_ONE) : scalars[i]!)));
    }
    let acc = head;
    chain.forEach((link, i) => {
      acc = link.op === '/' ? div(acc, scalars[i]!) : mul(acc, scalars[i]!);
    });
    return acc;
  }

  /** `[1, 2]` is a vector; `[[1, 2], [3, 4]]` (and a LaTeX bmatrix) a matrix. */
  list(n: ListSyntax): Value {
    const items = n.items.map((item) => this.value(item));
    const first = items[0]!;
    const entries: Expr[] = [];
    items.forEach((item, k) => {
      const at = n.items[k]!;
      if (isMatrix(item) !== isMatrix(first)) this.fail(msg('lower.mixed-rows', { item: k + 1, shape: shapeMessage(item), first: shapeMessage(first) }), at);
      if (isMatrix(item)) {
        if (!sameShape(item.dims, (first as Matrix).dims)) {
          const size = (m: Matrix): Message => (m.dims.length === 1 ? msg('lower.row-entries', { count: m.dims[0]! }) : msg('lower.row-shape', { shape: shapeText(m.dims) }));
          this.fail(msg('lower.ragged', { row: k + 1, size: size(item), first: size(first as Matrix) }), at);
        }
        entries.push(...item.entries);
      } else entries.push(item);
    });
    const dims = isMatrix(first) ? [items.length, ...first.dims] : [items.length];
    if (entries.length > MAX_ENTRIES) this.fail(msg('limit.matrix-entries', { max: MAX_ENTRIES }), n);
    return matrix(dims, entries);
  }

  call(n: CallSyntax): Value {
    const written = n.name.text;
    if (written === 'sum') return this.sum(n);
    if (written === 'conv2d' || written === 'maxpool') return lowerWindow(this, n, written);
    if (written.endsWith("'")) return this.primed(n, written.slice(0, -1));
    const named = n.args.find((a) => a.kind === 'binding');
    if (named !== undefined) this.fail(msg('lower.no-named', { name: written }), named);
    if (n.args.length > MAX_OPERANDS) this.fail(msg('limit.call-arguments', { max: MAX_OPERANDS, count: n.args.length }), n.args[MAX_OPERANDS]!);
    if (written === 'sqrt' || written === 'pow') {
      const arity = written === 'sqrt' ? 1 : 2;
      if (n.args.length !== arity) {
        this.fail(msg('lower.arity', { name: written, arity: msg('arity.exactly', { count: arity }), found: n.args.length }), n);
      }
      const args = n.args.map((a) => this.value(a));
      return this.zip(args, n, msg('lower.arguments-of', { name: written }), (xs) => (written === 'sqrt' ? pow(xs[0]!, HALF) : pow(xs[0]!, xs[1]!)));
    }
    const row = lookupFunction(written);
    if (row === undefined) {
      const user = this.scope.userFunction?.(canonicalName(written));
      if (user === undefined) return this.fail(unknownFunction(written), n.name);
      const body = userFunctionBody(user, n, (message, at) => this.fail(message, at));
      return this.zip(n.args.map((a) => this.value(a)), n, msg('lower.arguments-of', { name: written }), (xs) => applyUserFunction(user, body, xs));
    }
    if (!arityOk(row, n.args.length)) this.fail(msg('lower.arity', { name: written, arity: arityText(row), found: n.args.length }), n);
    return this.zip(n.args.map((a) => this.value(a)), n, msg('lower.arguments-of', { name: written }), (xs) => call(row.name, xs));
  }

  /** `\sigma'(z)`, `\tanh'(z)` (LaTeX): the registry's derivative f′ at the argument. */
  private primed(n: CallSyntax, fn: string): Value {
    const row = lookupFunction(fn);
    if (row === undefined || !arityOk(row, 1)) return this.fail(msg('lower.primed', { name: `${fn}'`, example: "\\sigma'(z)" }), n.name);
    if (n.args.length !== 1) this.fail(msg('lower.arity', { name: `${fn}'`, arity: msg('arity.exactly', { count: 1 }), found: n.args.length }), n);
    return this.zip(n.args.map((a) => this.value(a)), n, msg('lower.argument-of', { name: `${fn}'` }), (xs) => row.derivative(xs, 0));
  }

  /**
   * `sum(M)`: every entry of M added. `sum(i=1..3, j=1..3, body)`: the body
   * for every index tuple, added (element by element when it is a matrix).
   */
  private sum(n: CallSyntax): Value {
    const ranges = n.args.slice(0, -1);
    const body = n.args[n.args.length - 1];
    if (body === undefined) return this.fail(msg('lower.sum-arguments', { sum: 'sum', example: 'sum(i=1..3, x[i])' }), n);
    if (body.kind === 'binding') return this.fail(msg('lower.sum-term', { sum: 'sum', example: 'sum(i=1..3, x[i])' }), body);
    const notRange = ranges.find((r) => r.kind !== 'binding' || r.to === undefined);
    if (notRange !== undefined) {
      return this.fail(msg('lower.sum-range', { example: 'i=1..3', found: `"${quote(this.source, notRange)}"`, sum: 'sum' }), notRange);
    }
    if (ranges.length === 0) {
      const v = this.value(body);
      // LaTeX's bare `\sum v` adds a vector's entries (SPEC §12); before a number it is a sum whose limits were left out.
      if (!isMatrix(v) && this.source.startsWith('\\sum', n.offset)) return this.fail(msg('lower.sum-limits', { sum: '\\sum', example: '\\sum_{i=1}^{3}' }), n);
      return isMatrix(v) ? add(...v.entries) : v;
    }
    const terms = this.tuples(ranges as BindingSyntax[]).map((at) => this.within(at).value(body));
    return this.zip(terms, n, msg('lower.terms-of', { name: 'sum' }), (xs) => add(...xs));
  }

  /**
   * `d(F)/d(x)`: F may be a matrix (a matrix of derivatives by one name) and
   * x a whole matrix (the gradient, one derivative per element), not both.
   */
  derivative(n: DerivativeSyntax): Value {
    const of = this.value(n.of);
    let wrt = n.wrt;
    while (wrt.kind === 'group') wrt = wrt.inner;
    if (wrt.kind !== 'name' && wrt.kind !== 'index') {
      return this.fail(msg('lower.wrt', { found: `"${quote(this.source, wrt)}"` }), n.wrt);
    }
    const w = this.value(wrt);
    if (w.kind === 'const' && wrt.kind === 'name') return this.fail(msg('lower.wrt-constant', { name: `"${wrt.text}"` }), wrt);
    if (isMatrix(w)) {
      if (isMatrix(of)) {
        return this.fail(msg('lower.matrix-by-matrix', { derivative: 'd(F)/d(x)', of: shapeMessage(of), wrt: shapeMessage(w), examples: orList(['d(F[1,1])/d(x)', 'd(F)/d(x[1,1])']) }), n);
      }
      return matrix(w.dims, w.entries.map((e) => deriv(of, e as Sym)));
    }
    if (w.kind !== 'sym') return this.fail(msg('lower.wrt', { found: `"${quote(this.source, wrt)}"` }), wrt);
    return this.map(of, (f) => deriv(f, w));
  }
}
