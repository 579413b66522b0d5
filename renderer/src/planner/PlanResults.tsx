import { useEffect, useMemo, useState } from 'react';
import {
  parseSlo,
  type Candidate,
  type MaxLoadResult,
  type PlanSlo,
  type RightSizeResult,
  type SweepResult,
} from '../../../models/planner/index.js';
import type { PricingCatalog } from '../../../shared/pricing/index.js';
import type { Topology } from '../../../shared/topology/index.js';
import { api } from '../api/client.js';
import { useDocument } from '../store/document.js';
import { useUi } from '../store/ui.js';
import { formatMs, formatPercent, formatRate, formatUsd } from '../ui/format.js';
import { applyPlanConfiguration, configurationChanges } from './apply.js';
import { usePlanner, type GrowthPlanResult, type SweepMetric } from './store.js';
import { XYChart, type RefLine, type XYPoint } from './XYChart.js';

const num = (v: number, digits = 1) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const msOrDash = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatMs(v));
/** Axis tick of a rate or count ("1.2k"). */
const compact = (v: number) =>
  Math.abs(v) >= 10_000
    ? `${num(v / 1000, 0)}k`
    : Math.abs(v) >= 1000
      ? `${num(v / 1000, 1)}k`
      : `${+v.toPrecision(3)}`;
const axisMs = (v: number) => (v >= 1000 ? `${+(v / 1000).toPrecision(3)} s` : `${+v.toPrecision(3)} ms`);
const shortPath = (p: string) => p.replace(/^components\./, '');

