/**
 * Capacity planner (pure): SLO parsing and checks, load scaling and parameter edits on a topology,
 * max load (bisection with the simulator, bracketed by the analytic estimate), right-sizing
 * (analytic pruning, simulator confirmation, Pareto front of cost against p99), growth, sweeps,
 * and exact merging of sharded runs. Simulations go through a `TrialRunner` the caller supplies
 * (worker threads in main/, in-process in tests), so this module stays free of Node and timers.
 */
import { analyze, latencyPercentileMs, type Analysis } from '../analytic/index.js';
import { costFromSimulation, fixedInstances, type CostOptions } from '../cost/index.js';
import { DEFAULT_PRICING_CATALOG, type PricingCatalog } from '../../shared/pricing/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { parseTopology, type Topology } from '../../shared/topology/index.js';

/** A planning input the user got wrong (field and problem named). */
export class PlannerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlannerError';
  }
}

/** A service-level objective the planner checks: latency percentiles (ms) and an error-rate ceiling. */
export interface PlanSlo {
  latency: { percentile: number; maxMs: number; endpoint?: string }[];
  /** Largest acceptable failed fraction, or null for none. */
  maxErrorRate: number | null;
}

/** Percentiles the simulator reports (summary.latency). */
const SIM_PERCENTILES: Record<number, 'p50S' | 'p90S' | 'p95S' | 'p99S' | 'p999S'> = {
  50: 'p50S',
  90: 'p90S',
  95: 'p95S',
  99: 'p99S',
  99.9: 'p999S',
};

