/**
 * Database: per shard a primary and `replicas` read replicas, each node with `cores` (FCFS),
 * `connections` (workers) and a bounded wait queue (503). A query is a write with its handler's
 * `writeFraction` (served by the shard's primary), else a read, balanced round robin over the
 * shard's replicas (and the primary when `readsOnPrimary`). A key maps to shard hash(key) mod
 * shards, so Zipf keys make hot shards. A replica read of a key written less than a sampled
 * replication lag ago is stale. When the primary dies, writes fail until a replica is promoted
 * `failoverMs` later (the old primary rejoins as a replica).
 */
import { DEFAULTS, type ComponentOf } from '../shared/topology/index.js';
import { CAUSE, CompileError, samplerOf, workOf, type CompileContext } from './engine/compile-context.js';
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
  const replicas = c.replicas ?? DEFAULTS.databaseReplicas;
  const shards = c.shards ?? DEFAULTS.databaseShards;
  if (!(Number.isInteger(replicas) && replicas >= 0))
    throw new CompileError(`${path}.replicas`, 'must be an integer >= 0');
  if (!(Number.isInteger(shards) && shards >= 1))
    throw new CompileError(`${path}.shards`, 'must be an integer >= 1');
  const failoverMs = c.failoverMs ?? DEFAULTS.databaseFailoverMs;
  if (!(failoverMs > 0)) throw new CompileError(`${path}.failoverMs`, 'must be > 0');
  if (c.replicationLagMs !== undefined && replicas === 0)
    ctx.warn(`${path}.replicationLagMs`, 'no replicas: replication lag has no effect');
  const keys = Object.keys(c.handlers);
  const handlers = keys.map((k) => {
    const h = c.handlers[k]!;
    const hp = `${path}.handlers.${k}`;
    const wf = h.writeFraction ?? 0;
    if (!(wf >= 0 && wf <= 1)) throw new CompileError(`${hp}.writeFraction`, 'must be in [0, 1]');
    return {
      ...compileCalls(ctx, [], hp, workOf(h.workMs, `${hp}.workMs`), h.errorRate ?? 0),
      writeFraction: wf,
    };
  });
  const perShard = 1 + replicas;
  const nodes = shards * perShard;
  const zones = c.zones ?? [];
  return {
    id,
    kind: 'database',
    instances: nodes,
    cores: c.cores,
    workers: c.connections ?? Infinity,
    queueLimit: c.queueLimit ?? Infinity,
    discipline: DISCIPLINE_FCFS,
    handlers,
    handlerByEndpoint: handlersByEndpoint(keys, endpointIds),
    rateLimit: null,
    overflowCause: CAUSE.rejected,
    zones: Array.from({ length: nodes }, (_, i) =>
      zones.length ? (zones[(i % perShard) % zones.length] as string) : '',
    ),
    database: {
      shards,
      replicas,
      readsOnPrimary: c.readsOnPrimary ?? replicas === 0,
      lag:
        c.replicationLagMs === undefined ? null : samplerOf(c.replicationLagMs, `${path}.replicationLagMs`),
      failoverS: failoverMs / 1000,
    },
  };
}
