/**
 * Public API of the simulation engine, for the app's worker thread and the CLI. A run is
 * steppable: `advance(maxEvents)` runs a chunk, so the caller can report progress and cancel
 * between chunks. Pure and deterministic: same topology + options → bit-identical result.
 */
import type { SimulationProgress, SimulationResult, WindowStats } from '../shared/results/index.js';
import { parseTopologyText, type Topology } from '../shared/topology/index.js';
import { compileTopology, CompileError } from './engine/compile.js';
import { mergeResults } from './engine/merge.js';
import { Engine } from './engine/simulation.js';

export { CompileError } from './engine/compile.js';
export { compileTopology } from './engine/compile.js';
export type { SimulationProgress, SimulationResult, WindowStats } from '../shared/results/index.js';

export interface SimulationOptions {
  /** Seed of every random stream (an integer 0 … 2^32 − 1). */
  seed: number;
  /** Simulated seconds, warm-up included (default: the scenario's). */
  durationS?: number;
  /**
   * Simulated seconds discarded at the start (default: the scenario's, else 0; when the scenario's
   * is not shorter than `durationS`, the same share of the run: see defaultWarmupS).
   */
  warmupS?: number;
  /** Window of the live series, simulated seconds (default 1). */
  windowS?: number;
  /** Scenario id (default: the file's first scenario). */
  scenario?: string;
  /** Replication index: replications differ only by this (default 0). */
  replication?: number;
  /** Batches of the measured period for single-run confidence intervals (default 20). */
  batches?: number;
  /** Tail attribution: trace every n-th request of each source (default 32; 0 = off). */
  traceEvery?: number;
}

export interface Simulation {
  /** Runs up to maxEvents events; false once the run is over. */
  advance(maxEvents: number): boolean;
  progress(): SimulationProgress;
  /** Windows finished since the last call (for live charts). */
  drainWindows(): WindowStats[];
  /** The result; only after advance() returned false. */
  result(): SimulationResult;
  /** Compile warnings: parts of the file the engine does not simulate yet. */
  readonly warnings: readonly string[];
}

/**
 * Warm-up of a run of `durationS` simulated seconds when none is given, seconds: the scenario's,
 * or, when that is not shorter than the run, the same share of the run as of the scenario's
 * duration (0 without a scenario).
 */
export function defaultWarmupS(
  scenario: { durationS: number; warmupS?: number | undefined } | null | undefined,
  durationS: number,
): number {
  const warm = scenario?.warmupS ?? 0;
  if (scenario === null || scenario === undefined || warm < durationS) return warm;
  return durationS * (warm / scenario.durationS);
}

/** Builds a run of a validated topology. Throws CompileError for what the engine cannot run. */
export function createSimulation(topology: Topology, options: SimulationOptions): Simulation {
  const compiled = compileTopology(topology, options.scenario ?? null);
  const durationS = options.durationS ?? compiled.scenario?.durationS;
  if (durationS === undefined)
    throw new CompileError('scenarios', 'no duration: give durationS or add a scenario');
  const warmupS = options.warmupS ?? defaultWarmupS(compiled.scenario, durationS);
  if (!(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff))
    throw new CompileError('', 'seed must be an integer in [0, 2^32 − 1]');
  if (!(durationS > 0 && Number.isFinite(durationS))) throw new CompileError('', 'durationS must be > 0');
  if (!(warmupS >= 0 && warmupS < durationS))
    throw new CompileError('', 'warmupS must be >= 0 and shorter than durationS');
  const engine = new Engine(compiled.model, {
    seed: options.seed,
    durationS,
    warmupS,
    windowS: options.windowS ?? 1,
    replication: options.replication ?? 0,
    scenario: compiled.scenario?.id ?? null,
    batches: options.batches ?? 20,
    ...(options.traceEvery !== undefined ? { traceEvery: options.traceEvery } : {}),
  });
  return {
    advance: (maxEvents) => engine.advance(maxEvents),
    progress: () => engine.progress(),
    drainWindows: () => engine.drainWindows(),
    result: () => engine.result(),
    warnings: compiled.warnings,
  };
}

/** Parses a topology file's text and builds a run; parse errors become one CompileError. */
export function createSimulationFromText(text: string, options: SimulationOptions): Simulation {
  const parsed = parseTopologyText(text);
  if (!parsed.ok)
    throw new CompileError(
      '',
      parsed.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; '),
    );
  return createSimulation(parsed.topology, options);
}

/** Runs to completion. */
export function simulate(topology: Topology, options: SimulationOptions): SimulationResult {
  const sim = createSimulation(topology, options);
  let more = true;
  while (more) more = sim.advance(1_000_000);
  return sim.result();
}

/** Merges independent replications: pooled histograms and counts, CIs across replications. */
export function mergeReplications(results: readonly SimulationResult[]): SimulationResult {
  return mergeResults(results);
}
