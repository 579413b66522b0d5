/**
 * The compiled model: what the simulator runs. compile.ts builds it from a Topology; each
 * component file validates its own part. Times are seconds, rates per second; every component,
 * endpoint, handler and call is an index into flat tables.
 */
import type { BreakerSpec } from './breaker.js';
import type { AliasTable, Sampler, Zipf } from './distributions.js';

/** Reference to a call target: a station or a load balancer. */
export interface TargetRef {
  kind: 'station' | 'balancer';
  index: number;
}

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** Bit mask of the failure causes retried (bit = cause code). */
  retryOnMask: number;
  /** Delay before the first retry, seconds. */
  backoffS: number;
  /** Backoff growth per retry. */
  multiplier: number;
  /** Upper bound on one backoff, seconds. */
  maxBackoffS: number;
  /** 0 none; 1 full (delay·U); 2 equal (delay/2 + delay/2·U). */
  jitter: number;
}

export interface CompiledCall {
  target: TargetRef;
  /** Probability that the call is made at all. */
  probability: number;
  sync: boolean;
  /** One-way network latency, applied to the request and to the response; null = none. */
  network: Sampler | null;
  /** Per-attempt timeout, seconds (Infinity = none). */
  timeoutS: number;
  retry: RetryPolicy | null;
  /** Circuit breaker on this edge (null = none). */
  breaker: BreakerSpec | null;
  /** Retry budget, percent of first tries (null = unlimited). */
  budgetPercent: number | null;
  /** Component id of the caller and of the callee (cutCall failures). */
  from: string;
  to: string;
}

export interface CompiledHandler {
  /** CPU work per visit; null = no work. */
  work: Sampler | null;
  /** Probability that a visit fails after its work. */
  errorProbability: number;
  /** Alternatives: a group entry -(k+1) means choice k: at most one of its calls, by cumulative probability. */
  choices: { calls: number[]; cumulative: number[] }[];
  /** Call groups run one after the other; the calls of a group run in parallel. Indexes into calls. */
  groups: number[][];
  /** Database handlers: probability that a query is a write (served by the primary). */
  writeFraction?: number;
}

/** Key-model cache (engine/key-store.ts). */
export interface CacheSpec {
  capacity: number;
  /** POLICY_LRU, POLICY_LFU or POLICY_TTL. */
  policy: number;
  /** Entry lifetime, seconds (Infinity = none). */
  ttlS: number;
  /** Nodes; a key lives on the node its hash reaches on a consistent-hash ring, each holding ceil(capacity / nodes). */
  nodes: number;
  warm: boolean;
  coalescing: boolean;
  /** Handler index (in the station's handlers) of a cacheable lookup; its only group is the miss call. */
  lookupHandler: number;
  /** Handler index of a write (work, then the miss hop), or -1 when no endpoint writes. */
  writeHandler: number;
  /** A successful write stores the key (true) or drops it (false: invalidate). */
  writeThrough: boolean;
}

/** Nodes of a cache of any hit model: keys map to nodes on a consistent-hash ring. */
export interface CacheNodesSpec {
  nodes: number;
  /** Node time per operation (lookup or write), seconds: 1 / maxRpsPerNode (0 = unlimited). */
  serviceS: number;
}

/** Queue: messages wait here until a worker of the consumer pool pulls them. */
export interface QueueSpec {
  /** Station index of the consumer pool (resolved after all stations are compiled). */
  consumer: number;
  consumerId: string;
  maxDepth: number;
  maxAttempts: number;
  /** Delay from publish to visibility, seconds (null = none). */
  delivery: Sampler | null;
  /** Call used for deliveries (sync, no network, no retry: redelivery goes back to the queue). */
  deliverCall: number;
  /** Most consumer instances taking messages at once (partitions; Infinity = no limit). */
  partitions: number;
}

/** Database nodes: per shard a primary (node 0) and `replicas` replicas. */
export interface DatabaseSpec {
  shards: number;
  replicas: number;
  readsOnPrimary: boolean;
  lag: Sampler | null;
  failoverS: number;
}

export interface ServerlessSpec {
  provisioned: number;
  coldStart: Sampler;
  idleS: number;
  memoryMb: number;
}
export const DISCIPLINE_FCFS = 0;
export const DISCIPLINE_PS = 1;

export interface RateLimit {
  /** Tokens per second. */
  rateRps: number;
  /** Bucket size, tokens. */
  burst: number;
}

export interface CompiledStation {
  id: string;
  kind: string;
  instances: number;
  /** CPU servers per instance (Infinity = pure delay). */
  cores: number;
  /** Concurrency slots per instance (Infinity = unlimited). */
  workers: number;
  /** Requests that may wait for a worker per instance (Infinity = unlimited). */
  queueLimit: number;
  discipline: number;
  handlers: CompiledHandler[];
  /** Handler index per endpoint index (-1 = none: the visit does nothing and returns at once). */
  handlerByEndpoint: Int32Array;
  rateLimit: RateLimit | null;
  /** Failure cause reported when the worker queue is full: 2 rejected (503) or 1 rate-limited (429). */
  overflowCause: number;
  /** Zone of each instance ('' = none). */
  zones?: string[];
  /** Per-client token buckets: number of clients (requests pick a client uniformly). */
  rateLimitClients?: number;
  cache?: CacheSpec;
  cacheNodes?: CacheNodesSpec;
  /** Load shedding of a service pool (Infinity = off). */
  shedding?: { maxInFlight: number; maxWaitS: number };
  queue?: QueueSpec;
  database?: DatabaseSpec;
  serverless?: ServerlessSpec;
}

