import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_DOCUMENTS } from '../../shared/templates/index.js';
import {
  distributionCv,
  distributionMeanMs,
  formatIssue,
  INTERNAL_ERROR_PREFIX,
  parseTopology,
  parseTopologyText,
  serializeTopology,
  type Distribution,
  type ParseResult,
} from '../../shared/topology/index.js';

const dbl = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const pos = (max = 1000) => dbl(0.001, max);

const distributionArb: fc.Arbitrary<Distribution> = fc.oneof(
  dbl(0, 1000).map((valueMs) => ({ type: 'constant' as const, valueMs })),
  pos().map((meanMs) => ({ type: 'exponential' as const, meanMs })),
  fc
    .tuple(dbl(0, 1000), dbl(0, 1000))
    .map(([a, b]) => ({ type: 'uniform' as const, minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
  fc.tuple(dbl(0, 1000), dbl(0, 500)).map(([meanMs, sdMs]) => ({ type: 'normal' as const, meanMs, sdMs })),
  fc.tuple(pos(), dbl(0.01, 10)).map(([meanMs, cv]) => ({ type: 'lognormal' as const, meanMs, cv })),
  fc.tuple(pos(), dbl(1, 50)).map(([p50Ms, f]) => ({ type: 'lognormal' as const, p50Ms, p99Ms: p50Ms * f })),
  fc.tuple(pos(), dbl(0.01, 10)).map(([meanMs, cv]) => ({ type: 'gamma' as const, meanMs, cv })),
  fc
    .tuple(fc.integer({ min: 1, max: 50 }), pos())
    .map(([k, meanMs]) => ({ type: 'erlang' as const, k, meanMs })),
  fc.tuple(pos(), dbl(1.01, 10)).map(([scaleMs, shape]) => ({ type: 'pareto' as const, scaleMs, shape })),
  fc.tuple(pos(), dbl(0.1, 100)).map(([scaleMs, shape]) => ({ type: 'weibull' as const, scaleMs, shape })),
  fc.array(fc.tuple(fc.integer({ min: 1, max: 100 }), pos()), { minLength: 1, maxLength: 4 }).map((bs) => {
    const total = bs.reduce((s, [w]) => s + w, 0);
    return {
      type: 'hyperexponential' as const,
      branches: bs.map(([w, meanMs]) => ({ p: w / total, meanMs })),
    };
  }),
  fc
    .tuple(
      fc.option(dbl(0, 100), { nil: undefined }),
      fc.array(fc.tuple(pos(100), dbl(0, 10)), { minLength: 1, maxLength: 6 }),
    )
    .map(([fromMs, steps]) => {
      let edge = fromMs ?? 0;
      const bins = steps.map(([step, weight], i) => {
        edge += step;
        return { upToMs: edge, weight: i === 0 ? weight + 1 : weight };
      });
      return fromMs === undefined
        ? { type: 'empirical' as const, bins }
        : { type: 'empirical' as const, fromMs, bins };
    }),
);

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Random valid topologies: a source, an optional balancer, a chain of services, a database and an external API. */
const topologyArb = fc
  .record({
    endpoints: fc.integer({ min: 1, max: 4 }),
    weights: fc.array(dbl(0.01, 10), { minLength: 4, maxLength: 4 }),
    closed: fc.boolean(),
    rate: dbl(0, 10000),
    services: fc.integer({ min: 1, max: 4 }),
    cores: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 4, maxLength: 4 }),
    workers: fc.array(opt(fc.integer({ min: 1, max: 500 })), { minLength: 4, maxLength: 4 }),
    work: fc.array(distributionArb, { minLength: 6, maxLength: 6 }),
    probability: fc.array(opt(dbl(0, 1)), { minLength: 4, maxLength: 4 }),
    network: fc.array(
      opt(fc.oneof(fc.constantFrom('sameZone', 'crossZone', 'crossRegion'), distributionArb)),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
    lb: opt(fc.constantFrom('roundRobin', 'random', 'leastOutstanding', 'powerOfTwo')),
    asyncExternal: fc.boolean(),
    description: opt(fc.string({ maxLength: 40 })),
    name: fc.string({ minLength: 1, maxLength: 40 }),
    duration: dbl(1, 10000),
    profile: opt(
      fc.oneof(
        fc.constant({ type: 'constant' as const }),
        fc
          .tuple(dbl(0, 5), dbl(0, 5))
          .map(([fromFactor, toFactor]) => ({ type: 'ramp' as const, fromFactor, toFactor })),
        fc
          .tuple(dbl(0, 100), dbl(0.1, 100), dbl(0, 10))
          .map(([atS, durationS, factor]) => ({ type: 'spike' as const, atS, durationS, factor })),
      ),
    ),
    slo: opt(fc.tuple(dbl(1, 99.99), pos(), dbl(0, 1))),
    layout: opt(fc.tuple(dbl(-1000, 1000), dbl(-1000, 1000))),
  })
  .map((p) => {
    const eps = Array.from({ length: p.endpoints }, (_, i) => ({
      id: `ep-${i}`,
      name: `Endpoint ${i}`,
      weight: p.weights[i] as number,
      to: p.lb ? 'lb' : 'svc-0',
    }));
    const components: Record<string, unknown> = {
      clients: {
        kind: 'source',
        name: 'Clients',
        workload: p.closed
          ? { type: 'closed', users: 10, thinkTimeMs: p.work[5] }
          : { type: 'open', rateRps: p.rate, arrivals: { type: 'poisson' } },
        endpoints: eps,
      },
      db: {
        kind: 'database',
        name: 'DB',
        cores: 2,
        handlers: { '*': { workMs: p.work[4], writeFraction: 0.2 } },
      },
      ext: { kind: 'external', name: 'Ext', latencyMs: p.work[5], errorRate: 0.01 },
    };
    if (p.lb) components.lb = { kind: 'loadBalancer', name: 'LB', policy: p.lb, targets: [{ to: 'svc-0' }] };
    for (let i = 0; i < p.services; i++) {
      const next = i + 1 < p.services ? `svc-${i + 1}` : 'db';
      const call: Record<string, unknown> = { to: next };
      if (p.probability[i] !== undefined) call.probability = p.probability[i];
      if (p.network[i] !== undefined) call.network = p.network[i];
      components[`svc-${i}`] = {
        kind: 'service',
        name: `Service ${i}`,
        instances: 1 + i,
        cores: p.cores[i],
        ...(p.workers[i] !== undefined ? { workers: p.workers[i] } : {}),
        handlers: {
          '*': {
            workMs: p.work[i],
            calls: i === 0 ? [call, { to: 'ext', mode: p.asyncExternal ? 'async' : 'sync' }] : [call],
          },
        },
      };
    }
    return {
      schemaVersion: 1,
      name: p.name,
      ...(p.description !== undefined ? { description: p.description } : {}),
      components,
      scenarios: {
        base: { name: 'Base', durationS: p.duration, ...(p.profile ? { profile: p.profile } : {}) },
      },
      ...(p.slo
        ? { slo: { latency: [{ percentile: p.slo[0], maxMs: p.slo[1] }], maxErrorRate: p.slo[2] } }
        : {}),
      ...(p.layout ? { layout: { nodes: { clients: { x: p.layout[0], y: p.layout[1] } } } } : {}),
    };
  });

const noInternal = (r: ParseResult) => {
  if (!r.ok)
    for (const e of r.errors) expect(e.message.startsWith(INTERNAL_ERROR_PREFIX), e.message).toBe(false);
};

/** Shuffles object keys recursively (arrays keep their order). */
function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i));
  if (typeof v !== 'object' || v === null) return v;
  const keys = Object.keys(v);
  const order = keys
    .map((k, i) => [k, (i * 7919 + seed * 104729) % 1009] as const)
    .sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(
    order.map(([k]) => [k, shuffleKeys((v as Record<string, unknown>)[k], seed + 1)]),
  );
}

