/**
 * One capacity plan of the app (`plans.start`): its request checked against the design (SLO,
 * scenario, adjustable variables, swept path — each error names the field) and carried out with
 * the pure planner of models/planner on a trial runner. The plan worker (plan-worker.ts) runs
 * `executePlan`; the service runs `preparePlan` first so that bad input fails the call itself.
 */
import { analyze } from '../../models/analytic/index.js';
import {
  adjustables,
  assertSimulatable,
  baseLoadRps,
  enumerate,
  formatSlo,
  getParam,
  growthFromMaxLoad,
  linspace,
  parseSlo,
  planMaxLoad,
  planRightSize,
  PlannerError,
  scoreCandidates,
  sloFromTopology,
  sweep,
  type GrowthResult,
  type LoadTrial,
  type MaxLoadResult,
  type PlanSlo,
  type RightSizeResult,
  type SweepParam,
  type SweepResult,
  type TrialRunner,
} from '../../models/planner/index.js';
import type { PlanRequest } from '../../shared/api/contract.js';
import type { PricingCatalog } from '../../shared/pricing/index.js';
import { parseTopology, parseTopologyText, type Topology } from '../../shared/topology/index.js';
import { ApiError } from './api-error.js';

/** A growth plan's result: the forecast plus the max-load search behind it. */
export type GrowthPlanResult = GrowthResult & {
  slo: string;
  trials: LoadTrial[];
  analytic: MaxLoadResult['analytic'];
};

/** What a finished plan produced, by kind (loads in req/s, latencies in ms, cost in USD/month). */
export type PlanOutcome =
  | { kind: 'max-load'; result: MaxLoadResult }
  | { kind: 'right-size'; result: RightSizeResult }
  | { kind: 'growth'; result: GrowthPlanResult }
  | { kind: 'sweep'; result: SweepResult };

/** A request checked against its design: the design to plan on and the SLO to judge. */
export interface PreparedPlan {
  request: PlanRequest;
  topology: Topology;
  /** null only for a sweep without an SLO. */
  slo: PlanSlo | null;
  /** The swept parameter with its values (sweep only). */
  sweepParam: SweepParam | null;
}

/** Planner messages name CLI flags (`--slo: …`); the API names its fields. */
const fieldMessage = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).replace(/^--([a-z]+)/, '$1');

function fail(message: string): never {
  throw new ApiError(`plans.start: ${message}`);
}

/** Checks a plan request against its design; throws an ApiError naming the field. */
export function preparePlan(request: PlanRequest): PreparedPlan {
  const parsed = parseTopologyText(request.topologyText);
  if (!parsed.ok)
    fail(
      `topologyText: the design is not valid: ${parsed.errors
        .slice(0, 3)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}`,
    );
  let topology = parsed.topology;
  if (request.scenario !== undefined && !topology.scenarios?.[request.scenario])
    fail(`scenario: the design has no scenario "${request.scenario}"`);
  let slo: PlanSlo | null = null;
  try {
    slo = request.slo !== undefined ? parseSlo(request.slo) : sloFromTopology(topology);
  } catch (e) {
    fail(fieldMessage(e));
  }
  const simulated = !(request.kind === 'sweep' && request.analytic === true);
  if (slo === null && request.kind !== 'sweep')
    fail('slo: give an SLO (e.g. "p99<=300ms,errors<=0.1%") or add one to the design');
  if (slo !== null && simulated) {
    try {
      assertSimulatable(slo);
    } catch (e) {
      fail(
        fieldMessage(e)
          .replace(/ or --analytic$/, '')
          .replace(/^slo\.latency/, 'slo'),
      );
    }
  }
  if (request.kind === 'max-load' || request.kind === 'growth' || request.kind === 'right-size') {
    try {
      if (!(baseLoadRps(topology, request.scenario) > 0))
        fail('topologyText: the design offers no traffic, so it cannot be scaled to a load');
    } catch (e) {
      if (e instanceof ApiError) throw e;
      fail(`topologyText: ${fieldMessage(e)}`);
    }
  }
  let sweepParam: SweepParam | null = null;
  if (request.kind === 'right-size') {
    if (request.adjustable !== undefined) {
      const withVars = parseTopology({
        ...topology,
        planning: { ...topology.planning, adjustable: request.adjustable },
      });
      if (!withVars.ok)
        fail(
          withVars.errors
            .slice(0, 3)
            .map((e) => `${e.path.replace(/^planning\./, '')}: ${e.message}`)
            .join('; '),
        );
      topology = withVars.topology;
    }
    try {
      const vars = adjustables(topology);
      if (vars.length === 0)
        fail(
          'adjustable: nothing to adjust; give e.g. [{"path": "components.api.instances", "min": 1, "max": 8}]',
        );
      enumerate(vars);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      fail(fieldMessage(e).replace(/^planning\./, ''));
    }
  }
  if (request.kind === 'sweep') {
    const p = request.param;
    if (p.path !== 'load' && getParam(topology, p.path.split('.').slice(0, -1).join('.')) === undefined)
      fail(`param.path: "${p.path}" is not in the design (no such component or block)`);
    let values: (number | string)[] = [];
    try {
      values = p.values ?? linspace(p.from as number, p.to as number, p.steps ?? 5);
    } catch (e) {
      fail(`param.steps: ${fieldMessage(e).replace(/^steps: /, '')}`);
    }
    sweepParam = { path: p.path, values };
  }
  return { request, topology, slo, sweepParam };
}

