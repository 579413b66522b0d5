/**
 * Result types of a simulation run (produced by models/, consumed by main/ and renderer/).
 * Times are seconds (`...S`), rates per second (`...Rps`); a figure that does not exist for a run
 * (a percentile of an empty window, the utilization of an infinite-server station) is null.
 */

/** Requests that failed, by cause. */
export interface ErrorCounts {
  /** 429: refused by a gateway's token bucket. */
  rateLimited: number;
  /** 503: a bounded queue was full, no instance could take it, or load shedding dropped it. */
  rejected: number;
  /** A client or call timeout fired (after retries). */
  timeout: number;
  /** A dependency failed (error rate, dead instance, lost primary, cut call) and no retry saved it. */
  failed: number;
  /** A circuit breaker was open and refused the call. */
  circuitOpen: number;
}

/** Instances of a pool whose size changes (autoscaled, killed, serverless, database nodes). */
export interface InstanceCounts {
  /** Serving at the end of the period. */
  serving: number;
  /** Launched, billed, not serving yet (warm-up), at the end of the period. */
  warming: number;
  /** Time-average serving instances over the period. */
  mean: number;
  /** Most instances billed at once (serving + warming + draining) in the period. */
  max: number;
}

/**
 * Figures of the scaling and resilience models, present only on the components they apply to:
 * key-model caches (hitRatio), pools (instances), queues (queueDepthMean, messageAgeP99S),
 * databases with replicas (replicaLagMeanS, staleReadFraction), callers with circuit breakers
 * (breakerOpenSeconds).
 */
export interface ScalingFigures {
  /** Lookups that hit / lookups (key-model and ratio caches). */
  hitRatio?: number | null;
  instances?: InstanceCounts;
  /** Time-average messages waiting in a queue. */
  queueDepthMean?: number;
  /** p99 of a message's age (publish → a worker takes it), seconds. */
  messageAgeP99S?: number | null;
  /** Consumer lag: messages published and not yet consumed or dead-lettered (time average, most at once). */
  consumerLagMean?: number;
  consumerLagMax?: number;
  /** Mean replication lag of replica reads, seconds. */
  replicaLagMeanS?: number | null;
  /** Replica reads of a key written less than the lag ago / replica reads. */
  staleReadFraction?: number | null;
  /** Seconds the component's outgoing circuit breakers were open (openMs per opening, summed over breakers). */
  breakerOpenSeconds?: number;
}

/** Latency of successful requests, seconds. */
export interface LatencySummary {
  meanS: number | null;
  p50S: number | null;
  p90S: number | null;
  p95S: number | null;
  p99S: number | null;
  p999S: number | null;
  maxS: number | null;
}

/** Per-component figures in one window. */
export interface ComponentWindowBase {
  id: string;
  /** Visits completed per second. */
  throughputRps: number;
  /** Busy fraction of the CPU servers (null for infinite-server or non-station components). */
  utilization: number | null;
  /** Time-average requests waiting (for a worker or a core). */
  meanQueueLength: number;
  /** Time-average workers held. */
  meanBusyWorkers: number;
}

/** Per-component figures in one window, with the scaling figures where they apply. */
export type ComponentWindow = ComponentWindowBase & ScalingFigures;

export interface WindowStats {
  index: number;
  startS: number;
  endS: number;
  /** Requests that arrived in the window, per second. */
  offeredRps: number;
  /** Requests completed successfully in the window, per second. */
  throughputRps: number;
  /** Requests that failed in the window, per second. */
  errorRps: number;
  /** Failed requests in the window by cause (counts). */
  errors: ErrorCounts;
  latency: LatencySummary;
  components: ComponentWindow[];
}

export interface ComponentStats {
  id: string;
  kind: string;
  /** Visits arriving at the component (incl. rejected), measured period. */
  arrivals: number;
  /** Visits completed (successfully or not, after admission). */
  completed: number;
  throughputRps: number;
  /** Busy fraction of all CPU servers (null when cores are unlimited or not a station). */
  utilization: number | null;
  /** Time-average visits waiting for a worker or a core. */
  meanQueueLength: number;
  /** Time-average visits at the component (waiting, working, or waiting on sync calls). */
  meanInSystem: number;
  /** Time-average workers held. */
  meanBusyWorkers: number;
  /** Mean time from arrival at the component to its completion, per visit, seconds (null if none). */
  meanResponseTimeS: number | null;
  /** Mean time from arrival to the start of work, seconds (null if none). */
  meanWaitS: number | null;
  /** Mean time from arrival to the end of the visit's own work (downstream calls excluded), seconds. */
  meanLocalTimeS: number | null;
  /** Fraction of admitted visits that had to wait. */
  waitProbability: number | null;
  /** Fraction of arriving visits refused (503 or 429). */
  blockingProbability: number | null;
  /** Fraction of time with no visit at the component (meaningful per instance when instances = 1). */
  emptyProbability: number | null;
  rejected: number;
  rateLimited: number;
  failed: number;
  /** Instance slots (for autoscaled pools: the most there can be; see scaling.instances). */
  instances: number;
  /** Scaling and resilience figures over the measured period (only where they apply). */
  scaling?: ScalingDetail;
}

