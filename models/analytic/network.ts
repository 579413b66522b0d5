/**
 * The analytic estimator: steady state of a topology in about a millisecond.
 *
 * 1. Traffic equations: each source's rate (scenario load factor × `scale`) split by endpoint weight
 *    and pushed along routes, balancer weights, cache misses, call probabilities and queue
 *    consumers, thinned by admission (blocking) — per endpoint, so visit ratios fall out.
 *    Cache hit ratios (Che's approximation for key-model caches) and admission fractions depend on
 *    the flows, so the equations are iterated to a fixed point.
 * 2. Arrival variability (QNA, Whitt): per-edge scv from the caller's departure scv and the split
 *    fraction, merged by rate; sources are Poisson or on-off/MMPP (asymptotic index of dispersion).
 * 3. Stations: a pool is `instances` G/G/c queues (c = cores) — round robin makes arrivals
 *    smoother (scv/k, exact E_k/M/1 for Poisson input), random splitting keeps them, least
 *    outstanding / power of two is one pooled G/G/(k·c). Waits: Erlang C × (ca² + cs²)/2
 *    (Allen–Cunneen, KLB for smooth single servers); M/M/c/K when workers/queueLimit bound the room;
 *    worker pools held across synchronous calls are a second layer; serverless and concurrency
 *    limits are Erlang B losses; token buckets are M/D/1/K losses (burst = K), also a queue's
 *    `maxPublishRps`. A cache with `maxRpsPerNode` is `nodes` M/D/1 servers fed evenly by its lookups
 *    and writes; cache writes scale Che's hits (see cacheHitRatios); load shedding's `maxInFlight`
 *    is the room of an M/M/c/K pool (without sync calls); a pool fed only by queues with
 *    `partitions` serves on at most Σ partitions instances. Not modelled here: `maxQueueWaitMs`,
 *    the autoscaler's metric delay (a transient).
 * 4. Responses per endpoint: mean and variance summed along the call tree (parallel groups take the
 *    slowest branch mean); p99 exact for a single M/M/c station on the path, else a gamma fit.
 * 5. Closed workloads: exact load-dependent MVA when one closed source drives plain pools, else a
 *    damped fixed point of N / (Z + R).
 * 6. Bottleneck law: the max throughput is the offered rate over the largest saturation.
 * Pure and deterministic.
 */
import {
  costOfUsage,
  crossNetworkBytesPerS,
  fixedInstances,
  type CostBreakdown,
  type CostOptions,
  type ComponentUsage,
} from '../cost/index.js';
import {
  distributionMoments,
  NETWORK_CLASS_LATENCY,
  type BalancePolicy,
  type Component,
  type Distribution,
  type Network,
  type Topology,
} from '../../shared/topology/index.js';
import {
  cacheHitRatios,
  erlangB,
  gammaTail,
  ggcStation,
  mmckStation,
  mmcResponseTail,
  mvaExact,
  quantileFromTail,
  type MvaStation,
  type StationFigures,
} from './queueing.js';

/** Estimated figures of one component (times in ms, rates per second). */
export interface ComponentAnalysis {
  kind: Component['kind'];
  /** Visits arriving per second (before admission). */
  arrivalRps: number;
  /** Visits admitted and completed per second. */
  throughputRps: number;
  /** Busy fraction of the CPU servers (cores, connections); null for a pure delay. May exceed 1. */
  utilization: number | null;
  /** Offered load over the tightest capacity (cores, workers, rate limit, quota, concurrency); null without one. */
  saturation: number | null;
  /** Arrival rate (req/s) at which the tightest capacity saturates with this endpoint mix; null without one. */
  capacityRps: number | null;
  /** Mean time per visit (own wait and work plus synchronous downstream calls), ms; Infinity when saturated. */
  meanResponseMs: number;
  /** Mean wait for a core or worker per admitted visit, ms. */
  meanWaitMs: number;
  /** Mean own work per visit, ms. */
  meanWorkMs: number;
  /** Mean own time per visit (wait and work, downstream calls excluded), ms. */
  meanLocalMs: number;
  /** Probability an admitted visit waits. */
  waitProbability: number | null;
  /** Fraction of arriving visits refused (503 or 429). */
  blockingProbability: number | null;
  /** Mean visits waiting (for a worker or a core). */
  meanQueueLength: number;
  /** Mean visits at the component (waiting, working, or waiting on synchronous calls). */
  meanInSystem: number;
  /** Squared coefficient of variation of the arrival stream at one server group. */
  arrivalScv: number;
  /** Squared coefficient of variation of the work time. */
  workScv: number;
  /** Instances (nodes) the component runs. */
  instances: number;
  /** Hit ratio of a cache over all its lookups; null otherwise. */
  hitRatio: number | null;
}

/** Figures of one endpoint of a source's request mix. */
export interface EndpointAnalysis {
  sourceId: string;
  /** Requests per second of this endpoint. */
  rateRps: number;
  /** Mean end-to-end latency (client network included), ms. */
  meanMs: number;
  /** Estimated 99th percentile of the end-to-end latency, ms. */
  p99Ms: number;
  /** Fraction of requests that fail (blocked or failed on the way). */
  errorRate: number;
  /** Visits per request at each component it reaches. */
  visits: Record<string, number>;
  /** Shape of the end-to-end latency distribution, for percentiles. */
  tail: TailModel;
  /**
   * Where a request's time goes, ms per component (own wait and work over its synchronous visits;
   * `network` for hops): the expected share in a request at the p99 and in a median request
   * (exponential tilting of gamma-fitted parts; each column sums to that percentile).
   */
  attribution: Record<string, { p99Ms: number; medianMs: number }>;
}

/** End-to-end latency distribution of an endpoint: exact M/M/c plus a shift, or a gamma fit by mean and variance (ms). */
export interface TailModel {
  meanMs: number;
  varianceMs2: number;
  mmc: { c: number; lambda: number; mu: number; shift: number } | null;
}

/** The analysis of a whole topology. The first six fields are the renderer's `Estimate`. */
export interface Analysis {
  components: Record<string, ComponentAnalysis>;
  /** Id of the component with the highest saturation, or null when nothing has a capacity. */
  bottleneck: string | null;
  /** Requests per second entering from all sources. */
  offeredRps: number;
  /** Highest total source rate before the bottleneck saturates (bottleneck law), req/s; null when unbounded. */
  maxThroughputRps: number | null;
  /** Mean end-to-end latency of a source request, ms; Infinity when a station on its path is saturated; null without traffic. */
  endToEndMeanMs: number | null;
  /** Requests per second along each caller → callee edge, keyed `${from}->${to}`. */
  edgeRps: Record<string, number>;
  /** Estimated 99th percentile of end-to-end latency over the mix, ms; null without traffic. */
  endToEndP99Ms: number | null;
  /** Fraction of source requests that fail, over the mix. */
  errorRate: number;
  /** Requests per second completing successfully. */
  throughputRps: number;
  endpoints: Record<string, EndpointAnalysis>;
  /** Steady-state cost at the offered load. */
  cost: CostBreakdown;
  /** Whether closed sources were solved by exact MVA. */
  closedMethod: 'none' | 'mva' | 'fixedPoint';
}

export interface AnalyzeOptions {
  /** Scenario id whose load factor applies (default the first). */
  scenario?: string;
  /** Extra factor on every open rate and closed user count (default 1). */
  scale?: number;
  /** Pricing catalog and billing for the steady-state cost. */
  cost?: CostOptions;
}

/** Deepest chain of hops followed (guards cycles). */
const MAX_DEPTH = 64;
/** Fixed-point iterations for closed workloads. */
const CLOSED_ITERATIONS = 60;
/** Iterations of the flow ↔ hit ratio / admission fixed point. */
const FLOW_ITERATIONS = 12;
/** Largest user count solved by exact MVA (cost grows as N²). */
const MVA_MAX_USERS = 400;
/** Largest burst solved exactly as an M/D/1/K token bucket. */
const MAX_BUCKET_K = 200;

const finite = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

interface Moments {
  m1: number;
  m2: number;
}

/** Mean and second moment of a distribution in ms, tolerant of invalid parameters (0 when unusable). */
function moments(d: Distribution | undefined): Moments {
  if (!d) return { m1: 0, m2: 0 };
  try {
    const m = distributionMoments(d);
    const m1 = finite(m.m1);
    return { m1: Math.max(0, m1), m2: m.m2 === Infinity ? Infinity : Math.max(0, finite(m.m2)) };
  } catch {
    return { m1: 0, m2: 0 };
  }
}

const scvOf = (m: Moments) => (m.m1 > 0 ? Math.max(0, m.m2 / (m.m1 * m.m1) - 1) : 0);

