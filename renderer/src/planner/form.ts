/**
 * What the planner form offers for a design and the request it builds (pure: no DOM, no API):
 * the SLO the simulator can judge, the variables a right-sizing may change, the sweepable fields.
 */
import { formatSlo, getParam, sloFromTopology } from '../../../models/planner/index.js';
import type { ApiArgs, PlanKind } from '../../../shared/api/contract.js';
import { serializeTopology, type Topology } from '../../../shared/topology/index.js';

/** A right-sizing variable chosen in the form: its path and range (ignored when off). */
export interface FormVariable {
  enabled: boolean;
  min: number;
  max: number;
}

/** Metrics a sweep can chart. */
export type SweepMetric = 'p99Ms' | 'p50Ms' | 'meanMs' | 'throughputRps' | 'errorRate' | 'costPerMonth';

/** The planner form (kept here so it survives switching side-panel tabs). */
export interface PlanForm {
  /** SLO text; null = the design's own SLO. */
  slo: string | null;
  seed: number;
  replications: number;
  /** Arrivals per replication of each trial. */
  requests: number;
  /** Most trials of max-load and growth. */
  maxTrials: number;
  /** Right-size target load, req/s; null = the design's current load. */
  loadRps: number | null;
  /** Growth: today's load, req/s; null = the design's current load. */
  currentRps: number | null;
  /** Growth per month, percent. */
  growthPct: number;
  /** Right-size variables by path (when the design lists none of its own). */
  variables: Record<string, FormVariable>;
  sweepPath: string;
  /** Sweep range; null = derived from the current value. */
  sweepFrom: number | null;
  sweepTo: number | null;
  sweepSteps: number;
  sweepAnalytic: boolean;
  sweepMetric: SweepMetric;
}

export const DEFAULT_PLAN_FORM: PlanForm = {
  slo: null,
  seed: 1,
  replications: 2,
  requests: 10_000,
  maxTrials: 10,
  loadRps: null,
  currentRps: null,
  growthPct: 8,
  variables: {},
  sweepPath: 'load',
  sweepFrom: null,
  sweepTo: null,
  sweepSteps: 5,
  sweepAnalytic: false,
  sweepMetric: 'p99Ms',
};

/** Percentiles the simulator reports. */
const SIM_PERCENTILES = new Set([50, 90, 95, 99, 99.9]);

/** SLO used when the design has none. */
export const FALLBACK_SLO = 'p99<=300ms,errors<=0.1%';

/**
 * The design's SLO as text the simulator can judge, and the terms left out (per-endpoint
 * latencies and percentiles the simulator does not report).
 */
export function designSlo(t: Topology): { text: string | null; dropped: string[] } {
  const slo = sloFromTopology(t);
  if (!slo) return { text: null, dropped: [] };
  const kept = slo.latency.filter((l) => l.endpoint === undefined && SIM_PERCENTILES.has(l.percentile));
  const dropped = slo.latency
    .filter((l) => !kept.includes(l))
    .map((l) => `p${l.percentile}<=${l.maxMs}ms${l.endpoint ? ` on ${l.endpoint}` : ''}`);
  const text = formatSlo({ latency: kept, maxErrorRate: slo.maxErrorRate });
  return { text: text === '' ? null : text, dropped };
}

/** A variable the form can offer: path, a readable name and its current value. */
export interface VariableOption {
  path: string;
  label: string;
  current: number;
}

/** Instance counts of services and replica counts of databases, the usual right-sizing knobs. */
export function variableOptions(t: Topology): VariableOption[] {
  const out: VariableOption[] = [];
  for (const [id, c] of Object.entries(t.components)) {
    if (c.kind === 'service')
      out.push({ path: `components.${id}.instances`, label: `${c.name} instances`, current: c.instances });
    if (c.kind === 'database')
      out.push({ path: `components.${id}.replicas`, label: `${c.name} replicas`, current: c.replicas ?? 0 });
  }
  return out;
}

