/**
 * Window operations of matrix algebra: `conv2d` (valid cross-correlation as
 * deep-learning libraries define it, with stride and zero padding) and
 * `maxpool` as whole-matrix nodes (SPEC §7's sugar, not expanded here), and
 * the operations their adjoints are made of: the kernel gradient (the input
 * correlated with the error map), the full convolution of the error map
 * with the flipped kernel, and max-pool routing to the argmax.
 *
 * With X the input padded by p zeros and s the stride (1-based as written):
 *   conv2d      net[i,j] = Σ_ab w[a,b] · X[(i-1)s+a, (j-1)s+b]
 *   convkernel  dw[a,b]  = Σ_ij G[i,j] · X[(i-1)s+a, (j-1)s+b]   (stride 1: conv2d(x, G, padding=p))
 *   convfull    dx[u,v]  = Σ_ij G[i,j] · w[u+p-(i-1)s, v+p-(j-1)s]  (the full convolution of G with the flipped w)
 *   maxpool     out[i,j] = max of the k×k window at ((i-1)s+1, (j-1)s+1)
 *   poolroute   dx       = G[i,j] added at the first largest entry of each window of x
 *
 * Invariant: no dependence on the expression tree (node.ts builds on this
 * file); every function allocates its result and never writes its inputs.
 */

import { msg } from '../messages/format.ts';
import { shapeMessage, shapeOf, ShapeMismatch, type MShape } from './shape.ts';

export type WindowOp = 'conv2d' | 'convkernel' | 'convfull' | 'maxpool' | 'poolroute';

/** A matrix's numbers row-major (the shape evaluate.ts's values have). */
export interface WindowValue {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export interface WindowParams {
  readonly stride: number;
  readonly padding: number;
  /** The window of maxpool and poolroute (0 for the convolutions). */
  readonly k: number;
}

/** The shape of conv2d(x, w) or maxpool(x, k), or a ShapeMismatch naming both shapes. */
export function windowShape(op: 'conv2d' | 'maxpool', x: MShape, kernel: MShape, p: WindowParams): MShape {
  const padded = shapeOf(x.rows + 2 * p.padding, x.cols + 2 * p.padding);
  if (x.cols === 1 && x.rows > 1 && op === 'maxpool') throw new ShapeMismatch(msg('matrix.error.takes-matrix', { fn: 'maxpool', shape: shapeMessage(x) }));
  if (padded.rows < kernel.rows || padded.cols < kernel.cols) {
    const key = `matrix.error.${op === 'conv2d' ? 'kernel' : 'window'}-larger${p.padding > 0 ? '-padded' : ''}` as const;
    throw new ShapeMismatch(msg(key, { kernel: `${kernel.rows}x${kernel.cols}`, input: `${padded.rows}x${padded.cols}` }));
  }
  return shapeOf(Math.floor((padded.rows - kernel.rows) / p.stride) + 1, Math.floor((padded.cols - kernel.cols) / p.stride) + 1);
}

/** The value of a window operation; `out` is the node's shape. */
export function windowValue(op: WindowOp, a: WindowValue, b: WindowValue | undefined, p: WindowParams, out: MShape): WindowValue {
  const data = new Float64Array(out.rows * out.cols);
  const { stride: s, padding: pad } = p;
  const x = a;
  switch (op) {
    case 'conv2d': case 'convkernel': {
      // conv2d: sum over the kernel (b) at each output; convkernel: sum over the error map (b) at each kernel entry.
      const w = b!;
      const conv = op === 'conv2d';
      // Outer loops over the positions of the map, inner loops over the kernel's offsets.
      const [oi, oj, ka0, kb0] = conv ? [out.rows, out.cols, w.rows, w.cols] : [w.rows, w.cols, out.rows, out.cols];
      for (let i = 0; i < oi; i++) {
        for (let j = 0; j < oj; j++) {
          for (let ka = 0; ka < ka0; ka++) {
            const r = i * s + ka - pad;
            if (r < 0 || r >= x.rows) continue;
            for (let kb = 0; kb < kb0; kb++) {
              const c = j * s + kb - pad;
              if (c < 0 || c >= x.cols) continue;
              const xv = x.data[r * x.cols + c]!;
              if (conv) data[i * out.cols + j] = data[i * out.cols + j]! + w.data[ka * w.cols + kb]! * xv;
              else data[ka * out.cols + kb] = data[ka * out.cols + kb]! + w.data[i * w.cols + j]! * xv;
            }
          }
        }
      }
      return { rows: out.rows, cols: out.cols, data };
    }
    case 'convfull': {
      // a is the error map G, b the kernel: every G[i,j] is spread back over the inputs its window read.
      const g = a;
      const w = b!;
      for (let i = 0; i < g.rows; i++) {
        for (let j = 0; j < g.cols; j++) {
          const gv = g.data[i * g.cols + j]!;
          for (let ka = 0; ka < w.rows; ka++) {
            const u = i * s + ka - pad;
            if (u < 0 || u >= out.rows) continue;
            for (let kb = 0; kb < w.cols; kb++) {
              const v = j * s + kb - pad;
              if (v >= 0 && v < out.cols) data[u * out.cols + v] = data[u * out.cols + v]! + gv * w.data[ka * w.cols + kb]!;
            }
          }
        }
      }
      return { rows: out.rows, cols: out.cols, data };
    }
    case 'maxpool': case 'poolroute': {
      const g = b;
      const rows = op === 'maxpool' ? out.rows : g!.rows;
      const cols = op === 'maxpool' ? out.cols : g!.cols;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let best = -Infinity;
          let at = -1;
          for (let ka = 0; ka < p.k; ka++) {
            for (let kb = 0; kb < p.k; kb++) {
              const idx = (i * s + ka) * x.cols + (j * s + kb);
              const v = x.data[idx]!;
              if (v > best || at < 0) {
                best = v;
                at = idx;
              }
            }
          }
          if (op === 'maxpool') data[i * out.cols + j] = best;
          else data[at] = data[at]! + g!.data[i * g!.cols + j]!;
        }
      }
      return { rows: out.rows, cols: out.cols, data };
    }
    default: return assertNeverWindow(op);
  }
}

