/**
 * Code generation (SPEC §8 `nabla codegen`): a function in TypeScript,
 * JavaScript or Python (NumPy) that returns the value of an objective and
 * its gradient, written as straight-line code from the reverse-mode
 * gradient program (diff/reverse.ts): the forward pass, then the backward
 * pass, every shared subexpression computed once into a temporary.
 *
 * Invariants:
 * - names never reach the generated code as code: inputs are read by key,
 *   each key a string literal escaped here (`__proto__`, `constructor`,
 *   quotes and `"]);` are just data), results are written under quoted
 *   keys (`__proto__` under a computed one, which cannot set the
 *   prototype), and every local is a generated identifier `t0`, `t1`, …;
 * - the code computes what `compile` computes: the same conventions at
 *   kinks (step(0) = 0, relu′(0) = 0, sign(0) = 0), the same real odd roots
 *   of negative numbers, the stable sigmoid;
 * - only the temporaries some requested gradient needs are emitted.
 */

import { assertNever, type Expr, MINUS_ONE, sym } from '../expr/node.ts';
import { mul } from '../expr/canonical.ts';
import { children, freeSymbols } from '../expr/walk.ts';
import * as Q from '../expr/rational.ts';
import { NablaError } from '../errors.ts';
import { lookupFunction } from '../functions.ts';
import { gradientProgram, isTemporary, type GradientProgram } from '../diff/reverse.ts';
import { resolveDerivatives } from '../diff/diff.ts';
import { NodeDerivatives } from '../graph/node-derivative.ts';
import { inputValues, type System } from '../graph/system.ts';

export type CodegenLanguage = 'ts' | 'js' | 'python';
export const CODEGEN_LANGUAGES: readonly CodegenLanguage[] = ['ts', 'js', 'python'];

export interface CodegenOptions {
  readonly lang: CodegenLanguage;
  /**
   * The names to differentiate by (gradient keys). Default: every name the
   * objective uses. For a system these must be inputs or free names.
   */
  readonly inputs?: readonly string[];
  /** For a system: the defined name to differentiate (default: the first `derive` target, else `E`). */
  readonly objective?: string;
  /** Name of the generated function; `f` by default. */
  readonly name?: string;
}

/** What a generated function needs and returns. */
export interface GeneratedCode {
  readonly code: string;
  /** Keys the function reads from its input object, in order. */
  readonly parameters: readonly string[];
  /** Keys of the returned gradient, in order. */
  readonly gradient: readonly string[];
}

/**
 * The source of a function `name(inputs)` returning the objective's value
 * and gradient. For a system, the objective is inlined through every
 * definition first, so the function needs only the inputs' values.
 */
export function codegen(source: System | Expr, options: CodegenOptions): string {
  return generate(source, options).code;
}

/** `codegen`, with the parameter and gradient keys of the generated function. */
export function generate(source: System | Expr, options: CodegenOptions): GeneratedCode {
  if (!CODEGEN_LANGUAGES.includes(options.lang)) {
    throw new NablaError(`Unknown language "${String(options.lang)}": expected one of ${CODEGEN_LANGUAGES.join(', ')}.`);
  }
  const { value, parameters, label } = 'kind' in source ? fromExpr(source) : fromSystem(source, options);
  // A system's own input values, for the runnable example at the end of a Python module.
  const example = 'kind' in source ? undefined : inputValues(source);
  const gradient = options.inputs ? [...new Set(options.inputs)] : parameters;
  const program = gradientProgram(value, gradient);
  // A name asked for but unused by the objective is still a parameter of the function.
  const all = [...parameters, ...gradient.filter((n) => !parameters.includes(n))];
  return { code: emitProgram(program, all, { ...options, label, example }), parameters: all, gradient };
}

function fromExpr(e: Expr): { value: Expr; parameters: string[]; label?: string } {
  const value = resolveDerivatives(e);
  return { value, parameters: freeSymbols(value).map((s) => s.name) };
}

