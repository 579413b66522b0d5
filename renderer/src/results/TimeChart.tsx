import { axisBottom, axisLeft, format, line, pointer, scaleLinear, select } from 'd3';
import { useEffect, useRef, useState } from 'react';

/** A point of a time series: window start (s) and named values (null when undefined). */
export type TimePoint = { startS: number } & Record<string, number | null>;

/** One line of a time chart. */
export interface Series<T extends TimePoint = TimePoint> {
  key: keyof T & string;
  label: string;
  className: string;
}

/** Values per window over simulated time, drawn with d3; hovering shows the exact values. */
export function TimeChart<T extends TimePoint>({
  windows,
  series,
  title,
  unit,
  height = 170,
  ariaLabel,
}: {
  windows: readonly T[];
  series: readonly Series<T>[];
  title: string;
  unit: string;
  height?: number;
  ariaLabel: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<T | null>(null);

  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const width = svg.clientWidth || 480;
    const margin = { top: 10, right: 12, bottom: 24, left: 62 };
    const compact = format('~s');
    const root = select(svg);
    root.selectAll('*').remove();
    const xMax = Math.max(1, ...windows.map((w) => w.startS + 1));
    const values = windows
      .flatMap((w) => series.map((s) => w[s.key] as number | null))
      .filter((v): v is number => v !== null);
    const yMax = Math.max(1e-9, ...values) * 1.1;
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
          .ticks(5)
          .tickFormat((d) => `${compact(Number(d))} ${unit}`),
      );
    for (const s of series) {
      const path = line<T>()
        .defined((w) => w[s.key] !== null)
        .x((w) => x(w.startS + 0.5))
        .y((w) => y((w[s.key] as number | null) ?? 0));
      root.append('path').datum(windows).attr('class', `series ${s.className}`).attr('d', path);
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
        for (const w of windows)
          if (!best || Math.abs(w.startS + 0.5 - t) < Math.abs(best.startS + 0.5 - t)) best = w;
        if (best) {
          cursor
            .style('display', null)
            .attr('x1', x(best.startS + 0.5))
            .attr('x2', x(best.startS + 0.5));
          setHover(best);
        }
      })
      .on('mouseleave', () => {
        cursor.style('display', 'none');
        setHover(null);
      });
  }, [windows, series, height, unit]);

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
      <svg ref={ref} width="100%" height={height} role="img" aria-label={ariaLabel} />
      <div className="chart-tooltip" aria-live="polite">
        {hover
          ? `t = ${hover.startS} s · ${series
              .map((s) => {
                const v = hover[s.key] as number | null;
                return `${s.label} ${v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`;
              })
              .join(' · ')}`
          : ' '}
      </div>
    </figure>
  );
}
