/** `headroom sweep <file> --param PATH --from A --to B --steps N [--param2 …]`: one or two parameters over a range, as CSV or JSON. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  getParam,
  linspace,
  parseShard,
  sweep,
  type SweepParam,
  type SweepResult,
} from '../../../models/planner/index.js';
import { CliError } from '../errors.js';
import { integer, readTopology } from './analyze.js';
import { planner, readTrialFlags, trialOptions, withRunner, type TrialFlags } from './plan.js';

interface SweepFlags extends TrialFlags {
  param: string;
  from: string;
  to: string;
  steps: string;
  param2?: string;
  from2?: string;
  to2?: string;
  steps2?: string;
  values?: string;
  values2?: string;
  csv?: boolean;
  analytic?: boolean;
  shard?: string;
  out?: string;
}

/** The file a sweep shard writes. */
export interface SweepShardFile {
  kind: 'headroom-sweep';
  version: 1;
  result: SweepResult;
}

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'number' ? String(+v.toPrecision(10)) : String(v);

/** CSV of a sweep: one row per point. */
export function sweepCsv(r: SweepResult): string {
  const head = [
    ...r.params.map((p) => p.path),
    'offeredRps',
    'throughputRps',
    'errorRate',
    'meanMs',
    'p50Ms',
    'p99Ms',
    'p99CiLowMs',
    'p99CiHighMs',
    'costPerMonth',
    'analyticP99Ms',
    'maxThroughputRps',
    'bottleneck',
    'sloPass',
  ];
  const rows = r.rows.map((x) =>
    [
      ...r.params.map((p) => x.values[p.path]),
      x.offeredRps,
      x.throughputRps,
      x.errorRate,
      x.meanMs,
      x.p50Ms,
      x.p99Ms,
      x.p99Ci95Ms?.[0],
      x.p99Ci95Ms?.[1],
      x.costPerMonth,
      x.analyticP99Ms,
      x.maxThroughputRps,
      x.bottleneck,
      x.sloPass,
    ]
      .map(cell)
      .join(','),
  );
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

function values(
  path: string,
  list: string | undefined,
  from: string | undefined,
  to: string | undefined,
  steps: string | undefined,
  n: string,
): (number | string)[] {
  if (list !== undefined)
    return list.split(',').map((v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v.trim()));
  if (from === undefined || to === undefined)
    throw new CliError(`--from${n} and --to${n} (or --values${n}) are required for --param${n} ${path}`);
  const a = Number(from);
  const b = Number(to);
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new CliError(`--from${n}/--to${n} must be numbers`);
  return planner(() => linspace(a, b, integer(steps ?? '5', `--steps${n}`, 1, 10000)));
}

async function runSweep(file: string, flags: SweepFlags): Promise<void> {
  const t = readTopology(file);
  const o = planner(() => readTrialFlags(t, flags));
  const params: SweepParam[] = [];
  const add = (path: string, v: (number | string)[], n: string) => {
    if (path !== 'load' && getParam(t, path.split('.').slice(0, -1).join('.')) === undefined)
      throw new CliError(
        `--param${n} ${path}: no such field in the file (use a dotted path like components.api.instances, or load)`,
      );
    params.push({ path, values: v });
  };
  add(flags.param, values(flags.param, flags.values, flags.from, flags.to, flags.steps, ''), '');
  if (flags.param2 !== undefined)
    add(flags.param2, values(flags.param2, flags.values2, flags.from2, flags.to2, flags.steps2, '2'), '2');
  const shard = flags.shard !== undefined ? planner(() => parseShard(flags.shard as string)) : undefined;
  const opts = { ...o, analyticOnly: flags.analytic === true, slo: o.slo, ...(shard ? { shard } : {}) };
  const r = flags.analytic
    ? await withRunner(1, () => sweep(t, params, null, opts))
    : await withRunner(o.workers, (runner) => sweep(t, params, runner, opts));
  if (shard) {
    const text = `${JSON.stringify({ kind: 'headroom-sweep', version: 1, result: r } satisfies SweepShardFile)}\n`;
    if (flags.out !== undefined) writeFileSync(flags.out, text);
    else process.stdout.write(text);
    return;
  }
  process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : sweepCsv(r));
}

export function registerSweep(program: Command): void {
  trialOptions(
    program
      .command('sweep <file>')
      .description('simulate (or estimate) a grid of one or two parameters; CSV by default, --json for JSON'),
  )
    .requiredOption(
      '--param <path>',
      'dotted path to vary (e.g. components.api.instances) or "load" (total req/s)',
    )
    .option('--from <a>', 'first value')
    .option('--to <b>', 'last value')
    .option('--steps <n>', 'values from --from to --to inclusive', '5')
    .option('--values <list>', 'explicit comma-separated values instead of a range (e.g. instance types)')
    .option('--param2 <path>', 'second parameter (grid)')
    .option('--from2 <a>', 'first value of --param2')
    .option('--to2 <b>', 'last value of --param2')
    .option('--steps2 <n>', 'values of --param2', '5')
    .option('--values2 <list>', 'explicit values of --param2')
    .option('--csv', 'print CSV (the default)')
    .option('--analytic', 'estimator only (no simulation)')
    .option('--shard <I/N>', 'evaluate slice I of N (0-based) and write a shard file for `headroom merge`')
    .option('--out <file>', 'where a shard writes its result (default stdout)')
    .action((file: string, flags: SweepFlags) => runSweep(file, flags));
}
