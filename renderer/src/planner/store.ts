import { create } from 'zustand';
import type {
  GrowthResult,
  LoadTrial,
  MaxLoadResult,
  RightSizeResult,
  SweepResult,
} from '../../../models/planner/index.js';
import type { ApiArgs, ApiEvent, PlanKind } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { DEFAULT_PLAN_FORM, type PlanForm } from './form.js';

export type { PlanForm, SweepMetric } from './form.js';

/** A growth plan's result as main sends it: the forecast plus the max-load search behind it. */
export type GrowthPlanResult = GrowthResult & {
  slo: string;
  trials: LoadTrial[];
  analytic: MaxLoadResult['analytic'];
};

/** A finished plan's result, by kind (loads in req/s, latencies in ms, cost in USD/month). */
export type PlanOutcome =
  | { kind: 'max-load'; result: MaxLoadResult }
  | { kind: 'right-size'; result: RightSizeResult }
  | { kind: 'growth'; result: GrowthPlanResult }
  | { kind: 'sweep'; result: SweepResult };

export type PlanPhase = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

interface PlannerState {
  /** The form shown. */
  kind: PlanKind;
  phase: PlanPhase;
  planId: string | null;
  /** Kind of the plan running or shown. */
  planKind: PlanKind | null;
  progress: Omit<ApiEvent<'plan.progress'>, 'planId'> | null;
  outcome: PlanOutcome | null;
  /** The SLO the shown plan judged, as text. */
  slo: string | null;
  /** Wall time the shown plan finished (ms since the epoch), for the growth forecast's calendar. */
  finishedAt: number | null;
  error: string | null;
  form: PlanForm;
  setKind(kind: PlanKind): void;
  setForm(patch: Partial<PlanForm>): void;
  start(request: ApiArgs<'plans.start'>): Promise<void>;
  stop(): Promise<void>;
}

/** The planner slice: one plan at a time, fed by the API's plan.progress and plan.finished events. */
export const usePlanner = create<PlannerState>((set, get) => {
  api.on('plan.progress', (p) => {
    if (p.planId !== get().planId) return;
    const { planId: _id, ...progress } = p;
    set({ phase: 'running', progress });
  });
  /** Shows a finished plan (from its event, or found finished when its id arrived after the event). */
  const showFinished = (
    planId: string,
    status: ApiEvent<'plan.finished'>['status'],
    error: string | null,
  ) => {
    if (planId !== get().planId || (get().phase !== 'running' && get().phase !== 'starting')) return;
    if (status === 'running') return;
    if (status !== 'done') {
      set({ phase: status === 'cancelled' ? 'cancelled' : 'failed', error });
      return;
    }
    void api['plans.get']({ planId }).then(
      (rec) => {
        if (planId !== get().planId) return;
        set({
          phase: 'done',
          outcome: { kind: rec.kind, result: rec.result } as PlanOutcome,
          slo: rec.slo,
          finishedAt: Date.now(),
        });
      },
      (e: Error) => set({ phase: 'failed', error: e.message }),
    );
  };
  api.on('plan.finished', (f) => showFinished(f.planId, f.status, f.error));
  return {
    kind: 'max-load',
    phase: 'idle',
    planId: null,
    planKind: null,
    progress: null,
    outcome: null,
    slo: null,
    finishedAt: null,
    error: null,
    form: DEFAULT_PLAN_FORM,
    setKind: (kind) => set({ kind }),
    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
    async start(request) {
      set({
        phase: 'starting',
        planId: null,
        planKind: request.kind,
        progress: null,
        outcome: null,
        slo: null,
        finishedAt: null,
        error: null,
      });
      try {
        const { planId } = await api['plans.start'](request);
        set((s) => (s.phase === 'starting' ? { planId, phase: 'running' } : { planId }));
        // A quick plan may have finished before its id arrived here.
        const rec = await api['plans.get']({ planId });
        showFinished(planId, rec.status, rec.error);
      } catch (e) {
        set({ phase: 'failed', error: (e as Error).message });
      }
    },
    async stop() {
      const { planId } = get();
      if (planId) await api['plans.cancel']({ planId });
    },
  };
});
