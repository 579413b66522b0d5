import { ID_PATTERN } from './fields.js';
import { didYouMean, type Issue } from './issues.js';
import {
  COMPONENT_KINDS,
  HandlerSchema,
  type Call,
  type Component,
  type ComponentKind,
  type Hop,
  type Topology,
} from './schema.js';

/** Most endpoints a whole file may define (bounds the per-endpoint path checks). */
export const MAX_TOTAL_ENDPOINTS = 500;
/** Most cycles reported. */
const MAX_CYCLE_REPORTS = 10;
/** Most component ids a cycle message lists in full. */
const MAX_CYCLE_NAMES = 12;

/** A directed edge of the call graph. */
interface Edge {
  to: string;
  sync: boolean;
  path: string;
}

const TRAFFIC_TARGETS: readonly ComponentKind[] = [
  'gateway',
  'loadBalancer',
  'service',
  'cache',
  'database',
  'queue',
  'serverless',
  'external',
];

const article = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/**
 * What validation knows of a file whose fields did not all pass the schema: the raw JSON of every
 * component, parsed or not, so that references to and from the broken ones still resolve.
 */
export interface PartialFile {
  /** Raw JSON of every component of the file, by id. */
  readonly components: Readonly<Record<string, unknown>>;
}

type Raw = Record<string, unknown>;
const asObject = (v: unknown): Raw | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
const asList = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const entriesOf = (v: unknown): [string, unknown][] => Object.entries(asObject(v) ?? {});
/** The `kind` of a raw component when it is a known kind. */
const rawKind = (c: unknown): ComponentKind | undefined => {
  const kind = asObject(c)?.kind;
  return COMPONENT_KINDS.find((k) => k === kind);
};

/**
 * Outgoing edges of one component (all endpoints), each with the file path of its `to`. Reads a
 * parsed component or raw JSON alike: fields of the wrong shape and `to`s that are not ids are skipped.
 */
function edgesOf(id: string, c: unknown): Edge[] {
  const base = `components.${id}`;
  const out: Edge[] = [];
  const add = (hop: unknown, sync: boolean, path: string) => {
    const to = asObject(hop)?.to;
    if (typeof to === 'string' && ID_PATTERN.test(to)) out.push({ to, sync, path });
  };
  const o = asObject(c);
  switch (o?.kind) {
    case 'source':
      asList(o.endpoints).forEach((e, i) => add(e, true, `${base}.endpoints[${i}].to`));
      break;
    case 'gateway':
      for (const [k, r] of entriesOf(o.routes)) add(r, true, `${base}.routes.${k}.to`);
      break;
    case 'loadBalancer':
      asList(o.targets).forEach((t, i) => add(t, true, `${base}.targets[${i}].to`));
      break;
    case 'service':
    case 'serverless':
      for (const [k, h] of entriesOf(o.handlers))
        asList(asObject(h)?.calls).forEach((call, j) =>
          add(call, asObject(call)?.mode !== 'async', `${base}.handlers.${k}.calls[${j}].to`),
        );
      break;
    case 'cache':
      add(o.miss, true, `${base}.miss.to`);
      break;
    case 'queue':
      add(o.consumer, false, `${base}.consumer.to`);
      break;
    default:
      break;
  }
  return out;
}

/** Next hops of a request for endpoint `ep` at component `c`, or a missing-handler message. */
function hopsFor(c: Component, ep: string): { hops: (Hop | Call)[] } | { missing: string } {
  switch (c.kind) {
    case 'service':
    case 'serverless': {
      const h = c.handlers[ep] ?? c.handlers['*'];
      return h ? { hops: h.calls ?? [] } : { missing: 'handlers' };
    }
    case 'database':
      return (c.handlers[ep] ?? c.handlers['*']) ? { hops: [] } : { missing: 'handlers' };
    case 'gateway': {
      const r = c.routes[ep] ?? c.routes['*'];
      return r ? { hops: [r] } : { missing: 'routes' };
    }
    case 'loadBalancer':
      return { hops: c.targets.map((t) => ({ to: t.to })) };
    case 'cache':
      return { hops: c.miss ? [c.miss] : [] };
    case 'queue':
      return { hops: [{ to: c.consumer.to }] };
    default:
      return { hops: [] };
  }
}

