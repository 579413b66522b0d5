/** Topology (validated by shared/topology) → compiled model: flat tables of stations, balancers, sources, calls. */
import type { Component, Scenario, Topology } from '../../shared/topology/index.js';
import { compileAutoscaler } from '../autoscaler.js';
import { compileCache } from '../cache.js';
import { compileDatabase } from '../database.js';
import { compileExternal } from '../external.js';
import { compileFailures } from '../failures.js';
import { compileGateway } from '../gateway.js';
import { balancerOver, compileLoadBalancer } from '../loadBalancer.js';
import { compileQueue } from '../queue.js';
import { compileServerless } from '../serverless.js';
import { compileService } from '../service.js';
import { compileSource } from '../source.js';
import { CompileError, type CompileContext } from './compile-context.js';
import type {
  CompiledAutoscaler,
  CompiledBalancer,
  CompiledCall,
  CompiledEndpoint,
  CompiledModel,
  CompiledSource,
  CompiledStation,
  TargetRef,
} from './model.js';

export { CompileError } from './compile-context.js';

export interface CompiledScenario {
  id: string;
  durationS: number;
  warmupS: number;
}

export interface CompileResult {
  model: CompiledModel;
  scenario: CompiledScenario | null;
  warnings: string[];
}

const STATION_KINDS = new Set(['service', 'database', 'gateway', 'external', 'cache', 'queue', 'serverless']);

/** Picks the scenario: the named one, or the first in the file, or none. */
export function pickScenario(t: Topology, name?: string | null): { id: string; scenario: Scenario } | null {
  const scenarios = t.scenarios ?? {};
  if (name !== undefined && name !== null) {
    const s = scenarios[name];
    if (s === undefined) {
      const known = Object.keys(scenarios);
      throw new CompileError(
        'scenarios',
        `no scenario "${name}"${known.length ? ` (the file has: ${known.join(', ')})` : ' (the file has none)'}`,
      );
    }
    return { id: name, scenario: s };
  }
  const first = Object.keys(scenarios)[0];
  return first === undefined ? null : { id: first, scenario: scenarios[first]! };
}

