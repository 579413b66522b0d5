/**
 * Autoscaler of a service pool. Every `evaluationPeriodS` it reads the pool's metric averaged over
 * the period (cpu: busy cores / serving cores; requestsPerInstance: arrivals/s per serving
 * instance; backlogPerWorker: messages waiting in the queues the pool consumes plus visits waiting
 * for a worker, per serving instance; p95Ms: p95 of visit times) and sets a desired count:
 * - targetTracking, Kubernetes HPA preset (`preset` starting with "kubernetes"):
 *   desired = ceil(ready × metric / target), no change within the 0.1 tolerance; scale-down
 *   stabilization: the highest recommendation of the last `scaleInCooldownS` (default 300 s).
 * - targetTracking, otherwise (AWS target tracking): desired = ceil(ready × metric / target);
 *   scale-out after `scaleOutCooldownS` since the last scale-out; scale-in only when the metric is
 *   below 90% of the target and `scaleInCooldownS` after the last scaling.
 * - step: the first step whose [above, below) holds the metric adds `change` instances.
 * - scheduled: at each `atS`, new min/max and desired.
 * With `metricDelayS` the decision on a period's metric comes that much after the period ends
 * (metrics pipeline lag: the autoscaler acts on the past), against the pool as it is then.
 * Launched instances are billed at once and serve after `warmupS`; removed ones stop receiving
 * work and are billed for up to `drainS` while they finish.
 */
import { DEFAULTS, type ComponentOf } from '../shared/topology/index.js';
import { CompileError } from './engine/compile-context.js';
import {
  METRIC_BACKLOG,
  METRIC_CPU,
  METRIC_P95,
  METRIC_RPI,
  type CompiledAutoscaler,
  type CompiledStation,
} from './engine/model.js';

const METRICS: Record<string, number> = {
  cpu: METRIC_CPU,
  requestsPerInstance: METRIC_RPI,
  backlogPerWorker: METRIC_BACKLOG,
  p95Ms: METRIC_P95,
};

export function compileAutoscaler(
  id: string,
  c: ComponentOf<'autoscaler'>,
  stationIndex: ReadonlyMap<string, number>,
  stations: readonly CompiledStation[],
): CompiledAutoscaler {
  const path = `components.${id}`;
  const station = stationIndex.get(c.target);
  const s = station === undefined ? undefined : stations[station];
  if (station === undefined || s === undefined || s.kind !== 'service')
    throw new CompileError(`${path}.target`, `"${c.target}" must be a service pool`);
  if (!(Number.isInteger(c.minInstances) && c.minInstances >= 0))
    throw new CompileError(`${path}.minInstances`, 'must be an integer >= 0');
  if (!(Number.isInteger(c.maxInstances) && c.maxInstances >= Math.max(1, c.minInstances)))
    throw new CompileError(`${path}.maxInstances`, 'must be an integer >= max(1, minInstances)');
  const periodS = c.evaluationPeriodS ?? DEFAULTS.autoscalerEvaluationPeriodS;
  const num = (x: number, f: string) => {
    if (!(x >= 0 && Number.isFinite(x)))
      throw new CompileError(`${path}.${f}`, 'must be a finite number >= 0');
    return x;
  };
  if (!(periodS > 0)) throw new CompileError(`${path}.evaluationPeriodS`, 'must be > 0');
  const p = c.policy;
  let metric = METRIC_CPU;
  let target = 1;
  let steps: CompiledAutoscaler['steps'] = [];
  let actions: CompiledAutoscaler['actions'] = [];
  if (p.type === 'targetTracking') {
    metric = METRICS[p.metric] ?? METRIC_CPU;
    target = p.target;
    if (!(target > 0)) throw new CompileError(`${path}.policy.target`, 'must be > 0');
  } else if (p.type === 'step') {
    metric = METRICS[p.metric] ?? METRIC_CPU;
    steps = p.steps.map((st) => ({
      above: st.above ?? -Infinity,
      below: st.below ?? Infinity,
      change: st.change,
    }));
  } else {
    actions = [...p.actions]
      .sort((a, b) => a.atS - b.atS)
      .map((a) => ({
        atS: a.atS,
        min: a.minInstances,
        max: a.maxInstances,
        desired: a.desired,
      }));
  }
  const maxEver = Math.max(c.maxInstances, ...actions.map((a) => a.max ?? 0));
  const initial = s.workers === 0 ? 0 : s.instances;
  return {
    id,
    station,
    min: c.minInstances,
    max: c.maxInstances,
    policy: p.type,
    flavour: (c.preset ?? '').startsWith('kubernetes') ? 'hpa' : 'aws',
    metric,
    target,
    steps,
    actions,
    periodS,
    metricDelayS: num(c.metricDelayS ?? 0, 'metricDelayS'),
    scaleOutCooldownS: num(c.scaleOutCooldownS ?? DEFAULTS.autoscalerScaleOutCooldownS, 'scaleOutCooldownS'),
    scaleInCooldownS: num(c.scaleInCooldownS ?? DEFAULTS.autoscalerScaleInCooldownS, 'scaleInCooldownS'),
    warmupS: num(c.warmupS ?? DEFAULTS.autoscalerWarmupS, 'warmupS'),
    drainS: num(c.drainS ?? DEFAULTS.autoscalerDrainS, 'drainS'),
    slots: Math.max(initial, maxEver, 1),
    initial,
  };
}
