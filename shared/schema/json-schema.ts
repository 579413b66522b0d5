import { z } from 'zod';
import * as t from '../topology/index.js';

/** File name of the shipped JSON Schema, next to this module. */
export const JSON_SCHEMA_FILE = 'headroom.schema.json';

/** Sub-schemas emitted once under $defs with these names. */
const NAMED: ReadonlyArray<readonly [string, z.ZodType]> = [
  ['Distribution', t.DistributionSchema],
  ['Network', t.NetworkSchema],
  ['Retry', t.RetrySchema],
  ['CircuitBreaker', t.CircuitBreakerSchema],
  ['Hop', t.HopSchema],
  ['Call', t.CallSchema],
  ['Handler', t.HandlerSchema],
  ['DatabaseHandler', t.DatabaseHandlerSchema],
  ['Endpoint', t.EndpointSchema],
  ['Workload', t.WorkloadSchema],
  ['Source', t.SourceSchema],
  ['Gateway', t.GatewaySchema],
  ['LoadBalancer', t.LoadBalancerSchema],
  ['Service', t.ServiceSchema],
  ['Cache', t.CacheSchema],
  ['Database', t.DatabaseSchema],
  ['Queue', t.QueueSchema],
  ['Autoscaler', t.AutoscalerSchema],
  ['Serverless', t.ServerlessSchema],
  ['External', t.ExternalSchema],
  ['Component', t.ComponentSchema],
  ['Profile', t.ProfileSchema],
  ['FailureEvent', t.FailureEventSchema],
  ['Scenario', t.ScenarioSchema],
  ['Slo', t.SloSchema],
  ['Pricing', t.PricingSchema],
  ['Layout', t.LayoutSchema],
];

/** Unit of a field by its name's suffix (the file-format convention), and words that show a description already names it. */
const UNITS: ReadonlyArray<{ suffix: RegExp; unit: string; named: RegExp }> = [
  { suffix: /Ms$/, unit: 'milliseconds', named: /\bms\b|millisecond/i },
  { suffix: /[a-z]S$/, unit: 'seconds', named: /\bs\b|second/i },
  { suffix: /Rps$/, unit: 'requests per second', named: /requests\/s|requests per second|per second/i },
  { suffix: /Bytes$/, unit: 'bytes', named: /\bbytes?\b/i },
  { suffix: /Usd$/, unit: 'US dollars', named: /\bUSD\b|dollar/i },
  { suffix: /Mb$/, unit: 'MiB', named: /\bMiB\b|\bMB\b/i },
  { suffix: /Gb$/, unit: 'GB', named: /\bGB\b|gigabyte/i },
];

/** Field names whose suffix looks like a unit but is not one (`zipfS` is the Zipf exponent s). */
const NOT_A_UNIT = new Set(['zipfS']);

/** Makes every property whose name carries a unit say so in its description (editors show it on hover). */
function addUnits(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addUnits(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const props = o.properties;
  if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
    for (const [key, prop] of Object.entries(props as Record<string, unknown>)) {
      const unit = NOT_A_UNIT.has(key) ? undefined : UNITS.find((u) => u.suffix.test(key));
      if (!unit || typeof prop !== 'object' || prop === null) continue;
      const p = prop as Record<string, unknown>;
      const text = typeof p.description === 'string' ? p.description : '';
      if (text === '') p.description = `In ${unit.unit}.`;
      else if (!unit.named.test(text)) p.description = `${text} Unit: ${unit.unit}.`;
    }
  }
  for (const value of Object.values(o)) addUnits(value);
}

/** JSON Schema (draft 2020-12) of a Headroom file, generated from the zod schema (semantic checks not included). */
export function buildJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of NAMED) registry.add(schema, { id });
  const generated = z.toJSONSchema(t.TopologySchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    metadata: registry,
    reused: 'inline',
    // The custom registry only names the $defs: the `.describe()` texts live in zod's global registry.
    override: (ctx) => {
      const description = z.globalRegistry.get(ctx.zodSchema)?.description;
      if (description !== undefined) ctx.jsonSchema.description = description;
    },
  });
  addUnits(generated);
  return {
    $schema: generated.$schema,
    $id: `urn:headroom:topology:v${t.CURRENT_SCHEMA_VERSION}`,
    title: 'Headroom topology file (*.headroom.json)',
    description: `Headroom schemaVersion ${t.CURRENT_SCHEMA_VERSION}. Times in ...Ms are milliseconds, ...S seconds, rates ...Rps requests per second, sizes ...Bytes, money ...Usd, memory ...Mb MiB, storage ...Gb GB. Generated from shared/topology/schema.ts; do not edit.`,
    ...generated,
  };
}

/** Text of the shipped JSON Schema file: 2-space JSON with a trailing newline. */
export function buildJsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
