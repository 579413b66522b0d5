/** `headroom report <file> --out report.html|pdf|csv|json`: simulates a design and writes its capacity report. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CompileError } from '../../../models/index.js';
import { bottleneckOf, fmtLatency, fmtPercent, fmtRps } from '../../../shared/report/index.js';
import type { ReportModel } from '../../../shared/report/model.js';
import { formatIssue, parseTopologyText, type Topology } from '../../../shared/topology/index.js';
import { buildReportModel, NOT_PLANNED, scenarioRow } from '../../report/build.js';
import { formatOfPath, writeReport } from '../../report/export.js';
import { NoChromiumError } from '../../report/pdf.js';
import { runForReport } from '../../report/run.js';
import { parseGrowth } from '../../../models/planner/index.js';
import { planForReport, rightSizeForReport } from '../../report/plan.js';
import { createWorkerRunner } from '../../services/planner.js';
import { CliError } from '../errors.js';
import { BILLING_HELP, parseBilling } from './analyze.js';
import type { Billing } from '../../../models/cost/index.js';

interface ReportFlags {
  out: string;
  scenarios?: string;
  replications: string;
  planReplications: string;
  planRequests: string;
  growth?: string;
  scenario?: string;
  seed: string;
  duration?: string;
  plan?: boolean;
  rightSize?: boolean;
  billing?: string;
  load?: string;
  prune: string;
  front: string;
  author?: string;
  title?: string;
}

/** Reads and validates a topology file; problems become CliErrors with `exitCode`. */
export function loadTopology(file: string, exitCode = 1): Topology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, exitCode);
  }
  const parsed = parseTopologyText(text);
  if (!parsed.ok)
    throw new CliError(
      `${file} is not a valid topology:\n  ${parsed.errors.map(formatIssue).join('\n  ')}`,
      exitCode,
    );
  return parsed.topology;
}

/** --seed as an integer 0 … 2^32 − 1. */
export function parseSeed(text: string, exitCode = 1): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff)
    throw new CliError(`--seed must be an integer from 0 to 4294967295, got "${text}"`, exitCode);
  return x;
}

/** --replications as an integer 1 … 1000. */
export function parseReplications(text: string, exitCode = 1): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x < 1 || x > 1000)
    throw new CliError(`--replications must be an integer from 1 to 1000, got "${text}"`, exitCode);
  return x;
}

/** --duration as positive seconds, or undefined. */
export function parseDuration(text: string | undefined, exitCode = 1): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!(Number.isFinite(x) && x > 0))
    throw new CliError(`--duration must be a positive number of seconds, got "${text}"`, exitCode);
  return x;
}

/** Planner settings of --plan (report and diff). */
export interface PlanFlags {
  planReplications: string;
  planRequests: string;
  growth?: string;
}

/** Adds the max-load plan (worker threads) to a report model; planner problems are said in the report. */
export async function addPlan(
  model: ReportModel,
  flags: PlanFlags,
  o: { seed: number; scenario?: string },
  exitCode = 1,
): Promise<ReportModel> {
  const { replications, requests } = planTrials(flags, exitCode);
  let monthlyGrowth: number | undefined;
  if (flags.growth !== undefined) {
    try {
      monthlyGrowth = parseGrowth(flags.growth);
    } catch (e) {
      throw new CliError((e as Error).message, exitCode);
    }
  }
  const runner = createWorkerRunner();
  try {
    const p = await planForReport(model.topology, {
      runner,
      seed: o.seed,
      replications,
      requests,
      ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
      ...(monthlyGrowth !== undefined ? { monthlyGrowth } : {}),
      date: model.date,
    });
    return { ...model, plan: p.plan, planNote: p.plan ? model.planNote : p.note };
  } finally {
    await runner.close();
  }
}

/** Trial settings of --plan-replications and --plan-requests. */
function planTrials(flags: PlanFlags, exitCode = 1): { replications: number; requests: number } {
  const replications = Number(flags.planReplications);
  if (!Number.isInteger(replications) || replications < 1 || replications > 100)
    throw new CliError(
      `--plan-replications must be an integer from 1 to 100, got "${flags.planReplications}"`,
      exitCode,
    );
  const requests = Number(flags.planRequests);
  if (!Number.isInteger(requests) || requests < 100 || requests > 1e8)
    throw new CliError(
      `--plan-requests must be an integer from 100 to 100000000, got "${flags.planRequests}"`,
      exitCode,
    );
  return { replications, requests };
}