/** Blocking of an M/D/1/K queue (a token bucket of rate r and burst K under Poisson arrivals). */
export function md1kBlocking(arrivalRate: number, serviceRate: number, room: number): number {
  if (arrivalRate <= 0) return 0;
  const rho = arrivalRate / serviceRate;
  const K = Math.max(1, Math.floor(room));
  if (K > MAX_BUCKET_K) return rho > 1 ? 1 - 1 / rho : 0;
  // Poisson arrivals during one deterministic service: a_j = e^{−ρ} ρ^j / j!.
  const a: number[] = [];
  let term = Math.exp(-rho);
  for (let j = 0; j <= K; j++) {
    a.push(term);
    term = (term * rho) / (j + 1);
  }
  // Departure-epoch distribution of the embedded chain on 0..K−1 (Gross & Harris).
  const pi: number[] = [1];
  for (let j = 0; j < K - 1; j++) {
    let v = (pi[j] as number) - (pi[0] as number) * (a[j] as number);
    for (let i = 1; i <= j; i++) v -= (pi[i] as number) * (a[j - i + 1] as number);
    pi.push(Math.max(0, v / (a[0] as number)));
  }
  const total = pi.reduce((s, x) => s + x, 0);
  const pi0 = 1 / total;
  const block = 1 - 1 / (pi0 + rho);
  return Math.min(1, Math.max(0, block));
}

/** Asymptotic index of dispersion of a source's arrival process (1 for Poisson). */
function sourceScv(c: Extract<Component, { kind: 'source' }>): number {
  if (c.workload.type !== 'open') return 1;
  const arr = c.workload.arrivals;
  if (arr === undefined || arr.type === 'poisson') return 1;
  // States (relative rate, mean duration ms) of the modulating chain.
  const states =
    arr.type === 'onOff'
      ? [
          { rate: 1, d: moments(arr.onMs).m1 },
          { rate: 0, d: moments(arr.offMs).m1 },
        ]
      : arr.states.map((s) => ({ rate: s.rateFactor, d: s.meanDurationMs }));
  const totalTime = states.reduce((s, x) => s + x.d, 0);
  if (!(totalTime > 0)) return 1;
  const meanRate = states.reduce((s, x) => s + x.rate * x.d, 0) / totalTime;
  if (!(meanRate > 0)) return 1;
  const variance = states.reduce((s, x) => s + (x.d / totalTime) * (x.rate - meanRate) ** 2, 0);
  // Correlation time of the rate process (exact for two exponential states: 1 / (r1 + r2)), ms.
  const tau = 1 / states.reduce((s, x) => s + (x.d > 0 ? 1 / x.d : 0), 0);
  const lambdaPerMs = (c.workload.rateRps / 1000) * 1;
  // IDC = 1 + 2·Var(Λ)·τ / E[Λ], with Λ in arrivals per ms (relative rates scaled to the mean rate).
  const scale = lambdaPerMs / meanRate;
  return 1 + (2 * variance * scale * scale * tau) / (meanRate * scale);
}

/** A response time summary: moments, failure probability and, when exact, the M/M/c tail. */
interface Resp {
  m1: number;
  m2: number;
  /** Probability the visit fails. */
  fail: number;
  /** Exact tail: a single M/M/c station plus a constant shift (ms); null when not exact. */
  exact: { c: number; lambda: number; mu: number; shift: number } | null;
  /** Whether any random part is present (variance > 0). */
  random: boolean;
}

const ZERO: Resp = { m1: 0, m2: 0, fail: 0, exact: null, random: false };

/** Sum of independent response parts. */
function add(a: Resp, b: Resp): Resp {
  let exact: Resp['exact'] = null;
  if (a.exact && !b.random) exact = { ...a.exact, shift: a.exact.shift + b.m1 };
  else if (b.exact && !a.random) exact = { ...b.exact, shift: b.exact.shift + a.m1 };
  return {
    m1: a.m1 + b.m1,
    m2: a.m2 + b.m2 + 2 * a.m1 * b.m1,
    fail: 1 - (1 - a.fail) * (1 - b.fail),
    exact,
    random: a.random || b.random,
  };
}

/** A part taken with probability p (else zero time, no failure). */
function maybe(p: number, r: Resp): Resp {
  if (p >= 1) return r;
  return {
    m1: p * r.m1,
    m2: p * r.m2,
    fail: p * r.fail,
    exact: null,
    random: r.random || (p > 0 && r.m1 > 0),
  };
}

/** A mixture of parts by weight (weights sum to 1). */
function mixture(parts: { w: number; r: Resp }[]): Resp {
  if (parts.length === 1 && (parts[0] as { w: number }).w >= 1) return (parts[0] as { r: Resp }).r;
  let m1 = 0;
  let m2 = 0;
  let fail = 0;
  let random = false;
  for (const { w, r } of parts) {
    m1 += w * r.m1;
    m2 += w * r.m2;
    fail += w * r.fail;
    random ||= r.random;
  }
  const distinct = new Set(parts.map((p) => p.r.m1)).size > 1;
  return { m1, m2, fail, exact: null, random: random || distinct };
}

/** A constant or random delay with the given moments. */
function delay(m: Moments): Resp {
  return {
    m1: m.m1,
    m2: m.m2,
    fail: 0,
    exact: null,
    random: m.m2 - m.m1 * m.m1 > 1e-12 * (m.m1 * m.m1 + 1e-300),
  };
}

/** Plain-data tail model of a response. */
function tailModel(r: Resp): TailModel {
  return { meanMs: r.m1, varianceMs2: Math.max(0, r.m2 - r.m1 * r.m1), mmc: r.exact ? { ...r.exact } : null };
}

/** Tail P(T > t) of a tail model (t in ms). */
export function tailProbability(m: TailModel, t: number): number {
  if (m.mmc) return mmcResponseTail(m.mmc.c, m.mmc.lambda, m.mmc.mu, t - m.mmc.shift);
  return gammaTail(m.meanMs, m.varianceMs2, t);
}

/** Estimated percentile (0–100) of end-to-end latency over the mix, or one endpoint, ms; null without traffic. */
export function latencyPercentileMs(
  analysis: Pick<Analysis, 'endpoints'>,
  percentile: number,
  endpoint?: string,
): number | null {
  const parts = Object.entries(analysis.endpoints).filter(
    ([ep, x]) => x.rateRps > 0 && (endpoint === undefined || ep === endpoint),
  );
  const total = parts.reduce((s, [, x]) => s + x.rateRps, 0);
  if (!(total > 0)) return null;
  if (parts.some(([, x]) => !Number.isFinite(x.tail.meanMs))) return Infinity;
  const q = 1 - percentile / 100;
  const scale = Math.max(1e-6, ...parts.map(([, x]) => x.tail.meanMs));
  return quantileFromTail(
    (t) => parts.reduce((s, [, x]) => s + (x.rateRps / total) * tailProbability(x.tail, t), 0),
    q,
    scale,
  );
}

/** A part of a request's time: mean and variance (ms, ms²). */
interface Part {
  m: number;
  v: number;
}

/**
 * Expected value of each independent part given that their sum equals t (exponential tilting):
 * with gamma parts (shape m²/v, scale v/m), E[X_i | T = t] ≈ m_i / (1 − s_i θ) where θ solves
 * Σ m_i / (1 − s_i θ) = t; constant parts keep their value. The results sum to t.
 */
export function tiltedShares(parts: readonly Part[], t: number): number[] {
  const n = parts.length;
  // means (ms) and gamma scales (ms) of the parts, flat for the bisection's inner loop
  const ms = new Float64Array(n);
  const scales = new Float64Array(n);
  let sMax = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const p = parts[i] as Part;
    ms[i] = p.m;
    const s = p.m > 0 && p.v > 0 ? p.v / p.m : 0;
    scales[i] = s;
    if (s > sMax) sMax = s;
    mean += p.m;
  }
  const total = (theta: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (ms[i] as number) / (1 - (scales[i] as number) * theta);
    return s;
  };
  if (!(sMax > 0) || !Number.isFinite(t) || !(t > 0)) return parts.map((p) => p.m);
  let lo = t >= mean ? 0 : -1 / sMax;
  let hi = t >= mean ? 1 / sMax : 0;
  if (t < mean) while (total(lo) > t && lo > -1e12 / sMax) lo *= 2;
  for (let it = 0; it < 64; it++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < t) lo = mid;
    else hi = mid;
  }
  const theta = (lo + hi) / 2;
  return parts.map((p, i) => p.m / (1 - (scales[i] as number) * theta));
}

/** Per-station results of one evaluation. */
interface Station {
  utilization: number | null;
  saturation: number | null;
  /** Own wait and work per endpoint. */
  own: (ep: string) => Resp;
  blocking: number;
  waitProbability: number | null;
  meanWaitMs: number;
  meanWorkMs: number;
  meanQueueLength: number;
  /** Busy servers (mean work in progress), for L. */
  busy: number;
  arrivalScv: number;
  workScv: number;
  departureScv: number;
  instances: number;
}

