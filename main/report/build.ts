/** Builds a report model from a topology and a finished run (plus planner and cost results when they exist). */
import { analyze, estimate, type Analysis } from '../../models/analytic/index.js';
import { costFromSimulation, type Billing } from '../../models/cost/index.js';
import { binValue, Histogram } from '../../models/engine/histogram.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { checkSlo } from '../../shared/report/slo.js';
import { applyConfiguration, PlannerError, setParam } from '../../models/planner/index.js';
import type {
  Alternative,
  CostSection,
  InstanceSeries,
  PlanSection,
  ReportModel,
  ScenarioRow,
  TailAttribution,
} from '../../shared/report/model.js';
import { bottleneckOf, scenarioText } from '../../shared/report/index.js';
import { DEFAULT_PRICING_CATALOG, type PricingCatalog } from '../../shared/pricing/index.js';
import { isEdited } from '../services/pricing.js';
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
  /** Price catalog for the cost model (default: the built-in one). */
  catalog?: PricingCatalog;
  /** Billing granularity of launched instances (default: the file's pricing.billing, else per second). */
  billing?: Billing;
  /** Cost to show instead of pricing the run with the cost model (null: none). */
  cost?: CostSection | null;
  /** Why there is no cost, shown in its place. */
  costNote?: string;
}

/** Default reasons shown where a planner or cost figure would be. */
export const NOT_PLANNED = 'run with --plan';

/** Cost of the run with the built-in catalog and the file's overrides; null and the reason when it cannot be priced. */
export function costOfRun(
  topology: Topology,
  result: SimulationResult,
  catalog?: PricingCatalog,
  billing?: Billing,
): { cost: CostSection | null; note: string } {
  try {
    const c = costFromSimulation(topology, result, {
      ...(catalog ? { catalog } : {}),
      ...(billing ? { billing } : {}),
    });
    const used = catalog ?? DEFAULT_PRICING_CATALOG;
    const dates = [...new Set(used.instances.map((i) => i.takenOn))].sort();
    return {
      cost: {
        monthlyUsd: c.perMonth,
        perMillionUsd: c.perMillionRequests,
        transferMonthlyUsd: c.transferPerMonth,
        breakdown: Object.entries(c.byComponent)
          .filter(([, usd]) => usd > 0)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([id, usd]) => ({ id, label: topology.components[id]?.name ?? id, monthlyUsd: usd })),
        catalog: {
          date: dates.length > 1 ? `${dates[0]} to ${dates[dates.length - 1]}` : (dates[0] ?? 'undated'),
          source:
            catalog && isEdited(catalog)
              ? 'the price catalog as edited in Headroom'
              : 'Headroom’s built-in catalog of on-demand list prices',
          region: topology.pricing?.region ?? null,
        },
        notes: c.notes,
      },
      note: '',
    };
  } catch (error) {
    return { cost: null, note: `the cost model could not price this design: ${(error as Error).message}` };
  }
}

/** Latency percentile q (0..1) of the run's measured period from its histogram, seconds. */
export function percentileOf(result: SimulationResult): (q: number) => number | null {
  let hist: Histogram | null = null;
  return (q) => {
    if (result.latencyHistogram.count === 0) return null;
    hist ??= Histogram.fromJSON(result.latencyHistogram);
    return hist.percentile(q);
  };
}

/** Pools whose fleet changes during the run (autoscaled, serverless, killed): instances per window. */
export function instanceSeries(topology: Topology, result: SimulationResult): InstanceSeries[] {
  const scaled = new Set(
    Object.values(topology.components).flatMap((c) => (c.kind === 'autoscaler' ? [c.target] : [])),
  );
  const out: InstanceSeries[] = [];
  for (const c of result.components) {
    const points = result.windows.flatMap((w) => {
      const i = w.components.find((x) => x.id === c.id)?.instances;
      return i ? [{ tS: w.startS, serving: i.serving, warming: i.warming }] : [];
    });
    if (points.length === 0) continue;
    const varies = points.some((p) => p.serving !== points[0]!.serving || p.warming !== points[0]!.warming);
    if (varies || scaled.has(c.id)) out.push({ id: c.id, points });
  }
  return out;
}