/** Most trials a plan simulates (null when the design decides: right-size counts its viable candidates). */
export function trialsMax(p: PreparedPlan, catalog: PricingCatalog): number {
  const r = p.request;
  if (r.kind === 'max-load' || r.kind === 'growth') return r.maxTrials ?? 14;
  if (r.kind === 'sweep') return r.analytic ? 0 : (p.sweepParam?.values.length ?? 0);
  const prune = r.pruneRatio ?? 1.5;
  return scoreCandidates(p.topology, p.slo as PlanSlo, r.loadRps, { catalog }).filter(
    (c) => c.analytic.worst <= prune && (c.analytic.saturation ?? 0) < 1,
  ).length;
}

/** A short label of what a trial simulates: its load, the candidate's values or the swept value. */
export function trialLabel(p: PreparedPlan, trial: Topology): { loadRps: number; label: string } {
  const r = p.request;
  const loadRps = analyze(trial, r.scenario !== undefined ? { scenario: r.scenario } : {}).offeredRps;
  const short = (path: string) => path.replace(/^components\./, '');
  const rate = `${loadRps.toFixed(1)} req/s`;
  if (r.kind === 'right-size' && r.adjustable !== undefined)
    return {
      loadRps,
      label: r.adjustable.map((a) => `${short(a.path)}=${String(getParam(trial, a.path))}`).join(' · '),
    };
  if (r.kind === 'right-size') {
    const vars = (p.topology.planning?.adjustable ?? []).map((a) => a.path);
    return { loadRps, label: vars.map((v) => `${short(v)}=${String(getParam(trial, v))}`).join(' · ') };
  }
  if (r.kind === 'sweep' && r.param.path !== 'load')
    return { loadRps, label: `${short(r.param.path)}=${String(getParam(trial, r.param.path))}` };
  return { loadRps, label: rate };
}

/** Carries out a prepared plan on `runner` (simulated trials) with the app's price catalog. */
export async function executePlan(
  p: PreparedPlan,
  runner: TrialRunner,
  catalog: PricingCatalog,
): Promise<PlanOutcome> {
  const r = p.request;
  const trial = {
    seed: r.seed,
    replications: r.replications,
    requests: r.requests,
    ...(r.scenario !== undefined ? { scenario: r.scenario } : {}),
  };
  try {
    switch (r.kind) {
      case 'max-load':
        return {
          kind: 'max-load',
          result: await planMaxLoad(p.topology, p.slo as PlanSlo, runner, {
            ...trial,
            ...(r.tolerance !== undefined ? { tolerance: r.tolerance } : {}),
            ...(r.maxTrials !== undefined ? { maxTrials: r.maxTrials } : {}),
          }),
        };
      case 'growth': {
        const m = await planMaxLoad(p.topology, p.slo as PlanSlo, runner, {
          ...trial,
          ...(r.tolerance !== undefined ? { tolerance: r.tolerance } : {}),
          ...(r.maxTrials !== undefined ? { maxTrials: r.maxTrials } : {}),
        });
        const g = growthFromMaxLoad(r.currentRps, r.growthPerMonth, m);
        return { kind: 'growth', result: { ...g, slo: m.slo, trials: m.trials, analytic: m.analytic } };
      }
      case 'right-size':
        return {
          kind: 'right-size',
          result: await planRightSize(p.topology, p.slo as PlanSlo, runner, {
            ...trial,
            loadRps: r.loadRps,
            cost: { catalog },
            ...(r.frontExtra !== undefined ? { frontExtra: r.frontExtra } : {}),
            ...(r.pruneRatio !== undefined ? { pruneRatio: r.pruneRatio } : {}),
          }),
        };
      case 'sweep':
        return {
          kind: 'sweep',
          result: await sweep(p.topology, [p.sweepParam as SweepParam], r.analytic ? null : runner, {
            ...trial,
            analyticOnly: r.analytic === true,
            slo: p.slo,
            cost: { catalog },
          }),
        };
    }
  } catch (e) {
    if (e instanceof PlannerError) throw new Error(fieldMessage(e));
    throw e;
  }
}

/** The SLO of a prepared plan as text (null for a sweep without one). */
export const sloText = (p: PreparedPlan): string | null => (p.slo ? formatSlo(p.slo) : null);
