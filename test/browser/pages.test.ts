/**
 * The pages in a real browser (Debian's Chromium driven by playwright-core):
 * the HTML report opened from disk (rendered math, the graph and its
 * highlight, no request beyond file: and data:, no console error), the
 * playground (the report follows the editor; an error shows with its caret
 * in the page), and HTML injection through every user-text position.
 * Screenshots go to test-output/ for a person to look at.
 *
 * Skipped, with a message, only when /usr/bin/chromium is missing (CI
 * installs it: .ci/run).
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile, report } from '../../src/index.ts';
import { checkSystemClaims, type ClaimResult } from '../../src/claims/check.ts';
import { renderHtml } from '../../src/report/html.ts';
import { formatNumber } from '../../src/report/format.ts';
import { startServer, type RunningServer } from '../../src/serve/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const OUT = new URL('../../test-output/', import.meta.url);
const MLP = readFileSync(new URL('../../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');
const XSS = '<img src=x onerror=alert(1)>';

/** A formula file with the payload in a comment, a name position, a claim and a malformed formula. */
const HOSTILE = [
  `# comment ${XSS} </script>`,
  `y = sigmoid(w*x + b)   # trailing </script>${XSS}`,
  'w = 0.5; x = 2; b = 0.1',
  `${XSS} = 3`,
  'z = y + </script>',
  'derive y wrt w',
  `claim d(y)/d(w) = ${XSS}`,
  'claim y = 0.5',
  'v = sin(</script>',
  '',
].join('\n');

interface Watch {
  readonly errors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

/** Console errors, page errors, requests and dialogs of a page. */
function watch(page: Page): Watch {
  const w: Watch = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  return w;
}

/** Type into the editor and wait for the playground's next render. */
async function edit(page: Page, text: string): Promise<void> {
  const before = Number(await page.locator('body').getAttribute('data-generation'));
  await page.locator('#source').fill(text);
  await page.waitForFunction((n) => Number(document.body.dataset.generation) > n, before);
}

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'in Chromium' : `in Chromium — skipped: ${CHROMIUM} is missing`, () => {
  let browser: Browser;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nabla-browser-'));
    [browser, server] = await Promise.all([
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run', '--disable-quic'],
      }),
      startServer({ port: 0 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('shows the report opened from disk: math, graph, highlight, no request, no console error', async () => {
    const system = loadFile(MLP);
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(report(system), { title: 'mlp-2-2-2.nabla', claims: checkSystemClaims(system) }));

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const w = watch(page);
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => document.fonts.ready);

    expect(await page.locator('.katex').count()).toBeGreaterThan(20);
    expect(await page.locator('.katex-error, .math-error').count()).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain('0.0821670406');
    // The factors of dE/dw5 as KaTeX sets them (a fraction's denominator comes first in the
    // text, `out` with subscript `o1`), and as the graph names them.
    const main = (await page.locator('#gradient-0 .eq.main .katex-html').textContent())!.replace(/\u200b/g, '');
    for (const f of ['∂outo1∂E', '∂neto1∂outo1', '∂w5∂neto1']) expect(main).toContain(f);
    for (const n of ['w5', 'E', 'out_o1', 'net_o1']) expect(await page.locator(`svg.nabla-graph g.node[data-name="${n}"]`).count()).toBe(1);
    // The KaTeX fonts loaded from data: URLs.
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);

    // Highlight: dE/dw5 by default; the page's script (allowed by the CSP's hash) moves it to dE/dw1.
    const lit = (): Promise<string[]> => page.locator('svg.nabla-graph g.node.hl').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')!).sort());
    expect(await lit()).toEqual(['E', 'net_o1', 'out_o1', 'w5']);
    expect(await page.locator('svg.nabla-graph path.edge.hl').count()).toBe(3);
    await page.locator('.graph-controls button[data-hl="1"]').click();
    expect(await lit()).toEqual(['E', 'net_h1', 'net_o1', 'net_o2', 'out_h1', 'out_o1', 'out_o2', 'w1']);
    await page.locator('.graph-controls button[data-hl="0"]').click();

    // The LaTeX source is one click away.
    const details = page.locator('#gradient-0 .eq.main details.tex');
    await details.locator('summary').click();
    expect(await details.locator('code').textContent()).toContain('\\frac{\\partial E}{\\partial w_{5}}');

    await page.screenshot({ path: new URL('report.png', OUT).pathname, fullPage: true });
    expect(w.errors).toEqual([]);
    expect(w.requests.filter((u) => !/^(file|data):/.test(u))).toEqual([]);
    await page.close();
  });

