/**
 * Diagnoses of refuted claims (SPEC §14) against a corpus of planted
 * mistakes (test/diagnose-corpus.ts): each mistake is a named edit of a
 * correct claim and its expected code comes from the edit, not from the
 * diagnoser. The first code must be the planted one for ≥ 90% of them and
 * never a different code (no diagnosis is allowed). The confusion table is
 * printed for the record.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkClaims, DIAGNOSIS_CODES, systemReport } from '../src/index.ts';
import { choose } from '../src/claims/diagnose.ts';
import { DIAGNOSIS_MESSAGES, say } from '../src/claims/diagnosis-messages.ts';
import { renderClaimsTerminal } from '../src/report/claims-view.ts';
import { renderHtml } from '../src/report/html.ts';
import { renderText } from '../src/serve/render-text.ts';
import { NUMBER_EXPLANATIONS } from '../src/claims/explain-number.ts';
import { SYMBOLIC_EXPLANATIONS } from '../src/claims/explain-symbolic.ts';
import { CORPUS, type Code, UNEXPLAINED } from './diagnose-corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Outcome {
  readonly name: string;
  readonly planted: Code;
  readonly status: string;
  readonly got: string;
  readonly message: string;
}

function run(): Outcome[] {
  return CORPUS.map((p) => {
    const claims = checkClaims(p.document, { kind: p.kind }).claims;
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

/**
 * Every named explanation of the two tables, with a planted mistake of the
 * corpus that it (and its message key) must be the first to explain:
 * adding an explanation without an example fails the last test.
 */
const EXAMPLES: Readonly<Record<'symbolic' | 'number', Readonly<Record<string, readonly [string, string]>>>> = {
  symbolic: {
    'misremembered-rule': ['misremember σ′ = σ in dE/dv1', 'wrong-rule'],
    'missing-chain-factor': ['drop-factor h from dE/dv1', 'missing-factor'],
    'extra-chain-factor': ['repeat-factor h in dE/dv1', 'extra-factor'],
    'another-name': ['swap-wrt v_1 → v_2', 'wrong-name.wrt'],
    'carried-forward': ['carried sign of dE/dout2 into dE/dnet2', 'carried'],
    'negation': ['negate dEdv1', 'sign'],
    'negated-term': ['negate-term dEdh', 'sign.term'],
    'constant-ratio': ['halve dEdnet1', 'constant-factor'],
    'constant-difference': ['add-constant 1 to dE/dv1', 'additive-constant'],
  },
  number: {
    'misremembered-rule': ['misremember σ′ = σ in number dE/dnet1', 'wrong-rule'],
    'missing-chain-factor': ['drop-factor x from number dE/da', 'missing-factor'],
    'extra-chain-factor': ['repeat-factor h in number dE/dv1', 'extra-factor'],
    'another-name': ['swap-wrt number dE/dv2 for dE/dv1', 'wrong-name.wrt'],
    'carried-forward': ['carried doubled number into dE/dnet1', 'carried'],
    'rounded-intermediates': ['rounded δ_o1 times h', 'rounding'],
    'truncated': ['truncate dE/dv1', 'rounding.truncated'],
    'negation': ['negate number dE/dv1', 'sign'],
    'ratio': ['halve number dE/dnet1', 'constant-factor'],
    'power-of-ten': ['shift-point ×10 dE/dv2', 'order-of-magnitude'],
  },
};

describe('each named explanation, with its example', () => {
  const cases = (['symbolic', 'number'] as const).flatMap((table) => Object.entries(EXAMPLES[table]).map(([name, [planted, key]]) => [table, name, planted, key] as const));
  it.each(cases)('%s %s: %s is diagnosed with %s', (_, __, planted, key) => {
    const p = CORPUS.find((c) => c.name === planted)!;
    expect(checkClaims(p.document, { kind: p.kind }).claims.at(-1)!.diagnosis?.key).toBe(key);
  });

  it('names the missing factor as written, a sum in parentheses', () => {
    const p = CORPUS.find((c) => c.name === 'drop-factor (1 - h^2) from dE/dc')!;
    expect(checkClaims(p.document, { kind: p.kind }).claims.at(-1)!.diagnosis?.message).toBe('missing the factor (1 - h^2)');
  });

  it('every explanation of both tables has an example', () => {
    expect(SYMBOLIC_EXPLANATIONS.map((e) => e.name).sort()).toEqual(Object.keys(EXAMPLES.symbolic).sort());
    expect(NUMBER_EXPLANATIONS.map((e) => e.name).sort()).toEqual(Object.keys(EXAMPLES.number).sort());
  });
});

