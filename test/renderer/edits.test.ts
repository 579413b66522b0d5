import { describe, expect, it } from 'vitest';
import { parseTopology, type Topology } from '../../shared/topology/index.js';
import { getTemplate } from '../../shared/templates/index.js';
import {
  addComponent,
  connect,
  connectionProblem,
  copyComponents,
  disconnect,
  linksOf,
  pasteComponents,
  removeComponents,
  setIn,
} from '../../renderer/src/model/edits.js';
import { createComponent, PALETTE_KINDS, uniqueId } from '../../renderer/src/model/components.js';
import { PRESETS } from '../../shared/presets/index.js';

const blank = (): Topology => ({ schemaVersion: 1, name: 'Test', components: {} });
const ok = (r: ReturnType<typeof connect>): Topology => {
  if ('error' in r) throw new Error(r.error);
  return r.topology;
};
const errorsOf = (t: Topology) => {
  const r = parseTopology(t);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

/** Builds clients → lb → web → db from the palette defaults. */
function threeTier() {
  let t = blank();
  const add = (kind: Parameters<typeof addComponent>[1]) => {
    const r = addComponent(t, kind, { x: 0, y: 0 });
    t = r.topology;
    return r.id;
  };
  const src = add('source');
  const lb = add('loadBalancer');
  const web = add('service');
  const db = add('database');
  t = ok(connect(t, src, lb));
  t = ok(connect(t, lb, web));
  t = ok(connect(t, web, db));
  return { t, src, lb, web, db };
}

describe('palette components', () => {
  it('every kind and preset gets a unique id and name', () => {
    let t = blank();
    for (const k of PALETTE_KINDS) t = addComponent(t, k, { x: 0, y: 0 }).topology;
    for (const p of PRESETS) t = addComponent(t, p.kind, { x: 0, y: 0 }, p.id).topology;
    const names = Object.values(t.components).map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(t.components)).toHaveLength(PALETTE_KINDS.length + PRESETS.length);
    expect(Object.keys(t.layout?.nodes ?? {})).toHaveLength(PALETTE_KINDS.length + PRESETS.length);
  });

  it('a preset keeps its fields and records its id', () => {
    const redis = PRESETS.find((p) => p.id === 'redis');
    expect(redis).toBeDefined();
    const { component } = createComponent(blank(), 'cache', 'redis');
    expect(component.preset).toBe('redis');
    expect(component.name).toBe('Redis');
  });

  it('uniqueId sanitizes and counts up', () => {
    const taken = new Set(['db', 'db-2']);
    expect(uniqueId('cache', (x) => taken.has(x))).toBe('cache');
    expect(uniqueId('DB', (x) => taken.has(x))).toBe('db-3');
    expect(uniqueId('9 Lives!', () => false)).toBe('lives');
  });
});

