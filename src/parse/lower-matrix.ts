/**
 * A formula file in matrix algebra (SPEC §12), lowered: the syntax of its
 * statements becomes matrix expressions (src/matrix/), each definition one
 * node whatever its shape. A file is read this way when it uses the matrix
 * product `@` or a function of whole matrices (`transpose`, `dot`, `outer`,
 * `diag`, `norm`, `mean`, `softmax`, `logsumexp`, `ones`, `random`); every
 * other file keeps §7's expansion into scalars.
 *
 * Invariants: shapes come from declarations (`W : 3x2`, `x : 2`), literals
 * and definitions (a definition's shape is found when first needed, so
 * order in the file does not matter); an undeclared, undefined name is a
 * scalar; every shape error is a NablaError at the operator or call that
 * meets it, naming both shapes; errors are values, one per statement.
 */

import { NablaError, pushOnce, type Span } from '../errors.ts';
import { canonicalName } from '../expr/names.ts';
import { lookupFunction, arityOk } from '../functions.ts';
import {
  entry, leaf, leafNames, madd, matmul, mcall, mderiv, mdiv, mliteral, mmul, mneg, mnum, mop, mpow, mrandom, msub, mwindow, ones, place, transpose,
  type MatrixOp, type MExpr,
} from '../matrix/node.ts';
import { buildProgram, type MatrixDefinition, type MatrixDerive, type MatrixProgram, type MatrixWrt } from '../matrix/program.ts';
import { shapeMessage, SCALAR, shapeOf, ShapeMismatch, type MShape } from '../matrix/shape.ts';
import { listOf, msg, orList } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type {
  CallSyntax, DefineSyntax, IndexSyntax, ListSyntax, Locator, NameSyntax, Range, ShapeSyntax, StatementSyntax, Syntax,
} from './syntax.ts';

/** Largest matrix of matrix algebra, in entries (a 2000x2000 matrix is 32 MB of doubles). */
export const MAX_MATRIX_ENTRIES = 4_000_000;

export const WHOLE_MATRIX_FUNCTIONS: ReadonlySet<string> = new Set([
  'transpose', 'dot', 'outer', 'diag', 'norm', 'mean', 'softmax', 'logsumexp', 'rowsum', 'ones', 'random', 'unit', 'entry',
]);
const ONE_OPERAND: Readonly<Record<string, MatrixOp>> = {
  sum: 'sum', mean: 'mean', norm: 'norm', softmax: 'softmax', logsumexp: 'logsumexp', diag: 'diag', rowsum: 'rowsum',
};

/** Whether a file's statements use matrix algebra (SPEC §12) rather than only §7's expanded matrices. */
export function usesMatrixAlgebra(read: readonly (StatementSyntax | NablaError)[]): boolean {
  const stack: unknown[] = read.filter((r) => !(r instanceof NablaError));
  const own = new Set(read.flatMap((r) => (!(r instanceof NablaError) && r.kind === 'function' ? [r.head.name.text] : [])));
  while (stack.length) {
    const n = stack.pop();
    if (typeof n !== 'object' || n === null) continue;
    const node = n as { kind?: string; op?: string; name?: { text?: string } };
    if (node.kind === 'binary' && node.op === '@') return true;
    if (node.kind === 'call' && WHOLE_MATRIX_FUNCTIONS.has(node.name?.text ?? '') && !own.has(node.name?.text ?? '')) return true;
    // A user function's own head (`dot(a, b) = …`) names a function of the file, not matrix algebra.
    for (const [k, v] of Object.entries(n)) if (k !== 'head' && typeof v === 'object' && v !== null) stack.push(v);
  }
  return false;
}

/** A claim between two matrix expressions; a side that cannot be lowered is its error (a shape error there is a refutation). */
export interface MatrixClaim {
  readonly span: Span;
  readonly text: string;
  readonly lhs: MExpr | NablaError;
  readonly rhs: MExpr | NablaError;
}

export interface LoweredMatrixFile {
  readonly program: MatrixProgram;
  readonly errors: NablaError[];
  readonly claims: MatrixClaim[];
}

