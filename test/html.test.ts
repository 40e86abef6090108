/**
 * The HTML report without a browser: self-contained (no http(s) reference,
 * fonts inlined), every equation's LaTeX renders in KaTeX with
 * throwOnError and strict, user text is escaped, the graph picture has its
 * nodes and highlighted paths, and files are written whole.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { loadFile, report, systemReport } from '../src/index.ts';
import { checkSystemClaims, type ClaimResult } from '../src/claims/check.ts';
import { type Expr, sym } from '../src/expr/node.ts';
import { mul } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import { buildSystem } from '../src/graph/system.ts';
import { escapeHtml, jsonForScript } from '../src/report/escape.ts';
import { katexCssInlined, renderHtml, renderReportBody } from '../src/report/html.ts';
import { renderGraphSvg } from '../src/report/graph-svg.ts';
import { writeFileAtomic } from '../src/io/write-atomic.ts';
import { formatNumber, tooLargeToPrint } from '../src/report/format.ts';
import { renderLatex } from '../src/report/latex.ts';

const MLP = readFileSync(new URL('../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');
const XENT = readFileSync(new URL('../samples/tanh-relu-xent.nabla', import.meta.url), 'utf8');

function page(text: string, options: { steps?: number } = {}): string {
  const system = loadFile(text);
  return renderHtml(report(system, options), { title: 'test', claims: checkSystemClaims(system) });
}

const unescape = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The LaTeX sources the page shows under its equations. */
const texSources = (html: string): string[] =>
  [...html.matchAll(/<code class="tex">([\s\S]*?)<\/code>/g)].map((m) => unescape(m[1]!));

