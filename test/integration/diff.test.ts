import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli/index.js';
import { serializeTopology, type Topology } from '../../shared/topology/index.js';
import { SMALL_TOPOLOGY } from '../helpers/topologies.js';

let dir: string;
let before: string;
let after: string;
let overloaded: string;

/** SMALL_TOPOLOGY with the api's mean work (ms) and cores replaced. */
function withApi(meanMs: number, cores: number): Topology {
  const api = SMALL_TOPOLOGY.components.api;
  if (api?.kind !== 'service') throw new Error('fixture changed');
  return {
    ...SMALL_TOPOLOGY,
    components: {
      ...SMALL_TOPOLOGY.components,
      api: {
        ...api,
        cores,
        handlers: { '*': { workMs: { type: 'exponential', meanMs }, calls: [{ to: 'db' }] } },
      },
    },
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-diff-'));
  before = join(dir, 'before.headroom.json');
  after = join(dir, 'after.headroom.json');
  overloaded = join(dir, 'overloaded.headroom.json');
  writeFileSync(before, serializeTopology(withApi(5, 2)));
  writeFileSync(after, serializeTopology(withApi(5, 3)));
  // 200 req/s × 6 ms on one core: utilization 1.2, the queue grows without bound.
  writeFileSync(overloaded, serializeTopology(withApi(6, 1)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  try {
    const code = await runCli(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

const SLO = 'p99<=200ms,errors<=0.1%';

describe('headroom diff', () => {
  it('exits 0 and prints a Markdown comparison when the after design meets the SLO', async () => {
    const r = await cli(['diff', before, after, '--slo', SLO, '--duration', '10', '--seed', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### Headroom capacity diff\n/);
    expect(r.stdout).toContain('| --- | ---: | ---: | ---: |');
    expect(r.stdout).toMatch(/\| p99 latency \| [\d.,]+ ms \| [\d.,]+ ms \| [+−±][\d.,]+%/);
    expect(r.stdout).toContain('| Max load within SLO | n/a (run with --plan) | n/a (run with --plan) | – |');
    expect(r.stdout).toMatch(/\| Monthly cost \| \$[\d,.]+ \| \$[\d,.]+ \| (±\$0|[+−]\$[\d,.]+) \|/);
    expect(r.stdout).toMatch(/\| Cost per million requests \| \$[\d,.]+ \| \$[\d,.]+ \| /);
    expect(r.stdout).toContain('✅ the after design meets the SLO');
    // One more core on the bottleneck lowers its utilization: the saturation load goes up.
    const sat = /\| Saturation load \(bottleneck law\) \| ([\d,.]+) req\/s \| ([\d,.]+) req\/s \| \+/.exec(
      r.stdout,
    );
    expect(sat).not.toBeNull();
  });

  it('with --plan, compares the max load within the SLO', async () => {
    const r = await cli([
      'diff',
      before,
      after,
      '--slo',
      SLO,
      '--duration',
      '10',
      '--plan',
      '--plan-replications',
      '1',
      '--plan-requests',
      '2000',
    ]);
    expect(r.code).toBe(0);
    // One more api core (2 → 3) lifts the max load.
    const row = /\| Max load within SLO \| ([\d,.]+) req\/s \| ([\d,.]+) req\/s \| \+[\d.,]+% \|/.exec(
      r.stdout,
    );
    expect(row).not.toBeNull();
    expect(Number(row![2]!.replace(/,/g, ''))).toBeGreaterThan(Number(row![1]!.replace(/,/g, '')));
  });

  it('exits 1 when the after design breaks the SLO', async () => {
    const r = await cli(['diff', before, overloaded, '--slo', SLO, '--duration', '10', '--seed', '3']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('❌ the after design breaks the SLO');
    expect(r.stdout).toMatch(/\| p99 ≤ 200 ms \| [\d.,]+ ms \| [\d.,]+ (ms|s) \| ❌ broken \|/);
  });

  it('uses the after file’s SLO when --slo is not given', async () => {
    const withSlo = join(dir, 'with-slo.headroom.json');
    writeFileSync(
      withSlo,
      serializeTopology({ ...withApi(6, 1), slo: { latency: [{ percentile: 95, maxMs: 50 }] } }),
    );
    const r = await cli(['diff', before, withSlo, '--duration', '10']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`**SLO** (from ${withSlo.replace(/[\\`*_[\]|<>#]/g, (c) => `\\${c}`)})`);
    const none = await cli(['diff', before, after, '--duration', '10']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('**SLO:** none given');
  });

  it('an SLO term it cannot measure does not pass silently: a warning in the Markdown and exit 2', async () => {
    const perEndpoint = join(dir, 'per-endpoint.headroom.json');
    const slo = { latency: [{ percentile: 99, maxMs: 500, endpoint: 'get' }], maxErrorRate: 0.01 };
    writeFileSync(perEndpoint, serializeTopology({ ...withApi(5, 3), slo }));
    const r = await cli(['diff', before, perEndpoint, '--duration', '10']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('⚠️ the SLO could not be checked in full');
    expect(r.stdout).toContain('> ⚠️ **Not measured:** p99 ≤ 500 ms (get)');
    expect(r.stdout).toMatch(/\| p99 ≤ 500 ms \(get\) \| – \| – \| not measured \|/);
    expect(r.stderr).toBe('headroom: diff: SLO terms not measured by the simulator: p99 ≤ 500 ms (get)\n');
    // A term that breaks still decides: exit 1.
    const broken = join(dir, 'per-endpoint-broken.headroom.json');
    writeFileSync(
      broken,
      serializeTopology({
        ...withApi(6, 1),
        slo: { ...slo, latency: [...slo.latency, { percentile: 99, maxMs: 200 }] },
      }),
    );
    const b = await cli(['diff', before, broken, '--duration', '10']);
    expect(b.code).toBe(1);
    expect(b.stdout).toContain('❌ the after design breaks the SLO');
  });

  it('exits 2 on bad input: missing file, invalid topology, bad --slo, bad --seed, missing argument', async () => {
    const invalid = join(dir, 'invalid.headroom.json');
    writeFileSync(invalid, '{"schemaVersion": 1, "name": "x", "components": {"a": {"kind": "nope"}}}');
    const missing = await cli(['diff', before, join(dir, 'missing.headroom.json'), '--duration', '10']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^headroom: cannot read .*missing\.headroom\.json: ENOENT\n$/);
    const bad = await cli(['diff', invalid, after, '--duration', '10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid\.headroom\.json is not a valid topology/);
    const slo = await cli(['diff', before, after, '--slo', 'latency<=3']);
    expect(slo.code).toBe(2);
    expect(slo.stderr).toBe(
      'headroom: --slo term "latency<=3" is not understood: use pNN<=VALUEms (or s) and errors<=VALUE%\n',
    );
    expect((await cli(['diff', before, after, '--seed', 'x'])).code).toBe(2);
    expect((await cli(['diff', before])).code).toBe(2);
    expect((await cli(['diff', before, after, '--scenario', 'nope'])).code).toBe(2);
  });
});
