import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../models/engine/histogram.js';
import { meanCi, percentileCi } from '../../models/engine/stats.js';
import { mmcResponseTail, quantileFromTail } from '../../models/analytic/index.js';
import { mergeReplications, simulate } from '../../models/index.js';
import {
  analyticMaxLoad,
  applyConfiguration,
  growthFromMaxLoad,
  mergeRightSize,
  mergeSweeps,
  parseGrowth,
  parseShard,
  parseSlo,
  planMaxLoad,
  planRightSize,
  PlannerError,
  setParam,
  sweep,
  trialDuration,
  withLoad,
  type TrialRunner,
} from '../../models/planner/index.js';
import { HOURS_PER_MONTH } from '../../shared/pricing/index.js';
import { parseTopology, type Topology } from '../../shared/topology/index.js';

const topo = (components: Record<string, unknown>, extra: Record<string, unknown> = {}): Topology => {
  const r = parseTopology({ schemaVersion: 1, name: 't', components, ...extra });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.topology;
};

/** In-process runner (the worker-thread one is tested in test/integration/planner.test.ts). */
const runner: TrialRunner = {
  async run(t, o) {
    const rs = Array.from({ length: o.replications }, (_, replication) =>
      simulate(t, { seed: o.seed, replication, durationS: o.durationS, warmupS: o.warmupS }),
    );
    return mergeReplications(rs);
  },
};

const mmc = (servers: number, meanMs: number, rateRps: number, extra: Record<string, unknown> = {}) =>
  topo(
    {
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps },
        endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'api' }],
      },
      api: {
        kind: 'service',
        name: 'API',
        instances: 1,
        cores: servers,
        instanceType: 'c7g.large',
        handlers: { '*': { workMs: { type: 'exponential', meanMs } } },
      },
    },
    extra,
  );

describe('SLO and growth parsing', () => {
  it('reads latency terms in ms or s and errors in % or as a fraction', () => {
    expect(parseSlo('p99<=300ms, errors<=0.1%')).toEqual({
      latency: [{ percentile: 99, maxMs: 300 }],
      maxErrorRate: 0.001,
    });
    expect(parseSlo('p50<=0.2s,errors<=0.01')).toEqual({
      latency: [{ percentile: 50, maxMs: 200 }],
      maxErrorRate: 0.01,
    });
    expect(() => parseSlo('p99 < fast')).toThrow(PlannerError);
    expect(() => parseSlo('p100<=3ms')).toThrow(/percentile/);
    expect(parseGrowth('8%/month')).toBeCloseTo(0.08, 12);
    expect(() => parseGrowth('eight')).toThrow(/--growth/);
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow(/--shard/);
  });

  it('growth: headroom and the first month whose load breaks the SLO', () => {
    const g = growthFromMaxLoad(100, 0.08, {
      maxLoadRps: 200,
      ci95: [190, 210],
      limitingComponent: 'db',
      analytic: { maxLoadRps: 200, maxThroughputRps: 250, bottleneck: 'db' },
      slo: 'p99<=300ms',
      trials: [],
    });
    expect(g.headroom).toBeCloseTo(1, 12);
    expect(g.monthsToBreach).toBeCloseTo(Math.log(2) / Math.log(1.08), 12);
    expect(g.breachMonth).toBe(10);
    expect(g.schedule[9]?.meetsSlo).toBe(true);
    expect(g.schedule[10]?.meetsSlo).toBe(false);
  });
});

describe('load and parameter edits', () => {
  it('withLoad scales the sources to the total rate; setParam validates and names the path', () => {
    const t = mmc(2, 10, 50);
    const s = withLoad(t, 150);
    expect(
      s.components.clients?.kind === 'source' && s.components.clients.workload.type === 'open'
        ? s.components.clients.workload.rateRps
        : NaN,
    ).toBeCloseTo(150, 9);
    const u = setParam(t, 'components.api.instances', 3);
    expect(u.components.api?.kind === 'service' ? u.components.api.instances : NaN).toBe(3);
    expect(() => setParam(t, 'components.api.instances', -1)).toThrow(/components\.api\.instances/);
    expect(() => setParam(t, 'components.nope.instances', 2)).toThrow(/no such field/);
  });
});

