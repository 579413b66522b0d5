import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildJsonSchema, buildJsonSchemaText } from '../../shared/schema/json-schema.js';
import { COMPONENT_KINDS, DISTRIBUTION_TYPES } from '../../shared/topology/index.js';

const file = fileURLToPath(new URL('../../shared/schema/headroom.schema.json', import.meta.url));

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
});
