/** Scaling and resilience models against theory and against each other (issue 5). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation, simulate, type SimulationResult } from '../../models/index.js';
import { parseTopologyText } from '../../shared/topology/index.js';
import { hpaStepTopology, topo } from './helpers.js';

const comp = (r: SimulationResult, id: string) => r.components.find((c) => c.id === id)!;

/** Zipf(s) popularity over n keys. */
function zipf(n: number, s: number): number[] {
  const w = Array.from({ length: n }, (_, i) => Math.pow(i + 1, -s));
  const h = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / h);
}

/** Che's approximation of the LRU hit ratio: Σ p_i (1 − e^{−p_i t_C}) with Σ (1 − e^{−p_i t_C}) = C. */
function che(p: number[], capacity: number): number {
  let lo = 0;
  let hi = 1e12;
  for (let it = 0; it < 200; it++) {
    const t = (lo + hi) / 2;
    const occ = p.reduce((a, x) => a + 1 - Math.exp(-x * t), 0);
    if (occ < capacity) lo = t;
    else hi = t;
  }
  return p.reduce((a, x) => a + x * (1 - Math.exp(-x * lo)), 0);
}

function cacheTopology(hit: Record<string, unknown>, keys: number, zipfS: number, rateRps: number) {
  return topo({
    clients: {
      kind: 'source',
      name: 'C',
      workload: { type: 'open', rateRps },
      endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'cache', keys, zipfS }],
    },
    cache: {
      kind: 'cache',
      name: 'Cache',
      latencyMs: { type: 'constant', valueMs: 0 },
      hit,
      miss: { to: 'origin' },
    },
    origin: { kind: 'external', name: 'Origin', latencyMs: { type: 'constant', valueMs: 0 } },
  });
}

describe('key-model cache', () => {
  it("LRU hit ratio agrees with Che's approximation (Zipf 0.8, 10,000 keys, capacity 1,000)", () => {
    const t = cacheTopology({ type: 'keys', capacity: 1000, evictionPolicy: 'lru' }, 10_000, 0.8, 2000);
    const r = simulate(t, { seed: 7, durationS: 250, warmupS: 50 });
    const sim = comp(r, 'cache').scaling!.hitRatio!;
    const expected = che(zipf(10_000, 0.8), 1000);
    // 400,000 lookups: the standard error is ~0.001; Che's approximation itself is within ~0.5%
    expect(Math.abs(sim - expected)).toBeLessThan(0.01);
    expect(expected).toBeGreaterThan(0.4);
    expect(expected).toBeLessThan(0.6);
  });

  it('LFU beats LRU on a stationary Zipf stream; a cold cache warms up', () => {
    const lfu = simulate(
      cacheTopology({ type: 'keys', capacity: 1000, evictionPolicy: 'lfu' }, 10_000, 0.8, 2000),
      {
        seed: 7,
        durationS: 250,
        warmupS: 50,
      },
    );
    const lru = simulate(
      cacheTopology({ type: 'keys', capacity: 1000, evictionPolicy: 'lru' }, 10_000, 0.8, 2000),
      {
        seed: 7,
        durationS: 250,
        warmupS: 50,
      },
    );
    expect(comp(lfu, 'cache').scaling!.hitRatio!).toBeGreaterThan(
      comp(lru, 'cache').scaling!.hitRatio! + 0.02,
    );
    const first = lru.windows[0]!.components.find((c) => c.id === 'cache')!.hitRatio!;
    const last = lru.windows.at(-1)!.components.find((c) => c.id === 'cache')!.hitRatio!;
    expect(first).toBeLessThan(last);
  });

  it('TTL cache refreshed only on miss: hit ratio Σ p_i·λp_iT/(1+λp_iT)', () => {
    const lambda = 1000;
    const T = 0.5;
    const t = cacheTopology(
      { type: 'keys', capacity: 1000, evictionPolicy: 'ttl', ttlMs: T * 1000 },
      1000,
      0.8,
      lambda,
    );
    const r = simulate(t, { seed: 3, durationS: 220, warmupS: 20 });
    const p = zipf(1000, 0.8);
    const expected = p.reduce((a, x) => a + (x * (lambda * x * T)) / (1 + lambda * x * T), 0);
    expect(Math.abs(comp(r, 'cache').scaling!.hitRatio! - expected)).toBeLessThan(0.005);
  });

  it('a flush makes the misses spike on the next tier; coalescing absorbs concurrent misses', () => {
    const build = (coalescing: boolean) =>
      topo(
        {
          clients: {
            kind: 'source',
            name: 'C',
            workload: { type: 'open', rateRps: 1000 },
            endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'cache', keys: 2000, zipfS: 1 }],
          },
          cache: {
            kind: 'cache',
            name: 'Cache',
            latencyMs: { type: 'constant', valueMs: 0.5 },
            hit: { type: 'keys', capacity: 2000, evictionPolicy: 'lru', warm: true },
            miss: { to: 'db' },
            coalescing,
          },
          db: { kind: 'external', name: 'DB', latencyMs: { type: 'constant', valueMs: 50 } },
        },
        { durationS: 60, failures: [{ type: 'flushCache', atS: 30, target: 'cache' }] },
      );
    const plain = simulate(build(false), { seed: 1 });
    const coal = simulate(build(true), { seed: 1 });
    const dbRate = (r: SimulationResult, i: number) =>
      r.windows[i]!.components.find((c) => c.id === 'db')!.throughputRps;
    // warm and large enough for every key: no misses before the flush, a burst right after it
    expect(dbRate(plain, 20)).toBe(0);
    expect(dbRate(plain, 30)).toBeGreaterThan(100);
    expect(dbRate(coal, 30)).toBeLessThan(dbRate(plain, 30));
    expect(comp(coal, 'cache').scaling!.coalesced!).toBeGreaterThan(0);
  });
});

