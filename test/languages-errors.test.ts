/**
 * Error messages in Korean (SPEC §10, §15): every bad input of the suite's
 * own table (test/bad-inputs.test.ts), given to the library, fails with a
 * NablaError whose message is a catalogue key; said in Korean it differs
 * from the English and has no English word outside names, code and
 * mathematics. The limits (time, input size, nesting, depth) are said the
 * same way, and two errors go through `nabla … --lang ko` to check the exit
 * status and the caret. A source check keeps English literals out of the
 * errors nabla throws.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nabla } from './support/in-process-cli.ts';
import {
  checkClaims, codegen, differentiate, evaluateText, isLatex, loadFile, loadNotes, MAX_INPUT_BYTES, NablaError, parse,
  readBindings, readNames, report, withTimeLimit,
} from '../src/index.ts';
import { say } from '../src/messages/format.ts';
import { checkDerivative } from '../src/numeric/finite-difference.ts';
import { isMessage, type Message, type Param } from '../src/messages/message.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------
// The table of bad inputs, read from its test file (a test file cannot be
// imported without running its tests a second time).

const TABLE = readFileSync(join(ROOT, 'test', 'bad-inputs.test.ts'), 'utf8');

/** A JavaScript literal of the table (strings with escapes, arrays of them). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const literal = <T>(text: string): T => new Function(`return (${text});`)() as T;

/** The files the rows name as `@name`, from the table's FILES literal. */
const FILES: ReadonlyMap<string, string> = new Map(
  [...TABLE.slice(TABLE.indexOf('const FILES'), TABLE.indexOf('};', TABLE.indexOf('const FILES'))).matchAll(/^ {2}'([^']+)': ('(?:[^'\\]|\\.)*'),$/gm)]
    .map((m) => [m[1]!, literal<string>(m[2]!)]),
);

interface Row {
  readonly id: string;
  readonly args: readonly string[];
}

/** Rows that end with status 2 (an error), with their arguments. */
const ROWS: readonly Row[] = [...TABLE.matchAll(/\{ id: '((?:[^'\\]|\\.)*)', args: (\[[^\]]*\]), status: 2\b/g)]
  .map((m) => ({ id: literal<string>(`'${m[1]!}'`), args: literal<string[]>(m[2]!) }));

