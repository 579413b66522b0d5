/**
 * Cost model: prices a topology's usage (instance-seconds, requests, GB-seconds, bytes) with the
 * pricing catalog and the file's `pricing` overrides, and projects it to $/hour and $/month.
 * Usage comes from a simulation result (`usageFromSimulation`) or from the analytic steady state.
 * Pure and deterministic.
 */
import {
  DEFAULT_PRICING_CATALOG,
  HOURS_PER_MONTH,
  type InstanceRole,
  type PricingCatalog,
} from '../../shared/pricing/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { analyze } from '../analytic/network.js';
import type { Component, Topology } from '../../shared/topology/index.js';

/** Instance billing granularity: per second with a 60 s minimum per instance, or whole started hours. */
export type Billing = 'perSecond' | 'perHour';

/** What one component used over `Usage.durationS`. */
export interface ComponentUsage {
  /** Instance-seconds billed, serving and warming (pools, caches, databases, balancers). */
  instanceSeconds?: number;
  /** Instances launched and stopped within the period behind `instanceSeconds`: billing granularity applies to them; omitted for a fleet that keeps running (no rounding). */
  instanceLifetimes?: number;
  /** Instances that ran through the whole period (billed as a fleet that keeps running, never rounded); with `instanceLifetimes`, only the rest of `instanceSeconds` is rounded. */
  steadyInstances?: number;
  /** Visits that reached the component. */
  requests?: number;
  /** Serverless GB-seconds (memory × billed duration). */
  gbSeconds?: number;
  /** Bytes sent to the internet from this component (responses to clients). */
  egressBytes?: number;
  /** Bytes into this component across zones. */
  crossZoneBytes?: number;
  /** Bytes into this component across regions. */
  crossRegionBytes?: number;
}

/** Usage of a whole topology over a period. */
export interface Usage {
  /** Length of the period, seconds. */
  durationS: number;
  /** Requests entering from the sources in the period. */
  requests: number;
  components: Record<string, ComponentUsage>;
}

export interface CostOptions {
  catalog?: PricingCatalog;
  billing?: Billing;
  /** Database storage per database component, GB, instead of the file's `storageGb` × nodes. */
  storageGb?: Record<string, number>;
}

/** Cost of a period and its projection. */
export interface CostBreakdown {
  /** USD per hour at the period's rate. */
  perHour: number;
  /** USD per month (730 hours). */
  perMonth: number;
  /** USD per million source requests; null without requests. */
  perMillionRequests: number | null;
  /** USD per month by component id (components with no cost included as 0). */
  byComponent: Record<string, number>;
  /** USD per month of data transfer (egress, cross-zone, cross-region), already inside byComponent. */
  transferPerMonth: number;
  /** USD for the period itself. */
  totalUsd: number;
  /** Assumptions made (default instance types, unknown types). */
  notes: string[];
}

/** Bytes per GB for transfer pricing (providers bill decimal GB). */
const BYTES_PER_GB = 1e9;
/** GB of processed bytes per LCU-hour (ALB). */
const LCU_GB_PER_HOUR = 1;
/** New connections per second per LCU (ALB). */
const LCU_NEW_CONNECTIONS_PER_S = 25;
/** Rule evaluations per second per LCU (ALB). */
const LCU_RULE_EVALUATIONS_PER_S = 1000;

/** Role of a component's instances in the catalog, or null when it is not priced by instance. */
function roleOf(c: Component): InstanceRole | null {
  switch (c.kind) {
    case 'service':
      return 'compute';
    case 'cache':
      // A CDN or client cache has no nodes of its own (it is priced by its transfer) unless a type is named.
      return (c.tier ?? 'cache') === 'cache' || c.instanceType !== undefined ? 'cache' : null;
    case 'database':
      return 'database';
    case 'gateway':
    case 'queue':
      return c.instanceType !== undefined ? 'compute' : null;
    default:
      return null;
  }
}

