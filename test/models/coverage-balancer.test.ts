/** Load balancer policies: weighted shares across pools, queue-aware policies against random, consistent-hash affinity. */
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

  it('on a fast and a slow pool of equal weights, every policy splits by weight: random and power of two as a Bernoulli split (Σ ½/(μᵢ − λ/2)), round robin and least outstanding by alternation (two E₂/M/1 queues)', () => {
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
    const reps = (policy: string) => [0, 1, 2, 3, 4].map((replication) => run(policy, replication));
    const latency = (rs: SimulationResult[]) => meanSe(rs.map((r) => r.summary.latency.meanS!));
    const poisson = 0.5 / (200 - lambda / 2) + 0.5 / (50 - lambda / 2);
    for (const policy of ['random', 'powerOfTwo']) {
      const rs = reps(policy);
      const m = latency(rs);
      expectNear(m.mean, m.se, poisson, 4, 0.03);
      const n = component(rs[0]!, 'lb').arrivals;
      expectNear(component(rs[0]!, 'fast').arrivals / n, Math.sqrt(0.25 / n), 0.5, 4, 0.01);
    }
    // every second arrival: Erlang-2 gaps; GI/M/1 response time 1/(μ(1 − σ)), σ = (λ/(λ + μ(1 − σ)))²
    const e2m1 = (mu: number) => {
      let sigma = 0.5;
      for (let i = 0; i < 200; i++) sigma = Math.pow(lambda / (lambda + mu * (1 - sigma)), 2);
      return 1 / (mu * (1 - sigma));
    };
    const alternating = 0.5 * e2m1(200) + 0.5 * e2m1(50);
    expect(alternating).toBeLessThan(0.9 * poisson);
    for (const policy of ['roundRobin', 'leastOutstanding']) {
      const rs = reps(policy);
      for (const r of rs)
        expect(Math.abs(component(r, 'fast').arrivals - component(r, 'slow').arrivals)).toBeLessThanOrEqual(
          2,
        );
      const m = latency(rs);
      expectNear(m.mean, m.se, alternating, 4, 0.03);
    }
  });
});

describe('pool weights come first, then the policy picks an instance of the pool', () => {
  const policies = [
    'roundRobin',
    'weightedRoundRobin',
    'random',
    'leastOutstanding',
    'powerOfTwo',
    'consistentHash',
  ];

  it('a 9:1 canary gets 10% under every policy, whatever the instance counts', () => {
    for (const [i, policy] of policies.entries()) {
      const r = simulate(
        topology({
          clients: source(100),
          lb: balancer(policy, [
            { to: 'stable', weight: 9 },
            { to: 'canary', weight: 1 },
          ]),
          stable: pool(2, 1),
          canary: pool(1, 1),
        }),
        { seed: 10 + i, durationS: 100 },
      );
      const n = component(r, 'lb').arrivals;
      const share = component(r, 'stable').arrivals / n;
      // a consistent-hash ring of 1800 + 100 points adds the spread of its arc share, Beta(1800, 100)
      const ring = policy === 'consistentHash' ? (0.9 * 0.1) / 1901 : 0;
      expect(Math.abs(share - 0.9)).toBeLessThanOrEqual(4 * Math.sqrt((0.9 * 0.1) / n + ring));
    }
  });

  it('equal weights over 3 instances and 1: round robin and least outstanding split 50/50, not 3:1', () => {
    for (const policy of ['roundRobin', 'leastOutstanding']) {
      const r = simulate(
        topology({
          clients: source(100),
          lb: balancer(policy, [{ to: 'big' }, { to: 'small' }]),
          big: pool(3, 1),
          small: pool(1, 1),
        }),
        { seed: 12, durationS: 100 },
      );
      // a deterministic alternation between the pools: off by at most one (plus visits in flight at the edges)
      expect(Math.abs(component(r, 'big').arrivals - component(r, 'small').arrivals)).toBeLessThanOrEqual(2);
    }
  });

  it('a canary pool taken out by the health check: its share moves to the other pool', () => {
    for (const policy of ['roundRobin', 'leastOutstanding', 'powerOfTwo']) {
      const r = simulate(
        topology(
          {
            clients: source(200),
            lb: {
              ...balancer(policy, [
                { to: 'stable', weight: 9 },
                { to: 'canary', weight: 1 },
              ]),
              healthCheck: { intervalMs: 1000, threshold: 2 },
            },
            stable: pool(2, 1),
            canary: pool(1, 1),
          },
          { durationS: 60, failures: [{ type: 'killInstances', atS: 20, target: 'canary', count: 1 }] },
        ),
        { seed: 14 },
      );
      // before the kill the canary fails nothing; 10% of ~200 rps fail for up to 2 s; none after detection
      const failed = r.windows.reduce((a, w) => a + w.errors.failed, 0);
      expect(failed).toBeGreaterThan(20);
      expect(failed).toBeLessThan(20 * 2 + 4 * Math.sqrt(20 * 2));
      expect(r.windows.slice(23, 60).every((w) => w.errors.failed === 0)).toBe(true);
      expect(r.windows.slice(23, 60).every((w) => w.throughputRps > 150)).toBe(true);
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
