import {
  ComponentSchema,
  ScenarioSchema,
  TopologySchema,
  type Component,
  type Endpoint,
} from '../../../shared/topology/index.js';
import { runCommand } from '../commands.js';
import { sourceLatency } from '../canvas/graph.js';
import { KindIcon } from '../canvas/icons.js';
import { KIND_LABEL, endpointIds, uniqueId } from '../model/components.js';
import { disconnect } from '../model/edits.js';
import { useAnalysis } from '../store/analysis.js';
import { useDocument } from '../store/document.js';
import { useRunStore } from '../store/run.js';
import { useSelection } from '../store/selection.js';
import { formatMs, formatPercent, formatRate, formatUsd } from '../ui/format.js';
import { commit, ComponentSelect, FieldIssues, NumberInput, SchemaField, useIssuesAt } from './Fields.js';
import { ProfileChart } from './ProfileChart.js';
import { defOf } from './schema.js';

/** The request mix of a source: one row per endpoint with its share of the traffic. */
function EndpointsTable({ id, endpoints }: { id: string; endpoints: Endpoint[] }) {
  const base = ['components', id, 'endpoints'] as const;
  const total = endpoints.reduce((s, e) => s + (Number.isFinite(e.weight) ? e.weight : 0), 0);
  const issues = useIssuesAt([...base]);
  const allIssues = useAnalysis((s) => s.issues);
  return (
    <fieldset className="group">
      <legend>Request mix</legend>
      <table className="mix">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Weight</th>
            <th scope="col">Share</th>
            <th scope="col">Goes to</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e, i) => {
            const p = `components.${id}.endpoints[${i}]`;
            const rowIssues = allIssues.filter((x) => x.path.startsWith(p));
            return (
              <tr key={i} className={rowIssues.some((x) => x.severity === 'error') ? 'invalid' : undefined}>
                <td>
                  <input
                    aria-label={`Endpoint ${i + 1} name`}
                    value={e.name}
                    onChange={(ev) => commit([...base, i, 'name'], ev.target.value)}
                  />
                  <div className="muted small">{e.id}</div>
                </td>
                <td>
                  <NumberInput
                    value={e.weight}
                    optional={false}
                    label={`Endpoint ${i + 1} weight`}
                    min={0}
                    onCommit={(v) => commit([...base, i, 'weight'], v)}
                  />
                </td>
                <td className="num">{total > 0 ? formatPercent(e.weight / total) : '—'}</td>
                <td>
                  <ComponentSelect
                    value={e.to}
                    label={`Endpoint ${i + 1} goes to`}
                    exclude={id}
                    onChange={(v) => commit([...base, i, 'to'], v)}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remove endpoint ${e.name}`}
                    disabled={endpoints.length <= 1}
                    onClick={() =>
                      commit(
                        [...base],
                        endpoints.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="btn small"
        onClick={() =>
          useDocument.getState().edit((t) => {
            const taken = new Set(endpointIds(t));
            const eid = uniqueId('request', (x) => taken.has(x));
            const c = t.components[id];
            if (!c || c.kind !== 'source') return t;
            const to = c.endpoints[0]?.to ?? '';
            return {
              ...t,
              components: {
                ...t.components,
                [id]: { ...c, endpoints: [...c.endpoints, { id: eid, name: `GET /${eid}`, weight: 1, to }] },
              },
            };
          })
        }
      >
        Add endpoint
      </button>
      <FieldIssues issues={issues} id={`${id}-mix-issues`} />
    </fieldset>
  );
}

/**
 * A source's rate over time under the scenario a run would use (the one chosen in the toolbar, else
 * the design's first): its rate (or user count) times the scenario's load profile.
 */
function SourceProfile({ component }: { component: Extract<Component, { kind: 'source' }> }) {
  const scenarios = useDocument((s) => s.topology.scenarios);
  const chosen = useRunStore((s) => s.options.scenario);
  const ids = Object.keys(scenarios ?? {});
  const sid = chosen !== undefined && ids.includes(chosen) ? chosen : ids[0];
  const scenario = sid !== undefined ? scenarios?.[sid] : undefined;
  const w = component.workload;
  const open = w.type === 'open';
  const base = open ? { value: w.rateRps, unit: 'req/s' } : { value: w.users, unit: 'users' };
  return (
    <fieldset className="group" data-testid="source-profile">
      <legend>{open ? 'Rate profile' : 'Users profile'}</legend>
      {scenario ? (
        <ProfileChart
          scenario={scenario}
          base={base}
          title={`${open ? 'Rate' : 'Users'} over time · ${scenario.name ?? sid}`}
        />
      ) : (
        <p className="muted small">
          No scenario: a constant {open ? formatRate(w.rateRps) : `${w.users} users`}. Add one in the design’s
          settings (click the empty canvas) to shape the load over time.
        </p>
      )}
    </fieldset>
  );
}

/** Live estimate of one component. */
function EstimateBox({ id }: { id: string }) {
  const est = useAnalysis((s) => s.estimate);
  const kind = useDocument((s) => s.topology.components[id]?.kind);
  const e = est?.components[id];
  if (!e || !est) return null;
  if (kind === 'source') {
    // A source receives nothing: show what it sends and the end-to-end latency of its own requests.
    const own = sourceLatency(est, id);
    const sends = Object.entries(est.edgeRps)
      .filter(([k]) => k.startsWith(`${id}->`))
      .reduce((sum, [, v]) => sum + v, 0);
    return (
      <dl className="estimate-box" aria-label="Analytic estimate">
        <div>
          <dt>Sends</dt>
          <dd>{formatRate(sends)}</dd>
        </div>
        <div>
          <dt>Max load</dt>
          <dd>{est.maxThroughputRps === null ? '—' : formatRate(est.maxThroughputRps)}</dd>
        </div>
        <div>
          <dt>p99 (analytic)</dt>
          <dd>
            {sends === 0 || own.p99Ms === null
              ? '—'
              : Number.isFinite(own.p99Ms)
                ? formatMs(own.p99Ms)
                : 'saturated'}
          </dd>
        </div>
        <div>
          <dt>Mean latency</dt>
          <dd>
            {sends === 0 || own.meanMs === null
              ? '—'
              : Number.isFinite(own.meanMs)
                ? formatMs(own.meanMs)
                : 'saturated'}
          </dd>
        </div>
      </dl>
    );
  }
  return (
    <dl className="estimate-box" aria-label="Analytic estimate">
      <div>
        <dt>Arrivals</dt>
        <dd>{formatRate(e.arrivalRps)}</dd>
      </div>
      <div>
        <dt>Utilization</dt>
        <dd>{e.utilization === null ? '—' : formatPercent(e.utilization)}</dd>
      </div>
      {(est.cost.byComponent[id] ?? 0) > 0 && (
        <div>
          <dt>Cost</dt>
          <dd>{formatUsd(est.cost.byComponent[id] ?? 0)}/mo</dd>
        </div>
      )}
      {e.hitRatio !== null && (
        <div>
          <dt>Hit ratio</dt>
          <dd>{formatPercent(e.hitRatio)}</dd>
        </div>
      )}
      <div>
        <dt>Mean response</dt>
        <dd>
          {e.arrivalRps > 0
            ? Number.isFinite(e.meanResponseMs)
              ? formatMs(e.meanResponseMs)
              : 'saturated'
            : '—'}
        </dd>
      </div>
    </dl>
  );
}

function ComponentInspector({ id, component }: { id: string; component: Component }) {
  const option = ComponentSchema.options.find((o) => o.shape.kind.value === component.kind);
  const shape = option ? (defOf(option).shape ?? {}) : {};
  return (
    <section className="inspector" aria-label={`Inspector: ${component.name}`}>
      <header className="inspector-head">
        <KindIcon kind={component.kind} size={20} />
        <div>
          <div className="muted small">
            {KIND_LABEL[component.kind]} · <code>{id}</code>
            {component.preset ? ` · preset ${component.preset}` : ''}
          </div>
          <h3>{component.name}</h3>
        </div>
      </header>
      <EstimateBox id={id} />
      {Object.entries(shape).map(([k, s]) =>
        k === 'endpoints' && component.kind === 'source' ? (
          <EndpointsTable key={k} id={id} endpoints={component.endpoints} />
        ) : k === 'workload' && component.kind === 'source' ? (
          <div key={k}>
            <SchemaField name={k} schema={s} path={['components', id, k]} owner={id} />
            <SourceProfile component={component} />
          </div>
        ) : (
          <SchemaField key={k} name={k} schema={s} path={['components', id, k]} owner={id} />
        ),
      )}
      <div className="inspector-actions">
        <button type="button" className="btn" onClick={() => void runCommand('edit.duplicate')}>
          Duplicate
        </button>
        <button type="button" className="btn danger" onClick={() => void runCommand('edit.delete')}>
          Delete
        </button>
      </div>
    </section>
  );
}

/** The document's own settings: name, scenarios (duration, warm-up, load), SLO. */
function DocumentInspector() {
  const t = useDocument((s) => s.topology);
  const scenarios = t.scenarios ?? {};
  const est = useAnalysis((s) => s.estimate);
  return (
    <section className="inspector" aria-label="Design settings">
      <header className="inspector-head">
        <div>
          <div className="muted small">Design</div>
          <h3>{t.name}</h3>
        </div>
      </header>
      <SchemaField name="name" schema={TopologySchema.shape.name} path={['name']} />
      <SchemaField name="description" schema={TopologySchema.shape.description} path={['description']} />
      {est && (
        <dl className="estimate-box" aria-label="Analytic estimate of the design">
          <div>
            <dt>Offered</dt>
            <dd>{formatRate(est.offeredRps)}</dd>
          </div>
          <div>
            <dt>Max load</dt>
            <dd>{est.maxThroughputRps === null ? '—' : formatRate(est.maxThroughputRps)}</dd>
          </div>
          <div>
            <dt>Mean latency</dt>
            <dd>{est.endToEndMeanMs === null ? '—' : formatMs(est.endToEndMeanMs)}</dd>
          </div>
        </dl>
      )}
      <fieldset className="group">
        <legend>Scenarios</legend>
        {Object.keys(scenarios).map((sid) => (
          <fieldset className="group" key={sid}>
            <legend>
              {scenarios[sid]?.name ?? sid} <code className="muted">{sid}</code>
              <button
                type="button"
                className="link"
                aria-label={`Remove scenario ${sid}`}
                onClick={() => commit(['scenarios', sid], undefined)}
              >
                remove
              </button>
            </legend>
            {scenarios[sid] && <ProfileChart scenario={scenarios[sid]} />}
            {Object.entries(ScenarioSchema.shape).map(([k, s]) => (
              <SchemaField key={k} name={k} schema={s} path={['scenarios', sid, k]} />
            ))}
          </fieldset>
        ))}
        <button
          type="button"
          className="btn small"
          onClick={() => {
            const sid = uniqueId('scenario', (x) => Object.prototype.hasOwnProperty.call(scenarios, x));
            commit(['scenarios', sid], { name: 'New scenario', durationS: 300, warmupS: 30 });
          }}
        >
          Add scenario
        </button>
      </fieldset>
      <SchemaField name="slo" schema={TopologySchema.shape.slo} path={['slo']} />
    </section>
  );
}

/** The side panel's inspector: the selected component, a call, several components, or the design. */
export function Inspector() {
  const { nodes, edges } = useSelection();
  const topology = useDocument((s) => s.topology);
  if (nodes.length === 1) {
    const c = topology.components[nodes[0] as string];
    if (c) return <ComponentInspector key={nodes[0]} id={nodes[0] as string} component={c} />;
  }
  if (nodes.length > 1)
    return (
      <section className="inspector" aria-label="Selection">
        <h3>{nodes.length} components selected</h3>
        <div className="inspector-actions">
          <button type="button" className="btn" onClick={() => void runCommand('edit.duplicate')}>
            Duplicate
          </button>
          <button type="button" className="btn danger" onClick={() => void runCommand('edit.delete')}>
            Delete
          </button>
        </div>
      </section>
    );
  if (edges.length === 1) {
    const [from, to] = (edges[0] as string).split('->') as [string, string];
    return (
      <section className="inspector" aria-label="Call">
        <h3>
          {topology.components[from]?.name ?? from} → {topology.components[to]?.name ?? to}
        </h3>
        <p className="muted">Edit the call’s probability, timeout and retries in the caller’s inspector.</p>
        <div className="inspector-actions">
          <button type="button" className="btn" onClick={() => useSelection.getState().select([from])}>
            Open caller
          </button>
          <button
            type="button"
            className="btn danger"
            onClick={() => {
              useDocument.getState().edit((t) => disconnect(t, from, to));
              useSelection.getState().select([]);
            }}
          >
            Remove call
          </button>
        </div>
      </section>
    );
  }
  return <DocumentInspector />;
}
