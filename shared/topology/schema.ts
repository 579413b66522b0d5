import { z } from 'zod';
import { DistributionSchema } from './distribution.js';
import {
  bytes,
  fraction,
  id,
  int,
  MAX_ID,
  MAX_RPS,
  ms,
  name,
  num,
  posMs,
  posSec,
  sec,
  text,
  usd,
} from './fields.js';

/** Schema version this build writes; older files are migrated on load. */
export const CURRENT_SCHEMA_VERSION = 1;

/** Most components a topology may hold. */
export const MAX_COMPONENTS = 500;
/** Most endpoints one traffic source may hold. */
export const MAX_ENDPOINTS = 200;
/** Most handlers one component may hold. */
export const MAX_HANDLERS = 200;
/** Most calls one handler may make. */
export const MAX_CALLS = 64;
/** Most scenarios a topology may hold. */
export const MAX_SCENARIOS = 100;
/** Most failure events or profile points one scenario may hold. */
export const MAX_EVENTS = 2000;
/** Most zones one pool may list. */
export const MAX_ZONES = 16;

const list = <T extends z.ZodType>(item: T, max: number, min = 0) =>
  z
    .array(item, { error: 'must be a list' })
    .min(min, { error: `must have at least ${min} item${min === 1 ? '' : 's'}` })
    .max(max, { error: `must have at most ${max} items` });

const recordOf = <T extends z.ZodType>(key: z.ZodType<string>, value: T, max: number) =>
  z
    .record(key, value, { error: 'must be an object keyed by id' })
    .refine((r) => Object.keys(r).length <= max, { message: `must have at most ${max} entries` });

/** Key of a handler: an endpoint id, or "*" for every endpoint without its own handler. */
export const HandlerKeySchema = z
  .string()
  .max(MAX_ID)
  .regex(/^(\*|[a-z][a-z0-9-]*)$/, { error: 'must be an endpoint id or "*"' });

/** Zone name, e.g. "us-east-1a". */
export const ZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'must be a zone name of letters, digits, dots, dashes' });

/** Network latency of a call: a class with a built-in distribution, or an explicit distribution in ms. */
export const NetworkSchema = z.union([z.enum(['sameZone', 'crossZone', 'crossRegion']), DistributionSchema]);

/** Retry policy of a caller: up to `attempts` tries in total, with exponential backoff. */
export const RetrySchema = z.strictObject({
  attempts: int(1, 20).describe('Total tries including the first (1 = no retry).'),
  backoffMs: ms().optional().describe('Wait before the first retry, in ms (default 0).'),
  multiplier: num(1, 10).optional().describe('Backoff growth per retry (default 2).'),
  maxBackoffMs: ms().optional().describe('Cap on one backoff wait, in ms (default none).'),
  jitter: z.enum(['none', 'full', 'equal']).optional().describe('Backoff jitter (default "none").'),
  budgetPercent: num(0, 100)
    .optional()
    .describe('Retries allowed as a percentage of first tries, per caller (default unlimited).'),
  retryOn: z
    .array(z.enum(['timeout', 'rejected', 'rateLimited', 'error', 'circuitOpen']))
    .max(5)
    .optional()
    .describe('Failure causes that are retried (default timeout, rejected, error).'),
});

/** Circuit breaker on a caller → callee edge. */
export const CircuitBreakerSchema = z.strictObject({
  errorThreshold: num(0, 1, { exclusiveMin: true }).describe('Failure fraction in the window that opens it.'),
  minRequests: int(1).optional().describe('Requests in the window before it may open (default 20).'),
  windowS: posSec().describe('Length of the sliding window, in seconds.'),
  openMs: posMs().describe('Time it stays open before half-open, in ms.'),
  halfOpenProbes: int(1, 1000).describe('Trial requests allowed while half-open.'),
});

/** A hop to another component (routes, misses, balancer targets): the common part of a call. */
const hopShape = {
  to: id().describe('Id of the component called.'),
  network: NetworkSchema.optional().describe('Network latency of the hop each way (default: none).'),
  timeoutMs: posMs().optional().describe('Caller gives up after this many ms (default: never).'),
  retry: RetrySchema.optional().describe('Retry policy of the caller on this hop (default: no retry).'),
  circuitBreaker: CircuitBreakerSchema.optional().describe('Circuit breaker on this hop (default: none).'),
};

/** A call a handler makes after its work. */
export const CallSchema = z.strictObject({
  ...hopShape,
  probability: fraction().optional().describe('Chance the call is made (default 1).'),
  mode: z
    .enum(['sync', 'async'])
    .optional()
    .describe('sync waits for the answer; async fires and forgets (default sync).'),
  group: id().optional().describe('Consecutive calls sharing a group run in parallel; the slowest decides.'),
  choice: id()
    .optional()
    .describe(
      'Calls sharing a choice are alternatives: at most one is made, by their probabilities (sum <= 1).',
    ),
});

