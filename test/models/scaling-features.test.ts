/** Cache writes, node limits and the hash ring; queue throughput, lag and partitions; metric delay; load shedding (issue 5). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../models/analytic/index.js';
import { HashRing, RING_POINTS } from '../../models/engine/hash-ring.js';
import { hashInt } from '../../models/engine/random.js';
import { compileTopology, mergeReplications, simulate, type SimulationResult } from '../../models/index.js';
import { parseTopologyText } from '../../shared/topology/index.js';
import { hpaStepTopology, topo } from './helpers.js';

const comp = (r: SimulationResult, id: string) => r.components.find((c) => c.id === id)!;
const zero = { type: 'constant', valueMs: 0 };

describe('cache writes', () => {
  // 80% reads and 20% writes of the same 1,000 Zipf keys; the cache holds every key
  const build = (cache: Record<string, unknown>) =>
    topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 2000 },
        endpoints: [
          { id: 'get', name: 'GET', weight: 0.8, to: 'cache', keys: 1000, zipfS: 0.8 },
          { id: 'put', name: 'PUT', weight: 0.2, to: 'cache', keys: 1000, zipfS: 0.8 },
        ],
      },
      cache: {
        kind: 'cache',
        name: 'Cache',
        latencyMs: zero,
        hit: { type: 'keys', capacity: 1000, evictionPolicy: 'lru' },
        miss: { to: 'db' },
        cacheable: ['get'],
        ...cache,
      },
      db: { kind: 'external', name: 'DB', latencyMs: zero },
    });
  const run = (cache: Record<string, unknown>) =>
    simulate(build(cache), { seed: 3, durationS: 60, warmupS: 20 });

  it('invalidation drops the key: a read hits only when the last event on its key was a read (0.8)', () => {
    const plain = comp(run({}), 'cache').scaling!;
    const inv = comp(run({ writeEndpoints: ['put'], writePolicy: 'invalidate' }), 'cache').scaling!;
    const wt = comp(run({ writeEndpoints: ['put'], writePolicy: 'writeThrough' }), 'cache').scaling!;
    // everything fits: without writes every read hits once warm
    expect(plain.hitRatio!).toBeGreaterThan(0.995);
    // same popularity for reads and writes: P(previous event on the key is a read) = 0.8
    expect(Math.abs(inv.hitRatio! - 0.8)).toBeLessThan(0.01);
    expect(inv.cacheWrites!).toBeGreaterThan(0.19 * 2000 * 40);
    // write-through stores the written key: reads keep hitting
    expect(wt.hitRatio!).toBeGreaterThan(0.995);
  });

  it('the estimator agrees: invalidation keeps 1/(1 + writes/reads) of the hits, write-through all', () => {
    const inv = analyze(build({ writeEndpoints: ['put'], writePolicy: 'invalidate' })).components['cache']!;
    const wt = analyze(build({ writeEndpoints: ['put'], writePolicy: 'writeThrough' })).components['cache']!;
    expect(inv.hitRatio!).toBeCloseTo(0.8, 3);
    expect(wt.hitRatio!).toBeCloseTo(1, 3);
    // writes reach the database in full
    const a = analyze(build({ writeEndpoints: ['put'], writePolicy: 'invalidate' }));
    expect(a.components['db']!.throughputRps).toBeCloseTo(0.2 * 2000 + 0.8 * 2000 * 0.2, 0);
  });

  it('writes go to the next tier under both policies', () => {
    for (const writePolicy of ['invalidate', 'writeThrough']) {
      const r = run({ writeEndpoints: ['put'], writePolicy });
      const db = comp(r, 'db').arrivals;
      const c = comp(r, 'cache');
      const misses = (1 - c.scaling!.hitRatio!) * 0.8 * 2000 * 40;
      // db sees every write plus the read misses
      expect(db).toBeGreaterThanOrEqual(c.scaling!.cacheWrites! + misses * 0.95);
      expect(db).toBeLessThan(c.scaling!.cacheWrites! + misses * 1.05 + 50);
    }
  });

  it('validation names the field', () => {
    expect(() => compileTopology(build({ writeEndpoints: ['nope'] }))).toThrow(/writeEndpoints\[0\]/);
    const parsed = parseTopologyText(
      JSON.stringify({
        schemaVersion: 1,
        name: 't',
        components: {
          c: {
            kind: 'source',
            name: 'C',
            workload: { type: 'open', rateRps: 1 },
            endpoints: [{ id: 'get', name: 'G', weight: 1, to: 'cache' }],
          },
          cache: {
            kind: 'cache',
            name: 'Cache',
            latencyMs: zero,
            hit: { type: 'ratio', hitRatio: 0.5 },
            writePolicy: 'writeThrough',
          },
        },
      }),
    );
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.warnings.map((w) => w.path)).toContain('components.cache.writePolicy');
  });
});

describe('cache node throughput limit', () => {
  const build = (rateRps: number, nodes = 1) =>
    topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps },
        endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'cache', keys: 100_000 }],
      },
      cache: {
        kind: 'cache',
        name: 'Cache',
        nodes,
        latencyMs: zero,
        hit: { type: 'ratio', hitRatio: 1 },
        maxRpsPerNode: 500,
      },
    });

  it('a node serves 1/maxRpsPerNode per operation, FIFO: M/D/1 wait at 80%', () => {
    const r = simulate(build(400), { seed: 5, durationS: 200, warmupS: 20 });
    // W = ρ / (2μ(1 − ρ)) = 0.8 / (2 · 500 · 0.2) = 4 ms
    expect(r.summary.latency.meanS!).toBeGreaterThan(0.0037);
    expect(r.summary.latency.meanS!).toBeLessThan(0.0043);
  });

  it('an overloaded node caps throughput at maxRpsPerNode and latency climbs; more nodes share the load', () => {
    const over = simulate(build(800), { seed: 5, durationS: 60, warmupS: 10 });
    expect(over.summary.throughputRps).toBeGreaterThan(480);
    expect(over.summary.throughputRps).toBeLessThan(520);
    expect(over.windows[59]!.latency.p50S!).toBeGreaterThan(10);
    const two = simulate(build(800, 2), { seed: 5, durationS: 60, warmupS: 10 });
    expect(two.summary.throughputRps).toBeGreaterThan(780);
    expect(two.windows[59]!.latency.p50S!).toBeLessThan(1);
  });

  it('the estimator gives the node utilization and the M/D/1 wait; overload makes the cache the bottleneck', () => {
    const a = analyze(build(400)).components['cache']!;
    expect(a.utilization!).toBeCloseTo(0.8, 6);
    expect(a.meanWaitMs).toBeCloseTo(4, 6);
    const over = analyze(build(800));
    expect(over.bottleneck).toBe('cache');
    expect(over.maxThroughputRps!).toBeCloseTo(500, 3);
  });

  it('rejects a bad limit', () => {
    const t = build(1);
    (t.components['cache'] as { maxRpsPerNode: number }).maxRpsPerNode = -1;
    expect(() => compileTopology(t)).toThrow(/components\.cache\.maxRpsPerNode/);
  });
});

describe('consistent-hash ring', () => {
  const members = (n: number) => Array.from({ length: n }, (_, k) => `cache#${k}`);
  const owners = (ring: HashRing, keys: number, up?: Uint8Array) =>
    Array.from({ length: keys }, (_, k) => (up ? ring.lookupUp(hashInt(k), up) : ring.lookup(hashInt(k))));

  it('losing one of 10 nodes moves only its own keys (~1/10); hash mod N would move ~9/10', () => {
    const ring = new HashRing(members(10), new Array<number>(10).fill(RING_POINTS));
    const before = owners(ring, 100_000);
    const up = new Uint8Array(10).fill(1);
    up[3] = 0;
    const after = owners(ring, 100_000, up);
    let moved = 0;
    for (let k = 0; k < before.length; k++)
      if (before[k] !== after[k]) {
        moved++;
        expect(before[k]).toBe(3);
      }
    expect(moved / before.length).toBeGreaterThan(0.06);
    expect(moved / before.length).toBeLessThan(0.14);
    let modMoved = 0;
    for (let k = 0; k < 100_000; k++) if (hashInt(k) % 10 !== hashInt(k) % 9) modMoved++;
    expect(modMoved / 100_000).toBeGreaterThan(0.85);
  });

  it('adding an 11th node takes ~1/11 of the keys, all of them onto the new node', () => {
    const ten = owners(new HashRing(members(10), new Array<number>(10).fill(RING_POINTS)), 100_000);
    const eleven = owners(new HashRing(members(11), new Array<number>(11).fill(RING_POINTS)), 100_000);
    let moved = 0;
    for (let k = 0; k < ten.length; k++)
      if (ten[k] !== eleven[k]) {
        moved++;
        expect(eleven[k]).toBe(10);
      }
    expect(moved / ten.length).toBeGreaterThan(0.06);
    expect(moved / ten.length).toBeLessThan(0.13);
  });

  it('killInstances on a 4-node cache: only the dead node’s keys miss, once', () => {
    const t = topo(
      {
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 2000 },
          endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'cache', keys: 4000 }],
        },
        cache: {
          kind: 'cache',
          name: 'Cache',
          nodes: 4,
          latencyMs: zero,
          // 4 × 4,000 slots: every node could hold every key, so nothing is evicted
          hit: { type: 'keys', capacity: 16_000, evictionPolicy: 'lru', warm: true },
          miss: { to: 'db' },
        },
        db: { kind: 'external', name: 'DB', latencyMs: zero },
      },
      {
        durationS: 150,
        failures: [{ type: 'killInstances', atS: 50, durationS: 50, target: 'cache', count: 1 }],
      },
    );
    const r = simulate(t, { seed: 8, durationS: 150, warmupS: 0 });
    const dbCalls = (from: number, to: number) =>
      r.windows
        .slice(from, to)
        .reduce((a, w) => a + w.components.find((c) => c.id === 'db')!.throughputRps, 0);
    expect(dbCalls(0, 50)).toBe(0);
    // node 0's share of the 4,000 keys (about 1,000) misses once; a mod-N remap would miss ~3,000
    const after = dbCalls(50, 100);
    expect(after).toBeGreaterThan(600);
    expect(after).toBeLessThan(1400);
    expect(dbCalls(90, 100)).toBe(0);
    // the node comes back empty: its keys map back to it and miss once more
    const back = dbCalls(100, 150);
    expect(Math.abs(back - after)).toBeLessThan(0.1 * after);
    expect(dbCalls(140, 150)).toBe(0);
  });

  it('killInstances on a fixed-ratio cache is refused with the field named', () => {
    const t = topo(
      {
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 1 },
          endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'cache' }],
        },
        cache: { kind: 'cache', name: 'Cache', latencyMs: zero, hit: { type: 'ratio', hitRatio: 0.5 } },
      },
      { durationS: 10, failures: [{ type: 'killInstances', atS: 1, target: 'cache', count: 1 }] },
    );
    expect(() => compileTopology(t)).toThrow(/scenarios\.s\.failures\[0\]\.target/);
  });
});

describe('queue broker limit, consumer lag and partitions', () => {
  const build = (queue: Record<string, unknown>, rateRps: number, workMs: Record<string, unknown>) =>
    topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps },
        endpoints: [{ id: 'post', name: 'POST', weight: 1, to: 'q' }],
      },
      q: {
        kind: 'queue',
        name: 'Q',
        publishMs: zero,
        consumer: { to: 'workers' },
        ...queue,
      },
      workers: {
        kind: 'service',
        name: 'Workers',
        instances: 4,
        cores: 4,
        workers: 4,
        handlers: { '*': { workMs } },
      },
    });

  it('maxPublishRps: the brokers accept that rate, the excess gets 429', () => {
    const r = simulate(build({ maxPublishRps: 300 }, 500, { type: 'constant', valueMs: 1 }), {
      seed: 2,
      durationS: 100,
      warmupS: 10,
    });
    const q = comp(r, 'q').scaling!;
    expect(q.published! / 90).toBeGreaterThan(295);
    expect(q.published! / 90).toBeLessThan(305);
    // overloaded, the bucket admits its rate: the rest of the arrivals are refused
    expect(r.summary.errors.rateLimited / r.measured.arrived).toBeCloseTo(
      1 - q.published! / r.measured.arrived,
      3,
    );
    expect(r.summary.errors.rateLimited / r.measured.arrived).toBeGreaterThan(0.37);
    expect(comp(r, 'q').rateLimited).toBe(r.summary.errors.rateLimited);
    // the estimator's token bucket blocks the same share
    const a = analyze(build({ maxPublishRps: 300 }, 500, { type: 'constant', valueMs: 1 })).components['q']!;
    expect(a.blockingProbability!).toBeCloseTo(0.4, 2);
    expect(a.saturation!).toBeCloseTo(500 / 300, 6);
  });

  it('consumer lag of one M/M/1 consumer at ρ = 0.5 averages ρ/(1 − ρ) = 1 message', () => {
    const t = build({}, 100, { type: 'exponential', meanMs: 5 });
    const w = t.components['workers'] as { instances: number; cores: number; workers: number };
    w.instances = 1;
    w.cores = 1;
    w.workers = 1;
    const r = simulate(t, { seed: 4, durationS: 2000, warmupS: 100 });
    const q = comp(r, 'q').scaling!;
    expect(q.consumerLagMean!).toBeGreaterThan(0.93);
    expect(q.consumerLagMean!).toBeLessThan(1.07);
    expect(q.consumerLagMax!).toBeGreaterThanOrEqual(5);
    const win = r.windows[500]!.components.find((c) => c.id === 'q')!;
    expect(win.consumerLagMean).toBeGreaterThanOrEqual(0);
    expect(win.consumerLagMax).toBeGreaterThanOrEqual(win.consumerLagMean!);
  });

  it('headroom simulate --json reports consumerLagMean and consumerLagMax of the queue', () => {
    const t = build({ maxPublishRps: 200 }, 100, { type: 'exponential', meanMs: 5 });
    const file = join(mkdtempSync(join(tmpdir(), 'headroom-lag-')), 'q.headroom.json');
    writeFileSync(file, JSON.stringify(t));
    const out = execFileSync(
      process.execPath,
      ['bin/headroom.js', 'simulate', file, '--duration', '30', '--warmup', '5', '--json'],
      { encoding: 'utf8' },
    );
    const q = (JSON.parse(out) as { components: Record<string, Record<string, unknown>> }).components['q']!;
    expect(typeof q['consumerLagMean']).toBe('number');
    expect(q['consumerLagMean'] as number).toBeGreaterThan(0);
    expect(q['consumerLagMax'] as number).toBeGreaterThanOrEqual(1);
  });

  it('partitions cap the consuming instances: 2 partitions of 4 single-worker instances × 10 ms = 200 messages/s', () => {
    const opts = { seed: 6, durationS: 60, warmupS: 10 };
    const single = (queue: Record<string, unknown>) => {
      const t = build(queue, 300, { type: 'constant', valueMs: 10 });
      const w = t.components['workers'] as { cores: number; workers: number };
      w.cores = 1;
      w.workers = 1;
      return t;
    };
    const capped = simulate(single({ partitions: 2 }), opts);
    const free = simulate(single({}), opts);
    const c = comp(capped, 'q').scaling!;
    expect(c.consumed! / 50).toBeGreaterThan(195);
    expect(c.consumed! / 50).toBeLessThan(205);
    expect(comp(capped, 'workers').meanBusyWorkers).toBeLessThanOrEqual(2 + 1e-9);
    // the backlog grows by ~100 messages/s: lag at the end is thousands
    expect(capped.windows[59]!.components.find((x) => x.id === 'q')!.consumerLagMax!).toBeGreaterThan(4000);
    expect(comp(free, 'q').scaling!.consumed! / 50).toBeGreaterThan(290);
    expect(comp(free, 'q').scaling!.consumerLagMean!).toBeLessThan(10);
    // the estimator: two of the four instances consume, 300/s against 200/s of capacity
    const a = analyze(single({ partitions: 2 }));
    expect(a.components['workers']!.saturation!).toBeCloseTo(1.5, 6);
    expect(a.bottleneck).toBe('workers');
    expect(a.components['workers']!.instances).toBe(4);
    expect(analyze(single({})).components['workers']!.saturation!).toBeCloseTo(0.75, 6);
  });
});

describe('autoscaler metric delay', () => {
  const stepTopology = (metricDelayS: number) =>
    hpaStepTopology({ preset: 'kubernetes-hpa', metricDelayS }, 600);
  const firstLaunch = (r: SimulationResult) =>
    r.windows.findIndex((w) => w.components.find((c) => c.id === 'api')!.instances!.max > 1);

  it('a 60 s delay postpones the first scale-out of the 100 → 400 req/s step by 60 s', () => {
    const now = simulate(stepTopology(0), { seed: 11, warmupS: 0 });
    const late = simulate(stepTopology(60), { seed: 11, warmupS: 0 });
    const a = firstLaunch(now);
    const b = firstLaunch(late);
    expect(a).toBeGreaterThanOrEqual(300);
    expect(a).toBeLessThan(320);
    expect(b - a).toBeGreaterThanOrEqual(59);
    expect(b - a).toBeLessThanOrEqual(61);
    // the late pool still reaches the demand
    expect(late.windows[590]!.components.find((c) => c.id === 'api')!.instances!.serving).toBe(4);
  });

  it('rejects a negative delay', () => {
    const t = stepTopology(0);
    (t.components['hpa'] as { metricDelayS: number }).metricDelayS = -5;
    expect(() => compileTopology(t)).toThrow(/components\.hpa\.metricDelayS/);
  });
});

describe('load shedding', () => {
  const build = (rateRps: number, loadShedding?: Record<string, unknown>, workers?: number) =>
    topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps },
        endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'api' }],
      },
      api: {
        kind: 'service',
        name: 'API',
        instances: 1,
        cores: 1,
        ...(workers ? { workers } : {}),
        ...(loadShedding ? { loadShedding } : {}),
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
      },
    });

  it('maxInFlight K on an M/M/1 sheds like M/M/1/K: (1 − ρ)ρ^K / (1 − ρ^(K+1))', () => {
    const r = simulate(build(80, { maxInFlight: 5 }), { seed: 12, durationS: 2000, warmupS: 50 });
    const rho = 0.8;
    const expected = ((1 - rho) * rho ** 5) / (1 - rho ** 6);
    const api = comp(r, 'api');
    expect(Math.abs(api.blockingProbability! - expected)).toBeLessThan(0.006);
    expect(api.scaling!.shed).toBe(api.rejected);
    expect(r.summary.errors.rejected).toBe(api.rejected);
    // the estimator treats maxInFlight as the room of an M/M/1/K queue
    const a = analyze(build(80, { maxInFlight: 5 })).components['api']!;
    expect(a.blockingProbability!).toBeCloseTo(expected, 6);
  });

  it('maxQueueWaitMs bounds the latency of an overloaded pool; shed requests are 503s', () => {
    const opts = { seed: 13, durationS: 60, warmupS: 10 };
    const flooded = simulate(build(150, undefined, 4), opts);
    const shed = simulate(build(150, { maxQueueWaitMs: 50 }, 4), opts);
    // without shedding the queue grows by 50/s: latencies of seconds
    expect(flooded.summary.latency.p50S!).toBeGreaterThan(5);
    // served requests waited at most 50 ms, then worked (exp, mean 10 ms)
    expect(shed.summary.latency.p99S!).toBeLessThan(0.05 + 0.1);
    expect(shed.summary.throughputRps).toBeGreaterThan(95);
    const api = comp(shed, 'api');
    expect(api.scaling!.shed!).toBeGreaterThan(0.25 * 150 * 50);
    expect(shed.summary.errors.rejected).toBeGreaterThan(0.25 * 150 * 50);
  });

  it('validation names the field', () => {
    const t = build(1, { maxQueueWaitMs: 10 });
    (t.components['api'] as { loadShedding: { maxInFlight: number } }).loadShedding.maxInFlight = 0.5;
    expect(() => compileTopology(t)).toThrow(/components\.api\.loadShedding\.maxInFlight/);
  });
});

describe('replications', () => {
  it('merged replications keep the scaling figures: counts summed, averages averaged, maxima the largest', () => {
    const t = topo({
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 100 },
        endpoints: [{ id: 'post', name: 'POST', weight: 1, to: 'q' }],
      },
      q: { kind: 'queue', name: 'Q', publishMs: zero, consumer: { to: 'workers' } },
      workers: {
        kind: 'service',
        name: 'Workers',
        instances: 1,
        cores: 1,
        workers: 1,
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 5 } } },
      },
    });
    const runs = [0, 1].map((replication) =>
      simulate(t, { seed: 1, replication, durationS: 100, warmupS: 10 }),
    );
    const merged = mergeReplications(runs);
    const [a, b] = runs.map((r) => comp(r, 'q').scaling!);
    const m = comp(merged, 'q').scaling!;
    expect(m.published).toBe(a!.published! + b!.published!);
    expect(m.consumerLagMean).toBeCloseTo((a!.consumerLagMean! + b!.consumerLagMean!) / 2, 12);
    expect(m.consumerLagMax).toBe(Math.max(a!.consumerLagMax!, b!.consumerLagMax!));
    expect(m.messageAgeP99S).toBeCloseTo((a!.messageAgeP99S! + b!.messageAgeP99S!) / 2, 12);
    expect(comp(merged, 'workers').scaling).toBeUndefined();
  });
});
