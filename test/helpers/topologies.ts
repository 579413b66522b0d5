import { serializeTopology, type Topology } from '../../shared/topology/index.js';

/** A small valid topology (clients → api → db) for tests of the app's plumbing. */
export const SMALL_TOPOLOGY: Topology = {
  schemaVersion: 1,
  name: 'Small test design',
  components: {
    clients: {
      kind: 'source',
      name: 'Clients',
      workload: { type: 'open', rateRps: 200 },
      endpoints: [{ id: 'get', name: 'GET /', weight: 1, to: 'api' }],
    },
    api: {
      kind: 'service',
      name: 'API',
      instances: 1,
      cores: 2,
      handlers: { '*': { workMs: { type: 'exponential', meanMs: 5 }, calls: [{ to: 'db' }] } },
    },
    db: {
      kind: 'database',
      name: 'DB',
      cores: 2,
      handlers: { '*': { workMs: { type: 'exponential', meanMs: 2 } } },
    },
  },
};

export const templateText = (): string => serializeTopology(SMALL_TOPOLOGY);
