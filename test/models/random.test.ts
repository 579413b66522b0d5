import { describe, expect, it } from 'vitest';
import { Rng, streamFor } from '../../models/engine/random.js';
import {
  Constant,
  Empirical,
  Erlang,
  Exponential,
  Gamma,
  Hyperexponential,
  Lognormal,
  Normal,
  Pareto,
  Uniform,
  Weibull,
  Zipf,
  DistributionError,
  type Sampler,
} from '../../models/engine/distributions.js';
import { binOf, binValue, Histogram } from '../../models/engine/histogram.js';

describe('random streams', () => {
  it('xoshiro128** matches the reference output for state (1, 2, 3, 4)', () => {
    const r = new Rng(1, 2, 3, 4);
    // reference values from the C implementation of xoshiro128** 1.1
    expect([r.nextU32(), r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('streams are a pure function of (seed, replication, component, purpose)', () => {
    const a = streamFor(7, 0, 'api', 'work');
    const b = streamFor(7, 0, 'api', 'work');
    const c = streamFor(7, 0, 'api', 'calls');
    const d = streamFor(7, 1, 'api', 'work');
    const xs = [a.next(), a.next()];
    expect([b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    expect(d.next()).not.toBe(xs[0]);
  });

  it('golden: the first values of a stream never change', () => {
    const r = streamFor(1, 0, 'server', 'work');
    expect(r.state()).toMatchSnapshot();
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toMatchSnapshot();
  });

  it('nextInt is uniform and in range', () => {
    const r = streamFor(3, 0, 'x', 'y');
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[r.nextInt(6)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });
});

function sampleMean(s: Sampler, n: number): { mean: number; variance: number } {
  const r = streamFor(11, 0, 'dist', 'test');
  let m = 0;
  let m2 = 0;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const x = s.sample(r);
    if (x < min) min = x;
    m += x;
    m2 += x * x;
  }
  expect(min).toBeGreaterThanOrEqual(0);
  m /= n;
  return { mean: m, variance: m2 / n - m * m };
}

describe('distributions', () => {
  const cases: [string, Sampler][] = [
    ['constant', new Constant(0.01)],
    ['exponential', new Exponential(0.01)],
    ['uniform', new Uniform(0.002, 0.02)],
    ['normal', new Normal(0.01, 0.003)],
    ['normal truncated', new Normal(0.001, 0.003)],
    ['lognormal', new Lognormal(0.01, 0.005)],
    ['gamma', new Gamma(2.5, 0.004)],
    ['gamma shape < 1', new Gamma(0.4, 0.02)],
    ['erlang', new Erlang(3, 0.01)],
    ['pareto', new Pareto(0.001, 3.5)],
    ['weibull', new Weibull(1.5, 0.01)],
    ['hyperexponential', new Hyperexponential([0.9, 0.1], [0.005, 0.05])],
    ['empirical', new Empirical([0.001, 0.002, 0.01], [1, 2, 1])],
  ];
  for (const [name, s] of cases) {
    it(`${name}: sample mean and variance agree with the exact moments`, () => {
      const { mean, variance } = sampleMean(s, 200_000);
      const sd = Math.sqrt(s.variance);
      expect(Math.abs(mean - s.mean)).toBeLessThanOrEqual(5 * (sd / Math.sqrt(200_000)) + 1e-12 * s.mean);
      if (s.variance > 0) expect(Math.abs(variance / s.variance - 1)).toBeLessThan(0.1);
    });
  }

  it('rejects invalid parameters', () => {
    expect(() => new Exponential(0)).toThrow(DistributionError);
    expect(() => new Uniform(2, 1)).toThrow(DistributionError);
    expect(() => new Erlang(1.5, 1)).toThrow(DistributionError);
    expect(() => new Hyperexponential([0.5, 0.4], [1, 2])).toThrow(DistributionError);
    expect(() => new Zipf(0, 1)).toThrow(DistributionError);
  });

  it('zipf frequencies follow k^-s', () => {
    const z = new Zipf(100, 1.2);
    const r = streamFor(5, 0, 'zipf', 'keys');
    const counts = new Array(101).fill(0);
    const n = 300_000;
    for (let i = 0; i < n; i++) counts[z.sample(r)]++;
    let h = 0;
    for (let k = 1; k <= 100; k++) h += Math.pow(k, -1.2);
    for (const k of [1, 2, 5, 20]) {
      const p = Math.pow(k, -1.2) / h;
      expect(Math.abs(counts[k] / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
    expect(counts[0]).toBe(0);
  });
});

describe('histogram', () => {
  it('bins are at most 0.1% wide: any value is recovered within 0.05%', () => {
    const r = streamFor(9, 0, 'h', 'v');
    for (let i = 0; i < 10000; i++) {
      const v = Math.exp(-12 + 14 * r.next());
      expect(Math.abs(binValue(binOf(v)) / v - 1)).toBeLessThanOrEqual(0.0005);
    }
  });

  it('percentiles are the smallest t with P(T <= t) >= q, and merging is exact', () => {
    const a = new Histogram();
    const b = new Histogram();
    for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).record(i / 1000);
    const all = new Histogram();
    all.add(a);
    all.add(b);
    expect(all.count).toBe(1000);
    expect(Math.abs(all.percentile(0.99) / 0.99 - 1)).toBeLessThan(0.0005);
    expect(Math.abs(all.percentile(0.5) / 0.5 - 1)).toBeLessThan(0.0005);
    expect(all.max).toBe(1);
    expect(all.mean).toBeCloseTo(0.5005, 12);
    const round = Histogram.fromJSON(all.toJSON());
    expect(round.percentiles([0.5, 0.9, 0.99])).toEqual(all.percentiles([0.5, 0.9, 0.99]));
  });

  it('percentiles through the coarse block index equal a bin-by-bin scan, after reset and add too', () => {
    const qs = [0, 0.001, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
    // reference: the smallest bin whose cumulative count reaches ceil(q n), its midpoint clamped to [min, max]
    const naive = (h: Histogram) =>
      qs.map((q) => {
        const rank = Math.max(1, Math.ceil(q * h.count - 1e-9));
        let cum = 0;
        for (let i = 0; i < h.counts.length; i++) {
          cum += h.counts[i] as number;
          if (cum >= rank) return Math.min(h.max, Math.max(h.min, binValue(i)));
        }
        return h.max;
      });
    const r = streamFor(11, 0, 'h', 'blocks');
    const a = new Histogram();
    const b = new Histogram();
    for (const n of [1, 7, 640, 5000]) {
      a.reset();
      for (let i = 0; i < n; i++) a.record(Math.exp(-14 + 12 * r.next()));
      expect(a.percentiles(qs)).toEqual(naive(a));
      b.add(a);
      expect(b.percentiles(qs)).toEqual(naive(b));
    }
    expect(Histogram.fromJSON(b.toJSON()).percentiles(qs)).toEqual(naive(b));
  });
});