/** Buckets of the latency histogram chart. */
const LATENCY_BUCKETS = 40;

/** Latency of successful requests in equal buckets from 0 to the p99.9 (seconds); null without requests. */
export function latencyDistribution(result: SimulationResult): ReportModel['latencyDistribution'] {
  const h = result.latencyHistogram;
  const top = percentileOf(result)(0.999);
  if (h.count === 0 || top === null || !(top > 0)) return null;
  const bucketS = top / LATENCY_BUCKETS;
  const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
  let above = 0;
  for (let i = 0; i + 1 < h.bins.length; i += 2) {
    const v = binValue(h.bins[i] as number);
    const n = h.bins[i + 1] as number;
    const k = Math.floor(v / bucketS);
    if (k >= LATENCY_BUCKETS) above += n;
    else counts[k] = (counts[k] as number) + n;
  }
  return { bucketS, counts, above };
}

/** The estimator's p99 attribution per endpoint (finite p99, some traffic), busiest endpoint first. */
export function tailAttribution(topology: Topology, a: Analysis): TailAttribution[] {
  const names = new Map<string, string>();
  for (const c of Object.values(topology.components))
    if (c.kind === 'source') for (const ep of c.endpoints) names.set(ep.id, ep.name);
  const out: TailAttribution[] = [];
  for (const [id, e] of Object.entries(a.endpoints)) {
    const entries = Object.entries(e.attribution);
    if (!(e.rateRps > 0) || !Number.isFinite(e.p99Ms) || !(e.p99Ms > 0) || entries.length === 0) continue;
    const medianMs = entries.reduce((s, [, x]) => s + x.medianMs, 0);
    const parts = entries
      .map(([cid, x]) => ({
        id: cid,
        label: cid === 'network' ? 'network' : (topology.components[cid]?.name ?? cid),
        p99S: x.p99Ms / 1000,
        medianS: x.medianMs / 1000,
        share: x.p99Ms / e.p99Ms,
      }))
      .sort((x, y) => y.p99S - x.p99S || x.id.localeCompare(y.id));
    let hop: string | null = null;
    let most = 0;
    for (const p of parts)
      if (p.p99S - p.medianS > most) {
        most = p.p99S - p.medianS;
        hop = p.id;
      }
    out.push({
      endpoint: id,
      name: names.get(id) ?? id,
      rateRps: e.rateRps,
      p99S: e.p99Ms / 1000,
      medianS: medianMs / 1000,
      parts,
      tailHop: hop,
    });
  }
  return out.sort((x, y) => y.rateRps - x.rateRps || x.endpoint.localeCompare(y.endpoint));
}

/** The next larger type of the same family in the catalog (more vCPU), e.g. db.m7g.large → db.m7g.xlarge. */
function largerType(catalog: PricingCatalog, type: string): { type: string; vcpu: number } | null {
  const entry = catalog.instances.find((p) => p.type === type);
  if (!entry) return null;
  const family = type.slice(0, type.lastIndexOf('.') + 1);
  const bigger = catalog.instances
    .filter((p) => p.role === entry.role && p.type.startsWith(family) && p.vcpu > entry.vcpu)
    .sort((a, b) => a.vcpu - b.vcpu || a.hourlyUsd - b.hourlyUsd);
  return bigger[0] ? { type: bigger[0].type, vcpu: bigger[0].vcpu } : null;
}

/**
 * Changes other than more instances for the estimator's bottleneck, each re-estimated: for a
 * database, one more read replica (when it serves reads) and the next larger instance type of its
 * family; for a tier behind a key-model cache, twice the cache's capacity. Gains are the
 * bottleneck-law max throughput; costs the steady-state monthly difference.
 */
