import { readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { API_EVENTS, API_METHODS, apiContract, eventContract } from '../../shared/api/contract.js';

/** Reads a `const NAME = [ ... ] as const` string list out of the preload source. */
function preloadList(name: string): string[] {
  const source = readFileSync('main/electron/preload.cts', 'utf8');
  const match = new RegExp(`const ${name} = \\[([^\\]]*)\\] as const`).exec(source);
  if (!match?.[1]) throw new Error(`no ${name} list in the preload`);
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
}

/** JSON Schema of a zod schema as callers send it (input) or receive it (output). */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** Every method's argument and result schema and every event's payload schema, in contract order. */
const surface = () => ({
  methods: Object.fromEntries(
    API_METHODS.map((m) => [
      m,
      { args: jsonSchema(apiContract[m].args, 'input'), result: jsonSchema(apiContract[m].result, 'output') },
    ]),
  ),
  events: Object.fromEntries(API_EVENTS.map((e) => [e, jsonSchema(eventContract[e], 'output')])),
});

describe('API surface', () => {
  it('names the methods and events it did (a change here shows in review)', () => {
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

  // A change to any argument, result or payload shape (a field, a type, a limit) changes this file.
  // After a deliberate change: `npx vitest run test/unit/api-surface.test.ts -u`, and commit the file with it.
  it('has the argument, result and event schemas it had (JSON Schema snapshot)', async () => {
    const file = 'test/unit/api-surface.snapshot.json';
    const text = await format(JSON.stringify(surface()), { ...(await resolveConfig(file)), filepath: file });
    await expect(text).toMatchFileSnapshot('api-surface.snapshot.json');
  });

  it('the snapshot sees a changed limit, an added field and a loosened result', () => {
    const base = jsonSchema(apiContract['runs.rename'].args, 'input');
    const limit = apiContract['runs.rename'].args.extend({ name: z.string().min(1).max(300) });
    const field = apiContract['runs.rename'].args.extend({ note: z.string().optional() });
    expect(jsonSchema(limit, 'input')).not.toEqual(base);
    expect(jsonSchema(field, 'input')).not.toEqual(base);
    expect(jsonSchema(z.object({ ok: z.boolean() }), 'output')).not.toEqual(
      jsonSchema(apiContract['runs.rename'].result, 'output'),
    );
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
