import type { ReactNode } from 'react';
import type { PlanKind } from '../../../shared/api/contract.js';
import { useAnalysis } from '../store/analysis.js';
import { useDocument } from '../store/document.js';
import { formatRate } from '../ui/format.js';
import {
  buildRequest,
  defaultSweepRange,
  defaultVariable,
  designSlo,
  FALLBACK_SLO,
  sweepOptions,
  variableOptions,
} from './form.js';
import { PlanResults } from './PlanResults.js';
import { usePlanner, type PlanForm } from './store.js';

const KINDS: [PlanKind, string, string][] = [
  ['max-load', 'Max load', 'Highest load at which the SLO holds'],
  ['right-size', 'Right-size', 'Cheapest configuration meeting the SLO at a load'],
  ['growth', 'Growth', 'When the SLO breaks as traffic grows'],
  ['sweep', 'Sweep', 'A metric over a range of one parameter'],
];

/** A labelled number input; invalid or out-of-range text is ignored. */
function Num({
  label,
  unit,
  value,
  min,
  max,
  step,
  onChange,
}: {
  label: string;
  unit?: string;
  value: number;
  min: number;
  max?: number;
  step?: number;
  onChange: (v: number) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={`plan-${label}`}>{label}</label>
      <div className="field-input">
        <input
          id={`plan-${label}`}
          type="number"
          aria-label={label}
          value={Number.isFinite(value) ? +value.toPrecision(10) : ''}
          min={min}
          max={max}
          step={step ?? 'any'}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(v) && v >= min && (max === undefined || v <= max))
              onChange(v);
          }}
        />
        {unit && <span className="unit">{unit}</span>}
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <span className="label-like">{label}</span>
      <div className="field-input">{children}</div>
    </div>
  );
}

