/**
 * The matrix side in Korean (SPEC §12, §15): the report of a file in matrix
 * algebra (terminal, `--steps`, `--html`, `--json`), matrix claims in notes
 * and matrix errors, said with `--lang ko`, hold no English word outside
 * names and mathematics; the mathematics, positions, verdicts and JSON are
 * those of `--lang en`.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nabla } from './support/in-process-cli.ts';
import { ENGLISH, notProse, pageProse, strangers } from './support/korean-prose.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(ROOT, 'samples');
const dir = mkdtempSync(join(tmpdir(), 'nabla-ko-matrix-'));

/** The mathematics of the `  = …` lines (forms and values): their calls, numbers and operators, words left out. */
const forms = (text: string): string[][] => text.split('\n').filter((l) => /^\s+= /.test(l))
  .map((l) => l.match(/[A-Za-z_][A-Za-z0-9_]*\(|-?\d[\d.]*(?:e[-+]?\d+)?|[@*∂=]/g) ?? []);

/** No English word outside names, mathematics and the source's own words. */
function expectKorean(text: string, source: string): void {
  expect(text).toMatch(/[가-힣]/);
  expect(notProse(text)).not.toMatch(ENGLISH);
  expect(strangers(text, source)).toEqual([]);
}

describe('the matrix report in Korean', () => {
  it.each([['mlp-matrix.nabla', true], ['mlp-softmax.nabla', true], ['cnn-matrix.nabla', false]] as const)('run %s (training: %s): terminal, HTML and JSON', async (name, train) => {
    const file = join(SAMPLES, name);
    // Names the report makes are mathematics too: the δs (`delta_o`) and the index form's `Σ_ij`.
    const source = `${readFileSync(file, 'utf8')} ${name} ${SAMPLES} ${dir} delta_o Σ_ij`;
    const steps = train ? ['--steps', '2'] : [];
    const page = join(dir, `${name}.html`);
    expect((await nabla('run', file, '--lang', 'ko', ...steps, '--html', page)).status).toBe(0);
    const ko = await nabla('run', file, '--lang', 'ko', ...steps);
    const en = await nabla('run', file, '--lang', 'en', ...steps);
    expect(ko.status).toBe(0);
    expect(ko.stdout).toContain('기울기 (행렬 형태; ∂E/∂W는 W와 같은 모양: 분모 배치)');
    expect(ko.stdout).toMatch(/확인: 성분 \d+개 모두, 중심 차분과 비교, 최대 상대 오차 [\d.e-]+: 통과/);
    if (train) expect(ko.stdout).toMatch(/\n {2}단계 +2 {2}E = /);
    expectKorean(ko.stdout, source);
    // The mathematics is the language's business of no one: the same forms and values, line for line.
    expect(forms(ko.stdout)).toEqual(forms(en.stdout));
    expect(forms(ko.stdout).length).toBeGreaterThan(3);

    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('<h2>행렬 노드의 그래프</h2>');
    expect(html).toContain('<h2>행렬 형태의 기울기</h2>');
    expectKorean(pageProse(html), source);
    // The graph (left out of the prose) and the report as the terminal shows it, inside <pre>.
    const svg = html.slice(html.indexOf('<svg class="nabla-mgraph"'), html.indexOf('</svg>', html.indexOf('<svg class="nabla-mgraph"')));
    expect(svg).toContain('aria-label="행렬 노드와 그 모양의 그래프"');
    expect(svg).not.toMatch(/\(scalar\)|Graph of/);
    const open = html.indexOf('<pre class="source">') + '<pre class="source">'.length;
    const pre = html.slice(open, html.indexOf('</pre>', open));
    expect(pre).toContain('분모 배치');
    expectKorean(pre.replace(/&[a-z]+;/g, ' '), source);

    // JSON of a matrix report holds keys, codes, shapes and numbers only: the same in both languages.
    const json = async (lang: string): Promise<unknown> => JSON.parse((await nabla('run', file, '--json', '--lang', lang)).stdout);
    expect(await json('ko')).toEqual(await json('en'));
  });
});

describe('matrix claims in Korean', () => {
  it.each(['matrix-notes.md', 'conv-notes.md'])('check %s: the verdicts of English, the reasons in Korean', async (name) => {
    const file = join(SAMPLES, name);
    const source = readFileSync(file, 'utf8');
    const ko = await nabla('check', file, '--lang', 'ko');
    const en = await nabla('check', file, '--lang', 'en');
    expect(ko.status).toBe(en.status);
    expect(ko.stdout).toMatch(/주장 \d+개/);
    expectKorean(ko.stdout, source);
    const claims = (lang: string): Promise<{ line: number; status: string; reason?: string }[]> =>
      nabla('check', file, '--json', '--lang', lang).then((r) => (JSON.parse(r.stdout) as { claims: { line: number; status: string; reason?: string }[] }).claims);
    const [k, e] = [await claims('ko'), await claims('en')];
    expect(k.map((c) => [c.line, c.status])).toEqual(e.map((c) => [c.line, c.status]));
    for (const c of k) expectKorean(c.reason ?? '가', source);
  });

  it('a matrix claim verified at random points and one whose side has no shape, said in Korean', async () => {
    const r = await nabla('check', join(SAMPLES, 'matrix-notes.md'), '--lang', 'ko');
    expect(r.stdout).toContain('무작위 점 5개에서 성분별로 성립합니다 (2x2 행렬).');
    expect(r.stdout).toMatch(/우변에 모양이 없습니다: 성분 2개의 벡터와 성분 2개의 벡터가\s+나란히 있습니다/);
  });
});

describe('matrix errors in Korean', () => {
  // Each file, the error's position, and words the Korean message must hold.
  const cases: [string, string, string, string][] = [
    ['W @ x of different inner sizes', 'W1 : 64x784\nx : 10\nE = sum(W1 @ x)\n', '3:9', '64x784 행렬과 성분 10개의 벡터의 행렬 곱: 안쪽 크기가 다릅니다 (784, 10).'],
    ['softmax of a matrix', 'A : 2x2\nE = sum(softmax(A))\n', '2:9', 'softmax 함수는 벡터를 받습니다. 이것은 2x2 행렬입니다.'],
    ['a sum of different shapes', 'A : 2x3\nB : 3x2\nE = sum(transpose(A + B))\n', '3:19', '2x3 행렬과 3x2 행렬의 덧셈: 모양이 다릅니다.'],
    ['a declaration the definition contradicts', 'W : 2x3\nW = [[1, 2], [3, 4]]\nE = sum(transpose(W))\n', '2:5', 'W는 2x3 행렬로 선언되었지만 (1번째 줄), 정의는 2x2 행렬입니다.'],
    ['an unknown named argument of conv2d', 'x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\nw = [[1, 0], [0, 1]]\nnet = conv2d(x, w, strid=2)\nE = mean(net)\n', '3:20', 'conv2d 함수가 받는 이름 붙은 인수는 stride, padding입니다.'],
    ['a kernel larger than its input, in a file expanded entry by entry', 'x : 4x4\nn = conv2d(x, [[1, 2, 3, 4, 5]])\nE = sum(n)\n', '2:5', '커널(1x5)이 입력(4x4)보다 큽니다.'],
    ['dimensions that are not dimensions', 'x : 4y4\n', '1:5', '4x4 같은 크기가 와야 할 자리에 "4y4"가 있습니다.'],
    ['a matrix without a value', 'W : 2x3\nx = [1, 2, 3]\nh = sigmoid(W @ x)\nE = sum(h)\n', '3:1', 'W에 값이 없습니다'],
  ];
  it.each(cases)('%s: exit 2 at the English position, said in Korean', async (what, text, at, korean) => {
    const path = join(dir, `${what.replace(/\W+/g, '-')}.nabla`);
    writeFileSync(path, text);
    const ko = await nabla('run', path, '--lang', 'ko');
    const en = await nabla('run', path, '--lang', 'en');
    expect(ko.status).toBe(2);
    expect(en.status).toBe(2);
    const head = ko.stderr.split('\n')[0]!;
    expect(head.startsWith(`${path}:${at}: `), head).toBe(true);
    expect(en.stderr.split('\n')[0]!.startsWith(`${path}:${at}: `)).toBe(true);
    expect(head).toContain(korean);
    expectKorean(head.slice(path.length), `${text} stride padding`);
    expect(ko.stderr).not.toMatch(/\n\s+at /);
  });
});
