/** Reading zod 4 schemas to generate forms: field kinds, labels, units, limits and default values. */
import type { z } from 'zod';
import { DistributionSchema, NetworkSchema } from '../../../shared/topology/index.js';
import { defOf } from '../../../shared/topology/walk.js';

export { defOf };

/** Strips optional/default/pipe wrappers. */
export function unwrap(s: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let cur = s;
  let optional = false;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    if ((d.type === 'optional' || d.type === 'default') && d.innerType) {
      optional = true;
      cur = d.innerType;
    } else if (d.type === 'pipe' && d.in) cur = d.in;
    else break;
  }
  return { schema: cur, optional };
}

/** The description given with `.describe()` on the field or its inner schema. */
export function descriptionOf(s: z.ZodType): string | undefined {
  return (
    (s as { description?: string }).description ?? (unwrap(s).schema as { description?: string }).description
  );
}

/** What editor a field gets. */
export type FieldKind =
  | { kind: 'number'; min: number | null; max: number | null; integer: boolean }
  | { kind: 'string' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'boolean' }
  | { kind: 'literal'; value: unknown }
  | { kind: 'distribution' }
  | { kind: 'network' }
  | { kind: 'object'; shape: Record<string, z.ZodType> }
  | { kind: 'union'; discriminator: string; options: { value: string; shape: Record<string, z.ZodType> }[] }
  | { kind: 'array'; element: z.ZodType }
  | { kind: 'record'; value: z.ZodType }
  | { kind: 'unknown' };

/** Classifies a field schema (after unwrapping). */
export function fieldKind(raw: z.ZodType): FieldKind {
  const s = unwrap(raw).schema;
  const d = defOf(s);
  // `.describe()` clones a schema, so compare the union's options rather than the schema itself.
  if (
    s === DistributionSchema ||
    (d.type === 'union' && d.options?.[0] === defOf(DistributionSchema).options?.[0])
  )
    return { kind: 'distribution' };
  if (s === NetworkSchema || (d.type === 'union' && d.options?.[0] === defOf(NetworkSchema).options?.[0]))
    return { kind: 'network' };
  switch (d.type) {
    case 'number': {
      const n = s as unknown as {
        minValue: number | null;
        maxValue: number | null;
        isInt?: boolean;
        format?: string | null;
      };
      const min = Number.isFinite(n.minValue) ? n.minValue : null;
      const max = Number.isFinite(n.maxValue) ? n.maxValue : null;
      return { kind: 'number', min, max, integer: Boolean(n.isInt) || (n.format ?? '').includes('int') };
    }
    case 'string':
      return { kind: 'string' };
    case 'enum':
      return { kind: 'enum', options: Object.values(d.entries ?? {}).map(String) };
    case 'boolean':
      return { kind: 'boolean' };
    case 'literal':
      return { kind: 'literal', value: d.values?.[0] };
    case 'object':
      return { kind: 'object', shape: d.shape ?? {} };
    case 'union':
      if (d.discriminator && d.options) {
        const disc = d.discriminator;
        return {
          kind: 'union',
          discriminator: disc,
          options: d.options.map((o) => {
            const shape = defOf(o).shape ?? {};
            const lit = shape[disc];
            return { value: String(lit ? defOf(lit).values?.[0] : ''), shape };
          }),
        };
      }
      return { kind: 'unknown' };
    case 'array':
      return d.element ? { kind: 'array', element: d.element } : { kind: 'unknown' };
    case 'record':
      return d.valueType ? { kind: 'record', value: d.valueType } : { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

const UNITS: [RegExp, string, string][] = [
  [/Ms$/, 'ms', 'milliseconds'],
  [/Rps$/, 'req/s', 'requests per second'],
  [/S$/, 's', 'seconds'],
  [/Mb$/, 'MiB', 'mebibytes'],
  [/Usd$/, 'USD', 'US dollars'],
  [/Percent$/, '%', 'percent'],
  [/Bytes$/, 'bytes', 'bytes'],
];

const SPECIAL_LABELS: Record<string, string> = {
  zipfS: 'Zipf exponent',
  warmupS: 'Warm-up',
  rateRps: 'Rate',
  p50Ms: 'p50',
  p99Ms: 'p99',
  cv: 'Coefficient of variation',
  ttlMs: 'Time to live',
  maxMs: 'Max latency',
  atS: 'At',
  mttfS: 'Mean time to failure',
  mttrS: 'Mean time to repair',
};

/** Label, short unit and spoken unit of a field from its name (`rateRps` → Rate, req/s). */
export function fieldMeta(name: string): { label: string; unit: string | null; unitLong: string | null } {
  let base = name;
  let unit: string | null = null;
  let unitLong: string | null = null;
  for (const [re, short, long] of UNITS) {
    if (re.test(name) && name !== 'zipfS') {
      base = name.replace(re, '');
      unit = short;
      unitLong = long;
      break;
    }
  }
  const label =
    SPECIAL_LABELS[name] ??
    (base
      .replace(/([a-z0-9])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`)
      .replace(/^./, (c) => c.toUpperCase())
      .replace(/\bMs\b/, '')
      .trim() ||
      name);
  return { label, unit, unitLong };
}

/** A valid-looking default value of a schema (for "Add" buttons and union switches). */
export function defaultValue(raw: z.ZodType): unknown {
  const k = fieldKind(raw);
  switch (k.kind) {
    case 'number': {
      const v = k.min !== null && k.min > 1 ? k.min : 1;
      return k.max !== null ? Math.min(v, k.max) : v;
    }
    case 'string':
      return '';
    case 'enum':
      return k.options[0] ?? '';
    case 'boolean':
      return false;
    case 'literal':
      return k.value;
    case 'distribution':
      return { type: 'exponential', meanMs: 10 };
    case 'network':
      return 'sameZone';
    case 'object':
      return objectDefaults(k.shape);
    case 'union': {
      const first = k.options[0];
      return first ? objectDefaults(first.shape) : {};
    }
    case 'array':
      return [];
    case 'record':
      return {};
    default:
      return undefined;
  }
}

/** Defaults of an object's required fields. */
export function objectDefaults(shape: Record<string, z.ZodType>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(shape)) if (!unwrap(s).optional) out[key] = defaultValue(s);
  return out;
}
