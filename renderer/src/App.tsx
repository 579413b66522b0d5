import { useEffect, useState } from 'react';
import { MENU_COMMANDS } from '../../shared/api/contract.js';
import { api } from './api/client.js';
import { Canvas } from './canvas/Canvas.js';
import { Palette } from './canvas/Palette.js';
import { commandForKey, runCommand, setTheme } from './commands.js';
import { baseName, FILE_INPUT_ID, loadText, openPickedFile } from './files.js';
import { Inspector } from './inspector/Inspector.js';
import { ExportReportDialog } from './report/ExportReportDialog.js';
import { PlannerPanel } from './planner/PlannerPanel.js';
import { PricesDialog } from './pricing/PricesDialog.js';
import { History } from './results/History.js';
import { ResultsPanel } from './results/ResultsPanel.js';
import { useAnalysis } from './store/analysis.js';
import { isDirty, useDocument } from './store/document.js';
import { loadPricing } from './pricing/load.js';
import { useRunStore } from './store/run.js';
import { useUi, type SideTab, type Theme } from './store/ui.js';
import { formatMs, formatRate, formatUsd } from './ui/format.js';
import { MenuBar } from './ui/MenuBar.js';
import { Problems } from './ui/Problems.js';
import { StartScreen } from './ui/StartScreen.js';
import { UnsavedDialog } from './ui/UnsavedDialog.js';
import { serializeTopology } from '../../shared/topology/index.js';

/** Autosave interval, ms. */
const AUTOSAVE_MS = 5000;

function NumberField({
  label,
  short,
  value,
  onChange,
  min,
}: {
  label: string;
  /** Visible text when the label is long (the full label stays the accessible name). */
  short?: string;
  value: number;
  onChange: (v: number) => void;
  min: number;
}) {
  return (
    <label title={label}>
      {short ?? label}
      <input
        type="number"
        aria-label={label}
        value={value}
        min={min}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= min) onChange(v);
        }}
      />
    </label>
  );
}

/** Which of the design's scenarios a run uses (default: the first). */
function ScenarioSelect() {
  const scenarios = useDocument((s) => s.topology.scenarios);
  const chosen = useRunStore((s) => s.options.scenario);
  const setOptions = useRunStore((s) => s.setOptions);
  const ids = Object.keys(scenarios ?? {});
  useEffect(() => {
    if (chosen !== undefined && !ids.includes(chosen)) setOptions({ scenario: undefined });
  }, [chosen, ids, setOptions]);
  if (ids.length === 0) return null;
  return (
    <label title="Scenario the run uses">
      <select
        aria-label="Scenario"
        value={chosen ?? ids[0]}
        onChange={(e) => setOptions({ scenario: e.target.value === ids[0] ? undefined : e.target.value })}
      >
        {ids.map((id) => (
          <option key={id} value={id}>
            {scenarios?.[id]?.name ?? id}
          </option>
        ))}
      </select>
    </label>
  );
}

const TABS: [SideTab, string][] = [
  ['inspector', 'Inspector'],
  ['problems', 'Problems'],
  ['results', 'Results'],
  ['history', 'History'],
  ['plan', 'Plan'],
];

function SidePanel() {
  const tab = useUi((s) => s.tab);
  const setUi = useUi((s) => s.set);
  const errorCount = useAnalysis((s) => s.issues.filter((i) => i.severity === 'error').length);
  return (
    <aside className="side" aria-label="Side panel">
      <div className="tabs" role="tablist" aria-label="Side panel">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className={`tab${tab === id ? ' active' : ''}`}
            onClick={() => setUi({ tab: id })}
            onKeyDown={(e) => {
              const i = TABS.findIndex(([t]) => t === id);
              const next =
                e.key === 'ArrowRight'
                  ? TABS[(i + 1) % TABS.length]
                  : e.key === 'ArrowLeft'
                    ? TABS[(i - 1 + TABS.length) % TABS.length]
                    : null;
              if (next) {
                setUi({ tab: next[0] });
                document.getElementById(`tab-${next[0]}`)?.focus();
              }
            }}
          >
            {label}
            {id === 'problems' && errorCount > 0 && <span className="count">{errorCount}</span>}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'inspector' && <Inspector />}
        {tab === 'problems' && <Problems />}
        {tab === 'results' && <ResultsPanel />}
        {tab === 'history' && <History />}
        {tab === 'plan' && <PlannerPanel />}
      </div>
    </aside>
  );
}

