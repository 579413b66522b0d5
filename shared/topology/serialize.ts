import type { z } from 'zod';
import { TopologySchema, type Topology } from './schema.js';
import { containerOf, resolveSchema } from './walk.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Copy of `value` with object keys in canonical order: fields in the order the schema declares them
 * (unknown fields after, sorted), record entries (components, handlers, scenarios...) sorted by id,
 * undefined fields dropped. Arrays keep their order.
 */
export function canonicalize(schema: z.ZodType | undefined, value: unknown): unknown {
  const s = schema ? resolveSchema(schema, value) : undefined;
  const c = containerOf(s);
  if (Array.isArray(value)) {
    return value.map((item) => canonicalize(c.kind === 'array' ? c.element : undefined, item));
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (c.kind === 'object') {
    const declared = Object.keys(c.shape);
    const known = declared.filter((k) => keys.includes(k));
    const extra = keys.filter((k) => !declared.includes(k)).sort(byCodeUnit);
    for (const k of known) out[k] = canonicalize(c.shape[k], value[k]);
    for (const k of extra) out[k] = canonicalize(undefined, value[k]);
  } else {
    for (const k of keys.sort(byCodeUnit))
      out[k] = canonicalize(c.kind === 'record' ? c.value : undefined, value[k]);
  }
  return out;
}

/** Canonical file text of a topology: 2-space JSON, stable key order, trailing newline. */
export function serializeTopology(t: Topology): string {
  return `${JSON.stringify(canonicalize(TopologySchema, t), null, 2)}\n`;
}
