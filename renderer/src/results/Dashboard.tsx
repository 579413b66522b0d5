import { useCallback, useMemo } from 'react';
import type { PricingCatalog } from '../../../shared/pricing/index.js';
import type { SimulationResult } from '../../../shared/results/index.js';
import type { Topology } from '../../../shared/topology/index.js';
import { usePricing } from '../store/pricing.js';
import { useRunStore } from '../store/run.js';
import { useSelection } from '../store/selection.js';
import { formatMs, formatPercent, formatUsd } from '../ui/format.js';
import { costSeries, type CostSeries } from './cost-series.js';
import {
  componentRows,
  componentSeries,
  componentsWith,
  figureSeries,
  keyOf,
  scaledPools,
  scaleMarks,
  type ComponentFigure,
} from './dashboard-data.js';
import { UtilizationHeatmap } from './Heatmap.js';
import { StackedChart, type Layer } from './StackedChart.js';
import { TimeChart, type Series } from './TimeChart.js';

/** Categorical colour classes for one line or area per component (styles in dashboard.css). */
const CATEGORIES = 8;
export const catClass = (i: number): string => `series-cat-${i % CATEGORIES}`;

/** Serving and warming instances, stacked. */
export const INSTANCE_LAYERS: readonly Layer[] = [
  { key: 'serving', label: 'serving', className: 'layer-serving' },
  { key: 'warming', label: 'warming', className: 'layer-warming' },
];

/** Says where the scale marks come from (the engine's result has no list of decisions). */
export const MARKS_NOTE =
  'Scale-out ▲ and scale-in ▼ are read from changes in the instance count between windows.';

const count = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Names of the run's components from its design (ids when the design did not parse). */
export function useNames(): Record<string, string> {
  const topology = useRunStore((s) => s.runTopology);
  const result = useRunStore((s) => s.result);
  return useMemo(() => {
    const out: Record<string, string> = {};
    for (const c of result?.components ?? []) out[c.id] = topology?.components[c.id]?.name ?? c.id;
    return out;
  }, [topology, result]);
}

/** Selects a component (canvas highlight and its results panel). */
const pick = (id: string) => useSelection.getState().select([id]);

/** Steps of the cost chart: cost per hour reads better over buckets of windows than per second. */
const COST_POINTS = 60;

/** The app's pricing catalog (as edited), or null until it arrives or when the host has none. */
const usePricingCatalog = (): PricingCatalog | null => usePricing((s) => s.catalog);

/** Last cost computed per result (the cost section and the component panel share it). */
const costCache = new WeakMap<
  SimulationResult,
  { topology: Topology; catalog: PricingCatalog | null; cost: CostSeries }
>();

/** Cost of the shown run over time, priced with the app's catalog; null without a result or design. */
export function useRunCost(): { cost: CostSeries | null; error: string | null } {
  const result = useRunStore((s) => s.result);
  const topology = useRunStore((s) => s.runTopology);
  const catalog = usePricingCatalog();
  return useMemo(() => {
    if (!result || !topology) return { cost: null, error: null };
    const hit = costCache.get(result);
    if (hit && hit.topology === topology && hit.catalog === catalog) return { cost: hit.cost, error: null };
    try {
      const cost = costSeries(topology, result, catalog ?? undefined, COST_POINTS);
      costCache.set(result, { topology, catalog, cost });
      return { cost, error: null };
    } catch (e) {
      return { cost: null, error: `The cost model could not price this design: ${(e as Error).message}` };
    }
  }, [result, topology, catalog]);
}

