/** CSV exports of a run: the time series (one row per window) and the per-component table. */
import type { SimulationResult } from '../results/index.js';
import type { Topology } from '../topology/index.js';
import { isTailHop } from '../results/tail.js';
import { csvDocument } from './format.js';

/** One row per window: totals, errors by cause, latency (ms), then utilization and throughput per component. */
export function windowsCsv(result: SimulationResult): string {
  const ids = result.components.map((c) => c.id);
  const header = [
    'window',
    'start_s',
    'end_s',
    'warmup',
    'offered_rps',
    'throughput_rps',
    'error_rps',
    'errors_rate_limited',
    'errors_rejected',
    'errors_timeout',
    'errors_failed',
    'errors_circuit_open',
    'latency_mean_ms',
    'latency_p50_ms',
    'latency_p90_ms',
    'latency_p95_ms',
    'latency_p99_ms',
    'latency_p999_ms',
    'latency_max_ms',
    ...ids.flatMap((id) => [
      `${id}.throughput_rps`,
      `${id}.utilization`,
      `${id}.queue_length`,
      `${id}.busy_workers`,
      `${id}.instances_serving`,
      `${id}.instances_warming`,
    ]),
  ];
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  const rows = result.windows.map((w) => {
    const byId = new Map(w.components.map((c) => [c.id, c]));
    const l = w.latency;
    return [
      w.index,
      w.startS,
      w.endS,
      w.endS <= result.warmupS,
      w.offeredRps,
      w.throughputRps,
      w.errorRps,
      w.errors.rateLimited,
      w.errors.rejected,
      w.errors.timeout,
      w.errors.failed,
      w.errors.circuitOpen,
      ms(l.meanS),
      ms(l.p50S),
      ms(l.p90S),
      ms(l.p95S),
      ms(l.p99S),
      ms(l.p999S),
      ms(l.maxS),
      ...ids.flatMap((id) => {
        const c = byId.get(id);
        return c
          ? [
              c.throughputRps,
              c.utilization,
              c.meanQueueLength,
              c.meanBusyWorkers,
              c.instances?.serving ?? null,
              c.instances?.warming ?? null,
            ]
          : [null, null, null, null, null, null];
      }),
    ];
  });
  return csvDocument(header, rows);
}

/** One row per component: the measured-period statistics (times in ms). */
export function componentsCsv(result: SimulationResult, topology?: Topology): string {
  const header = [
    'id',
    'name',
    'kind',
    'instances',
    'arrivals',
    'completed',
    'throughput_rps',
    'utilization',
    'mean_queue_length',
    'mean_in_system',
    'mean_busy_workers',
    'mean_response_ms',
    'mean_wait_ms',
    'mean_local_ms',
    'wait_probability',
    'blocking_probability',
    'rejected',
    'rate_limited',
    'failed',
    'instances_mean',
    'instances_max',
    'instance_seconds',
    'hit_ratio',
    'queue_depth_mean',
    'cold_starts',
    'breaker_open_s',
  ];
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  const rows = result.components.map((c) => [
    c.id,
    topology?.components[c.id]?.name ?? c.id,
    c.kind,
    c.instances,
    c.arrivals,
    c.completed,
    c.throughputRps,
    c.utilization,
    c.meanQueueLength,
    c.meanInSystem,
    c.meanBusyWorkers,
    ms(c.meanResponseTimeS),
    ms(c.meanWaitS),
    ms(c.meanLocalTimeS),
    c.waitProbability,
    c.blockingProbability,
    c.rejected,
    c.rateLimited,
    c.failed,
    c.scaling?.instances?.mean ?? null,
    c.scaling?.instances?.max ?? null,
    c.scaling?.instanceSeconds ?? null,
    c.scaling?.hitRatio ?? null,
    c.scaling?.queueDepthMean ?? null,
    c.scaling?.coldStarts ?? null,
    c.scaling?.breakerOpenSeconds ?? null,
  ]);
  return csvDocument(header, rows);
}

/**
 * Measured p99 attribution of a run (result.tailAttribution), one row per latency part, largest
 * excess first; the run's p99, median and group sizes repeat on every row. Header only when the
 * run sampled no request above its p99 (a short run): simulate longer.
 */
export function tailCsv(result: SimulationResult): string {
  const header = [
    'kind',
    'component',
    'call',
    'median_mean_ms',
    'tail_mean_ms',
    'excess_ms',
    'excess_share',
    'tail_hop',
    'p99_ms',
    'median_ms',
    'tail_requests',
    'median_requests',
    'sampled_requests',
    'sample_every',
  ];
  const a = result.tailAttribution ?? null;
  if (a === null) return csvDocument(header, []);
  const rows = a.parts.map((p, i) => [
    p.kind,
    p.component,
    p.call,
    p.medianMeanSeconds * 1000,
    p.tailMeanSeconds * 1000,
    p.excessSeconds * 1000,
    p.excessShare,
    isTailHop(p, i) ? 1 : 0,
    a.p99Seconds * 1000,
    a.medianSeconds * 1000,
    a.tailRequests,
    a.medianRequests,
    a.sampledRequests,
    a.sampleEvery,
  ]);
  return csvDocument(header, rows);
}

/** The CSV files of a report, in order: the window series, the component table, the measured tail attribution; `suffix` goes before `.csv`. */
export function reportCsvFiles(
  result: SimulationResult,
  topology?: Topology,
): { suffix: string; text: string }[] {
  return [
    { suffix: '', text: windowsCsv(result) },
    { suffix: '.components', text: componentsCsv(result, topology) },
    { suffix: '.tail', text: tailCsv(result) },
  ];
}
