/**
 * grammar/formula.js is generated from grammar/formula.ne and committed;
 * this checks that it is up to date (run `npm run grammar` after editing
 * the grammar).
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('grammar/formula.js', () => {
  it('matches what scripts/build-grammar.mjs generates from grammar/formula.ne', () => {
    const generated = execFileSync(process.execPath, ['scripts/build-grammar.mjs', '--stdout'], { cwd: root, encoding: 'utf8' });
    const committed = readFileSync(new URL('../grammar/formula.js', import.meta.url), 'utf8');
    expect(generated.length).toBeGreaterThan(0);
    expect(committed === generated, 'grammar/formula.js is stale: run `npm run grammar`').toBe(true);
  });
});
