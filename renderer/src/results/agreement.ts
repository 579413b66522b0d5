/**
 * Analytic against simulated: which figures of the estimate fall outside what the run measured.
 * Mean latency, p99 and throughput are checked against the run's 95% confidence intervals; a figure
 * whose interval is missing (too few batches) and per-component utilization (the engine gives no
 * interval for it) are checked against stated tolerances. Pure: no DOM, no store.
 */
import type { Estimate } from '../../../models/analytic/index.js';
import type { ComponentStats, SimulationSummary } from '../../../shared/results/index.js';

/** The estimate's figures compared (an `Estimate` has them). */
export type EstimateFigures = Pick<Estimate, 'endToEndMeanMs' | 'endToEndP99Ms' | 'throughputRps'> & {
  components: Record<string, { utilization: number | null }>;
};
/** The run's figures compared (a `SimulationResult` has them). */
export interface RunFigures {
  summary: Pick<SimulationSummary, 'throughputRps' | 'latency' | 'ci95'>;
  components: readonly Pick<ComponentStats, 'id' | 'utilization'>[];
}

/** Utilization may differ by this much (absolute, 0.05 = 5 percentage points) before it disagrees. */
export const UTILIZATION_TOLERANCE = 0.05;
/** A figure without a confidence interval may differ by this fraction of the simulated value. */
export const RELATIVE_TOLERANCE = 0.1;

/** One compared figure. */
export interface AgreementCheck {
  /** What was compared, e.g. "mean latency", "utilization of Items API". */
  figure: string;
  unit: 'ms' | 'req/s' | 'fraction';
  analytic: number;
  /** The simulated point value. */
  simulated: number;
  /** The range the analytic value must fall in: the 95% interval or the point value ± tolerance. */
  range: [number, number];
  basis: 'ci95' | 'tolerance';
  agrees: boolean;
}

export interface Agreement {
  /** The estimate finds a station saturated (analytic mean latency is infinite): no figure compares. */
  saturated: boolean;
  checks: AgreementCheck[];
  /** The checks that disagree, in the order of `checks`. */
  disagreements: AgreementCheck[];
}

function check(
  figure: string,
  unit: AgreementCheck['unit'],
  analytic: number | null | undefined,
  simulated: number | null,
  ci: [number, number] | null,
  tolerance: (v: number) => number,
): AgreementCheck | null {
  if (analytic === null || analytic === undefined || !Number.isFinite(analytic) || simulated === null)
    return null;
  const range: [number, number] = ci ?? [simulated - tolerance(simulated), simulated + tolerance(simulated)];
  return {
    figure,
    unit,
    analytic,
    simulated,
    range,
    basis: ci ? 'ci95' : 'tolerance',
    agrees: analytic >= range[0] && analytic <= range[1],
  };
}

const scale = (i: [number, number] | null, k: number): [number, number] | null =>
  i ? [i[0] * k, i[1] * k] : null;
const msOf = (s: number | null) => (s === null ? null : s * 1000);

/**
 * Compares the estimate of the run's design with the run's result. `names` gives a component's
 * display name (else its id is shown).
 */
export function compareAgreement(
  est: EstimateFigures,
  result: RunFigures,
  names: Record<string, string> = {},
): Agreement {
  const s = result.summary;
  const relative = (v: number) => Math.abs(v) * RELATIVE_TOLERANCE;
  if (est.endToEndMeanMs !== null && !Number.isFinite(est.endToEndMeanMs))
    return { saturated: true, checks: [], disagreements: [] };
  const checks = [
    check(
      'mean latency',
      'ms',
      est.endToEndMeanMs,
      msOf(s.latency.meanS),
      scale(s.ci95.latencyMeanS, 1000),
      relative,
    ),
    check('p99 latency', 'ms', est.endToEndP99Ms, msOf(s.latency.p99S), scale(s.ci95.p99S, 1000), relative),
    check('throughput', 'req/s', est.throughputRps, s.throughputRps, s.ci95.throughputRps, relative),
    ...result.components.map((c) =>
      check(
        `utilization of ${names[c.id] ?? c.id}`,
        'fraction',
        est.components[c.id]?.utilization,
        c.utilization,
        null,
        () => UTILIZATION_TOLERANCE,
      ),
    ),
  ].filter((c): c is AgreementCheck => c !== null);
  return { saturated: false, checks, disagreements: checks.filter((c) => !c.agrees) };
}
