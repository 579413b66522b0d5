/**
 * Scripted failures of a scenario (killInstances, killZone, slowdown, errorRate, flushCache,
 * failover, cutCall) and random failures (each instance of a pool fails after an exponential
 * time of mean `mttfS` and is repaired after one of mean `mttrS`) → engine events.
 */
import type { Scenario, Topology } from '../shared/topology/index.js';
import { CompileError } from './engine/compile-context.js';
import type {
  CompiledCall,
  CompiledFailure,
  CompiledRandomFailure,
  CompiledStation,
} from './engine/model.js';

const KILLABLE = new Set(['service', 'database', 'serverless']);
/** killInstances also takes cache nodes (key model): a killed node loses its keys, which move along the ring. */
const KILLABLE_SCRIPTED = new Set([...KILLABLE, 'cache']);

export function compileFailures(
  t: Topology,
  scenarioId: string,
  scenario: Scenario,
  stationIndex: ReadonlyMap<string, number>,
  stations: readonly CompiledStation[],
  calls: readonly CompiledCall[],
): { failures: CompiledFailure[]; random: CompiledRandomFailure[] } {
  const path = `scenarios.${scenarioId}`;
  const station = (id: string, p: string, kinds?: Set<string>, what = 'a pool'): number => {
    const s = stationIndex.get(id);
    if (s === undefined || (kinds !== undefined && !kinds.has((stations[s] as CompiledStation).kind)))
      throw new CompileError(
        p,
        `"${id}" must be ${what}${t.components[id] ? ` (it is a ${t.components[id]!.kind})` : ''}`,
      );
    return s;
  };
  const failures: CompiledFailure[] = [];
  (scenario.failures ?? []).forEach((f, i) => {
    const p = `${path}.failures[${i}]`;
    const endS = 'durationS' in f && f.durationS !== undefined ? f.atS + f.durationS : Infinity;
    switch (f.type) {
      case 'killInstances': {
        const s = station(f.target, `${p}.target`, KILLABLE_SCRIPTED);
        if (
          (stations[s] as CompiledStation).kind === 'cache' &&
          (stations[s] as CompiledStation).cache === undefined
        )
          throw new CompileError(
            `${p}.target`,
            'killing cache nodes needs a key-model cache ({"type": "keys"})',
          );
        failures.push({ type: 'kill', atS: f.atS, endS, station: s, count: f.count });
        break;
      }
      case 'killZone':
        failures.push({ type: 'killZone', atS: f.atS, endS, zone: f.zone });
        break;
      case 'slowdown':
        if (!(f.factor > 0)) throw new CompileError(`${p}.factor`, 'must be > 0');
        failures.push({
          type: 'slowdown',
          atS: f.atS,
          endS,
          station: station(f.target, `${p}.target`, undefined, 'a component with work'),
          factor: f.factor,
        });
        break;
      case 'errorRate':
        failures.push({
          type: 'errorRate',
          atS: f.atS,
          endS,
          station: station(f.target, `${p}.target`, undefined, 'a component with work'),
          rate: f.rate,
        });
        break;
      case 'flushCache': {
        const s = station(f.target, `${p}.target`, new Set(['cache']), 'a cache');
        if ((stations[s] as CompiledStation).cache === undefined)
          throw new CompileError(`${p}.target`, 'a flush needs a key-model cache ({"type": "keys"})');
        failures.push({ type: 'flush', atS: f.atS, station: s });
        break;
      }
      case 'failover':
        failures.push({
          type: 'failover',
          atS: f.atS,
          station: station(f.target, `${p}.target`, new Set(['database']), 'a database'),
        });
        break;
      case 'cutCall': {
        const cut: number[] = [];
        calls.forEach((c, k) => {
          if (c.from === f.from && c.to === f.to) cut.push(k);
        });
        if (cut.length === 0) throw new CompileError(p, `no call from "${f.from}" to "${f.to}"`);
        failures.push({ type: 'cut', atS: f.atS, endS, calls: cut });
        break;
      }
    }
  });
  const random = (scenario.randomFailures ?? []).map((r, i) => {
    const p = `${path}.randomFailures[${i}]`;
    if (!(r.mttfS > 0 && r.mttrS > 0)) throw new CompileError(p, 'mttfS and mttrS must be > 0');
    return { station: station(r.target, `${p}.target`, KILLABLE), mttfS: r.mttfS, mttrS: r.mttrS };
  });
  return { failures, random };
}