/** Every component's figures over the measured period; a row selects its component. */
export function ComponentTable() {
  const result = useRunStore((s) => s.result);
  const topology = useRunStore((s) => s.runTopology);
  const selected = useSelection((s) => s.nodes);
  const rows = useMemo(() => (result ? componentRows(result, topology) : []), [result, topology]);
  if (rows.length === 0) return null;
  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">Components</span>
        <span className="muted small">click a row or a node for its panel</span>
      </figcaption>
      <div className="table-scroll">
        <table className="component-table" data-testid="component-table" aria-label="Results per component">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col" title="Busy fraction of the CPU servers">
                Util.
              </th>
              <th scope="col" title="Visits completed per second">
                req/s
              </th>
              <th scope="col" title="Mean time per visit, synchronous calls included">
                Mean
              </th>
              <th scope="col" title="Time-average visits waiting for a worker or a core">
                Queue
              </th>
              <th scope="col" title="Visits refused (503, 429) or failed">
                Errors
              </th>
              <th scope="col" title="Mean serving instances">
                Inst.
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                className={selected.includes(r.id) ? 'selected' : undefined}
                data-testid={`component-row-${r.id}`}
                onClick={() => pick(r.id)}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    onClick={() => pick(r.id)}
                    title={`${r.name} (${r.kind})`}
                  >
                    {r.name}
                  </button>
                </th>
                <td className="num">{r.utilization === null ? '—' : formatPercent(r.utilization)}</td>
                <td className="num">{count(r.throughputRps)}</td>
                <td className="num">{r.meanResponseMs === null ? '—' : formatMs(r.meanResponseMs)}</td>
                <td className="num">{count(r.meanQueueLength)}</td>
                <td className="num">{r.errors.toLocaleString('en-US')}</td>
                <td className="num">{count(r.instances)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** Serving and warming instances of one pool with its scale marks. */
export function InstancesChart({
  result,
  id,
  name,
  height = 130,
}: {
  result: SimulationResult;
  id: string;
  name: string;
  height?: number;
}) {
  const points = useMemo(() => componentSeries(result, id), [result, id]);
  const marks = useMemo(() => scaleMarks(points), [points]);
  const outs = marks.filter((m) => m.direction === 'out').length;
  return (
    <StackedChart
      points={points}
      layers={INSTANCE_LAYERS}
      title={`Instances — ${name}`}
      unit="inst."
      height={height}
      marks={marks}
      testId={`instances-${id}`}
      ariaLabel={`Instances of ${name} over time, serving and warming stacked; ${outs} scale-out and ${marks.length - outs} scale-in marks`}
      note={MARKS_NOTE}
    />
  );
}

/** Instances over time of every autoscaled pool (or pool whose size changed). */
export function ScalingCharts() {
  const result = useRunStore((s) => s.result);
  const topology = useRunStore((s) => s.runTopology);
  const names = useNames();
  const pools = useMemo(() => (result ? scaledPools(result, topology) : []), [result, topology]);
  if (!result || pools.length === 0) return null;
  return (
    <>
      {pools.map((id) => (
        <InstancesChart key={id} result={result} id={id} name={names[id] ?? id} />
      ))}
    </>
  );
}

/** Lines of one figure per component (hit ratio of caches, depth of queues). */
function PerComponentChart({
  result,
  ids,
  figure,
  scale,
  title,
  unit,
  ariaLabel,
  testId,
}: {
  result: SimulationResult;
  ids: string[];
  figure: ComponentFigure;
  scale: number;
  title: string;
  unit: string;
  ariaLabel: string;
  testId: string;
}) {
  const names = useNames();
  const points = useMemo(() => figureSeries(result, ids, figure, scale), [result, ids, figure, scale]);
  const series = useMemo<Series[]>(
    () => ids.map((id, i) => ({ key: keyOf(id), label: names[id] ?? id, className: catClass(i) })),
    [ids, names],
  );
  return (
    <TimeChart
      windows={points}
      series={series}
      title={title}
      unit={unit}
      height={130}
      ariaLabel={ariaLabel}
      testId={testId}
    />
  );
}

/** Hit ratio of key-model caches, depth and consumer lag of queues over time, only when the design has them. */
export function CacheQueueCharts() {
  const result = useRunStore((s) => s.result);
  const caches = useMemo(() => (result ? componentsWith(result, 'hitRatio') : []), [result]);
  const queues = useMemo(() => (result ? componentsWith(result, 'queueDepthMean') : []), [result]);
  if (!result) return null;
  return (
    <>
      {caches.length > 0 && (
        <PerComponentChart
          result={result}
          ids={caches}
          figure="hitRatio"
          scale={100}
          title="Cache hit ratio"
          unit="%"
          ariaLabel="Cache hit ratio over time, percent of lookups"
          testId="hit-ratio-chart"
        />
      )}
      {queues.length > 0 && (
        <PerComponentChart
          result={result}
          ids={queues}
          figure="queueDepthMean"
          scale={1}
          title="Queue depth"
          unit="msgs"
          ariaLabel="Queue depth over time, mean messages waiting"
          testId="queue-depth-chart"
        />
      )}
      {queues.length > 0 && (
        <PerComponentChart
          result={result}
          ids={queues}
          figure="consumerLagMean"
          scale={1}
          title="Consumer lag"
          unit="msgs"
          ariaLabel="Consumer lag over time, mean messages published and not yet consumed"
          testId="consumer-lag-chart"
        />
      )}
    </>
  );
}

/** Components drawn as their own cost layer; the rest are summed as "other". */
const COST_LAYERS = 5;

/** Cost of the run: per month and per million requests, over time by component, and the breakdown. */
export function CostSection() {
  const { cost, error } = useRunCost();
  const names = useNames();
  const ranked = useMemo(
    () =>
      cost
        ? Object.entries(cost.total.byComponent)
            .filter(([, usd]) => usd > 0)
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        : [],
    [cost],
  );
  const { layers, points } = useMemo(() => {
    if (!cost) return { layers: [] as Layer[], points: [] };
    const shown = ranked.slice(0, COST_LAYERS).map(([id]) => id);
    const rest = ranked.slice(COST_LAYERS).map(([id]) => id);
    const layers: Layer[] = shown.map((id, i) => ({
      key: keyOf(id),
      label: names[id] ?? id,
      className: catClass(i),
    }));
    if (rest.length > 0)
      layers.push({ key: 'other', label: `${rest.length} other`, className: 'layer-other' });
    const points = cost.points.map((p) =>
      rest.length > 0 ? { ...p, other: rest.reduce((a, id) => a + (p[keyOf(id)] ?? 0), 0) } : p,
    );
    return { layers, points };
  }, [cost, ranked, names]);
  if (error) return <div className="error-box">{error}</div>;
  if (!cost) return null;
  const max = ranked[0]?.[1] ?? 0;
  return (
    <section className="cost-section" aria-label="Cost" data-testid="cost-section">
      <h3 className="section-title">
        Cost <span className="muted small">measured period, app’s price catalog</span>
      </h3>
      <div className="headline cost-headline">
        <div className="metric">
          <div className="label">Cost per month</div>
          <div className="value" data-testid="cost-month">
            {formatUsd(cost.total.perMonth)}
          </div>
        </div>
        <div className="metric">
          <div className="label">Per hour</div>
          <div className="value">{formatUsd(cost.total.perHour)}</div>
        </div>
        <div className="metric">
          <div className="label">Per million req.</div>
          <div className="value">
            {cost.total.perMillionRequests === null ? '—' : formatUsd(cost.total.perMillionRequests)}
          </div>
        </div>
      </div>
      {cost.total.transferPerMonth > 0 && (
        <p className="muted small" data-testid="cost-transfer">
          Of which data transfer (egress, cross-zone, cross-region) {formatUsd(cost.total.transferPerMonth)}
          /month, counted in the components that send it.
        </p>
      )}
      {layers.length > 0 && (
        <StackedChart
          points={points}
          layers={layers}
          title="Cost over time"
          unit="$/h"
          valueFormat={(v) => `${formatUsd(v)}/h`}
          testId="cost-chart"
          ariaLabel={`Cost per hour over time by component; ${formatUsd(cost.total.perMonth)} per month over the measured period`}
        />
      )}
      <table
        className="util-table cost-table"
        data-testid="cost-breakdown"
        aria-label="Cost per component, per month"
      >
        <tbody>
          {ranked.map(([id, usd], i) => (
            <tr key={id}>
              <th scope="row">
                <button type="button" className="link" onClick={() => pick(id)}>
                  {names[id] ?? id}
                </button>
              </th>
              <td className="bars">
                <div
                  className={`bar cost ${i < COST_LAYERS ? catClass(i) : 'layer-other'}`}
                  style={{ width: `${max > 0 ? (usd / max) * 100 : 0}%` }}
                />
              </td>
              <td className="num">{formatUsd(usd)}/mo</td>
              <td className="num muted">{formatPercent(usd / cost.total.perMonth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cost.total.notes.length > 0 && (
        <details className="small muted">
          <summary>Pricing assumptions ({cost.total.notes.length})</summary>
          <ul>
            {cost.total.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The utilization heatmap of the shown run; a row selects its component. */
export function HeatmapSection() {
  const result = useRunStore((s) => s.result);
  const names = useNames();
  const onPick = useCallback((id: string) => pick(id), []);
  if (!result) return null;
  return <UtilizationHeatmap result={result} names={names} onPick={onPick} />;
}
