import { describe, expect, it } from 'vitest';
import {
  formatIssue,
  parseTopology,
  parseTopologyText,
  serializeTopology,
  type ParseResult,
} from '../../shared/topology/index.js';
import { mm1 } from './helpers.js';

const errorsOf = (r: ParseResult): string[] => (r.ok ? [] : r.errors.map(formatIssue));
const warningsOf = (r: ParseResult): string[] => r.warnings.map(formatIssue);

describe('parseTopology: field errors', () => {
  it('accepts the minimal M/M/1 file without warnings', () => {
    const r = parseTopology(mm1());
    expect(errorsOf(r)).toEqual([]);
    expect(warningsOf(r)).toEqual([]);
  });

  it('names the path and the problem', () => {
    const t = mm1();
    Object.assign(t.components.server as object, { workers: 0, wokers: 3, discipline: 'lifo' });
    const errors = errorsOf(parseTopology(t));
    expect(errors).toContain('components.server.workers: must be an integer >= 1, got 0');
    expect(errors).toContain('components.server.discipline: must be one of "fcfs", "ps"; got "lifo"');
    expect(
      errors.find((e) => e.startsWith('components.server.wokers: unknown field (did you mean "workers"?)')),
    ).toBeTruthy();
  });

  it('reports wrong types, missing fields and bad ids', () => {
    const t = mm1();
    t.components.server = { kind: 'servce', name: 'x' };
    t.components['Bad_Id'] = { kind: 'external', name: 'x', latencyMs: { type: 'constant', valueMs: 1 } };
    (t.components.clients as { workload: unknown }).workload = { type: 'open', rateRps: '70' };
    const errors = errorsOf(parseTopology(t));
    expect(errors).toContain(
      'components.server.kind: must be one of "source", "gateway", "loadBalancer", "service", "cache", "database", "queue", "autoscaler", "serverless", "external"; got "servce" (did you mean "service"?)',
    );
    expect(
      errors.some((e) => e.startsWith('components.Bad_Id: key must be an id of lowercase letters')),
    ).toBe(true);
    expect(errors).toContain('components.clients.workload.rateRps: must be a number, got "70"');
    const missing = mm1();
    delete (missing.components.server as Record<string, unknown>).cores;
    expect(errorsOf(parseTopology(missing))).toEqual(['components.server.cores: is required']);
  });

  it('a missing enum field is required, not "got undefined"', () => {
    const t = mm1();
    t.components.lb = { kind: 'loadBalancer', name: 'LB', targets: [{ to: 'server' }] };
    (t.components.clients as { endpoints: { to: string }[] }).endpoints[0]!.to = 'lb';
    t.components.cache = {
      kind: 'cache',
      name: 'C',
      latencyMs: { type: 'constant', valueMs: 1 },
      hit: { type: 'keys', capacity: 10 },
    };
    const errors = errorsOf(parseTopology(t));
    expect(errors).toContain(
      'components.lb.policy: is required: one of "roundRobin", "weightedRoundRobin", "random", "leastOutstanding", "powerOfTwo", "consistentHash"',
    );
    expect(errors).toContain('components.cache.hit.evictionPolicy: is required: one of "lru", "lfu", "ttl"');
    expect(errors.join('\n')).not.toMatch(/undefined/);
  });

  it('reports problems inside distributions and network unions', () => {
    const t = mm1();
    (t.components.server as { handlers: unknown }).handlers = {
      '*': {
        workMs: { type: 'pareto', scaleMs: 1, shape: 1 },
        calls: [
          { to: 'server', mode: 'async', network: 'sameZon' },
          { to: 'server', mode: 'async', network: { type: 'constant', valueMs: -1 } },
        ],
      },
    };
    const errors = errorsOf(parseTopology(t));
    expect(errors).toContain('components.server.handlers.*.workMs.shape: must be a number > 1, got 1');
    expect(
      errors.some((e) =>
        e.startsWith('components.server.handlers.*.calls[0].network: must be one of "sameZone"'),
      ),
    ).toBe(true);
    expect(errors).toContain(
      'components.server.handlers.*.calls[1].network.valueMs: must be a number >= 0, got -1',
    );
  });

  it('checks schemaVersion: missing, newer, not an integer', () => {
    const t = mm1();
    delete t.schemaVersion;
    expect(errorsOf(parseTopology(t))).toEqual([
      'schemaVersion: is required (this version of Headroom writes 1)',
    ]);
    expect(errorsOf(parseTopology({ ...mm1(), schemaVersion: 7 }))[0]).toMatch(
      /^schemaVersion: is 7: this file needs a newer Headroom than \d+\.\d+\.\d+ \(this one reads schemaVersion 1\)$/,
    );
    expect(errorsOf(parseTopology({ ...mm1(), schemaVersion: '1' }))).toEqual([
      'schemaVersion: must be an integer, got "1"',
    ]);
    expect(errorsOf(parseTopology({ ...mm1(), schemaVersion: 0 }))).toEqual([
      'schemaVersion: must be an integer >= 1, got 0',
    ]);
    expect(errorsOf(parseTopology([1, 2]))).toEqual(['a Headroom file must be a JSON object, got a list']);
  });

  it('rejects non-JSON values without throwing', () => {
    const cyclic: Record<string, unknown> = mm1();
    cyclic.self = cyclic;
    for (const v of [
      undefined,
      NaN,
      () => 1,
      new Map(),
      Symbol('x'),
      10n,
      cyclic,
      { ...mm1(), name: Infinity },
      new Date(0),
    ]) {
      const r = parseTopology(v);
      expect(r.ok).toBe(false);
      expect(errorsOf(r).join()).not.toMatch(/internal/);
    }
    expect(errorsOf(parseTopology({ ...mm1(), x: { b: NaN } }))).toEqual([
      'x.b: must be a finite number, got NaN',
    ]);
    const withUndefined = { ...mm1(), description: undefined };
    expect(parseTopology(withUndefined).ok).toBe(true);
  });

  it('treats __proto__ and constructor keys as errors and leaves prototypes alone', () => {
    const text = JSON.stringify(mm1()).replace(
      '"components":{',
      '"components":{"__proto__":{"polluted":true},',
    );
    const r = parseTopologyText(text);
    expect(errorsOf(r)[0]).toMatch(/key "__proto__" is not allowed/);
    const obj = JSON.parse(text) as unknown;
    expect(errorsOf(parseTopology(obj))).toEqual(['components.__proto__: key "__proto__" is not allowed']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const ctor = mm1();
    Object.assign(ctor.components, JSON.parse('{"constructor": {"kind": "external"}}') as object);
    expect(parseTopology(ctor).ok).toBe(false);
  });
});

describe('parseTopologyText: JSON errors', () => {
  it('reports one error with line and column', () => {
    expect(errorsOf(parseTopologyText('{\n  "a": 1,\n  "b": [1, 2,]\n}'))).toEqual([
      'invalid JSON at line 3, column 14: trailing comma before ]',
    ]);
    expect(errorsOf(parseTopologyText('{\n  "a": 1\n  "b": 2\n}'))).toEqual([
      "invalid JSON at line 3, column 3: unexpected \"\\\"\", expected ',' or '}'",
    ]);
    expect(errorsOf(parseTopologyText(''))).toEqual(['invalid JSON at line 1, column 1: file is empty']);
    expect(errorsOf(parseTopologyText('{"a": 1, "a": 2}'))).toEqual([
      'invalid JSON at line 1, column 10: duplicate key "a"',
    ]);
    expect(errorsOf(parseTopologyText('{"a": "x\ny"}'))[0]).toMatch(/line 1, column 9: control character/);
    expect(errorsOf(parseTopologyText('{"a": 1e999}'))[0]).toMatch(/number out of range/);
    expect(errorsOf(parseTopologyText('{"a": 01}'))[0]).toMatch(/line 1, column 8/);
    expect(errorsOf(parseTopologyText('{} x'))[0]).toMatch(/after the end of the document/);
  });

  it('accepts a byte order mark and unicode escapes', () => {
    const t = { ...mm1(), name: 'Caf\u00e9 \u2192 \ud83d\ude80' };
    const r = parseTopologyText(`\ufeff${JSON.stringify(t).replace('Caf\u00e9', 'Caf\\u00e9')}`);
    expect(r.ok && r.topology.name).toBe(t.name);
  });

  it('bounds size, depth and string length quickly', () => {
    const start = performance.now();
    expect(errorsOf(parseTopologyText('['.repeat(1_000_000)))[0]).toMatch(/nested deeper than 40 levels/);
    expect(errorsOf(parseTopologyText(' '.repeat(6_000_000)))[0]).toMatch(/file is too large/);
    expect(errorsOf(parseTopologyText(`{"name": "${'x'.repeat(200_000)}"}`))[0]).toMatch(
      /string longer than/,
    );
    expect(errorsOf(parseTopologyText(`[${'0,'.repeat(600_000)}0]`))[0]).toMatch(/more than 500000 values/);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(errorsOf(parseTopology(deep))[0]).toMatch(/nested deeper than 40 levels/);
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('enforces component count limits', () => {
    const t = mm1();
    for (let i = 0; i < 501; i++)
      t.components[`x${i}`] = { kind: 'external', name: 'x', latencyMs: { type: 'constant', valueMs: 1 } };
    expect(errorsOf(parseTopology(t))).toContain('components: must have at most 500 entries');
  });
});

describe('semantic validation', () => {
  it('unknown components, with did-you-mean', () => {
    const t = mm1();
    (t.components.server as { handlers: unknown }).handlers = {
      '*': { workMs: { type: 'constant', valueMs: 1 }, calls: [{ to: 'dbb' }] },
    };
    t.components.db = {
      kind: 'database',
      name: 'DB',
      cores: 1,
      handlers: { '*': { workMs: { type: 'constant', valueMs: 1 } } },
    };
    expect(errorsOf(parseTopology(t))).toEqual([
      'components.server.handlers.*.calls[0].to: refers to unknown component "dbb" (did you mean "db"?)',
    ]);
  });

  it('synchronous cycles are errors, async ones are not', () => {
    const t = mm1();
    (t.components.server as { handlers: unknown }).handlers = {
      '*': { workMs: { type: 'constant', valueMs: 1 }, calls: [{ to: 'other' }] },
    };
    t.components.other = {
      kind: 'service',
      name: 'Other',
      instances: 1,
      cores: 1,
      handlers: {
        '*': { workMs: { type: 'constant', valueMs: 1 }, calls: [{ to: 'server', probability: 0.1 }] },
      },
    };
    expect(errorsOf(parseTopology(t))).toEqual([
      'components.other.handlers.*.calls[0].to: synchronous call cycle server → other → server: a request would wait on itself; make a call async or remove it',
    ]);
    (t.components.other as { handlers: Record<string, { calls: { mode?: string }[] }> }).handlers[
      '*'
    ]!.calls[0]!.mode = 'async';
    expect(parseTopology(t).ok).toBe(true);
  });

  it('a long synchronous cycle is named by its ends', () => {
    const t = mm1();
    (t.components.clients as { endpoints: { to: string }[] }).endpoints[0]!.to = 's0';
    delete t.components.server;
    for (let i = 0; i < 20; i++)
      t.components[`s${i}`] = {
        kind: 'service',
        name: 'S',
        instances: 1,
        cores: 1,
        handlers: { '*': { workMs: { type: 'constant', valueMs: 1 }, calls: [{ to: `s${(i + 1) % 20}` }] } },
      };
    expect(errorsOf(parseTopology(t))).toEqual([
      'components.s19.handlers.*.calls[0].to: synchronous call cycle s0 → s1 → s2 → s3 → … (13 more) → s17 → s18 → s19 → s0: a request would wait on itself; make a call async or remove it',
    ]);
  });

  it('unreachable components and unused handlers are warnings', () => {
    const t = mm1();
    t.components.lonely = { kind: 'external', name: 'Lonely', latencyMs: { type: 'constant', valueMs: 1 } };
    (t.components.server as { handlers: Record<string, unknown> }).handlers.reqq = {
      workMs: { type: 'constant', valueMs: 1 },
    };
    const r = parseTopology(t);
    expect(r.ok).toBe(true);
    expect(warningsOf(r)).toEqual([
      'components.server.handlers.reqq: no source sends endpoint "reqq"; this handler is never used (did you mean "req"?)',
      'components.lonely: is unreachable: no source sends traffic to it',
    ]);
  });

  it('autoscaler bounds and target', () => {
    const t = mm1();
    t.components.scaler = {
      kind: 'autoscaler',
      name: 'Scaler',
      target: 'server',
      minInstances: 6,
      maxInstances: 4,
      policy: { type: 'targetTracking', metric: 'cpu', target: 0.6 },
    };
    const r = parseTopology(t);
    expect(errorsOf(r)).toEqual(['components.scaler.minInstances: must be <= maxInstances (4), got 6']);
    expect(warningsOf(r)).toEqual([
      "components.server.instances: is 1, outside the autoscaler's range 6..4; it will be clamped at start",
    ]);
    (t.components.scaler as { target: string }).target = 'clients';
    expect(errorsOf(parseTopology(t))).toContain(
      'components.scaler.target: "clients" is a source; expected a service',
    );
  });

  it('alternative branch probabilities must not exceed 1; parallel groups must be adjacent', () => {
    const t = mm1();
    t.components.a = { kind: 'external', name: 'A', latencyMs: { type: 'constant', valueMs: 1 } };
    t.components.b = { kind: 'external', name: 'B', latencyMs: { type: 'constant', valueMs: 1 } };
    (t.components.server as { handlers: unknown }).handlers = {
      '*': {
        workMs: { type: 'constant', valueMs: 1 },
        calls: [
          { to: 'a', choice: 'pick', probability: 0.7, group: 'g' },
          { to: 'b', choice: 'pick', probability: 0.5 },
          { to: 'a', group: 'g' },
        ],
      },
    };
    expect(errorsOf(parseTopology(t))).toEqual([
      'components.server.handlers.*.calls[2].group: calls of group "g" must be next to each other (the group runs in parallel at its place)',
      'components.server.handlers.*.calls: calls with choice "pick" have probabilities summing to 1.2; alternatives must sum to <= 1',
    ]);
  });

  it('every endpoint needs a handler or route along its path', () => {
    const t = mm1();
    (t.components.server as { handlers: unknown }).handlers = {
      other: { workMs: { type: 'constant', valueMs: 1 } },
    };
    const errors = errorsOf(parseTopology(t));
    expect(errors).toContain(
      'components.server.handlers: has no handler for endpoint "req" (sent by components.clients.endpoints[0]); add a "req" or "*" handler',
    );
    const g = mm1();
    g.components.gw = {
      kind: 'gateway',
      name: 'GW',
      latencyMs: { type: 'constant', valueMs: 1 },
      routes: { other: { to: 'server' } },
    };
    (g.components.clients as { endpoints: { to: string }[] }).endpoints[0]!.to = 'gw';
    expect(errorsOf(parseTopology(g))).toContain(
      'components.gw.routes: has no route for endpoint "req" (sent by components.clients.endpoints[0]); add a "req" or "*" route',
    );
  });

  it('duplicate endpoint ids, unknown zones, scenario timing, SLO endpoints', () => {
    const t = mm1();
    t.components.more = {
      kind: 'source',
      name: 'More',
      workload: { type: 'closed', users: 5, thinkTimeMs: { type: 'exponential', meanMs: 100 } },
      endpoints: [{ id: 'req', name: 'Again', weight: 1, to: 'server' }],
    };
    t.scenarios = {
      base: {
        name: 'Base',
        durationS: 100,
        warmupS: 100,
        failures: [
          { type: 'killZone', atS: 10, zone: 'us-east-1z' },
          { type: 'flushCache', atS: 200, target: 'server' },
        ],
      },
    };
    t.slo = { latency: [{ percentile: 99, maxMs: 100, endpoint: 'rq' }] };
    const r = parseTopology(t);
    expect(errorsOf(r)).toEqual([
      'components.more.endpoints[0].id: duplicate endpoint id "req" (also components.clients.endpoints[0]); endpoint ids must be unique in the file',
      'scenarios.base.warmupS: must be < durationS (100), got 100',
      'scenarios.base.failures[0].zone: no component is placed in zone "us-east-1z"',
      'scenarios.base.failures[1].target: "server" is a service; expected a cache',
      'slo.latency[0].endpoint: refers to unknown endpoint "rq" (did you mean "req"?)',
    ]);
    expect(warningsOf(r)).toContain(
      'scenarios.base.failures[1].atS: is after the end of the scenario (100 s); it never happens',
    );
  });

  it('warns about infinite-variance Pareto work times', () => {
    const t = mm1();
    (t.components.server as { handlers: unknown }).handlers = {
      '*': { workMs: { type: 'pareto', scaleMs: 1, shape: 1.5 } },
    };
    const r = parseTopology(t);
    expect(r.ok).toBe(true);
    expect(warningsOf(r)[0]).toMatch(
      /^components\.server\.handlers\.\*\.workMs: Pareto shape 1\.5 <= 2 has infinite variance/,
    );
  });
});

describe('every error at once: graph checks run beside field errors', () => {
  it('reports a field error, an unknown call target and a sync cycle together', () => {
    const t = mm1();
    Object.assign(t.components.server as object, {
      workers: 0,
      handlers: {
        '*': { workMs: { type: 'constant', valueMs: 1 }, calls: [{ to: 'dbb' }, { to: 'other' }] },
      },
    });
    t.components.other = {
      kind: 'service',
      name: 'Other',
      instances: 1,
      cores: 1,
      handlers: { '*': { workMs: { type: 'constant', valueMs: 1 }, calls: [{ to: 'server' }] } },
    };
    const r = parseTopologyText(JSON.stringify(t));
    expect(errorsOf(r)).toEqual([
      'components.server.workers: must be an integer >= 1, got 0',
      'components.server.handlers.*.calls[0].to: refers to unknown component "dbb"',
      'components.other.handlers.*.calls[0].to: synchronous call cycle server → other → server: a request would wait on itself; make a call async or remove it',
    ]);
    expect(warningsOf(r)).toEqual([]);
  });

  it('checks autoscaler bounds, choice probabilities and unreachable components beside field errors', () => {
    const t = mm1();
    (t.components.clients as { workload: unknown }).workload = { type: 'open', rateRps: -5 };
    t.components.scaler = {
      kind: 'autoscaler',
      name: 'Scaler',
      target: 'server',
      minInstances: 6,
      maxInstances: 4,
      policy: { type: 'targetTracking', metric: 'cpuu', target: 0.6 },
    };
    t.components.a = { kind: 'external', name: 'A', latencyMs: { type: 'constant', valueMs: 1 } };
    t.components.lonely = { kind: 'external', name: 'L', latencyMs: { type: 'constant', valueMs: -1 } };
    Object.assign(t.components.server as object, {
      cores: 0,
      handlers: {
        '*': {
          workMs: { type: 'constant', valueMs: 1 },
          calls: [
            { to: 'a', choice: 'pick', probability: 0.7 },
            { to: 'a', choice: 'pick', probability: 0.6 },
          ],
        },
      },
    });
    const r = parseTopologyText(JSON.stringify(t));
    const errors = errorsOf(r);
    expect(errors).toContain('components.clients.workload.rateRps: must be a number >= 0, got -5');
    expect(errors).toContain('components.server.cores: must be an integer >= 1, got 0');
    expect(errors).toContain('components.scaler.minInstances: must be <= maxInstances (4), got 6');
    expect(errors).toContain(
      'components.server.handlers.*.calls: calls with choice "pick" have probabilities summing to 1.3; alternatives must sum to <= 1',
    );
    expect(errors.some((e) => e.startsWith('components.scaler.policy.metric: must be one of'))).toBe(true);
    expect(errors.some((e) => e.startsWith('components.lonely.latencyMs'))).toBe(true);
    expect(warningsOf(r)).toEqual(['components.lonely: is unreachable: no source sends traffic to it']);
  });

  it('references to a broken component resolve, and incomplete knowledge gives no false warnings', () => {
    const t = mm1();
    t.components.server = { kind: 'servce', name: 'Server', handlers: {} };
    t.components.lonely = { kind: 'external', name: 'L', latencyMs: { type: 'constant', valueMs: 1 } };
    t.scenarios = {
      base: { name: 'B', durationS: 10, failures: [{ type: 'killZone', atS: 1, zone: 'z1' }] },
    };
    const r = parseTopology(t);
    expect(errorsOf(r)).toHaveLength(1);
    expect(errorsOf(r)[0]).toMatch(/^components\.server\.kind: must be one of/);
    expect(warningsOf(r)).toEqual([]);
  });

  it('a broken source keeps its endpoints for reachability but hides endpoint-use warnings', () => {
    const t = mm1();
    (t.components.clients as { workload: unknown }).workload = { type: 'open', rateRps: 'many' };
    (t.components.server as { handlers: Record<string, unknown> }).handlers.other = {
      workMs: { type: 'constant', valueMs: 1 },
    };
    const r = parseTopology(t);
    expect(errorsOf(r)).toEqual(['components.clients.workload.rateRps: must be a number, got "many"']);
    expect(warningsOf(r)).toEqual([]);
  });
});

describe('serializeTopology', () => {
  it('orders keys canonically and sorts records, whatever the input order', () => {
    const t = mm1();
    const shuffled = {
      components: { server: t.components.server, clients: t.components.clients },
      name: t.name,
      schemaVersion: 1,
    };
    const a = parseTopology(t);
    const b = parseTopology(shuffled);
    if (!a.ok || !b.ok) throw new Error('expected valid');
    const text = serializeTopology(b.topology);
    expect(text).toBe(serializeTopology(a.topology));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('"schemaVersion"')).toBeLessThan(text.indexOf('"name"'));
    expect(text.indexOf('"clients"')).toBeLessThan(text.indexOf('"server"'));
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
  });
});
