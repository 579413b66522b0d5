import { describe, expect, it } from 'vitest';
import { getTemplate, listTemplates, TEMPLATE_IDS } from '../../shared/templates/index.js';
import { formatIssue, parseTopologyText, serializeTopology } from '../../shared/topology/index.js';
import { headroomFiles } from './helpers.js';

const templateFiles = headroomFiles('shared/templates');
const validationFiles = headroomFiles('test/fixtures/topology/validation');

describe('built-in templates', () => {
  it('there are at least six, one per file, each with a description', () => {
    expect(templateFiles.length).toBeGreaterThanOrEqual(6);
    expect(TEMPLATE_IDS.map((id) => `${id}.headroom.json`).sort()).toEqual(templateFiles.map(([f]) => f));
    for (const t of listTemplates()) expect(t.description.length).toBeGreaterThan(80);
    expect(getTemplate('nope')).toBeUndefined();
    expect(getTemplate('__proto__')).toBeUndefined();
  });

  it('getTemplate returns independent copies', () => {
    const a = getTemplate('single-service-db');
    const b = getTemplate('single-service-db');
    if (!a || !b) throw new Error('missing template');
    a.topology.name = 'changed';
    expect(b.topology.name).toBe('Single service with a database');
  });

  it.each([...templateFiles, ...validationFiles])(
    '%s validates without warnings and round-trips byte-identically',
    (_f, text) => {
      const r = parseTopologyText(text);
      if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
      expect(r.warnings.map(formatIssue)).toEqual([]);
      expect(serializeTopology(r.topology)).toBe(text);
    },
  );
});
