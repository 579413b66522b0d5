/**
 * First analytic estimator: traffic equations over the call graph, then one queue per station.
 *
 * - Arrival rates: each source's rate (× the first scenario's load factor) split by endpoint weight,
 *   pushed along routes, balancer targets, cache misses (1 − hit ratio), call probabilities and
 *   queue consumers. Closed sources use N / (think time + response time), solved by fixed point.
 * - Stations: a service pool is `instances` independent M/G/c queues (c = cores, load split evenly);
 *   a database node (primary or replica, per shard) likewise; a serverless pool is one M/G/c with
 *   c = concurrency limit. Waits are Erlang C (exact for M/M/c) scaled by (1 + cs²)/2 (Allen–Cunneen).
 * - Pure delays (gateway, balancer, cache lookup, queue publish, external API) add their mean latency.
 *   Rate limits and quotas count as capacities (utilization = rate / limit) but add no wait.
 * - Left out here: worker pools and queue limits, retries and timeouts, cold starts, profiles and
 *   failures; parallel call groups take the largest branch mean.
 * Pure and deterministic: no DOM, no Node, no clock.
 */
import {
  distributionMoments,
  NETWORK_CLASS_LATENCY,
  type Component,
  type Distribution,
  type Network,
  type Topology,
} from '../../shared/topology/index.js';

/** Estimated figures of one component. */
export interface ComponentEstimate {
  /** Visits arriving per second. */
  arrivalRps: number;
  /** Offered load over capacity (busy fraction of its servers); null for a pure delay. May exceed 1. */
  utilization: number | null;
  /** Mean time per visit (own wait and work plus synchronous downstream calls), ms; Infinity when saturated. */
  meanResponseMs: number;
}

/** The analytic estimate of a whole topology. */
export interface Estimate {
  components: Record<string, ComponentEstimate>;
  /** Id of the component with the highest utilization, or null when nothing has a capacity. */
  bottleneck: string | null;
  /** Requests per second entering from all sources. */
  offeredRps: number;
  /** Highest total source rate before the bottleneck saturates (bottleneck law), req/s; null when unbounded. */
  maxThroughputRps: number | null;
  /** Mean end-to-end latency of a source request, ms; Infinity when a station on its path is saturated; null without traffic. */
  endToEndMeanMs: number | null;
  /** Requests per second along each caller → callee edge, keyed `${from}->${to}`. */
  edgeRps: Record<string, number>;
}

/** Deepest chain of hops followed (guards cycles). */
const MAX_DEPTH = 64;
/** Fixed-point iterations for closed workloads. */
const CLOSED_ITERATIONS = 60;

const finite = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** Mean and second moment of a distribution in ms, tolerant of invalid parameters (0 when unusable). */
function moments(d: Distribution | undefined): { m1: number; m2: number } {
  if (!d) return { m1: 0, m2: 0 };
  try {
    const m = distributionMoments(d);
    const m1 = finite(m.m1);
    return { m1: Math.max(0, m1), m2: m.m2 === Infinity ? Infinity : Math.max(0, finite(m.m2)) };
  } catch {
    return { m1: 0, m2: 0 };
  }
}

/** Mean one-way network latency of a hop, ms. */
function networkMs(n: Network | undefined): number {
  if (n === undefined) return 0;
  if (typeof n === 'string') return moments(NETWORK_CLASS_LATENCY[n]).m1;
  return moments(n).m1;
}

/**
 * Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ (erlangs).
 * Computed with the stable Erlang B recursion.
 */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (a >= c) return 1;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** Mean wait in queue (ms) of an M/G/c station: Erlang C × (1 + cs²)/2 over (cμ − λ). */
export function mgcWaitMs(servers: number, arrivalPerMs: number, meanMs: number, scv: number): number {
  if (arrivalPerMs <= 0 || meanMs <= 0) return 0;
  if (servers <= 0) return Infinity;
  const a = arrivalPerMs * meanMs;
  if (a >= servers) return Infinity;
  const wq = erlangC(servers, a) / (servers / meanMs - arrivalPerMs);
  return wq * ((1 + scv) / 2);
}

