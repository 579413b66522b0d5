import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { costFromSimulation } from '../../models/cost/index.js';
import { createSimulationFromText } from '../../models/index.js';
import { costSeries } from '../../renderer/src/results/cost-series.js';
import {
  componentRows,
  componentSeries,
  componentsWith,
  figureSeries,
  heatColor,
  heatmapData,
  keyOf,
  scaledPools,
  scaleMarks,
} from '../../renderer/src/results/dashboard-data.js';
import { downsample, MAX_DRAWN_POINTS } from '../../renderer/src/results/downsample.js';
import { overlayPoints } from '../../renderer/src/results/overlay-data.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { parseTopologyText, type Topology } from '../../shared/topology/index.js';

/** Simulates a template for a short time with a seed (deterministic). */
function createRun(template: string, durationS: number, warmupS: number, seed: number): SimulationResult {
  const text = readFileSync(`shared/templates/${template}.headroom.json`, 'utf8');
  const sim = createSimulationFromText(text, { seed, durationS, warmupS });
  while (sim.advance(1_000_000));
  return sim.result();
}

/** A template's design and a short run of it with seed 1. */
function run(
  template: string,
  durationS: number,
  warmupS: number,
): { topology: Topology; result: SimulationResult } {
  const parsed = parseTopologyText(readFileSync(`shared/templates/${template}.headroom.json`, 'utf8'));
  if (!parsed.ok) throw new Error('template does not parse');
  return { topology: parsed.topology, result: createRun(template, durationS, warmupS, 1) };
}

describe('downsample', () => {
  const points = Array.from({ length: 1000 }, (_, i) => ({ startS: i, a: i % 10 === 0 ? 100 : 1, b: i }));

  it('leaves short series alone', () => {
    expect(downsample(points.slice(0, 600), 600)).toEqual(
      points.slice(0, 600).map((p) => ({ ...p, spanS: 1 })),
    );
  });

  it('merges long series into at most maxPoints buckets covering the whole time', () => {
    const out = downsample(points, 600, { a: 'max' });
    expect(out.length).toBeLessThanOrEqual(600);
    expect(out.length).toBe(500);
    expect(out[0]).toMatchObject({ startS: 0, spanS: 2, a: 100, b: 0.5 });
    const last = out[out.length - 1];
    expect((last?.startS ?? 0) + (last?.spanS ?? 0)).toBe(1000);
  });

  it('keeps spikes with max and averages with mean; null when a bucket has no value', () => {
    const withGaps = Array.from({ length: 9 }, (_, i) => ({ startS: i, v: i < 3 ? null : i }));
    const max = downsample(withGaps, 3, { v: 'max' });
    const mean = downsample(withGaps, 3);
    expect(max.map((p) => p.v)).toEqual([null, 5, 8]);
    expect(mean.map((p) => p.v)).toEqual([null, 4, 7]);
  });
});

describe('scale marks from instance counts', () => {
  it('marks a rise as scale-out and a fall as scale-in, between the windows where the total changed', () => {
    const pts = [
      { startS: 0, serving: 2, warming: 0 },
      { startS: 1, serving: 2, warming: 1 },
      { startS: 2, serving: 3, warming: 0 },
      { startS: 3, serving: 3, warming: 0 },
      { startS: 4, serving: 1, warming: 0 },
    ];
    expect(scaleMarks(pts)).toEqual([
      { atS: 1, endS: 2, from: 2, to: 3, direction: 'out' },
      { atS: 4, endS: 5, from: 3, to: 1, direction: 'in' },
    ]);
  });

  it('has no marks for a fixed pool or a component without instances', () => {
    expect(
      scaleMarks([
        { startS: 0, serving: 4, warming: 0 },
        { startS: 1, serving: 4, warming: 0 },
      ]),
    ).toEqual([]);
    expect(scaleMarks([{ startS: 0, serving: null, warming: null }])).toEqual([]);
  });
});

describe('heatmap colour', () => {
  it('goes from the panel grey through amber to red, clamped, and marks missing values', () => {
    expect(heatColor(0)).toBe('color-mix(in srgb, var(--warm) 0.0%, var(--panel-2))');
    expect(heatColor(0.3)).toBe('color-mix(in srgb, var(--warm) 50.0%, var(--panel-2))');
    expect(heatColor(0.8)).toBe('color-mix(in srgb, var(--hot) 50.0%, var(--warm))');
    expect(heatColor(1.7)).toBe(heatColor(1));
    expect(heatColor(null)).toBe('var(--panel)');
  });
});

