/** `headroom simulate <file>`: runs the simulation engine on a topology file; a table, or one JSON object with --json. */
import type { Command } from 'commander';
import {
  CompileError,
  createSimulation,
  defaultWarmupS,
  mergeReplications,
  type SimulationResult,
} from '../../../models/index.js';
import { pickScenario } from '../../../models/engine/compile.js';
import { simulationCostSummary } from '../../../models/cost/index.js';
import { tailHopSentence, tailPartName } from '../../../shared/results/tail.js';
import { CliError } from '../errors.js';
import { BILLING_HELP, integer, parseBilling, positive, readTopology } from './analyze.js';

interface SimulateFlags {
  scenario?: string;
  duration?: string;
  warmup?: string;
  seed: string;
  replications: string;
  billing?: string;
  json?: boolean;
}

/** Events per chunk between progress reports. */
const CHUNK = 500_000;

export function runSimulate(file: string, flags: SimulateFlags): void {
  const topology = readTopology(file);
  const seed = integer(flags.seed, '--seed', 0, 0xffffffff);
  const replications = integer(flags.replications, '--replications', 1, 1000);
  const durationS = positive(flags.duration, '--duration');
  const warmupS = positive(flags.warmup, '--warmup', true);
  const billing = parseBilling(flags.billing);
  let picked;
  try {
    picked = pickScenario(topology, flags.scenario);
  } catch (e) {
    if (e instanceof CompileError)
      throw new CliError(`--scenario: ${e.path ? e.message.slice(e.path.length + 2) : e.message}`);
    throw e;
  }
  // simulated seconds of the run: the flag, else the scenario's
  const runS = durationS ?? picked?.scenario.durationS;
  if (runS === undefined) throw new CliError('--duration: the file has no scenario, so give --duration');
  if (warmupS !== undefined && warmupS >= runS)
    throw new CliError(`--warmup must be shorter than the ${runS} s run, got "${flags.warmup}"`);
  if (warmupS === undefined && picked !== null && (picked.scenario.warmupS ?? 0) >= runS)
    process.stderr.write(
      `headroom: note: scenario ${picked.id}'s warm-up (${picked.scenario.warmupS} s) does not fit in --duration ${runS}: ` +
        `warm-up ${+defaultWarmupS(picked.scenario, runS).toPrecision(6)} s (the same share of the run as of the scenario's ${picked.scenario.durationS} s); give --warmup to choose another\n`,
    );
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastReport = started;
  const results: SimulationResult[] = [];
  for (let r = 0; r < replications; r++) {
    let sim;
    try {
      sim = createSimulation(topology, {
        seed,
        replication: r,
        ...(durationS !== undefined ? { durationS } : {}),
        ...(warmupS !== undefined ? { warmupS } : {}),
        ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
      });
    } catch (e) {
      if (e instanceof CompileError) throw new CliError(e.message);
      throw e;
    }
    if (r === 0) for (const w of sim.warnings) process.stderr.write(`headroom: warning: ${w}\n`);
    while (sim.advance(CHUNK)) {
      sim.drainWindows();
      const now = Date.now();
      if (now - lastReport >= 1000) {
        lastReport = now;
        const pct = ((r + sim.progress().fraction) / replications) * 100;
        const line = `simulating ${file}: ${pct.toFixed(0)}% (replication ${r + 1}/${replications}, ${((now - started) / 1000).toFixed(0)} s)`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      }
    }
    results.push(sim.result());
  }
  if (tty && lastReport !== started) process.stderr.write('\n');
  const wallSeconds = (Date.now() - started) / 1000;
  const merged = mergeReplications(results);
  const out = {
    ...toJson(merged, wallSeconds),
    cost: simulationCostSummary(topology, merged, billing !== undefined ? { billing } : {}),
  };
  if (flags.json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else process.stdout.write(table(out, merged));
}

type Out = ReturnType<typeof toJson>;

/** The issue's JSON shape: times in seconds. */
function toJson(r: SimulationResult, wallSeconds: number) {
  const s = r.summary;
  const l = s.latency;
  return {
    seed: r.seed,
    simulatedSeconds: r.durationS,
    wallSeconds,
    events: r.events,
    requests: r.requests.arrived,
    summary: {
      offeredRps: s.offeredRps,
      throughputRps: s.throughputRps,
      errorRate: s.errorRate,
      errors: s.errors,
      latency: {
        mean: l.meanS,
        p50: l.p50S,
        p90: l.p90S,
        p95: l.p95S,
        p99: l.p99S,
        p999: l.p999S,
        max: l.maxS,
      },
      ci95: { latencyMean: s.ci95.latencyMeanS, p99: s.ci95.p99S, throughputRps: s.ci95.throughputRps },
    },
    components: Object.fromEntries(
      r.components.map((c) => [
        c.id,
        {
          throughputRps: c.throughputRps,
          utilization: c.utilization,
          meanQueueLength: c.meanQueueLength,
          meanInSystem: c.meanInSystem,
          meanResponseTime: c.meanResponseTimeS,
          blockingProbability: c.blockingProbability,
          ...scalingJson(c.scaling),
        },
      ]),
    ),
    tailAttribution: r.tailAttribution ?? null,
  };
}

/** The scaling figures under the issue's names (times in seconds, like the rest of the JSON). */
function scalingJson(x: SimulationResult['components'][number]['scaling']) {
  if (x === undefined) return {};
  const out: Record<string, unknown> = {};
  if (x.hitRatio !== undefined) out['hitRatio'] = x.hitRatio;
  if (x.instances !== undefined) out['instances'] = x.instances;
  if (x.instanceSeconds !== undefined) out['instanceSeconds'] = x.instanceSeconds;
  if (x.warmingSeconds !== undefined) out['warmingSeconds'] = x.warmingSeconds;
  if (x.queueDepthMean !== undefined) out['queueDepthMean'] = x.queueDepthMean;
  if (x.messageAgeP99S !== undefined) out['messageAgeP99'] = x.messageAgeP99S;
  if (x.consumerLagMean !== undefined) out['consumerLagMean'] = x.consumerLagMean;
  if (x.consumerLagMax !== undefined) out['consumerLagMax'] = x.consumerLagMax;
  if (x.endToEndMeanS !== undefined) out['endToEndMean'] = x.endToEndMeanS;
  if (x.endToEndP99S !== undefined) out['endToEndP99'] = x.endToEndP99S;
  for (const k of [
    'published',
    'consumed',
    'redelivered',
    'deadLettered',
    'coalesced',
    'cacheWrites',
    'shed',
    'coldStarts',
    'gbSeconds',
    'breakerRefused',
    'retriesDenied',
  ] as const)
    if (x[k] !== undefined) out[k] = x[k];
  if (x.replicaLagMeanS !== undefined) out['replicaLagMean'] = x.replicaLagMeanS;
  if (x.staleReadFraction !== undefined) out['staleReadFraction'] = x.staleReadFraction;
  if (x.breakerOpenSeconds !== undefined) out['breakerOpenSeconds'] = x.breakerOpenSeconds;
  return out;
}

const ms = (s: number | null) => (s === null ? '-' : `${(s * 1000).toFixed(2)} ms`);
const num = (x: number | null, d = 2) => (x === null ? '-' : x.toFixed(d));
const interval = (i: [number, number] | null, f: (x: number) => string) =>
  i === null ? '' : `  (95% CI ${f(i[0])} … ${f(i[1])})`;

function table(o: Out, r: SimulationResult): string {
  const s = o.summary;
  const lines = [
    `${r.replications} replication(s) × ${o.simulatedSeconds} s simulated (warm-up ${r.warmupS} s), seed ${o.seed}, ${o.events} events in ${o.wallSeconds.toFixed(2)} s`,
    '',
    `offered      ${num(s.offeredRps)} req/s`,
    `throughput   ${num(s.throughputRps)} req/s${interval(s.ci95.throughputRps, (x) => x.toFixed(2))}`,
    `errors       ${(s.errorRate * 100).toFixed(3)}%  (429 ${s.errors.rateLimited}, 503 ${s.errors.rejected}, timeout ${s.errors.timeout}, failed ${s.errors.failed}, circuit open ${s.errors.circuitOpen})`,
    `latency mean ${ms(s.latency.mean)}${interval(s.ci95.latencyMean, (x) => ms(x))}`,
    `        p50  ${ms(s.latency.p50)}   p90 ${ms(s.latency.p90)}   p95 ${ms(s.latency.p95)}`,
    `        p99  ${ms(s.latency.p99)}${interval(s.ci95.p99, (x) => ms(x))}`,
    `        p99.9 ${ms(s.latency.p999)}   max ${ms(s.latency.max)}`,
    '',
    `${'component'.padEnd(20)} ${'req/s'.padStart(10)} ${'util'.padStart(7)} ${'queue'.padStart(8)} ${'in sys'.padStart(8)} ${'resp'.padStart(11)} ${'blocked'.padStart(8)}`,
  ];
  for (const [id, c] of Object.entries(o.components)) {
    lines.push(
      `${id.padEnd(20)} ${num(c.throughputRps).padStart(10)} ${(c.utilization === null ? '-' : `${(c.utilization * 100).toFixed(1)}%`).padStart(7)} ${num(c.meanQueueLength).padStart(8)} ${num(c.meanInSystem).padStart(8)} ${ms(c.meanResponseTime).padStart(11)} ${(c.blockingProbability === null ? '-' : `${(c.blockingProbability * 100).toFixed(2)}%`).padStart(8)}`,
    );
  }
  const ta = o.tailAttribution;
  if (ta !== null) {
    lines.push(
      '',
      `Where the tail comes from (measured: ${ta.tailRequests} requests above p99 vs ${ta.medianRequests} around the median, 1 in ${ta.sampleEvery} sampled)`,
      `${'part'.padEnd(34)} ${'median'.padStart(11)} ${'>p99'.padStart(11)} ${'excess'.padStart(7)}`,
    );
    for (const p of ta.parts.slice(0, 8))
      lines.push(
        `${tailPartName(p).padEnd(34)} ${ms(p.medianMeanSeconds).padStart(11)} ${ms(p.tailMeanSeconds).padStart(11)} ${`${(p.excessShare * 100).toFixed(1)}%`.padStart(7)}`,
      );
    lines.push(tailHopSentence(ta));
  } else
    lines.push(
      '',
      `Where the tail comes from (measured): too few sampled requests (1 in ${r.tailTrace?.every ?? 0}) above p99 or around the median; simulate longer`,
    );
  const ch = r.checks;
  lines.push(
    '',
    `checks: conservation ${ch.conservation.holds ? 'holds' : 'FAILS'} (arrived ${ch.conservation.arrived} = completed ${ch.conservation.completed} + failed ${ch.conservation.failed} + in flight ${ch.conservation.inFlight}); Little's law L = ${ch.littlesLaw.meanInSystem.toFixed(3)} vs X·R = ${(ch.littlesLaw.throughputRps * ch.littlesLaw.meanResponseS).toFixed(3)}`,
  );
  return `${lines.join('\n')}\n`;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate <file>')
    .description('simulate a topology file and print throughput, errors and latency')
    .option('--scenario <name>', 'scenario id (default: the first in the file)')
    .option('--duration <seconds>', 'simulated seconds, warm-up included (default: the scenario’s)')
    .option(
      '--warmup <seconds>',
      'simulated seconds discarded at the start (default: the scenario’s; its share of the scenario’s duration when that does not fit in --duration)',
    )
    .option('--seed <n>', 'seed of the random streams', '1')
    .option('--replications <n>', 'independent replications (CIs across them)', '1')
    .option('--billing <granularity>', BILLING_HELP)
    .option('--json', 'print one JSON object on stdout')
    .action((file: string, flags: SimulateFlags) => runSimulate(file, flags));
}
