/**
 * Vectorised Python for a file in matrix algebra (SPEC §8, §12): a plan
 * (matrix/code-plan.ts) printed as array code, `@` for the matrix product,
 * `.T` for the transpose (so an outer product reads `d @ h.T`, the δ hᵀ of
 * the notes), entry-wise operators and functions on whole arrays. The array
 * module is a parameter `xp`, NumPy by default: the same function runs with
 * `jax.numpy` passed in, and with `torch` where it has NumPy's names, because
 * the structure only calls what they share (`asarray`, `reshape`, `exp`,
 * `log`, `sum`, `max`, `ones`, `@`, `.T`); entry-wise functions are the
 * registry's NumPy spellings (sigmoid is `exp(-logaddexp(0, -x))`).
 *
 * Invariants: every value is a 2-D array of its declared shape (a vector is
 * a column (n, 1)), a scalar a 0-d array, inputs reshaped on entry (a flat
 * vector is accepted); the module imports NumPy alone; names are data
 * (escaped string keys), locals are generated (`t0`, …).
 */

import { msg } from '../messages/format.ts';
import { NablaError, RefusedNameError } from '../errors.ts';
import { functionRow } from '../functions.ts';
import { Scheduler, type MatrixCodePlan, type PlanStatement } from '../matrix/code-plan.ts';
import { assertNeverM, type MExpr, type MatrixOp } from '../matrix/node.ts';
import type { MShape } from '../matrix/shape.ts';
import { checkFunctionName, numberLiteral, stringLiteral, WINDOWS_NOT_WRITTEN } from './code-syntax.ts';
import { matrixText } from './matrix.ts';

/** Module-level helpers, by name, each written once when some statement calls it. */
const HELPERS: Record<string, string> = {
  _softmax: [
    'def _softmax(v, xp):',
    '    """softmax of a column, shifted by its largest entry so exp cannot overflow."""',
    '    e = xp.exp(v - xp.max(v))',
    '    return e / xp.sum(e)',
  ].join('\n'),
  _logsumexp: [
    'def _logsumexp(v, xp):',
    '    """log(sum(exp(v))), shifted by the largest entry."""',
    '    m = xp.max(v)',
    '    return m + xp.log(xp.sum(xp.exp(v - m)))',
  ].join('\n'),
  _unit: [
    'def _unit(k, rows, cols, xp):',
    '    """The rows x cols matrix that is 1 at flat (row-major) index k and 0 elsewhere."""',
    '    return xp.reshape(xp.asarray(xp.arange(rows * cols) == k, dtype=xp.float64), (rows, cols))',
  ].join('\n'),
  _random: [
    'def _random(seed, rows, cols, xp):',
    '    """nabla\'s random(rows, cols, seed): uniform numbers in [0, 1), row by row (mulberry32)."""',
    '    a, out = seed & 0xFFFFFFFF, []',
    '    for _ in range(rows * cols):',
    '        a = (a + 0x6D2B79F5) & 0xFFFFFFFF',
    '        t = ((a ^ (a >> 15)) * (a | 1)) & 0xFFFFFFFF',
    '        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF)) & 0xFFFFFFFF',
    '        out.append(((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296)',
    '    return xp.reshape(xp.asarray(out, dtype=xp.float64), (rows, cols))',
  ].join('\n'),
};

/** The shape tuple of a value: `()` for a scalar, `(n, 1)` for a column. */
const shapeTuple = (s: MShape): string => (s.rows === 1 && s.cols === 1 ? '()' : `(${s.rows}, ${s.cols})`);

/** Text safe in a `#` comment: printable ASCII, the rest as `?`. */
const commentSafe = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?');

class PythonWriter {
  readonly helpers = new Set<string>();

  constructor(private readonly ident: (e: MExpr) => string | undefined) {}

  /** An operand: a number in place, else the local holding it (a transpose is written in place, `.T`). */
  ref(e: MExpr): string {
    if (e.kind === 'num') {
      const text = numberLiteral(e.value, true).replace(/^(-?)np\./, '$1xp.');
      return e.value < 0 ? `(${text})` : text;
    }
    if (e.kind === 'transpose') return `${this.ref(e.a)}.T`;
    const id = this.ident(e);
    if (id === undefined) throw new NablaError(msg('matrix.code.node-before-written', {}));
    return id;
  }

