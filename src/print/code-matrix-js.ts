/**
 * Loops over Float64Arrays for a file in matrix algebra (SPEC §8, §12): a
 * plan (matrix/code-plan.ts) printed as JavaScript or TypeScript. Every
 * value is a Float64Array of rows × cols, row-major, a scalar one of length
 * 1; an entry-wise node is one loop written in place (a scalar or a column
 * spread by its index), a product, transpose or reduction a call of a small
 * helper the module defines once. No library: the module runs anywhere.
 *
 * Invariants: a transposed vector is the vector's own array (same entries
 * in the same order); inputs are read by escaped key and copied, so the
 * caller's arrays are never written to; locals are generated (`t0`, …) and
 * helpers start with `$`, which the function's name may not.
 */

import { msg } from '../messages/format.ts';
import { NablaError, RefusedNameError } from '../errors.ts';
import { functionRow, type CodeHelper } from '../functions.ts';
import { Scheduler, type MatrixCodePlan } from '../matrix/code-plan.ts';
import { assertNeverM, type MExpr } from '../matrix/node.ts';
import type { MShape } from '../matrix/shape.ts';
import { helperCode } from './code-module.ts';
import { checkFunctionName, numberLiteral, stringLiteral, WINDOWS_NOT_WRITTEN } from './code-syntax.ts';
import { matrixText } from './matrix.ts';

type Typer = (annotation: string) => string;

