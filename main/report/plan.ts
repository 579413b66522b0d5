/** Planner sections of a report: max load, headroom and growth (bisection with the simulator), and right-sizing. */
import {
  baseLoadRps,
  growthFromMaxLoad,
  planMaxLoad,
  planRightSize,
  PlannerError,
  sloFromTopology,
  type Candidate,
  type GrowthResult,
  type MaxLoadResult,
  type PlanSlo,
  type RightSizeResult,
  type TrialRunner,
} from '../../models/planner/index.js';
import { addMonths } from '../../shared/report/format.js';
import type { PlanSection, RightSizeRow, RightSizeSection } from '../../shared/report/model.js';
import type { Topology } from '../../shared/topology/index.js';

export interface ReportPlanOptions {
  runner: TrialRunner;
  seed: number;
  /** Replications per simulated trial. */
  replications: number;
  /** Arrivals per replication (sets each trial's duration). */
  requests: number;
  scenario?: string;
  /** Compound traffic growth per month as a fraction (0.08 = 8%), for the month the SLO breaks. */
  monthlyGrowth?: number;
  /** Report date (ISO 8601), from which the breach month is counted on the calendar. */
  date?: string;
}

/** How trials were run, in words. */
export function trialsText(trials: number, replications: number, requests: number, seed: number): string {
  return `${trials} trials × ${replications} replications of ${requests.toLocaleString('en-US')} requests, seed ${seed}`;
}

/** The growth part of a plan section, the breach month placed on the calendar from `date`. */
export function growthSection(g: GrowthResult, date?: string): NonNullable<PlanSection['growth']> {
  return {
    monthlyGrowth: g.growthPerMonth,
    breaksAfterMonths: g.monthsToBreach,
    breachMonth: g.breachMonth,
    breachCalendarMonth: g.breachMonth === null || date === undefined ? null : addMonths(date, g.breachMonth),
  };
}

/** A plan section from a max-load result (the planner's own, or a stored one). */
export function planSectionOf(
  slo: PlanSlo,
  r: MaxLoadResult,
  o: { currentLoadRps: number; method: string; growth?: GrowthResult | null; date?: string; source?: string },
): PlanSection {
  // The curve shows the p99 term when the SLO has one, else its first latency term.
  const p99 = slo.latency.findIndex((l) => l.percentile === 99);
  const term = p99 >= 0 ? p99 : slo.latency.length > 0 ? 0 : -1;
  const found = r.maxLoadRps > 0;
  const current = o.currentLoadRps;
  return {
    maxLoadRps: found ? r.maxLoadRps : null,
    ci95: found ? r.ci95 : null,
    currentLoadRps: current,
    headroom: found && current > 0 ? r.maxLoadRps / current - 1 : null,
    slo: r.slo,
    limitingComponent: r.limitingComponent,
    method: o.method,
    terms: slo.latency.map((l) => `p${l.percentile}`),
    curveMetric: term >= 0 ? `p${slo.latency[term]!.percentile}` : 'p99',
    curve: r.trials.map((t) => {
      const ms = term >= 0 ? t.latencyMs[term] : null;
      return {
        loadRps: t.loadRps,
        latencyS: ms === null || ms === undefined ? null : ms / 1000,
        termsS: t.latencyMs.map((v) => (v === null ? null : v / 1000)),
        errorRate: t.errorRate,
        pass: t.pass,
      };
    }),
    growth: o.growth && found ? growthSection(o.growth, o.date) : null,
    ...(o.source !== undefined ? { source: o.source } : {}),
  };
}

/** The report's plan section, or null and the reason (no SLO, an SLO the simulator cannot judge). */
export async function planForReport(
  topology: Topology,
  o: ReportPlanOptions,
): Promise<{ plan: PlanSection | null; note: string }> {
  const slo = sloFromTopology(topology);
  if (slo === null) return { plan: null, note: 'the file has no SLO to find the max load for' };
  try {
    const r = await planMaxLoad(topology, slo, o.runner, {
      seed: o.seed,
      replications: o.replications,
      requests: o.requests,
      ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
    });
    const current = baseLoadRps(topology, o.scenario);
    const growth =
      o.monthlyGrowth !== undefined && r.maxLoadRps > 0
        ? growthFromMaxLoad(current, o.monthlyGrowth, r)
        : null;
    return {
      plan: planSectionOf(slo, r, {
        currentLoadRps: current,
        method: `bisection with the simulator, ${trialsText(r.trials.length, o.replications, o.requests, o.seed)}`,
        growth,
        ...(o.date !== undefined ? { date: o.date } : {}),
      }),
      note: '',
    };
  } catch (e) {
    if (e instanceof PlannerError) return { plan: null, note: `the planner could not run: ${e.message}` };
    throw e;
  }
}

const rowOf = (c: Candidate): RightSizeRow => ({
  configuration: c.configuration,
  monthlyUsd: c.costPerMonth,
  p99S: c.simulated?.p99Ms == null ? null : c.simulated.p99Ms / 1000,
  errorRate: c.simulated?.errorRate ?? 0,
  pass: c.simulated?.pass ?? false,
});

/** A right-size section from a planner result (the planner's own, or a stored one). */
export function rightSizeSectionOf(r: RightSizeResult, method: string, source?: string): RightSizeSection {
  return {
    loadRps: r.loadRps,
    slo: r.slo,
    variables: r.variables.map((v) => ({ path: v.path, values: [...v.values] })),
    best: r.best ? rowOf(r.best) : null,
    front: r.paretoFront.map(rowOf),
    counts: { ...r.counts },
    method,
    ...(source !== undefined ? { source } : {}),
  };
}

/** Right-size options of a report (`headroom report --right-size --load RPS`). */
export interface ReportRightSizeOptions extends ReportPlanOptions {
  loadRps: number;
  pruneRatio?: number;
  frontExtra?: number;
}

/** The report's right-size section at a target load, or null and the reason. */
export async function rightSizeForReport(
  topology: Topology,
  o: ReportRightSizeOptions,
): Promise<{ rightSize: RightSizeSection | null; note: string }> {
  const slo = sloFromTopology(topology);
  if (slo === null) return { rightSize: null, note: 'the file has no SLO to right-size against' };
  try {
    const r = await planRightSize(topology, slo, o.runner, {
      seed: o.seed,
      replications: o.replications,
      requests: o.requests,
      loadRps: o.loadRps,
      ...(o.pruneRatio !== undefined ? { pruneRatio: o.pruneRatio } : {}),
      ...(o.frontExtra !== undefined ? { frontExtra: o.frontExtra } : {}),
      ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
    });
    return {
      rightSize: rightSizeSectionOf(
        r,
        `analytic pruning, then the simulator cheapest first: ${trialsText(r.counts.simulated, o.replications, o.requests, o.seed)}`,
      ),
      note: '',
    };
  } catch (e) {
    if (e instanceof PlannerError)
      return { rightSize: null, note: `the planner could not run: ${e.message}` };
    throw e;
  }
}
