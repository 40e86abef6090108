/**
 * Claims between matrices (SPEC §12): `∂E/∂W = ((h - t) ⊙ h ⊙ (1 - h)) xᵀ`
 * in notes, `claim d(E)/d(W2) = …` in a formula file. Each side is lowered
 * on its own; the derivative is derived in matrix form; both sides are
 * computed at the names' values, and where names have none, at seeded
 * random points, entry by entry.
 *
 * Invariants: sides of different shapes are a refutation naming both
 * shapes, and so is a side that has no shape (its error says what does not
 * fit) when the other side has one; a verdict never rests on one point when
 * names are free; a point where a side is not a number is skipped.
 */

import { NablaError } from '../errors.ts';
import { evaluateM, type MValue } from '../matrix/evaluate.ts';
import type { MExpr } from '../matrix/node.ts';
import { evaluateProgram, resolveDerivatives, type MatrixProgram } from '../matrix/program.ts';
import { seededUniform } from '../matrix/random.ts';
import { describeMShape as shapeText, sameMShape, shapeMessage } from '../matrix/shape.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';
import type { MatrixClaim } from '../parse/lower-matrix.ts';
import { because, type ClaimResult } from './check.ts';

/** Random points tried when names have no values. */
const POINTS = 5;
const TOLERANCE = 1e-9;

/** A result with its reason as a catalogue message (said in the reader's language) and its English. */
function result(c: MatrixClaim, status: ClaimResult['status'], reason: Message | { reason: string; message?: Message }, values?: { lhs: number; rhs: number }): ClaimResult {
  const said = 'key' in reason ? because(reason) : reason;
  return { line: c.span.line, column: c.span.column, text: c.text, status, ...said, ...(values ?? {}) };
}

/** An error as a reason: its English and, when it has one, its message. */
const errorReason = (err: NablaError): { reason: string; message?: Message } => ({ reason: err.message, ...(err.said ? { message: err.said } : {}) });

/** The values given by the notes (inputs), and random ones in [-1, 1] for the free names, per point. */
function pointValues(program: MatrixProgram, point: number): Map<string, MValue> {
  const given = new Map<string, MValue>();
  for (const name of program.order) {
    if (program.definitions.get(name)!.input) given.set(name, evaluateM(program.rhs.get(name)!, () => undefined));
  }
  program.free.forEach((name, k) => {
    const shape = program.shapes.get(name) ?? { rows: 1, cols: 1 };
    const u = seededUniform(1000 * (point + 1) + k, shape.rows * shape.cols);
    given.set(name, { rows: shape.rows, cols: shape.cols, data: u.map((x) => 2 * x - 1) });
  });
  return given;
}

export function checkMatrixClaim(program: MatrixProgram, c: MatrixClaim): ClaimResult {
  if (c.lhs instanceof NablaError && c.rhs instanceof NablaError) return result(c, 'unchecked', errorReason(c.lhs));
  for (const [bad, good, which] of [[c.lhs, c.rhs, 'left'], [c.rhs, c.lhs, 'right']] as const) {
    if (bad instanceof NablaError && !(good instanceof NablaError)) {
      // The English keeps its one sentence (the error's period gives way to a semicolon); other languages say two.
      const said = msg(`matrix.claim.${which}-no-shape`, { error: bad.said ?? bad.message, shape: shapeMessage(good.shape) });
      const english = `The ${which} side has no shape: ${bad.message.replace(/\.$/, '')}; the ${which === 'left' ? 'right' : 'left'} side is ${shapeText(good.shape)}.`;
      return result(c, 'refuted', { reason: english, message: said });
    }
  }
  let lhs: MExpr;
  let rhs: MExpr;
  try {
    lhs = resolveDerivatives(program, c.lhs as MExpr);
    rhs = resolveDerivatives(program, c.rhs as MExpr);
  } catch (err) {
    if (!(err instanceof NablaError)) throw err;
    return result(c, 'unchecked', errorReason(err));
  }
  if (!sameMShape(lhs.shape, rhs.shape)) {
    return result(c, 'refuted', msg('matrix.claim.shapes-differ', { lhs: shapeMessage(lhs.shape), rhs: shapeMessage(rhs.shape) }));
  }
  const points = program.free.length === 0 ? 1 : POINTS;
  let compared = 0;
  for (let p = 0; p < points; p++) {
    const values = evaluateProgram(program, pointValues(program, p));
    const memo = new Map<MExpr, MValue>();
    const env = (n: string): MValue | undefined => values.get(n);
    const a = evaluateM(lhs, env, memo).data;
    const b = evaluateM(rhs, env, memo).data;
    if (![...a, ...b].every(Number.isFinite)) continue;
    compared++;
    for (let k = 0; k < a.length; k++) {
      if (Math.abs(a[k]! - b[k]!) > TOLERANCE * Math.max(1, Math.abs(a[k]!), Math.abs(b[k]!))) {
        const cols = lhs.shape.cols;
        const entry = a.length === 1 ? '' : msg('matrix.claim.at-entry', { index: `${Math.floor(k / cols) + 1}${cols === 1 ? '' : `,${(k % cols) + 1}`}` });
        const where = program.free.length === 0 ? msg('matrix.claim.at-given', {}) : msg('matrix.claim.at-random', { names: program.free.map((n) => program.written.get(n) ?? n).join(', ') });
        const differ = msg('matrix.claim.differ', { shape: shapeMessage(lhs.shape, true), entry, where, lhs: String(a[k]), rhs: String(b[k]) });
        return result(c, 'refuted', differ, { lhs: a[k]!, rhs: b[k]! });
      }
    }
  }
  if (compared === 0) return result(c, 'unchecked', msg('matrix.claim.no-point', {}));
  const how = program.free.length === 0 ? msg('matrix.claim.at-given', {}) : msg('matrix.claim.at-points', { count: compared });
  return result(c, 'verified', msg('matrix.claim.holds', { how, shape: shapeMessage(lhs.shape) }));
}