describe('dashboard data of a simulated run (write-heavy orders: autoscaled workers behind a queue)', () => {
  let topology: Topology;
  let result: SimulationResult;
  beforeAll(() => {
    ({ topology, result } = run('write-heavy-orders', 200, 20));
  });

  it('charts the autoscaled pool, with a scale-out derived from its counts', () => {
    expect(scaledPools(result, topology)).toEqual(['fulfilment']);
    const series = componentSeries(result, 'fulfilment');
    expect(series).toHaveLength(200);
    const marks = scaleMarks(series);
    expect(marks.length).toBeGreaterThan(0);
    const first = marks[0];
    expect(first?.direction).toBe('out');
    // The mark sits where serving + warming first differs from the previous window.
    const i = series.findIndex((p) => p.startS === first?.atS);
    const total = (k: number) => (series[k]?.serving ?? 0) + (series[k]?.warming ?? 0);
    expect(total(i)).toBeGreaterThan(total(i - 1));
    expect(total(i - 1)).toBe(total(0));
  });

  it('finds the queue by its depth figure and no cache', () => {
    expect(componentsWith(result, 'queueDepthMean')).toEqual(['events']);
    expect(componentsWith(result, 'hitRatio')).toEqual([]);
    const depth = figureSeries(result, ['events'], 'queueDepthMean');
    expect(depth[10]?.[keyOf('events')]).toBe(
      result.windows[10]?.components.find((c) => c.id === 'events')?.queueDepthMean,
    );
    // Consumer lag counts the messages the workers hold too, so it is positive while the depth can be 0.
    expect(componentsWith(result, 'consumerLagMean')).toEqual(['events']);
    const lag = figureSeries(result, ['events'], 'consumerLagMean');
    expect(lag[10]?.[keyOf('events')]).toBe(
      result.windows[10]?.components.find((c) => c.id === 'events')?.consumerLagMean,
    );
    expect(lag[10]?.[keyOf('events')]).toBeGreaterThan(0);
  });

  it('builds heatmap cells per component and window, merging windows into at most maxCols columns', () => {
    const full = heatmapData(result, 600);
    expect(full.rows).toContain('fulfilment');
    expect(full.rows).not.toContain('events');
    expect(full.cols).toHaveLength(200);
    expect(full.cells).toHaveLength(200 * full.rows.length);
    const cell = full.cells.find((c) => c.id === 'fulfilment' && c.col === 50);
    expect(cell?.value).toBe(result.windows[50]?.components.find((c) => c.id === 'fulfilment')?.utilization);
    const merged = heatmapData(result, 60);
    expect(merged.cols).toHaveLength(50);
    const m = merged.cells.find((c) => c.id === 'fulfilment' && c.col === 0);
    const firstFour = result.windows
      .slice(0, 4)
      .map((w) => w.components.find((c) => c.id === 'fulfilment')?.utilization ?? 0);
    expect(m?.windows).toBe(4);
    expect(m?.value).toBeCloseTo(firstFour.reduce((a, b) => a + b, 0) / 4, 12);
  });

  it('lists every component in the table with names from the design', () => {
    const rows = componentRows(result, topology);
    expect(rows.map((r) => r.id).sort()).toEqual(
      Object.keys(topology.components)
        .filter((id) => topology.components[id]?.kind !== 'autoscaler')
        .sort(),
    );
    const f = rows.find((r) => r.id === 'fulfilment');
    expect(f?.name).toBe(topology.components.fulfilment?.name);
    expect(f?.instances).toBeGreaterThan(4);
  });

  it('spreads the run cost over the windows so the measured windows add up to the run total', () => {
    const s = costSeries(topology, result);
    const total = costFromSimulation(topology, result);
    expect(s.total.perMonth).toBeCloseTo(total.perMonth, 9);
    expect(s.points).toHaveLength(200);
    const measured = s.bucketUsd.filter((_, i) => s.measured[i]);
    expect(measured).toHaveLength(180);
    expect(measured.reduce((a, b) => a + b, 0)).toBeCloseTo(total.totalUsd, 6);
    // Per-component USD/h add up to the window's total; the workers' share rises after the scale-out.
    const p = s.points[100];
    const sum = Object.keys(topology.components).reduce((a, id) => a + (p?.[keyOf(id)] ?? 0), 0);
    expect(sum).toBeCloseTo(p?.totalPerHour ?? NaN, 9);
    const before = s.points[5]?.[keyOf('fulfilment')] ?? 0;
    const after = s.points[190]?.[keyOf('fulfilment')] ?? 0;
    expect(after).toBeGreaterThan(before);
  });
});

