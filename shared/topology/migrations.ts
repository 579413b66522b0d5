import { HEADROOM_VERSION } from '../version.js';
import type { JsonValue } from './json.js';
import { CURRENT_SCHEMA_VERSION } from './schema.js';

/** A JSON object as found in a file. */
export type JsonObject = { [key: string]: JsonValue };

/** First schema version ever written; files start here. */
export const FIRST_SCHEMA_VERSION = 1;

/**
 * The first Headroom release that reads and writes each schemaVersion, from FIRST_SCHEMA_VERSION
 * to CURRENT_SCHEMA_VERSION. Add a row with each new schemaVersion.
 */
export const SCHEMA_VERSION_RELEASES: Readonly<Record<number, string>> = { 1: '0.1.0' };

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
 * fixture test/fixtures/topology/migrations/v<from>.headroom.json of the old format (a test fails
 * without it).
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

/** What `migrate` upgrades with; every field has the built-in default. */
export interface MigrateOptions {
  /** Upgrade steps (default MIGRATIONS). */
  readonly migrations?: readonly Migration[];
  /** Version the steps end at (default CURRENT_SCHEMA_VERSION). */
  readonly current?: number;
  /** Oldest version the steps read (default FIRST_SCHEMA_VERSION). */
  readonly first?: number;
  /** First Headroom release per schemaVersion (default SCHEMA_VERSION_RELEASES). */
  readonly releases?: Readonly<Record<number, string>>;
  /** Version of this Headroom (default HEADROOM_VERSION). */
  readonly headroomVersion?: string;
}

/** The message for a file whose schemaVersion is newer than this build reads: which Headroom it needs. */
export function newerVersionMessage(
  version: number,
  {
    current = CURRENT_SCHEMA_VERSION,
    first = FIRST_SCHEMA_VERSION,
    releases = SCHEMA_VERSION_RELEASES,
    headroomVersion = HEADROOM_VERSION,
  }: MigrateOptions = {},
): string {
  const reads = first === current ? `schemaVersion ${current}` : `schemaVersion ${first} to ${current}`;
  const release = Object.prototype.hasOwnProperty.call(releases, version) ? releases[version] : undefined;
  return release !== undefined
    ? `is ${version}: this file needs Headroom ${release} or later (this is Headroom ${headroomVersion}, which reads ${reads})`
    : `is ${version}: this file needs a newer Headroom than ${headroomVersion} (this one reads ${reads})`;
}

/** Upgrades `doc` (whose schemaVersion is `version`) to the current version by applying steps in order. */
export function migrate(doc: JsonObject, version: number, options: MigrateOptions = {}): MigrateResult {
  const { migrations = MIGRATIONS, current = CURRENT_SCHEMA_VERSION, first = FIRST_SCHEMA_VERSION } = options;
  if (version > current) return { ok: false, message: newerVersionMessage(version, options) };
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
