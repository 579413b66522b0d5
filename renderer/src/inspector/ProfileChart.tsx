import { area, axisBottom, axisLeft, format, line, max as d3max, scaleLinear, select } from 'd3';
import { useEffect, useMemo, useRef } from 'react';
import type { Scenario } from '../../../shared/topology/index.js';
import { failureSpans, profileCurve } from './profile.js';

/**
 * The scenario's load factor over time (the engine's profile), with scripted failures marked. With
 * `base` (a source's rate in req/s or its user count), the curve is drawn in that unit: base × factor.
 */
export function ProfileChart({
  scenario,
  base,
  title = 'Load over time',
}: {
  scenario: Scenario;
  base?: { value: number; unit: string };
  title?: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const k = base?.value ?? 1;
  const inUnits = base !== undefined;
  const curve = useMemo(
    () => profileCurve(scenario)?.map((p) => ({ t: p.t, factor: p.factor * k })) ?? null,
    [scenario, k],
  );
  const spans = useMemo(() => failureSpans(scenario), [scenario]);
  useEffect(() => {
    const svg = ref.current;
    if (!svg || !curve) return;
    const width = svg.clientWidth || 300;
    const height = 100;
    const m = { top: 8, right: 8, bottom: 18, left: 34 };
    const root = select(svg);
    root.selectAll('*').remove();
    const x = scaleLinear()
      .domain([0, scenario.durationS])
      .range([m.left, width - m.right]);
    const yMax = Math.max(inUnits ? 1e-9 : 1, d3max(curve, (p) => p.factor) ?? 1) * 1.1;
    const y = scaleLinear()
      .domain([0, yMax])
      .nice()
      .range([height - m.bottom, m.top]);
    if (scenario.warmupS)
      root
        .append('rect')
        .attr('class', 'warmup-band')
        .attr('x', x(0))
        .attr('y', m.top)
        .attr('width', Math.max(0, x(Math.min(scenario.warmupS, scenario.durationS)) - x(0)))
        .attr('height', height - m.top - m.bottom);
    for (const s of spans) {
      const w = Math.max(2, x(s.endS) - x(s.startS));
      root
        .append('rect')
        .attr('class', 'failure-band')
        .attr('x', x(s.startS))
        .attr('y', m.top)
        .attr('width', w)
        .attr('height', height - m.top - m.bottom)
        .append('title')
        .text(`${s.label} at ${s.startS} s`);
    }
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${height - m.bottom})`)
      .call(
        axisBottom(x)
          .ticks(5)
          .tickFormat((v) => `${Number(v)} s`),
      );
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${m.left},0)`)
      .call(
        axisLeft(y)
          .ticks(3)
          .tickFormat((v) => (inUnits ? format('~s')(Number(v)) : `×${Number(v)}`)),
      );
    root
      .append('path')
      .datum(curve)
      .attr('class', 'density-area')
      .attr(
        'd',
        area<{ t: number; factor: number }>()
          .x((p) => x(p.t))
          .y0(y(0))
          .y1((p) => y(p.factor)),
      );
    root
      .append('path')
      .datum(curve)
      .attr('class', 'density-line')
      .attr(
        'd',
        line<{ t: number; factor: number }>()
          .x((p) => x(p.t))
          .y((p) => y(p.factor)),
      );
  }, [curve, spans, scenario.durationS, scenario.warmupS, inUnits]);
  if (!curve) return <p className="muted small">Fix the scenario’s profile to see it.</p>;
  return (
    <figure className="chart profile-chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="legend legend-warmup">warm-up</span>
        {spans.length > 0 && <span className="legend legend-failure">failures</span>}
      </figcaption>
      <svg
        ref={ref}
        className="density"
        width="100%"
        height={100}
        role="img"
        aria-label={`${base ? `${title}, ${base.unit},` : 'Load factor'} over ${scenario.durationS} s, peak ${base ? `${Math.max(...curve.map((p) => p.factor)).toFixed(1)} ${base.unit}` : `×${Math.max(...curve.map((p) => p.factor)).toFixed(2)}`}${spans.length ? `, ${spans.length} failure(s)` : ''}`}
      />
    </figure>
  );
}
