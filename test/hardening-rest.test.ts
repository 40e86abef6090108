/**
 * Regressions from testers who tried to break nabla (hardening, round two,
 * the remaining items): each case failed before its fix. Companion of
 * test/hardening.test.ts; the catalogue of bad inputs with exact messages is
 * test/bad-inputs.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

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
