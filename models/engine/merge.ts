/** Merging independent replications: pooled counts and histograms; 95% CIs across replications. */
import type { ComponentStats, ScalingDetail, SimulationResult } from '../../shared/results/index.js';
import { Histogram } from './histogram.js';
import { latencySummary } from './simulation.js';
import { deriveTailAttribution, mergeTailTraces } from './tail-trace.js';
import { meanCi, percentileCi } from './stats.js';

const ci = (xs: number[]): [number, number] | null => {
  const m = meanCi(xs);
  return Number.isFinite(m.halfWidth) ? [m.lo, m.hi] : null;
};

const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function avgNullable(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : avg(v);
}

/** Scaling counts: summed over replications, like the components' arrivals. */
const SUMMED = [
  'published',
  'consumed',
  'redelivered',
  'deadLettered',
  'coalesced',
  'cacheWrites',
  'shed',
  'coldStarts',
  'breakerRefused',
  'retriesDenied',
  'breakerOpenSeconds',
] as const;
/** Scaling figures per measured period (billing inputs, time averages): averaged. */
const AVERAGED = [
  'instanceSeconds',
  'warmingSeconds',
  'gbSeconds',
  'queueDepthMean',
  'consumerLagMean',
] as const;
/** Fractions and percentiles that may be null: averaged over the replications that have them. */
const AVERAGED_NULLABLE = [
  'hitRatio',
  'messageAgeP99S',
  'replicaLagMeanS',
  'staleReadFraction',
  'endToEndMeanS',
  'endToEndP99S',
] as const;

/** Scaling figures of one component over replications (undefined when no replication has them). */
function mergeScaling(all: readonly (ScalingDetail | undefined)[]): ScalingDetail | undefined {
  const xs = all.filter((x): x is ScalingDetail => x !== undefined);
  const first = xs[0];
  if (first === undefined) return undefined;
  const out: ScalingDetail = {};
  for (const k of SUMMED) if (first[k] !== undefined) out[k] = xs.reduce((a, x) => a + (x[k] ?? 0), 0);
  for (const k of AVERAGED) if (first[k] !== undefined) out[k] = avg(xs.map((x) => x[k] ?? 0));
  for (const k of AVERAGED_NULLABLE)
    if (first[k] !== undefined) out[k] = avgNullable(xs.map((x) => x[k] ?? null));
  if (first.consumerLagMax !== undefined)
    out.consumerLagMax = Math.max(...xs.map((x) => x.consumerLagMax ?? 0));
  if (first.instances !== undefined) {
    const inst = xs.map((x) => x.instances).filter((x) => x !== undefined);
    out.instances = {
      serving: avg(inst.map((i) => i.serving)),
      warming: avg(inst.map((i) => i.warming)),
      mean: avg(inst.map((i) => i.mean)),
      max: Math.max(...inst.map((i) => i.max)),
    };
  }
  return out;
}

