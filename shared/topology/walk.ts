import type { z } from 'zod';

/** The parts of a zod 4 schema definition that schema walkers (this module, the inspector's forms) read. */
export interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
  in?: z.ZodType;
  getter?: () => z.ZodType;
}

/** A zod 4 schema's definition. */
export const defOf = (s: z.ZodType): ZodDef => (s as unknown as { def: ZodDef }).def;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Literal values a schema accepts at a discriminator key, if it is a literal. */
function literalValues(s: z.ZodType | undefined): unknown[] {
  if (!s) return [];
  const d = defOf(s);
  if (d.type === 'literal') return d.values ?? [];
  if (d.type === 'optional' && d.innerType) return literalValues(d.innerType);
  return [];
}

/**
 * Strips optional/default/lazy/pipe wrappers and picks the union option that fits `value`
 * (by discriminator, or the first option of matching JSON type). Returns undefined if none fits.
 */
export function resolveSchema(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (let guard = 0; s && guard < 50; guard++) {
    const d = defOf(s);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable') && d.innerType)
      s = d.innerType;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'union' && d.options) {
      const disc = d.discriminator;
      if (disc !== undefined) {
        if (!isPlainObject(value)) return undefined;
        s = d.options.find((o) => literalValues(objectShape(o)?.[disc]).includes(value[disc]));
      } else {
        s = d.options.find((o) => jsonKindMatches(o, value));
      }
    } else return s;
  }
  return s;
}

function jsonKindMatches(s: z.ZodType, value: unknown): boolean {
  const d = defOf(s);
  switch (d.type) {
    case 'object':
    case 'record':
      return isPlainObject(value);
    case 'union':
      return d.discriminator !== undefined
        ? isPlainObject(value)
        : (d.options ?? []).some((o) => jsonKindMatches(o, value));
    case 'array':
      return Array.isArray(value);
    case 'string':
    case 'enum':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'literal':
      return (d.values ?? []).includes(value);
    case 'optional':
    case 'default':
    case 'nullable':
      return d.innerType ? jsonKindMatches(d.innerType, value) : false;
    default:
      return false;
  }
}

/** The shape of an object schema (after unwrapping optional), or undefined. */
export function objectShape(s: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  if (!s) return undefined;
  const d = defOf(s);
  if (d.type === 'object') return d.shape;
  if ((d.type === 'optional' || d.type === 'default') && d.innerType) return objectShape(d.innerType);
  return undefined;
}

/** What kind of container a resolved schema is, with its child schemas. */
export type Container =
  | { kind: 'object'; shape: Record<string, z.ZodType> }
  | { kind: 'record'; value: z.ZodType }
  | { kind: 'array'; element: z.ZodType }
  | { kind: 'leaf' };

/** Classifies a resolved schema. */
export function containerOf(s: z.ZodType | undefined): Container {
  if (!s) return { kind: 'leaf' };
  const d = defOf(s);
  if (d.type === 'object' && d.shape) return { kind: 'object', shape: d.shape };
  if (d.type === 'record' && d.valueType) return { kind: 'record', value: d.valueType };
  if (d.type === 'array' && d.element) return { kind: 'array', element: d.element };
  return { kind: 'leaf' };
}

/** Schema at a path inside `root`, resolving unions by the values along the path. */
export function schemaAtPath(
  root: z.ZodType,
  rootValue: unknown,
  path: readonly PropertyKey[],
): z.ZodType | undefined {
  let s: z.ZodType | undefined = resolveSchema(root, rootValue);
  let v: unknown = rootValue;
  for (const seg of path) {
    const c = containerOf(s);
    const next: unknown =
      isPlainObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
    if (c.kind === 'object') s = c.shape[String(seg)];
    else if (c.kind === 'record') s = c.value;
    else if (c.kind === 'array') s = c.element;
    else return undefined;
    if (!s) return undefined;
    v = next;
    s = resolveSchema(s, v);
  }
  return s;
}