/** Adds the right-size plan at --load (worker threads) to a report model; planner problems are said in the report. */
export async function addRightSize(
  model: ReportModel,
  flags: PlanFlags & { load?: string; prune: string; front: string },
  o: { seed: number; scenario?: string },
): Promise<ReportModel> {
  if (flags.load === undefined) throw new CliError('--right-size needs --load RPS, the target total load');
  const loadRps = Number(flags.load);
  if (!(Number.isFinite(loadRps) && loadRps > 0))
    throw new CliError(`--load must be a positive number of requests per second, got "${flags.load}"`);
  const pruneRatio = Number(flags.prune);
  if (!(Number.isFinite(pruneRatio) && pruneRatio >= 1))
    throw new CliError(`--prune must be a number ≥ 1, got "${flags.prune}"`);
  const frontExtra = Number(flags.front);
  if (!Number.isInteger(frontExtra) || frontExtra < 0 || frontExtra > 1000)
    throw new CliError(`--front must be an integer from 0 to 1000, got "${flags.front}"`);
  const trials = planTrials(flags);
  const runner = createWorkerRunner();
  try {
    const r = await rightSizeForReport(model.topology, {
      runner,
      seed: o.seed,
      ...trials,
      loadRps,
      pruneRatio,
      frontExtra,
      ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
    });
    return { ...model, rightSize: r.rightSize, ...(r.rightSize ? {} : { rightSizeNote: r.note }) };
  } finally {
    await runner.close();
  }
}

