/** Load balancer policies: weighted shares, queue-aware policies against random, consistent-hash affinity. */
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../models/index.js';
import { component, expectNear, meanSe, seOfCi, topology } from './coverage-helpers.js';

const source = (rateRps: number, endpoint: Record<string, unknown> = {}) => ({
  kind: 'source',
  name: 'C',
  workload: { type: 'open', rateRps },
  endpoints: [{ id: 'req', name: 'Request', weight: 1, to: 'lb', ...endpoint }],
});

const pool = (instances: number, meanMs: number, extra: Record<string, unknown> = {}) => ({
  kind: 'service',
  name: 'Pool',
  instances,
  cores: 1,
  handlers: { '*': { workMs: { type: 'exponential', meanMs } } },
  ...extra,
});

const balancer = (policy: string, targets: Record<string, unknown>[]) => ({
  kind: 'loadBalancer',
  name: 'LB',
  policy,
  targets,
});

function meanLatency(r: SimulationResult): { mean: number; se: number } {
  return { mean: r.summary.latency.meanS!, se: seOfCi(r.summary.ci95.latencyMeanS, r.summary.ci95.n) };
}

describe('weighted shares across target pools', () => {
  const build = (policy: string) =>
    topology({
      clients: source(200),
      lb: balancer(policy, [
        { to: 'a', weight: 3 },
        { to: 'b', weight: 1 },
        { to: 'c', weight: 0 },
      ]),
      a: pool(2, 1),
      b: pool(1, 1),
      c: pool(1, 1),
    });

  it('weighted round robin gives each pool exactly its weight share (smooth rotation)', () => {
    const r = simulate(build('weightedRoundRobin'), { seed: 1, durationS: 100 });
    const n = component(r, 'lb').arrivals;
    // a deterministic rotation of period 4: off by at most one per pool (plus in-flight visits at the edges)
    expect(Math.abs(component(r, 'a').arrivals - 0.75 * n)).toBeLessThanOrEqual(2);
    expect(Math.abs(component(r, 'b').arrivals - 0.25 * n)).toBeLessThanOrEqual(2);
    expect(component(r, 'c').arrivals).toBe(0);
  });

  it('random picks pools with probabilities proportional to their weights', () => {
    const r = simulate(build('random'), { seed: 2, durationS: 100 });
    const n = component(r, 'lb').arrivals;
    const share = component(r, 'a').arrivals / n;
    expectNear(share, Math.sqrt((0.75 * 0.25) / n), 0.75, 4, 0.01);
    expect(component(r, 'c').arrivals).toBe(0);
  });
});

describe('queue-aware policies', () => {
  it('on a loaded pool of 10 M/M/1 instances, random gives 1/(μ − λ/n); least outstanding and power of two do better', () => {
    const lambda = 800;
    const run = (policy: string) =>
      simulate(
        topology({ clients: source(lambda), lb: balancer(policy, [{ to: 'api' }]), api: pool(10, 10) }),
        {
          seed: 6,
          durationS: 330,
          warmupS: 30,
        },
      );
    const random = meanLatency(run('random'));
    expectNear(random.mean, random.se, 1 / (100 - lambda / 10), 4, 0.03);
    const lor = meanLatency(run('leastOutstanding'));
    const p2c = meanLatency(run('powerOfTwo'));
    // join-the-shortest-queue cuts the waiting most; two random choices get most of the gain
    expect(lor.mean + 4 * lor.se).toBeLessThan(p2c.mean - 4 * p2c.se);
    expect(p2c.mean + 4 * p2c.se).toBeLessThan(0.5 * random.mean);
    expect(lor.mean).toBeGreaterThan(0.01);
  });

  it('a pool’s own policy applies to callers without a balancer', () => {
    const lambda = 800;
    const direct = (policy: string) =>
      simulate(
        topology({
          clients: { ...source(lambda), endpoints: [{ id: 'req', name: 'Request', weight: 1, to: 'api' }] },
          api: pool(10, 10, { policy }),
        }),
        { seed: 6, durationS: 330, warmupS: 30 },
      );
    const random = meanLatency(direct('random'));
    expectNear(random.mean, random.se, 1 / (100 - lambda / 10), 4, 0.03);
    const lor = meanLatency(direct('leastOutstanding'));
    expect(lor.mean + 4 * lor.se).toBeLessThan(0.5 * random.mean);
  });

  it('on a fast and a slow pool, random splits evenly (Σ ½/(μᵢ − λ/2)); least outstanding and power of two shift work to the fast one', () => {
    const lambda = 60;
    const run = (policy: string, replication = 0) =>
      simulate(
        topology({
          clients: source(lambda),
          lb: balancer(policy, [{ to: 'fast' }, { to: 'slow' }]),
          fast: pool(1, 5),
          slow: pool(1, 20),
        }),
        { seed: 8, replication, durationS: 430, warmupS: 30 },
      );
    // standard error from five independent replications
    const reps = [0, 1, 2, 3, 4].map((replication) => run('random', replication));
    const random = meanSe(reps.map((r) => r.summary.latency.meanS!));
    expectNear(random.mean, random.se, 0.5 / (200 - lambda / 2) + 0.5 / (50 - lambda / 2), 4, 0.03);
    for (const policy of ['leastOutstanding', 'powerOfTwo']) {
      const r = run(policy);
      const m = meanLatency(r);
      expect(m.mean + 4 * m.se).toBeLessThan(random.mean - 4 * random.se);
      expect(component(r, 'fast').arrivals).toBeGreaterThan(1.5 * component(r, 'slow').arrivals);
    }
  });
});

