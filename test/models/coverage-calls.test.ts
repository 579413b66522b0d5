/** Processor sharing and the call graph (parallel groups, async calls, probabilities, choices) against theory. */
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../models/index.js';
import { mmc } from './helpers.js';
import { component, expectNear, latencyMoments, meanSe, seOfCi, topology } from './coverage-helpers.js';

/** Mean latency of a run and its standard error from the batch-means interval. */
function meanLatency(r: SimulationResult): { mean: number; se: number } {
  return { mean: r.summary.latency.meanS!, se: seOfCi(r.summary.ci95.latencyMeanS, r.summary.ci95.n) };
}

describe('processor sharing', () => {
  const lambda = 60;
  const mu = 100;
  const rho = lambda / mu;

  it('M/M/1-PS has the FCFS mean 1/(μ−λ) but (2+ρ)/(2−ρ) times its variance, and a longer tail', () => {
    // same seeds: both disciplines see the same arrivals and work (common random numbers)
    const reps = (discipline: 'fcfs' | 'ps') =>
      [0, 1, 2, 3, 4].map((replication) =>
        simulate(mmc(lambda, mu, 1, { discipline }), { seed: 21, replication, durationS: 650, warmupS: 50 }),
      );
    const ps = reps('ps');
    const fcfs = reps('fcfs');
    const exact = 1 / (mu - lambda);
    for (const rs of [ps, fcfs]) {
      const m = meanSe(rs.map((r) => r.summary.latency.meanS!));
      expectNear(m.mean, m.se, exact, 4, 0.03);
    }
    const diff = meanSe(ps.map((r, i) => r.summary.latency.meanS! - fcfs[i]!.summary.latency.meanS!));
    expect(Math.abs(diff.mean)).toBeLessThanOrEqual(4 * diff.se);
    // FCFS sojourn is exponential with rate μ − λ; PS (Coffman–Muntz–Trotter) has (2+ρ)/(2−ρ) times that variance
    const ratio = meanSe(ps.map((r, i) => latencyMoments(r).variance / latencyMoments(fcfs[i]!).variance));
    expectNear(ratio.mean, ratio.se, (2 + rho) / (2 - rho), 4, 0.03);
    // the FCFS p99 is ln(100)/(μ−λ); the PS p99 lies above it
    const pf = meanSe(fcfs.map((r) => r.summary.latency.p99S!));
    expectNear(pf.mean, pf.se, Math.log(100) * exact, 4, 0.05);
    const pp = meanSe(ps.map((r) => r.summary.latency.p99S!));
    expect(pp.mean - 4 * pp.se).toBeGreaterThan(pf.mean + 4 * pf.se);
  });

  it('M/G/1-PS: a visit of size x stays x/(1−ρ) on average, whatever the size mix; FCFS makes small ones wait', () => {
    // two endpoints of 2 ms and 18 ms through pass-through gateways (their response time is the server's)
    const build = (discipline: 'fcfs' | 'ps') =>
      topology({
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 70 },
          endpoints: [
            { id: 'small', name: 'Small', weight: 1, to: 'gw-small' },
            { id: 'large', name: 'Large', weight: 1, to: 'gw-large' },
          ],
        },
        'gw-small': {
          kind: 'gateway',
          name: 'Small route',
          latencyMs: { type: 'constant', valueMs: 0 },
          routes: { '*': { to: 'server' } },
        },
        'gw-large': {
          kind: 'gateway',
          name: 'Large route',
          latencyMs: { type: 'constant', valueMs: 0 },
          routes: { '*': { to: 'server' } },
        },
        server: {
          kind: 'service',
          name: 'Server',
          instances: 1,
          cores: 1,
          discipline,
          handlers: {
            small: { workMs: { type: 'constant', valueMs: 2 } },
            large: { workMs: { type: 'constant', valueMs: 18 } },
          },
        },
      });
    const es = 0.01; // mean size, s
    const es2 = 0.5 * 0.002 ** 2 + 0.5 * 0.018 ** 2; // second moment, s²
    const rho = 70 * es;
    const wait = (70 * es2) / (2 * (1 - rho)); // Pollaczek–Khinchine mean wait, s
    const expected = {
      ps: { small: 0.002 / (1 - rho), large: 0.018 / (1 - rho) },
      fcfs: { small: 0.002 + wait, large: 0.018 + wait },
    };
    for (const d of ['ps', 'fcfs'] as const) {
      const runs = [0, 1, 2, 3, 4].map((replication) =>
        simulate(build(d), { seed: 5, replication, durationS: 650, warmupS: 50 }),
      );
      for (const cls of ['small', 'large'] as const) {
        const m = meanSe(runs.map((r) => component(r, `gw-${cls}`).meanResponseTimeS!));
        expectNear(m.mean, m.se, expected[d][cls], 4, 0.05);
      }
    }
    // the small class is three times faster under PS (6.7 ms against 21 ms)
    expect(expected.fcfs.small / expected.ps.small).toBeGreaterThan(3);
  });
});

