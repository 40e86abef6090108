/**
 * Regressions from testers who tried to break nabla (hardening, round two,
 * the remaining items): each case failed before its fix. Companion of
 * test/hardening.test.ts; the catalogue of bad inputs with exact messages is
 * test/bad-inputs.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { diff, evaluate, loadFile, parse } from '../src/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const dir = mkdtempSync(join(tmpdir(), 'nabla-hardening-rest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a signal during an atomic write (item 16)', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it.concurrent(`${signal} while --html is half written leaves no temporary file and no half page`, async () => {
      const sub = mkdtempSync(join(dir, 'sig-'));
      const out = join(sub, 'page.html');
      // The test hook pauses the write halfway for 30 s; the signal comes during the pause.
      const child = spawn(process.execPath, [BIN, 'run', 'samples/mlp-2-2-2.nabla', '--html', out], {
        cwd: ROOT, env: { ...process.env, NABLA_TEST_PAUSE_WRITE_MS: '30000' }, stdio: 'ignore',
      });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
      // A hang guard, not a speed limit: the temporary file appears once the report is built.
      const start = Date.now();
      while (!readdirSync(sub).some((f) => f.endsWith('.tmp'))) {
        if (Date.now() - start > 120_000) throw new Error('the write never started');
        await sleep(50);
      }
      child.kill(signal);
      const result = await ended;
      // The process still ends by the signal the user sent.
      expect(result.signal).toBe(signal);
      expect(readdirSync(sub).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // Not at all: the write was cut off halfway.
      expect(existsSync(out)).toBe(false);
    }, 180_000);
  }
});

/** The launcher with a small stack: a wide input that would need a deep stack fails here at a tenth of its size. */
function nablaSmallStack(args: readonly string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--stack-size=120', BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('wide flat inputs (item 11)', () => {
  it('a file of 20,000 statements is read (with a stack a tenth of the default, as 130k statements with the default)', () => {
    const path = join(dir, 'many.nabla');
    writeFileSync(path, `x = 2\n${Array.from({ length: 20_000 }, (_, i) => `a${i} = x*${i} + 1\n`).join('')}E = a19999\nclaim E = 39999\n`);
    const r = nablaSmallStack(['check', path]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // 19999*2 + 1, by hand.
    expect(r.stdout).toMatch(/^20003:1 +verified +E = 39999\n/);
  });

  it('a sum of more terms than the limit is a positioned error at the first term past it', () => {
    const path = join(dir, 'wide-sum.nabla');
    const terms = Array.from({ length: 12_000 }, (_, i) => `sin(${i + 1}*x)`);
    writeFileSync(path, `x = 0.5\nE = ${terms.join(' + ')}\n`);
    const r = nablaSmallStack(['run', path]);
    expect(r.signal).toBe(null);
    expect(r.status).toBe(2);
    // The 10,001st term starts after "E = " and 10,000 terms with their " + ".
    const column = 'E = '.length + terms.slice(0, 10_000).join(' + ').length + ' + '.length + 1;
    expect(r.stderr.split('\n')[0]).toBe(`${path}:2:${column}: This sum has more than 10000 terms (12000); split it into named parts.`);
    expect(r.stderr.split('\n')[2]).toMatch(/^ +\^+$/);
  });

  it('a product too: the library gives the positioned error as a value', () => {
    const errors = loadFile(`x = 1\nE = ${Array.from({ length: 10_001 }, () => 'x').join('*')}\n`).errors;
    expect(errors.map((e) => [e.message, e.span?.line, e.span?.column])).toEqual([
      ['This product has more than 10000 factors (10001); split it into named parts.', 2, 'E = '.length + 2 * 10_000 + 1],
    ]);
  });

  it('a sum of 9,999 terms just under the limit works, its derivative checked term by term', () => {
    const n = 9_999;
    const got = evaluate(diff(parse(Array.from({ length: n }, (_, i) => `sin(${i + 1}*x)`).join(' + ')), 'x'), { x: 0.5 });
    let want = 0;
    for (let i = 1; i <= n; i++) want += i * Math.cos(i * 0.5);
    expect(got).toBeCloseTo(want, 6);
  });
});
