import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_MIGRATIONS } from '../../main/services/migrations/index.js';
import { Store, migrate } from '../../main/services/store.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'headroom-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite store', () => {
  it('numbers its migrations contiguously from 1', () => {
    expect(STORE_MIGRATIONS.map((m) => m.version)).toEqual(STORE_MIGRATIONS.map((_, i) => i + 1));
  });

  it('opens a real file in WAL mode at the newest version', () => {
    const store = new Store({ dataDir: tempDir() });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.version()).toBe(STORE_MIGRATIONS.length);
    store.close();
  });

  it('migration 1 creates the run history, preferences, recent files and autosave tables', () => {
    const db = new Database(':memory:');
    expect(migrate(db, STORE_MIGRATIONS.slice(0, 1))).toBe(1);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    expect(tables).toEqual(['autosave', 'preferences', 'recent_files', 'runs', 'schema_migrations']);
    db.close();
  });

  it('re-opening an existing file applies nothing twice and keeps the data', () => {
    const dir = tempDir();
    const a = new Store({ dataDir: dir });
    a.insertRun({ id: 'r1', name: 'first', seed: 7, optionsJson: '{}', topologyText: '{}' });
    a.close();
    const b = new Store({ dataDir: dir });
    expect(b.getRun('r1')?.name).toBe('first');
    expect((b.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
      STORE_MIGRATIONS.length,
    );
    b.close();
  });

  it('migration 3 adds capacity plans to a version-2 database, keeping its runs', () => {
    const dir = tempDir();
    const old = new Store({ dataDir: dir, migrations: STORE_MIGRATIONS.slice(0, 2) });
    expect(old.version()).toBe(2);
    old.insertRun({ id: 'r1', name: 'before plans', seed: 1, optionsJson: '{}', topologyText: '{}' });
    old.close();
    const s = new Store({ dataDir: dir });
    expect(s.version()).toBe(3);
    expect(s.getRun('r1')?.name).toBe('before plans');
    s.insertPlan({
      id: 'p1',
      kind: 'max-load',
      designName: 'Shop',
      topologyText: '{}',
      requestJson: '{"seed":1}',
    });
    s.insertPlan({ id: 'p2', kind: 'sweep', designName: 'Shop', topologyText: '{}', requestJson: '{}' });
    s.finishPlan('p1', { status: 'done', slo: 'p99<=300ms', resultJson: '{"maxLoadRps":812.5}' });
    expect(s.getPlan('p1')).toMatchObject({
      kind: 'max-load',
      status: 'done',
      designName: 'Shop',
      slo: 'p99<=300ms',
      resultJson: '{"maxLoadRps":812.5}',
      error: null,
    });
    expect(s.getPlan('p1')?.finishedAt).not.toBeNull();
    // A plan left running by a process that stopped is failed on the next start.
    expect(s.failInterruptedPlans()).toBe(1);
    expect(s.getPlan('p2')).toMatchObject({
      status: 'failed',
      error: 'interrupted: the app stopped during the plan',
    });
    expect(() =>
      s.db
        .prepare(
          "INSERT INTO plans (id, kind, status, created_at, design_name, topology_text, request_json) VALUES ('x', 'guess', 'running', '', '', '', '')",
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    s.close();
  });

  it('refuses a database written by a newer version, naming both versions', () => {
    const db = new Database(':memory:');
    migrate(db, STORE_MIGRATIONS);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
    expect(() => migrate(db, STORE_MIGRATIONS)).toThrow(
      /newer Headroom \(store version 99, this build knows 3\)/,
    );
  });

  it('lists, renames, finishes and deletes runs', () => {
    const store = new Store({ dataDir: tempDir() });
    store.insertRun({ id: 'a', name: 'A', seed: 1, optionsJson: '{}', topologyText: 't' });
    store.insertRun({ id: 'b', name: 'B', seed: 2, optionsJson: '{}', topologyText: 't' });
    store.finishRun('a', {
      status: 'done',
      headline: { throughputRps: 10, errorRate: 0, p50Ms: 1, p99Ms: 5, meanMs: 2 },
      resultJson: '{"x":1}',
    });
    expect(store.listRuns().map((r) => r.id)).toEqual(['b', 'a']);
    expect(store.getRun('a')?.headline?.p99Ms).toBe(5);
    expect(store.renameRun('a', 'renamed')).toBe(true);
    expect(store.getRun('a')?.name).toBe('renamed');
    expect(store.deleteRun('b')).toBe(true);
    expect(store.deleteRun('b')).toBe(false);
    expect(store.listRuns().map((r) => r.id)).toEqual(['a']);
    store.close();
  });

  it('marks runs interrupted by a crash as failed on the next start', () => {
    const dir = tempDir();
    const a = new Store({ dataDir: dir });
    a.insertRun({ id: 'x', name: 'X', seed: 1, optionsJson: '{}', topologyText: 't' });
    a.close();
    const b = new Store({ dataDir: dir });
    expect(b.failInterruptedRuns()).toBe(1);
    expect(b.getRun('x')?.status).toBe('failed');
    b.close();
  });
});
