/**
 * Pure edits of a topology: each takes the document and returns a new one (structural sharing),
 * so the store can keep every version for undo/redo. Nothing here touches the DOM.
 */
import type { Component, ComponentKind, Topology } from '../../../shared/topology/index.js';
import { createComponent, endpointIds, uniqueId } from './components.js';

/** A point on the canvas, in flow coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** A caller → callee reference in the model. */
export interface Link {
  from: string;
  to: string;
  /** call: synchronous request; async: fire and forget or queue delivery; scales: autoscaler → pool. */
  kind: 'call' | 'async' | 'scales';
}

const hasId = (t: Topology, id: string) => Object.prototype.hasOwnProperty.call(t.components, id);

/** Every reference between components (one per distinct from → to pair and kind). */
export function linksOf(t: Topology): Link[] {
  const out = new Map<string, Link>();
  const add = (from: string, to: string, kind: Link['kind']) => {
    if (!to || !hasId(t, to)) return;
    const key = `${from}->${to}`;
    const prev = out.get(key);
    if (!prev || (prev.kind === 'async' && kind === 'call')) out.set(key, { from, to, kind });
  };
  for (const [id, c] of Object.entries(t.components)) {
    switch (c.kind) {
      case 'source':
        for (const e of c.endpoints) add(id, e.to, 'call');
        break;
      case 'gateway':
        for (const r of Object.values(c.routes)) add(id, r.to, 'call');
        break;
      case 'loadBalancer':
        for (const x of c.targets) add(id, x.to, 'call');
        break;
      case 'service':
      case 'serverless':
        for (const h of Object.values(c.handlers))
          for (const call of h.calls ?? []) add(id, call.to, call.mode === 'async' ? 'async' : 'call');
        break;
      case 'cache':
        if (c.miss) add(id, c.miss.to, 'call');
        break;
      case 'queue':
        add(id, c.consumer.to, 'async');
        break;
      case 'autoscaler':
        add(id, c.target, 'scales');
        break;
      default:
        break;
    }
  }
  return [...out.values()];
}

const withComponent = (t: Topology, id: string, c: Component): Topology => ({
  ...t,
  components: { ...t.components, [id]: c },
});

const withPosition = (t: Topology, id: string, p: Point): Topology => ({
  ...t,
  layout: {
    ...t.layout,
    nodes: { ...t.layout?.nodes, [id]: { x: Math.round(p.x), y: Math.round(p.y) } },
  },
});

/** Adds a new component of `kind` (optionally from a preset) at `position`. */
export function addComponent(
  t: Topology,
  kind: ComponentKind,
  position: Point,
  presetId?: string,
): { topology: Topology; id: string } {
  const { id, component } = createComponent(t, kind, presetId);
  return { topology: withPosition(withComponent(t, id, component), id, position), id };
}

/** Why `from` cannot call `to`, or null when it can. */
export function connectionProblem(t: Topology, from: string, to: string): string | null {
  const a = t.components[from];
  const b = t.components[to];
  if (!a || !b) return 'unknown component';
  if (from === to) return 'a component cannot call itself';
  if (a.kind === 'autoscaler')
    return b.kind === 'service' ? null : 'an autoscaler can only scale a service pool';
  if (b.kind === 'source') return 'a traffic source cannot receive calls';
  if (b.kind === 'autoscaler') return 'an autoscaler does not receive requests';
  if (a.kind === 'database' || a.kind === 'external')
    return `${a.kind === 'database' ? 'a database' : 'an external API'} makes no calls`;
  if (a.kind === 'queue' && b.kind !== 'service' && b.kind !== 'serverless')
    return 'a queue delivers only to a service or serverless pool';
  return null;
}

