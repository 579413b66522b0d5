/**
 * Data shaping for the results dashboard: per-component series, autoscaling marks, the
 * utilization heatmap and the per-component table, from a finished run's result. Pure (no DOM).
 */
import type { ComponentWindow, SimulationResult, WindowStats } from '../../../shared/results/index.js';
import type { Topology } from '../../../shared/topology/index.js';

/** Series key of a component id in multi-component charts (prefixed so no id can clash with startS). */
export const keyOf = (id: string): string => `c:${id}`;

/** One window of one component. */
export interface ComponentPoint {
  [key: string]: number | null;
  startS: number;
  /** Window length, seconds. */
  spanS: number;
  /** Busy fraction of the CPU servers, in percent (null for non-stations). */
  utilizationPct: number | null;
  /** Visits completed per second. */
  throughputRps: number;
  /** Time-average visits waiting for a worker or a core. */
  meanQueueLength: number;
  /** Instances serving / warming at the end of the window (null when the pool's size is fixed). */
  serving: number | null;
  warming: number | null;
  /** Cache lookups that hit, in percent (null when not a cache or no lookups). */
  hitRatioPct: number | null;
  /** Time-average messages waiting in a queue (null when not a queue). */
  queueDepth: number | null;
}

const windowOf = (w: WindowStats, id: string): ComponentWindow | undefined =>
  w.components.find((c) => c.id === id);

/** The windows of one component, in time order. */
export function componentSeries(result: SimulationResult, id: string): ComponentPoint[] {
  const out: ComponentPoint[] = [];
  for (const w of result.windows) {
    const c = windowOf(w, id);
    if (!c) continue;
    out.push({
      startS: w.startS,
      spanS: w.endS - w.startS,
      utilizationPct: c.utilization === null ? null : c.utilization * 100,
      throughputRps: c.throughputRps,
      meanQueueLength: c.meanQueueLength,
      serving: c.instances?.serving ?? null,
      warming: c.instances?.warming ?? null,
      hitRatioPct: c.hitRatio === undefined || c.hitRatio === null ? null : c.hitRatio * 100,
      queueDepth: c.queueDepthMean ?? null,
    });
  }
  return out;
}

/** A change of a pool's size between two windows. */
export interface ScaleMark {
  /** Start and end of the window in which the size changed, seconds. */
  atS: number;
  endS: number;
  /** Instances (serving + warming) at the end of the previous window and of this one. */
  from: number;
  to: number;
  direction: 'out' | 'in';
}

/**
 * Scale-out and scale-in marks of a pool. The engine's result carries no list of autoscaler
 * decisions, so they are derived here from the instance counts (serving + warming) at the end of
 * consecutive windows: a rise is a scale-out, a fall a scale-in (a killed instance reads as a fall
 * too). Changes that cancel out within one window do not show.
 */
export function scaleMarks(
  points: readonly { startS: number; spanS?: number; serving: number | null; warming: number | null }[],
): ScaleMark[] {
  const marks: ScaleMark[] = [];
  let prev: number | null = null;
  for (const p of points) {
    if (p.serving === null) continue;
    const total = p.serving + (p.warming ?? 0);
    if (prev !== null && total !== prev)
      marks.push({
        atS: p.startS,
        endS: p.startS + (p.spanS ?? 1),
        from: prev,
        to: total,
        direction: total > prev ? 'out' : 'in',
      });
    prev = total;
  }
  return marks;
}

/** Ids of the components an autoscaler of the design drives. */
function autoscaled(topology: Topology | null): Set<string> {
  const ids = new Set<string>();
  for (const c of Object.values(topology?.components ?? {})) if (c.kind === 'autoscaler') ids.add(c.target);
  return ids;
}

/**
 * Pools to chart instances for: those an autoscaler drives, and any other whose size changes during
 * the run (serverless, killed instances), in the result's component order.
 */
export function scaledPools(result: SimulationResult, topology: Topology | null): string[] {
  const targets = autoscaled(topology);
  const out: string[] = [];
  for (const c of result.components) {
    let seen = false;
    let first: number | null = null;
    let changes = false;
    for (const w of result.windows) {
      const inst = windowOf(w, c.id)?.instances;
      if (!inst) continue;
      seen = true;
      const total = inst.serving + inst.warming;
      if (first === null) first = total;
      else if (total !== first || inst.max !== total) changes = true;
      if (changes) break;
    }
    if (seen && (targets.has(c.id) || changes)) out.push(c.id);
  }
  return out;
}

/** A per-window figure some components carry: hit ratio (caches), queue depth and consumer lag (queues). */
export type ComponentFigure = 'hitRatio' | 'queueDepthMean' | 'consumerLagMean';

/** Components whose windows carry a figure, in result order. */
export function componentsWith(result: SimulationResult, figure: ComponentFigure): string[] {
  const first = result.windows[0];
  if (!first) return [];
  return first.components.filter((c) => c[figure] !== undefined).map((c) => c.id);
}

