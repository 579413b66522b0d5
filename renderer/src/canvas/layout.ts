import ELK from 'elkjs/lib/elk.bundled.js';
import type { Topology } from '../../../shared/topology/index.js';
import { linksOf, type Point } from '../model/edits.js';
import { NODE_HEIGHT, NODE_WIDTH } from './graph.js';

const elk = new ELK();

/** Left-to-right layered layout of the call graph (elkjs); returns a position per component. */
export async function autoLayout(t: Topology): Promise<Record<string, Point>> {
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.edgeRouting': 'SPLINES',
    },
    children: Object.keys(t.components).map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: linksOf(t)
      .filter((l) => l.kind !== 'scales')
      .map((l, i) => ({ id: `e${i}`, sources: [l.from], targets: [l.to] })),
  });
  const out: Record<string, Point> = {};
  for (const c of graph.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
