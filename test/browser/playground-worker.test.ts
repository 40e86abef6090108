/**
 * The playground never freezes (hardening, round two): the engine runs in a
 * Web Worker, so a keystroke during a long run is echoed by the editor at
 * once; an edit cancels the run under way; the CLI's time limit ends a run
 * that takes too long, with the error in the page; the status line shows
 * the run's progress. Real Chromium, driven by playwright-core.
 *
 * No assertion measures speed: "promptly" is that the keystroke shows while
 * the slow run is still going (the page's generation counter has not moved),
 * which a page running the engine on its main thread cannot do at all.
 */

import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** A 16-16-16 sigmoid network with every weight's gradient asked for: seconds of work for the engine. */
function network(sizes: readonly number[]): string {
  const lines: string[] = [];
  let previous = Array.from({ length: sizes[0]! }, (_, i) => `x${i + 1}`);
  previous.forEach((x, i) => lines.push(`${x} = ${(0.1 * (i + 1)).toFixed(2)}`));
  const weights: string[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const layer: string[] = [];
    for (let j = 1; j <= sizes[l]!; j++) {
      const terms = previous.map((u, i) => {
        const w = `w${l}_${j}_${i + 1}`;
        weights.push(w);
        lines.push(`${w} = ${(((l * 7 + j * 3 + i) % 11) - 5) / 20}`);
        return `${w}*${u}`;
      });
      lines.push(`h${l}_${j} = sigmoid(${terms.join(' + ')} + b${l}_${j})`, `b${l}_${j} = 0.1`);
      layer.push(`h${l}_${j}`);
    }
    previous = layer;
  }
  lines.push(`E = 1/2*(${previous.map((o, k) => `(t${k + 1} - ${o})^2`).join(' + ')})`);
  previous.forEach((_, k) => lines.push(`t${k + 1} = 0.5`));
  lines.push(`derive E wrt ${weights.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

const SLOW = network([16, 16, 16]);
const generation = (page: Page): Promise<number> => page.evaluate(() => Number(document.body.dataset.generation));

describe.skipIf(!HAVE_CHROMIUM)('the playground runs the engine in a Web Worker', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] }),
      startServer({ port: 0 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('echoes a keystroke during a long run, shows progress, and stops the run at the time limit', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?max-seconds=2`);
    await page.waitForFunction(() => Number(document.body.dataset.generation) >= 1);

    await page.locator('#source').fill(SLOW);
    await page.waitForFunction(() => document.body.dataset.busy === '1');
    const before = await generation(page);
    // A keystroke at the end of the text: the editor shows it while the run still goes on.
    await page.locator('#source').press('End');
    await page.keyboard.type('#');
    await page.waitForFunction(() => (document.getElementById('source') as HTMLTextAreaElement).value.endsWith('#'));
    expect(await generation(page)).toBe(before);
    // Progress: the status line counts the run's seconds.
    await expect.poll(() => page.locator('#status').innerText()).toMatch(/^working… \d+\.\d s \(limit 2 s; typing starts over\)$/);

    // The CLI's limit ends the run, with the message in the page.
    await page.waitForFunction((n) => Number(document.body.dataset.generation) > n, before, { timeout: 120_000 });
    expect(await page.locator('#problems').innerText()).toContain('it took longer than the limit of 2 s');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('an edit during a long run cancels it: the new text is shown, not the old one\'s result', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}?max-seconds=60`);
    await page.waitForFunction(() => Number(document.body.dataset.generation) >= 1);
    await page.locator('#source').fill(SLOW);
    await page.waitForFunction(() => document.body.dataset.busy === '1');
    const before = await generation(page);
    await page.locator('#source').fill('y = 3*x\nx = 2\nderive y wrt x\n');
    await page.waitForFunction((n) => Number(document.body.dataset.generation) > n, before, { timeout: 120_000 });
    // The first render after the edit is the new text's: the slow run never rendered.
    expect(await generation(page)).toBe(before + 1);
    expect(await page.locator('#report svg.nabla-graph g.node[data-name="y"]').count()).toBe(1);
    expect(await page.locator('#report svg.nabla-graph g.node[data-name="E"]').count()).toBe(0);
    expect(await page.locator('#problems .error').count()).toBe(0);
    expect(await page.evaluate(() => document.body.dataset.busy)).toBeUndefined();
    await page.close();
  }, 180_000);
});
