import { describe, expect, it } from 'vitest';
import { getPreset, PRESETS, presetsOfKind } from '../../shared/presets/index.js';
import { listTemplates } from '../../shared/templates/index.js';
import { ComponentSchema, formatIssue, parseTopology, type Component } from '../../shared/topology/index.js';

const REQUIRED_NAMES = [
  'NGINX',
  'HAProxy',
  'AWS Application Load Balancer',
  'Redis',
  'Memcached',
  'Amazon CloudFront',
  'Cloudflare CDN',
  'Akamai',
  'PostgreSQL',
  'MySQL',
  'MongoDB',
  'Oracle Database',
  'Apache Kafka',
  'RabbitMQ',
  'Amazon SQS',
  'AWS API Gateway',
  'Kong Gateway',
  'Apigee',
  'Kubernetes HPA',
  'AWS target tracking',
  'AWS Lambda',
  'Google Cloud Functions',
  'Azure Functions',
];

describe('presets', () => {
  it('cover the systems architects name, with unique ids and a source note each', () => {
    expect(PRESETS.map((p) => p.name).sort()).toEqual([...REQUIRED_NAMES].sort());
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) expect(p.source.length, p.id).toBeGreaterThan(30);
    expect(getPreset('redis')?.kind).toBe('cache');
    expect(getPreset('nope')).toBeUndefined();
    expect(presetsOfKind('serverless').map((p) => p.id)).toEqual([
      'aws-lambda',
      'google-cloud-functions',
      'azure-functions',
    ]);
  });

  it('each preset field set is valid for its kind', () => {
    for (const p of PRESETS) {
      const option = ComponentSchema.options.find((o) => o.shape.kind.value === p.kind);
      if (!option) throw new Error(`no schema for ${p.kind}`);
      const r = option.partial().safeParse({ ...p.fields, kind: p.kind });
      expect(r.success, `${p.id}: ${r.error?.message ?? ''}`).toBe(true);
    }
  });

  it('a preset plus the user-supplied parts makes a valid component in a topology', () => {
    const completions: Record<string, Record<string, unknown>> = {
      loadBalancer: { targets: [{ to: 'api' }] },
      cache: { miss: { to: 'api' } },
      database: { handlers: { '*': { workMs: { type: 'exponential', meanMs: 2 } } } },
      queue: { consumer: { to: 'api' } },
      gateway: { routes: { '*': { to: 'api' } } },
      autoscaler: { target: 'api', minInstances: 1, maxInstances: 10 },
      serverless: { handlers: { '*': { workMs: { type: 'exponential', meanMs: 2 } } } },
    };
    for (const p of PRESETS) {
      const component = { kind: p.kind, ...p.fields, ...completions[p.kind], preset: p.id } as Component;
      const r = parseTopology({
        schemaVersion: 1,
        name: p.name,
        components: {
          clients: {
            kind: 'source',
            name: 'Clients',
            workload: { type: 'open', rateRps: 10 },
            endpoints: [{ id: 'req', name: 'Request', weight: 1, to: p.kind === 'autoscaler' ? 'api' : 'x' }],
          },
          api: {
            kind: 'service',
            name: 'API',
            instances: 2,
            cores: 1,
            handlers: { '*': { workMs: { type: 'exponential', meanMs: 1 } } },
          },
          x: component,
        },
      });
      expect(r.ok ? [] : r.errors.map(formatIssue), p.id).toEqual([]);
    }
  });

  it('templates refer only to existing presets of the right kind', () => {
    for (const t of listTemplates())
      for (const [id, c] of Object.entries(t.topology.components))
        if (c.preset !== undefined) expect(getPreset(c.preset)?.kind, `${t.id} ${id}`).toBe(c.kind);
  });
});
