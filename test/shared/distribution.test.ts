import { describe, expect, it } from 'vitest';
import {
  DistributionSchema,
  distributionCv,
  distributionMeanMs,
  lognormalParams,
  logGamma,
  normalPdf,
  type Distribution,
} from '../../shared/topology/index.js';

/** Simpson integration of f over [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Mean and cv of a density on [a, b] by numerical integration. */
function numericMoments(pdf: (x: number) => number, a: number, b: number) {
  const z = simpson(pdf, a, b);
  const m1 = simpson((x) => x * pdf(x), a, b) / z;
  const m2 = simpson((x) => x * x * pdf(x), a, b) / z;
  return { mean: m1, cv: Math.sqrt(m2 - m1 * m1) / m1 };
}

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);

describe('distribution mean and cv', () => {
  it('constant, exponential, uniform, gamma, erlang', () => {
    close(distributionMeanMs({ type: 'constant', valueMs: 10 }), 10);
    expect(distributionCv({ type: 'constant', valueMs: 10 })).toBe(0);
    expect(distributionCv({ type: 'constant', valueMs: 0 })).toBe(0);
    close(distributionMeanMs({ type: 'exponential', meanMs: 7 }), 7);
    expect(distributionCv({ type: 'exponential', meanMs: 7 })).toBe(1);
    close(distributionMeanMs({ type: 'uniform', minMs: 2, maxMs: 10 }), 6);
    close(distributionCv({ type: 'uniform', minMs: 2, maxMs: 10 }), 8 / Math.sqrt(12) / 6);
    expect(distributionCv({ type: 'uniform', minMs: 0, maxMs: 0 })).toBe(0);
    close(distributionMeanMs({ type: 'gamma', meanMs: 5, cv: 0.3 }), 5);
    close(distributionCv({ type: 'gamma', meanMs: 5, cv: 0.3 }), 0.3);
    close(distributionMeanMs({ type: 'erlang', k: 4, meanMs: 8 }), 8);
    close(distributionCv({ type: 'erlang', k: 4, meanMs: 8 }), 0.5);
  });

  it('truncated normal matches closed forms and numerical integration', () => {
    // Half-normal: mean sd·sqrt(2/pi), variance sd²(1 − 2/pi).
    const half: Distribution = { type: 'normal', meanMs: 0, sdMs: 3 };
    close(distributionMeanMs(half), 3 * Math.sqrt(2 / Math.PI));
    close(distributionCv(half), Math.sqrt(1 - 2 / Math.PI) / Math.sqrt(2 / Math.PI), 1e-12);
    for (const [mu, sd] of [
      [10, 2],
      [5, 5],
      [1, 4],
      [0.5, 10],
      [20, 0.1],
    ] as const) {
      const d: Distribution = { type: 'normal', meanMs: mu, sdMs: sd };
      const num = numericMoments((x) => normalPdf((x - mu) / sd), 0, mu + 12 * sd);
      close(distributionMeanMs(d), num.mean, 1e-9);
      close(distributionCv(d), num.cv, 1e-8);
    }
    // Far from 0 the truncation is invisible.
    close(distributionMeanMs({ type: 'normal', meanMs: 100, sdMs: 5 }), 100);
    close(distributionCv({ type: 'normal', meanMs: 100, sdMs: 5 }), 0.05);
    expect(distributionCv({ type: 'normal', meanMs: 4, sdMs: 0 })).toBe(0);
  });

  it('lognormal by mean and cv, and by p50 and p99', () => {
    close(distributionMeanMs({ type: 'lognormal', meanMs: 12, cv: 1.5 }), 12);
    close(distributionCv({ type: 'lognormal', meanMs: 12, cv: 1.5 }), 1.5);
    const d = { type: 'lognormal' as const, p50Ms: 10, p99Ms: 100 };
    const { mu, sigma } = lognormalParams(d);
    close(Math.exp(mu), 10);
    close(Math.exp(mu + 2.3263478740408408 * sigma), 100);
    close(distributionMeanMs(d), Math.exp(mu + (sigma * sigma) / 2));
    close(distributionCv(d), Math.sqrt(Math.exp(sigma * sigma) - 1));
    const flat = { type: 'lognormal' as const, p50Ms: 5, p99Ms: 5 };
    close(distributionMeanMs(flat), 5);
    expect(distributionCv(flat)).toBe(0);
  });

  it('pareto: finite mean, infinite cv for shape <= 2', () => {
    close(distributionMeanMs({ type: 'pareto', scaleMs: 2, shape: 3 }), 3);
    close(distributionCv({ type: 'pareto', scaleMs: 2, shape: 3 }), 1 / Math.sqrt(3));
    close(distributionMeanMs({ type: 'pareto', scaleMs: 1, shape: 1.5 }), 3);
    expect(distributionCv({ type: 'pareto', scaleMs: 1, shape: 1.5 })).toBe(Infinity);
    expect(distributionCv({ type: 'pareto', scaleMs: 1, shape: 2 })).toBe(Infinity);
  });

  it('weibull via the gamma function', () => {
    close(distributionMeanMs({ type: 'weibull', scaleMs: 4, shape: 1 }), 4, 1e-13);
    close(distributionCv({ type: 'weibull', scaleMs: 4, shape: 1 }), 1, 1e-13);
    close(distributionMeanMs({ type: 'weibull', scaleMs: 2, shape: 2 }), Math.sqrt(Math.PI), 1e-13);
    close(distributionCv({ type: 'weibull', scaleMs: 2, shape: 2 }), Math.sqrt(4 / Math.PI - 1), 1e-12);
    close(Math.exp(logGamma(5)), 24, 1e-13);
    close(Math.exp(logGamma(0.5)), Math.sqrt(Math.PI), 1e-13);
    close(Math.exp(logGamma(2.5)), 1.329340388179137, 1e-13);
    close(Math.exp(logGamma(1 / 3)), 2.678938534707747, 1e-13);
    // Shape 1/2: mean = scale·Γ(3) = 2·scale, cv = sqrt(Γ(5)/Γ(3)² − 1) = sqrt(5).
    close(distributionMeanMs({ type: 'weibull', scaleMs: 3, shape: 0.5 }), 6, 1e-13);
    close(distributionCv({ type: 'weibull', scaleMs: 3, shape: 0.5 }), Math.sqrt(5), 1e-12);
  });

  it('hyperexponential and empirical', () => {
    const h: Distribution = {
      type: 'hyperexponential',
      branches: [
        { p: 0.9, meanMs: 1 },
        { p: 0.1, meanMs: 20 },
      ],
    };
    close(distributionMeanMs(h), 2.9);
    close(distributionCv(h), Math.sqrt((2 * (0.9 + 0.1 * 400)) / (2.9 * 2.9) - 1));
    const e: Distribution = {
      type: 'empirical',
      bins: [
        { upToMs: 10, weight: 1 },
        { upToMs: 20, weight: 3 },
      ],
    };
    // Mixture of U(0,10) w.p. 1/4 and U(10,20) w.p. 3/4.
    close(distributionMeanMs(e), 0.25 * 5 + 0.75 * 15);
    const m2 = 0.25 * (100 / 3) + 0.75 * ((100 + 200 + 400) / 3);
    close(distributionCv(e), Math.sqrt(m2 - 12.5 * 12.5) / 12.5);
    close(distributionMeanMs({ type: 'empirical', fromMs: 4, bins: [{ upToMs: 6, weight: 2 }] }), 5);
  });
});

