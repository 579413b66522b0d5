/** Pure helpers of the distribution editor: default parameters per type and a summary. */
import {
  DistributionSchema,
  distributionCv,
  distributionMeanMs,
  type Distribution,
  type DistributionType,
} from '../../../shared/topology/index.js';
import { quantile } from './density.js';

/** A distribution of the given type with about the given mean, ms (used when the user switches type). */
export function distributionOfType(type: DistributionType, meanMs: number): Distribution {
  const m = meanMs > 0 && Number.isFinite(meanMs) ? Number(meanMs.toPrecision(3)) : 10;
  switch (type) {
    case 'constant':
      return { type, valueMs: m };
    case 'exponential':
      return { type, meanMs: m };
    case 'uniform':
      return { type, minMs: 0, maxMs: 2 * m };
    case 'normal':
      return { type, meanMs: m, sdMs: m / 4 };
    case 'lognormal':
      return { type, meanMs: m, cv: 1 };
    case 'gamma':
      return { type, meanMs: m, cv: 0.8 };
    case 'erlang':
      return { type, k: 2, meanMs: m };
    case 'pareto':
      return { type, scaleMs: Number(((m * 2) / 3).toPrecision(3)), shape: 3 };
    case 'weibull':
      return { type, scaleMs: m, shape: 1.5 };
    case 'hyperexponential':
      return {
        type,
        branches: [
          { p: 0.9, meanMs: Number((m / 2).toPrecision(3)) },
          { p: 0.1, meanMs: Number((m * 5.5).toPrecision(3)) },
        ],
      };
    case 'empirical':
      return {
        type,
        bins: [
          { upToMs: m, weight: 6 },
          { upToMs: 2 * m, weight: 3 },
          { upToMs: 5 * m, weight: 1 },
        ],
      };
  }
}

/** Summary of a distribution: mean, cv, p50, p99 (null when its parameters are invalid). */
export function summarize(d: Distribution): { mean: number; cv: number; p50: number; p99: number } | null {
  if (!DistributionSchema.safeParse(d).success) return null;
  return {
    mean: distributionMeanMs(d),
    cv: distributionCv(d),
    p50: quantile(d, 0.5),
    p99: quantile(d, 0.99),
  };
}
