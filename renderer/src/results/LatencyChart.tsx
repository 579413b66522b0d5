import type { WindowPoint } from '../../../shared/api/contract.js';
import { TimeChart, type Series } from './TimeChart.js';

const LATENCY: readonly Series[] = [
  { key: 'p50Ms', label: 'p50', className: 'series-p50' },
  { key: 'p95Ms', label: 'p95', className: 'series-p95', reduce: 'max' },
  { key: 'p99Ms', label: 'p99', className: 'series-p99', reduce: 'max' },
];

const TRAFFIC: readonly Series[] = [
  { key: 'offeredRps', label: 'offered', className: 'series-offered' },
  { key: 'throughputRps', label: 'throughput', className: 'series-throughput' },
  { key: 'errorRps', label: 'errors', className: 'series-errors' },
];

/** Latency percentiles per window, drawn as the windows stream in. */
export function LatencyChart({ windows, height = 170 }: { windows: WindowPoint[]; height?: number }) {
  return (
    <TimeChart
      windows={windows}
      series={LATENCY}
      title="Latency per window"
      unit="ms"
      height={height}
      ariaLabel="Latency percentiles over time"
    />
  );
}

/** Offered load, throughput and errors per window. */
export function ThroughputChart({ windows, height = 150 }: { windows: WindowPoint[]; height?: number }) {
  return (
    <TimeChart
      windows={windows}
      series={TRAFFIC}
      title="Throughput and errors"
      unit="req/s"
      height={height}
      ariaLabel="Throughput and errors over time"
    />
  );
}
