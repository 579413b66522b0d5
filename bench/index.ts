/**
 * `npm run bench [-- --json] [-- --requests N] [-- --repeat N]`: every benchmark, each case in its own
 * Node process so that its peak RSS is its own: the engine cases of run.ts (mmc8, jackson3; 10M
 * requests each by default, run `--repeat` times (3) and reported by the median run, with the
 * slowest and fastest: runs on a shared 2-core VM differ by up to 30%), mmc8 again at a tenth of the requests (memory must stay flat in the number of requests),
 * and the analytic estimator (analytic.ts). With --json, one JSON object on stdout:
 * `{"cases":[{"name","requestsPerSecond","eventsPerSecond","peakRssMb"},…],"spread":[{"name","runs","slowest","fastest"},…],"v8InlineBudget","memoryFlat":{…},"cpu":[…],"analytic":{…}}`
 * (cpu: CPU seconds per case, the fair figure when other processes share the cores).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Rounds to one decimal. */
const tenth = (x: number) => Math.round(x * 10) / 10;

/** Runs a compiled bench script in a child Node process and parses its one-line JSON. */
function child<T>(script: string, args: string[]): T {
  const out = execFileSync(process.execPath, [join(here, script), ...args, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as T;
}

function engineCase(name: string, requests: number): CaseResult {
  const { cases } = child<{ cases: CaseResult[] }>('run.js', [
    '--case',
    name,
    '--requests',
    String(requests),
  ]);
  const c = cases[0];
  if (c === undefined) throw new Error(`bench: case ${name} printed no result`);
  return c;
}

interface AnalyticResult {
  name: string;
  components: number;
  medianMs: number;
  p95Ms: number;
  cpuMsPerEstimate: number;
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const at = args.indexOf('--requests');
  const requests = at >= 0 ? Number(args[at + 1]) : 10_000_000;
  if (!(Number.isInteger(requests) && requests >= 10))
    throw new Error(`--requests must be an integer >= 10, got "${args[at + 1]}"`);
  const say = (line: string) => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  const rt = args.indexOf('--repeat');
  const repeat = rt >= 0 ? Number(args[rt + 1]) : 3;
  if (!(Number.isInteger(repeat) && repeat >= 1))
    throw new Error(`--repeat must be an integer >= 1, got "${args[rt + 1]}"`);
  const cases: CaseResult[] = [];
  const spread: { name: string; runs: number; slowest: number; fastest: number }[] = [];
  for (const name of ['mmc8', 'jackson3']) {
    const runs: CaseResult[] = [];
    for (let i = 0; i < repeat; i++) runs.push(engineCase(name, requests));
    runs.sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    const r = runs[(runs.length - 1) >> 1] as CaseResult;
    const slowest = (runs[0] as CaseResult).requestsPerSecond;
    const fastest = (runs[runs.length - 1] as CaseResult).requestsPerSecond;
    cases.push(r);
    spread.push({ name, runs: repeat, slowest: Math.round(slowest), fastest: Math.round(fastest) });
    say(
      `${r.name.padEnd(10)} ${(r.requests / 1e6).toFixed(2)}M requests in ${r.wallSeconds.toFixed(2)} s: ` +
        `${(r.requestsPerSecond / 1e6).toFixed(2)}M requests/s (median of ${repeat}; ${(slowest / 1e6).toFixed(2)}–${(fastest / 1e6).toFixed(2)}M), ` +
        `${(r.eventsPerSecond / 1e6).toFixed(2)}M events/s, ` +
        `peak RSS ${r.peakRssMb.toFixed(0)} MB; ${r.cpuSeconds.toFixed(2)} CPU s = ${(r.requestsPerCpuSecond / 1e6).toFixed(2)}M requests per CPU second; ` +
        `V8 inlining budget ${r.v8InlineBudget ?? 'default'}`,
    );
  }
  const smallRequests = Math.round(requests / 10);
  const small = engineCase('mmc8', smallRequests);
  const large = cases[0] as CaseResult;
  const memoryFlat = {
    case: 'mmc8',
    requestsSmall: small.requests,
    peakRssMbSmall: tenth(small.peakRssMb),
    requestsLarge: large.requests,
    peakRssMbLarge: tenth(large.peakRssMb),
    /** Extra peak RSS per million more requests, MB. */
    mbPerMillionRequests: tenth(
      ((large.peakRssMb - small.peakRssMb) / (large.requests - small.requests)) * 1e6,
    ),
  };
  say(
    `memory     mmc8 peak RSS ${small.peakRssMb.toFixed(0)} MB at ${(small.requests / 1e6).toFixed(2)}M requests, ` +
      `${large.peakRssMb.toFixed(0)} MB at ${(large.requests / 1e6).toFixed(2)}M ` +
      `(${memoryFlat.mbPerMillionRequests.toFixed(2)} MB per million more)`,
  );
  const analytic = child<AnalyticResult>('analytic.js', []);
  say(
    `analytic   ${analytic.components} components: median ${analytic.medianMs.toFixed(2)} ms, ` +
      `p95 ${analytic.p95Ms.toFixed(2)} ms wall, ${analytic.cpuMsPerEstimate.toFixed(2)} ms CPU per estimate (target < 10 ms)`,
  );
  if (json)
    process.stdout.write(
      `${JSON.stringify({
        cases: cases.map((r) => ({
          name: r.name,
          requestsPerSecond: Math.round(r.requestsPerSecond),
          eventsPerSecond: Math.round(r.eventsPerSecond),
          peakRssMb: tenth(r.peakRssMb),
        })),
        spread,
        v8InlineBudget: cases[0]?.v8InlineBudget ?? null,
        memoryFlat,
        cpu: cases.map((r) => ({
          name: r.name,
          cpuSeconds: Math.round(r.cpuSeconds * 1000) / 1000,
          requestsPerCpuSecond: Math.round(r.requestsPerCpuSecond),
        })),
        analytic,
      })}\n`,
    );
}

main();
