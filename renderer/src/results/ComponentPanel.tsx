import { useMemo } from 'react';
import type { ComponentStats } from '../../../shared/results/index.js';
import { useRunStore } from '../store/run.js';
import { useSelection } from '../store/selection.js';
import { formatMs, formatPercent, formatRate, formatUsd } from '../ui/format.js';
import { componentSeries } from './dashboard-data.js';
import { InstancesChart, useRunCost } from './Dashboard.js';
import { TimeChart, type Series } from './TimeChart.js';

const UTILIZATION: readonly Series[] = [
  { key: 'utilizationPct', label: 'utilization', className: 'series-p95' },
];
const THROUGHPUT: readonly Series[] = [
  { key: 'throughputRps', label: 'throughput', className: 'series-throughput' },
];
const QUEUE: readonly Series[] = [
  { key: 'meanQueueLength', label: 'waiting', className: 'series-p99', reduce: 'max' },
];
const HIT_RATIO: readonly Series[] = [{ key: 'hitRatioPct', label: 'hit ratio', className: 'series-p50' }];
const QUEUE_DEPTH: readonly Series[] = [
  { key: 'queueDepth', label: 'messages', className: 'series-offered', reduce: 'max' },
];

const num = (v: number, digits = 2) => v.toLocaleString('en-US', { maximumFractionDigits: digits });
const msOf = (s: number | null | undefined) => (s === null || s === undefined ? '—' : formatMs(s * 1000));

function Figure({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="metric" title={title}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}

/** The figures of one component over the measured period. */
function Figures({ c, costPerMonth }: { c: ComponentStats; costPerMonth: number | null }) {
  const sc = c.scaling;
  const errors = c.rejected + c.rateLimited + c.failed;
  return (
    <div className="headline component-figures">
      <Figure label="Utilization" value={c.utilization === null ? '—' : formatPercent(c.utilization)} />
      <Figure label="Throughput" value={formatRate(c.throughputRps)} />
      <Figure
        label="Mean response"
        value={msOf(c.meanResponseTimeS)}
        title="Mean time per visit: wait, own work and synchronous downstream calls"
      />
      <Figure
        label="Mean wait"
        value={msOf(c.meanWaitS)}
        title="Mean time from arrival to the start of work"
      />
      <Figure label="Queue" value={num(c.meanQueueLength)} title="Time-average visits waiting" />
      <Figure
        label="Errors"
        value={errors.toLocaleString('en-US')}
        title={`503 rejected ${c.rejected} · 429 rate-limited ${c.rateLimited} · failed ${c.failed}`}
      />
      <Figure label="Workers busy" value={num(c.meanBusyWorkers)} title="Time-average workers held" />
      {sc?.instances ? (
        <Figure
          label="Instances"
          value={`${num(sc.instances.mean, 1)} (max ${sc.instances.max})`}
          title="Time-average serving instances, and the most billed at once"
        />
      ) : (
        <Figure label="Instances" value={String(c.instances)} />
      )}
      {sc?.warmingSeconds !== undefined && (
        <Figure
          label="Warm-up billed"
          value={`${num(sc.warmingSeconds, 0)} inst·s`}
          title="Instance-seconds billed while instances warmed up"
        />
      )}
      {sc?.hitRatio !== undefined && (
        <Figure label="Hit ratio" value={sc.hitRatio === null ? '—' : formatPercent(sc.hitRatio)} />
      )}
      {sc?.queueDepthMean !== undefined && <Figure label="Queue depth" value={num(sc.queueDepthMean)} />}
      {sc?.messageAgeP99S !== undefined && <Figure label="Message age p99" value={msOf(sc.messageAgeP99S)} />}
      {sc?.coldStarts !== undefined && (
        <Figure label="Cold starts" value={sc.coldStarts.toLocaleString('en-US')} />
      )}
      {sc?.replicaLagMeanS !== undefined && <Figure label="Replica lag" value={msOf(sc.replicaLagMeanS)} />}
      {costPerMonth !== null && costPerMonth > 0 && (
        <Figure label="Cost" value={`${formatUsd(costPerMonth)}/mo`} />
      )}
    </div>
  );
}

/**
 * The selected component's results (a node clicked on the canvas or a row of the component table):
 * its figures and small charts over time.
 */
export function ComponentPanel() {
  const result = useRunStore((s) => s.result);
  const topology = useRunStore((s) => s.runTopology);
  const selected = useSelection((s) => (s.nodes.length === 1 ? s.nodes[0] : undefined));
  const { cost } = useRunCost();
  // An autoscaler has no figures of its own: its panel is the pool it drives.
  const picked = selected === undefined ? undefined : topology?.components[selected];
  const via = picked?.kind === 'autoscaler' ? picked.name : null;
  const target = picked?.kind === 'autoscaler' ? picked.target : selected;
  const stats = result?.components.find((c) => c.id === target);
  const points = useMemo(() => (result && stats ? componentSeries(result, stats.id) : []), [result, stats]);
  if (!result || !stats) return null;
  const name = topology?.components[stats.id]?.name ?? stats.id;
  const hasUtil = points.some((p) => p.utilizationPct !== null);
  const hasQueue = points.some((p) => p.meanQueueLength > 0);
  return (
    <section className="component-panel" aria-label={`Results: ${name}`} data-testid="component-panel">
      <div className="results-head">
        <h3>
          {name} <span className="muted small">{via ? `${stats.kind}, scaled by ${via}` : stats.kind}</span>
        </h3>
        <button
          type="button"
          className="btn small"
          aria-label={`Close the results of ${name}`}
          onClick={() => useSelection.getState().select([])}
        >
          ×
        </button>
      </div>
      <Figures c={stats} costPerMonth={cost?.total.byComponent[stats.id] ?? null} />
      <p className="muted small">
        The engine records latency percentiles end to end only; per component it gives the mean response.
      </p>
      {hasUtil && (
        <TimeChart
          windows={points}
          series={UTILIZATION}
          title="Utilization"
          unit="%"
          height={90}
          ariaLabel={`Utilization of ${name} over time, percent`}
        />
      )}
      <TimeChart
        windows={points}
        series={THROUGHPUT}
        title="Throughput"
        unit="req/s"
        height={90}
        ariaLabel={`Throughput of ${name} over time`}
      />
      {hasQueue && (
        <TimeChart
          windows={points}
          series={QUEUE}
          title="Waiting"
          unit="req"
          height={90}
          ariaLabel={`Visits waiting at ${name} over time`}
        />
      )}
      {points.some((p) => p.serving !== null) && (
        <InstancesChart result={result} id={stats.id} name={name} height={100} />
      )}
      {points.some((p) => p.hitRatioPct !== null) && (
        <TimeChart
          windows={points}
          series={HIT_RATIO}
          title="Hit ratio"
          unit="%"
          height={90}
          ariaLabel={`Hit ratio of ${name} over time, percent`}
        />
      )}
      {points.some((p) => p.queueDepth !== null) && (
        <TimeChart
          windows={points}
          series={QUEUE_DEPTH}
          title="Queue depth"
          unit="msgs"
          height={90}
          ariaLabel={`Messages waiting in ${name} over time`}
        />
      )}
    </section>
  );
}
