import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEADROOM_VERSION as MAIN_VERSION } from '../../main/version.js';
import {
  checkMigrations,
  CURRENT_SCHEMA_VERSION,
  FIRST_SCHEMA_VERSION,
  formatIssue,
  migrate,
  MIGRATIONS,
  newerVersionMessage,
  parseTopologyText,
  SCHEMA_VERSION_RELEASES,
  serializeTopology,
  type JsonObject,
  type JsonValue,
  type Migration,
} from '../../shared/topology/index.js';
import { HEADROOM_VERSION } from '../../shared/version.js';
import { mm1, repoPath } from './helpers.js';

const FIXTURES = 'test/fixtures/topology/migrations';
/** Fixture file of the format a migration reads. */
const fixtureOf = (from: number) => `${FIXTURES}/v${from}.headroom.json`;
/** Migrations whose fixture file is missing, as messages; empty when every step has one. */
const missingFixtures = (migrations: readonly Migration[]): string[] =>
  migrations
    .filter((m) => !existsSync(repoPath(fixtureOf(m.from))))
    .map((m) => `no fixture ${fixtureOf(m.from)}`);

describe('migrations', () => {
  it('form a contiguous sequence ending at the current version', () => {
    expect(checkMigrations(MIGRATIONS, CURRENT_SCHEMA_VERSION)).toEqual([]);
    expect(MIGRATIONS.length).toBe(CURRENT_SCHEMA_VERSION - FIRST_SCHEMA_VERSION);
  });

  it('every migration has a fixture of its old format, and every fixture a migration', () => {
    expect(missingFixtures(MIGRATIONS)).toEqual([]);
    const versioned = readdirSync(repoPath(FIXTURES))
      .map((f) => /^v(\d+)\.headroom\.json$/.exec(f)?.[1])
      .filter((v) => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    expect(versioned).toEqual(MIGRATIONS.map((m) => m.from));
    // The check is not vacuous: a step without a fixture is reported.
    const stray: Migration = { from: 99, description: 'x', up: (d) => d };
    expect(missingFixtures([...MIGRATIONS, stray])).toEqual([`no fixture ${fixtureOf(99)}`]);
  });

  it('every migration fixture loads, upgrades with a warning and saves at the current version', () => {
    for (const m of MIGRATIONS) {
      const r = parseTopologyText(readFileSync(repoPath(fixtureOf(m.from)), 'utf8'));
      if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
      expect(r.topology.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(r.warnings.some((w) => w.path === 'schemaVersion' && w.message.includes(m.description))).toBe(
        true,
      );
      expect(parseTopologyText(serializeTopology(r.topology)).ok).toBe(true);
    }
  });

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
    expect(migrate({ a: 5, schemaVersion: 1 }, 1, { migrations: steps, current: 3 })).toEqual({
      ok: true,
      doc: { b: 10, schemaVersion: 3 },
      from: 1,
      applied: ['rename a to b', 'double b'],
    });
    expect(migrate({ b: 5, schemaVersion: 2 }, 2, { migrations: steps, current: 3 })).toMatchObject({
      ok: true,
      doc: { b: 10 },
    });
    expect(migrate({ b: 5 }, 3, { migrations: steps, current: 3 })).toMatchObject({
      ok: true,
      doc: { b: 5 },
      applied: [],
    });
    expect(migrate({}, 4, { migrations: steps, current: 3 })).toMatchObject({ ok: false });
    expect(migrate({}, 1, { migrations: [steps[1] as Migration], current: 3 })).toEqual({
      ok: false,
      message: 'no migration from schemaVersion 1',
    });
  });
});

/** A synthetic step from a pre-release format 0: components were a list with `id` and `type`, pools had `servers`. */
const FROM_V0: Migration = {
  from: 0,
  description: 'components become an object keyed by id; "type" is now "kind" and "servers" "instances"',
  up: (doc) => {
    const list = Array.isArray(doc.components) ? doc.components : [];
    const components: JsonObject = {};
    for (const item of list) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      const { id, type, servers, ...rest } = item;
      const c: { [key: string]: JsonValue } = { kind: type ?? null, ...rest };
      if (servers !== undefined) c.instances = servers;
      components[String(id)] = c;
    }
    return { ...doc, schemaVersion: 1, components };
  },
};

