import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/index.js';
import { createInProcessRunner, createWorkerRunner } from '../../main/services/planner.js';
import { parseTopologyText, serializeTopology, type Topology } from '../../shared/topology/index.js';

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

  it('plan max-load | right-size | growth --json print their documented keys; analyze gives instances in simulate’s shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-plan-json-'));
    const base = load(jacksonFile);
    const file = join(dir, 'scaled.headroom.json');
    writeFileSync(
      file,
      serializeTopology({
        ...base,
        components: {
          ...base.components,
          scaler: {
            kind: 'autoscaler',
            name: 'S',
            target: 'api',
            minInstances: 1,
            maxInstances: 4,
            policy: { type: 'targetTracking', metric: 'cpu', target: 0.5 },
          },
        },
        planning: { adjustable: [{ path: 'components.db.cores', min: 1, max: 2 }] },
      }),
    );
    const trial = [
      '--slo',
      'p99<=100ms',
      '--replications',
      '1',
      '--requests',
      '1000',
      '--workers',
      '1',
      '--json',
    ];
    const ml = await cli(['plan', 'max-load', file, ...trial, '--max-trials', '4']);
    expect(ml.code).toBe(0);
    const m = JSON.parse(ml.out) as Record<string, unknown>;
    expect(Object.keys(m).sort()).toEqual([
      'analytic',
      'ci95',
      'limitingComponent',
      'maxLoadRps',
      'slo',
      'trials',
    ]);
    expect((m['ci95'] as number[]).length).toBe(2);
    expect(Object.keys((m['trials'] as object[])[0]!).sort()).toEqual(
      ['busiest', 'errorRate', 'latencyMs', 'loadRps', 'p99Ci95Ms', 'pass', 'throughputRps'].sort(),
    );
    const rs = await cli(['plan', 'right-size', file, ...trial, '--load', '350', '--front', '0']);
    expect(rs.code).toBe(0);
    const r = JSON.parse(rs.out) as Record<string, unknown>;
    expect(Object.keys(r).sort()).toEqual(
      ['best', 'candidates', 'counts', 'loadRps', 'paretoFront', 'shard', 'slo', 'variables'].sort(),
    );
    expect(Object.keys(r['best'] as object).sort()).toEqual(
      ['analytic', 'configuration', 'costPerMonth', 'index', 'instances', 'simulated'].sort(),
    );
    const gr = await cli([
      'plan',
      'growth',
      file,
      ...trial,
      '--current',
      '200',
      '--growth',
      '8%/month',
      '--max-trials',
      '4',
    ]);
    expect(gr.code).toBe(0);
    const g = JSON.parse(gr.out) as Record<string, unknown>;
    expect(Object.keys(g).sort()).toEqual(
      [
        'breachMonth',
        'ci95',
        'currentRps',
        'growthPerMonth',
        'headroom',
        'limitingComponent',
        'maxLoadRps',
        'monthsToBreach',
        'schedule',
        'slo',
        'trials',
      ].sort(),
    );
    const an = await cli(['analyze', file, '--json']);
    const a = JSON.parse(an.out) as { components: Record<string, { instances?: unknown }> };
    // 350 req/s × 3.33 ms on 2-core instances at a 50% CPU target: ⌈1.1667 / 1⌉ = 2 instances.
    expect(a.components['api']?.instances).toEqual({ serving: 2, warming: 0, mean: 2, max: 2 });
    expect(a.components['db']?.instances).toBeUndefined();
    const sim = await cli(['simulate', file, '--duration', '20', '--json']);
    const sj = JSON.parse(sim.out) as { components: Record<string, { instances?: object }> };
    expect(Object.keys(sj.components['api']?.instances ?? {}).sort()).toEqual(
      Object.keys(a.components['api']?.instances as object).sort(),
    );
    const bad = await cli(['analyze', file, '--billing', 'monthly']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('headroom: --billing must be perSecond or perHour, got "monthly"\n');
  }, 30_000);

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
