import { z } from 'zod';
import { int, ms, num, posMs, MAX_MS } from './fields.js';

/** Most branches a hyperexponential may have. */
export const MAX_HYPER_BRANCHES = 32;
/** Most bins an empirical histogram may have. */
export const MAX_EMPIRICAL_BINS = 2000;
/** Standard normal quantile at 0.99, used by lognormal {p50Ms, p99Ms}. */
export const Z_99 = 2.3263478740408408;

const cvField = () => num(0, 100, { exclusiveMin: true });

/** Always exactly `valueMs`. */
export const ConstantSchema = z.strictObject({
  type: z.literal('constant').describe('Distribution type: always valueMs.'),
  valueMs: ms(),
});
/** Exponential with mean `meanMs` (cv 1). */
export const ExponentialSchema = z.strictObject({
  type: z.literal('exponential').describe('Distribution type: exponential (cv 1).'),
  meanMs: posMs(),
});
/** Uniform on [minMs, maxMs]. */
export const UniformSchema = z
  .strictObject({
    type: z.literal('uniform').describe('Distribution type: uniform on [minMs, maxMs].'),
    minMs: ms(),
    maxMs: ms(),
  })
  .refine((d) => d.maxMs >= d.minMs, { message: 'maxMs must be >= minMs', path: ['maxMs'] });
/** Normal with parameters meanMs and sdMs, truncated at 0 (negative draws are impossible, not clamped). */
export const NormalSchema = z.strictObject({
  type: z.literal('normal').describe('Distribution type: normal truncated at 0.'),
  meanMs: ms(),
  sdMs: ms(),
});
/** Lognormal given either by {meanMs, cv} or by {p50Ms, p99Ms}. */
export const LognormalSchema = z
  .strictObject({
    type: z.literal('lognormal').describe('Distribution type: lognormal, by {meanMs, cv} or {p50Ms, p99Ms}.'),
    meanMs: posMs().optional(),
    cv: cvField().optional().describe('Coefficient of variation (sd / mean, unitless), with meanMs.'),
    p50Ms: posMs().optional(),
    p99Ms: posMs().optional(),
  })
  .superRefine((d, ctx) => {
    const byMean = d.meanMs !== undefined || d.cv !== undefined;
    const byPct = d.p50Ms !== undefined || d.p99Ms !== undefined;
    if (byMean && byPct) {
      ctx.addIssue({ code: 'custom', message: 'give either {meanMs, cv} or {p50Ms, p99Ms}, not both' });
    } else if (byPct) {
      if (d.p50Ms === undefined)
        ctx.addIssue({ code: 'custom', path: ['p50Ms'], message: 'is required with p99Ms' });
      if (d.p99Ms === undefined)
        ctx.addIssue({ code: 'custom', path: ['p99Ms'], message: 'is required with p50Ms' });
      if (d.p50Ms !== undefined && d.p99Ms !== undefined && d.p99Ms < d.p50Ms)
        ctx.addIssue({
          code: 'custom',
          path: ['p99Ms'],
          message: `must be >= p50Ms (${d.p50Ms}), got ${d.p99Ms}`,
        });
    } else {
      if (d.meanMs === undefined)
        ctx.addIssue({ code: 'custom', path: ['meanMs'], message: 'is required (or give p50Ms and p99Ms)' });
      if (d.cv === undefined)
        ctx.addIssue({ code: 'custom', path: ['cv'], message: 'is required (or give p50Ms and p99Ms)' });
    }
  });
/** Gamma with mean `meanMs` and coefficient of variation `cv`. */
export const GammaSchema = z.strictObject({
  type: z.literal('gamma').describe('Distribution type: gamma.'),
  meanMs: posMs(),
  cv: cvField().describe('Coefficient of variation (sd / mean, unitless).'),
});
/** Erlang-k: the sum of k exponentials, total mean `meanMs` (cv 1/sqrt(k)). */
export const ErlangSchema = z.strictObject({
  type: z.literal('erlang').describe('Distribution type: Erlang-k.'),
  k: int(1, 1000).describe('Number of exponential phases (cv 1/sqrt(k)).'),
  meanMs: posMs(),
});
/** Pareto (type I) with minimum `scaleMs` and tail index `shape` > 1 (shape <= 1 has an infinite mean). */
export const ParetoSchema = z.strictObject({
  type: z.literal('pareto').describe('Distribution type: Pareto (type I).'),
  scaleMs: posMs(),
  shape: num(1, 100, { exclusiveMin: true }).describe('Tail index (unitless, > 1 for a finite mean).'),
});
/** Weibull with scale `scaleMs` and shape k. */
export const WeibullSchema = z.strictObject({
  type: z.literal('weibull').describe('Distribution type: Weibull.'),
  scaleMs: posMs(),
  shape: num(0.1, 100).describe('Shape k (unitless; < 1 heavier tail, 1 exponential).'),
});
/** Mixture of exponentials: with probability p an exponential of mean meanMs; the p sum to 1. */
export const HyperexponentialSchema = z
  .strictObject({
    type: z.literal('hyperexponential').describe('Distribution type: mixture of exponentials.'),
    branches: z
      .array(
        z.strictObject({
          p: num(0, 1, { exclusiveMin: true }).describe('Probability of this branch (0..1; all sum to 1).'),
          meanMs: posMs(),
        }),
      )
      .min(1, { error: 'must have at least one branch' })
      .max(MAX_HYPER_BRANCHES, { error: `must have at most ${MAX_HYPER_BRANCHES} branches` })
      .describe('Exponential branches with their probabilities.'),
  })
  .refine((d) => Math.abs(d.branches.reduce((s, b) => s + b.p, 0) - 1) <= 1e-9, {
    message: 'branch probabilities p must sum to 1',
    path: ['branches'],
  });
