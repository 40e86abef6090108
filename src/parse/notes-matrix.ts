/**
 * Notes in matrix algebra (SPEC §12): a document whose math declares shapes
 * (`W \in \mathbb{R}^{2 \times 2}`) and uses matrix notation (`x^\top`,
 * `\odot`, `\lVert v \rVert`, `\operatorname{softmax}`) is read as matrices
 * that stay matrices: `h = \sigma(W x + b)` is one node, and
 * `\frac{\partial E}{\partial W} = … x^\top` a claim between two matrices.
 *
 * Invariants: the same math blocks and shape declarations as the scalar
 * reader (parse/notes.ts); the first equation of a name defines it, every
 * other equation is a claim between neighbouring sides; spans point into
 * the whole document.
 */

import { NablaError } from '../errors.ts';
import { canonicalName } from '../expr/names.ts';
import { msg } from '../messages/format.ts';
import { shapeOf, type MShape } from '../matrix/shape.ts';
import { extractMath, type MathBlock } from './document.ts';
import { latexStatementSides } from './latex.ts';
import { lowerMatrixNotes, type LoweredMatrixFile } from './lower-matrix.ts';
import type { DefinitionEntry, SkippedEntry } from './notes.ts';
import { notesShapes } from './notes-shapes.ts';
import { locator, type DefineSyntax, type NameSyntax, type Range, type Syntax } from './syntax.ts';

/** Marks of matrix notation; with a declared shape they make notes matrix algebra. */
const MATRIX_MARKS = /\\top\b|\\intercal\b|\^\s*\{?\s*(?:T|\\mathsf\s*\{\s*T\s*\})\s*\}?(?![A-Za-z])|\\odot\b|\\circ\b|\\lVert\b|\\\||\\operatorname\s*\{\s*(?:softmax|logsumexp)\s*\}/;
const DECLARES_SHAPE = /\\in\s*\\mathbb\s*\{?\s*R/;

/** Whether notes are matrix algebra: a shape declared and matrix notation used. */
export function usesMatrixNotation(text: string): boolean {
  return DECLARES_SHAPE.test(text) && MATRIX_MARKS.test(text);
}

export interface MatrixNotes extends LoweredMatrixFile {
  readonly definitions: readonly DefinitionEntry[];
  readonly skipped: readonly SkippedEntry[];
}

/** Every `offset` moved by `by`: syntax of a block, placed in its document. */
function shifted<T>(node: T, by: number): T {
  if (Array.isArray(node)) return node.map((n) => shifted(n, by)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'offset' && typeof v === 'number' ? v + by : shifted(v, by);
  return out as T;
}

export function readMatrixNotes(text: string, options: { wholeText?: boolean; texComments?: boolean } = {}): MatrixNotes {
  const blocks: MathBlock[] = options.wholeText ? [{ tex: text, start: { line: 1, column: 1, offset: 0 }, display: true }] : extractMath(text, options.texComments);
  const { shapes, declarations } = notesShapes(blocks);
  const preset = new Map<string, MShape>([...shapes].map(([k, dims]) => [k, shapeOf(dims[0]!, dims[1] ?? 1)]));
  const locate = locator(text);
  const definitions: DefinitionEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const errors: NablaError[] = [];
  const defines: DefineSyntax[] = [];
  const claims: { lhs: Syntax; rhs: Syntax; at: Range }[] = [];
  const defined = new Set<string>();
  for (const block of blocks) {
    const declared = declarations.get(block);
    if (declared !== undefined) {
      for (const d of declared) definitions.push({ line: block.start.line, column: block.start.column, text: block.tex.trim(), name: d.name, repeated: false });
      continue;
    }
    for (const st of latexStatementSides(block.tex, (r) => locate({ offset: r.offset + block.start.offset, length: r.length }), text)) {
      const at: Range = { offset: st.range.offset + block.start.offset, length: st.range.length };
      if (st.error || !st.sides) {
        errors.push(st.error ?? new NablaError(msg('matrix.error.no-parse', {}), locate(at), text));
        continue;
      }
      const sides = st.sides.map((s) => shifted(s, block.start.offset));
      const where = locate(at);
      const written = text.slice(at.offset, at.offset + at.length);
      if (sides.length < 2) {
        skipped.push({ line: where.line, column: where.column, text: written });
        continue;
      }
      const head = sides[0]!;
      let from = 0;
      if (head.kind === 'name' && !defined.has(canonicalName(head.text))) {
        defined.add(canonicalName(head.text));
        defines.push({ kind: 'define', name: head as NameSyntax, value: sides[1]!, offset: head.offset, length: sides[1]!.offset + sides[1]!.length - head.offset });
        definitions.push({ line: where.line, column: where.column, text: written, name: head.text, repeated: false });
        from = 1;
      }
      for (let i = from; i + 1 < sides.length; i++) {
        const l = sides[i]!;
        const r = sides[i + 1]!;
        claims.push({ lhs: l, rhs: r, at: { offset: l.offset, length: r.offset + r.length - l.offset } });
      }
    }
  }
  const lowered = lowerMatrixNotes(defines, claims, preset, text, locate);
  return { ...lowered, errors: [...errors, ...lowered.errors], definitions, skipped };
}