describe('connect', () => {
  it('builds a valid 3-tier topology writing to, targets and calls', () => {
    const { t, src, lb, web, db } = threeTier();
    expect(errorsOf(t)).toEqual([]);
    const s = t.components[src];
    const l = t.components[lb];
    const w = t.components[web];
    expect(s?.kind === 'source' && s.endpoints[0]?.to).toBe(lb);
    expect(l?.kind === 'loadBalancer' && l.targets.map((x) => x.to)).toEqual([web]);
    expect(w?.kind === 'service' && w.handlers['*']?.calls?.map((c) => c.to)).toEqual([db]);
    expect(
      linksOf(t)
        .map((x) => `${x.from}->${x.to}`)
        .sort(),
    ).toEqual([`${lb}->${web}`, `${src}->${lb}`, `${web}->${db}`].sort());
  });

  it('writes a gateway route, a cache miss, a queue consumer and an autoscaler target', () => {
    let t = blank();
    const ids: Record<string, string> = {};
    for (const k of ['gateway', 'cache', 'queue', 'autoscaler', 'service', 'database'] as const) {
      const r = addComponent(t, k, { x: 0, y: 0 });
      t = r.topology;
      ids[k] = r.id;
    }
    t = ok(connect(t, ids.gateway as string, ids.service as string));
    t = ok(connect(t, ids.cache as string, ids.database as string));
    t = ok(connect(t, ids.queue as string, ids.service as string));
    t = ok(connect(t, ids.autoscaler as string, ids.service as string));
    const g = t.components[ids.gateway as string];
    const c = t.components[ids.cache as string];
    const q = t.components[ids.queue as string];
    const a = t.components[ids.autoscaler as string];
    expect(g?.kind === 'gateway' && g.routes['*']?.to).toBe(ids.service);
    expect(c?.kind === 'cache' && c.miss?.to).toBe(ids.database);
    expect(q?.kind === 'queue' && q.consumer.to).toBe(ids.service);
    expect(a?.kind === 'autoscaler' && a.target).toBe(ids.service);
  });

  it('refuses calls a model cannot express', () => {
    const { t, src, db, web } = threeTier();
    expect(connectionProblem(t, db, web)).toMatch(/makes no calls/);
    expect(connectionProblem(t, web, src)).toMatch(/cannot receive/);
    expect(connectionProblem(t, web, web)).toMatch(/itself/);
    expect('error' in connect(t, db, web)).toBe(true);
  });

  it('a connected source gains an endpoint for a second target', () => {
    const { t, src } = threeTier();
    const r = addComponent(t, 'service', { x: 0, y: 0 });
    const next = ok(connect(r.topology, src, r.id));
    const s = next.components[src];
    expect(s?.kind === 'source' && s.endpoints.map((e) => e.to)).toEqual(['lb', r.id]);
    expect(errorsOf(next)).toEqual([]);
  });
});

describe('remove, disconnect, copy and paste', () => {
  it('removing a component removes references to it and its layout', () => {
    const { t, web, lb } = threeTier();
    const next = removeComponents(t, [web]);
    expect(next.components[web]).toBeUndefined();
    expect(next.layout?.nodes[web]).toBeUndefined();
    const l = next.components[lb];
    expect(l?.kind === 'loadBalancer' && l.targets).toEqual([]);
  });

  it('disconnecting a source leaves its endpoint unconnected (a visible problem, not a lost endpoint)', () => {
    const { t, src, lb } = threeTier();
    const next = disconnect(t, src, lb);
    const s = next.components[src];
    expect(s?.kind === 'source' && s.endpoints[0]?.to).toBe('');
    expect(errorsOf(next).some((e) => e.startsWith(`components.${src}.endpoints[0].to`))).toBe(true);
  });

  it('pasting gives fresh ids, fresh endpoint ids, remaps internal references and stays valid', () => {
    const { t, src, lb, web, db } = threeTier();
    const clip = copyComponents(t, [src, lb, web], () => ({ x: 0, y: 0 }));
    const r = pasteComponents(t, clip, { x: 40, y: 40 });
    expect(r.ids).toHaveLength(3);
    for (const id of r.ids) expect([src, lb, web]).not.toContain(id);
    const [s2, l2, w2] = r.ids as [string, string, string];
    const s = r.topology.components[s2];
    const l = r.topology.components[l2];
    const w = r.topology.components[w2];
    expect(s?.kind === 'source' && s.endpoints[0]?.to).toBe(l2);
    expect(l?.kind === 'loadBalancer' && l.targets[0]?.to).toBe(w2);
    expect(w?.kind === 'service' && w.handlers['*']?.calls?.[0]?.to).toBe(db);
    expect(errorsOf(r.topology)).toEqual([]);
    expect(r.topology.layout?.nodes[s2]).toEqual({ x: 40, y: 40 });
  });

  it('setIn copies containers on the way and deletes with undefined', () => {
    const t = getTemplate('single-service-db')?.topology as Topology;
    const next = setIn(t, ['components', 'api', 'instances'], 7);
    expect(next).not.toBe(t);
    expect(next.components).not.toBe(t.components);
    expect(next.scenarios).toBe(t.scenarios);
    expect((next.components.api as { instances: number }).instances).toBe(7);
    expect((t.components.api as { instances: number }).instances).not.toBe(7);
    const removed = setIn(next, ['components', 'api', 'workers'], undefined);
    expect('workers' in (removed.components.api as object)).toBe(false);
  });
});
