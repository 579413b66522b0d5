import { Canvas } from './canvas/Canvas.js';
import { ResultsPanel } from './results/ResultsPanel.js';
import { serializeTopology } from '../../shared/topology/index.js';
import { useDocument } from './store/document.js';
import { useRunStore } from './store/run.js';

function NumberField({
  label,
  value,
  onChange,
  min,
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  min: number;
}) {
  return (
    <label>
      {label}
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

export function App() {
  const topology = useDocument((s) => s.topology);
  const { phase, options, setOptions, start, stop } = useRunStore();
  const running = phase === 'starting' || phase === 'running';

  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand">Headroom</span>
        <span className="doc-name">{topology.name}</span>
        <span className="spacer" />
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
          value={options.replications}
          min={1}
          onChange={(replications) => setOptions({ replications })}
        />
        {running ? (
          <button className="btn" onClick={() => void stop()}>
            Stop
          </button>
        ) : (
          <button className="btn primary" onClick={() => void start(serializeTopology(topology))}>
            Run
          </button>
        )}
      </header>
      <main className="canvas">
        <Canvas />
      </main>
      <aside className="side" aria-label="Results">
        <ResultsPanel />
      </aside>
      <footer className="statusbar">
        <span>{Object.keys(topology.components).length} components</span>
        <span>{phase === 'idle' ? 'Ready' : phase}</span>
      </footer>
    </div>
  );
}