describe('cost over time in buckets', () => {
  it('prices buckets of windows that never span the end of the warm-up, still adding up to the run total', () => {
    const { topology, result } = run('write-heavy-orders', 200, 25);
    const s = costSeries(topology, result, undefined, 20);
    expect(s.points.length).toBeLessThanOrEqual(21);
    s.points.forEach((p, i) => {
      const inWarmup = p.startS + p.spanS <= result.warmupS;
      expect(inWarmup || p.startS >= result.warmupS).toBe(true);
      expect(s.measured[i]).toBe(!inWarmup);
    });
    const last = s.points[s.points.length - 1];
    expect((last?.startS ?? 0) + (last?.spanS ?? 0)).toBe(200);
    const sum = s.bucketUsd.filter((_, i) => s.measured[i]).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(s.total.totalUsd, 6);
  });
});

describe('dashboard data of a run with caches (read-heavy catalog)', () => {
  it('finds the key-model cache and gives hit ratios in percent (a fixed-ratio CDN has no per-window figure)', () => {
    const { result } = run('read-heavy-catalog', 8, 2);
    const caches = componentsWith(result, 'hitRatio');
    expect(caches).toEqual(['redis']);
    const pts = figureSeries(result, caches, 'hitRatio', 100);
    const v = pts[5]?.[keyOf('redis')];
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThanOrEqual(100);
    expect(componentsWith(result, 'queueDepthMean')).toEqual([]);
  });
});

/** A long run made of a short one's windows repeated `times` over (the shape of a day-long run). */
function repeated(result: SimulationResult, times: number): SimulationResult {
  const span = result.durationS;
  const windows = Array.from({ length: times }, (_, k) =>
    result.windows.map((w) => ({
      ...w,
      index: w.index + k * result.windows.length,
      startS: w.startS + k * span,
      endS: w.endS + k * span,
    })),
  ).flat();
  return { ...result, durationS: span * times, measuredS: span * times - result.warmupS, windows };
}

describe('two runs overlaid', () => {
  let a: SimulationResult;
  let b: SimulationResult;
  beforeAll(() => {
    a = run('single-service-db', 30, 5).result;
    b = createRun('single-service-db', 20, 5, 2);
  });

  it('matches windows by start time, in ms and req/s, leaving the shorter run empty at the end', () => {
    const pts = overlayPoints(a, b);
    expect(pts).toHaveLength(30);
    expect(pts[3]?.p99MsA).toBeCloseTo((a.windows[3]?.latency.p99S ?? NaN) * 1000, 9);
    expect(pts[3]?.p99MsB).toBeCloseTo((b.windows[3]?.latency.p99S ?? NaN) * 1000, 9);
    expect(pts[3]?.throughputB).toBe(b.windows[3]?.throughputRps);
    expect(pts[25]?.throughputA).toBe(a.windows[25]?.throughputRps);
    expect(pts[25]?.throughputB).toBeNull();
    expect(pts[25]?.p99MsB).toBeNull();
  });

  it('merges windows of long runs, keeping the worst p99 of each bucket', () => {
    const pts = overlayPoints(a, b, 10);
    expect(pts).toHaveLength(10);
    const worst = Math.max(...a.windows.slice(0, 3).map((w) => (w.latency.p99S ?? 0) * 1000));
    expect(pts[0]?.p99MsA).toBeCloseTo(worst, 9);
    expect(pts[0]).toMatchObject({ startS: 0, spanS: 3 });
  });
});

describe('a long run (36,000 windows) stays bounded for drawing', () => {
  it('caps heatmap columns and drawn points, and the cost still adds up', () => {
    const { topology, result: short } = run('write-heavy-orders', 120, 20);
    const long = repeated(short, 300);
    expect(long.windows).toHaveLength(36_000);
    const heat = heatmapData(long, MAX_DRAWN_POINTS);
    expect(heat.cols.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS);
    expect(heat.cols[heat.cols.length - 1]?.endS).toBe(long.durationS);
    expect(heat.cells).toHaveLength(heat.cols.length * heat.rows.length);
    const drawn = downsample(componentSeries(long, 'fulfilment'), MAX_DRAWN_POINTS, { queueDepth: 'max' });
    expect(drawn.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS);
    expect(overlayPoints(long, short).length).toBeLessThanOrEqual(MAX_DRAWN_POINTS);
    const s = costSeries(topology, long, undefined, MAX_DRAWN_POINTS);
    expect(s.points.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS + 1);
    const measured = s.bucketUsd.filter((_, i) => s.measured[i]);
    expect(measured.reduce((x, y) => x + y, 0)).toBeCloseTo(s.total.totalUsd, 4);
  });
});
