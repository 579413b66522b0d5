/**
 * The engine's V8 settings (main/services/engine-vm.ts): applied once in a Node process, left out
 * with HEADROOM_V8_DEFAULTS=1, and reported by the bench (run through the built dist/, as
 * `npm run bench` runs it).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_INLINE_BUDGET, tuneEngineVm } from '../../main/services/engine-vm.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function benchBudget(env: Record<string, string>): unknown {
  const out = execFileSync(
    process.execPath,
    [join(root, 'dist', 'bench', 'run.js'), '--case', 'mmc8', '--requests', '2000', '--json'],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  return (JSON.parse(out) as { cases: { v8InlineBudget: unknown }[] }).cases[0]?.v8InlineBudget;
}

describe('engine V8 settings', () => {
  it('apply under Node, once', () => {
    const first = tuneEngineVm();
    expect(first).toBe(process.env.HEADROOM_V8_DEFAULTS !== '1');
    expect(tuneEngineVm()).toBe(first);
  });

  it('are what the bench reports, and HEADROOM_V8_DEFAULTS=1 leaves V8 at its defaults', () => {
    expect(benchBudget({ HEADROOM_V8_DEFAULTS: '' })).toBe(ENGINE_INLINE_BUDGET);
    expect(benchBudget({ HEADROOM_V8_DEFAULTS: '1' })).toBeNull();
  });
});
