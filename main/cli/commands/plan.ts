/**
 * `headroom plan max-load | right-size | growth <file>`: capacity questions answered by bisection and
 * search with the simulator (replications in worker threads, one per core), bracketed and pruned by
 * the analytic estimate. `registerPlanning` also registers analyze, sweep and merge.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  analyticMaxLoad,
  formatSlo,
  growthFromMaxLoad,
  parseGrowth,
  parseShard,
  parseSlo,
  planMaxLoad,
  planRightSize,
  PlannerError,
  sloFromTopology,
  type MaxLoadResult,
  type PlanSlo,
  type RightSizeResult,
  type TrialRunner,
} from '../../../models/planner/index.js';
import { analyze } from '../../../models/analytic/index.js';
import type { Topology } from '../../../shared/topology/index.js';
import { createInProcessRunner, createWorkerRunner } from '../../services/planner.js';
import { CliError } from '../errors.js';
import { integer, positive, readTopology, registerAnalyze } from './analyze.js';
import { registerMerge } from './merge.js';
import { registerSweep } from './sweep.js';

/** Flags every simulated planning command takes. */
export interface TrialFlags {
  slo?: string;
  seed: string;
  replications: string;
  requests: string;
  workers?: string;
  scenario?: string;
  json?: boolean;
}

/** Adds the trial flags to a command. */
export function trialOptions(cmd: Command): Command {
  return cmd
    .option('--slo <terms>', 'SLO, e.g. "p99<=300ms,errors<=0.1%" (default: the file\'s slo)')
    .option('--seed <n>', 'seed of every trial (common random numbers across trials)', '1')
    .option('--replications <n>', 'independent replications per trial (merged exactly)', '4')
    .option('--requests <n>', "arrivals per replication (sets each trial's duration; 10% warm-up)", '50000')
    .option('--workers <n>', 'worker threads (default: one per core; 1 = in process)')
    .option('--scenario <name>', 'scenario whose load factor applies (default: the first)')
    .option('--json', 'print one JSON object on stdout');
}

/** Parsed trial settings. */
export function readTrialFlags(t: Topology, flags: TrialFlags) {
  const slo: PlanSlo | null = flags.slo !== undefined ? parseSlo(flags.slo) : sloFromTopology(t);
  if (flags.scenario !== undefined && !t.scenarios?.[flags.scenario])
    throw new CliError(`--scenario: the file has no scenario "${flags.scenario}"`);
  return {
    slo,
    seed: integer(flags.seed, '--seed', 0, 0xffffffff),
    replications: integer(flags.replications, '--replications', 1, 1000),
    requests: integer(flags.requests, '--requests', 100, 1e9),
    workers: flags.workers === undefined ? undefined : integer(flags.workers, '--workers', 1, 1024),
    ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
  };
}

/** Requires an SLO from --slo or the file. */
export function requireSlo(slo: PlanSlo | null): PlanSlo {
  if (slo === null)
    throw new CliError('--slo: give an SLO (e.g. --slo "p99<=300ms,errors<=0.1%") or add slo to the file');
  return slo;
}

/** Runs `body` with a trial runner (worker threads unless --workers 1); planner errors become CliErrors. */
export async function withRunner<T>(
  workers: number | undefined,
  body: (r: TrialRunner) => Promise<T>,
): Promise<T> {
  const pool =
    workers === 1 ? null : createWorkerRunner(workers !== undefined ? { maxWorkers: workers } : {});
  try {
    return await body(pool ?? createInProcessRunner());
  } catch (e) {
    if (e instanceof PlannerError) throw new CliError(e.message);
    throw e;
  } finally {
    await pool?.close();
  }
}

/** Converts planner errors thrown synchronously. */
export function planner<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PlannerError) throw new CliError(e.message);
    throw e;
  }
}

const f1 = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '-' : x.toFixed(d));