/** Instances a component runs when the fleet is fixed (replicas and shards included). */
export function fixedInstances(c: Component): number {
  switch (c.kind) {
    case 'service':
      return c.instances;
    case 'cache':
      return (c.tier ?? 'cache') === 'cache' || c.instanceType !== undefined ? (c.nodes ?? 1) : 0;
    case 'database':
      return (1 + (c.replicas ?? 0)) * (c.shards ?? 1);
    case 'gateway':
      return c.instanceType !== undefined ? 1 : 0;
    case 'queue':
      return c.instanceType !== undefined ? (c.brokers ?? 1) : 0;
    case 'loadBalancer':
      return 1;
    default:
      return 0;
  }
}

/** USD per instance-hour of a component: the file's override, then the catalog (preferring the file's region). */
export function instanceHourlyUsd(
  topology: Topology,
  c: Component,
  catalog: PricingCatalog = DEFAULT_PRICING_CATALOG,
  notes: string[] = [],
  id = '',
): number {
  const role = roleOf(c);
  if (role === null) return 0;
  const explicit = 'instanceType' in c ? c.instanceType : undefined;
  const type = explicit ?? catalog.defaults[role];
  const override = topology.pricing?.instanceHourlyUsd?.[type];
  if (override !== undefined) return override;
  const region = topology.pricing?.region;
  const matches = catalog.instances.filter((p) => p.type === type);
  const entry = matches.find((p) => p.region === region) ?? matches[0];
  if (entry === undefined) {
    notes.push(`${id}: instance type "${type}" is not in the pricing catalog; priced at $0`);
    return 0;
  }
  if (explicit === undefined) notes.push(`${id}: no instanceType; assumed ${type} ($${entry.hourlyUsd}/h)`);
  return entry.hourlyUsd;
}

/** Billed seconds of `lifetimes` instances that together ran `seconds`, at the given granularity. */
function billedSeconds(seconds: number, lifetimes: number, billing: Billing): number {
  if (!(seconds > 0)) return 0;
  const n = Math.max(1, lifetimes);
  const each = seconds / n;
  if (billing === 'perHour') return n * Math.ceil(each / 3600 - 1e-12) * 3600;
  return n * Math.max(60, each);
}