/** A hop to another component with network, timeout, retry and circuit breaker. */
export const HopSchema = z.strictObject(hopShape);

/** The work a component does for one endpoint, then the calls it makes. */
export const HandlerSchema = z.strictObject({
  workMs: DistributionSchema.describe('CPU work per request, in ms of one core.'),
  calls: list(CallSchema, MAX_CALLS)
    .optional()
    .describe('Calls made after the work, in order (default none).'),
  errorRate: fraction().optional().describe('Fraction of requests that fail after their work (default 0).'),
});

/** A database handler: a query's work and whether it writes. */
export const DatabaseHandlerSchema = z.strictObject({
  workMs: DistributionSchema.describe('Query work, in ms of one core.'),
  writeFraction: fraction()
    .optional()
    .describe('Fraction of queries that are writes, served by the primary (default 0).'),
  errorRate: fraction().optional().describe('Fraction of queries that fail (default 0).'),
});

/** How a pool picks one of its instances, or a balancer one of its targets' instances. */
export const BalancePolicySchema = z.enum([
  'roundRobin',
  'weightedRoundRobin',
  'random',
  'leastOutstanding',
  'powerOfTwo',
  'consistentHash',
]);

/** An endpoint of the request mix a source sends. */
export const EndpointSchema = z.strictObject({
  id: id().describe('Stable id, unique across the file; handlers are keyed by it.'),
  name: name().describe('Human-readable name, e.g. "GET /product".'),
  weight: num(0, 1e9).describe('Relative share of the source traffic (weights are normalized).'),
  to: id().describe('Id of the first component the request reaches.'),
  network: NetworkSchema.optional().describe('Client-to-entry latency each way (default: none).'),
  timeoutMs: posMs().optional().describe('Client gives up after this many ms (default: never).'),
  retry: RetrySchema.optional().describe('Client retry policy (default: no retry).'),
  requestBytes: bytes().optional().describe('Request payload size in bytes.'),
  responseBytes: bytes().optional().describe('Response payload size in bytes.'),
  keys: int(1)
    .optional()
    .describe('Distinct request keys (cache, consistent hash, shards); default 1000000.'),
  zipfS: num(0, 5).optional().describe('Zipf exponent of key popularity (0 = uniform; default 0).'),
});

/** Arrival process of an open workload; the long-run mean rate is always the source's rate. */
export const ArrivalsSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('poisson').describe('Arrival process: Poisson (exponential gaps).') }),
  z.strictObject({
    type: z.literal('onOff').describe('Arrival process: bursts at a higher rate separated by silences.'),
    onMs: DistributionSchema.describe('Length of a burst, in ms.'),
    offMs: DistributionSchema.describe('Length of a silence, in ms.'),
  }),
  z.strictObject({
    type: z
      .literal('mmpp')
      .describe('Arrival process: Markov-modulated Poisson (rate switches between states).'),
    states: list(
      z.strictObject({
        rateFactor: num(0, 1e6).describe('Relative arrival rate in this state.'),
        meanDurationMs: posMs().describe('Mean (exponential) time spent in the state, in ms.'),
      }),
      16,
      2,
    ).describe('States of the modulating chain (2 to 16), each with a rate factor and mean duration.'),
  }),
]);

/** Open (rate-driven) or closed (user-driven) workload of a source. */
export const WorkloadSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('open').describe('Workload type: open (requests arrive at a rate).'),
    rateRps: num(0, MAX_RPS).describe(
      'Mean arrival rate before the scenario profile and load factor, requests/s.',
    ),
    arrivals: ArrivalsSchema.optional().describe('Arrival process (default poisson).'),
  }),
  z.strictObject({
    type: z.literal('closed').describe('Workload type: closed (a fixed number of users).'),
    users: int(1, 10_000_000).describe(
      'Concurrent users, each waiting for its answer before thinking again.',
    ),
    thinkTimeMs: DistributionSchema.describe(
      'Time a user thinks between an answer and the next request, ms.',
    ),
  }),
]);

const common = {
  name: name().describe('Human-readable name.'),
  description: text().optional().describe('Free-text notes (documentation only).'),
  preset: z.string().max(MAX_ID).optional().describe('Id of the preset this component started from.'),
};

const poolShape = {
  instances: int(0, 100_000).describe('Instances when not autoscaled (initial count when autoscaled).'),
  instanceType: z
    .string()
    .max(MAX_ID)
    .optional()
    .describe('Pricing catalog instance type, e.g. "m7g.large".'),
  zones: list(ZoneSchema, MAX_ZONES, 1)
    .optional()
    .describe('Zones the instances are spread over, round robin.'),
  policy: BalancePolicySchema.optional().describe(
    'How callers without a balancer pick an instance (default roundRobin).',
  ),
};

