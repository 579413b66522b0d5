/** Runs a simulation to completion for a report (CLI and diff), in chunks so progress can be shown. */
import { createSimulation, mergeReplications, type SimulationResult } from '../../models/index.js';
import type { Topology } from '../../shared/topology/index.js';

export interface ReportRunOptions {
  seed: number;
  /** Independent replications, merged exactly (confidence intervals across them); default 1. */
  replications?: number;
  durationS?: number;
  scenario?: string;
  /** Called between chunks with the simulated fraction done (0..1). */
  onProgress?: (fraction: number) => void;
}

/** Events per chunk between progress calls. */
const CHUNK = 500_000;

/** Simulates; throws the engine's CompileError for what it cannot run. */
export function runForReport(
  topology: Topology,
  o: ReportRunOptions,
): { result: SimulationResult; warnings: string[] } {
  const n = o.replications ?? 1;
  const results: SimulationResult[] = [];
  let warnings: string[] = [];
  for (let r = 0; r < n; r++) {
    const sim = createSimulation(topology, {
      seed: o.seed,
      replication: r,
      ...(o.durationS !== undefined ? { durationS: o.durationS } : {}),
      ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
    });
    if (r === 0) warnings = [...sim.warnings];
    while (sim.advance(CHUNK)) {
      sim.drainWindows();
      o.onProgress?.((r + sim.progress().fraction) / n);
    }
    results.push(sim.result());
  }
  return { result: mergeReplications(results), warnings };
}
