/**
 * What a capacity report is made of. main/report builds it (runs, planner, cost, clock); the
 * pure renderers in this folder turn it into HTML, CSV and Markdown. Times are seconds, rates
 * requests per second, money US dollars; a figure that was not computed is null and the
 * renderer says so in words.
 */
import type { SimulationResult } from '../results/index.js';
import type { Topology } from '../topology/index.js';

/** One line of the SLO check. */
export interface SloCheck {
  /** e.g. "p99 ≤ 300 ms" or "errors ≤ 0.1%". */
  label: string;
  /** Which measure: a latency percentile (0..100) or the error rate. */
  measure: { type: 'latency'; percentile: number; endpoint: string | null } | { type: 'errorRate' };
  /** Limit: seconds for latency, a fraction for the error rate. */
  limit: number;
  /** Measured value in the same unit; null when it could not be measured (e.g. per-endpoint latency). */
  actual: number | null;
  /** null when `actual` is null. */
  holds: boolean | null;
}

/** Max sustainable load from the planner (or a sweep): the highest rate at which the SLO holds. */
export interface PlanSection {
  /** Highest total arrival rate meeting the SLO, req/s (null when even the lowest load breaks it). */
  maxLoadRps: number | null;
  /** 95% interval of the max load, req/s (null when not estimated). */
  ci95: [number, number] | null;
  /** Load of the design as the file states it (the planner's base), req/s. */
  currentLoadRps: number;
  /** maxLoad / currentLoad − 1 (null when maxLoadRps is null). */
  headroom: number | null;
  /** The SLO planned against, as text (e.g. "p99<=300ms,errors<=0.1%"). */
  slo: string;
  /** Component limiting the max load (busiest in the first failing trial). */
  limitingComponent: string | null;
  /** How the figure was found, in words (e.g. "bisection with the simulator, 7 trials"). */
  method: string;
  /** Latency figure the curve shows, e.g. "p99". */
  curveMetric: string;
  /** Latency terms of the SLO, e.g. ["p95", "p99"]. */
  terms: string[];
  /** Simulated trials, ascending load: the curve's latency (s), every term's latency (s), the error rate, whether the SLO held. */
  curve: {
    loadRps: number;
    latencyS: number | null;
    termsS: (number | null)[];
    errorRate: number;
    pass: boolean;
  }[];
  /**
   * Growth, when a growth rate was given: months of compound growth until the SLO breaks, the first
   * whole month whose load breaks it (0 = already now), and that month on the calendar counted from
   * the report's date (`YYYY-MM`; null when it never breaks).
   */
  growth: {
    monthlyGrowth: number;
    breaksAfterMonths: number | null;
    breachMonth?: number | null;
    breachCalendarMonth?: string | null;
  } | null;
  /** Where the plan comes from when it was not computed for this report (e.g. a stored plan of the app). */
  source?: string;
}

/** One simulated configuration of a right-size plan. */
export interface RightSizeRow {
  /** Value per adjustable path (e.g. `components.api.instances`). */
  configuration: Record<string, number | string>;
  /** Steady-state monthly cost at the target load, USD. */
  monthlyUsd: number;
  /** Simulated p99, seconds (null without completed requests). */
  p99S: number | null;
  errorRate: number;
  /** Whether the simulated configuration meets the SLO. */
  pass: boolean;
}

/** Right-size plan: the cheapest configuration meeting the SLO at a target load, and the Pareto front. */
export interface RightSizeSection {
  /** Target total load, req/s. */
  loadRps: number;
  /** SLO planned against, as text. */
  slo: string;
  /** Adjustable paths searched, each with its values. */
  variables: { path: string; values: (number | string)[] }[];
  /** Cheapest simulated configuration meeting the SLO (null: none did). */
  best: RightSizeRow | null;
  /** Non-dominated simulated configurations (monthly cost against p99), cheapest first. */
  front: RightSizeRow[];
  counts: { configurations: number; prunedAnalytically: number; simulated: number };
  /** How it was found, in words (trials, replications, seed). */
  method: string;
  /** Where the plan comes from when it was not computed for this report (a stored plan of the app). */
  source?: string;
}

/** Cost of the simulated configuration. */
export interface CostSection {
  /** Projected monthly cost, USD (730 h). */
  monthlyUsd: number;
  /** USD per million successful requests (null without traffic). */
  perMillionUsd: number | null;
  /** USD per month of data transfer (egress, cross-zone, cross-region), inside the breakdown. */
  transferMonthlyUsd: number;
  /** Per component (or cost item), USD per month, largest first. */
  breakdown: { id: string; label: string; monthlyUsd: number }[];
  /** Price catalog the figures come from (null: file overrides only). */
  catalog: { date: string; source: string; region: string | null } | null;
  /** Assumptions the cost model made (default instance types, unpriced items). */
  notes: string[];
}

