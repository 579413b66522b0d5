import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkMigrations,
  CURRENT_SCHEMA_VERSION,
  FIRST_SCHEMA_VERSION,
  formatIssue,
  migrate,
  MIGRATIONS,
  parseTopologyText,
  type Migration,
} from '../../shared/topology/index.js';
import { repoPath } from './helpers.js';

describe('migrations', () => {
  it('form a contiguous sequence ending at the current version', () => {
    expect(checkMigrations(MIGRATIONS, CURRENT_SCHEMA_VERSION)).toEqual([]);
    expect(MIGRATIONS.length).toBe(CURRENT_SCHEMA_VERSION - FIRST_SCHEMA_VERSION);
  });

  it.each(MIGRATIONS.map((m) => [m.from, m] as const))(
    'v%i has a fixture that loads and upgrades',
    (from) => {
      const file = repoPath(`test/fixtures/topology/migrations/v${from}.headroom.json`);
      expect(existsSync(file)).toBe(true);
      const r = parseTopologyText(readFileSync(file, 'utf8'));
      if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
      expect(r.topology.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(r.warnings.some((w) => w.path === 'schemaVersion')).toBe(true);
    },
  );

  const steps: Migration[] = [
    {
      from: 1,
      description: 'rename a to b',
      up: ({ a, ...rest }) => ({ ...rest, b: a ?? null, schemaVersion: 2 }),
    },
    { from: 2, description: 'double b', up: (d) => ({ ...d, b: Number(d.b) * 2, schemaVersion: 3 }) },
  ];

  it('checkMigrations finds gaps and a wrong end', () => {
    expect(checkMigrations(steps, 3)).toEqual([]);
    expect(checkMigrations([steps[1] as Migration], 3)).toEqual([
      'migration #0 reads version 2, expected 1',
      'migrations end at version 2, current is 3',
    ]);
    expect(checkMigrations(steps, 4)).toEqual(['migrations end at version 3, current is 4']);
  });

  it('migrate applies the steps in order from the file version', () => {
    expect(migrate({ a: 5, schemaVersion: 1 }, 1, steps, 3)).toEqual({
      ok: true,
      doc: { b: 10, schemaVersion: 3 },
      from: 1,
      applied: ['rename a to b', 'double b'],
    });
    expect(migrate({ b: 5, schemaVersion: 2 }, 2, steps, 3)).toMatchObject({ ok: true, doc: { b: 10 } });
    expect(migrate({ b: 5 }, 3, steps, 3)).toMatchObject({ ok: true, doc: { b: 5 }, applied: [] });
    expect(migrate({}, 4, steps, 3)).toMatchObject({ ok: false });
    expect(migrate({}, 1, [steps[1] as Migration], 3)).toEqual({
      ok: false,
      message: 'no migration from schemaVersion 1',
    });
  });
});
