/** Hops and resilience: network latency, balancer latency, retry backoff and jitter, retry budget, timeouts, circuit breaker, health checks. */
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../models/index.js';
import { component, expectNear, topology } from './coverage-helpers.js';

const source = (rateRps: number, to: string, endpoint: Record<string, unknown> = {}) => ({
  kind: 'source',
  name: 'C',
  workload: { type: 'open', rateRps },
  endpoints: [{ id: 'req', name: 'Request', weight: 1, to, ...endpoint }],
});

const constant = (valueMs: number) => ({ type: 'constant', valueMs });

const caller = (calls: Record<string, unknown>[]) => ({
  kind: 'service',
  name: 'API',
  instances: 1,
  cores: 1,
  handlers: { '*': { workMs: constant(0), calls } },
});

const failing = (extra: Record<string, unknown> = {}) => ({
  kind: 'external',
  name: 'Dep',
  latencyMs: constant(1),
  errorRate: 1,
  ...extra,
});

describe('latency on hops', () => {
  it('client network, balancer latency and balancer ↔ instance network add up (network both ways)', () => {
    const r = simulate(
      topology({
        clients: source(50, 'lb', { network: constant(5) }),
        lb: {
          kind: 'loadBalancer',
          name: 'LB',
          policy: 'roundRobin',
          latencyMs: constant(2),
          targets: [{ to: 'api', network: constant(3) }],
        },
        api: {
          kind: 'service',
          name: 'API',
          instances: 2,
          cores: 1,
          handlers: { '*': { workMs: constant(1) } },
        },
      }),
      { seed: 1, durationS: 20 },
    );
    // 2 × 5 + 2 + 2 × 3 + 1 ms, and nothing waits (1 ms of work every 40 ms per instance on average)
    expect(r.summary.latency.p50S!).toBeCloseTo(0.019, 4);
  });

  it('a network class is its documented lognormal each way (sameZone: p50 0.1 ms, p99 0.5 ms)', () => {
    const r = simulate(
      topology({
        clients: source(1000, 'api'),
        api: caller([{ to: 'dep', network: 'sameZone' }]),
        dep: { kind: 'external', name: 'Dep', latencyMs: constant(0) },
      }),
      { seed: 2, durationS: 20 },
    );
    const sigma = Math.log(5) / 2.3263478740408408;
    const mean = 0.1e-3 * Math.exp((sigma * sigma) / 2);
    const variance = mean * mean * Math.expm1(sigma * sigma);
    const n = r.measured.completed;
    // two independent one-way draws per call
    expectNear(r.summary.latency.meanS!, Math.sqrt((2 * variance) / n), 2 * mean, 4, 0.01);
  });
});

describe('retries', () => {
  const visit = (retry: Record<string, unknown>, seed = 3): SimulationResult =>
    simulate(topology({ clients: source(100, 'api'), api: caller([{ to: 'dep', retry }]), dep: failing() }), {
      seed,
      durationS: 100,
    });
  // the caller's visit: 4 tries of 1 ms and the backoffs in between
  const visitTime = (r: SimulationResult) => component(r, 'api').meanResponseTimeS!;

  it('exponential backoff: waits backoff·multiplier^(k−1), capped by maxBackoffMs', () => {
    expect(visitTime(visit({ attempts: 4, backoffMs: 10, multiplier: 2 }))).toBeCloseTo(
      0.004 + 0.01 + 0.02 + 0.04,
      9,
    );
    expect(visitTime(visit({ attempts: 4, backoffMs: 10, multiplier: 3, maxBackoffMs: 25 }))).toBeCloseTo(
      0.004 + 0.01 + 0.025 + 0.025,
      9,
    );
    // four tries per visit (the last visits' tries still pending at the end: 100/s × 74 ms)
    const r = visit({ attempts: 4, backoffMs: 10 });
    expect(Math.abs(component(r, 'dep').arrivals - 4 * component(r, 'api').arrivals)).toBeLessThanOrEqual(40);
    expect(r.summary.errorRate).toBe(1);
  });

  it('full jitter waits U(0, d), equal jitter d/2 + U(0, d/2)', () => {
    const d = [0.01, 0.02, 0.04];
    const n = (r: SimulationResult) => component(r, 'api').completed;
    const full = visit({ attempts: 4, backoffMs: 10, jitter: 'full' });
    const fullVar = d.reduce((a, x) => a + (x * x) / 12, 0);
    expectNear(visitTime(full), Math.sqrt(fullVar / n(full)), 0.004 + 0.035, 4, 0.01);
    const equal = visit({ attempts: 4, backoffMs: 10, jitter: 'equal' });
    const equalVar = d.reduce((a, x) => a + (x * x) / 48, 0);
    expectNear(visitTime(equal), Math.sqrt(equalVar / n(equal)), 0.004 + 0.0525, 4, 0.01);
  });

  it('a retry budget of p% allows p retries per 100 first tries (plus a reserve of 10)', () => {
    const r = visit({ attempts: 4, budgetPercent: 20 });
    const first = component(r, 'api').arrivals;
    const retries = component(r, 'dep').arrivals - first;
    expect(Math.abs(retries - 0.2 * first)).toBeLessThanOrEqual(11);
    // a denied retry ends its request: each request is denied once, unless it got all three retries
    const denied = component(r, 'api').scaling!.retriesDenied!;
    expect(denied).toBeLessThanOrEqual(first);
    expect(denied).toBeGreaterThanOrEqual(first - retries / 3 - 1);
  });

  it('a call timeout fails the caller after timeoutMs while the callee finishes the abandoned work', () => {
    const r = simulate(
      topology({
        clients: source(100, 'api'),
        api: caller([{ to: 'dep', timeoutMs: 20 }]),
        dep: { kind: 'external', name: 'Dep', latencyMs: constant(50) },
      }),
      { seed: 4, durationS: 30 },
    );
    expect(r.summary.errors.timeout).toBe(r.measured.completed + r.measured.failed);
    expect(component(r, 'api').meanResponseTimeS!).toBeCloseTo(0.02, 9);
    expect(Math.abs(component(r, 'dep').completed - component(r, 'api').completed)).toBeLessThanOrEqual(10);
  });
});

