import { describe, expect, it } from 'vitest';
import { PlanRequestSchema } from '../../shared/api/contract.js';
import { getTemplate } from '../../shared/templates/index.js';
import type { Topology } from '../../shared/topology/index.js';
import { applyPlanConfiguration, configurationChanges } from '../../renderer/src/planner/apply.js';
import {
  buildRequest,
  DEFAULT_PLAN_FORM,
  designSlo,
  sweepOptions,
  variableOptions,
} from '../../renderer/src/planner/form.js';
import { redo, undo, useDocument } from '../../renderer/src/store/document.js';

const template = (id: string) => getTemplate(id)?.topology as Topology;

describe('planner: applying a right-sizing configuration', () => {
  it('changes only the configuration’s paths and keeps every other part of the document', () => {
    const t = template('single-service-db');
    const out = applyPlanConfiguration(t, { 'components.api.instances': 1 });
    expect((out.components.api as { instances: number }).instances).toBe(1);
    expect(out.components.db).toBe(t.components.db);
    expect(out.components.clients).toBe(t.components.clients);
    expect(out.layout).toBe(t.layout);
    expect({ ...out.components.api, instances: 2 }).toEqual(t.components.api);
  });

  it('an instance type brings its vCPUs as cores (the planner’s rule), listed as a change', () => {
    const t = template('single-service-db');
    const changes = configurationChanges(t, { 'components.api.instanceType': 'c7g.xlarge' });
    expect(changes).toEqual([
      { path: 'components.api.instanceType', from: 'm7g.large', to: 'c7g.xlarge' },
      { path: 'components.api.cores', from: 2, to: 4 },
    ]);
    expect(configurationChanges(t, { 'components.api.instances': 2 })).toEqual([]);
    // A component deleted since the plan: the change cannot be made, and says why.
    const { api: _gone, ...rest } = t.components;
    expect(() => configurationChanges({ ...t, components: rest }, { 'components.api.instances': 1 })).toThrow(
      /components\.api\.instances/,
    );
  });

  it('is one undoable edit of the document store', () => {
    const t = template('single-service-db');
    useDocument.getState().replace(t, null);
    useDocument
      .getState()
      .edit((x) => applyPlanConfiguration(x, { 'components.api.instances': 3, 'components.db.replicas': 1 }));
    const api = () => useDocument.getState().topology.components.api as { instances: number };
    const db = () => useDocument.getState().topology.components.db as { replicas?: number };
    expect([api().instances, db().replicas]).toEqual([3, 1]);
    undo();
    expect(useDocument.getState().topology).toBe(t);
    redo();
    expect([api().instances, db().replicas]).toEqual([3, 1]);
  });
});

describe('planner form', () => {
  it('fills in the design’s SLO, leaving out what the simulator cannot judge', () => {
    expect(designSlo(template('single-service-db'))).toEqual({
      text: 'p95<=150ms,p99<=300ms,errors<=0.1%',
      dropped: [],
    });
    // Its latency terms are per endpoint: only the error-rate term remains.
    expect(designSlo(template('write-heavy-orders'))).toEqual({
      text: 'errors<=0.05%',
      dropped: ['p99<=500ms on post-order', 'p99<=200ms on get-order'],
    });
  });

  it('builds requests the API accepts, for every kind', () => {
    const t = template('single-service-db');
    for (const kind of ['max-load', 'right-size', 'growth', 'sweep'] as const) {
      const r = buildRequest(kind, DEFAULT_PLAN_FORM, t, 200);
      const parsed = PlanRequestSchema.safeParse(r);
      expect(parsed.success, `${kind}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
    // Right-size varies the service's instances by default (1 … 4), not the database's replicas.
    expect(variableOptions(t).map((o) => o.path)).toEqual([
      'components.api.instances',
      'components.db.replicas',
    ]);
    const rs = buildRequest('right-size', DEFAULT_PLAN_FORM, t, 200);
    expect(rs.kind === 'right-size' && rs.adjustable).toEqual([
      { path: 'components.api.instances', min: 1, max: 4 },
    ]);
    // A swept count takes whole values only.
    expect(sweepOptions(t).map((o) => o.path)).toContain('components.api.workers');
    const sw = buildRequest(
      'sweep',
      {
        ...DEFAULT_PLAN_FORM,
        sweepPath: 'components.api.instances',
        sweepFrom: 1,
        sweepTo: 4,
        sweepSteps: 6,
      },
      t,
      200,
    );
    expect(sw.kind === 'sweep' && sw.param).toEqual({
      path: 'components.api.instances',
      values: [1, 2, 3, 4],
    });
    const growth = buildRequest('growth', { ...DEFAULT_PLAN_FORM, growthPct: 8 }, t, 200);
    expect(growth.kind === 'growth' && [growth.currentRps, growth.growthPerMonth]).toEqual([200, 0.08]);
  });

  it('asks at the scenario chosen in the toolbar, and at the first when none is given', () => {
    const t = template('three-tier-web');
    const ids = Object.keys(t.scenarios ?? {});
    expect(ids.length).toBeGreaterThan(1);
    const chosen = ids[1] as string;
    for (const kind of ['max-load', 'right-size', 'growth', 'sweep'] as const) {
      const r = buildRequest(kind, DEFAULT_PLAN_FORM, t, 200, chosen);
      expect(r.scenario).toBe(chosen);
      expect(PlanRequestSchema.safeParse(r).success).toBe(true);
      expect(buildRequest(kind, DEFAULT_PLAN_FORM, t, 200, null).scenario).toBeUndefined();
    }
  });
});
