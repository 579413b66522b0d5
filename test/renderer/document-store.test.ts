import { describe, expect, it } from 'vitest';
import { analyze, componentOfPath, describeIssue } from '../../renderer/src/store/analysis.js';
import { isDirty, redo, undo, useDocument } from '../../renderer/src/store/document.js';
import { addComponent, connect, setIn } from '../../renderer/src/model/edits.js';
import { getTemplate } from '../../shared/templates/index.js';
import type { Topology } from '../../shared/topology/index.js';

describe('document store', () => {
  it('undoes and redoes every edit, and dirty follows the saved version', () => {
    const t = getTemplate('three-tier-web')?.topology as Topology;
    const doc = useDocument.getState();
    doc.replace(t, '/tmp/a.headroom.json');
    expect(isDirty(useDocument.getState())).toBe(false);
    useDocument.getState().edit((x) => setIn(x, ['components', 'web', 'instances'], 9));
    useDocument.getState().edit((x) => addComponent(x, 'cache', { x: 10, y: 10 }).topology);
    expect(isDirty(useDocument.getState())).toBe(true);
    expect(Object.keys(useDocument.getState().topology.components)).toHaveLength(6);
    undo();
    expect(Object.keys(useDocument.getState().topology.components)).toHaveLength(5);
    undo();
    expect((useDocument.getState().topology.components.web as { instances: number }).instances).toBe(6);
    expect(isDirty(useDocument.getState())).toBe(false);
    redo();
    expect((useDocument.getState().topology.components.web as { instances: number }).instances).toBe(9);
    useDocument.getState().markSaved('/tmp/a.headroom.json');
    expect(isDirty(useDocument.getState())).toBe(false);
  });

  it('keystrokes in one field share an undo step; another field starts a new one', () => {
    useDocument.getState().replace(getTemplate('single-service-db')?.topology as Topology, null);
    const before = useDocument.getState().topology;
    for (const v of [1, 15, 150, 1500])
      useDocument
        .getState()
        .edit((x) => setIn(x, ['components', 'clients', 'workload', 'rateRps'], v), 'rate');
    useDocument.getState().edit((x) => setIn(x, ['components', 'api', 'instances'], 3), 'instances');
    expect(useDocument.temporal.getState().pastStates).toHaveLength(2);
    undo();
    undo();
    expect(useDocument.getState().topology).toBe(before);
  });

  it('an edit that changes nothing records no undo step', () => {
    useDocument.getState().replace(getTemplate('single-service-db')?.topology as Topology, null);
    useDocument.getState().edit((x) => x);
    expect(useDocument.temporal.getState().pastStates).toHaveLength(0);
  });

  it('replace forgets the history (a new document cannot undo into the old one)', () => {
    useDocument.getState().edit((x) => setIn(x, ['name'], 'Renamed'));
    useDocument.getState().replace(getTemplate('serverless-api')?.topology as Topology, null);
    expect(useDocument.temporal.getState().pastStates).toHaveLength(0);
  });
});

describe('analysis', () => {
  it('reports an unconnected endpoint with a friendly message and still estimates the rest', () => {
    let t: Topology = { schemaVersion: 1, name: 'x', components: {} };
    const src = addComponent(t, 'source', { x: 0, y: 0 });
    t = src.topology;
    const svc = addComponent(t, 'service', { x: 0, y: 0 });
    t = svc.topology;
    const a = analyze(t);
    const issue = a.issues.find((i) => i.path === `components.${src.id}.endpoints[0].to`);
    expect(issue).toBeDefined();
    expect(describeIssue(issue as NonNullable<typeof issue>)).toMatch(/not connected/);
    expect(componentOfPath(issue?.path ?? '')).toBe(src.id);
    const r = connect(t, src.id, svc.id);
    if ('error' in r) throw new Error(r.error);
    const b = analyze(r.topology);
    expect(b.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(b.estimate?.components[svc.id]?.arrivalRps).toBeCloseTo(100, 9);
  });
});
