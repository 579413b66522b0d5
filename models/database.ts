/** Database, single node: cores serve queries FCFS, connections bound concurrency, a bounded wait queue (503). */
import type { ComponentOf } from '../shared/topology/index.js';
import { CAUSE, CompileError, workOf, type CompileContext } from './engine/compile-context.js';
import { DISCIPLINE_FCFS, type CompiledStation } from './engine/model.js';
import { compileCalls, handlersByEndpoint } from './handler.js';

export function compileDatabase(
  id: string,
  c: ComponentOf<'database'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  if (!(Number.isInteger(c.cores) && c.cores >= 1))
    throw new CompileError(`${path}.cores`, 'must be an integer >= 1');
  if (c.connections !== undefined && !(Number.isInteger(c.connections) && c.connections >= 1))
    throw new CompileError(`${path}.connections`, 'must be an integer >= 1');
  if (c.queueLimit !== undefined && !(Number.isInteger(c.queueLimit) && c.queueLimit >= 0))
    throw new CompileError(`${path}.queueLimit`, 'must be an integer >= 0');
  if ((c.replicas ?? 0) > 0)
    ctx.warn(`${path}.replicas`, 'read replicas are not simulated yet: the primary serves every query');
  if ((c.shards ?? 1) > 1)
    ctx.warn(`${path}.shards`, 'shards are not simulated yet: one node serves every query');
  if (c.replicationLagMs !== undefined)
    ctx.warn(`${path}.replicationLagMs`, 'replication lag is not simulated yet; ignored');
  const keys = Object.keys(c.handlers);
  const handlers = keys.map((k) => {
    const h = c.handlers[k]!;
    const hp = `${path}.handlers.${k}`;
    return compileCalls(ctx, [], hp, workOf(h.workMs, `${hp}.workMs`), h.errorRate ?? 0);
  });
  return {
    id,
    kind: 'database',
    instances: 1,
    cores: c.cores,
    workers: c.connections ?? Infinity,
    queueLimit: c.queueLimit ?? Infinity,
    discipline: DISCIPLINE_FCFS,
    handlers,
    handlerByEndpoint: handlersByEndpoint(keys, endpointIds),
    rateLimit: null,
    overflowCause: CAUSE.rejected,
  };
}
