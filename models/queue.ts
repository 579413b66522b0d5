/** Message queue: the producer's ack after the publish latency; the message goes on asynchronously to the consumer pool. */
import type { ComponentOf } from '../shared/topology/index.js';
import { addCall, CAUSE, workOf, type CompileContext } from './engine/compile-context.js';
import { DISCIPLINE_FCFS, type CompiledStation } from './engine/model.js';

export function compileQueue(
  id: string,
  c: ComponentOf<'queue'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  if (c.maxDepth !== undefined)
    ctx.warn(
      `${path}.maxDepth`,
      'queue depth limits are not simulated yet; the backlog waits in the consumer pool',
    );
  if ((c.consumer.maxAttempts ?? 1) > 1)
    ctx.warn(`${path}.consumer.maxAttempts`, 'redelivery is not simulated yet; ignored');
  const deliver = addCall(ctx, { to: c.consumer.to, network: c.consumer.deliveryMs }, `${path}.consumer`, {
    sync: false,
  });
  return {
    id,
    kind: 'queue',
    instances: 1,
    cores: Infinity,
    workers: Infinity,
    queueLimit: Infinity,
    discipline: DISCIPLINE_FCFS,
    handlers: [
      {
        work: workOf(c.publishMs, `${path}.publishMs`),
        errorProbability: 0,
        choices: [],
        groups: [[deliver]],
      },
    ],
    handlerByEndpoint: new Int32Array(endpointIds.length),
    rateLimit: null,
    overflowCause: CAUSE.rejected,
  };
}
