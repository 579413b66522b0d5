import { describe, expect, it } from 'vitest';
import { analyze } from '../../models/analytic/index.js';
import {
  costFromSimulation,
  costOfUsage,
  simulationCostSummary,
  usageFromSimulation,
} from '../../models/cost/index.js';
import { simulate } from '../../models/index.js';
import {
  DEFAULT_PRICING_CATALOG,
  HOURS_PER_MONTH,
  PricingCatalogSchema,
} from '../../shared/pricing/index.js';
import { parseTopology, type Topology } from '../../shared/topology/index.js';
import { autoscaledPool } from './helpers.js';

const topo = (components: Record<string, unknown>, extra: Record<string, unknown> = {}): Topology => {
  const r = parseTopology({ schemaVersion: 1, name: 't', components, ...extra });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.topology;
};
const price = (type: string) =>
  DEFAULT_PRICING_CATALOG.instances.find((p) => p.type === type)?.hourlyUsd as number;

const fleet = (extra: Record<string, unknown> = {}) =>
  topo(
    {
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 50 },
        endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'api' }],
      },
      api: {
        kind: 'service',
        name: 'API',
        instances: 6,
        cores: 2,
        instanceType: 'c7g.xlarge',
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
      },
    },
    extra,
  );

describe('pricing catalog', () => {
  it('is valid and every price names its region, date and source', () => {
    expect(PricingCatalogSchema.safeParse(DEFAULT_PRICING_CATALOG).success).toBe(true);
    for (const p of DEFAULT_PRICING_CATALOG.instances) {
      expect(p.region.length).toBeGreaterThan(0);
      expect(p.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.source).toMatch(/^https:\/\//);
    }
    const types = DEFAULT_PRICING_CATALOG.instances.map((p) => p.type);
    expect(new Set(types).size).toBe(types.length);
  });
});

describe('cost of a fixed fleet', () => {
  it('equals instances × hours × price exactly', () => {
    const t = fleet();
    const hours = 7.25;
    const c = costOfUsage(t, { durationS: hours * 3600, requests: 0, components: {} });
    expect(c.totalUsd).toBe(6 * hours * price('c7g.xlarge'));
    expect(c.perHour).toBeCloseTo(6 * price('c7g.xlarge'), 12);
    expect(c.perMonth).toBeCloseTo(6 * price('c7g.xlarge') * HOURS_PER_MONTH, 9);
    expect(c.byComponent.clients).toBe(0);
  });

  it('from a simulated run: the measured period projects to instances × price per hour', () => {
    const t = fleet();
    const r = simulate(t, { seed: 3, durationS: 60, warmupS: 10 });
    const s = simulationCostSummary(t, r);
    expect(s.perHour).toBeCloseTo(6 * price('c7g.xlarge'), 12);
    expect(s.byComponent.api).toBeCloseTo(6 * price('c7g.xlarge') * HOURS_PER_MONTH, 9);
    expect(s.perMillionRequests).toBeCloseTo(
      (s.perHour * (r.measuredS / 3600) * 1e6) / r.measured.arrived,
      9,
    );
  });

  it('a file override wins over the catalog', () => {
    const t = fleet({ pricing: { instanceHourlyUsd: { 'c7g.xlarge': 1.5 } } });
    expect(costOfUsage(t, { durationS: 3600, requests: 0, components: {} }).perHour).toBe(9);
  });

  it('per-hour billing rounds each instance lifetime up to whole hours; per-second has a 60 s minimum', () => {
    const t = fleet();
    const u = {
      durationS: 3600,
      requests: 0,
      components: { api: { instanceSeconds: 3 * 1800, instanceLifetimes: 3 } },
    };
    expect(costOfUsage(t, u, { billing: 'perHour' }).totalUsd).toBeCloseTo(3 * price('c7g.xlarge'), 12);
    expect(costOfUsage(t, u, { billing: 'perSecond' }).totalUsd).toBeCloseTo(1.5 * price('c7g.xlarge'), 12);
    const short = {
      durationS: 3600,
      requests: 0,
      components: { api: { instanceSeconds: 20, instanceLifetimes: 1 } },
    };
    expect(costOfUsage(t, short).totalUsd).toBeCloseTo((60 / 3600) * price('c7g.xlarge'), 12);
  });

  it('prices requests, GB-seconds and bytes: gateway, queue, serverless, egress', () => {
    const t = topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 100 },
        endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'gw', responseBytes: 10_000 }],
      },
      gw: {
        kind: 'gateway',
        name: 'G',
        latencyMs: { type: 'constant', valueMs: 1 },
        routes: { '*': { to: 'fn' } },
      },
      fn: {
        kind: 'serverless',
        name: 'F',
        memoryMb: 2048,
        concurrencyLimit: 1000,
        coldStartMs: { type: 'constant', valueMs: 0 },
        handlers: { '*': { workMs: { type: 'constant', valueMs: 50 } } },
      },
    });
    const a = analyze(t);
    const u = DEFAULT_PRICING_CATALOG.units;
    const perHourRequests = 100 * 3600;
    expect(a.cost.byComponent.gw).toBeCloseTo(
      ((perHourRequests / 1e6) * u.gatewayPerMillion.usd +
        (perHourRequests * 10_000 * u.transferEgressPerGb.usd) / 1e9) *
        HOURS_PER_MONTH,
      6,
    );
    const gbS = perHourRequests * 0.05 * 2;
    expect(a.cost.byComponent.fn).toBeCloseTo(
      ((perHourRequests / 1e6) * u.serverlessPerMillion.usd + gbS * u.serverlessPerGbSecond.usd) *
        HOURS_PER_MONTH,
      6,
    );
  });
});

