import { describe, expect, it } from 'vitest';
import { Histogram } from '../../models/engine/histogram.js';
import { mergeReplications, simulate } from '../../models/index.js';
import type { MeasuredTailAttribution, SimulationResult } from '../../shared/results/index.js';
import { tailCsv } from '../../shared/report/index.js';
import { topo } from './helpers.js';

const constant = (ms: number) => ({ type: 'constant', valueMs: ms });
/** Bucket width of the trace, relative (16 of 1024 bins per power of two). */
const BUCKET = 16 / 1024;

/** The source of these tests: 20 req/s, all to gw. */
const clients = {
  kind: 'source',
  name: 'C',
  workload: { type: 'open', rateRps: 20 },
  endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'gw' }],
};

/** One instance of 64 cores (no queueing at these loads), every endpoint doing workMs then `calls`. */
const service = (name: string, workMs: Record<string, unknown>, calls?: Record<string, unknown>[]) => ({
  kind: 'service',
  name,
  instances: 1,
  cores: 64,
  handlers: { '*': { workMs, ...(calls !== undefined ? { calls } : {}) } },
});

/** A 64-core database whose work is ~1 ms, except a slow mode of probability p and mean slowMs. */
const slowModeDb = (p: number, slowMs: number) => ({
  kind: 'database',
  name: 'DB',
  cores: 64,
  handlers: {
    '*': {
      workMs: {
        type: 'hyperexponential',
        branches: [
          { p: 1 - p, meanMs: 1 },
          { p, meanMs: slowMs },
        ],
      },
    },
  },
});

/** clients → gw (2 ms) → svc (3 ms) → db (97% ~1 ms, 3% ~50 ms); gw also fires an async 100 ms audit. */
function chain(networkMs: number | null) {
  return topo({
    clients,
    gw: service('GW', constant(2), [
      { to: 'svc', ...(networkMs !== null ? { network: constant(networkMs) } : {}) },
      { to: 'audit', mode: 'async' },
    ]),
    svc: service('SVC', constant(3), [{ to: 'db' }]),
    audit: service('Audit', constant(100)),
    db: slowModeDb(0.03, 50),
  });
}

function part(a: MeasuredTailAttribution, kind: string, component: string) {
  const p = a.parts.find((x) => x.kind === kind && x.component === component);
  if (p === undefined) throw new Error(`no ${kind} part for ${component}`);
  return p;
}

const run = (t: ReturnType<typeof topo>, extra: Record<string, number> = {}): SimulationResult =>
  simulate(t, { seed: 7, durationS: 2000, warmupS: 100, traceEvery: 1, ...extra });