function StatusBar() {
  const analysis = useAnalysis();
  const count = useDocument((s) => Object.keys(s.topology.components).length);
  const phase = useRunStore((s) => s.phase);
  const message = useUi((s) => s.message);
  const est = analysis.estimate;
  const errors = analysis.issues.filter((i) => i.severity === 'error').length;
  const reached = est ? Object.values(est.components).some((c) => c.arrivalRps > 0) : false;
  const bottleneckName = est?.bottleneck
    ? (analysis.topology.components[est.bottleneck]?.name ?? est.bottleneck)
    : null;
  return (
    <footer className="statusbar" aria-label="Status">
      <span>
        {count} component{count === 1 ? '' : 's'}
      </span>
      <button
        type="button"
        className={`status-problems${errors ? ' has' : ''}`}
        onClick={() => useUi.getState().set({ tab: 'problems', sideOpen: true })}
      >
        {errors === 0 ? 'No problems' : `${errors} problem${errors === 1 ? '' : 's'}`}
      </button>
      {est && (
        <>
          <span data-testid="status-offered">Load {formatRate(est.offeredRps)}</span>
          <span
            data-testid="status-maxload"
            title="Highest total source rate before the bottleneck saturates (analytic)"
          >
            Max load {est.maxThroughputRps === null ? '—' : formatRate(est.maxThroughputRps)}
          </span>
          <span data-testid="status-bottleneck">Bottleneck {bottleneckName ?? '—'}</span>
          {reached && (
            <span
              data-testid="status-cost"
              title={`Steady-state cost at the offered load (analytic, the app's price catalog: Simulation → Price Catalog…), of which data transfer ${formatUsd(est.cost.transferPerMonth)}/month.${est.cost.notes.length ? `\n${est.cost.notes.join('\n')}` : ''}`}
            >
              Cost {formatUsd(est.cost.perMonth)}/month
              {est.cost.perMillionRequests !== null
                ? ` · ${formatUsd(est.cost.perMillionRequests)}/M req`
                : ''}
            </span>
          )}
          <span data-testid="status-latency">
            Mean latency{' '}
            {!reached || est.endToEndMeanMs === null
              ? '—'
              : Number.isFinite(est.endToEndMeanMs)
                ? formatMs(est.endToEndMeanMs)
                : 'saturated'}
          </span>
          <span
            data-testid="status-p99"
            title="Estimated 99th percentile of end-to-end latency over the request mix (analytic)"
          >
            p99{' '}
            {!reached || est.endToEndP99Ms === null
              ? '—'
              : Number.isFinite(est.endToEndP99Ms)
                ? formatMs(est.endToEndP99Ms)
                : 'saturated'}
          </span>
        </>
      )}
      <span
        className="muted"
        data-testid="status-compute"
        title="Validation and analytic estimate time for the last edit"
      >
        estimate {analysis.computeMs.toFixed(1)} ms
      </span>
      <span className="spacer" />
      {message && (
        <span className="status-message" role="status">
          {message}
        </span>
      )}
      <span>{phase === 'idle' ? 'Ready' : phase}</span>
    </footer>
  );
}

function OpenFailureDialog() {
  const failure = useUi((s) => s.openFailure);
  if (!failure) return null;
  const close = () => useUi.getState().set({ openFailure: null });
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="open-failure-title"
        data-testid="open-errors"
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <header>
          <h2 id="open-failure-title">Cannot open {failure.name}</h2>
        </header>
        <p>
          The file has {failure.errors.length} problem{failure.errors.length === 1 ? '' : 's'}. Your current
          design is unchanged.
        </p>
        <ul className="problems">
          {failure.errors.slice(0, 50).map((e, i) => (
            <li key={i} className="error">
              <code>{e.path || '(file)'}</code> {e.message}
            </li>
          ))}
        </ul>
        <footer>
          <button type="button" className="btn primary" onClick={close} autoFocus>
            OK
          </button>
        </footer>
      </div>
    </div>
  );
}