describe('cost of a queue', () => {
  const design = (broker: { brokers?: number; instanceType?: string }) =>
    topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 100 },
        endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'events' }],
      },
      events: {
        kind: 'queue',
        name: 'Q',
        publishMs: { type: 'constant', valueMs: 1 },
        consumer: { to: 'workers' },
        ...broker,
      },
      workers: {
        kind: 'service',
        name: 'W',
        instances: 1,
        instanceType: 'm7g.large',
        cores: 4,
        handlers: { '*': { workMs: { type: 'constant', valueMs: 1 } } },
      },
    });

  it('bills a managed queue per request and a self-run one per broker-hour', () => {
    const u = DEFAULT_PRICING_CATALOG.units;
    expect(analyze(design({})).cost.byComponent.events).toBeCloseTo(
      ((100 * 3600 * DEFAULT_PRICING_CATALOG.queueRequestsPerMessage) / 1e6) *
        u.queuePerMillionRequests.usd *
        HOURS_PER_MONTH,
      6,
    );
    expect(analyze(design({ brokers: 3, instanceType: 'm7g.large' })).cost.byComponent.events).toBeCloseTo(
      3 * price('m7g.large') * HOURS_PER_MONTH,
      6,
    );
    expect(analyze(design({ instanceType: 'm7g.large' })).cost.byComponent.events).toBeCloseTo(
      price('m7g.large') * HOURS_PER_MONTH,
      6,
    );
  });
});

/** An m7g.large pool of 1–6 instances scaled on CPU (target 50%, 20 s warm-up) under 400 requests/s. */
describe('cost of an autoscaled pool', () => {
  it('bills the instance-seconds the engine reports, warm-up included', () => {
    const t = autoscaledPool({ evaluationPeriodS: 10, scaleOutCooldownS: 10, warmupS: 20 });
    const r = simulate(t, { seed: 2, durationS: 200, warmupS: 0 });
    const api = r.components.find((c) => c.id === 'api');
    const billed = api?.scaling?.instanceSeconds as number;
    expect(billed).toBeGreaterThan(200);
    expect(api?.scaling?.warmingSeconds).toBeGreaterThan(0);
    const s = simulationCostSummary(t, r);
    expect(s.perHour).toBeCloseTo((billed / 3600) * price('m7g.large') * (3600 / r.measuredS), 12);
  });
});

