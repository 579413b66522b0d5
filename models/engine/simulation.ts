/**
 * The request lifecycle over a compiled model. A request enters at a source, makes its endpoint's
 * call, and each visit to a station (service, gateway, database, external) takes a worker, does
 * its CPU work on a core (FCFS queue or processor sharing), then runs its call groups (the calls of
 * a group in parallel, groups one after another) and answers its caller. Requests and visits live
 * in pooled typed arrays and events are integers: the hot path allocates nothing per request.
 */
import type {
  ComponentStats,
  ComponentWindow,
  InstanceCounts,
  ScalingDetail,
  ErrorCounts,
  LatencySummary,
  SimulationProgress,
  SimulationResult,
  WindowStats,
} from '../../shared/results/index.js';
import { BalancerRuntime } from './balancer-runtime.js';
import { Breaker, RetryBudget } from './breaker.js';
import { HashRing, RING_POINTS } from './hash-ring.js';
import { KeyStore } from './key-store.js';
import { Pool, S_DEAD, S_DRAINING, S_OFF, S_SERVING, S_WARMING } from './pool.js';
import type { Sampler } from './distributions.js';
import { binOf, Histogram } from './histogram.js';
import { EventQueue } from './kernel.js';
import {
  DISCIPLINE_PS,
  METRIC_BACKLOG,
  METRIC_CPU,
  METRIC_P95,
  METRIC_RPI,
  type CompiledAutoscaler,
  type CompiledBalancer,
  type CompiledCall,
  type CompiledEndpoint,
  type CompiledHandler,
  type CompiledModel,
  type CompiledSource,
  type CompiledStation,
  type RetryPolicy,
} from './model.js';
import { rateAt } from './profile.js';
import { hashInt, streamFor, type Rng } from './random.js';
import { meanCi, percentileCi } from './stats.js';
import {
  deriveTailAttribution,
  T_ARRIVE,
  T_BEGIN,
  T_DELIVER,
  T_FINISH,
  T_GROUP,
  T_RESPOND,
  TailTracer,
  TRACE_EVERY,
} from './tail-trace.js';

export interface EngineOptions {
  seed: number;
  /** Simulated seconds, warm-up included. */
  durationS: number;
  /** Simulated seconds discarded at the start. */
  warmupS: number;
  /** Width of a window of the series, simulated seconds. */
  windowS: number;
  replication: number;
  scenario: string | null;
  /** Batches of the measured period behind the single-run confidence intervals. */
  batches: number;
  /** Tail tracing: every n-th request of each source (default TRACE_EVERY; 0 = off). */
  traceEvery?: number;
}

const EV_ARRIVAL = 1;
const EV_MODULATE = 2;
const EV_THINK = 3;
const EV_ARRIVE = 4;
const EV_WORK_DONE = 5;
const EV_PS_DONE = 6;
const EV_TIMEOUT = 7;
const EV_RESPONSE = 8;
const EV_RETRY = 9;
const EV_ROOT_RETRY = 10;
const EV_MSG_VISIBLE = 11;
const EV_SCALE = 12;
const EV_READY = 13;
const EV_DRAIN_END = 14;
const EV_FAILURE = 15;
const EV_RANDOM_FAIL = 16;
const EV_RANDOM_REPAIR = 17;
const EV_DETECT = 18;
const EV_PROMOTE = 19;
const EV_SCHEDULED = 20;
const EV_REVIVE = 21;
const EV_SCALE_DECIDE = 22;

/** Call flags: features that need work in spawn / deliver. */
const CF_BREAKER = 1;
const CF_BUDGET = 2;
const CF_CUT = 4;

/** Station routes (direct calls): 0 plain round robin; 1 pool of changing serving slots; 2 database; 3 serverless. */
const ROUTE_POOL = 1;
const ROUTE_DB = 2;
const ROUTE_SERVERLESS = 3;
/** Station specials after the work: 1 key-model cache lookup; 2 queue publish. */
const SP_CACHE = 1;
const SP_QUEUE = 2;
/** Station hooks on a finished visit. */
const HK_CONSUMER = 1;
const HK_SERVERLESS = 2;
const HK_P95 = 4;
const HK_POOL = 8;

/** At equal times: completions first, then arrivals, then timeouts (a reply at the deadline wins). */
const P_DONE = 0;
const P_ARRIVE = 1;
const P_TIMEOUT = 2;

const CAUSE_RATE_LIMITED = 1;
const CAUSE_REJECTED = 2;
const CAUSE_TIMEOUT = 3;
const CAUSE_FAILED = 4;
const CAUSE_CIRCUIT_OPEN = 5;

const PARENT_ROOT = -1;
const PARENT_NONE = -2;

const F_ADMITTED = 1;
const F_WORKER = 2;
const F_WAITED = 4;
/** A key-cache visit fetching a miss (fills the cache when it completes). */
const F_FETCH = 8;
/** A key-cache write (drops or stores its key when it completes successfully). */
const F_WRITE = 16;

const PERCENTILES = [0.5, 0.9, 0.95, 0.99, 0.999];

/** FIFO of integers in a growable ring buffer. */
class IntRing {
  buf = new Int32Array(16);
  head = 0;
  size = 0;
  push(x: number): void {
    if (this.size === this.buf.length) {
      const n = new Int32Array(this.buf.length * 2);
      for (let i = 0; i < this.size; i++) n[i] = this.buf[(this.head + i) & (this.buf.length - 1)] as number;
      this.buf = n;
      this.head = 0;
    }
    this.buf[(this.head + this.size) & (this.buf.length - 1)] = x;
    this.size++;
  }
  pop(): number {
    this.size--;
    return this.buf[(this.head + this.size) & (this.buf.length - 1)] as number;
  }
  peek(): number {
    return this.buf[this.head] as number;
  }
  shift(): number {
    const x = this.buf[this.head] as number;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.size--;
    return x;
  }
}

function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
function growF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** Per-station accumulators of one stretch of time (time integrals and counts). */
class StationAcc {
  busy: Float64Array;
  waiting: Float64Array;
  inSystem: Float64Array;
  workers: Float64Array;
  empty: Float64Array;
  arrivals: Float64Array;
  done: Float64Array;
  rejected: Float64Array;
  rateLimited: Float64Array;
  failed: Float64Array;
  started: Float64Array;
  waited: Float64Array;
  waitSum: Float64Array;
  sojournSum: Float64Array;
  /** Sum of arrival → end of own work (downstream calls excluded), seconds. */
  localSum: Float64Array;
  // scaling and resilience (touched only by the features that use them)
  lookups: Float64Array;
  hits: Float64Array;
  coalesced: Float64Array;
  replicaReads: Float64Array;
  staleReads: Float64Array;
  lagSum: Float64Array;
  published: Float64Array;
  consumed: Float64Array;
  redelivered: Float64Array;
  deadLettered: Float64Array;
  coldStarts: Float64Array;
  cacheWrites: Float64Array;
  shed: Float64Array;
  constructor(n: number) {
    this.cacheWrites = new Float64Array(n);
    this.shed = new Float64Array(n);
    this.lookups = new Float64Array(n);
    this.hits = new Float64Array(n);
    this.coalesced = new Float64Array(n);
    this.replicaReads = new Float64Array(n);
    this.staleReads = new Float64Array(n);
    this.lagSum = new Float64Array(n);
    this.published = new Float64Array(n);
    this.consumed = new Float64Array(n);
    this.redelivered = new Float64Array(n);
    this.deadLettered = new Float64Array(n);
    this.coldStarts = new Float64Array(n);
    this.busy = new Float64Array(n);
    this.waiting = new Float64Array(n);
    this.inSystem = new Float64Array(n);
    this.workers = new Float64Array(n);
    this.empty = new Float64Array(n);
    this.arrivals = new Float64Array(n);
    this.done = new Float64Array(n);
    this.rejected = new Float64Array(n);
    this.rateLimited = new Float64Array(n);
    this.failed = new Float64Array(n);
    this.started = new Float64Array(n);
    this.waited = new Float64Array(n);
    this.waitSum = new Float64Array(n);
    this.sojournSum = new Float64Array(n);
    this.localSum = new Float64Array(n);
  }
  private fields(): Float64Array[] {
    return [
      this.busy,
      this.waiting,
      this.inSystem,
      this.workers,
      this.empty,
      this.arrivals,
      this.done,
      this.rejected,
      this.rateLimited,
      this.failed,
      this.started,
      this.waited,
      this.waitSum,
      this.sojournSum,
      this.localSum,
      this.lookups,
      this.hits,
      this.coalesced,
      this.replicaReads,
      this.staleReads,
      this.lagSum,
      this.published,
      this.consumed,
      this.redelivered,
      this.deadLettered,
      this.coldStarts,
      this.cacheWrites,
      this.shed,
    ];
  }
  addTo(other: StationAcc): void {
    const a = this.fields();
    const b = other.fields();
    for (let f = 0; f < a.length; f++) {
      const x = a[f] as Float64Array;
      const y = b[f] as Float64Array;
      for (let i = 0; i < x.length; i++) y[i]! += x[i] as number;
    }
  }
  reset(): void {
    for (const f of this.fields()) f.fill(0);
  }
}

/** Request-level accumulators of one stretch of time. */
class RequestAcc {
  arrivals = 0;
  completed = 0;
  failed = 0;
  errors = [0, 0, 0, 0, 0, 0];
  /** Time integral of requests in flight, request·seconds. */
  inFlightArea = 0;
  /** Sum of latencies of all finished requests (successful or not), seconds. */
  finishedLatency = 0;
  balancer: Float64Array;
  source: Float64Array;
  constructor(nb: number, ns: number) {
    this.balancer = new Float64Array(nb);
    this.source = new Float64Array(ns);
  }
  addTo(o: RequestAcc): void {
    o.arrivals += this.arrivals;
    o.completed += this.completed;
    o.failed += this.failed;
    for (let i = 0; i < 6; i++) o.errors[i]! += this.errors[i] as number;
    o.inFlightArea += this.inFlightArea;
    o.finishedLatency += this.finishedLatency;
    for (let i = 0; i < this.balancer.length; i++) o.balancer[i]! += this.balancer[i] as number;
    for (let i = 0; i < this.source.length; i++) o.source[i]! += this.source[i] as number;
  }
  reset(): void {
    this.arrivals = 0;
    this.completed = 0;
    this.failed = 0;
    this.errors.fill(0);
    this.inFlightArea = 0;
    this.finishedLatency = 0;
    this.balancer.fill(0);
    this.source.fill(0);
  }
}

function errorCounts(e: number[]): ErrorCounts {
  return {
    rateLimited: e[CAUSE_RATE_LIMITED] as number,
    rejected: e[CAUSE_REJECTED] as number,
    timeout: e[CAUSE_TIMEOUT] as number,
    failed: e[CAUSE_FAILED] as number,
    circuitOpen: e[CAUSE_CIRCUIT_OPEN] as number,
  };
}

function orNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function latencySummary(h: Histogram): LatencySummary {
  if (h.count === 0)
    return { meanS: null, p50S: null, p90S: null, p95S: null, p99S: null, p999S: null, maxS: null };
  const p = h.percentiles(PERCENTILES);
  return {
    meanS: h.mean,
    p50S: p[0] as number,
    p90S: p[1] as number,
    p95S: p[2] as number,
    p99S: p[3] as number,
    p999S: p[4] as number,
    maxS: h.max,
  };
}

interface CacheRt {
  stores: KeyStore[];
  nodes: NodesRt;
  /** Coalescing: visits waiting on the fetch of a key (null = no coalescing). */
  pending: Map<number, number[]> | null;
  lookupHandler: number;
  /** Global handler index of a write (-1 = none). */
  writeHandler: number;
  writeThrough: boolean;
  /** Endpoints whose lookups this cache stores (a write of key k touches (e, k) for each). */
  lookupEps: Int32Array;
}

/** Nodes of a cache: key → node on the ring (skipping dead nodes); per-node FIFO time. */
interface NodesRt {
  /** null for a single node. */
  ring: HashRing | null;
  /** 1 while a node is alive. */
  up: Uint8Array;
  /** Time each node is next free, seconds (throughput limit). */
  free: Float64Array;
  /** Node time per operation, seconds (0 = unlimited). */
  serviceS: number;
}

interface QueueRt {
  fifo: IntRing;
  consumer: number;
  maxDepth: number;
  maxAttempts: number;
  delivery: Sampler | null;
  deliverCall: number;
  rng: Rng;
  /** Messages published but not yet visible (delivery latency). */
  inDelivery: number;
  /** Partitions: at most this many consumer instances take messages at once (Infinity = any). */
  partitions: number;
  /** Messages in consumption per consumer instance (slot), and the instances with at least one. */
  activeOn: Int32Array;
  activeInstances: number;
  consumerBase: number;
  /** Consumer lag: published, not yet consumed or dead-lettered; its time integral since the start. */
  lag: number;
  lagLast: number;
  lagArea: number;
  /** lagArea at the start of the window / of the measured period, and the most at once in each. */
  lagWinArea: number;
  lagTotArea: number;
  lagWinMax: number;
  lagTotMax: number;
  ageWin: Histogram;
  ageTot: Histogram;
  e2eTot: Histogram;
}

interface DbRt {
  shards: number;
  perShard: number;
  readsOnPrimary: boolean;
  lag: Sampler | null;
  failoverS: number;
  /** Node (within its shard) that is primary. */
  primaryOf: Int32Array;
  /** 1 while a shard has no primary (writes fail). */
  failing: Uint8Array;
  promoting: Uint8Array;
  rr: Int32Array;
  lastWrite: Map<number, number> | null;
  rng: Rng;
}

interface ServerlessRt {
  idle: IntRing;
  provIdle: IntRing;
  free: Int32Array;
  nFree: number;
  idleSince: Float64Array;
  provisioned: number;
  idleS: number;
  coldStart: Sampler;
  memoryGb: number;
  rng: Rng;
}

interface ScalerRt {
  spec: CompiledAutoscaler;
  min: number;
  max: number;
  lastT: number;
  lastBusy: number;
  lastArrivals: number;
  lastWaiting: number;
  lastServing: number;
  /** Time-average serving instances over the last evaluation period. */
  meanServing: number;
  lastOut: number;
  lastIn: number;
  recs: number[];
  recT: number[];
  hist: Histogram;
  /** Queue stations feeding the pool (backlog metric). */
  queues: number[];
  /** metricDelayS: (metric, mean serving) of periods awaiting their decision, oldest first. */
  delayed: number[];
}

export class Engine {
  private readonly q: EventQueue;
  private now = 0;
  private events = 0;
  private finished = false;

  private readonly stations: CompiledStation[];
  private readonly sources: CompiledSource[];
  private readonly calls: CompiledCall[];
  private readonly callRetry: (RetryPolicy | null)[];
  private readonly callNet: (Sampler | null)[];
  private readonly callTimeout: Float64Array;
  private readonly callSync: Uint8Array;
  private readonly callProb: Float64Array;
  private readonly callOwnerRng: Rng[];
  private readonly epCall: Int32Array;
  /** Per call: target station index, or -(balancer + 1). */
  private readonly callTarget: Int32Array;
  /** Handler (global index) per station × endpoint, -1 = none. */
  private readonly handlerTable: Int32Array;
  private readonly nEndpoints: number;
  private readonly stRateLimited: Uint8Array;
  private readonly stInstances: Int32Array;
  /** Sources with a constant rate and no modulation (plain Poisson, no thinning). */
  private readonly srcPlain: Uint8Array;
  /** Request keys are drawn only when something uses them (consistent hashing). */
  private needKeys: boolean;
  private readonly balancers: BalancerRuntime[];

