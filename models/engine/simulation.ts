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
  ErrorCounts,
  LatencySummary,
  SimulationProgress,
  SimulationResult,
  WindowStats,
} from '../../shared/results/index.js';
import { BalancerRuntime } from './balancer-runtime.js';
import type { Sampler } from './distributions.js';
import { binOf, Histogram } from './histogram.js';
import { EventQueue } from './kernel.js';
import {
  DISCIPLINE_PS,
  type CompiledCall,
  type CompiledEndpoint,
  type CompiledHandler,
  type CompiledModel,
  type CompiledSource,
  type CompiledStation,
  type RetryPolicy,
} from './model.js';
import { rateAt } from './profile.js';
import { streamFor, type Rng } from './random.js';
import { meanCi } from './stats.js';

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

/** At equal times: completions first, then arrivals, then timeouts (a reply at the deadline wins). */
const P_DONE = 0;
const P_ARRIVE = 1;
const P_TIMEOUT = 2;

const CAUSE_RATE_LIMITED = 1;
const CAUSE_REJECTED = 2;
const CAUSE_TIMEOUT = 3;
const CAUSE_FAILED = 4;

const PARENT_ROOT = -1;
const PARENT_NONE = -2;

const F_ADMITTED = 1;
const F_WORKER = 2;
const F_WAITED = 4;

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
  constructor(n: number) {
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
  errors = [0, 0, 0, 0, 0];
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
    for (let i = 0; i < 5; i++) o.errors[i]! += this.errors[i] as number;
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
  private readonly needKeys: boolean;
  private readonly balancers: BalancerRuntime[];

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

  // requests
  private rCap = 0;
  private rFree: Int32Array = new Int32Array(0);
  private rFreeCount = 0;
  private rStart: Float64Array = new Float64Array(0);
  private rUser: Int32Array = new Int32Array(0);
  private rSource: Int32Array = new Int32Array(0);
  private rEp: Int32Array = new Int32Array(0);
  private rKey: Int32Array = new Int32Array(0);

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
  private readonly allHist = new Histogram();
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
    this.stHandlerBase = new Int32Array(ns);
    this.stations.forEach((s, i) => {
      this.stHandlerBase[i] = this.handlerWork.length;
      for (const h of s.handlers) {
        this.handlerWork.push(h.work);
        this.handlerGroups.push(h.groups);
        this.handlerChoices.push(h.choices);
        errs.push(h.errorProbability);
      }
    });
    this.handlerError = Float64Array.from(errs);

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
    const stationIds = this.stations.map((s) => s.id);
    this.balancers = model.balancers.map(
      (b) => new BalancerRuntime(b, rng(b.id, 'balance'), this.instanceBase, stationIds),
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

    this.growJobs(1024);
    this.growRequests(1024);
    this.startSources();
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
    this.q.push(this.now - Math.log(rng.nextOpen()) / rate, P_ARRIVE, EV_ARRIVAL, src, 0);
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
    const acc = this.rseg;
    acc.finishedLatency += lat;
    if (cause === 0) {
      acc.completed++;
      const bin = binOf(lat);
      this.winHist.recordBin(bin, lat);
      if (this.measuring) {
        this.allHist.recordBin(bin, lat);
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
    if (user >= 0) {
      const src = this.rSource[req] as number;
      const closed = (this.sources[src] as CompiledSource).closed!;
      this.q.push(
        this.now + closed.think.sample(this.srcThinkRng[src] as Rng),
        P_ARRIVE,
        EV_THINK,
        src,
        user,
      );
    }
    this.rFree[this.rFreeCount++] = req;
  }

  // ---------------------------------------------------------------- calls

  /** Sends attempt `attempt` of call `call` on behalf of visit `parent` (or the request's client). */
  private spawn(parent: number, call: number, attempt: number, ep: number, key: number, req: number): void {
    let g: number;
    const target = this.callTarget[call] as number;
    if (target >= 0) {
      const st = target;
      const n = this.stInstances[st] as number;
      let k = 0;
      if (n > 1) {
        k = this.stRoundRobin[st] as number;
        this.stRoundRobin[st] = k + 1 === n ? 0 : k + 1;
      }
      g = (this.instanceBase[st] as number) + k;
    } else {
      const bi = -target - 1;
      const b = this.balancers[bi] as BalancerRuntime;
      g = b.candidateGlobal[b.pick(this.iInSys, key)] as number;
      this.rseg.balancer[bi]!++;
    }
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
    const timeout = this.callTimeout[call] as number;
    if (timeout !== Infinity && parent !== PARENT_NONE)
      this.jTimer[j] = this.q.push(this.now + timeout, P_TIMEOUT, EV_TIMEOUT, j, 0);
    const net = this.callNet[call] as Sampler | null;
    if (net !== null)
      this.q.push(this.now + net.sample(this.callOwnerRng[call] as Rng), P_ARRIVE, EV_ARRIVE, j, 0);
    else this.arrive(j);
  }

  /** Accumulates the time integrals of station st up to now. */
  private touch(st: number): void {
    const dt = this.now - (this.stLast[st] as number);
    if (dt > 0) {
      const a = this.seg;
      a.busy[st]! += (this.stBusy[st] as number) * dt;
      a.waiting[st]! += (this.stWaiting[st] as number) * dt;
      const n = this.stInSys[st] as number;
      a.inSystem[st]! += n * dt;
      a.workers[st]! += (this.stWorkers[st] as number) * dt;
      if (n === 0) a.empty[st]! += dt;
      this.stLast[st] = this.now;
    }
  }

  private arrive(j: number): void {
    const g = this.jInst[j] as number;
    const st = this.instStation[g] as number;
    this.touch(st);
    this.seg.arrivals[st]!++;
    if (this.stRateLimited[st] === 1) {
      const rl = (this.stations[st] as CompiledStation).rateLimit!;
      const tokens = Math.min(
        rl.burst,
        (this.stTokens[st] as number) + (this.now - (this.stTokenTime[st] as number)) * rl.rateRps,
      );
      this.stTokenTime[st] = this.now;
      if (tokens < 1) {
        this.stTokens[st] = tokens;
        this.seg.rateLimited[st]!++;
        this.jCause[j] = CAUSE_RATE_LIMITED;
        this.respond(j);
        return;
      }
      this.stTokens[st] = tokens - 1;
    }
    if ((this.iWorkers[g] as number) < (this.stWorkersMax[st] as number)) {
      this.admit(j, g, st, F_ADMITTED | F_WORKER);
      this.iWorkers[g]!++;
      this.stWorkers[st]!++;
      this.startWork(j, g, st);
    } else if (this.workerQueue[g]!.size < (this.stQueueLimit[st] as number)) {
      this.admit(j, g, st, F_ADMITTED | F_WAITED);
      this.workerQueue[g]!.push(j);
      this.stWaiting[st]!++;
    } else {
      const cause = (this.stations[st] as CompiledStation).overflowCause;
      if (cause === CAUSE_RATE_LIMITED) this.seg.rateLimited[st]!++;
      else this.seg.rejected[st]!++;
      this.jCause[j] = cause;
      this.respond(j);
    }
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
    const w = work.sample(this.stWorkRng[st] as Rng);
    const cores = this.stCores[st] as number;
    if (cores === Infinity) {
      this.began(j, st);
      this.stBusy[st]!++;
      this.q.push(this.now + w, P_DONE, EV_WORK_DONE, j, 0);
    } else if (this.stPs[st] === 1) {
      this.began(j, st);
      this.psAdd(g, st, j, w);
    } else if ((this.iBusy[g] as number) < cores) {
      this.iBusy[g]!++;
      this.stBusy[st]!++;
      this.began(j, st);
      this.q.push(this.now + w, P_DONE, EV_WORK_DONE, j, 0);
    } else {
      this.jWork[j] = w;
      this.jFlags[j]! |= F_WAITED;
      this.cpuQueue[g]!.push(j);
      this.stWaiting[st]!++;
    }
  }

  private began(j: number, st: number): void {
    const a = this.seg;
    a.started[st]!++;
    a.waitSum[st]! += this.now - (this.jArrive[j] as number);
    if ((this.jFlags[j] as number) & F_WAITED) a.waited[st]!++;
  }

  private onWorkDone(j: number): void {
    const g = this.jInst[j] as number;
    const st = this.instStation[g] as number;
    this.touch(st);
    if ((this.stCores[st] as number) === Infinity) {
      this.stBusy[st]!--;
    } else {
      const cq = this.cpuQueue[g] as IntRing;
      if (cq.size > 0) {
        const n = cq.shift();
        this.stWaiting[st]!--;
        this.began(n, st);
        this.q.push(this.now + (this.jWork[n] as number), P_DONE, EV_WORK_DONE, n, 0);
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
    this.seg.localSum[this.instStation[this.jInst[j] as number] as number]! +=
      this.now - (this.jArrive[j] as number);
    const h = this.jHandler[j] as number;
    const p = h < 0 ? 0 : (this.handlerError[h] as number);
    if (p > 0 && (this.stErrRng[this.instStation[this.jInst[j] as number] as number] as Rng).next() < p) {
      this.jCause[j] = CAUSE_FAILED;
      this.complete(j);
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
        // +1 guard: replies that arrive while the group is being sent cannot finish it early
        this.jPending[j]!++;
        for (let i = 0; i < group.length; i++) {
          let call = group[i] as number;
          if (call < 0) {
            call = this.choose(
              (this.handlerChoices[h] as CompiledHandler['choices'])[-call - 1]!,
              this.stCallRng[st] as Rng,
            );
            if (call < 0) continue;
          }
          const prob = this.callProb[call] as number;
          if (prob < 1 && (this.stCallRng[st] as Rng).next() >= prob) continue;
          if (this.callSync[call] === 1) {
            this.jPending[j]!++;
            this.spawn(j, call, 0, this.jEp[j] as number, this.jKey[j] as number, this.jReq[j] as number);
          } else {
            this.spawn(PARENT_NONE, call, 0, this.jEp[j] as number, this.jKey[j] as number, -1);
          }
        }
        if (--this.jPending[j]! > 0) return;
        if (this.jCause[j] !== 0) break;
      }
    }
    this.complete(j);
  }

  /** One call of a choice by its cumulative probabilities, or -1 for none. */
  private choose(ch: { calls: number[]; cumulative: number[] }, rng: Rng): number {
    const u = rng.next();
    for (let i = 0; i < ch.calls.length; i++)
      if (u < (ch.cumulative[i] as number)) return ch.calls[i] as number;
    return -1;
  }

  /** The visit is over (work and calls done, or failed): free its worker and answer its caller. */
  private complete(j: number): void {
    const flags = this.jFlags[j] as number;
    if (flags & F_ADMITTED) {
      const g = this.jInst[j] as number;
      const st = this.instStation[g] as number;
      this.touch(st);
      if (flags & F_WORKER) {
        const wq = this.workerQueue[g] as IntRing;
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
      a.sojournSum[st]! += this.now - (this.jArrive[j] as number);
      if (this.jCause[j] !== 0) a.failed[st]!++;
    }
    this.respond(j);
  }

  private respond(j: number): void {
    if (this.jParent[j] === PARENT_NONE) {
      if ((this.jTimer[j] as number) >= 0) this.q.cancel(this.jTimer[j] as number);
      this.freeJob(j);
      return;
    }
    const call = this.jCall[j] as number;
    const net = this.callNet[call] as Sampler | null;
    if (net !== null)
      this.q.push(this.now + net.sample(this.callOwnerRng[call] as Rng), P_DONE, EV_RESPONSE, j, 0);
    else this.deliver(j);
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
    this.freeJob(j);
    if (p !== PARENT_NONE) this.branchResult(p, call, attempt, cause, req);
  }

  private onTimeout(j: number): void {
    this.jTimer[j] = -1;
    const p = this.jParent[j] as number;
    // the visit carries on downstream; only its reply is ignored
    this.jParent[j] = PARENT_NONE;
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
    if (cause !== 0) {
      const r = this.callRetry[call] as RetryPolicy | null;
      if (r !== null && attempt < r.retries && (r.retryOnMask & (1 << cause)) !== 0) {
        const delay = this.backoff(r, attempt + 1, this.callOwnerRng[call] as Rng);
        if (p === PARENT_ROOT) this.q.push(this.now + delay, P_ARRIVE, EV_ROOT_RETRY, req, attempt + 1);
        else this.q.push(this.now + delay, P_ARRIVE, EV_RETRY, p, call * 256 + attempt + 1);
        return;
      }
    }
    if (p === PARENT_ROOT) {
      this.finishRequest(req, cause);
      return;
    }
    if (cause !== 0 && this.jCause[p] === 0) this.jCause[p] = cause;
    if (--this.jPending[p]! === 0) {
      if (this.jCause[p] !== 0) this.complete(p);
      else this.nextGroup(p);
    }
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
        throw new Error(`engine: unknown event type ${type}`);
    }
  }

  /** Runs up to maxEvents events; false once the simulated duration is reached. */
  advance(maxEvents: number): boolean {
    if (this.finished) return false;
    const q = this.q;
    const warm = this.opts.warmupS;
    const dur = this.opts.durationS;
    let n = 0;
    while (n < maxEvents) {
      const t = q.peekTime();
      let boundary = this.nextWindowEnd;
      if (!this.measuring && warm < boundary) boundary = warm;
      if (t >= boundary) {
        this.now = boundary;
        if (!this.measuring && boundary === warm) {
          this.closeSegment();
          this.measuring = true;
        }
        if (boundary === this.nextWindowEnd) {
          this.closeSegment();
          this.closeWindow();
          if (boundary >= dur) {
            this.finished = true;
            this.events += n;
            return false;
          }
        }
        continue;
      }
      q.pop();
      this.now = t;
      this.dispatch(q.type, q.a, q.b);
      n++;
    }
    this.events += n;
    return true;
  }

  private closeSegment(): void {
    for (let st = 0; st < this.stations.length; st++) this.touch(st);
    this.touchRequests();
    this.seg.addTo(this.win);
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
    const components: ComponentWindow[] = this.stations.map((s, st) => ({
      id: s.id,
      throughputRps: (w.done[st] as number) / len,
      utilization: Number.isFinite(s.cores) ? (w.busy[st] as number) / (len * s.cores * s.instances) : null,
      meanQueueLength: (w.waiting[st] as number) / len,
      meanBusyWorkers: (w.workers[st] as number) / len,
    }));
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
    const comps: ComponentStats[] = [];
    for (const c of this.model.components) {
      if (c.ref.kind === 'station') {
        const st = c.ref.index;
        const s = this.stations[st] as CompiledStation;
        const arrivals = t.arrivals[st] as number;
        const done = t.done[st] as number;
        const started = t.started[st] as number;
        const refused = (t.rejected[st] as number) + (t.rateLimited[st] as number);
        comps.push({
          id: s.id,
          kind: c.kind,
          arrivals,
          completed: done,
          throughputRps: done / T,
          utilization: Number.isFinite(s.cores) ? (t.busy[st] as number) / (T * s.cores * s.instances) : null,
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
        latency: latencySummary(this.allHist),
        ci95: {
          method: 'batchMeans',
          n: this.batchHist.length,
          latencyMeanS: ci(batchMeans),
          p99S: ci(batchP99),
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
      latencyHistogram: this.allHist.toJSON(),
    };
  }
}
