/**
 * `headroom diff <before> <after> [--slo …]`: simulates both designs under the same seed and prints
 * Markdown for a pull-request comment. Exit 0 when the after design meets the SLO, 1 when it
 * breaks it, 2 for bad input or an SLO term the simulator cannot measure (said in the Markdown).
 */
import type { Command } from 'commander';
import { diffMarkdown, parseSloSpec, sloHolds, sloUnmeasured } from '../../../shared/report/index.js';
import type { Slo } from '../../../shared/topology/index.js';
import { buildReportModel } from '../../report/build.js';
import { CliError } from '../errors.js';
import {
  addPlan,
  loadTopology,
  parseDuration,
  parseSeed,
  simulateForReport,
  type PlanFlags,
} from './report.js';

/** Exit code for bad input (unreadable or invalid files, bad flags). */
export const BAD_INPUT = 2;
/** Exit code when the after design breaks the SLO. */
export const SLO_BROKEN = 1;
/** Exit code when nothing broke but an SLO term could not be measured (it must not pass silently). */
export const SLO_UNMEASURED = 2;

interface DiffFlags extends PlanFlags {
  plan?: boolean;
  slo?: string;
  seed: string;
  duration?: string;
  scenario?: string;
}

export async function runDiff(beforeFile: string, afterFile: string, flags: DiffFlags): Promise<void> {
  let slo: Slo | undefined;
  if (flags.slo !== undefined) {
    try {
      slo = parseSloSpec(flags.slo);
    } catch (e) {
      throw new CliError((e as Error).message, BAD_INPUT);
    }
  }
  const seed = parseSeed(flags.seed, BAD_INPUT);
  const durationS = parseDuration(flags.duration, BAD_INPUT);
  const before = loadTopology(beforeFile, BAD_INPUT);
  const after = loadTopology(afterFile, BAD_INPUT);
  const checked = slo ?? after.slo;
  const sloSource = slo ? '--slo' : after.slo ? `${afterFile}` : 'neither --slo nor the after file';
  const opts = {
    seed,
    ...(durationS !== undefined ? { durationS } : {}),
    ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
  };
  const run = (t: typeof before) => {
    const m = simulateForReport(t, opts, BAD_INPUT);
    // Both sides are checked against the same SLO so that the rows compare.
    return buildReportModel({
      topology: m.topology,
      result: m.result,
      warnings: m.warnings,
      ...(checked ? { slo: checked } : { slo: {} }),
      planNote: 'run with --plan',
    });
  };
  let a = run(before);
  let b = run(after);
  if (flags.plan) {
    const where = { seed, ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}) };
    // Both designs are planned against the SLO the diff checks.
    const withSlo = (m: typeof a) => (checked ? { ...m, topology: { ...m.topology, slo: checked } } : m);
    a = await addPlan(withSlo(a), flags, where, BAD_INPUT);
    b = await addPlan(withSlo(b), flags, where, BAD_INPUT);
  }
  process.stdout.write(
    diffMarkdown({ before: a, after: b, beforeLabel: beforeFile, afterLabel: afterFile, sloSource }),
  );
  if (!sloHolds(b)) process.exitCode = SLO_BROKEN;
  else if (sloUnmeasured(b).length > 0) {
    process.stderr.write(
      `headroom: diff: SLO terms not measured by the simulator: ${sloUnmeasured(b).join('; ')}\n`,
    );
    process.exitCode = SLO_UNMEASURED;
  }
}

export function registerDiff(program: Command): void {
  program
    .command('diff <before> <after>')
    .description(
      'compare two topology files under the same seed; Markdown for a PR comment; exit 1 when the after design breaks the SLO, 2 on bad input or an SLO term it cannot measure',
    )
    .option('--slo <spec>', 'SLO to check, e.g. "p99<=300ms,errors<=0.1%" (default: the after file’s slo)')
    .option('--seed <n>', 'seed of the random streams (the same for both designs)', '1')
    .option('--duration <seconds>', 'simulated seconds (default: the scenario’s)')
    .option('--scenario <name>', 'scenario id in both files (default: each file’s first)')
    .option('--plan', 'also find each design’s max load within the SLO (capacity planner)')
    .option('--plan-replications <n>', 'replications per planner trial', '4')
    .option('--plan-requests <n>', 'arrivals per replication of a planner trial', '50000')
    .action((before: string, after: string, flags: DiffFlags) => runDiff(before, after, flags));
}
