/**
 * Cost of a run over time. The result prices the whole measured period (models/cost); the windows
 * carry no usage of their own, so the period's usage of each component is spread over the windows
 * in proportion to what drives it there — instance-seconds by the instances serving and warming in
 * the window, requests and GB-seconds by the component's throughput, egress by completed requests —
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

/** One window of the cost series: USD per hour in total and per component (keyOf(id)). */
export type CostPoint = { startS: number; spanS: number; totalPerHour: number } & Record<string, number>;

export interface CostSeries {
  /** The run's cost over its measured period, as the report prices it. */
  total: CostBreakdown;
  points: CostPoint[];
  /** USD for each window, summing over the measured windows to total.totalUsd. */
  windowUsd: number[];
}

/** Drivers of one component in one window (seconds-weighted). */
interface Drivers {
  instanceSeconds: number;
  visits: number;
}

function driversOf(topology: Topology, w: WindowStats, id: string): Drivers {
  const len = w.endS - w.startS;
  const c = w.components.find((x) => x.id === id);
  const comp = topology.components[id];
  const inst = c?.instances;
  return {
    // Instance-seconds: serving on average plus those warming at the window's end; a fixed fleet runs all window.
    instanceSeconds: inst ? (inst.mean + inst.warming) * len : (comp ? fixedInstances(comp) : 0) * len,
    visits: (c?.throughputRps ?? 0) * len,
  };
}

/** Share of a measured-period total that falls in a window, by a driver (uniform over time when the driver is 0). */
const share = (driver: number, measuredSum: number, len: number, measuredS: number): number =>
  measuredSum > 0 ? driver / measuredSum : measuredS > 0 ? len / measuredS : 0;

/** The run's cost per window (USD per hour, total and per component) with the pricing catalog given. */
export function costSeries(
  topology: Topology,
  result: SimulationResult,
  catalog?: PricingCatalog,
): CostSeries {
  const options = catalog ? { catalog } : {};
  const total = costFromSimulation(topology, result, options);
  const usage = usageFromSimulation(topology, result);
  const ids = Object.keys(topology.components);
  const isMeasured = (w: WindowStats) => w.startS >= result.warmupS - 1e-9;
  const drivers = result.windows.map((w) => new Map(ids.map((id) => [id, driversOf(topology, w, id)])));
  // Sums of each driver over the measured windows (the period the run's usage covers).
  const sums = new Map(ids.map((id) => [id, { inst: 0, visits: 0 }]));
  let offeredSum = 0;
  let completedSum = 0;
  result.windows.forEach((w, i) => {
    if (!isMeasured(w)) return;
    for (const id of ids) {
      const d = drivers[i]?.get(id) as Drivers;
      const s = sums.get(id) as { inst: number; visits: number };
      s.inst += d.instanceSeconds;
      s.visits += d.visits;
    }
    offeredSum += w.offeredRps * (w.endS - w.startS);
    completedSum += w.throughputRps * (w.endS - w.startS);
  });
  const points: CostPoint[] = [];
  const windowUsd: number[] = [];
  result.windows.forEach((w, i) => {
    const len = w.endS - w.startS;
    const components: Record<string, ComponentUsage> = {};
    for (const id of ids) {
      const u = usage.components[id] ?? {};
      const d = drivers[i]?.get(id) as Drivers;
      const s = sums.get(id) as { inst: number; visits: number };
      const byVisits = share(d.visits, s.visits, len, result.measuredS);
      const cu: ComponentUsage = {
        instanceSeconds: (u.instanceSeconds ?? 0) * share(d.instanceSeconds, s.inst, len, result.measuredS),
        requests: (u.requests ?? 0) * byVisits,
      };
      if (u.gbSeconds !== undefined) cu.gbSeconds = u.gbSeconds * byVisits;
      if (u.egressBytes !== undefined)
        cu.egressBytes = u.egressBytes * share(w.throughputRps * len, completedSum, len, result.measuredS);
      components[id] = cu;
    }
    const requests = usage.requests * share(w.offeredRps * len, offeredSum, len, result.measuredS);
    const c = costOfUsage(topology, { durationS: len, requests, components }, options);
    const point = { startS: w.startS, spanS: len, totalPerHour: c.perHour } as CostPoint;
    // byComponent is USD per month (730 h): back to USD per hour for the chart.
    for (const id of ids) point[keyOf(id)] = (c.byComponent[id] ?? 0) / HOURS_PER_MONTH;
    points.push(point);
    windowUsd.push(c.totalUsd);
  });
  return { total, points, windowUsd };
}