/** Prices a usage record. */
export function costOfUsage(topology: Topology, usage: Usage, options: CostOptions = {}): CostBreakdown {
  const catalog = options.catalog ?? DEFAULT_PRICING_CATALOG;
  const billing = options.billing ?? topology.pricing?.billing ?? 'perSecond';
  const units = catalog.units;
  const p = topology.pricing;
  const transfer = {
    crossZone: p?.dataTransferPerGbUsd?.crossZone ?? units.transferCrossZonePerGb.usd,
    crossRegion: p?.dataTransferPerGbUsd?.crossRegion ?? units.transferCrossRegionPerGb.usd,
    egress: p?.dataTransferPerGbUsd?.egress ?? units.transferEgressPerGb.usd,
  };
  const notes: string[] = [];
  const hours = usage.durationS / 3600;
  const byPeriod: Record<string, number> = {};
  let transferUsd = 0;
  for (const [id, c] of Object.entries(topology.components)) {
    const u = usage.components[id] ?? {};
    const requests = u.requests ?? 0;
    let usd = 0;
    const flat = p?.componentHourlyUsd?.[id];
    const instanceSeconds = u.instanceSeconds ?? fixedInstances(c) * usage.durationS;
    if (flat !== undefined) usd += flat * hours;
    else if (c.kind === 'loadBalancer') {
      const perS = usage.durationS > 0 ? requests / usage.durationS : 0;
      const gbPerHour =
        hours > 0 ? ((u.egressBytes ?? 0) + (u.crossZoneBytes ?? 0)) / BYTES_PER_GB / hours : 0;
      const lcu = Math.max(
        perS / catalog.requestsPerConnection / LCU_NEW_CONNECTIONS_PER_S,
        perS / LCU_RULE_EVALUATIONS_PER_S,
        gbPerHour / LCU_GB_PER_HOUR,
      );
      usd += (units.loadBalancerHour.usd + lcu * units.loadBalancerLcuHour.usd) * hours;
    } else if (roleOf(c) !== null) {
      const hourly = instanceHourlyUsd(topology, c, catalog, notes, id);
      const steady = Math.min(instanceSeconds, (u.steadyInstances ?? 0) * usage.durationS);
      const billed =
        u.instanceLifetimes === undefined
          ? instanceSeconds
          : steady + billedSeconds(instanceSeconds - steady, u.instanceLifetimes, billing);
      usd += (billed / 3600) * hourly;
    }
    // Storage: the option's GB for the whole component, else the file's storageGb on every node.
    const storageGb =
      c.kind === 'database' ? (options.storageGb?.[id] ?? (c.storageGb ?? 0) * fixedInstances(c)) : 0;
    if (storageGb > 0) usd += storageGb * units.databaseStorageGbMonth.usd * (hours / HOURS_PER_MONTH);
    const perMillion = p?.perMillionRequestsUsd?.[id];
    if (perMillion !== undefined) usd += (perMillion * requests) / 1e6;
    else if (c.kind === 'gateway' && c.instanceType === undefined && flat === undefined)
      usd += (units.gatewayPerMillion.usd * requests) / 1e6;
    else if (c.kind === 'queue' && c.instanceType === undefined && flat === undefined)
      usd += (units.queuePerMillionRequests.usd * requests * catalog.queueRequestsPerMessage) / 1e6;
    else if (c.kind === 'external' && c.pricePerMillionUsd !== undefined)
      usd += (c.pricePerMillionUsd * requests) / 1e6;
    if (c.kind === 'serverless' && flat === undefined) {
      usd +=
        ((p?.serverlessPerMillionUsd ?? units.serverlessPerMillion.usd) *
          (perMillion === undefined ? requests : 0)) /
        1e6;
      usd += (p?.serverlessPerGbSecondUsd ?? units.serverlessPerGbSecond.usd) * (u.gbSeconds ?? 0);
    }
    const transferred =
      ((u.egressBytes ?? 0) * transfer.egress +
        (u.crossZoneBytes ?? 0) * transfer.crossZone +
        (u.crossRegionBytes ?? 0) * transfer.crossRegion) /
      BYTES_PER_GB;
    transferUsd += transferred;
    byPeriod[id] = usd + transferred;
  }
  const totalUsd = Object.values(byPeriod).reduce((a, b) => a + b, 0);
  const perHour = hours > 0 ? totalUsd / hours : 0;
  const byComponent: Record<string, number> = {};
  for (const [id, v] of Object.entries(byPeriod))
    byComponent[id] = hours > 0 ? (v / hours) * HOURS_PER_MONTH : 0;
  return {
    perHour,
    perMonth: perHour * HOURS_PER_MONTH,
    perMillionRequests: usage.requests > 0 ? (totalUsd / usage.requests) * 1e6 : null,
    byComponent,
    transferPerMonth: hours > 0 ? (transferUsd / hours) * HOURS_PER_MONTH : 0,
    totalUsd,
    notes: [...new Set(notes)],
  };
}

/** Share of each source endpoint in its source's traffic, with its payload sizes. */
function endpointShares(topology: Topology) {
  const out: { sourceId: string; to: string; share: number; requestBytes: number; responseBytes: number }[] =
    [];
  for (const [sourceId, c] of Object.entries(topology.components)) {
    if (c.kind !== 'source') continue;
    const total = c.endpoints.reduce((s, e) => s + e.weight, 0);
    for (const e of c.endpoints)
      out.push({
        sourceId,
        to: e.to,
        share: total > 0 ? e.weight / total : 0,
        requestBytes: e.requestBytes ?? 0,
        responseBytes: e.responseBytes ?? 0,
      });
  }
  return out;
}

/** Network classes priced as data transfer between zones or regions. */
type CrossClass = 'crossZone' | 'crossRegion';

/** Callee id → the priced network class of the hops a component makes to it (crossRegion wins over crossZone). */
function crossHops(c: Component): Map<string, CrossClass> {
  const out = new Map<string, CrossClass>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o['to'] === 'string' && (o['network'] === 'crossZone' || o['network'] === 'crossRegion')) {
      const to = o['to'];
      if (out.get(to) !== 'crossRegion') out.set(to, o['network']);
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(c, 0);
  return out;
}

