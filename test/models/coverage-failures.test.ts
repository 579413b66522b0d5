/** Failures not covered elsewhere: cutCall, errorRate (with retries), killInstances without a balancer, random MTTF/MTTR. */
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../models/index.js';
import { component, expectNear, topology } from './coverage-helpers.js';

const source = (rateRps: number, to = 'api') => ({
  kind: 'source',
  name: 'C',
  workload: { type: 'open', rateRps },
  endpoints: [{ id: 'req', name: 'Request', weight: 1, to }],
});

const service = (instances: number, meanMs: number, calls?: Record<string, unknown>[]) => ({
  kind: 'service',
  name: 'Svc',
  instances,
  cores: 1,
  handlers: { '*': { workMs: { type: 'exponential', meanMs }, ...(calls ? { calls } : {}) } },
});

/** Sum of a per-window figure over windows [from, to). */
const sum = (
  r: SimulationResult,
  from: number,
  to: number,
  f: (w: SimulationResult['windows'][number]) => number,
) => r.windows.slice(from, to).reduce((a, w) => a + f(w), 0);

const dep = (w: SimulationResult['windows'][number]) => w.components.find((c) => c.id === 'dep')!;

describe('scripted failures', () => {
  it('cutCall: every call on the edge fails at once for its duration, and the callee sees none', () => {
    const r = simulate(
      topology(
        {
          clients: source(100),
          api: service(1, 1, [{ to: 'dep', retry: { attempts: 3 } }]),
          dep: service(1, 2),
        },
        { durationS: 90, failures: [{ type: 'cutCall', atS: 30, durationS: 20, from: 'api', to: 'dep' }] },
      ),
      { seed: 1 },
    );
    expect(sum(r, 0, 30, (w) => w.errors.failed)).toBe(0);
    // the call is refused before it leaves: retries cannot save it, the dependency gets nothing
    for (let i = 31; i < 50; i++) {
      expect(r.windows[i]!.throughputRps).toBe(0);
      expect(dep(r.windows[i]!).throughputRps).toBe(0);
    }
    // every request of the period fails (a few cross a window edge during the caller's 1 ms of work)
    const offered = sum(r, 31, 50, (w) => w.offeredRps * (w.endS - w.startS));
    expect(Math.abs(sum(r, 31, 50, (w) => w.errors.failed) - offered)).toBeLessThanOrEqual(3);
    expect(sum(r, 51, 90, (w) => w.errors.failed)).toBe(0);
    expect(r.checks.conservation.holds).toBe(true);
  });

  it('errorRate: the target fails that fraction for the period; retries on errors leave rate^attempts', () => {
    const lambda = 400;
    const rate = 0.3;
    const attempts = 3;
    const r = simulate(
      topology(
        {
          clients: source(lambda),
          api: service(1, 0.5, [{ to: 'dep', retry: { attempts } }]),
          dep: { ...service(1, 1), cores: 4 },
        },
        { durationS: 160, failures: [{ type: 'errorRate', atS: 40, durationS: 100, target: 'dep', rate }] },
      ),
      { seed: 2 },
    );
    expect(sum(r, 0, 40, (w) => w.errors.failed)).toBe(0);
    expect(sum(r, 141, 160, (w) => w.errors.failed)).toBe(0);
    // inside the period a request fails only if all three tries fail
    const n = sum(r, 41, 139, (w) => w.offeredRps * (w.endS - w.startS));
    const failed = sum(r, 41, 139, (w) => w.errors.failed);
    const p = Math.pow(rate, attempts);
    expectNear(failed / n, Math.sqrt((p * (1 - p)) / n), p, 4, 0.05);
    // the dependency sees 1 + rate + rate² tries per request
    const tries = sum(r, 41, 139, (w) => dep(w).throughputRps * (w.endS - w.startS)) / n;
    const expected = 1 + rate + rate * rate;
    // 1, 2 or 3 tries with probabilities 1 − r, r(1 − r), r²: variance r + 2r² − 2r³ − r⁴
    const v = rate + 2 * rate ** 2 - 2 * rate ** 3 - rate ** 4;
    expectNear(tries, Math.sqrt(v / n), expected, 4, 0.01);
  });

  it('killInstances without a balancer: callers use the survivors at once; the pool is whole again after', () => {
    const r = simulate(
      topology(
        { clients: source(100), api: service(4, 10) },
        {
          durationS: 120,
          failures: [{ type: 'killInstances', atS: 40, durationS: 40, target: 'api', count: 2 }],
        },
      ),
      { seed: 3 },
    );
    const api = (i: number) => r.windows[i]!.components.find((c) => c.id === 'api')!;
    expect(api(30).instances!.serving).toBe(4);
    expect(api(60).instances!.serving).toBe(2);
    expect(api(100).instances!.serving).toBe(4);
    // only visits at the killed instances at the moment they die are lost
    expect(sum(r, 0, 40, (w) => w.errors.failed)).toBe(0);
    expect(sum(r, 40, 41, (w) => w.errors.failed)).toBeLessThanOrEqual(10);
    expect(sum(r, 41, 120, (w) => w.errors.failed)).toBe(0);
    // round robin over k survivors makes each an E_k/M/1 queue (GI/M/1): L = ρ/(1 − σ), σ = (λ/(λ + μ(1 − σ)))^k
    const inSystem = (k: number) => {
      let sigma = 0.5;
      for (let i = 0; i < 200; i++) sigma = Math.pow(100 / (100 + 100 * (1 - sigma)), k);
      return k * (100 / (k * 100) / (1 - sigma));
    };
    const busy = (from: number, to: number) =>
      sum(r, from, to, (w) => w.components.find((c) => c.id === 'api')!.meanBusyWorkers) / (to - from);
    expect(Math.abs(busy(0, 40) - inSystem(4))).toBeLessThan(0.15);
    expect(Math.abs(busy(45, 80) - inSystem(2))).toBeLessThan(0.3);
    expect(inSystem(2)).toBeGreaterThan(1.4 * inSystem(4));
  });
});

describe('random failures', () => {
  it('per-instance MTTF/MTTR: the mean serving count is n·MTTF/(MTTF + MTTR)', () => {
    const n = 20;
    const mttf = 90;
    const mttr = 10;
    const T = 20_000;
    const r = simulate(
      topology(
        { clients: source(5), api: service(n, 10) },
        { durationS: T, randomFailures: [{ target: 'api', mttfS: mttf, mttrS: mttr }] },
      ),
      { seed: 4, windowS: 100 },
    );
    const p = mttf / (mttf + mttr);
    // an up/down Markov chain's time average has variance 2p(1−p)/((1/MTTF + 1/MTTR)·T) per instance
    const se = Math.sqrt((n * 2 * p * (1 - p)) / ((1 / mttf + 1 / mttr) * T));
    expectNear(component(r, 'api').scaling!.instances!.mean, se, n * p, 4, 0.01);
    expect(r.checks.conservation.holds).toBe(true);
  });
});