/** Instances of one pool over time (autoscaled or failing pools). */
export interface InstanceSeries {
  id: string;
  /** Window start (s), instances serving, instances warming up. */
  points: { tS: number; serving: number; warming: number }[];
}

/** Analytic estimate shown next to the simulation (traffic equations, Erlang C, bottleneck law). */
export interface AnalyticSection {
  /** Highest total source rate before the bottleneck saturates, req/s (null: unbounded). */
  maxThroughputRps: number | null;
  bottleneck: string | null;
  /** Per component: estimated utilization (null: pure delay). */
  utilization: Record<string, number | null>;
  /** The estimator's p99 attribution per endpoint, busiest endpoint first. */
  tail: TailAttribution[];
}

/**
 * The estimator's p99 attribution of one endpoint (not measured by the simulator): the expected
 * time per component in a request at the p99 against a median request, at the file's load.
 */
export interface TailAttribution {
  endpoint: string;
  name: string;
  /** Requests per second of this endpoint (analytic). */
  rateRps: number;
  /** Estimated p99 and median of the endpoint's end-to-end latency, seconds. */
  p99S: number;
  medianS: number;
  /** Per component id (or `network`): seconds in a p99 request and a median one, and the share of the p99 (0..1); largest p99 time first. */
  parts: { id: string; label: string; p99S: number; medianS: number; share: number }[];
  /** Part with the largest excess of p99 time over median time: the hop that makes the tail (null: none). */
  tailHop: string | null;
}

/** One scenario of the design simulated under the same seed, for the scenario comparison. */
export interface ScenarioRow {
  id: string;
  name: string;
  /** Profile and failures in words. */
  what: string;
  offeredRps: number;
  throughputRps: number;
  errorRate: number;
  p99S: number | null;
  /** Busiest component and its utilization. */
  bottleneck: { id: string; utilization: number } | null;
  /** Every SLO line holds (null: no SLO, or nothing measurable). */
  sloHolds: boolean | null;
  /** The SLO lines that broke. */
  broken: string[];
}

export interface ReportModel {
  /** Report title (defaults to the design's name). */
  title: string;
  author: string | null;
  /** Date of the report, ISO 8601 (YYYY-MM-DD or a full timestamp). */
  date: string;
  /** Headroom version that produced it. */
  version: string;
  topology: Topology;
  result: SimulationResult;
  /** Scenario simulated: id and display name (null: the file has none and a duration was given). */
  scenario: { id: string; name: string } | null;
  slo: SloCheck[];
  plan: PlanSection | null;
  /** Why `plan` is null, in words (shown where the figure would be). */
  planNote: string;
  /** Right-size plan, when the report was made with one (absent or null: none). */
  rightSize?: RightSizeSection | null;
  /** Why a right-size plan that was asked for is missing, in words. */
  rightSizeNote?: string;
  cost: CostSection | null;
  /** Why `cost` is null, in words. */
  costNote: string;
  instances: InstanceSeries[];
  analytic: AnalyticSection | null;
  /** Other scenarios simulated for comparison (the report's own scenario first when present). */
  scenarios: ScenarioRow[];
  /** Successful requests per latency bucket up to the p99.9 (null without requests). */
  latencyDistribution: { bucketS: number; counts: number[]; above: number } | null;
  /** What the engine did not simulate in this file (compile warnings). */
  warnings: string[];
  /** Changes other than more instances, each priced and sized by the estimator (absent: none computed). */
  alternatives?: Alternative[];
}

/** A design change for the estimator's bottleneck other than more instances, sized and priced by the estimator. */
export interface Alternative {
  /** Component changed (the bottleneck, or the cache in front of it). */
  component: string;
  /** The estimator's bottleneck before the change. */
  bottleneck: string;
  kind: 'readReplica' | 'largerInstance' | 'largerCache';
  /** The change in words, e.g. "replicas 0 → 1" or "instanceType db.m7g.large → db.m7g.xlarge, 2 → 4 cores". */
  change: string;
  /** Estimated max throughput (bottleneck law) before and after, req/s. */
  maxRpsBefore: number;
  maxRpsAfter: number;
  /** The estimator's bottleneck after the change. */
  bottleneckAfter: string | null;
  /** Steady-state monthly cost after minus before (USD, estimator at the file's load). */
  monthlyUsdDelta: number;
}