/** Per-endpoint rates at each component, req/s. */
type Flows = Map<string, Map<string, number>>;

/** Hit ratio of a cache for the estimate: a fixed ratio, or the share of requests for the `capacity` most popular keys. */
function cacheHitRatio(c: Extract<Component, { kind: 'cache' }>, keys: number, zipfS: number): number {
  if (c.hit.type === 'ratio') return Math.min(1, Math.max(0, finite(c.hit.hitRatio)));
  const cap = Math.max(0, finite(c.hit.capacity));
  const n = Math.max(1, finite(keys, 1_000_000));
  if (cap >= n) return 1;
  const s = Math.max(0, finite(zipfS));
  // Generalized harmonic number H(m, s) by its integral approximation (exact enough for a bar on a node).
  const h = (m: number) => {
    if (m <= 0) return 0;
    if (Math.abs(s - 1) < 1e-9) return Math.log(m) + 0.5772156649 + 1 / (2 * m);
    return (Math.pow(m, 1 - s) - 1) / (1 - s) + 0.5 * (1 + Math.pow(m, -s));
  };
  return Math.min(1, Math.max(0, h(cap) / h(n)));
}

interface EndpointInfo {
  keys: number;
  zipfS: number;
}

/** Estimates the topology's steady state. Never throws on a schema-valid topology; tolerant of dangling references. */
export function estimate(topology: Topology): Estimate {
  const comps = topology.components;
  const has = (id: string) => Object.prototype.hasOwnProperty.call(comps, id);
  const firstScenario = topology.scenarios ? Object.values(topology.scenarios)[0] : undefined;
  const loadFactor = finite(firstScenario?.loadFactor, 1);

  const endpointInfo = new Map<string, EndpointInfo>();
  for (const c of Object.values(comps))
    if (c.kind === 'source')
      for (const e of c.endpoints)
        endpointInfo.set(e.id, { keys: finite(e.keys, 1_000_000), zipfS: finite(e.zipfS) });

  const hitRatio = (c: Extract<Component, { kind: 'cache' }>, ep: string): number => {
    if (c.cacheable && !c.cacheable.includes(ep)) return 0;
    const info = endpointInfo.get(ep) ?? { keys: 1_000_000, zipfS: 0 };
    return cacheHitRatio(c, info.keys, info.zipfS);
  };

  /** Pushes `rate` req/s of endpoint `ep` into component `id` and everything it calls. */
  const propagate = (flows: Flows, id: string, ep: string, rate: number, depth: number, from: string) => {
    if (!(rate > 0) || depth > MAX_DEPTH || !has(id)) return;
    const edge = `${from}->${id}`;
    edges.set(edge, (edges.get(edge) ?? 0) + rate);
    const byEp = flows.get(id) ?? new Map<string, number>();
    byEp.set(ep, (byEp.get(ep) ?? 0) + rate);
    flows.set(id, byEp);
    const c = comps[id] as Component;
    const next = (to: string, r: number) => propagate(flows, to, ep, r, depth + 1, id);
    switch (c.kind) {
      case 'service':
      case 'serverless': {
        const h = c.handlers[ep] ?? c.handlers['*'];
        for (const call of h?.calls ?? []) next(call.to, rate * finite(call.probability, 1));
        break;
      }
      case 'gateway': {
        const r = c.routes[ep] ?? c.routes['*'];
        if (r) next(r.to, rate);
        break;
      }
      case 'loadBalancer': {
        const total = c.targets.reduce((s, t) => s + Math.max(0, finite(t.weight, 1)), 0);
        if (total > 0)
          for (const t of c.targets) next(t.to, (rate * Math.max(0, finite(t.weight, 1))) / total);
        break;
      }
      case 'cache':
        if (c.miss) next(c.miss.to, rate * (1 - hitRatio(c, ep)));
        break;
      case 'queue':
        next(c.consumer.to, rate);
        break;
      default:
        break;
    }
  };

  /** Source rates: open rates fixed; closed rates iterated. */
  const sourceIds = Object.keys(comps).filter((id) => comps[id]?.kind === 'source');
  const closedRates = new Map<string, number>();
  for (const id of sourceIds) {
    const c = comps[id] as Extract<Component, { kind: 'source' }>;
    if (c.workload.type === 'closed') {
      const z = moments(c.workload.thinkTimeMs).m1;
      const n = finite(c.workload.users) * loadFactor;
      closedRates.set(id, z > 0 ? (n / z) * 1000 * 0.5 : n);
    }
  }

  /** Rates along edges of the latest evaluation, req/s. */
  let edges = new Map<string, number>();
  const evaluate = () => {
    const flows: Flows = new Map();
    edges = new Map();
    let offered = 0;
    for (const id of sourceIds) {
      const c = comps[id] as Extract<Component, { kind: 'source' }>;
      const rate =
        c.workload.type === 'open'
          ? Math.max(0, finite(c.workload.rateRps)) * loadFactor
          : (closedRates.get(id) ?? 0);
      offered += rate;
      const total = c.endpoints.reduce((s, e) => s + Math.max(0, finite(e.weight)), 0);
      if (total > 0)
        for (const e of c.endpoints)
          propagate(flows, e.to, e.id, (rate * Math.max(0, finite(e.weight))) / total, 0, id);
    }
    return { flows, offered };
  };

  const run = () => {
    const { flows, offered } = evaluate();
    const rateOf = (id: string) => [...(flows.get(id)?.values() ?? [])].reduce((s, r) => s + r, 0);

    /** Per component: utilization and own wait (ms) per endpoint, from the flows. */
    const utilization = new Map<string, number | null>();
    const ownWait = new Map<string, (ep: string) => number>();
    for (const [id, c] of Object.entries(comps)) {
      const byEp = flows.get(id) ?? new Map<string, number>();
      const lambda = rateOf(id);
      const mix = (work: (ep: string) => Distribution | undefined) => {
        let m1 = 0;
        let m2 = 0;
        for (const [ep, r] of byEp) {
          const m = moments(work(ep));
          m1 += r * m.m1;
          m2 += r * m.m2;
        }
        return lambda > 0 ? { m1: m1 / lambda, m2: m2 / lambda } : { m1: 0, m2: 0 };
      };
      const scvOf = (m: { m1: number; m2: number }) => (m.m1 > 0 ? Math.max(0, m.m2 / (m.m1 * m.m1) - 1) : 1);
      switch (c.kind) {
        case 'service':
        case 'serverless': {
          const handlerWork = (ep: string) => (c.handlers[ep] ?? c.handlers['*'])?.workMs;
          const m = mix(handlerWork);
          const pools = c.kind === 'service' ? Math.max(0, finite(c.instances)) : 1;
          const servers =
            c.kind === 'service'
              ? Math.max(1, finite(c.cores, 1))
              : Math.max(1, finite(c.concurrencyLimit, 1));
          const capacityPerMs = pools * servers;
          const demandPerMs = (lambda / 1000) * m.m1;
          utilization.set(
            id,
            demandPerMs === 0 ? 0 : capacityPerMs > 0 ? demandPerMs / capacityPerMs : Infinity,
          );
          const wait =
            pools > 0
              ? mgcWaitMs(servers, lambda / 1000 / pools, m.m1, scvOf(m))
              : demandPerMs > 0
                ? Infinity
                : 0;
          ownWait.set(id, (ep) => wait + moments(handlerWork(ep)).m1);
          break;
        }
        case 'database': {
          const handlerOf = (ep: string) => c.handlers[ep] ?? c.handlers['*'];
          const shards = Math.max(1, finite(c.shards, 1));
          const replicas = Math.max(0, finite(c.replicas));
          const cores = Math.max(1, finite(c.cores, 1));
          const readsOnPrimary = c.readsOnPrimary ?? replicas === 0;
          const readNodes = (replicas > 0 ? replicas : 0) + (readsOnPrimary ? 1 : 0);
          let wDemand = 0;
          let rDemand = 0;
          let wM2 = 0;
          let rM2 = 0;
          let wRate = 0;
          let rRate = 0;
          for (const [ep, r] of byEp) {
            const h = handlerOf(ep);
            const m = moments(h?.workMs);
            const wf = Math.min(1, Math.max(0, finite(h?.writeFraction)));
            wRate += r * wf;
            rRate += r * (1 - wf);
            wDemand += r * wf * m.m1;
            rDemand += r * (1 - wf) * m.m1;
            wM2 += r * wf * m.m2;
            rM2 += r * (1 - wf) * m.m2;
          }
          // Per shard, per ms: the primary takes every write and its share of reads.
          const readShare = readNodes > 0 ? 1 / readNodes : 0;
          const primReads = readsOnPrimary ? readShare : 0;
          const primRate = (wRate + rRate * primReads) / shards / 1000;
          const primDemand = (wDemand + rDemand * primReads) / shards / 1000;
          const replRate = replicas > 0 ? (rRate * readShare) / shards / 1000 : 0;
          const replDemand = replicas > 0 ? (rDemand * readShare) / shards / 1000 : 0;
          const primMean = primRate > 0 ? primDemand / primRate : 0;
          const primM2 = primRate > 0 ? (wM2 + rM2 * primReads) / shards / 1000 / primRate : 0;
          const replMean = replRate > 0 ? replDemand / replRate : 0;
          const replM2 = replRate > 0 ? (rM2 * readShare) / shards / 1000 / replRate : 0;
          const noReadNode = rRate > 0 && readNodes === 0;
          utilization.set(id, noReadNode ? Infinity : Math.max(primDemand, replDemand) / cores);
          const wPrim = mgcWaitMs(cores, primRate, primMean, scvOf({ m1: primMean, m2: primM2 }));
          const wRepl = mgcWaitMs(cores, replRate, replMean, scvOf({ m1: replMean, m2: replM2 }));
          const readWait = noReadNode
            ? Infinity
            : replicas > 0
              ? readsOnPrimary
                ? (wPrim + replicas * wRepl) / readNodes
                : wRepl
              : wPrim;
          ownWait.set(id, (ep) => {
            const h = handlerOf(ep);
            const wf = Math.min(1, Math.max(0, finite(h?.writeFraction)));
            const work = moments(h?.workMs).m1;
            const w = (wf > 0 ? wf * wPrim : 0) + (wf < 1 ? (1 - wf) * readWait : 0);
            return w + work;
          });
          break;
        }
        case 'gateway': {
          const rl = c.rateLimit;
          utilization.set(
            id,
            rl && (rl.scope ?? 'global') === 'global' ? lambda / Math.max(1e-9, finite(rl.rateRps)) : null,
          );
          const lat = moments(c.latencyMs).m1;
          ownWait.set(id, () => lat);
          break;
        }
        case 'external': {
          utilization.set(id, c.quotaRps !== undefined ? lambda / Math.max(1e-9, finite(c.quotaRps)) : null);
          const lat = moments(c.latencyMs).m1;
          ownWait.set(id, () => lat);
          break;
        }
        case 'loadBalancer': {
          const lat = moments(c.latencyMs).m1;
          utilization.set(id, null);
          ownWait.set(id, () => lat);
          break;
        }
        case 'cache': {
          const lat = moments(c.latencyMs).m1;
          utilization.set(id, null);
          ownWait.set(id, () => lat);
          break;
        }
        case 'queue': {
          const lat = moments(c.publishMs).m1;
          utilization.set(id, null);
          ownWait.set(id, () => lat);
          break;
        }
        default:
          utilization.set(id, null);
          ownWait.set(id, () => 0);
      }
    }

    /** Mean response (ms) of a visit for endpoint `ep` at `id`, synchronous downstream included. */
    const memo = new Map<string, number>();
    const response = (id: string, ep: string, depth: number): number => {
      if (!has(id) || depth > MAX_DEPTH) return 0;
      const key = `${id}\u0000${ep}`;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const c = comps[id] as Component;
      const hop = (to: string, network: Network | undefined) =>
        2 * networkMs(network) + response(to, ep, depth + 1);
      let t = (ownWait.get(id) ?? (() => 0))(ep);
      switch (c.kind) {
        case 'service':
        case 'serverless': {
          const calls = (c.handlers[ep] ?? c.handlers['*'])?.calls ?? [];
          let i = 0;
          while (i < calls.length) {
            const call = calls[i] as (typeof calls)[number];
            const group = call.group;
            let branchMax = 0;
            let j = i;
            do {
              const cj = calls[j] as (typeof calls)[number];
              if (cj.mode !== 'async')
                branchMax = Math.max(branchMax, finite(cj.probability, 1) * hop(cj.to, cj.network));
              j++;
            } while (group !== undefined && j < calls.length && calls[j]?.group === group);
            t += branchMax;
            i = j;
          }
          break;
        }
        case 'gateway': {
          const r = c.routes[ep] ?? c.routes['*'];
          if (r) t += hop(r.to, r.network);
          break;
        }
        case 'loadBalancer': {
          const total = c.targets.reduce((s, x) => s + Math.max(0, finite(x.weight, 1)), 0);
          if (total > 0)
            for (const x of c.targets) t += (Math.max(0, finite(x.weight, 1)) / total) * hop(x.to, x.network);
          break;
        }
        case 'cache':
          if (c.miss) {
            const miss = 1 - hitRatio(c, ep);
            if (miss > 0) t += miss * hop(c.miss.to, c.miss.network);
          }
          break;
        default:
          break;
      }
      memo.set(key, t);
      return t;
    };

    const components: Record<string, ComponentEstimate> = {};
    for (const id of Object.keys(comps)) {
      const byEp = flows.get(id);
      const lambda = rateOf(id);
      let weighted = 0;
      if (byEp && lambda > 0) for (const [ep, r] of byEp) weighted += r * response(id, ep, 0);
      const u = utilization.get(id) ?? null;
      components[id] = {
        arrivalRps: lambda,
        utilization: u,
        meanResponseMs: lambda > 0 ? weighted / lambda : response(id, '*', 0),
      };
    }

    let e2eSum = 0;
    let e2eRate = 0;
    const perSource = new Map<string, number>();
    for (const id of sourceIds) {
      const c = comps[id] as Extract<Component, { kind: 'source' }>;
      const total = c.endpoints.reduce((s, e) => s + Math.max(0, finite(e.weight)), 0);
      let sum = 0;
      for (const e of c.endpoints) {
        const share = total > 0 ? Math.max(0, finite(e.weight)) / total : 0;
        if (share > 0) sum += share * (2 * networkMs(e.network) + response(e.to, e.id, 0));
      }
      perSource.set(id, sum);
      const rate =
        c.workload.type === 'open'
          ? Math.max(0, finite(c.workload.rateRps)) * loadFactor
          : (closedRates.get(id) ?? 0);
      e2eSum += rate * sum;
      e2eRate += rate;
    }
    return { components, offered, perSource, endToEnd: e2eRate > 0 ? e2eSum / e2eRate : null };
  };

  let result = run();
  if (closedRates.size > 0) {
    for (let k = 0; k < CLOSED_ITERATIONS; k++) {
      for (const id of closedRates.keys()) {
        const c = comps[id] as Extract<Component, { kind: 'source' }>;
        if (c.workload.type !== 'closed') continue;
        const n = finite(c.workload.users) * loadFactor;
        const z = moments(c.workload.thinkTimeMs).m1;
        const r = result.perSource.get(id) ?? 0;
        const target = Number.isFinite(r) && z + r > 0 ? (n / (z + r)) * 1000 : 0;
        const prev = closedRates.get(id) ?? 0;
        closedRates.set(id, prev + 0.5 * (target - prev));
      }
      result = run();
    }
  }

  let bottleneck: string | null = null;
  let maxU = 0;
  for (const [id, ce] of Object.entries(result.components)) {
    if (ce.utilization !== null && ce.utilization > maxU) {
      maxU = ce.utilization;
      bottleneck = id;
    }
  }
  return {
    components: result.components,
    bottleneck,
    offeredRps: result.offered,
    maxThroughputRps:
      bottleneck !== null && maxU > 0 && Number.isFinite(maxU)
        ? result.offered / maxU
        : bottleneck !== null
          ? 0
          : null,
    endToEndMeanMs: result.endToEnd,
    edgeRps: Object.fromEntries(edges),
  };
}
