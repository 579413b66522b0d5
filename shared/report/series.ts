/** Time series for charts: long runs are grouped into buckets so a chart stays a few hundred points. */
import type { ErrorCounts, WindowStats } from '../results/index.js';

/** Most points a time chart draws. */
export const MAX_CHART_POINTS = 600;

/** Windows grouped for a chart: latency percentiles are the highest in the bucket (spikes stay visible), rates the mean, error counts the sum. */
export interface SeriesBucket {
  startS: number;
  p50S: number | null;
  p95S: number | null;
  p99S: number | null;
  offeredRps: number;
  throughputRps: number;
  errorRps: number;
  errors: ErrorCounts;
}

const maxOf = (xs: (number | null)[]): number | null => {
  let m: number | null = null;
  for (const x of xs) if (x !== null && (m === null || x > m)) m = x;
  return m;
};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Groups consecutive windows, `size` per bucket, so that there are at most `maxPoints` buckets. */
export function bucketWindows(
  windows: readonly WindowStats[],
  maxPoints = MAX_CHART_POINTS,
): { size: number; buckets: SeriesBucket[] } {
  const size = Math.max(1, Math.ceil(windows.length / maxPoints));
  const buckets: SeriesBucket[] = [];
  for (let i = 0; i < windows.length; i += size) {
    const g = windows.slice(i, i + size);
    const sum = (f: (e: ErrorCounts) => number) => g.reduce((a, w) => a + f(w.errors), 0);
    buckets.push({
      startS: (g[0] as WindowStats).startS,
      p50S: maxOf(g.map((w) => w.latency.p50S)),
      p95S: maxOf(g.map((w) => w.latency.p95S)),
      p99S: maxOf(g.map((w) => w.latency.p99S)),
      offeredRps: mean(g.map((w) => w.offeredRps)),
      throughputRps: mean(g.map((w) => w.throughputRps)),
      errorRps: mean(g.map((w) => w.errorRps)),
      errors: {
        rateLimited: sum((e) => e.rateLimited),
        rejected: sum((e) => e.rejected),
        timeout: sum((e) => e.timeout),
        failed: sum((e) => e.failed),
        circuitOpen: sum((e) => e.circuitOpen),
      },
    });
  }
  return { size, buckets };
}

/** Every `size`-th point of a series, keeping the highest value of each group (instances, etc.). */
export function bucketPoints<T extends { tS: number }>(
  points: readonly T[],
  pick: (p: T) => number,
  size: number,
): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < points.length; i += size) {
    const g = points.slice(i, i + size);
    out.push([(g[0] as T).tS, Math.max(...g.map(pick))]);
  }
  return out;
}
