/**
 * The computation graph as an SVG picture: the definitions as a layered DAG
 * from the inputs to the objective, an edge from each name to every
 * definition that uses it, each node a box with its name, its value and,
 * after a `derive`, its gradient d(target)/d(node) — as micrograd's
 * `draw_dot` shows `data` and `grad`. The paths of one derivative are
 * highlighted.
 *
 * Layout is dagre's (layered, Sugiyama style). Definitions that use a
 * derivative (update rules such as `w5_new`) are not drawn — eight of them
 * would crowd the picture — and neither are inputs only they use; a note
 * under the graph names them.
 *
 * Invariants: formatting only — what is drawn, the paths, node values and
 * gradients are the report model's (report/model-graph.ts); every
 * user-derived string is escaped; each edge and node carries `data-g`, the
 * indices of the report's gradients whose paths go through it, so a page
 * can move the highlight.
 */

import { msg, say } from '../messages/format.ts';
import type { Language } from '../messages/message.ts';
import dagre from '@dagrejs/dagre';
import type { Edge, EdgeLabel, GraphLabel, graphlib, NodeLabel } from '@dagrejs/dagre';
import { escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';
import { type GraphNode, MAX_GRAPH_NODES, type Report } from './model.ts';
import { maxOf } from '../expr/long-lists.ts';

export { MAX_GRAPH_NODES } from './model.ts';

export interface GraphSvgOptions {
  /** The derivative whose paths are highlighted (default: the report's first gradient). */
  readonly highlight?: { readonly target: string; readonly wrt: string };
  /** Prefix of the ids inside the SVG (markers), unique per page. */
  readonly idPrefix?: string;
  /** Add the `xmlns` attribute, for an `.svg` file on its own (inline SVG in HTML needs none). */
  readonly standalone?: boolean;
  /** The language of the notes and labels (SPEC §15; default English). */
  readonly lang?: Language;
}

/** Significant digits in the picture; the report's tables show all nine. */
const GRAPH_DIGITS = 6;

const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';
const NAME_SIZE = 13;
const LINE_SIZE = 11.5;
/** Advance of one monospace character, in em. */
const CHAR_EM = 0.62;
const PAD_X = 9;
const PAD_Y = 7;
const LINE_GAP = 15;
const NOTE_LINE = 16;

/** A node as drawn: the model's node, its gradient line and its box size. */
interface DrawnNode {
  readonly node: GraphNode;
  readonly grad?: number;
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** Smooth path through dagre's edge points: straight runs joined by quadratic corners. */
function edgePath(points: readonly { x: number; y: number }[]): string {
  const f = (v: number): string => (Math.round(v * 10) / 10).toString();
  const first = points[0];
  if (!first) return '';
  let d = `M${f(first.x)},${f(first.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const q = points[i + 1]!;
    d += ` Q${f(p.x)},${f(p.y)} ${f((p.x + q.x) / 2)},${f((p.y + q.y) / 2)}`;
  }
  const last = points[points.length - 1]!;
  if (points.length > 1) d += ` L${f(last.x)},${f(last.y)}`;
  return d;
}

const textWidth = (s: string, size: number): number => [...s].length * size * CHAR_EM;

function styleSheet(id: string): string {
  return `<style>
.nabla-graph text{font-family:${FONT};fill:#1f2328}
.nabla-graph .node rect{fill:#fff;stroke:#8c959f;stroke-width:1.2}
.nabla-graph .node.input rect,.nabla-graph .node.free rect{fill:#f3f4f6;stroke:#afb8c1}
.nabla-graph .node.target rect{stroke:#1f2328;stroke-width:2}
.nabla-graph .node .name{font-weight:700;font-size:${NAME_SIZE}px}
.nabla-graph .node .line{font-size:${LINE_SIZE}px;fill:#57606a}
.nabla-graph .node .grad{fill:#8250df}
.nabla-graph .edge{fill:none;stroke:#c4c9d0;stroke-width:1.3;marker-end:url(#${id}-arrow)}
.nabla-graph .edge.hl{stroke:#0969da;stroke-width:2.4;marker-end:url(#${id}-arrow-hl)}
.nabla-graph .node.hl rect{stroke:#0969da;stroke-width:2.2;fill:#ddf4ff}
.nabla-graph .note{font-size:12px;fill:#57606a}
</style>`;
}

/** The note under the graph: the update rules not drawn, and the inputs only they use. */
function notDrawnNote(report: Report, lang: Language): string[] {
  const { updates, onlyForUpdates } = report.graph;
  if (updates.length === 0) return [];
  const names = updates.map((n) => n.written);
  const list = names.length <= 4 ? names.join(', ') : `${names[0]}, ${names[1]}, … ${names[names.length - 1]}`;
  const rest = onlyForUpdates.length > 0 ? msg('graph.only-there', { names: onlyForUpdates.map((n) => n.written).join(', ') }) : msg('graph.period', {});
  return [say(msg('graph.not-drawn', { count: updates.length, list, rest }), lang)];
}

/** A picture of notes alone: nothing to draw, or too many nodes to draw. */
function notesOnlySvg(lines: readonly string[], id: string, xmlns: string, lang: Language): string {
  const width = maxOf(lines.map((l) => textWidth(l, 12))) + 16;
  const height = lines.length * NOTE_LINE + 12;
  return `<svg class="nabla-graph"${xmlns} viewBox="0 0 ${Math.ceil(width)} ${height}" width="${Math.ceil(width)}" height="${height}" role="img" aria-label="${escapeHtml(say(msg('graph.aria-short', {}), lang))}">`
    + `${styleSheet(id)}${lines.map((l, i) => `<text class="note" x="8" y="${18 + i * NOTE_LINE}">${escapeHtml(l)}</text>`).join('')}</svg>`;
}

/** Each node's box: its name, value and gradient lines, and the size they need. */
function drawnNode(node: GraphNode, grads: ReadonlyMap<string, number>, lang: Language): DrawnNode {
  const grad = grads.get(node.name);
  const lines = [
    ...(node.value !== undefined ? [`= ${formatNumber(node.value, GRAPH_DIGITS)}`] : []),
    ...(grad !== undefined ? [say(msg('graph.grad', { value: formatNumber(grad, GRAPH_DIGITS) }), lang)] : []),
  ];
  const width = Math.ceil(Math.max(textWidth(node.written, NAME_SIZE), ...lines.map((l) => textWidth(l, LINE_SIZE))) + 2 * PAD_X);
  const height = Math.ceil(2 * PAD_Y + NAME_SIZE + lines.length * LINE_GAP);
  return { node, grad, lines, width, height };
}

type Layout = graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>;

/** dagre's layered layout of the boxes and the model's edges, left to right. */
function layout(nodes: readonly DrawnNode[], report: Report): Layout {
  const g: Layout = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 46, edgesep: 8, marginx: 6, marginy: 6 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.node.name, { width: n.width, height: n.height });
  for (const e of report.graph.edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  return g;
}

/** The edges as paths, those of the highlighted gradient lit. */
function edgesMarkup(g: Layout, report: Report, highlighted: number): string[] {
  const paths = new Map(report.graph.edges.map((e) => [`${e.from}\u0000${e.to}`, e.paths]));
  return g.edges().map((e: Edge) => {
    const label = g.edge(e);
    const on = paths.get(`${e.v}\u0000${e.w}`) ?? [];
    const lit = on.includes(highlighted);
    return `<path class="edge${lit ? ' hl' : ''}" data-from="${escapeHtml(e.v)}" data-to="${escapeHtml(e.w)}" data-g="${on.join(' ')}" d="${edgePath(label.points ?? [])}"/>`;
  });
}

/** The node boxes at their laid-out places, with a tooltip of the full-precision numbers. */
function boxesMarkup(g: Layout, nodes: readonly DrawnNode[], report: Report, highlighted: number, gradTarget: string | undefined): string[] {
  const targets = new Set(report.gradients.map((gr) => gr.target));
  const written = (n: string): string => report.written.get(n) ?? n;
  return nodes.map(({ node, grad, lines, width, height }) => {
    const pos = g.node(node.name);
    const x = (pos.x ?? 0) - width / 2;
    const y = (pos.y ?? 0) - height / 2;
    const lit = node.paths.includes(highlighted);
    const classes = ['node', node.role, ...(targets.has(node.name) ? ['target'] : []), ...(lit ? ['hl'] : [])].join(' ');
    const tip = [`${node.written}`, ...(node.value !== undefined ? [`value ${formatNumber(node.value)}`] : []),
      ...(grad !== undefined && gradTarget !== undefined ? [`d(${written(gradTarget)})/d(${node.written}) = ${formatNumber(grad)}`] : [])].join('\n');
    const text = [`<text class="name" x="${PAD_X}" y="${PAD_Y + NAME_SIZE - 2}">${escapeHtml(node.written)}</text>`,
      ...lines.map((l, i) => `<text class="line${l.startsWith('=') ? '' : ' grad'}" x="${PAD_X}" y="${PAD_Y + NAME_SIZE - 2 + (i + 1) * LINE_GAP}">${escapeHtml(l)}</text>`)];
    return `<g class="${classes}" data-name="${escapeHtml(node.name)}" data-g="${node.paths.join(' ')}" transform="translate(${x.toFixed(1)},${y.toFixed(1)})">`
      + `<title>${escapeHtml(tip)}</title><rect width="${width}" height="${height}" rx="6"/>${text.join('')}</g>`;
  });
}

/** Index of the highlighted gradient in the report (-1 for none). */
function highlightIndex(report: Report, highlight: GraphSvgOptions['highlight']): number {
  if (!highlight) return report.gradients.length > 0 ? 0 : -1;
  return report.gradients.findIndex((g) => g.target === highlight.target && g.wrt === highlight.wrt);
}

/**
 * The computation graph of a report as SVG markup. Nodes show values and
 * gradients when the report has them; a report of the system alone
 * (`systemReport`) shows names only.
 */
export function renderGraphSvg(report: Report, options: GraphSvgOptions = {}): string {
  const id = (options.idPrefix ?? 'nabla-graph').replace(/[^A-Za-z0-9_-]/g, '_');
  const xmlns = options.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  const lang = options.lang ?? 'en';
  const notes = notDrawnNote(report, lang);
  const drawnCount = report.graph.nodes.length;
  if (drawnCount === 0 || drawnCount > MAX_GRAPH_NODES) {
    const why = say(drawnCount === 0 ? msg('graph.empty', {}) : msg('graph.too-many', { count: drawnCount, max: MAX_GRAPH_NODES }), lang);
    return notesOnlySvg([why, ...notes], id, xmlns, lang);
  }

  const highlighted = highlightIndex(report, options.highlight);
  const gradTarget = options.highlight?.target ?? report.gradients[0]?.target;
  const grads = (gradTarget !== undefined ? report.graph.nodeGradients.get(gradTarget) : undefined) ?? new Map<string, number>();
  const nodes = report.graph.nodes.map((n) => drawnNode(n, grads, lang));
  const g = layout(nodes, report);

  const graphWidth = Math.ceil(g.graph().width ?? 0);
  const graphHeight = Math.ceil(g.graph().height ?? 0);
  const noteWidth = Math.max(0, ...notes.map((l) => textWidth(l, 12) + 12));
  const width = Math.max(graphWidth, Math.ceil(noteWidth));
  const height = graphHeight + (notes.length > 0 ? notes.length * NOTE_LINE + 8 : 0);
  const noteText = notes.map((l, i) => `<text class="note" x="6" y="${graphHeight + 14 + i * NOTE_LINE}">${escapeHtml(l)}</text>`);
  const legend = gradTarget !== undefined && grads.size > 0 ? msg('graph.legend', { target: report.written.get(gradTarget) ?? gradTarget }) : '';

  return `<svg class="nabla-graph"${xmlns} viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(say(msg('graph.aria', { count: nodes.length, legend }), lang))}">`
    + styleSheet(id)
    + `<defs>`
    + `<marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="#c4c9d0"/></marker>`
    + `<marker id="${id}-arrow-hl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="#0969da"/></marker>`
    + `</defs>`
    + `<g class="edges">${edgesMarkup(g, report, highlighted).join('')}</g><g class="nodes">${boxesMarkup(g, nodes, report, highlighted, gradTarget).join('')}</g>${noteText.join('')}</svg>`;
}
