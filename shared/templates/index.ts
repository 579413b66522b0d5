import { parseTopology, type Topology } from '../topology/index.js';
import microservicesGateway from './microservices-gateway.headroom.json' with { type: 'json' };
import readHeavyCatalog from './read-heavy-catalog.headroom.json' with { type: 'json' };
import serverlessApi from './serverless-api.headroom.json' with { type: 'json' };
import singleServiceDb from './single-service-db.headroom.json' with { type: 'json' };
import threeTierWeb from './three-tier-web.headroom.json' with { type: 'json' };
import writeHeavyOrders from './write-heavy-orders.headroom.json' with { type: 'json' };

/** Raw template documents by id (the id is the file name without `.headroom.json`). */
export const TEMPLATE_DOCUMENTS: Readonly<Record<string, unknown>> = {
  'single-service-db': singleServiceDb,
  'three-tier-web': threeTierWeb,
  'read-heavy-catalog': readHeavyCatalog,
  'write-heavy-orders': writeHeavyOrders,
  'microservices-gateway': microservicesGateway,
  'serverless-api': serverlessApi,
};

/** A built-in template: id, display name, description and the validated topology. */
export interface Template {
  /** File name without `.headroom.json`. */
  readonly id: string;
  /** Display name (the topology's name). */
  readonly name: string;
  /** What the design is and what to try with it. */
  readonly description: string;
  /** The topology; callers get a fresh copy each time. */
  readonly topology: Topology;
}

/** Template ids in palette order. */
export const TEMPLATE_IDS: readonly string[] = Object.keys(TEMPLATE_DOCUMENTS);

/** One template by id (a fresh deep copy), or undefined. Throws only if a shipped template is invalid (a build bug). */
export function getTemplate(id: string): Template | undefined {
  if (!Object.prototype.hasOwnProperty.call(TEMPLATE_DOCUMENTS, id)) return undefined;
  const r = parseTopology(JSON.parse(JSON.stringify(TEMPLATE_DOCUMENTS[id])));
  if (!r.ok) throw new Error(`built-in template ${id} is invalid: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { id, name: r.topology.name, description: r.topology.description ?? '', topology: r.topology };
}

/** All templates in palette order. */
export function listTemplates(): Template[] {
  return TEMPLATE_IDS.map((id) => getTemplate(id) as Template);
}