/** Histogram: bin i covers (previous upToMs, upToMs], the first starts at fromMs (default 0); uniform inside a bin. */
export const EmpiricalSchema = z
  .strictObject({
    type: z.literal('empirical').describe('Distribution type: histogram of bins.'),
    fromMs: ms().optional(),
    bins: z
      .array(
        z.strictObject({
          upToMs: num(0, MAX_MS, { exclusiveMin: true }),
          weight: num(0, 1e12).describe('Relative weight of this bin (unitless, >= 0).'),
        }),
      )
      .min(1, { error: 'must have at least one bin' })
      .max(MAX_EMPIRICAL_BINS, { error: `must have at most ${MAX_EMPIRICAL_BINS} bins` })
      .describe('Histogram bins in increasing upToMs order.'),
  })
  .superRefine((d, ctx) => {
    let edge = d.fromMs ?? 0;
    d.bins.forEach((b, i) => {
      if (!(b.upToMs > edge))
        ctx.addIssue({
          code: 'custom',
          path: ['bins', i, 'upToMs'],
          message: `must be greater than the previous edge ${edge}, got ${b.upToMs}`,
        });
      edge = Math.max(edge, b.upToMs);
    });
    if (!(d.bins.reduce((s, b) => s + b.weight, 0) > 0))
      ctx.addIssue({ code: 'custom', path: ['bins'], message: 'weights must not all be 0' });
  });

/** A probability distribution of a time, in milliseconds. */
export const DistributionSchema = z.discriminatedUnion('type', [
  ConstantSchema,
  ExponentialSchema,
  UniformSchema,
  NormalSchema,
  LognormalSchema,
  GammaSchema,
  ErlangSchema,
  ParetoSchema,
  WeibullSchema,
  HyperexponentialSchema,
  EmpiricalSchema,
]);