function fromSystem(system: System, options: CodegenOptions): { value: Expr; parameters: string[]; label: string } {
  if (system.errors.length > 0) throw system.errors[0]!;
  const objective = options.objective ?? system.derives[0]?.target ?? (system.definitions.has('E') ? 'E' : undefined);
  if (objective === undefined) throw new NablaError('No objective to differentiate: add a `derive` line or give the target.');
  const show = (n: string): string => system.written.get(n) ?? n;
  if (!system.definitions.has(objective)) throw new NablaError(`The objective "${show(objective)}" is not defined.`);
  for (const n of options.inputs ?? []) {
    const def = system.definitions.get(n);
    if (def && !def.input) {
      throw new NablaError(`"${show(n)}" is defined by a formula (line ${def.span.line}); codegen differentiates with respect to inputs.`);
    }
    if (!def && !system.free.includes(n)) throw new NablaError(`"${show(n)}" is not a name in the file.`);
  }
  const value = new NodeDerivatives(system).inline(sym(objective));
  const used = new Set(freeSymbols(value).map((s) => s.name));
  // The order of the file: inputs as written, then free names.
  const ordered = [...system.inputs, ...system.free].filter((n) => used.delete(n));
  return { value, parameters: [...ordered, ...used], label: objective };
}

// ---------------------------------------------------------------------------
// Emission

interface EmitOptions {
  readonly lang: CodegenLanguage;
  readonly name?: string;
  /** The objective's name, for the header comment. */
  readonly label?: string;
  /** Values of the inputs: a Python module then prints the value and gradient there when run. */
  readonly example?: ReadonlyMap<string, number>;
}

const JS_RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield await arguments eval undefined NaN Infinity').split(' '));
const PY_RESERVED = new Set(('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield np numpy inputs').split(' '));
/** Module-level helpers the JavaScript may define; the function may not take their names. */
const JS_HELPERS = ['input', 'sigmoid', 'softplus', 'step'] as const;
type JsHelper = (typeof JS_HELPERS)[number];

function checkFunctionName(name: string, lang: CodegenLanguage): void {
  const python = lang === 'python';
  const ok = python ? /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_RESERVED.has(name)
    : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !JS_RESERVED.has(name) && !(JS_HELPERS as readonly string[]).includes(name);
  const generated = /^t\d+$/.test(name);
  if (!ok || generated) throw new NablaError(`"${name}" cannot name the generated function: use a plain identifier.`);
}

/**
 * A string literal of `s`, valid in both JavaScript and Python source:
 * printable ASCII as is, everything else (quotes, backslashes, line
 * separators, non-ASCII) as an escape.
 */
export function stringLiteral(s: string, lang: CodegenLanguage): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c < 0x7f && ch !== '"' && ch !== '\\') out += ch;
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (lang === 'python') out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\u{${c.toString(16)}}`;
  }
  return `${out}"`;
}

/** Text safe inside a comment: only letters, digits and `_`, the rest as `?`. */
const commentText = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '?');