export type LbPolicy =
  'roundRobin' | 'weightedRoundRobin' | 'random' | 'leastOutstanding' | 'powerOfTwo' | 'consistentHash';

export interface CompiledBalancer {
  id: string;
  policy: LbPolicy;
  /** Candidate (station, instance) pairs and their weights. */
  candidateStation: Int32Array;
  candidateInstance: Int32Array;
  candidateWeight: Float64Array;
  /** Target pools: the candidates of pool p are poolStart[p] .. poolStart[p + 1] − 1. */
  poolStart: Int32Array;
  /** Relative weight of each target pool (0 for a pool without instances). */
  poolWeight: Float64Array;
  /** Balancer processing latency, added to the request leg (null = none). */
  latency?: Sampler | null;
  /** Balancer → target network per candidate, each way (null = none). */
  candidateNetwork?: (Sampler | null)[];
  /** Health checks: a dead instance is taken out after this detection delay. */
  healthCheck?: { intervalS: number; threshold: number; timeoutS: number } | null;
}

export const METRIC_CPU = 0;
export const METRIC_RPI = 1;
export const METRIC_BACKLOG = 2;
export const METRIC_P95 = 3;

export interface CompiledAutoscaler {
  id: string;
  station: number;
  min: number;
  max: number;
  /** 'targetTracking' | 'step' | 'scheduled'. */
  policy: string;
  /** 'hpa': Kubernetes HPA (tolerance, scale-down stabilization); 'aws': AWS target tracking. */
  flavour: 'hpa' | 'aws';
  metric: number;
  target: number;
  steps: { above: number; below: number; change: number }[];
  actions: {
    atS: number;
    min?: number | undefined;
    max?: number | undefined;
    desired?: number | undefined;
  }[];
  periodS: number;
  /** Age of the metric when the autoscaler acts on it, seconds. */
  metricDelayS: number;
  scaleOutCooldownS: number;
  scaleInCooldownS: number;
  warmupS: number;
  drainS: number;
  /** Slots of the pool (max of initial instances and maxInstances). */
  slots: number;
  initial: number;
}

export type CompiledFailure =
  | { type: 'kill'; atS: number; endS: number; station: number; count: number }
  | { type: 'killZone'; atS: number; endS: number; zone: string }
  | { type: 'slowdown'; atS: number; endS: number; station: number; factor: number }
  | { type: 'errorRate'; atS: number; endS: number; station: number; rate: number }
  | { type: 'flush'; atS: number; station: number }
  | { type: 'failover'; atS: number; station: number }
  | { type: 'cut'; atS: number; endS: number; calls: number[] };

export interface CompiledRandomFailure {
  station: number;
  mttfS: number;
  mttrS: number;
}

export interface RateSegment {
  /** Start of the segment, seconds. */
  startS: number;
  /** Rate at the start, requests/s. */
  fromRps: number;
  /** Rate at the end (linear in between), requests/s. */
  toRps: number;
}

export interface RateProfile {
  /** Piecewise-linear rate over time; the last segment holds its `toRps` forever. */
  segments: RateSegment[];
  /** Sinusoidal factor 1 + amplitude·sin(2πt/period + phase) applied on top (diurnal); amplitude 0 = none. */
  amplitude: number;
  periodS: number;
  phase: number;
  /** Upper bound of the rate, requests/s (for thinning). */
  maxRps: number;
  /** True when the rate is the same at all times (no thinning needed). */
  constant: boolean;
}

export interface Modulation {
  /** Rate multiplier per state (average over time is 1). */
  multipliers: Float64Array;
  /** Holding time per state, seconds. */
  hold: Sampler[];
  /** true: states follow in a cycle (on-off); false: the next state is uniform among the others (MMPP). */
  cyclic: boolean;
}

export interface CompiledSource {
  id: string;
  /** Endpoint indexes of this source and the mix over them. */
  endpoints: number[];
  mix: AliasTable;
  open: { profile: RateProfile; modulation: Modulation | null } | null;
  closed: { users: number; think: Sampler } | null;
}

export interface CompiledEndpoint {
  id: string;
  name: string;
  source: number;
  /** The client's call: target, timeout, retries. */
  call: number;
  /** Distinct request keys. */
  keys: number;
  /** Key popularity (null = uniform over keys). */
  zipf: Zipf | null;
  /** Share of its source's requests. */
  share: number;
}

export interface CompiledModel {
  stations: CompiledStation[];
  balancers: CompiledBalancer[];
  sources: CompiledSource[];
  endpoints: CompiledEndpoint[];
  calls: CompiledCall[];
  autoscalers: CompiledAutoscaler[];
  failures: CompiledFailure[];
  randomFailures: CompiledRandomFailure[];
  /** Component ids with their kind, in declaration order (for per-component results). */
  components: { id: string; kind: string; ref: { kind: 'station' | 'balancer' | 'source'; index: number } }[];
}
