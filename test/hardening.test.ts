/**
 * Regressions from testers who tried to break nabla (hardening, round two):
 * each case failed before its fix. The catalogue of bad inputs with exact
 * messages is test/bad-inputs.test.ts; this file holds the cases that need
 * a file system, a process or a document of their own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatError, NablaError } from '../src/errors.ts';
import { writeFileAtomic } from '../src/io/write-atomic.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const dir = mkdtempSync(join(tmpdir(), 'nabla-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an output path that is not a regular file', () => {
  it('a FIFO is refused and stays a FIFO (the atomic rename would have replaced it)', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(NablaError);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow('it is a pipe, not a regular file; give the name of a file or a new path.');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a directory is refused before anything is written into it', () => {
    const target = join(dir, 'page-dir');
    mkdirSync(target);
    expect(() => writeFileAtomic(target, 'x')).toThrow('it is a directory, not a regular file; give the name of a file or a new path.');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the CLI says so with exit status 2 and one line', () => {
    const fifo = join(dir, 'pipe2');
    execFileSync('mkfifo', [fifo]);
    const r = spawnSync(process.execPath, [BIN, 'run', 'samples/mlp-2-2-2.nabla', '--html', fifo], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('it is a pipe, not a regular file');
    expect(existsSync(fifo) && statSync(fifo).isFIFO()).toBe(true);
  });
});

/** Run the launcher; a hang is a failure, not a stuck suite. */
function nabla(args: readonly string[], timeout = 60_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr, no stack trace, no internal error. */
function expectOneLine(stderr: string): void {
  expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |internal error/);
}

describe('a file that never ends (item 5)', () => {
  for (const command of ['check', 'run']) {
    it(`nabla ${command} /dev/zero stops at the size limit`, () => {
      const r = nabla([command, '/dev/zero']);
      expect(r.status).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr).toBe('cannot read /dev/zero: it goes on past the limit of 8388608 bytes\n');
      expect(r.stdout).toBe('');
    });
  }
});

describe('a failed write to standard output (item 8)', () => {
  it('> /dev/full is exit status 2 with one line', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" diff 'x^2' --wrt x > /dev/full`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toBe('nabla: cannot write standard output: no space left on the device\n');
  });

  it('a pipe closed early (| head -c1) ends quietly', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" run samples/conv-4x4.nabla --json | head -c1`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toBe('{');
    expect(r.stderr).toBe('');
  });
});

/** The launcher with a small heap: memory that grows with the square of the input ends it with signal 6. */
function nablaSmallHeap(args: readonly string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('large matrix literals and shapes (items 3 and 4)', () => {
  const entries = `[${Array.from({ length: 30_000 }, () => '1').join(', ')}]`;

  it('nabla latex of a 30,000-entry list ends with a clear error, in linear memory', () => {
    const r = nablaSmallHeap(['latex', entries]);
    expect(r.signal).toBe(null);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('1:1: Expected a number, found a vector of 30000 ("[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, …").');
    expect(r.stderr).not.toMatch(/\n\s+at |heap/);
  });

  it('a formula file defining a 30,000-entry vector is read (the error here is the option)', () => {
    const path = join(dir, 'wide.nabla');
    writeFileSync(path, `w = ${entries}\nE = w\n`);
    const r = nablaSmallHeap(['run', path, '--wrt', 'zz']);
    expect(r.signal).toBe(null);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('--wrt:1:1: "zz" does not appear in wide.nabla: there is nothing to differentiate by.\n  zz\n  ^^\n');
  });

  it('a shape over the entry limit in a document is refused before anything of its size is built', () => {
    const path = join(dir, 'huge-shape.md');
    writeFileSync(path, 'Let $x \\in \\mathbb{R}^{10000 \\times 10000}$ and $y = 2$, so $y + 1 = 3$.\n');
    const r = nablaSmallHeap(['check', path, '--max-seconds', '2']);
    expect(r.signal).toBe(null);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1:6 +unchecked +x \\in \\mathbb\{R\}\^\{10000 \\times 10000\}\n +A 10000x10000 matrix has more than 100000 entries\.\n1:62 +verified +y \+ 1 = 3\n/);
    expect(r.stdout).toMatch(/2 claims: 1 verified, 0 refuted, 1 unchecked/);
  });
});