/** Where requests enter: an open or closed workload and a request mix. */
export const SourceSchema = z.strictObject({
  kind: z.literal('source').describe('Component kind: traffic source.'),
  ...common,
  workload: WorkloadSchema.describe('How requests arrive: open (rate) or closed (users).'),
  endpoints: list(EndpointSchema, MAX_ENDPOINTS, 1).describe('Request mix: endpoints sent, by weight.'),
});

/** Token-bucket rate limiter; requests over the limit get 429. */
export const RateLimitSchema = z.strictObject({
  rateRps: num(0, MAX_RPS, { exclusiveMin: true }).describe('Sustained rate, requests/s.'),
  burst: int(1).describe('Bucket size, requests.'),
  scope: z
    .enum(['global', 'perClient'])
    .optional()
    .describe('One bucket, or one per client (default global).'),
  clients: int(1).optional().describe('Distinct clients when scope is perClient (default 1000).'),
});

/** API gateway: per-request latency, rate limiting, routing by endpoint. */
export const GatewaySchema = z.strictObject({
  kind: z.literal('gateway').describe('Component kind: API gateway.'),
  ...common,
  latencyMs: DistributionSchema.describe('Gateway processing per request (auth, TLS), ms.'),
  auth: z
    .enum(['none', 'jwt', 'session'])
    .optional()
    .describe('Authentication style (documentation; latency is latencyMs).'),
  rateLimit: RateLimitSchema.optional().describe('Token-bucket rate limit; excess gets 429 (default none).'),
  routes: recordOf(HandlerKeySchema, HopSchema, MAX_HANDLERS).describe('Upstream per endpoint id, or "*".'),
  instanceType: z.string().max(MAX_ID).optional().describe('Pricing catalog instance type of the gateway.'),
});

/** Health checks of a load balancer. */
export const HealthCheckSchema = z.strictObject({
  intervalMs: posMs().describe('Time between checks, ms.'),
  threshold: int(1, 100).describe('Failed checks before an instance is taken out.'),
  timeoutMs: posMs().optional().describe('A check fails after this many ms.'),
});

/** Load balancer: splits across target pools by weight, then picks an instance by policy. */
export const LoadBalancerSchema = z.strictObject({
  kind: z.literal('loadBalancer').describe('Component kind: load balancer.'),
  ...common,
  policy: BalancePolicySchema.describe('How an instance of the chosen target pool is picked.'),
  latencyMs: DistributionSchema.optional().describe('Added latency per request, ms (default none).'),
  targets: list(
    z.strictObject({
      to: id().describe('Id of the target pool.'),
      weight: num(0, 1e6).optional().describe('Relative share across target pools (default 1).'),
      network: NetworkSchema.optional().describe('Balancer-to-target latency each way (default: none).'),
      timeoutMs: posMs().optional().describe('Balancer gives up after this many ms (default: never).'),
    }),
    32,
    1,
  ).describe('Target pools the balancer splits traffic across.'),
  healthCheck: HealthCheckSchema.optional().describe(
    'Health checks that take failed instances out (default none).',
  ),
});

/** Load shedding of a service pool: shed visits fail at once with 503 (counted as rejected and shed). */
export const LoadSheddingSchema = z.strictObject({
  maxInFlight: int(1, 100_000_000)
    .optional()
    .describe('Visits per instance (working, waiting, or waiting on calls) beyond which arrivals are shed.'),
  maxQueueWaitMs: posMs()
    .optional()
    .describe('A visit that waited longer than this for a worker or a core is shed instead of served, ms.'),
});

/** Service pool: instances with cores, workers, a wait queue and per-endpoint handlers. */
export const ServiceSchema = z.strictObject({
  kind: z.literal('service').describe('Component kind: service pool.'),
  ...common,
  ...poolShape,
  cores: int(1, 1024).describe('CPU servers per instance.'),
  workers: int(1, 10_000_000).optional().describe('Concurrency slots per instance (default unlimited).'),
  queueLimit: int(0, 100_000_000)
    .optional()
    .describe('Requests per instance waiting for a worker; overflow gets 503 (default unlimited).'),
  loadShedding: LoadSheddingSchema.optional().describe(
    'Sheds load with 503 before it queues up (default none).',
  ),
  discipline: z
    .enum(['fcfs', 'ps'])
    .optional()
    .describe('CPU scheduling: fcfs or processor sharing (default fcfs).'),
  handlers: recordOf(HandlerKeySchema, HandlerSchema, MAX_HANDLERS).describe(
    'Work and calls per endpoint id, or "*".',
  ),
});

