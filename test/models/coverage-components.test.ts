/** Component behaviour not covered elsewhere: workers across calls, external limits, ratio caches, routes, queue depth, scheduled and step scaling. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../models/index.js';
import { component, expectNear, topology } from './coverage-helpers.js';

const source = (rateRps: number, endpoints: Record<string, unknown>[]) => ({
  kind: 'source',
  name: 'C',
  workload: { type: 'open', rateRps },
  endpoints,
});

const endpoint = (to: string, id = 'req', weight = 1) => ({ id, name: id, weight, to });

const constant = (valueMs: number) => ({ type: 'constant', valueMs });

/** Erlang B blocking probability of c servers offered a erlangs. */
function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

describe('service workers', () => {
  it('a worker is held across the sync call: with no wait queue, blocking is Erlang B(W, λ·(work + call))', () => {
    const lambda = 30;
    const w = 4;
    const r = simulate(
      topology({
        clients: source(lambda, [endpoint('api')]),
        api: {
          kind: 'service',
          name: 'API',
          instances: 1,
          cores: 8,
          workers: w,
          queueLimit: 0,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 20 }, calls: [{ to: 'db' }] } },
        },
        db: { kind: 'external', name: 'DB', latencyMs: { type: 'exponential', meanMs: 80 } },
      }),
      { seed: 1, durationS: 1010, warmupS: 10 },
    );
    const b = erlangB(w, lambda * 0.1);
    const n = r.measured.arrived;
    expectNear(r.summary.errors.rejected / n, Math.sqrt((b * (1 - b)) / n), b, 4, 0.03);
    // the cores are far from busy: it is the workers that run out
    expect(component(r, 'api').utilization!).toBeLessThan(0.1);
  });
});

describe('external dependency', () => {
  it('quotaRps: a bucket of one second refills at the quota, so a flood is served at the quota', () => {
    const quota = 50;
    const r = simulate(
      topology({
        clients: source(250, [endpoint('ext')]),
        ext: { kind: 'external', name: 'Ext', latencyMs: constant(1), quotaRps: quota },
      }),
      { seed: 2, durationS: 210, warmupS: 10 },
    );
    const accepted = r.measured.completed;
    expect(accepted).toBeLessThanOrEqual(quota * r.measuredS + quota);
    expect(accepted).toBeGreaterThan(0.98 * quota * r.measuredS);
    expect(r.summary.errors.rateLimited).toBe(component(r, 'ext').rateLimited);
  });

  it('concurrencyLimit c: 429 with Erlang B(c, λ·E[latency])', () => {
    const lambda = 100;
    const c = 6;
    const r = simulate(
      topology({
        clients: source(lambda, [endpoint('ext')]),
        ext: {
          kind: 'external',
          name: 'Ext',
          latencyMs: { type: 'uniform', minMs: 10, maxMs: 90 },
          concurrencyLimit: c,
        },
      }),
      { seed: 3, durationS: 510, warmupS: 10 },
    );
    const b = erlangB(c, lambda * 0.05);
    const n = r.measured.arrived;
    expectNear(r.summary.errors.rateLimited / n, Math.sqrt((b * (1 - b)) / n), b, 4, 0.03);
  });

  it('errorRate fails that fraction of calls', () => {
    const r = simulate(
      topology({
        clients: source(500, [endpoint('ext')]),
        ext: { kind: 'external', name: 'Ext', latencyMs: constant(1), errorRate: 0.1 },
      }),
      { seed: 4, durationS: 100 },
    );
    const n = r.measured.completed + r.measured.failed;
    expectNear(r.summary.errorRate, Math.sqrt((0.1 * 0.9) / n), 0.1, 4, 0.02);
    expect(r.summary.errors.failed).toBe(r.measured.failed);
  });
});

