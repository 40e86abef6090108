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
