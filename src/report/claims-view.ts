/**
 * Views of a claims report (`nabla check`): the terminal listing, one
 * claim a few lines, and the JSON of SPEC §9. Formatting only.
 */

import { sanitize } from '../errors.ts';
import type { ClaimsReport } from '../claims/document.ts';
import type { ClaimResult } from '../claims/check.ts';
import type { Diagnosis } from '../claims/diagnose.ts';
import { formatNumber } from './format.ts';

const WIDTH = 80;

const STATUS_COLOR: Record<ClaimResult['status'], string> = { verified: '32', refuted: '31', unchecked: '33' };

function shorten(text: string, width: number): string {
  const flat = sanitize(text.replace(/\s+/g, ' ').trim());
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** Wrap prose to the terminal width after an indent. */
function wrap(text: string, indent: string): string[] {
  const words = sanitize(text).split(/\s+/);
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > WIDTH && line.trim() !== '') {
      lines.push(line);
      line = indent;
    }
    line += line.trim() === '' ? w : ` ${w}`;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** A diagnosis as one line: `sign: the sign is wrong (also: constant-factor)`. */
export function diagnosisLine(d: Diagnosis): string {
  return `${d.code}: ${d.message}${d.atGivenValues ? ' (at the given values)' : ''}${d.also ? ` (also: ${d.also.join(', ')})` : ''}`;
}

/** A diagnosis as JSON (SPEC §14): code, message, also?, line?, recomputed?, and the message's parameters. */
export function diagnosisJson(d: Diagnosis): Record<string, unknown> {
  return {
    code: d.code, message: d.message, also: d.also, line: d.line, recomputed: d.recomputed, atGivenValues: d.atGivenValues, key: d.key, params: d.params,
  };
}

export function renderClaimsTerminal(report: ClaimsReport, options: { color: boolean; fileName?: string }): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  for (const c of report.claims) {
    const where = `${c.line}:${c.column}`.padEnd(7);
    const status = paint(STATUS_COLOR[c.status], c.status.padEnd(10));
    out.push(`${where} ${status} ${shorten(c.text, WIDTH - 19)}`);
    const detail: string[] = [];
    if (c.reason) detail.push(c.reason);
    if (c.diagnosis) detail.push(diagnosisLine(c.diagnosis));
    if (c.status === 'refuted' && c.lhs !== undefined && c.rhs !== undefined) {
      detail.push(`left side ${formatNumber(c.lhs)}, right side ${formatNumber(c.rhs)}`);
    }
    if (c.counterexample) {
      detail.push(`at ${Object.entries(c.counterexample).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ')}`);
    }
    for (const d of detail) out.push(...wrap(d, ' '.repeat(19)));
  }
  const count = (s: ClaimResult['status']): number => report.claims.filter((c) => c.status === s).length;
  if (report.definitions.length > 0) {
    out.push('', `Definitions (${report.definitions.length}, repeats included):`);
    for (const d of report.definitions) {
      out.push(`${`${d.line}:${d.column}`.padEnd(7)} ${(d.repeated ? 'repeated' : 'defines').padEnd(10)} ${shorten(d.text, WIDTH - 19)}`);
    }
  }
  if (report.skipped.length > 0) {
    out.push('', `Not equations, nothing to check (${report.skipped.length}):`);
    for (const s of report.skipped) out.push(`${`${s.line}:${s.column}`.padEnd(7)} ${' '.repeat(10)} ${shorten(s.text, WIDTH - 19)}`);
  }
  out.push('', `${report.claims.length} claims: ${count('verified')} verified, ${count('refuted')} refuted, ${count('unchecked')} unchecked`);
  return `${out.join('\n')}\n`;
}

/** `{"claims": [{line, column, text, status, reason?, lhs?, rhs?, diagnosis?}]}` and the extra lists. */
export function renderClaimsJson(report: ClaimsReport): string {
  const finite = (x: number | undefined): number | null | undefined => (x === undefined ? undefined : Number.isFinite(x) ? x : null);
  return `${JSON.stringify({
    claims: report.claims.map((c) => ({
      line: c.line,
      column: c.column,
      text: c.text,
      status: c.status,
      reason: c.reason,
      lhs: finite(c.lhs),
      rhs: finite(c.rhs),
      counterexample: c.counterexample,
      diagnosis: c.diagnosis === undefined ? undefined : diagnosisJson(c.diagnosis),
    })),
    definitions: report.definitions,
    skipped: report.skipped,
  }, null, 2)}\n`;
}
