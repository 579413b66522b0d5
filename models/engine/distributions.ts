/**
 * Exact samplers for every work-time distribution of the schema, plus Zipf. Each class checks its
 * parameters in its constructor; all sample in seconds (the schema speaks milliseconds).
 */
import type { Rng } from './random.js';

export class DistributionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DistributionError';
  }
}

function need(ok: boolean, message: string): void {
  if (!ok) throw new DistributionError(message);
}

function finite(x: number): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}

export interface Sampler {
  /** One sample, seconds. */
  sample(rng: Rng): number;
  /** Exact mean, seconds (Infinity when it does not exist). */
  readonly mean: number;
  /** Exact variance, seconds² (Infinity when it does not exist). */
  readonly variance: number;
}

export class Constant implements Sampler {
  readonly mean: number;
  readonly variance = 0;
  constructor(readonly value: number) {
    need(finite(value) && value >= 0, 'constant: value must be a finite number >= 0');
    this.mean = value;
  }
  sample(): number {
    return this.value;
  }
}

export class Exponential implements Sampler {
  readonly variance: number;
  constructor(readonly mean: number) {
    need(finite(mean) && mean > 0, 'exponential: mean must be > 0');
    this.variance = mean * mean;
  }
  sample(rng: Rng): number {
    return -this.mean * Math.log(rng.nextOpen());
  }
}

export class Uniform implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    need(finite(min) && finite(max) && min >= 0 && max >= min, 'uniform: need 0 <= min <= max');
    this.mean = (min + max) / 2;
    this.variance = ((max - min) * (max - min)) / 12;
  }
  sample(rng: Rng): number {
    return this.min + (this.max - this.min) * rng.next();
  }
}

/** Standard normal by the Marsaglia polar method (no cached spare: each call is self-contained). */
function standardNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Normal truncated to [0, ∞) by rejection (a time cannot be negative); mean/variance are the truncated ones. */
export class Normal implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    readonly mu: number,
    readonly sd: number,
  ) {
    need(finite(mu) && finite(sd) && sd >= 0, 'normal: need a finite mean and sd >= 0');
    need(mu > 0 || sd > 0, 'normal: mean must be > 0 when sd is 0');
    need(sd === 0 || mu / sd > -5, 'normal: mean is so far below 0 that truncation at 0 dominates');
    if (sd === 0) {
      this.mean = mu;
      this.variance = 0;
    } else {
      const a = -mu / sd;
      const phi = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
      const z = 1 - normalCdf(a);
      const lambda = phi / z;
      this.mean = mu + sd * lambda;
      this.variance = sd * sd * (1 + a * lambda - lambda * lambda);
    }
  }
  sample(rng: Rng): number {
    if (this.sd === 0) return this.mu;
    for (;;) {
      const x = this.mu + this.sd * standardNormal(rng);
      if (x >= 0) return x;
    }
  }
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7; used only for moments). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp((-x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Lognormal given the mean and standard deviation of the time itself (not of its logarithm). */
export class Lognormal implements Sampler {
  readonly variance: number;
  private readonly mu: number;
  private readonly sigma: number;
  constructor(
    readonly mean: number,
    readonly sd: number,
  ) {
    need(finite(mean) && mean > 0 && finite(sd) && sd >= 0, 'lognormal: need mean > 0 and sd >= 0');
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    this.sigma = Math.sqrt(s2);
    this.mu = Math.log(mean) - s2 / 2;
    this.variance = sd * sd;
  }
  sample(rng: Rng): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
}

/** Gamma(shape k, scale θ) by Marsaglia–Tsang; shape < 1 by the U^(1/k) boost. */
export class Gamma implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    readonly shape: number,
    readonly scale: number,
  ) {
    need(finite(shape) && shape > 0 && finite(scale) && scale > 0, 'gamma: need shape > 0 and scale > 0');
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
  }
  sample(rng: Rng): number {
    return this.scale * gammaUnit(this.shape, rng);
  }
}

function gammaUnit(k: number, rng: Rng): number {
  if (k < 1) return gammaUnit(k + 1, rng) * Math.pow(rng.nextOpen(), 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextOpen();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Erlang(k) with the given mean: the sum of k exponentials of mean mean/k. */
export class Erlang implements Sampler {
  readonly variance: number;
  private readonly phaseMean: number;
  constructor(
    readonly k: number,
    readonly mean: number,
  ) {
    need(Number.isInteger(k) && k >= 1, 'erlang: k must be an integer >= 1');
    need(finite(mean) && mean > 0, 'erlang: mean must be > 0');
    this.phaseMean = mean / k;
    this.variance = k * this.phaseMean * this.phaseMean;
  }
  sample(rng: Rng): number {
    let p = 1;
    for (let i = 0; i < this.k; i++) p *= rng.nextOpen();
    return -this.phaseMean * Math.log(p);
  }
}

/** Pareto type I: P(X > x) = (xm / x)^α for x >= xm. */
export class Pareto implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    readonly xm: number,
    readonly alpha: number,
  ) {
    need(finite(xm) && xm > 0 && finite(alpha) && alpha > 0, 'pareto: need scale > 0 and shape > 0');
    this.mean = alpha > 1 ? (alpha * xm) / (alpha - 1) : Infinity;
    this.variance = alpha > 2 ? (xm * xm * alpha) / ((alpha - 1) * (alpha - 1) * (alpha - 2)) : Infinity;
  }
  sample(rng: Rng): number {
    return this.xm / Math.pow(rng.nextOpen(), 1 / this.alpha);
  }
}