/** Lower a file of matrix algebra; every statement's error is kept in its place. */
export function lowerMatrixFile(read: readonly (StatementSyntax | NablaError)[], text: string, locate: Locator): LoweredMatrixFile {
  const scope = new MatrixScope(read.filter((r): r is StatementSyntax => !(r instanceof NablaError)), text, locate);
  const errors: NablaError[] = read.filter((r): r is NablaError => r instanceof NablaError);
  const defs: MatrixDefinition[] = [];
  const derives: MatrixDerive[] = [];
  const claims: MatrixClaim[] = [];
  for (const r of read) {
    if (r instanceof NablaError) continue;
    if (r.kind === 'claim') {
      claims.push(scope.claim(r.lhs, r.rhs, { offset: r.lhs.offset, length: r.rhs.offset + r.rhs.length - r.lhs.offset }));
      continue;
    }
    try {
      const lowered = scope.statement(r);
      if (lowered?.kind === 'define') defs.push(lowered.def);
      else if (lowered?.kind === 'derive') derives.push(lowered.derive);
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      // A definition is lowered where it is written and again wherever a later one needs its shape.
      pushOnce(errors, err.withSource(text));
    }
  }
  for (const d of derives) {
    for (const w of d.wrt) {
      if (!scope.known(w.name)) errors.push(new NablaError(msg('matrix.error.derive-unknown', { statement: `derive ${scope.written.get(d.target) ?? d.target} wrt ${w.written}`, name: w.written }), w.span, text));
    }
  }
  const built = buildProgram(defs, derives, scope.shapes, scope.written, text);
  return { program: built.program, errors: [...errors, ...built.errors].sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0)), claims };
}

/** Notes in matrix algebra (SPEC §12): definitions and claims as syntax, with the shapes the notes declare. */
export function lowerMatrixNotes(
  defines: readonly DefineSyntax[], claims: readonly { lhs: Syntax; rhs: Syntax; at: Range }[], shapes: ReadonlyMap<string, MShape>, text: string, locate: Locator,
): LoweredMatrixFile {
  const scope = new MatrixScope(defines, text, locate, shapes);
  const errors: NablaError[] = [];
  const defs: MatrixDefinition[] = [];
  for (const d of defines) {
    try {
      const lowered = scope.statement(d);
      if (lowered?.kind === 'define') defs.push(lowered.def);
    } catch (err) {
      if (!(err instanceof NablaError)) throw err;
      // A definition is lowered where it is written and again wherever a later one needs its shape.
      pushOnce(errors, err.withSource(text));
    }
  }
  const lowered = claims.map((c) => scope.claim(c.lhs, c.rhs, c.at));
  const built = buildProgram(defs, [], scope.shapes, scope.written, text);
  return { program: built.program, errors: [...errors, ...built.errors], claims: lowered };
}

type Lowered = { kind: 'define'; def: MatrixDefinition } | { kind: 'derive'; derive: MatrixDerive } | undefined;

class MatrixScope {
  private readonly declared = new Map<string, { shape: MShape; syntax: ShapeSyntax }>();
  private readonly defined = new Map<string, DefineSyntax>();
  private readonly lowered = new Map<string, MExpr | 'active'>();
  readonly shapes = new Map<string, MShape>();
  readonly written = new Map<string, string>();

  constructor(statements: readonly StatementSyntax[], private readonly text: string, private readonly locate: Locator, preset?: ReadonlyMap<string, MShape>) {
    for (const [key, shape] of preset ?? []) {
      this.declared.set(key, { shape, syntax: { kind: 'shape', name: { kind: 'name', text: key, offset: 0, length: 1 }, dims: { offset: 0, length: 1 }, offset: 0, length: 1 } });
      this.shapes.set(key, shape);
    }
    for (const s of statements) {
      if (s.kind === 'shape') {
        const key = this.key(s.name);
        if (!this.declared.has(key)) this.declared.set(key, { shape: this.dims(s), syntax: s });
      } else if (s.kind === 'define' && s.name.kind === 'name' && s.ranges === undefined) {
        const key = this.key(s.name);
        if (!this.defined.has(key)) this.defined.set(key, s);
      }
    }
  }

  /** Both sides of a claim, each lowered on its own: an error stays with its side. */
  claim(lhs: Syntax, rhs: Syntax, at: Range): MatrixClaim {
    const side = (s: Syntax): MExpr | NablaError => {
      try {
        return this.expr(s);
      } catch (err) {
        if (!(err instanceof NablaError)) throw err;
        return err.withSource(this.text);
      }
    };
    return { span: this.locate(at), text: this.text.slice(at.offset, at.offset + at.length), lhs: side(lhs), rhs: side(rhs) };
  }

  private fail(message: Message, at: Range): never {
    throw new NablaError(message, this.locate(at), this.text);
  }

  private key(n: NameSyntax): string {
    const key = canonicalName(n.text);
    if (!this.written.has(key)) this.written.set(key, n.text);
    return key;
  }

