/**
 * The chain rule of a matrix gradient along the graph (SPEC §4 in matrix
 * form, §12): for `derive E wrt W1`, the gradient of E by every named node
 * between E and W1, outermost first, each with its shape and written with
 * the named δs — `∂E/∂h (2) = transpose(W2) (2x2) @ delta_o (2)` — so the
 * reader sees where each transpose comes from: every factor carries its
 * shape, and the shapes chain.
 *
 * Invariant: a factor's expression is the adjoint the sweep built (the same
 * node the gradient uses), only with δs named; its value is computed from
 * that expression by whole-matrix operations sharing the forward pass.
 */

import { evaluateM, type Env, type MValue } from '../matrix/evaluate.ts';
import { leaf, leafNames, replaceOutermost, type MExpr } from '../matrix/node.ts';
import type { MatrixProgram } from '../matrix/program.ts';
import { shapeLabel, type MShape } from '../matrix/shape.ts';
import type { Language } from '../messages/message.ts';
import { latexName } from '../print/latex.ts';
import { matrixLatex, matrixText } from '../print/matrix.ts';

/** One step of the chain: ∂target/∂node. */
export interface MatrixChainFactor {
  /** The node's canonical name. */
  readonly node: string;
  readonly shape: MShape;
  /** In δ form, ASCII and LaTeX. */
  readonly text: string;
  readonly latex: string;
  /** The same with the shape of each factor of its outermost operation (`transpose(W2) (2x2) @ delta_o (2)`), in English. */
  readonly shaped: string;
  /** The same as parts, for a view to say in the reader's language. */
  readonly shapedForm: ShapedForm;
  readonly value: MValue;
}

/** The δs of a target as named leaves (`delta_o`), keyed by the expression they name. */
export function deltaNames(program: MatrixProgram, target: string): Map<MExpr, MExpr> {
  const names = new Map<MExpr, MExpr>();
  for (const [of, expr] of program.deltasOf(target)) names.set(expr, leaf(`delta_${of}`, expr.shape));
  return names;
}

/** The defined names that depend on `wrt` and that `target` depends on, `target` first. */
export function namesBetween(program: MatrixProgram, target: string, wrt: string): string[] {
  const uses = new Map<string, readonly string[]>();
  for (const n of program.order) uses.set(n, program.definitions.get(n)?.input ? [] : leafNames(program.rhs.get(n)!));
  const reaches = new Set<string>([wrt]);
  for (const n of program.order) if ((uses.get(n) ?? []).some((u) => reaches.has(u))) reaches.add(n);
  const needed = new Set<string>([target]);
  for (let k = program.order.length - 1; k >= 0; k--) {
    const n = program.order[k]!;
    if (needed.has(n)) for (const u of uses.get(n) ?? []) needed.add(u);
  }
  return program.order.filter((n) => n !== wrt && reaches.has(n) && needed.has(n)).reverse();
}

/** The factors of an outermost operation, each with its shape, and the operator between them (one factor: none). */
export interface ShapedForm {
  readonly factors: readonly { readonly text: string; readonly shape: MShape }[];
  readonly op: ' @ ' | ' * ' | '';
}

/** The factors of the outermost operation, each with its shape: a product's operands, an entry-wise chain's factors. */
export function shapedForm(e: MExpr, written: (n: string) => string): ShapedForm {
  const t = (x: MExpr): string => {
    const s = matrixText(x, written);
    // A factor that is itself an operation is bracketed, so its shape tag reads as the whole factor's.
    const primary = x.kind === 'leaf' || x.kind === 'num' || x.kind === 'transpose' || x.kind === 'call' || x.kind === 'op' || x.kind === 'window' || x.kind === 'entry';
    return primary ? s : `(${s})`;
  };
  const tag = (x: MExpr): { text: string; shape: MShape } => ({ text: t(x), shape: x.shape });
  if (e.kind === 'matmul') return { factors: [tag(e.a), tag(e.b)], op: ' @ ' };
  if (e.kind === 'mul') {
    const factors: MExpr[] = [];
    let x: MExpr = e;
    while (x.kind === 'mul') {
      factors.unshift(x.b);
      x = x.a;
    }
    factors.unshift(x);
    return { factors: factors.map(tag), op: ' * ' };
  }
  return { factors: [{ text: matrixText(e, written), shape: e.shape }], op: '' };
}