describe('properties', () => {
  it('distribution mean and cv are finite and non-negative (cv infinite only for heavy Pareto)', () => {
    fc.assert(
      fc.property(distributionArb, (d) => {
        const m = distributionMeanMs(d);
        const cv = distributionCv(d);
        expect(Number.isFinite(m) && m >= 0).toBe(true);
        if (d.type === 'pareto' && d.shape <= 2) expect(cv).toBe(Infinity);
        else expect(Number.isFinite(cv) && cv >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('random valid topologies validate and round-trip through text, independent of key order', () => {
    fc.assert(
      fc.property(topologyArb, fc.nat(1000), (t, seed) => {
        const r = parseTopology(t);
        if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
        const text = serializeTopology(r.topology);
        const again = parseTopologyText(text);
        if (!again.ok) throw new Error(again.errors.map(formatIssue).join('\n'));
        expect(serializeTopology(again.topology)).toBe(text);
        expect(again.topology).toEqual(JSON.parse(JSON.stringify(t)));
        const shuffled = parseTopology(shuffleKeys(t, seed));
        expect(shuffled.ok && serializeTopology(shuffled.topology)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  const templates = Object.values(TEMPLATE_DOCUMENTS).map((d) => JSON.parse(JSON.stringify(d)) as unknown);

  /** All paths (arrays of keys) inside a JSON value. */
  const pathsOf = (v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) => {
    out.push(prefix);
    if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
    return out;
  };

  const mutationArb = fc.record({
    op: fc.constantFrom('delete', 'set', 'rename', 'duplicate', 'number'),
    at: fc.nat(),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom('*', 'api', 'db', '__proto__', -1, 0, 1e308, ''),
    ),
    num: fc.oneof(fc.double(), fc.integer()),
  });

  it('randomly mutated templates only ever produce issues, never exceptions or hangs', () => {
    fc.assert(
      fc.property(
        fc.nat(templates.length - 1),
        fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        (ti, muts) => {
          const doc = JSON.parse(JSON.stringify(templates[ti])) as Record<string, unknown>;
          for (const m of muts) {
            const paths = pathsOf(doc).filter((p) => p.length > 0);
            const path = paths[m.at % paths.length];
            if (!path) continue;
            const parent = path
              .slice(0, -1)
              .reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], doc) as
              Record<string | number, unknown> | unknown[];
            const key = path[path.length - 1] as string | number;
            if (Array.isArray(parent)) {
              const i = key as number;
              if (m.op === 'delete') parent.splice(i, 1);
              else if (m.op === 'duplicate')
                parent.splice(i, 0, JSON.parse(JSON.stringify(parent[i])) as unknown);
              else if (m.op === 'number') parent[i] = m.num;
              else parent[i] = m.value;
            } else {
              const obj = parent as Record<string, unknown>;
              if (m.op === 'delete') delete obj[key];
              else if (m.op === 'rename') {
                const v = obj[key];
                delete obj[key];
                obj[typeof m.value === 'string' ? m.value : `${String(key)}x`] = v;
              } else if (m.op === 'number') obj[key] = m.num;
              else if (m.op === 'duplicate') obj[`${String(key)}2`] = obj[key];
              else obj[key] = m.value;
            }
          }
          const start = performance.now();
          const r = parseTopology(doc);
          noInternal(r);
          const text = JSON.stringify(doc);
          if (text !== undefined) noInternal(parseTopologyText(text));
          expect(performance.now() - start).toBeLessThan(2000);
          if (r.ok) expect(parseTopologyText(serializeTopology(r.topology)).ok).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('randomly edited file text only ever produces issues', () => {
    const texts = Object.values(TEMPLATE_DOCUMENTS).map((d) => JSON.stringify(d, null, 2));
    fc.assert(
      fc.property(
        fc.nat(texts.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(20), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 5 }),
        (ti, edits) => {
          let text = texts[ti] as string;
          for (const [at, del, ins] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + ins + text.slice(i + del);
          }
          noInternal(parseTopologyText(text));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('arbitrary values and strings never throw', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        noInternal(parseTopology(v));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        noInternal(parseTopologyText(s));
      }),
      { numRuns: 1000 },
    );
  });
});
