import { useCallback, useEffect, useState } from 'react';
import type { RunSummary } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { useRunStore } from '../store/run.js';
import { RunOverlay } from './RunOverlay.js';
import { useUi } from '../store/ui.js';
import { formatUsd } from '../ui/format.js';

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} ms`);
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(v !== 0 && v < 1e-4 ? 4 : 2)} %`;
const rps = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} req/s`);
const usdMonth = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${formatUsd(v)}/month`;

type Value = number | null | undefined;

/** Relative change from a to b, as text ("+12.0 %"). */
function delta(a: Value, b: Value): string {
  if (a === null || a === undefined || b === null || b === undefined) return '—';
  if (a === 0) return b === 0 ? '0 %' : 'new';
  const d = ((b - a) / Math.abs(a)) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)} %`;
}

/** Change of a rate from a to b in percentage points ("+0.012 pp"). */
function deltaPoints(a: Value, b: Value): string {
  if (a === null || a === undefined || b === null || b === undefined) return '—';
  const d = (b - a) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(Math.abs(d) < 0.01 && d !== 0 ? 4 : 2)} pp`;
}

/** One row of the diff: label, value of a run, its format and how the change is shown. */
type DiffRow = [string, (r: RunSummary) => Value, (v: Value) => string, (a: Value, b: Value) => string];

const DIFF_ROWS: DiffRow[] = [
  ['p99', (r) => r.headline?.p99Ms, ms, delta],
  ['p50', (r) => r.headline?.p50Ms, ms, delta],
  ['Mean', (r) => r.headline?.meanMs, ms, delta],
  ['Errors', (r) => r.headline?.errorRate, pct, deltaPoints],
  ['Throughput', (r) => r.headline?.throughputRps, rps, delta],
  // Analytic bottleneck-law max load of the run's design (null: nothing limits it; absent in older runs).
  ['Max load', (r) => r.headline?.maxLoadRps, (v) => (v === null ? 'unbounded' : rps(v)), delta],
  ['Cost', (r) => r.headline?.costPerMonthUsd, usdMonth, delta],
];

/** Two runs side by side (the older one first): latency, errors, throughput, max load, cost and the change. */
function DiffTable({ a, b }: { a: RunSummary; b: RunSummary }) {
  return (
    <table className="diff" data-testid="diff-table" aria-label="Comparison of two runs">
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{a.name}</th>
          <th scope="col">{b.name}</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {DIFF_ROWS.map(([label, get, f, change]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="num">{f(get(a))}</td>
            <td className="num">{f(get(b))}</td>
            <td className="num">{change(get(a), get(b))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HistoryRow({
  r,
  checked,
  onCheck,
  reload,
}: {
  r: RunSummary;
  checked: boolean;
  onCheck: (v: boolean) => void;
  reload: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(r.name);
  const rename = async () => {
    setEditing(false);
    if (name.trim() && name !== r.name) {
      await api['runs.rename']({ runId: r.id, name: name.trim() });
      reload();
    }
  };
  return (
    <li className="history-row" data-testid={`history-${r.id}`}>
      <input
        type="checkbox"
        aria-label={`Compare ${r.name}`}
        checked={checked}
        onChange={(e) => onCheck(e.target.checked)}
      />
      <div className="history-main">
        {editing ? (
          <input
            aria-label="New name"
            value={name}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void rename()}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void rename();
              if (e.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <span className="history-name">{r.name}</span>
        )}
        <span className="muted small">
          {new Date(r.createdAt).toLocaleString()} · {r.status} · p99 {ms(r.headline?.p99Ms)} ·{' '}
          {rps(r.headline?.throughputRps)}
        </span>
      </div>
      <div className="history-actions">
        <button
          type="button"
          className="btn small"
          onClick={() =>
            void useRunStore
              .getState()
              .open(r.id)
              .then(() => useUi.getState().set({ tab: 'results' }))
          }
        >
          Open
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => setEditing(true)}
          aria-label={`Rename ${r.name}`}
        >
          Rename
        </button>
        <button
          type="button"
          className="btn small danger"
          aria-label={`Delete ${r.name}`}
          onClick={() => void api['runs.delete']({ runId: r.id }).then(reload)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** Stored runs: open, rename, delete, and compare two. */
export function History() {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const finished = useRunStore((s) => s.finishedCount);
  const reload = useCallback(() => {
    api['runs.list']({ limit: 100 }).then(
      (list) => {
        setRuns(list);
        setPicked((p) => p.filter((id) => list.some((r) => r.id === id)));
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(reload, [reload, finished]);
  // The older run is the baseline (left); the change is from it to the newer one.
  const [a, b] = runs
    .filter((r) => picked.includes(r.id))
    .sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  return (
    <>
      <h2>History</h2>
      {error && <div className="error-box">{error}</div>}
      {runs.length === 0 && <p className="muted">No simulations yet.</p>}
      <ul className="history">
        {runs.map((r) => (
          <HistoryRow
            key={r.id}
            r={r}
            reload={reload}
            checked={picked.includes(r.id)}
            onCheck={(v) =>
              setPicked((p) =>
                v ? [...p.filter((x) => x !== r.id), r.id].slice(-2) : p.filter((x) => x !== r.id),
              )
            }
          />
        ))}
      </ul>
      {a && b ? (
        <>
          <DiffTable a={a} b={b} />
          <RunOverlay a={a} b={b} />
        </>
      ) : (
        runs.length > 1 && <p className="muted small">Tick two runs to compare them.</p>
      )}
    </>
  );
}
