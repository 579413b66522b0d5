import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildJsonSchema, buildJsonSchemaText } from '../../shared/schema/json-schema.js';
import { COMPONENT_KINDS, DISTRIBUTION_TYPES } from '../../shared/topology/index.js';
import { headroomFiles, mm1 } from './helpers.js';

const file = fileURLToPath(new URL('../../shared/schema/headroom.schema.json', import.meta.url));

type Node = { [key: string]: unknown };
const shipped = (): Node => JSON.parse(readFileSync(file, 'utf8')) as Node;
const at = (node: unknown, ...keys: string[]): Node =>
  keys.reduce<Node>((n, k) => n[k] as Node, node as Node);
/** The named definition under $defs (e.g. `Service`). */
const def = (schema: Node, name: string): Node => at(schema, '$defs', name);

describe('shipped JSON Schema', () => {
  it('is up to date with the zod schema (regenerate: HEADROOM_UPDATE_SCHEMA=1 npx vitest run test/shared/schema-file.test.ts)', () => {
    const expected = buildJsonSchemaText();
    if (process.env.HEADROOM_UPDATE_SCHEMA === '1') writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  it('names every component kind and distribution type', () => {
    const text = JSON.stringify(buildJsonSchema());
    for (const kind of COMPONENT_KINDS) expect(text).toContain(`"const":"${kind}"`);
    for (const type of DISTRIBUTION_TYPES) expect(text).toContain(`"const":"${type}"`);
    const schema = buildJsonSchema() as { $defs: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(schema.$defs)).toContain('Distribution');
    expect(schema.additionalProperties).toBe(false);
  });

  it('keeps the field descriptions of the zod schema, with their units, for editor hovers', () => {
    const schema = shipped();
    const service = at(def(schema, 'Service'), 'properties');
    expect(at(service, 'cores').description).toBe('CPU servers per instance.');
    expect(at(service, 'workers').description).toBe('Concurrency slots per instance (default unlimited).');
    const open = (def(schema, 'Workload').oneOf as Node[])[0] as Node;
    expect(at(open, 'properties', 'rateRps').description).toMatch(/requests\/s\.$/);
    const constant = (def(schema, 'Distribution').oneOf as Node[]).find(
      (b) => at(b, 'properties', 'type').const === 'constant',
    );
    expect(at(constant, 'properties', 'valueMs').description).toBe('In milliseconds.');
    expect(at(def(schema, 'Endpoint'), 'properties', 'zipfS').description).not.toMatch(/second/);
  });

  describe('validates files with ajv (draft 2020-12)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(shipped());
    const files = [
      ...headroomFiles('shared/templates').map(([n, t]) => [`templates/${n}`, t] as const),
      ...headroomFiles('test/fixtures/topology/validation').map(([n, t]) => [`validation/${n}`, t] as const),
      ...headroomFiles('bench/topologies').map(([n, t]) => [`bench/${n}`, t] as const),
    ];

    it('found the files to check', () => {
      expect(files.length).toBeGreaterThanOrEqual(14);
    });

    it.each(files)('%s validates against the shipped schema', (_name, text) => {
      const ok = validate(JSON.parse(text) as unknown);
      expect(ajv.errorsText(validate.errors)).toBe('No errors');
      expect(ok).toBe(true);
    });

    it('accepts a file that points at the schema and rejects broken ones', () => {
      expect(validate({ ...mm1(), $schema: './headroom.schema.json' })).toBe(true);
      const zeroCores = mm1();
      zeroCores.components.server = { ...zeroCores.components.server, cores: 0 };
      expect(validate(zeroCores)).toBe(false);
      expect(ajv.errorsText(validate.errors)).toMatch(/cores must be >= 1/);
      const typo = mm1();
      typo.components.server = { ...typo.components.server, wokers: 3 };
      expect(validate(typo)).toBe(false);
      const noVersion: Record<string, unknown> = mm1();
      delete noVersion.schemaVersion;
      expect(validate(noVersion)).toBe(false);
      expect(ajv.errorsText(validate.errors)).toMatch(/must have required property 'schemaVersion'/);
    });
  });
});
