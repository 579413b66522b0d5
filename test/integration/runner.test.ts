import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunCancelled, startRun, type RunProgress } from '../../main/services/runner.js';
import { HEADROOM_VERSION } from '../../main/version.js';
import { serializeTopology } from '../../shared/topology/index.js';
import { SMALL_TOPOLOGY, templateText } from '../helpers/topologies.js';

const options = { seed: 11, durationS: 30, warmupS: 3, replications: 1 };

describe('simulation runner (worker threads)', () => {
  it('streams progress with windows and resolves with the result', async () => {
    const progress: RunProgress[] = [];
    const handle = startRun(templateText(), options, (p) => progress.push(p), { maxWorkers: 1 });
    const [result] = (await handle.done) as { summary: { throughputRps: number } }[];
    expect(result?.summary.throughputRps).toBeGreaterThan(150);
    expect(progress.at(-1)?.fraction).toBe(1);
    expect(progress.flatMap((p) => p.windows).length).toBe(30);
  });

  it('reports progress at 4 Hz or more during a long run, and cancel stops it at once', async () => {
    const heavy = serializeTopology({
      ...SMALL_TOPOLOGY,
      components: {
        ...SMALL_TOPOLOGY.components,
        clients: { ...SMALL_TOPOLOGY.components.clients, workload: { type: 'open', rateRps: 200_000 } },
        api: { ...SMALL_TOPOLOGY.components.api, instances: 1000 },
        db: {
          kind: 'database',
          name: 'DB',
          cores: 1000,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 2 } } },
        },
      },
    } as typeof SMALL_TOPOLOGY);
    const stamps: number[] = [];
    const handle = startRun(heavy, { ...options, durationS: 3600 }, () => stamps.push(Date.now()), {
      maxWorkers: 1,
    });
    await new Promise((r) => setTimeout(r, 2500));
    const started = Date.now();
    handle.cancel();
    await expect(handle.done).rejects.toBeInstanceOf(RunCancelled);
    // The run was asked for an hour of simulated time (minutes of work): cancel ends it, not completion.
    expect(Date.now() - started).toBeLessThan(2000);
    // 4 Hz or more: the median gap is at most 250 ms; no stall beyond a second on a loaded machine.
    const gaps = stamps
      .slice(2)
      .map((t, i) => t - (stamps[i + 1] as number))
      .sort((a, b) => a - b);
    expect(stamps.length).toBeGreaterThanOrEqual(6);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThanOrEqual(250);
    expect(gaps.at(-1)).toBeLessThan(1000);
  });

  it('turns a worker that runs out of memory into an error message, and the next run still works', async () => {
    // A stand-in worker that allocates without bound, under a 16 MB heap limit.
    const hog = new URL('../helpers/memory-hog-worker.mjs', import.meta.url);
    const handle = startRun(templateText(), options, () => undefined, {
      maxWorkers: 1,
      maxOldGenerationSizeMb: 16,
      workerUrl: hog,
    });
    await expect(handle.done).rejects.toThrow(
      'the simulation ran out of memory; shorten the run or lower the load',
    );
    const next = startRun(templateText(), options, () => undefined, { maxWorkers: 1 });
    expect((await next.done).length).toBe(1);
  });

  it('turns a worker error into a message naming the problem', async () => {
    const handle = startRun(templateText(), { ...options, scenario: 'no-such-scenario' }, () => undefined, {
      maxWorkers: 1,
    });
    await expect(handle.done).rejects.toThrow(/no-such-scenario/);
  });

  it('keeps HEADROOM_VERSION equal to package.json', () => {
    expect(HEADROOM_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
