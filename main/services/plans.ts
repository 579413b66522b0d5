/**
 * Runs a capacity plan in its own worker thread (plan-worker.ts), never on the calling thread:
 * the planner's search runs there and its trials on nested simulation workers. Progress (trials
 * done, the trial in flight, an ETA) is reported at most every 100 ms; cancel ends every thread.
 */
import { Worker } from 'node:worker_threads';
import type { ApiEvent, PlanRequest } from '../../shared/api/contract.js';
import type { PricingCatalog } from '../../shared/pricing/index.js';
import type { PlanOutcome } from './plan-job.js';
import type { PlanWorkerReply, PlanWorkerTask } from './plan-worker-protocol.js';
import { RunCancelled } from './runner.js';

/** The compiled plan worker; when this module runs from source (Vitest), the build in dist/. */
const planWorkerUrl = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/main/services/plan-worker.js' : './plan-worker.js',
  import.meta.url,
);

/** Wall milliseconds between progress reports, at least. */
const MIN_REPORT_GAP_MS = 100;

export type PlanProgress = Omit<ApiEvent<'plan.progress'>, 'planId'>;

export interface PlanHandle {
  /** Resolves with the outcome and the SLO judged, or rejects with a user-facing message (RunCancelled when stopped). */
  readonly done: Promise<{ outcome: PlanOutcome; slo: string | null }>;
  /** Ends the plan's thread and its simulation threads at once; `done` rejects when they have ended. */
  cancel(): void;
}

/** Starts a validated plan request on a worker thread. */
export function startPlan(
  request: PlanRequest,
  catalog: PricingCatalog,
  onProgress: (p: PlanProgress) => void,
  limits: { maxWorkers?: number } = {},
): PlanHandle {
  const task: PlanWorkerTask = {
    request,
    catalog,
    ...(limits.maxWorkers !== undefined ? { maxWorkers: limits.maxWorkers } : {}),
  };
  const worker = new Worker(planWorkerUrl, { workerData: task });
  const started = Date.now();
  let trialsMax: number | null = null;
  let trialsDone = 0;
  let trialFraction = 0;
  let current: PlanProgress['current'] = null;
  let lastReport = 0;
  let settled = false;

  const report = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastReport < MIN_REPORT_GAP_MS) return;
    lastReport = now;
    const progressed = trialsDone + trialFraction;
    const elapsedS = (now - started) / 1000;
    // Wall seconds per trial so far (the running trial by its fraction), times the trials left at most.
    const etaS =
      trialsMax !== null && progressed >= 0.05
        ? Math.max(0, (elapsedS / progressed) * (trialsMax - progressed))
        : null;
    onProgress({ trialsDone, trialsMax, trialFraction, current, etaS });
  };

  let resolveDone!: (v: { outcome: PlanOutcome; slo: string | null }) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<{ outcome: PlanOutcome; slo: string | null }>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // Callers may only cancel; keep an unobserved rejection from crashing the process.
  done.catch(() => undefined);

  // Settles once the plan's thread has ended (its simulation threads end with it).
  const finish = (f: () => void) => {
    if (settled) return;
    settled = true;
    void worker.terminate().then(f, f);
  };

  worker.on('message', (msg: PlanWorkerReply) => {
    switch (msg.type) {
      case 'limits':
        trialsMax = msg.trialsMax;
        report(true);
        return;
      case 'trial-start':
        current = { loadRps: msg.loadRps, label: msg.label };
        trialFraction = 0;
        report(true);
        return;
      case 'trial-progress':
        trialFraction = msg.fraction;
        report(false);
        return;
      case 'trial-done':
        trialsDone++;
        trialFraction = 0;
        report(true);
        return;
      case 'done':
        finish(() => resolveDone({ outcome: msg.outcome as PlanOutcome, slo: msg.slo }));
        return;
      case 'error':
        finish(() => rejectDone(new Error(msg.message)));
        return;
    }
  });
  worker.on('error', (error: Error) =>
    finish(() => rejectDone(new Error(`the plan crashed: ${error.message}`))),
  );
  worker.on('exit', (code) =>
    finish(() => rejectDone(new Error(`the plan's worker stopped unexpectedly (exit code ${code})`))),
  );

  return {
    done,
    cancel() {
      finish(() => rejectDone(new RunCancelled()));
    },
  };
}
