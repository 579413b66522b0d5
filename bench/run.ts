/**
 * `node dist/bench/run.js [--json] [--requests N] [--case NAME]`: throughput of the engine on two
 * models built as topology files (bench/topologies/) and run through the same parse → compile →
 * simulate path as a user's file. Prints requests/s, events/s and peak RSS per case (the process's
 * peak: run one case per process for a case's own figure, as `npm run bench` (index.ts) does).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSimulationFromText } from '../models/index.js';
import { ENGINE_INLINE_BUDGET, tuneEngineVm } from '../main/services/engine-vm.js';

/** The same V8 settings as the CLI, the web host and the simulation workers. */
const tuned = tuneEngineVm();

interface Case {
  name: string;
  file: string;
  /** Arrival rate of the file, requests/s (the duration is requests / rate). */
  rateRps: number;
}

const CASES: Case[] = [
  { name: 'mmc8', file: 'mmc8.headroom.json', rateRps: 640 },
  { name: 'jackson3', file: 'jackson3.headroom.json', rateRps: 400 },
];

const here = dirname(fileURLToPath(import.meta.url));
/** The topology files live in the source tree (bench/topologies), beside this file's source. */
const topologyDir = join(here, '..', '..', 'bench', 'topologies');

/** Figures of one case. */
export interface CaseResult {
  name: string;
  requests: number;
  events: number;
  wallSeconds: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  /** CPU seconds of this process in the run (user + system; unaffected by other processes on the cores). */
  cpuSeconds: number;
  /** Requests per CPU second. */
  requestsPerCpuSecond: number;
  /** Peak resident set size of the process so far, MB. */
  peakRssMb: number;
  meanLatencyS: number | null;
  /** V8's inlining budget the run used, bytecode bytes (null: V8's default; see main/services/engine-vm.ts). */
  v8InlineBudget: number | null;
}

/** Peak RSS of this process so far, bytes (the kernel's high-water mark). */
const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;

function runCase(c: Case, requests: number): CaseResult {
  const text = readFileSync(join(topologyDir, c.file), 'utf8');
  const durationS = requests / c.rateRps;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const sim = createSimulationFromText(text, { seed: 1, durationS, warmupS: 0 });
  while (sim.advance(1_000_000));
  const result = sim.result();
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const peakRss = peakRssBytes();
  return {
    name: c.name,
    requests: result.requests.arrived,
    events: result.events,
    wallSeconds: wallS,
    requestsPerSecond: result.requests.arrived / wallS,
    eventsPerSecond: result.events / wallS,
    cpuSeconds: cpuS,
    requestsPerCpuSecond: result.requests.arrived / cpuS,
    peakRssMb: peakRss / (1024 * 1024),
    meanLatencyS: result.summary.latency.meanS,
    v8InlineBudget: tuned ? ENGINE_INLINE_BUDGET : null,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const at = args.indexOf('--requests');
  const requests = at >= 0 ? Number(args[at + 1]) : 10_000_000;
  if (!(requests > 0)) throw new Error('--requests must be a positive number');
  const only = args.indexOf('--case');
  const cases = only >= 0 ? CASES.filter((c) => c.name === args[only + 1]) : CASES;
  if (only >= 0 && cases.length === 0)
    throw new Error(`--case must be one of ${CASES.map((c) => c.name).join(', ')}`);
  const out: CaseResult[] = [];
  for (const c of cases) {
    const r = runCase(c, requests);
    out.push(r);
    if (!json)
      process.stdout.write(
        `${r.name.padEnd(10)} ${(r.requests / 1e6).toFixed(2)}M requests in ${r.wallSeconds.toFixed(2)} s: ` +
          `${(r.requestsPerSecond / 1e6).toFixed(2)}M requests/s, ${(r.eventsPerSecond / 1e6).toFixed(2)}M events/s, ` +
          `peak RSS ${r.peakRssMb.toFixed(0)} MB\n`,
      );
  }
  if (json) process.stdout.write(`${JSON.stringify({ cases: out })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
