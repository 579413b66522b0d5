/** Max load, headroom and growth for a report, from the capacity planner (bisection with the simulator). */
import {
  baseLoadRps,
  growthFromMaxLoad,
  planMaxLoad,
  PlannerError,
  sloFromTopology,
  type TrialRunner,
} from '../../models/planner/index.js';
import type { PlanSection } from '../../shared/report/model.js';
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
    // The curve shows the p99 term when the SLO has one, else its first latency term.
    const p99 = slo.latency.findIndex((l) => l.percentile === 99);
    const term = p99 >= 0 ? p99 : slo.latency.length > 0 ? 0 : -1;
    const found = r.maxLoadRps > 0;
    const growth =
      o.monthlyGrowth !== undefined && found ? growthFromMaxLoad(current, o.monthlyGrowth, r) : null;
    return {
      plan: {
        maxLoadRps: found ? r.maxLoadRps : null,
        ci95: found ? r.ci95 : null,
        currentLoadRps: current,
        headroom: found && current > 0 ? r.maxLoadRps / current - 1 : null,
        slo: r.slo,
        limitingComponent: r.limitingComponent,
        method: `bisection with the simulator, ${r.trials.length} trials × ${o.replications} replications of ${o.requests.toLocaleString('en-US')} requests, seed ${o.seed}`,
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
        growth: growth
          ? { monthlyGrowth: growth.growthPerMonth, breaksAfterMonths: growth.monthsToBreach }
          : null,
      },
      note: '',
    };
  } catch (e) {
    if (e instanceof PlannerError) return { plan: null, note: `the planner could not run: ${e.message}` };
    throw e;
  }
}
