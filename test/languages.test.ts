/**
 * The views in Korean (SPEC §15): `check` on Korean notes answers in Korean
 * without --lang, `--lang en` answers in English, every view of every
 * sample said in Korean has no English word outside names and mathematics
 * (the words of the sample itself, function names and diagnosis codes), JSON
 * keys and codes do not change, and a caret under a line with Hangul sits
 * under the right character.
 */

import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nabla } from './support/in-process-cli.ts';
import { ENGLISH, notProse, pageProse, strangers, withoutCodes } from './support/korean-prose.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(ROOT, 'samples');

// A machine without a language in its locale (containers, CI): the document decides.
const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL, LC_MESSAGES: process.env.LC_MESSAGES };
beforeAll(() => {
  process.env.LANG = 'C.UTF-8';
  delete process.env.LC_ALL;
  delete process.env.LC_MESSAGES;
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const VERDICT_KO: Record<string, string> = { verified: '검증됨', refuted: '반박됨', unchecked: '확인 불가' };

/** `21:3 verified` → ['21:3', 'verified'] for every claim line of a listing. */
const claimLines = (listing: string): string[][] =>
  listing.split('\n').map((l) => /^(\d+:\d+)\s+(verified|refuted|unchecked|검증됨|반박됨|확인 불가)\s/.exec(l)).filter((m) => m !== null).map((m) => [m![1]!, m![2]!]);

describe('check on Korean notes', () => {
  it('answers in Korean without --lang: the same claims and verdicts as the English listing, said in Korean', async () => {
    const file = join(SAMPLES, 'backprop-notes.md');
    const ko = await nabla('check', file);
    const en = await nabla('check', file, '--lang', 'en');
    expect(ko.status).toBe(en.status);
    const enClaims = claimLines(en.stdout);
    expect(enClaims.length).toBe(19);
    expect(claimLines(ko.stdout)).toEqual(enClaims.map(([at, v]) => [at, VERDICT_KO[v!]]));
    const count = (v: string): number => enClaims.filter((c) => c[1] === v).length;
    expect(ko.stdout).toContain(`주장 ${enClaims.length}개: 검증됨 ${count('verified')}, 반박됨 ${count('refuted')}, 확인 불가 ${count('unchecked')}`);
    expect(en.stdout).toContain(`${enClaims.length} claims: ${count('verified')} verified`);
    // The reasons from the parser and the shapes, in Korean.
    expect(ko.stdout).toContain('"\\partial"이 와야 할 자리에 "w"가 있습니다');
    expect(ko.stdout).toContain('생략 부호(\\dots)가 있습니다');
    expect(en.stdout).toContain('Expected "\\partial", found "w"');
  });

  it('follows the locale over the document, and --lang over the locale', async () => {
    const file = join(SAMPLES, 'backprop-notes.md');
    process.env.LANG = 'en_US.UTF-8';
    try {
      expect((await nabla('check', file)).stdout).toContain('verified');
      expect((await nabla('check', file, '--lang', 'ko')).stdout).toContain('검증됨');
    } finally {
      process.env.LANG = 'C.UTF-8';
    }
    const bad = await nabla('check', file, '--lang', 'fr');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--lang');
  });

  it('keeps JSON keys, statuses and codes, and says the reasons in Korean', async () => {
    const file = join(SAMPLES, 'softmax-notes.ko.md');
    const ko = JSON.parse((await nabla('check', file, '--json')).stdout) as { claims: Record<string, unknown>[] };
    const en = JSON.parse((await nabla('check', file, '--json', '--lang', 'en')).stdout) as { claims: Record<string, unknown>[] };
    expect(ko.claims.map((c) => Object.keys(c))).toEqual(en.claims.map((c) => Object.keys(c)));
    expect(ko.claims.map((c) => [c.line, c.status, (c.diagnosis as { code?: string } | undefined)?.code]))
      .toEqual(en.claims.map((c) => [c.line, c.status, (c.diagnosis as { code?: string } | undefined)?.code]));
    const reasons = ko.claims.map((c) => String(c.reason ?? ''));
    expect(reasons.every((r) => !/\b(agrees|holds|the|differ|proved)\b/.test(r))).toBe(true);
    expect(reasons.some((r) => /[가-힣]/.test(r))).toBe(true);
    // A misremembered rule's label (what went wrong in it) is prose: said in Korean, its formula unchanged.
    type Params = { params?: Record<string, unknown> };
    const labels = (claims: Record<string, unknown>[]): string[] => claims.flatMap((c) => {
      const label = (c.diagnosis as Params | undefined)?.params?.label;
      return label === undefined ? [] : [String(label)];
    });
    expect(labels(ko.claims).length).toBeGreaterThan(0);
    for (const [k, e] of labels(ko.claims).map((l, i) => [l, labels(en.claims)[i]!])) {
      expect(k).toMatch(/[가-힣]/);
      expect(k).not.toMatch(/\b(the|sign|of|inside|as|for|dropped)\b/);
      expect(e).toMatch(/^the /);
    }
  });
});

describe('every view in Korean', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-ko-'));
  const docs = readdirSync(SAMPLES).filter((f) => f.endsWith('.md'));

  it.each(docs)('check %s: no English word outside names and mathematics', async (name) => {
    const source = readFileSync(join(SAMPLES, name), 'utf8');
    const r = await nabla('check', join(SAMPLES, name), '--lang', 'ko');
    expect(r.stdout).toMatch(/주장 \d+개/);
    // The claim column is the sample's own LaTeX; every other word must be Korean.
    expect(notProse(r.stdout)).not.toMatch(ENGLISH);
    expect(strangers(r.stdout, source)).toEqual([]);
  });

  it.each([['mlp-2-2-2.nabla', true], ['tanh-relu-xent.nabla', true], ['long-chain.nabla', false]] as const)('run %s (training: %s), terminal and HTML', async (name, train) => {
    const source = `${readFileSync(join(SAMPLES, name), 'utf8')} ${SAMPLES}`;
    const page = join(dir, `${name}.html`);
    const steps = train ? ['--steps', '2'] : [];
    const r = await nabla('run', join(SAMPLES, name), '--lang', 'ko', ...steps, '--html', page);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('작성했습니다');
    const terminal = (await nabla('run', join(SAMPLES, name), '--lang', 'ko', ...steps)).stdout;
    expect(terminal).toContain(train ? '기울기 (학습 2단계 후)' : '기울기');
    expect(terminal).toContain('유한 차분');
    expect(notProse(terminal)).not.toMatch(ENGLISH);
    expect(strangers(terminal, source)).toEqual([]);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<html lang="ko">');
    const prose = pageProse(html);
    expect(prose).toContain('계산 그래프');
    expect(notProse(prose)).not.toMatch(ENGLISH);
    expect(strangers(prose, `${source} ${page}`)).toEqual([]);
    // The graph's labels and notes (the SVG is left out of the prose above).
    const svg = html.slice(html.indexOf('<svg class="nabla-graph"'), html.indexOf('</svg>'));
    expect(svg).toContain('aria-label="계산 그래프');
    expect(svg).not.toMatch(/>grad |Not drawn|Computation graph/);
  });

  it('check and its HTML page of notes with mistakes: diagnoses in Korean', async () => {
    const name = 'homework-with-mistakes.md';
    const source = readFileSync(join(SAMPLES, name), 'utf8');
    const page = join(dir, 'homework.html');
    const r = await nabla('check', join(SAMPLES, name), '--lang', 'ko');
    expect(r.stdout).toContain('반박됨');
    // Diagnosis codes (`missing-factor:`) are codes, the same in every language; the sentence after them is Korean.
    expect(notProse(r.stdout)).not.toMatch(ENGLISH);
    expect(strangers(r.stdout, source)).toEqual([]);
    // Status 1: the notes hold refuted claims (SPEC §5); the page is written all the same.
    expect((await nabla('check', join(SAMPLES, name), '--lang', 'ko', '--html', page)).status).toBe(1);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<html lang="ko">');
    const prose = withoutCodes(pageProse(html));
    expect(prose).toContain('반박됨');
    expect(notProse(prose)).not.toMatch(ENGLISH);
    expect(strangers(prose, `${source} ${SAMPLES} ${page}`)).toEqual([]);
  });

  it('run --explain: every local factor\'s steps in Korean', async () => {
    const name = 'mlp-2-2-2.nabla';
    const r = await nabla('run', join(SAMPLES, name), '--lang', 'ko', '--explain');
    expect(r.stdout).toContain('연쇄 법칙');
    expect(notProse(r.stdout)).not.toMatch(ENGLISH);
    expect(strangers(r.stdout, readFileSync(join(SAMPLES, name), 'utf8'))).toEqual([]);
  });

  it('diff --explain says each step in Korean, the mathematics unchanged', async () => {
    const ko = (await nabla('diff', 'sin(x^2)', '--wrt', 'x', '--explain', '--lang', 'ko')).stdout;
    const en = (await nabla('diff', 'sin(x^2)', '--wrt', 'x', '--explain', '--lang', 'en')).stdout;
    expect(ko).toContain('연쇄 법칙');
    expect(ko).toContain('거듭제곱 법칙: d(x^2)/d(x) = 2*x.');
    // The same expressions, line for line, after each `=`.
    const forms = (t: string): string[] => t.split('\n').filter((l) => /^\s+= /.test(l));
    expect(forms(ko)).toEqual(forms(en));
    // Outside the forms, only the heading's d/dx and the function names sin and cos are Latin.
    const words = ko.split('\n').filter((l) => !/^\s+= /.test(l)).join('\n').match(/[A-Za-z]{2,}/g) ?? [];
    expect(words.filter((w) => !['dx', 'sin', 'cos'].includes(w))).toEqual([]);
  });

});

describe('errors in Korean', () => {
  it('puts the caret under the right character when the line holds Hangul (two columns each)', async () => {
    const r = await nabla('parse-latex', '\\text{학습률} x + \\times 2', '--lang', 'ko');
    expect(r.status).toBe(2);
    const [head, line, caret] = r.stderr.split('\n');
    expect(head).toBe('1:16: 식이 와야 할 자리에 "\\times"가 있습니다.');
    expect(line).toBe('  \\text{학습률} x + \\times 2');
    // `\text{` is 6 columns, 학습률 6 (two each), `} x + ` 6: \times starts at column 18 after the indent of 2.
    expect(caret).toBe(`${' '.repeat(2 + 18)}^^^^^^`);
  });

  it('says a formula file\'s syntax error in Korean, with file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-ko-err-'));
    const file = join(dir, 'bad.nabla');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'x = 2\ny = (x + 2\n');
    const r = await nabla('run', file, '--lang', 'ko');
    expect(r.status).toBe(2);
    // A bracket cannot be read aloud: the particles take both forms, never a wrong one.
    expect(r.stderr).toContain('2:11: 2:5의 "("을(를) 닫는 ")"이(가) 와야 할 자리에 입력의 끝이 있습니다.');
    const en = await nabla('run', file, '--lang', 'en');
    expect(en.stderr).toContain('Expected ")" to close "(" at 2:5');
  });
});