export function assertNeverWindow(x: never): never {
  throw new Error(`unexpected window operation ${String(x)}`);
}

/** The ASCII call a window node prints as, given its operands' texts. */
export function windowCall(op: WindowOp, a: string, b: string | undefined, p: WindowParams): string {
  const extra = (stride: number): string => `${p.stride !== stride ? `, stride=${p.stride}` : ''}${p.padding > 0 ? `, padding=${p.padding}` : ''}`;
  switch (op) {
    case 'conv2d': return `conv2d(${a}, ${b}${extra(1)})`;
    case 'convkernel': return `convkernel(${a}, ${b}${extra(1)})`;
    case 'convfull': return `convfull(${a}, ${b}${extra(1)})`;
    case 'maxpool': return `maxpool(${a}, ${p.k}${extra(p.k)})`;
    case 'poolroute': return `poolroute(${a}, ${b}, ${p.k}${extra(p.k)})`;
    default: return assertNeverWindow(op);
  }
}

/** The LaTeX of a window node: ⋆ for correlation, ∗ for the full convolution with the flipped kernel. */
export function windowLatex(op: WindowOp, a: string, b: string | undefined, p: WindowParams): string {
  const opts = `${p.stride !== (op === 'maxpool' || op === 'poolroute' ? p.k : 1) ? `, s=${p.stride}` : ''}${p.padding > 0 ? `, p=${p.padding}` : ''}`;
  switch (op) {
    case 'conv2d': return opts ? `\\operatorname{conv2d}\\left(${a}, ${b}${opts}\\right)` : `\\left(${a} \\star ${b}\\right)`;
    case 'convkernel': return `\\operatorname{convkernel}\\left(${a}, ${b}${opts}\\right)`;
    case 'convfull': return opts ? `\\operatorname{convfull}\\left(${a}, ${b}${opts}\\right)` : `\\left(${a} \\ast_{\\text{full}} ${b}\\right)`;
    case 'maxpool': return `\\operatorname{maxpool}_{${p.k}}\\left(${a}${opts}\\right)`;
    case 'poolroute': return `\\operatorname{poolroute}_{${p.k}}\\left(${a}, ${b}${opts}\\right)`;
    default: return assertNeverWindow(op);
  }
}