describe('generated Python with numbers of 1e21 and more (item 10)', () => {
  it('is a module python3 runs, printing the hand-derived value and gradient', () => {
    const path = join(dir, 'large.nabla');
    // E = x*y + 1e22*y^2 at x = 2e21, y = 3: E = 9.6e22, dE/dx = y = 3, dE/dy = x + 2e22*y = 6.2e22.
    writeFileSync(path, 'x = 2e21\ny = 3\nE = x*y + 1e22*y^2\n');
    const module = nabla(['codegen', path, '--lang', 'python']);
    expect(module.status).toBe(0);
    expect(module.stdout).toContain('"x": 2e+21,');
    const script = join(dir, 'large.py');
    writeFileSync(script, module.stdout);
    const r = spawnSync('/usr/bin/python3', [script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('E = 9.6e+22\nd(E)/d(x) = 3.0\nd(E)/d(y) = 6.2e+22\n');
  });
});

describe('lone CR line endings (item 14)', () => {
  it('a document written with CR alone puts each claim on its own line', () => {
    const path = join(dir, 'cr.md');
    writeFileSync(path, 'Notes\r\r$x = 2$\r\r$x + 1 = 3$\r');
    const r = nabla(['check', path]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^5:2 +verified +x \+ 1 = 3\n[\s\S]*3:2 +defines +x = 2\n/);
  });

  it('a formula file written with CR alone is read line by line', () => {
    const path = join(dir, 'cr.nabla');
    writeFileSync(path, 'x = 1\ry = 2\rE = x +\r');
    const r = nabla(['run', path]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${path}:3:8: Expected an expression, found end of line.\n  E = x +\n         ^\n`);
  });
});

describe('the caret under wide and combining characters (item 15)', () => {
  const caretUnder = (source: string, column: number): string => {
    const offset = Array.from(source).slice(0, column - 1).join('').length;
    return formatError(new NablaError('Bad.', { line: 1, column, offset, length: 1 }, source)).split('\n')[2]!;
  };

  it('CJK and full-width characters take two columns', () => {
    // "ab 한국 @": @ is the 7th character; before it 3 + 2×2 + 1 = 8 columns.
    expect(caretUnder('ab 한국 @', 7)).toBe(`  ${' '.repeat(8)}^`);
    expect(caretUnder('ｘ＋@', 3)).toBe(`  ${' '.repeat(4)}^`);
  });

  it('combining characters take none', () => {
    // "e\u0301 = @": the accent adds no column, so @ (the 6th character) is under column 5.
    expect(caretUnder('e\u0301 = @', 6)).toBe(`  ${' '.repeat(4)}^`);
  });

  it('the CLI puts the caret under the character after Korean text', () => {
    const r = nabla(['diff', 'x + 한국 @ y', '--wrt', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('1:5: Unexpected character "한" (U+D55C).\n  x + 한국 @ y\n      ^^\n');
  });
});

describe('a huge name in an error (item 12)', () => {
  it('is echoed as a bounded excerpt', () => {
    const path = join(dir, 'long-name.nabla');
    writeFileSync(path, `E = ${'a'.repeat(5_000_000)} + q\nderive E wrt x\n`);
    const r = nabla(['run', path]);
    expect(r.status).toBe(2);
    expect(r.stderr.length).toBeLessThan(1_000);
    expect(r.stderr.split('\n')[0]).toBe(`${path}:1:1: "${'a'.repeat(100)}… (5000000 characters)", "q" have no value: define them in the file or give --at ${'a'.repeat(100)}… (5000002 characters)`);
    const json = nabla(['run', path, '--json']);
    expect(json.stdout.length).toBeLessThan(1_000);
  });
});