describe('upgrading an older file end to end (synthetic version 0 and step)', () => {
  const text = readFileSync(repoPath(`${FIXTURES}/synthetic-v0.headroom.json`), 'utf8');
  const saved = readFileSync(repoPath(`${FIXTURES}/synthetic-v0.saved.headroom.json`), 'utf8');

  it('the built-in migrations refuse version 0', () => {
    expect(parseTopologyText(text)).toMatchObject({
      ok: false,
      errors: [{ path: 'schemaVersion', message: 'must be an integer >= 1, got 0' }],
    });
  });

  it('with the step injected, loads with a warning and saves the current format', () => {
    const r = parseTopologyText(text, { migrations: [FROM_V0], firstSchemaVersion: 0 });
    if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
    expect(r.warnings).toEqual([
      {
        path: 'schemaVersion',
        message: `upgraded from 0 to ${CURRENT_SCHEMA_VERSION} (${FROM_V0.description}); saving writes the new format`,
        severity: 'warning',
      },
    ]);
    expect(r.topology.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(r.topology.components.api).toMatchObject({ kind: 'service', instances: 3, workers: 32 });
    expect(Object.keys(r.topology.components)).toEqual(['clients', 'api', 'db']);
    const out = serializeTopology(r.topology);
    expect(out).toBe(saved);
    const again = parseTopologyText(out);
    expect(again.ok && again.warnings).toEqual([]);
  });

  it('a step that produces an invalid document gives field errors, not a crash', () => {
    const broken: Migration = {
      ...FROM_V0,
      up: (d) => ({ ...FROM_V0.up(d), components: { api: { kind: 'x' } } }),
    };
    const r = parseTopologyText(text, { migrations: [broken], firstSchemaVersion: 0 });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map(formatIssue)[0]).toMatch(/^components\.api\.kind: must be one of/);
  });
});

describe('files from a newer Headroom', () => {
  it('name the Headroom version they need', () => {
    const r = parseTopologyText(JSON.stringify({ ...mm1(), schemaVersion: CURRENT_SCHEMA_VERSION + 1 }));
    expect(r.ok ? [] : r.errors.map(formatIssue)).toEqual([
      `schemaVersion: is ${CURRENT_SCHEMA_VERSION + 1}: this file needs a newer Headroom than ${HEADROOM_VERSION} (this one reads schemaVersion ${CURRENT_SCHEMA_VERSION})`,
    ]);
    expect(newerVersionMessage(2, { current: 1, headroomVersion: '0.1.0', releases: { 1: '0.1.0' } })).toBe(
      'is 2: this file needs a newer Headroom than 0.1.0 (this one reads schemaVersion 1)',
    );
    expect(
      newerVersionMessage(3, {
        current: 2,
        first: 1,
        headroomVersion: '0.4.2',
        releases: { 1: '0.1.0', 2: '0.4.0', 3: '0.7.0' },
      }),
    ).toBe(
      'is 3: this file needs Headroom 0.7.0 or later (this is Headroom 0.4.2, which reads schemaVersion 1 to 2)',
    );
  });

  it('the release table covers every version this build reads, in release order, up to this build', () => {
    const parse = (v: string) => v.split('.').map(Number);
    const cmp = (a: string, b: string) => {
      const [x, y] = [parse(a), parse(b)];
      for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
      return 0;
    };
    const versions = Object.keys(SCHEMA_VERSION_RELEASES).map(Number);
    expect(versions).toEqual(
      Array.from(
        { length: CURRENT_SCHEMA_VERSION - FIRST_SCHEMA_VERSION + 1 },
        (_, i) => FIRST_SCHEMA_VERSION + i,
      ),
    );
    const releases = versions.map((v) => SCHEMA_VERSION_RELEASES[v] as string);
    for (const r of releases) expect(r).toMatch(/^\d+\.\d+\.\d+$/);
    for (let i = 1; i < releases.length; i++)
      expect(cmp(releases[i - 1] as string, releases[i] as string)).toBeLessThan(0);
    expect(cmp(releases[releases.length - 1] as string, HEADROOM_VERSION)).toBeLessThanOrEqual(0);
    expect(SCHEMA_VERSION_RELEASES[1]).toBe('0.1.0');
    expect(MAIN_VERSION).toBe(HEADROOM_VERSION);
  });
});
