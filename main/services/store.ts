import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { PlanKind, PlanStatus, RunStatus, RunSummary } from '../../shared/api/contract.js';
import { STORE_MIGRATIONS, type StoreMigration } from './migrations/index.js';

export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  createdAt: string;
  finishedAt: string | null;
  seed: number;
  optionsJson: string;
  topologyText: string;
  headline: RunSummary['headline'];
  resultJson: string | null;
  error: string | null;
}

interface RawRunRow {
  id: string;
  name: string;
  status: RunStatus;
  created_at: string;
  finished_at: string | null;
  seed: number;
  options_json: string;
  topology_text: string;
  headline_json: string | null;
  result_json: string | null;
  error: string | null;
}

const fromRaw = (r: RawRunRow): RunRow => ({
  id: r.id,
  name: r.name,
  status: r.status,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  seed: r.seed,
  optionsJson: r.options_json,
  topologyText: r.topology_text,
  headline: r.headline_json ? (JSON.parse(r.headline_json) as RunSummary['headline']) : null,
  resultJson: r.result_json,
  error: r.error,
});

/** A capacity plan as stored (JSON columns as text). */
export interface PlanRow {
  id: string;
  kind: PlanKind;
  status: PlanStatus;
  createdAt: string;
  finishedAt: string | null;
  designName: string;
  topologyText: string;
  /** The plans.start request without its topology text. */
  requestJson: string;
  slo: string | null;
  resultJson: string | null;
  error: string | null;
}

interface RawPlanRow {
  id: string;
  kind: PlanKind;
  status: PlanStatus;
  created_at: string;
  finished_at: string | null;
  design_name: string;
  topology_text: string;
  request_json: string;
  slo: string | null;
  result_json: string | null;
  error: string | null;
}

export interface StoreOptions {
  /** Directory holding headroom.sqlite (created if missing). */
  dataDir: string;
  /** Path of a better_sqlite3.node built for this runtime (Electron uses its own build). */
  nativeBinding?: string;
  /** Migrations to apply (tests pass a prefix to check upgrades); defaults to all. */
  migrations?: readonly StoreMigration[];
}

/** Applies pending migrations in order, each in its own transaction; returns the resulting version. */
export function migrate(db: Database.Database, migrations: readonly StoreMigration[]): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current = (
    db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }
  ).v;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `this database was written by a newer Headroom (store version ${current}, this build knows ${newest})`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
  }
  return Math.max(current, newest);
}

/** The app's SQLite store: run history, preferences, recent files, autosave snapshots. */
export class Store {
  readonly db: Database.Database;
  readonly path: string;

  constructor(options: StoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.path = join(options.dataDir, 'headroom.sqlite');
    this.db = new Database(this.path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db, options.migrations ?? STORE_MIGRATIONS);
  }