/** The form's default range of a variable: services 1 … twice today (at least 4), replicas 0 … 2. */
export function defaultVariable(o: VariableOption): FormVariable {
  return o.path.endsWith('.replicas')
    ? { enabled: false, min: 0, max: Math.max(2, o.current) }
    : { enabled: true, min: 1, max: Math.max(4, o.current * 2) };
}

/** Numeric fields a sweep can vary: `load` and each component's instances, cores, workers, replicas. */
export function sweepOptions(t: Topology): { path: string; label: string }[] {
  const out = [{ path: 'load', label: 'Total load (req/s)' }];
  for (const [id, c] of Object.entries(t.components))
    for (const field of ['instances', 'cores', 'workers', 'replicas'] as const) {
      const path = `components.${id}.${field}`;
      if (typeof getParam(t, path) === 'number') out.push({ path, label: `${c.name} ${field}` });
    }
  return out;
}

/** The default range of a sweep: load from half to one and a half times today, counts 1 … 2× (≥ 4). */
export function defaultSweepRange(t: Topology, path: string, loadRps: number): { from: number; to: number } {
  if (path === 'load') return { from: Math.max(1, Math.round(loadRps * 0.5)), to: Math.round(loadRps * 1.5) };
  const v = getParam(t, path);
  const current = typeof v === 'number' ? v : 1;
  return { from: path.endsWith('.replicas') ? 0 : 1, to: Math.max(4, current * 2) };
}

/**
 * The `plans.start` request of the form for the current design, at scenario `scenario` (the one
 * chosen in the toolbar, whose load `currentLoadRps` is; null when the design has none).
 */
export function buildRequest(
  kind: PlanKind,
  f: PlanForm,
  t: Topology,
  currentLoadRps: number,
  scenario: string | null = null,
): ApiArgs<'plans.start'> {
  const slo = f.slo ?? designSlo(t).text ?? FALLBACK_SLO;
  const common = {
    topologyText: serializeTopology(t),
    slo,
    ...(scenario !== null ? { scenario } : {}),
    seed: f.seed,
    replications: f.replications,
    requests: f.requests,
  };
  switch (kind) {
    case 'max-load':
      return { kind, ...common, maxTrials: f.maxTrials };
    case 'growth':
      return {
        kind,
        ...common,
        maxTrials: f.maxTrials,
        currentRps: f.currentRps ?? currentLoadRps,
        growthPerMonth: f.growthPct / 100,
      };
    case 'right-size': {
      const fromFile = (t.planning?.adjustable?.length ?? 0) > 0;
      const adjustable = fromFile
        ? undefined
        : variableOptions(t)
            .map((o) => ({ o, v: f.variables[o.path] ?? defaultVariable(o) }))
            .filter(({ v }) => v.enabled)
            .map(({ o, v }) => ({ path: o.path, min: v.min, max: v.max }));
      return {
        kind,
        ...common,
        loadRps: f.loadRps ?? currentLoadRps,
        ...(adjustable ? { adjustable } : {}),
      };
    }
    case 'sweep': {
      const range = defaultSweepRange(t, f.sweepPath, currentLoadRps);
      const from = f.sweepFrom ?? range.from;
      const to = f.sweepTo ?? range.to;
      // Counts are integers: evenly spaced values rounded, without repeats.
      const values =
        f.sweepPath === 'load'
          ? undefined
          : [
              ...new Set(
                Array.from({ length: Math.max(1, f.sweepSteps) }, (_, i) =>
                  Math.round(f.sweepSteps > 1 ? from + ((to - from) * i) / (f.sweepSteps - 1) : from),
                ),
              ),
            ];
      return {
        kind,
        ...common,
        param: values ? { path: f.sweepPath, values } : { path: f.sweepPath, from, to, steps: f.sweepSteps },
        analytic: f.sweepAnalytic,
      };
    }
  }
}
