import { formatIssue } from '../../../shared/topology/index.js';
import { componentOfPath, describeIssue, useAnalysis } from '../store/analysis.js';
import { useDocument } from '../store/document.js';
import { useSelection } from '../store/selection.js';
import { useUi } from '../store/ui.js';

/** Every validation problem of the document; choosing one selects its component. */
export function Problems() {
  const issues = useAnalysis((s) => s.issues);
  const topology = useDocument((s) => s.topology);
  if (issues.length === 0) return <p className="muted">No problems: the design is valid.</p>;
  const sorted = [...issues].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  return (
    <ul className="problems" aria-label="Problems">
      {sorted.map((i, n) => {
        const id = componentOfPath(i.path);
        const name = id ? (topology.components[id]?.name ?? id) : 'Design';
        return (
          <li key={n} className={i.severity}>
            <button
              type="button"
              className="problem-item"
              onClick={() => {
                if (id) {
                  useSelection.getState().select([id]);
                  useUi.getState().set({ tab: 'inspector' });
                }
              }}
              title={formatIssue(i)}
            >
              <span className={`sev ${i.severity}`}>{i.severity === 'error' ? 'Error' : 'Warning'}</span>
              <span className="where">
                {name}
                <code>{i.path || '(file)'}</code>
              </span>
              <span className="what">{describeIssue(i)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
