/**
 * Serverless pool (Lambda-like): execution environments that serve one request at a time. A
 * request takes the most recently used idle warm environment; if none, a new one starts and the
 * request pays `coldStartMs` on top of its work; with `concurrencyLimit` environments busy it gets
 * 429. An environment idle for `idleTimeoutS` is reclaimed; `provisioned` ones stay warm. Billed
 * per request and GB-second (memory × busy time, cold start included).
 */
import { DEFAULTS, type ComponentOf } from '../shared/topology/index.js';
import { CAUSE, CompileError, samplerOf, workOf, type CompileContext } from './engine/compile-context.js';
import { DISCIPLINE_FCFS, type CompiledStation } from './engine/model.js';
import { compileCalls, handlersByEndpoint } from './handler.js';

/** Most environments the engine keeps per pool (each is an instance with its own queues). */
export const MAX_SERVERLESS_CONCURRENCY = 100_000;

export function compileServerless(
  id: string,
  c: ComponentOf<'serverless'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  const limit = c.concurrencyLimit;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_SERVERLESS_CONCURRENCY))
    throw new CompileError(
      `${path}.concurrencyLimit`,
      `must be an integer from 1 to ${MAX_SERVERLESS_CONCURRENCY}`,
    );
  const provisioned = c.provisioned ?? 0;
  if (!(Number.isInteger(provisioned) && provisioned >= 0 && provisioned <= limit))
    throw new CompileError(`${path}.provisioned`, 'must be an integer from 0 to concurrencyLimit');
  const idleS = c.idleTimeoutS ?? DEFAULTS.serverlessIdleTimeoutS;
  if (!(idleS > 0)) throw new CompileError(`${path}.idleTimeoutS`, 'must be > 0');
  const keys = Object.keys(c.handlers);
  const handlers = keys.map((k) => {
    const h = c.handlers[k]!;
    const hp = `${path}.handlers.${k}`;
    return compileCalls(ctx, h.calls, hp, workOf(h.workMs, `${hp}.workMs`), h.errorRate ?? 0);
  });
  return {
    id,
    kind: 'serverless',
    instances: limit,
    cores: 1,
    workers: 1,
    queueLimit: 0,
    discipline: DISCIPLINE_FCFS,
    handlers,
    handlerByEndpoint: handlersByEndpoint(keys, endpointIds),
    rateLimit: null,
    overflowCause: CAUSE.rateLimited,
    zones: Array.from({ length: limit }, (_, i) =>
      c.zones?.length ? (c.zones[i % c.zones.length] as string) : '',
    ),
    serverless: {
      provisioned,
      coldStart: samplerOf(c.coldStartMs, `${path}.coldStartMs`),
      idleS,
      memoryMb: c.memoryMb,
    },
  };
}
