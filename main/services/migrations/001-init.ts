import type { StoreMigration } from './index.js';

export const migration001: StoreMigration = {
  version: 1,
  name: 'runs, preferences, recent files, autosave',
  sql: `
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
      created_at TEXT NOT NULL,
      finished_at TEXT,
      seed INTEGER NOT NULL,
      options_json TEXT NOT NULL,
      topology_text TEXT NOT NULL,
      headline_json TEXT,
      result_json TEXT,
      error TEXT
    );
    CREATE INDEX runs_created ON runs (created_at DESC);
    CREATE TABLE preferences (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
    CREATE TABLE recent_files (path TEXT PRIMARY KEY, opened_at TEXT NOT NULL);
    CREATE TABLE autosave (slot TEXT PRIMARY KEY, saved_at TEXT NOT NULL, file_path TEXT, topology_text TEXT NOT NULL);
  `,
};