/** Whether any hop of the design (sources' client hops aside) crosses a zone or a region. */
export function hasCrossNetworkHops(topology: Topology): boolean {
  return Object.values(topology.components).some((c) => c.kind !== 'source' && crossHops(c).size > 0);
}

/**
 * Bytes per second crossing zones and regions, by receiving component, from the call rates: on
 * every caller → callee hop whose network is `crossZone` or `crossRegion`, the hop's rate (the
 * estimator's `edgeRps`) × the endpoints' payloads — the request bytes go to the callee, the
 * response bytes back to the caller. A hop carries the request and response sizes of the endpoints
 * whose requests reach the callee, weighted by their visits there (the file gives payload sizes
 * per endpoint only). Client hops from sources are internet egress, priced apart.
 */
export function crossNetworkBytesPerS(
  topology: Topology,
  edgeRps: Record<string, number>,
  endpoints: Record<string, { rateRps: number; visits: Record<string, number> }>,
): Record<string, { crossZone: number; crossRegion: number }> {
  const payload = new Map<string, { requestBytes: number; responseBytes: number }>();
  for (const c of Object.values(topology.components))
    if (c.kind === 'source')
      for (const e of c.endpoints)
        payload.set(e.id, { requestBytes: e.requestBytes ?? 0, responseBytes: e.responseBytes ?? 0 });
  // Mean request and response bytes per visit of a component, over the endpoints reaching it.
  const perVisit = (id: string) => {
    let visits = 0;
    let req = 0;
    let resp = 0;
    for (const [ep, e] of Object.entries(endpoints)) {
      const v = e.rateRps * (e.visits[id] ?? 0);
      const p = payload.get(ep);
      if (!(v > 0) || p === undefined) continue;
      visits += v;
      req += v * p.requestBytes;
      resp += v * p.responseBytes;
    }
    return visits > 0 ? { req: req / visits, resp: resp / visits } : { req: 0, resp: 0 };
  };
  const out: Record<string, { crossZone: number; crossRegion: number }> = {};
  const add = (id: string, cls: CrossClass, bytes: number) => {
    const o = (out[id] ??= { crossZone: 0, crossRegion: 0 });
    o[cls] += bytes;
  };
  for (const [from, c] of Object.entries(topology.components)) {
    if (c.kind === 'source') continue;
    for (const [to, cls] of crossHops(c)) {
      const rate = edgeRps[`${from}->${to}`] ?? 0;
      if (!(rate > 0)) continue;
      const p = perVisit(to);
      add(to, cls, rate * p.req);
      add(from, cls, rate * p.resp);
    }
  }
  return out;
}

/** Launches and the steady fleet of a changing pool, from its per-window instance counts over the measured period. */
function launchesOf(result: SimulationResult, id: string): { launches: number; steady: number } | null {
  const counts = result.windows
    .filter((w) => w.startS >= result.warmupS - 1e-9)
    .map((w) => w.components.find((x) => x.id === id)?.instances)
    .filter((x): x is NonNullable<typeof x> => x !== undefined);
  if (counts.length === 0) return null;
  // Instances billed and not draining at each window's end: a rise between two windows is a launch.
  const end = counts.map((c) => c.serving + c.warming);
  let launches = 0;
  for (let k = 1; k < end.length; k++) launches += Math.max(0, (end[k] as number) - (end[k - 1] as number));
  return { launches, steady: Math.min(...end, ...counts.map((c) => c.mean)) };
}

/**
 * Usage of a simulated run over its measured period: billed instance-seconds as the engine reports
 * them (`scaling.instanceSeconds`, warm-up included; else the fixed fleet × the period), visits per
 * component, serverless GB-seconds (`scaling.gbSeconds`, else completions × mean response × memory),
 * response bytes of completed requests as egress from each endpoint's entry component, and bytes
 * across zones and regions (`crossNetworkBytesPerS` per visit at the file's load, times the visits
 * simulated). Per-second billing bills the engine's instance-seconds as they are (launch to
 * termination; the 60 s minimum is not applied to simulated launches, so the per-window cost
 * series add up to the total). Per-hour billing rounds launches: the engine reports billed
 * instance-seconds only in total, so launches are counted from the per-window instance counts
 * (`launchesOf`): the lowest count over the measured windows runs through the period unrounded;
 * every rise of the end-of-window count (serving + warming) is a launch, and the remaining
 * instance-seconds are split evenly over those launches and rounded up to whole hours each.
 * Several launches and stops inside one window count as their net rise.
 */
