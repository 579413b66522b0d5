/** `headroom report <file> --out report.html|pdf|csv|json`: simulates a design and writes its capacity report. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CompileError } from '../../../models/index.js';
import { bottleneckOf, fmtLatency, fmtPercent, fmtRps } from '../../../shared/report/index.js';
import type { ReportModel } from '../../../shared/report/model.js';
import { formatIssue, parseTopologyText, type Topology } from '../../../shared/topology/index.js';
import { buildReportModel, NOT_PLANNED } from '../../report/build.js';
import { formatOfPath, writeReport } from '../../report/export.js';
import { NoChromiumError } from '../../report/pdf.js';
import { runForReport } from '../../report/run.js';
import { CliError } from '../errors.js';

interface ReportFlags {
  out: string;
  scenario?: string;
  seed: string;
  duration?: string;
  plan?: boolean;
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

/** --duration as positive seconds, or undefined. */
export function parseDuration(text: string | undefined, exitCode = 1): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!(Number.isFinite(x) && x > 0))
    throw new CliError(`--duration must be a positive number of seconds, got "${text}"`, exitCode);
  return x;
}

/** Why --plan could not add a max load in this build. */
export const PLANNER_MISSING = 'the capacity planner is not available in this build';

/** Simulates a design and builds its report model (shared by report and diff). */
export function simulateForReport(
  topology: Topology,
  o: { seed: number; durationS?: number; scenario?: string; author?: string; title?: string; plan?: boolean },
  exitCode = 1,
): ReportModel {
  let run;
  try {
    run = runForReport(topology, {
      seed: o.seed,
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
    planNote: o.plan ? PLANNER_MISSING : NOT_PLANNED,
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
  if (flags.author !== undefined && flags.author.length > 200)
    throw new CliError('--author must be at most 200 characters');
  const model = simulateForReport(topology, {
    seed,
    ...(durationS !== undefined ? { durationS } : {}),
    ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    ...(flags.author !== undefined ? { author: flags.author } : {}),
    ...(flags.title !== undefined ? { title: flags.title } : {}),
    plan: flags.plan === true,
  });
  for (const w of model.warnings) process.stderr.write(`headroom: warning: ${w}\n`);
  if (flags.plan) process.stderr.write(`headroom: --plan: ${PLANNER_MISSING}; the report says so\n`);
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
    .requiredOption('--out <path>', 'output file: .html, .pdf, .csv (also writes .components.csv) or .json')
    .option('--scenario <name>', 'scenario id (default: the first in the file)')
    .option('--seed <n>', 'seed of the random streams', '1')
    .option('--duration <seconds>', 'simulated seconds, warm-up excluded from none (default: the scenario’s)')
    .option('--plan', 'add the max sustainable load (needs the capacity planner)')
    .option('--author <name>', 'author shown on the report')
    .option('--title <text>', 'report title (default: the design’s name)')
    .action((file: string, flags: ReportFlags) => runReport(file, flags));
}