describe('renderHtml', () => {
  const html = page(MLP);

  it('makes no http(s) reference: KaTeX fonts are inlined as data URLs', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(katexCssInlined()).not.toMatch(/https?:\/\//);
    expect(katexCssInlined()).not.toMatch(/url\((?!data:)/);
    expect(katexCssInlined()).toContain('url(data:font/woff2;base64,');
    expect(html).not.toMatch(/<(link|img|iframe|object)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    // One inline script, allowed by hash in the Content-Security-Policy.
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('renders every equation server-side, with no render error', () => {
    expect(html).toContain('class="katex"');
    expect(html).not.toContain('katex-error');
    expect(html).not.toContain('class="math-error"');
    expect(html).toContain('0.0821670406');
    expect(html).toContain('0.000438567734');
  });

  it('every LaTeX string it shows renders in KaTeX with throwOnError and strict', () => {
    for (const text of [MLP, XENT]) {
      const tex = texSources(page(text, { steps: text === MLP ? 3 : 0 }));
      expect(tex.length).toBeGreaterThan(10);
      for (const t of tex) {
        const body = t.startsWith('\\begin{align*}') ? t.replace('align*', 'aligned').replace('align*', 'aligned') : t;
        expect(() => katex.renderToString(body, { throwOnError: true, strict: 'error', trust: false, maxSize: 10, maxExpand: 100, displayMode: true }), t).not.toThrow();
      }
    }
  });

  it('shows the decomposition, expansions, badges, updates, claims and values', () => {
    expect(html).toContain('class="badge pass"');
    expect(html).toContain('class="expansion"'); // d(E)/d(out_h1) splits into two paths
    expect(html).toContain('id="updates"');
    expect(html).toContain('id="claims"');
    expect(html).toContain('class="badge verified"');
    expect(html).toContain('id="values"');
    expect(html).toContain('<svg class="nabla-graph"');
    // The graph comes before the decomposition.
    expect(html.indexOf('id="graph"')).toBeLessThan(html.indexOf('id="gradients"'));
  });

  it('shows the training table after steps', () => {
    const trained = page(MLP, { steps: 10 });
    expect(trained).toContain('id="training"');
    expect(trained).toMatch(/<td class="num">10<\/td>/);
  });

  it('escapes names with <, claim text, reasons, titles and error messages', () => {
    const statements = [
      { kind: 'define' as const, name: 'a<b', written: 'a<b', expr: sym('x'), span: { line: 1, column: 1, offset: 0, length: 1 } },
      { kind: 'define' as const, name: 'x', written: 'x', expr: sym('k'), span: { line: 2, column: 1, offset: 0, length: 1 } },
    ];
    const system = buildSystem(statements, 'a<b = x\nx = k', []);
    const r = report(system, { at: { k: 2 } });
    const claims: ClaimResult[] = [{
      line: 3, column: 1, text: '<img src=x onerror=alert(1)> = </script>', status: 'refuted',
      reason: '<b>bold</b> & "quoted"', lhs: 1, rhs: 2, counterexample: { '<i>': 1 },
    }];
    const out = renderHtml(r, { title: '<script>alert(1)</script>', claims });
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>bold');
    expect(out).not.toContain('<i>');
    expect(out).not.toContain('<script>alert');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt; = &lt;/script&gt;');
    expect(out).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(out.match(/<\/script>/g)).toHaveLength(1); // only the page's own
    const svg = renderGraphSvg(r);
    expect(svg).not.toContain('a<b');
    expect(svg).toContain('a&lt;b');

    const bad = loadFile('y = 1 + <img src=x onerror=alert(1)>\nz = 2');
    const withError = renderHtml(report(bad));
    expect(withError).toContain('Unexpected character');
    expect(withError).not.toContain('<img');
    expect(withError).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps user-written URLs as text, never as links', () => {
    const system = loadFile('y = 2*x\nx = 1\n# see https://example.com/notes\nderive y wrt x');
    const out = renderHtml(report(system), { claims: [{ line: 9, column: 1, text: 'see https://example.com', status: 'unchecked', reason: 'x' }] });
    const withoutSource = out.replace(/<pre class="source">[\s\S]*?<\/pre>/, '').replace(/<code class="claim-text">[^<]*<\/code>/, '');
    expect(withoutSource).not.toMatch(/https?:\/\//);
    expect(out).not.toMatch(/href=/);
  });

  it('renders a body without a report (the report could not be built)', () => {
    const system = loadFile('y = sigmoid(w*x)\nderive y wrt w');
    expect(() => report(system)).toThrow();
    const body = renderReportBody(systemReport(system), {});
    expect(body).toContain('<svg class="nabla-graph"');
    expect(body).not.toContain('id="gradients"');
  });
});

describe('the page header of a file in matrix algebra', () => {
  it('counts the matrix program\'s names and gradients (written by hand from the sample)', () => {
    const text = readFileSync(new URL('../samples/mlp-matrix.nabla', import.meta.url), 'utf8');
    const html = renderHtml(report(loadFile(text)));
    // x, t, W1, W2, b1, b2, eta are given values; h, o, E, W1_new, W2_new are formulas;
    // `derive E wrt W2, W1, b1, b2, h, W2[1,1]` asks for six gradients.
    expect(html).toContain('<p class="summary">5 definitions · 7 inputs · 6 gradients (6 of 6 pass the finite-difference check)');
  });
});

describe('renderReportBody size guard', () => {
  it('notes an expression too large to print with its size instead of rendering it, as the LaTeX view does', () => {
    const system = loadFile('y = sin(x)\nx = 0.5\nderive y wrt x');
    const r = report(system);
    // A DAG of 18 levels whose tree, written out, has over 2^18 nodes.
    let big: Expr = sym('x');
    for (let i = 0; i < 18; i++) big = mul(call('sin', [big]), call('cos', [big]));
    expect(tooLargeToPrint(big.size)).toBe(true);
    const g = r.gradients[0]!;
    const large = { ...r, gradients: [{ ...g, expr: big }] };
    const body = renderReportBody(large, {});
    expect(body).toContain(`too large to print: ${big.size} nodes`);
    expect(body).not.toContain('class="math-error"');
    expect(body.length).toBeLessThan(200_000);
    expect(renderLatex(large)).toContain(`\\text{(too large to print: ${big.size} nodes)}`);
  });
});

describe('renderGraphSvg', () => {
  const system = loadFile(MLP);
  const r = report(system);

  it('draws the definitions with values and gradients, update rules noted apart', () => {
    const svg = renderGraphSvg(r);
    for (const n of ['w5', 'w1', 'net_h1', 'out_h1', 'net_o1', 'out_o2', 'E']) expect(svg).toContain(`data-name="${n}"`);
    expect(svg).not.toContain('data-name="w5_new"');
    expect(svg).not.toContain('data-name="gamma"');
    expect(svg).toContain('Not drawn: 8 definitions using a derivative');
    expect(svg).toContain(`grad ${formatNumber(0.0821670406, 6)}`);
  });

  it('highlights exactly the paths of the chosen derivative', () => {
    const lit = (svg: string): string[] => [...svg.matchAll(/class="node [^"]*\bhl\b[^"]*" data-name="([^"]+)"/g)].map((m) => m[1]!).sort();
    expect(lit(renderGraphSvg(r, { highlight: { target: 'E', wrt: 'w5' } }))).toEqual(['E', 'net_o1', 'out_o1', 'w5']);
    expect(lit(renderGraphSvg(r, { highlight: { target: 'E', wrt: 'w1' } })))
      .toEqual(['E', 'net_h1', 'net_o1', 'net_o2', 'out_h1', 'out_o1', 'out_o2', 'w1']);
    const edges = [...renderGraphSvg(r, { highlight: { target: 'E', wrt: 'w1' } }).matchAll(/class="edge hl" data-from="([^"]+)" data-to="([^"]+)"/g)]
      .map((m) => `${m[1]}>${m[2]}`).sort();
    expect(edges).toEqual(['net_h1>out_h1', 'net_o1>out_o1', 'net_o2>out_o2', 'out_h1>net_o1', 'out_h1>net_o2', 'out_o1>E', 'out_o2>E', 'w1>net_h1']);
  });

  it('is a standalone SVG file on request', () => {
    expect(renderGraphSvg(r, { standalone: true })).toMatch(/^<svg class="nabla-graph" xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(renderGraphSvg(r)).not.toContain('xmlns');
  });
});

describe('escape helpers', () => {
  it('escapeHtml leaves no markup character', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('jsonForScript cannot close a script element and reads back the same', () => {
    const value = { s: '</script><!-- \u2028\u2029 & >' };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-atomic-'));

  it('writes the whole file and leaves no temporary file', () => {
    const path = join(dir, 'report.html');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new contents');
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('leaves the old file untouched when the write fails', () => {
    const path = join(dir, 'missing-dir', 'report.html');
    expect(() => writeFileAtomic(path, 'x')).toThrow();
    const target = join(dir, 'a-directory');
    mkdirSync(target);
    expect(() => writeFileAtomic(target, 'x')).toThrow(); // a file cannot be renamed over a directory
    expect(statSync(target).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
