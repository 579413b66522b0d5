import type { Edge, Node } from '@xyflow/react';
import { latencyPercentileMs, type Estimate } from '../../../models/analytic/index.js';
import type { Component, Issue, Topology } from '../../../shared/topology/index.js';
import { linksOf, type Point } from '../model/edits.js';

/** Width and height of a node on the canvas, px (used by auto-layout and paste offsets). */
export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 96;

export interface ComponentNodeData extends Record<string, unknown> {
  id: string;
  component: Component;
  /** Estimated figures, when the estimate has them. */
  arrivalRps: number | null;
  utilization: number | null;
  meanResponseMs: number | null;
  /**
   * Estimated end-to-end p99 of a traffic source's requests, ms (Infinity when saturated); null for
   * other kinds (the estimator has a tail per endpoint, not per component) or without traffic.
   */
  p99Ms: number | null;
  bottleneck: boolean;
  /** Problems whose path is inside this component. */
  issues: Issue[];
}

const COLUMN_WIDTH = 260;
const ROW_HEIGHT = 130;

/** Default positions for components without a saved layout: columns by call depth from the sources. */
export function autoPositions(topology: Topology): Map<string, Point> {
  const ids = Object.keys(topology.components);
  const links = linksOf(topology);
  const depth = new Map<string, number>();
  const queue = ids.filter((id) => topology.components[id]?.kind === 'source');
  for (const id of queue) depth.set(id, 0);
  while (queue.length) {
    const id = queue.shift() as string;
    for (const l of links)
      if (l.from === id && !depth.has(l.to)) {
        depth.set(l.to, (depth.get(id) ?? 0) + 1);
        queue.push(l.to);
      }
  }
  const rows = new Map<number, number>();
  const positions = new Map<string, Point>();
  for (const id of ids) {
    const col = depth.get(id) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    positions.set(id, { x: col * COLUMN_WIDTH, y: row * ROW_HEIGHT });
  }
  return positions;
}

/** Position of every node: saved layout first, else the automatic columns. */
export function positionsOf(topology: Topology): Map<string, Point> {
  const auto = autoPositions(topology);
  const out = new Map<string, Point>();
  for (const id of Object.keys(topology.components))
    out.set(id, topology.layout?.nodes?.[id] ?? auto.get(id) ?? { x: 0, y: 0 });
  return out;
}

/** The nearest free place for a node to `want` (rings of candidate cells around it), in flow coordinates. */
export function freeSpot(taken: ReadonlyMap<string, Point>, want: Point): Point {
  const w = NODE_WIDTH + 30;
  const h = NODE_HEIGHT + 30;
  const free = (p: Point) =>
    [...taken.values()].every((q) => Math.abs(q.x - p.x) >= w || Math.abs(q.y - p.y) >= h);
  for (let ring = 0; ring < 12; ring++)
    for (let dy = -ring; dy <= ring; dy++)
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const p = { x: want.x + dx * w, y: want.y + dy * h };
        if (free(p)) return p;
      }
  return want;
}

/** Formats a rate for an edge label. */
export function formatRps(v: number): string {
  if (v >= 10_000) return `${(v / 1000).toFixed(0)}k/s`;
  if (v >= 1000) return `${(v / 1000).toFixed(1)}k/s`;
  if (v >= 10) return `${v.toFixed(0)}/s`;
  return `${v.toFixed(1)}/s`;
}

/**
 * End-to-end latency of the requests one traffic source sends (its endpoints only), ms: the
 * rate-weighted mean and the p99 of the mixture (Infinity when saturated; null without traffic).
 */
export function sourceLatency(
  est: Estimate,
  sourceId: string,
): { meanMs: number | null; p99Ms: number | null } {
  const own = Object.fromEntries(Object.entries(est.endpoints).filter(([, x]) => x.sourceId === sourceId));
  const parts = Object.values(own).filter((x) => x.rateRps > 0);
  const rate = parts.reduce((sum, x) => sum + x.rateRps, 0);
  return {
    meanMs: rate > 0 ? parts.reduce((sum, x) => sum + x.rateRps * x.meanMs, 0) / rate : null,
    p99Ms: latencyPercentileMs({ endpoints: own }, 99),
  };
}

/** xyflow nodes and edges derived from the document (the topology is the only truth). */
export function toGraph(
  topology: Topology,
  est: Estimate | null,
  issues: readonly Issue[],
  selectedNodes: readonly string[],
  selectedEdges: readonly string[],
  overlay: ReadonlyMap<string, Point>,
  measured: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): { nodes: Node<ComponentNodeData>[]; edges: Edge[] } {
  const positions = positionsOf(topology);
  const issuesBy = new Map<string, Issue[]>();
  for (const i of issues) {
    const m = /^components\.([a-z][a-z0-9-]*)/.exec(i.path);
    if (!m) continue;
    const list = issuesBy.get(m[1] as string) ?? [];
    list.push(i);
    issuesBy.set(m[1] as string, list);
  }
  const selected = new Set(selectedNodes);
  const nodes = Object.entries(topology.components).map(([id, component]) => {
    const e = est?.components[id];
    return {
      id,
      type: 'component',
      position: overlay.get(id) ?? positions.get(id) ?? { x: 0, y: 0 },
      selected: selected.has(id),
      measured: measured.get(id),
      ariaLabel: `${component.name}`,
      data: {
        id,
        component,
        arrivalRps: e ? e.arrivalRps : null,
        utilization: e ? e.utilization : null,
        meanResponseMs: e ? e.meanResponseMs : null,
        p99Ms: component.kind === 'source' && est ? sourceLatency(est, id).p99Ms : null,
        bottleneck: est?.bottleneck === id && (e?.utilization ?? 0) > 0,
        issues: issuesBy.get(id) ?? [],
      },
    };
  });
  const maxRps = Math.max(1, ...Object.values(est?.edgeRps ?? {}));
  const selectedEdgeSet = new Set(selectedEdges);
  const edges: Edge[] = linksOf(topology).map((l) => {
    const id = `${l.from}->${l.to}`;
    const rps = est?.edgeRps[id] ?? 0;
    const width = 1.25 + 4 * Math.sqrt(rps / maxRps);
    return {
      id,
      source: l.from,
      target: l.to,
      selected: selectedEdgeSet.has(id),
      className: `edge-${l.kind}`,
      type: l.kind === 'scales' ? 'straight' : 'default',
      label: l.kind === 'scales' ? 'scales' : rps > 0 ? formatRps(rps) : undefined,
      ariaLabel: `${topology.components[l.from]?.name ?? l.from} calls ${topology.components[l.to]?.name ?? l.to}`,
      style: { strokeWidth: l.kind === 'scales' ? 1.25 : width },
      animated: l.kind === 'async',
    };
  });
  return { nodes, edges };
}