  code(e: MExpr): string {
    const r = (x: MExpr): string => this.ref(x);
    const { rows, cols } = e.shape;
    switch (e.kind) {
      case 'num': case 'leaf': case 'transpose': return r(e);
      case 'deriv': throw new NablaError(msg('matrix.code.unresolved', {}));
      case 'ones': return `xp.ones(${shapeTuple(e.shape)}, dtype=xp.float64)`;
      case 'random':
        this.helpers.add('_random');
        return `_random(${e.seed}, ${rows}, ${cols}, xp)`;
      case 'literal': {
        const row = (i: number): string => `[${Array.from(e.values.subarray(i * cols, (i + 1) * cols), (v) => numberLiteral(v, true)).join(', ')}]`;
        return `xp.asarray([${Array.from({ length: rows }, (_, i) => row(i)).join(', ')}], dtype=xp.float64)`;
      }
      case 'neg': return `-${r(e.a)}`;
      case 'add':
        if (e.b.kind === 'num' && e.b.value < 0) return `${r(e.a)} - ${numberLiteral(-e.b.value, true)}`;
        return e.b.kind === 'neg' ? `${r(e.a)} - ${r(e.b.a)}` : `${r(e.a)} + ${r(e.b)}`;
      case 'mul': return `${r(e.a)} * ${r(e.b)}`;
      case 'div': return `${r(e.a)} / ${r(e.b)}`;
      case 'pow': return `${r(e.a)} ** ${r(e.b)}`;
      case 'matmul': return `${r(e.a)} @ ${r(e.b)}`;
      case 'call': return functionRow(e.fn).numpy.call([r(e.a)]).replace(/\bnp\./g, 'xp.');
      case 'op': return this.op(e.op, r(e.a), e.a.shape);
      case 'entry': return `${r(e.a)}[${e.i - 1}, ${e.j - 1}]`;
      case 'place':
        this.helpers.add('_unit');
        return `${r(e.a)} * _unit(${(e.i - 1) * cols + (e.j - 1)}, ${rows}, ${cols}, xp)`;
      case 'window': throw new NablaError(WINDOWS_NOT_WRITTEN);
      default: return assertNeverM(e);
    }
  }

  private op(op: MatrixOp, a: string, s: MShape): string {
    switch (op) {
      case 'sum': return `xp.sum(${a})`;
      case 'mean': return `xp.mean(${a})`;
      case 'norm': return `xp.sqrt(xp.sum(${a} * ${a}))`;
      // A product with a column of ones: the one spelling numpy, jax and torch share.
      case 'rowsum': return `${a} @ xp.ones((${s.cols}, 1), dtype=xp.float64)`;
      case 'softmax': this.helpers.add('_softmax'); return `_softmax(${a}, xp)`;
      case 'logsumexp': this.helpers.add('_logsumexp'); return `_logsumexp(${a}, xp)`;
      case 'diag': return `xp.diag(xp.reshape(${a}, (${s.rows},)))`;
      case 'diagonal': return `xp.reshape(xp.diagonal(${a}), (${s.rows}, 1))`;
      default: return assertNeverM(op as never);
    }
  }

  statements(list: readonly PlanStatement[], note: (name: string) => string): string[] {
    const lines: string[] = [];
    for (const s of list) {
      if (s.note !== undefined) lines.push(`    # ${note(s.note)}`);
      lines.push(`    ${s.ident} = ${this.code(s.node)}`);
    }
    return lines;
  }
}

/** The gradient (or value) as returned: an array of the declared shape, a number as an array too. */
const shaped = (code: string, s: MShape): string => `xp.reshape(xp.asarray(${code}, dtype=xp.float64), ${shapeTuple(s)})`;