  // scaling and resilience: all off (zero / null) for a plain model
  private callFlags: Uint8Array = new Uint8Array(0);
  private breakers: (Breaker | null)[] = [];
  private budgets: (RetryBudget | null)[] = [];
  private callCut: Uint8Array = new Uint8Array(0);
  private stRoute: Uint8Array = new Uint8Array(0);
  private stSpecial: Uint8Array = new Uint8Array(0);
  private stHook: Uint8Array = new Uint8Array(0);
  private stSlow: Float64Array = new Float64Array(0);
  private stExtraErr: Float64Array = new Float64Array(0);
  private iState: Uint8Array = new Uint8Array(0);
  private iLbRoutable: Uint8Array = new Uint8Array(0);
  private iCold: Uint8Array = new Uint8Array(0);
  private iDetect: Int32Array = new Int32Array(0);
  private pools: (Pool | null)[] = [];
  private caches: (CacheRt | null)[] = [];
  private cacheNodes: (NodesRt | null)[] = [];
  /** Load shedding per station (Infinity = off): visits per instance, queue wait in seconds. */
  private stShedInFlight: Float64Array = new Float64Array(0);
  private stShedWait: Float64Array = new Float64Array(0);
  private queues: (QueueRt | null)[] = [];
  private dbs: (DbRt | null)[] = [];
  private serverless: (ServerlessRt | null)[] = [];
  private scalers: ScalerRt[] = [];
  private scalerOf: Int32Array = new Int32Array(0);
  /** Queue stations consumed by each station. */
  private feeds: number[][] = [];
  /** Per station: health-check detection delay parameters of a balancer in front of it. */
  private detect: ({ intervalS: number; threshold: number; timeoutS: number } | null)[] = [];
  private failRng: Rng[] = [];
  private killedBy: number[][] = [];
  private clientTokens: (Float64Array | null)[] = [];
  private clientTime: (Float64Array | null)[] = [];
  private lbDelay: Uint8Array = new Uint8Array(0);
  /** Any instance may die (arrivals and work check the instance state). */
  private failuresOn = false;
  /** Work times are adjusted (slowdowns, serverless cold starts). */
  private workAdj = false;
  private errOn = false;
  /** Some pool sheds load (arrivals and queue hand-offs check its limits). */
  private shedOn = false;
  private needMask = false;
  // statistics of pools and breakers per window / measured period
  private winServing: Float64Array = new Float64Array(0);
  private winBilledMax: Float64Array = new Float64Array(0);
  private totServing: Float64Array = new Float64Array(0);
  private totBilled: Float64Array = new Float64Array(0);
  private totWarming: Float64Array = new Float64Array(0);
  private totBilledMax: Float64Array = new Float64Array(0);
  private breakerWin: Float64Array = new Float64Array(0);
  private breakerTot: Float64Array = new Float64Array(0);
  private budgetDeniedTot = new Float64Array(0);
  private readonly life: StationAcc;
  /** Per station: its outgoing calls with a circuit breaker / a retry budget. */
  private breakerCalls: number[][] = [];
  private budgetCalls: number[][] = [];

  // stations
  private readonly stCores: Float64Array;
  private readonly stWorkersMax: Float64Array;
  private readonly stQueueLimit: Float64Array;
  private readonly stPs: Uint8Array;
  private readonly stWorkRng: Rng[];
  private readonly stCallRng: Rng[];
  private readonly stErrRng: Rng[];
  private readonly stTokens: Float64Array;
  private readonly stTokenTime: Float64Array;
  private readonly stRoundRobin: Int32Array;
  private readonly stLast: Float64Array;
  private readonly stBusy: Float64Array;
  private readonly stWaiting: Float64Array;
  private readonly stInSys: Float64Array;
  private readonly stWorkers: Float64Array;
  private readonly instanceBase: Int32Array;
  private readonly handlerWork: (Sampler | null)[];
  private readonly handlerGroups: number[][][];
  private readonly handlerError: Float64Array;
  private readonly handlerWrite: Float64Array;
  private readonly handlerChoices: CompiledHandler['choices'][];
  private readonly stHandlerBase: Int32Array;

  // instances
  private readonly instStation: Int32Array;
  private readonly iBusy: Int32Array;
  private readonly iWorkers: Int32Array;
  private readonly iInSys: Int32Array;
  private readonly cpuQueue: IntRing[];
  private readonly workerQueue: IntRing[];
  private readonly psJobs: number[][];
  private readonly psRem: number[][];
  private readonly psLast: Float64Array;
  private readonly psEvent: Int32Array;

  // jobs (visits)
  private jCap = 0;
  private jFree: Int32Array = new Int32Array(0);
  private jFreeCount = 0;
  private jParent: Int32Array = new Int32Array(0);
  private jCall: Int32Array = new Int32Array(0);
  private jAttempt: Int32Array = new Int32Array(0);
  private jEp: Int32Array = new Int32Array(0);
  private jKey: Int32Array = new Int32Array(0);
  private jReq: Int32Array = new Int32Array(0);
  private jInst: Int32Array = new Int32Array(0);
  private jHandler: Int32Array = new Int32Array(0);
  private jGroup: Int32Array = new Int32Array(0);
  private jPending: Int32Array = new Int32Array(0);
  private jCause: Int32Array = new Int32Array(0);
  private jTimer: Int32Array = new Int32Array(0);
  private jFlags: Int32Array = new Int32Array(0);
  private jArrive: Float64Array = new Float64Array(0);
  private jWork: Float64Array = new Float64Array(0);
  /** 1 for a visit of a traced request (tail attribution). */
  private jTr: Int32Array = new Int32Array(0);

  // requests
  private rCap = 0;
  private rFree: Int32Array = new Int32Array(0);
  private rFreeCount = 0;
  private rStart: Float64Array = new Float64Array(0);
  private rUser: Int32Array = new Int32Array(0);
  private rSource: Int32Array = new Int32Array(0);
  private rEp: Int32Array = new Int32Array(0);
  private rKey: Int32Array = new Int32Array(0);
  private rTr: Int32Array = new Int32Array(0);
  private readonly tracer: TailTracer;

  // sources
  private readonly srcArrRng: Rng[];
  private readonly srcMixRng: Rng[];
  private readonly srcThinkRng: Rng[];
  private readonly srcKeyRng: Rng[];
  private readonly srcModRng: Rng[];
  private readonly srcModState: Int32Array;
  private readonly srcCandidateRate: Float64Array;

  // statistics
  private readonly seg: StationAcc;
  private readonly win: StationAcc;
  private readonly tot: StationAcc;
  private readonly rseg: RequestAcc;
  private readonly rwin: RequestAcc;
  private readonly rtot: RequestAcc;
  private readonly rall: RequestAcc;
  private inFlight = 0;
  private inFlightLast = 0;
  private readonly winHist = new Histogram();
  /** Sum of the measured successful latencies in completion order, seconds (the overall histogram's sum). */
  private allSum = 0;
  private readonly batchHist: Histogram[];
  private readonly batchCompleted: Float64Array;
  private readonly batchLen: number;
  private measuring = false;
  private winIndex = 0;
  private winStart = 0;
  private nextWindowEnd: number;
  private readonly windows: WindowStats[] = [];
  private drained = 0;

  constructor(
    private readonly model: CompiledModel,
    private readonly opts: EngineOptions,
  ) {
    const { seed, replication } = opts;
    if (!(opts.durationS > 0 && Number.isFinite(opts.durationS))) throw new Error('durationS must be > 0');
    if (!(opts.warmupS >= 0 && opts.warmupS < opts.durationS))
      throw new Error('warmupS must be in [0, durationS)');
    if (!(opts.windowS > 0)) throw new Error('windowS must be > 0');
    const rng = (id: string, purpose: string) => streamFor(seed, replication, id, purpose);
    this.q = new EventQueue(4096);
    this.stations = model.stations;
    this.sources = model.sources;
    this.calls = model.calls;
    const ns = this.stations.length;

    this.stCores = Float64Array.from(this.stations.map((s) => s.cores));
    this.stWorkersMax = Float64Array.from(this.stations.map((s) => s.workers));
    this.stQueueLimit = Float64Array.from(this.stations.map((s) => s.queueLimit));
    this.stPs = Uint8Array.from(
      this.stations.map((s) => (s.discipline === DISCIPLINE_PS && Number.isFinite(s.cores) ? 1 : 0)),
    );
    this.stWorkRng = this.stations.map((s) => rng(s.id, 'work'));
    this.stCallRng = this.stations.map((s) => rng(s.id, 'calls'));
    this.stErrRng = this.stations.map((s) => rng(s.id, 'errors'));
    this.stTokens = Float64Array.from(this.stations.map((s) => (s.rateLimit ? s.rateLimit.burst : 0)));
    this.stTokenTime = new Float64Array(ns);
    this.stRoundRobin = new Int32Array(ns);
    this.stLast = new Float64Array(ns);
    this.stBusy = new Float64Array(ns);
    this.stWaiting = new Float64Array(ns);
    this.stInSys = new Float64Array(ns);
    this.stWorkers = new Float64Array(ns);
    this.instanceBase = new Int32Array(ns);
    let nInst = 0;
    this.stations.forEach((s, i) => {
      this.instanceBase[i] = nInst;
      nInst += s.instances;
    });
    this.instStation = new Int32Array(nInst);
    this.stations.forEach((s, i) =>
      this.instStation.fill(i, this.instanceBase[i], (this.instanceBase[i] as number) + s.instances),
    );
    this.iBusy = new Int32Array(nInst);
    this.iWorkers = new Int32Array(nInst);
    this.iInSys = new Int32Array(nInst);
    this.cpuQueue = Array.from({ length: nInst }, () => new IntRing());
    this.workerQueue = Array.from({ length: nInst }, () => new IntRing());
    this.psJobs = Array.from({ length: nInst }, () => []);
    this.psRem = Array.from({ length: nInst }, () => []);
    this.psLast = new Float64Array(nInst);
    this.psEvent = new Int32Array(nInst).fill(-1);

    this.handlerWork = [];
    this.handlerGroups = [];
    this.handlerChoices = [];
    const errs: number[] = [];
    const writes: number[] = [];
    this.stHandlerBase = new Int32Array(ns);
    this.stations.forEach((s, i) => {
      this.stHandlerBase[i] = this.handlerWork.length;
      for (const h of s.handlers) {
        this.handlerWork.push(h.work);
        this.handlerGroups.push(h.groups);
        this.handlerChoices.push(h.choices);
        errs.push(h.errorProbability);
        writes.push(h.writeFraction ?? 0);
      }
    });
    this.handlerError = Float64Array.from(errs);
    this.handlerWrite = Float64Array.from(writes);

    const callOwner: string[] = this.calls.map(() => '');
    this.stations.forEach((s) =>
      s.handlers.forEach((h) => {
        h.groups.forEach((g) => g.forEach((c) => c >= 0 && (callOwner[c] = s.id)));
        h.choices.forEach((ch) => ch.calls.forEach((c) => (callOwner[c] = s.id)));
      }),
    );
    model.endpoints.forEach((e) => (callOwner[e.call] = (this.sources[e.source] as CompiledSource).id));
    const netRng = new Map<string, Rng>();
    this.callOwnerRng = callOwner.map((id) => {
      let r = netRng.get(id);
      if (!r) {
        r = rng(id, 'network');
        netRng.set(id, r);
      }
      return r;
    });
    this.callRetry = this.calls.map((c) => c.retry);
    this.callNet = this.calls.map((c) => c.network);
    this.callTimeout = Float64Array.from(this.calls.map((c) => c.timeoutS));
    this.callSync = Uint8Array.from(this.calls.map((c) => (c.sync ? 1 : 0)));
    this.callProb = Float64Array.from(this.calls.map((c) => c.probability));
    this.epCall = Int32Array.from(model.endpoints.map((e) => e.call));
    this.callTarget = Int32Array.from(
      this.calls.map((c) => (c.target.kind === 'station' ? c.target.index : -(c.target.index + 1))),
    );
    this.nEndpoints = model.endpoints.length;
    this.handlerTable = new Int32Array(ns * this.nEndpoints);
    this.stations.forEach((s, st) => {
      for (let e = 0; e < this.nEndpoints; e++) {
        const h = s.handlerByEndpoint[e] as number;
        this.handlerTable[st * this.nEndpoints + e] = h < 0 ? -1 : (this.stHandlerBase[st] as number) + h;
      }
    });
    this.stRateLimited = Uint8Array.from(this.stations.map((s) => (s.rateLimit ? 1 : 0)));
    this.stInstances = Int32Array.from(this.stations.map((s) => s.instances));
    this.srcPlain = Uint8Array.from(
      this.sources.map((s) => (s.open && s.open.profile.constant && !s.open.modulation ? 1 : 0)),
    );
    this.needKeys = model.balancers.some((b) => b.policy === 'consistentHash');
    this.life = new StationAcc(ns);
    this.initFeatures(rng, nInst);
    const stationIds = this.stations.map((s) => s.id);
    this.balancers = model.balancers.map(
      (b) =>
        new BalancerRuntime(
          b,
          rng(b.id, 'balance'),
          this.instanceBase,
          stationIds,
          this.needMask && Array.from(b.candidateStation).some((st) => this.stRoute[st] !== 0)
            ? this.iLbRoutable
            : null,
        ),
    );
    this.lbDelay = Uint8Array.from(model.balancers, (b) =>
      (b.latency ?? null) !== null || (b.candidateNetwork ?? []).some((n) => n !== null) ? 1 : 0,
    );

    this.srcArrRng = this.sources.map((s) => rng(s.id, 'arrivals'));
    this.srcMixRng = this.sources.map((s) => rng(s.id, 'mix'));
    this.srcThinkRng = this.sources.map((s) => rng(s.id, 'think'));
    this.srcKeyRng = this.sources.map((s) => rng(s.id, 'keys'));
    this.srcModRng = this.sources.map((s) => rng(s.id, 'modulation'));
    this.srcModState = new Int32Array(this.sources.length);
    this.srcCandidateRate = new Float64Array(this.sources.length);

    this.seg = new StationAcc(ns);
    this.win = new StationAcc(ns);
    this.tot = new StationAcc(ns);
    const nb = model.balancers.length;
    const nsrc = this.sources.length;
    this.rseg = new RequestAcc(nb, nsrc);
    this.rwin = new RequestAcc(nb, nsrc);
    this.rtot = new RequestAcc(nb, nsrc);
    this.rall = new RequestAcc(nb, nsrc);
    const nBatches = Math.max(2, opts.batches);
    this.batchHist = Array.from({ length: nBatches }, () => new Histogram());
    this.batchCompleted = new Float64Array(nBatches);
    this.batchLen = (opts.durationS - opts.warmupS) / nBatches;
    this.measuring = opts.warmupS === 0;
    this.nextWindowEnd = Math.min(opts.windowS, opts.durationS);

    this.tracer = new TailTracer(model, opts.traceEvery ?? TRACE_EVERY);
    this.growJobs(1024);
    this.growRequests(1024);
    this.startSources();
    this.startFeatures();
  }

  // ---------------------------------------------------------------- pools