function Metric({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
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

/** The SLO parsed back from text (null when it cannot be read). */
function sloOf(text: string | null): PlanSlo | null {
  if (!text) return null;
  try {
    return parseSlo(text);
  } catch {
    return null;
  }
}

/** Index of the p99 term of an SLO, else its first latency term (-1 when it has none). */
const latencyTerm = (slo: PlanSlo | null) => {
  if (!slo) return -1;
  const i = slo.latency.findIndex((l) => l.percentile === 99);
  return i >= 0 ? i : slo.latency.length > 0 ? 0 : -1;
};

const componentName = (id: string | null) => {
  if (!id) return '—';
  return useDocument.getState().topology.components[id]?.name ?? id;
};

function MaxLoadView({ r, slo }: { r: MaxLoadResult; slo: PlanSlo | null }) {
  const term = latencyTerm(slo);
  const bound = term >= 0 ? slo?.latency[term] : undefined;
  const label = bound ? `p${bound.percentile}` : 'p99';
  const { points, refs, line } = useMemo(() => {
    const pts: XYPoint[] = r.trials
      .filter((t) => term >= 0 && t.latencyMs[term] !== null)
      .map((t) => ({
        x: t.loadRps,
        y: t.latencyMs[term] as number,
        className: t.pass ? 'pass' : 'fail',
        ...(bound?.percentile === 99 && t.p99Ci95Ms ? { yRange: t.p99Ci95Ms } : {}),
        tip: `${num(t.loadRps, 2)} req/s → ${label} ${num(t.latencyMs[term] as number, 3)} ms${
          t.p99Ci95Ms && bound?.percentile === 99
            ? ` (95% CI ${num(t.p99Ci95Ms[0], 3)} … ${num(t.p99Ci95Ms[1], 3)} ms)`
            : ''
        } · errors ${num(t.errorRate * 100, 3)} % · ${t.pass ? 'meets' : 'breaks'} the SLO`,
      }));
    const rl: RefLine[] = [];
    if (bound)
      rl.push({
        axis: 'y',
        value: bound.maxMs,
        className: 'slo',
        label: `SLO ${label} ≤ ${formatMs(bound.maxMs)}`,
      });
    rl.push({ axis: 'x', value: r.maxLoadRps, className: 'max', label: `max ${formatRate(r.maxLoadRps)}` });
    return {
      points: pts,
      refs: rl,
      line: [{ points: pts.map((p) => ({ x: p.x, y: p.y })), className: 'series-p99' }],
    };
  }, [r, term, bound, label]);
  return (
    <>
      <div className="headline">
        <Metric
          label="Max load"
          value={formatRate(r.maxLoadRps)}
          note={`95% CI ${num(r.ci95[0])} … ${num(r.ci95[1])}`}
          testId="plan-maxload"
        />
        <Metric label="Limiting" value={componentName(r.limitingComponent)} testId="plan-limiting" />
        <Metric
          label="Analytic"
          value={r.analytic.maxLoadRps === null ? '—' : formatRate(r.analytic.maxLoadRps)}
          note={`ceiling ${r.analytic.maxThroughputRps === null ? '—' : formatRate(r.analytic.maxThroughputRps)}`}
          testId="plan-analytic"
        />
      </div>
      {r.analytic.maxThroughputRps !== null && r.maxLoadRps > r.analytic.maxThroughputRps * 1.02 && (
        <div className="agreement warn" role="note" data-testid="plan-above-ceiling">
          The simulated max load {formatRate(r.maxLoadRps)} is above what the bottleneck can serve (
          {formatRate(r.analytic.maxThroughputRps)}): the trials are too short for its queue to build up.
          Raise the requests per replication.
        </div>
      )}
      <XYChart
        title={`${label} by load`}
        ariaLabel={`${label} latency of each trial against its load, with the SLO bound and the max load`}
        points={points}
        lines={line}
        refs={refs}
        xFormat={compact}
        yFormat={axisMs}
        yLog
        legend={[
          { label: 'meets SLO', className: 'pass' },
          { label: 'breaks SLO', className: 'fail' },
        ]}
        testId="plan-chart"
      />
      <TrialsTable trials={r.trials} term={term} label={label} />
    </>
  );
}

function TrialsTable({
  trials,
  term,
  label,
}: {
  trials: MaxLoadResult['trials'];
  term: number;
  label: string;
}) {
  return (
    <table className="plan-table" data-testid="plan-trials">
      <thead>
        <tr>
          <th scope="col">Load</th>
          <th scope="col">{label}</th>
          <th scope="col">Errors</th>
          <th scope="col">SLO</th>
        </tr>
      </thead>
      <tbody>
        {trials.map((t) => (
          <tr key={t.loadRps}>
            <td className="num">{num(t.loadRps)} req/s</td>
            <td className="num">{msOrDash(term >= 0 ? t.latencyMs[term] : null)}</td>
            <td className="num">{num(t.errorRate * 100, 2)} %</td>
            <td className={t.pass ? 'ok' : 'bad'}>{t.pass ? 'meets' : 'breaks'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const configText = (c: Candidate) =>
  Object.entries(c.configuration)
    .map(([k, v]) => `${shortPath(k)} = ${v}`)
    .join(', ');

function RightSizeView({ r, slo }: { r: RightSizeResult; slo: PlanSlo | null }) {
  const [chosen, setChosen] = useState<number | null>(r.best?.index ?? r.paretoFront[0]?.index ?? null);
  const [catalog, setCatalog] = useState<PricingCatalog | undefined>(undefined);
  const [applied, setApplied] = useState<{ text: string; to: Topology } | null>(null);
  useEffect(() => {
    setChosen(r.best?.index ?? r.paretoFront[0]?.index ?? null);
    setApplied(null);
  }, [r]);
  // The app's price catalog decides the cores an instance type brings, as it did in the plan.
  useEffect(() => {
    void api['pricing.list']({}).then(
      (p) => setCatalog(p.catalog),
      () => undefined,
    );
  }, []);
  const simulated = useMemo(() => r.candidates.filter((c) => c.simulated?.p99Ms != null), [r]);
  const frontIds = useMemo(() => new Set(r.paretoFront.map((c) => c.index)), [r]);
  const bound = slo?.latency.find((l) => l.percentile === 99);
  const { points, lines, refs } = useMemo(() => {
    const pts: XYPoint[] = simulated.map((c) => ({
      x: c.costPerMonth,
      y: c.simulated?.p99Ms as number,
      className: `${c.simulated?.pass ? 'pass' : 'fail'}${frontIds.has(c.index) ? ' front' : ''}`,
      selected: c.index === chosen,
      onSelect: () => setChosen(c.index),
      tip: `${configText(c)} · ${formatUsd(c.costPerMonth)}/month · p99 ${num(c.simulated?.p99Ms as number, 3)} ms · errors ${num((c.simulated?.errorRate ?? 0) * 100, 3)} % · ${c.simulated?.pass ? 'meets' : 'breaks'} the SLO${frontIds.has(c.index) ? ' · Pareto front' : ''}`,
    }));
    const front = [...r.paretoFront]
      .sort((a, b) => a.costPerMonth - b.costPerMonth)
      .map((c) => ({ x: c.costPerMonth, y: c.simulated?.p99Ms as number }));
    // The SLO line only when it is near the points (else it would squash them against the axis).
    const top = Math.max(...pts.map((p) => p.y));
    const rl: RefLine[] =
      bound && bound.maxMs <= 3 * top
        ? [{ axis: 'y', value: bound.maxMs, className: 'slo', label: `SLO p99 ≤ ${formatMs(bound.maxMs)}` }]
        : [];
    return { points: pts, lines: [{ points: front, className: 'front-line' }], refs: rl };
  }, [simulated, frontIds, chosen, r, bound]);
  const rows = useMemo(() => {
    const list = [...r.paretoFront];
    if (r.best && !frontIds.has(r.best.index)) list.push(r.best);
    return list.sort((a, b) => a.costPerMonth - b.costPerMonth);
  }, [r, frontIds]);
  const selected = r.candidates.find((c) => c.index === chosen) ?? null;
  const topology = useDocument((s) => s.topology);
  // What applying would change in the document as it is now (the design may have changed since the plan).
  const { changes, problem } = useMemo(() => {
    if (!selected) return { changes: [], problem: null };
    try {
      return { changes: configurationChanges(topology, selected.configuration, catalog), problem: null };
    } catch (e) {
      return { changes: [], problem: `Cannot apply to the current design: ${(e as Error).message}` };
    }
  }, [selected, topology, catalog]);
  const changeText = changes
    .map((ch) => `${shortPath(ch.path)} ${String(ch.from)} → ${String(ch.to)}`)
    .join(', ');
  const apply = () => {
    if (!selected || problem) return;
    const c = selected.configuration;
    useDocument.getState().edit((t) => applyPlanConfiguration(t, c, catalog));
    setApplied({ text: changeText, to: useDocument.getState().topology });
    useUi.getState().set({ message: `Applied ${changeText} to the design (Undo reverts it)` });
  };
  // The note says "Applied" only while the document is the version the apply produced.
  const appliedNow = applied !== null && applied.to === topology ? applied.text : null;
  return (
    <>
      <div className="headline">
        <Metric
          label="Cheapest meeting SLO"
          value={r.best ? `${formatUsd(r.best.costPerMonth)}/mo` : 'none'}
          note={r.best ? configText(r.best) : 'no simulated configuration met it'}
          testId="plan-best"
        />
        <Metric label="p99 there" value={msOrDash(r.best?.simulated?.p99Ms)} testId="plan-best-p99" />
        <Metric
          label="Configurations"
          value={`${r.counts.simulated} simulated`}
          note={`${r.counts.configurations} in all, ${r.counts.prunedAnalytically} pruned analytically`}
          testId="plan-counts"
        />
      </div>
      <XYChart
        title={`Pareto front: cost against p99${bound && refs.length === 0 ? ` (SLO ${formatMs(bound.maxMs)} is far above)` : ''}`}
        ariaLabel="Monthly cost against simulated p99 of each simulated configuration; the Pareto front is joined"
        points={points}
        lines={lines}
        refs={refs}
        xFormat={(v) => formatUsd(v)}
        yFormat={axisMs}
        legend={[
          { label: 'meets SLO', className: 'pass' },
          { label: 'breaks SLO', className: 'fail' },
          { label: 'Pareto front', className: 'front-line' },
        ]}
        testId="plan-pareto"
      />
      <table className="plan-table" data-testid="plan-front">
        <thead>
          <tr>
            <th scope="col" aria-label="Choose" />
            <th scope="col">Configuration</th>
            <th scope="col">$/month</th>
            <th scope="col">p99</th>
            <th scope="col">SLO</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr
              key={c.index}
              className={c.index === chosen ? 'chosen' : undefined}
              onClick={() => setChosen(c.index)}
            >
              <td>
                <input
                  type="radio"
                  name="plan-choice"
                  aria-label={`Choose ${configText(c)}`}
                  checked={c.index === chosen}
                  onChange={() => setChosen(c.index)}
                />
              </td>
              <td>{configText(c)}</td>
              <td className="num">{formatUsd(c.costPerMonth)}</td>
              <td className="num">{msOrDash(c.simulated?.p99Ms)}</td>
              <td className={c.simulated?.pass ? 'ok' : 'bad'}>
                {c.simulated?.pass ? 'meets' : 'breaks'}
                {r.best?.index === c.index ? ' · cheapest' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="plan-actions">
        <button
          type="button"
          className="btn primary"
          disabled={!selected || changes.length === 0}
          onClick={apply}
          title="Change the design to this configuration (one undoable edit)"
        >
          Apply to canvas
        </button>
        <span className="muted" data-testid="plan-apply-note">
          {appliedNow
            ? `Applied: ${appliedNow}`
            : !selected
              ? 'Choose a configuration'
              : problem
                ? problem
                : changes.length === 0
                  ? 'The design already has this configuration'
                  : changeText}
        </span>
      </div>
    </>
  );
}

/** Calendar month `months` whole months after `from` ("March 2027"). */
function monthAfter(from: number, months: number): string {
  const d = new Date(from);
  d.setDate(1);
  d.setMonth(d.getMonth() + months);
  return d.toLocaleDateString('en-US', { month: 'long', year: 'numeric' });
}

function GrowthView({ r, finishedAt }: { r: GrowthPlanResult; finishedAt: number }) {
  const { points, lines, refs } = useMemo(() => {
    const pts: XYPoint[] = r.schedule.map((s) => ({
      x: s.month,
      y: s.loadRps,
      className: s.meetsSlo ? 'pass' : 'fail',
      tip: `month ${s.month} (${monthAfter(finishedAt, s.month)}): ${num(s.loadRps, 2)} req/s · ${
        s.meetsSlo ? 'within' : 'above'
      } the max load ${num(r.maxLoadRps, 2)} req/s`,
    }));
    const rl: RefLine[] = [
      {
        axis: 'y',
        value: r.maxLoadRps,
        className: 'max',
        label: `max load ${formatRate(r.maxLoadRps)}`,
        labelAt: 'start',
      },
    ];
    if (r.monthsToBreach !== null && r.monthsToBreach >= 0)
      rl.push({
        axis: 'x',
        value: r.monthsToBreach,
        className: 'slo',
        label: `breaks at ${num(r.monthsToBreach, 1)} mo`,
      });
    return {
      points: pts,
      lines: [
        { points: pts.map((p) => ({ x: p.x, y: p.y })), className: 'series-throughput' },
        {
          points: [
            { x: 0, y: r.ci95[0] },
            { x: r.schedule.at(-1)?.month ?? 1, y: r.ci95[0] },
          ],
          className: 'ci-line',
        },
        {
          points: [
            { x: 0, y: r.ci95[1] },
            { x: r.schedule.at(-1)?.month ?? 1, y: r.ci95[1] },
          ],
          className: 'ci-line',
        },
      ],
      refs: rl,
    };
  }, [r, finishedAt]);
  return (
    <>
      <div className="headline">
        <Metric
          label="SLO breaks"
          value={
            r.breachMonth === null
              ? 'never'
              : r.breachMonth === 0
                ? 'already'
                : monthAfter(finishedAt, r.breachMonth)
          }
          note={
            r.breachMonth === null
              ? 'no growth'
              : r.breachMonth === 0
                ? 'today’s load is above the max load'
                : `month ${r.breachMonth} (after ${num(r.monthsToBreach ?? 0, 1)} months)`
          }
          testId="plan-breach"
        />
        <Metric
          label="Headroom"
          value={formatPercent(r.headroom)}
          note={`at ${formatRate(r.currentRps)} today`}
          testId="plan-headroom"
        />
        <Metric
          label="Max load"
          value={formatRate(r.maxLoadRps)}
          note={`95% CI ${num(r.ci95[0])} … ${num(r.ci95[1])} · ${componentName(r.limitingComponent)}`}
          testId="plan-maxload"
        />
      </div>
      <XYChart
        title={`Load at ${num(r.growthPerMonth * 100, 1)} %/month against the max load`}
        ariaLabel="Load by month at compound growth against the max load within the SLO"
        points={points}
        lines={lines}
        refs={refs}
        xFormat={(v) => `${+v.toPrecision(3)} mo`}
        yFormat={compact}
        legend={[
          { label: 'within max load', className: 'pass' },
          { label: 'above it', className: 'fail' },
          { label: 'max load 95% CI', className: 'ci-line' },
        ]}
        testId="plan-growth"
      />
    </>
  );
}

const SWEEP_METRICS: [SweepMetric, string][] = [
  ['p99Ms', 'p99'],
  ['p50Ms', 'p50'],
  ['meanMs', 'mean latency'],
  ['throughputRps', 'throughput'],
  ['errorRate', 'errors'],
  ['costPerMonth', 'cost'],
];

const metricFormat = (m: SweepMetric, v: number, axis: boolean): string =>
  m === 'errorRate'
    ? `${+(v * 100).toPrecision(axis ? 3 : 6)} %`
    : m === 'costPerMonth'
      ? formatUsd(v)
      : m === 'throughputRps'
        ? axis
          ? compact(v)
          : `${num(v, 2)} req/s`
        : axis
          ? axisMs(v)
          : `${num(v, 3)} ms`;

function SweepView({ r, slo }: { r: SweepResult; slo: PlanSlo | null }) {
  const metric = usePlanner((s) => s.form.sweepMetric);
  const setForm = usePlanner((s) => s.setForm);
  const param = r.params[0];
  const path = param?.path ?? 'load';
  const numeric = r.rows.every((x) => typeof x.values[path] === 'number');
  const label = SWEEP_METRICS.find(([m]) => m === metric)?.[1] ?? metric;
  const { points, lines, refs } = useMemo(() => {
    const pts: XYPoint[] = r.rows
      .filter((x) => x[metric] !== null)
      .map((x, i) => ({
        x: numeric ? (x.values[path] as number) : i,
        y: x[metric] as number,
        className: x.sloPass === null ? 'neutral' : x.sloPass ? 'pass' : 'fail',
        tip: `${shortPath(path)} = ${String(x.values[path])} → ${label} ${metricFormat(metric, x[metric] as number, false)}${
          x.sloPass === null ? '' : x.sloPass ? ' · meets the SLO' : ' · breaks the SLO'
        }`,
      }));
    const percentile = metric === 'p99Ms' ? 99 : metric === 'p50Ms' ? 50 : null;
    const bound = percentile !== null ? slo?.latency.find((l) => l.percentile === percentile) : undefined;
    const rl: RefLine[] = bound
      ? [
          {
            axis: 'y',
            value: bound.maxMs,
            className: 'slo',
            label: `SLO ${label} ≤ ${formatMs(bound.maxMs)}`,
          },
        ]
      : metric === 'errorRate' && slo?.maxErrorRate != null
        ? [{ axis: 'y', value: slo.maxErrorRate, className: 'slo', label: 'SLO errors' }]
        : [];
    return {
      points: pts,
      lines: [{ points: pts.map((p) => ({ x: p.x, y: p.y })), className: 'series-sweep' }],
      refs: rl,
    };
  }, [r, metric, numeric, path, label, slo]);
  return (
    <>
      <div className="field">
        <label htmlFor="plan-metric">Chart</label>
        <div className="field-input">
          <select
            id="plan-metric"
            aria-label="Swept metric"
            value={metric}
            onChange={(e) => setForm({ sweepMetric: e.target.value as SweepMetric })}
          >
            {SWEEP_METRICS.map(([m, l]) => (
              <option key={m} value={m}>
                {l}
              </option>
            ))}
          </select>
          <span className="muted">{r.analyticOnly ? 'analytic estimate' : 'simulated'}</span>
        </div>
      </div>
      <XYChart
        title={`${label} over ${path === 'load' ? 'total load (req/s)' : shortPath(path)}`}
        ariaLabel={`${label} at each value of ${shortPath(path)}`}
        points={points}
        lines={lines}
        refs={refs}
        xFormat={(v) => (numeric ? compact(v) : String(r.rows[Math.round(v)]?.values[path] ?? ''))}
        yFormat={(v) => metricFormat(metric, v, true)}
        legend={
          slo
            ? [
                { label: 'meets SLO', className: 'pass' },
                { label: 'breaks SLO', className: 'fail' },
              ]
            : []
        }
        testId="plan-sweep"
      />
      <table className="plan-table" data-testid="plan-sweep-table">
        <thead>
          <tr>
            <th scope="col">{path === 'load' ? 'Load (req/s)' : shortPath(path)}</th>
            <th scope="col">p99</th>
            <th scope="col">Throughput</th>
            <th scope="col">Errors</th>
            <th scope="col">$/month</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((x) => (
            <tr key={x.index}>
              <td className="num">
                {typeof x.values[path] === 'number' ? num(x.values[path] as number) : String(x.values[path])}
              </td>
              <td className="num">{msOrDash(x.p99Ms)}</td>
              <td className="num">{num(x.throughputRps)} req/s</td>
              <td className="num">{num(x.errorRate * 100, 2)} %</td>
              <td className="num">{formatUsd(x.costPerMonth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const TITLES = { 'max-load': 'Max load', 'right-size': 'Right-size', growth: 'Growth', sweep: 'Sweep' };

/** The answer of the last finished plan. */
export function PlanResults() {
  const { outcome, slo, finishedAt } = usePlanner();
  const parsed = useMemo(() => sloOf(slo), [slo]);
  if (!outcome) return null;
  return (
    <div className="plan-results" data-testid={`plan-result-${outcome.kind}`}>
      <h3>
        {TITLES[outcome.kind]} result{slo ? ` · SLO ${slo}` : ''}
      </h3>
      {outcome.kind === 'max-load' && <MaxLoadView r={outcome.result} slo={parsed} />}
      {outcome.kind === 'right-size' && <RightSizeView r={outcome.result} slo={parsed} />}
      {outcome.kind === 'growth' && <GrowthView r={outcome.result} finishedAt={finishedAt ?? Date.now()} />}
      {outcome.kind === 'sweep' && <SweepView r={outcome.result} slo={parsed} />}
    </div>
  );
}