/** How a cache decides hits. */
export const CacheHitSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ratio').describe('Hit model: a fixed hit ratio.'),
    hitRatio: fraction().describe('Fixed fraction of lookups that hit.'),
  }),
  z.strictObject({
    type: z.literal('keys').describe('Hit model: keys with a capacity and an eviction policy.'),
    capacity: int(1).describe('Keys the cache can hold.'),
    evictionPolicy: z
      .enum(['lru', 'lfu', 'ttl'])
      .describe('Which key leaves when full: lru, lfu, or expiry after ttlMs.'),
    ttlMs: posMs().optional().describe('Time to live of an entry, ms (required for ttl).'),
    warm: z.boolean().optional().describe('Start filled with the most popular keys (default false: cold).'),
  }),
]);

/** Cache, CDN or client cache: a hit answers after latencyMs; a miss goes to `miss` and fills. */
export const CacheSchema = z.strictObject({
  kind: z.literal('cache').describe('Component kind: cache.'),
  ...common,
  tier: z.enum(['cache', 'cdn', 'client']).optional().describe('Where it sits (default cache).'),
  nodes: int(1, 10_000).optional().describe('Cache nodes (default 1).'),
  instanceType: z.string().max(MAX_ID).optional().describe('Pricing catalog instance type of a node.'),
  latencyMs: DistributionSchema.describe('Lookup latency, ms.'),
  hit: CacheHitSchema.describe('How hits are decided: a fixed ratio or simulated keys.'),
  miss: HopSchema.optional().describe(
    'Where a miss goes (read-through); omitted: a miss answers as not found.',
  ),
  coalescing: z
    .boolean()
    .optional()
    .describe('Concurrent misses for one key share one fetch (default false).'),
  cacheable: list(id(), MAX_ENDPOINTS)
    .optional()
    .describe('Endpoint ids that are cached; others pass through to miss (default all).'),
  writeEndpoints: list(id(), MAX_ENDPOINTS)
    .optional()
    .describe('Endpoint ids that write the key they carry; they go to miss and then apply writePolicy.'),
  writePolicy: z
    .enum(['invalidate', 'writeThrough'])
    .optional()
    .describe('A successful write drops the key (next read misses) or stores it (default invalidate).'),
  maxRpsPerNode: num(0, MAX_RPS, { exclusiveMin: true })
    .optional()
    .describe('Operations/s one node serves; beyond it operations queue at the node (default unlimited).'),
});

/** Database: primary, read replicas, shards, connection limit and per-endpoint queries. */
export const DatabaseSchema = z.strictObject({
  kind: z.literal('database').describe('Component kind: database.'),
  ...common,
  engine: z.string().max(MAX_ID).optional().describe('Engine name, e.g. "postgresql" (documentation).'),
  instanceType: z.string().max(MAX_ID).optional().describe('Pricing catalog instance type of a node.'),
  zones: list(ZoneSchema, MAX_ZONES, 1).optional().describe('Zones of the primary and replicas, in order.'),
  cores: int(1, 1024).describe('CPU servers per node (primary and each replica).'),
  connections: int(1, 1_000_000).optional().describe('Concurrent queries per node (default unlimited).'),
  queueLimit: int(0, 100_000_000)
    .optional()
    .describe('Queries per node waiting for a connection (default unlimited).'),
  replicas: int(0, 64).optional().describe('Read replicas per shard (default 0).'),
  readsOnPrimary: z
    .boolean()
    .optional()
    .describe('Primary also serves reads (default: only when there are no replicas).'),
  replicationLagMs: DistributionSchema.optional().describe('Replica lag, ms (default none).'),
  shards: int(1, 4096)
    .optional()
    .describe('Shards, each a primary with its replicas; key → shard by hash (default 1).'),
  failoverMs: posMs()
    .optional()
    .describe('Time to promote a replica when the primary dies, ms (default 30000).'),
  storageGb: num(0, 1e9)
    .optional()
    .describe(
      'Provisioned storage per node (primary and each replica of each shard), GB, billed at the catalog’s $/GB-month (default 0).',
    ),
  handlers: recordOf(HandlerKeySchema, DatabaseHandlerSchema, MAX_HANDLERS).describe(
    'Queries per endpoint id, or "*".',
  ),
});