/** Lanczos approximation of ln Γ(x) (|relative error| < 1e-14 for x > 0). */
export function lnGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  x -= 1;
  let a = c[0] as number;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += (c[i] as number) / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Weibull(shape k, scale λ) by inversion. */
export class Weibull implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(
    readonly shape: number,
    readonly scale: number,
  ) {
    need(finite(shape) && shape > 0 && finite(scale) && scale > 0, 'weibull: need shape > 0 and scale > 0');
    const g1 = Math.exp(lnGamma(1 + 1 / shape));
    const g2 = Math.exp(lnGamma(1 + 2 / shape));
    this.mean = scale * g1;
    this.variance = scale * scale * (g2 - g1 * g1);
  }
  sample(rng: Rng): number {
    return this.scale * Math.pow(-Math.log(rng.nextOpen()), 1 / this.shape);
  }
}

/** Walker alias table over weights: O(1) sampling of an index. */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly n: number;
  constructor(weights: readonly number[]) {
    const n = weights.length;
    need(n >= 1, 'alias table: need at least one weight');
    let total = 0;
    for (const w of weights) {
      need(finite(w) && w >= 0, 'alias table: weights must be finite and >= 0');
      total += w;
    }
    need(total > 0, 'alias table: weights must not all be 0');
    this.n = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s] as number;
      this.alias[s] = l;
      scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
      if ((scaled[l] as number) < 1) small.push(l);
      else large.push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }
  sample(rng: Rng): number {
    const n = this.n;
    if (n === 1) return 0;
    const u = rng.next() * n;
    const i = Math.floor(u);
    return u - i < (this.prob[i] as number) ? i : (this.alias[i] as number);
  }
}

/** Mixture of exponentials: branch i with probability p_i and mean m_i. */
export class Hyperexponential implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly table: AliasTable;
  private readonly means: Float64Array;
  constructor(probabilities: readonly number[], means: readonly number[]) {
    need(
      probabilities.length === means.length && means.length >= 1,
      'hyperexponential: need matching branches',
    );
    const total = probabilities.reduce((a, b) => a + b, 0);
    need(Math.abs(total - 1) < 1e-6, 'hyperexponential: branch probabilities must sum to 1');
    for (const m of means) need(finite(m) && m > 0, 'hyperexponential: branch means must be > 0');
    this.table = new AliasTable(probabilities);
    this.means = Float64Array.from(means);
    let m1 = 0;
    let m2 = 0;
    probabilities.forEach((p, i) => {
      const m = means[i] as number;
      m1 += p * m;
      m2 += p * 2 * m * m;
    });
    this.mean = m1;
    this.variance = m2 - m1 * m1;
  }
  sample(rng: Rng): number {
    const i = this.table.sample(rng);
    return -(this.means[i] as number) * Math.log(rng.nextOpen());
  }
}

/** Empirical: one of the given values with the given weights (equal weights when omitted). */
export class Empirical implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly table: AliasTable;
  private readonly values: Float64Array;
  constructor(values: readonly number[], weights?: readonly number[]) {
    need(values.length >= 1, 'empirical: need at least one value');
    for (const v of values) need(finite(v) && v >= 0, 'empirical: values must be finite and >= 0');
    const w = weights ?? values.map(() => 1);
    need(w.length === values.length, 'empirical: need one weight per value');
    this.table = new AliasTable(w);
    this.values = Float64Array.from(values);
    const total = w.reduce((a, b) => a + b, 0);
    let m1 = 0;
    let m2 = 0;
    values.forEach((v, i) => {
      const p = (w[i] as number) / total;
      m1 += p * v;
      m2 += p * v * v;
    });
    this.mean = m1;
    this.variance = Math.max(0, m2 - m1 * m1);
  }
  sample(rng: Rng): number {
    return this.values[this.table.sample(rng)] as number;
  }
}

/**
 * Zipf on {1..n} with P(k) ∝ k^-s, by rejection-inversion (Hörmann & Derflinger 1996): O(1)
 * expected time and no table, for any n.
 */
export class Zipf {
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly sCut: number;
  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    need(Number.isInteger(n) && n >= 1, 'zipf: n must be an integer >= 1');
    need(finite(s) && s > 0, 'zipf: exponent must be > 0');
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.sCut = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }
  private h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }
  private hIntegral(x: number): number {
    const lx = Math.log(x);
    return helper2((1 - this.s) * lx) * lx;
  }
  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.s);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
  /** One key in 1..n. */
  sample(rng: Rng): number {
    for (;;) {
      const u = this.hIntegralN + rng.next() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.sCut || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }
}

/** log1p(x)/x, continuous at 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x)/x, continuous at 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x * (1 / 3) * (1 + 0.25 * x));
}