/** The module: helpers, `fname(inputs, xp=np)`, `fname_inputs(xp=np)` with the file's values, and a runnable example. */
export function matrixPythonModule(plan: MatrixCodePlan, fname: string): string {
  checkFunctionName(fname, 'python');
  if (fname.startsWith('_')) throw new RefusedNameError(msg('matrix.code.helper-name', { name: `"${fname}"`, prefix: '_' }), fname);
  const w = new PythonWriter(plan.ident);
  const program = plan.program;
  const show = (n: string): string => program.written.get(n) ?? n;
  const note = (name: string): string => commentSafe(`${show(name)} = ${matrixText(program.definitions.get(name)!.source, show)}`);
  const body: string[] = [];
  plan.inputs.forEach((p, k) => {
    body.push(`    t${k} = ${shaped(`inputs[${stringLiteral(p.name, 'python')}]`, p.shape)}`);
  });
  body.push('    # forward pass', ...w.statements(plan.forward, note));
  if (plan.backward.length > 0) body.push('    # backward pass: the gradient in matrix form', ...w.statements(plan.backward, note));
  const grads = plan.outputs.map((o) => `        ${stringLiteral(o.key, 'python')}: ${shaped(w.ref(o.node), o.shape)},`);
  const inputList = plan.inputs.map((p) => `${commentSafe(p.written)} ${p.shape.rows}x${p.shape.cols}`).join(', ');
  const wrt = plan.outputs.map((o) => commentSafe(o.key)).join(', ');

  const example = plan.inputs.every((p) => p.source !== undefined) ? exampleCode(plan, fname, w) : [];
  const helpers = [...w.helpers].sort().map((h) => [HELPERS[h]!, '', '']).flat();
  return [
    `# Generated by nabla codegen: the value of ${commentSafe(plan.targetWritten)} and its gradient with respect to ${wrt || 'nothing'},`,
    `# vectorised: ${plan.forward.length} forward and ${plan.backward.length} backward array operations, whatever the sizes.`,
    '# xp is the array module: NumPy by default; jax.numpy runs the same code (enable float64:',
    '# jax.config.update("jax_enable_x64", True)), and so does torch where it has NumPy\'s names.',
    'import numpy as np',
    '',
    '',
    ...helpers,
    `def ${fname}(inputs, xp=np):`,
    `    """Return (value, {name: gradient}). Inputs: ${inputList}.`,
    '',
    '    A vector is a column (n, 1) and may be given flat; every gradient has its input\'s shape.',
    '    """',
    ...body,
    `    return ${shaped(w.ref(plan.value), { rows: 1, cols: 1 })}, {`,
    ...grads,
    '    }',
    ...example,
    '',
  ].join('\n');
}

/** `fname_inputs(xp=np)`: the values the file gives its inputs; and `python3 file.py` prints the value and gradients there. */
function exampleCode(plan: MatrixCodePlan, fname: string, parent: PythonWriter): string[] {
  const idents = new Map<MExpr, string>();
  const w = new PythonWriter((e) => idents.get(e));
  const scheduler = new Scheduler(idents, { n: 0 }, (e) => e.kind === 'transpose');
  const emit = (root: MExpr): string => {
    scheduler.emit(root);
    return w.ref(root);
  };
  const entries = plan.inputs.map((p) => `        ${stringLiteral(p.name, 'python')}: ${shaped(emit(p.source!), p.shape)},`);
  const lines = w.statements(scheduler.statements, () => '');
  for (const h of w.helpers) parent.helpers.add(h);
  const title = stringLiteral(plan.targetWritten, 'python');
  return [
    '',
    '',
    `def ${fname}_inputs(xp=np):`,
    '    """The values the formula file gives its inputs."""',
    ...lines,
    '    return {',
    ...entries,
    '    }',
    '',
    '',
    'if __name__ == "__main__":',
    `    value, gradient = ${fname}(${fname}_inputs())`,
    `    print(${title}, "=", float(value))`,
    '    for name, g in gradient.items():',
    '        shown = np.round(g, 10).tolist() if np.size(g) <= 16 else f"{np.shape(g)} array, norm {np.sqrt(np.sum(g * g)):.10g}"',
    `        print("d(" + ${title} + ")/d(" + name + ") =", shown)`,
  ];
}
