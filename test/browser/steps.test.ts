/**
 * Steps in a real browser (SPEC §13): the HTML report of `run --explain`
 * opened from disk, a factor's "steps" toggle opened, its steps set by
 * KaTeX with no KaTeX error and no console error; and the playground, whose
 * factors carry the same toggle.
 *
 * Skipped, with a message, only when /usr/bin/chromium is missing.
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile, report } from '../../src/index.ts';
import { renderHtml } from '../../src/report/html.ts';
import { startServer } from '../../src/serve/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const OUT = new URL('../../test-output/', import.meta.url);
const MLP = readFileSync(new URL('../../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');

function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'steps in Chromium' : `steps in Chromium — skipped: ${CHROMIUM} is missing`, () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nabla-steps-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens a report page, toggles a factor\'s steps and finds them set by KaTeX, with no error', async () => {
    const file = join(dir, 'steps.html');
    writeFileSync(file, renderHtml(report(loadFile(MLP), { wrt: ['w5'], explain: 'full' }), { title: 'mlp-2-2-2.nabla' }));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = errorsOf(page);
    await page.goto(pathToFileURL(file).href);

    const toggles = page.locator('details.steps');
    expect(await toggles.count()).toBe(3);
    // The factor ∂out_o1/∂net_o1: closed at first, its steps hidden.
    const sigmoid = page.locator('ul.factors > li', { hasText: 'The rule of sigmoid' }).locator('details.steps');
    expect(await sigmoid.count()).toBe(1);
    expect(await sigmoid.locator('ol.steps').isVisible()).toBe(false);
    await sigmoid.locator('summary').click();
    const steps = sigmoid.locator('ol.steps');
    expect(await steps.isVisible()).toBe(true);
    expect(await steps.locator('li').count()).toBe(2);
    expect(await steps.locator('li[data-rule="function"]').count()).toBe(1);
    expect(await steps.locator('li[data-rule="substitute"]').count()).toBe(1);
    // Rendered math: KaTeX's HTML, visible, and no KaTeX error.
    expect(await steps.locator('.katex').count()).toBeGreaterThanOrEqual(4);
    expect(await steps.locator('.katex').first().isVisible()).toBe(true);
    expect(await page.locator('.katex-error, .math-error').count()).toBe(0);
    const last = (await steps.locator('li[data-rule="substitute"] .step-expr .katex-html').textContent())!.replace(/\u200b/g, '');
    expect(last).toContain('outo1');
    expect(last).not.toContain('σ');
    await page.screenshot({ path: new URL('steps.png', OUT).pathname, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gives each factor of the playground\'s report a steps toggle', async () => {
    const file = join(dir, 'mlp.nabla');
    writeFileSync(file, MLP);
    const server = await startServer({ file, port: 0 });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = errorsOf(page);
      await page.goto(server.url);
      await page.waitForFunction(() => Number(document.body.dataset.generation) >= 1);
      const toggle = page.locator('#report details.steps').first();
      await toggle.locator('summary').click();
      expect(await toggle.locator('ol.steps .katex').count()).toBeGreaterThan(0);
      expect(await page.locator('#report .katex-error').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
