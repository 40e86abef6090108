/**
 * grammar/latex.js is generated from grammar/latex.ne and committed; this
 * checks that it is up to date (run `node scripts/build-latex-grammar.mjs`
 * after editing the grammar).
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('grammar/latex.js', () => {
  it('matches what scripts/build-latex-grammar.mjs generates from grammar/latex.ne', () => {
    const generated = execFileSync(process.execPath, ['scripts/build-latex-grammar.mjs', '--stdout'], { cwd: root, encoding: 'utf8' });
    const committed = readFileSync(new URL('../grammar/latex.js', import.meta.url), 'utf8');
    expect(generated.length).toBeGreaterThan(0);
    expect(committed === generated, 'grammar/latex.js is stale: run `node scripts/build-latex-grammar.mjs`').toBe(true);
  });
});