/** Export report… for the run shown in the results (opened by the menu command). */
function ReportDialog() {
  const open = useUi((s) => s.reportOpen);
  const runId = useRunStore((s) => s.runId);
  if (!open || !runId) return null;
  return <ExportReportDialog runId={runId} onClose={() => useUi.getState().set({ reportOpen: false })} />;
}

function RecoveryBanner() {
  const recovery = useUi((s) => s.recovery);
  if (!recovery) return null;
  return (
    <div className="banner" role="alert" data-testid="recovery">
      <span>
        Unsaved changes from {new Date(recovery.savedAt).toLocaleString()}
        {recovery.filePath ? ` (${baseName(recovery.filePath)})` : ''} were found.
      </span>
      <button
        type="button"
        className="btn small primary"
        onClick={() => {
          void loadText(recovery.text, recovery.filePath, 'recovered design', { dirty: true }).then((ok) => {
            if (ok) useUi.getState().set({ recovery: null });
          });
        }}
      >
        Recover
      </button>
      <button type="button" className="btn small" onClick={() => useUi.getState().set({ recovery: null })}>
        Discard
      </button>
    </div>
  );
}

/** Wires app-wide effects: shortcuts, native menu, open requests, title, autosave, theme. */
function useAppEffects() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === 'INPUT' ||
          target.tagName === 'TEXTAREA' ||
          target.tagName === 'SELECT' ||
          target.isContentEditable);
      const cmd = commandForKey(e);
      if (!cmd) return;
      if (typing && (cmd.startsWith('edit.') || cmd === 'view.fit')) return;
      if (useUi.getState().unsavedPrompt || useUi.getState().pricesOpen) return;
      if (useUi.getState().startOpen && cmd !== 'file.open') return;
      e.preventDefault();
      void runCommand(cmd);
    };
    window.addEventListener('keydown', onKey);
    const offMenu = api.on('menu.command', (p) => {
      if ((MENU_COMMANDS as readonly string[]).includes(p.command)) void runCommand(p.command);
    });
    const offOpen = api.on('file.openRequest', (p) => {
      void loadText(p.text, p.path, baseName(p.path));
    });
    // A file the OS asked the desktop app to open before this subscription existed (start-up).
    void api['files.pendingOpen']({}).then(
      (f) => f && void loadText(f.text, f.path, baseName(f.path)),
      () => undefined,
    );
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu();
      offOpen();
    };
  }, []);

  // Title with a dirty marker.
  const name = useDocument((s) => s.topology.name);
  const filePath = useDocument((s) => s.filePath);
  const dirty = useDocument(isDirty);
  useEffect(() => {
    // The desktop host adds the dirty marker and the app name itself; the browser tab gets the same form.
    const title = (filePath ? baseName(filePath) : name).slice(0, 280);
    document.title = `${dirty ? '• ' : ''}${title} — Headroom`;
    void api['window.setTitle']({ title, dirty }).catch(() => undefined);
  }, [name, filePath, dirty]);

  // Recovery offer; with nothing to recover and no file opened meanwhile, the start screen. Theme preference.
  useEffect(() => {
    const launchStart = () => {
      if (useDocument.getState().filePath === null && !isDirty(useDocument.getState()))
        useUi.getState().set({ startOpen: true });
    };
    void api['autosave.take']({}).then(
      (snap) => {
        if (snap) useUi.getState().set({ recovery: snap });
        else launchStart();
      },
      () => launchStart(),
    );
    void loadPricing();
    void api['preferences.get']({ key: 'theme' }).then(
      (v) => {
        if (v === 'light' || v === 'dark' || v === 'system') setTheme(v as Theme, false);
      },
      () => undefined,
    );
  }, []);

  // Autosave every few seconds while dirty; cleared when clean.
  useEffect(() => {
    let last: unknown = null;
    let lastDirty = false;
    const timer = setInterval(() => {
      const s = useDocument.getState();
      const dirty = isDirty(s);
      // A save makes the same document clean: the snapshot must go then too.
      if (s.topology === last && dirty === lastDirty) return;
      last = s.topology;
      lastDirty = dirty;
      if (dirty)
        void api['autosave.put']({ text: serializeTopology(s.topology), filePath: s.filePath }).catch(
          () => undefined,
        );
      else void api['autosave.clear']({}).catch(() => undefined);
    }, AUTOSAVE_MS);
    return () => clearInterval(timer);
  }, []);

  // Status messages fade after a while.
  const message = useUi((s) => s.message);
  useEffect(() => {
    if (!message) return;
    const t = setTimeout(() => useUi.getState().set({ message: null }), 6000);
    return () => clearTimeout(t);
  }, [message]);
}