describe('ratio cache and routes', () => {
  it('a fixed hit ratio h sends 1 − h of the lookups on; mean latency = lookup + (1 − h)·miss path', () => {
    const h = 0.85;
    const r = simulate(
      topology({
        clients: source(1000, [endpoint('cache')]),
        cache: {
          kind: 'cache',
          name: 'Cache',
          latencyMs: constant(1),
          hit: { type: 'ratio', hitRatio: h },
          miss: { to: 'origin' },
        },
        origin: { kind: 'external', name: 'Origin', latencyMs: constant(40) },
      }),
      { seed: 5, durationS: 100 },
    );
    const n = component(r, 'cache').arrivals;
    const miss = component(r, 'origin').arrivals / n;
    expectNear(miss, Math.sqrt((h * (1 - h)) / n), 1 - h, 4, 0.02);
    const sd = 0.04 * Math.sqrt(h * (1 - h));
    expectNear(r.summary.latency.meanS!, sd / Math.sqrt(n), 0.001 + (1 - h) * 0.04, 4, 0.01);
  });

  it('endpoints outside `cacheable` pass straight to the miss hop, without the lookup', () => {
    const r = simulate(
      topology({
        clients: source(100, [endpoint('cache', 'get'), endpoint('cache', 'post')]),
        cache: {
          kind: 'cache',
          name: 'Cache',
          latencyMs: constant(1),
          hit: { type: 'ratio', hitRatio: 1 },
          miss: { to: 'origin' },
          cacheable: ['get'],
        },
        origin: { kind: 'external', name: 'Origin', latencyMs: constant(40) },
      }),
      { seed: 6, durationS: 100 },
    );
    // every GET hits (1 ms); every POST goes to the origin (40 ms, no lookup): half and half
    expect(r.summary.latency.maxS!).toBeCloseTo(0.04, 4);
    const n = component(r, 'cache').arrivals;
    expectNear(component(r, 'origin').arrivals / n, Math.sqrt(0.25 / n), 0.5, 4, 0.02);
    expectNear(r.summary.latency.meanS!, 0.0195 / Math.sqrt(n), 0.0205, 4, 0.02);
  });

  it('a gateway routes each endpoint to its own upstream, after its own latency', () => {
    const r = simulate(
      topology({
        clients: source(300, [endpoint('gw', 'a'), endpoint('gw', 'b', 2)]),
        gw: {
          kind: 'gateway',
          name: 'GW',
          latencyMs: constant(2),
          routes: { a: { to: 'svc-a' }, b: { to: 'svc-b' } },
        },
        'svc-a': { kind: 'external', name: 'A', latencyMs: constant(10) },
        'svc-b': { kind: 'external', name: 'B', latencyMs: constant(30) },
      }),
      { seed: 7, durationS: 100 },
    );
    const n = component(r, 'gw').arrivals;
    expectNear(component(r, 'svc-a').arrivals / n, Math.sqrt(2 / 9 / n), 1 / 3, 4, 0.02);
    // every request goes up one route (but those in the gateway's last 2 ms)
    expect(n - component(r, 'svc-a').arrivals - component(r, 'svc-b').arrivals).toBeLessThanOrEqual(3);
    // 12 ms for a third, 32 ms for two thirds
    const mean = (0.012 + 2 * 0.032) / 3;
    const sd = Math.sqrt(((0.012 - mean) ** 2 + 2 * (0.032 - mean) ** 2) / 3);
    expect(r.summary.latency.maxS!).toBeCloseTo(0.032, 4);
    expectNear(r.summary.latency.meanS!, sd / Math.sqrt(n), mean, 4, 0.01);
  });
});

