import { area, axisBottom, axisLeft, curveStepAfter, format, pointer, scaleLinear, select, stack } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ScaleMark } from './dashboard-data.js';
import { downsample, MAX_DRAWN_POINTS, spanOf } from './downsample.js';
import { spanText, type TimePoint } from './TimeChart.js';

/** One stacked layer: a value key, its legend label and the class that colours it. */
export interface Layer {
  key: string;
  label: string;
  className: string;
}

/** No marks (a constant, so the chart does not redraw on every render). */
const NO_MARKS: readonly ScaleMark[] = [];

const plain = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * Stacked areas over simulated time (steps: each window holds its value), drawn with d3, with
 * optional scale-out / scale-in marks; hovering shows each layer's exact value, the total and any
 * mark in the window.
 */
export function StackedChart<T extends TimePoint>({
  points,
  layers,
  title,
  unit,
  ariaLabel,
  height = 150,
  marks = NO_MARKS,
  valueFormat = plain,
  testId,
  note,
}: {
  points: readonly T[];
  layers: readonly Layer[];
  title: string;
  unit: string;
  ariaLabel: string;
  height?: number;
  marks?: readonly ScaleMark[];
  valueFormat?: (v: number) => string;
  testId?: string;
  /** A line under the chart (e.g. how the marks were found). */
  note?: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<T | null>(null);
  // A long run is merged to at most MAX_DRAWN_POINTS steps (mean of the merged windows).
  const drawn = useMemo(() => downsample(points, MAX_DRAWN_POINTS) as unknown as T[], [points]);

  useEffect(() => {
    const svg = ref.current;
    if (!svg || drawn.length === 0) return;
    const width = svg.clientWidth || 480;
    const margin = { top: 12, right: 12, bottom: 24, left: 62 };
    const root = select(svg);
    root.selectAll('*').remove();
    const last = drawn[drawn.length - 1] as T;
    const xMax = last.startS + spanOf(last);
    // The last step is held to the end of its window.
    const steps = [...drawn, { ...last, startS: xMax }];
    const series = stack<T>()
      .keys(layers.map((l) => l.key))
      .value((d, k) => {
        const v = d[k];
        return typeof v === 'number' && Number.isFinite(v) ? v : 0;
      })(steps);
    const top = Math.max(0, ...series.flatMap((s) => s.map((p) => p[1]))) || 1;
    // SI prefixes for large values only ("1.2k"), plain numbers below (no "800m" for 0.8).
    const compact = format(top >= 1000 ? '~s' : '~g');
    const x = scaleLinear()
      .domain([drawn[0]?.startS ?? 0, xMax])
      .range([margin.left, width - margin.right]);
    const y = scaleLinear()
      .domain([0, top * 1.1])
      .nice()
      .range([height - margin.bottom, margin.top]);
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${height - margin.bottom})`)
      .call(
        axisBottom(x)
          .ticks(6)
          .tickFormat((d) => `${Number(d)} s`),
      );
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${margin.left},0)`)
      .call(
        axisLeft(y)
          .ticks(Math.max(2, Math.min(5, Math.round(height / 35))))
          .tickFormat((d) => (unit === '$/h' ? `$${compact(Number(d))}/h` : `${compact(Number(d))} ${unit}`)),
      );
    series.forEach((s, i) => {
      const shape = area<(typeof s)[number]>()
        .curve(curveStepAfter)
        .x((p) => x(p.data.startS))
        .y0((p) => y(p[0]))
        .y1((p) => y(p[1]));
      root
        .append('path')
        .datum(s)
        .attr('class', `layer ${layers[i]?.className ?? ''}`)
        .attr('d', shape);
    });
    const g = root.append('g').attr('class', 'scale-marks');
    for (const m of marks) {
      const mx = x(m.atS + (m.endS - m.atS) / 2);
      g.append('line')
        .attr('class', `scale-mark ${m.direction}`)
        .attr('x1', mx)
        .attr('x2', mx)
        .attr('y1', margin.top)
        .attr('y2', height - margin.bottom);
      g.append('path')
        .attr('class', `scale-mark-head ${m.direction}`)
        .attr(
          'd',
          m.direction === 'out'
            ? `M${mx - 4},${margin.top + 1}L${mx + 4},${margin.top + 1}L${mx},${margin.top - 6}Z`
            : `M${mx - 4},${margin.top - 6}L${mx + 4},${margin.top - 6}L${mx},${margin.top + 1}Z`,
        )
        .append('title')
        .text(
          `${m.direction === 'out' ? 'Scale-out' : 'Scale-in'} ${m.from} → ${m.to} at ${spanText({ startS: m.atS, spanS: m.endS - m.atS })}`,
        );
    }
    const cursor = root
      .append('line')
      .attr('class', 'cursor')
      .attr('y1', margin.top)
      .attr('y2', height - margin.bottom)
      .style('display', 'none');
    root
      .append('rect')
      .attr('class', 'overlay')
      .attr('x', margin.left)
      .attr('y', margin.top)
      .attr('width', Math.max(0, width - margin.left - margin.right))
      .attr('height', Math.max(0, height - margin.top - margin.bottom))
      .on('mousemove', (event: MouseEvent) => {
        const t = x.invert(pointer(event)[0]);
        const hit = drawn.find((p) => t >= p.startS && t < p.startS + spanOf(p)) ?? last;
        const cx = x(hit.startS + spanOf(hit) / 2);
        cursor.style('display', null).attr('x1', cx).attr('x2', cx);
        setHover(hit);
      })
      .on('mouseleave', () => {
        cursor.style('display', 'none');
        setHover(null);
      });
  }, [drawn, layers, marks, height, unit]);

  const value = (p: T, key: string) => {
    const v = p[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  const hoverMarks = hover
    ? marks.filter((m) => m.atS >= hover.startS && m.atS < hover.startS + spanOf(hover))
    : [];
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <span className="chart-title">{title}</span>
        {layers.map((l) => (
          <span key={l.key} className={`legend legend-area ${l.className}`}>
            {l.label}
          </span>
        ))}
        {marks.some((m) => m.direction === 'out') && <span className="legend-mark out">scale-out</span>}
        {marks.some((m) => m.direction === 'in') && <span className="legend-mark in">scale-in</span>}
      </figcaption>
      <svg ref={ref} width="100%" height={height} role="img" aria-label={ariaLabel} />
      <div className="chart-tooltip" aria-live="polite">
        {hover
          ? [
              `t = ${spanText(hover)}`,
              ...layers.map((l) => `${l.label} ${valueFormat(value(hover, l.key))}`),
              ...(layers.length > 1
                ? [`total ${valueFormat(layers.reduce((a, l) => a + value(hover, l.key), 0))}`]
                : []),
              ...hoverMarks.map(
                (m) => `${m.direction === 'out' ? 'scale-out' : 'scale-in'} ${m.from} → ${m.to}`,
              ),
            ].join(' · ')
          : ' '}
      </div>
      {note && <div className="chart-note">{note}</div>}
    </figure>
  );
}