/** The value of `--option` in a row's arguments. */
const option = (args: readonly string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

/**
 * What the row asks, through the library API: the errors it meets (a file's
 * errors are collected, not thrown), or none when the error is the command
 * line's own (an option it refuses).
 */
function errorsOf(row: Row): NablaError[] {
  const [command, input = ''] = row.args;
  const caught = (f: () => unknown): NablaError[] => {
    try {
      f();
      return [];
    } catch (err) {
      if (err instanceof NablaError) return [err];
      throw err;
    }
  };
  const text = input.startsWith('@') ? FILES.get(input.slice(1)) : input;
  if (text === undefined) return [];
  const wrtText = option(row.args, '--wrt');
  const atText = option(row.args, '--at');
  switch (command) {
    case 'diff':
      return caught(() => differentiate(parse(text, { latex: isLatex(text) }), (wrtText === undefined ? [] : readNames(wrtText, '--wrt')).map((n) => n.name)));
    case 'eval':
      return caught(() => evaluateText(text, atText === undefined ? new Map() : readBindings(atText, '--at').values, { latex: isLatex(text) }));
    case 'latex':
      return caught(() => parse(text));
    case 'parse-latex':
      return caught(() => parse(text, { latex: true }));
    case 'check':
      // The document's problems, and the reasons of its unchecked claims as errors would say them.
      return [
        ...loadNotes(text).problems,
        ...checkClaims(text).claims.flatMap((c) => (c.status === 'unchecked' ? [new NablaError(c.message ?? c.reason ?? '')] : [])),
      ];
    case 'codegen':
      return caught(() => codegen(loadFile(text), { lang: (option(row.args, '--lang') ?? 'js') as 'js', name: option(row.args, '--name') }));
    case 'run': {
      const system = loadFile(text);
      if (system.errors.length > 0) return [...system.errors];
      return caught(() => {
        const wrt = wrtText === undefined ? undefined : readNames(wrtText, '--wrt').map((n) => n.name);
        const at = atText === undefined ? undefined : Object.fromEntries(readBindings(atText, '--at').values);
        report(system, { ...(wrt ? { wrt } : {}), ...(at ? { at } : {}) });
      });
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------
// What a Korean message may hold.

/** Words that stay as they are in Korean text: the tool, TeX, the natural log, the spec's name, a unit. */
const KEPT = new Set(['nabla', 'LaTeX', 'TeX', 'ln', 'SPEC', 'MiB']);

/** The message with every text parameter (a name, code, a number as written) replaced by a mark. */
function withoutNames(m: Message): Message {
  const params: Record<string, Param> = {};
  for (const [k, v] of Object.entries(m.params)) params[k] = isMessage(v) ? withoutNames(v) : typeof v === 'string' && v !== '' ? '∎' : v;
  return { key: m.key, params };
}

/** Text parameters anywhere in a message. */
function textParams(m: Message): string[] {
  return Object.values(m.params).flatMap((v) => (isMessage(v) ? textParams(v) : typeof v === 'string' ? [v] : []));
}

/** English words of the templates a message says in Korean (its parameters left out). */
function englishIn(m: Message): string[] {
  const words = say(withoutNames(m), 'ko').replace(/\\[A-Za-z]+/g, '').match(/[A-Za-z]{2,}/g) ?? [];
  return words.filter((w) => !KEPT.has(w));
}

/** A parameter that reads as English prose (three words in a row outside quotes) rather than a name or code. */
const PROSE = /\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b/;
const proseIn = (m: Message): string[] => textParams(m).filter((p) => PROSE.test(p.replace(/"[^"]*"/g, '')));

/** Every check of one error said in Korean, as failures (empty when all is well). */
function problemsOf(err: NablaError, where: string): string[] {
  if (err.said === undefined) return [`${where}: no catalogue key: ${err.message}`];
  const ko = err.sayIn('ko');
  const out: string[] = [];
  if (ko === err.sayIn('en')) out.push(`${where}: the Korean is the English: ${ko}`);
  const english = englishIn(err.said);
  if (english.length > 0) out.push(`${where}: English words ${english.join(', ')} in ${ko}`);
  const prose = proseIn(err.said);
  if (prose.length > 0) out.push(`${where}: English prose as a parameter: ${prose.join(' | ')}`);
  if (!/\p{Script=Hangul}/u.test(ko)) out.push(`${where}: no Hangul in ${ko}`);
  return out;
}

describe('the bad inputs of the suite, said in Korean', () => {
  it('reads the table of bad inputs', () => {
    expect(FILES.size).toBeGreaterThanOrEqual(20);
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
  });

  it('gives every error a catalogue key whose Korean is Korean', () => {
    const problems: string[] = [];
    let errors = 0;
    for (const row of ROWS) {
      for (const err of errorsOf(row)) {
        errors++;
        problems.push(...problemsOf(err, row.id));
      }
    }
    expect(problems).toEqual([]);
    // Most rows are errors of the library, not only of the command line.
    expect(errors).toBeGreaterThanOrEqual(50);
  });
});

describe('the limits, said in Korean', () => {
  const cases: readonly [string, () => unknown][] = [
    ['the input size', () => parse(`x + ${'1+'.repeat(Math.ceil(MAX_INPUT_BYTES / 2))}1`)],
    ['the nesting depth', () => parse(`${'('.repeat(5000)}x${')'.repeat(5000)}`)],
    ['the LaTeX nesting depth', () => parse(`${'\\left('.repeat(3000)}x${'\\right)'.repeat(3000)}`, { latex: true })],
    ['the chain of definitions', () => report(loadFile('a = 1\nb = a + 1\nc = b + 1\nE = c^2\n'), { maxDepth: 2 })],
    ['the time limit', () => withTimeLimit(0, () => loadFile(Array.from({ length: 2000 }, (_, i) => `a${i + 1} = a${i} + 1`).join('\n')))],
    ['an index out of range', () => loadFile('x : 3\nE = x[4]\n').errors.forEach((e) => { throw e; })],
    ['a range too long', () => parse('sum(i=1..9999999, i)')],
  ];

  it.each(cases)('%s', (_, f) => {
    let caught: unknown;
    try {
      f();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NablaError);
    expect(problemsOf(caught as NablaError, _)).toEqual([]);
  });
});

describe('the details of a finite-difference check, said in Korean', () => {
  it.each([
    // At −1, outside the domain: NaN from the float function, then an error of the evaluator itself.
    ['a sample that is not a number', () => checkDerivative((x) => Math.sqrt(x), -1, 1), /^f\(x\) is not a number$/],
    ['a sample whose evaluation failed', () => checkDerivative((x) => evaluateText('log(x)', new Map([['x', x]])), -1, 1), /^f\(x\): log of a negative number in log\(x\)$/],
    ['a derivative that is not finite', () => checkDerivative((x) => x, 1, Infinity), /^the derivative is Infinity$/],
  ] as const)('%s', (_, check, english) => {
    const c = check();
    expect(c.verdict).toBe('inconclusive');
    expect(c.detail).toMatch(english);
    expect(c.detailMessage).toBeDefined();
    expect(say(c.detailMessage!, 'en')).toBe(c.detail);
    expect(problemsOf(new NablaError(c.detailMessage!), _)).toEqual([]);
  });
});

describe('nabla … --lang ko', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-ko-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says a limit in Korean, with its place and caret', async () => {
    const path = join(dir, 'deep.nabla');
    writeFileSync(path, 'a = 1\nb = a + 1\nc = b + 1\nE = c^2\n');
    const r = await nabla('run', path, '--max-depth', '2', '--lang', 'ko');
    expect(r.status).toBe(2);
    // The chain is 3 deep at c (line 3): the limit is named with its option, in Korean words.
    expect(r.stderr).toMatch(/deep\.nabla:3:1: 정의의 사슬이 "c"에서 3단계입니다\. 제한은 2단계입니다\(--max-depth로 늘릴 수 있습니다\)\./);
    expect(r.stderr).toContain('\n  c = b + 1\n  ^');
  });

  it('says a name without a value in Korean, the caret under the name', async () => {
    const r = await nabla('eval', 'x + y*2', '--at', 'x=1', '--lang', 'ko');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('1:5: "y"에 값이 없습니다: --at y=…을(를) 주세요\n  x + y*2\n      ^\n');
  });

  it('says an unknown function in Korean, the caret under it after Hangul', async () => {
    // A Hangul letter is no name: the first error is that character, two columns wide in a terminal.
    const r = await nabla('diff', 'x·손 + sigmod(x)', '--wrt', 'x', '--lang', 'ko');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('1:3: 알 수 없는 문자 "손" (U+C190).\n  x·손 + sigmod(x)\n    ^^\n');
    const s = await nabla('diff', 'x + sigmod(x)', '--wrt', 'x', '--lang', 'ko');
    expect(s.status).toBe(2);
    expect(s.stderr).toBe('1:5: 알 수 없는 함수 "sigmod": sigmoid를 뜻했나요?\n  x + sigmod(x)\n      ^^^^^^\n');
  });
});

// ---------------------------------------------------------------------------
// No English literal in the errors nabla throws.

/** Errors thrown with a literal on purpose: none. */
const INTERNAL: readonly string[] = [];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sources(path) : f.endsWith('.ts') ? [path] : [];
  });
}

describe('the sources', () => {
  it('throw no error made from an English literal', () => {
    // An OptionError's first argument is the option's name; its message is the second.
    const ERROR = /new (NablaError|RefusedNameError|RequestError|EvaluationError|TimeLimitError)\(\s*['"`]|new OptionError\([^,]*,\s*['"`]/g;
    const found: string[] = [];
    for (const path of sources(join(ROOT, 'src'))) {
      const name = relative(ROOT, path).split('\\').join('/');
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(ERROR)) {
        const line = text.slice(0, m.index).split('\n').length;
        if (!INTERNAL.includes(`${name}:${line}`)) found.push(`${name}:${line}`);
      }
    }
    expect(found).toEqual([]);
  });
});