/** The helpers, by name; `ty` adds a TypeScript annotation or nothing. */
const HELPERS: Record<string, (ty: Typer) => string> = {
  $input: (ty) => [
    '/** An input as a flat row-major copy: a number, an array, or an array of rows; its size is checked. */',
    `function $input(inputs${ty(': Readonly<Record<string, unknown>>')}, key${ty(': string')}, n${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(n);',
    '  let k = 0;',
    `  const put = (x${ty(': unknown')})${ty(': void')} => {`,
    '    if (typeof x === \'number\') {',
    '      if (k < n) out[k] = x;',
    '      k++;',
    '    } else if (x !== null && typeof x === \'object\' && \'length\' in x) {',
    `      const a = x${ty(' as ArrayLike<unknown>')};`,
    '      for (let i = 0; i < a.length; i++) put(a[i]);',
    '    } else throw new TypeError(`input ${JSON.stringify(key)} must be a number or an array of numbers`);',
    '  };',
    '  put(Object.prototype.hasOwnProperty.call(inputs, key) ? inputs[key] : undefined);',
    '  if (k !== n) throw new TypeError(`input ${JSON.stringify(key)} must have ${n} entries, found ${k}`);',
    '  return out;',
    '}',
  ].join('\n'),
  $matmul: (ty) => [
    '/** The product of an n x m and an m x p matrix, row-major. */',
    `function $matmul(a${ty(': Float64Array')}, b${ty(': Float64Array')}, n${ty(': number')}, m${ty(': number')}, p${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(n * p);',
    '  for (let i = 0; i < n; i++) {',
    '    for (let l = 0; l < m; l++) {',
    `      const x = a[i * m + l]${ty('!')};`,
    '      if (x === 0) continue;',
    `      for (let j = 0; j < p; j++) out[i * p + j] = out[i * p + j]${ty('!')} + x * b[l * p + j]${ty('!')};`,
    '    }',
    '  }',
    '  return out;',
    '}',
  ].join('\n'),
  $transpose: (ty) => [
    `function $transpose(a${ty(': Float64Array')}, rows${ty(': number')}, cols${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(rows * cols);',
    `  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]${ty('!')};`,
    '  return out;',
    '}',
  ].join('\n'),
  $sum: (ty) => [
    `function $sum(a${ty(': Float64Array')})${ty(': number')} {`,
    '  let s = 0;',
    `  for (let k = 0; k < a.length; k++) s += a[k]${ty('!')};`,
    '  return s;',
    '}',
  ].join('\n'),
  $rowsum: (ty) => [
    `function $rowsum(a${ty(': Float64Array')}, rows${ty(': number')}, cols${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(rows);',
    `  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i] = out[i]${ty('!')} + a[i * cols + j]${ty('!')};`,
    '  return out;',
    '}',
  ].join('\n'),
  $softmax: (ty) => [
    '/** softmax of a vector, shifted by its largest entry so exp cannot overflow. */',
    `function $softmax(a${ty(': Float64Array')})${ty(': Float64Array')} {`,
    '  let m = -Infinity;',
    `  for (let k = 0; k < a.length; k++) m = Math.max(m, a[k]${ty('!')});`,
    '  const out = new Float64Array(a.length);',
    '  let s = 0;',
    `  for (let k = 0; k < a.length; k++) s += (out[k] = Math.exp(a[k]${ty('!')} - m));`,
    `  for (let k = 0; k < a.length; k++) out[k] = out[k]${ty('!')} / s;`,
    '  return out;',
    '}',
  ].join('\n'),
  $logsumexp: (ty) => [
    `function $logsumexp(a${ty(': Float64Array')})${ty(': number')} {`,
    '  let m = -Infinity;',
    `  for (let k = 0; k < a.length; k++) m = Math.max(m, a[k]${ty('!')});`,
    '  let s = 0;',
    `  for (let k = 0; k < a.length; k++) s += Math.exp(a[k]${ty('!')} - m);`,
    '  return m + Math.log(s);',
    '}',
  ].join('\n'),
  $diag: (ty) => [
    `function $diag(a${ty(': Float64Array')}, n${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(n * n);',
    `  for (let i = 0; i < n; i++) out[i * n + i] = a[i]${ty('!')};`,
    '  return out;',
    '}',
  ].join('\n'),
  $diagonal: (ty) => [
    `function $diagonal(a${ty(': Float64Array')}, n${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(n);',
    `  for (let i = 0; i < n; i++) out[i] = a[i * n + i]${ty('!')};`,
    '  return out;',
    '}',
  ].join('\n'),
  $place: (ty) => [
    `function $place(x${ty(': number')}, n${ty(': number')}, k${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(n);',
    '  out[k] = x;',
    '  return out;',
    '}',
  ].join('\n'),
  $random: (ty) => [
    '/** nabla\'s random(rows, cols, seed): n uniform numbers in [0, 1), row by row (mulberry32). */',
    `function $random(seed${ty(': number')}, n${ty(': number')})${ty(': Float64Array')} {`,
    '  const out = new Float64Array(n);',
    '  let a = seed >>> 0;',
    '  for (let k = 0; k < n; k++) {',
    '    a = (a + 0x6d2b79f5) >>> 0;',
    '    let t = Math.imul(a ^ (a >>> 15), a | 1);',
    '    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);',
    '    out[k] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;',
    '  }',
    '  return out;',
    '}',
  ].join('\n'),
};

const size = (s: MShape): number => s.rows * s.cols;
const isVector = (s: MShape): boolean => s.rows === 1 || s.cols === 1;
const commentSafe = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?');

class JsWriter {
  readonly helpers = new Set<string>();
  readonly registry = new Set<CodeHelper>();

  /** `!` after an entry read in TypeScript (a read of a Float64Array may be undefined under noUncheckedIndexedAccess). */
  constructor(private readonly ident: (e: MExpr) => string | undefined, private readonly bang: string) {}

  /** The array holding a node (a transposed vector is the vector's array). */
  ref(e: MExpr): string {
    if (e.kind === 'transpose' && isVector(e.a.shape)) return this.ref(e.a);
    const id = this.ident(e);
    if (id === undefined) throw new NablaError(msg('matrix.code.node-before-written', {}));
    return id;
  }

  /** Entry k of an operand spread over `out`: a number in place, a scalar's only entry, a column by row, a row by column. */
  private at(x: MExpr, out: MShape): string {
    if (x.kind === 'num') {
      const text = numberLiteral(x.value, false);
      return x.value < 0 ? `(${text})` : text;
    }
    const a = this.ref(x);
    const b = this.bang;
    if (size(x.shape) === 1) return `${a}[0]${b}`;
    if (x.shape.rows === out.rows && x.shape.cols === out.cols) return `${a}[k]${b}`;
    if (x.shape.cols === 1) return `${a}[Math.floor(k / ${out.cols})]${b}`;
    return `${a}[k % ${out.cols}]${b}`;
  }

  private helper(name: string, args: string): string {
    this.helpers.add(name);
    return `${name}(${args})`;
  }

  /** The statement that defines `id` as the value of `e`. */
  statement(id: string, e: MExpr): string {
    const n = size(e.shape);
    const loop = (entry: string): string => `const ${id} = new Float64Array(${n}); for (let k = 0; k < ${n}; k++) ${id}[k] = ${entry};`;
    const at = (x: MExpr): string => this.at(x, e.shape);
    const r = (x: MExpr): string => this.ref(x);
    const one = (code: string): string => `const ${id} = Float64Array.of(${code});`;
    switch (e.kind) {
      case 'num': return one(numberLiteral(e.value, false));
      case 'leaf': case 'deriv': throw new NablaError(msg('matrix.code.leaf-statement', {}));
      case 'ones': return `const ${id} = new Float64Array(${n}).fill(1);`;
      case 'random': return `const ${id} = ${this.helper('$random', `${e.seed}, ${n}`)};`;
      case 'literal': return one(Array.from(e.values, (v) => numberLiteral(v, false)).join(', '));
      case 'neg': return loop(`-${at(e.a)}`);
      case 'add':
        if (e.b.kind === 'num' && e.b.value < 0) return loop(`${at(e.a)} - ${numberLiteral(-e.b.value, false)}`);
        return e.b.kind === 'neg' ? loop(`${at(e.a)} - ${at(e.b.a)}`) : loop(`${at(e.a)} + ${at(e.b)}`);
      case 'mul': return loop(`${at(e.a)} * ${at(e.b)}`);
      case 'div': return loop(`${at(e.a)} / ${at(e.b)}`);
      case 'pow': return loop(`${at(e.a)} ** ${at(e.b)}`);
      case 'call': {
        const spelling = functionRow(e.fn).js;
        if (spelling.helper) this.registry.add(spelling.helper);
        return loop(spelling.call([at(e.a)]));
      }
      case 'matmul': return `const ${id} = ${this.helper('$matmul', `${r(e.a)}, ${r(e.b)}, ${e.a.shape.rows}, ${e.a.shape.cols}, ${e.b.shape.cols}`)};`;
      case 'transpose': return `const ${id} = ${this.helper('$transpose', `${r(e.a)}, ${e.a.shape.rows}, ${e.a.shape.cols}`)};`;
      case 'entry': return one(`${r(e.a)}[${(e.i - 1) * e.a.shape.cols + (e.j - 1)}]${this.bang}`);
      case 'place': return `const ${id} = ${this.helper('$place', `${at(e.a)}, ${n}, ${(e.i - 1) * e.shape.cols + (e.j - 1)}`)};`;
      case 'op': {
        const a = r(e.a);
        const s = e.a.shape;
        switch (e.op) {
          case 'sum': return one(this.helper('$sum', a));
          case 'mean': return one(`${this.helper('$sum', a)} / ${size(s)}`);
          case 'norm': return one(`Math.sqrt(${a}.reduce((s, x) => s + x * x, 0))`);
          case 'rowsum': return `const ${id} = ${this.helper('$rowsum', `${a}, ${s.rows}, ${s.cols}`)};`;
          case 'softmax': return `const ${id} = ${this.helper('$softmax', a)};`;
          case 'logsumexp': return one(this.helper('$logsumexp', a));
          case 'diag': return `const ${id} = ${this.helper('$diag', `${a}, ${s.rows}`)};`;
          case 'diagonal': return `const ${id} = ${this.helper('$diagonal', `${a}, ${s.rows}`)};`;
          default: return assertNeverM(e);
        }
      }
      case 'window': throw new NablaError(WINDOWS_NOT_WRITTEN);
      default: return assertNeverM(e);
    }
  }
}

/** A scalar as a number, anything else as its Float64Array. */
const result = (id: string, s: MShape, bang: string): string => (size(s) === 1 ? `${id}[0]${bang}` : id);

/** The module: helpers, `export function fname(inputs)`, and `fnameInputs()` with the file's own values. */
export function matrixJsModule(plan: MatrixCodePlan, fname: string, typed: boolean): string {
  checkFunctionName(fname, typed ? 'ts' : 'js');
  if (fname.startsWith('$')) throw new RefusedNameError(msg('matrix.code.helper-name', { name: `"${fname}"`, prefix: '$' }), fname);
  const lang = typed ? 'ts' : 'js';
  const ty: Typer = (a) => (typed ? a : '');
  const program = plan.program;
  const show = (n: string): string => program.written.get(n) ?? n;
  const w = new JsWriter(plan.ident, ty('!'));
  const body: string[] = [];
  w.helpers.add('$input');
  plan.inputs.forEach((p, k) => body.push(`  const t${k} = $input(inputs, ${stringLiteral(p.name, lang)}, ${size(p.shape)});`));
  const write = (list: MatrixCodePlan['forward']): void => {
    for (const s of list) {
      if (s.note !== undefined) body.push(`  // ${commentSafe(`${show(s.note)} = ${matrixText(program.definitions.get(s.note)!.source, show)}`)}`);
      body.push(`  ${w.statement(s.ident, s.node)}`);
    }
  };
  body.push('  // forward pass');
  write(plan.forward);
  if (plan.backward.length > 0) body.push('  // backward pass: the gradient in matrix form');
  write(plan.backward);
  const valueRef = plan.value.kind === 'num' ? numberLiteral(plan.value.value, false) : result(w.ref(plan.value), plan.value.shape, ty('!'));
  const gradRef = (o: MatrixCodePlan['outputs'][number]): string => {
    if (o.node.kind === 'num') return size(o.shape) === 1 ? numberLiteral(o.node.value, false) : `new Float64Array(${size(o.shape)}).fill(${numberLiteral(o.node.value, false)})`;
    return result(w.ref(o.node), o.shape, ty('!'));
  };
  const key = (name: string): string => (name === '__proto__' ? `[${stringLiteral(name, lang)}]` : stringLiteral(name, lang));
  const grads = plan.outputs.map((o) => `      ${key(o.key)}: ${gradRef(o)},`);
  const example = plan.inputs.every((p) => p.source !== undefined) ? exampleCode(plan, fname, w, lang) : [];

  const helperNames = [...w.helpers].sort();
  const head = [
    `// Generated by nabla codegen: the value of ${commentSafe(plan.targetWritten)} and its gradient with respect to ${plan.outputs.map((o) => commentSafe(show(o.key))).join(', ') || 'nothing'},`,
    `// vectorised: ${plan.forward.length} forward and ${plan.backward.length} backward array operations, whatever the sizes.`,
    '// Every matrix is a Float64Array, row by row; a vector is a column; a scalar a number.',
    '',
    ...helperNames.flatMap((h) => [HELPERS[h]!(ty), '']),
    ...[...w.registry].flatMap((h) => [helperCode(h, typed), '']),
  ];
  const gradType = plan.outputs.map((o) => `readonly ${key(o.key)}: ${size(o.shape) === 1 ? 'number' : 'Float64Array'}`).join('; ');
  const shapes = plan.inputs.map((p) => `${commentSafe(show(p.name))} ${p.shape.rows}x${p.shape.cols}`).join(', ');
  const signature = typed
    ? `export function ${fname}(inputs: Readonly<Record<string, number | ArrayLike<number | ArrayLike<number>>>>): { value: number; gradient: { ${gradType} } } {`
    : `export function ${fname}(inputs) {`;
  return [
    ...head,
    `/** The value and gradient. Inputs (numbers, flat arrays or arrays of rows): ${shapes}. */`,
    signature,
    ...body,
    `  return {\n    value: ${valueRef},\n    gradient: {\n${grads.join('\n')}\n    },\n  };`,
    '}',
    ...example,
    '',
  ].join('\n');
}

/** `fnameInputs()`: the values the formula file gives its inputs, row by row. */
function exampleCode(plan: MatrixCodePlan, fname: string, parent: JsWriter, lang: 'ts' | 'js'): string[] {
  const idents = new Map<MExpr, string>();
  const w = new JsWriter((e) => idents.get(e), lang === 'ts' ? '!' : '');
  const scheduler = new Scheduler(idents, { n: 0 }, (e) => e.kind === 'transpose' && isVector(e.a.shape));
  const entries = plan.inputs.map((p) => {
    scheduler.emit(p.source!);
    return p;
  });
  const lines = scheduler.statements.map((s) => `  ${w.statement(s.ident, s.node)}`);
  for (const h of w.helpers) parent.helpers.add(h);
  for (const h of w.registry) parent.registry.add(h);
  const value = (p: (typeof entries)[number]): string => (p.source!.kind === 'num' ? numberLiteral(p.source!.value, false) : w.ref(p.source!));
  const type = lang === 'ts' ? ': Record<string, number | Float64Array>' : '';
  return [
    '',
    '/** The values the formula file gives its inputs. */',
    `export function ${fname}Inputs()${type} {`,
    ...lines,
    '  return {',
    ...entries.map((p) => `    ${stringLiteral(p.name, lang)}: ${value(p)},`),
    '  };',
    '}',
  ];
}