export function mergeResults(results: readonly SimulationResult[]): SimulationResult {
  const first = results[0];
  if (first === undefined) throw new Error('mergeReplications: no results');
  if (results.length === 1) return first;
  for (const r of results)
    if (r.durationS !== first.durationS || r.warmupS !== first.warmupS)
      throw new Error('mergeReplications: replications differ in duration or warm-up');
  const n = results.length;
  const T = first.measuredS * n;
  const hist = new Histogram();
  for (const r of results) hist.add(Histogram.fromJSON(r.latencyHistogram));
  const sum = (f: (r: SimulationResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const measured = {
    arrived: sum((r) => r.measured.arrived),
    completed: sum((r) => r.measured.completed),
    failed: sum((r) => r.measured.failed),
  };
  const requests = {
    arrived: sum((r) => r.requests.arrived),
    completed: sum((r) => r.requests.completed),
    failed: sum((r) => r.requests.failed),
    inFlight: sum((r) => r.requests.inFlight),
  };
  const errors = {
    rateLimited: sum((r) => r.summary.errors.rateLimited),
    rejected: sum((r) => r.summary.errors.rejected),
    timeout: sum((r) => r.summary.errors.timeout),
    failed: sum((r) => r.summary.errors.failed),
    circuitOpen: sum((r) => r.summary.errors.circuitOpen ?? 0),
  };
  const latency = latencySummary(hist);
  const means = results.map((r) => r.summary.latency.meanS ?? NaN);
  const p99s = results.map((r) => r.summary.latency.p99S ?? NaN);
  const xs = results.map((r) => r.summary.throughputRps);
  const components: ComponentStats[] = first.components.map((c, i) => {
    const all = results.map((r) => r.components[i] as ComponentStats);
    const merged: ComponentStats = {
      id: c.id,
      kind: c.kind,
      arrivals: all.reduce((a, x) => a + x.arrivals, 0),
      completed: all.reduce((a, x) => a + x.completed, 0),
      throughputRps: avg(all.map((x) => x.throughputRps)),
      utilization: avgNullable(all.map((x) => x.utilization)),
      meanQueueLength: avg(all.map((x) => x.meanQueueLength)),
      meanInSystem: avg(all.map((x) => x.meanInSystem)),
      meanBusyWorkers: avg(all.map((x) => x.meanBusyWorkers)),
      meanResponseTimeS: avgNullable(all.map((x) => x.meanResponseTimeS)),
      meanWaitS: avgNullable(all.map((x) => x.meanWaitS)),
      meanLocalTimeS: avgNullable(all.map((x) => x.meanLocalTimeS)),
      waitProbability: avgNullable(all.map((x) => x.waitProbability)),
      blockingProbability: avgNullable(all.map((x) => x.blockingProbability)),
      emptyProbability: avgNullable(all.map((x) => x.emptyProbability)),
      rejected: all.reduce((a, x) => a + x.rejected, 0),
      rateLimited: all.reduce((a, x) => a + x.rateLimited, 0),
      failed: all.reduce((a, x) => a + x.failed, 0),
      instances: c.instances,
    };
    const scaling = mergeScaling(all.map((x) => x.scaling));
    return scaling === undefined ? merged : { ...merged, scaling };
  });
  const L = avg(results.map((r) => r.checks.littlesLaw.meanInSystem));
  const X = avg(results.map((r) => r.checks.littlesLaw.throughputRps));
  const R = avg(results.map((r) => r.checks.littlesLaw.meanResponseS));
  const finished = measured.completed + measured.failed;
  const traces = results.map((r) => r.tailTrace).filter((t) => t !== undefined);
  const tailTrace = traces.length === n ? mergeTailTraces(traces) : undefined;
  return {
    formatVersion: 1,
    seed: first.seed,
    replication: n,
    replications: n,
    scenario: first.scenario,
    durationS: first.durationS,
    warmupS: first.warmupS,
    windowS: first.windowS,
    measuredS: first.measuredS,
    events: sum((r) => r.events),
    requests,
    measured,
    summary: {
      offeredRps: measured.arrived / T,
      throughputRps: measured.completed / T,
      errorRate: finished > 0 ? measured.failed / finished : 0,
      errors,
      latency,
      ci95: {
        method: 'replications',
        n,
        latencyMeanS: ci(means),
        p99S: percentileCi(p99s, latency.p99S),
        throughputRps: ci(xs),
      },
    },
    checks: {
      conservation: {
        ...requests,
        holds: results.every((r) => r.checks.conservation.holds),
      },
      littlesLaw: {
        meanInSystem: L,
        throughputRps: X,
        meanResponseS: R,
        relativeError: L > 0 ? Math.abs(X * R - L) / L : 0,
      },
    },
    batches: { latencyMeanS: means, p99S: p99s, throughputRps: xs },
    components,
    windows: first.windows,
    latencyHistogram: hist.toJSON(),
    ...(tailTrace !== undefined
      ? { tailTrace, tailAttribution: deriveTailAttribution(tailTrace, hist) }
      : {}),
  };
}
