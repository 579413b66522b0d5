/** Database: stale reads against the replication lag, hot shards from Zipf keys, failover, connection limits. */
import { describe, expect, it } from 'vitest';
import { hashInt } from '../../models/engine/random.js';
import { simulate, type SimulationResult } from '../../models/index.js';
import { component, expectNear, seOfCi, topology } from './coverage-helpers.js';

const source = (rateRps: number, endpoint: Record<string, unknown> = {}) => ({
  kind: 'source',
  name: 'C',
  workload: { type: 'open', rateRps },
  endpoints: [{ id: 'q', name: 'Query', weight: 1, to: 'db', ...endpoint }],
});

const database = (extra: Record<string, unknown>, writeFraction = 0, meanMs = 1) => ({
  kind: 'database',
  name: 'DB',
  cores: 1,
  handlers: { '*': { workMs: { type: 'exponential', meanMs }, writeFraction } },
  ...extra,
});

describe('read-after-write on replicas', () => {
  // a read is stale when its key was written less than the (sampled) lag ago; Poisson writes per key at
  // rate λw/K make the age of the last write Exp(λw/K) at a random read
  it('constant lag L: stale fraction 1 − e^{−(λw/K)·L}; the mean lag is L', () => {
    const lambda = 200;
    const w = 0.25;
    const keys = 5;
    const lag = 0.01;
    const r = simulate(
      topology({
        clients: source(lambda, { keys }),
        db: database({ replicas: 1, replicationLagMs: { type: 'constant', valueMs: lag * 1000 } }, w),
      }),
      { seed: 3, durationS: 310, warmupS: 10 },
    );
    const s = component(r, 'db').scaling!;
    const expected = 1 - Math.exp(-((lambda * w) / keys) * lag);
    const reads = lambda * (1 - w) * r.measuredS;
    expectNear(s.staleReadFraction!, Math.sqrt((expected * (1 - expected)) / reads), expected, 4, 0.03);
    expect(s.replicaLagMeanS!).toBeCloseTo(lag, 9);
  });

  it('exponential lag of mean m: stale fraction (λw/K)·m / (1 + (λw/K)·m)', () => {
    const lambda = 200;
    const w = 0.25;
    const m = 0.01;
    const r = simulate(
      topology({
        clients: source(lambda, { keys: 1 }),
        db: database({ replicas: 2, replicationLagMs: { type: 'exponential', meanMs: m * 1000 } }, w),
      }),
      { seed: 5, durationS: 310, warmupS: 10 },
    );
    const s = component(r, 'db').scaling!;
    const x = lambda * w * m;
    const expected = x / (1 + x);
    const reads = lambda * (1 - w) * r.measuredS;
    expectNear(s.staleReadFraction!, Math.sqrt((expected * (1 - expected)) / reads), expected, 4, 0.02);
    expectNear(s.replicaLagMeanS!, m / Math.sqrt(reads), m, 4, 0.02);
  });

  it('no writes, no stale reads', () => {
    const r = simulate(
      topology({
        clients: source(100, { keys: 1 }),
        db: database({ replicas: 1, replicationLagMs: { type: 'constant', valueMs: 1000 } }, 0),
      }),
      { seed: 1, durationS: 30 },
    );
    expect(component(r, 'db').scaling!.staleReadFraction).toBe(0);
  });
});

describe('shards', () => {
  it('Zipf keys make a hot shard: each shard is an M/M/1 fed by the Zipf mass of its keys', () => {
    const shards = 4;
    const keys = 20;
    const s = 1;
    const mu = 100;
    // key k (0-based rank) has probability (k+1)^−s / H; shard = hash(key) mod shards (the engine's key hash)
    const p = Array.from({ length: keys }, (_, k) => Math.pow(k + 1, -s));
    const h = p.reduce((a, b) => a + b, 0);
    const share = new Array<number>(shards).fill(0);
    p.forEach((x, k) => (share[(hashInt(k) >>> 0) % shards]! += x / h));
    const hottest = Math.max(...share);
    expect(hottest).toBeGreaterThan(0.3);
    const lambda = (0.7 * mu) / hottest; // the hottest shard at 70%
    const r = simulate(
      topology({
        clients: source(lambda, { keys, zipfS: s }),
        db: database({ shards }, 0, 1000 / mu),
      }),
      { seed: 7, durationS: 630, warmupS: 30 },
    );
    const expected = share.reduce((a, x) => a + x / (mu - lambda * x), 0);
    const uniform = 1 / (mu - lambda / shards);
    const m = { mean: r.summary.latency.meanS!, se: seOfCi(r.summary.ci95.latencyMeanS, r.summary.ci95.n) };
    expectNear(m.mean, m.se, expected, 4, 0.03);
    expect(m.mean - 4 * m.se).toBeGreaterThan(uniform);
  });
});

describe('failover', () => {
  it('primary lost: writes fail until a replica is promoted failoverMs later; reads carry on', () => {
    const lambda = 200;
    const w = 0.4;
    const r = simulate(
      topology(
        {
          clients: source(lambda),
          db: database({ replicas: 1, failoverMs: 10_000 }, w),
        },
        { durationS: 200, failures: [{ type: 'failover', atS: 100, target: 'db' }] },
      ),
      { seed: 4 },
    );
    const failed = (from: number, to: number) =>
      r.windows.slice(from, to).reduce((a, x) => a + x.errors.failed, 0);
    const served = (i: number) => r.windows[i]!.throughputRps;
    expect(failed(0, 100)).toBe(0);
    // every write of the 10 s fails (Poisson count of mean λw·10), reads still succeed
    const expected = lambda * w * 10;
    expect(Math.abs(failed(100, 110) - expected)).toBeLessThan(4.5 * Math.sqrt(expected));
    for (let i = 100; i < 110; i++) {
      expect(r.windows[i]!.errors.failed).toBeGreaterThan(0);
      expect(served(i)).toBeGreaterThan(0.4 * lambda);
    }
    // promoted: writes succeed again; the old primary rejoins as a replica
    expect(failed(110, 200)).toBe(0);
    const db = (i: number) => r.windows[i]!.components.find((c) => c.id === 'db')!;
    expect(db(105).instances!.serving).toBe(1);
    expect(db(150).instances!.serving).toBe(2);
    expect(r.checks.conservation.holds).toBe(true);
  });
});

describe('connection pool', () => {
  it('connections c with no wait queue: blocking is Erlang B(c, λ/μ) (insensitive to the work distribution)', () => {
    const lambda = 150;
    const mu = 100;
    const run = (workMs: Record<string, unknown>): SimulationResult =>
      simulate(
        topology({
          clients: source(lambda),
          db: {
            kind: 'database',
            name: 'DB',
            cores: 2,
            connections: 2,
            queueLimit: 0,
            handlers: { '*': { workMs } },
          },
        }),
        { seed: 2, durationS: 310, warmupS: 10 },
      );
    const a = lambda / mu;
    const erlangB = (a * a) / 2 / (1 + a + (a * a) / 2);
    const n = lambda * 300;
    for (const workMs of [
      { type: 'exponential', meanMs: 1000 / mu },
      { type: 'constant', valueMs: 1000 / mu },
    ]) {
      const b = component(run(workMs), 'db').blockingProbability!;
      expectNear(b, Math.sqrt((erlangB * (1 - erlangB)) / n), erlangB, 4, 0.02);
    }
  });
});
