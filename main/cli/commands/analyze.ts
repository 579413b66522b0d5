/** `headroom analyze <file>`: the analytic estimate (steady state, bottleneck, max throughput, cost) as a table or JSON. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { analyze, latencyPercentileMs, type Analysis } from '../../../models/analytic/index.js';
import type { Billing } from '../../../models/cost/index.js';
import { formatIssue, parseTopologyText, type Topology } from '../../../shared/topology/index.js';
import { CliError } from '../errors.js';

/** Reads and validates a topology file; user errors become one-line CliErrors. */
export function readTopology(file: string): Topology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const parsed = parseTopologyText(text);
  if (!parsed.ok)
    throw new CliError(`${file} is not a valid topology:\n  ${parsed.errors.map(formatIssue).join('\n  ')}`);
  return parsed.topology;
}

/** A positive finite number from a flag. */
export function positive(text: string | undefined, flag: string, allowZero = false): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0 || (!allowZero && x === 0))
    throw new CliError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${text}"`);
  return x;
}

/** An integer in [min, max] from a flag. */
export function integer(text: string, flag: string, min: number, max: number): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x < min || x > max)
    throw new CliError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  return x;
}

/** --billing: instance billing granularity of launched instances (default: the file's pricing.billing, else per second). */
export function parseBilling(text: string | undefined): Billing | undefined {
  if (text === undefined) return undefined;
  if (text === 'perSecond' || text === 'perHour') return text;
  throw new CliError(`--billing must be perSecond or perHour, got "${text}"`);
}

/** The --billing option, added to simulate, analyze and report. */
export const BILLING_HELP =
  'billing of instances launched during the run: perSecond (60 s minimum) or perHour (default: the file’s pricing.billing, else perSecond)';

const seconds = (ms: number | null) => (ms === null ? null : Number.isFinite(ms) ? ms / 1000 : null);

/**
 * The JSON of an analysis: `simulate --json`'s component fields (seconds), plus the estimate's own.
 * `instances` has simulate's shape `{ serving, warming, mean, max }` and, like simulate, appears for
 * autoscaled pools only: the estimate's steady-state fleet, none warming.
 */
export function analysisJson(a: Analysis, t: Topology) {
  const scaled = new Set(
    Object.values(t.components).flatMap((c) => (c.kind === 'autoscaler' ? [c.target] : [])),
  );
  const pct = (p: number) => seconds(latencyPercentileMs(a, p));
  return {
    method: 'analytic',
    summary: {
      offeredRps: a.offeredRps,
      throughputRps: a.throughputRps,
      errorRate: a.errorRate,
      latency: {
        mean: seconds(a.endToEndMeanMs),
        p50: pct(50),
        p90: pct(90),
        p95: pct(95),
        p99: pct(99),
        p999: pct(99.9),
      },
    },
    maxThroughputRps: a.maxThroughputRps,
    bottleneck: a.bottleneck,
    components: Object.fromEntries(
      Object.entries(a.components).map(([id, c]) => [
        id,
        {
          throughputRps: c.throughputRps,
          utilization: c.utilization === null || Number.isFinite(c.utilization) ? c.utilization : null,
          meanQueueLength: Number.isFinite(c.meanQueueLength) ? c.meanQueueLength : null,
          meanInSystem: Number.isFinite(c.meanInSystem) ? c.meanInSystem : null,
          meanResponseTime: seconds(c.meanResponseMs),
          blockingProbability: c.blockingProbability,
          arrivalRps: c.arrivalRps,
          saturation: c.saturation === null || Number.isFinite(c.saturation) ? c.saturation : null,
          capacityRps: c.capacityRps === null || Number.isFinite(c.capacityRps) ? c.capacityRps : null,
          meanWaitTime: seconds(c.meanWaitMs),
          waitProbability: c.waitProbability,
          hitRatio: c.hitRatio,
          ...(scaled.has(id)
            ? { instances: { serving: c.instances, warming: 0, mean: c.instances, max: c.instances } }
            : {}),
        },
      ]),
    ),
    endpoints: Object.fromEntries(
      Object.entries(a.endpoints).map(([id, e]) => [
        id,
        {
          rateRps: e.rateRps,
          mean: seconds(e.meanMs),
          p99: seconds(e.p99Ms),
          errorRate: e.errorRate,
          visits: e.visits,
          attribution: Object.fromEntries(
            Object.entries(e.attribution).map(([c, x]) => [
              c,
              { p99: seconds(x.p99Ms), median: seconds(x.medianMs) },
            ]),
          ),
        },
      ]),
    ),
    cost: {
      perHour: a.cost.perHour,
      perMonth: a.cost.perMonth,
      perMillionRequests: a.cost.perMillionRequests,
      byComponent: a.cost.byComponent,
      transferPerMonth: a.cost.transferPerMonth,
    },
    notes: a.cost.notes,
  };
}

