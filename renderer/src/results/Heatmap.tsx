import { axisBottom, pointer, scaleLinear, select } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SimulationResult } from '../../../shared/results/index.js';
import { HEAT_MID, heatColor, heatmapData, type HeatCell } from './dashboard-data.js';
import { MAX_DRAWN_POINTS } from './downsample.js';
import { spanText } from './TimeChart.js';

/** Height of one component's row, px. */
const ROW_PX = 16;
/** Width kept for the component names, px. */
const LABEL_PX = 96;

/**
 * Utilization of every component in every window as coloured cells (components down, time
 * across), drawn with d3; hovering shows the exact value, clicking a row selects the component.
 */
export function UtilizationHeatmap({
  result,
  names,
  onPick,
}: {
  result: SimulationResult;
  names: Record<string, string>;
  onPick: (id: string) => void;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<HeatCell | null>(null);
  // At most one column per drawn point (windows merge beyond that).
  const data = useMemo(() => heatmapData(result, MAX_DRAWN_POINTS), [result]);
  const height = data.rows.length * ROW_PX + 28;

  useEffect(() => {
    const svg = ref.current;
    if (!svg || data.rows.length === 0) return;
    const width = svg.clientWidth || 480;
    const right = 8;
    const root = select(svg);
    root.selectAll('*').remove();
    const t0 = data.cols[0]?.startS ?? 0;
    const t1 = data.cols[data.cols.length - 1]?.endS ?? 1;
    const x = scaleLinear()
      .domain([t0, t1])
      .range([LABEL_PX, width - right]);
    const bottom = data.rows.length * ROW_PX + 4;
    root
      .append('g')
      .attr('class', 'heat-labels')
      .selectAll('text')
      .data(data.rows)
      .join('text')
      .attr('x', LABEL_PX - 6)
      .attr('y', (_, i) => i * ROW_PX + ROW_PX / 2 + 4)
      .attr('text-anchor', 'end')
      .text((id) => {
        const n = names[id] ?? id;
        return n.length > 14 ? `${n.slice(0, 13)}…` : n;
      });
    root
      .append('g')
      .attr('class', 'heat-cells')
      .selectAll('rect')
      .data(data.cells)
      .join('rect')
      .attr('x', (c) => x(c.startS))
      .attr('y', (c) => c.row * ROW_PX + 1)
      // Cells overlap by a fraction of a pixel so no seams show between neighbours.
      .attr('width', (c) => Math.max(0.5, x(c.endS) - x(c.startS) + 0.4))
      .attr('height', ROW_PX - 2)
      .style('fill', (c) => heatColor(c.value));
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${bottom})`)
      .call(
        axisBottom(x)
          .ticks(5)
          .tickFormat((d) => `${Number(d)} s`),
      );
    const outline = root.append('rect').attr('class', 'heat-hover').style('display', 'none');
    root
      .append('rect')
      .attr('class', 'overlay')
      .attr('x', LABEL_PX)
      .attr('y', 0)
      .attr('width', Math.max(0, width - right - LABEL_PX))
      .attr('height', data.rows.length * ROW_PX)
      .on('mousemove', (event: MouseEvent) => {
        const [mx, my] = pointer(event);
        const t = x.invert(mx);
        const row = Math.min(data.rows.length - 1, Math.max(0, Math.floor(my / ROW_PX)));
        const col = data.cols.findIndex((c) => t >= c.startS && t < c.endS);
        const cell = data.cells[(col < 0 ? data.cols.length - 1 : col) * data.rows.length + row] ?? null;
        if (!cell) return;
        outline
          .style('display', null)
          .attr('x', x(cell.startS))
          .attr('y', cell.row * ROW_PX + 1)
          .attr('width', Math.max(1, x(cell.endS) - x(cell.startS)))
          .attr('height', ROW_PX - 2);
        setHover(cell);
      })
      .on('mouseleave', () => {
        outline.style('display', 'none');
        setHover(null);
      })
      .on('click', (event: MouseEvent) => {
        const row = Math.floor(pointer(event)[1] / ROW_PX);
        const id = data.rows[row];
        if (id !== undefined) onPick(id);
      });
  }, [data, names, onPick]);

  if (data.rows.length === 0) return null;
  const merged = (data.cols[0] && data.cells[0]?.windows) ?? 1;
  return (
    <figure className="chart" data-testid="utilization-heatmap">
      <figcaption>
        <span className="chart-title">Utilization over time</span>
        <span className="heat-legend" aria-hidden="true">
          0 %
          <span className="heat-ramp" style={{ ['--heat-mid' as string]: `${HEAT_MID * 100}%` }} />
          100 %
        </span>
      </figcaption>
      <svg
        ref={ref}
        width="100%"
        height={height}
        role="img"
        aria-label={`Utilization of ${data.rows.length} components over ${result.windows.length} windows${merged > 1 ? ` (${merged} windows per cell)` : ''}, colour from 0 % to 100 %`}
      />
      <div className="chart-tooltip" aria-live="polite">
        {hover
          ? `${names[hover.id] ?? hover.id} · t = ${spanText({ startS: hover.startS, spanS: hover.endS - hover.startS })} · utilization ${
              hover.value === null ? '—' : `${(hover.value * 100).toFixed(2)} %`
            }${hover.windows > 1 ? ` (mean of ${hover.windows} windows)` : ''}`
          : ' '}
      </div>
    </figure>
  );
}
