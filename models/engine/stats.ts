/** Confidence intervals: Student t over independent replications or batch means. */

const T975 = [
  NaN,
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

/** t quantile 0.975 with `df` degrees of freedom (table to 30, then the Cornish–Fisher expansion). */
export function t975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[df] as number;
  const z = 1.959963984540054;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

export interface MeanCi {
  mean: number;
  /** Half-width of the 95% interval (NaN with fewer than 2 values). */
  halfWidth: number;
  lo: number;
  hi: number;
  n: number;
}

/** Mean and 95% CI of independent (or batch) values. */
export function meanCi(values: readonly number[]): MeanCi {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, halfWidth: NaN, lo: NaN, hi: NaN, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, halfWidth: NaN, lo: NaN, hi: NaN, n };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const halfWidth = (t975(n - 1) * sd) / Math.sqrt(n);
  return { mean, halfWidth, lo: mean - halfWidth, hi: mean + halfWidth, n };
}

/**
 * 95% interval of a latency percentile estimated from pooled data (the merged histogram): centred
 * on the pooled estimate `point`, with the Student-t half-width of the per-replication (or
 * per-batch) estimates, and its lower end clamped at 0. It contains the point by construction and
 * never goes negative; null with fewer than 2 finite estimates or no point.
 */
export function percentileCi(values: readonly number[], point: number | null): [number, number] | null {
  if (point === null || !Number.isFinite(point)) return null;
  const m = meanCi(values);
  if (!Number.isFinite(m.halfWidth)) return null;
  return [Math.max(0, point - m.halfWidth), point + m.halfWidth];
}
