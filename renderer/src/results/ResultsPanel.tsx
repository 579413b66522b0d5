import { useMemo } from 'react';
import { estimate, type Estimate } from '../../../models/analytic/index.js';
import { runCommand } from '../commands.js';
import { estimateScenario } from '../store/analysis.js';
import { useRunStore } from '../store/run.js';
import { formatMs, formatPercent, formatRate } from '../ui/format.js';
import {
  compareAgreement,
  RELATIVE_TOLERANCE,
  UTILIZATION_TOLERANCE,
  type AgreementCheck,
} from './agreement.js';
import { ComponentPanel } from './ComponentPanel.js';
import { CacheQueueCharts, ComponentTable, CostSection, HeatmapSection, ScalingCharts } from './Dashboard.js';
import './dashboard.css';
import { LatencyChart, ThroughputChart } from './LatencyChart.js';
import { TailTable } from './TailTable.js';
import { TimeChart, type Series } from './TimeChart.js';

const fmt = (v: number, digits = 1) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** A latency in ms, or a dash when no request completed. */
const fmtMs = (v: number | null) => (v === null ? '—' : `${fmt(v, 2)} ms`);

function Metric({
  label,
  value,
  testId,
  note,
}: {
  label: string;
  value: string;
  testId: string;
  note?: string;
}) {
  return (
    <div className="metric">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
      </div>
      {note && <div className="note">{note}</div>}
    </div>
  );
}

