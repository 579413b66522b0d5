/**
 * Each component compiler rejects impossible parameters with a CompileError naming the field. The
 * topologies are built as objects (not parsed), as the planner and the app build variants, so the
 * engine's own checks are reached even where the file schema would stop the value first.
 */
import { describe, expect, it } from 'vitest';
import { compileTopology, CompileError, createSimulation } from '../../models/index.js';
import type { Component, Scenario, Topology } from '../../shared/topology/index.js';

const work = { type: 'constant', valueMs: 1 } as const;

const client = (
  to: string,
  endpoint: Partial<Extract<Component, { kind: 'source' }>['endpoints'][number]> = {},
) =>
  ({
    kind: 'source',
    name: 'C',
    workload: { type: 'open', rateRps: 10 },
    endpoints: [{ id: 'req', name: 'Request', weight: 1, to, ...endpoint }],
  }) satisfies Component;

const api = (extra: Partial<Extract<Component, { kind: 'service' }>> = {}) =>
  ({
    kind: 'service',
    name: 'API',
    instances: 1,
    cores: 1,
    handlers: { '*': { workMs: work } },
    ...extra,
  }) satisfies Component;

function model(components: Record<string, Component>, scenario?: Scenario): Topology {
  return {
    schemaVersion: 1,
    name: 'bad',
    components,
    ...(scenario ? { scenarios: { s: scenario } } : {}),
  };
}

