/**
 * Load balancer: splits across target pools by weight, then picks an instance by policy
 * (roundRobin, weightedRoundRobin, random, leastOutstanding, powerOfTwo, consistentHash).
 * Run-time choice: engine/balancer-runtime.ts.
 */
import type { ComponentOf } from '../shared/topology/index.js';
import { CompileError, type CompileContext } from './engine/compile-context.js';
import type { CompiledBalancer, CompiledStation, LbPolicy } from './engine/model.js';

const POLICIES: readonly LbPolicy[] = [
  'roundRobin',
  'weightedRoundRobin',
  'random',
  'leastOutstanding',
  'powerOfTwo',
  'consistentHash',
];

/** Candidates: every instance of every target pool, each with its pool's weight split evenly. */
export function balancerOver(
  id: string,
  policy: LbPolicy,
  pools: { station: number; weight: number }[],
  stations: readonly CompiledStation[],
  path: string,
): CompiledBalancer {
  if (!POLICIES.includes(policy)) throw new CompileError(`${path}.policy`, `unknown policy "${policy}"`);
  const st: number[] = [];
  const inst: number[] = [];
  const w: number[] = [];
  for (const p of pools) {
    if (!(p.weight >= 0 && Number.isFinite(p.weight)))
      throw new CompileError(`${path}.targets`, 'weights must be finite and >= 0');
    const n = (stations[p.station] as CompiledStation).instances;
    for (let i = 0; i < n; i++) {
      st.push(p.station);
      inst.push(i);
      w.push(p.weight / n);
    }
  }
  if (st.length === 0 || !w.some((x) => x > 0))
    throw new CompileError(`${path}.targets`, 'need at least one target with weight > 0');
  return {
    id,
    policy,
    candidateStation: Int32Array.from(st),
    candidateInstance: Int32Array.from(inst),
    candidateWeight: Float64Array.from(w),
  };
}

export function compileLoadBalancer(
  id: string,
  c: ComponentOf<'loadBalancer'>,
  ctx: CompileContext,
  stationIndex: ReadonlyMap<string, number>,
  stations: readonly CompiledStation[],
): CompiledBalancer {
  const path = `components.${id}`;
  if (c.latencyMs !== undefined)
    ctx.warn(`${path}.latencyMs`, 'balancer latency is not simulated yet; ignored');
  if (c.healthCheck !== undefined)
    ctx.warn(`${path}.healthCheck`, 'health checks are not simulated yet; ignored');
  const pools = c.targets.map((t, i) => {
    const station = stationIndex.get(t.to);
    if (station === undefined)
      throw new CompileError(
        `${path}.targets[${i}].to`,
        `"${t.to}" must be a pool (service, database, gateway, cache, external, queue)`,
      );
    if (t.network !== undefined || t.timeoutMs !== undefined)
      ctx.warn(`${path}.targets[${i}]`, 'per-target network and timeout are not simulated yet; ignored');
    return { station, weight: t.weight ?? 1 };
  });
  return balancerOver(id, c.policy, pools, stations, path);
}
