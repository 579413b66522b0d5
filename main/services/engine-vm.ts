/**
 * V8 tuning for the simulation engine, applied where it runs: each simulation worker (the web
 * host's, the CLI's, the planner's trials), the CLI and the validation suite (which also simulate
 * in-process) and the bench. The engine's event path is a chain of methods of 200–460 bytecode
 * bytes; V8 inlines at most 920 bytes into one optimised function by default, so most of the chain
 * stays calls. At 1500 the jackson3 bench runs about 9% faster (Node 20, median of 3 runs of 10M
 * requests: 1.43M → 1.56M requests/s); 8000 was slower.
 *
 * The flag is process-wide and read when a function is optimised, so setting it before the engine
 * gets hot is enough, and a host whose workers simulate needs no call of its own. It is not set
 * under Electron (whose V8 may freeze flags after start-up): there the engine runs at V8's default
 * budget. HEADROOM_V8_DEFAULTS=1 leaves V8 untouched.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytecode bytes V8 may inline into one optimised function (V8's default: 920). */
export const ENGINE_INLINE_BUDGET = 1500;

let applied: boolean | undefined;

/** Applies the engine's V8 settings once per process; true when they are in force. */
export function tuneEngineVm(): boolean {
  if (applied !== undefined) return applied;
  applied = process.versions.electron === undefined && process.env.HEADROOM_V8_DEFAULTS !== '1';
  if (applied) setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${ENGINE_INLINE_BUDGET}`);
  return applied;
}