/** Parses `p99<=300ms,p50<=80ms,errors<=0.1%` (units ms or s; errors as % or a fraction). */
export function parseSlo(text: string): PlanSlo {
  const slo: PlanSlo = { latency: [], maxErrorRate: null };
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new PlannerError('--slo: empty; expected e.g. "p99<=300ms,errors<=0.1%"');
  for (const part of parts) {
    const lat = /^p(\d+(?:\.\d+)?)\s*<=?\s*(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(part);
    const err = /^errors?\s*<=?\s*(\d+(?:\.\d+)?)\s*(%)?$/i.exec(part);
    if (lat) {
      const percentile = Number(lat[1]);
      const value = Number(lat[2]) * ((lat[3] ?? 'ms').toLowerCase() === 's' ? 1000 : 1);
      if (!(percentile > 0 && percentile < 100))
        throw new PlannerError(`--slo: "${part}": the percentile must be between 0 and 100`);
      if (!(value > 0)) throw new PlannerError(`--slo: "${part}": the latency bound must be > 0`);
      slo.latency.push({ percentile, maxMs: value });
    } else if (err) {
      const v = Number(err[1]) / (err[2] ? 100 : 1);
      if (!(v >= 0 && v <= 1)) throw new PlannerError(`--slo: "${part}": the error rate must be 0–100%`);
      slo.maxErrorRate = v;
    } else
      throw new PlannerError(
        `--slo: cannot read "${part}"; expected terms like p99<=300ms, p50<=0.1s or errors<=0.1%`,
      );
  }
  return slo;
}

/** The file's own `slo` block as a PlanSlo, or null when it has none. */
export function sloFromTopology(t: Topology): PlanSlo | null {
  if (!t.slo) return null;
  const latency = (t.slo.latency ?? []).map((l) => ({
    percentile: l.percentile,
    maxMs: l.maxMs,
    ...(l.endpoint !== undefined ? { endpoint: l.endpoint } : {}),
  }));
  if (latency.length === 0 && t.slo.maxErrorRate === undefined) return null;
  return { latency, maxErrorRate: t.slo.maxErrorRate ?? null };
}

/** Renders an SLO back to text. */
export function formatSlo(slo: PlanSlo): string {
  const parts = slo.latency.map((l) => `p${l.percentile}<=${l.maxMs}ms${l.endpoint ? `@${l.endpoint}` : ''}`);
  if (slo.maxErrorRate !== null) parts.push(`errors<=${+(slo.maxErrorRate * 100).toPrecision(6)}%`);
  return parts.join(',');
}

/** Checks the simulator can judge an SLO (its percentiles are p50/p90/p95/p99/p99.9 over all requests). */
export function assertSimulatable(slo: PlanSlo): void {
  for (const l of slo.latency) {
    if (l.endpoint !== undefined)
      throw new PlannerError(
        `slo.latency: endpoint "${l.endpoint}": the simulator reports latency over all requests only; drop the endpoint or use --analytic`,
      );
    if (SIM_PERCENTILES[l.percentile] === undefined)
      throw new PlannerError(
        `slo: p${l.percentile}: the simulator reports p50, p90, p95, p99 and p99.9; use one of those or --analytic`,
      );
  }
}

/** Result of an SLO check: pass, the figures checked and the worst ratio of figure to bound. */
export interface SloCheck {
  pass: boolean;
  /** Latency per SLO term, ms (null when no request completed). */
  latencyMs: (number | null)[];
  errorRate: number;
  /** Largest figure/bound ratio over the terms (> 1 fails). */
  worst: number;
}

/** Checks a simulated result against an SLO. */
export function checkSimulated(result: SimulationResult, slo: PlanSlo): SloCheck {
  assertSimulatable(slo);
  const latencyMs = slo.latency.map((l) => {
    const v = result.summary.latency[SIM_PERCENTILES[l.percentile] as 'p99S'];
    return v === null ? null : v * 1000;
  });
  return judge(slo, latencyMs, result.summary.errorRate);
}

/** Checks an analytic estimate against an SLO. */
export function checkAnalytic(a: Analysis, slo: PlanSlo): SloCheck {
  const latencyMs = slo.latency.map((l) => latencyPercentileMs(a, l.percentile, l.endpoint));
  return judge(slo, latencyMs, a.errorRate);
}

function judge(slo: PlanSlo, latencyMs: (number | null)[], errorRate: number): SloCheck {
  let worst = 0;
  slo.latency.forEach((l, i) => {
    const v = latencyMs[i];
    worst = Math.max(worst, v === null || v === undefined ? Infinity : v / l.maxMs);
  });
  if (slo.maxErrorRate !== null)
    worst = Math.max(
      worst,
      slo.maxErrorRate > 0 ? errorRate / slo.maxErrorRate : errorRate > 0 ? Infinity : 0,
    );
  return { pass: worst <= 1, latencyMs, errorRate, worst };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Total open arrival rate of the file at its first scenario's load factor, req/s. */
export function baseLoadRps(t: Topology, scenario?: string): number {
  return analyze(t, scenario !== undefined ? { scenario } : {}).offeredRps;
}

/** A copy of the topology whose sources together offer `rps` (open rates and closed users scaled alike). */
export function withLoad(t: Topology, rps: number, scenario?: string): Topology {
  const base = baseLoadRps(t, scenario);
  if (!(base > 0))
    throw new PlannerError('workload: the file offers no traffic, so it cannot be scaled to a load');
  const factor = rps / base;
  const out = clone(t);
  for (const c of Object.values(out.components)) {
    if (c.kind !== 'source') continue;
    if (c.workload.type === 'open') c.workload.rateRps = c.workload.rateRps * factor;
    else c.workload.users = Math.max(1, Math.round(c.workload.users * factor));
  }
  return out;
}

/** Reads a dotted path (`components.api.instances`) of a topology. */
export function getParam(t: Topology, path: string): unknown {
  let node: unknown = t;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key))
      return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * A validated copy of the topology with `path` set to `value`. The path `load` sets the total
 * offered rate (req/s). Throws PlannerError naming the path when it does not exist or the value is invalid.
 */
export function setParam(t: Topology, path: string, value: number | string, scenario?: string): Topology {
  if (path === 'load') {
    if (typeof value !== 'number' || !(value >= 0))
      throw new PlannerError(`load: must be a rate >= 0, got ${value}`);
    return withLoad(t, value, scenario);
  }
  const keys = path.split('.');
  const out = clone(t) as unknown as Record<string, unknown>;
  let node: Record<string, unknown> = out;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object')
      throw new PlannerError(`${path}: no such field in the file (stopped at "${key}")`);
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (
    !Object.prototype.hasOwnProperty.call(node, last) &&
    getParam(t, keys.slice(0, -1).join('.')) === undefined
  )
    throw new PlannerError(`${path}: no such field in the file`);
  node[last] = value;
  const parsed = parseTopology(out);
  if (!parsed.ok)
    throw new PlannerError(
      `${path} = ${value}: ${parsed.errors
        .slice(0, 3)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}`,
    );
  return parsed.topology;
}

/** How a trial is simulated: replications of `requests` arrivals each, 10% warm-up. */
export interface TrialOptions {
  seed: number;
  replications: number;
  /** Arrivals per replication (sets the duration from the load). */
  requests: number;
  scenario?: string;
}

/** Runs the replications of one simulation and merges them exactly (pooled histograms). */
export interface TrialRunner {
  run(
    topology: Topology,
    options: { seed: number; replications: number; durationS: number; warmupS: number; scenario?: string },
  ): Promise<SimulationResult>;
}

/** Duration and warm-up (s) of a trial at `rps`. */
export function trialDuration(requests: number, rps: number): { durationS: number; warmupS: number } {
  const measured = requests / Math.max(1e-9, rps);
  return { durationS: measured / 0.9, warmupS: measured / 9 };
}

/** One simulated trial of max-load or growth. */
export interface LoadTrial {
  loadRps: number;
  pass: boolean;
  /** Latency per SLO term, ms. */
  latencyMs: (number | null)[];
  /** 95% CI of the simulated p99 across replications, ms (null with one replication). */
  p99Ci95Ms: [number, number] | null;
  errorRate: number;
  throughputRps: number;
  /** Component with the highest utilization in the trial. */
  busiest: string | null;
}

export interface MaxLoadResult {
  maxLoadRps: number;
  /** 95% interval of the max load from the replication noise of the deciding figure and the final bracket. */
  ci95: [number, number];
  limitingComponent: string | null;
  /** The analytic estimate: load where the analytic SLO meets its bound, and the bottleneck law's ceiling. */
  analytic: { maxLoadRps: number | null; maxThroughputRps: number | null; bottleneck: string | null };
  slo: string;
  trials: LoadTrial[];
}

export interface MaxLoadOptions extends TrialOptions {
  /** Stop when the bracket is narrower than this fraction of its top (default 0.01). */
  tolerance?: number;
  /** Most simulated trials (default 14). */
  maxTrials?: number;
}

/** Highest load (req/s) at which the analytic estimate meets the SLO, by bisection; null when none. */
export function analyticMaxLoad(t: Topology, slo: PlanSlo, scenario?: string): number | null {
  const base = baseLoadRps(t, scenario);
  if (!(base > 0))
    throw new PlannerError('workload: the file offers no traffic, so it cannot be scaled to a load');
  const at = (rps: number) =>
    checkAnalytic(analyze(t, { scale: rps / base, ...(scenario ? { scenario } : {}) }), slo);
  const ceiling = analyze(t, scenario ? { scenario } : {}).maxThroughputRps;
  let hi = ceiling !== null && Number.isFinite(ceiling) && ceiling > 0 ? ceiling : base * 2;
  let lo = 0;
  let guard = 0;
  while (at(hi).pass && guard++ < 60) {
    lo = hi;
    hi *= 2;
  }
  if (guard >= 60) return null;
  if (!at(hi * 1e-6).pass) return 0;
  if (lo === 0) lo = hi * 1e-6;
  for (let i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid).pass) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Component with the highest utilization in a result (blocking counts as saturated). */
function busiestComponent(r: SimulationResult): string | null {
  let best: string | null = null;
  let score = -1;
  for (const c of r.components) {
    const s = Math.max(
      c.utilization ?? 0,
      (c.blockingProbability ?? 0) > 0 ? 1 + (c.blockingProbability ?? 0) : 0,
    );
    if (s > score) {
      score = s;
      best = c.id;
    }
  }
  return best;
}

async function runTrial(
  t: Topology,
  loadRps: number,
  slo: PlanSlo,
  runner: TrialRunner,
  o: TrialOptions,
): Promise<LoadTrial> {
  const topo = withLoad(t, loadRps, o.scenario);
  const result = await runner.run(topo, {
    seed: o.seed,
    replications: o.replications,
    ...trialDuration(o.requests, loadRps),
    ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
  });
  const check = checkSimulated(result, slo);
  const ci = result.summary.ci95.p99S;
  return {
    loadRps,
    pass: check.pass,
    latencyMs: check.latencyMs,
    p99Ci95Ms: ci ? [ci[0] * 1000, ci[1] * 1000] : null,
    errorRate: check.errorRate,
    throughputRps: result.summary.throughputRps,
    busiest: busiestComponent(result),
  };
}

/** Worst SLO ratio of a trial; with `shift`, the p99 term uses the upper ('lo') or lower ('hi') end of its 95% CI. */
function ratioOf(t: LoadTrial, slo: PlanSlo, shift: 'lo' | 'mid' | 'hi'): number {
  let w = 0;
  slo.latency.forEach((l, i) => {
    let v = t.latencyMs[i] ?? Infinity;
    if (l.percentile === 99 && t.p99Ci95Ms && shift !== 'mid')
      v = shift === 'lo' ? t.p99Ci95Ms[1] : t.p99Ci95Ms[0];
    w = Math.max(w, v / l.maxMs);
  });
  if (slo.maxErrorRate !== null && slo.maxErrorRate > 0) w = Math.max(w, t.errorRate / slo.maxErrorRate);
  return w;
}

/** Load where the SLO ratio crosses 1 between a passing and a failing trial (log-ratio interpolation). */
function interpolate(pass: LoadTrial, fail: LoadTrial, slo: PlanSlo, shift: 'lo' | 'mid' | 'hi'): number {
  // Latency grows roughly geometrically near saturation: interpolate the log of the ratio.
  const a = Math.log(ratioOf(pass, slo, shift));
  const b = Math.log(ratioOf(fail, slo, shift));
  if (!(Number.isFinite(a) && Number.isFinite(b)) || b <= a)
    return shift === 'hi' ? fail.loadRps : pass.loadRps;
  return pass.loadRps + ((0 - a) / (b - a)) * (fail.loadRps - pass.loadRps);
}

/**
 * One end of the max load's 95% interval: the first load (over the sorted trials) where the SLO ratio
 * computed from that end of the p99's CI crosses 1, interpolated between its neighbours; the lowest
 * or highest trial load when the crossing lies outside the trials (the interval is then censored).
 */
function crossing(sorted: LoadTrial[], slo: PlanSlo, shift: 'lo' | 'hi'): number {
  const i = sorted.findIndex((t) => ratioOf(t, slo, shift) > 1);
  if (i === -1) return (sorted[sorted.length - 1] as LoadTrial).loadRps;
  if (i === 0) return (sorted[0] as LoadTrial).loadRps;
  return interpolate(sorted[i - 1] as LoadTrial, sorted[i] as LoadTrial, slo, shift);
}

/**
 * Max load: the analytic estimate A brackets the answer ([0.8·A, min(1.25·A, (A + ceiling)/2)]), the bracket is
 * widened by simulation until its ends pass and fail, then bisected by simulation to `tolerance`.
 * The answer interpolates the SLO ratio between the last passing and failing trials; the interval
 * inverts the p99's per-trial 95% CIs (see `crossing`).
 */
export async function planMaxLoad(
  t: Topology,
  slo: PlanSlo,
  runner: TrialRunner,
  options: MaxLoadOptions,
): Promise<MaxLoadResult> {
  assertSimulatable(slo);
  const tolerance = options.tolerance ?? 0.01;
  const maxTrials = options.maxTrials ?? 14;
  const analyticLoad = analyticMaxLoad(t, slo, options.scenario);
  const a0 = analyze(t, options.scenario ? { scenario: options.scenario } : {});
  const start =
    analyticLoad && analyticLoad > 0 ? analyticLoad : (a0.maxThroughputRps ?? baseLoadRps(t) * 2) * 0.5;
  const trials: LoadTrial[] = [];
  const trial = async (rps: number) => {
    const tr = await runTrial(t, rps, slo, runner, options);
    trials.push(tr);
    return tr;
  };
  const ceiling = a0.maxThroughputRps;
  const top =
    ceiling !== null && Number.isFinite(ceiling) && ceiling > start
      ? Math.min(start * 1.25, (start + ceiling) / 2)
      : start * 1.25;
  let lo = await trial(start * 0.8);
  let guard = 0;
  while (!lo.pass && guard++ < 12 && trials.length < maxTrials) lo = await trial(lo.loadRps * 0.5);
  let hi = await trial(Math.max(top, lo.loadRps * 1.05));
  guard = 0;
  while (hi.pass && guard++ < 12 && trials.length < maxTrials) {
    lo = hi;
    hi = await trial(hi.loadRps * 1.5);
  }
  // Illinois-style: interpolate the log SLO ratio, but bisect after the same end moved twice.
  let sameSide = 0;
  let lastSide: 'lo' | 'hi' | null = null;
  while (
    trials.length < maxTrials &&
    lo.pass &&
    !hi.pass &&
    (hi.loadRps - lo.loadRps) / hi.loadRps > tolerance
  ) {
    const span = hi.loadRps - lo.loadRps;
    const guess = sameSide >= 2 ? lo.loadRps + span / 2 : interpolate(lo, hi, slo, 'mid');
    const mid = Math.min(hi.loadRps - 0.1 * span, Math.max(lo.loadRps + 0.1 * span, guess));
    const m = await trial(mid);
    const side = m.pass ? 'lo' : 'hi';
    sameSide = side === lastSide ? sameSide + 1 : 1;
    lastSide = side;
    if (m.pass) lo = m;
    else hi = m;
  }
  const ok = lo.pass && !hi.pass;
  const maxLoadRps = ok ? interpolate(lo, hi, slo, 'mid') : lo.pass ? lo.loadRps : 0;
  const sorted = [...trials].sort((x, y) => x.loadRps - y.loadRps);
  const ciLo = Math.min(maxLoadRps, crossing(sorted, slo, 'lo'));
  const ciHi = Math.max(maxLoadRps, crossing(sorted, slo, 'hi'));
  return {
    maxLoadRps,
    ci95: [Math.max(0, ciLo), ciHi],
    limitingComponent: hi.busiest ?? a0.bottleneck,
    analytic: { maxLoadRps: analyticLoad, maxThroughputRps: a0.maxThroughputRps, bottleneck: a0.bottleneck },
    slo: formatSlo(slo),
    trials: sorted,
  };
}

/** Growth plan: headroom over the current load and the month the SLO breaks at compound growth. */
export interface GrowthResult {
  currentRps: number;
  /** Growth per month as a fraction (0.08 = 8%). */
  growthPerMonth: number;
  maxLoadRps: number;
  ci95: [number, number];
  /** max load / current − 1 (negative when the SLO already fails). */
  headroom: number;
  /** Months of growth the design absorbs (fractional). */
  monthsToBreach: number | null;
  /** First whole month at whose load the SLO fails (0 = already now). */
  breachMonth: number | null;
  limitingComponent: string | null;
  /** Load per month until the breach. */
  schedule: { month: number; loadRps: number; meetsSlo: boolean }[];
}

/** Headroom and the month the SLO breaks, from a max-load result. */
export function growthFromMaxLoad(current: number, growth: number, m: MaxLoadResult): GrowthResult {
  const headroom = m.maxLoadRps / current - 1;
  const months =
    growth > 0 && m.maxLoadRps > 0 ? Math.log(m.maxLoadRps / current) / Math.log(1 + growth) : null;
  const breachMonth = months === null ? null : months < 0 ? 0 : Math.floor(months) + 1;
  const schedule: GrowthResult['schedule'] = [];
  const last = breachMonth === null ? 12 : Math.min(breachMonth, 600);
  for (let k = 0; k <= last; k++) {
    const load = current * Math.pow(1 + growth, k);
    schedule.push({ month: k, loadRps: load, meetsSlo: load <= m.maxLoadRps });
  }
  return {
    currentRps: current,
    growthPerMonth: growth,
    maxLoadRps: m.maxLoadRps,
    ci95: m.ci95,
    headroom,
    monthsToBreach: months,
    breachMonth,
    limitingComponent: m.limitingComponent,
    schedule,
  };
}

/** Parses a growth rate: "8%/month", "8%", "0.08". */
export function parseGrowth(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*(?:\/\s*(?:month|mo))?\s*$/i.exec(text);
  if (!m) throw new PlannerError(`--growth: cannot read "${text}"; expected e.g. 8%/month`);
  const v = Number(m[1]) / (m[2] ? 100 : 1);
  if (!(v > 0 && v < 10))
    throw new PlannerError(`--growth: must be above 0 and below 1000%/month, got "${text}"`);
  return v;
}

/** One adjustable variable of a right-sizing search, as the file's `planning.adjustable` lists it. */
export interface Adjustable {
  path: string;
  values: (number | string)[];
}

/** The adjustable variables of a file, with each range expanded to its values. */
export function adjustables(t: Topology): Adjustable[] {
  const list = t.planning?.adjustable ?? [];
  return list.map((a, i) => {
    if (getParam(t, a.path.split('.').slice(0, -1).join('.')) === undefined)
      throw new PlannerError(
        `planning.adjustable[${i}].path: "${a.path}" is not in the file (no such component or block)`,
      );
    if (a.values !== undefined) return { path: a.path, values: [...a.values] };
    const min = a.min as number;
    const max = a.max as number;
    const step = a.step ?? 1;
    const values: number[] = [];
    for (let v = min; v <= max + 1e-9 * Math.abs(max); v += step) values.push(+v.toPrecision(12));
    return { path: a.path, values };
  });
}

/** A configuration: one value per adjustable path. */
export type Configuration = Record<string, number | string>;

/** Most configurations a right-sizing search enumerates. */
export const MAX_CONFIGURATIONS = 100_000;

/** Every combination of the adjustable values, in a fixed order. */
export function enumerate(vars: Adjustable[]): Configuration[] {
  const total = vars.reduce((n, v) => n * v.values.length, 1);
  if (total > MAX_CONFIGURATIONS)
    throw new PlannerError(
      `planning.adjustable: ${total} combinations; narrow the ranges to at most ${MAX_CONFIGURATIONS}`,
    );
  let out: Configuration[] = [{}];
  for (const v of vars) out = out.flatMap((c) => v.values.map((x) => ({ ...c, [v.path]: x })));
  return out;
}

/**
 * The topology with a configuration applied (validated). Setting a service's or database's
 * `instanceType` also sets its `cores` to that type's vCPU count from the catalog (when listed),
 * so a bigger type brings more capacity, not only more cost.
 */
export function applyConfiguration(
  t: Topology,
  c: Configuration,
  catalog: PricingCatalog = DEFAULT_PRICING_CATALOG,
): Topology {
  let out = t;
  for (const [path, value] of Object.entries(c)) {
    out = setParam(out, path, value);
    const m = /^components\.([a-z][a-z0-9-]*)\.instanceType$/.exec(path);
    const comp = m ? out.components[m[1] as string] : undefined;
    if (typeof value === 'string' && (comp?.kind === 'service' || comp?.kind === 'database')) {
      const entry = catalog.instances.find((p) => p.type === value);
      if (entry && entry.vcpu >= 1)
        out = setParam(out, `${path.slice(0, -'instanceType'.length)}cores`, Math.round(entry.vcpu));
    }
  }
  return out;
}

/** Steady-state monthly cost of a topology (USD, analytic usage at its offered load). */
export function monthlyCost(t: Topology, cost?: CostOptions): number {
  return analyze(t, cost ? { cost } : {}).cost.perMonth;
}

/** A configuration scored by the estimator and, when simulated, by the simulator. */
export interface Candidate {
  index: number;
  configuration: Configuration;
  /** USD per month (steady state at the target load). */
  costPerMonth: number;
  /** Instances over all priced components. */
  instances: number;
  analytic: { pass: boolean; worst: number; p99Ms: number | null; saturation: number | null };
  simulated: { pass: boolean; p99Ms: number | null; errorRate: number; worst: number } | null;
}

export interface RightSizeOptions extends TrialOptions {
  loadRps: number;
  /** Analytic pruning: drop a configuration whose analytic SLO ratio exceeds this (default 1.5) or that saturates. */
  pruneRatio?: number;
  /** Simulated configurations beyond the answer, for the Pareto front (default 6). */
  frontExtra?: number;
  /** Only candidates with index ≡ shard.index (mod shard.count), simulated without early stop. */
  shard?: { index: number; count: number };
  cost?: CostOptions;
}

export interface RightSizeResult {
  loadRps: number;
  slo: string;
  variables: Adjustable[];
  /** Cheapest configuration the simulator confirms, or null when none meets the SLO. */
  best: Candidate | null;
  /** Non-dominated simulated candidates (monthly cost against p99), cheapest first. */
  paretoFront: Candidate[];
  /** Every candidate, scored analytically; simulated ones carry their figures. */
  candidates: Candidate[];
  counts: { configurations: number; prunedAnalytically: number; simulated: number };
  shard: { index: number; count: number } | null;
}

/** Scores every configuration with the estimator (cost and SLO at the target load). */
export function scoreCandidates(t: Topology, slo: PlanSlo, loadRps: number, cost?: CostOptions): Candidate[] {
  const vars = adjustables(t);
  if (vars.length === 0)
    throw new PlannerError(
      'planning.adjustable: the file marks nothing adjustable; add e.g. {"path": "components.api.instances", "min": 1, "max": 8}',
    );
  const base = withLoad(t, loadRps);
  return enumerate(vars).map((configuration, index) => {
    const topo = applyConfiguration(base, configuration, cost?.catalog);
    const a = analyze(topo, cost ? { cost } : {});
    const check = checkAnalytic(a, slo);
    let sat: number | null = null;
    for (const c of Object.values(a.components))
      if (c.saturation !== null) sat = Math.max(sat ?? 0, c.saturation);
    const instances = Object.values(topo.components).reduce((n, c) => n + fixedInstances(c), 0);
    return {
      index,
      configuration,
      costPerMonth: a.cost.perMonth,
      instances,
      analytic: { pass: check.pass, worst: check.worst, p99Ms: latencyPercentileMs(a, 99), saturation: sat },
      simulated: null,
    };
  });
}

/** Non-dominated simulated candidates: no other is both cheaper (or equal) and faster (or equal). */
export function paretoFront(cands: Candidate[]): Candidate[] {
  const sim = cands
    .filter((c) => c.simulated !== null && c.simulated.p99Ms !== null && c.simulated.errorRate <= 1)
    .sort((a, b) => a.costPerMonth - b.costPerMonth || (a.simulated?.p99Ms ?? 0) - (b.simulated?.p99Ms ?? 0));
  const front: Candidate[] = [];
  let bestP99 = Infinity;
  for (const c of sim) {
    const p = c.simulated?.p99Ms ?? Infinity;
    if (p < bestP99) {
      front.push(c);
      bestP99 = p;
    }
  }
  return front;
}

/** Order of evaluation: cheaper first, then fewer instances, then enumeration order. */
const byCost = (a: Candidate, b: Candidate) =>
  a.costPerMonth - b.costPerMonth || a.instances - b.instances || a.index - b.index;

/** Equal monthly cost (to a billionth: the same prices summed in another order). */
const sameCost = (a: Candidate, b: Candidate) =>
  Math.abs(a.costPerMonth - b.costPerMonth) <= 1e-9 * Math.max(1, Math.abs(a.costPerMonth));

/**
 * The answer among simulated candidates: the cheapest that meets the SLO; at equal cost the lower
 * simulated p99 (so the answer lies on the Pareto front), then fewer instances, then enumeration order.
 */
export function cheapestPassing(cands: readonly Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  for (const c of cands) {
    if (!c.simulated?.pass) continue;
    if (best === null) {
      best = c;
      continue;
    }
    const p = c.simulated.p99Ms ?? Infinity;
    const q = best.simulated?.p99Ms ?? Infinity;
    const better = sameCost(c, best)
      ? p < q || (p === q && byCost(c, best) < 0)
      : c.costPerMonth < best.costPerMonth;
    if (better) best = c;
  }
  return best;
}

/**
 * Right-sizing: every configuration scored analytically; those clearly failing (analytic SLO ratio
 * above `pruneRatio`, or a saturated station) are pruned; the rest are simulated cheapest first
 * until one meets the SLO (the answer), then `frontExtra` more for the Pareto front. A shard
 * simulates every unpruned candidate of its slice (no early stop) so `mergeRightSize` is exact.
 */
export async function planRightSize(
  t: Topology,
  slo: PlanSlo,
  runner: TrialRunner,
  options: RightSizeOptions,
): Promise<RightSizeResult> {
  assertSimulatable(slo);
  const pruneRatio = options.pruneRatio ?? 1.5;
  const cands = scoreCandidates(t, slo, options.loadRps, options.cost);
  const base = withLoad(t, options.loadRps);
  const shard = options.shard ?? null;
  const viable = cands
    .filter((c) => (shard ? c.index % shard.count === shard.index : true))
    .filter((c) => c.analytic.worst <= pruneRatio && (c.analytic.saturation ?? 0) < 1)
    .sort(byCost);
  let best: Candidate | null = null;
  let extra = 0;
  let simulated = 0;
  for (const c of viable) {
    // Past the answer and the front's extra trials, only candidates costing the same as the answer still run (the tie-break).
    if (!shard && best !== null && extra >= (options.frontExtra ?? 6) && !sameCost(c, best)) break;
    const topo = applyConfiguration(base, c.configuration, options.cost?.catalog);
    const r = await runner.run(topo, {
      seed: options.seed,
      replications: options.replications,
      ...trialDuration(options.requests, options.loadRps),
      ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    });
    simulated++;
    const check = checkSimulated(r, slo);
    c.simulated = {
      pass: check.pass,
      p99Ms: r.summary.latency.p99S === null ? null : r.summary.latency.p99S * 1000,
      errorRate: check.errorRate,
      worst: check.worst,
    };
    if (best !== null) extra++;
    if (check.pass) best = cheapestPassing(best === null ? [c] : [best, c]);
  }
  return {
    loadRps: options.loadRps,
    slo: formatSlo(slo),
    variables: adjustables(t),
    best: shard ? cheapestPassing(cands) : best,
    paretoFront: paretoFront(cands),
    candidates: cands,
    counts: {
      configurations: cands.length,
      prunedAnalytically: cands.filter(
        (c) => c.analytic.worst > pruneRatio || (c.analytic.saturation ?? 0) >= 1,
      ).length,
      simulated,
    },
    shard,
  };
}

/** Merges right-size shards (same file, SLO, load and seed): the union of their simulated candidates. */
export function mergeRightSize(parts: RightSizeResult[]): RightSizeResult {
  const first = parts[0];
  if (!first) throw new PlannerError('merge: no shard results given');
  const byIndex = new Map<number, Candidate>();
  for (const c of first.candidates) byIndex.set(c.index, { ...c, simulated: null });
  for (const p of parts) {
    if (p.slo !== first.slo || p.loadRps !== first.loadRps || p.candidates.length !== first.candidates.length)
      throw new PlannerError(
        'merge: the shard results come from different right-size runs (SLO, load or variables differ)',
      );
    for (const c of p.candidates) if (c.simulated) byIndex.set(c.index, c);
  }
  const cands = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const best = cheapestPassing(cands);
  return {
    ...first,
    best,
    paretoFront: paretoFront(cands),
    candidates: cands,
    counts: {
      configurations: cands.length,
      prunedAnalytically: first.counts.prunedAnalytically,
      simulated: parts.reduce((s, p) => s + p.counts.simulated, 0),
    },
    shard: null,
  };
}

/** One swept parameter: path and its values. */
export interface SweepParam {
  path: string;
  values: (number | string)[];
}

/** Evenly spaced values from `from` to `to` (inclusive), `steps` of them. */
export function linspace(from: number, to: number, steps: number): number[] {
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= 10_000))
    throw new PlannerError(`--steps: must be an integer from 1 to 10000, got ${steps}`);
  if (steps === 1) return [from];
  return Array.from({ length: steps }, (_, i) => +(from + ((to - from) * i) / (steps - 1)).toPrecision(12));
}