describe('max load', () => {
  it('finds the load where the exact M/M/c p99 meets the SLO, within 2%', async () => {
    // M/M/2, E[S] = 10 ms: capacity 200 req/s; SLO p99 <= 150 ms (met up to ρ ≈ 0.85, where p99 is steep in the load).
    const t = mmc(2, 10, 100);
    const slo = parseSlo('p99<=150ms');
    const p99 = (lambda: number) =>
      quantileFromTail((x) => mmcResponseTail(2, lambda / 1000, 0.1, x), 0.01, 10);
    let lo = 1;
    let hi = 199.999;
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2;
      if (p99(mid) <= 150) lo = mid;
      else hi = mid;
    }
    const exact = lo;
    expect(analyticMaxLoad(t, slo)).toBeCloseTo(exact, 3);
    const r = await planMaxLoad(t, slo, runner, { seed: 7, replications: 4, requests: 20_000, maxTrials: 9 });
    expect(Math.abs(r.maxLoadRps - exact) / exact).toBeLessThan(0.02);
    expect(r.ci95[0]).toBeLessThanOrEqual(r.maxLoadRps);
    expect(r.ci95[1]).toBeGreaterThanOrEqual(r.maxLoadRps);
    expect(r.limitingComponent).toBe('api');
    expect(r.trials.some((x) => x.pass)).toBe(true);
    expect(r.trials.some((x) => !x.pass)).toBe(true);
  }, 20_000);
});

const sizing = () =>
  mmc(2, 10, 100, {
    planning: {
      adjustable: [
        { path: 'components.api.instances', min: 1, max: 4 },
        { path: 'components.api.instanceType', values: ['c7g.large', 'm7g.large'] },
      ],
    },
  });

describe('right-size', () => {
  const slo = parseSlo('p99<=60ms');
  const trial = { seed: 3, replications: 2, requests: 4000 };

  it('equals a brute-force search over every configuration', async () => {
    const t = sizing();
    const r = await planRightSize(t, slo, runner, { ...trial, loadRps: 300, frontExtra: 2 });
    // Brute force: simulate every configuration with the same trials, keep the cheapest that passes.
    const brute = await planRightSize(t, slo, runner, {
      ...trial,
      loadRps: 300,
      pruneRatio: Infinity,
      shard: { index: 0, count: 1 },
    });
    expect(brute.counts.simulated).toBe(
      8 - brute.candidates.filter((c) => (c.analytic.saturation ?? 0) >= 1).length,
    );
    const cheapest = brute.candidates
      .filter((c) => c.simulated?.pass)
      .sort((a, b) => a.costPerMonth - b.costPerMonth)[0];
    expect(r.best).not.toBeNull();
    expect(r.best?.configuration).toEqual(cheapest?.configuration);
    expect(r.best?.configuration['components.api.instanceType']).toBe('c7g.large');
    expect(r.counts.simulated).toBeLessThan(brute.counts.simulated);
    expect(r.paretoFront.length).toBeGreaterThan(0);
    for (let i = 1; i < r.paretoFront.length; i++) {
      expect(r.paretoFront[i]?.costPerMonth).toBeGreaterThanOrEqual(
        r.paretoFront[i - 1]?.costPerMonth as number,
      );
      expect(r.paretoFront[i]?.simulated?.p99Ms).toBeLessThan(
        r.paretoFront[i - 1]?.simulated?.p99Ms as number,
      );
    }
  }, 20_000);

  it('equals a brute force that simulates every configuration with no pruning; equal cost goes to the lower p99', async () => {
    // Two instance types at the same price (file override): c7g.xlarge brings 4 cores to c7g.large's 2.
    const t = mmc(2, 10, 120, {
      pricing: { instanceHourlyUsd: { 'c7g.large': 0.1, 'c7g.xlarge': 0.1 } },
      planning: {
        adjustable: [
          { path: 'components.api.instances', min: 1, max: 3 },
          { path: 'components.api.instanceType', values: ['c7g.large', 'c7g.xlarge'] },
        ],
      },
    });
    const slo100 = parseSlo('p99<=100ms');
    const load = 120;
    const base = withLoad(t, load);
    const brute: {
      configuration: Record<string, number | string>;
      cost: number;
      p99: number;
      pass: boolean;
    }[] = [];
    for (const instances of [1, 2, 3])
      for (const type of ['c7g.large', 'c7g.xlarge']) {
        const configuration = { 'components.api.instances': instances, 'components.api.instanceType': type };
        const topo = applyConfiguration(base, configuration);
        const r = await runner.run(topo, { ...trial, ...trialDuration(trial.requests, load) });
        const p99 = (r.summary.latency.p99S as number) * 1000;
        brute.push({
          configuration,
          cost: instances * 0.1 * HOURS_PER_MONTH,
          p99,
          pass: p99 <= 100 && r.summary.errorRate <= 1,
        });
      }
    const answer = brute.filter((b) => b.pass).sort((a, b) => a.cost - b.cost || a.p99 - b.p99)[0];
    // The case has a tie: both types pass with one instance at the same cost.
    expect(brute.filter((b) => b.pass && b.cost === answer?.cost)).toHaveLength(2);
    expect(answer?.configuration['components.api.instanceType']).toBe('c7g.xlarge');
    const r = await planRightSize(t, slo100, runner, { ...trial, loadRps: load, frontExtra: 0 });
    expect(r.best?.configuration).toEqual(answer?.configuration);
    expect(r.best?.costPerMonth).toBeCloseTo(answer?.cost as number, 9);
    expect(r.best?.simulated?.p99Ms).toBeCloseTo(answer?.p99 as number, 9);
    expect(r.paretoFront[0]?.configuration).toEqual(answer?.configuration);
    // Shards merged give the same answer.
    const parts = await Promise.all(
      [0, 1].map((index) =>
        planRightSize(t, slo100, runner, { ...trial, loadRps: load, shard: { index, count: 2 } }),
      ),
    );
    expect(mergeRightSize(parts).best?.configuration).toEqual(answer?.configuration);
  }, 20_000);

  it('shards merge to the unsharded answer', async () => {
    const t = sizing();
    const parts = await Promise.all(
      [0, 1, 2].map((index) =>
        planRightSize(t, slo, runner, { ...trial, loadRps: 300, shard: { index, count: 3 } }),
      ),
    );
    const merged = mergeRightSize(parts);
    const whole = await planRightSize(t, slo, runner, { ...trial, loadRps: 300 });
    expect(merged.best?.configuration).toEqual(whole.best?.configuration);
    expect(merged.best?.simulated).toEqual(whole.best?.simulated);
  }, 20_000);

  it('names the problem when nothing is adjustable', async () => {
    await expect(planRightSize(mmc(2, 10, 100), slo, runner, { ...trial, loadRps: 100 })).rejects.toThrow(
      /planning\.adjustable/,
    );
  });
});