describe('rate limiting', () => {
  it('per-client token buckets reject like one bucket fed by one client’s share of the traffic', () => {
    const gw = (rateRps: number, rateLimit: Record<string, unknown>) =>
      topo({
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps },
          endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'gw' }],
        },
        gw: {
          kind: 'gateway',
          name: 'GW',
          latencyMs: { type: 'constant', valueMs: 1 },
          rateLimit,
          routes: { '*': { to: 'ok' } },
        },
        ok: { kind: 'external', name: 'OK', latencyMs: { type: 'constant', valueMs: 1 } },
      });
    const per = simulate(gw(80, { rateRps: 5, burst: 3, scope: 'perClient', clients: 10 }), {
      seed: 5,
      durationS: 2000,
    });
    const one = simulate(gw(8, { rateRps: 5, burst: 3 }), { seed: 6, durationS: 20000 });
    const f = (r: SimulationResult) => r.summary.errors.rateLimited / r.measured.arrived;
    expect(f(per)).toBeGreaterThan(1 - 5 / 8);
    expect(Math.abs(f(per) - f(one))).toBeLessThan(0.01);
  });
});

describe('autoscaler', () => {
  const stepTopology = (preset: string | undefined) => hpaStepTopology(preset ? { preset } : {}, 900);

  it('step 100 → 400 requests/s: instances follow the demand, p95 recovers, warm-up is billed', () => {
    const r = simulate(stepTopology('kubernetes-hpa'), { seed: 11 });
    const api = (i: number) => r.windows[i]!.components.find((c) => c.id === 'api')!;
    // 100 req/s × 10 ms = 1 core = one instance at 50%; 400 req/s = 4 cores needs 4 at 60% target
    expect(api(290).instances!.serving).toBe(1);
    expect(api(890).instances!.serving).toBe(4);
    const before = r.windows.slice(200, 300).map((w) => w.latency.p95S!);
    const baseline = before.reduce((a, b) => a + b, 0) / before.length;
    let recovered = -1;
    for (let i = 300; i < 900; i++) {
      const ok = r.windows.slice(i, i + 10).every((w) => (w.latency.p95S ?? Infinity) < 1.5 * baseline);
      if (ok) {
        recovered = i - 300;
        break;
      }
    }
    // CPU saturates at 100%, so each evaluation can only grow the pool by 1/0.6: 1 → 2 (ready at
    // +45 s) → 4 (ready at +90 s); then the first instance's own backlog drains (no work stealing)
    expect(api(340).instances!.serving).toBe(1);
    expect(api(350).instances!.serving).toBe(2);
    expect(api(395).instances!.serving).toBe(4);
    expect(recovered).toBeGreaterThan(90);
    expect(recovered).toBeLessThan(240);
    const s = comp(r, 'api').scaling!;
    expect(s.warmingSeconds!).toBeGreaterThanOrEqual(3 * 30 - 1e-6);
    expect(s.instanceSeconds!).toBeGreaterThan(s.instances!.mean * 900 - 1);
  });

  it('AWS target tracking reaches the same size', () => {
    const r = simulate(stepTopology(undefined), { seed: 11 });
    const api = r.windows[890]!.components.find((c) => c.id === 'api')!;
    expect(api.instances!.serving).toBeGreaterThanOrEqual(4);
    expect(api.instances!.serving).toBeLessThanOrEqual(5);
  });
});