type Comp = Component;

/** A station's own response per endpoint, computed once per endpoint (a station's figures are fixed once built). */
function memoOwn(own: (ep: string) => Resp): (ep: string) => Resp {
  const cache = new Map<string, Resp>();
  return (ep) => {
    let r = cache.get(ep);
    if (r === undefined) {
      r = own(ep);
      cache.set(ep, r);
    }
    return r;
  };
}
type Flows = Map<string, Map<string, number>>;

/** Analyzes a topology's steady state. Never throws on a schema-valid topology; tolerant of dangling references. */
export function analyze(topology: Topology, options: AnalyzeOptions = {}): Analysis {
  const comps = topology.components;
  const ids = Object.keys(comps);
  const has = (id: string) => Object.prototype.hasOwnProperty.call(comps, id);
  const scenario =
    options.scenario !== undefined
      ? topology.scenarios?.[options.scenario]
      : topology.scenarios
        ? Object.values(topology.scenarios)[0]
        : undefined;
  const loadFactor = finite(scenario?.loadFactor, 1) * finite(options.scale, 1);

  /** Moments per distribution object, computed once per call (the topology is not mutated during it). */
  const momentCache = new Map<Distribution | undefined, Moments>();
  const momentsOf = (d: Distribution | undefined): Moments => {
    let m = momentCache.get(d);
    if (m === undefined) {
      m = moments(d);
      momentCache.set(d, m);
    }
    return m;
  };
  /** One-way network latency of a hop, ms (mean and second moment), cached like `momentsOf`. */
  const netMoments = (n: Network | undefined): Moments =>
    momentsOf(n === undefined ? undefined : typeof n === 'string' ? NETWORK_CLASS_LATENCY[n] : n);

  const endpointInfo = new Map<string, { keys: number; zipfS: number }>();
  for (const c of Object.values(comps))
    if (c.kind === 'source')
      for (const e of c.endpoints)
        endpointInfo.set(e.id, { keys: finite(e.keys, 1_000_000), zipfS: finite(e.zipfS) });

  /** Hit ratio per cache and endpoint (updated by the fixed point). */
  const hits = new Map<string, Map<string, number>>();
  /** Admitted fraction per component (updated by the fixed point). */
  const admit = new Map<string, number>();
  /** Endpoints a cache serves from its store: cacheable and not a write. */
  const isLookup = (c: Extract<Comp, { kind: 'cache' }>, ep: string): boolean =>
    (!c.cacheable || c.cacheable.includes(ep)) && !(c.writeEndpoints ?? []).includes(ep);
  const hitRatio = (id: string, c: Extract<Comp, { kind: 'cache' }>, ep: string): number => {
    if (!isLookup(c, ep)) return 0;
    if (c.hit.type === 'ratio') return Math.min(1, Math.max(0, finite(c.hit.hitRatio)));
    return hits.get(id)?.get(ep) ?? 0;
  };
  const admitted = (id: string) => admit.get(id) ?? 1;

  const handlerOf = (c: Extract<Comp, { kind: 'service' | 'serverless' }>, ep: string) =>
    c.handlers[ep] ?? c.handlers['*'];

  /** Steady-state instances of autoscaled pools (target tracking on cpu or requests per instance). */
  const scaled = new Map<string, number>();
  const autoscalers = ids
    .map((id) => comps[id] as Comp)
    .filter((c): c is Extract<Comp, { kind: 'autoscaler' }> => c.kind === 'autoscaler');
  const instancesOf = (id: string, c: Extract<Comp, { kind: 'service' }>) =>
    scaled.get(id) ?? Math.max(0, finite(c.instances));

  let edges = new Map<string, number>();
  /** Pushes `rate` req/s of endpoint `ep` into component `id` and everything it calls. */
  const propagate = (flows: Flows, id: string, ep: string, rate: number, depth: number, from: string) => {
    if (!(rate > 0) || depth > MAX_DEPTH || !has(id)) return;
    const edge = `${from}->${id}`;
    edges.set(edge, (edges.get(edge) ?? 0) + rate);
    const byEp = flows.get(id) ?? new Map<string, number>();
    byEp.set(ep, (byEp.get(ep) ?? 0) + rate);
    flows.set(id, byEp);
    const c = comps[id] as Comp;
    const out = rate * admitted(id);
    const next = (to: string, r: number) => propagate(flows, to, ep, r, depth + 1, id);
    switch (c.kind) {
      case 'service':
      case 'serverless':
        for (const call of handlerOf(c, ep)?.calls ?? []) next(call.to, out * finite(call.probability, 1));
        break;
      case 'gateway': {
        const r = c.routes[ep] ?? c.routes['*'];
        if (r) next(r.to, out);
        break;
      }
      case 'loadBalancer': {
        const total = c.targets.reduce((s, t) => s + Math.max(0, finite(t.weight, 1)), 0);
        if (total > 0)
          for (const t of c.targets) next(t.to, (out * Math.max(0, finite(t.weight, 1))) / total);
        break;
      }
      case 'cache':
        if (c.miss) next(c.miss.to, out * (1 - hitRatio(id, c, ep)));
        break;
      case 'queue':
        next(c.consumer.to, out);
        break;
      default:
        break;
    }
  };

  const sourceIds = ids.filter((id) => comps[id]?.kind === 'source');
  const closedRates = new Map<string, number>();
  for (const id of sourceIds) {
    const c = comps[id] as Extract<Comp, { kind: 'source' }>;
    if (c.workload.type === 'closed') {
      const z = momentsOf(c.workload.thinkTimeMs).m1;
      const n = finite(c.workload.users) * loadFactor;
      closedRates.set(id, z > 0 ? (n / z) * 1000 * 0.5 : n);
    }
  }
  const sourceRate = (id: string): number => {
    const c = comps[id] as Extract<Comp, { kind: 'source' }>;
    return c.workload.type === 'open'
      ? Math.max(0, finite(c.workload.rateRps)) * loadFactor
      : (closedRates.get(id) ?? 0);
  };

  const evaluate = () => {
    const flows: Flows = new Map();
    edges = new Map();
    let offered = 0;
    for (const id of sourceIds) {
      const c = comps[id] as Extract<Comp, { kind: 'source' }>;
      const rate = sourceRate(id);
      offered += rate;
      const total = c.endpoints.reduce((s, e) => s + Math.max(0, finite(e.weight)), 0);
      if (total > 0)
        for (const e of c.endpoints)
          propagate(flows, e.to, e.id, (rate * Math.max(0, finite(e.weight))) / total, 0, id);
    }
    return { flows, offered };
  };

  /** Topological order of the call graph from the edges (components on cycles come last). */
  const topoOrder = (edgeMap: Map<string, number>): string[] => {
    const indeg = new Map<string, number>(ids.map((id) => [id, 0]));
    const out = new Map<string, string[]>();
    for (const key of edgeMap.keys()) {
      const [from, to] = key.split('->') as [string, string];
      if (!has(from) || !has(to) || from === to) continue;
      indeg.set(to, (indeg.get(to) ?? 0) + 1);
      const list = out.get(from);
      if (list) list.push(to);
      else out.set(from, [to]);
    }
    const order: string[] = [];
    const ready = ids.filter((id) => (indeg.get(id) ?? 0) === 0);
    for (let head = 0; head < ready.length; head++) {
      const id = ready[head] as string;
      order.push(id);
      for (const to of out.get(id) ?? []) {
        const d = (indeg.get(to) ?? 0) - 1;
        indeg.set(to, d);
        if (d === 0) ready.push(to);
      }
    }
    const placed = new Set(order);
    for (const id of ids) if (!placed.has(id)) order.push(id);
    return order;
  };

  /** Flows of a flow pass after which hit ratios and scaling did not change: the next `run` uses them instead of re-evaluating. */
  let settledFlows: ReturnType<typeof evaluate> | null = null;

  /** Wait override per station from exact MVA (ms per visit), when closed sources were solved that way. */
  let mvaWait: Map<string, number> | null = null;

  const run = (full = true) => {
    const { flows, offered } = settledFlows ?? evaluate();
    settledFlows = null;
    const rateOf = (id: string) => {
      let s = 0;
      for (const r of flows.get(id)?.values() ?? []) s += r;
      return s;
    };
    const mixOf = (id: string, work: (ep: string) => Distribution | undefined): Moments => {
      const byEp = flows.get(id);
      const lambda = rateOf(id);
      if (!byEp || !(lambda > 0)) {
        return momentsOf(work('*'));
      }
      let m1 = 0;
      let m2 = 0;
      for (const [ep, r] of byEp) {
        const m = momentsOf(work(ep));
        m1 += r * m.m1;
        m2 += r * m.m2;
      }
      return { m1: m1 / lambda, m2: m2 / lambda };
    };

    // Incoming edges per component, for arrival scv and the balancing policy in front of a pool.
    const incoming = new Map<string, { from: string; rate: number }[]>();
    for (const [key, rate] of edges) {
      const [from, to] = key.split('->') as [string, string];
      const list = incoming.get(to);
      if (list) list.push({ from, rate });
      else incoming.set(to, [{ from, rate }]);
    }
    const stations = new Map<string, Station>();
    const departureScv = (id: string): number => {
      const c = comps[id];
      if (c?.kind === 'source') return sourceScv(c);
      return stations.get(id)?.departureScv ?? 1;
    };
    const throughputOf = (id: string): number => {
      const c = comps[id];
      if (c?.kind === 'source') return sourceRate(id);
      return rateOf(id) * admitted(id);
    };

    for (const id of topoOrder(edges)) {
      const c = comps[id] as Comp;
      if (c.kind === 'source' || c.kind === 'autoscaler') continue;
      const lambda = rateOf(id);
      const inc = incoming.get(id) ?? [];
      let ca2 = 1;
      if (lambda > 0 && inc.length > 0) {
        ca2 = 0;
        for (const e of inc) {
          const up = throughputOf(e.from);
          const p = up > 0 ? Math.min(1, e.rate / up) : 1;
          ca2 += (e.rate / lambda) * (p * departureScv(e.from) + 1 - p);
        }
      }
      const lambdaMs = lambda / 1000;
      const station: Station = {
        utilization: null,
        saturation: null,
        own: () => ZERO,
        blocking: 0,
        waitProbability: null,
        meanWaitMs: 0,
        meanWorkMs: 0,
        meanQueueLength: 0,
        busy: 0,
        arrivalScv: ca2,
        workScv: 0,
        departureScv: ca2,
        instances: fixedInstances(c),
      };
      switch (c.kind) {
        case 'service': {
          const work = (ep: string) => handlerOf(c, ep)?.workMs;
          const m = mixOf(id, work);
          const cs2 = scvOf(m);
          const kAll = instancesOf(id, c);
          // a pool fed only by queues with partitions consumes on at most Σ partitions instances
          let partitionCap = inc.length > 0 ? 0 : Infinity;
          for (const e of inc) {
            const from = comps[e.from];
            partitionCap += from?.kind === 'queue' ? (from.partitions ?? Infinity) : Infinity;
          }
          const k = Math.min(kAll, partitionCap);
          const cores = Math.max(1, finite(c.cores, 1));
          const hasSyncCalls = Object.values(c.handlers).some((h) =>
            (h.calls ?? []).some((call) => call.mode !== 'async'),
          );
          const workers = c.workers;
          // Policy of whoever splits the traffic over instances: the busiest balancer in front, else the pool's.
          const lbIn = inc
            .filter((e) => comps[e.from]?.kind === 'loadBalancer')
            .sort((a, b) => b.rate - a.rate)[0];
          const policy: BalancePolicy =
            (lbIn ? (comps[lbIn.from] as Extract<Comp, { kind: 'loadBalancer' }>).policy : c.policy) ??
            'roundRobin';
          const pooled = policy === 'leastOutstanding' || policy === 'powerOfTwo';
          const groups = k === 0 ? 0 : pooled ? 1 : k;
          const lambdaG = groups > 0 ? lambdaMs / groups : 0;
          const serversPerGroup = (pooled ? k : 1) * cores;
          const ca2g =
            groups <= 1
              ? ca2
              : policy === 'roundRobin' || policy === 'weightedRoundRobin'
                ? ca2 / groups
                : 1 + (ca2 - 1) / groups;
          let fig: StationFigures;
          let exactServers = serversPerGroup;
          const bounded = workers !== undefined && !hasSyncCalls;
          const shedRoom = c.loadShedding?.maxInFlight;
          const override = mvaWait?.get(id);
          if (groups === 0) {
            fig = {
              waitProbability: 1,
              meanWait: lambda > 0 ? Infinity : 0,
              blocking: 0,
              utilization: lambda > 0 ? Infinity : 0,
              meanQueueLength: lambda > 0 ? Infinity : 0,
              meanInSystem: lambda > 0 ? Infinity : 0,
            };
          } else if (
            (bounded && (c.queueLimit !== undefined || (workers as number) < cores)) ||
            (shedRoom !== undefined && !hasSyncCalls)
          ) {
            // load shedding's maxInFlight bounds the visits at an instance like a room of that size
            const limit = shedRoom !== undefined && !hasSyncCalls ? shedRoom : Infinity;
            const servers = Math.min(cores, workers ?? Infinity, limit) * (pooled ? k : 1);
            exactServers = servers;
            const room = Math.min(
              bounded && c.queueLimit !== undefined
                ? ((workers as number) + c.queueLimit) * (pooled ? k : 1)
                : Infinity,
              limit * (pooled ? k : 1),
            );
            fig =
              room === Infinity
                ? ggcStation(servers, lambdaG, m.m1, ca2g, cs2)
                : mmckStation(servers, room, lambdaG, m.m1);
          } else {
            fig = ggcStation(serversPerGroup, lambdaG, m.m1, ca2g, cs2);
          }
          if (override !== undefined) {
            fig = { ...fig, meanWait: override, meanQueueLength: lambdaG * override };
          }
          const exactOk =
            override === undefined &&
            fig.blocking === 0 &&
            Math.abs(ca2g - 1) < 1e-9 &&
            Math.abs(cs2 - 1) < 1e-9 &&
            m.m1 > 0 &&
            fig.meanWait < Infinity;
          const waitM2 =
            fig.waitProbability > 0 ? (2 * fig.meanWait * fig.meanWait) / fig.waitProbability : 0;
          station.own = (ep) => {
            const w = momentsOf(work(ep));
            const wait: Resp = {
              m1: fig.meanWait,
              m2: waitM2,
              fail: 0,
              exact: null,
              random: fig.meanWait > 0,
            };
            const r = add(wait, delay(w));
            const errorRate = finite(handlerOf(c, ep)?.errorRate);
            const exact =
              exactOk && Math.abs(w.m1 - m.m1) < 1e-12 * m.m1 && Math.abs(scvOf(w) - 1) < 1e-9
                ? { c: exactServers, lambda: lambdaG, mu: 1 / m.m1, shift: 0 }
                : null;
            return { ...r, exact, fail: 1 - (1 - errorRate) * (1 - fig.blocking) };
          };
          const demand = lambdaMs * m.m1;
          station.utilization =
            demand === 0
              ? 0
              : k > 0
                ? (demand * (1 - fig.blocking)) / (k * Math.min(cores, workers ?? cores))
                : Infinity;
          station.saturation =
            demand === 0 ? 0 : k > 0 ? demand / (k * Math.min(cores, workers ?? cores)) : Infinity;
          station.blocking = fig.blocking;
          station.waitProbability = fig.waitProbability;
          station.meanWaitMs = fig.meanWait;
          station.meanWorkMs = m.m1;
          station.meanQueueLength = fig.meanQueueLength * groups;
          station.busy = demand * (1 - fig.blocking);
          station.workScv = cs2;
          const rho = Math.min(1, fig.utilization);
          station.departureScv =
            1 +
            (1 - rho * rho) * (ca2g - 1) +
            (rho * rho * (cs2 - 1)) / Math.sqrt(Math.max(1, serversPerGroup));
          station.instances = kAll;
          break;
        }
        case 'database': {
          const handler = (ep: string) => c.handlers[ep] ?? c.handlers['*'];
          const byEp = flows.get(id) ?? new Map<string, number>();
          const shards = Math.max(1, finite(c.shards, 1));
          const replicas = Math.max(0, finite(c.replicas));
          const cores = Math.max(1, Math.min(finite(c.cores, 1), finite(c.connections, Infinity)));
          const readsOnPrimary = c.readsOnPrimary ?? replicas === 0;
          const readNodes = replicas + (readsOnPrimary ? 1 : 0);
          let wRate = 0;
          let rRate = 0;
          const w: Moments = { m1: 0, m2: 0 };
          const r: Moments = { m1: 0, m2: 0 };
          for (const [ep, rate] of byEp) {
            const h = handler(ep);
            const m = momentsOf(h?.workMs);
            const wf = Math.min(1, Math.max(0, finite(h?.writeFraction)));
            wRate += rate * wf;
            rRate += rate * (1 - wf);
            w.m1 += rate * wf * m.m1;
            w.m2 += rate * wf * m.m2;
            r.m1 += rate * (1 - wf) * m.m1;
            r.m2 += rate * (1 - wf) * m.m2;
          }
          const readShare = readNodes > 0 ? 1 / readNodes : 0;
          const primReads = readsOnPrimary ? readShare : 0;
          const primRate = (wRate + rRate * primReads) / shards / 1000;
          const replRate = replicas > 0 ? (rRate * readShare) / shards / 1000 : 0;
          const primM: Moments =
            primRate > 0
              ? {
                  m1: (w.m1 + r.m1 * primReads) / shards / 1000 / primRate,
                  m2: (w.m2 + r.m2 * primReads) / shards / 1000 / primRate,
                }
              : momentsOf(handler('*')?.workMs);
          const replM: Moments =
            replRate > 0
              ? {
                  m1: (r.m1 * readShare) / shards / 1000 / replRate,
                  m2: (r.m2 * readShare) / shards / 1000 / replRate,
                }
              : { m1: 0, m2: 0 };
          const splitScv = (parts: number) => (parts <= 1 ? ca2 : 1 + (ca2 - 1) / parts);
          const bounded = c.connections !== undefined && c.queueLimit !== undefined;
          const room = bounded ? (c.connections as number) + (c.queueLimit as number) : Infinity;
          const node = (rate: number, m: Moments, parts: number) =>
            bounded
              ? mmckStation(cores, room, rate, m.m1)
              : ggcStation(cores, rate, m.m1, splitScv(parts), scvOf(m));
          let prim = node(primRate, primM, shards);
          const repl = node(replRate, replM, shards * Math.max(1, readNodes));
          const override = mvaWait?.get(id);
          if (override !== undefined)
            prim = { ...prim, meanWait: override, meanQueueLength: primRate * override };
          const noReadNode = rRate > 0 && readNodes === 0;
          const primDemand = primRate * primM.m1;
          const replDemand = replRate * replM.m1;
          station.utilization = noReadNode ? Infinity : Math.max(primDemand, replDemand) / cores;
          station.saturation = station.utilization;
          const readWait = noReadNode
            ? Infinity
            : replicas > 0
              ? readsOnPrimary
                ? (prim.meanWait + replicas * repl.meanWait) / readNodes
                : repl.meanWait
              : prim.meanWait;
          const exactPrim =
            override === undefined &&
            replicas === 0 &&
            shards === 1 &&
            !bounded &&
            Math.abs(ca2 - 1) < 1e-9 &&
            Math.abs(scvOf(primM) - 1) < 1e-9 &&
            primM.m1 > 0 &&
            prim.meanWait < Infinity;
          station.own = (ep) => {
            const h = handler(ep);
            const wf = Math.min(1, Math.max(0, finite(h?.writeFraction)));
            const m = momentsOf(h?.workMs);
            const pwPrim = prim.waitProbability;
            const part = (fig: StationFigures): Resp => ({
              m1: fig.meanWait,
              m2: fig.waitProbability > 0 ? (2 * fig.meanWait * fig.meanWait) / fig.waitProbability : 0,
              fail: fig.blocking,
              exact: null,
              random: fig.meanWait > 0,
            });
            let wait: Resp;
            if (noReadNode && wf < 1) wait = { ...ZERO, m1: Infinity, m2: Infinity, random: true };
            else if (replicas === 0) wait = part(prim);
            else
              wait = mixture([
                { w: wf + (1 - wf) * primReads, r: part(prim) },
                { w: (1 - wf) * (1 - primReads), r: part(repl) },
              ]);
            const res = add(wait, delay(m));
            const errorRate = finite(h?.errorRate);
            const exact =
              exactPrim &&
              pwPrim >= 0 &&
              Math.abs(m.m1 - primM.m1) < 1e-12 * primM.m1 &&
              Math.abs(scvOf(m) - 1) < 1e-9
                ? { c: cores, lambda: primRate, mu: 1 / primM.m1, shift: 0 }
                : null;
            return { ...res, exact, fail: 1 - (1 - res.fail) * (1 - errorRate) };
          };
          station.blocking = prim.blocking;
          station.waitProbability = prim.waitProbability;
          station.meanWaitMs =
            (wRate + rRate > 0
              ? (wRate * prim.meanWait + rRate * readWait) / (wRate + rRate)
              : prim.meanWait) || 0;
          station.meanWorkMs = lambda > 0 ? (w.m1 + r.m1) / lambda : primM.m1;
          station.meanQueueLength = shards * (prim.meanQueueLength + replicas * repl.meanQueueLength);
          station.busy = shards * (primDemand + replicas * replDemand);
          station.workScv = scvOf(primM);
          const rho = Math.min(1, prim.utilization);
          station.departureScv =
            1 + (1 - rho * rho) * (ca2 - 1) + (rho * rho * (scvOf(primM) - 1)) / Math.sqrt(cores);
          break;
        }
        case 'serverless': {
          const work = (ep: string) => handlerOf(c, ep)?.workMs;
          const m = mixOf(id, work);
          const limit = Math.max(1, finite(c.concurrencyLimit, 1));
          // Offered concurrency uses the work time here; synchronous calls are added in the response pass.
          const a = lambdaMs * m.m1;
          const block = erlangB(limit, a);
          const provisioned = Math.max(0, finite(c.provisioned));
          // Warm instances: the provisioned ones or the concurrency exceeded once per idle period (Poisson quantile).
          const idleMs = finite(c.idleTimeoutS, 600) * 1000;
          const target = lambdaMs * idleMs > 1 ? 1 / (lambdaMs * idleMs) : 1;
          let warm = 0;
          let cdf = Math.exp(-a);
          let pmf = cdf;
          while (1 - cdf > target && warm < limit && warm < a + 50 * Math.sqrt(a + 1) + 50) {
            warm++;
            pmf = (pmf * a) / warm;
            cdf += pmf;
          }
          warm = Math.max(provisioned, warm);
          const cold = erlangB(Math.max(1, warm), a);
          const coldM = momentsOf(c.coldStartMs);
          station.own = (ep) => {
            const w = momentsOf(work(ep));
            const r = add(delay(w), maybe(cold, delay(coldM)));
            return { ...r, fail: 1 - (1 - block) * (1 - finite(handlerOf(c, ep)?.errorRate)) };
          };
          station.utilization = a / limit;
          station.saturation = a / limit;
          station.blocking = block;
          station.waitProbability = 0;
          station.meanWorkMs = m.m1;
          station.busy = a * (1 - block);
          station.workScv = scvOf(m);
          station.instances = warm;
          break;
        }
        case 'gateway': {
          const rl = c.rateLimit;
          const lat = momentsOf(c.latencyMs);
          let block = 0;
          if (rl && (rl.scope ?? 'global') === 'global') {
            block = md1kBlocking(lambda, rl.rateRps, rl.burst);
            station.saturation = lambda / Math.max(1e-9, finite(rl.rateRps));
          } else if (rl) {
            const clients = Math.max(1, finite(rl.clients, 1000));
            block = md1kBlocking(lambda / clients, rl.rateRps, rl.burst);
            station.saturation = lambda / clients / Math.max(1e-9, finite(rl.rateRps));
          }
          station.utilization = station.saturation;
          station.blocking = block;
          station.own = () => ({ ...delay(lat), fail: block });
          station.meanWorkMs = lat.m1;
          station.busy = lambda * (1 - block) * (lat.m1 / 1000);
          break;
        }
        case 'external': {
          const lat = momentsOf(c.latencyMs);
          let block = 0;
          let sat: number | null = null;
          if (c.quotaRps !== undefined) {
            block = md1kBlocking(lambda, c.quotaRps, Math.max(1, Math.floor(c.quotaRps)));
            sat = lambda / Math.max(1e-9, c.quotaRps);
          }
          if (c.concurrencyLimit !== undefined) {
            const a = lambdaMs * lat.m1;
            block = 1 - (1 - block) * (1 - erlangB(c.concurrencyLimit, a * (1 - block)));
            sat = Math.max(sat ?? 0, a / c.concurrencyLimit);
          }
          station.saturation = sat;
          station.utilization = sat;
          station.blocking = block;
          const err = finite(c.errorRate);
          station.own = () => ({ ...delay(lat), fail: 1 - (1 - block) * (1 - err) });
          station.meanWorkMs = lat.m1;
          station.busy = lambda * (1 - block) * (lat.m1 / 1000);
          break;
        }
        case 'loadBalancer': {
          const lat = momentsOf(c.latencyMs);
          station.own = () => delay(lat);
          station.meanWorkMs = lat.m1;
          station.busy = lambdaMs * lat.m1;
          break;
        }
        case 'cache': {
          const lat = momentsOf(c.latencyMs);
          station.own = () => delay(lat);
          station.meanWorkMs = lat.m1;
          station.busy = lambdaMs * lat.m1;
          if (c.maxRpsPerNode !== undefined && c.maxRpsPerNode > 0) {
            // each node an M/D/1 server of rate maxRpsPerNode for lookups and writes, keys spread evenly
            const nodes = Math.max(1, finite(c.nodes, 1));
            let ops = 0;
            for (const [ep, r] of flows.get(id) ?? [])
              if (isLookup(c, ep) || (c.writeEndpoints ?? []).includes(ep)) ops += r;
            const mu = c.maxRpsPerNode;
            const rho = ops / nodes / mu;
            const w1 = rho < 1 ? (rho / (2 * mu * (1 - rho))) * 1000 : Infinity;
            const w2 = rho < 1 ? 2 * w1 * w1 + (rho / (3 * mu * mu * (1 - rho))) * 1e6 : Infinity;
            const withWait: Resp = {
              m1: lat.m1 + w1,
              m2: lat.m2 + 2 * lat.m1 * w1 + w2,
              fail: 0,
              exact: null,
              random: true,
            };
            station.own = (ep) =>
              isLookup(c, ep) || (c.writeEndpoints ?? []).includes(ep) ? withWait : delay(lat);
            station.utilization = rho;
            station.saturation = rho;
            station.waitProbability = Math.min(1, rho);
            station.meanWaitMs = w1;
            station.meanQueueLength = rho < 1 ? (ops / 1000) * w1 : Infinity;
          }
          break;
        }
        case 'queue': {
          const lat = momentsOf(c.publishMs);
          let block = 0;
          if (c.maxPublishRps !== undefined && c.maxPublishRps > 0) {
            // the brokers' token bucket: rate maxPublishRps, 0.1 s of burst (as the engine)
            block = md1kBlocking(lambda, c.maxPublishRps, Math.max(1, Math.ceil(c.maxPublishRps / 10)));
            station.saturation = lambda / c.maxPublishRps;
            station.utilization = station.saturation;
            station.blocking = block;
          }
          station.own = () => ({ ...delay(lat), fail: block });
          station.meanWorkMs = lat.m1;
          station.busy = lambdaMs * (1 - block) * lat.m1;
          break;
        }
        default:
          break;
      }
      stations.set(id, station);
    }
    for (const st of stations.values()) st.own = memoOwn(st.own);

    /** Worker-layer figures of services that hold workers across synchronous calls. */
    const workerLayer = new Map<
      string,
      { wait: number; blocking: number; saturation: number; held: number }
    >();
    const memo = new Map<string, Resp>();
    const onPath = new Set<string>();
    const hop = (to: string, network: Network | undefined, ep: string, depth: number): Resp => {
      const n = netMoments(network);
      const net: Resp = delay({ m1: 2 * n.m1, m2: 2 * (n.m2 - n.m1 * n.m1) + 4 * n.m1 * n.m1 });
      return add(net, response(to, ep, depth + 1));
    };
    /** Response of the calls a service or serverless handler makes (groups in order, parallel within). */
    const callsResponse = (
      c: Extract<Comp, { kind: 'service' | 'serverless' }>,
      ep: string,
      depth: number,
    ): Resp => {
      const calls = handlerOf(c, ep)?.calls ?? [];
      let total = ZERO;
      let i = 0;
      while (i < calls.length) {
        const group = calls[i]?.group;
        const choice = calls[i]?.choice;
        let j = i;
        const branches: { p: number; r: Resp }[] = [];
        do {
          const cj = calls[j] as (typeof calls)[number];
          if (cj.mode !== 'async')
            branches.push({ p: finite(cj.probability, 1), r: hop(cj.to, cj.network, ep, depth) });
          j++;
        } while (
          j < calls.length &&
          ((group !== undefined && calls[j]?.group === group) ||
            (choice !== undefined && calls[j]?.choice === choice))
        );
        if (branches.length > 0) {
          if (choice !== undefined && group === undefined) {
            // Alternatives: at most one is made.
            const pSum = Math.min(
              1,
              branches.reduce((s, b) => s + b.p, 0),
            );
            const mix = mixture(branches.map((b) => ({ w: pSum > 0 ? b.p / pSum : 0, r: b.r })));
            total = add(total, maybe(pSum, mix));
          } else {
            // Parallel: the branch with the largest mean stands for the slowest; all may fail.
            let slowest = maybe((branches[0] as { p: number }).p, (branches[0] as { r: Resp }).r);
            let fail = 0;
            for (const b of branches) {
              const x = maybe(b.p, b.r);
              fail = 1 - (1 - fail) * (1 - x.fail);
              if (x.m1 > slowest.m1) slowest = x;
            }
            total = add(total, { ...slowest, fail });
          }
        }
        i = j;
      }
      return total;
    };

    const response = (id: string, ep: string, depth: number): Resp => {
      if (!has(id) || depth > MAX_DEPTH) return ZERO;
      const key = `${id}\u0000${ep}`;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      if (onPath.has(key)) return ZERO;
      onPath.add(key);
      const c = comps[id] as Comp;
      const st = stations.get(id);
      let t = st ? st.own(ep) : ZERO;
      switch (c.kind) {
        case 'service':
        case 'serverless': {
          const down = callsResponse(c, ep, depth);
          t = add(t, down);
          break;
        }
        case 'gateway': {
          const r = c.routes[ep] ?? c.routes['*'];
          if (r) t = add(t, hop(r.to, r.network, ep, depth));
          break;
        }
        case 'loadBalancer': {
          const total = c.targets.reduce((s, x) => s + Math.max(0, finite(x.weight, 1)), 0);
          if (total > 0)
            t = add(
              t,
              mixture(
                c.targets.map((x) => ({
                  w: Math.max(0, finite(x.weight, 1)) / total,
                  r: hop(x.to, x.network, ep, depth),
                })),
              ),
            );
          break;
        }
        case 'cache':
          if (c.miss) {
            const miss = 1 - hitRatio(id, c, ep);
            if (miss > 0) t = add(t, maybe(miss, hop(c.miss.to, c.miss.network, ep, depth)));
          }
          break;
        default:
          break;
      }
      onPath.delete(key);
      memo.set(key, t);
      return t;
    };

    // Worker layers: a service whose workers are held across synchronous calls, and serverless holding time.
    for (const id of ids) {
      const c = comps[id] as Comp;
      const st = stations.get(id);
      const byEp = flows.get(id);
      if (!st || !byEp) continue;
      const lambda = rateOf(id);
      if (!(lambda > 0)) continue;
      if (c.kind === 'service' && c.workers !== undefined) {
        const hasSync = Object.values(c.handlers).some((h) =>
          (h.calls ?? []).some((x) => x.mode !== 'async'),
        );
        if (!hasSync) continue;
        let held = 0;
        for (const [ep, r] of byEp) held += (r / lambda) * add(st.own(ep), callsResponse(c, ep, 0)).m1;
        // A saturated station downstream makes the holding time infinite: that station is the bottleneck.
        if (!Number.isFinite(held)) continue;
        const k = Math.max(1, instancesOf(id, c));
        const lam = lambda / 1000 / k;
        const fig =
          c.queueLimit !== undefined
            ? mmckStation(c.workers, c.workers + c.queueLimit, lam, held)
            : ggcStation(c.workers, lam, held, 1, 1);
        const saturation = (lam * held) / c.workers;
        workerLayer.set(id, { wait: fig.meanWait, blocking: fig.blocking, saturation, held });
      } else if (c.kind === 'serverless') {
        let held = 0;
        for (const [ep, r] of byEp) held += (r / lambda) * add(st.own(ep), callsResponse(c, ep, 0)).m1;
        if (!Number.isFinite(held)) continue;
        const limit = Math.max(1, finite(c.concurrencyLimit, 1));
        const a = (lambda / 1000) * held;
        workerLayer.set(id, { wait: 0, blocking: erlangB(limit, a), saturation: a / limit, held });
      }
    }
    if (workerLayer.size > 0) {
      memo.clear();
      for (const [id, w] of workerLayer) {
        const st = stations.get(id) as Station;
        const inner = st.own;
        const wm2 = w.wait > 0 ? 2 * w.wait * w.wait : 0;
        st.own = memoOwn((ep) => {
          const r = add({ m1: w.wait, m2: wm2, fail: 0, exact: null, random: w.wait > 0 }, inner(ep));
          return { ...r, fail: 1 - (1 - r.fail) * (1 - w.blocking) };
        });
        st.blocking = 1 - (1 - st.blocking) * (1 - w.blocking);
        st.saturation = Math.max(st.saturation ?? 0, w.saturation);
        st.meanWaitMs += w.wait;
      }
    }

    /** Synchronous visits per request of endpoint `ep` entering at `id` (cache misses, weights, sync calls). */
    const syncVisits = (id: string, ep: string, w: number, depth: number, acc: Map<string, number>) => {
      if (!has(id) || depth > MAX_DEPTH || !(w > 0)) return;
      acc.set(id, (acc.get(id) ?? 0) + w);
      const c = comps[id] as Comp;
      const next = (to: string, x: number) => syncVisits(to, ep, x, depth + 1, acc);
      switch (c.kind) {
        case 'service':
        case 'serverless':
          for (const call of handlerOf(c, ep)?.calls ?? [])
            if (call.mode !== 'async') next(call.to, w * finite(call.probability, 1));
          break;
        case 'gateway': {
          const r = c.routes[ep] ?? c.routes['*'];
          if (r) next(r.to, w);
          break;
        }
        case 'loadBalancer': {
          const total = c.targets.reduce((s, x) => s + Math.max(0, finite(x.weight, 1)), 0);
          if (total > 0)
            for (const x of c.targets) next(x.to, (w * Math.max(0, finite(x.weight, 1))) / total);
          break;
        }
        case 'cache':
          if (c.miss) next(c.miss.to, w * (1 - hitRatio(id, c, ep)));
          break;
        default:
          break;
      }
    };
    /** Time per component in a p99 request and in a median request of an endpoint (see `tiltedShares`). */
    const attribute = (entry: string, ep: string, mean: number, tm: TailModel, p99: number) => {
      if (!Number.isFinite(mean) || !Number.isFinite(p99)) return {};
      const acc = new Map<string, number>();
      syncVisits(entry, ep, 1, 0, acc);
      const names: string[] = [];
      const parts: Part[] = [];
      let own = 0;
      for (const [id, v] of acc) {
        const st = stations.get(id);
        if (!st) continue;
        const o = st.own(ep);
        const m = v * o.m1;
        if (!(m > 0) || !Number.isFinite(m)) continue;
        // v ≤ 1: present with probability v; v > 1: v independent visits.
        const variance = v <= 1 ? v * o.m2 - m * m : v * (o.m2 - o.m1 * o.m1);
        names.push(id);
        parts.push({ m, v: Math.max(0, variance) });
        own += m;
      }
      if (mean - own > 1e-9 * Math.max(1, mean)) {
        names.push('network');
        parts.push({ m: mean - own, v: 0 });
      }
      const median = quantileFromTail((t) => tailProbability(tm, t), 0.5, Math.max(1e-6, mean));
      const atP99 = tiltedShares(parts, p99);
      const atMedian = tiltedShares(parts, median);
      const out: Record<string, { p99Ms: number; medianMs: number }> = {};
      names.forEach((n, i) => (out[n] = { p99Ms: atP99[i] as number, medianMs: atMedian[i] as number }));
      return out;
    };

    const components: Record<string, ComponentAnalysis> = {};
    for (const id of ids) {
      const c = comps[id] as Comp;
      const byEp = flows.get(id);
      const lambda = rateOf(id);
      const st = stations.get(id);
      let weighted = 0;
      let local = 0;
      if (byEp && lambda > 0)
        for (const [ep, r] of byEp) {
          weighted += r * response(id, ep, 0).m1;
          local += r * (st ? st.own(ep).m1 : 0);
        }
      const meanResponseMs = lambda > 0 ? weighted / lambda : response(id, '*', 0).m1;
      const blocking = st?.blocking ?? 0;
      const throughput = lambda * (1 - blocking);
      let hitAll: number | null = null;
      if (c.kind === 'cache') {
        // over lookups only, as the engine counts it (pass-throughs and writes are not lookups)
        let h = 0;
        let lookups = 0;
        if (byEp && lambda > 0)
          for (const [ep, r] of byEp)
            if (isLookup(c, ep)) {
              h += r * hitRatio(id, c, ep);
              lookups += r;
            }
        hitAll = lookups > 0 ? h / lookups : c.hit.type === 'ratio' ? c.hit.hitRatio : null;
      }
      const sat = st?.saturation ?? null;
      components[id] = {
        kind: c.kind,
        arrivalRps: lambda,
        throughputRps: throughput,
        utilization: st?.utilization ?? null,
        saturation: sat,
        capacityRps:
          sat !== null && sat > 0 && Number.isFinite(sat)
            ? lambda / sat
            : sat === null
              ? null
              : sat === 0
                ? Infinity
                : 0,
        meanResponseMs,
        meanWaitMs: st?.meanWaitMs ?? 0,
        meanWorkMs: st?.meanWorkMs ?? 0,
        meanLocalMs: lambda > 0 ? local / lambda : (st?.meanWorkMs ?? 0),
        waitProbability: st?.waitProbability ?? null,
        blockingProbability: st && (st.saturation !== null || blocking > 0) ? blocking : null,
        meanQueueLength: st?.meanQueueLength ?? 0,
        meanInSystem: (throughput / 1000) * meanResponseMs,
        arrivalScv: st?.arrivalScv ?? 1,
        workScv: st?.workScv ?? 0,
        instances: st?.instances ?? fixedInstances(c),
        hitRatio: hitAll,
      };
    }

    const endpoints: Record<string, EndpointAnalysis> = {};
    let e2eSum = 0;
    let e2eRate = 0;
    let failSum = 0;
    const perSource = new Map<string, number>();
    for (const sid of sourceIds) {
      const c = comps[sid] as Extract<Comp, { kind: 'source' }>;
      const rate = sourceRate(sid);
      const total = c.endpoints.reduce((s, e) => s + Math.max(0, finite(e.weight)), 0);
      let sum = 0;
      for (const e of c.endpoints) {
        const share = total > 0 ? Math.max(0, finite(e.weight)) / total : 0;
        const n = netMoments(e.network);
        const r = add(
          delay({ m1: 2 * n.m1, m2: 2 * (n.m2 - n.m1 * n.m1) + 4 * n.m1 * n.m1 }),
          response(e.to, e.id, 0),
        );
        sum += share * r.m1;
        const epRate = rate * share;
        const visits: Record<string, number> = {};
        if (epRate > 0)
          for (const [cid, byEp] of flows) {
            const v = byEp.get(e.id);
            if (v !== undefined && v > 0) visits[cid] = v / epRate;
          }
        const tm = tailModel(r);
        const p99 = Number.isFinite(r.m1)
          ? quantileFromTail((t) => tailProbability(tm, t), 0.01, Math.max(1e-6, r.m1))
          : Infinity;
        endpoints[e.id] = {
          sourceId: sid,
          rateRps: epRate,
          meanMs: r.m1,
          p99Ms: p99,
          errorRate: Math.min(1, r.fail),
          visits,
          tail: tm,
          attribution: full ? attribute(e.to, e.id, r.m1, tm, p99) : {},
        };
        failSum += epRate * Math.min(1, r.fail);
      }
      perSource.set(sid, sum);
      e2eSum += rate * sum;
      e2eRate += rate;
    }
    return {
      components,
      offered,
      perSource,
      endpoints,
      endToEnd: e2eRate > 0 ? e2eSum / e2eRate : null,
      errorRate: e2eRate > 0 ? failSum / e2eRate : 0,
      flows,
      response,
    };
  };

  /** Last Che solution per cache, keyed by its class rates (skips re-solving unchanged caches). */
  const cheMemo = new Map<string, { key: string; ratios: number[] }>();
  /** Recomputes key-model hit ratios from the latest flows; true when stable. */
  const updateHits = (flows: Flows): boolean => {
    let stable = true;
    for (const id of ids) {
      const c = comps[id] as Comp;
      if (c.kind !== 'cache' || c.hit.type !== 'keys') continue;
      const byEp = flows.get(id);
      const eps = [...(byEp?.entries() ?? [])].filter(([ep]) => isLookup(c, ep));
      const classes = eps.map(([ep, r]) => {
        const info = endpointInfo.get(ep) ?? { keys: 1_000_000, zipfS: 0 };
        return { rate: r / 1000, keys: info.keys, zipfS: info.zipfS };
      });
      // writes per read, taken to follow the reads' key popularity
      const written = c.writeEndpoints ?? [];
      const writeRate = [...(byEp?.entries() ?? [])]
        .filter(([ep]) => written.includes(ep))
        .reduce((a, [, r]) => a + r / 1000, 0);
      const readRate = classes.reduce((a, k) => a + k.rate, 0);
      const writes =
        writeRate > 0 && readRate > 0
          ? { ratio: writeRate / readRate, through: c.writePolicy === 'writeThrough' }
          : undefined;
      const cacheKey = [...classes.map((k) => k.rate.toPrecision(10)), writeRate.toPrecision(10)].join(',');
      const known = cheMemo.get(id);
      const ratios =
        known?.key === cacheKey
          ? known.ratios
          : cacheHitRatios(classes, finite(c.hit.capacity, 1), c.hit.evictionPolicy, c.hit.ttlMs, writes);
      cheMemo.set(id, { key: cacheKey, ratios });
      const m = new Map<string, number>();
      eps.forEach(([ep], i) => m.set(ep, ratios[i] ?? 0));
      const prev = hits.get(id);
      for (const [ep, v] of m) if (Math.abs((prev?.get(ep) ?? -1) - v) > 1e-7) stable = false;
      hits.set(id, m);
    }
    return stable;
  };
  /** Recomputes admission fractions (1 − blocking) from the latest run; true when stable. */
  const updateAdmission = (res: ReturnType<typeof run>): boolean => {
    let stable = true;
    for (const id of ids) {
      const b = res.components[id]?.blockingProbability ?? 0;
      const a = 1 - (Number.isFinite(b) ? b : 0);
      if (Math.abs((admit.get(id) ?? 1) - a) > 1e-7) stable = false;
      admit.set(id, a);
    }
    return stable;
  };
  const updateFixedPoint = (res: ReturnType<typeof run>): boolean => {
    const h = updateHits(res.flows);
    const a = updateAdmission(res);
    const sc = updateScaling(res.flows);
    return h && a && sc;
  };

  /**
   * Autoscaled pools settle where the tracked metric meets its target: cpu → ⌈demand / (cores × target)⌉,
   * requests per instance → ⌈rate / target⌉, within min/max; other policies keep `instances`. True when stable.
   */
  const updateScaling = (flows: Flows): boolean => {
    let stable = true;
    for (const a of autoscalers) {
      const c = comps[a.target];
      if (c?.kind !== 'service' || a.policy.type !== 'targetTracking') continue;
      const byEp = flows.get(a.target);
      let rate = 0;
      let demand = 0;
      for (const [ep, r] of byEp ?? []) {
        rate += r;
        demand += (r / 1000) * momentsOf(handlerOf(c, ep)?.workMs).m1;
      }
      const target = a.policy.target;
      let n: number | null = null;
      if (a.policy.metric === 'cpu')
        n = Math.ceil(demand / (Math.max(1, c.cores) * Math.min(1, target)) - 1e-9);
      else if (a.policy.metric === 'requestsPerInstance') n = Math.ceil(rate / target - 1e-9);
      if (n === null) continue;
      const v = Math.min(a.maxInstances, Math.max(a.minInstances, n));
      if (scaled.get(a.target) !== v) stable = false;
      scaled.set(a.target, v);
    }
    return stable;
  };

  // Hit ratios depend on flows only: settle them on cheap flow passes before the first full run.
  if (ids.some((id) => comps[id]?.kind === 'cache') || autoscalers.length > 0)
    for (let i = 0; i < FLOW_ITERATIONS; i++) {
      const flowPass = evaluate();
      const h = updateHits(flowPass.flows);
      if (updateScaling(flowPass.flows) && h) {
        settledFlows = flowPass;
        break;
      }
    }
  let result = run();
  for (let i = 0; i < FLOW_ITERATIONS; i++) {
    if (updateFixedPoint(result)) break;
    result = run();
  }

  let closedMethod: Analysis['closedMethod'] = 'none';
  if (closedRates.size > 0) {
    closedMethod = 'fixedPoint';
    const single = sourceIds.length === 1 && closedRates.size === 1;
    const sid = sourceIds[0] as string;
    const src = comps[sid] as Extract<Comp, { kind: 'source' }>;
    const users = src.workload.type === 'closed' ? finite(src.workload.users) * loadFactor : 0;
    const plain = ids.every((id) => {
      const c = comps[id] as Comp;
      if (c.kind === 'service')
        return c.workers === undefined && c.queueLimit === undefined && instancesOf(id, c) > 0;
      if (c.kind === 'database')
        return (c.replicas ?? 0) === 0 && (c.shards ?? 1) === 1 && c.queueLimit === undefined;
      return c.kind !== 'serverless';
    });
    if (
      single &&
      plain &&
      Number.isInteger(users) &&
      users <= MVA_MAX_USERS &&
      users > 0 &&
      src.workload.type === 'closed'
    ) {
      // Exact MVA over per-instance stations; pure delays join the think time.
      const rate = closedRates.get(sid) ?? 1;
      const stationIds: string[] = [];
      const mva: MvaStation[] = [];
      let demandTotal = 0;
      for (const id of ids) {
        const c = comps[id] as Comp;
        const ce = result.components[id];
        if (!ce || !(ce.arrivalRps > 0)) continue;
        if (c.kind === 'service' || c.kind === 'database') {
          const visits = ce.arrivalRps / rate;
          const k = c.kind === 'service' ? instancesOf(id, c) : 1;
          const servers = c.kind === 'service' ? c.cores : Math.min(c.cores, finite(c.connections, Infinity));
          for (let i = 0; i < k; i++) {
            stationIds.push(id);
            mva.push({ demand: (visits / k) * ce.meanWorkMs, servers });
          }
          demandTotal += visits * ce.meanWorkMs;
        }
      }
      // Pure delays per request: the response with every station wait forced to 0, minus the work.
      mvaWait = new Map(stationIds.map((id) => [id, 0]));
      const noWait = run(false);
      const delays = Math.max(0, (noWait.perSource.get(sid) ?? 0) - demandTotal);
      const z = momentsOf(src.workload.thinkTimeMs).m1 + delays;
      const sol = mvaExact(mva, users, z);
      mvaWait = new Map();
      stationIds.forEach((id, i) => {
        const d = (mva[i] as MvaStation).demand;
        const ce = result.components[id] as ComponentAnalysis;
        const visitsPerInstance = d / Math.max(1e-300, ce.meanWorkMs);
        const perVisit = visitsPerInstance > 0 ? (sol.residence[i] as number) / visitsPerInstance : 0;
        mvaWait?.set(id, Math.max(0, perVisit - ce.meanWorkMs));
      });
      closedRates.set(sid, sol.throughput * 1000);
      result = run();
      closedMethod = 'mva';
    } else {
      for (let k = 0; k < CLOSED_ITERATIONS; k++) {
        for (const id of closedRates.keys()) {
          const c = comps[id] as Extract<Comp, { kind: 'source' }>;
          if (c.workload.type !== 'closed') continue;
          const n = finite(c.workload.users) * loadFactor;
          const z = momentsOf(c.workload.thinkTimeMs).m1;
          const r = result.perSource.get(id) ?? 0;
          const target = Number.isFinite(r) && z + r > 0 ? (n / (z + r)) * 1000 : 0;
          const prev = closedRates.get(id) ?? 0;
          closedRates.set(id, prev + 0.5 * (target - prev));
        }
        result = run();
        updateFixedPoint(result);
      }
    }
  }

  let bottleneck: string | null = null;
  let maxSat = 0;
  for (const [id, ce] of Object.entries(result.components)) {
    if (ce.saturation !== null && ce.saturation > maxSat) {
      maxSat = ce.saturation;
      bottleneck = id;
    }
  }

  const hoursUsage: Record<string, ComponentUsage> = {};
  for (const [id, ce] of Object.entries(result.components)) {
    const c = comps[id] as Comp;
    const u: ComponentUsage = { requests: ce.arrivalRps * 3600, instanceSeconds: ce.instances * 3600 };
    if (c.kind === 'serverless') {
      const held = ce.meanResponseMs / 1000;
      u.gbSeconds = (c.memoryMb / 1024) * ce.throughputRps * 3600 * (Number.isFinite(held) ? held : 0);
    }
    hoursUsage[id] = u;
  }
  for (const sid of sourceIds) {
    const c = comps[sid] as Extract<Comp, { kind: 'source' }>;
    const rate = sourceRate(sid);
    const total = c.endpoints.reduce((s, e) => s + Math.max(0, finite(e.weight)), 0);
    for (const e of c.endpoints) {
      const u = hoursUsage[e.to];
      if (!u || !(total > 0)) continue;
      u.egressBytes = (u.egressBytes ?? 0) + ((rate * e.weight) / total) * 3600 * finite(e.responseBytes);
    }
  }
  for (const [id, b] of Object.entries(
    crossNetworkBytesPerS(topology, Object.fromEntries(edges), result.endpoints),
  )) {
    const u = hoursUsage[id];
    if (u) Object.assign(u, { crossZoneBytes: b.crossZone * 3600, crossRegionBytes: b.crossRegion * 3600 });
  }
  const cost = costOfUsage(
    topology,
    { durationS: 3600, requests: result.offered * 3600, components: hoursUsage },
    options.cost,
  );
  const throughputRps = (1 - result.errorRate) * result.offered;

  return {
    components: result.components,
    bottleneck,
    offeredRps: result.offered,
    maxThroughputRps:
      bottleneck !== null && maxSat > 0 && Number.isFinite(maxSat)
        ? result.offered / maxSat
        : bottleneck !== null
          ? 0
          : null,
    endToEndMeanMs: result.endToEnd,
    edgeRps: Object.fromEntries(edges),
    endToEndP99Ms: latencyPercentileMs(result, 99),
    errorRate: result.errorRate,
    throughputRps,
    endpoints: result.endpoints,
    cost,
    closedMethod,
  };
}