/** A float literal: `0.05`, `-2`, `1e-7` (Python: always a float, `2.0`). */
function numberLiteral(x: number, python: boolean): string {
  if (Number.isNaN(x)) return python ? 'np.nan' : 'NaN';
  if (!Number.isFinite(x)) return python ? `${x < 0 ? '-' : ''}np.inf` : `${x < 0 ? '-' : ''}Infinity`;
  const text = String(x);
  return python && /^-?\d+$/.test(text) ? `${text}.0` : text;
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

const isLeaf = (e: Expr): boolean => e.kind === 'num' || e.kind === 'const' || e.kind === 'sym';

/** The program as code: locals t0…, forward pass, backward pass, result. */
function emitProgram(program: GradientProgram, parameters: readonly string[], options: EmitOptions): string {
  const lang = options.lang;
  const python = lang === 'python';
  const typed = lang === 'ts';
  const fname = options.name ?? 'f';
  checkFunctionName(fname, lang);

  const helpers = new Set<JsHelper>();
  const ident = new Map<number, string>();
  const paramIdent = new Map<string, string>();
  const tempIdent = new Map<string, string>();
  let counter = 0;
  const fresh = (): string => `t${counter++}`;
  const lines: string[] = [];
  const assign = (id: string, code: string): void => {
    lines.push(python ? `    ${id} = ${code}` : `  const ${id} = ${code};`);
  };
  const comment = (text: string): void => {
    lines.push(python ? `    # ${text}` : `  // ${text}`);
  };

  const lit = (x: number): string => numberLiteral(x, python);
  const ref = (e: Expr): string => {
    switch (e.kind) {
      case 'num': {
        const x = Q.toNumber(e.value);
        return x < 0 ? `(${lit(x)})` : lit(x);
      }
      case 'const':
        return python ? (e.name === 'e' ? 'np.e' : 'np.pi') : e.name === 'e' ? 'Math.E' : 'Math.PI';
      case 'sym': {
        const name = e.name;
        const id = isTemporary(e) ? tempIdent.get(name) : paramIdent.get(name);
        if (id === undefined) throw new NablaError(`Internal: "${name}" used before it has a value in generated code.`);
        return id;
      }
      default: {
        const id = ident.get(e.id);
        if (id === undefined) throw new NablaError('Internal: a node used before it was emitted.');
        return id;
      }
    }
  };

  const fn = (js: string, np: string, ...args: string[]): string => `${python ? np : js}(${args.join(', ')})`;
  // Python's own floats raise on 1/0.0: a divisor that is a bare number is a NumPy float, which gives inf.
  const divisor = (e: Expr): string => (python && (e.kind === 'num' || e.kind === 'const') ? `np.float64(${ref(e)})` : ref(e));

  /** The nodes a node's code reads: what must be emitted before it. */
  const deps = (e: Expr): readonly Expr[] => {
    switch (e.kind) {
      case 'add':
        // A term with a negative coefficient is written `a - b`: the code reads b = −term.
        return e.terms.map((t) => (isNegativeTerm(t) && t.kind !== 'num' ? mul(MINUS_ONE, t) : t));
      case 'mul':
        // `a * b / c`: the code reads the base of a reciprocal factor.
        return e.factors.map((f) => (isReciprocal(f) ? f.base : f));
      case 'pow':
        return e.exp.kind === 'num' ? [e.base] : [e.base, e.exp];
      default:
        return children(e);
    }
  };

  const addCode = (e: Expr & { kind: 'add' }): string => {
    const pos = e.terms.filter((t) => !isNegativeTerm(t));
    const negs = e.terms.filter(isNegativeTerm);
    const magnitude = (t: Expr): string => (t.kind === 'num' ? lit(-Q.toNumber(t.value)) : ref(mul(MINUS_ONE, t)));
    const head = pos.length > 0 ? pos.map(ref).join(' + ') : `-${magnitude(negs.shift()!)}`;
    return head + negs.map((t) => ` - ${magnitude(t)}`).join('');
  };

  const mulCode = (e: Expr & { kind: 'mul' }): string => {
    const c = coefficient(e);
    const rest = c === undefined ? e.factors : e.factors.slice(1);
    const over = rest.filter((f) => !isReciprocal(f)).map(ref);
    const under = rest.filter(isReciprocal).map((f) => divisor(f.base));
    const cx = c === undefined ? 1 : Q.toNumber(c);
    let text: string;
    if (over.length === 0) text = `${cx === -1 ? '-1' : lit(cx)} / ${under.join(' / ')}`;
    else {
      const sign = cx === -1 ? '-' : cx === 1 ? '' : `${lit(cx)} * `;
      text = `${sign}${over.join(' * ')}${under.map((u) => ` / ${u}`).join('')}`;
    }
    return text;
  };

  const powCode = (e: Expr & { kind: 'pow' }): string => {
    const b = ref(e.base);
    const d = divisor(e.base);
    const power = (x: string, p: string): string => fn('Math.pow', 'np.power', x, p);
    const sqrt = (x: string): string => fn('Math.sqrt', 'np.sqrt', x);
    if (e.exp.kind !== 'num') return power(b, ref(e.exp));
    const q = e.exp.value;
    const p = Q.toNumber(q);
    if (p === 2) return `${b} * ${b}`;
    if (p === -1) return `1 / ${d}`;
    if (p === -2) return `1 / (${d} * ${d})`;
    if (p === 0.5) return sqrt(b);
    if (p === -0.5) return `1 / ${sqrt(b)}`;
    const pl = p < 0 ? `(${lit(p)})` : lit(p);
    if (q.den % 2n === 1n && q.den !== 1n) {
      // A real odd root: (−b)^(n/d) = (−1)^n · |b|^(n/d) for odd d, as compile's realPow.
      const odd = q.num % 2n !== 0n;
      if (python) return odd ? `np.copysign(np.power(np.abs(${b}), ${pl}), ${b})` : `np.power(np.abs(${b}), ${pl})`;
      return odd ? `(${b} < 0 ? -Math.pow(-${b}, ${pl}) : Math.pow(${b}, ${pl}))` : `Math.pow(Math.abs(${b}), ${pl})`;
    }
    return power(b, pl);
  };

  const callCode = (e: Expr & { kind: 'call' }): string => {
    const row = lookupFunction(e.fn);
    if (!row) throw new NablaError(`Unknown function "${e.fn}".`);
    const args = e.args.map(ref);
    const a = args[0]!;
    const helper = (h: JsHelper): string => {
      helpers.add(h);
      return `${h}(${args.join(', ')})`;
    };
    const name = row.name;
    switch (name) {
      case 'exp': case 'log': case 'sin': case 'cos': case 'tan': case 'tanh': case 'abs': case 'sign':
        return fn(`Math.${name}`, `np.${name}`, ...args);
      case 'sigmoid':
        // σ(x) = exp(−log(1 + e^(−x))): no overflow for any x.
        return python ? `np.exp(-np.logaddexp(0.0, -${a}))` : helper('sigmoid');
      case 'softplus':
        return python ? `np.logaddexp(0.0, ${a})` : helper('softplus');
      case 'relu':
        return python ? `np.maximum(${a}, 0.0)` : `Math.max(${a}, 0)`;
      case 'step':
        // Heaviside with step(0) = 0.
        return python ? `np.heaviside(${a}, 0.0)` : helper('step');
      case 'max': case 'min':
        return python ? nestExtremum(name, args) : `Math.${name}(${args.join(', ')})`;
      default:
        throw new NablaError(`codegen has no translation for the function "${name}".`);
    }
  };

  const codeOf = (e: Expr): string => {
    switch (e.kind) {
      case 'add': return addCode(e);
      case 'mul': return mulCode(e);
      case 'pow': return powCode(e);
      case 'call': return callCode(e);
      case 'deriv': throw new NablaError('Internal: derivative left unresolved before code generation.');
      case 'num': case 'const': case 'sym': return ref(e);
      default: return assertNever(e);
    }
  };

  const constants = new Set<number>();
  /** Emit `root` and everything it reads that has no local yet, operands first, without recursion. */
  const emit = (root: Expr): void => {
    const stack: [Expr, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [node, expanded] = stack.pop()!;
      if (isLeaf(node) || ident.has(node.id)) continue;
      if (expanded) {
        const id = fresh();
        // In Python a node of numbers alone would be a Python float: make it a NumPy one, as every other local is.
        const constant = deps(node).every((d) => d.kind === 'num' || d.kind === 'const' || constants.has(d.id));
        if (constant) constants.add(node.id);
        assign(id, python && constant ? `np.float64(${codeOf(node)})` : codeOf(node));
        ident.set(node.id, id);
        continue;
      }
      stack.push([node, true]);
      const ds = deps(node);
      for (let i = ds.length - 1; i >= 0; i--) if (!isLeaf(ds[i]!) && !ident.has(ds[i]!.id)) stack.push([ds[i]!, false]);
    }
  };

  // Parameters.
  for (const name of parameters) {
    const id = fresh();
    paramIdent.set(name, id);
    if (python) assign(id, `np.asarray(inputs[${stringLiteral(name, lang)}], dtype=np.float64)`);
    else {
      helpers.add('input');
      assign(id, `input(inputs, ${stringLiteral(name, lang)})`);
    }
  }

  // Forward pass.
  const firstOp = counter;
  comment('forward pass');
  emit(program.value);
  const forwardOps = counter - firstOp;

  // Backward pass: only the temporaries some gradient reads.
  const live = new Set<string>();
  const markTemps = (e: Expr): void => {
    for (const s of freeSymbols(e)) if (isTemporary(s)) live.add(s.name);
  };
  for (const g of program.gradient.values()) markTemps(g);
  for (let k = program.backward.length - 1; k >= 0; k--) {
    const b = program.backward[k]!;
    if (live.has(b.name)) markTemps(b.expr);
  }
  comment('backward pass');
  for (const b of program.backward) {
    if (!live.has(b.name)) continue;
    emit(b.expr);
    tempIdent.set(b.name, ref(b.expr));
  }
  const outputs = program.inputs.map((n) => {
    const g = program.gradient.get(n)!;
    emit(g);
    return { name: n, code: ref(g) };
  });
  const valueRef = ref(program.value);
  const backwardOps = counter - firstOp - forwardOps;
  if (backwardOps === 0) lines.pop(); // the backward-pass comment over nothing

  const inputList = program.inputs.map(commentText).join(', ');
  const about = `the value of ${commentText(options.label ?? 'the expression')} and its gradient with respect to ${inputList || 'nothing'}`;
  const stats = `${forwardOps} forward and ${backwardOps} backward operations`;
  return python
    ? pythonModule(fname, lines, about, stats, parameters.map((p) => paramIdent.get(p)!), fresh(), valueRef, outputs)
      + pythonExample(fname, options.label ?? 'f', parameters, options.example)
    : jsModule(fname, lines, about, stats, typed, helpers, parameters, valueRef, outputs);
}

/** `np.maximum(a, np.maximum(b, c))`. */
function nestExtremum(name: 'max' | 'min', args: readonly string[]): string {
  const f = name === 'max' ? 'np.maximum' : 'np.minimum';
  let acc = args[args.length - 1]!;
  for (let i = args.length - 2; i >= 0; i--) acc = `${f}(${args[i]!}, ${acc})`;
  return acc;
}

const JS_HELPER_CODE: Readonly<Record<JsHelper, { typed: string; plain: string }>> = {
  input: {
    typed: [
      'function input(inputs: Readonly<Record<string, number>>, key: string): number {',
      '  const v = Object.prototype.hasOwnProperty.call(inputs, key) ? inputs[key] : undefined;',
      '  if (typeof v !== \'number\') throw new TypeError(`input ${JSON.stringify(key)} must be a number`);',
      '  return v;',
      '}',
    ].join('\n'),
    plain: [
      'function input(inputs, key) {',
      '  const v = Object.prototype.hasOwnProperty.call(inputs, key) ? inputs[key] : undefined;',
      '  if (typeof v !== \'number\') throw new TypeError(`input ${JSON.stringify(key)} must be a number`);',
      '  return v;',
      '}',
    ].join('\n'),
  },
  sigmoid: {
    typed: 'function sigmoid(x: number): number {\n  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));\n}',
    plain: 'function sigmoid(x) {\n  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));\n}',
  },
  softplus: {
    typed: 'function softplus(x: number): number {\n  return x > 30 ? x : Math.log1p(Math.exp(x));\n}',
    plain: 'function softplus(x) {\n  return x > 30 ? x : Math.log1p(Math.exp(x));\n}',
  },
  step: {
    typed: '/** Heaviside step, step(0) = 0. */\nfunction step(x: number): number {\n  return x > 0 ? 1 : x === x ? 0 : NaN;\n}',
    plain: '/** Heaviside step, step(0) = 0. */\nfunction step(x) {\n  return x > 0 ? 1 : x === x ? 0 : NaN;\n}',
  },
};

function jsModule(
  fname: string, lines: readonly string[], about: string, stats: string, typed: boolean, helpers: ReadonlySet<JsHelper>,
  parameters: readonly string[], valueRef: string, outputs: readonly { name: string; code: string }[],
): string {
  const lang: CodegenLanguage = typed ? 'ts' : 'js';
  const head = [`// Generated by nabla codegen: ${about}.`, `// Straight-line code, ${stats}.`, ''];
  for (const h of JS_HELPERS) if (helpers.has(h)) head.push(typed ? JS_HELPER_CODE[h].typed : JS_HELPER_CODE[h].plain, '');
  const inputType = parameters.length === 0 ? 'Readonly<Record<string, never>>'
    : `{ ${parameters.map((p) => `readonly ${stringLiteral(p, lang)}: number`).join('; ')} }`;
  const signature = typed
    ? `export function ${fname}(inputs: ${inputType}): { value: number; gradient: Record<string, number> } {`
    : `/**\n * @param {Record<string, number>} inputs\n * @returns {{ value: number, gradient: Record<string, number> }}\n */\nexport function ${fname}(inputs) {`;
  // A quoted key is an ordinary property, except `"__proto__"`, which would set the
  // prototype: that one key is computed, which always defines a property.
  const key = (name: string): string => (name === '__proto__' ? `[${stringLiteral(name, lang)}]` : stringLiteral(name, lang));
  const gradient = outputs.length === 0 ? '{}' : `{\n${outputs.map((o) => `      ${key(o.name)}: ${o.code},`).join('\n')}\n    }`;
  return [...head, signature, ...lines, `  return {\n    value: ${valueRef},\n    gradient: ${gradient},\n  };`, '}', ''].join('\n');
}

function pythonModule(
  fname: string, lines: readonly string[], about: string, stats: string, paramIds: readonly string[],
  zero: string, valueRef: string, outputs: readonly { name: string; code: string }[],
): string {
  // Every result is broadcast to the common shape of the inputs, so a
  // constant partial over array inputs is an array too.
  const body = [...lines];
  let shaped = (code: string): string => code;
  if (paramIds.length > 0) {
    body.push(`    ${zero} = np.zeros(np.broadcast_shapes(${paramIds.map((p) => `np.shape(${p})`).join(', ')}))`);
    shaped = (code) => `${code} + ${zero}`;
  }
  const gradient = outputs.length === 0 ? '{}' : `{\n${outputs.map((o) => `        ${stringLiteral(o.name, 'python')}: ${shaped(o.code)},`).join('\n')}\n    }`;
  return [
    `# Generated by nabla codegen: ${about}.`,
    `# Straight-line NumPy code, ${stats}; works element-wise on arrays.`,
    'import numpy as np',
    '',
    '',
    `def ${fname}(inputs):`,
    '    """Return (value, {name: partial derivative}) for a mapping of input names to numbers or arrays."""',
    ...body,
    `    return ${shaped(valueRef)}, ${gradient}`,
    '',
  ].join('\n');
}

/**
 * `if __name__ == "__main__":` that evaluates the function at the file's own
 * input values and prints the value and every partial, so that
 * `python3 grad.py` shows the worked example. Only when every input has a value.
 */
function pythonExample(fname: string, label: string, parameters: readonly string[], example: ReadonlyMap<string, number> | undefined): string {
  if (!example || !parameters.every((p) => example.has(p))) return '';
  const literal = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));
  const args = parameters.map((p) => `        ${stringLiteral(p, 'python')}: ${literal(example.get(p)!)},`).join('\n');
  const title = stringLiteral(label, 'python');
  return [
    '',
    '',
    'if __name__ == "__main__":',
    '    # The values the formula file gives its inputs.',
    `    value, gradient = ${fname}({`,
    args,
    '    })',
    `    print(${title}, "=", float(value))`,
    '    for name, partial in gradient.items():',
    `        print("d(" + ${title} + ")/d(" + name + ") =", float(partial))`,
    '',
  ].join('\n');
}