  it('shows the report in Korean: lang="ko", Korean headings, math rendered, no console error', async () => {
    const system = loadFile(MLP);
    const file = join(dir, 'report-ko.html');
    writeFileSync(file, renderHtml(report(system, { steps: 2 }), { title: 'mlp-2-2-2.nabla', claims: checkSystemClaims(system), lang: 'ko' }));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const w = watch(page);
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    expect(await page.locator('.katex').count()).toBeGreaterThan(20);
    expect(await page.locator('.katex-error, .math-error').count()).toBe(0);
    expect(await page.locator('#graph h2').innerText()).toBe('계산 그래프');
    expect(await page.locator('#training h2').innerText()).toBe('학습');
    expect(await page.locator('#gradient-0 p.fd').innerText()).toMatch(/^유한 차분 검사: 중심 차분 값 /);
    await page.screenshot({ path: new URL('report-ko.png', OUT).pathname, fullPage: true });
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('updates the playground as you type and shows an error with its caret in the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const w = watch(page);
    await page.goto(server.url);
    await page.waitForFunction(() => Number(document.body.dataset.generation) >= 1);
    expect(await page.locator('#source').inputValue()).toBe(MLP);
    expect(await page.locator('#report').innerText()).toContain('0.0821670406');

    await edit(page, 'y = sigmoid(w*x + b)\nw = 0.5; x = 2; b = 0.1\nderive y wrt w');
    const s = 1 / (1 + Math.exp(-1.1));
    const out = await page.locator('#report').innerText();
    expect(out).toContain(formatNumber(s * (1 - s) * 2));
    expect(await page.locator('#report .katex').count()).toBeGreaterThan(3);
    expect(await page.locator('.katex-error, .math-error').count()).toBe(0);
    expect(await page.locator('#report svg.nabla-graph g.node[data-name="y"]').count()).toBe(1);
    expect(await page.locator('#problems .error').count()).toBe(0);

    await edit(page, 'y = sin(x');
    const problem = page.locator('#problems .error pre');
    await expect.poll(() => problem.count()).toBe(1);
    const message = await problem.innerText();
    expect(message).toMatch(/^1:10: Expected "\)"/);
    expect(message).toContain('y = sin(x');
    expect(message.split('\n')[2]).toMatch(/^ {11}\^$/); // the caret under the end of the line
    expect(await page.locator('#status').innerText()).toContain('1 error');
    await page.screenshot({ path: new URL('playground.png', OUT).pathname });

    // LaTeX is read too: a claimed derivative is checked and its chain rule shown.
    await edit(page, 'y = \\frac{1}{1 + e^{-(w x + b)}} \\\\ w = 0.5, x = 2, b = 0.1 \\\\ \\frac{\\partial y}{\\partial w} = 0.3747');
    expect(await page.locator('#status').innerText()).toContain('LaTeX');
    expect(await page.locator('#report .claim.verified').count()).toBe(1);
    expect(await page.locator('#report').innerText()).toContain(formatNumber(s * (1 - s) * 2));

    expect(w.errors).toEqual([]);
    expect(w.requests.every((u) => u.startsWith(server.url) || u.startsWith('data:'))).toBe(true);
    await page.close();
  });

  it('switches the playground to Korean: the report and the errors, and the page\'s lang', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const w = watch(page);
    await page.goto(server.url);
    await page.waitForFunction(() => Number(document.body.dataset.generation) >= 1);
    const before = Number(await page.locator('body').getAttribute('data-generation'));
    await page.locator('#lang').selectOption('ko');
    await page.waitForFunction((n) => Number(document.body.dataset.generation) > n, before);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    expect(await page.locator('#report #graph h2').innerText()).toBe('계산 그래프');
    // The interface's own words follow the switch: heading, labels, tab title, status line.
    expect(await page.locator('.bar h1').innerText()).toBe('nabla 플레이그라운드');
    expect(await page.locator('label[for="source"]').innerText()).toBe('수식 (ASCII 또는 LaTeX)');
    expect(await page.title()).toBe('mlp-2-2-2.nabla (예제) — nabla 플레이그라운드');
    expect(await page.locator('#status').innerText()).toMatch(/^ASCII · 오류 없음 · \d+밀리초$/);
    await edit(page, 'y = sin(x');
    expect(await page.locator('#problems .error pre').innerText()).toContain('"("을(를) 닫는 ")"이(가) 와야 할 자리에');
    expect(await page.locator('#status').innerText()).toContain('오류 1개');
    expect(await page.locator('#problems .hint').innerText()).toBe('오류를 누르면 커서가 그 자리로 갑니다. 나머지 텍스트는 그대로 읽습니다.');
    await page.screenshot({ path: new URL('playground-ko.png', OUT).pathname });
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('shows hostile text literally: no element, no script, no dialog', async () => {
    // The report file: payloads in the source, error messages, claims, reasons and the title.
    const system = loadFile(HOSTILE);
    const claims: ClaimResult[] = [...checkSystemClaims(system),
      { line: 7, column: 1, text: `d(y)/d(w) = ${XSS}</script>`, status: 'unchecked', reason: `cannot read ${XSS}`, counterexample: { [XSS]: 1 } }];
    const file = join(dir, 'hostile.html');
    writeFileSync(file, renderHtml(report(system), { title: `${XSS}</script>`, claims }));
    const page = await browser.newPage();
    const w = watch(page);
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('.katex').count()).toBeGreaterThan(0); // math did render: the checks below are not vacuous
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    await page.locator('#source summary').click();
    const text = await page.locator('body').innerText();
    expect(text).toContain(XSS);
    expect(text).toContain('</script>');
    expect(await page.title()).toBe(`${XSS}</script>`);
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();

    // The playground, started on a file that tries to close the textarea.
    const hostileFile = join(dir, 'hostile.nabla');
    writeFileSync(hostileFile, `${HOSTILE}# </textarea>${XSS}\n`);
    const own = await startServer({ file: hostileFile });
    try {
      const play = await browser.newPage();
      const pw = watch(play);
      await play.goto(own.url);
      await play.waitForFunction(() => Number(document.body.dataset.generation) >= 1);
      expect(await play.locator('#source').inputValue()).toBe(`${HOSTILE}# </textarea>${XSS}\n`);
      expect(await play.locator('#problems .error').count()).toBeGreaterThanOrEqual(3);
      expect(await play.locator('#report .katex').count()).toBeGreaterThan(0);
      expect(await play.locator('img').count()).toBe(0);
      expect(await play.locator('#problems').innerText()).toContain(XSS);
      await edit(play, `${XSS}\n</script><script>alert(2)</script>\ny = 1 # ${XSS}`);
      expect(await play.locator('img').count()).toBe(0);
      expect(await play.locator('#problems').innerText()).toContain(XSS);
      expect(pw.dialogs).toEqual([]);
      expect(pw.errors).toEqual([]);
      await play.close();
    } finally {
      await own.close();
    }
  });
});
