/**
 * The topology as an SVG diagram: one box per component, coloured by kind, and an arrow per
 * call. Positions come from the file's `layout` when it places every component, else from a
 * layered layout by call depth (sources on the left).
 */
import type { Topology } from '../topology/index.js';
import { escapeHtml, fmtNumber } from './format.js';

export interface Edge {
  from: string;
  to: string;
  /** Asynchronous (fire and forget, queue consumer) or a control link (autoscaler → pool). */
  style: 'sync' | 'async' | 'control';
}

/** Every caller → callee link of a topology, deduplicated, in a stable order. */
export function edgesOf(topology: Topology): Edge[] {
  const seen = new Map<string, Edge>();
  const add = (from: string, to: string, style: Edge['style']) => {
    if (!(to in topology.components)) return;
    const key = `${from}\u0000${to}`;
    const old = seen.get(key);
    if (!old || (old.style !== 'sync' && style === 'sync')) seen.set(key, { from, to, style });
  };
  for (const [id, c] of Object.entries(topology.components)) {
    switch (c.kind) {
      case 'source':
        for (const e of c.endpoints) add(id, e.to, 'sync');
        break;
      case 'gateway':
        for (const r of Object.values(c.routes)) add(id, r.to, 'sync');
        break;
      case 'loadBalancer':
        for (const t of c.targets) add(id, t.to, 'sync');
        break;
      case 'service':
      case 'serverless':
        for (const h of Object.values(c.handlers))
          for (const call of h.calls ?? []) add(id, call.to, call.mode === 'async' ? 'async' : 'sync');
        break;
      case 'cache':
        if (c.miss) add(id, c.miss.to, 'sync');
        break;
      case 'queue':
        add(id, c.consumer.to, 'async');
        break;
      case 'autoscaler':
        add(id, c.target, 'control');
        break;
      default:
        break;
    }
  }
  return [...seen.values()];
}

/** Fill and stroke per component kind (light theme, prints in grey scale legibly). */
export const KIND_COLORS: Record<string, { fill: string; stroke: string; label: string }> = {
  source: { fill: '#eef2ff', stroke: '#4f46e5', label: 'traffic source' },
  gateway: { fill: '#f0f9ff', stroke: '#0284c7', label: 'API gateway' },
  loadBalancer: { fill: '#ecfeff', stroke: '#0e7490', label: 'load balancer' },
  service: { fill: '#f0fdf4', stroke: '#15803d', label: 'service' },
  serverless: { fill: '#f7fee7', stroke: '#4d7c0f', label: 'serverless' },
  cache: { fill: '#fff7ed', stroke: '#c2410c', label: 'cache' },
  database: { fill: '#fdf4ff', stroke: '#a21caf', label: 'database' },
  queue: { fill: '#fefce8', stroke: '#a16207', label: 'queue' },
  autoscaler: { fill: '#f8fafc', stroke: '#64748b', label: 'autoscaler' },
  external: { fill: '#fef2f2', stroke: '#b91c1c', label: 'external API' },
};

const BOX_W = 168;
const BOX_H = 56;
const GAP_X = 76;
const GAP_Y = 28;
const MARGIN = 16;

/** Call depth of every component: sources 0, then the longest path from a source (cycles broken). */
function layers(topology: Topology, edges: Edge[]): Map<string, number> {
  const ids = Object.keys(topology.components).sort();
  const out = new Map<string, string[]>();
  for (const e of edges)
    if (e.style !== 'control') (out.get(e.from) ?? out.set(e.from, []).get(e.from))!.push(e.to);
  const depth = new Map<string, number>();
  const hasIncoming = new Set(edges.filter((e) => e.style !== 'control').map((e) => e.to));
  const roots = ids.filter((id) => topology.components[id]?.kind === 'source' || !hasIncoming.has(id));
  const visit = (id: string, d: number, path: Set<string>) => {
    if (path.has(id) || (depth.get(id) ?? -1) >= d || d > ids.length) return;
    depth.set(id, d);
    path.add(id);
    for (const next of out.get(id) ?? []) visit(next, d + 1, path);
    path.delete(id);
  };
  for (const r of roots) if (topology.components[r]?.kind !== 'autoscaler') visit(r, 0, new Set());
  for (const id of ids)
    if (!depth.has(id) && topology.components[id]?.kind !== 'autoscaler') visit(id, 0, new Set());
  // An autoscaler sits in the column of the pool it scales.
  for (const e of edges) if (e.style === 'control') depth.set(e.from, depth.get(e.to) ?? 0);
  for (const id of ids) if (!depth.has(id)) depth.set(id, 0);
  return depth;
}

/** Top-left corner of every box, in diagram units. */
function positions(topology: Topology, edges: Edge[]): Map<string, { x: number; y: number }> {
  const ids = Object.keys(topology.components);
  const nodes = topology.layout?.nodes;
  if (nodes && ids.length > 0 && ids.every((id) => nodes[id] !== undefined)) {
    const pos = new Map(ids.map((id) => [id, { x: nodes[id]!.x, y: nodes[id]!.y }]));
    // Scale the canvas layout to the smallest size at which no two boxes overlap (compact, legible).
    let scale = 0;
    for (const a of ids)
      for (const b of ids) {
        if (a >= b) continue;
        const pa = pos.get(a)!;
        const pb = pos.get(b)!;
        const dx = Math.abs(pa.x - pb.x);
        const dy = Math.abs(pa.y - pb.y);
        const need = Math.min(dx > 0 ? (BOX_W + 24) / dx : Infinity, dy > 0 ? (BOX_H + 20) / dy : Infinity);
        if (Number.isFinite(need) && need > scale) scale = need;
      }
    scale = scale === 0 ? 1 : Math.min(20, Math.max(0.05, scale));
    for (const p of pos.values()) {
      p.x *= scale;
      p.y *= scale;
    }
    return pos;
  }
  const depth = layers(topology, edges);
  const columns = new Map<number, string[]>();
  for (const id of [...ids].sort()) {
    const d = depth.get(id) ?? 0;
    (columns.get(d) ?? columns.set(d, []).get(d))!.push(id);
  }
  const pos = new Map<string, { x: number; y: number }>();
  const tallest = Math.max(...[...columns.values()].map((c) => c.length));
  for (const [d, col] of columns) {
    const offset = ((tallest - col.length) * (BOX_H + GAP_Y)) / 2;
    col.forEach((id, i) => pos.set(id, { x: d * (BOX_W + GAP_X), y: offset + i * (BOX_H + GAP_Y) }));
  }
  return pos;
}

