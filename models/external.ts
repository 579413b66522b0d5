/** External dependency: a latency distribution, an error rate, a quota (429) and a concurrency limit (429). */
import type { ComponentOf } from '../shared/topology/index.js';
import { CAUSE, CompileError, workOf, type CompileContext } from './engine/compile-context.js';
import { DISCIPLINE_FCFS, type CompiledStation } from './engine/model.js';

export function compileExternal(
  id: string,
  c: ComponentOf<'external'>,
  _ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  const errorRate = c.errorRate ?? 0;
  if (!(errorRate >= 0 && errorRate <= 1)) throw new CompileError(`${path}.errorRate`, 'must be in [0, 1]');
  if (c.quotaRps !== undefined && !(c.quotaRps > 0))
    throw new CompileError(`${path}.quotaRps`, 'must be > 0');
  const limited = c.concurrencyLimit !== undefined;
  return {
    id,
    kind: 'external',
    instances: 1,
    cores: Infinity,
    workers: limited ? (c.concurrencyLimit as number) : Infinity,
    queueLimit: limited ? 0 : Infinity,
    discipline: DISCIPLINE_FCFS,
    handlers: [
      {
        work: workOf(c.latencyMs, `${path}.latencyMs`),
        errorProbability: errorRate,
        choices: [],
        groups: [],
      },
    ],
    handlerByEndpoint: new Int32Array(endpointIds.length),
    // quota: a bucket holding one second of calls
    rateLimit:
      c.quotaRps === undefined ? null : { rateRps: c.quotaRps, burst: Math.max(1, Math.ceil(c.quotaRps)) },
    overflowCause: CAUSE.rateLimited,
  };
}
