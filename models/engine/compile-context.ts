/** Shared helpers of the component compilers: distributions in ms → samplers in s, hops → calls. */
import {
  NETWORK_CLASS_LATENCY,
  type Distribution,
  type Network,
  type CircuitBreaker,
  type Retry,
} from '../../shared/topology/index.js';
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
  type Sampler,
} from './distributions.js';
import type { CompiledCall, RetryPolicy, TargetRef } from './model.js';

export class CompileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'CompileError';
  }
}

/** Failure cause codes (bits of RetryPolicy.retryOnMask). */
export const CAUSE = { rateLimited: 1, rejected: 2, timeout: 3, failed: 4, circuitOpen: 5 } as const;

const MS = 1e-3;

/** Empirical histogram bins sampled uniformly inside each bin (exact for the schema's definition). */
class BinnedEmpirical implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly pick: Empirical;
  constructor(
    private readonly lo: Float64Array,
    private readonly hi: Float64Array,
    weights: number[],
  ) {
    this.pick = new Empirical(
      Array.from(lo, (_, i) => i),
      weights,
    );
    const total = weights.reduce((a, b) => a + b, 0);
    let m1 = 0;
    let m2 = 0;
    weights.forEach((w, i) => {
      const a = lo[i] as number;
      const b = hi[i] as number;
      m1 += (w / total) * ((a + b) / 2);
      m2 += (w / total) * ((a * a + a * b + b * b) / 3);
    });
    this.mean = m1;
    this.variance = Math.max(0, m2 - m1 * m1);
  }
  sample(rng: import('./random.js').Rng): number {
    const i = this.pick.sample(rng);
    const a = this.lo[i] as number;
    return a + ((this.hi[i] as number) - a) * rng.next();
  }
}

/** A schema distribution (ms) as a sampler in seconds; each sampler validates its parameters. */
export function samplerOf(d: Distribution, path: string): Sampler {
  try {
    switch (d.type) {
      case 'constant':
        return new Constant(d.valueMs * MS);
      case 'exponential':
        return new Exponential(d.meanMs * MS);
      case 'uniform':
        return new Uniform(d.minMs * MS, d.maxMs * MS);
      case 'normal':
        return new Normal(d.meanMs * MS, d.sdMs * MS);
      case 'lognormal': {
        if (d.p50Ms !== undefined && d.p99Ms !== undefined) {
          const mu = Math.log(d.p50Ms * MS);
          const sigma = (Math.log(d.p99Ms) - Math.log(d.p50Ms)) / 2.3263478740408408;
          const mean = Math.exp(mu + (sigma * sigma) / 2);
          return new Lognormal(mean, mean * Math.sqrt(Math.expm1(sigma * sigma)));
        }
        const mean = (d.meanMs ?? 0) * MS;
        return new Lognormal(mean, mean * (d.cv ?? 0));
      }
      case 'gamma':
        return new Gamma(1 / (d.cv * d.cv), d.meanMs * MS * d.cv * d.cv);
      case 'erlang':
        return new Erlang(d.k, d.meanMs * MS);
      case 'pareto':
        return new Pareto(d.scaleMs * MS, d.shape);
      case 'weibull':
        return new Weibull(d.shape, d.scaleMs * MS);
      case 'hyperexponential':
        return new Hyperexponential(
          d.branches.map((b) => b.p),
          d.branches.map((b) => b.meanMs * MS),
        );
      case 'empirical': {
        const lo = new Float64Array(d.bins.length);
        const hi = new Float64Array(d.bins.length);
        let edge = d.fromMs ?? 0;
        d.bins.forEach((b, i) => {
          lo[i] = edge * MS;
          hi[i] = b.upToMs * MS;
          edge = b.upToMs;
        });
        return new BinnedEmpirical(
          lo,
          hi,
          d.bins.map((b) => b.weight),
        );
      }
    }
  } catch (e) {
    throw new CompileError(path, e instanceof Error ? e.message : String(e));
  }
}

/** Work distribution: a constant 0 is no work at all. */
export function workOf(d: Distribution, path: string): Sampler | null {
  if (d.type === 'constant' && d.valueMs === 0) return null;
  return samplerOf(d, path);
}

