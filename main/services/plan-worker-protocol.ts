import type { PlanRequest } from '../../shared/api/contract.js';
import type { PricingCatalog } from '../../shared/pricing/index.js';

/** What the service hands a plan worker: the (validated) request, the price catalog and its thread budget. */
export interface PlanWorkerTask {
  request: PlanRequest;
  catalog: PricingCatalog;
  /** Simulation threads the plan may run at once (default: one per core). */
  maxWorkers?: number;
}

export type PlanWorkerReply =
  /** Simulated trials the plan runs at most (sent once, before the first trial). */
  | { type: 'limits'; trialsMax: number }
  /** A trial started: its load (req/s) and label. */
  | { type: 'trial-start'; loadRps: number; label: string }
  /** 0..1 of the running trial's simulated time. */
  | { type: 'trial-progress'; fraction: number }
  | { type: 'trial-done' }
  | { type: 'done'; outcome: unknown; slo: string | null }
  | { type: 'error'; message: string };