/** One point of a sweep. */
export interface SweepRow {
  index: number;
  values: Record<string, number | string>;
  offeredRps: number;
  throughputRps: number;
  errorRate: number;
  meanMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** 95% CI of p99 across replications, ms (simulated only). */
  p99Ci95Ms: [number, number] | null;
  costPerMonth: number;
  /** Analytic figures at the point. */
  analyticP99Ms: number | null;
  maxThroughputRps: number | null;
  bottleneck: string | null;
  sloPass: boolean | null;
}

export interface SweepOptions extends TrialOptions {
  /** Estimator only, no simulation. */
  analyticOnly: boolean;
  slo: PlanSlo | null;
  shard?: { index: number; count: number };
  cost?: CostOptions;
}

export interface SweepResult {
  params: SweepParam[];
  rows: SweepRow[];
  analyticOnly: boolean;
  /** Points in the whole sweep (all shards). */
  points: number;
  shard: { index: number; count: number } | null;
}

/** Sweeps one or two parameters (grid), simulating each point (or estimating it with analyticOnly). */
export async function sweep(
  t: Topology,
  params: SweepParam[],
  runner: TrialRunner | null,
  options: SweepOptions,
): Promise<SweepResult> {
  if (params.length < 1 || params.length > 2) throw new PlannerError('sweep: give one or two parameters');
  let grid: Record<string, number | string>[] = [{}];
  for (const p of params) grid = grid.flatMap((g) => p.values.map((v) => ({ ...g, [p.path]: v })));
  const rows: SweepRow[] = [];
  const shard = options.shard ?? null;
  for (let index = 0; index < grid.length; index++) {
    if (shard && index % shard.count !== shard.index) continue;
    const values = grid[index] as Record<string, number | string>;
    let topo = t;
    // `load` last, so it scales the edited file.
    const entries = Object.entries(values).sort(
      ([a], [b]) => (a === 'load' ? 1 : 0) - (b === 'load' ? 1 : 0),
    );
    for (const [path, v] of entries) topo = setParam(topo, path, v, options.scenario);
    const a = analyze(topo, {
      ...(options.scenario ? { scenario: options.scenario } : {}),
      ...(options.cost ? { cost: options.cost } : {}),
    });
    const analyticP99 = latencyPercentileMs(a, 99);
    if (options.analyticOnly || runner === null) {
      rows.push({
        index,
        values,
        offeredRps: a.offeredRps,
        throughputRps: a.throughputRps,
        errorRate: a.errorRate,
        meanMs: a.endToEndMeanMs,
        p50Ms: latencyPercentileMs(a, 50),
        p99Ms: analyticP99,
        p99Ci95Ms: null,
        costPerMonth: a.cost.perMonth,
        analyticP99Ms: analyticP99,
        maxThroughputRps: a.maxThroughputRps,
        bottleneck: a.bottleneck,
        sloPass: options.slo ? checkAnalytic(a, options.slo).pass : null,
      });
      continue;
    }
    const r = await runner.run(topo, {
      seed: options.seed,
      replications: options.replications,
      ...trialDuration(options.requests, Math.max(1e-9, a.offeredRps)),
      ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    });
    const s = r.summary;
    const ms = (v: number | null) => (v === null ? null : v * 1000);
    const usage = costFromSimulation(topo, r, options.cost);
    rows.push({
      index,
      values,
      offeredRps: s.offeredRps,
      throughputRps: s.throughputRps,
      errorRate: s.errorRate,
      meanMs: ms(s.latency.meanS),
      p50Ms: ms(s.latency.p50S),
      p99Ms: ms(s.latency.p99S),
      p99Ci95Ms: s.ci95.p99S ? [s.ci95.p99S[0] * 1000, s.ci95.p99S[1] * 1000] : null,
      costPerMonth: usage.perMonth,
      analyticP99Ms: analyticP99,
      maxThroughputRps: a.maxThroughputRps,
      bottleneck: a.bottleneck,
      sloPass: options.slo ? checkSimulated(r, options.slo).pass : null,
    });
  }
  return { params, rows, analyticOnly: options.analyticOnly, points: grid.length, shard };
}

/** Merges sweep shards: the union of their rows in grid order (each point was computed once). */
export function mergeSweeps(parts: SweepResult[]): SweepResult {
  const first = parts[0];
  if (!first) throw new PlannerError('merge: no shard results given');
  const rows = new Map<number, SweepRow>();
  for (const p of parts) {
    if (JSON.stringify(p.params) !== JSON.stringify(first.params) || p.points !== first.points)
      throw new PlannerError('merge: the shard results come from different sweeps (parameters differ)');
    for (const r of p.rows) rows.set(r.index, r);
  }
  return { ...first, rows: [...rows.values()].sort((a, b) => a.index - b.index), shard: null };
}

/** Parses `I/N` (0-based shard index I of N). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1 && count <= 100_000) || !(index >= 0 && index < count))
    throw new PlannerError(`--shard: expected I/N with 0 <= I < N (e.g. 0/4), got "${text}"`);
  return { index, count };
}
