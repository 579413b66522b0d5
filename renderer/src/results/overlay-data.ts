/** Data of two runs overlaid on one time axis (History). Pure. */
import type { SimulationResult } from '../../../shared/results/index.js';
import { downsample, MAX_DRAWN_POINTS } from './downsample.js';

/** One window of both runs: p99 (ms) and throughput (req/s); null where a run has no such window. */
export interface OverlayPoint {
  [key: string]: number | null;
  startS: number;
  spanS: number;
  p99MsA: number | null;
  p99MsB: number | null;
  throughputA: number | null;
  throughputB: number | null;
}

/**
 * The windows of two runs matched by start time (runs of different lengths leave the shorter one's
 * tail empty), downsampled for drawing: p99 as the max of merged windows, throughput as the mean.
 */
export function overlayPoints(
  a: SimulationResult,
  b: SimulationResult,
  maxPoints: number = MAX_DRAWN_POINTS,
): OverlayPoint[] {
  const byStart = new Map<number, OverlayPoint>();
  const at = (startS: number, spanS: number): OverlayPoint => {
    let p = byStart.get(startS);
    if (!p) {
      p = { startS, spanS, p99MsA: null, p99MsB: null, throughputA: null, throughputB: null };
      byStart.set(startS, p);
    }
    return p;
  };
  for (const w of a.windows) {
    const p = at(w.startS, w.endS - w.startS);
    p.p99MsA = w.latency.p99S === null ? null : w.latency.p99S * 1000;
    p.throughputA = w.throughputRps;
  }
  for (const w of b.windows) {
    const p = at(w.startS, w.endS - w.startS);
    p.p99MsB = w.latency.p99S === null ? null : w.latency.p99S * 1000;
    p.throughputB = w.throughputRps;
  }
  const points = [...byStart.values()].sort((x, y) => x.startS - y.startS);
  return downsample(points, maxPoints, { p99MsA: 'max', p99MsB: 'max' });
}