describe('measured tail attribution', () => {
  it('a slow-mode database is the tail hop; constant-work components keep their work in the median group', () => {
    const r = run(chain(null));
    const a = r.tailAttribution as MeasuredTailAttribution;
    expect(a).not.toBeNull();
    expect(a.p99Seconds).toBe(r.summary.latency.p99S);
    expect(a.tailHop?.kind).toBe('local');
    expect(a.tailHop?.component).toBe('db');
    // no queueing at 64 cores: local time is the constant work, in both groups
    expect(part(a, 'local', 'gw').medianMeanSeconds).toBeCloseTo(0.002, 9);
    expect(part(a, 'local', 'svc').medianMeanSeconds).toBeCloseTo(0.003, 9);
    expect(part(a, 'local', 'gw').tailMeanSeconds).toBeCloseTo(0.002, 9);
    // the async audit is no part of the caller's latency
    expect(a.parts.some((p) => p.component === 'audit')).toBe(false);
    // above p99 (a 50 ms exponential mode) the database time far exceeds its fast mode
    expect(part(a, 'local', 'db').excessShare).toBeGreaterThan(0.99);
    expect(a.tailRequests).toBeGreaterThan(0);
    expect(a.medianRequests).toBeGreaterThan(0);
  });

  it('exports as CSV: a row per part in milliseconds, the tail hop flagged once; header only without attribution', () => {
    const r = run(chain(null));
    const a = r.tailAttribution as MeasuredTailAttribution;
    const lines = tailCsv(r).trimEnd().split('\r\n');
    expect(lines).toHaveLength(a.parts.length + 1);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((x) => x[0] + ':' + x[1])).toEqual(a.parts.map((p) => p.kind + ':' + p.component));
    expect(rows.filter((x) => x[7] === '1')).toEqual([rows[0]]);
    expect(rows[0]?.slice(0, 2)).toEqual(['local', 'db']);
    const gw = a.parts.findIndex((p) => p.kind === 'local' && p.component === 'gw');
    expect(Number(rows[gw]?.[3])).toBeCloseTo(2, 6);
    expect(Number(rows[0]?.[8])).toBe(a.p99Seconds * 1000);
    expect(
      tailCsv({ ...r, tailAttribution: null })
        .trimEnd()
        .split('\r\n'),
    ).toHaveLength(1);
  });

  it('a constant 5 ms network each way is 10 ms of the call in both groups', () => {
    const a = run(chain(5)).tailAttribution as MeasuredTailAttribution;
    const net = part(a, 'network', 'svc');
    expect(net.call).toBe('gw → svc');
    expect(net.medianMeanSeconds).toBeCloseTo(0.01, 9);
    expect(net.tailMeanSeconds).toBeCloseTo(0.01, 9);
    expect(net.excessSeconds).toBeCloseTo(0, 9);
  });

  it("a timed-out attempt and its backoff are the call's retry time: timeout + backoff for every retried request", () => {
    // 5% of database attempts take ~200 ms: the caller gives up at 20 ms, waits 5 ms and tries once more
    const t = topo({
      clients,
      gw: service('GW', constant(2), [
        { to: 'db', timeoutMs: 20, retry: { attempts: 2, backoffMs: 5, jitter: 'none' } },
      ]),
      db: slowModeDb(0.05, 200),
    });
    const r = run(t);
    const a = r.tailAttribution as MeasuredTailAttribution;
    // about 4.5% of requests are retried (slow and over 20 ms), so all requests above p99 were retried
    // and a retried request is at least 2 + 20 + 5 ms; no other request reaches 22 ms
    expect(r.summary.latency.p99S).toBeGreaterThan(0.027);
    const retry = part(a, 'retry', 'db');
    expect(retry.call).toBe('gw → db');
    expect(retry.tailMeanSeconds).toBeCloseTo(0.025, 9);
    expect(retry.medianMeanSeconds).toBe(0);
    expect(a.tailHop?.kind).toBe('retry');
    // the final attempt is a fast one: the database's local time stays small in the tail
    expect(part(a, 'local', 'db').tailMeanSeconds).toBeLessThan(0.02);
    const sum = a.parts.reduce((x, p) => x + p.tailMeanSeconds, 0);
    expect(sum).toBeCloseTo(a.tailMeanSeconds, 12);
  });

  it('parallel fan-out: only the slowest branch counts, so each group sums to its latencies', () => {
    const branch = (id: string) => service(id, { type: 'exponential', meanMs: 10 });
    const t = topo({
      clients,
      gw: service('GW', constant(1), [
        { to: 'a', group: 'fan' },
        { to: 'b', group: 'fan' },
      ]),
      a: branch('a'),
      b: branch('b'),
    });
    const r = run(t);
    const a = r.tailAttribution as MeasuredTailAttribution;
    const [p40, p60] = Histogram.fromJSON(r.latencyHistogram).percentiles([0.4, 0.6]) as [number, number];
    // median group: latencies within the p40–p60 buckets (summing both branches would add ~E[min] = 5 ms)
    const lat = r.summary.latency;
    expect(a.medianMeanSeconds).toBeGreaterThanOrEqual(p40 * (1 - BUCKET));
    expect(a.medianMeanSeconds).toBeLessThanOrEqual(p60 * (1 + BUCKET));
    expect(a.tailMeanSeconds).toBeGreaterThanOrEqual((lat.p99S as number) * (1 - BUCKET));
    expect(a.tailMeanSeconds).toBeLessThanOrEqual((lat.maxS as number) * (1 + BUCKET));
    const sum = a.parts.reduce((s, p) => s + p.medianMeanSeconds, 0);
    expect(sum).toBeCloseTo(a.medianMeanSeconds, 12);
    // symmetric branches share the excess about equally
    expect(part(a, 'local', 'a').excessShare).toBeGreaterThan(0.3);
    expect(part(a, 'local', 'b').excessShare).toBeGreaterThan(0.3);
  });

  it('is deterministic, structured-clonable, and merges replications by adding the accumulators', () => {
    const t = chain(1);
    const r0 = run(t, { durationS: 600, replication: 0 });
    expect(run(t, { durationS: 600, replication: 0 }).tailTrace).toEqual(r0.tailTrace);
    expect(structuredClone(r0)).toEqual(r0);
    const r1 = run(t, { durationS: 600, replication: 1 });
    const m = mergeReplications([r0, r1]);
    const tr0 = r0.tailTrace!;
    const tr1 = r1.tailTrace!;
    const mt = m.tailTrace!;
    expect(mt.sampled).toBe(tr0.sampled + tr1.sampled);
    const n = mt.parts.length;
    expect(tr0.parts).toEqual(mt.parts);
    const buckets = [...new Set([...tr0.buckets, ...tr1.buckets])].sort((x, y) => x - y);
    expect(mt.buckets).toEqual(buckets);
    buckets.forEach((b, k) => {
      const i0 = tr0.buckets.indexOf(b);
      const i1 = tr1.buckets.indexOf(b);
      expect(mt.counts[k]).toBe((i0 >= 0 ? tr0.counts[i0]! : 0) + (i1 >= 0 ? tr1.counts[i1]! : 0));
      for (let p = 0; p < n; p++)
        expect(mt.sums[k * n + p]).toBe(
          (i0 >= 0 ? tr0.sums[i0 * n + p]! : 0) + (i1 >= 0 ? tr1.sums[i1 * n + p]! : 0),
        );
    });
    expect(m.tailAttribution?.p99Seconds).toBe(m.summary.latency.p99S);
    expect(m.tailAttribution?.sampledRequests).toBe(
      r0.tailAttribution!.sampledRequests + r1.tailAttribution!.sampledRequests,
    );
  });

  it('traces the first and then every k-th request of each source', () => {
    const t = topo({
      one: {
        kind: 'source',
        name: 'One',
        workload: { type: 'open', rateRps: 30 },
        endpoints: [{ id: 'x', name: 'X', weight: 1, to: 'svc' }],
      },
      two: {
        kind: 'source',
        name: 'Two',
        workload: { type: 'open', rateRps: 7 },
        endpoints: [{ id: 'y', name: 'Y', weight: 1, to: 'svc' }],
      },
      svc: service('S', { type: 'exponential', meanMs: 5 }),
    });
    const r = simulate(t, { seed: 3, durationS: 500, warmupS: 0, traceEvery: 10 });
    const arrivals = (id: string) => r.components.find((c) => c.id === id)!.arrivals;
    expect(arrivals('one')).toBeGreaterThan(1000);
    expect(r.tailTrace!.sampled).toBe(Math.ceil(arrivals('one') / 10) + Math.ceil(arrivals('two') / 10));
    expect(r.tailTrace!.every).toBe(10);
    const recorded = r.tailAttribution!.sampledRequests;
    expect(recorded).toBeLessThanOrEqual(r.tailTrace!.sampled);
    expect(recorded).toBeGreaterThanOrEqual(r.tailTrace!.sampled - r.requests.inFlight);
    const off = simulate(t, { seed: 3, durationS: 500, warmupS: 0, traceEvery: 0 });
    expect(off.tailTrace!.sampled).toBe(0);
    expect(off.tailAttribution).toBeNull();
    expect(off.summary).toEqual(r.summary);
  });
});
