import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/index.js';
import { createInProcessRunner, createWorkerRunner } from '../../main/services/planner.js';
import { parseTopologyText, type Topology } from '../../shared/topology/index.js';

const jacksonFile = 'test/fixtures/topology/validation/jackson-api-db.headroom.json';
const load = (file: string): Topology => {
  const p = parseTopologyText(readFileSync(file, 'utf8'));
  if (!p.ok) throw new Error(file);
  return p.topology;
};

/** Runs the CLI and captures stdout, stderr and the exit code. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const code = await runCli(args);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    process.exitCode = undefined;
  }
}

describe('planner trial runner (worker threads)', () => {
  it('merges replications from workers exactly as the in-process runner does', async () => {
    const t = load(jacksonFile);
    const o = { seed: 5, replications: 3, durationS: 20, warmupS: 2 };
    const pool = createWorkerRunner({ maxWorkers: 2 });
    try {
      const viaWorkers = await pool.run(t, o);
      const inProcess = await createInProcessRunner().run(t, o);
      expect(viaWorkers).toEqual(inProcess);
      expect(pool.replicationsRun).toBe(3);
    } finally {
      await pool.close();
    }
  });
});

describe('headroom analyze / sweep / merge', () => {
  it('analyze --json: simulate’s component fields plus maxThroughputRps, bottleneck and cost', async () => {
    const r = await cli(['analyze', jacksonFile, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      maxThroughputRps: number;
      bottleneck: string;
      components: Record<string, Record<string, number | null>>;
      cost: { perMonth: number; byComponent: Record<string, number> };
    };
    expect(j.bottleneck).toBe('api');
    expect(j.maxThroughputRps).toBeCloseTo(600, 6);
    expect(Object.keys(j.components.api ?? {})).toEqual(
      expect.arrayContaining([
        'throughputRps',
        'utilization',
        'meanQueueLength',
        'meanInSystem',
        'meanResponseTime',
        'blockingProbability',
      ]),
    );
    expect(j.components.db?.meanResponseTime).toBeCloseTo(0.00392156862745098, 12);
    expect(j.cost.perMonth).toBeCloseTo((j.cost.byComponent.api ?? 0) + (j.cost.byComponent.db ?? 0), 9);
  });

  it('sweep shards written to files merge to the unsharded CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-sweep-'));
    const args = [
      'sweep',
      jacksonFile,
      '--param',
      'load',
      '--from',
      '100',
      '--to',
      '400',
      '--steps',
      '4',
      '--analytic',
    ];
    const whole = await cli(args);
    expect(whole.code).toBe(0);
    const files = [0, 1, 2].map((i) => join(dir, `s${i}.json`));
    for (const [i, f] of files.entries())
      expect((await cli([...args, '--shard', `${i}/3`, '--out', f])).code).toBe(0);
    const merged = await cli(['merge', ...files]);
    expect(merged.code).toBe(0);
    expect(merged.out).toBe(whole.out);
    expect(whole.out.split('\n')[0]).toMatch(/^load,offeredRps,/);
    const missing = await cli(['merge', files[0] as string, files[1] as string]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/each of the 3 shards/);
    writeFileSync(join(dir, 'bad.json'), '{"kind":"other"}');
    expect((await cli(['merge', join(dir, 'bad.json')])).err).toMatch(/kind/);
  });

  it('user errors are one line naming the flag', async () => {
    const r = await cli(['plan', 'max-load', jacksonFile, '--slo', 'p99 fast']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^headroom: --slo: cannot read "p99 fast"/);
    expect(r.err).not.toMatch(/at .*\.js/);
    const s = await cli([
      'sweep',
      jacksonFile,
      '--param',
      'components.nope.cores',
      '--from',
      '1',
      '--to',
      '2',
    ]);
    expect(s.err).toMatch(/--param components\.nope\.cores: no such field/);
  });
});
