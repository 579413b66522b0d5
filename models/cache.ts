/**
 * Cache (also CDN/edge and client caches). `hit.type = ratio`: a hit answers after the lookup
 * latency, a miss (probability 1 − hitRatio) then calls `miss`. `hit.type = keys`: the key model —
 * each endpoint's keys (Zipf or uniform) map to nodes on a consistent-hash ring (engine/hash-ring.ts),
 * each node an LRU/LFU/TTL store of ceil(capacity / nodes) keys (engine/key-store.ts); a miss calls
 * `miss` and fills on success; with coalescing, concurrent misses of one key wait for the first
 * fetch. A flush empties it. `writeEndpoints` do the cache's latency, then call `miss`; on success
 * the key (of every cached endpoint) is dropped (`invalidate`) or stored (`writeThrough`).
 * `maxRpsPerNode`: each node serves one operation per 1/maxRpsPerNode s, FIFO; the rest queue.
 */
import { DEFAULTS, type ComponentOf } from '../shared/topology/index.js';
import {
  addCall,
  CAUSE,
  CompileError,
  samplerOf,
  workOf,
  type CompileContext,
} from './engine/compile-context.js';
import { POLICY_LFU, POLICY_LRU, POLICY_TTL } from './engine/key-store.js';
import {
  DISCIPLINE_FCFS,
  type CacheSpec,
  type CompiledHandler,
  type CompiledStation,
} from './engine/model.js';

export function compileCache(
  id: string,
  c: ComponentOf<'cache'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  const nodes = c.nodes ?? DEFAULTS.cacheNodes;
  if (!(Number.isInteger(nodes) && nodes >= 1))
    throw new CompileError(`${path}.nodes`, 'must be an integer >= 1');
  const writes = c.writeEndpoints ?? [];
  writes.forEach((e, i) => {
    if (!ctx.endpointIndex.has(e))
      throw new CompileError(`${path}.writeEndpoints[${i}]`, `no endpoint "${e}"`);
  });
  if (c.maxRpsPerNode !== undefined && !(c.maxRpsPerNode > 0 && Number.isFinite(c.maxRpsPerNode)))
    throw new CompileError(`${path}.maxRpsPerNode`, 'must be a finite number > 0');
  const serviceS = c.maxRpsPerNode === undefined ? 0 : 1 / c.maxRpsPerNode;
  let spec: CacheSpec | undefined;
  let hitRatio = 0;
  if (c.hit.type === 'ratio') {
    hitRatio = c.hit.hitRatio;
    if (!(hitRatio >= 0 && hitRatio <= 1))
      throw new CompileError(`${path}.hit.hitRatio`, 'must be in [0, 1]');
    if (c.coalescing) ctx.warn(`${path}.coalescing`, 'request coalescing needs the key model; ignored');
    if (writes.length > 0 && c.writePolicy !== undefined)
      ctx.warn(`${path}.writePolicy`, 'a fixed hit ratio is not changed by writes; ignored');
  } else {
    const h = c.hit;
    if (!(Number.isInteger(h.capacity) && h.capacity >= 1))
      throw new CompileError(`${path}.hit.capacity`, 'must be an integer >= 1');
    if (h.evictionPolicy === 'ttl' && h.ttlMs === undefined)
      throw new CompileError(`${path}.hit.ttlMs`, 'required for the ttl policy');
    if (h.ttlMs !== undefined && !(h.ttlMs > 0)) throw new CompileError(`${path}.hit.ttlMs`, 'must be > 0');
    spec = {
      capacity: h.capacity,
      policy: h.evictionPolicy === 'lru' ? POLICY_LRU : h.evictionPolicy === 'lfu' ? POLICY_LFU : POLICY_TTL,
      ttlS: h.ttlMs === undefined ? Infinity : h.ttlMs / 1000,
      nodes,
      warm: h.warm ?? false,
      coalescing: c.coalescing ?? false,
      lookupHandler: 0,
      writeHandler: writes.length > 0 ? 2 : -1,
      writeThrough: (c.writePolicy ?? 'invalidate') === 'writeThrough',
    };
  }
  // with a node limit every operation needs a work step (its node queue is added to it), even at 0 ms
  const work =
    serviceS > 0 ? samplerOf(c.latencyMs, `${path}.latencyMs`) : workOf(c.latencyMs, `${path}.latencyMs`);
  const handlers: CompiledHandler[] = [];
  if (c.miss !== undefined) {
    const missCall = addCall(ctx, c.miss, `${path}.miss`, { probability: spec ? 1 : 1 - hitRatio });
    const passCall = addCall(ctx, c.miss, `${path}.miss`, { probability: 1 });
    handlers.push({ work, errorProbability: 0, choices: [], groups: [[missCall]] });
    handlers.push({ work: null, errorProbability: 0, choices: [], groups: [[passCall]] });
    if (writes.length > 0)
      handlers.push({
        work,
        errorProbability: 0,
        choices: [],
        groups: [[addCall(ctx, c.miss, `${path}.miss`, { probability: 1 })]],
      });
  } else {
    handlers.push({ work, errorProbability: 0, choices: [], groups: [] });
    handlers.push({ work: null, errorProbability: 0, choices: [], groups: [] });
    if (writes.length > 0) handlers.push({ work, errorProbability: 0, choices: [], groups: [] });
  }
  const cacheable = c.cacheable === undefined ? null : new Set(c.cacheable);
  const writeSet = new Set(writes);
  return {
    id,
    kind: 'cache',
    instances: 1,
    cores: Infinity,
    workers: Infinity,
    queueLimit: Infinity,
    discipline: DISCIPLINE_FCFS,
    handlers,
    handlerByEndpoint: Int32Array.from(
      endpointIds.map((e) => (writeSet.has(e) ? 2 : cacheable === null || cacheable.has(e) ? 0 : 1)),
    ),
    rateLimit: null,
    overflowCause: CAUSE.rejected,
    ...(spec ? { cache: spec } : {}),
    ...(spec || serviceS > 0 ? { cacheNodes: { nodes, serviceS } } : {}),
  };
}