/**
 * Checks a topology for problems zod cannot express. With `partial`, `t` holds only the parts of a
 * file that passed the schema (the components, scenarios, SLO... whose own fields are valid), and
 * the graph checks (references, cycles, reachability) also read the raw JSON of the other
 * components; checks that need every component (zones, endpoint use) are skipped when one is broken.
 */
export function checkSemantics(t: Topology, partial?: PartialFile): Issue[] {
  const issues: Issue[] = [];
  const error = (path: string, message: string) => issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) => issues.push({ path, message, severity: 'warning' });
  const comps = t.components;
  const all: Readonly<Record<string, unknown>> = partial?.components ?? comps;
  const ids = Object.keys(all);
  const has = (id: string) => Object.prototype.hasOwnProperty.call(all, id);
  const parsed = (id: string) => Object.prototype.hasOwnProperty.call(comps, id);
  const kindOf = (id: string): ComponentKind | undefined => comps[id]?.kind ?? rawKind(all[id]);
  const broken = ids.filter((id) => !parsed(id));
  // Every kind is known: reachability from sources can be judged.
  const kindsKnown = broken.every((id) => rawKind(all[id]) !== undefined);
  // Every source parsed: the set of endpoints is complete.
  const endpointsKnown = kindsKnown && broken.every((id) => rawKind(all[id]) !== 'source');

  const ref = (
    path: string,
    target: string,
    allowed: readonly ComponentKind[] = TRAFFIC_TARGETS,
  ): boolean => {
    if (!has(target)) {
      error(path, `refers to unknown component "${target}"${didYouMean(target, ids)}`);
      return false;
    }
    const kind = kindOf(target);
    if (kind === undefined) return false;
    if (!allowed.includes(kind)) {
      error(path, `"${target}" is ${article(kind)}; expected ${allowed.map(article).join(' or ')}`);
      return false;
    }
    return true;
  };

  // Endpoints: unique ids across sources, positive total weight.
  const endpoints = new Map<string, { source: string; path: string }>();
  for (const [sid, c] of Object.entries(comps)) {
    if (c.kind !== 'source') continue;
    c.endpoints.forEach((e, i) => {
      const p = `components.${sid}.endpoints[${i}]`;
      const prev = endpoints.get(e.id);
      if (prev)
        error(
          `${p}.id`,
          `duplicate endpoint id "${e.id}" (also ${prev.path}); endpoint ids must be unique in the file`,
        );
      else endpoints.set(e.id, { source: sid, path: p });
    });
    if (!(c.endpoints.reduce((s, e) => s + e.weight, 0) > 0))
      error(`components.${sid}.endpoints`, 'endpoint weights must not all be 0');
  }
  if (endpoints.size > MAX_TOTAL_ENDPOINTS) {
    error('components', `defines ${endpoints.size} endpoints; the limit is ${MAX_TOTAL_ENDPOINTS}`);
    return issues;
  }
  const endpointRef = (path: string, ep: string) => {
    if (endpointsKnown && !endpoints.has(ep))
      error(path, `refers to unknown endpoint "${ep}"${didYouMean(ep, endpoints.keys())}`);
  };

  // References and per-kind rules.
  const zones = new Set<string>();
  const scaled = new Map<string, string>();
  for (const id of broken) {
    const raw = asObject(all[id]);
    for (const e of edgesOf(id, raw))
      ref(e.path, e.to, raw?.kind === 'queue' ? ['service', 'serverless'] : TRAFFIC_TARGETS);
    checkBroken(id, raw, error);
  }
  for (const [id, c] of Object.entries(comps)) {
    const base = `components.${id}`;
    for (const e of edgesOf(id, c)) {
      if (c.kind === 'queue') ref(e.path, e.to, ['service', 'serverless']);
      else ref(e.path, e.to);
    }
    if ('zones' in c && c.zones) for (const z of c.zones) zones.add(z);
    if ('handlers' in c && endpointsKnown) {
      for (const key of Object.keys(c.handlers)) {
        if (key !== '*' && !endpoints.has(key))
          warn(
            `${base}.handlers.${key}`,
            `no source sends endpoint "${key}"; this handler is never used${didYouMean(key, endpoints.keys())}`,
          );
      }
    }
    switch (c.kind) {
      case 'service':
        if (c.queueLimit !== undefined && c.workers === undefined)
          warn(
            `${base}.queueLimit`,
            'has no effect without workers: with unlimited workers no request waits for one',
          );
        for (const [k, h] of Object.entries(c.handlers))
          checkCalls(h.calls, `${base}.handlers.${k}.calls`, error);
        break;
      case 'serverless':
        if (c.provisioned !== undefined && c.provisioned > c.concurrencyLimit)
          error(
            `${base}.provisioned`,
            `must be <= concurrencyLimit (${c.concurrencyLimit}), got ${c.provisioned}`,
          );
        for (const [k, h] of Object.entries(c.handlers))
          checkCalls(h.calls, `${base}.handlers.${k}.calls`, error);
        break;
      case 'gateway':
        for (const key of Object.keys(c.routes))
          if (endpointsKnown && key !== '*' && !endpoints.has(key))
            warn(
              `${base}.routes.${key}`,
              `no source sends endpoint "${key}"; this route is never used${didYouMean(key, endpoints.keys())}`,
            );
        break;
      case 'database':
        if ((c.replicas ?? 0) === 0 && c.readsOnPrimary === false)
          error(
            `${base}.readsOnPrimary`,
            'is false but there are no replicas: reads would have nowhere to go',
          );
        break;
      case 'cache':
        if (c.hit.type === 'keys' && c.hit.evictionPolicy === 'ttl' && c.hit.ttlMs === undefined)
          error(`${base}.hit.ttlMs`, 'is required when evictionPolicy is "ttl"');
        (c.cacheable ?? []).forEach((ep, i) => endpointRef(`${base}.cacheable[${i}]`, ep));
        (c.writeEndpoints ?? []).forEach((ep, i) => endpointRef(`${base}.writeEndpoints[${i}]`, ep));
        if (c.writePolicy !== undefined && (c.writeEndpoints ?? []).length === 0)
          warn(`${base}.writePolicy`, 'has no effect: no writeEndpoints are listed');
        break;
      case 'autoscaler': {
        if (c.minInstances > c.maxInstances)
          error(`${base}.minInstances`, `must be <= maxInstances (${c.maxInstances}), got ${c.minInstances}`);
        if (ref(`${base}.target`, c.target, ['service'])) {
          const prev = scaled.get(c.target);
          if (prev)
            error(
              `${base}.target`,
              `"${c.target}" is already scaled by components.${prev}; one autoscaler per pool`,
            );
          else scaled.set(c.target, id);
          const pool = comps[c.target];
          if (
            pool?.kind === 'service' &&
            (pool.instances < c.minInstances || pool.instances > c.maxInstances)
          )
            warn(
              `components.${c.target}.instances`,
              `is ${pool.instances}, outside the autoscaler's range ${c.minInstances}..${c.maxInstances}; it will be clamped at start`,
            );
        }
        if (c.policy.type === 'step')
          c.policy.steps.forEach((s, i) => {
            if (s.above === undefined && s.below === undefined)
              error(`${base}.policy.steps[${i}]`, 'needs "above" or "below"');
          });
        if (c.policy.type === 'scheduled')
          c.policy.actions.forEach((a, i) => {
            if (
              a.minInstances !== undefined &&
              a.maxInstances !== undefined &&
              a.minInstances > a.maxInstances
            )
              error(
                `${base}.policy.actions[${i}].minInstances`,
                `must be <= maxInstances (${a.maxInstances}), got ${a.minInstances}`,
              );
          });
        break;
      }
      default:
        break;
    }
  }

  // Synchronous call cycles (async calls and queues break cycles).
  const color = new Map<string, 1 | 2>();
  const stack: string[] = [];
  let cycles = 0;
  const syncEdges = new Map<string, Edge[]>();
  for (const [id, c] of Object.entries(all))
    syncEdges.set(
      id,
      edgesOf(id, c).filter((e) => e.sync && has(e.to)),
    );
  const dfs = (start: string) => {
    const frames: { id: string; i: number }[] = [{ id: start, i: 0 }];
    color.set(start, 1);
    stack.push(start);
    while (frames.length > 0) {
      const f = frames[frames.length - 1] as { id: string; i: number };
      const es = syncEdges.get(f.id) ?? [];
      if (f.i >= es.length) {
        color.set(f.id, 2);
        stack.pop();
        frames.pop();
        continue;
      }
      const e = es[f.i++] as Edge;
      const col = color.get(e.to);
      if (col === 1) {
        if (cycles++ < MAX_CYCLE_REPORTS) {
          const ring = stack.slice(stack.indexOf(e.to));
          // Long cycles show their ends only, so one message stays readable.
          const names =
            ring.length > MAX_CYCLE_NAMES
              ? [...ring.slice(0, 4), `… (${ring.length - 7} more)`, ...ring.slice(-3)]
              : ring;
          const loop = [...names, e.to].join(' → ');
          error(
            e.path,
            `synchronous call cycle ${loop}: a request would wait on itself; make a call async or remove it`,
          );
        }
      } else if (col === undefined) {
        color.set(e.to, 1);
        stack.push(e.to);
        frames.push({ id: e.to, i: 0 });
      }
    }
  };
  for (const id of ids) if (!color.has(id)) dfs(id);

  // Reachability from sources.
  const reached = new Set<string>();
  const queue: string[] = ids.filter((id) => kindOf(id) === 'source');
  for (const s of queue) reached.add(s);
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const e of edgesOf(id, all[id]))
      if (has(e.to) && !reached.has(e.to)) {
        reached.add(e.to);
        queue.push(e.to);
      }
  }
  // A component of unknown kind may be a source: reachability is judged only when every kind is known.
  if (kindsKnown && !ids.some((id) => kindOf(id) === 'source') && ids.length > 0)
    warn('components', 'there is no source component: no traffic enters this topology');
  else if (kindsKnown)
    for (const id of ids) {
      const kind = kindOf(id);
      if (kind !== 'source' && kind !== 'autoscaler' && !reached.has(id))
        warn(`components.${id}`, 'is unreachable: no source sends traffic to it');
    }

  // Every endpoint must find a handler or route at each component on its path.
  const reported = new Set<string>();
  for (const [ep, where] of endpoints) {
    const seen = new Set<string>();
    const first = (comps[where.source] as Extract<Component, { kind: 'source' }>).endpoints.find(
      (e) => e.id === ep,
    );
    if (!first || !has(first.to)) continue;
    const todo = [first.to];
    seen.add(first.to);
    while (todo.length > 0) {
      const id = todo.pop() as string;
      const c = comps[id];
      // A component that did not parse has its own errors; its hops are unknown.
      if (c === undefined) continue;
      const r = hopsFor(c, ep);
      if ('missing' in r) {
        const key = `${id}\u0000${ep}`;
        if (!reported.has(key)) {
          reported.add(key);
          const what = r.missing === 'routes' ? 'route' : 'handler';
          error(
            `components.${id}.${r.missing}`,
            `has no ${what} for endpoint "${ep}" (sent by ${where.path}); add a "${ep}" or "*" ${what}`,
          );
        }
        continue;
      }
      for (const h of r.hops)
        if (has(h.to) && !seen.has(h.to)) {
          seen.add(h.to);
          todo.push(h.to);
        }
    }
  }

  // Scenarios.
  for (const [sid, s] of Object.entries(t.scenarios ?? {})) {
    const base = `scenarios.${sid}`;
    if (s.warmupS !== undefined && s.warmupS >= s.durationS)
      error(`${base}.warmupS`, `must be < durationS (${s.durationS}), got ${s.warmupS}`);
    const p = s.profile;
    if (p?.type === 'ramp' && p.startS !== undefined && p.endS !== undefined && p.endS < p.startS)
      error(`${base}.profile.endS`, `must be >= startS (${p.startS}), got ${p.endS}`);
    if (p?.type === 'diurnal' && p.maxFactor < p.minFactor)
      error(`${base}.profile.maxFactor`, `must be >= minFactor (${p.minFactor}), got ${p.maxFactor}`);
    if (p?.type === 'step' || p?.type === 'piecewise') {
      const pts = p.type === 'step' ? p.steps : p.points;
      const field = p.type === 'step' ? 'steps' : 'points';
      for (let i = 1; i < pts.length; i++)
        if ((pts[i] as { atS: number }).atS < (pts[i - 1] as { atS: number }).atS)
          error(
            `${base}.profile.${field}[${i}].atS`,
            `must be >= the previous atS (${(pts[i - 1] as { atS: number }).atS})`,
          );
    }
    (s.failures ?? []).forEach((f, i) => {
      const fp = `${base}.failures[${i}]`;
      if (f.atS > s.durationS)
        warn(`${fp}.atS`, `is after the end of the scenario (${s.durationS} s); it never happens`);
      switch (f.type) {
        case 'killZone':
          if (broken.length === 0 && !zones.has(f.zone))
            error(`${fp}.zone`, `no component is placed in zone "${f.zone}"${didYouMean(f.zone, zones)}`);
          break;
        case 'flushCache':
          ref(`${fp}.target`, f.target, ['cache']);
          break;
        case 'failover':
          ref(`${fp}.target`, f.target, ['database']);
          break;
        case 'cutCall':
          ref(`${fp}.from`, f.from, ['source', ...TRAFFIC_TARGETS]);
          ref(`${fp}.to`, f.to);
          break;
        default:
          ref(`${fp}.target`, f.target);
      }
    });
    (s.randomFailures ?? []).forEach((f, i) => ref(`${base}.randomFailures[${i}].target`, f.target));
  }

  (t.slo?.latency ?? []).forEach((l, i) => {
    if (l.endpoint !== undefined) endpointRef(`slo.latency[${i}].endpoint`, l.endpoint);
  });
  for (const key of Object.keys(t.layout?.nodes ?? {}))
    if (!has(key)) warn(`layout.nodes.${key}`, `position of unknown component "${key}" is ignored`);
  for (const field of ['componentHourlyUsd', 'perMillionRequestsUsd'] as const)
    for (const key of Object.keys(t.pricing?.[field] ?? {}))
      if (!has(key))
        warn(`pricing.${field}.${key}`, `refers to unknown component "${key}"${didYouMean(key, ids)}`);

  // Heavy tails.
  walkDistributions(t, '', (d, path) => {
    if (d.type === 'pareto' && typeof d.shape === 'number' && d.shape <= 2)
      warn(
        path,
        `Pareto shape ${d.shape} <= 2 has infinite variance: percentiles converge slowly and analytic estimates (which need the cv) are unavailable`,
      );
  });
  return issues;
}