  known(key: string): boolean {
    return this.shapes.has(key) || this.defined.has(key) || this.declared.has(key);
  }

  /** `W : 128x784`, `x : 784`: the dimensions as written. */
  private dims(s: ShapeSyntax): MShape {
    const raw = this.text.slice(s.dims.offset, s.dims.offset + s.dims.length);
    const parts = raw.split(/[x\u00d7*]/).map((d) => d.trim());
    const ns = parts.map(Number);
    if (ns.length > 2 || !parts.every((p) => /^\d+$/.test(p)) || ns.some((d) => d < 1)) {
      this.fail(msg('matrix.error.dims', { matrix: '128x784', vector: '784', found: raw.trim() }), s.dims);
    }
    const shape = shapeOf(ns[0]!, ns[1] ?? 1);
    if (shape.rows * shape.cols > MAX_MATRIX_ENTRIES) this.fail(msg('matrix.error.too-many', { dims: raw.trim(), max: MAX_MATRIX_ENTRIES }), s.dims);
    return shape;
  }

  statement(s: StatementSyntax): Lowered {
    switch (s.kind) {
      case 'shape': {
        const key = this.key(s.name);
        const shape = this.dims(s);
        const first = this.declared.get(key)!;
        if (first.syntax !== s && (first.shape.rows !== shape.rows || first.shape.cols !== shape.cols)) {
          this.fail(msg('matrix.error.declared-twice', { name: s.name.text, first: shapeMessage(first.shape), line: this.locate(first.syntax).line, second: shapeMessage(shape) }), s);
        }
        this.shapes.set(key, shape);
        return undefined;
      }
      case 'define': return this.define(s);
      case 'derive': {
        const target = this.key(this.plainName(s.target, 'derive'));
        const wrt = s.wrt.map((w) => this.wrt(w));
        return { kind: 'derive', derive: { target, span: this.locate(s), wrt } };
      }
      case 'claim': return undefined;
      case 'function': return this.fail(msg('matrix.error.user-functions', {}), s);
      default: return assertNeverStatement(s);
    }
  }

  private plainName(n: NameSyntax | IndexSyntax, what: string): NameSyntax {
    if (n.kind === 'name') return n;
    return this.fail(msg('matrix.error.name-after', { what }), n);
  }

  private wrt(w: NameSyntax | IndexSyntax): MatrixWrt {
    if (w.kind === 'name') {
      const name = this.key(w);
      return { name, written: w.text, span: this.locate(w) };
    }
    const name = this.key(w.name);
    const at = this.index(w, this.shapeOfName(name, w.name));
    return { name, written: this.text.slice(w.offset, w.offset + w.length), span: this.locate(w), entry: at };
  }

  private define(s: DefineSyntax): Lowered {
    if (s.name.kind !== 'name' || s.ranges !== undefined) {
      return this.fail(msg('matrix.error.defined-whole', { example: 'W = [[1, 2], [3, 4]], h = sigmoid(W @ x)' }), s.name);
    }
    const key = this.key(s.name);
    const rhs = this.definition(key)!;
    const declared = this.declared.get(key);
    if (declared && (declared.shape.rows !== rhs.shape.rows || declared.shape.cols !== rhs.shape.cols)) {
      this.fail(msg('matrix.error.declared-as', { name: s.name.text, declared: shapeMessage(declared.shape), line: this.locate(declared.syntax).line, shape: shapeMessage(rhs.shape) }), s.value);
    }
    if (this.defined.get(key) !== s) this.fail(msg('matrix.error.defined-twice', { name: s.name.text, first: this.locate(this.defined.get(key)!).line, second: this.locate(s).line }), s);
    // No names on the right (a literal, `0.1*random(…)`): a value given in the file, which training may update.
    const input = leafNames(rhs).length === 0;
    return { kind: 'define', def: { name: key, written: s.name.text, source: rhs, span: this.locate(s), input } };
  }

  /** A definition's right side, lowered on first need (its shape may be asked for before its line). */
  private definition(key: string): MExpr | undefined {
    const memo = this.lowered.get(key);
    if (memo === 'active') {
      const s = this.defined.get(key)!;
      this.fail(msg('matrix.error.cycle', { name: s.name.kind === 'name' ? s.name.text : key }), s);
    }
    if (memo) return memo;
    const s = this.defined.get(key);
    if (!s) return undefined;
    this.lowered.set(key, 'active');
    try {
      const e = this.expr(s.value);
      this.lowered.set(key, e);
      this.shapes.set(key, e.shape);
      return e;
    } catch (err) {
      this.lowered.delete(key);
      throw err;
    }
  }

