import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_EVENTS, API_METHODS, apiContract } from '../../shared/api/contract.js';

/** Reads a `const NAME = [ ... ] as const` string list out of the preload source. */
function preloadList(name: string): string[] {
  const source = readFileSync('main/electron/preload.cts', 'utf8');
  const match = new RegExp(`const ${name} = \\[([^\\]]*)\\] as const`).exec(source);
  if (!match?.[1]) throw new Error(`no ${name} list in the preload`);
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
}

describe('API surface', () => {
  it('is what it was (a change here shows in review)', () => {
    expect(API_METHODS).toMatchInlineSnapshot(`
      [
        "app.info",
        "templates.list",
        "files.openDialog",
        "files.saveDialog",
        "files.read",
        "files.save",
        "files.pendingOpen",
        "recent.list",
        "autosave.put",
        "autosave.take",
        "autosave.clear",
        "preferences.get",
        "preferences.set",
        "window.setTitle",
        "topology.validate",
        "runs.start",
        "runs.cancel",
        "runs.list",
        "runs.get",
        "runs.rename",
        "runs.delete",
        "pricing.list",
        "pricing.update",
        "plans.start",
        "plans.cancel",
        "plans.get",
        "reports.render",
        "reports.content",
        "reports.export",
      ]
    `);
    expect(API_EVENTS).toMatchInlineSnapshot(`
      [
        "run.progress",
        "run.finished",
        "plan.progress",
        "plan.finished",
        "menu.command",
        "file.openRequest",
      ]
    `);
  });

  it('the preload exposes exactly the contract, as named functions', () => {
    expect(preloadList('METHODS').sort()).toEqual([...API_METHODS].sort());
    expect(preloadList('EVENTS').sort()).toEqual([...API_EVENTS].sort());
    expect(readFileSync('main/electron/preload.cts', 'utf8')).not.toMatch(/exposeInMainWorld\([^)]*invoke/);
  });

  it('every method has argument and result schemas', () => {
    for (const method of API_METHODS) {
      expect(apiContract[method].args.safeParse).toBeTypeOf('function');
      expect(apiContract[method].result.safeParse).toBeTypeOf('function');
    }
  });
});