/** Simulates a design and builds its report model (shared by report and diff). */
export function simulateForReport(
  topology: Topology,
  o: {
    seed: number;
    replications?: number;
    durationS?: number;
    scenario?: string;
    author?: string;
    title?: string;
    billing?: Billing;
  },
  exitCode = 1,
): ReportModel {
  let run;
  try {
    run = runForReport(topology, {
      seed: o.seed,
      ...(o.replications !== undefined ? { replications: o.replications } : {}),
      ...(o.durationS !== undefined ? { durationS: o.durationS } : {}),
      ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
    });
  } catch (e) {
    if (e instanceof CompileError) throw new CliError(e.message, exitCode);
    throw e;
  }
  return buildReportModel({
    topology,
    result: run.result,
    warnings: run.warnings,
    author: o.author ?? null,
    ...(o.title !== undefined ? { title: o.title } : {}),
    ...(o.billing !== undefined ? { billing: o.billing } : {}),
    planNote: NOT_PLANNED,
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function runReport(file: string, flags: ReportFlags): Promise<void> {
  const format = formatOfPath(flags.out);
  if (format === null)
    throw new CliError(`--out must end with .html, .pdf, .csv or .json, got "${flags.out}"`);
  const topology = loadTopology(file);
  const seed = parseSeed(flags.seed);
  const durationS = parseDuration(flags.duration);
  const replications = parseReplications(flags.replications);
  const billing = parseBilling(flags.billing);
  if (flags.load !== undefined && !flags.rightSize)
    throw new CliError('--load is the target load of --right-size: add --right-size');
  if (flags.rightSize && flags.load === undefined)
    throw new CliError('--right-size needs --load RPS, the target total load');
  if (flags.author !== undefined && flags.author.length > 200)
    throw new CliError('--author must be at most 200 characters');
  let model = simulateForReport(topology, {
    seed,
    replications,
    ...(durationS !== undefined ? { durationS } : {}),
    ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    ...(flags.author !== undefined ? { author: flags.author } : {}),
    ...(flags.title !== undefined ? { title: flags.title } : {}),
    ...(billing !== undefined ? { billing } : {}),
  });
  for (const w of model.warnings) process.stderr.write(`headroom: warning: ${w}\n`);
  if (flags.scenarios !== undefined) {
    const known = Object.keys(topology.scenarios ?? {});
    const ids = flags.scenarios.trim() === 'all' ? known : flags.scenarios.split(',').map((x) => x.trim());
    for (const id of ids)
      if (!known.includes(id))
        throw new CliError(
          `--scenarios: the file has no scenario "${id}"${known.length ? ` (it has: ${known.join(', ')})` : ' (it has none)'}`,
        );
    const rows = ids.map((id) => {
      if (id === model.result.scenario) return scenarioRow(topology, model.result);
      process.stderr.write(`headroom: simulating scenario ${id} for the comparison\n`);
      try {
        const run = runForReport(topology, {
          seed,
          replications,
          scenario: id,
          ...(durationS !== undefined ? { durationS } : {}),
        });
        return scenarioRow(topology, run.result);
      } catch (e) {
        if (e instanceof CompileError) throw new CliError(`--scenarios: ${id}: ${e.message}`);
        throw e;
      }
    });
    model = { ...model, scenarios: rows };
  }
  if (flags.plan) {
    process.stderr.write(
      'headroom: --plan: finding the max load within the SLO (bisection with the simulator)\n',
    );
    model = await addPlan(model, flags, {
      seed,
      ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    });
    if (!model.plan) process.stderr.write(`headroom: --plan: ${model.planNote}\n`);
  }
  if (flags.rightSize) {
    process.stderr.write(
      'headroom: --right-size: finding the cheapest configuration within the SLO (planning.adjustable)\n',
    );
    model = await addRightSize(model, flags, {
      seed,
      ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    });
    if (!model.rightSize) process.stderr.write(`headroom: --right-size: ${model.rightSizeNote ?? ''}\n`);
  }
  let written;
  try {
    written = await writeReport(model, format, flags.out);
  } catch (e) {
    if (e instanceof NoChromiumError) throw new CliError(e.message);
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw new CliError(`cannot write ${flags.out}: ${err.code}`);
    throw e;
  }
  const s = model.result.summary;
  const b = bottleneckOf(model.result.components);
  for (const f of written) process.stdout.write(`wrote ${f.path} (${kb(f.bytes)})\n`);
  process.stdout.write(
    `p99 ${fmtLatency(s.latency.p99S)} at ${fmtRps(s.offeredRps)}, errors ${fmtPercent(s.errorRate)}, throughput ${fmtRps(s.throughputRps)}${b ? `, bottleneck ${b.id} at ${fmtPercent(b.utilization, 1)}` : ''}\n`,
  );
}

export function registerReport(program: Command): void {
  program
    .command('report <file>')
    .description('simulate a topology file and write a capacity report (HTML, PDF, CSV or JSON)')
    .requiredOption(
      '--out <path>',
      'output file: .html, .pdf, .csv (also writes .components.csv and .tail.csv) or .json',
    )
    .option('--scenario <name>', 'scenario id (default: the first in the file)')
    .option('--seed <n>', 'seed of the random streams', '1')
    .option('--replications <n>', 'independent replications (confidence intervals across them)', '1')
    .option('--scenarios <ids>', 'also simulate these scenarios (comma-separated, or "all") and compare them')
    .option('--duration <seconds>', 'simulated seconds (default: the scenario’s; with it, no warm-up)')
    .option('--plan', 'add the max load within the SLO, headroom and capacity curve (capacity planner)')
    .option('--plan-replications <n>', 'replications per planner trial', '4')
    .option('--plan-requests <n>', 'arrivals per replication of a planner trial', '50000')
    .option('--growth <rate>', 'with --plan: monthly traffic growth, e.g. 8%, for the month the SLO breaks')
    .option(
      '--right-size',
      'add the cheapest configuration within the SLO and the Pareto front (planning.adjustable)',
    )
    .option('--load <rps>', 'with --right-size: target total load, req/s')
    .option(
      '--prune <ratio>',
      'with --right-size: drop configurations whose analytic SLO ratio exceeds this',
      '1.5',
    )
    .option(
      '--front <n>',
      'with --right-size: configurations simulated past the answer for the Pareto front',
      '6',
    )
    .option('--billing <granularity>', BILLING_HELP)
    .option('--author <name>', 'author shown on the report')
    .option('--title <text>', 'report title (default: the design’s name)')
    .action((file: string, flags: ReportFlags) => runReport(file, flags));
}