  private shapeOfName(key: string, at: Range): MShape {
    const declared = this.declared.get(key);
    if (declared) {
      this.shapes.set(key, declared.shape);
      return declared.shape;
    }
    if (this.defined.has(key)) {
      if (this.lowered.get(key) === 'active') this.fail(msg('matrix.error.cycle', { name: this.written.get(key) ?? key }), at);
      return this.definition(key)!.shape;
    }
    this.shapes.set(key, SCALAR);
    return SCALAR;
  }

  private shaped<T>(at: Range, f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof ShapeMismatch) this.fail(err.said, at);
      throw err;
    }
  }

  expr(s: Syntax): MExpr {
    switch (s.kind) {
      case 'number': return mnum(Number(s.value));
      case 'name': {
        const key = this.key(s);
        if (key === 'e') return mnum(Math.E);
        if (key === 'pi' || key === '\u03c0') return mnum(Math.PI);
        return leaf(key, this.shapeOfName(key, s));
      }
      case 'unary': return s.op === '-' ? mneg(this.expr(s.operand)) : this.expr(s.operand);
      case 'group': return this.expr(s.inner);
      case 'binary': {
        const a = this.expr(s.left);
        const b = this.expr(s.right);
        const op = s.op;
        if (op === '@') this.productOperands(s.left, a, s.right, b);
        if (op === '^' && this.transposeMark(s.right)) return transpose(a);
        return this.shaped(s, () => {
          switch (op) {
            case '+': return madd(a, b);
            case '-': return msub(a, b);
            case '*': return s.product === 'matrix' ? this.latexProduct(s, a, b) : mmul(a, b);
            case '/': return mdiv(a, b);
            case '^': return mpow(a, b);
            case '@': return matmul(a, b);
            default: return assertNeverStatement(op);
          }
        });
      }
      case 'call': return this.call(s);
      case 'derivative': {
        const of = s.of.kind === 'group' ? s.of.inner : s.of;
        if (of.kind !== 'name') return this.fail(msg('matrix.error.deriv-of', { form: 'd(F)/d(W)', name: 'F' }), s.of);
        const target = this.key(of);
        const w = s.wrt.kind === 'group' ? s.wrt.inner : s.wrt;
        if (w.kind !== 'name' && w.kind !== 'index') return this.fail(msg('matrix.error.deriv-wrt', {}), s.wrt);
        this.shapeOfName(target, of);
        const wrt = this.wrt(w);
        const shape = this.shapeOfName(wrt.name, w);
        return mderiv(target, wrt.name, shape, wrt.entry);
      }
      case 'index': {
        const key = this.key(s.name);
        const shape = this.shapeOfName(key, s.name);
        const [i, j] = this.index(s, shape);
        return entry(leaf(key, shape), i, j);
      }
      case 'list': return this.literal(s);
      case 'binding': return this.fail(msg('matrix.error.binding', { spec: 'SPEC §7' }), s);
      default: return assertNeverStatement(s);
    }
  }

  /** `^T`, `^\\top`, `^{\\mathsf{T}}`: the transpose, unless the notes give T a value of their own. */
  private transposeMark(s: Syntax): boolean {
    const inner = s.kind === 'group' ? s.inner : s;
    return inner.kind === 'name' && inner.text === 'T' && !this.defined.has('T') && !this.declared.has('T');
  }

  /**
   * LaTeX's juxtaposition and `\\cdot` (SPEC §12): the matrix product when both
   * sides are matrices or vectors whose shapes chain, else a product with a
   * scalar; two column vectors side by side are neither.
   */
  private latexProduct(s: Syntax, a: MExpr, b: MExpr): MExpr {
    const scalar = (e: MExpr): boolean => e.shape.rows === 1 && e.shape.cols === 1;
    if (scalar(a) || scalar(b)) return mmul(a, b);
    if (a.shape.cols === 1 && b.shape.cols === 1) {
      throw new ShapeMismatch(msg('matrix.error.beside', { a: shapeMessage(a.shape), b: shapeMessage(b.shape), dot: 'u^\\top v', outer: 'u v^\\top', entrywise: 'u \\odot v' }));
    }
    if (a.shape.cols !== b.shape.rows) {
      throw new ShapeMismatch(msg('matrix.error.inner-odot', { a: shapeMessage(a.shape), b: shapeMessage(b.shape), cols: a.shape.cols, rows: b.shape.rows, odot: '\\odot' }));
    }
    void s;
    return matmul(a, b);
  }

  /** An operand of `@` that is a scalar is most often a matrix nobody declared: say so where it is. */
  private productOperands(left: Syntax, a: MExpr, right: Syntax, b: MExpr): void {
    for (const [s, e] of [[left, a], [right, b]] as const) {
      if (e.shape.rows !== 1 || e.shape.cols !== 1) continue;
      const inner = s.kind === 'group' ? s.inner : s;
      // A 1-vector or a number is a 1x1 product and fine; a name nobody gave a shape is the likely slip.
      if (inner.kind !== 'name' || this.declared.has(canonicalName(inner.text)) || this.defined.has(canonicalName(inner.text))) continue;
      this.fail(msg('matrix.error.undeclared', { name: inner.text, matrix: `${inner.text} : 3x2`, vector: `${inner.text} : 3` }), s);
    }
  }

  /** `W[2,3]`, `x[2]`: whole numbers within the shape. */
  private index(s: IndexSyntax, shape: MShape): [number, number] {
    const ns = s.indices.map((x) => (x.kind === 'number' && /^\d+$/.test(x.value) ? Number(x.value) : NaN));
    if (ns.some((n) => Number.isNaN(n))) this.fail(msg('matrix.error.entry-numbers', { example: 'W[2,3]' }), s);
    const [i, j] = ns.length === 1 && shape.cols === 1 ? [ns[0]!, 1] : ns;
    if (ns.length > 2 || i === undefined || j === undefined || i < 1 || j < 1 || i > shape.rows || j > shape.cols) {
      this.fail(msg('matrix.error.outside', { entry: `${s.name.text}[${ns.join(',')}]`, name: s.name.text, shape: shapeMessage(shape) }), s);
    }
    return [i, j];
  }

  private literal(s: ListSyntax): MExpr {
    const num = (x: Syntax): number => {
      if (x.kind === 'number') return Number(x.value);
      if (x.kind === 'unary' && x.operand.kind === 'number') return (x.op === '-' ? -1 : 1) * Number(x.operand.value);
      return this.fail(msg('matrix.error.literal-numbers', {}), x);
    };
    if (s.items.every((x) => x.kind !== 'list')) return mliteral(shapeOf(s.items.length, 1), Float64Array.from(s.items, num));
    const rows = s.items.map((x) => (x.kind === 'list' ? x.items : this.fail(msg('matrix.error.row-expected', {}), x)));
    const cols = rows[0]!.length;
    rows.forEach((r, i) => {
      if (r.length !== cols) this.fail(msg('matrix.error.ragged', { row: i + 1, count: r.length, cols }), s.items[i]!);
    });
    return mliteral(shapeOf(rows.length, cols), Float64Array.from(rows.flat(), num));
  }

  private wholeNumbers(s: CallSyntax, n: number | readonly number[]): number[] {
    const counts = typeof n === 'number' ? [n] : n;
    if (!counts.includes(s.args.length)) this.fail(msg('matrix.error.whole-count', { fn: s.name.text, counts: orList(counts) }), s);
    return s.args.map((a) => (a.kind === 'number' && /^\d+$/.test(a.value) ? Number(a.value) : this.fail(msg('matrix.error.whole-number', { fn: s.name.text }), a)));
  }

  /** `conv2d(x, w, stride=1, padding=0)`, `maxpool(x, k, stride=k)`: one node each (window.ts), not expanded. */
  private window(s: CallSyntax, fn: 'conv2d' | 'maxpool'): MExpr {
    const allowed = fn === 'conv2d' ? ['stride', 'padding'] : ['stride'];
    const options: Record<string, number> = {};
    const positional: Syntax[] = [];
    for (const a of s.args) {
      if (a.kind !== 'binding') {
        positional.push(a);
        continue;
      }
      if (a.to !== undefined || !allowed.includes(a.name.text)) this.fail(msg('matrix.error.named-args', { fn, names: listOf(allowed) }), a);
      if (a.name.text in options) this.fail(msg('matrix.error.given-twice', { name: a.name.text }), a.name);
      const v = a.value.kind === 'number' && /^\d+$/.test(a.value.value) ? Number(a.value.value) : NaN;
      if (!(v >= (a.name.text === 'padding' ? 0 : 1))) this.fail(msg('matrix.error.at-least', { name: a.name.text, min: a.name.text === 'padding' ? 0 : 1 }), a.value);
      options[a.name.text] = v;
    }
    if (positional.length !== 2) {
      this.fail(fn === 'conv2d' ? msg('matrix.error.conv-args', { fn: 'conv2d', form: 'conv2d(x, w, stride=1, padding=0)', count: positional.length })
        : msg('matrix.error.pool-args', { fn: 'maxpool', form: 'maxpool(x, 2, stride=2)', count: positional.length }), s);
    }
    const x = this.expr(positional[0]!);
    if (fn === 'conv2d') {
      const w = this.expr(positional[1]!);
      return this.shaped(s, () => mwindow('conv2d', x, w, { stride: options.stride ?? 1, padding: options.padding ?? 0, k: 0 }));
    }
    const [k] = this.wholeNumbers({ ...s, args: positional.slice(1) }, 1);
    if (k! < 1) this.fail(msg('matrix.error.window-size', {}), positional[1]!);
    return this.shaped(s, () => mwindow('maxpool', x, undefined, { stride: options.stride ?? k!, padding: 0, k: k! }));
  }

  private call(s: CallSyntax): MExpr {
    const fn = s.name.text;
    const arity = (n: number): void => {
      if (s.args.length !== n) this.fail(n === 1 ? msg('matrix.error.takes-one', { fn, count: s.args.length }) : msg('matrix.error.takes-n', { fn, n, count: s.args.length }), s);
    };
    if (fn === 'ones') {
      const [r, c] = this.wholeNumbers(s, [1, 2]);
      return ones(shapeOf(r!, c ?? 1));
    }
    if (fn === 'random') {
      const [r, c, seed] = this.wholeNumbers(s, 3);
      if (r! * c! > MAX_MATRIX_ENTRIES) this.fail(msg('matrix.error.too-many', { dims: `${r}x${c}`, max: MAX_MATRIX_ENTRIES }), s);
      return mrandom(shapeOf(r!, c!), seed!);
    }
    if (fn === 'unit') {
      const [r, c, i, j] = this.wholeNumbers(s, 4);
      return this.shaped(s, () => place(mnum(1), i!, j!, shapeOf(r!, c!)));
    }
    if (fn === 'entry') {
      if (s.args.length !== 3) this.fail(msg('matrix.error.entry-args', { fn: 'entry', form: 'entry(M, 2, 3)' }), s);
      const m = this.expr(s.args[0]!);
      const [i, j] = this.wholeNumbers({ ...s, args: s.args.slice(1) }, 2);
      return this.shaped(s, () => entry(m, i!, j!));
    }
    if (fn === 'conv2d' || fn === 'maxpool') return this.window(s, fn);
    const args = s.args.map((a) => this.expr(a));
    return this.shaped(s, () => {
      const [a, b] = args as [MExpr, MExpr];
      if (fn === 'transpose') return arity(1), transpose(a);
      if (fn === 'dot' || fn === 'outer') {
        arity(2);
        if (a.shape.cols !== 1 || b.shape.cols !== 1) throw new ShapeMismatch(msg('matrix.error.two-vectors', { fn, a: shapeMessage(a.shape), b: shapeMessage(b.shape) }));
        if (fn === 'dot' && a.shape.rows !== b.shape.rows) throw new ShapeMismatch(msg('matrix.error.dot-lengths', { fn: 'dot', a: shapeMessage(a.shape), b: shapeMessage(b.shape) }));
        return fn === 'dot' ? matmul(transpose(a), b) : matmul(a, transpose(b));
      }
      const op = ONE_OPERAND[fn];
      if (op !== undefined) {
        if (s.args.some((x) => x.kind === 'binding')) this.fail(msg('matrix.error.indexed-sums', { spec: 'SPEC §7', form: 'sum(M)', name: 'M' }), s);
        return arity(1), mop(op, a);
      }
      if (fn === 'sqrt') return arity(1), mpow(a, mnum(0.5));
      if (fn === 'pow') return arity(2), mpow(a, b);
      const row = lookupFunction(fn);
      if (row === undefined) return this.fail(msg('matrix.error.unknown-function', { fn }), s.name);
      if (!arityOk(row, args.length) || args.length !== 1) {
        if (args.every((x) => x.shape.rows === 1 && x.shape.cols === 1)) return this.fail(msg('matrix.error.several-args', { fn }), s);
        return this.fail(msg('matrix.error.one-entrywise', { fn, count: args.length }), s);
      }
      return mcall(row.name, a);
    });
  }
}

function assertNeverStatement(x: never): never {
  throw new Error(`unexpected syntax ${JSON.stringify(x)}`);
}
