/**
 * Trial runners for the capacity planner (models/planner): the replications of each simulated
 * trial run in worker threads (the simulation worker, sim-worker.ts), at most one per core across
 * all trials in flight, and are merged exactly (pooled histograms) in replication order — so a
 * trial's result does not depend on how many workers ran it. An in-process runner serves tests.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { mergeReplications, simulate } from '../../models/index.js';
import type { TrialRunner } from '../../models/planner/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { serializeTopology, type Topology } from '../../shared/topology/index.js';
import type { WorkerReply, WorkerTask } from './sim-worker-protocol.js';

/** The compiled simulation worker; from source (Vitest), the build in dist/. */
const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/main/services/sim-worker.js' : './sim-worker.js',
  import.meta.url,
);

/** Runs every replication on the calling thread (tests, --workers 1). */
export function createInProcessRunner(): TrialRunner {
  return {
    async run(topology, o) {
      const results: SimulationResult[] = [];
      for (let r = 0; r < o.replications; r++)
        results.push(
          simulate(topology, {
            seed: o.seed,
            replication: r,
            durationS: o.durationS,
            warmupS: o.warmupS,
            ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
          }),
        );
      return mergeReplications(results);
    },
  };
}

export interface WorkerRunner extends TrialRunner {
  /** Workers that may run at once. */
  readonly workers: number;
  /** Simulated replications so far. */
  readonly replicationsRun: number;
  /** Stops every running worker; pending runs reject. */
  close(): Promise<void>;
}

/** Runs replications in worker threads, at most `maxWorkers` (default: one per core) at once. */
export function createWorkerRunner(
  options: {
    maxWorkers?: number;
    maxOldGenerationSizeMb?: number;
    /** Called as replications advance: 0..1 of the simulated time of the last started `run` (all its replications). */
    onProgress?: (fraction: number) => void;
  } = {},
): WorkerRunner {
  const limit = Math.max(1, options.maxWorkers ?? availableParallelism());
  const queue: (() => void)[] = [];
  const live = new Set<Worker>();
  let running = 0;
  let count = 0;
  let closed = false;

  const acquire = () =>
    new Promise<void>((resolve) => {
      if (running < limit) {
        running++;
        resolve();
      } else queue.push(resolve);
    });
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };

  const runOne = async (
    task: WorkerTask,
    onFraction: (fraction: number) => void,
  ): Promise<SimulationResult> => {
    await acquire();
    try {
      if (closed) throw new Error('the planner was stopped');
      return await new Promise<SimulationResult>((resolve, reject) => {
        const worker = new Worker(workerUrl, {
          workerData: task,
          resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 2048 },
        });
        live.add(worker);
        let settled = false;
        const settle = (f: () => void) => {
          if (settled) return;
          settled = true;
          live.delete(worker);
          void worker.terminate();
          f();
        };
        worker.on('message', (msg: WorkerReply) => {
          if (msg.type === 'progress') onFraction(msg.fraction);
          else if (msg.type === 'done') settle(() => resolve(msg.result as SimulationResult));
          else if (msg.type === 'error') settle(() => reject(new Error(msg.message)));
        });
        worker.on('error', (e: Error & { code?: string }) =>
          settle(() =>
            reject(
              new Error(
                e.code === 'ERR_WORKER_OUT_OF_MEMORY'
                  ? 'a trial ran out of memory; lower --requests'
                  : `a trial crashed: ${e.message}`,
              ),
            ),
          ),
        );
        worker.on('exit', (code) =>
          settle(() => reject(new Error(`a simulation worker stopped unexpectedly (exit code ${code})`))),
        );
      });
    } finally {
      count++;
      release();
    }
  };

  return {
    workers: limit,
    get replicationsRun() {
      return count;
    },
    async run(topology: Topology, o) {
      const topologyText = serializeTopology(topology);
      const runOptions = {
        seed: o.seed,
        durationS: o.durationS,
        warmupS: o.warmupS,
        replications: o.replications,
        ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
      };
      const fractions = new Array<number>(o.replications).fill(0);
      const results = await Promise.all(
        Array.from({ length: o.replications }, (_, replication) =>
          runOne({ topologyText, options: runOptions, replication }, (f) => {
            fractions[replication] = f;
            options.onProgress?.(fractions.reduce((a, b) => a + b, 0) / o.replications);
          }),
        ),
      );
      return mergeReplications(results);
    },
    async close() {
      closed = true;
      await Promise.all([...live].map((w) => w.terminate()));
      live.clear();
    },
  };
}