describe('sweep', () => {
  it('grids two parameters; shards merge to the whole sweep exactly', async () => {
    const t = mmc(2, 10, 100);
    const params = [
      { path: 'load', values: [50, 100, 150] },
      { path: 'components.api.cores', values: [2, 3] },
    ];
    const o = { seed: 1, replications: 1, requests: 2000, analyticOnly: false, slo: parseSlo('p99<=50ms') };
    const whole = await sweep(t, params, runner, o);
    expect(whole.rows).toHaveLength(6);
    const parts = await Promise.all(
      [0, 1].map((index) => sweep(t, params, runner, { ...o, shard: { index, count: 2 } })),
    );
    expect(mergeSweeps(parts).rows).toEqual(whole.rows);
    const analytic = await sweep(t, params, null, { ...o, analyticOnly: true });
    expect(analytic.rows[0]?.offeredRps).toBeCloseTo(50, 9);
    expect(analytic.rows[5]?.maxThroughputRps).toBeCloseTo(300, 6);
  }, 20_000);
});

describe('p99 confidence intervals', () => {
  it('never go below 0 and always contain the pooled p99 (property over random replication sets)', () => {
    const replication = fc.array(fc.double({ min: 1e-5, max: 5, noNaN: true }), {
      minLength: 20,
      maxLength: 300,
    });
    fc.assert(
      fc.property(fc.array(replication, { minLength: 2, maxLength: 8 }), (reps) => {
        const pooled = new Histogram();
        const p99s = reps.map((xs) => {
          const h = new Histogram();
          for (const x of xs) h.record(x);
          pooled.add(h);
          return h.percentile(0.99);
        });
        const point = pooled.percentile(0.99);
        const ci = percentileCi(p99s, point);
        expect(ci).not.toBeNull();
        const [lo, hi] = ci as [number, number];
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(lo).toBeLessThanOrEqual(point);
        expect(hi).toBeGreaterThanOrEqual(point);
        // Same half-width as the t-interval of the replication estimates (only the centre moves).
        const m = meanCi(p99s);
        expect(hi - point).toBeCloseTo(m.halfWidth, 9);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('a merged run’s interval holds its pooled p99, where the mean of replications’ p99s need not', async () => {
    // One slow replication among fast ones: a t-interval around the mean would reach below 0.
    expect(meanCi([0.001, 0.001, 1]).lo).toBeLessThan(0);
    expect(percentileCi([0.001, 0.001, 1], 0.002)?.[0]).toBe(0);
    const t = mmc(1, 10, 80);
    const r = await runner.run(t, { seed: 5, replications: 3, durationS: 20, warmupS: 2 });
    const [lo, hi] = r.summary.ci95.p99S as [number, number];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(lo).toBeLessThanOrEqual(r.summary.latency.p99S as number);
    expect(hi).toBeGreaterThanOrEqual(r.summary.latency.p99S as number);
  });
});
