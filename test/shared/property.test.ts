import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_DOCUMENTS } from '../../shared/templates/index.js';
import {
  distributionCv,
  distributionMeanMs,
  formatIssue,
  INTERNAL_ERROR_PREFIX,
  parseTopology,
  parseTopologyText,
  serializeTopology,
  type Distribution,
  type ParseResult,
} from '../../shared/topology/index.js';

const dbl = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const pos = (max = 1000) => dbl(0.001, max);

const distributionArb: fc.Arbitrary<Distribution> = fc.oneof(
  dbl(0, 1000).map((valueMs) => ({ type: 'constant' as const, valueMs })),
  pos().map((meanMs) => ({ type: 'exponential' as const, meanMs })),
  fc
    .tuple(dbl(0, 1000), dbl(0, 1000))
    .map(([a, b]) => ({ type: 'uniform' as const, minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
  fc.tuple(dbl(0, 1000), dbl(0, 500)).map(([meanMs, sdMs]) => ({ type: 'normal' as const, meanMs, sdMs })),
  fc.tuple(pos(), dbl(0.01, 10)).map(([meanMs, cv]) => ({ type: 'lognormal' as const, meanMs, cv })),
  fc.tuple(pos(), dbl(1, 50)).map(([p50Ms, f]) => ({ type: 'lognormal' as const, p50Ms, p99Ms: p50Ms * f })),
  fc.tuple(pos(), dbl(0.01, 10)).map(([meanMs, cv]) => ({ type: 'gamma' as const, meanMs, cv })),
  fc
    .tuple(fc.integer({ min: 1, max: 50 }), pos())
    .map(([k, meanMs]) => ({ type: 'erlang' as const, k, meanMs })),
  fc.tuple(pos(), dbl(1.01, 10)).map(([scaleMs, shape]) => ({ type: 'pareto' as const, scaleMs, shape })),
  fc.tuple(pos(), dbl(0.1, 100)).map(([scaleMs, shape]) => ({ type: 'weibull' as const, scaleMs, shape })),
  fc.array(fc.tuple(fc.integer({ min: 1, max: 100 }), pos()), { minLength: 1, maxLength: 4 }).map((bs) => {
    const total = bs.reduce((s, [w]) => s + w, 0);
    return {
      type: 'hyperexponential' as const,
      branches: bs.map(([w, meanMs]) => ({ p: w / total, meanMs })),
    };
  }),
  fc
    .tuple(
      fc.option(dbl(0, 100), { nil: undefined }),
      fc.array(fc.tuple(pos(100), dbl(0, 10)), { minLength: 1, maxLength: 6 }),
    )
    .map(([fromMs, steps]) => {
      let edge = fromMs ?? 0;
      const bins = steps.map(([step, weight], i) => {
        edge += step;
        return { upToMs: edge, weight: i === 0 ? weight + 1 : weight };
      });
      return fromMs === undefined
        ? { type: 'empirical' as const, bins }
        : { type: 'empirical' as const, fromMs, bins };
    }),
);

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const int = (min: number, max: number) => fc.integer({ min, max });
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

const rateLimitArb = fc.record(
  {
    rateRps: dbl(0.001, 1e6),
    burst: int(1, 100_000),
    scope: fc.constantFrom('global' as const, 'perClient' as const),
    clients: int(1, 100_000),
  },
  { requiredKeys: ['rateRps', 'burst'] },
);

const gatewayArb = fc.record(
  {
    latencyMs: distributionArb,
    auth: fc.constantFrom('none' as const, 'jwt' as const, 'session' as const),
    rateLimit: rateLimitArb,
    instanceType: fc.constantFrom('m7g.large', 'c7g.xlarge'),
  },
  { requiredKeys: ['latencyMs'] },
);

const cacheHitArb = fc.oneof(
  dbl(0, 1).map((hitRatio) => ({ type: 'ratio' as const, hitRatio })),
  fc
    .record(
      {
        capacity: int(1, 1_000_000),
        evictionPolicy: fc.constantFrom('lru' as const, 'lfu' as const, 'ttl' as const),
        ttlMs: dbl(0.001, 1e8),
        warm: fc.boolean(),
      },
      { requiredKeys: ['capacity', 'evictionPolicy'] },
    )
    // A TTL cache needs its time to live.
    .map((h) => (h.evictionPolicy === 'ttl' ? { ttlMs: 60_000, ...h } : h))
    .map((h) => ({ type: 'keys' as const, ...h })),
);

const cacheArb = fc.record(
  {
    tier: fc.constantFrom('cache' as const, 'cdn' as const, 'client' as const),
    nodes: int(1, 100),
    latencyMs: distributionArb,
    hit: cacheHitArb,
    coalescing: fc.boolean(),
    cacheable: fc.constant(true),
  },
  { requiredKeys: ['latencyMs', 'hit'] },
);

const queueArb = fc.record({
  queue: fc.record(
    {
      publishMs: distributionArb,
      maxDepth: int(1, 1_000_000),
      partitions: int(1, 1000),
      brokers: int(1, 10),
      instanceType: fc.constant('m7g.large'),
    },
    { requiredKeys: ['publishMs'] },
  ),
  consumer: fc.record({ maxAttempts: int(1, 10), deliveryMs: distributionArb }, { requiredKeys: [] }),
  serverless: fc.boolean(),
  workers: int(1, 200),
  work: distributionArb,
});

const metricArb = fc.constantFrom(
  'cpu' as const,
  'requestsPerInstance' as const,
  'backlogPerWorker' as const,
  'p95Ms' as const,
);
const scalingPolicyArb = fc.oneof(
  fc
    .tuple(metricArb, dbl(0.001, 1000))
    .map(([metric, target]) => ({ type: 'targetTracking' as const, metric, target })),
  fc
    .tuple(
      metricArb,
      fc.array(fc.tuple(fc.boolean(), dbl(-100, 100), int(-10, 10)), { minLength: 1, maxLength: 4 }),
    )
    .map(([metric, steps]) => ({
      type: 'step' as const,
      metric,
      steps: steps.map(([up, v, change]) => (up ? { above: v, change } : { below: v, change })),
    })),
  fc
    .array(
      fc.record(
        { atS: dbl(0, 1e6), minInstances: int(0, 5), maxInstances: int(5, 50), desired: int(0, 50) },
        { requiredKeys: ['atS'] },
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((actions) => ({ type: 'scheduled' as const, actions })),
);

const autoscalerArb = fc.record({
  min: int(0, 10),
  span: int(0, 20),
  policy: scalingPolicyArb,
  timing: fc.record(
    {
      evaluationPeriodS: dbl(0.001, 3600),
      scaleOutCooldownS: dbl(0, 3600),
      scaleInCooldownS: dbl(0, 3600),
      warmupS: dbl(0, 600),
      drainS: dbl(0, 600),
    },
    { requiredKeys: [] },
  ),
});

const serverlessArb = fc.record(
  {
    memoryMb: int(64, 32_768),
    concurrencyLimit: int(10, 10_000),
    provisioned: int(0, 10),
    coldStartMs: distributionArb,
    idleTimeoutS: dbl(0.001, 3600),
    zones: fc.constant(ZONES.slice(0, 2)),
  },
  { requiredKeys: ['memoryMb', 'concurrencyLimit', 'coldStartMs'] },
);

/** A scripted failure, given as a kind and its numbers; targets are chosen among the components present. */
const failureArb = fc.record({
  kind: fc.constantFrom(
    'killInstances',
    'killZone',
    'slowdown',
    'errorRate',
    'flushCache',
    'failover',
    'cutCall',
  ),
  atS: dbl(0, 1e4),
  durationS: opt(dbl(0.001, 1e4)),
  count: int(1, 10),
  factor: dbl(0.001, 1000),
  rate: dbl(0, 1),
  zone: fc.constantFrom(...ZONES),
});

const pricingArb = fc.record(
  {
    region: fc.constantFrom('us-east-1', 'eu-west-1'),
    instanceHourlyUsd: fc.dictionary(fc.constantFrom('m7g.large', 'c7g.xlarge', 'r7g.2xlarge'), dbl(0, 100)),
    componentHourlyUsd: fc.dictionary(fc.constantFrom('db', 'ext'), dbl(0, 100)),
    perMillionRequestsUsd: fc.dictionary(fc.constantFrom('svc-0', 'ext'), dbl(0, 100)),
    dataTransferPerGbUsd: fc.record(
      { crossZone: dbl(0, 1), crossRegion: dbl(0, 1), egress: dbl(0, 1) },
      { requiredKeys: [] },
    ),
    serverlessPerGbSecondUsd: dbl(0, 1),
    serverlessPerMillionUsd: dbl(0, 10),
  },
  { requiredKeys: [] },
);

const adjustableArb = fc.oneof(
  fc
    .array(int(1, 64), { minLength: 1, maxLength: 8 })
    .map((values) => ({ path: 'components.svc-0.instances', values })),
  fc.constant({ path: 'components.svc-0.instanceType', values: ['m7g.large', 'c7g.xlarge'] }),
  fc.tuple(int(0, 10), int(0, 100), opt(int(1, 5))).map(([min, span, step]) => ({
    path: 'components.db.replicas',
    min,
    max: min + span,
    ...(step !== undefined ? { step } : {}),
  })),
);

/**
 * Random valid topologies: a source, optionally a gateway, a balancer and a cache in front of a
 * chain of services ending at a database; the first service calls an external API, optionally a
 * serverless pool, and optionally publishes to a queue consumed by a worker pool (a service or a
 * serverless pool); an optional autoscaler on the first service. Scenarios may carry scripted and
 * random failures; the file may carry pricing overrides, planning marks, `$schema` and a viewport.
 */
const topologyArb = fc
  .record({
    endpoints: fc.integer({ min: 1, max: 4 }),
    weights: fc.array(dbl(0.01, 10), { minLength: 4, maxLength: 4 }),
    closed: fc.boolean(),
    rate: dbl(0, 10000),
    services: fc.integer({ min: 1, max: 4 }),
    cores: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 4, maxLength: 4 }),
    workers: fc.array(opt(fc.integer({ min: 1, max: 500 })), { minLength: 4, maxLength: 4 }),
    work: fc.array(distributionArb, { minLength: 6, maxLength: 6 }),
    probability: fc.array(opt(dbl(0, 1)), { minLength: 4, maxLength: 4 }),
    network: fc.array(
      opt(fc.oneof(fc.constantFrom('sameZone', 'crossZone', 'crossRegion'), distributionArb)),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
    lb: opt(fc.constantFrom('roundRobin', 'random', 'leastOutstanding', 'powerOfTwo')),
    asyncExternal: fc.boolean(),
    description: opt(fc.string({ maxLength: 40 })),
    name: fc.string({ minLength: 1, maxLength: 40 }),
    duration: dbl(1, 10000),
    profile: opt(
      fc.oneof(
        fc.constant({ type: 'constant' as const }),
        fc
          .tuple(dbl(0, 5), dbl(0, 5))
          .map(([fromFactor, toFactor]) => ({ type: 'ramp' as const, fromFactor, toFactor })),
        fc
          .tuple(dbl(0, 100), dbl(0.1, 100), dbl(0, 10))
          .map(([atS, durationS, factor]) => ({ type: 'spike' as const, atS, durationS, factor })),
      ),
    ),
    slo: opt(fc.tuple(dbl(1, 99.99), pos(), dbl(0, 1))),
    layout: opt(fc.tuple(dbl(-1000, 1000), dbl(-1000, 1000))),
    gateway: opt(gatewayArb),
    cache: opt(cacheArb),
    queue: opt(queueArb),
    autoscaler: opt(autoscalerArb),
    serverless: opt(serverlessArb),
    replicas: opt(int(0, 5)),
    failures: fc.array(failureArb, { maxLength: 4 }),
    randomFailures: fc.array(fc.tuple(dbl(0.001, 1e6), dbl(0.001, 1e4)), { maxLength: 2 }),
    pricing: opt(pricingArb),
    planning: opt(fc.array(adjustableArb, { minLength: 1, maxLength: 3 })),
    schema: opt(fc.constantFrom('./headroom.schema.json', 'https://example.com/headroom.schema.json')),
    viewport: opt(fc.tuple(dbl(-1e4, 1e4), dbl(-1e4, 1e4), dbl(0.01, 100))),
  })
  .map((p) => {
    // The chain in front of the services: gateway → balancer → cache → svc-0, each optional.
    const front = [p.gateway ? 'gw' : undefined, p.lb ? 'lb' : undefined, p.cache ? 'cache' : undefined];
    const chain = [...front.filter((c) => c !== undefined), 'svc-0'];
    const next = (id: string) => chain[chain.indexOf(id) + 1] as string;
    const eps = Array.from({ length: p.endpoints }, (_, i) => ({
      id: `ep-${i}`,
      name: `Endpoint ${i}`,
      weight: p.weights[i] as number,
      to: chain[0] as string,
    }));
    const zoned = p.failures.some((f) => f.kind === 'killZone');
    const components: Record<string, unknown> = {
      clients: {
        kind: 'source',
        name: 'Clients',
        workload: p.closed
          ? { type: 'closed', users: 10, thinkTimeMs: p.work[5] }
          : { type: 'open', rateRps: p.rate, arrivals: { type: 'poisson' } },
        endpoints: eps,
      },
      db: {
        kind: 'database',
        name: 'DB',
        cores: 2,
        ...(p.replicas !== undefined ? { replicas: p.replicas } : {}),
        handlers: { '*': { workMs: p.work[4], writeFraction: 0.2 } },
      },
      ext: { kind: 'external', name: 'Ext', latencyMs: p.work[5], errorRate: 0.01 },
    };
    if (p.gateway)
      components.gw = { kind: 'gateway', name: 'GW', ...p.gateway, routes: { '*': { to: next('gw') } } };
    if (p.lb)
      components.lb = { kind: 'loadBalancer', name: 'LB', policy: p.lb, targets: [{ to: next('lb') }] };
    if (p.cache) {
      const { cacheable, ...cache } = p.cache;
      components.cache = {
        kind: 'cache',
        name: 'Cache',
        ...cache,
        ...(cacheable ? { cacheable: eps.slice(0, 1).map((e) => e.id) } : {}),
        miss: { to: next('cache') },
      };
    }
    for (let i = 0; i < p.services; i++) {
      const next = i + 1 < p.services ? `svc-${i + 1}` : 'db';
      const call: Record<string, unknown> = { to: next };
      if (p.probability[i] !== undefined) call.probability = p.probability[i];
      if (p.network[i] !== undefined) call.network = p.network[i];
      const first = [call, { to: 'ext', mode: p.asyncExternal ? 'async' : 'sync' }];
      if (p.serverless) first.push({ to: 'fn' });
      if (p.queue) first.push({ to: 'orders', mode: 'async' });
      components[`svc-${i}`] = {
        kind: 'service',
        name: `Service ${i}`,
        instances: 1 + i,
        ...(i === 0 && zoned ? { zones: ZONES } : {}),
        cores: p.cores[i],
        ...(p.workers[i] !== undefined ? { workers: p.workers[i] } : {}),
        handlers: { '*': { workMs: p.work[i], calls: i === 0 ? first : [call] } },
      };
    }
    if (p.serverless)
      components.fn = {
        kind: 'serverless',
        name: 'Fn',
        ...p.serverless,
        handlers: { '*': { workMs: p.work[0] } },
      };
    if (p.queue) {
      const pool = p.queue.serverless
        ? {
            kind: 'serverless',
            name: 'Workers',
            memoryMb: 512,
            concurrencyLimit: p.queue.workers,
            coldStartMs: p.queue.work,
            handlers: { '*': { workMs: p.queue.work } },
          }
        : {
            kind: 'service',
            name: 'Workers',
            instances: 2,
            cores: 1,
            workers: p.queue.workers,
            handlers: { '*': { workMs: p.queue.work, calls: [{ to: 'db' }] } },
          };
      components.orders = {
        kind: 'queue',
        name: 'Orders',
        ...p.queue.queue,
        consumer: { to: 'workers', ...p.queue.consumer },
      };
      components.workers = pool;
    }
    if (p.autoscaler) {
      const { min, span, policy, timing } = p.autoscaler;
      components.scaler = {
        kind: 'autoscaler',
        name: 'Scaler',
        target: 'svc-0',
        minInstances: min,
        maxInstances: Math.max(1, min + span),
        policy,
        ...timing,
      };
    }
    const failures = p.failures.flatMap((f): Record<string, unknown>[] => {
      const timed = { atS: f.atS, ...(f.durationS !== undefined ? { durationS: f.durationS } : {}) };
      switch (f.kind) {
        case 'killInstances':
          return [{ type: f.kind, ...timed, target: 'svc-0', count: f.count }];
        case 'killZone':
          return [{ type: f.kind, ...timed, zone: f.zone }];
        case 'slowdown':
          return [{ type: f.kind, ...timed, target: 'db', factor: f.factor }];
        case 'errorRate':
          return [{ type: f.kind, ...timed, target: 'ext', rate: f.rate }];
        case 'flushCache':
          return p.cache ? [{ type: f.kind, atS: f.atS, target: 'cache' }] : [];
        case 'failover':
          return [{ type: f.kind, atS: f.atS, target: 'db' }];
        default:
          return [{ type: 'cutCall', ...timed, from: 'svc-0', to: 'db' }];
      }
    });
    const randomFailures = p.randomFailures.map(([mttfS, mttrS]) => ({ target: 'svc-0', mttfS, mttrS }));
    const scenario = {
      name: 'Base',
      durationS: p.duration,
      ...(p.profile ? { profile: p.profile } : {}),
      ...(failures.length > 0 ? { failures } : {}),
      ...(randomFailures.length > 0 ? { randomFailures } : {}),
    };
    const nodes = p.layout ? { nodes: { clients: { x: p.layout[0], y: p.layout[1] } } } : { nodes: {} };
    const viewport = p.viewport
      ? { viewport: { x: p.viewport[0], y: p.viewport[1], zoom: p.viewport[2] } }
      : {};
    return {
      ...(p.schema !== undefined ? { $schema: p.schema } : {}),
      schemaVersion: 1,
      name: p.name,
      ...(p.description !== undefined ? { description: p.description } : {}),
      components,
      scenarios: { base: scenario },
      ...(p.slo
        ? { slo: { latency: [{ percentile: p.slo[0], maxMs: p.slo[1] }], maxErrorRate: p.slo[2] } }
        : {}),
      ...(p.pricing ? { pricing: p.pricing } : {}),
      ...(p.planning ? { planning: { adjustable: p.planning } } : {}),
      ...(p.layout || p.viewport ? { layout: { ...nodes, ...viewport } } : {}),
    };
  });

const noInternal = (r: ParseResult) => {
  if (!r.ok)
    for (const e of r.errors) expect(e.message.startsWith(INTERNAL_ERROR_PREFIX), e.message).toBe(false);
};

/** Shuffles object keys recursively (arrays keep their order). */
function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i));
  if (typeof v !== 'object' || v === null) return v;
  const keys = Object.keys(v);
  const order = keys
    .map((k, i) => [k, (i * 7919 + seed * 104729) % 1009] as const)
    .sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(
    order.map(([k]) => [k, shuffleKeys((v as Record<string, unknown>)[k], seed + 1)]),
  );
}

describe('properties', () => {
  it('distribution mean and cv are finite and non-negative (cv infinite only for heavy Pareto)', () => {
    fc.assert(
      fc.property(distributionArb, (d) => {
        const m = distributionMeanMs(d);
        const cv = distributionCv(d);
        expect(Number.isFinite(m) && m >= 0).toBe(true);
        if (d.type === 'pareto' && d.shape <= 2) expect(cv).toBe(Infinity);
        else expect(Number.isFinite(cv) && cv >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('random valid topologies validate and round-trip through text, independent of key order', () => {
    // How often each feature appeared, so the property is known to cover them all.
    const seen = new Map<string, number>();
    const count = (feature: string, present: boolean) => {
      if (present) seen.set(feature, (seen.get(feature) ?? 0) + 1);
    };
    fc.assert(
      fc.property(topologyArb, fc.nat(1000), (t, seed) => {
        const r = parseTopology(t);
        if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
        const text = serializeTopology(r.topology);
        const again = parseTopologyText(text);
        if (!again.ok) throw new Error(again.errors.map(formatIssue).join('\n'));
        expect(serializeTopology(again.topology)).toBe(text);
        expect(again.topology).toEqual(JSON.parse(JSON.stringify(t)));
        const shuffled = parseTopology(shuffleKeys(t, seed));
        expect(shuffled.ok && serializeTopology(shuffled.topology)).toBe(text);
        const c = r.topology.components;
        const cache = c.cache?.kind === 'cache' ? c.cache : undefined;
        count('gateway', c.gw?.kind === 'gateway');
        count('gateway rate limit', c.gw?.kind === 'gateway' && c.gw.rateLimit !== undefined);
        count('cache ratio', cache?.hit.type === 'ratio');
        count('cache key model', cache?.hit.type === 'keys');
        count('queue → service pool', c.orders?.kind === 'queue' && c.workers?.kind === 'service');
        count('queue → serverless pool', c.orders?.kind === 'queue' && c.workers?.kind === 'serverless');
        count('autoscaler', c.scaler?.kind === 'autoscaler');
        count('serverless', c.fn?.kind === 'serverless');
        count('scripted failures', (r.topology.scenarios?.base?.failures?.length ?? 0) > 0);
        count('random failures', (r.topology.scenarios?.base?.randomFailures?.length ?? 0) > 0);
        count('pricing', r.topology.pricing !== undefined);
        count('planning', r.topology.planning !== undefined);
        count('$schema', r.topology.$schema !== undefined);
        count('viewport', r.topology.layout?.viewport !== undefined);
      }),
      { numRuns: 200 },
    );
    for (const feature of [
      'gateway',
      'gateway rate limit',
      'cache ratio',
      'cache key model',
      'queue → service pool',
      'queue → serverless pool',
      'autoscaler',
      'serverless',
      'scripted failures',
      'random failures',
      'pricing',
      'planning',
      '$schema',
      'viewport',
    ])
      expect(seen.get(feature) ?? 0, feature).toBeGreaterThanOrEqual(5);
  });

  const templates = Object.values(TEMPLATE_DOCUMENTS).map((d) => JSON.parse(JSON.stringify(d)) as unknown);

  /** All paths (arrays of keys) inside a JSON value. */
  const pathsOf = (v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) => {
    out.push(prefix);
    if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
    return out;
  };

  const mutationArb = fc.record({
    op: fc.constantFrom('delete', 'set', 'rename', 'duplicate', 'number'),
    at: fc.nat(),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom('*', 'api', 'db', '__proto__', -1, 0, 1e308, ''),
    ),
    num: fc.oneof(fc.double(), fc.integer()),
  });

  it('randomly mutated templates only ever produce issues, never exceptions or hangs', () => {
    fc.assert(
      fc.property(
        fc.nat(templates.length - 1),
        fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        (ti, muts) => {
          const doc = JSON.parse(JSON.stringify(templates[ti])) as Record<string, unknown>;
          for (const m of muts) {
            const paths = pathsOf(doc).filter((p) => p.length > 0);
            const path = paths[m.at % paths.length];
            if (!path) continue;
            const parent = path
              .slice(0, -1)
              .reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], doc) as
              Record<string | number, unknown> | unknown[];
            const key = path[path.length - 1] as string | number;
            if (Array.isArray(parent)) {
              const i = key as number;
              if (m.op === 'delete') parent.splice(i, 1);
              else if (m.op === 'duplicate')
                parent.splice(i, 0, JSON.parse(JSON.stringify(parent[i])) as unknown);
              else if (m.op === 'number') parent[i] = m.num;
              else parent[i] = m.value;
            } else {
              const obj = parent as Record<string, unknown>;
              if (m.op === 'delete') delete obj[key];
              else if (m.op === 'rename') {
                const v = obj[key];
                delete obj[key];
                obj[typeof m.value === 'string' ? m.value : `${String(key)}x`] = v;
              } else if (m.op === 'number') obj[key] = m.num;
              else if (m.op === 'duplicate') obj[`${String(key)}2`] = obj[key];
              else obj[key] = m.value;
            }
          }
          const start = performance.now();
          const r = parseTopology(doc);
          noInternal(r);
          const text = JSON.stringify(doc);
          if (text !== undefined) noInternal(parseTopologyText(text));
          expect(performance.now() - start).toBeLessThan(2000);
          if (r.ok) expect(parseTopologyText(serializeTopology(r.topology)).ok).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('randomly edited file text only ever produces issues', () => {
    const texts = Object.values(TEMPLATE_DOCUMENTS).map((d) => JSON.stringify(d, null, 2));
    fc.assert(
      fc.property(
        fc.nat(texts.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(20), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 5 }),
        (ti, edits) => {
          let text = texts[ti] as string;
          for (const [at, del, ins] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + ins + text.slice(i + del);
          }
          noInternal(parseTopologyText(text));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('arbitrary values and strings never throw', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        noInternal(parseTopology(v));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        noInternal(parseTopologyText(s));
      }),
      { numRuns: 1000 },
    );
  });
});
