/**
 * Small inline-SVG charts for reports: line charts, stacked bars and horizontal bars. No
 * scripts, no fonts, no external references: the markup prints and renders anywhere.
 */
import { escapeHtml, fmtNumber } from './format.js';

/** Series colours, distinguishable in colour and in grey scale. */
export const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#854d0e',
  '#475569',
];

const W = 720;
const H = 260;
const PAD = { left: 64, right: 16, top: 14, bottom: 40 };

const r1 = (x: number) => String(Math.round(x * 10) / 10);

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag) as number;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Math.round(v / step) * step);
  return ticks;
}

/** Shortest label of a tick value. */
function tickLabel(v: number, step: number): string {
  const mag = Math.floor(Math.log10(step));
  const fractional = Math.abs(step / 10 ** mag - Math.round(step / 10 ** mag)) > 1e-9;
  const decimals = Math.min(6, Math.max(0, -mag + (fractional ? 1 : 0)));
  return fmtNumber(v, decimals);
}

export interface LineSeries {
  name: string;
  /** [x, y] points; a null y breaks the line. */
  points: [number, number | null][];
  color?: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** A horizontal reference line (e.g. an SLO limit), in y units. */
  reference?: { y: number; label: string };
  /** y axis starts at 0 (default true). */
  zeroBased?: boolean;
  /** Draw a dot on every point (for sparse series such as a capacity curve). */
  dots?: boolean;
  /** x range to show (default: the data's). */
  xDomain?: [number, number];
  /** Events on the x axis: a dashed line at x, or a shaded band from x to x2, with a short label. */
  markers?: { x: number; x2?: number; label: string }[];
}

function legend(items: { name: string; color: string; dashed?: boolean }[]): string {
  return `<div class="legend">${items
    .map(
      (s) =>
        `<span><svg width="18" height="8" aria-hidden="true"><line x1="0" y1="4" x2="18" y2="4" stroke="${s.color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/></svg>${escapeHtml(s.name)}</span>`,
    )
    .join('')}</div>`;
}

function frame(title: string, body: string, legendHtml: string): string {
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>${body}${legendHtml}</figure>`;
}

function axes(
  xTicks: number[],
  yTicks: number[],
  sx: (x: number) => number,
  sy: (y: number) => number,
  xLabel: string,
  yLabel: string,
): string {
  const parts: string[] = [];
  const xStep = xTicks.length > 1 ? (xTicks[1] as number) - (xTicks[0] as number) : 1;
  const yStep = yTicks.length > 1 ? (yTicks[1] as number) - (yTicks[0] as number) : 1;
  for (const t of yTicks) {
    const y = sy(t);
    parts.push(
      `<line x1="${PAD.left}" y1="${r1(y)}" x2="${W - PAD.right}" y2="${r1(y)}" stroke="#e2e8f0"/>`,
      `<text x="${PAD.left - 6}" y="${r1(y + 3.5)}" text-anchor="end" font-size="10.5" fill="#475569">${tickLabel(t, yStep)}</text>`,
    );
  }
  for (const t of xTicks) {
    const x = sx(t);
    parts.push(
      `<line x1="${r1(x)}" y1="${H - PAD.bottom}" x2="${r1(x)}" y2="${H - PAD.bottom + 4}" stroke="#94a3b8"/>`,
      `<text x="${r1(x)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="10.5" fill="#475569">${tickLabel(t, xStep)}</text>`,
    );
  }
  parts.push(
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#94a3b8"/>`,
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="11" fill="#334155">${escapeHtml(xLabel)}</text>`,
    `<text transform="translate(14 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="11" fill="#334155">${escapeHtml(yLabel)}</text>`,
  );
  return parts.join('');
}

const svgOpen = (label: string) =>
  `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg">`;

