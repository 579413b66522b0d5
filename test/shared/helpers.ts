import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Absolute path of a repository file. */
export const repoPath = (rel: string): string => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

/** `*.headroom.json` files directly in a repository folder: [name, text]. */
export function headroomFiles(relDir: string): [string, string][] {
  const dir = repoPath(relDir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.headroom.json'))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
}

/** A small valid M/M/1 topology object; tests modify copies of it. */
export function mm1(): Record<string, unknown> & { components: Record<string, Record<string, unknown>> } {
  return {
    schemaVersion: 1,
    name: 'M/M/1',
    components: {
      clients: {
        kind: 'source',
        name: 'Clients',
        workload: { type: 'open', rateRps: 70 },
        endpoints: [{ id: 'req', name: 'Request', weight: 1, to: 'server' }],
      },
      server: {
        kind: 'service',
        name: 'Server',
        instances: 1,
        cores: 1,
        handlers: { '*': { workMs: { type: 'exponential', meanMs: 10 } } },
      },
    },
  };
}
