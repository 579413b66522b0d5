/**
 * `npm run validate [-- --long] [-- --case NAME]`: runs every validation case (the public set in
 * test/validation/cases.json and the textbook cases in test/validation/textbook.json) from its
 * topology file through parse → compile → simulate, with 10 independent replications, and prints
 * simulated against expected with the 95% CI and the relative error, and the analytic estimator's
 * value (models/analytic) beside it. A simulation miss is printed, then re-run once with new seeds
 * and four times the requests (README: chance misses do not persist); the suite exits 1 if a value
 * misses twice, (with --long, ≥ 10M requests per case) a mean or p99 is off by > 2%, or the
 * estimator is off by more than 1e-6 relative where its method is exact for the case.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze, latencyPercentileMs, type Analysis } from '../../models/analytic/index.js';
import { createSimulationFromText, type SimulationResult } from '../../models/index.js';
import { meanCi } from '../../models/engine/stats.js';
import type { ComponentStats } from '../../shared/results/index.js';
import { parseTopologyText } from '../../shared/topology/index.js';
import { tuneEngineVm } from '../services/engine-vm.js';

/** A case's parameters from its expected-values file (`params`: name → value). */
type Params = Record<string, number>;
/** A simulated figure of one replication. */
type Metric = (r: SimulationResult, p: Params) => number | null;
/** The analytic estimator's figure. */
type Estimate = (a: Analysis, p: Params) => number | null;

interface CaseSpec {
  name: string;
  file: string;
  /** Arrival rate, 1/s (requests = duration × rate). */
  rateRps: number;
  metrics: Record<string, Metric>;
  /** The estimator's value of each metric it gives. */
  analytic: Record<string, Estimate>;
  /** Metrics the estimator's method gives exactly for this case (checked to EXACT_TOLERANCE). */
  exact: readonly string[];
  /** Expected values the engine cannot measure in this case, with the reason. */
  unmeasured?: Record<string, string>;
}

/** Largest relative error of the estimator where its method is exact. */
export const EXACT_TOLERANCE = 1e-6;

const comp = (r: SimulationResult, id: string): ComponentStats => {
  const c = r.components.find((x) => x.id === id);
  if (!c) throw new Error(`validation: no component ${id}`);
  return c;
};
const lat = (r: SimulationResult) => r.summary.latency;

/** Single-station metrics (component `id`, `n` instances: per-instance figures divide by n). */
function station(id: string, n = 1): Record<string, Metric> {
  return {
    U: (r) => comp(r, id).utilization,
    L: (r) => comp(r, id).meanInSystem / n,
    Lq: (r) => comp(r, id).meanQueueLength / n,
    R: (r) => lat(r).meanS,
    W: (r) => comp(r, id).meanWaitS,
    X: (r) => r.summary.throughputRps,
    P0: (r) => comp(r, id).emptyProbability,
    P_wait: (r) => comp(r, id).waitProbability,
    R_p50: (r) => lat(r).p50S,
    R_p95: (r) => lat(r).p95S,
    R_p99: (r) => lat(r).p99S,
    P_block: (r) => comp(r, id).blockingProbability,
    rejected_rate: (r) => comp(r, id).rejected / r.measuredS,
  };
}

const est = (a: Analysis, id: string) => {
  const c = a.components[id];
  if (!c) throw new Error(`validation: the estimate has no component ${id}`);
  return c;
};
const ms = (x: number | null) => (x === null ? null : x / 1000);

/** The estimator's single-station figures (component `id`, `n` instances). */
function estStation(id: string, n = 1): Record<string, Estimate> {
  return {
    U: (a) => est(a, id).utilization,
    L: (a) => est(a, id).meanInSystem / n,
    Lq: (a) => est(a, id).meanQueueLength / n,
    R: (a) => ms(a.endToEndMeanMs),
    W: (a) => ms(est(a, id).meanWaitMs),
    X: (a) => a.throughputRps,
    P_wait: (a) => est(a, id).waitProbability,
    R_p50: (a) => ms(latencyPercentileMs(a, 50)),
    R_p95: (a) => ms(latencyPercentileMs(a, 95)),
    R_p99: (a) => ms(latencyPercentileMs(a, 99)),
    P_block: (a) => est(a, id).blockingProbability,
    rejected_rate: (a) => est(a, id).arrivalRps * (est(a, id).blockingProbability ?? 0),
  };
}

