/**
 * A plan's own thread: runs the planner (analytic bracketing, candidate scoring, the search) off
 * the main thread, and its simulated trials on nested simulation workers (createWorkerRunner).
 * Terminating this worker ends its simulation workers with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TrialRunner } from '../../models/planner/index.js';
import { executePlan, preparePlan, sloText, trialLabel, trialsMax } from './plan-job.js';
import type { PlanWorkerReply, PlanWorkerTask } from './plan-worker-protocol.js';
import { createWorkerRunner } from './planner.js';

const post = (reply: PlanWorkerReply) => parentPort?.postMessage(reply);

async function main(task: PlanWorkerTask): Promise<void> {
  const prepared = preparePlan(task.request);
  post({ type: 'limits', trialsMax: trialsMax(prepared, task.catalog) });
  const pool = createWorkerRunner({
    ...(task.maxWorkers !== undefined ? { maxWorkers: task.maxWorkers } : {}),
    onProgress: (fraction) => post({ type: 'trial-progress', fraction }),
  });
  // Reports each trial's start and end around the pool's runs.
  const runner: TrialRunner = {
    async run(topology, options) {
      post({ type: 'trial-start', ...trialLabel(prepared, topology) });
      const result = await pool.run(topology, options);
      post({ type: 'trial-done' });
      return result;
    },
  };
  try {
    const outcome = await executePlan(prepared, runner, task.catalog);
    post({ type: 'done', outcome, slo: sloText(prepared) });
  } finally {
    await pool.close();
  }
}

main(workerData as PlanWorkerTask).catch((error: unknown) =>
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
