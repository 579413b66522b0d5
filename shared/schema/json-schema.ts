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
  });
  return {
    $schema: generated.$schema,
    $id: `urn:headroom:topology:v${t.CURRENT_SCHEMA_VERSION}`,
    title: 'Headroom topology file (*.headroom.json)',
    description: `Headroom schemaVersion ${t.CURRENT_SCHEMA_VERSION}. Times in ...Ms are milliseconds, ...S seconds, rates ...Rps requests per second, sizes ...Bytes, money ...Usd. Generated from shared/topology/schema.ts; do not edit.`,
    ...generated,
  };
}

/** Text of the shipped JSON Schema file: 2-space JSON with a trailing newline. */
export function buildJsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