  private growJobs(n: number): void {
    const old = this.jCap;
    this.jParent = growI32(this.jParent, n);
    this.jCall = growI32(this.jCall, n);
    this.jAttempt = growI32(this.jAttempt, n);
    this.jEp = growI32(this.jEp, n);
    this.jKey = growI32(this.jKey, n);
    this.jReq = growI32(this.jReq, n);
    this.jInst = growI32(this.jInst, n);
    this.jHandler = growI32(this.jHandler, n);
    this.jGroup = growI32(this.jGroup, n);
    this.jPending = growI32(this.jPending, n);
    this.jCause = growI32(this.jCause, n);
    this.jTimer = growI32(this.jTimer, n);
    this.jFlags = growI32(this.jFlags, n);
    this.jArrive = growF64(this.jArrive, n);
    this.jWork = growF64(this.jWork, n);
    this.jTr = growI32(this.jTr, n);
    const free = new Int32Array(n);
    free.set(this.jFree.subarray(0, this.jFreeCount));
    for (let i = n - 1; i >= old; i--) free[this.jFreeCount++] = i;
    this.jFree = free;
    this.jCap = n;
  }

  private allocJob(): number {
    if (this.jFreeCount === 0) this.growJobs(this.jCap * 2);
    return this.jFree[--this.jFreeCount] as number;
  }

  private freeJob(j: number): void {
    this.jFree[this.jFreeCount++] = j;
  }

  private growRequests(n: number): void {
    const old = this.rCap;
    this.rStart = growF64(this.rStart, n);
    this.rUser = growI32(this.rUser, n);
    this.rSource = growI32(this.rSource, n);
    this.rEp = growI32(this.rEp, n);
    this.rKey = growI32(this.rKey, n);
    this.rTr = growI32(this.rTr, n);
    const free = new Int32Array(n);
    free.set(this.rFree.subarray(0, this.rFreeCount));
    for (let i = n - 1; i >= old; i--) free[this.rFreeCount++] = i;
    this.rFree = free;
    this.rCap = n;
  }

  // ---------------------------------------------------------------- sources

  private startSources(): void {
    this.sources.forEach((s, i) => {
      if (s.open) {
        const mod = s.open.modulation;
        let maxMult = 1;
        if (mod) {
          maxMult = Math.max(...Array.from(mod.multipliers));
          this.q.push((mod.hold[0] as Sampler).sample(this.srcModRng[i] as Rng), P_ARRIVE, EV_MODULATE, i, 0);
        }
        const rate = s.open.profile.maxRps * maxMult;
        this.srcCandidateRate[i] = rate;
        if (rate > 0)
          this.q.push(this.expSample(1 / rate, this.srcArrRng[i] as Rng), P_ARRIVE, EV_ARRIVAL, i, 0);
      } else if (s.closed) {
        for (let u = 0; u < s.closed.users; u++)
          this.q.push(s.closed.think.sample(this.srcThinkRng[i] as Rng), P_ARRIVE, EV_THINK, i, u);
      }
    });
  }

  private expSample(mean: number, rng: Rng): number {
    return -mean * Math.log(rng.nextOpen());
  }

  private onArrivalCandidate(src: number): void {
    const rng = this.srcArrRng[src] as Rng;
    const rate = this.srcCandidateRate[src] as number;
    if (this.srcPlain[src] === 1) {
      this.startRequest(src, -1);
    } else {
      const open = (this.sources[src] as CompiledSource).open!;
      let r = rateAt(open.profile, this.now);
      if (open.modulation) r *= open.modulation.multipliers[this.srcModState[src] as number] as number;
      if (rng.next() * rate < r) this.startRequest(src, -1);
    }
    this.q.at = this.now - Math.log(rng.nextOpen()) / rate;
    this.q.pushAt(P_ARRIVE, EV_ARRIVAL, src, 0);
  }

  private onModulate(src: number): void {
    const mod = (this.sources[src] as CompiledSource).open!.modulation!;
    const k = mod.multipliers.length;
    const rng = this.srcModRng[src] as Rng;
    const cur = this.srcModState[src] as number;
    let next = cur + 1 === k ? 0 : cur + 1;
    if (!mod.cyclic && k > 2) {
      next = rng.nextInt(k - 1);
      if (next >= cur) next++;
    }
    this.srcModState[src] = next;
    this.q.push(this.now + (mod.hold[next] as Sampler).sample(rng), P_ARRIVE, EV_MODULATE, src, 0);
  }

  private touchRequests(): void {
    this.rseg.inFlightArea += this.inFlight * (this.now - this.inFlightLast);
    this.inFlightLast = this.now;
  }

  private startRequest(src: number, user: number): void {
    if (this.rFreeCount === 0) this.growRequests(this.rCap * 2);
    const req = this.rFree[--this.rFreeCount] as number;
    const s = this.sources[src] as CompiledSource;
    const ep =
      s.endpoints.length === 1
        ? (s.endpoints[0] as number)
        : (s.endpoints[s.mix.sample(this.srcMixRng[src] as Rng)] as number);
    let key = 0;
    if (this.needKeys) {
      const e = this.model.endpoints[ep] as CompiledEndpoint;
      const krng = this.srcKeyRng[src] as Rng;
      key =
        e.zipf !== null
          ? e.zipf.sample(krng) - 1
          : e.keys >= 4294967296
            ? krng.nextU32() | 0
            : krng.nextInt(e.keys);
    }
    this.rStart[req] = this.now;
    this.rUser[req] = user;
    this.rSource[req] = src;
    this.rEp[req] = ep;
    this.rKey[req] = key;
    this.rTr[req] = this.tracer.pick(src);
    this.touchRequests();
    this.inFlight++;
    this.rseg.arrivals++;
    this.rseg.source[src]!++;
    this.spawn(PARENT_ROOT, this.epCall[ep] as number, 0, ep, key, req);
  }

  private finishRequest(req: number, cause: number): void {
    this.touchRequests();
    this.inFlight--;
    const lat = this.now - (this.rStart[req] as number);
    if (this.rTr[req] !== 0) this.tracer.log(T_FINISH, req, lat, cause === 0 && this.measuring ? 1 : 0, 0);
    const acc = this.rseg;
    acc.finishedLatency += lat;
    if (cause === 0) {
      acc.completed++;
      const bin = binOf(lat);
      this.winHist.recordBin(bin, lat);
      if (this.measuring) {
        this.allSum += lat;
        let b = Math.floor((this.now - this.opts.warmupS) / this.batchLen);
        if (b >= this.batchHist.length) b = this.batchHist.length - 1;
        (this.batchHist[b] as Histogram).recordBin(bin, lat);
        this.batchCompleted[b]!++;
      }
    } else {
      acc.failed++;
      acc.errors[cause]!++;
    }
    const user = this.rUser[req] as number;
    if (user >= 0) this.think(this.rSource[req] as number, user);
    this.rFree[this.rFreeCount++] = req;
  }

  /** A closed source's user thinks, then sends its next request. */
  private think(src: number, user: number): void {
    const closed = (this.sources[src] as CompiledSource).closed!;
    this.q.push(this.now + closed.think.sample(this.srcThinkRng[src] as Rng), P_ARRIVE, EV_THINK, src, user);
  }

  // ---------------------------------------------------------------- calls

  /** Sends attempt `attempt` of call `call` on behalf of visit `parent` (or the request's client). */
  private spawn(parent: number, call: number, attempt: number, ep: number, key: number, req: number): void {
    if (this.callFlags[call] !== 0 && this.gated(parent, call, attempt, req)) return;
    const st = this.callTarget[call] as number;
    if (st < 0) this.spawnBalanced(parent, call, attempt, ep, key, req, -st - 1);
    else if (this.stRoute[st] !== 0) this.spawnRouted(parent, call, attempt, ep, key, req, st);
    else {
      const n = this.stInstances[st] as number;
      let k = 0;
      if (n > 1) {
        k = this.stRoundRobin[st] as number;
        this.stRoundRobin[st] = k + 1 === n ? 0 : k + 1;
      }
      this.visit((this.instanceBase[st] as number) + k, parent, call, attempt, ep, key, req, 0);
    }
  }

  /** Breakers and retry budgets of the call: true when they refuse the attempt (already answered). */
  private gated(parent: number, call: number, attempt: number, req: number): boolean {
    const refused = this.gate(call, attempt);
    if (refused === 0) return false;
    this.refuse(parent, call, attempt, refused, req, refused === CAUSE_CIRCUIT_OPEN);
    return true;
  }

  /** A call to a station with its own routing (pool, database, serverless). */
  private spawnRouted(
    parent: number,
    call: number,
    attempt: number,
    ep: number,
    key: number,
    req: number,
    st: number,
  ): void {
    const g = this.route(st, ep, key);
    if (g < 0) {
      this.seg.arrivals[st]!++;
      if (g === -CAUSE_RATE_LIMITED) this.seg.rateLimited[st]!++;
      else if (g === -CAUSE_REJECTED) this.seg.rejected[st]!++;
      this.refuse(parent, call, attempt, -g, req, false);
      return;
    }
    this.visit(g, parent, call, attempt, ep, key, req, 0);
  }

  /** A call through load balancer bi. */
  private spawnBalanced(
    parent: number,
    call: number,
    attempt: number,
    ep: number,
    key: number,
    req: number,
    bi: number,
  ): void {
    const b = this.balancers[bi] as BalancerRuntime;
    const c = b.pick(this.iInSys, key);
    this.rseg.balancer[bi]!++;
    if (c < 0) {
      this.refuse(parent, call, attempt, CAUSE_REJECTED, req, false);
      return;
    }
    const extra = this.lbDelay[bi] === 1 ? this.balancerDelay(bi, c, call) : 0;
    this.visit(b.candidateGlobal[c] as number, parent, call, attempt, ep, key, req, extra);
  }

  /** Balancer latency plus the balancer ↔ instance network both ways, added to the request leg. */
  private balancerDelay(bi: number, c: number, call: number): number {
    const spec = this.model.balancers[bi] as CompiledBalancer;
    const rng = this.callOwnerRng[call] as Rng;
    let d = spec.latency ? spec.latency.sample(rng) : 0;
    const net = spec.candidateNetwork?.[c] ?? null;
    if (net !== null) d += net.sample(rng) + net.sample(rng);
    return d;
  }

  /** Starts a visit of instance g. */
  private visit(
    g: number,
    parent: number,
    call: number,
    attempt: number,
    ep: number,
    key: number,
    req: number,
    extra: number,
  ): void {
    if (this.jFreeCount === 0) this.growJobs(this.jCap * 2);
    const j = this.jFree[--this.jFreeCount] as number;
    const st = this.instStation[g] as number;
    this.jParent[j] = parent;
    this.jCall[j] = call;
    this.jAttempt[j] = attempt;
    this.jEp[j] = ep;
    this.jKey[j] = key;
    this.jReq[j] = req;
    this.jInst[j] = g;
    this.jHandler[j] = this.handlerTable[st * this.nEndpoints + ep] as number;
    this.jGroup[j] = 0;
    this.jPending[j] = 0;
    this.jCause[j] = 0;
    this.jFlags[j] = 0;
    this.jTimer[j] = -1;
    this.jTr[j] = req >= 0 ? (this.rTr[req] as number) : 0;
    if (this.jTr[j] !== 0) this.tracer.log(T_BEGIN, j, call, st, this.now);
    if (parent !== PARENT_NONE && (this.callTimeout[call] as number) !== Infinity) this.armTimeout(j, call);
    if (extra > 0 || this.callNet[call] !== null) this.send(j, call, extra);
    else this.arrive(j);
  }

  /** The caller of visit j gives up after the call's timeout. */
  private armTimeout(j: number, call: number): void {
    this.jTimer[j] = this.q.push(this.now + (this.callTimeout[call] as number), P_TIMEOUT, EV_TIMEOUT, j, 0);
  }

  /** Visit j reaches its instance after `extra` seconds plus the call's network time. */
  private send(j: number, call: number, extra: number): void {
    const net = this.callNet[call] as Sampler | null;
    if (net !== null) {
      this.q.at = this.now + extra + net.sample(this.callOwnerRng[call] as Rng);
      this.q.pushAt(P_ARRIVE, EV_ARRIVE, j, 0);
    } else this.q.push(this.now + extra, P_ARRIVE, EV_ARRIVE, j, 0);
  }

  /** Accumulates the time integrals of station st up to now. */
  private touch(st: number): void {
    const dt = this.now - (this.stLast[st] as number);
    if (dt > 0) {
      const a = this.seg;
      const n = this.stInSys[st] as number;
      // an idle station only adds to its empty time (adding 0 × dt to the other sums changes nothing)
      if (n === 0) a.empty[st]! += dt;
      else {
        a.inSystem[st]! += n * dt;
        a.busy[st]! += (this.stBusy[st] as number) * dt;
        a.workers[st]! += (this.stWorkers[st] as number) * dt;
        const w = this.stWaiting[st] as number;
        if (w !== 0) a.waiting[st]! += w * dt;
      }
      this.stLast[st] = this.now;
    }
  }

  /**
   * A visit reaches its instance. The rare outcomes (dead instance, rate limit, shedding, a full
   * queue) are methods apart, so that this common path stays small enough for V8 to inline.
   */
  private arrive(j: number): void {
    if (this.jTr[j] !== 0) this.tracer.log(T_ARRIVE, j, 0, 0, this.now);
    const g = this.jInst[j] as number;
    const st = this.instStation[g] as number;
    this.touch(st);
    this.seg.arrivals[st]!++;
    if (this.failuresOn && this.iState[g] === S_DEAD) {
      this.refuseDead(j, st);
      return;
    }
    if (this.stRateLimited[st] === 1 && this.rateLimited(j, st)) return;
    if (this.shedOn && this.shedAtArrival(j, g, st)) return;
    if ((this.iWorkers[g] as number) < (this.stWorkersMax[st] as number)) {
      this.admit(j, g, st, F_ADMITTED | F_WORKER);
      this.iWorkers[g]!++;
      this.stWorkers[st]!++;
      this.startWork(j, g, st);
    } else if (this.workerQueue[g]!.size < (this.stQueueLimit[st] as number)) {
      this.admit(j, g, st, F_ADMITTED | F_WAITED);
      this.workerQueue[g]!.push(j);
      this.stWaiting[st]!++;
    } else this.overflow(j, st);
  }

  /** A dead instance the balancer has not taken out yet: connection refused. */
  private refuseDead(j: number, st: number): void {
    this.seg.failed[st]!++;
    this.jCause[j] = CAUSE_FAILED;
    this.respond(j);
  }

  /** Token-bucket rate limit at arrival (one bucket, or one per client drawn uniformly); true when refused (429). */
  private rateLimited(j: number, st: number): boolean {
    const rl = (this.stations[st] as CompiledStation).rateLimit!;
    const ct = this.clientTokens[st] as Float64Array | null;
    if (ct !== null) {
      const times = this.clientTime[st] as Float64Array;
      const k = (this.stErrRng[st] as Rng).nextInt(ct.length);
      const tokens = Math.min(rl.burst, (ct[k] as number) + (this.now - (times[k] as number)) * rl.rateRps);
      times[k] = this.now;
      if (tokens < 1) ct[k] = tokens;
      else {
        ct[k] = tokens - 1;
        return false;
      }
    } else {
      const tokens = Math.min(
        rl.burst,
        (this.stTokens[st] as number) + (this.now - (this.stTokenTime[st] as number)) * rl.rateRps,
      );
      this.stTokenTime[st] = this.now;
      if (tokens < 1) this.stTokens[st] = tokens;
      else {
        this.stTokens[st] = tokens - 1;
        return false;
      }
    }
    this.seg.rateLimited[st]!++;
    this.jCause[j] = CAUSE_RATE_LIMITED;
    this.respond(j);
    return true;
  }

