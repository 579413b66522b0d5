import type { Component, ComponentKind, Topology } from '../../../shared/topology/index.js';
import { getPreset } from '../../../shared/presets/index.js';

/** Display name of each component kind. */
export const KIND_LABEL: Record<ComponentKind, string> = {
  source: 'Traffic source',
  gateway: 'API gateway',
  loadBalancer: 'Load balancer',
  service: 'Service pool',
  cache: 'Cache',
  database: 'Database',
  queue: 'Queue',
  autoscaler: 'Autoscaler',
  serverless: 'Serverless',
  external: 'External API',
};

/** Palette order of the kinds. */
export const PALETTE_KINDS: readonly ComponentKind[] = [
  'source',
  'gateway',
  'loadBalancer',
  'service',
  'cache',
  'database',
  'queue',
  'serverless',
  'external',
  'autoscaler',
];

/** Base of a new component's id, per kind. */
const ID_BASE: Record<ComponentKind, string> = {
  source: 'clients',
  gateway: 'gateway',
  loadBalancer: 'lb',
  service: 'service',
  cache: 'cache',
  database: 'db',
  queue: 'queue',
  autoscaler: 'autoscaler',
  serverless: 'function',
  external: 'external',
};

/** A fresh id from `base` not in `taken`: base, base-2, base-3... */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .replace(/-+$/, '')
      .slice(0, 56) || 'c';
  if (!taken(clean)) return clean;
  for (let n = 2; ; n++) if (!taken(`${clean}-${n}`)) return `${clean}-${n}`;
}

/** Every endpoint id in the file. */
export function endpointIds(t: Topology): string[] {
  const ids: string[] = [];
  for (const c of Object.values(t.components))
    if (c.kind === 'source') for (const e of c.endpoints) ids.push(e.id);
  return ids;
}

/** A valid-as-possible new component of `kind`; references (`to`, `target`) start empty until connected. */
export function defaultComponent(kind: ComponentKind, t: Topology): Component {
  switch (kind) {
    case 'source': {
      const taken = new Set(endpointIds(t));
      return {
        kind,
        name: 'Clients',
        workload: { type: 'open', rateRps: 100 },
        endpoints: [{ id: uniqueId('request', (x) => taken.has(x)), name: 'GET /', weight: 1, to: '' }],
      };
    }
    case 'gateway':
      return { kind, name: 'API gateway', latencyMs: { type: 'lognormal', p50Ms: 2, p99Ms: 10 }, routes: {} };
    case 'loadBalancer':
      return {
        kind,
        name: 'Load balancer',
        policy: 'roundRobin',
        latencyMs: { type: 'lognormal', p50Ms: 0.2, p99Ms: 1 },
        targets: [],
      };
    case 'service':
      return {
        kind,
        name: 'Service',
        instances: 2,
        cores: 2,
        workers: 100,
        handlers: { '*': { workMs: { type: 'gamma', meanMs: 10, cv: 0.8 } } },
      };
    case 'cache':
      return {
        kind,
        name: 'Cache',
        latencyMs: { type: 'lognormal', p50Ms: 0.3, p99Ms: 1.5 },
        hit: { type: 'ratio', hitRatio: 0.8 },
      };
    case 'database':
      return {
        kind,
        name: 'Database',
        cores: 4,
        connections: 100,
        handlers: { '*': { workMs: { type: 'lognormal', meanMs: 5, cv: 1 } } },
      };
    case 'queue':
      return {
        kind,
        name: 'Queue',
        publishMs: { type: 'lognormal', p50Ms: 2, p99Ms: 10 },
        consumer: { to: '' },
      };
    case 'autoscaler':
      return {
        kind,
        name: 'Autoscaler',
        target: '',
        minInstances: 2,
        maxInstances: 10,
        policy: { type: 'targetTracking', metric: 'cpu', target: 0.6 },
      };
    case 'serverless':
      return {
        kind,
        name: 'Function',
        memoryMb: 1024,
        concurrencyLimit: 1000,
        coldStartMs: { type: 'lognormal', p50Ms: 250, p99Ms: 800 },
        handlers: { '*': { workMs: { type: 'gamma', meanMs: 20, cv: 0.8 } } },
      };
    case 'external':
      return { kind, name: 'External API', latencyMs: { type: 'lognormal', p50Ms: 50, p99Ms: 300 } };
  }
}

/** A new component of `kind` (or from preset `presetId`) with a unique id and name. */
export function createComponent(
  t: Topology,
  kind: ComponentKind,
  presetId?: string,
): { id: string; component: Component } {
  const base = defaultComponent(kind, t);
  const preset = presetId ? getPreset(presetId) : undefined;
  const merged = (
    preset && preset.kind === kind ? { ...base, ...preset.fields, kind, preset: preset.id } : base
  ) as Component;
  const has = (id: string) => Object.prototype.hasOwnProperty.call(t.components, id);
  const id = uniqueId(preset ? preset.id : ID_BASE[kind], has);
  const names = new Set(Object.values(t.components).map((c) => c.name));
  let name = merged.name;
  for (let n = 2; names.has(name); n++) name = `${merged.name} ${n}`;
  return { id, component: { ...merged, name } };
}
