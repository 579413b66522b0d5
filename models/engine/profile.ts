/** Arrival-rate profiles: piecewise-linear segments times an optional sinusoid (diurnal). */
import type { RateProfile, RateSegment } from './model.js';

/** Rate at time t, requests/s. */
export function rateAt(p: RateProfile, t: number): number {
  const segs = p.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segs[mid] as RateSegment).startS <= t) lo = mid;
    else hi = mid - 1;
  }
  const s = segs[lo] as RateSegment;
  const next = segs[lo + 1];
  let r = s.fromRps;
  if (next !== undefined && next.startS > s.startS && s.toRps !== s.fromRps) {
    const f = Math.min(1, Math.max(0, (t - s.startS) / (next.startS - s.startS)));
    r = s.fromRps + (s.toRps - s.fromRps) * f;
  } else if (next === undefined) {
    r = s.toRps;
  }
  if (p.amplitude !== 0) r *= 1 + p.amplitude * Math.sin((2 * Math.PI * t) / p.periodS + p.phase);
  return r > 0 ? r : 0;
}

/** Builds a profile from segments; computes the thinning bound. */
export function makeProfile(segments: RateSegment[], amplitude = 0, periodS = 86400, phase = 0): RateProfile {
  if (segments.length === 0) throw new Error('rate profile: need at least one segment');
  for (const s of segments) {
    if (!(s.fromRps >= 0 && s.toRps >= 0 && Number.isFinite(s.fromRps) && Number.isFinite(s.toRps)))
      throw new Error('rate profile: rates must be finite and >= 0');
  }
  for (let i = 1; i < segments.length; i++) {
    if (!((segments[i] as RateSegment).startS >= (segments[i - 1] as RateSegment).startS))
      throw new Error('rate profile: segments must be in time order');
  }
  if (!(amplitude >= 0 && amplitude <= 1)) throw new Error('rate profile: amplitude must be in [0, 1]');
  if (amplitude > 0 && !(periodS > 0)) throw new Error('rate profile: period must be > 0');
  let max = 0;
  for (const s of segments) max = Math.max(max, s.fromRps, s.toRps);
  const constant = amplitude === 0 && segments.every((s) => s.fromRps === max && s.toRps === max);
  return { segments, amplitude, periodS, phase, maxRps: max * (1 + amplitude), constant };
}
