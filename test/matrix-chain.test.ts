/**
 * The chain of a matrix gradient (SPEC §4 in matrix form, §12): every factor
 * along the graph (∂E/∂o, ∂E/∂h), every δ and every gradient of the seed
 * network in matrix form, checked entry by entry against the scalar engine
 * on samples/mlp-2-2-2.nabla (an oracle that shares none of the matrix
 * code); the shapes of the factors chain; the views carry it (terminal,
 * JSON, LaTeX through KaTeX); large values are abbreviated with their norm.
 */
import { readFileSync } from 'node:fs';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { loadFile, report } from '../src/index.ts';
import { main } from '../src/cli/main.ts';
import { compactValue } from '../src/report/matrix-chain-view.ts';

const sample = (name: string): string => readFileSync(new URL(`../samples/${name}`, import.meta.url), 'utf8');

async function cli(args: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const status = await main(args, { stdout: (s) => { stdout += s; }, stderr: () => {}, color: false, stderrIsTTY: false });
  return { status, stdout };
}

/** ∂E/∂name from the scalar network, as the scalar engine reports it. */
function scalarGradients(): Map<string, number> {
  const names = ['out_o1', 'out_o2', 'out_h1', 'out_h2', 'net_o1', 'net_o2', 'net_h1', 'net_h2', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8'];
  const r = report(loadFile(`${sample('mlp-2-2-2.nabla')}\nderive E wrt ${names.join(', ')}\n`));
  return new Map(r.gradients.map((g) => [g.wrt, g.value]));
}

const close = (a: number, b: number): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(b));
};

describe('the chain of samples/mlp-matrix.nabla', () => {
  const scalar = scalarGradients();
  const section = report(loadFile(sample('mlp-matrix.nabla'))).matrix!;
  const w1 = section.gradients.find((g) => g.wrt === 'W1')!;

  it('has ∂E/∂o and ∂E/∂h along the way to W1, each equal to the scalar network\'s ∂E/∂out', () => {
    expect(w1.chain.map((f) => f.node)).toEqual(['o', 'h']);
    const [o, h] = w1.chain;
    close(o!.value.data[0]!, scalar.get('out_o1')!);
    close(o!.value.data[1]!, scalar.get('out_o2')!);
    close(h!.value.data[0]!, scalar.get('out_h1')!);
    close(h!.value.data[1]!, scalar.get('out_h2')!);
  });

  it('has δ_o and δ_h equal to the scalar network\'s ∂E/∂net', () => {
    const d = new Map(section.deltas.map((x) => [x.name, x.value!]));
    close(d.get('delta_o')!.data[0]!, scalar.get('net_o1')!);
    close(d.get('delta_o')!.data[1]!, scalar.get('net_o2')!);
    close(d.get('delta_h')!.data[0]!, scalar.get('net_h1')!);
    close(d.get('delta_h')!.data[1]!, scalar.get('net_h2')!);
  });

  it('gives ∂E/∂W1 and ∂E/∂W2 equal to the scalar ∂E/∂w1…w8 (W[i,j] is the weight from j to i)', () => {
    const w = (name: string) => section.gradients.find((g) => g.wrt === name)!.value.data;
    ['w1', 'w2', 'w3', 'w4'].forEach((n, k) => close(w('W1')[k]!, scalar.get(n)!));
    ['w5', 'w6', 'w7', 'w8'].forEach((n, k) => close(w('W2')[k]!, scalar.get(n)!));
  });

  it('writes each factor with its shape, and the shapes of a product chain', () => {
    const h = w1.chain[1]!;
    expect(h.shaped).toBe('transpose(W2) (2x2) @ delta_o (2)');
    expect(w1.deltaShaped).toBe('delta_h (2) @ transpose(x) (1x2)');
    for (const f of w1.chain) {
      const m = /^(.*) \((\d+)(?:x(\d+))?\) @ (.*) \((\d+)(?:x(\d+))?\)$/.exec(f.shaped);
      if (m) expect(Number(m[3] ?? 1)).toBe(Number(m[5]));
    }
  });
});

