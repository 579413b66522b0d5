import { axisBottom, axisLeft, format, line, pointer, scaleLinear, select } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { downsample, MAX_DRAWN_POINTS, spanOf, type Reduce } from './downsample.js';

/** A point of a time series: window start and length (s, default 1) and named values (null when undefined). */
export type TimePoint = { startS: number; spanS?: number } & Record<string, number | null | undefined>;

/** One line of a time chart. */
export interface Series<T extends TimePoint = TimePoint> {
  key: keyof T & string;
  label: string;
  className: string;
  /** How merged windows combine when a long run is downsampled for drawing (default mean). */
  reduce?: Reduce;
}

/** Time span of a drawn point as text ("12 s", or "10–20 s" for merged windows). */
export function spanText(p: { startS: number; spanS?: number }): string {
  const span = spanOf(p);
  const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return span === 1 ? `${n(p.startS)} s` : `${n(p.startS)}–${n(p.startS + span)} s`;
}

/** Values per window over simulated time, drawn with d3; hovering shows the exact values. */
export function TimeChart<T extends TimePoint>({
  windows,
  series,
  title,
  unit,
  height = 170,
  ariaLabel,
  testId,
}: {
  windows: readonly T[];
  series: readonly Series<T>[];
  title: string;
  unit: string;
  height?: number;
  ariaLabel: string;
  testId?: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<T | null>(null);
  // A long run is merged to at most MAX_DRAWN_POINTS points per series for drawing.
  const drawn = useMemo(
    () =>
      downsample(
        windows,
        MAX_DRAWN_POINTS,
        Object.fromEntries(series.map((s) => [s.key, s.reduce ?? 'mean'])),
      ) as unknown as T[],
    [windows, series],
  );
  const merged = drawn.length < windows.length;

  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const width = svg.clientWidth || 480;
    const margin = { top: 10, right: 12, bottom: 24, left: 62 };
    const root = select(svg);
    root.selectAll('*').remove();
    const mid = (w: T) => w.startS + spanOf(w) / 2;
    const xMax = Math.max(1, ...drawn.map((w) => w.startS + spanOf(w)));
    const values = drawn
      .flatMap((w) => series.map((s) => w[s.key] as number | null | undefined))
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    // An all-zero series (an idle queue) still gets a readable 0–1 axis.
    const top = Math.max(0, ...values);
    const yMax = top > 0 ? top * 1.1 : 1;
    // SI prefixes for large values only ("1.2k"), plain numbers below (no "800m" for 0.8).
    const compact = format(yMax >= 1000 ? '~s' : '~g');
    const x = scaleLinear()
      .domain([0, xMax])
      .range([margin.left, width - margin.right]);
    const y = scaleLinear()
      .domain([0, yMax])
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
          // About one tick per 35 px of height, so small charts stay legible.
          .ticks(Math.max(2, Math.min(5, Math.round(height / 35))))
          .tickFormat((d) => `${compact(Number(d))} ${unit}`),
      );
    for (const s of series) {
      const path = line<T>()
        .defined((w) => typeof w[s.key] === 'number')
        .x((w) => x(mid(w)))
        .y((w) => y((w[s.key] as number | null) ?? 0));
      root.append('path').datum(drawn).attr('class', `series ${s.className}`).attr('d', path);
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
        const [mx] = pointer(event);
        const t = x.invert(mx);
        let best: T | null = null;
        for (const w of drawn) if (!best || Math.abs(mid(w) - t) < Math.abs(mid(best) - t)) best = w;
        if (best) {
          cursor
            .style('display', null)
            .attr('x1', x(mid(best)))
            .attr('x2', x(mid(best)));
          setHover(best);
        }
      })
      .on('mouseleave', () => {
        cursor.style('display', 'none');
        setHover(null);
      });
  }, [drawn, series, height, unit]);

  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        {series.map((s) => (
          <span key={String(s.key)} className={`legend ${s.className}`}>
            {s.label}
          </span>
        ))}
      </figcaption>
      <svg
        ref={ref}
        width="100%"
        height={height}
        role="img"
        aria-label={
          merged ? `${ariaLabel} (${windows.length} windows drawn as ${drawn.length} points)` : ariaLabel
        }
        data-testid={testId}
      />
      <div className="chart-tooltip" aria-live="polite">
        {hover
          ? `t = ${spanText(hover)} · ${series
              .map((s) => {
                const v = hover[s.key] as number | null | undefined;
                const how =
                  spanOf(hover) !== 1 ? ((s.reduce ?? 'mean') === 'max' ? ' (max)' : ' (mean)') : '';
                return `${s.label}${how} ${typeof v !== 'number' ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`;
              })
              .join(' · ')}`
          : ' '}
      </div>
    </figure>
  );
}
