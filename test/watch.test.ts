/**
 * `nabla run FILE --watch` and `nabla check FILE --watch` (SPEC §16), as a
 * user meets them: a child process through the real launcher, the file
 * rewritten under it (in place, and replaced by a rename as editors save),
 * a second report seen, a bad input shown without ending the watch, and
 * Ctrl-C (SIGINT) ending it with exit status 0. The expected derivatives are
 * worked by hand: d(x^2)/dx at 3 is 6, d(x^3)/dx at 3 is 27.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const dir = mkdtempSync(join(tmpdir(), 'nabla-watch-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A watching child, its output so far, and a way to wait for more. */
function watching(args: readonly string[]): { child: ChildProcess; out: () => string; err: () => string; until: (test: () => boolean) => Promise<void> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const until = async (test: () => boolean): Promise<void> => {
    const deadline = Date.now() + 40_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out; stdout:\n${stdout}\nstderr:\n${stderr}`);
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}; stderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out: () => stdout, err: () => stderr, until };
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('--watch', () => {
  it('run: a second report after a save, an error shown and survived, exit 0 on Ctrl-C', async () => {
    const file = join(dir, 'cube.nabla');
    writeFileSync(file, 'y = x^2\nx = 3\nderive y wrt x\n');
    const w = watching(['run', file, '--watch']);
    await w.until(() => w.out().includes('∂y/∂x = 6') && w.err().includes('watching'));

    writeFileSync(file, 'y = x^3\nx = 3\nderive y wrt x\n');
    await w.until(() => w.out().includes('∂y/∂x = 27'));

    // A bad line: its error, with line and caret, and the watch goes on.
    writeFileSync(file, 'y = x^^3\n');
    await w.until(() => w.err().includes('Expected an expression'));
    expect(w.err()).toContain('cube.nabla:1:7');

    // Saved the way many editors do: a new file renamed over the old one.
    const next = join(dir, 'cube.nabla.tmp');
    writeFileSync(next, 'y = x^2\nx = 3\nderive y wrt x\n');
    renameSync(next, file);
    await w.until(() => count(w.out(), '∂y/∂x = 6') === 2);

    w.child.kill('SIGINT');
    expect(await exited(w.child)).toBe(0);
  }, 120_000);

  it('check: a refuted claim becomes verified after a save', async () => {
    const file = join(dir, 'claims.nabla');
    writeFileSync(file, 'y = x^2\nclaim d(y)/d(x) = 3*x\n');
    const w = watching(['check', file, '--watch']);
    await w.until(() => w.out().includes('1 refuted'));

    writeFileSync(file, 'y = x^2\nclaim d(y)/d(x) = 2*x\n');
    await w.until(() => w.out().includes('1 verified'));

    w.child.kill('SIGINT');
    expect(await exited(w.child)).toBe(0);
  }, 120_000);
});
