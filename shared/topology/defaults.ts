import type { Distribution } from './distribution.js';

/**
 * One-way latency of each network class, in ms. Rule of thumb from published AWS intra-AZ,
 * inter-AZ and inter-region round-trip measurements (same zone ~0.2 ms RTT, cross zone ~1 ms RTT,
 * cross region US east–west ~60–70 ms RTT), halved for one way.
 */
export const NETWORK_CLASS_LATENCY: Readonly<Record<'sameZone' | 'crossZone' | 'crossRegion', Distribution>> =
  {
    sameZone: { type: 'lognormal', p50Ms: 0.1, p99Ms: 0.5 },
    crossZone: { type: 'lognormal', p50Ms: 0.5, p99Ms: 1.5 },
    crossRegion: { type: 'lognormal', p50Ms: 32, p99Ms: 45 },
  };

/** Values the engine uses for optional fields a file omits (documented in docs/file-format.md). */
export const DEFAULTS = {
  /** Chance a call is made. */
  callProbability: 1,
  /** Call mode. */
  callMode: 'sync',
  /** Pool policy when a caller reaches a multi-instance pool without a balancer. */
  poolPolicy: 'roundRobin',
  /** CPU scheduling discipline. */
  discipline: 'fcfs',
  /** Retry backoff before the first retry, ms. */
  retryBackoffMs: 0,
  /** Retry backoff multiplier. */
  retryMultiplier: 2,
  /** Retry jitter. */
  retryJitter: 'none',
  /** Failure causes retried. */
  retryOn: ['timeout', 'rejected', 'error'],
  /** Requests in the window before a circuit breaker may open. */
  circuitMinRequests: 20,
  /** Distinct request keys of an endpoint. */
  endpointKeys: 1_000_000,
  /** Zipf exponent of key popularity (0 = uniform). */
  endpointZipfS: 0,
  /** Rate limiter clients when scope is perClient. */
  rateLimitClients: 1000,
  /** Load balancer target weight. */
  targetWeight: 1,
  /** Cache nodes. */
  cacheNodes: 1,
  /** Database replicas per shard. */
  databaseReplicas: 0,
  /** Database shards. */
  databaseShards: 1,
  /** Database failover (promotion) time, ms. */
  databaseFailoverMs: 30_000,
  /** Queue partitions. */
  queuePartitions: 1,
  /** Queue deliveries before dead-lettering. */
  queueMaxAttempts: 1,
  /** Autoscaler evaluation period, s. */
  autoscalerEvaluationPeriodS: 60,
  /** Autoscaler scale-out cooldown, s. */
  autoscalerScaleOutCooldownS: 60,
  /** Autoscaler scale-in cooldown, s. */
  autoscalerScaleInCooldownS: 300,
  /** Autoscaler instance warm-up (launch to ready), s. */
  autoscalerWarmupS: 60,
  /** Autoscaler drain time of a removed instance, s. */
  autoscalerDrainS: 30,
  /** Serverless idle instance reclaim time, s. */
  serverlessIdleTimeoutS: 600,
  /** Diurnal profile period, s. */
  diurnalPeriodS: 86_400,
  /** Scenario load factor. */
  loadFactor: 1,
  /** Scenario warm-up, s. */
  warmupS: 0,
} as const;