export function alternativesFor(
  topology: Topology,
  scenarioId: string | null,
  catalog: PricingCatalog = DEFAULT_PRICING_CATALOG,
): Alternative[] {
  const scenario = scenarioId && topology.scenarios?.[scenarioId] ? scenarioId : undefined;
  const opts = { ...(scenario !== undefined ? { scenario } : {}), cost: { catalog } };
  let base: Analysis;
  try {
    base = analyze(topology, opts);
  } catch {
    // The estimator promises not to throw on a valid topology; without it there is nothing to size.
    return [];
  }
  const b = base.bottleneck;
  const before = base.maxThroughputRps;
  if (b === null || before === null || !(before > 0)) return [];
  const out: Alternative[] = [];
  const tryChange = (component: string, kind: Alternative['kind'], change: string, make: () => Topology) => {
    let a: Analysis;
    try {
      a = analyze(make(), opts);
    } catch (e) {
      // A change the file cannot take (setParam's validation) is not suggested.
      if (e instanceof PlannerError) return;
      throw e;
    }
    if (a.maxThroughputRps === null || !(a.maxThroughputRps > before * (1 + 1e-9))) return;
    out.push({
      component,
      bottleneck: b,
      kind,
      change,
      maxRpsBefore: before,
      maxRpsAfter: a.maxThroughputRps,
      bottleneckAfter: a.bottleneck,
      monthlyUsdDelta: a.cost.perMonth - base.cost.perMonth,
    });
  };
  const c = topology.components[b];
  if (c?.kind === 'database') {
    const reads = Object.values(c.handlers).some((h) => (h.writeFraction ?? 0) < 1);
    const replicas = c.replicas ?? 0;
    if (reads && replicas < 64)
      tryChange(b, 'readReplica', `replicas ${replicas} → ${replicas + 1}`, () =>
        setParam(topology, `components.${b}.replicas`, replicas + 1),
      );
    const type = c.instanceType ?? catalog.defaults.database;
    const larger = largerType(catalog, type);
    if (larger)
      tryChange(
        b,
        'largerInstance',
        `instanceType ${type} → ${larger.type}, ${c.cores} → ${Math.round(larger.vcpu)} cores`,
        () => applyConfiguration(topology, { [`components.${b}.instanceType`]: larger.type }, catalog),
      );
  }
  for (const [id, cache] of Object.entries(topology.components)) {
    if (cache.kind !== 'cache' || cache.hit.type !== 'keys' || cache.miss?.to !== b) continue;
    const capacity = cache.hit.capacity;
    tryChange(
      id,
      'largerCache',
      `hit.capacity ${capacity.toLocaleString('en-US')} → ${(capacity * 2).toLocaleString('en-US')} keys`,
      () => setParam(topology, `components.${id}.hit.capacity`, capacity * 2),
    );
  }
  return out;
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
      tail: tailAttribution(topology, e),
    };
  } catch {
    // The estimator promises not to throw on a valid topology; a report without it is still useful.
    return null;
  }
}

export function buildReportModel(o: BuildReportOptions): ReportModel {
  const { topology, result } = o;
  const priced =
    o.cost !== undefined
      ? { cost: o.cost, note: o.costNote ?? '' }
      : costOfRun(topology, result, o.catalog, o.billing);
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
    cost: priced.cost,
    costNote: o.costNote ?? priced.note,
    instances: instanceSeries(topology, result),
    analytic: analyticFor(topology, scenarioId),
    latencyDistribution: latencyDistribution(result),
    scenarios: [],
    warnings: [...(o.warnings ?? [])],
    alternatives: alternativesFor(topology, scenarioId, o.catalog),
  };
}

/** A scenario's row in the comparison: headline figures and the SLO verdict. */
export function scenarioRow(topology: Topology, result: SimulationResult, slo?: Slo): ScenarioRow {
  const id = result.scenario ?? '';
  const scen = topology.scenarios?.[id];
  const checks = checkSlo(slo ?? topology.slo, result, percentileOf(result));
  const b = bottleneckOf(result.components);
  const measured = checks.filter((c) => c.holds !== null);
  return {
    id,
    name: scen?.name ?? id,
    what: scenarioText(topology, id, result.durationS),
    offeredRps: result.summary.offeredRps,
    throughputRps: result.summary.throughputRps,
    errorRate: result.summary.errorRate,
    p99S: result.summary.latency.p99S,
    bottleneck: b ? { id: b.id, utilization: b.utilization } : null,
    sloHolds: measured.length === 0 ? null : measured.every((c) => c.holds === true),
    broken: checks.filter((c) => c.holds === false).map((c) => c.label),
  };
}