/** The per-kind checks that still apply to a component whose own fields did not all parse. */
function checkBroken(id: string, raw: Raw | undefined, error: (p: string, m: string) => void): void {
  const base = `components.${id}`;
  if (raw?.kind === 'service' || raw?.kind === 'serverless')
    for (const [k, h] of entriesOf(raw.handlers)) {
      const handler = HandlerSchema.safeParse(h);
      if (handler.success) checkCalls(handler.data.calls, `${base}.handlers.${k}.calls`, error);
    }
  if (raw?.kind === 'autoscaler') {
    const { minInstances: min, maxInstances: max } = raw;
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      error(`${base}.minInstances`, `must be <= maxInstances (${max}), got ${min}`);
  }
}

function checkCalls(calls: readonly Call[] | undefined, path: string, error: (p: string, m: string) => void) {
  if (!calls) return;
  const sums = new Map<string, number>();
  const groupEnd = new Map<string, number>();
  calls.forEach((c, i) => {
    if (c.choice !== undefined) sums.set(c.choice, (sums.get(c.choice) ?? 0) + (c.probability ?? 1));
    if (c.group !== undefined) {
      const last = groupEnd.get(c.group);
      if (last !== undefined && last !== i - 1)
        error(
          `${path}[${i}].group`,
          `calls of group "${c.group}" must be next to each other (the group runs in parallel at its place)`,
        );
      groupEnd.set(c.group, i);
    }
  });
  for (const [choice, sum] of sums)
    if (sum > 1 + 1e-9)
      error(
        path,
        `calls with choice "${choice}" have probabilities summing to ${+sum.toFixed(6)}; alternatives must sum to <= 1`,
      );
}

function walkDistributions(
  value: unknown,
  path: string,
  visit: (d: { type?: unknown; shape?: unknown }, path: string) => void,
): void {
  if (Array.isArray(value)) value.forEach((v, i) => walkDistributions(v, `${path}[${i}]`, visit));
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (o.type === 'pareto' && 'scaleMs' in o) visit(o, path);
    for (const [k, v] of Object.entries(o)) walkDistributions(v, path === '' ? k : `${path}.${k}`, visit);
  }
}