/** Message queue: producers get an ack after publish latency; a worker pool consumes. */
export const QueueSchema = z.strictObject({
  kind: z.literal('queue').describe('Component kind: message queue.'),
  ...common,
  publishMs: DistributionSchema.describe('Time until the producer gets its ack, ms.'),
  maxDepth: int(1).optional().describe('Messages held; publishing beyond fails (default unlimited).'),
  partitions: int(1, 100_000)
    .optional()
    .describe('Partitions: at most this many consumer instances take messages at once (default no limit).'),
  maxPublishRps: num(0, MAX_RPS, { exclusiveMin: true })
    .optional()
    .describe('Messages/s the brokers accept; excess publishes get 429 (default unlimited).'),
  brokers: int(1, 1000)
    .optional()
    .describe('Broker nodes of a self-run queue (Kafka, RabbitMQ); billed with instanceType (default 1).'),
  instanceType: z
    .string()
    .max(MAX_ID)
    .optional()
    .describe('Pricing catalog type of the brokers; without it the queue is priced per request, like SQS.'),
  consumer: z
    .strictObject({
      to: id().describe('Id of the service or serverless pool that consumes.'),
      maxAttempts: int(1, 100)
        .optional()
        .describe('Deliveries before a message goes to the dead-letter queue (default 1).'),
      deliveryMs: DistributionSchema.optional().describe(
        'Delivery latency to a free worker, ms (default none).',
      ),
    })
    .describe('The worker pool that consumes messages.'),
});

/** Metric an autoscaler tracks. */
export const ScalingMetricSchema = z.enum(['cpu', 'requestsPerInstance', 'backlogPerWorker', 'p95Ms']);

/** Autoscaling policy. */
export const ScalingPolicySchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('targetTracking').describe('Policy: keep the metric near a target.'),
    metric: ScalingMetricSchema.describe(
      'Metric tracked (cpu, requestsPerInstance, backlogPerWorker, p95Ms).',
    ),
    target: num(0, 1e9, { exclusiveMin: true }).describe(
      'Target value (cpu as a fraction 0..1; rps; messages; ms).',
    ),
  }),
  z.strictObject({
    type: z.literal('step').describe('Policy: add or remove instances by metric ranges.'),
    metric: ScalingMetricSchema.describe(
      'Metric the steps compare (cpu, requestsPerInstance, backlogPerWorker, p95Ms).',
    ),
    steps: list(
      z.strictObject({
        above: num(-1e12, 1e12).optional().describe('Applies when the metric is above this value.'),
        below: num(-1e12, 1e12).optional().describe('Applies when the metric is below this value.'),
        change: int(-100_000, 100_000).describe('Instances to add (negative: remove).'),
      }),
      32,
      1,
    ).describe('Ranges of the metric and the instance change each applies.'),
  }),
  z.strictObject({
    type: z.literal('scheduled').describe('Policy: set bounds and counts at given times.'),
    actions: list(
      z.strictObject({
        atS: sec().describe('Scenario time of the action, seconds.'),
        minInstances: int(0, 100_000).optional().describe('New lower bound on instances.'),
        maxInstances: int(0, 100_000).optional().describe('New upper bound on instances.'),
        desired: int(0, 100_000).optional().describe('Instance count to set at atS.'),
      }),
      1000,
      1,
    ).describe('Timed actions on the instance bounds and count.'),
  }),
]);

/** Autoscaler attached to a service pool. */
export const AutoscalerSchema = z.strictObject({
  kind: z.literal('autoscaler').describe('Component kind: autoscaler.'),
  ...common,
  target: id().describe('Id of the service pool it scales.'),
  minInstances: int(0, 100_000).describe('Fewest instances it scales in to.'),
  maxInstances: int(1, 100_000).describe('Most instances it scales out to.'),
  policy: ScalingPolicySchema.describe('Scaling policy: target tracking, step or scheduled.'),
  evaluationPeriodS: posSec().optional().describe('Metric averaging period, seconds (default 60).'),
  metricDelayS: sec()
    .optional()
    .describe('The metric reaches the autoscaler this late: it acts on the past period, s (default 0).'),
  scaleOutCooldownS: sec().optional().describe('Wait after a scale-out, seconds (default 60).'),
  scaleInCooldownS: sec().optional().describe('Wait after a scale-in, seconds (default 300).'),
  warmupS: sec().optional().describe('Launch to ready: billed but not serving, seconds (default 60).'),
  drainS: sec()
    .optional()
    .describe('A removed instance finishes in-flight work for up to this long, s (default 30).'),
});

/** Serverless pool: per-request cold starts, concurrency limit, billed per request and GB-second. */
export const ServerlessSchema = z.strictObject({
  kind: z.literal('serverless').describe('Component kind: serverless pool.'),
  ...common,
  memoryMb: int(64, 32_768).describe('Memory per instance, MiB (billing and, on most clouds, CPU share).'),
  concurrencyLimit: int(1, 1_000_000).describe('Most instances at once; excess gets 429.'),
  provisioned: int(0, 1_000_000).optional().describe('Instances kept warm (default 0).'),
  coldStartMs: DistributionSchema.describe('Extra latency when no warm instance is idle, ms.'),
  idleTimeoutS: posSec()
    .optional()
    .describe('An idle instance is reclaimed after this many seconds (default 600).'),
  zones: list(ZoneSchema, MAX_ZONES, 1).optional().describe('Zones the instances run in, round robin.'),
  handlers: recordOf(HandlerKeySchema, HandlerSchema, MAX_HANDLERS).describe(
    'Work and calls per endpoint id, or "*".',
  ),
});