describe('failures and resilience', () => {
  it('a zone loss removes its instances, fails requests until health checks notice, then recovers', () => {
    const t = topo(
      {
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 300 },
          endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'lb' }],
        },
        lb: {
          kind: 'loadBalancer',
          name: 'LB',
          policy: 'roundRobin',
          targets: [{ to: 'api' }],
          healthCheck: { intervalMs: 5000, threshold: 2 },
        },
        api: {
          kind: 'service',
          name: 'API',
          instances: 6,
          zones: ['a', 'b', 'c'],
          cores: 1,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
        },
      },
      { durationS: 200, failures: [{ type: 'killZone', atS: 60, durationS: 60, zone: 'a' }] },
    );
    const r = simulate(t, { seed: 2 });
    const api = (i: number) => r.windows[i]!.components.find((c) => c.id === 'api')!;
    expect(api(50).instances!.serving).toBe(6);
    expect(api(90).instances!.serving).toBe(4);
    expect(api(150).instances!.serving).toBe(6);
    const failed = (from: number, to: number) =>
      r.windows.slice(from, to).reduce((a, w) => a + w.errors.failed, 0);
    expect(failed(0, 60)).toBe(0);
    // detection takes 5–10 s: a third of the traffic fails meanwhile, none after
    expect(failed(60, 72)).toBeGreaterThan(100);
    expect(failed(72, 200)).toBe(0);
    expect(r.checks.conservation.holds).toBe(true);
  });

  it('a retry storm on a slowed dependency is stopped by a circuit breaker', () => {
    const build = (breaker: boolean) =>
      topo(
        {
          clients: {
            kind: 'source',
            name: 'C',
            workload: { type: 'open', rateRps: 200 },
            endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'api' }],
          },
          api: {
            kind: 'service',
            name: 'API',
            instances: 1,
            cores: 4,
            handlers: {
              '*': {
                workMs: { type: 'constant', valueMs: 1 },
                calls: [
                  {
                    to: 'dep',
                    timeoutMs: 100,
                    retry: { attempts: 4, backoffMs: 0 },
                    ...(breaker
                      ? {
                          circuitBreaker: {
                            errorThreshold: 0.5,
                            windowS: 5,
                            openMs: 5000,
                            halfOpenProbes: 3,
                          },
                        }
                      : {}),
                  },
                ],
              },
            },
          },
          dep: {
            kind: 'service',
            name: 'Dependency',
            instances: 1,
            cores: 4,
            handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
          },
        },
        {
          durationS: 120,
          failures: [{ type: 'slowdown', atS: 30, durationS: 30, target: 'dep', factor: 3 }],
        },
      );
    const storm = simulate(build(false), { seed: 4 });
    const guarded = simulate(build(true), { seed: 4 });
    const depQueue = (r: SimulationResult, i: number) =>
      r.windows[i]!.components.find((c) => c.id === 'dep')!.meanQueueLength;
    // slowed 3×, dep needs 6 cores of 4: timeouts, and each timeout's retry adds load (the
    // abandoned work carries on): the backlog explodes; the breaker stops sending
    expect(depQueue(storm, 20)).toBeLessThan(5);
    expect(depQueue(storm, 59)).toBeGreaterThan(1000);
    expect(depQueue(guarded, 59)).toBeLessThan(depQueue(storm, 59) / 2);
    // the storm outlives the slowdown: the backlog keeps timing out
    const stormErr = storm.windows.slice(60, 90).reduce((a, w) => a + w.errorRps, 0);
    const guardedErr = guarded.windows.slice(60, 90).reduce((a, w) => a + w.errorRps, 0);
    expect(guardedErr).toBeLessThan(stormErr);
    expect(guarded.summary.errors.circuitOpen).toBeGreaterThan(0);
    const open = comp(guarded, 'api').scaling!.breakerOpenSeconds!;
    expect(open).toBeGreaterThan(5);
    expect(guarded.windows.slice(100, 120).every((w) => w.errorRps === 0)).toBe(true);
  });

  it('a queue with redelivery: DLQ after maxAttempts failures, depth and age reported', () => {
    const t = topo(
      {
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 100 },
          endpoints: [{ id: 'post', name: 'POST', weight: 1, to: 'q' }],
        },
        q: {
          kind: 'queue',
          name: 'Q',
          publishMs: { type: 'constant', valueMs: 2 },
          consumer: { to: 'workers', maxAttempts: 3 },
        },
        workers: {
          kind: 'service',
          name: 'Workers',
          instances: 1,
          cores: 2,
          workers: 2,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 15 }, errorRate: 0.2 } },
        },
      },
      { durationS: 1000, warmupS: 100 },
    );
    const r = simulate(t, { seed: 9 });
    const q = comp(r, 'q').scaling!;
    // every message ends consumed or dead-lettered: 0.2³ = 0.8% dead-lettered; 0.2 + 0.04 redelivered
    expect(q.deadLettered! / q.published!).toBeCloseTo(0.008, 2);
    expect(q.redelivered! / q.published!).toBeCloseTo(0.24, 1);
    expect(q.queueDepthMean!).toBeGreaterThan(0.1);
    expect(q.messageAgeP99S!).toBeGreaterThan(0.015);
    expect(q.endToEndP99S!).toBeGreaterThan(q.messageAgeP99S! * 0.5);
    // producers get their ack after the publish latency only
    expect(r.summary.latency.p99S!).toBeCloseTo(0.002, 4);
    expect(r.summary.errorRate).toBe(0);
  });
});

describe('built-in templates', () => {
  const dir = join(import.meta.dirname, '..', '..', 'shared', 'templates');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.headroom.json'))) {
    it(`${file}: every scenario compiles without warnings and runs`, () => {
      const parsed = parseTopologyText(readFileSync(join(dir, file), 'utf8'));
      if (!parsed.ok) throw new Error('template does not parse');
      for (const scenario of Object.keys(parsed.topology.scenarios ?? {})) {
        const sim = createSimulation(parsed.topology, { seed: 1, scenario, durationS: 20 });
        expect(sim.warnings).toEqual([]);
        while (sim.advance(1_000_000));
        const r = sim.result();
        expect(r.checks.conservation.holds).toBe(true);
        expect(r.summary.throughputRps).toBeGreaterThan(0);
      }
    });
  }
});
