/**
 * Cost of a run over time. The result prices the whole measured period (models/cost); the windows
 * carry no usage of their own, so the period's usage of each component is spread over the windows
 * in proportion to what drives it there — instance-seconds by the instances serving and warming in
 * the window, requests, GB-seconds and cross-zone/region bytes by the component's throughput, egress
 * by completed requests —
 * and each window is priced with the same cost model. Over the measured windows the spread usage
 * sums to the period's usage, so the chart and the total agree. Pure.
 */
import {
  costFromSimulation,
  costOfUsage,
  fixedInstances,
  usageFromSimulation,
} from '../../../models/cost/index.js';
import type { ComponentUsage, CostBreakdown } from '../../../models/cost/index.js';
import { HOURS_PER_MONTH, type PricingCatalog } from '../../../shared/pricing/index.js';
import type { SimulationResult, WindowStats } from '../../../shared/results/index.js';
import type { Topology } from '../../../shared/topology/index.js';
import { keyOf } from './dashboard-data.js';

/** One bucket of windows of the cost series: USD per hour in total and per component (keyOf(id)). */
export type CostPoint = { startS: number; spanS: number; totalPerHour: number } & Record<string, number>;

export interface CostSeries {
  /** The run's cost over its measured period, as the report prices it. */
  total: CostBreakdown;
  /** Buckets of consecutive windows, in time order (no bucket spans the end of the warm-up). */
  points: CostPoint[];
  /** USD of each bucket; the measured buckets sum to total.totalUsd. */
  bucketUsd: number[];
  /** Whether each bucket lies in the measured period (after the warm-up). */
  measured: boolean[];
}

/** Drivers of one component in one window (seconds-weighted). */
interface Drivers {
  instanceSeconds: number;
  visits: number;
}

function driversOf(topology: Topology, w: WindowStats, ids: readonly string[]): Drivers[] {
  const len = w.endS - w.startS;
  const byId = new Map(w.components.map((c) => [c.id, c]));
  return ids.map((id) => {
    const c = byId.get(id);
    const comp = topology.components[id];
    const inst = c?.instances;
    return {
      // Instance-seconds: serving on average plus those warming at the window's end; a fixed fleet runs all window.
      instanceSeconds: inst ? (inst.mean + inst.warming) * len : (comp ? fixedInstances(comp) : 0) * len,
      visits: (c?.throughputRps ?? 0) * len,
    };
  });
}

/** Share of a measured-period total that falls in a window, by a driver (uniform over time when the driver is 0). */
const share = (driver: number, measuredSum: number, len: number, measuredS: number): number =>
  measuredSum > 0 ? driver / measuredSum : measuredS > 0 ? len / measuredS : 0;

/** Index ranges [from, to) of at most about `maxPoints` buckets, split at the end of the warm-up. */
function buckets(result: SimulationResult, maxPoints: number): [number, number][] {
  const n = result.windows.length;
  const firstMeasured = result.windows.findIndex((w) => w.startS >= result.warmupS - 1e-9);
  const split = firstMeasured < 0 ? n : firstMeasured;
  const size = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const out: [number, number][] = [];
  for (const [from, to] of [
    [0, split],
    [split, n],
  ] as const)
    for (let i = from; i < to; i += size) out.push([i, Math.min(to, i + size)]);
  return out;
}

/**
 * The run's cost over time (USD per hour, total and per component) with the pricing catalog given,
 * in at most about `maxPoints` buckets of windows (each bucket priced once, so long runs stay fast).
 */
export function costSeries(
  topology: Topology,
  result: SimulationResult,
  catalog?: PricingCatalog,
  maxPoints = 600,
): CostSeries {
  const options = catalog ? { catalog } : {};
  const total = costFromSimulation(topology, result, options);
  const usage = usageFromSimulation(topology, result);
  const ids = Object.keys(topology.components);
  const isMeasured = (w: WindowStats) => w.startS >= result.warmupS - 1e-9;
  const drivers = result.windows.map((w) => driversOf(topology, w, ids));
  // Sums of each driver over the measured windows (the period the run's usage covers).
  const instSum = ids.map(() => 0);
  const visitSum = ids.map(() => 0);
  let offeredSum = 0;
  let completedSum = 0;
  result.windows.forEach((w, i) => {
    if (!isMeasured(w)) return;
    drivers[i]?.forEach((d, k) => {
      instSum[k] = (instSum[k] as number) + d.instanceSeconds;
      visitSum[k] = (visitSum[k] as number) + d.visits;
    });
    offeredSum += w.offeredRps * (w.endS - w.startS);
    completedSum += w.throughputRps * (w.endS - w.startS);
  });
  const points: CostPoint[] = [];
  const bucketUsd: number[] = [];
  const measured: boolean[] = [];
  for (const [from, to] of buckets(result, maxPoints)) {
    const first = result.windows[from] as WindowStats;
    const last = result.windows[to - 1] as WindowStats;
    const components: Record<string, ComponentUsage> = {};
    for (const id of ids) components[id] = { instanceSeconds: 0, requests: 0 };
    let requests = 0;
    for (let i = from; i < to; i++) {
      const w = result.windows[i] as WindowStats;
      const len = w.endS - w.startS;
      ids.forEach((id, k) => {
        const u = usage.components[id] ?? {};
        const d = (drivers[i] as Drivers[])[k] as Drivers;
        const cu = components[id] as ComponentUsage;
        const byVisits = share(d.visits, visitSum[k] as number, len, result.measuredS);
        cu.instanceSeconds =
          (cu.instanceSeconds ?? 0) +
          (u.instanceSeconds ?? 0) * share(d.instanceSeconds, instSum[k] as number, len, result.measuredS);
        cu.requests = (cu.requests ?? 0) + (u.requests ?? 0) * byVisits;
        if (u.gbSeconds !== undefined) cu.gbSeconds = (cu.gbSeconds ?? 0) + u.gbSeconds * byVisits;
        // Cross-zone and cross-region bytes are counted per visit of the receiving component.
        if (u.crossZoneBytes !== undefined)
          cu.crossZoneBytes = (cu.crossZoneBytes ?? 0) + u.crossZoneBytes * byVisits;
        if (u.crossRegionBytes !== undefined)
          cu.crossRegionBytes = (cu.crossRegionBytes ?? 0) + u.crossRegionBytes * byVisits;
        if (u.egressBytes !== undefined)
          cu.egressBytes =
            (cu.egressBytes ?? 0) +
            u.egressBytes * share(w.throughputRps * len, completedSum, len, result.measuredS);
      });
      requests += usage.requests * share(w.offeredRps * len, offeredSum, len, result.measuredS);
    }
    const spanS = last.endS - first.startS;
    const c = costOfUsage(topology, { durationS: spanS, requests, components }, options);
    const point = { startS: first.startS, spanS, totalPerHour: c.perHour } as CostPoint;
    // byComponent is USD per month (730 h): back to USD per hour for the chart.
    for (const id of ids) point[keyOf(id)] = (c.byComponent[id] ?? 0) / HOURS_PER_MONTH;
    points.push(point);
    bucketUsd.push(c.totalUsd);
    measured.push(isMeasured(first));
  }
  return { total, points, bucketUsd, measured };
}