describe('distribution schema', () => {
  const bad = (d: unknown) => expect(DistributionSchema.safeParse(d).success).toBe(false);
  const good = (d: unknown) => expect(DistributionSchema.safeParse(d).success).toBe(true);

  it('rejects invalid parameters', () => {
    bad({ type: 'pareto', scaleMs: 1, shape: 1 });
    bad({ type: 'pareto', scaleMs: 1, shape: 0.5 });
    bad({ type: 'uniform', minMs: 5, maxMs: 1 });
    bad({ type: 'exponential', meanMs: 0 });
    bad({ type: 'exponential', meanMs: -1 });
    bad({ type: 'normal', meanMs: -1, sdMs: 1 });
    bad({ type: 'hyperexponential', branches: [{ p: 0.5, meanMs: 1 }] });
    bad({
      type: 'empirical',
      bins: [
        { upToMs: 5, weight: 1 },
        { upToMs: 5, weight: 1 },
      ],
    });
    bad({ type: 'empirical', bins: [{ upToMs: 5, weight: 0 }] });
    bad({ type: 'lognormal', meanMs: 5, cv: 1, p50Ms: 4, p99Ms: 9 });
    bad({ type: 'lognormal', meanMs: 5 });
    bad({ type: 'lognormal', p50Ms: 9, p99Ms: 4 });
    bad({ type: 'erlang', k: 1.5, meanMs: 3 });
    bad({ type: 'exponential', meanMs: 3, extra: 1 });
    bad({ type: 'gamma', meanMs: 3, cv: 0 });
  });

  it('accepts valid parameters', () => {
    good({ type: 'pareto', scaleMs: 1, shape: 1.01 });
    good({ type: 'lognormal', p50Ms: 4, p99Ms: 9 });
    good({ type: 'lognormal', meanMs: 4, cv: 2 });
    good({ type: 'normal', meanMs: 0, sdMs: 2 });
    good({ type: 'constant', valueMs: 0 });
  });
});