describe('the views', () => {
  it('the terminal states the layout once and shows the chain with shapes', async () => {
    const { status, stdout } = await cli(['run', 'samples/mlp-matrix.nabla', '--wrt', 'W1']);
    expect(status).toBe(0);
    expect(stdout.match(/layout of the denominator/g)).toHaveLength(1);
    expect(stdout).toContain('∂E/∂h  (2)  = transpose(W2) (2x2) @ delta_o (2)');
    expect(stdout).toContain('  = delta_h (2) @ transpose(x) (1x2)');
  });

  it('JSON gives the chain with values; LaTeX renders in KaTeX', async () => {
    const scalar = scalarGradients();
    const json = JSON.parse((await cli(['run', 'samples/mlp-matrix.nabla', '--wrt', 'W1', '--json'])).stdout);
    const chain = json.matrixGradients.E.W1.chain as { node: string; shape: number[]; value: number[] }[];
    expect(chain.map((c) => [c.node, c.shape])).toEqual([['o', [2]], ['h', [2]]]);
    close(chain[1]!.value[1]!, scalar.get('out_h2')!);
    close(json.deltas.E.delta_h.value[0], scalar.get('net_h1')!);
    const b1 = JSON.parse((await cli(['run', 'samples/mlp-matrix.nabla', '--wrt', 'b1', '--json'])).stdout).gradients.E.b1;
    expect(b1.chain).toEqual([]);
    close(b1.matrixChain[1].value[0], scalar.get('out_h1')!);
    const tex = (await cli(['run', 'samples/mlp-matrix.nabla', '--wrt', 'W1', '--latex'])).stdout;
    expect(tex).toContain('\\frac{\\partial E}{\\partial h}');
    const body = tex.replace(/\\begin\{align\*\}|\\end\{align\*\}/g, '');
    expect(() => katex.renderToString(`\\begin{aligned}${body}\\end{aligned}`, { throwOnError: true })).not.toThrow();
  });

  it('the HTML page draws the matrix nodes with their shapes, the path of the gradient highlighted', async () => {
    const { mkdtempSync, readFileSync: read } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'nabla-mgraph-')), 'm.html');
    expect((await cli(['run', 'samples/mlp-matrix.nabla', '--wrt', 'W1', '--html', file])).status).toBe(0);
    const html = read(file, 'utf8');
    const svg = html.slice(html.indexOf('<svg class="nabla-mgraph"'), html.indexOf('</svg>', html.indexOf('<svg class="nabla-mgraph"')));
    const nodes = new Map([...svg.matchAll(/<g class="node (\w+)( hl)?" data-node="(\w+)">(.*?)<\/g>/g)].map((m) => [m[3]!, { hl: m[2] !== undefined, text: m[4]! }]));
    expect([...nodes.keys()].sort()).toEqual(['E', 'W1', 'W2', 'b1', 'b2', 'h', 'o', 't', 'x'].sort());
    expect(nodes.get('W1')!.text).toContain('(2x2)');
    expect(nodes.get('h')!.text).toContain('(2)');
    expect(nodes.get('h')!.text).toContain('sigmoid');
    expect([...nodes].filter(([, n]) => n.hl).map(([k]) => k).sort()).toEqual(['E', 'W1', 'h', 'o']);
  });

  it('a large value is shown by its shape, its norm and its first entries', () => {
    const data = Float64Array.from({ length: 128 * 784 }, (_, k) => Math.sin(k));
    let sq = 0;
    for (const x of data) sq += x * x;
    const [line] = compactValue({ rows: 128, cols: 784, data });
    expect(line).toMatch(/^128x784, norm ([\d.]+), first row begins \[/);
    close(Number(/norm ([\d.]+)/.exec(line!)![1]), Number(Math.sqrt(sq).toPrecision(9)));
    expect(line).toContain(`${Number(Math.sin(1).toPrecision(9))}`);
  });
});
