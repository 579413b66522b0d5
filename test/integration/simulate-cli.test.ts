/**
 * `headroom simulate` and `headroom validate` as a user runs them: spawned through bin/headroom.js
 * (the built dist/), checking the JSON shape of issue #4 item 5 (plus the cost object and the
 * scaling fields), the table, where progress goes, determinism, and the one-line errors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSimulate } from '../../main/cli/commands/simulate.js';
import { simulate } from '../../models/index.js';
import { HOURS_PER_MONTH } from '../../shared/pricing/catalog.js';
import { parseTopologyText, type Topology } from '../../shared/topology/index.js';
import { readFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'headroom.js');
const template = (name: string) => join(root, 'shared', 'templates', `${name}.headroom.json`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process. */
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function loadTemplate(name: string): Topology {
  const parsed = parseTopologyText(readFileSync(template(name), 'utf8'));
  if (!parsed.ok) throw new Error(`template ${name} does not parse`);
  return parsed.topology;
}

/** A stack trace line, as Node prints them. */
const STACK = /^\s+at .+\(|^\s+at file:|Error: .*\n\s+at /m;

const run10 = (name: string, json: boolean) =>
  cli(['simulate', template(name), '--duration', '10', '--seed', '1', ...(json ? ['--json'] : [])]);

type Json = Record<string, unknown>;
const parse = (r: Run) => JSON.parse(r.stdout) as Json;

let single: Run;
let singleAgain: Run;
let singleTable: Run;
let orders: Run;
let catalog: Run;

beforeAll(async () => {
  [single, singleAgain, singleTable, orders, catalog] = await Promise.all([
    run10('single-service-db', true),
    run10('single-service-db', true),
    run10('single-service-db', false),
    run10('write-heavy-orders', true),
    run10('read-heavy-catalog', true),
  ]);
}, 120_000);

describe('headroom simulate --json', () => {
  it('prints exactly one JSON object with the issue’s top-level, summary and component keys', () => {
    expect(single.code).toBe(0);
    expect(single.stdout.trim().split('\n')).toHaveLength(1);
    const o = parse(single);
    expect(Object.keys(o).sort()).toEqual(
      [
        'components',
        'cost',
        'events',
        'requests',
        'seed',
        'simulatedSeconds',
        'summary',
        'tailAttribution',
        'wallSeconds',
      ].sort(),
    );
    expect(o['seed']).toBe(1);
    expect(o['simulatedSeconds']).toBe(10);
    expect(o['requests']).toBeGreaterThan(1000);
    expect(o['events']).toBeGreaterThan(o['requests'] as number);
    const s = o['summary'] as Json;
    expect(Object.keys(s).sort()).toEqual(
      ['ci95', 'errorRate', 'errors', 'latency', 'offeredRps', 'throughputRps'].sort(),
    );
    expect(Object.keys(s['errors'] as Json).sort()).toEqual(
      ['circuitOpen', 'failed', 'rateLimited', 'rejected', 'timeout'].sort(),
    );
    const l = s['latency'] as Record<string, number>;
    expect(Object.keys(l)).toEqual(['mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max']);
    const order = [l['p50'], l['p90'], l['p95'], l['p99'], l['p999'], l['max']] as number[];
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThanOrEqual(order[i - 1] as number);
    // times are seconds: this template's mean latency is a few milliseconds
    expect(l['mean']).toBeGreaterThan(0.001);
    expect(l['mean']).toBeLessThan(0.1);
    const ci = s['ci95'] as Record<string, [number, number]>;
    expect(Object.keys(ci).sort()).toEqual(['latencyMean', 'p99', 'throughputRps']);
    for (const [lo, hi] of Object.values(ci)) expect(lo).toBeLessThanOrEqual(hi);
    expect(ci['latencyMean']![0]).toBeLessThanOrEqual(l['mean'] as number);
    expect(ci['latencyMean']![1]).toBeGreaterThanOrEqual(l['mean'] as number);
    const comps = o['components'] as Record<string, Json>;
    expect(Object.keys(comps).sort()).toEqual(['api', 'clients', 'db']);
    for (const c of Object.values(comps))
      expect(Object.keys(c).sort()).toEqual(
        [
          'blockingProbability',
          'meanInSystem',
          'meanQueueLength',
          'meanResponseTime',
          'throughputRps',
          'utilization',
        ].sort(),
      );
  });

  it('has the measured tail attribution: parts in seconds summing to each group, the tail hop first', async () => {
    // 10 s of this template sample ~60 requests, none above p99
    expect(parse(single)['tailAttribution']).toBeNull();
    expect(singleTable.stdout).toContain('Where the tail comes from (measured): too few sampled requests');
    const args = ['simulate', template('single-service-db'), '--duration', '200', '--seed', '1'];
    const [long, longTable] = await Promise.all([cli([...args, '--json']), cli(args)]);
    const ta = parse(long)['tailAttribution'] as Json;
    expect(Object.keys(ta).sort()).toEqual(
      [
        'medianMeanSeconds',
        'medianRequests',
        'medianSeconds',
        'p99Seconds',
        'parts',
        'sampleEvery',
        'sampledRequests',
        'tailHop',
        'tailMeanSeconds',
        'tailRequests',
      ].sort(),
    );
    const lat = (parse(long)['summary'] as Json)['latency'] as Record<string, number>;
    expect(ta['p99Seconds']).toBe(lat['p99']);
    const parts = ta['parts'] as Record<string, number | string | null>[];
    expect(parts.length).toBeGreaterThan(0);
    expect(ta['tailHop']).toEqual(parts[0]);
    const total = parts.reduce((a, p) => a + (p['tailMeanSeconds'] as number), 0);
    expect(total).toBeCloseTo(ta['tailMeanSeconds'] as number, 12);
    expect(ta['tailMeanSeconds']).toBeGreaterThan(ta['medianMeanSeconds'] as number);
    expect(longTable.stdout).toContain('Where the tail comes from (measured: ');
    expect(longTable.stdout).toContain('makes the tail');
  }, 60_000);

  it('has the cost object: per hour × 730 = per month, the components sum to the month', () => {
    const cost = parse(single)['cost'] as Json;
    expect(Object.keys(cost).sort()).toEqual(
      ['byComponent', 'perHour', 'perMillionRequests', 'perMonth', 'transferPerMonth'].sort(),
    );
    const perHour = cost['perHour'] as number;
    const perMonth = cost['perMonth'] as number;
    expect(perHour).toBeGreaterThan(0);
    expect(perMonth).toBeCloseTo(perHour * HOURS_PER_MONTH, 6);
    const by = cost['byComponent'] as Record<string, number>;
    const ids = Object.keys(loadTemplate('single-service-db').components);
    for (const id of Object.keys(by)) expect(ids).toContain(id);
    const sum = Object.values(by).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(perMonth, 6);
    expect(cost['perMillionRequests']).toBeGreaterThan(0);
  });

  it('adds the scaling fields only on the components they apply to', () => {
    expect(orders.code).toBe(0);
    expect(catalog.code).toBe(0);
    const oc = parse(orders)['components'] as Record<string, Json>;
    const queue = oc['events'] as Json;
    expect(queue['queueDepthMean']).toBeGreaterThanOrEqual(0);
    expect(typeof queue['messageAgeP99']).toBe('number');
    const instances = (oc['fulfilment'] as Json)['instances'] as Record<string, number>;
    expect(Object.keys(instances).sort()).toEqual(['max', 'mean', 'serving', 'warming']);
    expect(instances['max']).toBeGreaterThanOrEqual(instances['serving'] as number);
    expect(oc['haproxy']).not.toHaveProperty('instances');
    expect(oc['haproxy']).not.toHaveProperty('queueDepthMean');
    const cc = parse(catalog)['components'] as Record<string, Json>;
    const hit = (cc['redis'] as Json)['hitRatio'] as number;
    expect(hit).toBeGreaterThan(0);
    expect(hit).toBeLessThan(1);
    expect(cc['postgres']).toHaveProperty('replicaLagMean');
    expect(cc['postgres']).toHaveProperty('staleReadFraction');
    expect(cc['nginx']).not.toHaveProperty('hitRatio');
  });

  it('gives the same JSON for the same seed, apart from wallSeconds', () => {
    const a = parse(single);
    const b = parse(singleAgain);
    expect(typeof a['wallSeconds']).toBe('number');
    delete a['wallSeconds'];
    delete b['wallSeconds'];
    expect(b).toEqual(a);
  });
});

describe('headroom simulate (table)', () => {
  it('prints a readable table, and keeps the scenario’s warm-up share when --duration is shorter', () => {
    expect(singleTable.code).toBe(0);
    const out = singleTable.stdout;
    expect(out.trimStart().startsWith('{')).toBe(false);
    // single-service-db's baseline: 60 s of warm-up in 600 s, so 1 s of a 10 s run
    expect(out).toMatch(/× 10 s simulated \(warm-up 1 s\), seed 1/);
    for (const label of ['throughput', 'latency mean', 'p99', 'component']) expect(out).toContain(label);
    for (const id of ['api', 'clients', 'db']) expect(out).toMatch(new RegExp(`^${id}\\s`, 'm'));
    expect(singleTable.stderr).toMatch(/warm-up \(60 s\) does not fit in --duration 10: warm-up 1 s/);
    expect(singleTable.stderr).toContain('--warmup');
  });

  it('keeps the scenario’s warm-up when it fits in --duration (the old default was 0)', () => {
    const t = loadTemplate('single-service-db');
    expect(simulate(t, { seed: 1, durationS: 65 }).warmupS).toBe(60);
    expect(simulate(t, { seed: 1, durationS: 6 }).warmupS).toBeCloseTo(0.6, 12);
    expect(simulate(t, { seed: 1, durationS: 65, warmupS: 0 }).warmupS).toBe(0);
  });
});

describe('headroom simulate progress', () => {
  const writes: { out: string[]; err: string[] } = { out: [], err: [] };
  afterAll(() => vi.restoreAllMocks());

  it('goes to stderr only; stdout holds the one JSON object', () => {
    // each clock read advances 1.1 s, so every chunk of the run reports progress
    let clock = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1100));
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      writes.out.push(String(s));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      writes.err.push(String(s));
      return true;
    });
    // the mmc8 bench model for 1000 s: 640,000 requests, several 500,000-event chunks
    runSimulate(join(root, 'bench', 'topologies', 'mmc8.headroom.json'), {
      duration: '1000',
      seed: '1',
      replications: '1',
      json: true,
    });
    vi.restoreAllMocks();
    expect(writes.out).toHaveLength(1);
    expect(() => JSON.parse(writes.out[0] as string) as unknown).not.toThrow();
    const progress = writes.err.filter((l) => /simulating .*mmc8\.headroom\.json: \d+%/.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(writes.out[0]).not.toContain('simulating');
  });
});