const ms = (s: number | null) => (s === null ? '-' : `${(s * 1000).toFixed(2)} ms`);
const num = (x: number | null, d = 2) => (x === null ? '-' : x.toFixed(d));
const pctOf = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

function table(o: ReturnType<typeof analysisJson>): string {
  const s = o.summary;
  const lines = [
    'analytic estimate (steady state)',
    '',
    `offered      ${num(s.offeredRps)} req/s`,
    `throughput   ${num(s.throughputRps)} req/s`,
    `errors       ${(s.errorRate * 100).toFixed(3)}%`,
    `latency mean ${ms(s.latency.mean)}   p50 ${ms(s.latency.p50)}   p95 ${ms(s.latency.p95)}   p99 ${ms(s.latency.p99)}`,
    `max throughput ${num(o.maxThroughputRps)} req/s (bottleneck: ${o.bottleneck ?? 'none'})`,
    `cost         $${o.cost.perHour.toFixed(4)}/h, $${o.cost.perMonth.toFixed(2)}/month (data transfer $${o.cost.transferPerMonth.toFixed(2)}), $${num(o.cost.perMillionRequests, 4)} per million requests`,
    '',
    `${'component'.padEnd(20)} ${'req/s'.padStart(10)} ${'util'.padStart(7)} ${'queue'.padStart(8)} ${'in sys'.padStart(8)} ${'resp'.padStart(11)} ${'blocked'.padStart(8)} ${'$/month'.padStart(10)}`,
  ];
  for (const [id, c] of Object.entries(o.components))
    lines.push(
      `${id.padEnd(20)} ${num(c.throughputRps).padStart(10)} ${pctOf(c.utilization).padStart(7)} ${num(c.meanQueueLength).padStart(8)} ${num(c.meanInSystem).padStart(8)} ${ms(c.meanResponseTime).padStart(11)} ${(c.blockingProbability === null ? '-' : `${(c.blockingProbability * 100).toFixed(2)}%`).padStart(8)} ${(o.cost.byComponent[id] ?? 0).toFixed(2).padStart(10)}`,
    );
  for (const [id, e] of Object.entries(o.endpoints)) {
    const top = Object.entries(e.attribution)
      .sort(([, a], [, b]) => (b.p99 ?? 0) - (a.p99 ?? 0))
      .slice(0, 4)
      .map(([c, x]) => `${c} ${ms(x.p99)} (median ${ms(x.median)})`);
    if (top.length > 0) lines.push(`${id}: p99 ${ms(e.p99)}: ${top.join(', ')}`);
  }
  for (const n of o.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

interface AnalyzeFlags {
  scenario?: string;
  load?: string;
  billing?: string;
  json?: boolean;
}

export function runAnalyze(file: string, flags: AnalyzeFlags): void {
  const t = readTopology(file);
  if (flags.scenario !== undefined && !t.scenarios?.[flags.scenario])
    throw new CliError(`--scenario: the file has no scenario "${flags.scenario}"`);
  const load = positive(flags.load, '--load', true);
  const billing = parseBilling(flags.billing);
  const opts = {
    ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    ...(billing !== undefined ? { cost: { billing } } : {}),
  };
  let scale = 1;
  if (load !== undefined) {
    const base = analyze(t, opts).offeredRps;
    if (!(base > 0)) throw new CliError('--load: the file offers no traffic to scale');
    scale = load / base;
  }
  const out = analysisJson(analyze(t, { ...opts, scale }), t);
  process.stdout.write(flags.json ? `${JSON.stringify(out)}\n` : table(out));
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze <file>')
    .description(
      'analytic estimate: utilization, waits, latency, max throughput, bottleneck and cost in milliseconds',
    )
    .option('--scenario <name>', 'scenario whose load factor applies (default: the first)')
    .option('--load <rps>', 'scale the sources to this total rate, req/s')
    .option('--billing <granularity>', BILLING_HELP)
    .option('--json', 'print one JSON object on stdout')
    .action((file: string, flags: AnalyzeFlags) => runAnalyze(file, flags));
}