/** `transpose(W2) (2x2) @ delta_o (2)`: a shaped form with its shape labels in `lang` (only "scalar" is a word). */
export function sayShaped(form: ShapedForm, lang: Language): string {
  return form.factors.map((f) => `${f.text} (${shapeLabel(f.shape, lang)})`).join(form.op);
}

/** The shaped form in English, as JSON and the model's text give it. */
export function shapedText(e: MExpr, written: (n: string) => string): string {
  return sayShaped(shapedForm(e, written), 'en');
}

/** ∂target/∂n for every node n between target and wrt (target itself left out: its gradient is 1). */
export function chainOf(program: MatrixProgram, target: string, wrt: string, env: Env, memo: Map<MExpr, MValue>, written: (n: string) => string): MatrixChainFactor[] {
  const adj = program.adjointsOf(target);
  const names = deltaNames(program, target);
  const out: MatrixChainFactor[] = [];
  for (const node of namesBetween(program, target, wrt)) {
    const g = adj.get(node);
    if (node === target || g === undefined) continue;
    const named = replaceOutermost(g, names);
    const form = shapedForm(named, written);
    out.push({
      node, shape: g.shape, text: matrixText(named, written), latex: matrixLatex(named), shaped: sayShaped(form, 'en'), shapedForm: form,
      value: evaluateM(g, env, memo),
    });
  }
  return out;
}

/**
 * The index form of the gradient by a convolution's kernel or input, as the
 * notes write it: for `net = conv2d(x, w)`,
 * `∂E/∂w[a,b] = Σ_ij ∂E/∂net[i,j] · x[i+a-1, j+b-1]` (whose a = b = 1 case is
 * the notes' `∂E/∂w11 = Σ ∂E/∂net_ij x_ij`), and
 * `∂E/∂x[u,v] = Σ_ij ∂E/∂net[i,j] · w[u-i+1, v-j+1]`; with stride s and
 * padding p the offsets are `(i-1)s+a-p`. Undefined when `wrt` is not the
 * kernel or the input of a conv2d definition.
 */
export function convIndexForm(program: MatrixProgram, target: string, wrt: string, written: (n: string) => string): { text: string; latex: string } | undefined {
  for (const node of program.order) {
    const e = program.rhs.get(node);
    if (e?.kind !== 'window' || e.op !== 'conv2d' || !e.b) continue;
    const x = e.a.kind === 'leaf' ? e.a.name : undefined;
    const w = e.b.kind === 'leaf' ? e.b.name : undefined;
    if (wrt !== x && wrt !== w) continue;
    const pad = e.padding > 0 ? `-${e.padding}` : '';
    const off = (i: string, a: string, times: string): string => (e.stride === 1 ? `${i}+${a}-1${pad}` : `(${i}-1)${times}${e.stride}+${a}${pad}`);
    const back = (u: string, i: string, times: string): string => (e.stride === 1 ? `${u}-${i}+1` : `${u}-(${i}-1)${times}${e.stride}`) + (e.padding > 0 ? `+${e.padding}` : '');
    const [T, N] = [written(target), written(node)];
    const [lt, ln] = [latexName(target), latexName(node)];
    const sum = `\\sum_{i,j} \\frac{\\partial ${lt}}{\\partial ${ln}_{i,j}}`;
    if (wrt === w) {
      // An input or kernel that is not a plain name is called x or w, as in the LaTeX form: a symbol, the same in every language.
      const xs = x === undefined ? 'x' : written(x);
      return {
        text: `∂${T}/∂${written(w)}[a,b] = Σ_ij ∂${T}/∂${N}[i,j] · ${xs}[${off('i', 'a', '*')}, ${off('j', 'b', '*')}]`,
        latex: `\\frac{\\partial ${lt}}{\\partial ${latexName(w)}_{a,b}} &= ${sum} \\, ${x === undefined ? 'x' : latexName(x)}_{${off('i', 'a', ' \\cdot ')}, ${off('j', 'b', ' \\cdot ')}}`,
      };
    }
    const ws = w === undefined ? 'w' : written(w);
    return {
      text: `∂${T}/∂${written(x!)}[u,v] = Σ_ij ∂${T}/∂${N}[i,j] · ${ws}[${back('u', 'i', '*')}, ${back('v', 'j', '*')}]`,
      latex: `\\frac{\\partial ${lt}}{\\partial ${latexName(x!)}_{u,v}} &= ${sum} \\, ${w === undefined ? 'w' : latexName(w)}_{${back('u', 'i', ' \\cdot ')}, ${back('v', 'j', ' \\cdot ')}}`,
    };
  }
  return undefined;
}
