/**
 * Downsampling of window series for drawing: a long run has thousands of windows, a chart a few
 * hundred pixels. Consecutive windows are merged into buckets; each value is the mean or the max of
 * the bucket's values (max keeps latency spikes visible). Pure.
 */

/** Most points a chart draws per series before it merges windows. */
export const MAX_DRAWN_POINTS = 600;

/** A window of a series: start (s), optional length (s, default 1) and named values (null when undefined). */
export type SeriesPoint = { startS: number; spanS?: number } & Record<string, number | null | undefined>;

/** How a bucket combines the values of its windows. */
export type Reduce = 'mean' | 'max';

/** Length of a point in seconds (1 s windows when the point does not say). */
export const spanOf = (p: { spanS?: number }): number => p.spanS ?? 1;

/**
 * Merges consecutive points into at most `maxPoints` buckets of equal window count. A bucket starts
 * at its first window, spans to the end of its last, and holds per key the mean or max (per
 * `reduce`, default mean) of its non-null values, or null when it has none. Points are returned
 * as they are (with their span) when there are no more than `maxPoints`.
 */
export function downsample<T extends SeriesPoint>(
  points: readonly T[],
  maxPoints: number = MAX_DRAWN_POINTS,
  reduce: Readonly<Record<string, Reduce>> = {},
): Array<T & { spanS: number }> {
  if (points.length <= maxPoints || maxPoints < 1) return points.map((p) => ({ ...p, spanS: spanOf(p) }));
  const size = Math.ceil(points.length / maxPoints);
  const keys = new Set<string>();
  for (const p of points) for (const k of Object.keys(p)) if (k !== 'startS' && k !== 'spanS') keys.add(k);
  const out: Array<T & { spanS: number }> = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    const first = bucket[0] as T;
    const last = bucket[bucket.length - 1] as T;
    const merged: Record<string, number | null> = {
      startS: first.startS,
      spanS: last.startS + spanOf(last) - first.startS,
    };
    for (const k of keys) {
      let n = 0;
      let sum = 0;
      let max = -Infinity;
      for (const p of bucket) {
        const v = p[k];
        if (typeof v !== 'number' || Number.isNaN(v)) continue;
        n++;
        sum += v;
        if (v > max) max = v;
      }
      merged[k] = n === 0 ? null : reduce[k] === 'max' ? max : sum / n;
    }
    out.push(merged as T & { spanS: number });
  }
  return out;
}
