/** Arrival processes (on-off, MMPP) and load profiles (ramp, step, spike, diurnal, piecewise) against their definitions. */
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../models/index.js';
import { expectNear, meanSe, topology } from './coverage-helpers.js';

/** A source of `rateRps` with the given arrivals into a zero-latency sink. */
function open(rateRps: number, arrivals?: Record<string, unknown>, scenario?: Record<string, unknown>) {
  return topology(
    {
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps, ...(arrivals ? { arrivals } : {}) },
        endpoints: [{ id: 'req', name: 'Request', weight: 1, to: 'sink' }],
      },
      sink: { kind: 'external', name: 'Sink', latencyMs: { type: 'constant', valueMs: 0 } },
    },
    scenario,
  );
}

/** Arrivals per window (warm-up windows dropped). */
function counts(r: SimulationResult): number[] {
  return r.windows.filter((w) => w.startS >= r.warmupS).map((w) => w.offeredRps * (w.endS - w.startS));
}

/** Sample variance. */
function variance(xs: readonly number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1);
}

/** Mean and variance of the window counts with standard errors from 10 consecutive groups of windows. */
function countMoments(xs: readonly number[]) {
  const k = 10;
  const size = Math.floor(xs.length / k);
  const groups = Array.from({ length: k }, (_, i) => xs.slice(i * size, (i + 1) * size));
  return {
    mean: meanSe(groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length)),
    variance: meanSe(groups.map(variance)),
  };
}

/**
 * Variance of the count in a window W of a Poisson process modulated by a two-state Markov chain
 * with rates r1, r2 and mean sojourns d1, d2: λW + 2·Var(R)·(W/γ − (1 − e^{−γW})/γ²), γ = 1/d1 + 1/d2.
 */
function mmpp2CountVariance(r1: number, r2: number, d1: number, d2: number, w: number): number {
  const p = d1 / (d1 + d2);
  const lambda = p * r1 + (1 - p) * r2;
  const varR = (r1 - r2) * (r1 - r2) * p * (1 - p);
  const g = 1 / d1 + 1 / d2;
  return lambda * w + 2 * varR * (w / g - (1 - Math.exp(-g * w)) / (g * g));
}

describe('bursty arrivals', () => {
  it('on-off: the long-run rate is rateRps and window counts have the interrupted-Poisson variance', () => {
    const rate = 100;
    const r = simulate(
      open(rate, {
        type: 'onOff',
        onMs: { type: 'exponential', meanMs: 100 },
        offMs: { type: 'exponential', meanMs: 100 },
      }),
      { seed: 4, durationS: 1010, warmupS: 10 },
    );
    const m = countMoments(counts(r));
    expectNear(m.mean.mean, m.mean.se, rate, 4, 0.02);
    // ON at rate·(E[on]+E[off])/E[on] = 200/s, OFF silent
    const expected = mmpp2CountVariance(200, 0, 0.1, 0.1, 1);
    expect(expected).toBeGreaterThan(5 * rate);
    expectNear(m.variance.mean, m.variance.se, expected, 4, 0.06);
  });

  it('two-state MMPP: factors are scaled to the long-run rate; counts have the MMPP variance', () => {
    const rate = 200;
    const r = simulate(
      open(rate, {
        type: 'mmpp',
        states: [
          { rateFactor: 1, meanDurationMs: 400 },
          { rateFactor: 4, meanDurationMs: 100 },
        ],
      }),
      { seed: 9, durationS: 1010, warmupS: 10 },
    );
    // stationary mean of the factors: (1·0.4 + 4·0.1)/0.5 = 1.6, so the rates are 125/s and 500/s
    const m = countMoments(counts(r));
    expectNear(m.mean.mean, m.mean.se, rate, 4, 0.02);
    expectNear(m.variance.mean, m.variance.se, mmpp2CountVariance(125, 500, 0.4, 0.1, 1), 4, 0.06);
  });

  it('MMPP with three states: the mean rate is rateRps whatever the factors and durations', () => {
    const rate = 150;
    const r = simulate(
      open(rate, {
        type: 'mmpp',
        states: [
          { rateFactor: 1, meanDurationMs: 20 },
          { rateFactor: 6, meanDurationMs: 5 },
          { rateFactor: 0.1, meanDurationMs: 50 },
        ],
      }),
      { seed: 12, durationS: 810, warmupS: 10 },
    );
    const m = countMoments(counts(r));
    expectNear(m.mean.mean, m.mean.se, rate, 4, 0.02);
    // overdispersed against Poisson (variance = mean)
    expect(m.variance.mean - 4 * m.variance.se).toBeGreaterThan(1.5 * rate);
  });

  it('Poisson arrivals (the default) have window counts with variance equal to the mean', () => {
    const r = simulate(open(100), { seed: 2, durationS: 1000 });
    const m = countMoments(counts(r));
    expectNear(m.mean.mean, m.mean.se, 100, 4, 0.02);
    expectNear(m.variance.mean, m.variance.se, 100, 4, 0.06);
  });
});