/** Visits per source request at component `id` in the measured period. */
const visits = (r: SimulationResult, id: string) =>
  comp(r, id).arrivals / (r.summary.offeredRps * r.measuredS);
/** The estimator's visits per request at `id` (the cases have one endpoint). */
const estVisits = (a: Analysis, id: string) => Object.values(a.endpoints)[0]?.visits[id] ?? null;

/** Why the waiting-time percentiles cannot be measured where service times are random. */
const NO_WAIT_HISTOGRAM =
  'the engine keeps no per-request waiting-time histogram, and with random service the wait is not the response time less a constant';
const waitPercentilesUnmeasured = {
  W_p50: NO_WAIT_HISTOGRAM,
  W_p95: NO_WAIT_HISTOGRAM,
  W_p99: NO_WAIT_HISTOGRAM,
};
/** Means and probabilities of a single station whose method (Erlang C, P-K, birth–death) is exact. */
const STATION_EXACT = ['U', 'L', 'Lq', 'R', 'W', 'X', 'P_wait', 'P_block', 'rejected_rate'];
/** Percentiles the estimator computes exactly: the M/M/c response-time tail. */
const MMC_TAIL = ['R_p50', 'R_p95', 'R_p99'];

const CASES: CaseSpec[] = [
  {
    name: 'mm1_rho70',
    file: 'mm1-rho70.headroom.json',
    rateRps: 70,
    metrics: station('server'),
    analytic: estStation('server'),
    exact: [...STATION_EXACT, ...MMC_TAIL],
    unmeasured: waitPercentilesUnmeasured,
  },
  {
    name: 'mmc_c3_rho80',
    file: 'mmc-c3-rho80.headroom.json',
    rateRps: 240,
    metrics: station('server'),
    analytic: estStation('server'),
    exact: [...STATION_EXACT, ...MMC_TAIL],
    unmeasured: waitPercentilesUnmeasured,
  },
  {
    name: 'mm1k_k5_overload',
    file: 'mm1k-k5-overload.headroom.json',
    rateRps: 150,
    metrics: station('server'),
    analytic: estStation('server'),
    exact: STATION_EXACT,
  },
  {
    name: 'mmck_c3_k10',
    file: 'mmck-c3-k10.headroom.json',
    rateRps: 300,
    metrics: station('server'),
    analytic: estStation('server'),
    exact: STATION_EXACT,
  },
  {
    name: 'jackson_api_db',
    file: 'jackson-api-db.headroom.json',
    rateRps: 350,
    metrics: {
      api_visits_per_request: (r) => visits(r, 'api'),
      api_arrival_rate: (r) => comp(r, 'api').arrivals / r.measuredS,
      api_U: (r) => comp(r, 'api').utilization,
      api_L: (r) => comp(r, 'api').throughputRps * (comp(r, 'api').meanLocalTimeS ?? NaN),
      api_Lq: (r) => comp(r, 'api').meanQueueLength,
      api_R_per_visit: (r) => comp(r, 'api').meanLocalTimeS,
      api_W_per_visit: (r) => comp(r, 'api').meanWaitS,
      db_visits_per_request: (r) => visits(r, 'db'),
      db_arrival_rate: (r) => comp(r, 'db').arrivals / r.measuredS,
      db_U: (r) => comp(r, 'db').utilization,
      db_L: (r) => comp(r, 'db').meanInSystem,
      db_Lq: (r) => comp(r, 'db').meanQueueLength,
      db_R_per_visit: (r) => comp(r, 'db').meanResponseTimeS,
      db_W_per_visit: (r) => comp(r, 'db').meanWaitS,
      R_end_to_end: (r) => lat(r).meanS,
      L_network: (r) => r.checks.littlesLaw.meanInSystem,
      X: (r) => r.summary.throughputRps,
    },
    analytic: {
      api_visits_per_request: (a) => estVisits(a, 'api'),
      api_arrival_rate: (a) => est(a, 'api').arrivalRps,
      api_U: (a) => est(a, 'api').utilization,
      api_L: (a) => (est(a, 'api').throughputRps * est(a, 'api').meanLocalMs) / 1000,
      api_Lq: (a) => est(a, 'api').meanQueueLength,
      api_R_per_visit: (a) => ms(est(a, 'api').meanLocalMs),
      api_W_per_visit: (a) => ms(est(a, 'api').meanWaitMs),
      db_visits_per_request: (a) => estVisits(a, 'db'),
      db_arrival_rate: (a) => est(a, 'db').arrivalRps,
      db_U: (a) => est(a, 'db').utilization,
      db_L: (a) => est(a, 'db').meanInSystem,
      db_Lq: (a) => est(a, 'db').meanQueueLength,
      db_R_per_visit: (a) => ms(est(a, 'db').meanResponseMs),
      db_W_per_visit: (a) => ms(est(a, 'db').meanWaitMs),
      R_end_to_end: (a) => ms(a.endToEndMeanMs),
      // Little's law over the whole network
      L_network: (a) => (a.offeredRps * (a.endToEndMeanMs ?? NaN)) / 1000,
      X: (a) => a.throughputRps,
    },
    // product form: every station is an exact M/M/c at its traffic-equation rate
    exact: [
      'api_visits_per_request',
      'api_arrival_rate',
      'api_U',
      'api_L',
      'api_Lq',
      'api_R_per_visit',
      'api_W_per_visit',
      'db_visits_per_request',
      'db_arrival_rate',
      'db_U',
      'db_L',
      'db_Lq',
      'db_R_per_visit',
      'db_W_per_visit',
      'R_end_to_end',
      'L_network',
      'X',
    ],
  },
  {
    name: 'closed_mva_n20',
    file: 'closed-mva-n20.headroom.json',
    rateRps: 35.25560987062179,
    metrics: {
      X: (r) => r.summary.throughputRps,
      R: (r) => lat(r).meanS,
      app_U: (r) => comp(r, 'app').utilization,
      app_L: (r) => comp(r, 'app').throughputRps * (comp(r, 'app').meanLocalTimeS ?? NaN),
      app_R: (r) => comp(r, 'app').meanLocalTimeS,
      db_U: (r) => comp(r, 'db').utilization,
      db_L: (r) => comp(r, 'db').meanInSystem,
      db_R: (r) => comp(r, 'db').meanResponseTimeS,
      users_thinking: (r, p) => (p['N'] ?? NaN) - r.checks.littlesLaw.meanInSystem,
    },
    analytic: {
      X: (a) => a.throughputRps,
      R: (a) => ms(a.endToEndMeanMs),
      app_U: (a) => est(a, 'app').utilization,
      app_L: (a) => (est(a, 'app').throughputRps * est(a, 'app').meanLocalMs) / 1000,
      app_R: (a) => ms(est(a, 'app').meanLocalMs),
      db_U: (a) => est(a, 'db').utilization,
      db_L: (a) => est(a, 'db').meanInSystem,
      db_R: (a) => ms(est(a, 'db').meanResponseMs),
      // users thinking = X × Z (Little's law at the think station)
      users_thinking: (a, p) => a.throughputRps * (p['Z'] ?? NaN),
    },
    // exact MVA with load-dependent multi-server stations
    exact: ['X', 'R', 'app_U', 'app_L', 'app_R', 'db_U', 'db_L', 'db_R', 'users_thinking'],
  },
  {
    name: 'md1_rho60',
    file: 'md1-rho60.headroom.json',
    rateRps: 60,
    metrics: {
      ...station('server'),
      // constant service: each request's wait is its response time less the service time
      W_p50: (r, p) => (lat(r).p50S ?? NaN) - (p['service_time'] ?? NaN),
      W_p95: (r, p) => (lat(r).p95S ?? NaN) - (p['service_time'] ?? NaN),
      W_p99: (r, p) => (lat(r).p99S ?? NaN) - (p['service_time'] ?? NaN),
    },
    analytic: estStation('server'),
    // Pollaczek–Khinchine (Allen–Cunneen with c = 1 and Poisson arrivals is exact); the tail is a gamma fit
    exact: STATION_EXACT,
  },
  {
    name: 'lb3_round_robin',
    file: 'lb3-round-robin.headroom.json',
    rateRps: 240,
    metrics: { ...station('pool', 3), sigma: (r) => comp(r, 'pool').waitProbability },
    analytic: { ...estStation('pool', 3), sigma: (a) => est(a, 'pool').waitProbability },
    // E3/M/1 by GI/M/1 theory (σ from the Laplace transform); the tail is a gamma fit
    exact: [...STATION_EXACT, 'sigma'],
    unmeasured: waitPercentilesUnmeasured,
  },
  {
    name: 'lb3_random',
    file: 'lb3-random.headroom.json',
    rateRps: 240,
    metrics: station('pool', 3),
    analytic: estStation('pool', 3),
    // random splitting of Poisson arrivals: M/M/1 per instance
    exact: [...STATION_EXACT, ...MMC_TAIL],
    unmeasured: waitPercentilesUnmeasured,
  },
  {
    name: 'mg1_uniform_rho60',
    file: 'mg1-uniform-rho60.headroom.json',
    rateRps: 60,
    metrics: station('server'),
    analytic: estStation('server'),
    exact: STATION_EXACT,
  },
  {
    name: 'token_bucket_burst1',
    file: 'token-bucket.headroom.json',
    rateRps: 100,
    metrics: {
      admitted_rate: (r) => r.summary.throughputRps,
      P_rate_limited: (r) => comp(r, 'edge').blockingProbability,
      R: (r) => lat(r).meanS,
    },
    analytic: {
      admitted_rate: (a) => a.throughputRps,
      P_rate_limited: (a) => est(a, 'edge').blockingProbability,
      R: (a) => ms(a.endToEndMeanMs),
    },
    // the bucket is an M/D/1/1 loss system: blocking λD/(1 + λD); constant latencies
    exact: ['admitted_rate', 'P_rate_limited', 'R'],
  },
];

