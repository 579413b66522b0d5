import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunOptions, WindowPoint } from '../../shared/api/contract.js';
import type { WorkerReply, WorkerTask } from './sim-worker-protocol.js';

export interface RunProgress {
  /** 0..1 over all replications. */
  fraction: number;
  /** Wall seconds to completion, estimated from the rate so far. */
  etaS: number | null;
  /** Simulation events per wall second, all workers together. */
  eventsPerS: number;
  /** New windows from replication 0. */
  windows: WindowPoint[];
}

export interface RunHandle {
  /** Resolves with one result per replication (in replication order), or rejects with a user-facing message. */
  readonly done: Promise<unknown[]>;
  /** Stops every worker at once; `done` then rejects with a RunCancelled. */
  cancel(): void;
}

export class RunCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'RunCancelled';
  }
}

/** The compiled worker; when this module runs from source (Vitest), the build in dist/ (npm test builds first). */
const workerUrl = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/main/services/sim-worker.js' : './sim-worker.js',
  import.meta.url,
);

/** Wall milliseconds between progress reports, at least (shorter than the workers' 150 ms, so none is skipped in turn). */
const MIN_REPORT_GAP_MS = 100;

/**
 * Runs a simulation in worker threads, never on the calling thread: replications spread over
 * up to one worker per core; progress is reported at 5–10 Hz; a crashed worker becomes an error.
 */
export function startRun(
  topologyText: string,
  options: RunOptions,
  onProgress: (p: RunProgress) => void,
  limits: { maxWorkers?: number; maxOldGenerationSizeMb?: number; workerUrl?: URL } = {},
): RunHandle {
  const replications = options.replications;
  const workerCount = Math.max(1, Math.min(replications, limits.maxWorkers ?? availableParallelism()));
  const fractions = new Array<number>(replications).fill(0);
  const eventsByReplication = new Array<number>(replications).fill(0);
  const results = new Array<unknown>(replications);
  const workers = new Set<Worker>();
  const started = Date.now();
  let next = 0;
  let cancelled = false;
  let failed = false;
  let pendingWindows: WindowPoint[] = [];
  let lastReport = 0;

  const report = (force: boolean) => {
    const now = Date.now();
    // Workers post every 150 ms; merging replications' messages, pass on at most one per 100 ms.
    if (!force && now - lastReport < MIN_REPORT_GAP_MS) return;
    lastReport = now;
    const fraction = fractions.reduce((a, b) => a + b, 0) / replications;
    const elapsedS = (now - started) / 1000;
    const events = eventsByReplication.reduce((a, b) => a + b, 0);
    onProgress({
      fraction,
      etaS: fraction > 0.01 ? (elapsedS * (1 - fraction)) / fraction : null,
      eventsPerS: elapsedS > 0 ? events / elapsedS : 0,
      windows: pendingWindows,
    });
    pendingWindows = [];
  };

  let resolveDone!: (r: unknown[]) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<unknown[]>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // Callers may only cancel; keep an unobserved rejection from crashing the process.
  done.catch(() => undefined);

  const fail = (error: Error) => {
    if (failed || cancelled) return;
    failed = true;
    for (const w of workers) void w.terminate();
    workers.clear();
    rejectDone(error);
  };

  const launch = () => {
    if (next >= replications || failed || cancelled) return;
    const replication = next++;
    const task: WorkerTask = { topologyText, options, replication };
    const worker = new Worker(limits.workerUrl ?? workerUrl, {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb ?? 2048 },
    });
    workers.add(worker);
    let finished = false;
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'progress') {
        fractions[replication] = msg.fraction;
        eventsByReplication[replication] = msg.events;
        if (replication === 0) pendingWindows.push(...msg.windows);
        report(false);
      } else if (msg.type === 'done') {
        finished = true;
        fractions[replication] = 1;
        results[replication] = msg.result;
        workers.delete(worker);
        void worker.terminate();
        report(true);
        if (results.filter((r) => r !== undefined).length === replications) resolveDone(results);
        else launch();
      } else {
        finished = true;
        fail(new Error(msg.message));
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      finished = true;
      const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      fail(
        new Error(
          oom
            ? 'the simulation ran out of memory; shorten the run or lower the load'
            : `the simulation crashed: ${error.message}`,
        ),
      );
    });
    worker.on('exit', (code) => {
      workers.delete(worker);
      if (!finished && !cancelled)
        fail(new Error(`the simulation worker stopped unexpectedly (exit code ${code})`));
    });
  };

  for (let i = 0; i < workerCount; i++) launch();

  return {
    done,
    cancel() {
      if (cancelled || failed) return;
      cancelled = true;
      for (const w of workers) void w.terminate();
      workers.clear();
      rejectDone(new RunCancelled());
    },
  };
}
