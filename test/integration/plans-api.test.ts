import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaxLoadResult, RightSizeResult, SweepResult } from '../../models/planner/index.js';
import type { ApiEvent } from '../../shared/api/contract.js';
import { serializeTopology, type Topology } from '../../shared/topology/index.js';
import { dispatch } from '../../main/services/dispatch.js';
import type { GrowthPlanResult } from '../../main/services/plan-job.js';
import { createServices, type Services } from '../../main/services/services.js';
import { Store } from '../../main/services/store.js';
import { SMALL_TOPOLOGY } from '../helpers/topologies.js';

let dir: string;
let services: Services;
const progress: ApiEvent<'plan.progress'>[] = [];
const finished: ApiEvent<'plan.finished'>[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-plans-'));
  services = createServices({ dataDir: join(dir, 'data'), host: 'web', maxWorkers: 2 });
  services.on('plan.progress', (p) => progress.push(p));
  services.on('plan.finished', (f) => finished.push(f));
});
afterAll(async () => {
  await services?.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = (method: string, args: unknown) => dispatch(services.handlers, method, args);
const text = serializeTopology(SMALL_TOPOLOGY);
/** Small trials: 2 replications of 2000 arrivals (a fraction of a second of wall time each). */
const trial = { topologyText: text, seed: 3, replications: 2, requests: 2000 };

/** Waits for a plan's finished event and returns its stored record. */
async function finish(planId: string) {
  await expect.poll(() => finished.some((f) => f.planId === planId), { timeout: 60_000 }).toBe(true);
  return (await api('plans.get', { planId })) as {
    status: string;
    kind: string;
    slo: string | null;
    result: unknown;
    error: string | null;
  };
}

describe('plans API (planner on worker threads)', () => {
  it('max-load: finds the load where p99 meets its bound, between the analytic estimate’s bracket ends', async () => {
    const { planId } = (await api('plans.start', {
      ...trial,
      kind: 'max-load',
      slo: 'p99<=40ms',
      maxTrials: 8,
    })) as { planId: string };
    const rec = await finish(planId);
    expect(rec.status).toBe('done');
    expect(rec.slo).toBe('p99<=40ms');
    const r = rec.result as MaxLoadResult;
    // api: 2 cores at 5 ms → ceiling 400 req/s; a 40 ms p99 is met well below it.
    expect(r.maxLoadRps).toBeGreaterThan(100);
    expect(r.maxLoadRps).toBeLessThan(400);
    expect(r.ci95[0]).toBeLessThanOrEqual(r.maxLoadRps);
    expect(r.ci95[1]).toBeGreaterThanOrEqual(r.maxLoadRps);
    expect(r.limitingComponent).toBe('api');
    expect(r.trials.length).toBeGreaterThanOrEqual(2);
    expect(r.trials.length).toBeLessThanOrEqual(8);
    expect(r.trials.some((t) => t.pass) && r.trials.some((t) => !t.pass)).toBe(true);
    // Progress: one event per trial start and end at least, counting up to the trials run, with the load.
    const mine = progress.filter((p) => p.planId === planId);
    expect(mine[0]?.trialsMax).toBe(8);
    expect(Math.max(...mine.map((p) => p.trialsDone))).toBe(r.trials.length);
    const loads = new Set(mine.map((p) => p.current?.loadRps).filter((x) => x !== undefined));
    for (const t of r.trials)
      expect([...loads].some((l) => Math.abs((l ?? 0) - t.loadRps) < 1e-6)).toBe(true);
    expect(mine.some((p) => p.etaS !== null)).toBe(true);
    // The plan is stored in SQLite: another connection to the app's database reads it back.
    const other = new Store({ dataDir: join(dir, 'data') });
    try {
      const row = other.getPlan(planId);
      expect(row).toMatchObject({
        kind: 'max-load',
        status: 'done',
        slo: 'p99<=40ms',
        designName: 'Small test design',
      });
      expect(JSON.parse(row?.resultJson ?? 'null')).toEqual(r);
      expect(JSON.parse(row?.requestJson ?? '{}')).toEqual({
        kind: 'max-load',
        slo: 'p99<=40ms',
        seed: 3,
        replications: 2,
        requests: 2000,
        maxTrials: 8,
      });
    } finally {
      other.close();
    }
  });

  it('growth: the month the SLO breaks follows from the max load at compound growth', async () => {
    const { planId } = (await api('plans.start', {
      ...trial,
      kind: 'growth',
      slo: 'p99<=40ms',
      maxTrials: 6,
      currentRps: 100,
      growthPerMonth: 0.1,
    })) as { planId: string };
    const rec = await finish(planId);
    expect(rec.status).toBe('done');
    const g = rec.result as GrowthPlanResult;
    expect(g.headroom).toBeCloseTo(g.maxLoadRps / 100 - 1, 12);
    expect(g.monthsToBreach).toBeCloseTo(Math.log(g.maxLoadRps / 100) / Math.log(1.1), 9);
    expect(g.breachMonth).toBe(Math.floor(g.monthsToBreach as number) + 1);
    expect(g.schedule.at(-1)?.meetsSlo).toBe(false);
    expect(g.trials.length).toBeGreaterThan(0);
  });

  it('right-size: the cheapest instance count that meets the SLO, with a Pareto front', async () => {
    const { planId } = (await api('plans.start', {
      ...trial,
      kind: 'right-size',
      slo: 'p99<=60ms',
      loadRps: 500,
      adjustable: [{ path: 'components.api.instances', min: 1, max: 4 }],
      frontExtra: 1,
    })) as { planId: string };
    const rec = await finish(planId);
    expect(rec.status).toBe('done');
    const r = rec.result as RightSizeResult;
    // 500 req/s × 5 ms = 2.5 busy cores: one 2-core instance saturates, two suffice.
    expect(r.counts.configurations).toBe(4);
    expect(r.best?.configuration).toEqual({ 'components.api.instances': 2 });
    expect(r.best?.simulated?.pass).toBe(true);
    expect(r.paretoFront.length).toBeGreaterThanOrEqual(1);
    const costs = r.paretoFront.map((c) => c.costPerMonth);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
  });

  it('sweep: one row per swept value, simulated', async () => {
    const { planId } = (await api('plans.start', {
      ...trial,
      kind: 'sweep',
      param: { path: 'load', from: 100, to: 300, steps: 3 },
    })) as { planId: string };
    const rec = await finish(planId);
    expect(rec.status).toBe('done');
    const r = rec.result as SweepResult;
    expect(r.rows.map((x) => x.values.load)).toEqual([100, 200, 300]);
    expect(r.rows.map((x) => Math.round(x.offeredRps / 20))).toEqual([5, 10, 15]);
    // p99 rises with the load.
    const p99 = r.rows.map((x) => x.p99Ms ?? 0);
    expect(p99[2]).toBeGreaterThan(p99[0] as number);
  });

  it('sweep with the estimate only: no trials, analytic rows at once', async () => {
    const { planId } = (await api('plans.start', {
      ...trial,
      kind: 'sweep',
      slo: 'p99<=40ms',
      analytic: true,
      param: { path: 'components.api.cores', values: [1, 2, 4] },
    })) as { planId: string };
    const rec = await finish(planId);
    expect(rec.status).toBe('done');
    const r = rec.result as SweepResult;
    expect(r.analyticOnly).toBe(true);
    expect(r.rows.map((x) => x.values['components.api.cores'])).toEqual([1, 2, 4]);
    // 200 req/s × 5 ms = 1 busy core: one core saturates, two and four do not; p99 falls with cores.
    expect(r.rows.map((x) => x.sloPass)).toEqual([false, true, true]);
    expect(r.rows[2]?.p99Ms).toBeLessThan(r.rows[1]?.p99Ms as number);
    expect(
      progress.filter((p) => p.planId === planId).every((p) => p.trialsMax === 0 && p.current === null),
    ).toBe(true);
  });

  it('cancel stops a running plan at once; the plan is recorded as cancelled', async () => {
    // Threads of this process (Linux): the plan's worker and its simulation workers come and go.
    const threads = () => readdirSync('/proc/self/task').length;
    const before = threads();
    const { planId } = (await api('plans.start', {
      ...trial,
      requests: 2_000_000,
      kind: 'max-load',
      slo: 'p99<=40ms',
    })) as { planId: string };
    // Wait until a trial is being simulated, then stop.
    await expect
      .poll(() => progress.some((p) => p.planId === planId && p.current !== null), { timeout: 30_000 })
      .toBe(true);
    // The plan's thread and its two simulation threads are running.
    await expect.poll(threads, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 3);
    expect(await api('plans.cancel', { planId })).toEqual({ cancelled: true });
    await expect.poll(threads, { timeout: 10_000 }).toBeLessThanOrEqual(before);
    const rec = await finish(planId);
    expect(rec.status).toBe('cancelled');
    expect(rec.error).toBeNull();
    expect(finished.filter((f) => f.planId === planId)).toEqual([
      { planId, status: 'cancelled', error: null },
    ]);
    expect(await api('plans.cancel', { planId })).toEqual({ cancelled: false });
  });

  it('rejects junk arguments, naming the field', async () => {
    const bad = async (args: unknown) => {
      try {
        await api('plans.start', args);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(await bad({ ...trial, kind: 'max-out', slo: 'p99<=1s' })).toMatch(
      /^plans\.start: invalid arguments: kind:/,
    );
    expect(await bad({ ...trial, kind: 'max-load', replications: 0 })).toMatch(/replications: Too small/);
    expect(await bad({ ...trial, kind: 'max-load', extra: 1 })).toMatch(/Unrecognized key: "extra"/);
    expect(await bad({ ...trial, kind: 'growth', currentRps: -5, growthPerMonth: 0.08 })).toMatch(
      /currentRps:/,
    );
    expect(await bad({ ...trial, kind: 'max-load', topologyText: '{"schemaVersion": 1}' })).toMatch(
      /^plans\.start: topologyText: the design is not valid/,
    );
    expect(await bad({ ...trial, kind: 'max-load', slo: 'p99 under 300' })).toMatch(
      /^plans\.start: slo: cannot read "p99 under 300"/,
    );
    expect(await bad({ ...trial, kind: 'max-load' })).toMatch(/^plans\.start: slo: give an SLO/);
    expect(await bad({ ...trial, kind: 'max-load', slo: 'p42<=10ms' })).toMatch(/^plans\.start: slo: p42:/);
    expect(await bad({ ...trial, kind: 'max-load', slo: 'p99<=1s', scenario: 'peak' })).toMatch(
      /^plans\.start: scenario: the design has no scenario "peak"/,
    );
    expect(
      await bad({ ...trial, kind: 'sweep', param: { path: 'components.nope.instances', from: 1, to: 3 } }),
    ).toMatch(/^plans\.start: param\.path: "components\.nope\.instances" is not in the design/);
    expect(await bad({ ...trial, kind: 'sweep', param: { path: 'load' } })).toMatch(
      /param: give either values, or from and to/,
    );
    expect(
      await bad({
        ...trial,
        kind: 'right-size',
        slo: 'p99<=1s',
        loadRps: 100,
        adjustable: [{ path: 'components.api.instances', min: 4, max: 1 }],
      }),
    ).toMatch(/adjustable\.0\.max: min must be <= max/);
    const noVars: Topology = { ...SMALL_TOPOLOGY };
    expect(
      await bad({
        ...trial,
        topologyText: serializeTopology(noVars),
        kind: 'right-size',
        slo: 'p99<=1s',
        loadRps: 100,
      }),
    ).toMatch(/^plans\.start: adjustable: nothing to adjust/);
    await expect(api('plans.get', { planId: 'nope' })).rejects.toThrow(/no plan with id nope/);
    await expect(api('plans.cancel', { planId: '../x' })).rejects.toThrow(/planId: must be letters/);
  });
});
