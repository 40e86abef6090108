/**
 * Regressions from testers who tried to break nabla (hardening, round two):
 * each case failed before its fix. The catalogue of bad inputs with exact
 * messages is test/bad-inputs.test.ts; this file holds the cases that need
 * a file system, a process or a document of their own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NablaError } from '../src/errors.ts';
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