/** Simulated figures of one metric over the replications, against the expected value. */
export interface Attempt {
  mean: number;
  lo: number;
  hi: number;
  relativeError: number;
  /** The expected value lies inside the 95% CI. */
  inside: boolean;
  /** Within 2% (means and p99, long runs). */
  within2pct: boolean;
  pass: boolean;
}

export interface Row extends Attempt {
  caseName: string;
  metric: string;
  expected: number;
  /** Whether the 2% rule applies to this metric (means and p99). */
  meanOrP99: boolean;
  /** The first run when it missed and this row is its re-run (new seeds, 4× the requests). */
  firstMiss: Attempt | null;
  retried: boolean;
  /** The estimator's value (null where it gives none). */
  analytic: number | null;
  analyticRelativeError: number | null;
  /** The estimator's method is exact here: it must agree to EXACT_TOLERANCE. */
  analyticExact: boolean;
  analyticPass: boolean;
  /** The simulation passes and, where exact, the estimator too. */
  pass: boolean;
}

/** An expected value the engine cannot measure, printed with the reason and the estimator's value. */
export interface Unmeasured {
  caseName: string;
  metric: string;
  expected: number;
  reason: string;
  analytic: number | null;
}

export interface ValidationOptions {
  /** Requests per replication. */
  requests: number;
  replications: number;
  /** Fail when a mean or p99 is off by more than 2% (long runs). */
  strict2pct: boolean;
  cases?: string[];
  seed?: number;
  onRow?: (row: Row) => void;
  onUnmeasured?: (u: Unmeasured) => void;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('validation: cannot find the repository root');
    dir = up;
  }
  return dir;
}