/** Simulated utilization per component next to the analytic estimate. */
function UtilizationTable({ est }: { est: Estimate | null }) {
  const result = useRunStore((s) => s.result);
  const components = useRunStore((s) => s.runTopology?.components ?? {});
  if (!result) return null;
  const rows = result.components.filter(
    (c) => c.utilization !== null || (est?.components[c.id]?.utilization ?? null) !== null,
  );
  if (rows.length === 0) return null;
  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">Utilization per component</span>
        <span className="legend series-sim">simulated</span>
        <span className="legend series-analytic">analytic</span>
      </figcaption>
      <table className="util-table" data-testid="utilization-table">
        <tbody>
          {rows.map((c) => {
            const sim = c.utilization;
            const ana = est?.components[c.id]?.utilization ?? null;
            return (
              <tr key={c.id}>
                <th scope="row">{components[c.id]?.name ?? c.id}</th>
                <td className="bars">
                  <div className="bar sim" style={{ width: `${Math.min(100, (sim ?? 0) * 100)}%` }} />
                  <div className="bar analytic" style={{ width: `${Math.min(100, (ana ?? 0) * 100)}%` }} />
                </td>
                <td className="num">{sim === null ? '—' : formatPercent(sim)}</td>
                <td className="num muted">{ana === null ? '—' : formatPercent(ana)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}

type ErrorPoint = { startS: number; rateLimited: number; rejected: number; timeout: number; failed: number };

const ERROR_SERIES: readonly Series<ErrorPoint>[] = [
  { key: 'rateLimited', label: '429 rate-limited', className: 'series-p95' },
  { key: 'rejected', label: '503 rejected', className: 'series-errors' },
  { key: 'timeout', label: 'timeout', className: 'series-p50' },
  { key: 'failed', label: 'failed dependency', className: 'series-offered' },
];

/** Failed requests per second by cause, from the finished run's windows (shown only when there were errors). */
function ErrorsByCause() {
  const result = useRunStore((s) => s.result);
  const points = useMemo<ErrorPoint[]>(
    () =>
      (result?.windows ?? []).map((w) => {
        const len = Math.max(1e-9, w.endS - w.startS);
        return {
          startS: w.startS,
          rateLimited: w.errors.rateLimited / len,
          rejected: w.errors.rejected / len,
          timeout: w.errors.timeout / len,
          failed: w.errors.failed / len,
        };
      }),
    [result],
  );
  const any = points.some((p) => p.rateLimited + p.rejected + p.timeout + p.failed > 0);
  if (!any) return null;
  return (
    <TimeChart
      windows={points}
      series={ERROR_SERIES}
      title="Errors by cause"
      unit="req/s"
      height={130}
      ariaLabel="Failed requests per second by cause over time"
    />
  );
}

/** A compared figure and its range, formatted in its unit. */
function formatFigure(unit: AgreementCheck['unit'], v: number): string {
  return unit === 'ms' ? formatMs(v) : unit === 'req/s' ? formatRate(v) : formatPercent(v);
}

/**
 * Analytic against simulated: mean latency, p99 and throughput against the run's 95% intervals,
 * utilization per component within ±UTILIZATION_TOLERANCE; lists each figure that disagrees.
 */
function Agreement({ est }: { est: Estimate | null }) {
  const result = useRunStore((s) => s.result);
  const components = useRunStore((s) => s.runTopology?.components);
  const agreement = useMemo(() => {
    if (!est || !result) return null;
    const names = Object.fromEntries(Object.entries(components ?? {}).map(([id, c]) => [id, c.name]));
    return compareAgreement(est, result, names);
  }, [est, result, components]);
  if (!agreement) return null;
  if (agreement.saturated) {
    const ci = result?.summary.ci95.latencyMeanS;
    return (
      <div className="agreement warn" data-testid="agreement" role="note">
        The analytic estimate finds this design saturated (a queue grows without bound); the simulated latency
        {ci ? ` is held at ${formatMs(ci[0] * 1000)} – ${formatMs(ci[1] * 1000)}` : ' is held'} only by queue
        limits and timeouts, at the cost of errors.
      </div>
    );
  }
  if (agreement.checks.length === 0) return null;
  const { disagreements, checks } = agreement;
  if (disagreements.length === 0)
    return (
      <div className="agreement ok" data-testid="agreement" role="note">
        Analytic and simulated agree: {checks.length} figure{checks.length === 1 ? '' : 's'} (mean, p99,
        throughput within the simulated 95% intervals; utilization within ±
        {Math.round(UTILIZATION_TOLERANCE * 100)} points).
      </div>
    );
  return (
    <div className="agreement warn" data-testid="agreement" role="note">
      <div>
        {disagreements.length} of {checks.length} analytic figures disagree with the simulation — the queueing
        approximations, or what they leave out (workers, retries, timeouts, network), matter here:
      </div>
      <ul data-testid="agreement-list">
        {disagreements.map((d) => (
          <li key={d.figure}>
            <strong>{d.figure}</strong>: analytic {formatFigure(d.unit, d.analytic)}, simulated{' '}
            {formatFigure(d.unit, d.range[0])} – {formatFigure(d.unit, d.range[1])}{' '}
            <span className="muted">
              (
              {d.basis === 'ci95'
                ? '95% interval'
                : d.unit === 'fraction'
                  ? `±${Math.round(UTILIZATION_TOLERANCE * 100)} points`
                  : `±${Math.round(RELATIVE_TOLERANCE * 100)} %, no interval`}
              )
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Progress while running, then the headline figures; the charts fill in as windows arrive. A finished
 * run adds the selected component's panel, the per-component table, the utilization heatmap,
 * instances of scaled pools, cache and queue charts, and cost.
 */
export function ResultsPanel() {
  const {
    phase,
    fraction,
    etaS,
    eventsPerS,
    windows,
    headline,
    error,
    runName,
    runTopology,
    result,
    options,
  } = useRunStore();
  // The run's scenario: the finished result's, else the one the run was started with.
  const runScenario = result?.scenario ?? options.scenario;
  // The analytic estimate of the design and scenario this run simulated (not of the design being edited).
  const est = useMemo(
    () =>
      runTopology
        ? estimate(runTopology, estimateScenario(runTopology, runScenario ?? undefined) ?? undefined)
        : null,
    [runTopology, runScenario],
  );
  return (
    <>
      <div className="results-head">
        <h2>Simulation{runName ? ` — ${runName}` : ''}</h2>
        {phase === 'done' && (
          <button type="button" className="btn small" onClick={() => void runCommand('file.exportReport')}>
            Export report…
          </button>
        )}
      </div>
      {phase === 'idle' && <p className="muted">Press Run (Ctrl+Enter) to simulate this design.</p>}
      {(phase === 'starting' || phase === 'running') && (
        <div>
          <div
            className="progress"
            role="progressbar"
            aria-label="Simulation progress"
            aria-valuenow={Math.round(fraction * 100)}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <div style={{ width: `${fraction * 100}%` }} />
          </div>
          <small>
            {Math.round(fraction * 100)}% · {etaS === null ? 'estimating…' : `${Math.ceil(etaS)} s left`} ·{' '}
            {fmt(eventsPerS / 1e6, 2)} M events/s
          </small>
        </div>
      )}
      {error && <div className="error-box">{error}</div>}
      {phase === 'cancelled' && <p>Run stopped.</p>}
      {headline && (
        <div className="headline">
          <Metric
            label="Throughput"
            value={`${fmt(headline.throughputRps)} req/s`}
            testId="headline-throughput"
          />
          <Metric label="p50" value={fmtMs(headline.p50Ms)} testId="headline-p50" />
          <Metric
            label="p99"
            value={fmtMs(headline.p99Ms)}
            testId="headline-p99"
            note={
              est?.endToEndP99Ms !== null && est?.endToEndP99Ms !== undefined
                ? `analytic ${formatMs(est.endToEndP99Ms)}`
                : undefined
            }
          />
          <Metric
            label="Mean"
            value={fmtMs(headline.meanMs)}
            testId="headline-mean"
            note={
              est?.endToEndMeanMs !== null && est?.endToEndMeanMs !== undefined
                ? `analytic ${formatMs(est.endToEndMeanMs)}`
                : undefined
            }
          />
          <Metric
            label="Errors"
            value={`${fmt(headline.errorRate * 100, 2)} %`}
            testId="headline-errors"
            note={est ? `analytic ${fmt(est.errorRate * 100, 2)} %` : undefined}
          />
        </div>
      )}
      <Agreement est={est} />
      <ComponentPanel />
      {windows.length > 0 && <LatencyChart windows={windows} />}
      {windows.length > 0 && <ThroughputChart windows={windows} />}
      <ErrorsByCause />
      <UtilizationTable est={est} />
      <TailTable />
      <ComponentTable />
      <HeatmapSection />
      <ScalingCharts />
      <CacheQueueCharts />
      <CostSection />
    </>
  );
}
