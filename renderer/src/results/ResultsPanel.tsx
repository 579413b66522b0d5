import { useRunStore } from '../store/run.js';
import { LatencyChart } from './LatencyChart.js';

const fmt = (v: number, digits = 1) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** A latency in ms, or a dash when no request completed. */
const fmtMs = (v: number | null) => (v === null ? '—' : `${fmt(v, 2)} ms`);

function Metric({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="metric">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** Progress while running, then the headline figures; the latency chart fills in as windows arrive. */
export function ResultsPanel() {
  const { phase, fraction, etaS, eventsPerS, windows, headline, error } = useRunStore();
  return (
    <>
      <h2>Simulation</h2>
      {phase === 'idle' && <p>Press Run to simulate this topology.</p>}
      {(phase === 'starting' || phase === 'running') && (
        <div>
          <div
            className="progress"
            role="progressbar"
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
          <Metric label="p99" value={fmtMs(headline.p99Ms)} testId="headline-p99" />
          <Metric label="Mean" value={fmtMs(headline.meanMs)} testId="headline-mean" />
          <Metric label="Errors" value={`${fmt(headline.errorRate * 100, 2)} %`} testId="headline-errors" />
        </div>
      )}
      {windows.length > 0 && <LatencyChart windows={windows} />}
    </>
  );
}
