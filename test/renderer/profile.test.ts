import { describe, expect, it } from 'vitest';
import { failureSpans, profileCurve } from '../../renderer/src/inspector/profile.js';
import type { Scenario } from '../../shared/topology/index.js';

const at = (curve: { t: number; factor: number }[] | null, t: number) =>
  curve?.find((p) => Math.abs(p.t - t) < 1e-9)?.factor;

describe('scenario profile chart data', () => {
  it('a ramp rises linearly between its start and end, times the load factor', () => {
    const s: Scenario = {
      name: 'r',
      durationS: 2000,
      loadFactor: 2,
      profile: { type: 'ramp', fromFactor: 1, toFactor: 4, startS: 400, endS: 1600 },
    };
    const c = profileCurve(s, 20);
    expect(at(c, 0)).toBeCloseTo(2, 9);
    expect(at(c, 1000)).toBeCloseTo(2 * 2.5, 9);
    expect(at(c, 2000)).toBeCloseTo(8, 9);
  });

  it('a spike with ramps rises, holds and falls back to 1', () => {
    const s: Scenario = {
      name: 's',
      durationS: 100,
      profile: { type: 'spike', atS: 20, durationS: 40, factor: 3, rampS: 10 },
    };
    const c = profileCurve(s, 100);
    expect(at(c, 10)).toBeCloseTo(1, 9);
    expect(at(c, 25)).toBeCloseTo(2, 9);
    expect(at(c, 50)).toBeCloseTo(3, 9);
    expect(at(c, 75)).toBeCloseTo(2, 9);
    expect(at(c, 90)).toBeCloseTo(1, 9);
  });

  it('a diurnal profile peaks at its peak time', () => {
    const s: Scenario = {
      name: 'd',
      durationS: 86400,
      profile: { type: 'diurnal', minFactor: 0.5, maxFactor: 1.5, peakAtS: 43200 },
    };
    const c = profileCurve(s, 24);
    expect(at(c, 43200)).toBeCloseTo(1.5, 6);
    expect(at(c, 0)).toBeCloseTo(0.5, 6);
  });

  it('failures become spans; instant ones have no length', () => {
    const s: Scenario = {
      name: 'f',
      durationS: 900,
      failures: [
        { type: 'killZone', atS: 300, durationS: 300, zone: 'us-east-1a' },
        { type: 'flushCache', atS: 400, target: 'cache' },
        { type: 'slowdown', atS: 100, target: 'db', factor: 3 },
      ],
    };
    expect(failureSpans(s)).toEqual([
      { startS: 300, endS: 600, label: 'killZone us-east-1a' },
      { startS: 400, endS: 400, label: 'flushCache cache' },
      { startS: 100, endS: 900, label: 'slowdown db' },
    ]);
  });
});
