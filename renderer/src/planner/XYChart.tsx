import { axisBottom, axisLeft, line, pointer, scaleLinear, scaleLog, select } from 'd3';
import { useEffect, useRef, useState } from 'react';

/** One marker of a chart: position, style and the exact values its tooltip shows. */
export interface XYPoint {
  x: number;
  y: number;
  className: string;
  tip: string;
  /** Whiskers (e.g. a 95% CI) on the y axis, same unit as y. */
  yRange?: [number, number];
  selected?: boolean;
  onSelect?: () => void;
}

/** A polyline through points (drawn beneath the markers). */
export interface XYLine {
  points: { x: number; y: number }[];
  className: string;
}

/** A labelled reference line across the plot at a value of one axis (SLO bound, max load). */
export interface RefLine {
  axis: 'x' | 'y';
  value: number;
  className: string;
  label: string;
  /** Where a horizontal line's label sits: at the left or (default) the right end. */
  labelAt?: 'start' | 'end';
}

/** A d3 scatter/line chart for the planner; hovering (or focusing) a marker shows its exact values. */
export function XYChart({
  title,
  ariaLabel,
  points,
  lines = [],
  refs = [],
  xFormat,
  yFormat,
  yLog = false,
  legend = [],
  height = 200,
  testId,
}: {
  title: string;
  ariaLabel: string;
  points: readonly XYPoint[];
  lines?: readonly XYLine[];
  refs?: readonly RefLine[];
  xFormat: (v: number) => string;
  yFormat: (v: number) => string;
  /** Logarithmic y axis (latencies near saturation span decades). */
  yLog?: boolean;
  legend?: readonly { label: string; className: string }[];
  height?: number;
  testId?: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<string | null>(null);

  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const width = svg.clientWidth || 360;
    const margin = { top: 12, right: 14, bottom: 26, left: 58 };
    const root = select(svg);
    root.selectAll('*').remove();
    const xs = [...points.map((p) => p.x), ...lines.flatMap((l) => l.points.map((p) => p.x))];
    const ys = [
      ...points.flatMap((p) => [p.y, ...(p.yRange ?? [])]),
      ...lines.flatMap((l) => l.points.map((p) => p.y)),
    ];
    for (const r of refs) (r.axis === 'x' ? xs : ys).push(r.value);
    const finiteXs = xs.filter(Number.isFinite);
    const finiteYs = ys.filter((v) => Number.isFinite(v) && (!yLog || v > 0));
    if (finiteXs.length === 0 || finiteYs.length === 0) return;
    const [x0, x1] = [Math.min(...finiteXs), Math.max(...finiteXs)];
    const padX = x1 > x0 ? (x1 - x0) * 0.06 : Math.max(1, Math.abs(x0) * 0.1);
    const x = scaleLinear()
      .domain([x0 - padX, x1 + padX])
      .range([margin.left, width - margin.right]);
    const [y0, y1] = [Math.min(...finiteYs), Math.max(...finiteYs)];
    const y = (
      yLog
        ? scaleLog()
            .domain([y0 / 1.3, y1 * 1.3])
            .clamp(true)
        : scaleLinear()
            .domain([Math.min(0, y0), y1 * 1.1 || 1])
            .nice()
    ).range([height - margin.bottom, margin.top]);
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${height - margin.bottom})`)
      .call(
        axisBottom(x)
          .ticks(5)
          .tickFormat((d) => xFormat(Number(d))),
      );
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${margin.left},0)`)
      .call(
        (yLog
          ? // Log ticks at 1, 2 and 5 of each decade only, so the labels do not overlap.
            axisLeft(y).tickValues(
              y
                .ticks(6)
                .filter((v) => [1, 2, 5].includes(Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9)))),
            )
          : axisLeft(y).ticks(5)
        ).tickFormat((d) => yFormat(Number(d))),
      );
    for (const r of refs) {
      const g = root.append('g').attr('class', `ref ${r.className}`);
      if (r.axis === 'y') {
        g.append('line')
          .attr('x1', margin.left)
          .attr('x2', width - margin.right)
          .attr('y1', y(r.value))
          .attr('y2', y(r.value));
        const atStart = r.labelAt === 'start';
        g.append('text')
          .attr('x', atStart ? margin.left + 3 : width - margin.right - 2)
          .attr('y', y(r.value) - 3)
          .attr('text-anchor', atStart ? 'start' : 'end')
          .text(r.label);
      } else {
        g.append('line')
          .attr('x1', x(r.value))
          .attr('x2', x(r.value))
          .attr('y1', margin.top)
          .attr('y2', height - margin.bottom);
        // Labels of lines in the right third go to their left, so they stay inside the plot.
        const left = x(r.value) > margin.left + (width - margin.left - margin.right) * 0.66;
        g.append('text')
          .attr('x', x(r.value) + (left ? -3 : 3))
          .attr('y', margin.top + 9)
          .attr('text-anchor', left ? 'end' : 'start')
          .text(r.label);
      }
    }
    for (const l of lines) {
      const path = line<{ x: number; y: number }>()
        .defined((p) => Number.isFinite(p.y) && (!yLog || p.y > 0))
        .x((p) => x(p.x))
        .y((p) => y(p.y));
      root.append('path').datum(l.points).attr('class', `series ${l.className}`).attr('d', path);
    }
    const shown = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!yLog || p.y > 0));
    for (const p of shown) {
      if (!p.yRange) continue;
      root
        .append('line')
        .attr('class', `whisker ${p.className}`)
        .attr('x1', x(p.x))
        .attr('x2', x(p.x))
        .attr('y1', y(p.yRange[0]))
        .attr('y2', y(p.yRange[1]));
    }
    root
      .append('g')
      .selectAll('circle')
      .data(shown)
      .join('circle')
      .attr(
        'class',
        (p) => `dot ${p.className}${p.selected ? ' selected' : ''}${p.onSelect ? ' clickable' : ''}`,
      )
      .attr('cx', (p) => x(p.x))
      .attr('cy', (p) => y(p.y))
      .attr('r', (p) => (p.selected ? 6 : 4))
      .attr('data-tip', (p) => p.tip)
      .on('click', (_e, p) => p.onSelect?.());
    // Nearest marker to the pointer (in pixels) shows its tooltip; clicking selects it.
    const nearest = (event: MouseEvent): XYPoint | null => {
      const [mx, my] = pointer(event);
      let best: XYPoint | null = null;
      let dist = Infinity;
      for (const p of shown) {
        const d = Math.hypot(x(p.x) - mx, y(p.y) - my);
        if (d < dist) {
          dist = d;
          best = p;
        }
      }
      return dist < 40 ? best : null;
    };
    root
      .append('rect')
      .attr('class', 'overlay')
      .attr('x', margin.left)
      .attr('y', margin.top)
      .attr('width', Math.max(0, width - margin.left - margin.right))
      .attr('height', Math.max(0, height - margin.top - margin.bottom))
      .on('mousemove', (event: MouseEvent) => setHover(nearest(event)?.tip ?? null))
      .on('mouseleave', () => setHover(null))
      .on('click', (event: MouseEvent) => nearest(event)?.onSelect?.());
  }, [points, lines, refs, xFormat, yFormat, yLog, height]);

  return (
    <figure className="chart planner-chart" data-testid={testId}>
      <figcaption>
        <span className="chart-title">{title}</span>
        {legend.map((l) => (
          <span key={l.label} className={`legend ${l.className}`}>
            {l.label}
          </span>
        ))}
      </figcaption>
      <svg ref={ref} width="100%" height={height} role="img" aria-label={ariaLabel} />
      <div className="chart-tooltip" aria-live="polite" data-testid={testId ? `${testId}-tip` : undefined}>
        {hover ?? ' '}
      </div>
    </figure>
  );
}
