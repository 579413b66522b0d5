/** A duration in ms with sensible precision ("0.42 ms", "12.3 ms", "1.25 s"). */
export function formatMs(v: number): string {
  if (!Number.isFinite(v)) return '∞';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(2)} ms`;
}

/** A rate in requests per second ("850 req/s", "12.4k req/s"). */
export function formatRate(v: number): string {
  if (!Number.isFinite(v)) return '∞ req/s';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)}k req/s`;
  if (v >= 100) return `${v.toFixed(0)} req/s`;
  if (v >= 10) return `${v.toFixed(1)} req/s`;
  return `${v.toFixed(2)} req/s`;
}

/** A fraction as a percentage ("72 %", "0.05 %"). */
export function formatPercent(v: number): string {
  if (!Number.isFinite(v)) return '∞ %';
  const p = v * 100;
  if (p !== 0 && Math.abs(p) < 1) return `${p.toFixed(2)} %`;
  return `${p.toFixed(0)} %`;
}

/** An amount in US dollars ("$1,234", "$12.40", "$0.0031"). */
export function formatUsd(v: number): string {
  if (!Number.isFinite(v)) return '$∞';
  if (v >= 100) return `$${Math.round(v).toLocaleString('en-US')}`;
  if (v >= 1) return `$${v.toFixed(2)}`;
  return `$${v.toPrecision(2)}`;
}