export function compileTopology(t: Topology, scenarioName?: string | null): CompileResult {
  const warnings: string[] = [];
  const picked = pickScenario(t, scenarioName);
  const scenario = picked?.scenario ?? null;

  const entries = Object.entries(t.components) as [string, Component][];
  const endpointIds: string[] = [];
  for (const [, c] of entries) if (c.kind === 'source') for (const e of c.endpoints) endpointIds.push(e.id);

  const stationIndex = new Map<string, number>();
  const balancerIndex = new Map<string, number>();
  for (const [id, c] of entries) {
    if (STATION_KINDS.has(c.kind)) stationIndex.set(id, stationIndex.size);
    else if (c.kind === 'loadBalancer') balancerIndex.set(id, balancerIndex.size);
  }
  // pools reached without a balancer pick an instance by their own policy (round robin is built in)
  const implicit = new Map<string, number>();
  for (const [id, c] of entries) {
    if (c.kind === 'service' && c.policy !== undefined && c.policy !== 'roundRobin' && c.instances > 1)
      implicit.set(id, balancerIndex.size + implicit.size);
  }

  const calls: CompiledCall[] = [];
  const ctx: CompileContext = {
    calls,
    endpointIndex: new Map(endpointIds.map((e, i) => [e, i])),
    resolve(to: string, path: string): TargetRef {
      const b = balancerIndex.get(to) ?? implicit.get(to);
      if (b !== undefined) return { kind: 'balancer', index: b };
      const s = stationIndex.get(to);
      if (s !== undefined) return { kind: 'station', index: s };
      const c = t.components[to];
      throw new CompileError(path, c ? `cannot call ${c.kind} "${to}"` : `no component "${to}"`);
    },
    warn(path: string, message: string) {
      warnings.push(`${path}: ${message}`);
    },
  };

  const stations: CompiledStation[] = [];
  for (const [id, c] of entries) {
    switch (c.kind) {
      case 'service':
        stations.push(compileService(id, c, ctx, endpointIds));
        break;
      case 'database':
        stations.push(compileDatabase(id, c, ctx, endpointIds));
        break;
      case 'gateway':
        stations.push(compileGateway(id, c, ctx, endpointIds));
        break;
      case 'external':
        stations.push(compileExternal(id, c, ctx, endpointIds));
        break;
      case 'cache':
        stations.push(compileCache(id, c, ctx, endpointIds));
        break;
      case 'queue':
        stations.push(compileQueue(id, c, ctx, endpointIds));
        break;
      case 'serverless':
        stations.push(compileServerless(id, c, ctx, endpointIds));
        break;
      default:
        break;
    }
  }
  // queues pull into their consumer pool
  for (const [id, c] of entries)
    if (c.kind === 'queue') {
      const q = stations[stationIndex.get(id)!]!.queue!;
      const s = stationIndex.get(c.consumer.to);
      const k = s === undefined ? undefined : stations[s]!.kind;
      if (s === undefined || (k !== 'service' && k !== 'serverless'))
        throw new CompileError(
          `components.${id}.consumer.to`,
          `"${c.consumer.to}" must be a service or serverless pool`,
        );
      q.consumer = s;
    }
  // autoscaled pools get one instance slot per possible instance
  const autoscalers: CompiledAutoscaler[] = [];
  const scaled = new Set<number>();
  for (const [id, c] of entries)
    if (c.kind === 'autoscaler') {
      const a = compileAutoscaler(id, c, stationIndex, stations);
      if (scaled.has(a.station))
        throw new CompileError(`components.${id}.target`, `"${c.target}" already has an autoscaler`);
      scaled.add(a.station);
      const s = stations[a.station]!;
      const zones = (t.components[c.target] as { zones?: string[] }).zones ?? [];
      s.instances = a.slots;
      s.zones = Array.from({ length: a.slots }, (_, i) =>
        zones.length ? (zones[i % zones.length] as string) : '',
      );
      if (s.workers === 0) {
        // a pool of 0 instances compiles to a refusing instance; autoscaled, it is a normal pool
        const svc = t.components[c.target] as { workers?: number; queueLimit?: number };
        s.workers = svc.workers ?? Infinity;
        s.queueLimit = svc.queueLimit ?? Infinity;
      }
      autoscalers.push(a);
    }
  const balancers: CompiledBalancer[] = [];
  for (const [id, c] of entries)
    if (c.kind === 'loadBalancer') balancers.push(compileLoadBalancer(id, c, ctx, stationIndex, stations));
  for (const [id] of implicit) {
    const c = t.components[id];
    if (c?.kind === 'service' && c.policy !== undefined)
      balancers.push(
        balancerOver(
          id,
          c.policy,
          [{ station: stationIndex.get(id)!, weight: 1 }],
          stations,
          `components.${id}`,
        ),
      );
  }
  const sources: CompiledSource[] = [];
  const endpoints: CompiledEndpoint[] = [];
  for (const [id, c] of entries)
    if (c.kind === 'source') sources.push(compileSource(id, c, ctx, sources.length, scenario, endpoints));

  const components: CompiledModel['components'] = [];
  for (const [id, c] of entries) {
    const s = stationIndex.get(id);
    const b = balancerIndex.get(id);
    if (s !== undefined) components.push({ id, kind: c.kind, ref: { kind: 'station', index: s } });
    else if (b !== undefined) components.push({ id, kind: c.kind, ref: { kind: 'balancer', index: b } });
    else if (c.kind === 'source')
      components.push({
        id,
        kind: c.kind,
        ref: { kind: 'source', index: sources.findIndex((x) => x.id === id) },
      });
  }
  const { failures, random } =
    picked === null
      ? { failures: [], random: [] }
      : compileFailures(t, picked.id, picked.scenario, stationIndex, stations, calls);
  return {
    model: {
      stations,
      balancers,
      sources,
      endpoints,
      calls,
      components,
      autoscalers,
      failures,
      randomFailures: random,
    },
    scenario: picked
      ? { id: picked.id, durationS: picked.scenario.durationS, warmupS: picked.scenario.warmupS ?? 0 }
      : null,
    warnings,
  };
}
