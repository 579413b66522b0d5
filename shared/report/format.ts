/**
 * Pure, locale-independent formatting for reports (HTML, Markdown, CSV): the same number always
 * prints the same way on every machine, so reports diff cleanly and tests can compare text.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** Escapes text for a Markdown table cell or inline text (pipes, backticks, brackets, HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Groups the integer part in thousands with commas: 1234567.8 → "1,234,567.8". */
function group(fixed: string): string {
  const negative = fixed.startsWith('-');
  const body = negative ? fixed.slice(1) : fixed;
  const [int, frac] = body.split('.');
  const grouped = (int as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** A number with a fixed count of decimals and thousands separators. */
export function fmtNumber(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  const fixed = x.toFixed(decimals);
  return group(fixed === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : fixed);
}

/** Decimals that keep about three significant digits for a value of this size. */
function decimalsFor(x: number): number {
  const a = Math.abs(x);
  if (a >= 100 || a === 0) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}

/** Requests per second, e.g. "1,480 req/s" or "12.5 req/s". */
export function fmtRps(rps: number | null): string {
  if (rps === null) return '–';
  return `${fmtNumber(rps, decimalsFor(rps))} req/s`;
}

/** A duration given in seconds, shown in ms below 10 s: "12.3 ms", "850 ms", "14.2 s". */
export function fmtLatency(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  if (seconds >= 10) return `${fmtNumber(seconds, 1)} s`;
  const ms = seconds * 1000;
  return `${fmtNumber(ms, decimalsFor(ms))} ms`;
}

/** A fraction as a percentage: 0.8712 → "87.1%"; small fractions keep more digits (0.00042 → "0.042%"). */
export function fmtPercent(fraction: number | null, decimals?: number): string {
  if (fraction === null || !Number.isFinite(fraction)) return '–';
  const pct = fraction * 100;
  const d = decimals ?? (pct === 0 ? 0 : Math.abs(pct) >= 10 ? 1 : Math.abs(pct) >= 1 ? 2 : 3);
  return `${fmtNumber(pct, d)}%`;
}

/** US dollars: "$1,234" (whole dollars from $100), "$12.34" below. */
export function fmtUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '–';
  return `$${fmtNumber(usd, Math.abs(usd) >= 100 ? 0 : 2)}`;
}

/** Seconds of simulated time: "900 s (15 min)". */
export function fmtDuration(seconds: number): string {
  if (seconds < 120) return `${fmtNumber(seconds, seconds % 1 === 0 ? 0 : 1)} s`;
  const minutes = seconds / 60;
  if (minutes < 120)
    return `${fmtNumber(seconds, 0)} s (${fmtNumber(minutes, minutes % 1 === 0 ? 0 : 1)} min)`;
  return `${fmtNumber(seconds, 0)} s (${fmtNumber(minutes / 60, 1)} h)`;
}

/** A signed relative change: 0.123 → "+12.3%", null → "–". */
export function fmtChange(relative: number | null): string {
  if (relative === null || !Number.isFinite(relative)) return '–';
  const s = fmtPercent(Math.abs(relative));
  return relative > 0 ? `+${s}` : relative < 0 ? `−${s}` : '±0%';
}

/** A CSV field (RFC 4180): quoted when needed; text starting with = + - @ is prefixed with ' so spreadsheets never run it. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV document: header plus rows, CRLF line ends (RFC 4180). */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The calendar month `months` whole months after an ISO date (`YYYY-MM…`), as `YYYY-MM`; null for a date it cannot read. */
export function addMonths(dateIso: string, months: number): string | null {
  const m = /^(\d{4})-(\d{2})/.exec(dateIso);
  if (!m || !Number.isInteger(months)) return null;
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  if (Number(m[2]) < 1 || Number(m[2]) > 12 || index < 0) return null;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `2027-08` → "August 2027" (the text itself when it is not a `YYYY-MM` month). */
export function fmtMonth(yearMonth: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(yearMonth);
  const name = m ? MONTH_NAMES[Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${Number(m[1])}` : yearMonth;
}
