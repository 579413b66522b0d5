import { describe, expect, it } from 'vitest';
import { erlangC, estimate, mgcWaitMs } from '../../models/analytic/index.js';
import { parseTopology, type Topology } from '../../shared/topology/index.js';
import { getTemplate, TEMPLATE_IDS } from '../../shared/templates/index.js';

const topo = (components: Record<string, unknown>, extra: Record<string, unknown> = {}): Topology => {
  const r = parseTopology({ schemaVersion: 1, name: 't', components, ...extra });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.topology;
};

const source = (rateRps: number, to: string) => ({
  kind: 'source',
  name: 'Clients',
  workload: { type: 'open', rateRps },
  endpoints: [{ id: 'req', name: 'Request', weight: 1, to }],
});

const service = (instances: number, cores: number, meanMs: number, calls?: unknown[]) => ({
  kind: 'service',
  name: 'Service',
  instances,
  cores,
  handlers: { '*': { workMs: { type: 'exponential', meanMs }, ...(calls ? { calls } : {}) } },
});

describe('Erlang C', () => {
  it('matches the M/M/1 wait probability ρ', () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
  });
  it('matches a textbook M/M/c value (c = 2, a = 1 → 1/3)', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });
  it('is 1 at or beyond saturation and the wait is infinite', () => {
    expect(erlangC(4, 4)).toBe(1);
    expect(mgcWaitMs(4, 1, 4, 1)).toBe(Infinity);
  });
});

