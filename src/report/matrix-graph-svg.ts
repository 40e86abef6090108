/**
 * The graph of a file in matrix algebra as an SVG picture (SPEC §4, §12):
 * one box per named node, whatever its shape, with its name, its shape and
 * the operation that makes it (`sigmoid`, `@`, `conv2d`), an edge from each
 * name to every definition that uses it; the nodes on the path of the first
 * gradient are highlighted. Update rules, and inputs only they use, are
 * left out, as in the scalar graph (graph-svg.ts).
 *
 * Invariant: formatting only — nodes, shapes and edges are the section's
 * (model-matrix.ts); every user-derived string is escaped.
 */

import dagre from '@dagrejs/dagre';
import type { EdgeLabel, GraphLabel, NodeLabel } from '@dagrejs/dagre';
import { shapeLabel } from '../matrix/shape.ts';
import { msg, say } from '../messages/format.ts';
import type { Language } from '../messages/message.ts';
import { escapeHtml } from './escape.ts';
import type { MatrixSection } from './model-matrix.ts';

const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';
const CHAR = 7.6;
const PAD = 9;

/** The SVG, or an empty string when there is nothing to draw. */
export function matrixGraphSvg(m: MatrixSection, lang: Language = 'en'): string {
  const rules = new Set(m.values.filter((v) => v.update).map((v) => v.name));
  const edges = m.edges.filter((e) => !rules.has(e.from) && !rules.has(e.to));
  const used = new Set(edges.map((e) => e.from));
  // Inputs only the update rules use (the rate) are left out with the rules.
  const drawn = m.values.filter((v) => !v.update && (v.role === 'definition' || used.has(v.name)));
  if (drawn.length === 0) return '';
  const first = m.gradients[0];
  const base = first?.wrt.replace(/\[.*$/, '');
  const wrt = [...m.written].find(([, w]) => w === base)?.[0] ?? base;
  const hl = new Set(first && wrt !== undefined ? [first.target, ...first.chain.map((f) => f.node), wrt] : []);
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 40, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const boxes = drawn.map((v) => {
    const lines = [m.written.get(v.name) ?? v.name, `(${shapeLabel(v.shape, lang)})`, ...(v.operation ? [v.operation] : [])];
    const width = Math.ceil(Math.max(...lines.map((l) => [...l].length)) * CHAR + 2 * PAD);
    const height = 16 * lines.length + 10;
    g.setNode(v.name, { width, height });
    return { v, lines, width, height };
  });
  for (const e of edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const graph = g.graph();
  const W = Math.ceil(graph.width ?? 0);
  const H = Math.ceil(graph.height ?? 0);
  const parts: string[] = [];
  for (const e of edges) {
    const pts: readonly { x: number; y: number }[] = g.edge(e.from, e.to)?.points ?? [];
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    parts.push(`<path class="edge${hl.has(e.from) && hl.has(e.to) ? ' hl' : ''}" d="${d}"/>`);
  }
  for (const b of boxes) {
    const n = g.node(b.v.name);
    const x = n.x - b.width / 2;
    const y = n.y - b.height / 2;
    const cls = `node ${b.v.role}${hl.has(b.v.name) ? ' hl' : ''}`;
    const text = b.lines.map((l, i) => `<text class="${i === 0 ? 'name' : 'line'}" x="${(x + PAD).toFixed(1)}" y="${(y + 18 + 16 * i).toFixed(1)}">${escapeHtml(l)}</text>`).join('');
    parts.push(`<g class="${cls}" data-node="${escapeHtml(b.v.name)}"><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${b.width}" height="${b.height}" rx="5"/>${text}</g>`);
  }
  const style = `<style>.nabla-mgraph text{font-family:${FONT};font-size:12px;fill:#1f2328}.nabla-mgraph .name{font-weight:700}`
    + '.nabla-mgraph .line{fill:#57606a}.nabla-mgraph rect{fill:#fff;stroke:#8c959f;stroke-width:1.2}.nabla-mgraph .input rect,.nabla-mgraph .free rect{fill:#f3f4f6}'
    + '.nabla-mgraph .hl rect{stroke:#0969da;stroke-width:2.2;fill:#ddf4ff}.nabla-mgraph .edge{fill:none;stroke:#c4c9d0;stroke-width:1.3}.nabla-mgraph .edge.hl{stroke:#0969da;stroke-width:2.4}</style>';
  return `<svg class="nabla-mgraph" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(say(msg('matrix.graph-aria', {}), lang))}">${style}${parts.join('')}</svg>`;
}
