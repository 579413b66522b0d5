import type { JsonValue } from './json.js';
import { CURRENT_SCHEMA_VERSION } from './schema.js';

/** A JSON object as found in a file. */
export type JsonObject = { [key: string]: JsonValue };

/** First schema version ever written; files start here. */
export const FIRST_SCHEMA_VERSION = 1;

/** One upgrade step: turns a file of schemaVersion `from` into one of `from + 1`. */
export interface Migration {
  /** Schema version this step reads. */
  readonly from: number;
  /** What changed, one line, shown to users when their file is upgraded. */
  readonly description: string;
  /** Pure function from the old document to the new one (it must also set schemaVersion to from + 1). */
  readonly up: (doc: JsonObject) => JsonObject;
}

/**
 * All upgrade steps, in order: MIGRATIONS[i].from === FIRST_SCHEMA_VERSION + i, and the last one
 * reaches CURRENT_SCHEMA_VERSION. Empty while version 1 is the only version. Each step has a
 * fixture test/fixtures/topology/migrations/v<from>.headroom.json of the old format.
 */
export const MIGRATIONS: readonly Migration[] = [];

/** Problems in a migration list: gaps, reordering, or not ending at `current`; empty when sound. */
export function checkMigrations(
  migrations: readonly Migration[],
  current: number,
  first: number = FIRST_SCHEMA_VERSION,
): string[] {
  const problems: string[] = [];
  migrations.forEach((m, i) => {
    if (m.from !== first + i) problems.push(`migration #${i} reads version ${m.from}, expected ${first + i}`);
  });
  if (first + migrations.length !== current)
    problems.push(`migrations end at version ${first + migrations.length}, current is ${current}`);
  return problems;
}

/** Outcome of upgrading a document. */
export type MigrateResult =
  { ok: true; doc: JsonObject; from: number; applied: string[] } | { ok: false; message: string };

/** Upgrades `doc` (whose schemaVersion is `version`) to `current` by applying steps in order. */
export function migrate(
  doc: JsonObject,
  version: number,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = CURRENT_SCHEMA_VERSION,
  first: number = FIRST_SCHEMA_VERSION,
): MigrateResult {
  if (version > current) {
    return {
      ok: false,
      message: `is ${version}, but this version of Headroom reads files up to schemaVersion ${current}: open the file with a newer Headroom`,
    };
  }
  if (version < first) {
    return { ok: false, message: `must be an integer >= ${first}, got ${version}` };
  }
  let out = doc;
  const applied: string[] = [];
  for (let v = version; v < current; v++) {
    const step = migrations[v - first];
    if (!step || step.from !== v) return { ok: false, message: `no migration from schemaVersion ${v}` };
    out = step.up(out);
    applied.push(step.description);
  }
  return { ok: true, doc: out, from: version, applied };
}
