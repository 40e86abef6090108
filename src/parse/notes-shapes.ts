/**
 * The matrices of notes (SPEC §7), found before any equation is read: a
 * name is a matrix everywhere in the notes once a `bmatrix` literal defines
 * it anywhere, or once a math block holds only shape declarations such as
 * `x \in \mathbb{R}^{4 \times 4}`. The first shape met for a name wins.
 * A declared shape over the entry limit makes no matrix (the notes reader
 * reports it), so nothing of its size is ever built.
 */

import { sym } from '../expr/node.ts';
import { elementName, indicesOf, MAX_ENTRIES, parseElementName, shapeText, sizeOf, type Matrix, type Shape } from '../expr/indexed.ts';
import { canonicalName } from '../expr/names.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type { MathBlock } from './document.ts';
import { latexMatrixShapes } from './latex.ts';

/** A name declared a matrix, and its shape. */
export interface DeclaredShape {
  readonly name: string;
  readonly dims: Shape;
}

/** One `x \in \mathbb{R}^{4 \times 4}` (or `\mathbb{R}^{3}`): a name and its shape. */
const SHAPE = /^\s*(\\?[A-Za-z]+|\\(?:mathrm|mathbf|boldsymbol|bm)\{[A-Za-z]+\})\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{?\s*(\d+)\s*(?:(?:\\times|\u00d7|x)\s*(\d+)\s*)?\}?\s*[.,]?\s*$/;

/** The shapes a math block declares when it holds only `x \in \mathbb{R}^{m \times n}` statements (separated by `,` or `\quad`). */
function declaredShapes(tex: string): DeclaredShape[] | undefined {
  const parts = tex.split(/,|\\q?quad\b/).filter((p) => p.trim() !== '');
  const out: DeclaredShape[] = [];
  for (const part of parts) {
    const m = SHAPE.exec(part);
    if (!m) return undefined;
    const name = canonicalName(m[1]!.replace(/^\\(?:mathrm|mathbf|boldsymbol|bm)\{(.*)\}$/, '$1').replace(/^\\/, ''));
    out.push({ name, dims: m[3] === undefined ? [Number(m[2])] : [Number(m[2]), Number(m[3])] });
  }
  return out.length > 0 && out.every((d) => d.dims.every((k) => k >= 1)) ? out : undefined;
}

/** Why a declared shape is refused (more entries than a matrix may have), or undefined: checked before anything of that size exists. */
export function shapeRefusal(dims: Shape): Message | undefined {
  return sizeOf(dims) > MAX_ENTRIES ? msg('limit.declared-entries', { shape: shapeText(dims), max: MAX_ENTRIES }) : undefined;
}

/**
 * The shape of every matrix name in the blocks, in the order first met
 * (declarations before literals), and the blocks that are declarations only.
 */
export function notesShapes(blocks: readonly MathBlock[]): { shapes: Map<string, Shape>; declarations: Map<MathBlock, DeclaredShape[]> } {
  const shapes = new Map<string, Shape>();
  const declarations = new Map<MathBlock, DeclaredShape[]>();
  for (const block of blocks) {
    const declared = declaredShapes(block.tex);
    if (declared !== undefined) declarations.set(block, declared);
    for (const { name, dims } of declared ?? []) if (!shapes.has(name) && shapeRefusal(dims) === undefined) shapes.set(name, dims);
  }
  for (const block of blocks) for (const [name, dims] of latexMatrixShapes(block.tex)) if (!shapes.has(name)) shapes.set(name, dims);
  return { shapes, declarations };
}

/** The matrix name whose elements a matrix holds, in order (`net` for [[net[1,1], …]]), or undefined. */
export function wholeName(m: Matrix): string | undefined {
  const first = m.entries[0];
  const base = first?.kind === 'sym' ? parseElementName(first.name)?.base : undefined;
  if (base === undefined) return undefined;
  const indices = indicesOf(m.dims);
  return m.entries.every((e, k) => e === sym(elementName(base, indices[k]!))) ? base : undefined;
}
