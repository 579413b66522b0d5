import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Lints a snippet as if it were the given file and returns the rule ids that fired. */
async function rulesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rules (eslint)', () => {
  it('rejects a node:fs import in models/', async () => {
    expect(
      await rulesFor(
        'models/planted.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toContain('no-restricted-imports');
  });

  it('rejects a bare Node builtin in shared/', async () => {
    expect(
      await rulesFor('shared/planted.ts', "import path from 'path';\nexport const x = path;\n"),
    ).toContain('no-restricted-imports');
  });

  it('rejects Math.random, Date.now and timers in models/', async () => {
    const rules = await rulesFor(
      'models/planted.ts',
      'export const a = Math.random();\nexport const b = Date.now();\nsetTimeout(() => 0, 1);\n',
    );
    expect(rules.filter((r) => r === 'no-restricted-properties')).toHaveLength(2);
    expect(rules).toContain('no-restricted-globals');
  });

  it.each(['models/planted.ts', 'shared/planted.ts'])(
    'rejects the clock, randomness, timers and Node reached without their plain names in %s',
    async (file) => {
      const planted: [string, string][] = [
        ['export const t = new Date();\n', 'no-restricted-syntax'],
        ['export const t = new Date(...[]);\n', 'no-restricted-syntax'],
        ['export const t = Date();\n', 'no-restricted-syntax'],
        ['export const r = globalThis.Math.random();\n', 'no-restricted-globals'],
        ['globalThis.setTimeout(() => 0, 1);\n', 'no-restricted-globals'],
        ["export const s = globalThis['set' + 'Interval'];\n", 'no-restricted-globals'],
        ['export const r = self.Math.random();\n', 'no-restricted-globals'],
        ["export const fs = import('node:fs');\n", 'no-restricted-syntax'],
        ["export const e = await import('electron');\n", 'no-restricted-syntax'],
        ['const M = Math;\nexport const r = M.random();\n', 'no-restricted-syntax'],
        ['const { random } = Math;\nexport const r = random();\n', 'no-restricted-syntax'],
        ['const { now } = Date;\nexport const t = now();\n', 'no-restricted-syntax'],
      ];
      for (const [code, rule] of planted)
        expect({ code, rules: await rulesFor(file, code) }).toEqual({
          code,
          rules: expect.arrayContaining([rule]),
        });
    },
  );

  it('still allows a date built from a given time and type-only imports in pure layers', async () => {
    expect(
      await rulesFor(
        'shared/planted.ts',
        "export const d = (ms: number) => new Date(ms).toISOString();\nexport type F = import('./x.js').F;\n",
      ),
    ).toEqual([]);
  });

  it('rejects a renderer/ import in models/ and in main/', async () => {
    const code = "import { App } from '../renderer/src/App.js';\nexport const x = App;\n";
    expect(await rulesFor('models/planted.ts', code)).toContain('no-restricted-imports');
    expect(await rulesFor('main/planted.ts', code)).toContain('no-restricted-imports');
  });

  it('rejects main/ and Node imports in renderer/', async () => {
    expect(
      await rulesFor(
        'renderer/src/planted.ts',
        "import { Store } from '../../main/services/store.js';\nexport const x = Store;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await rulesFor('renderer/src/planted.ts', "import fs from 'node:fs';\nexport const x = fs;\n"),
    ).toContain('no-restricted-imports');
  });

  it('rejects models/ imports from shared/ (shared is the lowest layer)', async () => {
    expect(
      await rulesFor('shared/planted.ts', "import { x } from '../models/index.js';\nexport const y = x;\n"),
    ).toContain('no-restricted-imports');
  });

  it('accepts a clean pure module', async () => {
    expect(
      await rulesFor('models/planted.ts', "import { z } from 'zod';\nexport const s = z.number();\n"),
    ).toEqual([]);
  });
});
