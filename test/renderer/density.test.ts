import { describe, expect, it } from 'vitest';
import { cdf, densityCurve, gammaP, quantile } from '../../renderer/src/inspector/density.js';
import { distributionOfType, summarize } from '../../renderer/src/inspector/distribution-math.js';
import { DISTRIBUTION_TYPES, distributionMeanMs, type Distribution } from '../../shared/topology/index.js';

describe('distribution math for the editor', () => {
  it('exponential quantiles are −mean·ln(1−q)', () => {
    const d: Distribution = { type: 'exponential', meanMs: 10 };
    expect(quantile(d, 0.5)).toBeCloseTo(10 * Math.LN2, 6);
    expect(quantile(d, 0.99)).toBeCloseTo(-10 * Math.log(0.01), 5);
  });

  it('lognormal given by p50/p99 returns them', () => {
    const d: Distribution = { type: 'lognormal', p50Ms: 2, p99Ms: 10 };
    expect(quantile(d, 0.5)).toBeCloseTo(2, 4);
    expect(quantile(d, 0.99)).toBeCloseTo(10, 3);
  });

  it('regularized gamma matches the Erlang closed form', () => {
    // P(2, x) = 1 − e^−x (1 + x)
    for (const x of [0.3, 1, 4, 9]) expect(gammaP(2, x)).toBeCloseTo(1 - Math.exp(-x) * (1 + x), 10);
  });

  it('CDFs are monotone and reach 1, densities integrate to about 1', () => {
    for (const type of DISTRIBUTION_TYPES) {
      const d = distributionOfType(type, 20);
      let prev = 0;
      for (let x = 0; x < 400; x += 5) {
        const c = cdf(d, x);
        expect(c, type).toBeGreaterThanOrEqual(prev - 1e-9);
        prev = c;
      }
      expect(cdf(d, 1e6), type).toBeCloseTo(1, 6);
      if (type !== 'constant') {
        const pts = densityCurve(d, 2000);
        let area = 0;
        for (let i = 1; i < pts.length; i++) {
          const a = pts[i - 1] as { x: number; y: number };
          const b = pts[i] as { x: number; y: number };
          area += ((a.y + b.y) / 2) * (b.x - a.x);
        }
        expect(area, type).toBeGreaterThan(0.95);
        expect(area, type).toBeLessThan(1.03);
      }
    }
  });

  it('switching type keeps about the same mean', () => {
    for (const type of DISTRIBUTION_TYPES) {
      const d = distributionOfType(type, 20);
      expect(distributionMeanMs(d) / 20, type).toBeGreaterThan(0.6);
      expect(distributionMeanMs(d) / 20, type).toBeLessThan(1.6);
      expect(summarize(d), type).not.toBeNull();
    }
  });

  it('summarize refuses invalid parameters', () => {
    expect(summarize({ type: 'uniform', minMs: 5, maxMs: 1 })).toBeNull();
  });
});
