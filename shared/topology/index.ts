export * from './schema.js';
export * from './distribution.js';
export * from './defaults.js';
export { type Issue, formatPath } from './issues.js';
export {
  parseTopology,
  parseTopologyText,
  formatIssue,
  INTERNAL_ERROR_PREFIX,
  type ParseOptions,
  type ParseResult,
} from './parse.js';
export { serializeTopology, canonicalize } from './serialize.js';
export {
  MIGRATIONS,
  FIRST_SCHEMA_VERSION,
  SCHEMA_VERSION_RELEASES,
  checkMigrations,
  migrate,
  newerVersionMessage,
  type MigrateOptions,
  type Migration,
  type MigrateResult,
  type JsonObject,
} from './migrations.js';
export { readJson, MAX_FILE_CHARS, MAX_DEPTH, MAX_VALUES, MAX_STRING, type JsonValue } from './json.js';
export { checkSemantics, MAX_TOTAL_ENDPOINTS } from './semantic.js';
export { ID_PATTERN, MAX_MS, MAX_S, MAX_RPS, MAX_COUNT } from './fields.js';
