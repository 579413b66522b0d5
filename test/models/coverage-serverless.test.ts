/** Serverless pools: cold starts, concurrency limit (429), idle reclaim after the keep-alive, GB-seconds. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../models/index.js';
import { component, expectNear, topology } from './coverage-helpers.js';

const fn = (extra: Record<string, unknown>, workMs: Record<string, unknown>) => ({
  kind: 'serverless',
  name: 'Fn',
  memoryMb: 512,
  concurrencyLimit: 1000,
  coldStartMs: { type: 'constant', valueMs: 500 },
  idleTimeoutS: 100_000,
  handlers: { '*': { workMs } },
  ...extra,
});

const closed = (users: number, thinkMs: number) => ({
  kind: 'source',
  name: 'Users',
  workload: { type: 'closed', users, thinkTimeMs: { type: 'constant', valueMs: thinkMs } },
  endpoints: [{ id: 'invoke', name: 'Invoke', weight: 1, to: 'fn' }],
});

const constant = (valueMs: number) => ({ type: 'constant', valueMs });

/** Seconds a closed user (think T, then a request of C + W the first time and W after) holds an environment in [0, D]. */
function heldSeconds(
  durationS: number,
  thinkS: number,
  workS: number,
  coldS: number,
  alwaysCold: boolean,
): number {
  let t = 0;
  let held = 0;
  for (let k = 0; ; k++) {
    t += thinkS;
    if (t >= durationS) return held;
    const d = workS + (k === 0 || alwaysCold ? coldS : 0);
    held += Math.min(d, durationS - t);
    t += d;
  }
}

describe('serverless', () => {
  it('N concurrent users: exactly N cold starts, each paying coldStartMs once; GB-seconds = memory × held time', () => {
    const users = 25;
    const r = simulate(topology({ clients: closed(users, 200), fn: fn({}, constant(100)) }), {
      seed: 1,
      durationS: 60,
    });
    const s = component(r, 'fn').scaling!;
    expect(s.coldStarts).toBe(users);
    expect(r.summary.latency.maxS!).toBeCloseTo(0.6, 3);
    expect(r.summary.latency.p50S!).toBeCloseTo(0.1, 3);
    // 25 of the requests took 0.6 s, the rest 0.1 s
    const n = r.measured.completed;
    expect(r.summary.latency.meanS!).toBeCloseTo((users * 0.6 + (n - users) * 0.1) / n, 6);
    expect(s.gbSeconds!).toBeCloseTo(0.5 * users * heldSeconds(60, 0.2, 0.1, 0.5, false), 6);
  });

  it('provisioned environments never start cold', () => {
    const r = simulate(topology({ clients: closed(10, 200), fn: fn({ provisioned: 10 }, constant(100)) }), {
      seed: 1,
      durationS: 30,
    });
    expect(component(r, 'fn').scaling!.coldStarts).toBe(0);
    expect(r.summary.latency.maxS!).toBeCloseTo(0.1, 3);
  });

  it('a gap longer than the keep-alive makes the next request cold; a shorter one does not', () => {
    const run = (idleTimeoutS: number) =>
      simulate(topology({ clients: closed(1, 20_000), fn: fn({ idleTimeoutS }, constant(100)) }), {
        seed: 1,
        durationS: 100,
      });
    // requests at 20, 40.6, 61.2 and 81.8 s (think 20 s, then 0.1 s work + 0.5 s cold start)
    const cold = run(10);
    expect(cold.measured.completed).toBe(4);
    expect(component(cold, 'fn').scaling!.coldStarts).toBe(4);
    expect(cold.summary.latency.p50S!).toBeCloseTo(0.6, 3);
    expect(component(cold, 'fn').scaling!.gbSeconds!).toBeCloseTo(
      0.5 * heldSeconds(100, 20, 0.1, 0.5, true),
      9,
    );
    const warm = run(30);
    expect(component(warm, 'fn').scaling!.coldStarts).toBe(1);
    expect(warm.summary.latency.p50S!).toBeCloseTo(0.1, 3);
  });

  it('beyond concurrencyLimit requests get 429: Erlang B(c, λ·E[work]) with no cold-start cost', () => {
    const lambda = 400;
    const c = 5;
    const a = lambda * 0.01;
    let b = 1;
    for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
    const r = simulate(
      topology({
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: lambda },
          endpoints: [{ id: 'invoke', name: 'Invoke', weight: 1, to: 'fn' }],
        },
        fn: fn({ concurrencyLimit: c, coldStartMs: constant(0) }, { type: 'exponential', meanMs: 10 }),
      }),
      { seed: 3, durationS: 310, warmupS: 10 },
    );
    const n = r.measured.arrived;
    expectNear(r.summary.errors.rateLimited / n, Math.sqrt((b * (1 - b)) / n), b, 4, 0.02);
    expect(r.summary.errors.rateLimited).toBe(component(r, 'fn').rateLimited);
    // the pool grows to the limit and never beyond
    expect(component(r, 'fn').scaling!.instances!.max).toBe(c);
  });

  it('concurrency growth starts new environments; after the load drops, idle ones are reclaimed after the keep-alive', () => {
    // M/D/∞ concurrency: Poisson(λ·0.1 s) = 2 at 20 req/s, 20 at 200 req/s
    const r = simulate(
      topology(
        {
          clients: {
            kind: 'source',
            name: 'C',
            workload: { type: 'open', rateRps: 20 },
            endpoints: [{ id: 'invoke', name: 'Invoke', weight: 1, to: 'fn' }],
          },
          fn: fn({ idleTimeoutS: 30, coldStartMs: constant(0) }, constant(100)),
        },
        {
          durationS: 300,
          profile: {
            type: 'step',
            steps: [
              { atS: 100, factor: 10 },
              { atS: 200, factor: 1 },
            ],
          },
        },
      ),
      { seed: 5 },
    );
    const serving = (i: number) => r.windows[i]!.components.find((c) => c.id === 'fn')!.instances!.serving;
    expect(serving(99)).toBeLessThan(15);
    expect(serving(150)).toBeGreaterThanOrEqual(20);
    expect(component(r, 'fn').scaling!.coldStarts!).toBeGreaterThanOrEqual(serving(150));
    // within the keep-alive of the drop the environments are still warm; long after, only the few in use
    expect(serving(210)).toBeGreaterThanOrEqual(20);
    expect(serving(290)).toBeLessThan(15);
  });
});
