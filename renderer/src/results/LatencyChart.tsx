import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';
import type { WindowPoint } from '../../../shared/api/contract.js';

const SERIES = [
  { key: 'p50Ms', label: 'p50', className: 'series-p50' },
  { key: 'p95Ms', label: 'p95', className: 'series-p95' },
  { key: 'p99Ms', label: 'p99', className: 'series-p99' },
] as const;

/** Latency percentiles per window, drawn with d3 as the windows stream in. */
export function LatencyChart({ windows, height = 180 }: { windows: WindowPoint[]; height?: number }) {
  const ref = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    const width = svg.clientWidth || 480;
    const margin = { top: 10, right: 12, bottom: 24, left: 44 };
    const root = select(svg);
    root.selectAll('*').remove();
    const xMax = Math.max(1, ...windows.map((w) => w.startS + 1));
    const yMax = Math.max(1, ...windows.map((w) => w.p99Ms ?? 0)) * 1.1;
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
          .tickFormat((d) => `${d} s`),
      );
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${margin.left},0)`)
      .call(
        axisLeft(y)
          .ticks(5)
          .tickFormat((d) => `${d} ms`),
      );
    for (const s of SERIES) {
      const path = line<WindowPoint>()
        .defined((w) => w[s.key] !== null)
        .x((w) => x(w.startS + 0.5))
        .y((w) => y(w[s.key] ?? 0));
      root.append('path').datum(windows).attr('class', `series ${s.className}`).attr('d', path);
    }
  }, [windows, height]);

  return (
    <figure className="chart">
      <figcaption>
        Latency per window
        {SERIES.map((s) => (
          <span key={s.key} className={`legend ${s.className}`}>
            {s.label}
          </span>
        ))}
      </figcaption>
      <svg ref={ref} width="100%" height={height} role="img" aria-label="Latency percentiles over time" />
    </figure>
  );
}