/** A time distribution in milliseconds. */
export type Distribution = z.infer<typeof DistributionSchema>;
/** The `type` tag of a distribution. */
export type DistributionType = Distribution['type'];
/** All distribution type tags. */
export const DISTRIBUTION_TYPES: readonly DistributionType[] = DistributionSchema.options.map(
  (o) => o.shape.type.value,
);

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Error function for x >= 0 via the everywhere-convergent series with positive terms (relative error ~1e-16). */
function erfNonNeg(x: number): number {
  if (x > 6) return 1;
  let term = x;
  let sum = x;
  const x2 = 2 * x * x;
  for (let n = 1; n < 500; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** P(Z > x) for a standard normal Z, accurate for x <= 0 (the only case truncation at 0 needs with mean >= 0). */
function normalUpperTailNonPos(x: number): number {
  return 0.5 * (1 + erfNonNeg(-x / SQRT2));
}

/** Inverse Mills ratio λ = φ(α)/(1−Φ(α)) and α·λ for truncation at 0 (α = −μ/σ); both 0 when the cut is negligible. */
function truncation(mu: number, sd: number): { lambda: number; alphaLambda: number } {
  const alpha = -mu / sd;
  if (!(alpha > -37)) return { lambda: 0, alphaLambda: 0 };
  const lambda = normalPdf(alpha) / normalUpperTailNonPos(alpha);
  return { lambda, alphaLambda: alpha * lambda };
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Natural log of the gamma function for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0] as number;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Parameters (mu, sigma) of the underlying normal of a lognormal distribution. */
export function lognormalParams(d: z.infer<typeof LognormalSchema>): { mu: number; sigma: number } {
  if (d.p50Ms !== undefined && d.p99Ms !== undefined) {
    return { mu: Math.log(d.p50Ms), sigma: (Math.log(d.p99Ms) - Math.log(d.p50Ms)) / Z_99 };
  }
  const mean = d.meanMs ?? 0;
  const cv = d.cv ?? 0;
  const s2 = Math.log1p(cv * cv);
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** Shape and scale (ms) of a gamma distribution: shape = 1/cv², scale = mean·cv². */
export function gammaParams(d: z.infer<typeof GammaSchema>): { shape: number; scaleMs: number } {
  return { shape: 1 / (d.cv * d.cv), scaleMs: d.meanMs * d.cv * d.cv };
}

/** First two raw moments (E[X] in ms, E[X²] in ms²) of a distribution; E[X²] is Infinity for heavy tails. */
export function distributionMoments(d: Distribution): { m1: number; m2: number } {
  switch (d.type) {
    case 'constant':
      return { m1: d.valueMs, m2: d.valueMs * d.valueMs };
    case 'exponential':
      return { m1: d.meanMs, m2: 2 * d.meanMs * d.meanMs };
    case 'uniform': {
      const a = d.minMs;
      const b = d.maxMs;
      return { m1: (a + b) / 2, m2: (a * a + a * b + b * b) / 3 };
    }
    case 'normal': {
      const mu = d.meanMs;
      const sd = d.sdMs;
      if (sd === 0) return { m1: mu, m2: mu * mu };
      const { alphaLambda, lambda } = truncation(mu, sd);
      const mean = mu + sd * lambda;
      const variance = sd * sd * (1 + alphaLambda - lambda * lambda);
      return { m1: mean, m2: variance + mean * mean };
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(d);
      return { m1: Math.exp(mu + (sigma * sigma) / 2), m2: Math.exp(2 * mu + 2 * sigma * sigma) };
    }
    case 'gamma':
      return { m1: d.meanMs, m2: d.meanMs * d.meanMs * (1 + d.cv * d.cv) };
    case 'erlang':
      return { m1: d.meanMs, m2: d.meanMs * d.meanMs * (1 + 1 / d.k) };
    case 'pareto': {
      const a = d.shape;
      const m1 = (a * d.scaleMs) / (a - 1);
      const m2 = a > 2 ? (a * d.scaleMs * d.scaleMs) / (a - 2) : Infinity;
      return { m1, m2 };
    }
    case 'weibull': {
      const k = d.shape;
      const g1 = Math.exp(logGamma(1 + 1 / k));
      const g2 = Math.exp(logGamma(1 + 2 / k));
      return { m1: d.scaleMs * g1, m2: d.scaleMs * d.scaleMs * g2 };
    }
    case 'hyperexponential': {
      let m1 = 0;
      let m2 = 0;
      for (const b of d.branches) {
        m1 += b.p * b.meanMs;
        m2 += 2 * b.p * b.meanMs * b.meanMs;
      }
      return { m1, m2 };
    }
    case 'empirical': {
      let lo = d.fromMs ?? 0;
      let w = 0;
      let m1 = 0;
      let m2 = 0;
      for (const bin of d.bins) {
        const hi = bin.upToMs;
        w += bin.weight;
        m1 += (bin.weight * (lo + hi)) / 2;
        m2 += (bin.weight * (lo * lo + lo * hi + hi * hi)) / 3;
        lo = hi;
      }
      return { m1: m1 / w, m2: m2 / w };
    }
  }
}

function cvOfMoments({ m1, m2 }: { m1: number; m2: number }): number {
  if (m1 === 0) return 0;
  return Math.sqrt(Math.max(0, m2 / (m1 * m1) - 1));
}

/** Exact mean of a distribution, in milliseconds. */
export function distributionMeanMs(d: Distribution): number {
  return distributionMoments(d).m1;
}

/** Exact coefficient of variation (sd / mean) of a distribution: 0 when the mean is 0, Infinity for Pareto with shape <= 2. */
export function distributionCv(d: Distribution): number {
  switch (d.type) {
    case 'constant':
      return 0;
    case 'exponential':
      return 1;
    case 'gamma':
      return d.cv;
    case 'erlang':
      return 1 / Math.sqrt(d.k);
    case 'lognormal':
      return Math.sqrt(Math.expm1(lognormalParams(d).sigma ** 2));
    case 'pareto':
      return d.shape > 2 ? 1 / Math.sqrt(d.shape * (d.shape - 2)) : Infinity;
    case 'weibull': {
      const k = d.shape;
      const ratio = Math.exp(logGamma(1 + 2 / k) - 2 * logGamma(1 + 1 / k));
      return Math.sqrt(Math.max(0, ratio - 1));
    }
    case 'uniform': {
      const sum = d.minMs + d.maxMs;
      return sum === 0 ? 0 : (d.maxMs - d.minMs) / Math.sqrt(3) / sum;
    }
    case 'hyperexponential': {
      const scale = Math.max(...d.branches.map((b) => b.meanMs));
      return cvOfMoments(
        distributionMoments({ ...d, branches: d.branches.map((b) => ({ ...b, meanMs: b.meanMs / scale })) }),
      );
    }
    case 'empirical': {
      const scale = (d.bins[d.bins.length - 1] as { upToMs: number }).upToMs;
      return cvOfMoments(
        distributionMoments({
          ...d,
          fromMs: (d.fromMs ?? 0) / scale,
          bins: d.bins.map((b) => ({ ...b, upToMs: b.upToMs / scale })),
        }),
      );
    }
    case 'normal': {
      if (d.sdMs === 0 || distributionMeanMs(d) === 0) return 0;
      const mu = d.meanMs;
      const sd = d.sdMs;
      const { alphaLambda, lambda } = truncation(mu, sd);
      const sdRatio = Math.sqrt(Math.max(0, 1 + alphaLambda - lambda * lambda));
      return (sd * sdRatio) / (mu + sd * lambda);
    }
  }
}