/** One point per window with a figure of several components, keyed by keyOf(id); `scale` multiplies (100 for percent). */
export function figureSeries(
  result: SimulationResult,
  ids: readonly string[],
  figure: ComponentFigure | 'utilization' | 'throughputRps',
  scale = 1,
): Array<{ startS: number; spanS: number } & Record<string, number | null>> {
  return result.windows.map((w) => {
    const p: { startS: number; spanS: number } & Record<string, number | null> = {
      startS: w.startS,
      spanS: w.endS - w.startS,
    };
    for (const id of ids) {
      const v = windowOf(w, id)?.[figure];
      p[keyOf(id)] = v === undefined || v === null ? null : v * scale;
    }
    return p;
  });
}

/** One cell of the utilization heatmap: a component over one or more merged windows. */
export interface HeatCell {
  row: number;
  col: number;
  id: string;
  startS: number;
  endS: number;
  /** Mean utilization (busy fraction) of the merged windows; null when none had one. */
  value: number | null;
  /** Windows merged into the cell. */
  windows: number;
}

export interface HeatmapData {
  /** Component ids, one per row (those with a utilization in some window). */
  rows: string[];
  /** Column spans, seconds. */
  cols: { startS: number; endS: number }[];
  cells: HeatCell[];
}

/**
 * Components × windows of utilization. With more windows than `maxCols`, consecutive windows merge
 * into one column (the mean of their non-null values), so a long run still draws fast.
 */
export function heatmapData(result: SimulationResult, maxCols: number): HeatmapData {
  const windows = result.windows;
  const rows = result.components
    .map((c) => c.id)
    .filter((id) => windows.some((w) => (windowOf(w, id)?.utilization ?? null) !== null));
  const size = Math.max(1, Math.ceil(windows.length / Math.max(1, maxCols)));
  const cols: HeatmapData['cols'] = [];
  const cells: HeatCell[] = [];
  for (let i = 0, col = 0; i < windows.length; i += size, col++) {
    const bucket = windows.slice(i, i + size);
    const first = bucket[0] as WindowStats;
    const last = bucket[bucket.length - 1] as WindowStats;
    cols.push({ startS: first.startS, endS: last.endS });
    rows.forEach((id, row) => {
      let n = 0;
      let sum = 0;
      for (const w of bucket) {
        const u = windowOf(w, id)?.utilization ?? null;
        if (u !== null) {
          n++;
          sum += u;
        }
      }
      cells.push({
        row,
        col,
        id,
        startS: first.startS,
        endS: last.endS,
        value: n === 0 ? null : sum / n,
        windows: bucket.length,
      });
    });
  }
  return { rows, cols, cells };
}

/** Utilization at which the heatmap colour reaches amber (the middle stop). */
export const HEAT_MID = 0.6;

/**
 * Fill of a heatmap cell as a CSS colour built from the theme's variables (so it follows light and
 * dark): panel grey at 0, amber (--warm) at HEAT_MID, red (--hot) at 1 and above; null cells use --panel.
 */
export function heatColor(v: number | null): string {
  if (v === null || Number.isNaN(v)) return 'var(--panel)';
  const u = Math.min(1, Math.max(0, v));
  if (u <= HEAT_MID)
    return `color-mix(in srgb, var(--warm) ${((u / HEAT_MID) * 100).toFixed(1)}%, var(--panel-2))`;
  return `color-mix(in srgb, var(--hot) ${(((u - HEAT_MID) / (1 - HEAT_MID)) * 100).toFixed(1)}%, var(--warm))`;
}

/** One row of the per-component table. */
export interface ComponentRow {
  id: string;
  name: string;
  kind: string;
  /** Busy fraction, 0..1 (null for non-stations). */
  utilization: number | null;
  throughputRps: number;
  /** Mean time per visit (own work and synchronous calls), ms. */
  meanResponseMs: number | null;
  /** Time-average visits waiting. */
  meanQueueLength: number;
  /** Visits refused (503, 429) or failed at the component. */
  errors: number;
  /** Time-average serving instances (autoscaled pools), else the fixed count. */
  instances: number;
}

/** The per-component table of a run, in the result's order, named from the run's design. */
export function componentRows(result: SimulationResult, topology: Topology | null): ComponentRow[] {
  return result.components.map((c) => ({
    id: c.id,
    name: topology?.components[c.id]?.name ?? c.id,
    kind: c.kind,
    utilization: c.utilization,
    throughputRps: c.throughputRps,
    meanResponseMs: c.meanResponseTimeS === null ? null : c.meanResponseTimeS * 1000,
    meanQueueLength: c.meanQueueLength,
    errors: c.rejected + c.rateLimited + c.failed,
    instances: c.scaling?.instances?.mean ?? c.instances,
  }));
}
