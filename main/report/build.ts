/** Builds a report model from a topology and a finished run (plus planner and cost results when they exist). */
import { estimate } from '../../models/analytic/index.js';
import { Histogram } from '../../models/engine/histogram.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { checkSlo } from '../../shared/report/slo.js';
import type { CostSection, PlanSection, ReportModel } from '../../shared/report/model.js';
import type { Slo, Topology } from '../../shared/topology/index.js';
import { HEADROOM_VERSION } from '../version.js';

export interface BuildReportOptions {
  topology: Topology;
  result: SimulationResult;
  /** Compile warnings of the run (what the engine did not simulate). */
  warnings?: readonly string[];
  author?: string | null;
  /** Report date, ISO 8601 (default: today, UTC). */
  date?: string;
  title?: string;
  /** SLO to check instead of the file's (e.g. from `headroom diff --slo`). */
  slo?: Slo;
  plan?: PlanSection | null;
  /** Why there is no plan, shown in its place. */
  planNote?: string;
  cost?: CostSection | null;
  costNote?: string;
}

/** Default reasons shown where a planner or cost figure would be. */
export const NOT_PLANNED = 'run with --plan';
export const NO_COST_MODEL = 'the cost model is not available in this build';

/** Latency percentile q (0..1) of the run's measured period from its histogram, seconds. */
export function percentileOf(result: SimulationResult): (q: number) => number | null {
  let hist: Histogram | null = null;
  return (q) => {
    if (result.latencyHistogram.count === 0) return null;
    hist ??= Histogram.fromJSON(result.latencyHistogram);
    return hist.percentile(q);
  };
}

/** The analytic estimate for the scenario that was simulated (its load factor). */
function analyticFor(topology: Topology, scenarioId: string | null): ReportModel['analytic'] {
  const scenario = scenarioId ? topology.scenarios?.[scenarioId] : undefined;
  const t: Topology = scenario ? { ...topology, scenarios: { [scenarioId as string]: scenario } } : topology;
  try {
    const e = estimate(t);
    return {
      maxThroughputRps: e.maxThroughputRps,
      bottleneck: e.bottleneck,
      utilization: Object.fromEntries(Object.entries(e.components).map(([id, c]) => [id, c.utilization])),
    };
  } catch {
    // The estimator promises not to throw on a valid topology; a report without it is still useful.
    return null;
  }
}

export function buildReportModel(o: BuildReportOptions): ReportModel {
  const { topology, result } = o;
  const scenarioId = result.scenario;
  const scenario = scenarioId ? topology.scenarios?.[scenarioId] : undefined;
  return {
    title: o.title ?? topology.name,
    author: o.author ?? null,
    date: o.date ?? new Date().toISOString().slice(0, 10),
    version: HEADROOM_VERSION,
    topology,
    result,
    scenario: scenarioId && scenario ? { id: scenarioId, name: scenario.name } : null,
    slo: checkSlo(o.slo ?? topology.slo, result, percentileOf(result)),
    plan: o.plan ?? null,
    planNote: o.planNote ?? NOT_PLANNED,
    cost: o.cost ?? null,
    costNote: o.costNote ?? NO_COST_MODEL,
    instances: [],
    analytic: analyticFor(topology, scenarioId),
    warnings: [...(o.warnings ?? [])],
  };
}