/** Third-party API: a latency distribution, an error rate and a quota. */
export const ExternalSchema = z.strictObject({
  kind: z.literal('external').describe('Component kind: third-party API.'),
  ...common,
  latencyMs: DistributionSchema.describe('Response time, ms.'),
  errorRate: fraction().optional().describe('Fraction of calls that fail (default 0).'),
  quotaRps: num(0, MAX_RPS, { exclusiveMin: true })
    .optional()
    .describe('Calls per second allowed; excess gets 429.'),
  concurrencyLimit: int(1)
    .optional()
    .describe('Concurrent calls allowed; excess gets 429 (default unlimited).'),
  pricePerMillionUsd: usd().optional().describe('Cost per million calls, USD.'),
});

/** Any component, discriminated by `kind`. */
export const ComponentSchema = z.discriminatedUnion('kind', [
  SourceSchema,
  GatewaySchema,
  LoadBalancerSchema,
  ServiceSchema,
  CacheSchema,
  DatabaseSchema,
  QueueSchema,
  AutoscalerSchema,
  ServerlessSchema,
  ExternalSchema,
]);

/** Load profile over the scenario timeline: a factor on every open source's rate. */
export const ProfileSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant').describe('Profile: factor 1 throughout.') }),
  z.strictObject({
    type: z.literal('ramp').describe('Profile: linear ramp between two factors.'),
    fromFactor: num(0, 1e6).describe('Rate factor at startS (and before).'),
    toFactor: num(0, 1e6).describe('Rate factor at endS (and after).'),
    startS: sec().optional().describe('Ramp start, seconds (default 0).'),
    endS: sec().optional().describe('Ramp end, seconds (default the scenario end).'),
  }),
  z.strictObject({
    type: z.literal('step').describe('Profile: factor changes in steps.'),
    steps: list(
      z.strictObject({ atS: sec(), factor: num(0, 1e6).describe('Rate factor from atS on.') }),
      2000,
      1,
    ).describe('From atS on the factor is `factor` (1 before the first step).'),
  }),
  z.strictObject({
    type: z.literal('spike').describe('Profile: one spike of the factor.'),
    atS: sec(),
    durationS: posSec(),
    factor: num(0, 1e6).describe('Factor at the top of the spike (1 outside it).'),
    rampS: sec().optional().describe('Linear rise and fall time, seconds (default 0).'),
  }),
  z.strictObject({
    type: z.literal('diurnal').describe('Profile: sinusoidal daily cycle.'),
    periodS: posSec().optional().describe('Period, seconds (default 86400).'),
    minFactor: num(0, 1e6).describe('Rate factor at the trough.'),
    maxFactor: num(0, 1e6).describe('Rate factor at the peak.'),
    peakAtS: sec()
      .optional()
      .describe('Time of the peak within the period, seconds (default half the period).'),
  }),
  z.strictObject({
    type: z.literal('piecewise').describe('Profile: linear between points.'),
    points: list(
      z.strictObject({ atS: sec(), factor: num(0, 1e6).describe('Rate factor at atS.') }),
      100_000,
      1,
    ).describe('Linear interpolation between points; constant before the first and after the last.'),
  }),
]);

const eventShape = {
  atS: sec().describe('When it starts, seconds from the scenario start.'),
  durationS: posSec().optional().describe('How long it lasts, seconds (default: to the end).'),
};

/** A scripted failure on the scenario timeline. */
export const FailureEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('killInstances').describe('Failure: instances of target go down.'),
    ...eventShape,
    target: id().describe('Id of the component affected.'),
    count: int(1, 100_000).describe('Instances taken down.'),
  }),
  z.strictObject({
    type: z.literal('killZone').describe('Failure: every instance in a zone goes down.'),
    ...eventShape,
    zone: ZoneSchema.describe('Zone that fails.'),
  }),
  z.strictObject({
    type: z.literal('slowdown').describe('Failure: work of target takes longer.'),
    ...eventShape,
    target: id().describe('Id of the component affected.'),
    factor: num(0, 1000, { exclusiveMin: true }).describe('Multiplier on work times (2 = twice as slow).'),
  }),
  z.strictObject({
    type: z.literal('errorRate').describe('Failure: target fails a fraction of requests.'),
    ...eventShape,
    target: id().describe('Id of the component affected.'),
    rate: fraction().describe('Fraction of requests that fail (0..1).'),
  }),
  z.strictObject({
    type: z.literal('flushCache').describe('Failure: the cache loses every key.'),
    atS: sec(),
    target: id().describe('Id of the component affected.'),
  }),
  z.strictObject({
    type: z.literal('failover').describe('Failure: the database primary dies and a replica is promoted.'),
    atS: sec(),
    target: id().describe('Id of the component affected.'),
  }),
  z.strictObject({
    type: z.literal('cutCall').describe('Failure: calls from one component to another fail.'),
    ...eventShape,
    from: id().describe('Id of the caller.'),
    to: id().describe('Id of the callee.'),
  }),
]);

