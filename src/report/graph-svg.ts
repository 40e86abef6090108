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
 * Invariants: formatting only — node values and gradients are the model's
 * numbers (a node's gradient is the product of the model's factor values
 * from the target down to it); every user-derived string is escaped; each
 * edge and node carries `data-g`, the indices of the report's gradients
 * whose paths go through it, so a page can move the highlight.
 */

import dagre from '@dagrejs/dagre';
import type { Edge, EdgeLabel, GraphLabel, NodeLabel } from '@dagrejs/dagre';
import { containsDerivative } from '../expr/walk.ts';
import { dependencies, type System } from '../graph/system.ts';
import { escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';
import type { Report, ValuedSum } from './model.ts';

export interface GraphSvgOptions {
  /** The derivative whose paths are highlighted (default: the report's first gradient). */
  readonly highlight?: { readonly target: string; readonly wrt: string };
  /** Prefix of the ids inside the SVG (markers), unique per page. */
  readonly idPrefix?: string;
  /** Add the `xmlns` attribute, for an `.svg` file on its own (inline SVG in HTML needs none). */
  readonly standalone?: boolean;
}

/** Larger systems are not drawn: the picture would be unreadable and the layout slow. */
export const MAX_GRAPH_NODES = 400;
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

type Role = 'input' | 'free' | 'definition';

interface DrawnNode {
  readonly name: string;
  readonly label: string;
  readonly role: Role;
  readonly value?: number;
  readonly grad?: number;
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** d(target)/d(node) for every node on a path of the target's gradients: prefix products of factor values. */
function nodeGradients(report: Report, target: string): Map<string, number> {
  const grads = new Map<string, number>([[target, 1]]);
  const walk = (s: ValuedSum): void => {
    grads.set(s.wrt, s.value);
    for (const term of s.terms) {
      let product = 1;
      for (const f of term.factors) {
        if (f.expansion) walk(f.expansion);
        product *= f.value;
        if (!grads.has(f.wrt)) grads.set(f.wrt, product);
      }
    }
  };
  for (const g of report.gradients) if (g.target === target) walk(g.chain);
  return grads;
}

/** Names reachable from `start` along `next`, `start` included. */
function reach(start: string, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
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

/**
 * The computation graph of `system` as SVG markup. With a report, nodes
 * show values and gradients; without one (a report that could not be
 * built), only names.
 */
export function renderGraphSvg(system: System, report: Report | undefined, options: GraphSvgOptions = {}): string {
  const id = (options.idPrefix ?? 'nabla-graph').replace(/[^A-Za-z0-9_-]/g, '_');
  const xmlns = options.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  const written = (n: string): string => report?.written.get(n) ?? system.written.get(n) ?? n;
  const values = new Map(report?.values.map((v) => [v.name, v]) ?? []);

  // What is drawn: definitions that use no derivative, and the names they use.
  const updates = system.order.filter((n) => containsDerivative(system.definitions.get(n)!.rhs));
  const skipped = new Set(updates);
  const uses = new Map<string, string[]>();
  for (const n of system.order) {
    if (skipped.has(n)) continue;
    const def = system.definitions.get(n)!;
    if (def.input) continue;
    uses.set(n, dependencies(def.rhs).map((s) => s.name).filter((m) => system.definitions.has(m) || system.free.includes(m)));
  }
  const usedByDrawn = new Set([...uses.values()].flat());
  const drawnNames = [
    ...system.order.filter((n) => !skipped.has(n) && (uses.has(n) || usedByDrawn.has(n))),
    ...system.free.filter((n) => usedByDrawn.has(n)),
  ];
  const onlyForUpdates = [...system.inputs, ...system.free].filter((n) => !usedByDrawn.has(n) && !uses.has(n));

  const notes: string[] = [];
  if (updates.length > 0) {
    const names = updates.map(written);
    const list = names.length <= 4 ? names.join(', ') : `${names[0]}, ${names[1]}, … ${names[names.length - 1]}`;
    notes.push(`Not drawn: ${updates.length} definition${updates.length === 1 ? '' : 's'} using a derivative (${list})`
      + (onlyForUpdates.length > 0 ? ` and ${onlyForUpdates.map(written).join(', ')}, used only there.` : '.'));
  }

  if (drawnNames.length === 0 || drawnNames.length > MAX_GRAPH_NODES) {
    const why = drawnNames.length === 0
      ? 'No definitions to draw.'
      : `The graph has ${drawnNames.length} nodes; pictures stop at ${MAX_GRAPH_NODES}.`;
    const lines = [why, ...notes];
    const width = Math.max(...lines.map((l) => textWidth(l, 12))) + 16;
    const height = lines.length * NOTE_LINE + 12;
    return `<svg class="nabla-graph"${xmlns} viewBox="0 0 ${Math.ceil(width)} ${height}" width="${Math.ceil(width)}" height="${height}" role="img" aria-label="Computation graph">`
      + `${styleSheet(id)}${lines.map((l, i) => `<text class="note" x="8" y="${18 + i * NOTE_LINE}">${escapeHtml(l)}</text>`).join('')}</svg>`;
  }

  // Paths of each gradient: edges from a name reachable from wrt to a name the target depends on.
  const forward = new Map<string, string[]>();
  const backward = new Map<string, string[]>();
  for (const [n, deps] of uses) {
    backward.set(n, deps);
    for (const d of deps) forward.set(d, [...(forward.get(d) ?? []), n]);
  }
  const gradients = report?.gradients ?? [];
  const pathSets = gradients.map((g) => ({ from: reach(g.wrt, forward), to: reach(g.target, backward) }));
  const onPath = (i: number, u: string, v: string): boolean => {
    const p = pathSets[i]!;
    return p.from.has(u) && p.to.has(v);
  };
  const nodeOnPath = (i: number, n: string): boolean => {
    const p = pathSets[i]!;
    return p.from.has(n) && p.to.has(n);
  };
  const hlTarget = options.highlight?.target ?? gradients[0]?.target;
  const hlWrt = options.highlight?.wrt ?? gradients[0]?.wrt;
  const hl = hlTarget !== undefined && hlWrt !== undefined
    ? { from: reach(hlWrt, forward), to: reach(hlTarget, backward) }
    : undefined;

  const gradTarget = hlTarget;
  const grads = report && gradTarget !== undefined ? nodeGradients(report, gradTarget) : new Map<string, number>();

  const nodes: DrawnNode[] = drawnNames.map((name) => {
    const v = values.get(name);
    const role: Role = v?.role ?? (system.free.includes(name) ? 'free' : system.definitions.get(name)?.input ? 'input' : 'definition');
    const grad = grads.get(name);
    const lines = [
      ...(v ? [`= ${formatNumber(v.value, GRAPH_DIGITS)}`] : []),
      ...(grad !== undefined ? [`grad ${formatNumber(grad, GRAPH_DIGITS)}`] : []),
    ];
    const label = written(name);
    const width = Math.ceil(Math.max(textWidth(label, NAME_SIZE), ...lines.map((l) => textWidth(l, LINE_SIZE))) + 2 * PAD_X);
    const height = Math.ceil(2 * PAD_Y + NAME_SIZE + lines.length * LINE_GAP);
    return { name, label, role, value: v?.value, grad, lines, width, height };
  });

  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 46, edgesep: 8, marginx: 6, marginy: 6 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.name, { width: n.width, height: n.height });
  for (const [n, deps] of uses) for (const d of new Set(deps)) g.setEdge(d, n);
  dagre.layout(g);

  const graphWidth = Math.ceil(g.graph().width ?? 0);
  const graphHeight = Math.ceil(g.graph().height ?? 0);
  const noteWidth = Math.max(0, ...notes.map((l) => textWidth(l, 12) + 12));
  const width = Math.max(graphWidth, Math.ceil(noteWidth));
  const height = graphHeight + (notes.length > 0 ? notes.length * NOTE_LINE + 8 : 0);
  const indices = (test: (i: number) => boolean): string => gradients.map((_, i) => i).filter(test).join(' ');

  const edges = g.edges().map((e: Edge) => {
    const label = g.edge(e);
    const lit = hl !== undefined && hl.from.has(e.v) && hl.to.has(e.w);
    const dataG = indices((i) => onPath(i, e.v, e.w));
    return `<path class="edge${lit ? ' hl' : ''}" data-from="${escapeHtml(e.v)}" data-to="${escapeHtml(e.w)}" data-g="${dataG}" d="${edgePath(label.points ?? [])}"/>`;
  });

  const targets = new Set(gradients.map((gr) => gr.target));
  const boxes = nodes.map((n) => {
    const pos = g.node(n.name);
    const x = (pos.x ?? 0) - n.width / 2;
    const y = (pos.y ?? 0) - n.height / 2;
    const lit = hl !== undefined && hl.from.has(n.name) && hl.to.has(n.name);
    const classes = ['node', n.role, ...(targets.has(n.name) ? ['target'] : []), ...(lit ? ['hl'] : [])].join(' ');
    const tip = [`${n.label}`, ...(n.value !== undefined ? [`value ${formatNumber(n.value)}`] : []),
      ...(n.grad !== undefined && gradTarget !== undefined ? [`d(${written(gradTarget)})/d(${n.label}) = ${formatNumber(n.grad)}`] : [])].join('\n');
    const text = [`<text class="name" x="${PAD_X}" y="${PAD_Y + NAME_SIZE - 2}">${escapeHtml(n.label)}</text>`,
      ...n.lines.map((l, i) => `<text class="line${l.startsWith('grad') ? ' grad' : ''}" x="${PAD_X}" y="${PAD_Y + NAME_SIZE - 2 + (i + 1) * LINE_GAP}">${escapeHtml(l)}</text>`)];
    return `<g class="${classes}" data-name="${escapeHtml(n.name)}" data-g="${indices((i) => nodeOnPath(i, n.name))}" transform="translate(${x.toFixed(1)},${y.toFixed(1)})">`
      + `<title>${escapeHtml(tip)}</title><rect width="${n.width}" height="${n.height}" rx="6"/>${text.join('')}</g>`;
  });

  const noteText = notes.map((l, i) => `<text class="note" x="6" y="${graphHeight + 14 + i * NOTE_LINE}">${escapeHtml(l)}</text>`);
  const legend = gradTarget !== undefined && grads.size > 0 ? ` grad is d(${written(gradTarget)})/d(node).` : '';

  return `<svg class="nabla-graph"${xmlns} viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`Computation graph: ${nodes.length} nodes.${legend}`)}">`
    + styleSheet(id)
    + `<defs>`
    + `<marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="#c4c9d0"/></marker>`
    + `<marker id="${id}-arrow-hl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="#0969da"/></marker>`
    + `</defs>`
    + `<g class="edges">${edges.join('')}</g><g class="nodes">${boxes.join('')}</g>${noteText.join('')}</svg>`;
}
