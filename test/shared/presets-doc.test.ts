import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { PRESETS, type Preset } from '../../shared/presets/index.js';
import { COMPONENT_KINDS, type ComponentKind } from '../../shared/topology/index.js';
import { repoPath } from './helpers.js';

const file = repoPath('docs/presets.md');

/** Section title of each kind that has presets. */
const KIND_TITLES: Partial<Record<ComponentKind, string>> = {
  loadBalancer: 'Load balancers',
  cache: 'Caches and CDNs',
  database: 'Databases',
  queue: 'Queues',
  gateway: 'API gateways',
  autoscaler: 'Autoscalers',
  serverless: 'Serverless',
};

/** A field value in one line: distributions as `type(field value, …)`, objects as `{field: value}`. */
function figure(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(figure).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const { type, ...rest } = v as Record<string, unknown>;
    const inner = Object.entries(rest)
      .map(([k, x]) => `${k} ${figure(x)}`)
      .join(', ');
    return typeof type === 'string' ? `${type}(${inner})` : `{${inner}}`;
  }
  return String(v);
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** One table row: product, id, the figures it starts with (all fields but the name), and its source note. */
const row = (p: Preset) => {
  const figures = Object.entries(p.fields)
    .filter(([k]) => k !== 'name')
    .map(([k, v]) => `\`${k}\` ${figure(v)}`)
    .join('; ');
  return `| ${cell(p.name)} | \`${p.id}\` | ${cell(figures)} | ${cell(p.source)} |`;
};

/** The text of docs/presets.md, formatted as prettier would. */
async function presetsDoc(): Promise<string> {
  const sections = COMPONENT_KINDS.flatMap((kind) => {
    const presets = PRESETS.filter((p) => p.kind === kind);
    if (presets.length === 0) return [];
    return [
      `## ${KIND_TITLES[kind] ?? kind} (\`${kind}\`)`,
      '',
      '| Preset | id | Starts with | Source of the figures |',
      '| --- | --- | --- | --- |',
      ...presets.map(row),
      '',
    ];
  });
  const text = [
    '# Presets',
    '',
    '<!-- Generated from shared/presets/index.ts by test/shared/presets-doc.test.ts; regenerate with HEADROOM_UPDATE_DOCS=1 npx vitest run test/shared/presets-doc.test.ts -->',
    '',
    `The palette offers ${PRESETS.length} presets for the systems architects name. A preset fills in a new`,
    "component's fields (you still give it its calls, handlers and targets) and is remembered in the",
    "component's `preset` field. Each preset's figures carry a note of where they come from: vendor",
    'documentation, a benchmark, or a stated rule of thumb. Times are in ms, rates in requests per',
    'second, memory in MiB, as in the [file format](file-format.md).',
    '',
    ...sections,
  ].join('\n');
  const options = await prettier.resolveConfig(file);
  return prettier.format(text, { ...options, filepath: file });
}

describe('docs/presets.md', () => {
  it('is up to date with shared/presets (regenerate: HEADROOM_UPDATE_DOCS=1 npx vitest run test/shared/presets-doc.test.ts)', async () => {
    const expected = await presetsDoc();
    if (process.env.HEADROOM_UPDATE_DOCS === '1') writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  it('lists every preset with its source note', async () => {
    const text = await presetsDoc();
    for (const p of PRESETS) {
      expect(text).toContain(`\`${p.id}\``);
      expect(text).toContain(cell(p.source));
    }
    expect(text).toContain('| AWS Lambda');
    expect(figure({ type: 'lognormal', p50Ms: 0.1, p99Ms: 0.5 })).toBe('lognormal(p50Ms 0.1, p99Ms 0.5)');
    expect(figure({ intervalMs: 2000, threshold: 3 })).toBe('{intervalMs 2000, threshold 3}');
  });
});
