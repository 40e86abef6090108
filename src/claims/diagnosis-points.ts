/**
 * The test points of a diagnosis (SPEC §14: "an explanation counts only
 * when it holds at every test point"). A name with a value in the document
 * takes it at the first point and values near it at the others; a name
 * without one is sampled like the checker samples it (both signs, near 0,
 * large). Each name's value at point k depends only on the name and k, so
 * every candidate is tried at the same points whatever names it holds.
 *
 * Points where an expression does not evaluate (outside a domain) are
 * skipped; an explanation needs MIN_AGREEING evaluated points, never one.
 */

import type { Expr } from '../expr/node.ts';
import { freeSymbols } from '../expr/walk.ts';
import { compile } from '../numeric/compile.ts';
import { seededRandom } from '../numeric/random.ts';
import { nearValue, sampleValue } from './sample-points.ts';

export const DIAGNOSIS_POINTS = 12;
/** Evaluated points an explanation must hold at. */
export const MIN_AGREEING = 6;
/** Relative agreement of two values at a point. */
const RELATIVE = 1e-8;

function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class TestPoints {
  private readonly count: number;
  private readonly needed: number;

  /** `givenOnly`: the document's values are the one test point (every name must have one). */
  constructor(private readonly values: ReadonlyMap<string, number>, options: { readonly givenOnly?: boolean } = {}) {
    this.count = options.givenOnly ? 1 : DIAGNOSIS_POINTS;
    this.needed = options.givenOnly ? 1 : MIN_AGREEING;
  }

  /** The value of a name at point k. */
  value(name: string, k: number): number {
    const v = this.values.get(name);
    const rand = seededRandom((hash(name) + 7919 * k) >>> 0);
    if (v === undefined) return sampleValue(rand, k);
    return k === 0 ? v : nearValue(rand, v);
  }

  /**
   * The values of expressions at every point, one row per evaluated point
   * (points where one does not evaluate are left out).
   */
  rows(exprs: readonly Expr[]): number[][] {
    const names = [...new Set(exprs.flatMap((e) => freeSymbols(e).map((s) => s.name)))];
    const fn = compile(exprs, names);
    const out: number[][] = [];
    for (let k = 0; k < this.count; k++) {
      try {
        out.push([...fn(names.map((n) => this.value(n, k)))]);
      } catch {
        // Outside a domain at this point: not a test point.
      }
    }
    return out;
  }

  /** a ≡ b at every evaluated point, with enough points. */
  same(a: Expr, b: Expr): boolean {
    if (a === b) return true;
    const rows = this.rows([a, b]);
    return rows.length >= this.needed && rows.every(([x, y]) => close(x!, y!));
  }

  /** The constant c with f(a, b) = c at every point, when there is one. */
  constant(a: Expr, b: Expr, f: (x: number, y: number) => number): number | undefined {
    const rows = this.rows([a, b]);
    if (rows.length < this.needed) return undefined;
    const values = rows.map(([x, y]) => f(x!, y!));
    const c = values[0]!;
    return Number.isFinite(c) && values.every((v) => close(v, c)) ? c : undefined;
  }
}

export function close(x: number, y: number): boolean {
  return Math.abs(x - y) <= RELATIVE * Math.max(1, Math.abs(x), Math.abs(y));
}
