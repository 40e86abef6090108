/**
 * The README cannot go stale: every `$ npx nabla …` command in its console
 * blocks is run, and its output compared line by line with what the README
 * shows (a line `…` stands for any number of lines). The library snippet is
 * run too, and each `// 'value'` comment in it is checked.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as nabla from '../src/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

interface Example { command: string; expected: string[] }

function consoleExamples(text: string): Example[] {
  const out: Example[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: Example | undefined;
    for (const line of block[1]!.replace(/\n$/, '').split('\n')) {
      if (line.startsWith('$ ')) {
        current = { command: line.slice(2), expected: [] };
        out.push(current);
      } else current?.expected.push(line);
    }
  }
  return out;
}

/** Split a command line as a POSIX shell would for these simple cases: "…" quoting only. */
function argv(command: string): string[] {
  return [...command.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(["\\$`])/g, '$1') : m[2]!));
}

/** Match output lines against expected lines where `…` skips any number of lines. */
function matches(actual: string[], expected: string[]): boolean {
  const go = (i: number, j: number): boolean => {
    if (j === expected.length) return i === actual.length;
    if (expected[j] === '…') {
      for (let k = i; k <= actual.length; k++) if (go(k, j + 1)) return true;
      return false;
    }
    return i < actual.length && actual[i] === expected[j] && go(i + 1, j + 1);
  };
  return go(0, 0);
}

const examples = consoleExamples(readme);

describe('README console examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(8);
  });
  it.each(examples.map((e) => [e.command, e] as const))('%s', (_command, example) => {
    const [npx, tool, ...args] = argv(example.command);
    expect([npx, tool]).toEqual(['npx', 'nabla']);
    // A locale that names no language, as on CI: the README shows what the command and the document choose.
    const env = { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    const r = spawnSync(process.execPath, ['bin/nabla.js', ...args], { cwd: root, encoding: 'utf8', env });
    const actual = `${r.stdout}${r.stderr}`.replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
    if (!matches(actual, example.expected)) {
      expect(actual.join('\n')).toBe(example.expected.join('\n'));
    }
  });
});

describe('README library snippet', () => {
  const snippet = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const source = readFileSync(new URL('../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');
  const markdown = readFileSync(new URL('../samples/homework-with-mistakes.md', import.meta.url), 'utf8');

  it('runs, and every commented value is what the code gives', () => {
    const checks: string[] = [];
    const body = snippet
      .replace(/^import[\s\S]*?from 'nabla';\n/m, '')
      .split('\n')
      .map((line) => {
        const m = /^(.*?);\s*\/\/ (.*)$/.exec(line);
        if (!m) return line;
        const [, code, comment] = m;
        const quoted = /^'(.*)'$/.exec(comment!);
        if (quoted) {
          checks.push(quoted[1]!);
          return `__check(${code!.trim().replace(/^const .*? = /, '')}, ${JSON.stringify(quoted[1]!.replace(/\\\\/g, '\\'))});`;
        }
        const number = /^(-?\d+\.\d+)…$/.exec(comment!);
        if (number) {
          checks.push(number[1]!);
          return `__checkPrefix(${code!.trim()}, ${JSON.stringify(number[1])});`;
        }
        return `${code};`;
      })
      .join('\n');
    const results: [unknown, string][] = [];
    const prefixes: [number, string][] = [];
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('nabla', 'source', 'markdown', '__check', '__checkPrefix', `const { ${Object.keys(nabla).join(', ')} } = nabla;\n${body}`)(
      nabla, source, markdown,
      (value: unknown, expected: string) => results.push([value, expected]),
      (value: number, expected: string) => prefixes.push([value, expected]),
    );
    expect(results.length + prefixes.length).toBe(checks.length);
    expect(checks.length).toBeGreaterThan(3);
    for (const [value, expected] of results) expect(value).toBe(expected);
    for (const [value, expected] of prefixes) expect(String(value).startsWith(expected), `${value} starts with ${expected}`).toBe(true);
  });
});