export function networkOf(n: Network | undefined, path: string): Sampler | null {
  if (n === undefined) return null;
  if (typeof n === 'string') return samplerOf(NETWORK_CLASS_LATENCY[n], path);
  if (n.type === 'constant' && n.valueMs === 0) return null;
  return samplerOf(n, path);
}

const RETRY_ON_BITS: Record<string, number> = {
  timeout: 1 << CAUSE.timeout,
  rejected: 1 << CAUSE.rejected,
  rateLimited: 1 << CAUSE.rateLimited,
  error: 1 << CAUSE.failed,
  circuitOpen: 1 << CAUSE.circuitOpen,
};

export function retryOf(r: Retry | undefined): RetryPolicy | null {
  if (r === undefined || r.attempts <= 1) return null;
  const on = r.retryOn ?? ['timeout', 'rejected', 'error'];
  return {
    retries: r.attempts - 1,
    retryOnMask: on.reduce((m, c) => m | (RETRY_ON_BITS[c] ?? 0), 0),
    backoffS: (r.backoffMs ?? 0) * MS,
    multiplier: r.multiplier ?? 2,
    maxBackoffS: r.maxBackoffMs === undefined ? Infinity : r.maxBackoffMs * MS,
    jitter: r.jitter === 'full' ? 1 : r.jitter === 'equal' ? 2 : 0,
  };
}

/** What every component compiler sees: the tables being built and the id → target map. */
export interface CompileContext {
  calls: CompiledCall[];
  /** Endpoint index by endpoint id. */
  endpointIndex: Map<string, number>;
  /** Where a call to a component id goes. */
  resolve(to: string, path: string): TargetRef;
  warn(path: string, message: string): void;
}

export interface HopLike {
  to: string;
  network?: Network | undefined;
  timeoutMs?: number | undefined;
  retry?: Retry | undefined;
  circuitBreaker?: CircuitBreaker | undefined;
}

/** Adds a call to the table; returns its index. */
export function addCall(
  ctx: CompileContext,
  hop: HopLike,
  path: string,
  extra: { probability?: number | undefined; sync?: boolean } = {},
): number {
  const cb = hop.circuitBreaker;
  if (cb !== undefined) {
    const bp = `${path}.circuitBreaker`;
    if (!(cb.errorThreshold > 0 && cb.errorThreshold <= 1))
      throw new CompileError(`${bp}.errorThreshold`, 'must be in (0, 1]');
    if (!(cb.windowS > 0)) throw new CompileError(`${bp}.windowS`, 'must be > 0');
    if (!(cb.openMs > 0)) throw new CompileError(`${bp}.openMs`, 'must be > 0');
    if (!(Number.isInteger(cb.halfOpenProbes) && cb.halfOpenProbes >= 1))
      throw new CompileError(`${bp}.halfOpenProbes`, 'must be an integer >= 1');
  }
  const budget = hop.retry?.budgetPercent;
  if (budget !== undefined && !(budget >= 0 && budget <= 100))
    throw new CompileError(`${path}.retry.budgetPercent`, 'must be in [0, 100]');
  const from = /^components\.([^.[]+)/.exec(path)?.[1] ?? '';
  const call: CompiledCall = {
    target: ctx.resolve(hop.to, `${path}.to`),
    probability: extra.probability ?? 1,
    sync: extra.sync ?? true,
    network: networkOf(hop.network, `${path}.network`),
    timeoutS: hop.timeoutMs === undefined ? Infinity : hop.timeoutMs * MS,
    retry: retryOf(hop.retry),
    breaker:
      cb === undefined
        ? null
        : {
            errorThreshold: cb.errorThreshold,
            minRequests: cb.minRequests ?? 20,
            windowS: cb.windowS,
            openS: cb.openMs * MS,
            probes: cb.halfOpenProbes,
          },
    budgetPercent: budget ?? null,
    from,
    to: hop.to,
  };
  if (!(call.probability >= 0 && call.probability <= 1))
    throw new CompileError(`${path}.probability`, 'must be in [0, 1]');
  ctx.calls.push(call);
  return ctx.calls.length - 1;
}