export function App() {
  const topology = useDocument((s) => s.topology);
  const dirty = useDocument(isDirty);
  const { phase, options, setOptions } = useRunStore();
  const running = phase === 'starting' || phase === 'running';
  const { paletteOpen, sideOpen, startOpen, theme } = useUi();
  const [fileInputKey, setFileInputKey] = useState(0);
  useAppEffects();

  return (
    <div className={`app${paletteOpen ? '' : ' no-palette'}${sideOpen ? '' : ' no-side'}`}>
      <header className="toolbar">
        <span className="brand">Headroom</span>
        <MenuBar />
        <span className="doc-name" title={topology.name}>
          {topology.name}
          {dirty && (
            <span className="dirty" aria-label="unsaved changes" title="Unsaved changes">
              {' '}
              •
            </span>
          )}
        </span>
        <span className="spacer" />
        <div className="icon-buttons">
          <button
            type="button"
            className="btn icon"
            onClick={() => void runCommand('edit.undo')}
            aria-label="Undo"
            title="Undo (Ctrl+Z)"
          >
            ↶
          </button>
          <button
            type="button"
            className="btn icon"
            onClick={() => void runCommand('edit.redo')}
            aria-label="Redo"
            title="Redo (Ctrl+Shift+Z)"
          >
            ↷
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void runCommand('view.autoLayout')}
            title="Auto-layout (Ctrl+Shift+L)"
          >
            Layout
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void runCommand('file.save')}
            title="Save (Ctrl+S)"
          >
            Save
          </button>
          <button
            type="button"
            className="btn icon"
            onClick={() => void runCommand('view.toggleTheme')}
            aria-label={`Theme: ${theme}`}
            title={`Theme: ${theme} (click to switch)`}
          >
            {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
          </button>
        </div>
        <div className="run-options" role="group" aria-label="Simulation options">
          <ScenarioSelect />
          <NumberField
            label="Duration (s)"
            value={options.durationS}
            min={1}
            onChange={(durationS) => setOptions({ durationS })}
          />
          <NumberField
            label="Warm-up (s)"
            value={options.warmupS}
            min={0}
            onChange={(warmupS) => setOptions({ warmupS })}
          />
          <NumberField label="Seed" value={options.seed} min={0} onChange={(seed) => setOptions({ seed })} />
          <NumberField
            label="Replications"
            short="Reps"
            value={options.replications}
            min={1}
            onChange={(replications) => setOptions({ replications })}
          />
        </div>
        {running ? (
          <button className="btn" onClick={() => void runCommand('simulation.stop')}>
            Stop
          </button>
        ) : (
          <button
            className="btn primary"
            onClick={() => void runCommand('simulation.run')}
            title="Run (Ctrl+Enter)"
          >
            Run
          </button>
        )}
      </header>
      <RecoveryBanner />
      {paletteOpen && <Palette />}
      <main className="canvas">
        <Canvas />
      </main>
      {sideOpen && <SidePanel />}
      <StatusBar />
      {startOpen && <StartScreen />}
      <OpenFailureDialog />
      <PricesDialog />
      <UnsavedDialog />
      <ReportDialog />
      <input
        key={fileInputKey}
        id={FILE_INPUT_ID}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        tabIndex={-1}
        aria-label="Open a Headroom file"
        data-testid="file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void openPickedFile(f);
          setFileInputKey((k) => k + 1);
        }}
      />
    </div>
  );
}