describe('circuit breaker', () => {
  it('against a dead dependency: open for openMs, one probe, open again; then closes once a probe succeeds', () => {
    const lambda = 100;
    const r = simulate(
      topology(
        {
          clients: source(lambda, 'api'),
          api: caller([
            {
              to: 'dep',
              circuitBreaker: {
                errorThreshold: 0.5,
                minRequests: 20,
                windowS: 10,
                openMs: 1000,
                halfOpenProbes: 1,
              },
            },
          ]),
          dep: { kind: 'external', name: 'Dep', latencyMs: constant(1) },
        },
        {
          durationS: 260,
          failures: [{ type: 'errorRate', atS: 20, durationS: 200, target: 'dep', rate: 1 }],
        },
      ),
      { seed: 5 },
    );
    const dep = (i: number) => r.windows[i]!.components.find((c) => c.id === 'dep')!;
    const api = (i: number) => r.windows[i]!.components.find((c) => c.id === 'api')!;
    // a cycle: 1 s open, the next call (Exp(1/λ) later) is the probe, it fails after 1 ms
    const cycle = 1 + 1 / lambda + 0.001;
    let calls = 0;
    let open = 0;
    for (let i = 60; i < 210; i++) {
      calls += dep(i).throughputRps;
      open += api(i).breakerOpenSeconds!;
    }
    const cycles = 150 / cycle;
    expect(Math.abs(calls - cycles)).toBeLessThan(4 * Math.sqrt(cycles) * 0.05 + 2);
    // open for openMs of every cycle, not until the probe (Exp(1/λ) later); ±1 s at the period's edges
    expect(Math.abs(open - 150 / cycle)).toBeLessThan(1);
    const refused = r.windows.slice(60, 210).reduce((a, w) => a + w.errors.circuitOpen, 0);
    const offered = r.windows.slice(60, 210).reduce((a, w) => a + w.offeredRps, 0);
    expect(Math.abs(refused - (offered - calls))).toBeLessThan(5);
    // healthy again at 220 s: within one open period the probe succeeds and the breaker closes
    expect(r.windows.slice(222, 260).every((w) => w.errorRps === 0)).toBe(true);
    expect(r.windows.slice(0, 20).every((w) => w.errorRps === 0)).toBe(true);
  });
});

describe('circuit breaker open time', () => {
  it('with sparse traffic each opening counts openMs exactly, not until the first call after it', () => {
    const r = simulate(
      topology(
        {
          clients: source(1, 'api'),
          api: caller([
            {
              to: 'dep',
              circuitBreaker: {
                errorThreshold: 0.5,
                minRequests: 2,
                windowS: 10,
                openMs: 5000,
                halfOpenProbes: 1,
              },
            },
          ]),
          dep: { kind: 'external', name: 'Dep', latencyMs: constant(1) },
        },
        {
          durationS: 300,
          failures: [{ type: 'errorRate', atS: 0, durationS: 200, target: 'dep', rate: 1 }],
        },
      ),
      { seed: 3, warmupS: 0 },
    );
    // the first two failed calls trip it, every later failure is a failed probe that trips it again;
    // after 200 s a probe succeeds, so every open stretch has ended by the end of the run
    const openings = component(r, 'dep').failed - 1;
    expect(openings).toBeGreaterThan(25);
    const open = component(r, 'api').scaling!.breakerOpenSeconds!;
    // the probe comes Exp(1 s) after the open period: counting up to it would add ~1 s per opening
    expect(open).toBeCloseTo(openings * 5, 9);
    const perWindow = r.windows.reduce(
      (a, w) => a + w.components.find((c) => c.id === 'api')!.breakerOpenSeconds!,
      0,
    );
    expect(perWindow).toBeCloseTo(open, 9);
  });
});

describe('health checks', () => {
  it('a dead instance gets its share until detection after U·interval + (threshold − 1)·interval + timeout', () => {
    const lambda = 400;
    const interval = 2;
    const threshold = 3;
    const timeout = 0.5;
    const r = simulate(
      topology(
        {
          clients: source(lambda, 'lb'),
          lb: {
            kind: 'loadBalancer',
            name: 'LB',
            policy: 'roundRobin',
            targets: [{ to: 'api' }],
            healthCheck: { intervalMs: interval * 1000, threshold, timeoutMs: timeout * 1000 },
          },
          api: {
            kind: 'service',
            name: 'API',
            instances: 4,
            cores: 1,
            handlers: { '*': { workMs: constant(1) } },
          },
        },
        { durationS: 60, failures: [{ type: 'killInstances', atS: 20, target: 'api', count: 1 }] },
      ),
      { seed: 6 },
    );
    const failed = r.windows.reduce((a, w) => a + w.errors.failed, 0);
    // round robin gives the dead instance exactly a quarter of the arrivals until it is taken out
    const share = lambda / 4;
    expect(failed).toBeGreaterThanOrEqual(
      share * ((threshold - 1) * interval + timeout) - 4 * Math.sqrt(share * 5),
    );
    expect(failed).toBeLessThanOrEqual(share * (threshold * interval + timeout) + 4 * Math.sqrt(share * 7));
    expect(r.windows.slice(20 + threshold * interval + 1, 60).every((w) => w.errors.failed === 0)).toBe(true);
  });
});