/** Random failures: each instance of target fails after an exponential MTTF and recovers after an MTTR. */
export const RandomFailureSchema = z.strictObject({
  target: id().describe('Id of the component whose instances fail.'),
  mttfS: posSec().describe('Mean time to failure per instance, seconds.'),
  mttrS: posSec().describe('Mean time to repair, seconds.'),
});

/** A workload scenario: duration, warm-up, profile and failures. */
export const ScenarioSchema = z.strictObject({
  name: name().describe('Human-readable name.'),
  description: text().optional().describe('Free-text notes (documentation only).'),
  durationS: posSec().describe('Simulated time, seconds, including warm-up.'),
  warmupS: sec().optional().describe('Discarded from statistics, seconds (default 0).'),
  loadFactor: num(0, 1e6)
    .optional()
    .describe('Multiplies every open rate and closed user count (default 1).'),
  profile: ProfileSchema.optional().describe('Rate over time (default constant).'),
  failures: list(FailureEventSchema, MAX_EVENTS)
    .optional()
    .describe('Scripted failures on the timeline (default none).'),
  randomFailures: list(RandomFailureSchema, 500)
    .optional()
    .describe('Random instance failures by MTTF and MTTR (default none).'),
});

/** Service-level objective. */
export const SloSchema = z.strictObject({
  latency: list(
    z.strictObject({
      percentile: num(0, 100, { exclusiveMin: true, exclusiveMax: true }).describe('e.g. 99 or 99.9.'),
      maxMs: posMs(),
      endpoint: id().optional().describe('Only this endpoint (default all requests).'),
    }),
    50,
  )
    .optional()
    .describe('Latency targets: a percentile must stay under maxMs.'),
  maxErrorRate: fraction().optional().describe('Largest acceptable fraction of failed requests.'),
});

/** Pricing overrides on top of the built-in catalog. */
export const PricingSchema = z.strictObject({
  region: z.string().max(MAX_ID).optional().describe('Catalog region, e.g. "us-east-1".'),
  instanceHourlyUsd: recordOf(z.string().max(MAX_ID), usd(), 1000)
    .optional()
    .describe('USD per hour by instance type.'),
  componentHourlyUsd: recordOf(id(), usd(), 1000).optional().describe('Flat USD per hour per component id.'),
  perMillionRequestsUsd: recordOf(id(), usd(), 1000)
    .optional()
    .describe('USD per million requests per component id.'),
  dataTransferPerGbUsd: z
    .strictObject({
      crossZone: usd().optional().describe('USD per GB between zones.'),
      crossRegion: usd().optional().describe('USD per GB between regions.'),
      egress: usd().optional().describe('USD per GB to the internet.'),
    })
    .optional()
    .describe('Data transfer prices, USD per GB.'),
  serverlessPerGbSecondUsd: usd().optional(),
  serverlessPerMillionUsd: usd().optional(),
  billing: z
    .enum(['perSecond', 'perHour'])
    .optional()
    .describe(
      'Billing of instances launched during a run: per second (60 s minimum) or per started hour (default perSecond).',
    ),
});

/** One variable a right-sizing search may change: a dotted path of the file and its candidate values. */
export const AdjustableSchema = z
  .strictObject({
    path: z
      .string()
      .max(300)
      .regex(/^components\.[a-z][a-z0-9-]*(\.[A-Za-z][A-Za-z0-9]*)+$/, {
        error: 'must be a dotted path into a component, e.g. "components.api.instances"',
      })
      .describe('Field to vary, e.g. "components.api.instances" or "components.api.instanceType".'),
    values: list(z.union([num(-1e12, 1e12), z.string().max(MAX_ID)]), 1000, 1)
      .optional()
      .describe('Candidate values (numbers or instance types).'),
    min: num(-1e12, 1e12).optional().describe('Smallest value of a numeric range.'),
    max: num(-1e12, 1e12).optional().describe('Largest value of a numeric range.'),
    step: num(0, 1e12, { exclusiveMin: true }).optional().describe('Step of the range (default 1).'),
  })
  .refine((a) => (a.values !== undefined) !== (a.min !== undefined && a.max !== undefined), {
    message: 'give either values, or min and max',
  })
  .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, {
    message: 'min must be <= max',
    path: ['max'],
  })
  .refine((a) => a.min === undefined || a.max === undefined || (a.max - a.min) / (a.step ?? 1) <= 10_000, {
    message: 'the range has more than 10000 steps',
    path: ['step'],
  });

