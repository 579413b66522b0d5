/**
 * Service pool: instances × cores (FCFS or processor sharing), workers held across sync calls, bounded wait queue (503); instances spread over zones round robin.
 * Load shedding: an arrival finding `maxInFlight` visits at its instance, or a visit that waited longer than `maxQueueWaitMs` for a worker or a core, fails at once with 503 (shed).
 */
import type { ComponentOf } from '../shared/topology/index.js';
import { CAUSE, CompileError, workOf, type CompileContext } from './engine/compile-context.js';
import { DISCIPLINE_FCFS, DISCIPLINE_PS, type CompiledStation } from './engine/model.js';
import { compileCalls, handlersByEndpoint } from './handler.js';

export function compileService(
  id: string,
  c: ComponentOf<'service'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  if (!(Number.isInteger(c.instances) && c.instances >= 0))
    throw new CompileError(`${path}.instances`, 'must be an integer >= 0');
  if (!(Number.isInteger(c.cores) && c.cores >= 1))
    throw new CompileError(`${path}.cores`, 'must be an integer >= 1');
  if (c.workers !== undefined && !(Number.isInteger(c.workers) && c.workers >= 1))
    throw new CompileError(`${path}.workers`, 'must be an integer >= 1');
  if (c.queueLimit !== undefined && !(Number.isInteger(c.queueLimit) && c.queueLimit >= 0))
    throw new CompileError(`${path}.queueLimit`, 'must be an integer >= 0');
  const ls = c.loadShedding;
  if (ls?.maxInFlight !== undefined && !(Number.isInteger(ls.maxInFlight) && ls.maxInFlight >= 1))
    throw new CompileError(`${path}.loadShedding.maxInFlight`, 'must be an integer >= 1');
  if (ls?.maxQueueWaitMs !== undefined && !(ls.maxQueueWaitMs > 0 && Number.isFinite(ls.maxQueueWaitMs)))
    throw new CompileError(`${path}.loadShedding.maxQueueWaitMs`, 'must be a finite number > 0');
  if (ls !== undefined && ls.maxInFlight === undefined && ls.maxQueueWaitMs === undefined)
    ctx.warn(`${path}.loadShedding`, 'sets neither maxInFlight nor maxQueueWaitMs; nothing is shed');
  const keys = Object.keys(c.handlers);
  const handlers = keys.map((k) => {
    const h = c.handlers[k]!;
    const hp = `${path}.handlers.${k}`;
    return compileCalls(ctx, h.calls, hp, workOf(h.workMs, `${hp}.workMs`), h.errorRate ?? 0);
  });
  // no instances: every visit is refused (workers 0, no queue)
  const none = c.instances === 0;
  return {
    id,
    kind: 'service',
    instances: none ? 1 : c.instances,
    cores: c.cores,
    workers: none ? 0 : (c.workers ?? Infinity),
    queueLimit: none ? 0 : (c.queueLimit ?? Infinity),
    discipline: (c.discipline ?? 'fcfs') === 'ps' ? DISCIPLINE_PS : DISCIPLINE_FCFS,
    handlers,
    handlerByEndpoint: handlersByEndpoint(keys, endpointIds),
    rateLimit: null,
    overflowCause: CAUSE.rejected,
    ...(ls !== undefined && (ls.maxInFlight !== undefined || ls.maxQueueWaitMs !== undefined)
      ? {
          shedding: {
            maxInFlight: ls.maxInFlight ?? Infinity,
            maxWaitS: ls.maxQueueWaitMs === undefined ? Infinity : ls.maxQueueWaitMs / 1000,
          },
        }
      : {}),
    zones: Array.from({ length: none ? 1 : c.instances }, (_, i) =>
      c.zones?.length ? (c.zones[i % c.zones.length] as string) : '',
    ),
  };
}
