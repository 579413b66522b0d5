import { parentPort, workerData } from 'node:worker_threads';
import { createSimulation } from '../../models/index.js';
import type { WindowPoint } from '../../shared/api/contract.js';
import type { WindowStats } from '../../shared/results/index.js';
import { parseTopologyText } from '../../shared/topology/index.js';
import { toMs } from './units.js';
import type { WorkerReply, WorkerTask } from './sim-worker-protocol.js';
import { tuneEngineVm } from './engine-vm.js';

tuneEngineVm();

/** Events simulated between progress checks (a few milliseconds of wall time, even for large designs). */
const CHUNK_EVENTS = 10_000;
/** Wall milliseconds between progress messages (≥ 4 Hz). */
const PROGRESS_EVERY_MS = 150;

const post = (reply: WorkerReply) => parentPort?.postMessage(reply);

const toPoint = (w: WindowStats): WindowPoint => ({
  startS: w.startS,
  throughputRps: w.throughputRps,
  offeredRps: w.offeredRps,
  errorRps: w.errorRps,
  p50Ms: toMs(w.latency.p50S),
  p95Ms: toMs(w.latency.p95S),
  p99Ms: toMs(w.latency.p99S),
});

function run(task: WorkerTask): void {
  const parsed = parseTopologyText(task.topologyText);
  if (!parsed.ok) {
    post({
      type: 'error',
      message: `the topology is not valid: ${parsed.errors[0]?.path}: ${parsed.errors[0]?.message}`,
    });
    return;
  }
  const sim = createSimulation(parsed.topology, { ...task.options, replication: task.replication });
  let last = Date.now();
  while (sim.advance(CHUNK_EVENTS)) {
    const now = Date.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      const p = sim.progress();
      post({
        type: 'progress',
        fraction: p.fraction,
        events: p.events,
        windows: sim.drainWindows().map(toPoint),
      });
    }
  }
  const p = sim.progress();
  post({ type: 'progress', fraction: 1, events: p.events, windows: sim.drainWindows().map(toPoint) });
  post({ type: 'done', result: sim.result() });
}

try {
  run(workerData as WorkerTask);
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