interface Expected {
  name: string;
  params?: Record<string, { value: number | string }>;
  expected: Record<string, { value: number }>;
}

/**
 * Whether the long runs' 2% rule covers a metric: every mean (L, Lq, R, W, X, U, rates, visits,
 * with or without a component prefix such as `api_` or a suffix such as `_network`) and the p99
 * percentiles; not the other percentiles, nor probabilities (P0, P_wait, P_block, σ), which are
 * held to their confidence intervals.
 */
export function underTwoPercentRule(metric: string): boolean {
  const pct = /(?:^|_)p(\d+)$/.exec(metric);
  if (pct) return pct[1] === '99';
  return !/(?:^|_)(?:P0|P_\w+|sigma)$/.test(metric);
}

function runCase(
  spec: CaseSpec,
  text: string,
  requests: number,
  replications: number,
  seed: number,
): SimulationResult[] {
  const durationS = requests / spec.rateRps;
  const warmupS = durationS / 11;
  const out: SimulationResult[] = [];
  for (let r = 0; r < replications; r++) {
    const sim = createSimulationFromText(text, {
      seed,
      replication: r,
      durationS: durationS + warmupS,
      warmupS,
      windowS: Math.max(1, durationS / 100),
    });
    let more = true;
    while (more) more = sim.advance(1_000_000);
    out.push(sim.result());
  }
  return out;
}

