/** API gateway: a per-request latency (no capacity limit), a token bucket (429) global or per client (a request belongs to one of `clients` clients, uniformly), routing by endpoint. */
import { DEFAULTS, type ComponentOf } from '../shared/topology/index.js';
import { addCall, CAUSE, CompileError, workOf, type CompileContext } from './engine/compile-context.js';
import { DISCIPLINE_FCFS, type CompiledStation } from './engine/model.js';
import { handlersByEndpoint } from './handler.js';

export function compileGateway(
  id: string,
  c: ComponentOf<'gateway'>,
  ctx: CompileContext,
  endpointIds: readonly string[],
): CompiledStation {
  const path = `components.${id}`;
  const work = workOf(c.latencyMs, `${path}.latencyMs`);
  const rl = c.rateLimit;
  if (rl !== undefined) {
    if (!(rl.rateRps > 0)) throw new CompileError(`${path}.rateLimit.rateRps`, 'must be > 0');
    if (!(Number.isInteger(rl.burst) && rl.burst >= 1))
      throw new CompileError(`${path}.rateLimit.burst`, 'must be an integer >= 1');
    if (rl.clients !== undefined && !(Number.isInteger(rl.clients) && rl.clients >= 1))
      throw new CompileError(`${path}.rateLimit.clients`, 'must be an integer >= 1');
  }
  const keys = Object.keys(c.routes);
  const handlers = keys.map((k) => {
    const hop = c.routes[k]!;
    const call = addCall(ctx, hop, `${path}.routes.${k}`);
    return { work, errorProbability: 0, choices: [], groups: [[call]] };
  });
  // endpoints without a route answer after the gateway latency
  const fallback = { work, errorProbability: 0, choices: [], groups: [] };
  const byEndpoint = handlersByEndpoint(keys, endpointIds).map((h) => (h < 0 ? handlers.length : h));
  return {
    id,
    kind: 'gateway',
    instances: 1,
    cores: Infinity,
    workers: Infinity,
    queueLimit: Infinity,
    discipline: DISCIPLINE_FCFS,
    handlers: [...handlers, fallback],
    handlerByEndpoint: byEndpoint,
    rateLimit: rl === undefined ? null : { rateRps: rl.rateRps, burst: rl.burst },
    overflowCause: CAUSE.rejected,
    ...(rl?.scope === 'perClient' ? { rateLimitClients: rl.clients ?? DEFAULTS.rateLimitClients } : {}),
  };
}
