/**
 * The HTML page of `nabla check` lists as updates only the update rules of
 * inputs (`x_new`, `x'`, `x^+`, `x \leftarrow …`, SPEC §4), not every
 * definition that uses a derivative: `\delta_2 = \frac{\partial L}{\partial
 * s_2}` is a definition (issue 12, finding 10).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// By hand: s2 = 2w = 6, L = s2² = 36, δ2 = ∂L/∂s2 = 2 s2 = 12,
// ∂L/∂w = 2 s2 · 2 = 24, so w⁺ = 3 − 0.1 · 24 = 0.6.
const NOTES = [
  '$$w = 3$$',
  '',
  '$$s_2 = 2 w$$',
  '',
  '$$L = s_2^2$$',
  '',
  '$$\\delta_2 = \\frac{\\partial L}{\\partial s_2} = 2 s_2$$',
  '',
  '$$w \\leftarrow w - 0.1 \\frac{\\partial L}{\\partial w}$$',
  '',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'nabla-updates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checkPage(notes: string): string {
  const [file, out] = [join(dir, 'notes.md'), join(dir, 'notes.html')];
  writeFileSync(file, notes);
  execFileSync('node', [new URL('../bin/nabla.js', import.meta.url).pathname, 'check', file, '--html', out], { stdio: 'ignore' });
  return readFileSync(out, 'utf8');
}

/** The text of one section of the page, tags removed. */
function sectionText(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</section>', start)).replace(/<[^>]*>/g, ' ');
}

/** Each row of the values table: its value and role. */
const valueRows = (html: string): [string, string][] =>
  [...html.matchAll(/<td class="num">([^<]*)<\/td><td class="role">(\w+)<\/td>/g)].map((m) => [m[1]!, m[2]!]);

describe('nabla check --html: updates', () => {
  const html = checkPage(NOTES);

  it('lists the update rule of the input w and not the definition δ2 = ∂L/∂s2', () => {
    const updates = sectionText(html, 'updates');
    expect(updates).toContain('0.6');
    expect(updates).not.toContain('12');
  });

  it('gives δ2 the role definition and w⁺ the role update in the values table', () => {
    expect(valueRows(html)).toEqual([['3', 'input'], ['6', 'definition'], ['36', 'definition'], ['12', 'definition'], ['0.6', 'update']]);
  });

  it('has no updates section when no input has an update rule', () => {
    const page = checkPage(NOTES.split('\n').filter((l) => !l.includes('leftarrow')).join('\n'));
    expect(page).not.toContain('id="updates"');
    expect(valueRows(page).map(([, role]) => role)).not.toContain('update');
  });
});
