/** Runs a simulation to completion for a report (CLI and diff), in chunks so progress can be shown. */
import { createSimulation, type SimulationResult } from '../../models/index.js';
import type { Topology } from '../../shared/topology/index.js';

export interface ReportRunOptions {
  seed: number;
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
  const sim = createSimulation(topology, {
    seed: o.seed,
    ...(o.durationS !== undefined ? { durationS: o.durationS } : {}),
    ...(o.scenario !== undefined ? { scenario: o.scenario } : {}),
  });
  while (sim.advance(CHUNK)) {
    sim.drainWindows();
    o.onProgress?.(sim.progress().fraction);
  }
  return { result: sim.result(), warnings: [...sim.warnings] };
}