/** Right-size variables: the design's own `planning.adjustable`, or instance and replica counts to choose. */
function Variables({ form, setForm }: { form: PlanForm; setForm: (p: Partial<PlanForm>) => void }) {
  const topology = useDocument((s) => s.topology);
  const own = topology.planning?.adjustable ?? [];
  if (own.length > 0)
    return (
      <div className="plan-vars" data-testid="plan-vars">
        <p className="muted">The design’s own adjustable variables (planning.adjustable):</p>
        <ul>
          {own.map((a) => (
            <li key={a.path}>
              <code>{a.path.replace(/^components\./, '')}</code>{' '}
              {a.values ? a.values.join(', ') : `${a.min} … ${a.max}${a.step ? ` step ${a.step}` : ''}`}
            </li>
          ))}
        </ul>
      </div>
    );
  const options = variableOptions(topology);
  if (options.length === 0) return <p className="muted">The design has no service or database to size.</p>;
  return (
    <table className="plan-table plan-vars" data-testid="plan-vars">
      <thead>
        <tr>
          <th scope="col">Vary</th>
          <th scope="col">from</th>
          <th scope="col">to</th>
        </tr>
      </thead>
      <tbody>
        {options.map((o) => {
          const v = form.variables[o.path] ?? defaultVariable(o);
          const put = (patch: Partial<typeof v>) =>
            setForm({ variables: { ...form.variables, [o.path]: { ...v, ...patch } } });
          return (
            <tr key={o.path}>
              <td>
                <label>
                  <input
                    type="checkbox"
                    checked={v.enabled}
                    onChange={(e) => put({ enabled: e.target.checked })}
                  />{' '}
                  {o.label} <span className="muted">(now {o.current})</span>
                </label>
              </td>
              {(['min', 'max'] as const).map((k) => (
                <td key={k}>
                  <input
                    type="number"
                    aria-label={`${o.label} ${k === 'min' ? 'from' : 'to'}`}
                    value={v[k]}
                    min={0}
                    step={1}
                    disabled={!v.enabled}
                    onChange={(e) => {
                      const n = Number(e.target.value);
                      if (Number.isInteger(n) && n >= 0) put({ [k]: n });
                    }}
                  />
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PlanProgress() {
  const { phase, progress } = usePlanner();
  if (phase !== 'starting' && phase !== 'running') return null;
  const max = progress?.trialsMax ?? null;
  const done = (progress?.trialsDone ?? 0) + (progress?.trialFraction ?? 0);
  const fraction = max ? Math.min(1, done / max) : 0;
  return (
    <div className="plan-progress" data-testid="plan-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label="Plan progress"
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div style={{ width: `${fraction * 100}%` }} />
      </div>
      <small>
        {progress === null
          ? 'Starting…'
          : `Trial ${progress.trialsDone + (progress.current ? 1 : 0)}${max !== null ? ` of at most ${max}` : ''}${
              progress.current ? ` · ${progress.current.label}` : ''
            } · ${progress.etaS === null ? 'estimating time…' : `at most ${Math.ceil(progress.etaS)} s left`}`}
      </small>
    </div>
  );
}

/** The Planner view: the four capacity questions, their progress and their answers. */
export function PlannerPanel() {
  const { kind, setKind, form, setForm, phase, error, start, stop } = usePlanner();
  const topology = useDocument((s) => s.topology);
  const est = useAnalysis((s) => s.estimate);
  const scenario = useAnalysis((s) => s.scenario);
  const errors = useAnalysis((s) => s.issues.filter((i) => i.severity === 'error').length);
  const load = est?.offeredRps ?? 0;
  const own = designSlo(topology);
  const running = phase === 'starting' || phase === 'running';
  const sweepRange = defaultSweepRange(topology, form.sweepPath, load);
  const sweepChoices = sweepOptions(topology);
  // Right-size needs something to vary: the design's own variables or one chosen here.
  const noVariables =
    kind === 'right-size' &&
    (topology.planning?.adjustable?.length ?? 0) === 0 &&
    !variableOptions(topology).some((o) => (form.variables[o.path] ?? defaultVariable(o)).enabled);
  const blocker =
    errors > 0
      ? `${errors} problem${errors === 1 ? '' : 's'} to fix first`
      : load <= 0
        ? 'the design offers no traffic'
        : noVariables
          ? 'choose something to vary'
          : null;

  return (
    <section className="planner" aria-label="Capacity planner">
      <div className="results-head">
        <h2>Capacity planner</h2>
      </div>
      <div className="segmented" role="radiogroup" aria-label="Plan">
        {KINDS.map(([k, label, tip]) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            className={`seg${kind === k ? ' active' : ''}`}
            title={tip}
            onClick={() => setKind(k)}
          >
            {label}
          </button>
        ))}
      </div>
      <p className="muted plan-help" data-testid="plan-help">
        {KINDS.find(([k]) => k === kind)?.[2]}
        {scenario !== null
          ? `, for scenario “${topology.scenarios?.[scenario]?.name ?? scenario}” (chosen in the toolbar)`
          : ''}
        .
      </p>
      <form
        className="plan-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) void start(buildRequest(kind, form, topology, load, scenario));
        }}
      >
        <div className="field wide">
          <label htmlFor="plan-slo">SLO</label>
          <div className="field-input">
            <input
              id="plan-slo"
              type="text"
              aria-label="SLO"
              value={form.slo ?? own.text ?? FALLBACK_SLO}
              onChange={(e) => setForm({ slo: e.target.value })}
              spellCheck={false}
            />
          </div>
          <div className="field-issues muted" data-testid="plan-slo-note">
            {form.slo === null
              ? own.text
                ? `From the design’s SLO${own.dropped.length ? `; the simulator cannot judge ${own.dropped.join(', ')}` : ''}.`
                : 'The design has no SLO; a common one is filled in.'
              : 'Terms like p99<=300ms, p50<=0.1s, errors<=0.1%.'}
          </div>
        </div>
        {kind === 'right-size' && (
          <>
            <Num
              label="Target load"
              unit="req/s"
              value={form.loadRps ?? Math.round(load)}
              min={0.001}
              onChange={(loadRps) => setForm({ loadRps })}
            />
            <Variables form={form} setForm={setForm} />
          </>
        )}
        {kind === 'growth' && (
          <>
            <Num
              label="Current load"
              unit="req/s"
              value={form.currentRps ?? Math.round(load)}
              min={0.001}
              onChange={(currentRps) => setForm({ currentRps })}
            />
            <Num
              label="Growth"
              unit="%/month"
              value={form.growthPct}
              min={0.01}
              max={1000}
              onChange={(growthPct) => setForm({ growthPct })}
            />
          </>
        )}
        {kind === 'sweep' && (
          <>
            <Row label="Parameter">
              <select
                aria-label="Swept parameter"
                value={form.sweepPath}
                onChange={(e) => setForm({ sweepPath: e.target.value, sweepFrom: null, sweepTo: null })}
              >
                {sweepChoices.map((o) => (
                  <option key={o.path} value={o.path}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Row>
            <Num
              label="From"
              value={form.sweepFrom ?? sweepRange.from}
              min={0}
              onChange={(sweepFrom) => setForm({ sweepFrom })}
            />
            <Num
              label="To"
              value={form.sweepTo ?? sweepRange.to}
              min={0}
              onChange={(sweepTo) => setForm({ sweepTo })}
            />
            <Num
              label="Steps"
              value={form.sweepSteps}
              min={1}
              max={50}
              step={1}
              onChange={(sweepSteps) => setForm({ sweepSteps: Math.round(sweepSteps) })}
            />
            <Row label="Estimate only">
              <input
                type="checkbox"
                aria-label="Analytic estimate only"
                checked={form.sweepAnalytic}
                onChange={(e) => setForm({ sweepAnalytic: e.target.checked })}
              />
              <span className="muted">no simulation (instant)</span>
            </Row>
          </>
        )}
        <details className="plan-trials">
          <summary>
            Trials: {form.replications} replications × {form.requests.toLocaleString('en-US')} requests
            {kind === 'max-load' || kind === 'growth' ? `, at most ${form.maxTrials}` : ''}, seed {form.seed}
          </summary>
          <Num
            label="Replications"
            value={form.replications}
            min={1}
            max={64}
            step={1}
            onChange={(replications) => setForm({ replications: Math.round(replications) })}
          />
          <Num
            label="Requests per replication"
            value={form.requests}
            min={100}
            max={10_000_000}
            step={1}
            onChange={(requests) => setForm({ requests: Math.round(requests) })}
          />
          {(kind === 'max-load' || kind === 'growth') && (
            <Num
              label="Most trials"
              value={form.maxTrials}
              min={3}
              max={60}
              step={1}
              onChange={(maxTrials) => setForm({ maxTrials: Math.round(maxTrials) })}
            />
          )}
          <Num
            label="Seed"
            value={form.seed}
            min={0}
            step={1}
            onChange={(seed) => setForm({ seed: Math.round(seed) })}
          />
        </details>
        <div className="plan-actions">
          {running ? (
            <button type="button" className="btn" onClick={() => void stop()}>
              Stop
            </button>
          ) : (
            <button
              type="submit"
              className="btn primary"
              disabled={blocker !== null}
              title={blocker ?? undefined}
            >
              Plan
            </button>
          )}
          <span className="muted">
            Design load {formatRate(load)}
            {blocker ? ` · ${blocker}` : ''}
          </span>
        </div>
      </form>
      <PlanProgress />
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {phase === 'cancelled' && <p>Plan stopped.</p>}
      <PlanResults />
    </section>
  );
}