function attempt(
  metric: Metric,
  params: Params,
  expected: number,
  results: SimulationResult[],
  strict: boolean,
  meanOrP99: boolean,
): Attempt {
  const values = results.map((r) => metric(r, params) ?? NaN);
  const ci = meanCi(values);
  const relativeError = (ci.mean - expected) / expected;
  // a deterministic metric has a zero-width interval: compare to rounding error instead
  const inside = (expected >= ci.lo && expected <= ci.hi) || Math.abs(relativeError) < 1e-9;
  const within2pct = Math.abs(relativeError) <= 0.02;
  return {
    mean: ci.mean,
    lo: ci.lo,
    hi: ci.hi,
    relativeError,
    inside,
    within2pct,
    pass: inside && (!strict || !meanOrP99 || within2pct),
  };
}

/** FNV-1a of a case name: each case gets its own seeds, so cases that share component ids do not share noise. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const numericParams = (e: Expected): Params =>
  Object.fromEntries(
    Object.entries(e.params ?? {}).flatMap(([k, v]) => (typeof v.value === 'number' ? [[k, v.value]] : [])),
  );

export function runValidation(opts: ValidationOptions): Row[] {
  const root = repoRoot();
  const dir = join(root, 'test', 'validation');
  const expectedList: Expected[] = [
    ...(JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Expected[]),
    ...(JSON.parse(readFileSync(join(dir, 'textbook.json'), 'utf8')) as Expected[]),
  ];
  const seed = opts.seed ?? 20240601;
  const rows: Row[] = [];
  for (const spec of CASES) {
    if (opts.cases && !opts.cases.includes(spec.name)) continue;
    const exp = expectedList.find((e) => e.name === spec.name);
    if (!exp) throw new Error(`validation: no expected values for ${spec.name}`);
    const params = numericParams(exp);
    const text = readFileSync(join(dir, 'topologies', spec.file), 'utf8');
    const parsed = parseTopologyText(text);
    if (!parsed.ok) throw new Error(`validation: ${spec.file} does not parse`);
    const analysis = analyze(parsed.topology);
    const estimate = (metric: string) => {
      const f = spec.analytic[metric];
      const v = f ? f(analysis, params) : null;
      return v === null || !Number.isFinite(v) ? null : v;
    };
    const caseSeed = (seed + hashName(spec.name)) >>> 0;
    const results = runCase(spec, text, opts.requests, opts.replications, caseSeed);
    let retry: SimulationResult[] | null = null;
    for (const [metric, { value }] of Object.entries(exp.expected)) {
      const reason = spec.unmeasured?.[metric];
      if (reason !== undefined) {
        opts.onUnmeasured?.({
          caseName: spec.name,
          metric,
          expected: value,
          reason,
          analytic: estimate(metric),
        });
        continue;
      }
      const f = spec.metrics[metric];
      if (!f) throw new Error(`validation: ${spec.name}.${metric} has no simulated counterpart`);
      const meanOrP99 = underTwoPercentRule(metric);
      let sim = attempt(f, params, value, results, opts.strict2pct, meanOrP99);
      let firstMiss: Attempt | null = null;
      if (!sim.pass) {
        firstMiss = sim;
        retry ??= runCase(spec, text, opts.requests * 4, opts.replications, (caseSeed + 7919) >>> 0);
        sim = attempt(f, params, value, retry, opts.strict2pct, meanOrP99);
      }
      const analytic = estimate(metric);
      const analyticRelativeError = analytic === null ? null : (analytic - value) / value;
      const analyticExact = spec.exact.includes(metric);
      const analyticPass =
        !analyticExact ||
        (analyticRelativeError !== null && Math.abs(analyticRelativeError) <= EXACT_TOLERANCE);
      const row: Row = {
        caseName: spec.name,
        metric,
        expected: value,
        ...sim,
        meanOrP99,
        firstMiss,
        retried: firstMiss !== null,
        analytic,
        analyticRelativeError,
        analyticExact,
        analyticPass,
        pass: sim.pass && analyticPass,
      };
      rows.push(row);
      opts.onRow?.(row);
    }
  }
  return rows;
}

const fmt = (x: number) => (Math.abs(x) >= 1 ? x.toPrecision(6) : x.toPrecision(5));
const pct = (x: number) => `${(x * 100).toFixed(2).padStart(6)}%`;

function simLine(status: string, r: Row, a: Attempt, note: string): string {
  return `${status} ${r.caseName.padEnd(20)} ${r.metric.padEnd(22)} expected ${fmt(r.expected).padStart(11)}  simulated ${fmt(a.mean).padStart(11)}  CI [${fmt(a.lo)}, ${fmt(a.hi)}]  err ${pct(a.relativeError)}${note}`;
}

/** One printed row (two lines when a miss was re-run: the miss, then the re-run). */
export function formatRow(r: Row): string {
  const analytic =
    r.analytic === null || r.analyticRelativeError === null
      ? '  analytic -'
      : `  analytic ${fmt(r.analytic)} (${r.analyticExact ? 'exact' : 'approx'}, err ${r.analyticExact ? r.analyticRelativeError.toExponential(1) : pct(r.analyticRelativeError).trim()}${r.analyticPass ? '' : ' ESTIMATOR MISS'})`;
  const status = r.pass ? 'ok  ' : 'MISS';
  const lines: string[] = [];
  if (r.firstMiss)
    lines.push(simLine('miss', r, r.firstMiss, '  → re-run with new seeds at 4× the requests'));
  lines.push(simLine(status, r, r, `${r.retried ? '  (re-run at 4×)' : ''}${analytic}`));
  return lines.join('\n');
}

