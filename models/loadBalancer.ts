/**
 * Load balancer: splits across target pools by weight, then picks an instance by policy
 * (roundRobin, weightedRoundRobin, random, leastOutstanding, powerOfTwo, consistentHash).
 * `latencyMs` is added to each request on its way in; a target's `network` applies each way
 * between balancer and instance. Health checks: a dead instance keeps receiving traffic until it
 * failed `threshold` checks `intervalMs` apart (each failing after `timeoutMs`, default at once).
 * Run-time choice: engine/balancer-runtime.ts.
 */
import type { ComponentOf } from '../shared/topology/index.js';
import { CompileError, networkOf, samplerOf, type CompileContext } from './engine/compile-context.js';
import type { Sampler } from './engine/distributions.js';
import type { CompiledBalancer, CompiledStation, LbPolicy } from './engine/model.js';

const POLICIES: readonly LbPolicy[] = [
  'roundRobin',
  'weightedRoundRobin',
  'random',
  'leastOutstanding',
  'powerOfTwo',
  'consistentHash',
];

/**
 * Candidates: every instance of every target pool, each with its pool's weight split evenly;
 * pools are contiguous runs of candidates (poolStart) with their own weights (poolWeight).
 */
export function balancerOver(
  id: string,
  policy: LbPolicy,
  pools: { station: number; weight: number; network?: Sampler | null }[],
  stations: readonly CompiledStation[],
  path: string,
): CompiledBalancer {
  if (!POLICIES.includes(policy)) throw new CompileError(`${path}.policy`, `unknown policy "${policy}"`);
  const st: number[] = [];
  const inst: number[] = [];
  const w: number[] = [];
  const net: (Sampler | null)[] = [];
  const start: number[] = [];
  const poolW: number[] = [];
  for (const p of pools) {
    if (!(p.weight >= 0 && Number.isFinite(p.weight)))
      throw new CompileError(`${path}.targets`, 'weights must be finite and >= 0');
    const n = (stations[p.station] as CompiledStation).instances;
    start.push(st.length);
    poolW.push(n > 0 ? p.weight : 0);
    for (let i = 0; i < n; i++) {
      st.push(p.station);
      inst.push(i);
      w.push(p.weight / n);
      net.push(p.network ?? null);
    }
  }
  if (st.length === 0 || !w.some((x) => x > 0))
    throw new CompileError(`${path}.targets`, 'need at least one target with weight > 0');
  start.push(st.length);
  return {
    id,
    policy,
    candidateStation: Int32Array.from(st),
    candidateInstance: Int32Array.from(inst),
    candidateWeight: Float64Array.from(w),
    poolStart: Int32Array.from(start),
    poolWeight: Float64Array.from(poolW),
    candidateNetwork: net,
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
  const hc = c.healthCheck;
  if (hc !== undefined) {
    if (!(hc.intervalMs > 0)) throw new CompileError(`${path}.healthCheck.intervalMs`, 'must be > 0');
    if (!(Number.isInteger(hc.threshold) && hc.threshold >= 1))
      throw new CompileError(`${path}.healthCheck.threshold`, 'must be an integer >= 1');
  }
  const pools = c.targets.map((t, i) => {
    const station = stationIndex.get(t.to);
    if (station === undefined)
      throw new CompileError(
        `${path}.targets[${i}].to`,
        `"${t.to}" must be a pool (service, database, gateway, cache, external, queue)`,
      );
    if (t.timeoutMs !== undefined)
      ctx.warn(`${path}.targets[${i}].timeoutMs`, 'per-target timeouts are not simulated yet; ignored');
    return { station, weight: t.weight ?? 1, network: networkOf(t.network, `${path}.targets[${i}].network`) };
  });
  const b = balancerOver(id, c.policy, pools, stations, path);
  b.latency = c.latencyMs === undefined ? null : samplerOf(c.latencyMs, `${path}.latencyMs`);
  b.healthCheck =
    hc === undefined
      ? null
      : { intervalS: hc.intervalMs / 1000, threshold: hc.threshold, timeoutS: (hc.timeoutMs ?? 0) / 1000 };
  return b;
}
