import { describeInput } from './fields.js';
import { formatZodIssues, type Issue } from './issues.js';
import { FORBIDDEN_KEYS, MAX_DEPTH, MAX_STRING, MAX_VALUES, readJson, type JsonValue } from './json.js';
import { FIRST_SCHEMA_VERSION, MIGRATIONS, migrate, type JsonObject, type Migration } from './migrations.js';
import {
  ComponentSchema,
  CURRENT_SCHEMA_VERSION,
  LayoutSchema,
  MAX_COMPONENTS,
  PricingSchema,
  ScenarioSchema,
  SloSchema,
  TopologySchema,
  type Component,
  type Scenario,
  type Topology,
} from './schema.js';
import { checkSemantics, type PartialFile } from './semantic.js';

/** Outcome of loading a topology. */
export type ParseResult =
  { ok: true; topology: Topology; warnings: Issue[] } | { ok: false; errors: Issue[]; warnings: Issue[] };

/** How a file is read; the defaults are the built-in ones. */
export interface ParseOptions {
  /** Upgrade steps for older files, ending at CURRENT_SCHEMA_VERSION (default MIGRATIONS). */
  readonly migrations?: readonly Migration[];
  /** Oldest schemaVersion the steps read (default FIRST_SCHEMA_VERSION). */
  readonly firstSchemaVersion?: number;
}

/** Message of the issue produced if validation itself fails unexpectedly (a bug, never expected). */
export const INTERNAL_ERROR_PREFIX = 'internal validation error';

const fail = (errors: Issue[], warnings: Issue[] = []): ParseResult => ({ ok: false, errors, warnings });
const err = (path: string, message: string): Issue => ({ path, message, severity: 'error' });

/**
 * Checks that `value` is plain JSON data within the limits (depth, value count, string length, no
 * prototype-reaching keys, finite numbers) and returns a JSON copy of it; undefined fields are dropped.
 */
function toJson(value: unknown): { ok: true; value: JsonValue } | { ok: false; issue: Issue } {
  let count = 0;
  const walk = (v: unknown, path: string, depth: number): JsonValue => {
    if (++count > MAX_VALUES) throw new LimitError(path, `more than ${MAX_VALUES} values`);
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new LimitError(path, `must be a finite number, got ${String(v)}`);
      return v;
    }
    if (typeof v === 'string') {
      if (v.length > MAX_STRING) throw new LimitError(path, `string longer than ${MAX_STRING} characters`);
      return v;
    }
    if (depth >= MAX_DEPTH) throw new LimitError(path, `nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}[${i}]`, depth + 1));
    if (typeof v === 'object') {
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw new LimitError(path, 'must be plain JSON data');
      const out: { [key: string]: JsonValue } = {};
      for (const key of Object.keys(v)) {
        const p = path === '' ? key : `${path}.${key}`;
        if (FORBIDDEN_KEYS.has(key)) throw new LimitError(p, `key "${key}" is not allowed`);
        const item = (v as Record<string, unknown>)[key];
        if (item === undefined) continue;
        out[key] = walk(item, p, depth + 1);
      }
      return out;
    }
    throw new LimitError(path, `must be JSON data, got ${typeof v}`);
  };
  try {
    return { ok: true, value: walk(value, '', 0) };
  } catch (e) {
    if (e instanceof LimitError) return { ok: false, issue: err(e.path, e.message) };
    throw e;
  }
}

