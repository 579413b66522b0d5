import { create } from 'zustand';
import type { RunOptions, RunSummary, WindowPoint } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';

export type RunPhase = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

interface RunState {
  phase: RunPhase;
  runId: string | null;
  /** 0..1 */
  fraction: number;
  etaS: number | null;
  eventsPerS: number;
  /** Live windows of replication 0, in time order. */
  windows: WindowPoint[];
  headline: RunSummary['headline'];
  error: string | null;
  options: RunOptions;
  setOptions(patch: Partial<RunOptions>): void;
  start(topologyText: string): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { seed: 1, durationS: 60, warmupS: 10, replications: 1 };

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
      set({ phase: f.status === 'cancelled' ? 'cancelled' : 'failed', error: f.error });
      return;
    }
    void api['runs.get']({ runId: f.runId }).then(
      (detail) => set({ phase: 'done', fraction: 1, etaS: 0, headline: detail.headline }),
      (e: Error) => set({ phase: 'failed', error: e.message }),
    );
  });

  return {
    phase: 'idle',
    runId: null,
    fraction: 0,
    etaS: null,
    eventsPerS: 0,
    windows: [],
    headline: null,
    error: null,
    options: DEFAULT_RUN_OPTIONS,
    setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
    async start(topologyText) {
      set({
        phase: 'starting',
        runId: null,
        fraction: 0,
        etaS: null,
        windows: [],
        headline: null,
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
  };
});
