import { describe, expect, it } from 'vitest';
import { analyze, cacheHitRatios, tiltedShares } from '../../models/analytic/index.js';
import { parseTopology, type Topology } from '../../shared/topology/index.js';
import { autoscaledPool } from './helpers.js';

const topo = (components: Record<string, unknown>): Topology => {
  const r = parseTopology({ schemaVersion: 1, name: 't', components });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.topology;
};

describe('p99 attribution by exponential tilting', () => {
  it('is exact for an exponential part plus a constant, and the shares sum to the percentile', () => {
    // Exp(mean 10) + 5: given T = t, the exponential part is exactly t − 5.
    const s = tiltedShares(
      [
        { m: 10, v: 100 },
        { m: 5, v: 0 },
      ],
      60,
    );
    expect(s[0]).toBeCloseTo(55, 9);
    expect(s[1]).toBe(5);
    const below = tiltedShares(
      [
        { m: 10, v: 100 },
        { m: 3, v: 9 },
      ],
      8,
    );
    expect((below[0] as number) + (below[1] as number)).toBeCloseTo(8, 9);
  });

  it('puts the tail of a request on the hop that makes it', () => {
    // api: M/M/1 at ρ = 0.5 (fast); db: M/M/1 at ρ = 0.9 (its waits make the tail).
    const a = analyze(
      topo({
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 90 },
          endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'api' }],
        },
        api: {
          kind: 'service',
          name: 'A',
          instances: 1,
          cores: 1,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 5.5556 }, calls: [{ to: 'db' }] } },
        },
        db: {
          kind: 'database',
          name: 'D',
          cores: 1,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
        },
      }),
    );
    const at = a.endpoints.req?.attribution ?? {};
    const p99 = a.endpoints.req?.p99Ms as number;
    expect((at.api?.p99Ms ?? 0) + (at.db?.p99Ms ?? 0)).toBeCloseTo(p99, 6);
    expect(at.db?.p99Ms).toBeGreaterThan(0.8 * p99);
    expect((at.db?.p99Ms ?? 0) / (at.db?.medianMs ?? 1)).toBeGreaterThan(
      (at.api?.p99Ms ?? 0) / (at.api?.medianMs ?? 1),
    );
  });
});

describe("Che's approximation", () => {
  it('matches the full sum over every key (LRU, Zipf 0.8, 100k keys, 2% capacity) to 1e-3', () => {
    const n = 100_000;
    const s = 0.8;
    const cap = 2000;
    let h = 0;
    for (let i = 1; i <= n; i++) h += Math.pow(i, -s);
    const p = (i: number) => Math.pow(i, -s) / h;
    const occ = (t: number) => {
      let o = 0;
      for (let i = 1; i <= n; i++) o += -Math.expm1(-p(i) * t);
      return o;
    };
    let lo = 0;
    let hi = 1e7;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (occ(mid) < cap) lo = mid;
      else hi = mid;
    }
    let exact = 0;
    for (let i = 1; i <= n; i++) exact += p(i) * -Math.expm1(-p(i) * lo);
    const [approx] = cacheHitRatios([{ rate: 1, keys: n, zipfS: s }], cap, 'lru');
    expect(Math.abs((approx as number) - exact)).toBeLessThan(1e-3);
    expect(exact).toBeGreaterThan(0.2);
  });
});

describe('autoscaled pools', () => {
  it('settle where target tracking meets its target, within min/max, and are priced at that size', () => {
    const t = (target: number, max: number) =>
      autoscaledPool({ maxInstances: max, policy: { type: 'targetTracking', metric: 'cpu', target } });
    // 400 req/s × 10 ms = 4 erlangs; at 50% cpu on 2 cores: 4 instances.
    const a = analyze(t(0.5, 10));
    expect(a.components.api?.instances).toBe(4);
    expect(a.components.api?.utilization).toBeCloseTo(0.5, 9);
    expect(a.cost.byComponent.api).toBeCloseTo(4 * 0.0816 * 730, 9);
    expect(analyze(t(0.5, 3)).components.api?.instances).toBe(3);
    expect(analyze(t(0.3, 10)).components.api?.instances).toBe(7);
  });
});
