import { describe, expect, it } from 'vitest';
import { estimate } from '../../models/analytic/index.js';
import {
  compareAgreement,
  RELATIVE_TOLERANCE,
  UTILIZATION_TOLERANCE,
  type RunFigures,
} from '../../renderer/src/results/agreement.js';
import { getTemplate } from '../../shared/templates/index.js';
import type { Topology } from '../../shared/topology/index.js';

const topology = getTemplate('single-service-db')?.topology as Topology;
const est = estimate(topology);
const p99 = est.endToEndP99Ms as number;
const mean = est.endToEndMeanMs as number;
const utilApi = est.components.api?.utilization as number;

/** A run whose figures sit around the estimate: each interval ±5 % of the analytic value. */
function runAround(): RunFigures {
  const around = (v: number): [number, number] => [v * 0.95, v * 1.05];
  return {
    summary: {
      throughputRps: est.throughputRps,
      latency: {
        meanS: mean / 1000,
        p50S: null,
        p90S: null,
        p95S: null,
        p99S: p99 / 1000,
        p999S: null,
        maxS: null,
      },
      ci95: {
        method: 'batchMeans',
        n: 20,
        latencyMeanS: around(mean / 1000),
        p99S: around(p99 / 1000),
        throughputRps: around(est.throughputRps),
      },
    },
    components: [
      { id: 'api', utilization: utilApi },
      { id: 'db', utilization: est.components.db?.utilization ?? null },
      { id: 'clients', utilization: null },
    ],
  };
}

describe('analytic against simulated agreement', () => {
  it('agrees when every figure is inside its interval or tolerance', () => {
    const a = compareAgreement(est, runAround(), { api: 'Items API' });
    expect(a.saturated).toBe(false);
    // Mean, p99, throughput and the two stations' utilization; the source has none.
    expect(a.checks.map((c) => c.figure)).toEqual([
      'mean latency',
      'p99 latency',
      'throughput',
      'utilization of Items API',
      'utilization of db',
    ]);
    expect(a.checks.slice(0, 3).every((c) => c.basis === 'ci95')).toBe(true);
    expect(a.disagreements).toEqual([]);
  });

  it('lists each figure outside its interval, and utilization beyond the tolerance', () => {
    const run = runAround();
    // The simulated p99 interval lies wholly above the analytic p99; the API runs 8 points hotter.
    run.summary.ci95.p99S = [(p99 * 1.2) / 1000, (p99 * 1.4) / 1000];
    run.components = [
      { id: 'api', utilization: utilApi + UTILIZATION_TOLERANCE + 0.03 },
      { id: 'db', utilization: (est.components.db?.utilization ?? 0) + UTILIZATION_TOLERANCE - 0.01 },
    ];
    const a = compareAgreement(est, run, { api: 'Items API' });
    expect(a.disagreements.map((d) => d.figure)).toEqual(['p99 latency', 'utilization of Items API']);
    const [p, u] = a.disagreements;
    expect(p?.range[0]).toBeCloseTo(p99 * 1.2, 9);
    expect(u?.basis).toBe('tolerance');
    expect(u?.range[0]).toBeCloseTo(utilApi + 0.03, 12);
  });

  it('without an interval, a figure is checked against ±10 % of the simulated value', () => {
    const run = runAround();
    run.summary.ci95.latencyMeanS = null;
    run.summary.latency.meanS = (mean * (1 + RELATIVE_TOLERANCE * 2)) / 1000;
    const a = compareAgreement(est, run);
    const m = a.checks.find((c) => c.figure === 'mean latency');
    expect(m?.basis).toBe('tolerance');
    expect(m?.agrees).toBe(false);
    run.summary.latency.meanS = (mean * (1 + RELATIVE_TOLERANCE / 2)) / 1000;
    expect(compareAgreement(est, run).disagreements).toEqual([]);
  });

  it('a saturated estimate compares nothing and says so', () => {
    const a = compareAgreement({ ...est, endToEndMeanMs: Infinity }, runAround());
    expect(a).toEqual({ saturated: true, checks: [], disagreements: [] });
  });
});