describe('consistent hash', () => {
  const three = { a: pool(1, 1), b: pool(1, 1), c: pool(1, 1) };
  const targets = [{ to: 'a' }, { to: 'b' }, { to: 'c' }];

  it('one key always reaches the same instance', () => {
    const r = simulate(
      topology({ clients: source(100, { keys: 1 }), lb: balancer('consistentHash', targets), ...three }),
      { seed: 3, durationS: 50 },
    );
    const arrivals = ['a', 'b', 'c'].map((id) => component(r, id).arrivals).sort((x, y) => x - y);
    expect(arrivals.slice(0, 2)).toEqual([0, 0]);
    expect(arrivals[2]).toBe(component(r, 'lb').arrivals);
  });

  it('many keys spread over the ring: each of 3 targets with 100 points gets a Beta(100, 200) share', () => {
    const r = simulate(
      topology({
        clients: source(500, { keys: 1_000_000 }),
        lb: balancer('consistentHash', targets),
        ...three,
      }),
      { seed: 3, durationS: 100 },
    );
    const n = component(r, 'lb').arrivals;
    const sd = Math.sqrt((100 * 200) / (300 * 300 * 301));
    for (const id of ['a', 'b', 'c'])
      expect(Math.abs(component(r, id).arrivals / n - 1 / 3)).toBeLessThan(4 * sd);
  });

  it('affinity keeps each cache’s working set small: hit ratio near 1, against C/K with round robin', () => {
    const cache = (name: string) => ({
      kind: 'cache',
      name,
      latencyMs: { type: 'constant', valueMs: 0 },
      hit: { type: 'keys', capacity: 150, evictionPolicy: 'lru' },
      miss: { to: 'origin' },
    });
    const run = (policy: string) =>
      simulate(
        topology({
          clients: source(300, { keys: 300 }),
          lb: balancer(policy, [{ to: 'c1' }, { to: 'c2' }, { to: 'c3' }]),
          c1: cache('C1'),
          c2: cache('C2'),
          c3: cache('C3'),
          origin: { kind: 'external', name: 'Origin', latencyMs: { type: 'constant', valueMs: 1 } },
        }),
        { seed: 4, durationS: 300, warmupS: 60 },
      );
    const hit = (r: SimulationResult) => ['c1', 'c2', 'c3'].map((id) => component(r, id).scaling!.hitRatio!);
    // round robin: every cache sees all 300 uniform keys; LRU under uniform popularity hits C/K = 0.5
    for (const h of hit(run('roundRobin'))) expect(Math.abs(h - 0.5)).toBeLessThan(0.02);
    // consistent hash: each cache sees ~100 keys, which fit; after the warm-up every lookup hits
    for (const h of hit(run('consistentHash'))) expect(h).toBeGreaterThan(0.99);
  });
});