describe('estimate', () => {
  it('M/M/1: ρ = λ·E[S], R = E[S]/(1−ρ)', () => {
    const e = estimate(topo({ clients: source(100, 'api'), api: service(1, 1, 5) }));
    const api = e.components.api;
    expect(api?.arrivalRps).toBeCloseTo(100, 9);
    expect(api?.utilization).toBeCloseTo(0.5, 9);
    expect(api?.meanResponseMs).toBeCloseTo(10, 9);
    expect(e.endToEndMeanMs).toBeCloseTo(10, 9);
    expect(e.bottleneck).toBe('api');
    expect(e.maxThroughputRps).toBeCloseTo(200, 6);
  });

  it('estimates at the scenario it is given (the first by default)', () => {
    const scenarios = {
      base: { name: 'Base', durationS: 60 },
      peak: { name: 'Peak', durationS: 60, loadFactor: 3 },
    };
    const t = topo({ clients: source(50, 'api'), api: service(1, 1, 5) }, { scenarios });
    expect(estimate(t).components.api?.utilization).toBeCloseTo(0.25, 9);
    expect(estimate(t, 'base').components.api?.utilization).toBeCloseTo(0.25, 9);
    expect(estimate(t, 'peak').components.api?.utilization).toBeCloseTo(0.75, 9);
  });

  it('M/M/c: 2 cores at a = 1 erlang waits C/(cμ−λ)', () => {
    // λ = 100/s, E[S] = 10 ms → a = 1, c = 2: Wq = (1/3) / (0.2 − 0.1) per ms = 10/3 ms.
    const e = estimate(topo({ clients: source(100, 'api'), api: service(1, 2, 10) }));
    expect(e.components.api?.utilization).toBeCloseTo(0.5, 9);
    expect(e.components.api?.meanResponseMs).toBeCloseTo(10 + 10 / 3, 9);
  });

  it('a constant work time halves the M/M/1 wait (Allen–Cunneen, exact for M/D/1)', () => {
    const t = topo({
      clients: source(100, 'api'),
      api: {
        kind: 'service',
        name: 'Service',
        instances: 1,
        cores: 1,
        handlers: { '*': { workMs: { type: 'constant', valueMs: 5 } } },
      },
    });
    expect(estimate(t).components.api?.meanResponseMs).toBeCloseTo(5 + 2.5, 9);
  });

  it('open Jackson tandem: the bottleneck is the busiest station and latency adds up', () => {
    const e = estimate(
      topo({
        clients: source(50, 'web'),
        web: service(1, 1, 4, [{ to: 'db', probability: 0.5 }]),
        db: service(1, 1, 30),
      }),
    );
    expect(e.components.db?.arrivalRps).toBeCloseTo(25, 9);
    expect(e.edgeRps['clients->web']).toBeCloseTo(50, 9);
    expect(e.edgeRps['web->db']).toBeCloseTo(25, 9);
    expect(e.components.web?.utilization).toBeCloseTo(0.2, 9);
    expect(e.components.db?.utilization).toBeCloseTo(0.75, 9);
    expect(e.bottleneck).toBe('db');
    const rDb = 30 / (1 - 0.75);
    expect(e.components.web?.meanResponseMs).toBeCloseTo(4 / (1 - 0.2) + 0.5 * rDb, 9);
    expect(e.maxThroughputRps).toBeCloseTo(50 / 0.75, 6);
  });

  it('a saturated station gives an infinite response time, never NaN', () => {
    const e = estimate(topo({ clients: source(300, 'api'), api: service(1, 1, 5) }));
    expect(e.components.api?.utilization).toBeCloseTo(1.5, 9);
    expect(e.components.api?.meanResponseMs).toBe(Infinity);
    expect(e.endToEndMeanMs).toBe(Infinity);
    expect(e.maxThroughputRps).toBeCloseTo(200, 6);
  });

  it('balancer weights and cache misses split the traffic', () => {
    const e = estimate(
      topo({
        clients: source(1000, 'lb'),
        lb: {
          kind: 'loadBalancer',
          name: 'LB',
          policy: 'roundRobin',
          targets: [
            { to: 'a', weight: 3 },
            { to: 'b', weight: 1 },
          ],
        },
        a: service(10, 2, 5, [{ to: 'cache' }]),
        b: service(10, 2, 5, [{ to: 'cache' }]),
        cache: {
          kind: 'cache',
          name: 'Cache',
          latencyMs: { type: 'constant', valueMs: 1 },
          hit: { type: 'ratio', hitRatio: 0.9 },
          miss: { to: 'db' },
        },
        db: {
          kind: 'database',
          name: 'DB',
          cores: 4,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
        },
      }),
    );
    expect(e.components.a?.arrivalRps).toBeCloseTo(750, 9);
    expect(e.components.b?.arrivalRps).toBeCloseTo(250, 9);
    expect(e.components.cache?.arrivalRps).toBeCloseTo(1000, 9);
    expect(e.components.db?.arrivalRps).toBeCloseTo(100, 9);
    expect(e.components.db?.utilization).toBeCloseTo(0.25, 9);
    expect(e.components.cache?.utilization).toBeNull();
  });

  it('database writes load the primary, reads the replicas', () => {
    const e = estimate(
      topo({
        clients: source(400, 'db'),
        db: {
          kind: 'database',
          name: 'DB',
          cores: 2,
          replicas: 2,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 5 }, writeFraction: 0.25 } },
        },
      }),
    );
    // Writes: 100/s × 5 ms = 0.5 erlang on 2 cores → 0.25; reads: 150/s per replica → 0.375.
    expect(e.components.db?.utilization).toBeCloseTo(0.375, 9);
  });

  it('a closed workload settles where N = X·(Z + R)', () => {
    const t = topo({
      users: {
        kind: 'source',
        name: 'Users',
        workload: { type: 'closed', users: 10, thinkTimeMs: { type: 'constant', valueMs: 990 } },
        endpoints: [{ id: 'req', name: 'Request', weight: 1, to: 'api' }],
      },
      api: service(1, 1, 10),
    });
    const e = estimate(t);
    const x = e.offeredRps;
    const r = e.endToEndMeanMs ?? NaN;
    expect(x * (990 + r)).toBeCloseTo(10 * 1000, 0);
    expect(x).toBeGreaterThan(9);
    expect(x).toBeLessThan(10.1);
  });

  it('applies the first scenario load factor', () => {
    const e = estimate(
      topo(
        { clients: source(100, 'api'), api: service(1, 1, 1) },
        { scenarios: { peak: { name: 'Peak', durationS: 60, loadFactor: 2 } } },
      ),
    );
    expect(e.offeredRps).toBeCloseTo(200, 9);
  });

  it('every template gives figures (never NaN); speed is measured by npm run bench', () => {
    for (const id of TEMPLATE_IDS) {
      const t = getTemplate(id)?.topology as Topology;
      const e = estimate(t);
      expect(e.endToEndMeanMs, id).not.toBeNull();
      expect(Number.isNaN(e.endToEndMeanMs), id).toBe(false);
      if (id === 'three-tier-web' || id === 'single-service-db')
        expect(Number.isFinite(e.endToEndMeanMs), id).toBe(true);
      for (const c of Object.values(e.components)) expect(Number.isNaN(c.meanResponseMs), id).toBe(false);
    }
  });
});
