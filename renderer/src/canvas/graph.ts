import type { Edge, Node } from '@xyflow/react';
import type { Component, Topology } from '../../../shared/topology/index.js';

export interface ComponentNodeData extends Record<string, unknown> {
  id: string;
  component: Component;
}

/** Ids a component sends requests to: every `to` field anywhere in it (endpoints, targets, calls). */
export function outgoingIds(component: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'to' && typeof v === 'string') found.add(v);
        else walk(v);
      }
    }
  };
  walk(component);
  return [...found];
}

const COLUMN_WIDTH = 240;
const ROW_HEIGHT = 110;

/** Default positions for components without a saved layout: columns by call depth from the sources. */
function autoPositions(topology: Topology): Map<string, { x: number; y: number }> {
  const ids = Object.keys(topology.components);
  const depth = new Map<string, number>();
  const queue = ids.filter((id) => topology.components[id]?.kind === 'source');
  for (const id of queue) depth.set(id, 0);
  while (queue.length) {
    const id = queue.shift() as string;
    for (const to of outgoingIds(topology.components[id])) {
      if (!depth.has(to) && topology.components[to]) {
        depth.set(to, (depth.get(id) ?? 0) + 1);
        queue.push(to);
      }
    }
  }
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const id of ids) {
    const col = depth.get(id) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    positions.set(id, { x: col * COLUMN_WIDTH, y: row * ROW_HEIGHT });
  }
  return positions;
}

/** xyflow nodes and edges derived from the document (the topology is the only truth). */
export function toGraph(topology: Topology): { nodes: Node<ComponentNodeData>[]; edges: Edge[] } {
  const auto = autoPositions(topology);
  const nodes = Object.entries(topology.components).map(([id, component]) => ({
    id,
    type: 'component',
    position: topology.layout?.nodes?.[id] ?? auto.get(id) ?? { x: 0, y: 0 },
    data: { id, component },
  }));
  const edges: Edge[] = [];
  for (const [id, component] of Object.entries(topology.components)) {
    for (const to of outgoingIds(component)) {
      if (topology.components[to])
        edges.push({ id: `${id}->${to}`, source: id, target: to, animated: false });
    }
  }
  return { nodes, edges };
}