/** Writes the reference `from` → `to` into the right field of `from` (calls, `to`, targets, routes, miss...). */
export function connect(t: Topology, from: string, to: string): { topology: Topology } | { error: string } {
  const problem = connectionProblem(t, from, to);
  if (problem) return { error: problem };
  const c = t.components[from] as Component;
  const dangling = (id: string) => !id || !hasId(t, id);
  switch (c.kind) {
    case 'source': {
      const open = c.endpoints.filter((e) => dangling(e.to));
      if (open.length > 0)
        return {
          topology: withComponent(t, from, {
            ...c,
            endpoints: c.endpoints.map((e) => (dangling(e.to) ? { ...e, to } : e)),
          }),
        };
      if (c.endpoints.some((e) => e.to === to)) return { topology: t };
      const taken = new Set(endpointIds(t));
      const id = uniqueId(`${to}-request`, (x) => taken.has(x));
      return {
        topology: withComponent(t, from, {
          ...c,
          endpoints: [...c.endpoints, { id, name: `GET /${to}`, weight: 1, to }],
        }),
      };
    }
    case 'gateway': {
      const star = c.routes['*'];
      if (!star || dangling(star.to))
        return { topology: withComponent(t, from, { ...c, routes: { ...c.routes, '*': { ...star, to } } }) };
      if (Object.values(c.routes).some((r) => r.to === to)) return { topology: t };
      const unrouted = endpointIds(t).find((ep) => !c.routes[ep]);
      const key = unrouted ?? '*';
      return { topology: withComponent(t, from, { ...c, routes: { ...c.routes, [key]: { to } } }) };
    }
    case 'loadBalancer': {
      if (c.targets.some((x) => x.to === to)) return { topology: t };
      return {
        topology: withComponent(t, from, {
          ...c,
          targets: [...c.targets.filter((x) => !dangling(x.to)), { to }],
        }),
      };
    }
    case 'service':
    case 'serverless': {
      const handlers =
        Object.keys(c.handlers).length > 0
          ? c.handlers
          : { '*': { workMs: { type: 'constant' as const, valueMs: 1 } } };
      const next: typeof c.handlers = {};
      for (const [k, h] of Object.entries(handlers)) {
        const calls = (h.calls ?? []).filter((x) => !dangling(x.to));
        next[k] = calls.some((x) => x.to === to) ? { ...h, calls } : { ...h, calls: [...calls, { to }] };
      }
      return { topology: withComponent(t, from, { ...c, handlers: next } as Component) };
    }
    case 'cache':
      return { topology: withComponent(t, from, { ...c, miss: { ...c.miss, to } }) };
    case 'queue':
      return { topology: withComponent(t, from, { ...c, consumer: { ...c.consumer, to } }) };
    case 'autoscaler':
      return { topology: withComponent(t, from, { ...c, target: to }) };
    default:
      return { error: 'this component makes no calls' };
  }
}

/** Removes every reference `from` → `to` (endpoints and queue consumers keep an empty target to reconnect). */
export function disconnect(t: Topology, from: string, to: string): Topology {
  const c = t.components[from];
  if (!c) return t;
  switch (c.kind) {
    case 'source':
      return withComponent(t, from, {
        ...c,
        endpoints: c.endpoints.map((e) => (e.to === to ? { ...e, to: '' } : e)),
      });
    case 'gateway':
      return withComponent(t, from, {
        ...c,
        routes: Object.fromEntries(Object.entries(c.routes).filter(([, r]) => r.to !== to)),
      });
    case 'loadBalancer':
      return withComponent(t, from, { ...c, targets: c.targets.filter((x) => x.to !== to) });
    case 'service':
    case 'serverless': {
      const next: typeof c.handlers = {};
      for (const [k, h] of Object.entries(c.handlers)) {
        const calls = (h.calls ?? []).filter((x) => x.to !== to);
        const { calls: _dropped, ...rest } = h;
        next[k] = calls.length > 0 ? { ...rest, calls } : rest;
      }
      return withComponent(t, from, { ...c, handlers: next } as Component);
    }
    case 'cache': {
      if (c.miss?.to !== to) return t;
      const { miss: _dropped, ...rest } = c;
      return withComponent(t, from, rest);
    }
    case 'queue':
      return c.consumer.to === to ? withComponent(t, from, { ...c, consumer: { ...c.consumer, to: '' } }) : t;
    case 'autoscaler':
      return c.target === to ? withComponent(t, from, { ...c, target: '' }) : t;
    default:
      return t;
  }
}

/** Removes components, every reference to them and their layout. */
export function removeComponents(t: Topology, ids: readonly string[]): Topology {
  const gone = new Set(ids.filter((id) => hasId(t, id)));
  if (gone.size === 0) return t;
  let next: Topology = {
    ...t,
    components: Object.fromEntries(Object.entries(t.components).filter(([id]) => !gone.has(id))),
  };
  for (const link of linksOf(t))
    if (gone.has(link.to) && !gone.has(link.from)) next = disconnect(next, link.from, link.to);
  if (t.layout) {
    next = {
      ...next,
      layout: {
        ...t.layout,
        nodes: Object.fromEntries(Object.entries(t.layout.nodes).filter(([id]) => !gone.has(id))),
      },
    };
  }
  return next;
}

