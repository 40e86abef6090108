/**
 * `conv2d` and `maxpool` (SPEC §7): sugar for the sums and maxima they stand
 * for, expanded while lowering so the algebra stays scalar. Shapes that do
 * not fit are positioned errors; every expanded term is counted against the
 * file's budget, so a huge convolution is an error, never a hang.
 */

import { add, mul } from '../expr/canonical.ts';
import { call } from '../functions.ts';
import type { Expr } from '../expr/node.ts';
import { isMatrix, matrix, offsetOf, shapeMessage, type Matrix, type Value } from '../expr/indexed.ts';
import { listOf, msg } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';
import { quote, type CallSyntax, type Range, type Syntax } from './syntax.ts';

/** What the window expansion needs from the lowering that meets the call. */
export interface WindowLowering {
  readonly source: string;
  value(n: Syntax): Value;
  /** A whole number from an index or option expression; `what` names it in the message. */
  integer(n: Syntax, what: Param): number;
  fail(message: string | Message, at: Range): never;
  /** Count `n` more expanded terms against the budget. */
  spend(n: number, at: Range): void;
}

/** Named arguments conv2d and maxpool take. */
const CONV_OPTIONS: Readonly<Record<string, readonly string[]>> = { conv2d: ['stride', 'padding'], maxpool: ['stride'] };

/** Named arguments of conv2d and maxpool: whole numbers, with their defaults. */
function windowOptions(l: WindowLowering, n: CallSyntax, fn: string, defaults: Record<string, number>): { positional: Syntax[]; options: Record<string, number> } {
  const positional: Syntax[] = [];
  const options = { ...defaults };
  const given = new Set<string>();
  for (const a of n.args) {
    if (a.kind !== 'binding') {
      positional.push(a);
      continue;
    }
    const key = a.name.text;
    if (a.to !== undefined || !CONV_OPTIONS[fn]!.includes(key)) {
      l.fail(msg('matrix.error.named-args-found', { fn, names: listOf(CONV_OPTIONS[fn]!), found: quote(l.source, a) }), a);
    }
    if (given.has(key)) l.fail(msg('matrix.error.given-twice', { name: key }), a.name);
    given.add(key);
    options[key] = l.integer(a.value, key === 'padding' ? msg('matrix.what-padding', {}) : msg('matrix.what-stride', {}));
    if (options[key]! < (key === 'padding' ? 0 : 1)) l.fail(msg('matrix.error.at-least-short', { name: key, min: key === 'padding' ? 0 : 1 }), a.value);
  }
  return { positional, options };
}

/**
 * `conv2d(x, w, stride=1, padding=0)`: valid cross-correlation as deep
 * learning libraries define it (the kernel is not flipped; zero padding):
 * out[i,j] = Σ_a Σ_b w[a,b]·x[(i-1)s+a-p, (j-1)s+b-p].
 * `maxpool(x, k, stride=k)`: out[i,j] = max over the k×k window.
 */
export function lowerWindow(l: WindowLowering, n: CallSyntax, fn: 'conv2d' | 'maxpool'): Value {
  const { positional, options } = windowOptions(l, n, fn, fn === 'conv2d' ? { stride: 1, padding: 0 } : { stride: 0 });
  if (positional.length !== 2) {
    return l.fail(fn === 'conv2d' ? msg('matrix.error.conv-args', { fn: 'conv2d', form: 'conv2d(x, w, stride=1, padding=0)', count: positional.length })
      : msg('matrix.error.pool-args', { fn: 'maxpool', form: 'maxpool(x, 2, stride=2)', count: positional.length }), n);
  }
  const input = l.value(positional[0]!);
  if (!isMatrix(input) || input.dims.length !== 2) return l.fail(msg('matrix.error.window-2d', { fn, shape: shapeMessage(input) }), positional[0]!);
  const [h, w] = input.dims as [number, number];
  let kh: number;
  let kw: number;
  let kernel: Matrix | undefined;
  if (fn === 'conv2d') {
    const k = l.value(positional[1]!);
    if (!isMatrix(k) || k.dims.length !== 2) return l.fail(msg('matrix.error.kernel-2d', { fn: 'conv2d', shape: shapeMessage(k) }), positional[1]!);
    kernel = k;
    [kh, kw] = k.dims as [number, number];
  } else {
    kh = kw = l.integer(positional[1]!, msg('matrix.what-window-size', {}));
    if (kh < 1) l.fail(msg('matrix.error.window-size', {}), positional[1]!);
  }
  const stride = fn === 'maxpool' && options.stride === 0 ? kh : options.stride!;
  const pad = options.padding ?? 0;
  const oh = Math.floor((h + 2 * pad - kh) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - kw) / stride) + 1;
  if (h + 2 * pad < kh || w + 2 * pad < kw) {
    const key = `matrix.error.${fn === 'conv2d' ? 'kernel' : 'window'}-larger${pad > 0 ? '-padded' : ''}` as const;
    return l.fail(msg(key, { kernel: `${kh}x${kw}`, input: `${h + 2 * pad}x${w + 2 * pad}` }), n);
  }
  l.spend(oh * ow * kh * kw, n);
  const at = (m: Matrix, r: number, c: number): Expr | undefined => {
    const k = offsetOf(m.dims, [r, c]);
    return k < 0 ? undefined : m.entries[k];
  };
  const entries: Expr[] = [];
  for (let i = 1; i <= oh; i++) {
    for (let j = 1; j <= ow; j++) {
      const terms: Expr[] = [];
      for (let a = 1; a <= kh; a++) {
        for (let b = 1; b <= kw; b++) {
          // Outside the input is the zero padding: its terms vanish.
          const x = at(input, (i - 1) * stride + a - pad, (j - 1) * stride + b - pad);
          if (x === undefined) continue;
          terms.push(kernel ? mul(at(kernel, a, b)!, x) : x);
        }
      }
      entries.push(kernel ? add(...terms) : terms.length === 1 ? terms[0]! : call('max', terms));
    }
  }
  return matrix([oh, ow], entries);
}
