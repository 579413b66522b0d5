import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopologyText, type Topology } from '../../shared/topology/index.js';

export const VALIDATION_DIR = join(import.meta.dirname, '..', 'validation', 'topologies');

export function loadTopology(file: string): Topology {
  const parsed = parseTopologyText(readFileSync(join(VALIDATION_DIR, file), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return parsed.topology;
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
