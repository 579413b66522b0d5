/** Builders and statistical checks shared by the coverage tests (test/models/coverage-*.test.ts). */
import { expect } from 'vitest';
import { binValue } from '../../models/engine/histogram.js';
import { t975 } from '../../models/engine/stats.js';
import type { ComponentStats, Interval, SimulationResult } from '../../shared/results/index.js';

/** A validated topology of the given components and, optionally, one scenario "s". */
export { topo as topology } from './helpers.js';

/** A component's measured-period figures. */
export function component(r: SimulationResult, id: string): ComponentStats {
  const c = r.components.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no component ${id}`);
  return c;
}

/** Standard error behind a Student-t 95% interval of n batches or replications. */
export function seOfCi(ci: Interval | null, n: number): number {
  if (ci === null) throw new Error('no confidence interval');
  return (ci[1] - ci[0]) / 2 / t975(n - 1);
}

/** Mean and standard error of independent observations (replications). */
export function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0);
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

/**
 * Asserts that an estimate agrees with the theoretical value within k standard errors, and that
 * the estimate is precise enough to mean something (its standard error below maxRelSe of expected).
 */
export function expectNear(observed: number, se: number, expected: number, k = 4, maxRelSe = 0.02): void {
  expect(se).toBeLessThan(Math.abs(expected) * maxRelSe);
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(k * se);
}

/** First and second moments of the successful-request latency histogram, seconds and seconds². */
export function latencyMoments(r: SimulationResult): {
  mean: number;
  secondMoment: number;
  variance: number;
} {
  const b = r.latencyHistogram.bins;
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < b.length; i += 2) {
    const v = binValue(b[i] as number);
    const c = b[i + 1] as number;
    n += c;
    s1 += c * v;
    s2 += c * v * v;
  }
  const mean = s1 / n;
  return { mean, secondMoment: s2 / n, variance: s2 / n - mean * mean };
}