class LimitError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function parseJson(json: JsonValue, options: ParseOptions): ParseResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail([err('', `a Headroom file must be a JSON object, got ${describeInput(json)}`)]);
  }
  const version = json.schemaVersion;
  if (version === undefined) {
    return fail([
      err('schemaVersion', `is required (this version of Headroom writes ${CURRENT_SCHEMA_VERSION})`),
    ]);
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fail([err('schemaVersion', `must be an integer, got ${describeInput(version)}`)]);
  }
  const warnings: Issue[] = [];
  const migrated = migrate(json as JsonObject, version, {
    migrations: options.migrations ?? MIGRATIONS,
    first: options.firstSchemaVersion ?? FIRST_SCHEMA_VERSION,
  });
  if (!migrated.ok) return fail([err('schemaVersion', migrated.message)]);
  if (migrated.applied.length > 0) {
    warnings.push({
      path: 'schemaVersion',
      message: `upgraded from ${version} to ${CURRENT_SCHEMA_VERSION} (${migrated.applied.join('; ')}); saving writes the new format`,
      severity: 'warning',
    });
  }
  const doc = migrated.doc;
  const parsed = TopologySchema.safeParse(doc, { reportInput: true });
  if (!parsed.success) {
    const errors = formatZodIssues(parsed.error.issues, TopologySchema, doc);
    const part = salvage(doc);
    if (part) {
      const seen = new Set(errors.map((e) => `${e.path}\u0000${e.message}`));
      for (const issue of checkSemantics(part.topology, part.partial)) {
        if (issue.severity === 'warning') warnings.push(issue);
        else if (!seen.has(`${issue.path}\u0000${issue.message}`)) errors.push(issue);
      }
    }
    return fail(errors, warnings);
  }
  const semantic = checkSemantics(parsed.data);
  const errors = semantic.filter((i) => i.severity === 'error');
  warnings.push(...semantic.filter((i) => i.severity === 'warning'));
  return errors.length > 0 ? fail(errors, warnings) : { ok: true, topology: parsed.data, warnings };
}

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The parts of a file that pass the schema on their own although the whole does not, so that the
 * graph checks still run: every component and scenario, the SLO, pricing and layout that parse,
 * plus the raw JSON of all components. Undefined when `components` is not an object or holds more
 * entries than the limit.
 */
function salvage(doc: JsonObject): { topology: Topology; partial: PartialFile } | undefined {
  const raw = doc.components;
  if (!isObject(raw) || Object.keys(raw).length > MAX_COMPONENTS) return undefined;
  const components: Record<string, Component> = {};
  for (const [id, c] of Object.entries(raw)) {
    const r = ComponentSchema.safeParse(c);
    if (r.success) components[id] = r.data;
  }
  const scenarios: Record<string, Scenario> = {};
  if (isObject(doc.scenarios))
    for (const [id, sc] of Object.entries(doc.scenarios)) {
      const r = ScenarioSchema.safeParse(sc);
      if (r.success) scenarios[id] = r.data;
    }
  const slo = SloSchema.safeParse(doc.slo);
  const pricing = PricingSchema.safeParse(doc.pricing);
  const layout = LayoutSchema.safeParse(doc.layout);
  const topology: Topology = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name: typeof doc.name === 'string' ? doc.name : '',
    components,
    scenarios,
    ...(slo.success ? { slo: slo.data } : {}),
    ...(pricing.success ? { pricing: pricing.data } : {}),
    ...(layout.success ? { layout: layout.data } : {}),
  };
  return { topology, partial: { components: raw } };
}

const internal = (e: unknown): ParseResult =>
  fail([err('', `${INTERNAL_ERROR_PREFIX}: ${e instanceof Error ? e.message : String(e)}`)]);

/** Validates an in-memory value (e.g. from the renderer) as a topology. Never throws. */
export function parseTopology(value: unknown, options: ParseOptions = {}): ParseResult {
  try {
    const json = toJson(value);
    if (!json.ok) return fail([json.issue]);
    return parseJson(json.value, options);
  } catch (e) {
    return internal(e);
  }
}

/** Parses and validates the text of a `*.headroom.json` file. Never throws. */
export function parseTopologyText(text: string, options: ParseOptions = {}): ParseResult {
  try {
    if (typeof text !== 'string') return fail([err('', `expected file text, got ${typeof text}`)]);
    const read = readJson(text);
    if (!read.ok) {
      return fail([err('', `invalid JSON at line ${read.line}, column ${read.column}: ${read.message}`)]);
    }
    return parseJson(read.value, options);
  } catch (e) {
    return internal(e);
  }
}

/** One line per issue: `path: message` (or just the message for the whole file). */
export function formatIssue(issue: Issue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
