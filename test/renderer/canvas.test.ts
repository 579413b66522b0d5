import { describe, expect, it } from 'vitest';
import { commandForKey } from '../../renderer/src/shortcuts.js';
import { freeSpot, NODE_HEIGHT, NODE_WIDTH, positionsOf, toGraph } from '../../renderer/src/canvas/graph.js';
import { estimate } from '../../models/analytic/index.js';
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
});