/** Capacity-planning settings: what `headroom plan right-size` may adjust. */
export const PlanningSchema = z.strictObject({
  adjustable: list(AdjustableSchema, 32)
    .optional()
    .describe(
      'Variables a right-sizing search may change (instance counts and types, replicas, cache size, autoscaler bounds).',
    ),
});

/** Canvas layout, kept apart from the model. */
export const LayoutSchema = z.strictObject({
  nodes: recordOf(
    id(),
    z.strictObject({
      x: num(-1e7, 1e7).describe('Left edge of the node on the canvas, canvas pixels.'),
      y: num(-1e7, 1e7).describe('Top edge of the node on the canvas, canvas pixels.'),
      width: num(0, 1e5).optional().describe('Node width, canvas pixels (default automatic).'),
      height: num(0, 1e5).optional().describe('Node height, canvas pixels (default automatic).'),
    }),
    1000,
  ).describe('Position of each component node by component id.'),
  viewport: z
    .strictObject({
      x: num(-1e8, 1e8).describe('Horizontal pan, screen pixels.'),
      y: num(-1e8, 1e8).describe('Vertical pan, screen pixels.'),
      zoom: num(0.01, 100).describe('Zoom factor (1 = 100 %).'),
    })
    .optional()
    .describe('Canvas pan and zoom.'),
});

/** A whole Headroom file (`*.headroom.json`). */
export const TopologySchema = z.strictObject({
  $schema: z.string().max(2000).optional().describe('URL or path of this JSON Schema, for editors.'),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION).describe('File format version.'),
  name: name().describe('Human-readable name of the design.'),
  description: text().optional().describe('Free-text notes (documentation only).'),
  components: recordOf(id(), ComponentSchema, MAX_COMPONENTS).describe('Components by id.'),
  scenarios: recordOf(id(), ScenarioSchema, MAX_SCENARIOS)
    .optional()
    .describe('Workload scenarios by id; the first is the default.'),
  slo: SloSchema.optional().describe('Service-level objective the design is judged against.'),
  pricing: PricingSchema.optional().describe('Pricing overrides on top of the catalog.'),
  planning: PlanningSchema.optional().describe('Capacity-planning settings.'),
  layout: LayoutSchema.optional().describe('Canvas layout (no effect on results).'),
});

/** A validated Headroom topology. */
export type Topology = z.infer<typeof TopologySchema>;
/** Any component. */
export type Component = z.infer<typeof ComponentSchema>;
/** The `kind` tag of a component. */
export type ComponentKind = Component['kind'];
/** Component of one kind. */
export type ComponentOf<K extends ComponentKind> = Extract<Component, { kind: K }>;
/** A call from a handler. */
export type Call = z.infer<typeof CallSchema>;
/** A hop (route, miss, target) to another component. */
export type Hop = z.infer<typeof HopSchema>;
/** An endpoint of a source's request mix. */
export type Endpoint = z.infer<typeof EndpointSchema>;
/** A handler of a service or serverless pool. */
export type Handler = z.infer<typeof HandlerSchema>;
/** A handler of a database. */
export type DatabaseHandler = z.infer<typeof DatabaseHandlerSchema>;
/** A scenario. */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** A load profile. */
export type Profile = z.infer<typeof ProfileSchema>;
/** A scripted failure. */
export type FailureEvent = z.infer<typeof FailureEventSchema>;
/** The service-level objective. */
export type Slo = z.infer<typeof SloSchema>;
/** Pricing overrides. */
export type Pricing = z.infer<typeof PricingSchema>;
/** Capacity-planning settings. */
export type Planning = z.infer<typeof PlanningSchema>;
/** Canvas layout. */
export type Layout = z.infer<typeof LayoutSchema>;
/** Network latency of a hop. */
export type Network = z.infer<typeof NetworkSchema>;
/** Retry policy. */
export type Retry = z.infer<typeof RetrySchema>;
/** Circuit breaker. */
export type CircuitBreaker = z.infer<typeof CircuitBreakerSchema>;
/** Workload of a source. */
export type Workload = z.infer<typeof WorkloadSchema>;
/** Balancing policy. */
export type BalancePolicy = z.infer<typeof BalancePolicySchema>;

/** All component kinds. */
export const COMPONENT_KINDS: readonly ComponentKind[] = ComponentSchema.options.map(
  (o) => o.shape.kind.value,
);