/** The CompileError of compiling t (fails the test if it compiles). */
function compileError(t: Topology): CompileError {
  try {
    compileTopology(t);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('compiled without error');
}

/** Asserts the error names the field and says what is wrong with it. */
function rejects(t: Topology, path: string, problem: RegExp): void {
  const e = compileError(t);
  expect(e.path).toBe(path);
  expect(e.message.startsWith(`${path}: `)).toBe(true);
  expect(e.message.slice(path.length + 2)).toMatch(problem);
}

const scenario = (failures: Scenario['failures'], extra: Partial<Scenario> = {}): Scenario => ({
  name: 'S',
  durationS: 10,
  failures,
  ...extra,
});

describe('compile errors name the field', () => {
  it('the valid base compiles', () => {
    expect(compileTopology(model({ clients: client('api'), api: api() })).warnings).toEqual([]);
  });

  it('service', () => {
    const c = (extra: Partial<Extract<Component, { kind: 'service' }>>) =>
      model({ clients: client('api'), api: api(extra) });
    rejects(c({ cores: 0 }), 'components.api.cores', /integer >= 1/);
    rejects(c({ instances: 1.5 }), 'components.api.instances', /integer >= 0/);
    rejects(c({ workers: 0 }), 'components.api.workers', /integer >= 1/);
    rejects(c({ queueLimit: -1 }), 'components.api.queueLimit', /integer >= 0/);
    rejects(
      c({ handlers: { '*': { workMs: { type: 'exponential', meanMs: -5 } } } }),
      'components.api.handlers.*.workMs',
      /./,
    );
  });

  it('handler calls', () => {
    const calls = (cs: NonNullable<Extract<Component, { kind: 'service' }>['handlers'][string]['calls']>) =>
      model({
        clients: client('api'),
        api: api({ handlers: { '*': { workMs: work, calls: cs } } }),
        a: api(),
        b: api(),
      });
    rejects(
      model({ clients: client('api'), api: api({ handlers: { '*': { workMs: work, errorRate: 1.5 } } }) }),
      'components.api.handlers.*.errorRate',
      /\[0, 1\]/,
    );
    rejects(
      calls([{ to: 'a', probability: 2 }]),
      'components.api.handlers.*.calls[0].probability',
      /\[0, 1\]/,
    );
    rejects(
      calls([
        { to: 'a', choice: 'x', probability: 0.7 },
        { to: 'b', choice: 'x', probability: 0.6 },
      ]),
      'components.api.handlers.*.calls[1].probability',
      /more than 1/,
    );
    rejects(calls([{ to: 'nowhere' }]), 'components.api.handlers.*.calls[0].to', /no component "nowhere"/);
    rejects(
      calls([{ to: 'a', circuitBreaker: { errorThreshold: 0, windowS: 1, openMs: 1, halfOpenProbes: 1 } }]),
      'components.api.handlers.*.calls[0].circuitBreaker.errorThreshold',
      /\(0, 1\]/,
    );
    rejects(
      calls([{ to: 'a', retry: { attempts: 3, budgetPercent: 150 } }]),
      'components.api.handlers.*.calls[0].retry.budgetPercent',
      /\[0, 100\]/,
    );
  });

  it('database', () => {
    const db = (extra: Partial<Extract<Component, { kind: 'database' }>>, writeFraction = 0) =>
      model({
        clients: client('db'),
        db: {
          kind: 'database',
          name: 'DB',
          cores: 1,
          handlers: { '*': { workMs: work, writeFraction } },
          ...extra,
        },
      });
    rejects(db({ cores: 0 }), 'components.db.cores', /integer >= 1/);
    rejects(db({ connections: 0 }), 'components.db.connections', /integer >= 1/);
    rejects(db({ replicas: -1 }), 'components.db.replicas', /integer >= 0/);
    rejects(db({ shards: 0 }), 'components.db.shards', /integer >= 1/);
    rejects(db({ failoverMs: 0 }), 'components.db.failoverMs', /> 0/);
    rejects(db({}, 2), 'components.db.handlers.*.writeFraction', /\[0, 1\]/);
  });

  it('gateway and external', () => {
    const gw = (rateLimit: NonNullable<Extract<Component, { kind: 'gateway' }>['rateLimit']>) =>
      model({
        clients: client('gw'),
        gw: { kind: 'gateway', name: 'GW', latencyMs: work, rateLimit, routes: { '*': { to: 'api' } } },
        api: api(),
      });
    rejects(gw({ rateRps: 0, burst: 1 }), 'components.gw.rateLimit.rateRps', /> 0/);
    rejects(gw({ rateRps: 10, burst: 0.5 }), 'components.gw.rateLimit.burst', /integer >= 1/);
    rejects(
      gw({ rateRps: 10, burst: 1, scope: 'perClient', clients: 0 }),
      'components.gw.rateLimit.clients',
      /integer >= 1/,
    );
    const ext = (extra: Partial<Extract<Component, { kind: 'external' }>>) =>
      model({ clients: client('ext'), ext: { kind: 'external', name: 'Ext', latencyMs: work, ...extra } });
    rejects(ext({ errorRate: 2 }), 'components.ext.errorRate', /\[0, 1\]/);
    rejects(ext({ quotaRps: 0 }), 'components.ext.quotaRps', /> 0/);
  });

  it('cache', () => {
    const cache = (extra: Partial<Extract<Component, { kind: 'cache' }>>) =>
      model({
        clients: client('cache'),
        cache: {
          kind: 'cache',
          name: 'Cache',
          latencyMs: work,
          hit: { type: 'ratio', hitRatio: 0.5 },
          ...extra,
        },
      });
    rejects(cache({ nodes: 0 }), 'components.cache.nodes', /integer >= 1/);
    rejects(cache({ hit: { type: 'ratio', hitRatio: 1.5 } }), 'components.cache.hit.hitRatio', /\[0, 1\]/);
    rejects(
      cache({ hit: { type: 'keys', capacity: 0, evictionPolicy: 'lru' } }),
      'components.cache.hit.capacity',
      /integer >= 1/,
    );
    rejects(
      cache({ hit: { type: 'keys', capacity: 10, evictionPolicy: 'ttl' } }),
      'components.cache.hit.ttlMs',
      /required/,
    );
  });

  it('queue', () => {
    const queue = (extra: Partial<Extract<Component, { kind: 'queue' }>>, consumer = 'workers') =>
      model({
        clients: client('q'),
        q: { kind: 'queue', name: 'Q', publishMs: work, consumer: { to: consumer }, ...extra },
        workers: api(),
        db: { kind: 'database', name: 'DB', cores: 1, handlers: { '*': { workMs: work } } },
      });
    rejects(queue({ maxDepth: 0 }), 'components.q.maxDepth', /integer >= 1/);
    rejects(
      queue({ consumer: { to: 'workers', maxAttempts: 0 } }),
      'components.q.consumer.maxAttempts',
      /integer >= 1/,
    );
    rejects(queue({}, 'db'), 'components.q.consumer.to', /service or serverless/);
  });

  it('serverless', () => {
    const fn = (extra: Partial<Extract<Component, { kind: 'serverless' }>>) =>
      model({
        clients: client('fn'),
        fn: {
          kind: 'serverless',
          name: 'Fn',
          memoryMb: 512,
          concurrencyLimit: 10,
          coldStartMs: work,
          handlers: { '*': { workMs: work } },
          ...extra,
        },
      });
    rejects(fn({ concurrencyLimit: 0 }), 'components.fn.concurrencyLimit', /integer from 1/);
    rejects(fn({ provisioned: 11 }), 'components.fn.provisioned', /concurrencyLimit/);
    rejects(fn({ idleTimeoutS: 0 }), 'components.fn.idleTimeoutS', /> 0/);
  });

  it('autoscaler', () => {
    const scaled = (
      extra: Partial<Extract<Component, { kind: 'autoscaler' }>>,
      more: Record<string, Component> = {},
    ) =>
      model({
        clients: client('api'),
        api: api(),
        db: { kind: 'database', name: 'DB', cores: 1, handlers: { '*': { workMs: work } } },
        hpa: {
          kind: 'autoscaler',
          name: 'HPA',
          target: 'api',
          minInstances: 1,
          maxInstances: 4,
          policy: { type: 'targetTracking', metric: 'cpu', target: 0.6 },
          ...extra,
        },
        ...more,
      });
    rejects(scaled({ target: 'db' }), 'components.hpa.target', /service pool/);
    rejects(scaled({ minInstances: -1 }), 'components.hpa.minInstances', /integer >= 0/);
    rejects(scaled({ minInstances: 5, maxInstances: 4 }), 'components.hpa.maxInstances', /minInstances/);
    rejects(scaled({ evaluationPeriodS: 0 }), 'components.hpa.evaluationPeriodS', /> 0/);
    rejects(
      scaled({ policy: { type: 'targetTracking', metric: 'cpu', target: 0 } }),
      'components.hpa.policy.target',
      /> 0/,
    );
    rejects(scaled({ scaleOutCooldownS: -1 }), 'components.hpa.scaleOutCooldownS', />= 0/);
    rejects(
      scaled(
        {},
        {
          again: {
            kind: 'autoscaler',
            name: 'Again',
            target: 'api',
            minInstances: 1,
            maxInstances: 2,
            policy: { type: 'targetTracking', metric: 'cpu', target: 0.5 },
          },
        },
      ),
      'components.again.target',
      /already has an autoscaler/,
    );
  });

  it('load balancer', () => {
    const lb = (extra: Partial<Extract<Component, { kind: 'loadBalancer' }>>) =>
      model({
        clients: client('lb'),
        lb: { kind: 'loadBalancer', name: 'LB', policy: 'roundRobin', targets: [{ to: 'api' }], ...extra },
        api: api(),
      });
    rejects(
      lb({ healthCheck: { intervalMs: 0, threshold: 1 } }),
      'components.lb.healthCheck.intervalMs',
      /> 0/,
    );
    rejects(
      lb({ healthCheck: { intervalMs: 1000, threshold: 0 } }),
      'components.lb.healthCheck.threshold',
      /integer >= 1/,
    );
    rejects(lb({ targets: [{ to: 'ghost' }] }), 'components.lb.targets[0].to', /must be a pool/);
    rejects(lb({ targets: [{ to: 'api', weight: 0 }] }), 'components.lb.targets', /weight > 0/);
  });

  it('source', () => {
    const src = (extra: Partial<Extract<Component, { kind: 'source' }>>) =>
      model({ clients: { ...client('api'), ...extra }, api: api() });
    rejects(
      model({ clients: client('api', { keys: 0 }), api: api() }),
      'components.clients.endpoints[0].keys',
      /integer >= 1/,
    );
    rejects(
      model({ clients: client('api', { weight: 0 }), api: api() }),
      'components.clients.endpoints',
      /weight > 0/,
    );
    rejects(src({ workload: { type: 'open', rateRps: -1 } }), 'components.clients.workload.rateRps', />= 0/);
    rejects(
      src({
        workload: {
          type: 'open',
          rateRps: 10,
          arrivals: { type: 'onOff', onMs: { type: 'constant', valueMs: 0 }, offMs: work },
        },
      }),
      'components.clients.workload.arrivals.onMs',
      /> 0/,
    );
    rejects(
      src({
        workload: {
          type: 'open',
          rateRps: 10,
          arrivals: {
            type: 'mmpp',
            states: [
              { rateFactor: 0, meanDurationMs: 10 },
              { rateFactor: 0, meanDurationMs: 10 },
            ],
          },
        },
      }),
      'components.clients.workload.arrivals.states',
      /rateFactor > 0/,
    );
  });

  it('failures', () => {
    const withFailures = (s: Scenario) =>
      model(
        {
          clients: client('gw'),
          gw: { kind: 'gateway', name: 'GW', latencyMs: work, routes: { '*': { to: 'api' } } },
          api: api(),
          cache: { kind: 'cache', name: 'Cache', latencyMs: work, hit: { type: 'ratio', hitRatio: 0.5 } },
        },
        s,
      );
    rejects(
      withFailures(scenario([{ type: 'slowdown', atS: 1, target: 'api', factor: 0 }])),
      'scenarios.s.failures[0].factor',
      /> 0/,
    );
    rejects(
      withFailures(scenario([{ type: 'killInstances', atS: 1, target: 'gw', count: 1 }])),
      'scenarios.s.failures[0].target',
      /it is a gateway/,
    );
    rejects(
      withFailures(scenario([{ type: 'flushCache', atS: 1, target: 'cache' }])),
      'scenarios.s.failures[0].target',
      /key-model cache/,
    );
    rejects(
      withFailures(scenario([{ type: 'failover', atS: 1, target: 'api' }])),
      'scenarios.s.failures[0].target',
      /database/,
    );
    rejects(
      withFailures(scenario([{ type: 'cutCall', atS: 1, from: 'api', to: 'gw' }])),
      'scenarios.s.failures[0]',
      /no call from "api" to "gw"/,
    );
    rejects(
      withFailures(scenario([], { randomFailures: [{ target: 'api', mttfS: 0, mttrS: 1 }] })),
      'scenarios.s.randomFailures[0]',
      /mttfS/,
    );
  });

  it('run options', () => {
    const t = model({ clients: client('api'), api: api() });
    expect(() => createSimulation(t, { seed: -1, durationS: 10 })).toThrow(/seed/);
    expect(() => createSimulation(t, { seed: 1, durationS: 0 })).toThrow(/durationS/);
    expect(() => createSimulation(t, { seed: 1, durationS: 10, warmupS: 10 })).toThrow(/warmupS/);
    expect(() => createSimulation(t, { seed: 1 })).toThrow(/no duration/);
    expect(() => createSimulation(t, { seed: 1, durationS: 10, scenario: 'peak' })).toThrow(
      /no scenario "peak"/,
    );
  });
});
