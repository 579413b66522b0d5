/** Density, CDF and quantiles of the time distributions, for the distribution editor's plot (pure). */
import { gammaParams, lognormalParams, logGamma, type Distribution } from '../../../shared/topology/index.js';

/** Error function (Abramowitz–Stegun 7.1.26 refined by one Newton-free series for small x; |error| < 1.5e-7). */
export function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

const normCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

/** Regularized lower incomplete gamma P(a, x) (series below a + 1, continued fraction above). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-14) break;
    }
    return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - lg));
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return Math.max(0, 1 - Math.exp(-x + a * Math.log(x) - lg) * h);
}

/** Probability density at x ms (per ms); a constant has no density (returns 0). */
export function pdf(d: Distribution, x: number): number {
  if (x < 0) return 0;
  switch (d.type) {
    case 'constant':
      return 0;
    case 'exponential':
      return Math.exp(-x / d.meanMs) / d.meanMs;
    case 'uniform':
      return x >= d.minMs && x <= d.maxMs && d.maxMs > d.minMs ? 1 / (d.maxMs - d.minMs) : 0;
    case 'normal': {
      if (d.sdMs === 0) return 0;
      const z = (x - d.meanMs) / d.sdMs;
      const mass = 1 - normCdf(-d.meanMs / d.sdMs);
      return Math.exp(-0.5 * z * z) / (d.sdMs * Math.sqrt(2 * Math.PI)) / mass;
    }
    case 'lognormal': {
      if (x === 0) return 0;
      const { mu, sigma } = lognormalParams(d);
      const z = (Math.log(x) - mu) / sigma;
      return Math.exp(-0.5 * z * z) / (x * sigma * Math.sqrt(2 * Math.PI));
    }
    case 'gamma':
    case 'erlang': {
      const { shape, scaleMs } =
        d.type === 'gamma' ? gammaParams(d) : { shape: d.k, scaleMs: d.meanMs / d.k };
      if (x === 0) return shape === 1 ? 1 / scaleMs : 0;
      return Math.exp((shape - 1) * Math.log(x) - x / scaleMs - logGamma(shape) - shape * Math.log(scaleMs));
    }
    case 'pareto':
      return x < d.scaleMs ? 0 : (d.shape * Math.pow(d.scaleMs, d.shape)) / Math.pow(x, d.shape + 1);
    case 'weibull': {
      const k = d.shape;
      const l = d.scaleMs;
      return (k / l) * Math.pow(x / l, k - 1) * Math.exp(-Math.pow(x / l, k));
    }
    case 'hyperexponential':
      return d.branches.reduce((s, b) => s + (b.p * Math.exp(-x / b.meanMs)) / b.meanMs, 0);
    case 'empirical': {
      const total = d.bins.reduce((s, b) => s + b.weight, 0);
      let lo = d.fromMs ?? 0;
      for (const b of d.bins) {
        if (x >= lo && x < b.upToMs) return b.weight / total / (b.upToMs - lo);
        lo = b.upToMs;
      }
      return 0;
    }
  }
}

/** Cumulative probability P(X <= x). */
export function cdf(d: Distribution, x: number): number {
  if (x < 0) return 0;
  switch (d.type) {
    case 'constant':
      return x >= d.valueMs ? 1 : 0;
    case 'exponential':
      return 1 - Math.exp(-x / d.meanMs);
    case 'uniform':
      return d.maxMs === d.minMs
        ? x >= d.minMs
          ? 1
          : 0
        : Math.min(1, Math.max(0, (x - d.minMs) / (d.maxMs - d.minMs)));
    case 'normal': {
      if (d.sdMs === 0) return x >= d.meanMs ? 1 : 0;
      const lo = normCdf(-d.meanMs / d.sdMs);
      return (normCdf((x - d.meanMs) / d.sdMs) - lo) / (1 - lo);
    }
    case 'lognormal': {
      if (x === 0) return 0;
      const { mu, sigma } = lognormalParams(d);
      return normCdf((Math.log(x) - mu) / sigma);
    }
    case 'gamma': {
      const { shape, scaleMs } = gammaParams(d);
      return gammaP(shape, x / scaleMs);
    }
    case 'erlang':
      return gammaP(d.k, (x * d.k) / d.meanMs);
    case 'pareto':
      return x < d.scaleMs ? 0 : 1 - Math.pow(d.scaleMs / x, d.shape);
    case 'weibull':
      return 1 - Math.exp(-Math.pow(x / d.scaleMs, d.shape));
    case 'hyperexponential':
      return d.branches.reduce((s, b) => s + b.p * (1 - Math.exp(-x / b.meanMs)), 0);
    case 'empirical': {
      const total = d.bins.reduce((s, b) => s + b.weight, 0);
      let lo = d.fromMs ?? 0;
      let acc = 0;
      for (const b of d.bins) {
        if (x < lo) break;
        if (x < b.upToMs) return (acc + (b.weight * (x - lo)) / (b.upToMs - lo)) / total;
        acc += b.weight;
        lo = b.upToMs;
      }
      return acc / total;
    }
  }
}

/** The q-quantile in ms (bisection on the CDF). */
export function quantile(d: Distribution, q: number): number {
  if (d.type === 'constant') return d.valueMs;
  let hi = 1;
  for (let i = 0; i < 200 && cdf(d, hi) < q; i++) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(d, mid) < q) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-9 * hi) break;
  }
  return (lo + hi) / 2;
}

/** Points of the density from 0 to the 99.5th percentile, for plotting. */
export function densityCurve(d: Distribution, points = 120): { x: number; y: number }[] {
  const top = quantile(d, 0.995);
  const xMax = top > 0 ? top * 1.05 : 1;
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i <= points; i++) {
    const x = (xMax * i) / points;
    const y = pdf(d, x);
    out.push({ x, y: Number.isFinite(y) ? y : 0 });
  }
  return out;
}
