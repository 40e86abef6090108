/**
 * Views of a claims report (`nabla check`): the terminal listing, one
 * claim a few lines, and the JSON of SPEC §9. Formatting only.
 */

import { sanitize } from '../errors.ts';
import type { ClaimsReport } from '../claims/document.ts';
import type { ClaimResult } from '../claims/check.ts';
import type { Diagnosis } from '../claims/diagnose.ts';
import { formatNumber } from './format.ts';
import { displayWidth } from '../errors.ts';
import { msg, say } from '../messages/format.ts';
import type { Language } from '../messages/message.ts';
import { diagnosisMessage, type MessageParams } from '../claims/diagnosis-messages.ts';

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
    if (displayWidth(line) + displayWidth(w) + 1 > WIDTH && line.trim() !== '') {
      lines.push(line);
      line = indent;
    }
    line += line.trim() === '' ? w : ` ${w}`;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** A diagnosis as one line: `sign: the sign is wrong (also: constant-factor)`; the code stays, the sentence is said in `lang`. */
export function diagnosisLine(d: Diagnosis, lang: Language = 'en'): string {
  const sentence = lang === 'en' ? d.message : say(diagnosisMessage(d.key, d.params), lang);
  const given = d.atGivenValues ? say(msg('claims.at-given', {}), lang) : '';
  return `${d.code}: ${sentence}${given}${d.also ? say(msg('claims.also', { codes: d.also.join(', ') }), lang) : ''}`;
}

/**
 * A claim's reason in `lang`: in English its text as the checker wrote it
 * (which may add to the message, as a contraction's note does), in another
 * language its message when it has one, else the English text.
 */
export function reasonIn(c: ClaimResult, lang: Language): string | undefined {
  return lang === 'en' || c.message === undefined ? c.reason : say(c.message, lang);
}

/** `text` padded with spaces to `width` terminal columns (Hangul takes two). */
const padColumns = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** A diagnosis as JSON (SPEC §14): code, message, also?, line?, recomputed?, and the message's parameters. */
export function diagnosisJson(d: Diagnosis, lang: Language = 'en'): Record<string, unknown> {
  return {
    code: d.code, message: lang === 'en' ? d.message : say(diagnosisMessage(d.key, d.params), lang), also: d.also, line: d.line, recomputed: d.recomputed, atGivenValues: d.atGivenValues, key: d.key, params: paramsIn(d.params, lang),
  };
}

/** A finding's parameters for JSON: prose (a message) said in the reader's language, the rest as it is. */
function paramsIn(params: MessageParams, lang: Language): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? say(v, lang) : v]));
}

export function renderClaimsTerminal(report: ClaimsReport, options: { color: boolean; fileName?: string; lang?: Language }): string {
  const lang = options.lang ?? 'en';
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  for (const c of report.claims) {
    const where = `${c.line}:${c.column}`.padEnd(7);
    const status = paint(STATUS_COLOR[c.status], padColumns(say(msg(`verdict.${c.status}`, {}), lang), 10));
    out.push(`${where} ${status} ${shorten(c.text, WIDTH - 19)}`);
    const detail: string[] = [];
    const reason = reasonIn(c, lang);
    if (reason) detail.push(reason);
    if (c.diagnosis) detail.push(diagnosisLine(c.diagnosis, lang));
    if (c.status === 'refuted' && c.lhs !== undefined && c.rhs !== undefined) {
      detail.push(say(msg('claims.sides', { lhs: formatNumber(c.lhs), rhs: formatNumber(c.rhs) }), lang));
    }
    if (c.counterexample) {
      detail.push(say(msg('claims.at', { point: Object.entries(c.counterexample).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ') }), lang));
    }
    for (const d of detail) out.push(...wrap(d, ' '.repeat(19)));
  }
  const count = (s: ClaimResult['status']): number => report.claims.filter((c) => c.status === s).length;
  if (report.definitions.length > 0) {
    out.push('', say(msg('claims.definitions', { count: report.definitions.length }), lang));
    for (const d of report.definitions) {
      out.push(`${`${d.line}:${d.column}`.padEnd(7)} ${padColumns(say(msg(d.repeated ? 'claims.repeated' : 'claims.defines', {}), lang), 10)} ${shorten(d.text, WIDTH - 19)}`);
    }
  }
  if (report.skipped.length > 0) {
    out.push('', say(msg('claims.skipped', { count: report.skipped.length }), lang));
    for (const s of report.skipped) out.push(`${`${s.line}:${s.column}`.padEnd(7)} ${' '.repeat(10)} ${shorten(s.text, WIDTH - 19)}`);
  }
  const summary = msg('claims.summary', { total: report.claims.length, verified: count('verified'), refuted: count('refuted'), unchecked: count('unchecked') });
  out.push('', say(summary, lang));
  return `${out.join('\n')}\n`;
}

/** `{"claims": [{line, column, text, status, reason?, lhs?, rhs?, diagnosis?}]}` and the extra lists. */
export function renderClaimsJson(report: ClaimsReport, lang: Language = 'en'): string {
  const finite = (x: number | undefined): number | null | undefined => (x === undefined ? undefined : Number.isFinite(x) ? x : null);
  return `${JSON.stringify({
    claims: report.claims.map((c) => ({
      line: c.line,
      column: c.column,
      text: c.text,
      status: c.status,
      reason: reasonIn(c, lang),
      lhs: finite(c.lhs),
      rhs: finite(c.rhs),
      counterexample: c.counterexample,
      diagnosis: c.diagnosis === undefined ? undefined : diagnosisJson(c.diagnosis, lang),
    })),
    definitions: report.definitions,
    skipped: report.skipped,
  }, null, 2)}\n`;
}
