/**
 * Analytic estimator, public entry: `estimate(topology)` on every edit (the renderer), `analyze`
 * with options (scenario, load scale, pricing) for the CLI and the planner. See network.ts for the
 * model and queueing.ts for the formulas. Pure and deterministic: no DOM, no Node, no clock.
 */
import type { Topology } from '../../shared/topology/index.js';
import { analyze, type Analysis, type ComponentAnalysis } from './network.js';
import { erlangC } from './queueing.js';

export {
  analyze,
  latencyPercentileMs,
  md1kBlocking,
  tailProbability,
  tiltedShares,
  type Analysis,
  type AnalyzeOptions,
  type ComponentAnalysis,
  type EndpointAnalysis,
  type TailModel,
} from './network.js';
export {
  cacheHitRatios,
  erlangB,
  erlangC,
  gammaTail,
  ggcStation,
  harmonic,
  mmckStation,
  mmcResponseTail,
  mvaExact,
  quantileFromTail,
} from './queueing.js';

/** Estimated figures of one component (the renderer's view; `ComponentAnalysis` has more). */
export type ComponentEstimate = ComponentAnalysis;

/** The analytic estimate of a whole topology (`Analysis`: components, bottleneck, offeredRps, maxThroughputRps, endToEndMeanMs, edgeRps and more). */
export type Estimate = Analysis;

/** Mean wait in queue (ms) of an M/G/c station: Erlang C × (1 + cs²)/2 over (cμ − λ). */
export function mgcWaitMs(servers: number, arrivalPerMs: number, meanMs: number, scv: number): number {
  if (arrivalPerMs <= 0 || meanMs <= 0) return 0;
  if (servers <= 0) return Infinity;
  const a = arrivalPerMs * meanMs;
  if (a >= servers) return Infinity;
  const wq = erlangC(servers, a) / (servers / meanMs - arrivalPerMs);
  return wq * ((1 + scv) / 2);
}

/** Estimates the topology's steady state at the load of `scenario` (default the first). Never throws on a schema-valid topology. */
export function estimate(topology: Topology, scenario?: string): Estimate {
  return analyze(topology, scenario !== undefined ? { scenario } : {});
}
