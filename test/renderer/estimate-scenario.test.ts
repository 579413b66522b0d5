import { describe, expect, it } from 'vitest';
import {
  analyze,
  estimateScenario,
  selectEstimateScenario,
  useAnalysis,
} from '../../renderer/src/store/analysis.js';
import { useDocument } from '../../renderer/src/store/document.js';
import { addComponent, connect } from '../../renderer/src/model/edits.js';
import type { Topology } from '../../shared/topology/index.js';

/** A 100 req/s source calling one service, with a base scenario and a `peak` one at 3× the load. */
function twoScenarios(): { topology: Topology; service: string } {
  let t: Topology = { schemaVersion: 1, name: 'two scenarios', components: {} };
  const src = addComponent(t, 'source', { x: 0, y: 0 });
  const svc = addComponent(src.topology, 'service', { x: 200, y: 0 });
  const r = connect(svc.topology, src.id, svc.id);
  if ('error' in r) throw new Error(r.error);
  t = {
    ...r.topology,
    scenarios: {
      base: { name: 'Base', durationS: 60 },
      peak: { name: 'Peak', durationS: 60, loadFactor: 3 },
    },
  };
  return { topology: t, service: svc.id };
}

describe('live estimate scenario', () => {
  it('uses the selected scenario, and the first when none is selected or it was deleted', () => {
    const { topology, service } = twoScenarios();
    const util = (scenario?: string) =>
      analyze(topology, () => 0, null, scenario).estimate?.components[service]?.utilization;
    const base = util();
    expect(base).toBeGreaterThan(0);
    expect(util('base')).toBeCloseTo(base as number, 12);
    expect(util('peak')).toBeCloseTo(3 * (base as number), 9);
    expect(util('deleted')).toBeCloseTo(base as number, 12);
    expect(estimateScenario(topology, 'peak')).toBe('peak');
    expect(estimateScenario(topology, 'deleted')).toBe('base');
    expect(estimateScenario({ ...topology, scenarios: {} }, 'peak')).toBeNull();
  });

  it('the store recomputes the badge estimate when the toolbar scenario changes', () => {
    const { topology, service } = twoScenarios();
    useDocument.getState().replace(topology, null);
    const util = () => useAnalysis.getState().estimate?.components[service]?.utilization as number;
    const base = util();
    selectEstimateScenario('peak');
    expect(useAnalysis.getState().scenario).toBe('peak');
    expect(util()).toBeCloseTo(3 * base, 9);
    const { peak: _gone, ...rest } = topology.scenarios ?? {};
    useDocument.getState().replace({ ...topology, scenarios: rest }, null);
    expect(useAnalysis.getState().scenario).toBe('base');
    expect(util()).toBeCloseTo(base, 12);
    selectEstimateScenario(undefined);
  });
});
