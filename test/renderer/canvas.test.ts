import { describe, expect, it } from 'vitest';
import { commandForKey } from '../../renderer/src/shortcuts.js';
import {
  freeSpot,
  NODE_HEIGHT,
  NODE_WIDTH,
  positionsOf,
  sourceLatency,
  toGraph,
} from '../../renderer/src/canvas/graph.js';
import { estimate, latencyPercentileMs } from '../../models/analytic/index.js';
import { autoLayout } from '../../renderer/src/canvas/layout.js';
import { linksOf } from '../../renderer/src/model/edits.js';
import { getTemplate } from '../../shared/templates/index.js';
import type { Topology } from '../../shared/topology/index.js';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods }) as KeyboardEvent;

describe('keyboard shortcuts', () => {
  it('maps Ctrl and Cmd shortcuts to commands', () => {
    expect(commandForKey(key('z', { ctrlKey: true }))).toBe('edit.undo');
    expect(commandForKey(key('Z', { metaKey: true, shiftKey: true }))).toBe('edit.redo');
    expect(commandForKey(key('y', { ctrlKey: true }))).toBe('edit.redo');
    expect(commandForKey(key('s', { ctrlKey: true }))).toBe('file.save');
    expect(commandForKey(key('S', { ctrlKey: true, shiftKey: true }))).toBe('file.saveAs');
    expect(commandForKey(key('d', { metaKey: true }))).toBe('edit.duplicate');
    expect(commandForKey(key('Enter', { ctrlKey: true }))).toBe('simulation.run');
    expect(commandForKey(key('Delete'))).toBe('edit.delete');
    expect(commandForKey(key('!', { shiftKey: true }))).toBe('view.fit');
  });
  it('leaves plain typing alone', () => {
    expect(commandForKey(key('z'))).toBeNull();
    expect(commandForKey(key('a'))).toBeNull();
    expect(commandForKey(key('Delete', { altKey: true }))).toBeNull();
  });
});

describe('canvas graph', () => {
  it('a keyboard-added node takes the nearest spot that overlaps no node', () => {
    const taken = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: NODE_WIDTH + 30, y: 0 }],
    ]);
    const p = freeSpot(taken, { x: 0, y: 0 });
    for (const q of taken.values())
      expect(Math.abs(q.x - p.x) >= NODE_WIDTH + 30 || Math.abs(q.y - p.y) >= NODE_HEIGHT + 30).toBe(true);
    expect(Math.abs(p.x) + Math.abs(p.y)).toBeLessThanOrEqual(NODE_WIDTH + NODE_HEIGHT + 60);
    expect(freeSpot(new Map(), { x: 40, y: 50 })).toEqual({ x: 40, y: 50 });
  });

  it('derives nodes and edges with rates, bottleneck and problems from the document', () => {
    const t = getTemplate('three-tier-web')?.topology as Topology;
    const est = estimate(t);
    const issues = [{ path: 'components.web.instances', message: 'x', severity: 'error' as const }];
    const g = toGraph(t, est, issues, ['web'], [], new Map([['alb', { x: 5, y: 6 }]]));
    expect(g.nodes.map((n) => n.id).sort()).toEqual(Object.keys(t.components).sort());
    const web = g.nodes.find((n) => n.id === 'web');
    expect(web?.selected).toBe(true);
    expect(web?.data.issues).toHaveLength(1);
    expect(web?.data.bottleneck).toBe(est.bottleneck === 'web');
    expect(g.nodes.find((n) => n.id === 'alb')?.position).toEqual({ x: 5, y: 6 });
    const edge = g.edges.find((e) => e.id === 'browsers->alb');
    expect(edge?.label).toBe('1.5k/s');
    const widths = g.edges.map((e) => Number(e.style?.strokeWidth));
    expect(Math.max(...widths)).toBeGreaterThan(Math.min(...widths));
    expect(positionsOf(t).get('mysql')).toEqual(t.layout?.nodes.mysql);
  });

  it('a traffic source shows the end-to-end p99 of its own requests; other nodes have none', () => {
    const t = getTemplate('microservices-gateway')?.topology as Topology;
    const est = estimate(t);
    const g = toGraph(t, est, [], [], [], new Map());
    const sources = g.nodes.filter((n) => n.data.component.kind === 'source');
    expect(sources.length).toBeGreaterThan(0);
    for (const n of sources) {
      const own = Object.fromEntries(Object.entries(est.endpoints).filter(([, e]) => e.sourceId === n.id));
      expect(n.data.p99Ms).toBe(latencyPercentileMs({ endpoints: own }, 99));
      // The p99 of a source's requests lies above their mean.
      const meanOwn =
        Object.values(own).reduce((s, e) => s + e.rateRps * e.meanMs, 0) /
        Object.values(own).reduce((s, e) => s + e.rateRps, 0);
      expect(n.data.p99Ms).toBeGreaterThan(meanOwn);
      expect(sourceLatency(est, n.id).meanMs).toBeCloseTo(meanOwn, 9);
    }
    if (sources.length === 1) {
      expect(sources[0]?.data.p99Ms).toBeCloseTo(est.endToEndP99Ms as number, 9);
      expect(sourceLatency(est, sources[0]?.id ?? '').meanMs).toBeCloseTo(est.endToEndMeanMs as number, 9);
    }
    expect(
      g.nodes.filter((n) => n.data.component.kind !== 'source').every((n) => n.data.p99Ms === null),
    ).toBe(true);
  });
});

describe('auto-layout', () => {
  it('orders the call graph in layers from left to right, callers before callees', async () => {
    const t = getTemplate('three-tier-web')?.topology as Topology;
    const pos = await autoLayout(t);
    expect(Object.keys(pos).sort()).toEqual(Object.keys(t.components).sort());
    const calls = linksOf(t).filter((l) => l.kind !== 'scales');
    expect(calls.length).toBeGreaterThan(3);
    for (const l of calls)
      expect(pos[l.from]?.x, `${l.from} → ${l.to}`).toBeLessThan(pos[l.to]?.x ?? -Infinity);
    // Nodes in one layer do not overlap.
    const ids = Object.keys(pos);
    for (const a of ids)
      for (const b of ids)
        if (a < b && pos[a]?.x === pos[b]?.x)
          expect(Math.abs((pos[a]?.y ?? 0) - (pos[b]?.y ?? 0))).toBeGreaterThanOrEqual(NODE_HEIGHT);
  });
});