describe('billing granularity of launched instances', () => {
  it('rounds only the launched instances: the steady fleet runs unrounded', () => {
    const t = fleet();
    // 2 instances through the hour, 3 launches sharing 3 × 1000 s more.
    const u = {
      durationS: 3600,
      requests: 0,
      components: { api: { instanceSeconds: 2 * 3600 + 3000, instanceLifetimes: 3, steadyInstances: 2 } },
    };
    const p = price('c7g.xlarge');
    expect(costOfUsage(t, u, { billing: 'perHour' }).totalUsd).toBeCloseTo((2 + 3) * p, 12);
    expect(costOfUsage(t, u, { billing: 'perSecond' }).totalUsd).toBeCloseTo(
      ((2 * 3600 + 3000) / 3600) * p,
      12,
    );
  });

  it('counts launches of an autoscaled pool from its windows and bills them per hour', () => {
    const t = autoscaledPool({ evaluationPeriodS: 10, scaleOutCooldownS: 10, warmupS: 20 });
    const r = simulate(t, { seed: 2, durationS: 200, warmupS: 0 });
    const u = usageFromSimulation(t, r, 'perHour').components['api']!;
    // Per-second billing bills the engine's instance-seconds as they are: no launches to round.
    expect(usageFromSimulation(t, r).components['api']!.instanceLifetimes).toBeUndefined();
    const ends = r.windows.map((w) => w.components.find((c) => c.id === 'api')!.instances!);
    let rises = 0;
    for (let k = 1; k < ends.length; k++)
      rises += Math.max(
        0,
        ends[k]!.serving + ends[k]!.warming - (ends[k - 1]!.serving + ends[k - 1]!.warming),
      );
    expect(rises).toBeGreaterThan(0);
    expect(u.instanceLifetimes).toBe(rises);
    expect(u.steadyInstances).toBe(1);
    const billed = r.components.find((c) => c.id === 'api')!.scaling!.instanceSeconds!;
    const each = (billed - 1 * r.measuredS) / rises;
    const perHour = costFromSimulation(t, r, { billing: 'perHour' });
    const expected = ((r.measuredS + rises * Math.ceil(each / 3600) * 3600) / 3600) * price('m7g.large');
    expect(perHour.totalUsd).toBeCloseTo(expected, 12);
    expect(perHour.totalUsd).toBeGreaterThan(costFromSimulation(t, r).totalUsd);
  });

  it('the file’s pricing.billing sets the default; an option overrides it', () => {
    const u = {
      durationS: 3600,
      requests: 0,
      components: { api: { instanceSeconds: 3 * 1800, instanceLifetimes: 3 } },
    };
    const p = price('c7g.xlarge');
    const hourly = fleet({ pricing: { billing: 'perHour' } });
    expect(costOfUsage(hourly, u).totalUsd).toBeCloseTo(3 * p, 12);
    expect(costOfUsage(hourly, u, { billing: 'perSecond' }).totalUsd).toBeCloseTo(1.5 * p, 12);
  });
});