describe('load profiles', () => {
  const base = 200;
  const windowS = 10;

  /** Checks every window's arrivals against ∫ base·loadFactor·f(t) dt over the window (Poisson counts). */
  function followsProfile(profile: Record<string, unknown>, f: (t: number) => number, loadFactor = 1) {
    const durationS = 300;
    const r = simulate(open(base, undefined, { durationS, loadFactor, profile }), {
      seed: 17,
      windowS,
    });
    expect(r.windows.length).toBe(durationS / windowS);
    let chi2 = 0;
    for (const w of r.windows) {
      const steps = 2000;
      const h = (w.endS - w.startS) / steps;
      let integral = 0;
      for (let i = 0; i < steps; i++) integral += f(w.startS + (i + 0.5) * h) * h;
      const expected = base * loadFactor * integral;
      const observed = w.offeredRps * (w.endS - w.startS);
      expect(Math.abs(observed - expected)).toBeLessThanOrEqual(4.5 * Math.sqrt(Math.max(expected, 1)));
      if (expected > 0) chi2 += ((observed - expected) * (observed - expected)) / expected;
      else expect(observed).toBe(0);
    }
    // Σ (O − E)²/E over n windows has mean n and sd √(2n)
    const n = r.windows.length;
    expect(chi2).toBeLessThan(n + 5 * Math.sqrt(2 * n));
  }

  it('ramp: fromFactor before startS, linear to toFactor at endS, constant after', () => {
    followsProfile({ type: 'ramp', fromFactor: 0.5, toFactor: 3, startS: 50, endS: 200 }, (t) =>
      t < 50 ? 0.5 : t < 200 ? 0.5 + (2.5 * (t - 50)) / 150 : 3,
    );
  });

  it('step: factor 1 before the first step, then each step’s factor; the scenario loadFactor multiplies', () => {
    followsProfile(
      {
        type: 'step',
        steps: [
          { atS: 100, factor: 2 },
          { atS: 200, factor: 0.25 },
        ],
      },
      (t) => (t < 100 ? 1 : t < 200 ? 2 : 0.25),
      1.5,
    );
  });

  it('spike: factor during [atS, atS + durationS), 1 outside', () => {
    followsProfile({ type: 'spike', atS: 120, durationS: 40, factor: 5 }, (t) =>
      t >= 120 && t < 160 ? 5 : 1,
    );
  });

  it('diurnal: a sinusoid between minFactor and maxFactor peaking at peakAtS', () => {
    followsProfile(
      { type: 'diurnal', periodS: 150, minFactor: 0.2, maxFactor: 1.8, peakAtS: 40 },
      (t) => 1 + 0.8 * Math.cos((2 * Math.PI * (t - 40)) / 150),
    );
  });

  it('piecewise: linear between points, constant before the first and after the last', () => {
    followsProfile(
      {
        type: 'piecewise',
        points: [
          { atS: 60, factor: 1 },
          { atS: 120, factor: 0 },
          { atS: 150, factor: 0 },
          { atS: 240, factor: 2.5 },
        ],
      },
      (t) =>
        t < 60 ? 1 : t < 120 ? 1 - (t - 60) / 60 : t < 150 ? 0 : t < 240 ? (2.5 * (t - 150)) / 90 : 2.5,
    );
  });
});
