/**
 * The command line, the --latex report and the playground's interface in
 * Korean (SPEC §15, §8, §16): `--help` and commander's own words, option
 * errors, the LaTeX report's words inside `\text{}` (rendered by KaTeX),
 * and the playground's labels and server answers. English stays as it was:
 * the expectations here are commander's and the tool's wording, written by
 * hand.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import katex from 'katex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nabla } from './support/in-process-cli.ts';
import { languageOfArgv } from '../src/cli/commander-words.ts';
import { NablaError } from '../src/errors.ts';
import { loadFile, report } from '../src/index.ts';
import { renderReportBody, REPORT_SCRIPT } from '../src/report/html.ts';
import { allPlaygroundLabels, playgroundLabels, type LabelName } from '../src/serve/labels.ts';
import { renderPlaygroundPage } from '../src/serve/page.ts';
import { startServer } from '../src/serve/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MLP = join(ROOT, 'samples', 'mlp-2-2-2.nabla');

const LOCALE_VARIABLES = ['LANG', 'LC_ALL', 'LC_MESSAGES'] as const;
const saved = Object.fromEntries(LOCALE_VARIABLES.map((k) => [k, process.env[k]]));
/** Set the locale for the CLI in this process (undefined: unset). */
function locale(vars: Partial<Record<(typeof LOCALE_VARIABLES)[number], string>>): void {
  for (const k of LOCALE_VARIABLES) {
    if (vars[k] === undefined) delete process.env[k];
    else process.env[k] = vars[k];
  }
}
// A machine without a language in its locale (containers, CI) speaks English.
beforeAll(() => locale({ LANG: 'C.UTF-8' }));
afterAll(() => locale(saved));

const COMMANDS = ['diff', 'eval', 'latex', 'parse-latex', 'run', 'check', 'codegen', 'serve'];

/**
 * The English words left in a help text once what is the same in every
 * language is taken out: flags, metavariables, quoted examples, JSON
 * shapes, command names, and the names of formats, variables and keys.
 */