describe('queue depth', () => {
  it('maxDepth K before one worker: producers get 503 as in M/M/1/(K+1)', () => {
    const lambda = 80;
    const k = 4;
    const r = simulate(
      topology({
        clients: source(lambda, [endpoint('q')]),
        q: { kind: 'queue', name: 'Q', publishMs: constant(1), maxDepth: k, consumer: { to: 'worker' } },
        worker: {
          kind: 'service',
          name: 'Worker',
          instances: 1,
          cores: 1,
          workers: 1,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
        },
      }),
      { seed: 8, durationS: 1010, warmupS: 10 },
    );
    const rho = lambda / 100;
    const cap = k + 1;
    const b = ((1 - rho) * Math.pow(rho, cap)) / (1 - Math.pow(rho, cap + 1));
    const n = r.measured.arrived;
    expectNear(r.summary.errors.rejected / n, Math.sqrt((b * (1 - b)) / n), b, 4, 0.05);
  });

  it('deliveryMs delays consumption: end-to-end = delivery + work for an idle consumer', () => {
    const r = simulate(
      topology({
        clients: source(5, [endpoint('q')]),
        q: {
          kind: 'queue',
          name: 'Q',
          publishMs: constant(1),
          consumer: { to: 'worker', deliveryMs: constant(50) },
        },
        worker: {
          kind: 'service',
          name: 'Worker',
          instances: 1,
          cores: 4,
          handlers: { '*': { workMs: constant(5) } },
        },
      }),
      { seed: 9, durationS: 100 },
    );
    expect(component(r, 'q').scaling!.endToEndMeanS!).toBeCloseTo(0.055, 6);
    expect(r.summary.latency.maxS!).toBeCloseTo(0.001, 5);
  });
});

describe('scheduled and step scaling', () => {
  const pool = {
    kind: 'service',
    name: 'API',
    instances: 2,
    cores: 1,
    handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
  };

  it('scheduled actions set the size at their times; launches warm up billed, removals drain', () => {
    const r = simulate(
      topology(
        {
          clients: source(20, [endpoint('api')]),
          api: pool,
          plan: {
            kind: 'autoscaler',
            name: 'Plan',
            target: 'api',
            minInstances: 1,
            maxInstances: 10,
            policy: {
              type: 'scheduled',
              actions: [
                { atS: 60, desired: 6 },
                { atS: 200, desired: 3 },
              ],
            },
            warmupS: 20,
            drainS: 5,
          },
        },
        { durationS: 300 },
      ),
      { seed: 10 },
    );
    const api = (i: number) => r.windows[i]!.components.find((c) => c.id === 'api')!.instances!;
    expect(api(50).serving).toBe(2);
    expect(api(70)).toMatchObject({ serving: 2, warming: 4 });
    expect(api(100)).toMatchObject({ serving: 6, warming: 0 });
    expect(api(250).serving).toBe(3);
    const s = component(r, 'api').scaling!;
    // 4 launches × 20 s of warm-up; billed 2 × 60 + 6 × 140 + 3 × 100 s, plus at most 3 × 5 s of draining
    expect(s.warmingSeconds!).toBeCloseTo(80, 6);
    expect(s.instanceSeconds!).toBeGreaterThanOrEqual(1260 - 1e-6);
    expect(s.instanceSeconds!).toBeLessThanOrEqual(1275 + 1e-6);
  });

  it('step scaling settles inside its dead band: CPU between the scale-in and scale-out thresholds', () => {
    const r = simulate(
      topology(
        {
          clients: source(400, [endpoint('api')]),
          api: { ...pool, instances: 1 },
          steps: {
            kind: 'autoscaler',
            name: 'Steps',
            target: 'api',
            minInstances: 1,
            maxInstances: 30,
            policy: {
              type: 'step',
              metric: 'cpu',
              steps: [
                { above: 0.7, change: 2 },
                { below: 0.3, change: -1 },
              ],
            },
            evaluationPeriodS: 15,
            scaleOutCooldownS: 0,
            scaleInCooldownS: 60,
            warmupS: 0,
          },
        },
        { durationS: 900 },
      ),
      { seed: 11 },
    );
    // 400 req/s × 10 ms = 4 busy cores: CPU 4/n lies in [0.3, 0.7] for n from 6 to 13
    const n = r.windows[890]!.components.find((c) => c.id === 'api')!.instances!.serving;
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(13);
    const last = r.windows.slice(600, 900);
    expect(last.every((w) => w.components.find((c) => c.id === 'api')!.instances!.serving === n)).toBe(true);
  });
});
