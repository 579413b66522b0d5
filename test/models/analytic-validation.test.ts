import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, latencyPercentileMs, type Analysis } from '../../models/analytic/index.js';
import { parseTopologyText } from '../../shared/topology/index.js';

interface Case {
  name: string;
  expected: Record<string, { value: unknown }>;
}
const cases = [
  ...(JSON.parse(readFileSync('test/validation/cases.json', 'utf8')) as Case[]),
  ...(JSON.parse(readFileSync('test/validation/textbook.json', 'utf8')) as Case[]),
];

const load = (file: string): Analysis => {
  const p = parseTopologyText(readFileSync(`test/validation/topologies/${file}.headroom.json`, 'utf8'));
  if (!p.ok) throw new Error(file);
  return analyze(p.topology);
};

type Getter = (a: Analysis) => number | null;
const c = (a: Analysis, id: string) => {
  const x = a.components[id];
  if (!x) throw new Error(`no component ${id}`);
  return x;
};
/** Single-station figures (seconds, requests) from the estimate of component `id`. */
const station = (id: string, instances = 1): Record<string, Getter> => ({
  U: (a) => c(a, id).utilization,
  L: (a) => c(a, id).meanInSystem / instances,
  Lq: (a) => c(a, id).meanQueueLength / instances,
  R: (a) => c(a, id).meanResponseMs / 1000,
  W: (a) => c(a, id).meanWaitMs / 1000,
  X: (a) => c(a, id).throughputRps,
  P_wait: (a) => c(a, id).waitProbability,
  P_block: (a) => c(a, id).blockingProbability,
  R_p99: (a) => (latencyPercentileMs(a, 99) ?? NaN) / 1000,
  R_p95: (a) => (latencyPercentileMs(a, 95) ?? NaN) / 1000,
  R_p50: (a) => (latencyPercentileMs(a, 50) ?? NaN) / 1000,
});

/** Case name → topology file and the figures the estimator gives, with a relative tolerance each. */
const MAP: Record<string, { file: string; get: Record<string, Getter>; approx?: Record<string, number> }> = {
  mm1_rho70: { file: 'mm1-rho70', get: station('server') },
  mmc_c3_rho80: { file: 'mmc-c3-rho80', get: station('server') },
  mm1k_k5_overload: {
    file: 'mm1k-k5-overload',
    get: {
      ...station('server'),
      rejected_rate: (a) => c(a, 'server').arrivalRps * (c(a, 'server').blockingProbability ?? NaN),
      R_p99: () => null,
      R_p95: () => null,
      R_p50: () => null,
    },
  },
  mmck_c3_k10: {
    file: 'mmck-c3-k10',
    get: {
      ...station('server'),
      rejected_rate: (a) => c(a, 'server').arrivalRps * (c(a, 'server').blockingProbability ?? NaN),
    },
  },
  jackson_api_db: {
    file: 'jackson-api-db',
    get: {
      api_arrival_rate: (a) => c(a, 'api').arrivalRps,
      api_U: (a) => c(a, 'api').utilization,
      api_L: (a) => (c(a, 'api').throughputRps * c(a, 'api').meanLocalMs) / 1000,
      api_Lq: (a) => c(a, 'api').meanQueueLength,
      api_R_per_visit: (a) => c(a, 'api').meanLocalMs / 1000,
      api_W_per_visit: (a) => c(a, 'api').meanWaitMs / 1000,
      db_arrival_rate: (a) => c(a, 'db').arrivalRps,
      db_visits_per_request: (a) => a.endpoints.request?.visits.db ?? NaN,
      db_U: (a) => c(a, 'db').utilization,
      db_L: (a) => c(a, 'db').meanInSystem,
      db_Lq: (a) => c(a, 'db').meanQueueLength,
      db_R_per_visit: (a) => c(a, 'db').meanResponseMs / 1000,
      db_W_per_visit: (a) => c(a, 'db').meanWaitMs / 1000,
      R_end_to_end: (a) => (a.endToEndMeanMs ?? NaN) / 1000,
      L_network: (a) => ((a.endToEndMeanMs ?? NaN) * a.throughputRps) / 1000,
      X: (a) => a.throughputRps,
    },
  },
  closed_mva_n20: {
    file: 'closed-mva-n20',
    get: {
      X: (a) => a.throughputRps,
      R: (a) => (a.endToEndMeanMs ?? NaN) / 1000,
      app_U: (a) => c(a, 'app').utilization,
      app_R: (a) => c(a, 'app').meanLocalMs / 1000,
      db_U: (a) => c(a, 'db').utilization,
      db_R: (a) => c(a, 'db').meanResponseMs / 1000,
      db_L: (a) => c(a, 'db').meanInSystem,
      users_thinking: (a) => 20 - ((a.endToEndMeanMs ?? NaN) * a.throughputRps) / 1000,
    },
  },
  md1_rho60: { file: 'md1-rho60', get: station('server'), approx: { R_p99: 0.03, R_p95: 0.04, R_p50: 0.12 } },
  lb3_round_robin: {
    file: 'lb3-round-robin',
    get: { ...station('pool', 3), sigma: (a) => c(a, 'pool').waitProbability },
    approx: { R_p99: 0.01, R_p95: 0.01, R_p50: 0.1 },
  },
  lb3_random: { file: 'lb3-random', get: station('pool', 3) },
  mg1_uniform_rho60: { file: 'mg1-uniform-rho60', get: station('server') },
  token_bucket_burst1: {
    file: 'token-bucket',
    get: {
      admitted_rate: (a) => c(a, 'edge').throughputRps,
      P_rate_limited: (a) => c(a, 'edge').blockingProbability,
      R: (a) => (a.endToEndMeanMs ?? NaN) / 1000,
    },
  },
};

/** Rows of (case, figure, expected, estimated, relative error) for every figure the estimator gives. */
function rows() {
  const out: { name: string; key: string; expected: number; got: number; rel: number; tol: number }[] = [];
  for (const k of cases) {
    const m = MAP[k.name];
    if (!m) continue;
    const a = load(m.file);
    for (const [key, e] of Object.entries(k.expected)) {
      const g = m.get[key];
      if (!g || typeof e.value !== 'number') continue;
      const got = g(a);
      if (got === null) continue;
      const rel = Math.abs(got - e.value) / Math.max(1e-12, Math.abs(e.value));
      out.push({ name: k.name, key, expected: e.value, got, rel, tol: m.approx?.[key] ?? 1e-6 });
    }
  }
  return out;
}

describe('analytic estimator against the exact validation cases', () => {
  it('maps every case', () => {
    for (const k of cases) expect(MAP[k.name], k.name).toBeDefined();
  });

  it('matches the exact values (1e-6 relative; p50–p99 of M/D/1 and E3/M/1 by their stated approximation)', () => {
    const all = rows();
    expect(all.length).toBeGreaterThan(80);
    const misses = all
      .filter((r) => !(r.rel <= r.tol))
      .map(
        (r) =>
          `${r.name}.${r.key}: expected ${r.expected}, estimated ${r.got} (${(r.rel * 100).toFixed(4)}%)`,
      );
    expect(misses).toEqual([]);
  });
});