/** Copied components with their positions (what Copy puts on the clipboard). */
export interface Clip {
  components: Record<string, Component>;
  positions: Record<string, Point>;
}

/** Copies components and their positions. */
export function copyComponents(t: Topology, ids: readonly string[], fallback: (id: string) => Point): Clip {
  const clip: Clip = { components: {}, positions: {} };
  for (const id of ids) {
    const c = t.components[id];
    if (!c) continue;
    clip.components[id] = structuredClone(c);
    clip.positions[id] = t.layout?.nodes[id] ?? fallback(id);
  }
  return clip;
}

/** Replaces references to renamed components inside a copied component. */
function remap(c: Component, rename: Map<string, string>): Component {
  const walk = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    if ((key === 'to' || key === 'target') && typeof v === 'string') return rename.get(v) ?? v;
    return v;
  };
  return walk(c, null) as Component;
}

/**
 * Pastes a clip with fresh ids (and fresh endpoint ids for sources), offset by `offset`;
 * references among the pasted components follow the copies, others keep pointing at the originals.
 */
export function pasteComponents(
  t: Topology,
  clip: Clip,
  offset: Point,
): { topology: Topology; ids: string[] } {
  const rename = new Map<string, string>();
  const taken = (id: string) => hasId(t, id) || [...rename.values()].includes(id);
  for (const id of Object.keys(clip.components)) rename.set(id, uniqueId(id, taken));
  const endpoints = new Set(endpointIds(t));
  let next = t;
  const names = new Set(Object.values(t.components).map((c) => c.name));
  for (const [oldId, original] of Object.entries(clip.components)) {
    const id = rename.get(oldId) as string;
    let c = remap(original, rename);
    if (c.kind === 'source') {
      c = {
        ...c,
        endpoints: c.endpoints.map((e) => {
          const eid = uniqueId(e.id, (x) => endpoints.has(x));
          endpoints.add(eid);
          return { ...e, id: eid };
        }),
      };
    }
    let name = `${c.name} copy`;
    for (let n = 2; names.has(name); n++) name = `${c.name} copy ${n}`;
    names.add(name);
    const p = clip.positions[oldId] ?? { x: 0, y: 0 };
    next = withPosition(withComponent(next, id, { ...c, name }), id, {
      x: p.x + offset.x,
      y: p.y + offset.y,
    });
  }
  return { topology: next, ids: [...rename.values()] };
}

/** Moves nodes on the canvas (layout only; the model is unchanged). */
export function moveNodes(t: Topology, positions: Record<string, Point>): Topology {
  let next = t;
  for (const [id, p] of Object.entries(positions)) if (hasId(t, id)) next = withPosition(next, id, p);
  return next;
}

/** A path segment inside the document: object key or array index. */
export type PathSegment = string | number;

/**
 * Sets the value at `path` (undefined deletes an object key), copying every container on the way.
 * Missing containers are created (an array when the next segment is a number).
 */
export function setIn<T>(root: T, path: readonly PathSegment[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [PathSegment, ...PathSegment[]];
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? [...(root as unknown[])] : [];
    if (rest.length === 0 && value === undefined) arr.splice(head, 1);
    else arr[head] = setIn(arr[head], rest, value);
    return arr as T;
  }
  const obj: Record<string, unknown> =
    root && typeof root === 'object' && !Array.isArray(root) ? { ...(root as Record<string, unknown>) } : {};
  if (rest.length === 0 && value === undefined) delete obj[head];
  else obj[head] = setIn(obj[head], rest, value);
  return obj as T;
}

/** Reads the value at `path`, or undefined. */
export function getIn(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

/** Renames an object key at `path` (keeping order), e.g. a handler's endpoint key. */
export function renameKey<T>(root: T, path: readonly PathSegment[], from: string, to: string): T {
  const obj = getIn(root, path);
  if (!obj || typeof obj !== 'object' || from === to) return root;
  const entries = Object.entries(obj as Record<string, unknown>).map(
    ([k, v]) => [k === from ? to : k, v] as const,
  );
  return setIn(root, path, Object.fromEntries(entries));
}
