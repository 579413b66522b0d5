/** The headline stored with a finished run: the engine's figures plus its design's max load and its cost. */
import { analyze } from '../../models/analytic/index.js';
import { costFromSimulation } from '../../models/cost/index.js';
import type { RunSummary } from '../../shared/api/contract.js';
import type { PricingCatalog } from '../../shared/pricing/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import type { Topology } from '../../shared/topology/index.js';
import { toMs } from './units.js';

/** Headline figures in milliseconds from an engine result (whose times are seconds). */
export function headlineOf(result: SimulationResult): NonNullable<RunSummary['headline']> {
  const s = result.summary;
  return {
    throughputRps: s.throughputRps,
    errorRate: s.errorRate,
    p50Ms: toMs(s.latency.p50S),
    p99Ms: toMs(s.latency.p99S),
    meanMs: toMs(s.latency.meanS),
  };
}

/**
 * The run's headline with the analytic max load of its design (bottleneck law, under the run's
 * scenario) and the monthly cost of its simulated usage priced with `catalog` — the same figure the
 * results dashboard shows as the cost per month.
 */
export function runHeadline(
  topology: Topology,
  result: SimulationResult,
  catalog: PricingCatalog,
  scenario?: string,
): NonNullable<RunSummary['headline']> {
  const analysis = analyze(topology, scenario !== undefined ? { scenario } : {});
  return {
    ...headlineOf(result),
    maxLoadRps: analysis.maxThroughputRps,
    costPerMonthUsd: costFromSimulation(topology, result, { catalog }).perMonth,
  };
}
