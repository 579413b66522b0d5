import type { RunOptions, WindowPoint } from '../../shared/api/contract.js';

/** What the runner hands one worker: one replication of one run. */
export interface WorkerTask {
  topologyText: string;
  options: RunOptions;
  replication: number;
}

export type WorkerReply =
  | { type: 'progress'; fraction: number; events: number; windows: WindowPoint[] }
  | { type: 'done'; result: unknown }
  | { type: 'error'; message: string };
