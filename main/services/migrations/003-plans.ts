import type { StoreMigration } from './index.js';

/** Capacity plans run in the app (plans.start): request, status and the planner's result as JSON. */
export const migration003: StoreMigration = {
  version: 3,
  name: 'capacity plans',
  sql: `
    CREATE TABLE plans (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('max-load', 'right-size', 'growth', 'sweep')),
      status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
      created_at TEXT NOT NULL,
      finished_at TEXT,
      design_name TEXT NOT NULL,
      topology_text TEXT NOT NULL,
      request_json TEXT NOT NULL,
      slo TEXT,
      result_json TEXT,
      error TEXT
    );
    CREATE INDEX plans_created ON plans (created_at DESC);
  `,
};