  /** No worker free and the wait queue full: 503, or 429 where the station says so. */
  private overflow(j: number, st: number): void {
    const cause = (this.stations[st] as CompiledStation).overflowCause;
    if (cause === CAUSE_RATE_LIMITED) this.seg.rateLimited[st]!++;
    else this.seg.rejected[st]!++;
    this.jCause[j] = cause;
    this.respond(j);
  }

  private admit(j: number, g: number, st: number, flags: number): void {
    this.jFlags[j] = flags;
    this.jArrive[j] = this.now;
    this.iInSys[g]!++;
    this.stInSys[st]!++;
  }

  /** The visit holds a worker: it queues for a core or starts its work. */
  private startWork(j: number, g: number, st: number): void {
    const h = this.jHandler[j] as number;
    const work = h < 0 ? null : this.handlerWork[h];
    if (!work) {
      this.began(j, st);
      this.afterWork(j);
      return;
    }
    let w = work.sample(this.stWorkRng[st] as Rng);
    if (this.workAdj) w = this.adjustWork(j, g, st, w);
    const cores = this.stCores[st] as number;
    if (cores === Infinity || this.stPs[st] === 1) this.startShared(j, g, st, w);
    else if ((this.iBusy[g] as number) < cores) {
      this.iBusy[g]!++;
      this.stBusy[st]!++;
      this.began(j, st);
      this.q.at = this.now + w;
      this.q.pushAt(P_DONE, EV_WORK_DONE, j, 0);
    } else {
      this.jWork[j] = w;
      this.jFlags[j]! |= F_WAITED;
      this.cpuQueue[g]!.push(j);
      this.stWaiting[st]!++;
    }
  }

  /** Work of w seconds on unlimited cores, or processor-shared ones. */
  private startShared(j: number, g: number, st: number, w: number): void {
    this.began(j, st);
    if ((this.stCores[st] as number) === Infinity) {
      this.stBusy[st]!++;
      this.q.push(this.now + w, P_DONE, EV_WORK_DONE, j, 0);
    } else this.psAdd(g, st, j, w);
  }

  private began(j: number, st: number): void {
    const a = this.seg;
    a.started[st]!++;
    a.waitSum[st]! += this.now - (this.jArrive[j] as number);
    if ((this.jFlags[j] as number) & F_WAITED) a.waited[st]!++;
  }

  /** Load shedding: an arrival finding maxInFlight visits at its instance is refused (503); true when shed. */
  private shedAtArrival(j: number, g: number, st: number): boolean {
    if ((this.iInSys[g] as number) < (this.stShedInFlight[st] as number)) return false;
    this.seg.rejected[st]!++;
    this.seg.shed[st]!++;
    this.jCause[j] = CAUSE_REJECTED;
    this.respond(j);
    return true;
  }

  /** Load shedding: visits at the head of a wait queue that waited longer than maxQueueWaitMs fail with 503. */
  private shedStale(ring: IntRing, st: number): void {
    const max = this.stShedWait[st] as number;
    while (ring.size > 0 && this.now - (this.jArrive[ring.peek()] as number) > max) {
      const n = ring.shift();
      this.stWaiting[st]!--;
      this.seg.rejected[st]!++;
      this.seg.shed[st]!++;
      this.jCause[n] = CAUSE_REJECTED;
      this.complete(n);
    }
  }

  private onWorkDone(j: number): void {
    const g = this.jInst[j] as number;
    const st = this.instStation[g] as number;
    this.touch(st);
    if ((this.stCores[st] as number) === Infinity) {
      this.stBusy[st]!--;
    } else {
      const cq = this.cpuQueue[g] as IntRing;
      if (this.shedOn && cq.size > 0 && this.stShedWait[st] !== Infinity) this.shedStale(cq, st);
      if (cq.size > 0) {
        const n = cq.shift();
        this.stWaiting[st]!--;
        this.began(n, st);
        this.q.at = this.now + (this.jWork[n] as number);
        this.q.pushAt(P_DONE, EV_WORK_DONE, n, 0);
      } else {
        this.iBusy[g]!--;
        this.stBusy[st]!--;
      }
    }
    this.afterWork(j);
  }

  // processor sharing: each of n visits on an instance is served at rate min(1, cores/n)

  private psAdvance(g: number): void {
    const jobs = this.psJobs[g] as number[];
    const n = jobs.length;
    if (n > 0) {
      const cores = this.stCores[this.instStation[g] as number] as number;
      const served = (this.now - (this.psLast[g] as number)) * (n <= cores ? 1 : cores / n);
      const rem = this.psRem[g] as number[];
      for (let i = 0; i < n; i++) rem[i] = (rem[i] as number) - served;
    }
    this.psLast[g] = this.now;
  }

  private psSchedule(g: number): void {
    if ((this.psEvent[g] as number) >= 0) {
      this.q.cancel(this.psEvent[g] as number);
      this.psEvent[g] = -1;
    }
    const rem = this.psRem[g] as number[];
    const n = rem.length;
    if (n === 0) return;
    let m = Infinity;
    for (let i = 0; i < n; i++) if ((rem[i] as number) < m) m = rem[i] as number;
    const cores = this.stCores[this.instStation[g] as number] as number;
    const rate = n <= cores ? 1 : cores / n;
    this.psEvent[g] = this.q.push(this.now + Math.max(0, m) / rate, P_DONE, EV_PS_DONE, g, 0);
  }

  private psAdd(g: number, st: number, j: number, w: number): void {
    this.psAdvance(g);
    const jobs = this.psJobs[g] as number[];
    const cores = this.stCores[st] as number;
    if (jobs.length < cores) {
      this.iBusy[g]!++;
      this.stBusy[st]!++;
    }
    jobs.push(j);
    (this.psRem[g] as number[]).push(w);
    this.psSchedule(g);
  }

  private onPsDone(g: number): void {
    this.psEvent[g] = -1;
    const st = this.instStation[g] as number;
    this.touch(st);
    this.psAdvance(g);
    const jobs = this.psJobs[g] as number[];
    const rem = this.psRem[g] as number[];
    let k = 0;
    for (let i = 1; i < rem.length; i++) if ((rem[i] as number) < (rem[k] as number)) k = i;
    const j = jobs[k] as number;
    jobs.splice(k, 1);
    rem.splice(k, 1);
    if (jobs.length < (this.stCores[st] as number)) {
      this.iBusy[g]!--;
      this.stBusy[st]!--;
    }
    this.psSchedule(g);
    this.afterWork(j);
  }

  private afterWork(j: number): void {
    const g = this.jInst[j] as number;
    const st = this.instStation[g] as number;
    this.seg.localSum[st]! += this.now - (this.jArrive[j] as number);
    if (this.failuresOn && this.iState[g] === S_DEAD) {
      // the instance died during the work: the visit is lost
      this.jCause[j] = CAUSE_FAILED;
      this.complete(j);
      return;
    }
    const h = this.jHandler[j] as number;
    let p = h < 0 ? 0 : (this.handlerError[h] as number);
    if (this.errOn) p = 1 - (1 - p) * (1 - (this.stExtraErr[st] as number));
    if (p > 0 && (this.stErrRng[st] as Rng).next() < p) {
      this.jCause[j] = CAUSE_FAILED;
      this.complete(j);
      return;
    }
    const sp = this.stSpecial[st] as number;
    if (sp !== 0) {
      if (sp === SP_CACHE) this.cacheLookup(j, st);
      else this.publish(j, st);
      return;
    }
    this.nextGroup(j);
  }

  /** Runs the visit's next call groups until one has to wait for replies, or completes the visit. */
  private nextGroup(j: number): void {
    const h = this.jHandler[j] as number;
    if (h >= 0) {
      const groups = this.handlerGroups[h] as number[][];
      const st = this.instStation[this.jInst[j] as number] as number;
      while ((this.jGroup[j] as number) < groups.length) {
        const group = groups[this.jGroup[j] as number] as number[];
        this.jGroup[j]!++;
        if (this.jTr[j] !== 0) this.tracer.log(T_GROUP, j, 0, 0, this.now);
        // +1 guard: replies that arrive while the group is being sent cannot finish it early
        this.jPending[j]!++;
        for (let i = 0; i < group.length; i++) {
          let call = group[i] as number;
          if (call < 0) {
            call = this.choose(h, -call - 1, st);
            if (call < 0) continue;
          }
          const prob = this.callProb[call] as number;
          if (prob < 1 && (this.stCallRng[st] as Rng).next() >= prob) continue;
          if (this.callSync[call] === 1) {
            this.jPending[j]!++;
            this.spawn(j, call, 0, this.jEp[j] as number, this.jKey[j] as number, this.jReq[j] as number);
          } else this.spawnAsync(j, call);
        }
        if (--this.jPending[j]! > 0) return;
        if (this.jCause[j] !== 0) break;
      }
    }
    this.complete(j);
  }

  /** An async call of visit j: nobody waits for its reply. */
  private spawnAsync(j: number, call: number): void {
    this.spawn(PARENT_NONE, call, 0, this.jEp[j] as number, this.jKey[j] as number, -1);
  }

  /** One call of choice c of handler h by its cumulative probabilities (station st's call stream), or -1 for none. */
  private choose(h: number, c: number, st: number): number {
    const ch = (this.handlerChoices[h] as CompiledHandler['choices'])[c]!;
    const u = (this.stCallRng[st] as Rng).next();
    for (let i = 0; i < ch.calls.length; i++)
      if (u < (ch.cumulative[i] as number)) return ch.calls[i] as number;
    return -1;
  }

  /** The visit is over (work and calls done, or failed): free its worker and answer its caller. */
  private complete(j: number): void {
    const flags = this.jFlags[j] as number;
    let hk = 0;
    let hst = 0;
    let hg = 0;
    let sojourn = 0;
    if (flags & F_ADMITTED) {
      const g = this.jInst[j] as number;
      const st = this.instStation[g] as number;
      hk = this.stHook[st] as number;
      hst = st;
      hg = g;
      this.touch(st);
      if (flags & F_WORKER) {
        const wq = this.workerQueue[g] as IntRing;
        if (this.shedOn && wq.size > 0 && this.stShedWait[st] !== Infinity) this.shedStale(wq, st);
        if (wq.size > 0) {
          const n = wq.shift();
          this.stWaiting[st]!--;
          this.jFlags[n]! |= F_WORKER;
          this.startWork(n, g, st);
        } else {
          this.iWorkers[g]!--;
          this.stWorkers[st]!--;
        }
      }
      this.iInSys[g]!--;
      this.stInSys[st]!--;
      const a = this.seg;
      a.done[st]!++;
      sojourn = this.now - (this.jArrive[j] as number);
      a.sojournSum[st]! += sojourn;
      if (this.jCause[j] !== 0) a.failed[st]!++;
    }
    if (flags & (F_FETCH | F_WRITE)) this.cacheVisitDone(j, flags);
    else this.respond(j);
    if (hk !== 0) this.onHook(hk, hst, hg, sojourn);
  }

  /** A key-cache fetch or write answers its caller, then fills, drops or stores its key. */
  private cacheVisitDone(j: number, flags: number): void {
    const st = this.instStation[this.jInst[j] as number] as number;
    const k = this.jKey[j] as number;
    const key = this.cacheKey(this.jEp[j] as number, k);
    const cause = this.jCause[j] as number;
    this.respond(j);
    if (flags & F_FETCH) this.fetchDone(st, key, cause);
    else if (cause === 0) this.cacheWrite(st, k);
  }

  private respond(j: number): void {
    if (this.jTr[j] !== 0) this.tracer.log(T_RESPOND, j, 0, 0, this.now);
    if (this.jParent[j] === PARENT_NONE) {
      if ((this.jTimer[j] as number) >= 0) this.q.cancel(this.jTimer[j] as number);
      this.freeJob(j);
      return;
    }
    const call = this.jCall[j] as number;
    const net = this.callNet[call] as Sampler | null;
    if (net !== null) {
      this.q.at = this.now + net.sample(this.callOwnerRng[call] as Rng);
      this.q.pushAt(P_DONE, EV_RESPONSE, j, 0);
    } else this.deliver(j);
  }

  /** A reply reaches its caller. */
  private deliver(j: number): void {
    const timer = this.jTimer[j] as number;
    if (timer >= 0) this.q.cancel(timer);
    const p = this.jParent[j] as number;
    const cause = this.jCause[j] as number;
    const call = this.jCall[j] as number;
    const attempt = this.jAttempt[j] as number;
    const req = this.jReq[j] as number;
    if (this.jTr[j] !== 0)
      this.tracer.log(
        T_DELIVER,
        j,
        p >= 0 && this.jTr[p] !== 0 ? p : -1,
        p === PARENT_ROOT ? req : -1,
        this.now,
      );
    this.freeJob(j);
    if (p !== PARENT_NONE) {
      if (this.callFlags[call]! & CF_BREAKER) (this.breakers[call] as Breaker).record(this.now, cause !== 0);
      this.branchResult(p, call, attempt, cause, req);
    }
  }

  private onTimeout(j: number): void {
    this.jTimer[j] = -1;
    const p = this.jParent[j] as number;
    // the visit carries on downstream; only its reply is ignored
    this.jParent[j] = PARENT_NONE;
    const call = this.jCall[j] as number;
    if (this.callFlags[call]! & CF_BREAKER) (this.breakers[call] as Breaker).record(this.now, true);
    this.branchResult(
      p,
      this.jCall[j] as number,
      this.jAttempt[j] as number,
      CAUSE_TIMEOUT,
      this.jReq[j] as number,
    );
  }

  private backoff(r: RetryPolicy, attempt: number, rng: Rng): number {
    const d = Math.min(r.maxBackoffS, r.backoffS * Math.pow(r.multiplier, attempt - 1));
    if (r.jitter === 1) return d * rng.next();
    if (r.jitter === 2) return d / 2 + (d / 2) * rng.next();
    return d;
  }

  private branchResult(p: number, call: number, attempt: number, cause: number, req: number): void {
    if (cause !== 0 && this.callRetry[call] !== null && this.retried(p, call, attempt, cause, req)) return;
    if (p === PARENT_ROOT) {
      this.finishRequest(req, cause);
      return;
    }
    if (p < PARENT_NONE) {
      this.messageResult(-p - 3, cause);
      return;
    }
    if (cause !== 0 && this.jCause[p] === 0) this.jCause[p] = cause;
    if (--this.jPending[p]! === 0) {
      if (this.jCause[p] !== 0) this.complete(p);
      else this.nextGroup(p);
    }
  }

