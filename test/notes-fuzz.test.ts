/**
 * Fuzzing the notes reader: fast-check writes Markdown/LaTeX notes from the
 * pieces real notes are made of (Korean and English prose, inline and
 * display math, `align` with `&`, `\\` and `\tag`, `cases`, `bmatrix`,
 * fractions, partials, sums, layer superscripts, hats, primes, `\leftarrow`,
 * `:=`, numbers, `%` comments) and cuts some of them short. Whatever a
 * person writes, `nabla check` gives a verdict per claim and never an
 * internal error (issue 12): `checkClaims` does not throw, every claim has
 * a status, an unchecked claim says why, and the CLI exits 0 or 1.
 *
 * Seeded (test/setup.ts), bounded to a few seconds; every document that
 * once broke the reader is kept below as a regression case.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkClaims, type ClaimsReport } from '../src/index.ts';
import { documents } from './fuzz/notes.ts';

const SEED = 20_261_127;

/** What every report of any document must satisfy. */
function expectSound(report: ClaimsReport): void {
  for (const claim of report.claims) {
    expect(['verified', 'refuted', 'unchecked']).toContain(claim.status);
    if (claim.status === 'unchecked') expect(claim.reason?.trim() ?? '', `no reason for ${claim.text}`).not.toBe('');
    expect(claim.reason ?? '').not.toMatch(/internal error/i);
  }
}

const check = (doc: string): ClaimsReport => checkClaims(doc, { kind: 'document' });

/** Documents the fuzzer once broke the reader with, kept as regression cases. */
const FOUND: readonly string[] = [
  // An input whose value is not a number threw from the checker's start: now claims through it are unchecked.
  'Note that $$\\hat{y} := \\log(-0.1171)$$ and $$\\hat{y} + 1 = 0$$, $$x = 2$$, $$x^2 = 4$$',
];

describe('notes fuzz (seeded, bounded)', () => {
  it.each(FOUND.map((doc) => [doc]))('reads a document that once broke it: %s', (doc) => {
    expectSound(check(doc));
  });

  it('leaves a claim through an input without a value unchecked, and checks the others', () => {
    const claims = check(FOUND[0]!).claims.map((c) => [c.text, c.status, c.reason]);
    expect(claims).toEqual([
      ['\\hat{y} + 1 = 0', 'unchecked', 'y_hat has no value: log of a negative number in log(-1171/10000)'],
      ['x^2 = 4', 'verified', 'agrees to the 4 written'],
    ]);
  });

  it('checks any generated notes without throwing, with a status and reason per claim', () => {
    fc.assert(fc.property(documents, (doc) => { expectSound(check(doc)); }), { seed: SEED, numRuns: 300 });
  }, 60_000);

  describe('through the CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-notes-fuzz-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const samples = fc.sample(documents, { seed: SEED + 1, numRuns: 3 });

    it.each(samples.map((doc, i) => [i, doc] as const))('document %i: exit 0 or 1 and a verdict line per claim', (i, doc) => {
      const file = join(dir, `notes-${i}.md`);
      writeFileSync(file, doc);
      const { status, stdout } = run(['check', file]);
      expect([0, 1], stdout).toContain(status);
      const claims = check(doc).claims;
      const verdicts = stdout.split('\n').filter((l) => /\b(verified|refuted|unchecked)\b/.test(l));
      expect(verdicts.length, stdout).toBeGreaterThanOrEqual(claims.length);
    }, 120_000);
  });
});

/** Run bin/nabla.js; its exit status and standard output. */
function run(args: readonly string[]): { status: number; stdout: string } {
  const bin = new URL('../bin/nabla.js', import.meta.url).pathname;
  const options: ExecFileSyncOptions = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] };
  try {
    return { status: 0, stdout: String(execFileSync('node', [bin, ...args], options)) };
  } catch (error) {
    const failed = error as { status: number | null; stdout: string };
    return { status: failed.status ?? -1, stdout: failed.stdout };
  }
}
