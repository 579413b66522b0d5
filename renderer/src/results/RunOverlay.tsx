import { axisBottom, axisLeft, format, line, pointer, scaleLinear, select } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunSummary } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { asResult } from '../store/run.js';
import { formatMs, formatRate } from '../ui/format.js';
import { overlayPoints, type OverlayPoint } from './overlay-data.js';

/** Points drawn per run: one-second windows of two runs are too noisy to compare line by line. */
const OVERLAY_POINTS = 150;

/** Height of each of the two bands (p99, throughput), px. */
const BAND_PX = 110;
/** Gap between the bands, px. */
const GAP_PX = 14;

/**
 * Two runs overlaid over simulated time: p99 (top band) and throughput (bottom band) of the
 * older run (solid blue) and the newer one (dashed amber), one shared time axis. Results are
 * fetched by run id.
 */
export function RunOverlay({ a, b }: { a: RunSummary; b: RunSummary }) {
  const ref = useRef<SVGSVGElement>(null);
  const [data, setData] = useState<{ ids: string; points: OverlayPoint[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<OverlayPoint | null>(null);
  // Refetched when either run's status changes (a run ticked while running is drawn once it is done).
  const ids = `${a.id}:${a.status}|${b.id}:${b.status}`;

  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([api['runs.get']({ runId: a.id }), api['runs.get']({ runId: b.id })]).then(
      ([da, db]) => {
        const ra = asResult(da.result);
        const rb = asResult(db.result);
        if (!live) return;
        if (!ra || !rb) setError('One of the runs has no stored result (it failed or was stopped).');
        else setData({ ids, points: overlayPoints(ra, rb, OVERLAY_POINTS) });
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [a.id, b.id, ids]);

  const points = useMemo(() => (data?.ids === ids ? data.points : []), [data, ids]);

  useEffect(() => {
    const svg = ref.current;
    if (!svg || points.length === 0) return;
    const width = svg.clientWidth || 480;
    const margin = { top: 8, right: 12, bottom: 24, left: 62 };
    const root = select(svg);
    root.selectAll('*').remove();
    const last = points[points.length - 1] as OverlayPoint;
    const x = scaleLinear()
      .domain([points[0]?.startS ?? 0, last.startS + last.spanS])
      .range([margin.left, width - margin.right]);
    const compact = format('~s');
    const bands: {
      keys: [keyof OverlayPoint, keyof OverlayPoint];
      unit: string;
      top: number;
      cls: string;
      title: string;
    }[] = [
      { keys: ['p99MsA', 'p99MsB'], unit: 'ms', top: margin.top, cls: 'series-p99', title: 'p99 (max)' },
      {
        keys: ['throughputA', 'throughputB'],
        unit: 'req/s',
        top: margin.top + BAND_PX + GAP_PX,
        cls: 'series-throughput',
        title: 'throughput (mean)',
      },
    ];
    for (const band of bands) {
      const values = points
        .flatMap((p) => band.keys.map((k) => p[k]))
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const y = scaleLinear()
        .domain([0, Math.max(1e-9, ...values) * 1.1])
        .nice()
        .range([band.top + BAND_PX, band.top]);
      root
        .append('g')
        .attr('class', 'axis')
        .attr('transform', `translate(${margin.left},0)`)
        .call(
          axisLeft(y)
            .ticks(4)
            .tickFormat((d) => `${compact(Number(d))} ${band.unit}`),
        );
      root
        .append('text')
        .attr('class', 'band-title')
        .attr('x', margin.left + 6)
        .attr('y', band.top + 10)
        .text(band.title);
      band.keys.forEach((k, i) => {
        const path = line<OverlayPoint>()
          .defined((p) => typeof p[k] === 'number')
          .x((p) => x(p.startS + p.spanS / 2))
          .y((p) => y(p[k] as number));
        root
          .append('path')
          .datum(points)
          .attr('class', `series ${band.cls} ${i === 0 ? 'run-a' : 'run-b'}`)
          .attr('d', path);
      });
    }
    const bottom = margin.top + 2 * BAND_PX + GAP_PX;
    root
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${bottom})`)
      .call(
        axisBottom(x)
          .ticks(6)
          .tickFormat((d) => `${Number(d)} s`),
      );
    const cursor = root
      .append('line')
      .attr('class', 'cursor')
      .attr('y1', margin.top)
      .attr('y2', bottom)
      .style('display', 'none');
    root
      .append('rect')
      .attr('class', 'overlay')
      .attr('x', margin.left)
      .attr('y', margin.top)
      .attr('width', Math.max(0, width - margin.left - margin.right))
      .attr('height', bottom - margin.top)
      .on('mousemove', (event: MouseEvent) => {
        const t = x.invert(pointer(event)[0]);
        const hit = points.find((p) => t >= p.startS && t < p.startS + p.spanS) ?? last;
        const cx = x(hit.startS + hit.spanS / 2);
        cursor.style('display', null).attr('x1', cx).attr('x2', cx);
        setHover(hit);
      })
      .on('mouseleave', () => {
        cursor.style('display', 'none');
        setHover(null);
      });
  }, [points]);

  const ms = (v: number | null) => (v === null ? '—' : formatMs(v));
  const rate = (v: number | null) => (v === null ? '—' : formatRate(v));
  const span = (p: OverlayPoint) => (p.spanS === 1 ? `${p.startS} s` : `${p.startS}–${p.startS + p.spanS} s`);
  return (
    <figure className="chart" data-testid="run-overlay">
      <figcaption>
        <span className="chart-title">p99 and throughput over time</span>
        <span className="legend run-a">{a.name}</span>
        <span className="legend run-b">{b.name}</span>
      </figcaption>
      {error && <div className="error-box">{error}</div>}
      {!error && points.length === 0 && <p className="muted small">Loading both runs…</p>}
      <svg
        ref={ref}
        width="100%"
        height={points.length > 0 ? 8 + 2 * BAND_PX + GAP_PX + 24 : 0}
        role="img"
        aria-label={`p99 latency (top) and throughput (bottom) over time: ${a.name} solid blue, ${b.name} dashed amber`}
      />
      <div className="chart-tooltip" aria-live="polite">
        {hover
          ? `t = ${span(hover)} · p99 ${ms(hover.p99MsA)} vs ${ms(hover.p99MsB)} · throughput ${rate(hover.throughputA)} vs ${rate(hover.throughputB)}`
          : ' '}
      </div>
    </figure>
  );
}
