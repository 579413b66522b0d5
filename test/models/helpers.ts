import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopologyText, type Topology } from '../../shared/topology/index.js';

export const VALIDATION_DIR = join(import.meta.dirname, '..', 'validation', 'topologies');

export function loadTopology(file: string): Topology {
  const parsed = parseTopologyText(readFileSync(join(VALIDATION_DIR, file), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return parsed.topology;
}

/** A topology of these components, with one scenario `s` when given; throws on a validation error. */
export function topo(components: Record<string, unknown>, scenario?: Record<string, unknown>): Topology {
  const parsed = parseTopologyText(
    JSON.stringify({
      schemaVersion: 1,
      name: 'test',
      components,
      ...(scenario ? { scenarios: { s: { name: 'S', ...scenario } } } : {}),
    }),
  );
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return parsed.topology;
}

/**
 * 400 requests/s into `api`, a pool of 2-core m7g.large instances doing 10 ms of exponential work,
 * scaled by a CPU target-tracking autoscaler (1–6 instances, target 50%); `scaler` adds or overrides
 * autoscaler fields.
 */
export function autoscaledPool(scaler: Record<string, unknown> = {}): Topology {
  return topo({
    clients: {
      kind: 'source',
      name: 'C',
      workload: { type: 'open', rateRps: 400 },
      endpoints: [{ id: 'req', name: 'R', weight: 1, to: 'api' }],
    },
    api: {
      kind: 'service',
      name: 'API',
      instances: 1,
      cores: 2,
      instanceType: 'm7g.large',
      handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
    },
    scaler: {
      kind: 'autoscaler',
      name: 'S',
      target: 'api',
      minInstances: 1,
      maxInstances: 6,
      policy: { type: 'targetTracking', metric: 'cpu', target: 0.5 },
      ...scaler,
    },
  });
}

/**
 * 100 requests/s stepping to 400 at 300 s into a 2-core API pool of 1–20 instances, scaled on CPU
 * (target 60%, 15 s evaluations, 30 s warm-up); `hpa` adds or overrides autoscaler fields.
 */
export function hpaStepTopology(hpa: Record<string, unknown>, durationS: number): Topology {
  return topo(
    {
      clients: {
        kind: 'source',
        name: 'C',
        workload: { type: 'open', rateRps: 100 },
        endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'api' }],
      },
      api: {
        kind: 'service',
        name: 'API',
        instances: 1,
        cores: 2,
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
      },
      hpa: {
        kind: 'autoscaler',
        name: 'HPA',
        target: 'api',
        minInstances: 1,
        maxInstances: 20,
        policy: { type: 'targetTracking', metric: 'cpu', target: 0.6 },
        evaluationPeriodS: 15,
        scaleOutCooldownS: 0,
        scaleInCooldownS: 300,
        warmupS: 30,
        ...hpa,
      },
    },
    { durationS, profile: { type: 'step', steps: [{ atS: 300, factor: 4 }] } },
  );
}

/** A one-station open model: Poisson λ into `cores` cores with exponential work of mean 1/μ. */
export function mmc(
  lambda: number,
  mu: number,
  cores: number,
  extra: Record<string, unknown> = {},
): Topology {
  const text = JSON.stringify({
    schemaVersion: 1,
    name: 'M/M/c',
    components: {
      clients: {
        kind: 'source',
        name: 'Clients',
        workload: { type: 'open', rateRps: lambda },
        endpoints: [{ id: 'request', name: 'Request', weight: 1, to: 'server' }],
      },
      server: {
        kind: 'service',
        name: 'Server',
        instances: 1,
        cores,
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 1000 / mu } } },
        ...extra,
      },
    },
  });
  const parsed = parseTopologyText(text);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return parsed.topology;
}
