/**
 * Code generation (SPEC §8 `nabla codegen`): a gradient program
 * (diff/reverse.ts) printed as straight-line TypeScript, JavaScript or
 * Python (NumPy) that returns the value and the gradient: the forward
 * pass, then the backward pass, every shared subexpression computed once
 * into a local.
 *
 * Invariants:
 * - every local is a generated identifier `t0`, `t1`, …; inputs are read by
 *   escaped key (code-syntax.ts), so names are data, never code;
 * - a node is written after every node its code reads, once;
 * - only the temporaries some requested gradient needs are emitted.
 */

import type { Expr } from '../expr/node.ts';
import { freeSymbols } from '../expr/walk.ts';
import { NablaError } from '../errors.ts';
import { FUNCTIONS, type CodeHelper } from '../functions.ts';
import { isTemporary, type GradientProgram } from '../diff/reverse.ts';
import { checkFunctionName, type CodegenLanguage, commentText, INPUT_HELPER, stringLiteral } from './code-syntax.ts';
import { literalCode, nodeCode, operandsRead } from './code-node.ts';
import { type FunctionBody, jsModule, type OutputCode, pythonExample, pythonModule } from './code-module.ts';
import { msg } from '../messages/format.ts';

export interface ProgramCodeOptions {
  readonly lang: CodegenLanguage;
  /** Name of the generated function; `f` by default. */
  readonly name?: string;
  /** The objective's name, for the header comment. */
  readonly label?: string;
  /** Values of the inputs: a Python module then prints the value and gradient there when run. */
  readonly example?: ReadonlyMap<string, number>;
}

const isLeaf = (e: Expr): boolean => e.kind === 'num' || e.kind === 'const' || e.kind === 'sym';

/** The statements of one function body as they are written, and the local of every node written so far. */
class ProgramWriter {
  readonly lines: string[] = [];
  readonly helpers = new Set<CodeHelper>();
  readonly paramIdent = new Map<string, string>();
  readonly tempIdent = new Map<string, string>();
  private readonly ident = new Map<number, string>();
  /** Nodes of numbers alone (Python writes them as NumPy floats). */
  private readonly constants = new Set<number>();
  counter = 0;

  constructor(readonly python: boolean) {}

  fresh(): string {
    return `t${this.counter++}`;
  }

  assign(id: string, code: string): void {
    this.lines.push(this.python ? `    ${id} = ${code}` : `  const ${id} = ${code};`);
  }

  comment(text: string): void {
    this.lines.push(this.python ? `    # ${text}` : `  // ${text}`);
  }

  /** The code of an operand: a literal, or the local that holds it. */
  readonly ref = (e: Expr): string => {
    if (e.kind === 'num' || e.kind === 'const') return literalCode(e, this.python);
    if (e.kind === 'sym') {
      const name = e.name;
      const id = isTemporary(e) ? this.tempIdent.get(name) : this.paramIdent.get(name);
      if (id === undefined) throw new NablaError(msg('internal.name-before-value', { name: `"${name}"` }));
      return id;
    }
    const id = this.ident.get(e.id);
    if (id === undefined) throw new NablaError(msg('internal.node-before-emitted', {}));
    return id;
  };

  /** Emit `root` and everything it reads that has no local yet, operands first, without recursion. */
  emit(root: Expr): void {
    const context = { python: this.python, ref: this.ref, needHelper: (h: CodeHelper) => this.helpers.add(h) };
    const stack: [Expr, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [node, expanded] = stack.pop()!;
      if (isLeaf(node) || this.ident.has(node.id)) continue;
      const ds = operandsRead(node);
      if (expanded) {
        const id = this.fresh();
        // In Python a node of numbers alone would be a Python float: make it a NumPy one, as every other local is.
        const constant = ds.every((d) => d.kind === 'num' || d.kind === 'const' || this.constants.has(d.id));
        if (constant) this.constants.add(node.id);
        const code = nodeCode(node, context);
        this.assign(id, this.python && constant ? `np.float64(${code})` : code);
        this.ident.set(node.id, id);
        continue;
      }
      stack.push([node, true]);
      for (let i = ds.length - 1; i >= 0; i--) if (!isLeaf(ds[i]!) && !this.ident.has(ds[i]!.id)) stack.push([ds[i]!, false]);
    }
  }

  /** One local per parameter, read from the input object by escaped key. */
  readParameters(parameters: readonly string[], lang: CodegenLanguage): void {
    for (const name of parameters) {
      const id = this.fresh();
      this.paramIdent.set(name, id);
      const key = stringLiteral(name, lang);
      this.assign(id, this.python ? `np.asarray(inputs[${key}], dtype=np.float64)` : `${INPUT_HELPER}(inputs, ${key})`);
    }
  }
}

/** The adjoint temporaries some gradient reads, directly or through later temporaries. */
function liveTemporaries(program: GradientProgram): Set<string> {
  const live = new Set<string>();
  const mark = (e: Expr): void => {
    for (const s of freeSymbols(e)) if (isTemporary(s)) live.add(s.name);
  };
  for (const g of program.gradient.values()) mark(g);
  for (let k = program.backward.length - 1; k >= 0; k--) {
    const b = program.backward[k]!;
    if (live.has(b.name)) mark(b.expr);
  }
  return live;
}

/** The backward pass and the gradient's outputs; the number of operations it wrote. */
function writeBackward(w: ProgramWriter, program: GradientProgram): { outputs: OutputCode[]; operations: number } {
  const first = w.counter;
  const live = liveTemporaries(program);
  w.comment('backward pass');
  for (const b of program.backward) {
    if (!live.has(b.name)) continue;
    w.emit(b.expr);
    w.tempIdent.set(b.name, w.ref(b.expr));
  }
  const outputs = program.inputs.map((n) => {
    const g = program.gradient.get(n)!;
    w.emit(g);
    return { name: n, code: w.ref(g) };
  });
  const operations = w.counter - first;
  if (operations === 0) w.lines.pop(); // the backward-pass comment over nothing
  return { outputs, operations };
}

/** The program as a module in `options.lang`: locals t0…, forward pass, backward pass, result. */
export function programCode(program: GradientProgram, parameters: readonly string[], options: ProgramCodeOptions): string {
  const lang = options.lang;
  const python = lang === 'python';
  const fname = options.name ?? 'f';
  checkFunctionName(fname, lang);
  const w = new ProgramWriter(python);
  w.readParameters(parameters, lang);

  const first = w.counter;
  w.comment('forward pass');
  w.emit(program.value);
  const forwardOps = w.counter - first;
  const { outputs, operations: backwardOps } = writeBackward(w, program);
  const valueRef = w.ref(program.value);

  const inputList = program.inputs.map(commentText).join(', ');
  const body: FunctionBody = {
    fname, lines: w.lines, valueRef, outputs,
    about: `the value of ${commentText(options.label ?? 'the expression')} and its gradient with respect to ${inputList || 'nothing'}`,
    stats: `${forwardOps} forward and ${backwardOps} backward operations`,
  };
  // A helper shared by rows (erf by gelu, sigmoid by silu) is defined once.
  if (!python) return jsModule(body, lang === 'ts', [...new Set(FUNCTIONS.flatMap((row) => (row.js.helper && w.helpers.has(row.js.helper) ? [row.js.helper] : [])))], parameters);
  return pythonModule(body, parameters.map((p) => w.paramIdent.get(p)!), w.fresh())
    + pythonExample(fname, options.label ?? 'f', parameters, options.example);
}