export function usageFromSimulation(
  topology: Topology,
  result: SimulationResult,
  billing: Billing = topology.pricing?.billing ?? 'perSecond',
): Usage {
  const durationS = result.measuredS;
  const components: Record<string, ComponentUsage> = {};
  const stats = new Map(result.components.map((s) => [s.id, s]));
  for (const [id, c] of Object.entries(topology.components)) {
    const s = stats.get(id);
    // Billed instance-seconds from the engine (autoscaled pools: launch to termination, warm-up included), else the fixed fleet.
    const billed = s?.scaling?.instanceSeconds;
    const u: ComponentUsage = {
      instanceSeconds: billed ?? fixedInstances(c) * durationS,
      requests: s?.arrivals ?? 0,
    };
    if (c.kind === 'serverless' && s !== undefined)
      u.gbSeconds = s.scaling?.gbSeconds ?? (c.memoryMb / 1024) * s.completed * (s.meanResponseTimeS ?? 0);
    if (billing === 'perHour' && billed !== undefined && c.kind !== 'serverless') {
      const l = launchesOf(result, id);
      if (l !== null && l.launches > 0) {
        u.instanceLifetimes = l.launches;
        u.steadyInstances = l.steady;
      }
    }
    components[id] = u;
  }
  if (hasCrossNetworkHops(topology) && durationS > 0) {
    const scenario =
      result.scenario !== null && topology.scenarios?.[result.scenario] ? result.scenario : undefined;
    const a = analyze(topology, scenario !== undefined ? { scenario } : {});
    for (const [id, b] of Object.entries(crossNetworkBytesPerS(topology, a.edgeRps, a.endpoints))) {
      const rate = a.components[id]?.arrivalRps ?? 0;
      const u = components[id];
      if (!(rate > 0) || u === undefined) continue;
      // Bytes per visit at the file's load, times the visits simulated.
      const visits = stats.get(id)?.arrivals ?? 0;
      u.crossZoneBytes = (b.crossZone / rate) * visits;
      u.crossRegionBytes = (b.crossRegion / rate) * visits;
    }
  }
  // Per-source completions are not in the result: completions are split evenly over sources, then by weight.
  const completed = result.measured.completed;
  const shares = endpointShares(topology);
  const sources = new Set(shares.map((s) => s.sourceId));
  for (const e of shares) {
    const u = components[e.to];
    if (u === undefined) continue;
    const n = (completed * e.share) / Math.max(1, sources.size);
    u.egressBytes = (u.egressBytes ?? 0) + n * e.responseBytes;
  }
  return { durationS, requests: result.measured.arrived, components };
}

/** Cost of a simulated run, projected from its measured period. */
export function costFromSimulation(
  topology: Topology,
  result: SimulationResult,
  options: CostOptions = {},
): CostBreakdown {
  const billing = options.billing ?? topology.pricing?.billing ?? 'perSecond';
  return costOfUsage(topology, usageFromSimulation(topology, result, billing), options);
}

/** The CLI's cost object: USD per hour, per month (730 h), per million source requests, and per month by component. */
export interface CostSummary {
  perHour: number;
  perMonth: number;
  perMillionRequests: number | null;
  byComponent: Record<string, number>;
  /** USD per month of data transfer, already inside byComponent. */
  transferPerMonth: number;
}

/** Cost summary of a simulated run (for `simulate --json`). */
export function simulationCostSummary(
  topology: Topology,
  result: SimulationResult,
  options: CostOptions = {},
): CostSummary {
  const c = costFromSimulation(topology, result, options);
  return {
    perHour: c.perHour,
    perMonth: c.perMonth,
    perMillionRequests: c.perMillionRequests,
    byComponent: c.byComponent,
    transferPerMonth: c.transferPerMonth,
  };
}