export function formatUnmeasured(u: Unmeasured): string {
  return `n/a  ${u.caseName.padEnd(20)} ${u.metric.padEnd(22)} expected ${fmt(u.expected).padStart(11)}  not measured: ${u.reason}${u.analytic === null ? '' : `  (analytic ${fmt(u.analytic)})`}`;
}

function main(): void {
  tuneEngineVm();
  const args = process.argv.slice(2);
  const long = args.includes('--long');
  const at = args.indexOf('--case');
  const cases = at >= 0 ? (args[at + 1] ?? '').split(',') : undefined;
  const requests = long ? 1_000_000 : 200_000;
  const replications = 10;
  process.stdout.write(
    `validation: ${replications} replications × ${requests} requests per case${long ? ' (long: 2% rule on means and p99)' : ''}; analytic estimator beside each value (exact methods must agree to ${EXACT_TOLERANCE} relative)\n`,
  );
  const t0 = Date.now();
  let unmeasured = 0;
  const rows = runValidation({
    requests,
    replications,
    strict2pct: long,
    ...(cases ? { cases } : {}),
    onRow: (row) => process.stdout.write(`${formatRow(row)}\n`),
    onUnmeasured: (u) => {
      unmeasured++;
      process.stdout.write(`${formatUnmeasured(u)}\n`);
    },
  });
  const simMisses = rows.filter((r) => !r.inside || (long && r.meanOrP99 && !r.within2pct));
  const estMisses = rows.filter((r) => !r.analyticPass);
  const rerun = rows.filter((r) => r.retried);
  const exact = rows.filter((r) => r.analyticExact);
  const passed = rows.filter((r) => r.pass).length;
  process.stdout.write(
    `\n${passed}/${rows.length} values pass in ${((Date.now() - t0) / 1000).toFixed(1)} s: ` +
      `simulation ${rows.length - simMisses.length}/${rows.length} (${rerun.length} re-run at 4× after a first miss), ` +
      `estimator ${exact.length - estMisses.length}/${exact.length} exact values within ${EXACT_TOLERANCE}` +
      `${unmeasured > 0 ? `; ${unmeasured} expected values not measurable by the engine (n/a)` : ''}\n`,
  );
  process.exitCode = passed < rows.length ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
