import type { ComponentKind, ComponentOf } from '../topology/index.js';

/** Palette defaults for a named product; the user still supplies ids, targets and handlers. */
export interface Preset<K extends ComponentKind = ComponentKind> {
  /** Stable id, stored in a component's `preset` field. */
  readonly id: string;
  /** Product name shown in the palette. */
  readonly name: string;
  /** Component kind the preset creates. */
  readonly kind: K;
  /** Field values the new component starts with. */
  readonly fields: Partial<Omit<ComponentOf<K>, 'kind'>>;
  /** Where the figures come from: vendor documentation, a benchmark, or a stated rule of thumb. */
  readonly source: string;
}

const preset = <K extends ComponentKind>(p: Preset<K>): Preset<K> => p;

/** All presets, grouped by kind in palette order. */
export const PRESETS: readonly Preset[] = [
  preset({
    id: 'nginx',
    name: 'NGINX',
    kind: 'loadBalancer',
    fields: { name: 'NGINX', policy: 'roundRobin', latencyMs: { type: 'lognormal', p50Ms: 0.1, p99Ms: 0.5 } },
    source:
      'Policy: NGINX docs (round-robin is the default upstream method). Latency: rule of thumb for an in-zone L7 proxy hop.',
  }),
  preset({
    id: 'haproxy',
    name: 'HAProxy',
    kind: 'loadBalancer',
    fields: {
      name: 'HAProxy',
      policy: 'roundRobin',
      latencyMs: { type: 'lognormal', p50Ms: 0.1, p99Ms: 0.5 },
      healthCheck: { intervalMs: 2000, threshold: 3 },
    },
    source:
      'Policy and checks: HAProxy docs ("balance roundrobin" default; check inter 2s, fall 3). Latency: rule of thumb.',
  }),
  preset({
    id: 'aws-alb',
    name: 'AWS Application Load Balancer',
    kind: 'loadBalancer',
    fields: {
      name: 'ALB',
      policy: 'roundRobin',
      latencyMs: { type: 'lognormal', p50Ms: 1, p99Ms: 5 },
      healthCheck: { intervalMs: 30000, threshold: 2, timeoutMs: 5000 },
    },
    source:
      'Policy and health checks: AWS ELB docs (round robin default; interval 30 s, unhealthy threshold 2, timeout 5 s). Latency: rule of thumb.',
  }),
  preset({
    id: 'redis',
    name: 'Redis',
    kind: 'cache',
    fields: {
      name: 'Redis',
      tier: 'cache',
      latencyMs: { type: 'lognormal', p50Ms: 0.2, p99Ms: 1 },
      hit: { type: 'keys', capacity: 1_000_000, evictionPolicy: 'lru' },
      maxRpsPerNode: 100_000,
    },
    source:
      'Rule of thumb: sub-millisecond in-zone GET and about 100,000 GET/s per single-threaded node without pipelining (redis-benchmark on one node); allkeys-lru eviction policy.',
  }),
  preset({
    id: 'memcached',
    name: 'Memcached',
    kind: 'cache',
    fields: {
      name: 'Memcached',
      tier: 'cache',
      latencyMs: { type: 'lognormal', p50Ms: 0.2, p99Ms: 1 },
      hit: { type: 'keys', capacity: 1_000_000, evictionPolicy: 'lru' },
    },
    source: 'Memcached docs (LRU eviction). Latency: rule of thumb, sub-millisecond in-zone GET.',
  }),
  preset({
    id: 'cloudfront',
    name: 'Amazon CloudFront',
    kind: 'cache',
    fields: {
      name: 'CloudFront',
      tier: 'cdn',
      latencyMs: { type: 'lognormal', p50Ms: 20, p99Ms: 80 },
      hit: { type: 'ratio', hitRatio: 0.9 },
    },
    source:
      'Rule of thumb: client-to-edge RTT 10-40 ms in well-served regions; 90% hit ratio for static content.',
  }),
  preset({
    id: 'cloudflare',
    name: 'Cloudflare CDN',
    kind: 'cache',
    fields: {
      name: 'Cloudflare',
      tier: 'cdn',
      latencyMs: { type: 'lognormal', p50Ms: 20, p99Ms: 80 },
      hit: { type: 'ratio', hitRatio: 0.9 },
    },
    source:
      'Rule of thumb: client-to-edge RTT 10-40 ms in well-served regions; 90% hit ratio for static content.',
  }),
  preset({
    id: 'akamai',
    name: 'Akamai',
    kind: 'cache',
    fields: {
      name: 'Akamai',
      tier: 'cdn',
      latencyMs: { type: 'lognormal', p50Ms: 20, p99Ms: 80 },
      hit: { type: 'ratio', hitRatio: 0.9 },
    },
    source:
      'Rule of thumb: client-to-edge RTT 10-40 ms in well-served regions; 90% hit ratio for static content.',
  }),
  preset({
    id: 'postgresql',
    name: 'PostgreSQL',
    kind: 'database',
    fields: { name: 'PostgreSQL', engine: 'postgresql', cores: 4, connections: 100, failoverMs: 60000 },
    source:
      'Connections: PostgreSQL docs (max_connections default 100). Failover: AWS RDS Multi-AZ docs (typically 60-120 s).',
  }),
  preset({
    id: 'mysql',
    name: 'MySQL',
    kind: 'database',
    fields: { name: 'MySQL', engine: 'mysql', cores: 4, connections: 151, failoverMs: 60000 },
    source:
      'Connections: MySQL docs (max_connections default 151). Failover: AWS RDS Multi-AZ docs (typically 60-120 s).',
  }),
  preset({
    id: 'mongodb',
    name: 'MongoDB',
    kind: 'database',
    fields: {
      name: 'MongoDB',
      engine: 'mongodb',
      cores: 4,
      connections: 100,
      replicas: 2,
      readsOnPrimary: true,
      failoverMs: 12000,
    },
    source:
      'MongoDB docs: 3-member replica set, driver maxPoolSize default 100, reads on primary by default, elections in ~10-12 s (electionTimeoutMillis 10 s).',
  }),
  preset({
    id: 'oracle',
    name: 'Oracle Database',
    kind: 'database',
    fields: { name: 'Oracle', engine: 'oracle', cores: 8, connections: 300, failoverMs: 60000 },
    source:
      'Rule of thumb: 300 sessions for an 8-core server; Data Guard fast-start failover on the order of a minute.',
  }),
  preset({
    id: 'kafka',
    name: 'Apache Kafka',
    kind: 'queue',
    fields: {
      name: 'Kafka',
      publishMs: { type: 'lognormal', p50Ms: 5, p99Ms: 25 },
      partitions: 12,
      brokers: 3,
      instanceType: 'm7g.large',
    },
    source:
      'Rule of thumb: acks=all produce latency of a few ms in-region (Confluent benchmark blog reports p99 in tens of ms).',
  }),
  preset({
    id: 'rabbitmq',
    name: 'RabbitMQ',
    kind: 'queue',
    fields: {
      name: 'RabbitMQ',
      publishMs: { type: 'lognormal', p50Ms: 1, p99Ms: 10 },
      brokers: 3,
      instanceType: 'm7g.large',
    },
    source:
      'Rule of thumb: publisher-confirm latency around 1 ms in-zone on a classic queue; its consumers take messages in parallel (no partitions).',
  }),
  preset({
    id: 'sqs',
    name: 'Amazon SQS',
    kind: 'queue',
    fields: { name: 'SQS', publishMs: { type: 'lognormal', p50Ms: 15, p99Ms: 60 } },
    source:
      'Rule of thumb: SendMessage round trip of 10-20 ms in-region; standard queues have no partitions to configure.',
  }),
  preset({
    id: 'aws-api-gateway',
    name: 'AWS API Gateway',
    kind: 'gateway',
    fields: {
      name: 'API Gateway',
      latencyMs: { type: 'lognormal', p50Ms: 6, p99Ms: 25 },
      rateLimit: { rateRps: 10000, burst: 5000, scope: 'global' },
    },
    source:
      'Throttle: AWS API Gateway quotas (10,000 requests/s, burst 5,000 per account and region). Latency: rule of thumb.',
  }),
  preset({
    id: 'kong',
    name: 'Kong Gateway',
    kind: 'gateway',
    fields: { name: 'Kong', latencyMs: { type: 'lognormal', p50Ms: 1, p99Ms: 5 }, auth: 'jwt' },
    source:
      'Rule of thumb: ~1 ms added per request with JWT and rate-limiting plugins (Kong performance benchmark docs).',
  }),
  preset({
    id: 'apigee',
    name: 'Apigee',
    kind: 'gateway',
    fields: { name: 'Apigee', latencyMs: { type: 'lognormal', p50Ms: 10, p99Ms: 50 }, auth: 'jwt' },
    source: 'Rule of thumb: a managed gateway with policies adds around 10 ms at the median.',
  }),
  preset({
    id: 'kubernetes-hpa',
    name: 'Kubernetes HPA',
    kind: 'autoscaler',
    fields: {
      name: 'HPA',
      policy: { type: 'targetTracking', metric: 'cpu', target: 0.8 },
      evaluationPeriodS: 15,
      scaleOutCooldownS: 0,
      scaleInCooldownS: 300,
      warmupS: 30,
      drainS: 30,
    },
    source:
      'Kubernetes docs: 15 s sync period, 300 s scale-down stabilization, no scale-up stabilization, 30 s termination grace; pod readiness ~30 s is a rule of thumb.',
  }),
  preset({
    id: 'aws-target-tracking',
    name: 'AWS target tracking',
    kind: 'autoscaler',
    fields: {
      name: 'Target tracking',
      policy: { type: 'targetTracking', metric: 'cpu', target: 0.5 },
      evaluationPeriodS: 60,
      scaleOutCooldownS: 300,
      scaleInCooldownS: 300,
      warmupS: 300,
    },
    source:
      'AWS EC2 Auto Scaling docs: 1-minute metrics, 300 s default cooldown and instance warm-up; 50% CPU is the common example target.',
  }),
  preset({
    id: 'aws-lambda',
    name: 'AWS Lambda',
    kind: 'serverless',
    fields: {
      name: 'Lambda',
      memoryMb: 1024,
      concurrencyLimit: 1000,
      coldStartMs: { type: 'lognormal', p50Ms: 250, p99Ms: 1000 },
      idleTimeoutS: 600,
    },
    source:
      'AWS Lambda docs: 1,000 concurrent executions per region by default. Cold start and idle reclaim (5-15 min): rule of thumb for Node/Python.',
  }),
  preset({
    id: 'google-cloud-functions',
    name: 'Google Cloud Functions',
    kind: 'serverless',
    fields: {
      name: 'Cloud Function',
      memoryMb: 256,
      concurrencyLimit: 100,
      coldStartMs: { type: 'lognormal', p50Ms: 400, p99Ms: 2000 },
      idleTimeoutS: 900,
    },
    source:
      'Google Cloud docs: 256 MiB default memory, 100 max instances default. Cold start and idle time: rule of thumb.',
  }),
  preset({
    id: 'azure-functions',
    name: 'Azure Functions',
    kind: 'serverless',
    fields: {
      name: 'Azure Function',
      memoryMb: 1536,
      concurrencyLimit: 200,
      coldStartMs: { type: 'lognormal', p50Ms: 1000, p99Ms: 4000 },
      idleTimeoutS: 1200,
    },
    source:
      'Azure docs (Consumption plan): 1.5 GB per instance, scale-out to 200 instances. Cold start (1-4 s) and idle time: rule of thumb.',
  }),
];

/** One preset by id, or undefined. */
export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Presets of one kind, in palette order. */
export function presetsOfKind<K extends ComponentKind>(kind: K): Preset<K>[] {
  return PRESETS.filter((p): p is Preset<K> => p.kind === kind);
}
