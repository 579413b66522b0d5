import { create } from 'zustand';
import type { RunOptions, RunSummary, WindowPoint } from '../../../shared/api/contract.js';
import type { SimulationResult, WindowStats } from '../../../shared/results/index.js';
import { parseTopologyText, type Topology } from '../../../shared/topology/index.js';
import { api } from '../api/client.js';
import { selectEstimateScenario } from './analysis.js';

export type RunPhase = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

interface RunState {
  phase: RunPhase;
  runId: string | null;
  /** Name of the run shown (a past run opened from the history, or the latest). */
  runName: string | null;
  /** 0..1 */
  fraction: number;
  etaS: number | null;
  eventsPerS: number;
  /** Live windows of replication 0, in time order. */
  windows: WindowPoint[];
  headline: RunSummary['headline'];
  /** The full result of a finished run (fetched by run id). */
  result: SimulationResult | null;
  /** The design the shown run simulated (for names and the analytic comparison). */
  runTopology: Topology | null;
  error: string | null;
  options: RunOptions;
  /** Bumped when a run finishes (the history list refreshes). */
  finishedCount: number;
  setOptions(patch: Partial<RunOptions>): void;
  start(topologyText: string): Promise<void>;
  stop(): Promise<void>;
  /** Shows a stored run (history). */
  open(runId: string): Promise<void>;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { seed: 1, durationS: 60, warmupS: 10, replications: 1 };

/** A stored window as a live-series point (latencies in ms). */
export function toWindowPoint(w: WindowStats): WindowPoint {
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  return {
    startS: w.startS,
    throughputRps: w.throughputRps,
    offeredRps: w.offeredRps,
    errorRps: w.errorRps,
    p50Ms: ms(w.latency.p50S),
    p95Ms: ms(w.latency.p95S),
    p99Ms: ms(w.latency.p99S),
  };
}

/** The topology of a run's text, or null when it does not parse. */
function topologyOf(text: string): Topology | null {
  const r = parseTopologyText(text);
  return r.ok ? r.topology : null;
}

/** A run's stored result, if it looks like one. */
export function asResult(value: unknown): SimulationResult | null {
  if (!value || typeof value !== 'object') return null;
  const r = value as Partial<SimulationResult>;
  return Array.isArray(r.windows) && Array.isArray(r.components) && r.summary
    ? (r as SimulationResult)
    : null;
}

/** The run slice: one run at a time, fed by the API's progress and finished events. */
export const useRunStore = create<RunState>((set, get) => {
  api.on('run.progress', (p) => {
    if (p.runId !== get().runId) return;
    set((s) => ({
      phase: 'running',
      fraction: p.fraction,
      etaS: p.etaS,
      eventsPerS: p.eventsPerS,
      windows: p.windows.length ? [...s.windows, ...p.windows] : s.windows,
    }));
  });
  api.on('run.finished', (f) => {
    if (f.runId !== get().runId) return;
    if (f.status !== 'done') {
      set((s) => ({
        phase: f.status === 'cancelled' ? 'cancelled' : 'failed',
        error: f.error,
        finishedCount: s.finishedCount + 1,
      }));
      return;
    }
    void api['runs.get']({ runId: f.runId }).then(
      (detail) =>
        set((s) => ({
          phase: 'done',
          fraction: 1,
          etaS: 0,
          headline: detail.headline,
          result: asResult(detail.result),
          runTopology: topologyOf(detail.topologyText),
          runName: detail.name,
          finishedCount: s.finishedCount + 1,
        })),
      (e: Error) => set({ phase: 'failed', error: e.message }),
    );
  });

  return {
    phase: 'idle',
    runId: null,
    runName: null,
    fraction: 0,
    etaS: null,
    eventsPerS: 0,
    windows: [],
    headline: null,
    result: null,
    runTopology: null,
    error: null,
    options: DEFAULT_RUN_OPTIONS,
    finishedCount: 0,
    setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
    async start(topologyText) {
      set({
        phase: 'starting',
        runId: null,
        runName: null,
        fraction: 0,
        etaS: null,
        windows: [],
        headline: null,
        result: null,
        runTopology: topologyOf(topologyText),
        error: null,
      });
      try {
        const { runId } = await api['runs.start']({ topologyText, options: get().options });
        set((s) => (s.phase === 'starting' ? { runId, phase: 'running' } : { runId }));
      } catch (e) {
        set({ phase: 'failed', error: (e as Error).message });
      }
    },
    async stop() {
      const { runId } = get();
      if (runId) await api['runs.cancel']({ runId });
    },
    async open(runId) {
      const detail = await api['runs.get']({ runId });
      const result = asResult(detail.result);
      set({
        phase: detail.status === 'running' ? 'running' : detail.status,
        runId,
        runName: detail.name,
        fraction: detail.status === 'done' ? 1 : 0,
        etaS: null,
        windows: result ? result.windows.map(toWindowPoint) : [],
        headline: detail.headline,
        result,
        runTopology: topologyOf(detail.topologyText),
        error: detail.error,
      });
    },
  };
});

// The live estimate follows the scenario chosen for runs in the toolbar.
useRunStore.subscribe((s, prev) => {
  if (s.options.scenario !== prev.options.scenario) selectEstimateScenario(s.options.scenario);
});
