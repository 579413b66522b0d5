/**
 * Message queue: the producer gets its ack after the publish latency (or a 503 when `maxDepth`
 * messages wait); the message becomes visible after `deliveryMs` and waits until a worker of the
 * consumer pool is free (the pool pulls: a freed worker takes the oldest message). A failed or
 * timed-out consumption is redelivered to the back of the queue up to `maxAttempts` deliveries,
 * then dead-lettered. `partitions`: each partition is consumed by one consumer instance, so at most
 * that many instances take messages at once (the others idle; a serverless consumer runs at most
 * that many at once); which partition a message is in is not modelled. `maxPublishRps`: a token bucket of
 * that rate holding a tenth of a second of messages (at least 1); publishes beyond it get 429.
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
import { DISCIPLINE_FCFS, type CompiledStation } from './engine/model.js';

export function compileQueue(
  id: string,
  c: ComponentOf<'queue'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  if (c.maxDepth !== undefined && !(Number.isInteger(c.maxDepth) && c.maxDepth >= 1))
    throw new CompileError(`${path}.maxDepth`, 'must be an integer >= 1');
  const maxAttempts = c.consumer.maxAttempts ?? DEFAULTS.queueMaxAttempts;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1))
    throw new CompileError(`${path}.consumer.maxAttempts`, 'must be an integer >= 1');
  if (c.partitions !== undefined && !(Number.isInteger(c.partitions) && c.partitions >= 1))
    throw new CompileError(`${path}.partitions`, 'must be an integer >= 1');
  const maxRps = c.maxPublishRps;
  if (maxRps !== undefined && !(maxRps > 0 && Number.isFinite(maxRps)))
    throw new CompileError(`${path}.maxPublishRps`, 'must be a finite number > 0');
  const deliverCall = addCall(ctx, { to: c.consumer.to }, `${path}.consumer`, { sync: true });
  const delivery = c.consumer.deliveryMs;
  const d = delivery === undefined ? null : samplerOf(delivery, `${path}.consumer.deliveryMs`);
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
        groups: [],
      },
    ],
    handlerByEndpoint: new Int32Array(endpointIds.length),
    rateLimit: maxRps === undefined ? null : { rateRps: maxRps, burst: Math.max(1, Math.ceil(maxRps / 10)) },
    overflowCause: CAUSE.rejected,
    queue: {
      consumer: -1,
      consumerId: c.consumer.to,
      maxDepth: c.maxDepth ?? Infinity,
      maxAttempts,
      delivery: d !== null && d.mean === 0 && d.variance === 0 ? null : d,
      deliverCall,
      partitions: c.partitions ?? Infinity,
    },
  };
}