  /** A failed attempt is retried after its backoff when the call's policy and budget allow; true if so. */
  private retried(p: number, call: number, attempt: number, cause: number, req: number): boolean {
    const r = this.callRetry[call] as RetryPolicy;
    if (
      attempt < r.retries &&
      (r.retryOnMask & (1 << cause)) !== 0 &&
      (!(this.callFlags[call]! & CF_BUDGET) || this.withdraw(call))
    ) {
      const delay = this.backoff(r, attempt + 1, this.callOwnerRng[call] as Rng);
      if (p === PARENT_ROOT) this.q.push(this.now + delay, P_ARRIVE, EV_ROOT_RETRY, req, attempt + 1);
      else this.q.push(this.now + delay, P_ARRIVE, EV_RETRY, p, call * 256 + attempt + 1);
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- scaling and resilience: setup

  private initFeatures(rng: (id: string, purpose: string) => Rng, nInst: number): void {
    const m = this.model;
    const ns = this.stations.length;
    const nc = this.calls.length;
    this.callFlags = new Uint8Array(nc);
    this.callCut = new Uint8Array(nc);
    this.breakers = this.calls.map((c, i) => {
      if (c.breaker === null) return null;
      this.callFlags[i]! |= CF_BREAKER;
      return new Breaker(c.breaker);
    });
    this.budgets = this.calls.map((c, i) => {
      if (c.budgetPercent === null || c.retry === null) return null;
      this.callFlags[i]! |= CF_BUDGET;
      return new RetryBudget(c.budgetPercent);
    });
    this.stRoute = new Uint8Array(ns);
    this.stSpecial = new Uint8Array(ns);
    this.stHook = new Uint8Array(ns);
    this.stSlow = new Float64Array(ns).fill(1);
    this.stExtraErr = new Float64Array(ns);
    this.iState = new Uint8Array(nInst).fill(S_SERVING);
    this.iLbRoutable = new Uint8Array(nInst).fill(1);
    this.iCold = new Uint8Array(nInst);
    this.iDetect = new Int32Array(nInst).fill(-1);
    this.pools = this.stations.map(() => null);
    this.caches = this.stations.map(() => null);
    this.cacheNodes = this.stations.map(() => null);
    this.stShedInFlight = Float64Array.from(this.stations, (s) => s.shedding?.maxInFlight ?? Infinity);
    this.stShedWait = Float64Array.from(this.stations, (s) => s.shedding?.maxWaitS ?? Infinity);
    this.shedOn = this.stations.some((s) => s.shedding !== undefined);
    this.queues = this.stations.map(() => null);
    this.dbs = this.stations.map(() => null);
    this.serverless = this.stations.map(() => null);
    this.feeds = this.stations.map(() => []);
    this.detect = this.stations.map(() => null);
    this.failRng = this.stations.map((s) => rng(s.id, 'failures'));
    this.killedBy = m.failures.map(() => []);
    this.clientTokens = this.stations.map(() => null);
    this.clientTime = this.stations.map(() => null);
    this.scalerOf = new Int32Array(ns).fill(-1);
    this.breakerWin = new Float64Array(nc);
    this.breakerTot = new Float64Array(nc);
    this.budgetDeniedTot = new Float64Array(nc);

    const kills = m.failures.some((f) => f.type === 'kill' || f.type === 'killZone' || f.type === 'failover');
    this.failuresOn = kills || m.randomFailures.length > 0;
    for (const f of m.failures)
      if (f.type === 'slowdown') this.workAdj = true;
      else if (f.type === 'errorRate') this.errOn = true;
      else if (f.type === 'cut') for (const c of f.calls) this.callFlags[c]! |= CF_CUT;
    m.autoscalers.forEach((a, i) => (this.scalerOf[a.station] = i));

    this.stations.forEach((s, st) => {
      if (s.rateLimit && s.rateLimitClients !== undefined) {
        this.clientTokens[st] = new Float64Array(s.rateLimitClients).fill(s.rateLimit.burst);
        this.clientTime[st] = new Float64Array(s.rateLimitClients);
      }
      if (s.cacheNodes) {
        const n = s.cacheNodes.nodes;
        const serviceS = s.cacheNodes.serviceS;
        this.cacheNodes[st] = {
          ring:
            n > 1
              ? new HashRing(
                  Array.from({ length: n }, (_, k) => `${s.id}#${k}`),
                  new Array<number>(n).fill(RING_POINTS),
                )
              : null,
          up: new Uint8Array(n).fill(1),
          free: new Float64Array(n),
          serviceS,
        };
        if (serviceS > 0) {
          this.workAdj = true;
          if (n > 1) this.needKeys = true;
        }
      }
      if (s.cache) {
        const c = s.cache;
        const per = Math.ceil(c.capacity / c.nodes);
        const hb = this.stHandlerBase[st] as number;
        const lookupEps: number[] = [];
        for (let e = 0; e < this.nEndpoints; e++)
          if (s.handlerByEndpoint[e] === c.lookupHandler) lookupEps.push(e);
        this.caches[st] = {
          stores: Array.from({ length: c.nodes }, () => new KeyStore(per, c.policy, c.ttlS)),
          nodes: this.cacheNodes[st] as NodesRt,
          pending: c.coalescing ? new Map() : null,
          lookupHandler: hb + c.lookupHandler,
          writeHandler: c.writeHandler < 0 ? -1 : hb + c.writeHandler,
          writeThrough: c.writeThrough,
          lookupEps: Int32Array.from(lookupEps),
        };
        this.stSpecial[st] = SP_CACHE;
        this.needKeys = true;
        if (c.warm) this.warmCache(st);
      }
      if (s.queue) {
        const q = s.queue;
        this.queues[st] = {
          fifo: new IntRing(),
          consumer: q.consumer,
          maxDepth: q.maxDepth,
          maxAttempts: q.maxAttempts,
          delivery: q.delivery,
          deliverCall: q.deliverCall,
          rng: rng(s.id, 'delivery'),
          inDelivery: 0,
          partitions: q.partitions,
          activeOn: new Int32Array(
            q.partitions === Infinity ? 0 : (this.stations[q.consumer] as CompiledStation).instances,
          ),
          activeInstances: 0,
          consumerBase: this.instanceBase[q.consumer] as number,
          lag: 0,
          lagLast: 0,
          lagArea: 0,
          lagWinArea: 0,
          lagTotArea: 0,
          lagWinMax: 0,
          lagTotMax: 0,
          ageWin: new Histogram(),
          ageTot: new Histogram(),
          e2eTot: new Histogram(),
        };
        this.stSpecial[st] = SP_QUEUE;
        this.stHook[q.consumer]! |= HK_CONSUMER;
        this.feeds[q.consumer]!.push(st);
      }
      let route = 0;
      if (s.serverless) route = ROUTE_SERVERLESS;
      else if (s.database && (s.instances > 1 || this.failuresOn)) route = ROUTE_DB;
      else if (s.kind === 'service' && (this.scalerOf[st] !== -1 || this.failuresOn)) route = ROUTE_POOL;
      if (route === 0) return;
      this.stRoute[st] = route;
      const base = this.instanceBase[st] as number;
      this.iState.fill(S_OFF, base, base + s.instances);
      this.iLbRoutable.fill(0, base, base + s.instances);
      const pool = new Pool(base, s.instances, this.iState);
      this.pools[st] = pool;
      this.stHook[st]! |= HK_POOL;
      if (route === ROUTE_SERVERLESS) {
        const sv = s.serverless!;
        const rt: ServerlessRt = {
          idle: new IntRing(),
          provIdle: new IntRing(),
          free: new Int32Array(s.instances),
          nFree: 0,
          idleSince: new Float64Array(s.instances),
          provisioned: sv.provisioned,
          idleS: sv.idleS,
          coldStart: sv.coldStart,
          memoryGb: sv.memoryMb / 1024,
          rng: rng(s.id, 'cold-start'),
        };
        for (let k = s.instances - 1; k >= sv.provisioned; k--) rt.free[rt.nFree++] = k;
        for (let k = 0; k < sv.provisioned; k++) {
          pool.set(k, S_SERVING, 0);
          rt.provIdle.push(k);
        }
        this.serverless[st] = rt;
        this.stHook[st]! |= HK_SERVERLESS;
        this.workAdj = true;
        return;
      }
      const a = this.scalerOf[st] as number;
      const initial = a >= 0 ? (m.autoscalers[a] as CompiledAutoscaler).initial : s.instances;
      for (let k = 0; k < initial; k++) {
        pool.set(k, S_SERVING, 0);
        this.iLbRoutable[base + k] = 1;
      }
      if (route === ROUTE_DB) {
        const d = s.database!;
        this.dbs[st] = {
          shards: d.shards,
          perShard: d.replicas + 1,
          readsOnPrimary: d.readsOnPrimary,
          lag: d.replicas > 0 ? d.lag : null,
          failoverS: d.failoverS,
          primaryOf: new Int32Array(d.shards),
          failing: new Uint8Array(d.shards),
          promoting: new Uint8Array(d.shards),
          rr: new Int32Array(d.shards),
          lastWrite: d.replicas > 0 && d.lag !== null ? new Map() : null,
          rng: rng(s.id, 'queries'),
        };
        if (d.shards > 1 || this.dbs[st]!.lastWrite !== null) this.needKeys = true;
      }
    });
    this.needMask = this.stRoute.some((r) => r !== 0);
    const stationOf = new Map(this.stations.map((s, i) => [s.id, i]));
    this.breakerCalls = this.stations.map(() => []);
    this.budgetCalls = this.stations.map(() => []);
    this.calls.forEach((c, i) => {
      const st = stationOf.get(c.from);
      if (st === undefined) return;
      if (this.breakers[i] !== null) this.breakerCalls[st]!.push(i);
      if (this.budgets[i] !== null) this.budgetCalls[st]!.push(i);
    });
    for (const b of m.balancers)
      if (b.healthCheck)
        for (const st of b.candidateStation) if (this.detect[st] === null) this.detect[st] = b.healthCheck;
    this.scalers = m.autoscalers.map((spec) => {
      const st = spec.station;
      this.stHook[st]! |= spec.metric === METRIC_P95 ? HK_P95 : 0;
      return {
        spec,
        min: spec.min,
        max: spec.max,
        lastT: 0,
        lastBusy: 0,
        lastArrivals: 0,
        lastWaiting: 0,
        lastServing: 0,
        meanServing: 0,
        lastOut: -Infinity,
        lastIn: -Infinity,
        recs: [],
        recT: [],
        hist: new Histogram(),
        queues: this.feeds[st] as number[],
        delayed: [],
      };
    });
    const np = this.stations.length;
    this.winServing = new Float64Array(np);
    this.winBilledMax = new Float64Array(np);
    this.totServing = new Float64Array(np);
    this.totBilled = new Float64Array(np);
    this.totWarming = new Float64Array(np);
    this.totBilledMax = new Float64Array(np);
  }

  /** Events of autoscalers, scripted and random failures. */
  private startFeatures(): void {
    const m = this.model;
    this.scalers.forEach((sc, i) => {
      this.q.push(sc.spec.periodS, P_ARRIVE, EV_SCALE, i, 0);
      sc.spec.actions.forEach((a, k) => this.q.push(a.atS, P_ARRIVE, EV_SCHEDULED, i, k));
      // bring the pool within [min, max] at once
      this.q.push(0, P_ARRIVE, EV_SCHEDULED, i, -1);
    });
    m.failures.forEach((f, i) => {
      this.q.push(f.atS, P_ARRIVE, EV_FAILURE, i, 0);
      if ('endS' in f && Number.isFinite(f.endS)) this.q.push(f.endS, P_ARRIVE, EV_FAILURE, i, 1);
    });
    m.randomFailures.forEach((r, i) => {
      const st = r.station;
      const n = (this.stations[st] as CompiledStation).instances;
      for (let k = 0; k < n; k++)
        this.q.push(
          this.expSample(r.mttfS, this.failRng[st] as Rng),
          P_ARRIVE,
          EV_RANDOM_FAIL,
          (this.instanceBase[st] as number) + k,
          i,
        );
    });
  }

  /** A warm cache starts with the most popular keys (endpoint share × key popularity). */
  private warmCache(st: number): void {
    const c = this.caches[st] as CacheRt;
    const s = this.stations[st] as CompiledStation;
    const eps = this.model.endpoints
      .map((e, i) => ({ e, i }))
      .filter(({ i }) => s.handlerByEndpoint[i] === s.cache!.lookupHandler);
    const capacity = s.cache!.capacity;
    const weight = eps.map(({ e }) => {
      const src = this.sources[e.source] as CompiledSource;
      const rate = src.open ? (src.open.profile.segments[0]?.fromRps ?? 1) : (src.closed?.users ?? 1);
      return rate * e.share;
    });
    // k-way merge of the endpoints' keys by popularity (Zipf ranks are in decreasing popularity)
    const norm = eps.map(({ e }) => {
      if (e.zipf === null) return 1 / e.keys;
      let h = 0;
      for (let r = 1; r <= e.keys; r++) h += Math.pow(r, -e.zipf.s);
      return 1 / h;
    });
    const next = eps.map(() => 0);
    const picked: number[] = [];
    while (picked.length < capacity) {
      let best = -1;
      let bestP = -1;
      eps.forEach(({ e }, k) => {
        const r = next[k] as number;
        if (r >= e.keys) return;
        const p =
          (weight[k] as number) * (norm[k] as number) * (e.zipf === null ? 1 : Math.pow(r + 1, -e.zipf.s));
        if (p > bestP) {
          bestP = p;
          best = k;
        }
      });
      if (best < 0) break;
      picked.push(this.cacheKey(eps[best]!.i, next[best] as number));
      next[best]!++;
    }
    // least popular first, so that the most popular are the most recent
    for (let i = picked.length - 1; i >= 0; i--) {
      const key = picked[i] as number;
      const store = c.stores[this.cacheNode(c.nodes, key)] as KeyStore;
      if (store.size < store.capacity) store.fill(key, 0);
    }
  }

  private cacheKey(ep: number, key: number): number {
    return key * 512 + ep;
  }

  /** Node holding a cache key: its owner on the ring, or the next live one (-1: every node is dead). */
  private cacheNode(nr: NodesRt, key: number): number {
    if (nr.ring === null) return nr.up[0] === 1 ? 0 : -1;
    return nr.ring.lookupUp(hashInt((key % 4294967296) | 0), nr.up);
  }

  /** Throughput limit: the operation of visit j waits for its node (FIFO, 1/maxRpsPerNode s each). */
  private nodeWait(nr: NodesRt, j: number): number {
    const node = this.cacheNode(nr, this.cacheKey(this.jEp[j] as number, this.jKey[j] as number));
    if (node < 0) return 0;
    const start = Math.max(this.now, nr.free[node] as number);
    nr.free[node] = start + nr.serviceS;
    return start - this.now;
  }

  // ---------------------------------------------------------------- routing of pools

  /** Instance of a changing pool for a direct call, or −cause when none can take it. */
  private route(st: number, ep: number, key: number): number {
    const r = this.stRoute[st] as number;
    if (r === ROUTE_POOL) {
      const g = (this.pools[st] as Pool).next();
      return g < 0 ? -CAUSE_REJECTED : g;
    }
    if (r === ROUTE_DB) return this.routeDb(st, ep, key);
    return this.routeServerless(st);
  }

  private routeDb(st: number, ep: number, key: number): number {
    const d = this.dbs[st] as DbRt;
    const shard = d.shards > 1 ? (hashInt(key) >>> 0) % d.shards : 0;
    const h = this.handlerTable[st * this.nEndpoints + ep] as number;
    const wf = h < 0 ? 0 : (this.handlerWrite[h] as number);
    const base = (this.instanceBase[st] as number) + shard * d.perShard;
    const prim = d.primaryOf[shard] as number;
    if (wf > 0 && (wf >= 1 || d.rng.next() < wf)) {
      if (d.failing[shard] === 1 || this.iState[base + prim] !== S_SERVING) return -CAUSE_FAILED;
      if (d.lastWrite !== null) d.lastWrite.set(key, this.now);
      return base + prim;
    }
    const n = d.perShard;
    const start = d.rr[shard] as number;
    for (let t = 0; t < n; t++) {
      const k = (start + t) % n;
      if (k === prim && !d.readsOnPrimary && n > 1) continue;
      if (this.iState[base + k] !== S_SERVING) continue;
      d.rr[shard] = (k + 1) % n;
      if (k !== prim && d.lag !== null) this.replicaRead(st, d, ep, key);
      return base + k;
    }
    // no replica serves: the primary takes reads as a last resort
    if (this.iState[base + prim] === S_SERVING) return base + prim;
    return -CAUSE_FAILED;
  }

  /** A read on a replica: stale when the key was written less than a (sampled) lag ago. */
  private replicaRead(st: number, d: DbRt, ep: number, key: number): void {
    const lag = (d.lag as Sampler).sample(d.rng);
    const a = this.seg;
    a.replicaReads[st]!++;
    a.lagSum[st]! += lag;
    const w = d.lastWrite?.get(key);
    if (w !== undefined && this.now - w < lag) a.staleReads[st]!++;
  }

  private routeServerless(st: number): number {
    const sv = this.serverless[st] as ServerlessRt;
    const pool = this.pools[st] as Pool;
    this.reclaim(st, sv, pool);
    if (sv.provIdle.size > 0) return pool.base + sv.provIdle.pop();
    if (sv.idle.size > 0) return pool.base + sv.idle.pop();
    if (sv.nFree === 0) return -CAUSE_RATE_LIMITED;
    const slot = sv.free[--sv.nFree] as number;
    pool.touch(this.now);
    pool.set(slot, S_SERVING, this.now);
    this.iCold[pool.base + slot] = 1;
    this.seg.coldStarts[st]!++;
    return pool.base + slot;
  }

  /** Reclaims environments idle for longer than the keep-alive. */
  private reclaim(st: number, sv: ServerlessRt, pool: Pool): void {
    const idle = sv.idle;
    while (idle.size > 0 && (sv.idleSince[idle.peek()] as number) + sv.idleS <= this.now) {
      const slot = idle.shift();
      pool.touch(this.now);
      pool.set(slot, S_OFF, this.now);
      sv.free[sv.nFree++] = slot;
    }
    void st;
  }

  /** Work time adjusted by a slowdown, a serverless cold start and a cache node's queue. */
  private adjustWork(j: number, g: number, st: number, w: number): number {
    w *= this.stSlow[st] as number;
    if (this.iCold[g] === 1) {
      this.iCold[g] = 0;
      w += (this.serverless[st] as ServerlessRt).coldStart.sample((this.serverless[st] as ServerlessRt).rng);
    }
    const nr = this.cacheNodes[st] as NodesRt | null;
    if (nr !== null && nr.serviceS > 0) w += this.nodeWait(nr, j);
    return w;
  }

  /** A visit at a hooked station finished (after its reply was sent). */
  private onHook(hk: number, st: number, g: number, sojourn: number): void {
    if (hk & HK_P95) (this.scalers[this.scalerOf[st] as number] as ScalerRt).hist.record(sojourn);
    if (hk & HK_SERVERLESS) {
      const sv = this.serverless[st] as ServerlessRt;
      const slot = g - (this.instanceBase[st] as number);
      if (this.iState[g] === S_SERVING && (this.iWorkers[g] as number) === 0) {
        if (slot < sv.provisioned) sv.provIdle.push(slot);
        else {
          sv.idleSince[slot] = this.now;
          sv.idle.push(slot);
        }
      }
    }
    if (hk & HK_POOL && this.iState[g] === S_DRAINING && (this.iInSys[g] as number) === 0) this.endDrain(g);
    if (hk & HK_CONSUMER && this.iState[g] === S_SERVING) {
      const feeds = this.feeds[st] as number[];
      for (let i = 0; i < feeds.length; i++) {
        const qst = feeds[i] as number;
        const q = this.queues[qst] as QueueRt;
        while (
          q.fifo.size > 0 &&
          (this.iWorkers[g] as number) < (this.stWorkersMax[st] as number) &&
          this.canConsume(q, g)
        )
          this.pull(qst, q, g);
      }
    }
  }

  // ---------------------------------------------------------------- caches

  /** After the lookup latency: a hit answers; a miss fetches (or waits on a fetch of the same key). */
  private cacheLookup(j: number, st: number): void {
    const c = this.caches[st] as CacheRt;
    const h = this.jHandler[j] as number;
    if (h !== c.lookupHandler) {
      if (h === c.writeHandler) this.jFlags[j]! |= F_WRITE;
      this.nextGroup(j);
      return;
    }
    const key = this.cacheKey(this.jEp[j] as number, this.jKey[j] as number);
    const node = this.cacheNode(c.nodes, key);
    const a = this.seg;
    a.lookups[st]!++;
    if (node >= 0 && (c.stores[node] as KeyStore).lookup(key, this.now)) {
      a.hits[st]!++;
      this.complete(j);
      return;
    }
    if (c.pending !== null) {
      const waiters = c.pending.get(key);
      if (waiters !== undefined) {
        waiters.push(j);
        a.coalesced[st]!++;
        return;
      }
      c.pending.set(key, []);
    }
    this.jFlags[j]! |= F_FETCH;
    this.nextGroup(j);
  }

  /** A miss's fetch came back: fill on success and answer the coalesced waiters. */
  private fetchDone(st: number, key: number, cause: number): void {
    const c = this.caches[st] as CacheRt;
    if (cause === 0) {
      const node = this.cacheNode(c.nodes, key);
      if (node >= 0) (c.stores[node] as KeyStore).fill(key, this.now);
    }
    if (c.pending !== null) {
      const waiters = c.pending.get(key);
      c.pending.delete(key);
      if (waiters !== undefined)
        for (const w of waiters) {
          this.jCause[w] = cause;
          this.complete(w);
        }
    }
  }

  /** A write of request key k succeeded: drop (invalidate) or store (writeThrough) k for every cached endpoint. */
  private cacheWrite(st: number, k: number): void {
    const c = this.caches[st] as CacheRt;
    this.seg.cacheWrites[st]!++;
    const eps = c.lookupEps;
    for (let i = 0; i < eps.length; i++) {
      const key = this.cacheKey(eps[i] as number, k);
      const node = this.cacheNode(c.nodes, key);
      if (node < 0) continue;
      const store = c.stores[node] as KeyStore;
      if (c.writeThrough) store.fill(key, this.now);
      else store.drop(key);
    }
  }

  /** killInstances on a cache: nodes die with their keys (their keys move along the ring) and come back empty. */
  private killCacheNodes(st: number, nr: NodesRt, failure: number, end: boolean, count: number): void {
    const killed = this.killedBy[failure] as number[];
    if (end) {
      for (const k of killed) nr.up[k] = 1;
      killed.length = 0;
      return;
    }
    const c = this.caches[st] as CacheRt;
    for (let k = 0; k < nr.up.length && count > 0; k++)
      if (nr.up[k] === 1) {
        nr.up[k] = 0;
        (c.stores[k] as KeyStore).clear();
        killed.push(k);
        count--;
      }
  }

  // ---------------------------------------------------------------- queues

  /** After the publish latency: ack the producer, and the message goes on its way to the queue. */
  private publish(j: number, st: number): void {
    const q = this.queues[st] as QueueRt;
    if (q.fifo.size + q.inDelivery >= q.maxDepth) {
      this.jCause[j] = CAUSE_REJECTED;
      this.seg.rejected[st]!++;
      this.complete(j);
      return;
    }
    const m = this.allocJob();
    this.jParent[m] = PARENT_NONE;
    this.jCall[m] = q.deliverCall;
    this.jAttempt[m] = 0;
    this.jEp[m] = this.jEp[j] as number;
    this.jKey[m] = this.jKey[j] as number;
    this.jReq[m] = -1;
    this.jInst[m] = this.jInst[j] as number;
    this.jHandler[m] = -1;
    this.jGroup[m] = 0;
    this.jPending[m] = 0;
    this.jCause[m] = 0;
    this.jFlags[m] = 0;
    this.jTimer[m] = -1;
    this.jArrive[m] = this.now;
    this.seg.published[st]!++;
    this.lagChange(q, 1);
    this.complete(j);
    if (q.delivery !== null) {
      q.inDelivery++;
      this.q.push(this.now + q.delivery.sample(q.rng), P_ARRIVE, EV_MSG_VISIBLE, m, 0);
    } else this.enqueue(st, m);
  }

  private enqueue(st: number, m: number): void {
    const q = this.queues[st] as QueueRt;
    this.touch(st);
    q.fifo.push(m);
    this.stWaiting[st]!++;
    this.stInSys[st]!++;
    this.dispatchQueue(st, q);
  }

  /** Hands waiting messages to free workers of the consumer pool. */
  private dispatchQueue(st: number, q: QueueRt): void {
    const c = q.consumer;
    const max = this.stWorkersMax[c] as number;
    const pool = this.pools[c] as Pool | null;
    while (q.fifo.size > 0) {
      let g = -1;
      if (pool === null) {
        const base = this.instanceBase[c] as number;
        const n = this.stInstances[c] as number;
        for (let k = 0; k < n; k++)
          if ((this.iWorkers[base + k] as number) < max && this.canConsume(q, base + k)) {
            g = base + k;
            break;
          }
      } else if (this.stRoute[c] === ROUTE_SERVERLESS) {
        // an environment holds one message: every partition is taken once that many consume
        if (q.activeInstances >= q.partitions) return;
        g = this.routeServerless(c);
      } else {
        const n = pool.nServing;
        for (let t = 0; t < n; t++) {
          const k = pool.base + (pool.serving[(pool.rr + t) % n] as number);
          if ((this.iWorkers[k] as number) < max && this.canConsume(q, k)) {
            g = k;
            pool.rr = (pool.rr + t + 1) % n;
            break;
          }
        }
      }
      if (g < 0) return;
      this.pull(st, q, g);
    }
  }

  /** Consumer instance g may take a message: a partition is unassigned, or g already consumes one. */
  private canConsume(q: QueueRt, g: number): boolean {
    return (
      q.partitions === Infinity ||
      (q.activeOn[g - q.consumerBase] as number) > 0 ||
      q.activeInstances < q.partitions
    );
  }

  /** The oldest message goes to a free worker of instance g. */
  private pull(st: number, q: QueueRt, g: number): void {
    const m = q.fifo.shift();
    if (q.partitions !== Infinity) {
      if (q.activeOn[g - q.consumerBase]!++ === 0) q.activeInstances++;
      // a message job runs no call groups: jGroup keeps its consumer instance
      this.jGroup[m] = g;
    }
    this.touch(st);
    this.stWaiting[st]!--;
    this.stInSys[st]!--;
    const age = this.now - (this.jArrive[m] as number);
    q.ageWin.record(age);
    if (this.measuring) q.ageTot.record(age);
    this.visit(g, -(m + 3), q.deliverCall, 0, this.jEp[m] as number, this.jKey[m] as number, -1, 0);
  }

  /** A consumer finished a message: done, redelivered, or dead-lettered. */
  private messageResult(m: number, cause: number): void {
    const st = this.instStation[this.jInst[m] as number] as number;
    const q = this.queues[st] as QueueRt;
    if (q.partitions !== Infinity && --q.activeOn[(this.jGroup[m] as number) - q.consumerBase]! === 0)
      q.activeInstances--;
    if (cause === 0) {
      this.seg.consumed[st]!++;
      this.lagChange(q, -1);
      if (this.measuring) q.e2eTot.record(this.now - (this.jArrive[m] as number));
      this.freeJob(m);
    } else if (++this.jAttempt[m]! < q.maxAttempts) {
      this.seg.redelivered[st]!++;
      this.enqueue(st, m);
      return;
    } else {
      this.seg.deadLettered[st]!++;
      this.lagChange(q, -1);
      this.freeJob(m);
    }
    // a partition may have come free: another instance may take the next message
    if (q.partitions !== Infinity && q.fifo.size > 0 && q.activeInstances < q.partitions)
      this.dispatchQueue(st, q);
  }

  /** Consumer lag changes by d messages (time integral and maxima kept up to now). */
  private lagChange(q: QueueRt, d: number): void {
    q.lagArea += q.lag * (this.now - q.lagLast);
    q.lagLast = this.now;
    q.lag += d;
    if (q.lag > q.lagWinMax) q.lagWinMax = q.lag;
    if (this.measuring && q.lag > q.lagTotMax) q.lagTotMax = q.lag;
  }

  // ---------------------------------------------------------------- circuit breakers, budgets, cut calls

  /** 0 when call may go out; else the cause that refuses it at once. */
  private gate(call: number, attempt: number): number {
    const f = this.callFlags[call] as number;
    if (f & CF_CUT && this.callCut[call] === 1) return CAUSE_FAILED;
    if (f & CF_BUDGET && attempt === 0) (this.budgets[call] as RetryBudget).deposit();
    if (f & CF_BREAKER && !(this.breakers[call] as Breaker).allow(this.now)) return CAUSE_CIRCUIT_OPEN;
    return 0;
  }

  /** A call fails before reaching a station (breaker open, cut, no instance): the caller learns at once. */
  private refuse(
    parent: number,
    call: number,
    attempt: number,
    cause: number,
    req: number,
    own: boolean,
  ): void {
    if (!own && this.callFlags[call]! & CF_BREAKER) (this.breakers[call] as Breaker).record(this.now, true);
    if (parent !== PARENT_NONE) this.branchResult(parent, call, attempt, cause, req);
  }

  // ---------------------------------------------------------------- instances: scaling and failures

  private killInstance(g: number, failure: number): boolean {
    const st = this.instStation[g] as number;
    const pool = this.pools[st] as Pool | null;
    if (pool === null) return false;
    const slot = g - pool.base;
    const state = this.iState[g] as number;
    if (state === S_OFF || state === S_DEAD) return false;
    pool.touch(this.now);
    if ((pool.timer[slot] as number) >= 0) {
      this.q.cancel(pool.timer[slot] as number);
      pool.timer[slot] = -1;
    }
    pool.set(slot, S_DEAD, this.now);
    if (failure >= 0) (this.killedBy[failure] as number[]).push(g);
    const hc = this.detect[st];
    if (hc && this.iLbRoutable[g] === 1) {
      const rng = this.failRng[st] as Rng;
      const delay = rng.next() * hc.intervalS + (hc.threshold - 1) * hc.intervalS + hc.timeoutS;
      this.iDetect[g] = this.q.push(this.now + delay, P_ARRIVE, EV_DETECT, g, 0);
    } else this.iLbRoutable[g] = 0;
    // visits waiting at the instance are lost; those in service fail when their work ends
    this.touch(st);
    const wq = this.workerQueue[g] as IntRing;
    while (wq.size > 0) {
      const j = wq.shift();
      this.stWaiting[st]!--;
      this.jCause[j] = CAUSE_FAILED;
      this.complete(j);
    }
    const cq = this.cpuQueue[g] as IntRing;
    while (cq.size > 0) {
      const j = cq.shift();
      this.stWaiting[st]!--;
      this.jCause[j] = CAUSE_FAILED;
      this.complete(j);
    }
    const d = this.dbs[st] as DbRt | null;
    if (d !== null) {
      const shard = Math.floor(slot / d.perShard);
      if (slot % d.perShard === d.primaryOf[shard]) {
        d.failing[shard] = 1;
        if (d.promoting[shard] === 0) {
          d.promoting[shard] = 1;
          this.q.push(this.now + d.failoverS, P_ARRIVE, EV_PROMOTE, st, shard);
        }
      }
    }
    // an autoscaled pool replaces a lost instance at once (it warms up like any launch)
    const a = this.scalerOf[st] as number;
    if (a >= 0 && this.stRoute[st] === ROUTE_POOL) this.launch(this.scalers[a] as ScalerRt, 1);
    return true;
  }

  /** A dead instance comes back (repair, end of a failure). */
  private revive(g: number): void {
    const st = this.instStation[g] as number;
    const pool = this.pools[st] as Pool | null;
    if (pool === null || this.iState[g] !== S_DEAD) return;
    pool.touch(this.now);
    if ((this.iDetect[g] as number) >= 0) {
      this.q.cancel(this.iDetect[g] as number);
      this.iDetect[g] = -1;
    }
    const slot = g - pool.base;
    if (this.scalerOf[st] !== -1 && this.stRoute[st] === ROUTE_POOL) {
      // its replacement was launched when it died
      pool.set(slot, S_OFF, this.now);
      this.iLbRoutable[g] = 0;
      return;
    }
    pool.set(slot, S_SERVING, this.now);
    this.iLbRoutable[g] = 1;
    const d = this.dbs[st] as DbRt | null;
    if (d !== null) {
      const shard = Math.floor(slot / d.perShard);
      if (slot % d.perShard === d.primaryOf[shard]) d.failing[shard] = 0;
    }
    const feeds = this.feeds[st] as number[];
    for (const qst of feeds) this.dispatchQueue(qst, this.queues[qst] as QueueRt);
  }

  private promote(st: number, shard: number): void {
    const d = this.dbs[st] as DbRt;
    d.promoting[shard] = 0;
    const base = (this.instanceBase[st] as number) + shard * d.perShard;
    const prim = d.primaryOf[shard] as number;
    if (this.iState[base + prim] === S_SERVING) {
      d.failing[shard] = 0;
      return;
    }
    for (let k = 0; k < d.perShard; k++)
      if (k !== prim && this.iState[base + k] === S_SERVING) {
        d.primaryOf[shard] = k;
        d.failing[shard] = 0;
        return;
      }
    // nothing to promote yet: try again after another failover time
    d.promoting[shard] = 1;
    this.q.push(this.now + d.failoverS, P_ARRIVE, EV_PROMOTE, st, shard);
  }

  private onFailure(i: number, end: boolean): void {
    const f = this.model.failures[i]!;
    switch (f.type) {
      case 'kill': {
        const nr = this.cacheNodes[f.station] as NodesRt | null;
        if (nr !== null) {
          this.killCacheNodes(f.station, nr, i, end, f.count);
          break;
        }
        if (end) {
          for (const g of this.killedBy[i] as number[]) this.revive(g);
          break;
        }
        const pool = this.pools[f.station] as Pool;
        const victims = Array.from(pool.serving.subarray(0, pool.nServing)).slice(0, f.count);
        for (const slot of victims) this.killInstance(pool.base + slot, i);
        break;
      }
      case 'killZone': {
        if (end) {
          for (const g of this.killedBy[i] as number[]) this.revive(g);
          break;
        }
        this.stations.forEach((s, st) => {
          if (this.pools[st] === null || s.zones === undefined || this.stRoute[st] === ROUTE_SERVERLESS)
            return;
          s.zones.forEach((z, k) => {
            if (z === f.zone) this.killInstance((this.instanceBase[st] as number) + k, i);
          });
        });
        break;
      }
      case 'slowdown':
        this.stSlow[f.station] = end ? 1 : f.factor;
        break;
      case 'errorRate':
        this.stExtraErr[f.station] = end ? 0 : f.rate;
        break;
      case 'flush':
        for (const s of (this.caches[f.station] as CacheRt).stores) s.clear();
        break;
      case 'failover': {
        const d = this.dbs[f.station] as DbRt | null;
        if (d === null) break;
        for (let shard = 0; shard < d.shards; shard++) {
          const g =
            (this.instanceBase[f.station] as number) + shard * d.perShard + (d.primaryOf[shard] as number);
          if (this.killInstance(g, -1)) this.q.push(this.now + d.failoverS, P_ARRIVE, EV_REVIVE, g, 0);
        }
        break;
      }
      case 'cut':
        for (const c of f.calls) this.callCut[c] = end ? 0 : 1;
        break;
    }
  }

  private onRandomFail(g: number, i: number): void {
    const r = this.model.randomFailures[i]!;
    const rng = this.failRng[r.station] as Rng;
    if (this.killInstance(g, -1))
      this.q.push(this.now + this.expSample(r.mttrS, rng), P_ARRIVE, EV_RANDOM_REPAIR, g, i);
    else this.q.push(this.now + this.expSample(r.mttfS, rng), P_ARRIVE, EV_RANDOM_FAIL, g, i);
  }

  private onRandomRepair(g: number, i: number): void {
    const r = this.model.randomFailures[i]!;
    this.revive(g);
    this.q.push(
      this.now + this.expSample(r.mttfS, this.failRng[r.station] as Rng),
      P_ARRIVE,
      EV_RANDOM_FAIL,
      g,
      i,
    );
  }

  /** Starts n instances: billed now, serving after the warm-up. */
  private launch(sc: ScalerRt, n: number): void {
    const st = sc.spec.station;
    const pool = this.pools[st] as Pool;
    pool.touch(this.now);
    for (let slot = 0; slot < pool.slots && n > 0; slot++) {
      if (pool.stateOf(slot) !== S_OFF) continue;
      n--;
      if (sc.spec.warmupS <= 0) {
        pool.set(slot, S_SERVING, this.now);
        this.iLbRoutable[pool.base + slot] = 1;
      } else {
        pool.set(slot, S_WARMING, this.now);
        pool.timer[slot] = this.q.push(this.now + sc.spec.warmupS, P_ARRIVE, EV_READY, pool.base + slot, 0);
      }
    }
    if (sc.spec.warmupS <= 0)
      for (const qst of sc.queues) this.dispatchQueue(qst, this.queues[qst] as QueueRt);
  }

  private onReady(g: number): void {
    const st = this.instStation[g] as number;
    const pool = this.pools[st] as Pool;
    pool.touch(this.now);
    pool.timer[g - pool.base] = -1;
    pool.set(g - pool.base, S_SERVING, this.now);
    this.iLbRoutable[g] = 1;
    for (const qst of this.feeds[st] as number[]) this.dispatchQueue(qst, this.queues[qst] as QueueRt);
  }

  /** Removes n instances: warming ones first, then the newest serving ones (they drain). */
  private retire(sc: ScalerRt, n: number): void {
    const pool = this.pools[sc.spec.station] as Pool;
    pool.touch(this.now);
    for (let slot = pool.slots - 1; slot >= 0 && n > 0; slot--)
      if (pool.stateOf(slot) === S_WARMING) {
        this.q.cancel(pool.timer[slot] as number);
        pool.timer[slot] = -1;
        pool.set(slot, S_OFF, this.now);
        n--;
      }
    for (let slot = pool.slots - 1; slot >= 0 && n > 0; slot--)
      if (pool.stateOf(slot) === S_SERVING) {
        const g = pool.base + slot;
        n--;
        pool.set(slot, S_DRAINING, this.now);
        this.iLbRoutable[g] = 0;
        if ((this.iInSys[g] as number) === 0) this.endDrain(g);
        else pool.timer[slot] = this.q.push(this.now + sc.spec.drainS, P_ARRIVE, EV_DRAIN_END, g, 0);
      }
  }

  private endDrain(g: number): void {
    const st = this.instStation[g] as number;
    const pool = this.pools[st] as Pool;
    if (this.iState[g] !== S_DRAINING) return;
    pool.touch(this.now);
    const slot = g - pool.base;
    if ((pool.timer[slot] as number) >= 0) {
      this.q.cancel(pool.timer[slot] as number);
      pool.timer[slot] = -1;
    }
    pool.set(slot, S_OFF, this.now);
  }

  /** The scaler's metric over the time since its last evaluation (NaN when nothing served). */
  private scalerMetric(sc: ScalerRt): number {
    const period = this.now - sc.lastT;
    const st = sc.spec.station;
    this.touch(st);
    for (const qst of sc.queues) this.touch(qst);
    const pool = this.pools[st] as Pool;
    pool.touch(this.now);
    const busy = (this.life.busy[st] as number) + (this.seg.busy[st] as number);
    const arrivals = (this.life.arrivals[st] as number) + (this.seg.arrivals[st] as number);
    let waiting = (this.life.waiting[st] as number) + (this.seg.waiting[st] as number);
    for (const qst of sc.queues)
      waiting += (this.life.waiting[qst] as number) + (this.seg.waiting[qst] as number);
    const served = pool.servingArea - sc.lastServing;
    const dBusy = busy - sc.lastBusy;
    const dArr = arrivals - sc.lastArrivals;
    const dWait = waiting - sc.lastWaiting;
    sc.lastBusy = busy;
    sc.lastArrivals = arrivals;
    sc.lastWaiting = waiting;
    sc.lastServing = pool.servingArea;
    sc.lastT = this.now;
    sc.meanServing = period > 0 ? served / period : 0;
    let metric = NaN;
    if (served > 0) {
      switch (sc.spec.metric) {
        case METRIC_CPU:
          metric = dBusy / ((this.stCores[st] as number) * served);
          break;
        case METRIC_RPI:
          metric = dArr / served;
          break;
        case METRIC_BACKLOG:
          metric = dWait / served;
          break;
        default:
          metric = sc.hist.count > 0 ? sc.hist.percentile(0.95) * 1000 : 0;
          break;
      }
    }
    sc.hist.reset();
    return metric;
  }

  private onScale(i: number): void {
    const sc = this.scalers[i] as ScalerRt;
    const spec = sc.spec;
    this.q.push(this.now + spec.periodS, P_ARRIVE, EV_SCALE, i, 0);
    const metric = this.scalerMetric(sc);
    if (spec.metricDelayS > 0) {
      // the metric reaches the autoscaler metricDelayS later (EV_SCALE_DECIDE)
      sc.delayed.push(metric, sc.meanServing);
      this.q.push(this.now + spec.metricDelayS, P_ARRIVE, EV_SCALE_DECIDE, i, 0);
      return;
    }
    this.decide(sc, metric, sc.meanServing);
  }

  /** A delayed metric arrives: decide on the oldest waiting period. */
  private onScaleDecide(i: number): void {
    const sc = this.scalers[i] as ScalerRt;
    const metric = sc.delayed.shift() as number;
    const ready = sc.delayed.shift() as number;
    this.decide(sc, metric, ready);
  }

  /** Scaling decision on a period's metric and its mean serving instances `ready`. */
  private decide(sc: ScalerRt, metric: number, ready: number): void {
    const spec = sc.spec;
    const pool = this.pools[spec.station] as Pool;
    // demand in instances at the target: the period's mean serving count × metric / target (so
    // instances that became ready late in the period are not double counted)
    const total = pool.nServing + pool.warming;
    let desired = total;
    if (spec.policy === 'targetTracking') {
      if (Number.isNaN(metric)) desired = total;
      else {
        const ratio = metric / spec.target;
        if (spec.flavour === 'hpa') {
          desired = Math.abs(ratio - 1) <= 0.1 ? total : Math.ceil(ready * ratio - 1e-9);
          desired = Math.min(sc.max, Math.max(sc.min, desired));
          // scale-down stabilization: the highest recommendation of the window
          sc.recs.push(desired);
          sc.recT.push(this.now);
          while ((sc.recT[0] as number) < this.now - spec.scaleInCooldownS) {
            sc.recs.shift();
            sc.recT.shift();
          }
          if (desired < total) desired = Math.min(total, Math.max(...sc.recs));
        } else {
          const rec = Math.min(sc.max, Math.max(sc.min, Math.ceil(ready * ratio - 1e-9)));
          if (rec > total) desired = rec;
          else if (rec < total && ratio < 0.9) desired = rec;
        }
      }
    } else if (spec.policy === 'step' && !Number.isNaN(metric)) {
      for (const step of spec.steps)
        if (metric >= step.above && metric < step.below) {
          desired = total + step.change;
          break;
        }
    }
    desired = Math.min(sc.max, Math.max(sc.min, desired));
    this.scaleTo(sc, desired, false);
  }

  private scaleTo(sc: ScalerRt, desired: number, immediate: boolean): void {
    const pool = this.pools[sc.spec.station] as Pool;
    const total = pool.nServing + pool.warming;
    const hpa = sc.spec.flavour === 'hpa' && sc.spec.policy === 'targetTracking';
    if (desired > total) {
      if (!immediate && this.now - sc.lastOut < sc.spec.scaleOutCooldownS) return;
      sc.lastOut = this.now;
      this.launch(sc, desired - total);
    } else if (desired < total) {
      // the HPA's stabilization window replaces the cooldown
      if (!immediate && !hpa && this.now - Math.max(sc.lastIn, sc.lastOut) < sc.spec.scaleInCooldownS) return;
      sc.lastIn = this.now;
      this.retire(sc, total - desired);
    }
  }

  private onScheduled(i: number, k: number): void {
    const sc = this.scalers[i] as ScalerRt;
    const pool = this.pools[sc.spec.station] as Pool;
    let desired = pool.nServing + pool.warming;
    if (k >= 0) {
      const a = sc.spec.actions[k]!;
      if (a.min !== undefined) sc.min = a.min;
      if (a.max !== undefined) sc.max = Math.min(a.max, pool.slots);
      if (a.desired !== undefined) desired = a.desired;
    }
    this.scaleTo(sc, Math.min(sc.max, Math.max(sc.min, desired)), true);
  }

  private withdraw(call: number): boolean {
    const b = this.budgets[call] as RetryBudget;
    if (b.withdraw()) return true;
    return false;
  }

  // ---------------------------------------------------------------- driver

  private dispatch(type: number, a: number, b: number): void {
    switch (type) {
      case EV_WORK_DONE:
        this.onWorkDone(a);
        break;
      case EV_ARRIVAL:
        this.onArrivalCandidate(a);
        break;
      case EV_ARRIVE:
        this.arrive(a);
        break;
      case EV_RESPONSE:
        this.deliver(a);
        break;
      case EV_PS_DONE:
        this.onPsDone(a);
        break;
      case EV_THINK:
        this.startRequest(a, b);
        break;
      case EV_TIMEOUT:
        this.onTimeout(a);
        break;
      case EV_RETRY: {
        const call = b >> 8;
        this.spawn(a, call, b & 255, this.jEp[a] as number, this.jKey[a] as number, this.jReq[a] as number);
        break;
      }
      case EV_ROOT_RETRY:
        this.spawn(
          PARENT_ROOT,
          this.epCall[this.rEp[a] as number] as number,
          b,
          this.rEp[a] as number,
          this.rKey[a] as number,
          a,
        );
        break;
      case EV_MODULATE:
        this.onModulate(a);
        break;

      default:
        this.dispatchRare(type, a, b);
    }
  }

  /** Events of the scaling and failure models (kept apart so that dispatch stays small). */
  private dispatchRare(type: number, a: number, b: number): void {
    switch (type) {
      case EV_MSG_VISIBLE: {
        const st = this.instStation[this.jInst[a] as number] as number;
        (this.queues[st] as QueueRt).inDelivery--;
        this.enqueue(st, a);
        break;
      }
      case EV_SCALE:
        this.onScale(a);
        break;
      case EV_READY:
        this.onReady(a);
        break;
      case EV_DRAIN_END:
        this.endDrain(a);
        break;
      case EV_FAILURE:
        this.onFailure(a, b === 1);
        break;
      case EV_RANDOM_FAIL:
        this.onRandomFail(a, b);
        break;
      case EV_RANDOM_REPAIR:
        this.onRandomRepair(a, b);
        break;
      case EV_DETECT:
        this.iDetect[a] = -1;
        this.iLbRoutable[a] = 0;
        break;
      case EV_PROMOTE:
        this.promote(a, b);
        break;
      case EV_SCHEDULED:
        this.onScheduled(a, b);
        break;
      case EV_REVIVE:
        this.revive(a);
        break;
      case EV_SCALE_DECIDE:
        this.onScaleDecide(a);
        break;
      default:
        throw new Error(`engine: unknown event type ${type}`);
    }
  }

  /** Runs up to maxEvents events; false once the simulated duration is reached. */
  advance(maxEvents: number): boolean {
    if (this.finished) return false;
    const q = this.q;
    let n = 0;
    while (n < maxEvents) {
      const boundary = this.nextBoundary();
      let t = q.peekTime();
      while (t < boundary && n < maxEvents) {
        q.pop();
        this.now = t;
        this.dispatch(q.type, q.a, q.b);
        n++;
        t = q.peekTime();
      }
      if (n >= maxEvents) break;
      if (this.crossBoundary(boundary)) {
        this.events += n;
        return false;
      }
    }
    this.events += n;
    return true;
  }

  /** Time of the next warm-up end or window end, seconds. */
  private nextBoundary(): number {
    const warm = this.opts.warmupS;
    return !this.measuring && warm < this.nextWindowEnd ? warm : this.nextWindowEnd;
  }

  /**
   * Ends the warm-up or a window at `boundary` (a method apart from advance(): its rarely run code
   * kept there got advance() deoptimised at window ends and recompiled with other inlining); true
   * once the run is over.
   */
  private crossBoundary(boundary: number): boolean {
    this.now = boundary;
    if (!this.measuring && boundary === this.opts.warmupS) {
      this.closeSegment();
      this.measuring = true;
      this.startMeasuring();
    }
    if (boundary === this.nextWindowEnd) {
      this.closeSegment();
      this.closeWindow();
      if (boundary >= this.opts.durationS) {
        this.finished = true;
        return true;
      }
    }
    return false;
  }

  private closeSegment(): void {
    for (let st = 0; st < this.stations.length; st++) this.touch(st);
    this.touchRequests();
    this.seg.addTo(this.win);
    this.seg.addTo(this.life);
    this.rseg.addTo(this.rwin);
    this.rseg.addTo(this.rall);
    if (this.measuring) {
      this.seg.addTo(this.tot);
      this.rseg.addTo(this.rtot);
    }
    this.seg.reset();
    this.rseg.reset();
  }

  private closeWindow(): void {
    const start = this.winStart;
    const end = this.nextWindowEnd;
    const len = end - start;
    const w = this.win;
    const r = this.rwin;
    const components: ComponentWindow[] = this.stations.map((s, st) => {
      const pool = this.pools[st] as Pool | null;
      let serving = len * s.instances;
      let inst: InstanceCounts | undefined;
      if (pool !== null) {
        pool.touch(this.now);
        serving = pool.servingArea - (this.winServing[st] as number);
        inst = {
          serving: pool.nServing,
          warming: pool.warming,
          mean: serving / len,
          max: Math.max(this.winBilledMax[st] as number, pool.billed),
        };
        this.winServing[st] = pool.servingArea;
        if (this.measuring) this.totBilledMax[st] = Math.max(this.totBilledMax[st] as number, inst.max);
        this.winBilledMax[st] = pool.billed;
      }
      const cw: ComponentWindow = {
        id: s.id,
        throughputRps: (w.done[st] as number) / len,
        utilization: Number.isFinite(s.cores)
          ? serving > 0
            ? (w.busy[st] as number) / (s.cores * serving)
            : null
          : null,
        meanQueueLength: (w.waiting[st] as number) / len,
        meanBusyWorkers: (w.workers[st] as number) / len,
      };
      this.scalingFigures(cw, st, w, len, inst, false);
      return cw;
    });
    this.windows.push({
      index: this.winIndex,
      startS: start,
      endS: end,
      offeredRps: r.arrivals / len,
      throughputRps: r.completed / len,
      errorRps: r.failed / len,
      errors: errorCounts(r.errors),
      latency: latencySummary(this.winHist),
      components,
    });
    this.winHist.reset();
    w.reset();
    r.reset();
    this.winIndex++;
    this.winStart = end;
    this.nextWindowEnd = Math.min(this.opts.durationS, this.opts.windowS * (this.winIndex + 1));
    if (this.nextWindowEnd <= end) this.nextWindowEnd = this.opts.durationS;
  }

  /** Adds the figures of the scaling models that apply to station st over an accumulator. */
  private scalingFigures(
    out: ComponentWindow | ScalingDetail,
    st: number,
    a: StationAcc,
    len: number,
    inst: InstanceCounts | undefined,
    total: boolean,
  ): void {
    if (this.caches[st] !== null) {
      const l = a.lookups[st] as number;
      out.hitRatio = l > 0 ? (a.hits[st] as number) / l : null;
    }
    if (inst !== undefined) out.instances = inst;
    const q = this.queues[st] as QueueRt | null;
    if (q !== null) {
      out.queueDepthMean = (a.waiting[st] as number) / len;
      const h = total ? q.ageTot : q.ageWin;
      out.messageAgeP99S = h.count > 0 ? h.percentile(0.99) : null;
      if (!total) q.ageWin.reset();
      this.lagChange(q, 0);
      if (total) {
        out.consumerLagMean = (q.lagArea - q.lagTotArea) / len;
        out.consumerLagMax = q.lagTotMax;
      } else {
        out.consumerLagMean = (q.lagArea - q.lagWinArea) / len;
        out.consumerLagMax = q.lagWinMax;
        q.lagWinArea = q.lagArea;
        q.lagWinMax = q.lag;
      }
    }
    const d = this.dbs[st] as DbRt | null;
    if (d !== null && d.lag !== null) {
      const r = a.replicaReads[st] as number;
      out.replicaLagMeanS = r > 0 ? (a.lagSum[st] as number) / r : null;
      out.staleReadFraction = r > 0 ? (a.staleReads[st] as number) / r : null;
    }
    const calls = this.breakerCalls[st] as number[];
    if (calls.length > 0) {
      let open = 0;
      for (const c of calls) {
        const b = this.breakers[c] as Breaker;
        const now = b.openSecondsAt(this.now);
        if (total) open += now - (this.breakerTot[c] as number);
        else {
          open += now - (this.breakerWin[c] as number);
          this.breakerWin[c] = now;
        }
      }
      out.breakerOpenSeconds = open;
    }
  }

  /** Snapshots at the end of the warm-up. */
  private startMeasuring(): void {
    this.pools.forEach((p, st) => {
      if (p === null) return;
      p.touch(this.now);
      this.totServing[st] = p.servingArea;
      this.totBilled[st] = p.billedArea;
      this.totWarming[st] = p.warmingArea;
      this.totBilledMax[st] = p.billed;
    });
    this.breakers.forEach((b, c) => {
      if (b !== null) this.breakerTot[c] = b.openSecondsAt(this.now);
    });
    for (const q of this.queues)
      if (q !== null) {
        this.lagChange(q, 0);
        q.lagTotArea = q.lagArea;
        q.lagTotMax = q.lag;
      }
    this.budgets.forEach((b, c) => {
      if (b !== null) this.budgetDeniedTot[c] = b.denied;
    });
  }

  progress(): SimulationProgress {
    return {
      simulatedS: this.now,
      fraction: Math.min(1, this.now / this.opts.durationS),
      events: this.events,
    };
  }

  /** Windows finished since the last call. */
  drainWindows(): WindowStats[] {
    const out = this.windows.slice(this.drained);
    this.drained = this.windows.length;
    return out;
  }

  get done(): boolean {
    return this.finished;
  }

  result(): SimulationResult {
    if (!this.finished) throw new Error('engine: result() before the run finished');
    const o = this.opts;
    const T = o.durationS - o.warmupS;
    const t = this.tot;
    const r = this.rtot;
    // the measured period's histogram is the sum of its batches (exact counts), with the sum kept in completion order
    const allHist = new Histogram();
    for (const h of this.batchHist) allHist.add(h);
    allHist.sum = this.allSum;
    const comps: ComponentStats[] = [];
    for (const c of this.model.components) {
      if (c.ref.kind === 'station') {
        const st = c.ref.index;
        const s = this.stations[st] as CompiledStation;
        const arrivals = t.arrivals[st] as number;
        const done = t.done[st] as number;
        const started = t.started[st] as number;
        const refused = (t.rejected[st] as number) + (t.rateLimited[st] as number);
        const pool = this.pools[st] as Pool | null;
        let servingArea = T * s.instances;
        let scaling: ScalingDetail | undefined;
        if (pool !== null) {
          pool.touch(this.now);
          servingArea = pool.servingArea - (this.totServing[st] as number);
          scaling = {
            instances: {
              serving: pool.nServing,
              warming: pool.warming,
              mean: servingArea / T,
              max: Math.max(this.totBilledMax[st] as number, pool.billed),
            },
            instanceSeconds: pool.billedArea - (this.totBilled[st] as number),
            warmingSeconds: pool.warmingArea - (this.totWarming[st] as number),
          };
        }
        const detail: ScalingDetail = scaling ?? {};
        this.scalingFigures(detail, st, t, T, detail.instances, true);
        const q = this.queues[st] as QueueRt | null;
        if (q !== null) {
          detail.published = t.published[st] as number;
          detail.consumed = t.consumed[st] as number;
          detail.redelivered = t.redelivered[st] as number;
          detail.deadLettered = t.deadLettered[st] as number;
          detail.endToEndMeanS = q.e2eTot.count > 0 ? q.e2eTot.mean : null;
          detail.endToEndP99S = q.e2eTot.count > 0 ? q.e2eTot.percentile(0.99) : null;
        }
        if (this.caches[st] !== null && (this.caches[st] as CacheRt).pending !== null)
          detail.coalesced = t.coalesced[st] as number;
        if (this.caches[st] !== null && (this.caches[st] as CacheRt).writeHandler >= 0)
          detail.cacheWrites = t.cacheWrites[st] as number;
        if (s.shedding !== undefined) detail.shed = t.shed[st] as number;
        const sv = this.serverless[st] as ServerlessRt | null;
        if (sv !== null) {
          detail.coldStarts = t.coldStarts[st] as number;
          detail.gbSeconds = (t.workers[st] as number) * sv.memoryGb;
        }
        const calls = this.breakerCalls[st] as number[];
        if (calls.length > 0)
          detail.breakerRefused = calls.reduce((x, c) => x + (this.breakers[c] as Breaker).refused, 0);
        const bcalls = this.budgetCalls[st] as number[];
        if (bcalls.length > 0)
          detail.retriesDenied = bcalls.reduce(
            (x, c) => x + (this.budgets[c] as RetryBudget).denied - (this.budgetDeniedTot[c] as number),
            0,
          );
        if (Object.keys(detail).length > 0) scaling = detail;
        comps.push({
          id: s.id,
          kind: c.kind,
          arrivals,
          completed: done,
          throughputRps: done / T,
          utilization: Number.isFinite(s.cores)
            ? servingArea > 0
              ? (t.busy[st] as number) / (s.cores * servingArea)
              : null
            : null,
          meanQueueLength: (t.waiting[st] as number) / T,
          meanInSystem: (t.inSystem[st] as number) / T,
          meanBusyWorkers: (t.workers[st] as number) / T,
          meanResponseTimeS: done > 0 ? (t.sojournSum[st] as number) / done : null,
          meanWaitS: started > 0 ? (t.waitSum[st] as number) / started : null,
          meanLocalTimeS: started > 0 ? (t.localSum[st] as number) / started : null,
          waitProbability: started > 0 ? (t.waited[st] as number) / started : null,
          blockingProbability: arrivals > 0 ? refused / arrivals : null,
          emptyProbability: (t.empty[st] as number) / T,
          rejected: t.rejected[st] as number,
          rateLimited: t.rateLimited[st] as number,
          failed: t.failed[st] as number,
          instances: s.instances,
          ...(scaling !== undefined ? { scaling } : {}),
        });
      } else {
        const count =
          c.ref.kind === 'balancer' ? (r.balancer[c.ref.index] as number) : (r.source[c.ref.index] as number);
        comps.push({
          id: c.id,
          kind: c.kind,
          arrivals: count,
          completed: count,
          throughputRps: count / T,
          utilization: null,
          meanQueueLength: 0,
          meanInSystem: 0,
          meanBusyWorkers: 0,
          meanResponseTimeS: null,
          meanWaitS: null,
          meanLocalTimeS: null,
          waitProbability: null,
          blockingProbability: null,
          emptyProbability: null,
          rejected: 0,
          rateLimited: 0,
          failed: 0,
          instances:
            c.ref.kind === 'balancer'
              ? (this.balancers[c.ref.index] as BalancerRuntime).candidateGlobal.length
              : 0,
        });
      }
    }
    const finishedCount = r.completed + r.failed;
    const L = r.inFlightArea / T;
    const X = finishedCount / T;
    const R = finishedCount > 0 ? r.finishedLatency / finishedCount : 0;
    const batchMeans = this.batchHist.map((h) => h.mean);
    const batchP99 = this.batchHist.map((h) => (h.count > 0 ? h.percentile(0.99) : NaN));
    const batchX = Array.from(this.batchCompleted, (c) => c / this.batchLen);
    const ci = (xs: number[]): [number, number] | null => {
      const m = meanCi(xs);
      return Number.isFinite(m.halfWidth) ? [m.lo, m.hi] : null;
    };
    const all = this.rall;
    const inFlightCount = this.inFlight;
    const latency = latencySummary(allHist);
    const tailTrace = this.tracer.toJSON();
    return {
      formatVersion: 1,
      seed: o.seed,
      replication: o.replication,
      replications: 1,
      scenario: o.scenario,
      durationS: o.durationS,
      warmupS: o.warmupS,
      windowS: o.windowS,
      measuredS: T,
      events: this.events,
      requests: {
        arrived: all.arrivals,
        completed: all.completed,
        failed: all.failed,
        inFlight: inFlightCount,
      },
      measured: { arrived: r.arrivals, completed: r.completed, failed: r.failed },
      summary: {
        offeredRps: r.arrivals / T,
        throughputRps: r.completed / T,
        errorRate: finishedCount > 0 ? r.failed / finishedCount : 0,
        errors: errorCounts(r.errors),
        latency,
        ci95: {
          method: 'batchMeans',
          n: this.batchHist.length,
          latencyMeanS: ci(batchMeans),
          p99S: percentileCi(batchP99, latency.p99S),
          throughputRps: ci(batchX),
        },
      },
      checks: {
        conservation: {
          arrived: all.arrivals,
          completed: all.completed,
          failed: all.failed,
          inFlight: inFlightCount,
          holds: all.arrivals === all.completed + all.failed + inFlightCount,
        },
        littlesLaw: {
          meanInSystem: L,
          throughputRps: X,
          meanResponseS: R,
          relativeError: L > 0 ? Math.abs(X * R - L) / L : 0,
        },
      },
      batches: {
        latencyMeanS: batchMeans.map((x) => orNull(x) ?? NaN),
        p99S: batchP99,
        throughputRps: batchX,
      },
      components: comps,
      windows: this.windows,
      latencyHistogram: allHist.toJSON(),
      tailTrace,
      tailAttribution: deriveTailAttribution(tailTrace, allHist),
    };
  }
}