  version(): number {
    return (
      this.db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }
    ).v;
  }

  insertRun(run: {
    id: string;
    name: string;
    seed: number;
    optionsJson: string;
    topologyText: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, name, status, created_at, seed, options_json, topology_text)
         VALUES (@id, @name, 'running', @createdAt, @seed, @optionsJson, @topologyText)`,
      )
      .run({ ...run, createdAt: new Date().toISOString() });
  }

  finishRun(
    id: string,
    outcome: {
      status: Exclude<RunStatus, 'running'>;
      headline?: RunSummary['headline'];
      resultJson?: string;
      error?: string;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE runs SET status = @status, finished_at = @finishedAt, headline_json = @headline,
           result_json = @resultJson, error = @error WHERE id = @id`,
      )
      .run({
        id,
        status: outcome.status,
        finishedAt: new Date().toISOString(),
        headline: outcome.headline ? JSON.stringify(outcome.headline) : null,
        resultJson: outcome.resultJson ?? null,
        error: outcome.error ?? null,
      });
  }

  listRuns(limit = 200): RunRow[] {
    const rows = this.db
      .prepare(
        `SELECT id, name, status, created_at, finished_at, seed, options_json, '' AS topology_text,
                headline_json, NULL AS result_json, error
         FROM runs ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(limit) as RawRunRow[];
    return rows.map(fromRaw);
  }

  getRun(id: string): RunRow | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RawRunRow | undefined;
    return row ? fromRaw(row) : undefined;
  }

  renameRun(id: string, name: string): boolean {
    return this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(name, id).changes === 1;
  }

  deleteRun(id: string): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes === 1;
  }

  insertPlan(plan: {
    id: string;
    kind: PlanKind;
    designName: string;
    topologyText: string;
    requestJson: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO plans (id, kind, status, created_at, design_name, topology_text, request_json)
         VALUES (@id, @kind, 'running', @createdAt, @designName, @topologyText, @requestJson)`,
      )
      .run({ ...plan, createdAt: new Date().toISOString() });
  }

  finishPlan(
    id: string,
    outcome: {
      status: Exclude<PlanStatus, 'running'>;
      slo?: string | null;
      resultJson?: string;
      error?: string;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE plans SET status = @status, finished_at = @finishedAt, slo = @slo, result_json = @resultJson,
           error = @error WHERE id = @id`,
      )
      .run({
        id,
        status: outcome.status,
        finishedAt: new Date().toISOString(),
        slo: outcome.slo ?? null,
        resultJson: outcome.resultJson ?? null,
        error: outcome.error ?? null,
      });
  }

  getPlan(id: string): PlanRow | undefined {
    const r = this.db.prepare('SELECT * FROM plans WHERE id = ?').get(id) as RawPlanRow | undefined;
    return r
      ? {
          id: r.id,
          kind: r.kind,
          status: r.status,
          createdAt: r.created_at,
          finishedAt: r.finished_at,
          designName: r.design_name,
          topologyText: r.topology_text,
          requestJson: r.request_json,
          slo: r.slo,
          resultJson: r.result_json,
          error: r.error,
        }
      : undefined;
  }

  /** Marks plans left 'running' by a previous process as failed. */
  failInterruptedPlans(): number {
    return this.db
      .prepare(
        `UPDATE plans SET status = 'failed', error = 'interrupted: the app stopped during the plan' WHERE status = 'running'`,
      )
      .run().changes;
  }

  /** Marks runs left 'running' by a previous process (it crashed or was killed) as failed. */
  failInterruptedRuns(): number {
    return this.db
      .prepare(
        `UPDATE runs SET status = 'failed', error = 'interrupted: the app stopped during the run' WHERE status = 'running'`,
      )
      .run().changes;
  }

  getPreference<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value_json FROM preferences WHERE key = ?').get(key) as
      { value_json: string } | undefined;
    return row ? (JSON.parse(row.value_json) as T) : undefined;
  }

  setPreference(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO preferences (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
      )
      .run(key, JSON.stringify(value));
  }

  /** Records that a file was opened or saved; keeps the 10 most recent. */
  touchRecent(path: string): void {
    this.db
      .prepare(
        'INSERT INTO recent_files (path, opened_at) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET opened_at = excluded.opened_at',
      )
      .run(path, new Date().toISOString());
    this.db
      .prepare(
        'DELETE FROM recent_files WHERE path NOT IN (SELECT path FROM recent_files ORDER BY opened_at DESC LIMIT 10)',
      )
      .run();
  }

  listRecent(): { path: string; openedAt: string }[] {
    return this.db
      .prepare('SELECT path, opened_at AS openedAt FROM recent_files ORDER BY opened_at DESC, rowid DESC')
      .all() as {
      path: string;
      openedAt: string;
    }[];
  }

  /** Keeps the latest unsaved document, so a crash loses at most a few seconds of work. */
  putAutosave(text: string, filePath: string | null): string {
    const savedAt = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO autosave (slot, saved_at, file_path, topology_text) VALUES ('current', ?, ?, ?)
         ON CONFLICT(slot) DO UPDATE SET saved_at = excluded.saved_at, file_path = excluded.file_path, topology_text = excluded.topology_text`,
      )
      .run(savedAt, filePath, text);
    return savedAt;
  }

  getAutosave(): { text: string; filePath: string | null; savedAt: string } | null {
    const row = this.db
      .prepare(
        "SELECT topology_text AS text, file_path AS filePath, saved_at AS savedAt FROM autosave WHERE slot = 'current'",
      )
      .get() as { text: string; filePath: string | null; savedAt: string } | undefined;
    return row ?? null;
  }

  clearAutosave(): void {
    this.db.prepare("DELETE FROM autosave WHERE slot = 'current'").run();
  }

  close(): void {
    this.db.close();
  }
}