function maxLoadTable(r: MaxLoadResult): string {
  const lines = [
    `max load ${f1(r.maxLoadRps)} req/s (95% CI ${f1(r.ci95[0])} … ${f1(r.ci95[1])}) for SLO ${r.slo}`,
    `limiting component: ${r.limitingComponent ?? '-'}`,
    `analytic: SLO met up to ${f1(r.analytic.maxLoadRps)} req/s; bottleneck law ${f1(r.analytic.maxThroughputRps)} req/s (${r.analytic.bottleneck ?? '-'})`,
    '',
    `${'load req/s'.padStart(12)} ${'SLO'.padStart(5)} ${'latency ms'.padStart(22)} ${'errors'.padStart(9)}`,
  ];
  for (const t of r.trials)
    lines.push(
      `${f1(t.loadRps).padStart(12)} ${(t.pass ? 'ok' : 'FAIL').padStart(5)} ${t.latencyMs
        .map((v) => f1(v, 2))
        .join(', ')
        .padStart(22)} ${(t.errorRate * 100).toFixed(3).padStart(8)}%`,
    );
  return `${lines.join('\n')}\n`;
}

interface MaxLoadFlags extends TrialFlags {
  tolerance: string;
  maxTrials: string;
  analytic?: boolean;
}

async function runMaxLoad(file: string, flags: MaxLoadFlags): Promise<void> {
  const t = readTopology(file);
  const o = planner(() => readTrialFlags(t, flags));
  const slo = requireSlo(o.slo);
  if (flags.analytic) {
    const v = planner(() => analyticMaxLoad(t, slo, o.scenario));
    const out = { method: 'analytic', maxLoadRps: v, slo: flags.slo ?? null };
    process.stdout.write(flags.json ? `${JSON.stringify(out)}\n` : `analytic max load ${f1(v)} req/s\n`);
    return;
  }
  const tolerance = positive(flags.tolerance, '--tolerance') as number;
  const maxTrials = integer(flags.maxTrials, '--max-trials', 3, 200);
  const r = await withRunner(o.workers, (runner) =>
    planMaxLoad(t, slo, runner, { ...o, tolerance, maxTrials }),
  );
  process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : maxLoadTable(r));
}

interface RightSizeFlags extends TrialFlags {
  load: string;
  prune: string;
  front: string;
  shard?: string;
  out?: string;
}

/** The file a right-size shard writes. */
export interface RightSizeShardFile {
  kind: 'headroom-right-size';
  version: 1;
  result: RightSizeResult;
}

/** Human-readable right-size result. */
export function rightSizeTable(r: RightSizeResult): string {
  const cfg = (c: Record<string, number | string>) =>
    Object.entries(c)
      .map(([k, v]) => `${k.replace(/^components\./, '')}=${v}`)
      .join(' ');
  const lines = [
    `right-size at ${f1(r.loadRps)} req/s for SLO ${r.slo}: ${r.counts.configurations} configurations, ${r.counts.prunedAnalytically} pruned analytically, ${r.counts.simulated} simulated`,
    r.best
      ? `cheapest meeting the SLO: ${cfg(r.best.configuration)}  $${r.best.costPerMonth.toFixed(2)}/month, p99 ${f1(r.best.simulated?.p99Ms, 2)} ms`
      : 'no configuration met the SLO in simulation',
    '',
    'Pareto front (monthly cost vs simulated p99):',
  ];
  for (const c of r.paretoFront)
    lines.push(
      `  $${c.costPerMonth.toFixed(2).padStart(10)}  p99 ${f1(c.simulated?.p99Ms, 2).padStart(9)} ms  ${c.simulated?.pass ? 'ok  ' : 'FAIL'}  ${cfg(c.configuration)}`,
    );
  return `${lines.join('\n')}\n`;
}

async function runRightSize(file: string, flags: RightSizeFlags): Promise<void> {
  const t = readTopology(file);
  const o = planner(() => readTrialFlags(t, flags));
  const slo = requireSlo(o.slo);
  const loadRps = positive(flags.load, '--load') as number;
  const shard = flags.shard !== undefined ? planner(() => parseShard(flags.shard as string)) : undefined;
  const r = await withRunner(o.workers, (runner) =>
    planRightSize(t, slo, runner, {
      ...o,
      loadRps,
      pruneRatio: positive(flags.prune, '--prune') as number,
      frontExtra: integer(flags.front, '--front', 0, 1000),
      ...(shard ? { shard } : {}),
    }),
  );
  if (shard) {
    const text = `${JSON.stringify({ kind: 'headroom-right-size', version: 1, result: r } satisfies RightSizeShardFile)}\n`;
    if (flags.out !== undefined) writeFileSync(flags.out, text);
    else process.stdout.write(text);
    return;
  }
  process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : rightSizeTable(r));
}