/** Point where the segment from the box centre towards (tx, ty) leaves the box. */
function border(cx: number, cy: number, tx: number, ty: number): [number, number] {
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const sx = dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [cx + dx * s, cy + dy * s];
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Short capacity line under a box's name, e.g. "6 × 4 cores". */
function detail(topology: Topology, id: string): string {
  const c = topology.components[id]!;
  switch (c.kind) {
    case 'service':
      return `${KIND_COLORS.service!.label} · ${fmtNumber(c.instances)} × ${fmtNumber(c.cores)} cores`;
    case 'database':
      return `database · ${fmtNumber(c.cores)} cores${c.replicas ? ` · ${c.replicas} replicas` : ''}`;
    case 'source':
      return c.workload.type === 'open'
        ? `source · ${fmtNumber(c.workload.rateRps)} req/s`
        : `source · ${fmtNumber(c.workload.users)} users`;
    case 'autoscaler':
      return `autoscaler · ${c.minInstances}–${c.maxInstances}`;
    case 'serverless':
      return `serverless · ≤ ${fmtNumber(c.concurrencyLimit)}`;
    default:
      return KIND_COLORS[c.kind]?.label ?? c.kind;
  }
}

/** The diagram as an inline SVG element (width 100%, scales with the page). */
export function topologySvg(
  topology: Topology,
  utilization: ReadonlyMap<string, number | null> = new Map(),
): string {
  const edges = edgesOf(topology);
  const pos = positions(topology, edges);
  if (pos.size === 0) return '<p class="muted">The design has no components.</p>';
  const xs = [...pos.values()].map((p) => p.x);
  const ys = [...pos.values()].map((p) => p.y);
  const minX = Math.min(...xs) - MARGIN;
  const minY = Math.min(...ys) - MARGIN;
  const width = Math.max(...xs) + BOX_W + MARGIN - minX;
  const height = Math.max(...ys) + BOX_H + MARGIN - minY;
  const parts: string[] = [];
  parts.push(
    `<svg class="diagram" role="img" aria-label="Topology diagram" xmlns="http://www.w3.org/2000/svg" viewBox="${fmt(minX)} ${fmt(minY)} ${fmt(width)} ${fmt(height)}" style="max-width:${fmt(Math.max(width, 320))}px">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475569"/></marker></defs>',
  );
  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b || e.from === e.to) continue;
    const [ax, ay] = [a.x + BOX_W / 2, a.y + BOX_H / 2];
    const [bx, by] = [b.x + BOX_W / 2, b.y + BOX_H / 2];
    const [x1, y1] = border(ax, ay, bx, by);
    const [x2, y2] = border(bx, by, ax, ay);
    const dash = e.style === 'sync' ? '' : ` stroke-dasharray="${e.style === 'async' ? '6 4' : '2 3'}"`;
    parts.push(
      `<line x1="${fmt(x1)}" y1="${fmt(y1)}" x2="${fmt(x2)}" y2="${fmt(y2)}" stroke="#475569" stroke-width="1.5"${dash} marker-end="url(#arrow)"/>`,
    );
  }
  for (const [id, p] of [...pos.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const c = topology.components[id]!;
    const colors = KIND_COLORS[c.kind] ?? { fill: '#fff', stroke: '#334155', label: c.kind };
    const u = utilization.get(id);
    const hot = u !== undefined && u !== null && u >= 0.8;
    parts.push(
      `<g><title>${escapeHtml(`${c.name} (${id})`)}</title>`,
      `<rect x="${fmt(p.x)}" y="${fmt(p.y)}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${colors.fill}" stroke="${hot ? '#dc2626' : colors.stroke}" stroke-width="${hot ? 2.5 : 1.5}"/>`,
      `<text x="${fmt(p.x + 10)}" y="${fmt(p.y + 22)}" font-size="13" font-weight="600" fill="#0f172a">${escapeHtml(truncate(c.name, 22))}</text>`,
      `<text x="${fmt(p.x + 10)}" y="${fmt(p.y + 40)}" font-size="10.5" fill="#475569">${escapeHtml(truncate(detail(topology, id), u !== undefined && u !== null ? 20 : 30))}</text>`,
    );
    if (u !== undefined && u !== null)
      parts.push(
        `<text x="${fmt(p.x + BOX_W - 8)}" y="${fmt(p.y + 40)}" font-size="10.5" font-weight="600" text-anchor="end" fill="${hot ? '#dc2626' : '#334155'}">${fmtNumber(u * 100, 0)}%</text>`,
      );
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Coordinates with at most one decimal (smaller files, stable output). */
function fmt(x: number): string {
  return String(Math.round(x * 10) / 10);
}