describe('storage and cross-zone transfer', () => {
  it('prices database storageGb at the catalog’s $/GB-month', () => {
    const t = topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 10 },
        endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'db' }],
      },
      db: {
        kind: 'database',
        name: 'DB',
        cores: 2,
        instanceType: 'db.m7g.large',
        storageGb: 500,
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 1 } } },
      },
    });
    const month = { durationS: HOURS_PER_MONTH * 3600, requests: 0, components: {} };
    const withStorage = costOfUsage(t, month).byComponent['db']!;
    const { storageGb: _gb, ...noStorage } = t.components['db'] as Extract<
      Topology['components'][string],
      { kind: 'database' }
    >;
    const without = costOfUsage({ ...t, components: { ...t.components, db: noStorage } }, month).byComponent[
      'db'
    ]!;
    expect(withStorage - without).toBeCloseTo(
      500 * DEFAULT_PRICING_CATALOG.units.databaseStorageGbMonth.usd,
      9,
    );
  });

  it('counts bytes per call’s network class: rate × the endpoint’s payloads, request to the callee, response back', () => {
    const t = topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 100 },
        endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'api', requestBytes: 1000, responseBytes: 5000 }],
      },
      api: {
        kind: 'service',
        name: 'API',
        instances: 2,
        cores: 2,
        instanceType: 'c7g.large',
        handlers: {
          '*': {
            workMs: { type: 'exponential', meanMs: 2 },
            calls: [
              { to: 'db', probability: 0.5, network: 'crossZone' },
              { to: 'ext', network: 'crossRegion' },
            ],
          },
        },
      },
      db: {
        kind: 'database',
        name: 'DB',
        cores: 2,
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 1 } } },
      },
      ext: { kind: 'external', name: 'X', latencyMs: { type: 'constant', valueMs: 5 } },
    });
    const a = analyze(t);
    expect(a.edgeRps['api->db']).toBeCloseTo(50, 9);
    const u = DEFAULT_PRICING_CATALOG.units;
    const perMonth = (bytesPerS: number, usdPerGb: number) =>
      ((bytesPerS * 3600 * HOURS_PER_MONTH) / 1e9) * usdPerGb;
    const zone = u.transferCrossZonePerGb.usd;
    const region = u.transferCrossRegionPerGb.usd;
    // db receives 50 × 1,000 B/s across zones; api receives 50 × 5,000 B/s back, plus 100 × 5,000 B/s from ext across regions.
    const plain = analyze(
      topo({
        ...t.components,
        api: {
          ...t.components['api'],
          handlers: {
            '*': {
              workMs: { type: 'exponential', meanMs: 2 },
              calls: [{ to: 'db', probability: 0.5 }, { to: 'ext' }],
            },
          },
        },
      }),
    );
    expect(a.cost.byComponent['db']! - plain.cost.byComponent['db']!).toBeCloseTo(
      perMonth(50 * 1000, zone),
      9,
    );
    expect(a.cost.byComponent['ext']! - plain.cost.byComponent['ext']!).toBeCloseTo(
      perMonth(100 * 1000, region),
      9,
    );
    const expectedTransfer =
      perMonth(100 * 5000, u.transferEgressPerGb.usd) +
      perMonth(50 * 1000 + 50 * 5000, zone) +
      perMonth(100 * 1000 + 100 * 5000, region);
    expect(a.cost.transferPerMonth).toBeCloseTo(expectedTransfer, 6);
    // A simulated run: the same bytes per visit, times the visits simulated.
    const r = simulate(t, { seed: 4, durationS: 30, warmupS: 5 });
    const su = usageFromSimulation(t, r).components;
    const visits = (id: string) => r.components.find((c) => c.id === id)!.arrivals;
    expect(su['db']!.crossZoneBytes).toBeCloseTo(1000 * visits('db'), 6);
    expect(su['ext']!.crossRegionBytes).toBeCloseTo(1000 * visits('ext'), 6);
    expect(su['api']!.crossZoneBytes).toBeCloseTo(((50 * 5000) / 100) * visits('api'), 6);
    expect(su['api']!.crossRegionBytes).toBeCloseTo(5000 * visits('api'), 6);
  });
});

describe('caches', () => {
  it('a cache node fleet is priced per node; a CDN only by what it sends', () => {
    const t = (tier: 'cache' | 'cdn') =>
      topo({
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 10 },
          endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'edge', responseBytes: 1e6 }],
        },
        edge: {
          kind: 'cache',
          name: 'E',
          tier,
          nodes: 3,
          latencyMs: { type: 'constant', valueMs: 1 },
          hit: { type: 'ratio', hitRatio: 1 },
        },
      });
    const egressPerMonth =
      (10 * 3600 * 1e6 * DEFAULT_PRICING_CATALOG.units.transferEgressPerGb.usd * HOURS_PER_MONTH) / 1e9;
    expect(analyze(t('cdn')).cost.byComponent.edge).toBeCloseTo(egressPerMonth, 6);
    // The transfer share is reported apart: all of the CDN's cost, only part of the cache cluster's.
    expect(analyze(t('cdn')).cost.transferPerMonth).toBeCloseTo(egressPerMonth, 6);
    expect(analyze(t('cache')).cost.transferPerMonth).toBeCloseTo(egressPerMonth, 6);
    expect(analyze(t('cache')).cost.byComponent.edge).toBeCloseTo(
      egressPerMonth + 3 * price('cache.m7g.large') * HOURS_PER_MONTH,
      6,
    );
  });
});