describe('call graph', () => {
  const source = (to: string, rateRps = 100) => ({
    kind: 'source',
    name: 'C',
    workload: { type: 'open', rateRps },
    endpoints: [{ id: 'req', name: 'Request', weight: 1, to }],
  });
  const external = (latencyMs: Record<string, unknown>) => ({ kind: 'external', name: 'Dep', latencyMs });
  const fanout = (calls: Record<string, unknown>[]) => ({
    kind: 'service',
    name: 'API',
    instances: 1,
    cores: 1,
    handlers: { '*': { workMs: { type: 'constant', valueMs: 0 }, calls } },
  });

  it('a parallel group waits for its slowest branch; sequential calls add up', () => {
    const deps = {
      a: external({ type: 'constant', valueMs: 10 }),
      b: external({ type: 'constant', valueMs: 30 }),
    };
    const parallel = simulate(
      topology({
        clients: source('api'),
        api: fanout([
          { to: 'a', group: 'g' },
          { to: 'b', group: 'g' },
        ]),
        ...deps,
      }),
      { seed: 1, durationS: 50 },
    );
    const sequential = simulate(
      topology({ clients: source('api'), api: fanout([{ to: 'a' }, { to: 'b' }]), ...deps }),
      { seed: 1, durationS: 50 },
    );
    // histogram bins are 0.1% wide
    expect(parallel.summary.latency.p50S!).toBeCloseTo(0.03, 4);
    expect(parallel.summary.latency.maxS!).toBeCloseTo(0.03, 4);
    expect(sequential.summary.latency.p50S!).toBeCloseTo(0.04, 4);
    expect(sequential.summary.latency.maxS!).toBeCloseTo(0.04, 4);
    expect(component(parallel, 'a').arrivals).toBe(component(parallel, 'b').arrivals);
  });

  it('two exponential branches in parallel: E[max] = 1/μ1 + 1/μ2 − 1/(μ1+μ2), and its p99', () => {
    const m1 = 0.01;
    const m2 = 0.02;
    const r = simulate(
      topology({
        clients: source('api', 500),
        api: fanout([
          { to: 'a', group: 'g' },
          { to: 'b', group: 'g' },
        ]),
        a: external({ type: 'exponential', meanMs: m1 * 1000 }),
        b: external({ type: 'exponential', meanMs: m2 * 1000 }),
      }),
      { seed: 3, durationS: 400 },
    );
    const exact = m1 + m2 - 1 / (1 / m1 + 1 / m2);
    const m = meanLatency(r);
    expectNear(m.mean, m.se, exact, 4, 0.01);
    // p99 solves (1 − e^{−t/m1})(1 − e^{−t/m2}) = 0.99
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 100; i++) {
      const t = (lo + hi) / 2;
      if ((1 - Math.exp(-t / m1)) * (1 - Math.exp(-t / m2)) < 0.99) lo = t;
      else hi = t;
    }
    const p99 = { mean: r.summary.latency.p99S!, se: seOfCi(r.summary.ci95.p99S, r.summary.ci95.n) };
    expectNear(p99.mean, p99.se, lo, 4, 0.02);
  });

  it('an async call does not delay the caller, but its target receives every call', () => {
    const r = simulate(
      topology({
        clients: source('api', 200),
        api: fanout([{ to: 'a' }, { to: 'slow', mode: 'async' }]),
        a: external({ type: 'constant', valueMs: 10 }),
        slow: external({ type: 'constant', valueMs: 500 }),
      }),
      { seed: 2, durationS: 60, warmupS: 10 },
    );
    expect(r.summary.latency.maxS!).toBeCloseTo(0.01, 4);
    expect(r.summary.latency.p50S!).toBeCloseTo(0.01, 4);
    // every request makes one async call: the target's arrivals equal the caller's
    // (the async call leaves 10 ms after the request arrived: a few differ at the window edges)
    expect(Math.abs(component(r, 'slow').arrivals - component(r, 'api').arrivals)).toBeLessThan(20);
    // M/D/∞ at the async target: Poisson(λD) in flight, time average over T with variance λD²/T
    const lambda = 200;
    const d = 0.5;
    expectNear(component(r, 'slow').meanInSystem, Math.sqrt((lambda * d * d) / 50), lambda * d, 4, 0.02);
  });

  it('call probabilities and choices thin the traffic; a choice makes at most one of its calls', () => {
    const lambda = 1000;
    const durationS = 100;
    const r = simulate(
      topology({
        clients: source('api', lambda),
        api: fanout([
          { to: 'maybe', probability: 0.3 },
          { to: 'a', choice: 'c', probability: 0.2 },
          { to: 'b', choice: 'c', probability: 0.5 },
        ]),
        maybe: external({ type: 'constant', valueMs: 0 }),
        a: external({ type: 'constant', valueMs: 10 }),
        b: external({ type: 'constant', valueMs: 30 }),
      }),
      { seed: 8, durationS },
    );
    const n = component(r, 'api').completed;
    for (const [id, p] of [
      ['maybe', 0.3],
      ['a', 0.2],
      ['b', 0.5],
    ] as const) {
      const k = component(r, id).arrivals;
      expectNear(k / n, Math.sqrt((p * (1 - p)) / n), p, 4, 0.02);
    }
    // latency: 30% no call (0), 20% 10 ms, 50% 30 ms; never both (40 ms)
    expect(r.summary.latency.maxS!).toBeCloseTo(0.03, 4);
    const m = latencyMoments(r).mean;
    const exact = 0.2 * 0.01 + 0.5 * 0.03;
    expectNear(m, Math.sqrt((0.2 * 0.01 ** 2 + 0.5 * 0.03 ** 2 - exact ** 2) / n), exact, 4, 0.02);
  });
});
