/** Cache with a fixed hit ratio: a hit answers after the lookup latency; a miss then calls `miss` (read-through). */
import type { ComponentOf } from '../shared/topology/index.js';
import { addCall, CAUSE, CompileError, workOf, type CompileContext } from './engine/compile-context.js';
import { DISCIPLINE_FCFS, type CompiledHandler, type CompiledStation } from './engine/model.js';

export function compileCache(
  id: string,
  c: ComponentOf<'cache'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  if (c.hit.type !== 'ratio')
    throw new CompileError(
      `${path}.hit`,
      'key-model caches (Zipf keys, LRU/LFU/TTL) are not simulated yet; use {"type": "ratio"}',
    );
  if (c.coalescing) ctx.warn(`${path}.coalescing`, 'request coalescing needs the key model; ignored');
  const hitRatio = c.hit.hitRatio;
  const work = workOf(c.latencyMs, `${path}.latencyMs`);
  const handlers: CompiledHandler[] = [];
  if (c.miss !== undefined) {
    const missCall = addCall(ctx, c.miss, `${path}.miss`, { probability: 1 - hitRatio });
    const passCall = addCall(ctx, c.miss, `${path}.miss`, { probability: 1 });
    handlers.push({ work, errorProbability: 0, choices: [], groups: [[missCall]] });
    handlers.push({ work: null, errorProbability: 0, choices: [], groups: [[passCall]] });
  } else {
    handlers.push({ work, errorProbability: 0, choices: [], groups: [] });
    handlers.push({ work: null, errorProbability: 0, choices: [], groups: [] });
  }
  const cacheable = c.cacheable === undefined ? null : new Set(c.cacheable);
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
      endpointIds.map((e) => (cacheable === null || cacheable.has(e) ? 0 : 1)),
    ),
    rateLimit: null,
    overflowCause: CAUSE.rejected,
  };
}