describe('bad input: one line naming the flag, exit non-zero, no stack trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = template('single-service-db');
  it('simulate: --duration, --seed, --replications, --scenario, --warmup', async () => {
    const cases: [string[], string][] = [
      [['--duration', '-1'], '--duration'],
      [['--duration', 'soon'], '--duration'],
      [['--seed', 'x'], '--seed'],
      [['--replications', '0'], '--replications'],
      [['--scenario', 'nope'], '--scenario'],
      [['--duration', '10', '--warmup', '10'], '--warmup'],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(['simulate', file, ...args, '--json'])));
    runs.forEach((r, i) => {
      const flag = cases[i]![1];
      expect(r.code, flag).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^headroom: /);
      expect(lines[0]).toContain(flag);
      expect(r.stderr).not.toMatch(STACK);
    });
  }, 60_000);

  it('validate: 0 for a template, 1 for an invalid or missing file, 2 without a file', async () => {
    const bad = join(dir, 'bad.headroom.json');
    writeFileSync(bad, '{ "schemaVersion": 1, "name": "x", "components": { "a": { "kind": "service" } } }\n');
    const broken = join(dir, 'broken.headroom.json');
    writeFileSync(broken, '{ "schemaVersion": 1,\n  "name": }\n');
    const [ok, invalid, syntax, missing, none] = await Promise.all([
      cli(['validate', file]),
      cli(['validate', bad]),
      cli(['validate', broken]),
      cli(['validate', join(dir, 'nothing.headroom.json')]),
      cli(['validate']),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/: valid: "/);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/invalid: \d+ errors?/);
    expect(invalid.stdout).toMatch(/components\.a/);
    expect(syntax.code).toBe(1);
    expect(syntax.stdout).toMatch(/line 2/);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^headroom: cannot read .*no such file$/);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument/);
    for (const r of [ok, invalid, syntax, missing, none]) {
      expect(r.stdout + r.stderr).not.toMatch(STACK);
      expect(r.stderr).not.toContain('internal error');
    }
  }, 60_000);
});