/** A line chart; returns a note instead when there is nothing to draw. */
export function lineChart(series: LineSeries[], o: LineChartOptions): string {
  const pts = series.flatMap((s) =>
    s.points.filter((p): p is [number, number] => p[1] !== null && Number.isFinite(p[1])),
  );
  if (pts.length === 0) return frame(o.title, '<p class="muted">No data to chart.</p>', '');
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  if (o.reference) ys.push(o.reference.y);
  let x0 = o.xDomain ? o.xDomain[0] : Math.min(...xs);
  let x1 = o.xDomain ? o.xDomain[1] : Math.max(...xs);
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  let y0 = o.zeroBased === false ? Math.min(...ys) : Math.min(0, ...ys);
  let y1 = Math.max(...ys);
  if (y1 === y0) y1 = y0 + (Math.abs(y0) || 1);
  const yTicks = niceTicks(y0, y1 * 1.05);
  y0 = Math.min(y0, yTicks[0] as number);
  y1 = Math.max(y1 * 1.05, yTicks[yTicks.length - 1] as number);
  const xTicks = niceTicks(x0, x1, 8);
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const parts = [
    svgOpen(o.title),
    axes(
      xTicks.filter((t) => t >= x0 && t <= x1),
      yTicks,
      sx,
      sy,
      o.xLabel,
      o.yLabel,
    ),
  ];
  series.forEach((s, i) => {
    const color = s.color ?? (PALETTE[i % PALETTE.length] as string);
    let d = '';
    let pen = false;
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r1(sx(x))},${r1(sy(y))}`;
      pen = true;
    }
    if (d)
      parts.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
      );
    if (o.dots)
      for (const [x, y] of s.points)
        if (y !== null && Number.isFinite(y))
          parts.push(`<circle cx="${r1(sx(x))}" cy="${r1(sy(y))}" r="3" fill="${color}"/>`);
  });
  (o.markers ?? []).forEach((m, i) => {
    if (m.x > x1 || (m.x2 ?? m.x) < x0) return;
    const a = sx(Math.max(x0, m.x));
    const labelY = PAD.top + 10 + (i % 3) * 12;
    if (m.x2 !== undefined && m.x2 > m.x) {
      const b = sx(Math.min(x1, m.x2));
      parts.splice(
        1,
        0,
        `<rect x="${r1(a)}" y="${PAD.top}" width="${r1(b - a)}" height="${H - PAD.top - PAD.bottom}" fill="#fef3c7" opacity="0.7"/>`,
      );
    } else
      parts.push(
        `<line x1="${r1(a)}" y1="${PAD.top}" x2="${r1(a)}" y2="${H - PAD.bottom}" stroke="#b45309" stroke-dasharray="3 3"/>`,
      );
    parts.push(
      `<text x="${r1(a + 3)}" y="${labelY}" font-size="10" fill="#92400e">${escapeHtml(m.label)}</text>`,
    );
  });
  if (o.reference) {
    const y = sy(o.reference.y);
    parts.push(
      `<line x1="${PAD.left}" y1="${r1(y)}" x2="${W - PAD.right}" y2="${r1(y)}" stroke="#dc2626" stroke-width="1.2" stroke-dasharray="6 4"/>`,
      `<text x="${W - PAD.right - 4}" y="${r1(y - 4)}" text-anchor="end" font-size="10.5" fill="#dc2626">${escapeHtml(o.reference.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return frame(
    o.title,
    parts.join(''),
    legend(
      series.map((s, i) => ({
        name: s.name,
        color: s.color ?? (PALETTE[i % PALETTE.length] as string),
        dashed: s.dashed,
      })),
    ),
  );
}

export interface StackedBarsOptions {
  title: string;
  xLabel: string;
  yLabel: string;
}

/** Stacked bars per x (e.g. errors by cause per window); `stacks[i]` has one value per layer. */
export function stackedBars(
  xs: number[],
  layers: { name: string; values: number[]; color: string }[],
  o: StackedBarsOptions,
): string {
  const totals = xs.map((_, i) => layers.reduce((a, l) => a + (l.values[i] ?? 0), 0));
  const top = Math.max(0, ...totals);
  if (xs.length === 0 || top === 0) return frame(o.title, '<p class="muted">No data to chart.</p>', '');
  const x0 = Math.min(...xs);
  const step = xs.length > 1 ? (xs[1] as number) - (xs[0] as number) : 1;
  const x1 = Math.max(...xs) + step;
  const yTicks = niceTicks(0, top * 1.05);
  const y1 = Math.max(top * 1.05, yTicks[yTicks.length - 1] as number);
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - (y / y1) * (H - PAD.top - PAD.bottom);
  const barW = Math.max(0.5, sx(x0 + step) - sx(x0) - 0.6);
  const parts = [svgOpen(o.title), axes(niceTicks(x0, x1, 8), yTicks, sx, sy, o.xLabel, o.yLabel)];
  xs.forEach((x, i) => {
    let base = 0;
    for (const l of layers) {
      const v = l.values[i] ?? 0;
      if (v <= 0) continue;
      parts.push(
        `<rect x="${r1(sx(x))}" y="${r1(sy(base + v))}" width="${r1(barW)}" height="${r1(sy(base) - sy(base + v))}" fill="${l.color}"/>`,
      );
      base += v;
    }
  });
  parts.push('</svg>');
  return frame(o.title, parts.join(''), legend(layers.map((l) => ({ name: l.name, color: l.color }))));
}

export interface HBar {
  label: string;
  value: number;
  /** Text at the end of the bar. */
  text: string;
  color?: string;
}

/** Horizontal bars (utilization per component, cost breakdown), with optional marker lines. */
export function horizontalBars(
  bars: HBar[],
  o: { title: string; max?: number; markers?: { value: number; label: string }[] },
): string {
  if (bars.length === 0) return frame(o.title, '<p class="muted">No data to chart.</p>', '');
  const rowH = 24;
  const labelW = 190;
  const textW = 90;
  const height = bars.length * rowH + 24;
  const max = o.max ?? Math.max(...bars.map((b) => b.value), 1e-12);
  const plotW = W - labelW - textW - 8;
  const sx = (v: number) => labelW + (Math.max(0, Math.min(v, max)) / max) * plotW;
  const parts = [
    `<svg viewBox="0 0 ${W} ${height}" role="img" aria-label="${escapeHtml(o.title)}" xmlns="http://www.w3.org/2000/svg">`,
  ];
  bars.forEach((b, i) => {
    const y = 6 + i * rowH;
    const label = b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label;
    parts.push(
      `<text x="${labelW - 8}" y="${y + 14}" text-anchor="end" font-size="11.5" fill="#0f172a">${escapeHtml(label)}</text>`,
      `<rect x="${labelW}" y="${y + 2}" width="${r1(plotW)}" height="${rowH - 8}" fill="#f1f5f9"/>`,
      `<rect x="${labelW}" y="${y + 2}" width="${r1(sx(b.value) - labelW)}" height="${rowH - 8}" fill="${b.color ?? '#2563eb'}"/>`,
      `<text x="${r1(labelW + plotW + 6)}" y="${y + 14}" font-size="11" fill="#334155">${escapeHtml(b.text)}</text>`,
    );
  });
  for (const m of o.markers ?? []) {
    const x = sx(m.value);
    parts.push(
      `<line x1="${r1(x)}" y1="2" x2="${r1(x)}" y2="${height - 16}" stroke="#dc2626" stroke-dasharray="4 3"/>`,
      `<text x="${r1(x)}" y="${height - 4}" text-anchor="middle" font-size="10" fill="#dc2626">${escapeHtml(m.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return frame(o.title, parts.join(''), '');
}