function englishIn(help: string): string[] {
  const NAMES = /\b(nabla|ASCII|JSON|LaTeX|HTML|SPEC|Markdown|NumPy|python|ts|js|en|ko|LC_ALL|LC_MESSAGES|LANG|derive|align\*?|x_new|Ctrl-C|file|E|n|f)\b/g;
  const rest = help
    .replace(/^ {2}[a-z][a-z-]* {2,}/gm, ' ')  // an argument's name, first in its line
    .replace(/\{"[^]*?\}\}*/g, ' ')         // JSON shapes, over a wrapped line too
    .replace(/"[^"\n]*"/g, ' ')            // quoted examples
    .replace(/<[^>\n]*>|\[[^\]\n]*\]/g, ' ') // <expr>, [options], [file]
    .replace(/(^|[\s(])-{1,2}[A-Za-z][A-Za-z-]*(=\w+)?/g, ' ') // -h, --max-seconds, (--explain=brief
    .replace(new RegExp(`\\b(${COMMANDS.join('|')}|help)\\b`, 'g'), ' ')
    .replace(/\S*[=.]\S*\d\S*/g, ' ')      // w5=0.4,i1=0.05, .nabla
    .replace(NAMES, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('--help', () => {
  it.each(['', ...COMMANDS])('nabla %s --help --lang ko: no English word outside names', async (name) => {
    const command = name === '' ? [] : [name];
    // codegen's --lang names the generated code's language: its help follows the locale.
    if (command[0] === 'codegen') locale({ LANG: 'ko_KR.UTF-8' });
    const r = await nabla(...command, '--help', ...(command[0] === 'codegen' ? [] : ['--lang', 'ko']));
    locale({ LANG: 'C.UTF-8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^사용법: nabla /);
    expect(r.stdout).toContain('옵션:');
    expect(englishIn(r.stdout)).toEqual([]);
  });

  it('says commander\'s own words and the section titles in Korean, and wraps by the columns a terminal shows', async () => {
    const r = await nabla('--help', '--lang=ko');
    expect(r.stdout).toContain('명령:');
    expect(r.stdout).toMatch(/-h, --help +명령의 도움말 보기/);
    expect(r.stdout).toMatch(/-V, --version +버전 번호 출력/);
    expect(r.stdout).toMatch(/help \[command\] +명령의 도움말 보기/);
    expect(r.stdout).toContain('종료 상태: 0 성공');
    const run = await nabla('run', '--help', '--lang', 'ko');
    expect(run.stdout).toContain('인수:');
    // Hangul takes two columns: no line is wider than commander's 80.
    const width = (line: string): number => [...line].reduce((n, c) => n + (/[\uac00-\ud7a3]/.test(c) ? 2 : 1), 0);
    for (const line of run.stdout.split('\n')) expect(width(line), line).toBeLessThanOrEqual(80);
  });

  it('follows the locale: LANG=ko_KR.UTF-8 answers in Korean, --lang en over it in English', async () => {
    locale({ LANG: 'ko_KR.UTF-8' });
    try {
      expect((await nabla('--help')).stdout).toMatch(/^사용법:/);
      expect((await nabla('run', '--help')).stdout).toContain('수식 파일의 연쇄 법칙 보고서');
      expect((await nabla('run', '--help', '--lang', 'en')).stdout).toContain('the chain-rule report of a formula file');
    } finally {
      locale({ LANG: 'C.UTF-8' });
    }
  });

  it('with --lang en is the default English help, byte for byte, in commander\'s words', async () => {
    for (const command of [[], ...COMMANDS.map((c) => [c])]) {
      const plain = await nabla(...command, '--help');
      expect((await nabla(...command, '--help', '--lang', 'en')).stdout, command.join(' ')).toBe(plain.stdout);
    }
    const top = (await nabla('--help')).stdout;
    expect(top).toMatch(/^Usage: nabla \[options\] \[command\]\n/);
    expect(top).toContain('  -h, --help                   display help for command\n');
    expect(top).toContain('  -V, --version                output the version number\n');
    expect(top).toContain('Exit status: 0 success, 1 a claim refuted, 2 bad input, 3 internal error.');
  });

  it('takes --lang before the command too: nabla --lang ko run FILE', async () => {
    const r = await nabla('--lang', 'ko', 'run', MLP);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^기울기\n/);
    expect((await nabla('--lang=ko', 'diff', 'x^2', '--wrt', 'x', '--bogus')).stderr).toBe('오류: 알 수 없는 옵션 \'--bogus\'\n');
  });

  it('knows the language before the program is built: --lang and --lang=, never codegen\'s --lang', () => {
    const env = { LANG: 'C' };
    expect(languageOfArgv(['run', 'f', '--lang', 'ko'], env)).toBe('ko');
    expect(languageOfArgv(['--lang=ko', '--help'], env)).toBe('ko');
    expect(languageOfArgv(['run', '--lang', 'fr'], { LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(languageOfArgv(['codegen', 'f', '--lang', 'ko'], env)).toBe('en');
    expect(languageOfArgv(['diff', '--', '--lang', 'ko'], env)).toBe('en');
  });
});

describe('errors of the command line in Korean', () => {
  it('an unknown option: Korean, exit status 2; English as commander words it', async () => {
    const ko = await nabla('run', MLP, '--bogus', '--lang', 'ko');
    expect(ko.status).toBe(2);
    expect(ko.stderr).toBe('오류: 알 수 없는 옵션 \'--bogus\'\n');
    const en = await nabla('run', MLP, '--bogus');
    expect(en.status).toBe(2);
    expect(en.stderr).toBe('error: unknown option \'--bogus\'\n');
    const json = await nabla('run', MLP, '--bogus', '--json', '--lang', 'ko');
    expect(JSON.parse(json.stdout).error.message).toBe('알 수 없는 옵션 \'--bogus\'');
  });

  it('commander\'s other errors, each with exit status 2', async () => {
    const cases: [string[], RegExp][] = [
      [['diff', 'x^2'], /^오류: 필수 옵션 '--wrt <names>'이\(가\) 주어지지 않았습니다\n$/],
      [['latex', 'a', 'b'], /^오류: 'latex'의 인수가 너무 많습니다\. 1개를 기대했지만 2개가 주어졌습니다\.\n$/],
      [['chek'], /^오류: 알 수 없는 명령 'chek'\n\(check를 뜻했나요\?\)\n$/],
      [['diff', '--wrt', 'x'], /^오류: 필수 인수 'expr'이 없습니다\n$/],
    ];
    for (const [args, expected] of cases) {
      const r = await nabla(...args, '--lang', 'ko');
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(expected);
    }
  });

  it('option values and files: the message in Korean, the caret under the option\'s text', async () => {
    const limit = await nabla('diff', 'x^2', '--wrt', 'x', '--max-seconds', 'abc', '--lang', 'ko');
    expect(limit.status).toBe(2);
    expect(limit.stderr).toBe('--max-seconds:1:1: --max-seconds에는 양수가 와야 하는데 "abc"가 있습니다.\n  abc\n  ^^^\n');
    const lang = await nabla('run', MLP, '--lang', 'fr');
    expect(lang.stderr).toBe('--lang:1:1: Expected en or ko in --lang, found "fr".\n  fr\n  ^^\n');
    const missing = await nabla('run', join(ROOT, 'no-such.nabla'), '--lang', 'ko');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`${join(ROOT, 'no-such.nabla')}를 읽을 수 없습니다: 파일이 없습니다\n`);
    const english = await nabla('run', join(ROOT, 'no-such.nabla'));
    expect(english.stderr).toBe(`cannot read ${join(ROOT, 'no-such.nabla')}: no such file\n`);
  });
});

/** The words inside every `\text{…}` of a LaTeX text. */
const textWords = (tex: string): string[] => [...tex.matchAll(/\\text\{([^{}]*)\}/g)].map((m) => m[1]!);

describe('the --latex report in Korean', () => {
  it('renders in KaTeX (throwOnError, strict) and says no English inside \\text{}', async () => {
    const r = await nabla('run', MLP, '--latex', '--explain', '--steps', '2', '--lang', 'ko');
    expect(r.status).toBe(0);
    const tex = r.stdout.trim();
    expect(() => katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
    const words = textWords(tex);
    expect(words).toContain('2단계 후');
    expect(words).toContain('연쇄 법칙');
    // Function names stay as written (`sigmoid 법칙`); every other word is Korean.
    const english = words.join(' ').replace(/\b(sigmoid|tanh|exp|log|ln|relu|sqrt)\b/g, '').match(/[A-Za-z]{2,}/g) ?? [];
    expect(english).toEqual([]);
  });

  it('says omitted factors and kinks in Korean, still valid KaTeX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-kcli-'));
    const kink = join(dir, 'kink.nabla');
    writeFileSync(kink, 'y = relu(x)\nx = 0\nderive y wrt x\n');
    const long = await nabla('run', join(ROOT, 'samples', 'long-chain.nabla'), '--latex', '--lang', 'ko');
    const atKink = await nabla('run', kink, '--latex', '--lang', 'ko');
    for (const tex of [long.stdout, atKink.stdout]) {
      expect(() => katex.renderToString(tex.trim(), { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
    }
    expect(long.stdout).toMatch(/\\underbrace\{\\cdots\}_\{\\text\{인수 \}\d+\\text\{개 더\}\}/);
    expect(atKink.stdout).toContain('\\text{(꺾이는 점에서)}');
    const english = await nabla('run', kink, '--latex');
    expect(english.stdout).toContain('&= 0 \\quad \\text{(at a kink)}');
  });

  it('keeps the English labels as they were', async () => {
    const r = await nabla('run', MLP, '--latex', '--explain', '--steps', '2');
    const words = textWords(r.stdout);
    expect(words).toContain('after 2 steps');
    expect(words).toContain('chain rule');
    expect(words).not.toContain('2단계 후');
  });
});

describe('the playground in Korean', () => {
  const SLOTS = /\{[a-z]+\}/g;
  it('has every label in both languages, the same slots, and no English in Korean beyond names', () => {
    const all = allPlaygroundLabels({ name: 'mlp.nabla' });
    const names = Object.keys(all.en) as LabelName[];
    expect(Object.keys(all.ko).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect((all.ko[name].match(SLOTS) ?? []).sort(), name).toEqual((all.en[name].match(SLOTS) ?? []).sort());
      expect(all.ko[name].replace(SLOTS, '').replace(/\b(nabla|ASCII|LaTeX)\b|mlp\.nabla/g, ''), name).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('says the interface\'s English as it was (the browser tests match the status line)', () => {
    const en = playgroundLabels('en', { name: 'f.nabla' });
    expect(playgroundLabels('en', { name: 'mlp-2-2-2.nabla', sample: true }).fileName).toBe('mlp-2-2-2.nabla (sample)');
    expect(playgroundLabels('ko', {}).title).toBe('제목 없음 — nabla 플레이그라운드');
    expect(en.title).toBe('f.nabla — nabla playground');
    expect(en.loading).toBe('loading…');
    expect(en.formulasLabel).toBe('Formulas, in ASCII or LaTeX');
    expect(en.statusErrors).toBe('{mode} · {count} errors · {ms} ms');
    expect(en.working).toBe('working… {seconds} s (limit {limit} s; typing starts over)');
    expect(en.hint).toBe('Click an error to put the cursor there. The rest of the text is still read.');
    expect(playgroundLabels('ko').working).toBe('계산 중… {seconds}초 (제한 {limit}초, 입력하면 다시 시작)');
  });

  it('opens the page in Korean: lang="ko", Korean labels, every language\'s labels for the switch', () => {
    const page = renderPlaygroundPage({ source: 'y = x </script>', fileName: 'f.nabla', scriptSrc: '/p.js', reportScriptSrc: '/r.js', katexCssHref: '/k.css', lang: 'ko' });
    expect(page).toContain('<html lang="ko">');
    expect(page).toContain('<title>f.nabla — nabla 플레이그라운드</title>');
    expect(page).toContain('<option value="ko" lang="ko" selected>');
    const data = /<script type="application\/json" id="labels">(.*?)<\/script>/s.exec(page)![1]!;
    expect(JSON.parse(data).en.heading).toBe('nabla playground');
    // The words a reader sees: the markup without tags, the labels' data and the editor's text.
    const shown = page.replace(/<style>[\s\S]*?<\/style>|<script[\s\S]*?<\/script>|<textarea[\s\S]*?<\/textarea>|<[^>]*>/g, ' ');
    expect(shown.replace(/\b(nabla|ASCII|LaTeX|English)\b|f\.nabla/g, '').match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
  });

  it('gives the page\'s copy buttons their after-click words in the page\'s language', () => {
    const system = loadFile(readFileSync(MLP, 'utf8'));
    const body = renderReportBody(report(system), { lang: 'ko' });
    expect(body).toContain('data-copied="복사됨" data-press="Ctrl+C를 누르세요">LaTeX 복사</button>');
    // The script restores the button's own label, never an English one of its own.
    expect(REPORT_SCRIPT).not.toContain('Copy LaTeX');
  });

  it('serves the page and its own answers in the server\'s language', async () => {
    const server = await startServer({ port: 0, lang: 'ko' });
    try {
      const page = await (await fetch(server.url)).text();
      expect(page).toContain('<html lang="ko">');
      expect(page).toContain('<span class="file" data-label="fileName">mlp-2-2-2.nabla (예제)</span>');
      const missing = await fetch(new URL('/nothing', server.url));
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe('찾을 수 없음\n');
    } finally {
      await server.close();
    }
  });

  it('refuses a server it cannot start in Korean', async () => {
    const err = await startServer({ host: '0.0.0.0', lang: 'ko' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NablaError);
    expect((err as NablaError).sayIn('ko')).toBe('nabla serve는 루프백 주소(127.0.0.1 또는 ::1)에서만 받습니다. "0.0.0.0"에서는 받지 않습니다.');
    expect((err as NablaError).message).toBe('nabla serve listens on loopback only (127.0.0.1 or ::1), not on "0.0.0.0".');
  });
});
