import { describe, expect, it } from 'vitest';
import { buildJsonSchema } from '../../shared/schema/json-schema.js';

/** Dotted paths of every property (under any `properties`) of a JSON Schema node that has no non-empty description. */
function undescribed(node: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(node)) {
    node.forEach((item, i) => undescribed(item, `${path}[${i}]`, out));
    return out;
  }
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'properties' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [name, prop] of Object.entries(value as Record<string, unknown>)) {
        const d = (prop as { description?: unknown }).description;
        if (typeof d !== 'string' || d.trim() === '') out.push(`${path}.${name}`);
        undescribed(prop, `${path}.${name}`, out);
      }
    } else undescribed(value, `${path}/${key}`, out);
  }
  return out;
}

describe('JSON Schema help text', () => {
  it('the walk finds an undescribed property', () => {
    expect(undescribed({ properties: { a: { description: 'A.' }, b: { type: 'number' } } }, '', [])).toEqual([
      '.b',
    ]);
  });

  it('gives every property of the generated schema a description (editor hovers)', () => {
    expect(undescribed(buildJsonSchema(), '', [])).toEqual([]);
  });
});