describe('a claim meant at the given values (softmax with a one-hot label)', () => {
  it('samples/softmax-notes.ko.md line 55 is missing the factor a^(1)_2 there, and says so', () => {
    const claims = checkClaims(readFileSync(join(ROOT, 'samples', 'softmax-notes.ko.md'), 'utf8'), { fileName: 'softmax-notes.ko.md' }).claims;
    const d = claims.find((c) => c.line === 55)!.diagnosis!;
    expect(d).toMatchObject({ code: 'missing-factor', atGivenValues: true });
    expect(d.message).toMatch(/^missing the factor a/);
  });
});

describe('mistakes no code describes', () => {
  it.each(UNEXPLAINED.map((u) => [u.name, u.document]))('%s: refuted, with no diagnosis', (_, document) => {
    const last = checkClaims(document, { kind: 'document' }).claims.at(-1)!;
    expect(last.status).toBe('refuted');
    expect(last.diagnosis).toBeUndefined();
  });
});

describe('rounding: the classic worked example', () => {
  // Mazur's 2-2-2 example prints δ_o2 = −0.038098237 (9 decimals) and then
  // ∂E_o2/∂out_h1 = −0.019049119, which is that printed number times w7 = 0.5
  // (−0.0190491185); the true value is −0.0190491183.
  const result = checkClaims(readFileSync(new URL('data/mazur-rounding.md', import.meta.url), 'utf8'), { kind: 'document' });

  it('verifies the printed δ_o2 and refutes the next digit as rounding, with the recomputed value shown', () => {
    expect(result.claims.map((c) => c.status)).toEqual(['verified', 'refuted']);
    const d = result.claims[1]!.diagnosis!;
    expect(d.code).toBe('rounding');
    expect(d.recomputed).toBeCloseTo(-0.038098237 * 0.5, 15);
    expect(d.message).toContain('-0.0190491185');
  });
});

describe('the diagnosis in every view', () => {
  const sample = join(ROOT, 'samples', 'homework-with-mistakes.md');

  it('check --json has diagnosis {code, message, ...} and the exit status stays 1', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nabla.js'), 'check', sample, '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    const claims = (JSON.parse(r.stdout) as { claims: { status: string; diagnosis?: { code: string; message: string } }[] }).claims;
    const refuted = claims.filter((c) => c.status === 'refuted');
    expect(refuted.length).toBeGreaterThan(0);
    for (const c of refuted) {
      expect(DIAGNOSIS_CODES).toContain(c.diagnosis?.code);
      expect(c.diagnosis?.message.length).toBeGreaterThan(0);
    }
    expect(claims.filter((c) => c.status !== 'refuted').every((c) => c.diagnosis === undefined)).toBe(true);
  });

  it('the terminal and the HTML page show the code and the sentence', () => {
    const notes = checkClaims(readFileSync(sample, 'utf8'), { fileName: sample });
    const terminal = renderClaimsTerminal(notes, { color: false });
    const html = renderHtml(systemReport(notes.system), { claims: notes.claims });
    for (const c of notes.claims.filter((x) => x.diagnosis !== undefined)) {
      expect(terminal.replace(/\s+/g, ' ')).toContain(`${c.diagnosis!.code}: ${c.diagnosis!.message}`);
      expect(html).toContain(`data-code="${c.diagnosis!.code}"`);
    }
  });

  it('the playground shows the same diagnoses', () => {
    const text = readFileSync(sample, 'utf8');
    const codes = checkClaims(text, { fileName: sample }).claims.flatMap((c) => (c.diagnosis ? [c.diagnosis.code] : []));
    const shown = [...renderText(text).html.matchAll(/class="diagnosis" data-code="([\w-]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(5);
    expect(shown).toEqual(codes);
  });
});

describe('the message table', () => {
  it('every key names only parameters, and say() fills them', () => {
    for (const key of Object.keys(DIAGNOSIS_MESSAGES) as (keyof typeof DIAGNOSIS_MESSAGES)[]) {
      const names = [...DIAGNOSIS_MESSAGES[key].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const text = say(key, Object.fromEntries(names.map((n) => [n, `<${n}>`])));
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  it('the first code in precedence order is chosen and the rest listed in also', () => {
    const d = choose([
      { code: 'sign', key: 'sign', params: {} },
      { code: 'carried', key: 'carried', params: { claimed: 'dE/dout', line: 3 }, line: 3 },
      { code: 'constant-factor', key: 'constant-factor', params: { factor: '2' } },
    ]);
    expect(d).toMatchObject({ code: 'carried', line: 3, also: ['sign', 'constant-factor'], message: 'correct given your dE/dout on line 3' });
    expect(choose([])).toBeUndefined();
  });
});
