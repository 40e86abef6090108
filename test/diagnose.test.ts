/**
 * Diagnoses of refuted claims (SPEC §14) against a corpus of planted
 * mistakes (test/diagnose-corpus.ts): each mistake is a named edit of a
 * correct claim and its expected code comes from the edit, not from the
 * diagnoser. The first code must be the planted one for ≥ 90% of them and
 * never a different code (no diagnosis is allowed). The confusion table is
 * printed for the record.
 */
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../src/index.ts';
import { CORPUS, type Code } from './diagnose-corpus.ts';

interface Outcome {
  readonly name: string;
  readonly planted: Code;
  readonly status: string;
  readonly got: string;
  readonly message: string;
}

function run(): Outcome[] {
  return CORPUS.map((p) => {
    const claims = checkClaims(p.document, { kind: 'document' }).claims;
    const last = claims.at(-1)!;
    return { name: p.name, planted: p.code, status: last.status, got: last.diagnosis?.code ?? 'none', message: last.diagnosis?.message ?? last.reason ?? '' };
  });
}

function confusion(outcomes: readonly Outcome[]): string {
  const got = [...new Set(outcomes.map((o) => o.got))].sort();
  const planted = [...new Set(outcomes.map((o) => o.planted))];
  const rows = planted.map((p) => `| ${p} | ${got.map((g) => outcomes.filter((o) => o.planted === p && o.got === g).length || '').join(' | ')} |`);
  return [`| planted \\ diagnosed | ${got.join(' | ')} |`, `|---|${got.map(() => '---').join('|')}|`, ...rows].join('\n');
}

describe('diagnoses of planted mistakes', () => {
  const outcomes = run();

  it('has at least 40 planted mistakes across the codes', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(40);
    expect(new Set(outcomes.map((o) => o.planted)).size).toBeGreaterThanOrEqual(9);
  });

  it('refutes every planted mistake', () => {
    expect(outcomes.filter((o) => o.status !== 'refuted').map((o) => `${o.name}: ${o.status} ${o.message}`)).toEqual([]);
  });

  it('never gives a wrong code', () => {
    console.log(`${confusion(outcomes)}\n`);
    expect(outcomes.filter((o) => o.got !== 'none' && o.got !== o.planted).map((o) => `${o.name}: ${o.got} (${o.message})`)).toEqual([]);
  });

  it('gives the planted code first for at least 90%', () => {
    const right = outcomes.filter((o) => o.got === o.planted).length;
    console.log(`first diagnosis = planted code: ${right} of ${outcomes.length}`);
    expect(outcomes.filter((o) => o.got === 'none').map((o) => o.name)).toEqual([]);
    expect(right / outcomes.length).toBeGreaterThanOrEqual(0.9);
  });
});