interface GrowthFlags extends MaxLoadFlags {
  current: string;
  growth: string;
}

async function runGrowth(file: string, flags: GrowthFlags): Promise<void> {
  const t = readTopology(file);
  const o = planner(() => readTrialFlags(t, flags));
  const slo = requireSlo(o.slo);
  const current = positive(flags.current, '--current') as number;
  const growth = planner(() => parseGrowth(flags.growth));
  const tolerance = positive(flags.tolerance, '--tolerance') as number;
  const maxTrials = integer(flags.maxTrials, '--max-trials', 3, 200);
  const m: MaxLoadResult = flags.analytic
    ? planner(() => {
        const v = analyticMaxLoad(t, slo, o.scenario) ?? Infinity;
        const a = analyze(t, o.scenario !== undefined ? { scenario: o.scenario } : {});
        return {
          maxLoadRps: v,
          ci95: [v, v],
          limitingComponent: a.bottleneck,
          analytic: { maxLoadRps: v, maxThroughputRps: a.maxThroughputRps, bottleneck: a.bottleneck },
          slo: formatSlo(slo),
          trials: [],
        };
      })
    : await withRunner(o.workers, (runner) => planMaxLoad(t, slo, runner, { ...o, tolerance, maxTrials }));
  const g = growthFromMaxLoad(current, growth, m);
  const out = { ...g, slo: m.slo, trials: m.trials };
  if (flags.json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else
    process.stdout.write(
      `current ${f1(current)} req/s, max load ${f1(g.maxLoadRps)} req/s (${m.trials.length === 0 ? 'analytic estimate' : `95% CI ${f1(g.ci95[0])} … ${f1(g.ci95[1])}`}): headroom ${(g.headroom * 100).toFixed(1)}%\n` +
        `at ${(growth * 100).toFixed(2)}%/month the SLO ${slo.latency.length || slo.maxErrorRate !== null ? m.slo : ''} breaks in month ${g.breachMonth ?? '-'} (after ${f1(g.monthsToBreach, 2)} months); limiting component ${g.limitingComponent ?? '-'}\n`,
    );
}

/** Registers `plan`, `analyze`, `sweep` and `merge`. */
export function registerPlanning(program: Command): void {
  registerAnalyze(program);
  const plan = program.command('plan').description('capacity planning: max-load, right-size, growth');
  trialOptions(
    plan
      .command('max-load <file>')
      .description('highest load meeting the SLO (simulator bisection bracketed by the analytic estimate)'),
  )
    .option('--tolerance <fraction>', 'stop when the bracket is this narrow relative to its top', '0.01')
    .option('--max-trials <n>', 'most simulated trials', '14')
    .option('--analytic', 'estimator only (milliseconds, no simulation)')
    .action((file: string, flags: MaxLoadFlags) => runMaxLoad(file, flags));
  trialOptions(
    plan
      .command('right-size <file>')
      .description(
        'cheapest configuration over planning.adjustable meeting the SLO at --load, with the Pareto front',
      ),
  )
    .requiredOption('--load <rps>', 'target total load, req/s')
    .option('--prune <ratio>', 'drop configurations whose analytic SLO ratio exceeds this', '1.5')
    .option('--front <n>', 'configurations simulated past the answer for the Pareto front', '6')
    .option('--shard <I/N>', 'evaluate slice I of N (0-based) and write a shard file for `headroom merge`')
    .option('--out <file>', 'where a shard writes its result (default stdout)')
    .action((file: string, flags: RightSizeFlags) => runRightSize(file, flags));
  trialOptions(
    plan.command('growth <file>').description('headroom over the current load and the month the SLO breaks'),
  )
    .requiredOption('--current <rps>', 'current total load, req/s')
    .requiredOption('--growth <rate>', 'growth per month, e.g. 8%/month')
    .option('--tolerance <fraction>', 'max-load bracket tolerance', '0.01')
    .option('--max-trials <n>', 'most simulated trials', '14')
    .option('--analytic', 'estimator only (milliseconds, no simulation)')
    .action((file: string, flags: GrowthFlags) => runGrowth(file, flags));
  registerSweep(program);
  registerMerge(program);
}
