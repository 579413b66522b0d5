/** `headroom merge <shard files…>`: combines sweep or right-size shards (from `--shard I/N`) exactly. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  mergeRightSize,
  mergeSweeps,
  PlannerError,
  type RightSizeResult,
  type SweepResult,
} from '../../../models/planner/index.js';
import { CliError } from '../errors.js';
import { rightSizeTable } from './plan.js';
import { sweepCsv } from './sweep.js';

interface MergeFlags {
  json?: boolean;
  csv?: boolean;
}

type ShardFile =
  | { kind: 'headroom-sweep'; version: 1; result: SweepResult }
  | { kind: 'headroom-right-size'; version: 1; result: RightSizeResult };

function readShard(path: string): ShardFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`${path}: not JSON (expected a shard file written by --shard)`);
  }
  const k = (data as { kind?: unknown; version?: unknown } | null) ?? {};
  if ((k.kind !== 'headroom-sweep' && k.kind !== 'headroom-right-size') || k.version !== 1)
    throw new CliError(
      `${path}: kind: expected a headroom-sweep or headroom-right-size shard file (version 1)`,
    );
  return data as ShardFile;
}

export function runMerge(files: string[], flags: MergeFlags): void {
  const shards = files.map(readShard);
  const kinds = new Set(shards.map((s) => s.kind));
  if (kinds.size !== 1) throw new CliError('merge: the files mix sweep and right-size shards');
  const counts = new Set(shards.map((s) => s.result.shard?.count ?? 1));
  const seen = new Set(shards.map((s) => s.result.shard?.index ?? 0));
  const count = [...counts][0] as number;
  if (counts.size !== 1 || seen.size !== shards.length || seen.size !== count)
    throw new CliError(
      `merge: expected each of the ${count} shards exactly once, got indices ${[...seen].sort().join(', ')}`,
    );
  try {
    if (shards[0]?.kind === 'headroom-sweep') {
      const r = mergeSweeps(shards.map((s) => s.result as SweepResult));
      process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : sweepCsv(r));
    } else {
      const r = mergeRightSize(shards.map((s) => s.result as RightSizeResult));
      process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : rightSizeTable(r));
    }
  } catch (e) {
    if (e instanceof PlannerError) throw new CliError(e.message);
    throw e;
  }
}

export function registerMerge(program: Command): void {
  program
    .command('merge <files...>')
    .description('merge shard files written by `sweep --shard` or `plan right-size --shard`')
    .option('--json', 'print JSON (default: CSV for sweeps, a table for right-size)')
    .option('--csv', 'print CSV (sweeps)')
    .action((files: string[], flags: MergeFlags) => runMerge(files, flags));
}