/** Measured-period scaling figures of one component. */
export interface ScalingDetail extends ScalingFigures {
  /** Instance-seconds billed (launch to termination, warm-up and draining included). */
  instanceSeconds?: number;
  /** Instance-seconds billed while warming up (launched, not serving yet): the cost of warm-up. */
  warmingSeconds?: number;
  /** Queue: messages published, consumed successfully, redelivered, dead-lettered. */
  published?: number;
  consumed?: number;
  redelivered?: number;
  deadLettered?: number;
  /** Queue: mean and p99 of publish → successful consumption, seconds. */
  endToEndMeanS?: number | null;
  endToEndP99S?: number | null;
  /** Cache: lookups answered by waiting on another lookup's fetch (coalescing). */
  coalesced?: number;
  /** Key-model cache with writeEndpoints: successful writes that dropped (invalidate) or stored (writeThrough) keys. */
  cacheWrites?: number;
  /** Service pool with loadShedding: visits shed with 503 (also counted in rejected). */
  shed?: number;
  /** Serverless: cold starts and GB-seconds billed (memory × time an environment is held). */
  coldStarts?: number;
  gbSeconds?: number;
  /** Circuit breakers of this caller: calls refused while open. */
  breakerRefused?: number;
  /** Retries denied by a retry budget. */
  retriesDenied?: number;
}

export type Interval = [number, number];

export interface SimulationSummary {
  offeredRps: number;
  throughputRps: number;
  /** Failed / (completed + failed) in the measured period. */
  errorRate: number;
  errors: ErrorCounts;
  latency: LatencySummary;
  /** 95% confidence intervals (null when there are too few batches or replications). */
  ci95: {
    method: 'batchMeans' | 'replications';
    /** Number of batches or replications behind the intervals. */
    n: number;
    latencyMeanS: Interval | null;
    p99S: Interval | null;
    throughputRps: Interval | null;
  };
}

export interface SimulationChecks {
  /** Over the whole run: arrived = completed + failed + inFlight. */
  conservation: { arrived: number; completed: number; failed: number; inFlight: number; holds: boolean };
  /** Little's law over the measured period: L (time average) against X·R (all finished requests). */
  littlesLaw: { meanInSystem: number; throughputRps: number; meanResponseS: number; relativeError: number };
}

/** Per-batch (or per-replication) values behind the confidence intervals. */
export interface BatchSeries {
  latencyMeanS: number[];
  p99S: number[];
  throughputRps: number[];
}

export interface SparseHistogramJson {
  /** Alternating bin index and count (log-linear bins, see models/engine/histogram.ts). */
  bins: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface SimulationResult {
  formatVersion: 1;
  seed: number;
  /** Replication index of a single run, or the number of replications merged. */
  replication: number;
  replications: number;
  scenario: string | null;
  durationS: number;
  warmupS: number;
  windowS: number;
  /** durationS − warmupS. */
  measuredS: number;
  events: number;
  /** Whole run, warm-up included. */
  requests: { arrived: number; completed: number; failed: number; inFlight: number };
  /** Measured period only. */
  measured: { arrived: number; completed: number; failed: number };
  summary: SimulationSummary;
  checks: SimulationChecks;
  batches: BatchSeries;
  components: ComponentStats[];
  windows: WindowStats[];
  /** Latency of successful requests in the measured period. */
  latencyHistogram: SparseHistogramJson;
  /** Time per part of the sampled requests, bucketed by latency (adds exactly over replications). */
  tailTrace?: TailTraceJson;
  /** Where the measured tail comes from: above-p99 against median requests (null without samples in both groups). */
  tailAttribution?: MeasuredTailAttribution | null;
}

/** A part of a request's latency: a component's own time, or the network / retries of one call. */
export interface TailPartLabel {
  /** Station id (local) or the callee's id (network, retry). */
  component: string;
  /** 'caller → callee' for network and retry parts; null for local time. */
  call: string | null;
  /** local: queue wait + work at the component, its synchronous calls excluded; network: both legs of the call; retry: failed attempts, timeouts and backoff of the call. */
  kind: 'local' | 'network' | 'retry';
}

/** Accumulated breakdowns of the traced requests (every `every`-th request of each source). */
export interface TailTraceJson {
  every: number;
  /** Requests picked for tracing over the whole run (warm-up included). */
  sampled: number;
  parts: TailPartLabel[];
  /** Latency buckets (histogram bin >> 4: at most 1.6% wide) with at least one traced request, ascending. */
  buckets: number[];
  /** Traced successful measured requests per bucket. */
  counts: number[];
  /** Sum of seconds per bucket and part, bucket-major (buckets.length × parts.length). */
  sums: number[];
}

export interface MeasuredTailPart extends TailPartLabel {
  tailMeanSeconds: number;
  medianMeanSeconds: number;
  /** tailMeanSeconds − medianMeanSeconds. */
  excessSeconds: number;
  /** excessSeconds over the sum of all parts' excess (tail mean − median mean latency). */
  excessShare: number;
}

export interface MeasuredTailAttribution {
  /** The run's p99 and median latency, seconds (from the full latency histogram). */
  p99Seconds: number;
  medianSeconds: number;
  /** Traced requests at or above the run's p99 bucket, and within the p40–p60 buckets. */
  tailRequests: number;
  medianRequests: number;
  /** Traced requests recorded (successful, measured) and the sampling period. */
  sampledRequests: number;
  sampleEvery: number;
  /** Mean latency of each group, seconds (the sum of its parts' means). */
  tailMeanSeconds: number;
  medianMeanSeconds: number;
  /** Parts with time in either group, largest excess first. */
  parts: MeasuredTailPart[];
  /** The part with the largest excess (the hop that makes the tail). */
  tailHop: MeasuredTailPart | null;
}

export interface SimulationProgress {
  simulatedS: number;
  /** 0..1 of the simulated duration. */
  fraction: number;
  events: number;
}
