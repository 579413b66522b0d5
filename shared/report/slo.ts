/** SLO checks of a run, and the compact SLO syntax of the command line ("p99<=300ms,errors<=0.1%"). */
import type { SimulationResult } from '../results/index.js';
import type { Slo } from '../topology/index.js';
import { fmtNumber } from './format.js';
import type { SloCheck } from './model.js';

/** Percentiles the result carries directly, by percentile. */
function direct(result: SimulationResult, percentile: number): number | null | undefined {
  const l = result.summary.latency;
  const table: Record<string, number | null> = {
    '50': l.p50S,
    '90': l.p90S,
    '95': l.p95S,
    '99': l.p99S,
    '99.9': l.p999S,
  };
  return String(percentile) in table ? table[String(percentile)] : undefined;
}

const pLabel = (p: number) => `p${String(p).replace(/\.0+$/, '')}`;

/**
 * Checks a run against an SLO. `percentileS(q)` gives any other latency percentile (q in 0..1,
 * seconds) from the run's histogram; per-endpoint limits are reported as not measured.
 */
export function checkSlo(
  slo: Slo | undefined,
  result: SimulationResult,
  percentileS: (q: number) => number | null,
): SloCheck[] {
  const out: SloCheck[] = [];
  for (const l of slo?.latency ?? []) {
    const limit = l.maxMs / 1000;
    const endpoint = l.endpoint ?? null;
    const found = direct(result, l.percentile);
    const actual = endpoint !== null ? null : found !== undefined ? found : percentileS(l.percentile / 100);
    out.push({
      label: `${pLabel(l.percentile)} ≤ ${fmtNumber(l.maxMs, l.maxMs % 1 === 0 ? 0 : 1)} ms${endpoint ? ` (${endpoint})` : ''}`,
      measure: { type: 'latency', percentile: l.percentile, endpoint },
      limit,
      actual,
      holds:
        actual === null
          ? result.measured.completed === 0 && endpoint === null
            ? false
            : null
          : actual <= limit,
    });
  }
  if (slo?.maxErrorRate !== undefined) {
    const pct = slo.maxErrorRate * 100;
    out.push({
      label: `errors ≤ ${fmtNumber(pct, pct >= 1 ? 1 : pct >= 0.1 ? 2 : 3).replace(/\.?0+$/, '')}%`,
      measure: { type: 'errorRate' },
      limit: slo.maxErrorRate,
      actual: result.summary.errorRate,
      holds: result.summary.errorRate <= slo.maxErrorRate,
    });
  }
  return out;
}

/** Parses "p99<=300ms,p95<=0.2s,errors<=0.1%" into an SLO; throws an Error naming the bad term. */
export function parseSloSpec(text: string): Slo {
  const latency: NonNullable<Slo['latency']> = [];
  let maxErrorRate: number | undefined;
  const terms = text.split(',').map((t) => t.trim());
  if (terms.every((t) => t === '')) throw new Error('--slo is empty: give e.g. "p99<=300ms,errors<=0.1%"');
  for (const term of terms) {
    if (term === '') continue;
    const lat = /^p(\d+(?:\.\d+)?)\s*<=?\s*(\d+(?:\.\d+)?)\s*(ms|s)$/i.exec(term);
    if (lat) {
      const percentile = Number(lat[1]);
      const value = Number(lat[2]) * ((lat[3] as string).toLowerCase() === 's' ? 1000 : 1);
      if (!(percentile > 0 && percentile < 100))
        throw new Error(`--slo term "${term}": the percentile must be between 0 and 100 (exclusive)`);
      if (!(value > 0)) throw new Error(`--slo term "${term}": the latency limit must be > 0`);
      latency.push({ percentile, maxMs: value });
      continue;
    }
    const err = /^errors?\s*<=?\s*(\d+(?:\.\d+)?)\s*(%?)$/i.exec(term);
    if (err) {
      const v = Number(err[1]) / (err[2] === '%' ? 100 : 1);
      if (!(v >= 0 && v <= 1))
        throw new Error(`--slo term "${term}": the error rate must be between 0 and 100%`);
      maxErrorRate = v;
      continue;
    }
    throw new Error(`--slo term "${term}" is not understood: use pNN<=VALUEms (or s) and errors<=VALUE%`);
  }
  return { ...(latency.length ? { latency } : {}), ...(maxErrorRate !== undefined ? { maxErrorRate } : {}) };
}
