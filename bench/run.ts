/**
 * `npm run bench [-- --json] [-- --requests N]`: throughput of the engine on two models built as
 * topology files (bench/topologies/) and run through the same parse → compile → simulate path as
 * a user's file. Prints requests/s, events/s and peak RSS per case.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulationFromText } from '../models/index.js';

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

function runCase(c: Case, requests: number) {
  const text = readFileSync(join(topologyDir, c.file), 'utf8');
  const durationS = requests / c.rateRps;
  let peakRss = process.memoryUsage.rss();
  const t0 = process.hrtime.bigint();
  const sim = createSimulationFromText(text, { seed: 1, durationS, warmupS: 0 });
  let chunks = 0;
  while (sim.advance(1_000_000)) {
    if (++chunks % 4 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const result = sim.result();
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return {
    name: c.name,
    requests: result.requests.arrived,
    events: result.events,
    wallSeconds: wallS,
    requestsPerSecond: result.requests.arrived / wallS,
    eventsPerSecond: result.events / wallS,
    peakRssMb: peakRss / (1024 * 1024),
    meanLatencyS: result.summary.latency.meanS,
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
  const out = [];
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
  if (json)
    process.stdout.write(
      `${JSON.stringify({
        cases: out.map((r) => ({
          name: r.name,
          requestsPerSecond: Math.round(r.requestsPerSecond),
          eventsPerSecond: Math.round(r.eventsPerSecond),
          peakRssMb: Math.round(r.peakRssMb * 10) / 10,
        })),
      })}\n`,
    );
}

main();
