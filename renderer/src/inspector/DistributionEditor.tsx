import { area, line, max as d3max, scaleLinear, select, axisBottom } from 'd3';
import { useEffect, useId, useMemo, useRef } from 'react';
import {
  DISTRIBUTION_TYPES,
  DistributionSchema,
  type Distribution,
  type DistributionType,
} from '../../../shared/topology/index.js';
import { getIn, type PathSegment } from '../model/edits.js';
import { useDocument } from '../store/document.js';
import { formatMs } from '../ui/format.js';
import { densityCurve } from './density.js';
import { distributionOfType, summarize } from './distribution-math.js';
import { commit, SchemaField } from './Fields.js';
import { defOf } from './schema.js';

function DensityPlot({ d, p50, p99 }: { d: Distribution; p50: number; p99: number }) {
  const ref = useRef<SVGSVGElement>(null);
  const curve = useMemo(() => densityCurve(d), [d]);
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const width = svg.clientWidth || 300;
    const height = 90;
    const m = { top: 6, right: 14, bottom: 18, left: 16 };
    const root = select(svg);
    root.selectAll('*').remove();
    const xMax = Math.max(curve[curve.length - 1]?.x ?? 1, p99 * 1.05);
    const x = scaleLinear()
      .domain([0, xMax])
      .range([m.left, width - m.right]);
    const yMax = d3max(curve, (p) => p.y) ?? 1;
    const y = scaleLinear()
      .domain([0, yMax > 0 ? yMax * 1.1 : 1])
      .range([height - m.bottom, m.top]);
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${height - m.bottom})`)
      .call(
        axisBottom(x)
          .ticks(4)
          .tickFormat((v) => `${Number(v)} ms`),
      );
    if (d.type === 'constant') {
      root
        .append('line')
        .attr('class', 'density-line')
        .attr('x1', x(d.valueMs))
        .attr('x2', x(d.valueMs))
        .attr('y1', y(0))
        .attr('y2', m.top);
    } else {
      root
        .append('path')
        .datum(curve)
        .attr('class', 'density-area')
        .attr(
          'd',
          area<{ x: number; y: number }>()
            .x((p) => x(p.x))
            .y0(y(0))
            .y1((p) => y(p.y)),
        );
      root
        .append('path')
        .datum(curve)
        .attr('class', 'density-line')
        .attr(
          'd',
          line<{ x: number; y: number }>()
            .x((p) => x(p.x))
            .y((p) => y(p.y)),
        );
    }
    for (const [v, cls] of [
      [p50, 'marker-p50'],
      [p99, 'marker-p99'],
    ] as const)
      root
        .append('line')
        .attr('class', `marker ${cls}`)
        .attr('x1', x(v))
        .attr('x2', x(v))
        .attr('y1', y(0))
        .attr('y2', m.top);
  }, [curve, d, p50, p99]);
  return (
    <svg
      ref={ref}
      className="density"
      width="100%"
      height={90}
      role="img"
      aria-label={`Density; p50 ${formatMs(p50)}, p99 ${formatMs(p99)}`}
    />
  );
}

/** Editor of a time distribution: type, parameters, a density plot and its p50/p99. */
export function DistributionEditor({ path, label }: { path: PathSegment[]; label: string }) {
  const d = useDocument((s) => getIn(s.topology, path)) as Distribution | undefined;
  const uid = useId();
  if (!d || typeof d !== 'object') return null;
  const option = DistributionSchema.options.find((o) => o.shape.type.value === d.type);
  const shape = option ? (defOf(option).shape ?? {}) : {};
  const s = summarize(d);
  return (
    <div className="distribution">
      <div className="field">
        <label htmlFor={`${uid}-type`}>Distribution</label>
        <div className="field-input">
          <select
            id={`${uid}-type`}
            aria-label={`${label} distribution`}
            value={d.type}
            onChange={(e) =>
              commit(path, distributionOfType(e.target.value as DistributionType, s?.mean ?? 10))
            }
          >
            {DISTRIBUTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
      </div>
      {Object.entries(shape)
        .filter(([k]) => k !== 'type')
        .map(([k, sch]) => (
          <SchemaField key={k} name={k} schema={sch} path={[...path, k]} />
        ))}
      {s ? (
        <>
          <DensityPlot d={d} p50={s.p50} p99={s.p99} />
          <div className="dist-summary" data-testid="distribution-summary">
            <span>mean {formatMs(s.mean)}</span>
            <span className="p50">p50 {formatMs(s.p50)}</span>
            <span className="p99">p99 {formatMs(s.p99)}</span>
            <span>cv {Number.isFinite(s.cv) ? s.cv.toFixed(2) : '∞'}</span>
          </div>
        </>
      ) : (
        <div className="dist-summary muted">Fix the parameters to see the density.</div>
      )}
    </div>
  );
}
