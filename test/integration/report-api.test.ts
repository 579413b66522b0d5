import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/services/dispatch.js';
import { createServices, type Services } from '../../main/services/services.js';
import {
  formatSlo,
  growthFromMaxLoad,
  parseSlo,
  planMaxLoad,
  planRightSize,
} from '../../models/planner/index.js';
import { createInProcessRunner } from '../../main/services/planner.js';
import { serializeTopology, type Topology } from '../../shared/topology/index.js';
import { SMALL_TOPOLOGY, templateText } from '../helpers/topologies.js';

let dir: string;
let services: Services;
let withHook: Services;
let runId: string;
const printed: string[] = [];
const dialogNames: string[] = [];
/** What the stand-in save dialog answers (null: cancelled). */
let dialogAnswer: string | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-report-api-'));
  services = createServices({ dataDir: join(dir, 'data'), host: 'web', maxWorkers: 1 });
  const started = await services.handlers['runs.start']({
    topologyText: templateText(),
    options: { seed: 5, durationS: 10, warmupS: 1, replications: 1 },
  });
  runId = started.runId;
  await services.idle();
  // A second host on the same data folder whose printToPdf hook stands in for Electron's printToPDF.
  withHook = createServices({
    dataDir: join(dir, 'data'),
    host: 'electron',
    maxWorkers: 1,
    hooks: {
      openDialog: async () => null,
      saveDialog: async () => {
        throw new Error('reports use saveReportDialog when the host has one');
      },
      saveReportDialog: async (name, format) => (dialogNames.push(`${name} (${format})`), dialogAnswer),
      setTitle: () => undefined,
      printToPdf: async (html) => {
        printed.push(html);
        return new TextEncoder().encode('%PDF-1.7 from the hook');
      },
    },
  });
});
afterAll(async () => {
  await services.close();
  await withHook.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = (s: Services, method: string, args: unknown) => dispatch(s.handlers, method, args);

describe('reports API', () => {
  it('reports.render returns the run’s report as self-contained HTML with the author', async () => {
    const { html } = (await api(services, 'reports.render', { runId, author: 'Grace <H>' })) as {
      html: string;
    };
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Small test design');
    expect(html).toContain('Grace &lt;H&gt;');
    expect(html).toContain('no finished max-load or growth plan of this design');
    const run = (await api(services, 'runs.get', { runId })) as {
      result: { summary: { throughputRps: number } };
    };
    expect(html).toContain(`data-metric="throughputRps" data-value="${run.result.summary.throughputRps}"`);
  });

  it('prices the run with the app’s price catalog, edited or not', async () => {
    const monthly = (html: string) => Number(/data-metric="monthlyUsd" data-value="([^"]*)"/.exec(html)?.[1]);
    const before = ((await api(services, 'reports.render', { runId })) as { html: string }).html;
    expect(before).toContain('Headroom’s built-in catalog of on-demand list prices');
    const { catalog } = (await api(services, 'pricing.list', {})) as {
      catalog: {
        defaults: { compute: string };
        instances: { type: string; role: string; hourlyUsd: number }[];
      };
    };
    const edited = {
      ...catalog,
      instances: catalog.instances.map((i) =>
        i.role === 'compute' && i.type === catalog.defaults.compute
          ? { ...i, hourlyUsd: i.hourlyUsd * 3 }
          : i,
      ),
    };
    await api(services, 'pricing.update', { catalog: edited });
    try {
      const after = ((await api(services, 'reports.render', { runId })) as { html: string }).html;
      expect(after).toContain('the price catalog as edited in Headroom');
      expect(monthly(after)).toBeGreaterThan(monthly(before));
    } finally {
      await api(services, 'pricing.update', { reset: true });
    }
  });

  it('reports.export writes html, csv (three files), json and pdf (headless Chromium)', async () => {
    const html = join(dir, 'r.html');
    expect(await api(services, 'reports.export', { runId, format: 'html', path: html })).toEqual({
      paths: [html],
    });
    expect(readFileSync(html, 'utf8')).toContain('Capacity report');
    const csv = join(dir, 'r.csv');
    expect(await api(services, 'reports.export', { runId, format: 'csv', path: csv })).toEqual({
      paths: [csv, join(dir, 'r.components.csv'), join(dir, 'r.tail.csv')],
    });
    expect(readFileSync(join(dir, 'r.components.csv'), 'utf8')).toMatch(/^id,name,kind,instances,/);
    expect(readFileSync(join(dir, 'r.tail.csv'), 'utf8')).toMatch(/^kind,component,call,/);
    const json = join(dir, 'r.json');
    await api(services, 'reports.export', { runId, format: 'json', path: json });
    expect((JSON.parse(readFileSync(json, 'utf8')) as { result: { seed: number } }).result.seed).toBe(5);
    const pdf = join(dir, 'r.pdf');
    await api(services, 'reports.export', { runId, format: 'pdf', path: pdf });
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('uses the host’s printToPdf hook when there is one', async () => {
    const pdf = join(dir, 'hook.pdf');
    await api(withHook, 'reports.export', { runId, format: 'pdf', path: pdf, author: 'Ada' });
    expect(readFileSync(pdf, 'utf8')).toBe('%PDF-1.7 from the hook');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('Ada');
  });

  it('reports.content gives the browser the files to download', async () => {
    const csv = (await api(services, 'reports.content', { runId, format: 'csv' })) as {
      files: { name: string; mimeType: string; text: string }[];
    };
    expect(csv.files.map((f) => [f.name, f.mimeType])).toEqual([
      ['small-test-design-report.csv', 'text/csv'],
      ['small-test-design-report.components.csv', 'text/csv'],
      ['small-test-design-report.tail.csv', 'text/csv'],
    ]);
    expect(csv.files[1]?.text).toMatch(/^id,name,kind,/);
    const html = (await api(services, 'reports.content', { runId, format: 'html', author: 'Ada' })) as {
      files: { text: string }[];
    };
    expect(html.files[0]?.text).toContain('Ada');
    await expect(api(services, 'reports.content', { runId, format: 'pdf' })).rejects.toThrow(/format/);
  });

  it('without a path, asks the desktop host’s save dialog (and writes nothing when cancelled)', async () => {
    dialogAnswer = null;
    expect(await api(withHook, 'reports.export', { runId, format: 'html' })).toEqual({ paths: [] });
    expect(dialogNames).toEqual(['small-test-design-report.html (html)']);
    dialogAnswer = join(dir, 'chosen');
    expect(await api(withHook, 'reports.export', { runId, format: 'json' })).toEqual({
      paths: [join(dir, 'chosen.json')],
    });
    await expect(api(services, 'reports.export', { runId, format: 'html' })).rejects.toThrow(
      /only available in the desktop app/,
    );
  });

  it('refuses a path that does not match the format, a relative path and an unknown run', async () => {
    await expect(
      api(services, 'reports.export', { runId, format: 'pdf', path: join(dir, 'x.html') }),
    ).rejects.toThrow(/path: must end with the extension of the format/);
    await expect(api(services, 'reports.export', { runId, format: 'html', path: 'x.html' })).rejects.toThrow(
      /path: must be an absolute path/,
    );
    await expect(api(services, 'reports.render', { runId: 'nope' })).rejects.toThrow(/no run with id nope/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it('includes the latest finished plans of the run’s design (canonical hash, layout aside) and says which', async () => {
    const runner = createInProcessRunner();
    const slo = parseSlo('p99<=40ms');
    const trial = { seed: 2, replications: 1, requests: 1500 };
    const base = SMALL_TOPOLOGY;
    const store = services.store;
    const insert = (
      id: string,
      kind: 'max-load' | 'growth' | 'right-size',
      t: Topology,
      result: unknown,
      extra = {},
    ) => {
      store.insertPlan({
        id,
        kind,
        designName: t.name,
        topologyText: serializeTopology(t),
        requestJson: JSON.stringify({ kind, slo: 'p99<=40ms', ...trial, ...extra }),
      });
      store.finishPlan(id, { status: 'done', slo: formatSlo(slo), resultJson: JSON.stringify(result) });
    };
    const older = await planMaxLoad(base, slo, runner, { ...trial, maxTrials: 3 });
    insert('00000000-old-max-load', 'max-load', base, older);
    await new Promise((r) => setTimeout(r, 5));
    // Same model, boxes moved on the canvas: still the run's design.
    const moved: Topology = { ...base, layout: { nodes: { api: { x: 400, y: 40 } } } };
    const newer = await planMaxLoad(moved, slo, runner, { ...trial, maxTrials: 4 });
    const growth = {
      ...growthFromMaxLoad(150, 0.1, newer),
      slo: newer.slo,
      trials: newer.trials,
      analytic: newer.analytic,
    };
    insert('11111111-new-growth', 'growth', moved, growth, { currentRps: 150, growthPerMonth: 0.1 });
    const sized: Topology = {
      ...base,
      planning: { adjustable: [{ path: 'components.api.instances', min: 1, max: 3 }] },
    };
    const rs = await planRightSize(sized, slo, runner, { ...trial, loadRps: 200, frontExtra: 1 });
    insert('22222222-right-size', 'right-size', sized, rs, { loadRps: 200 });
    await new Promise((r) => setTimeout(r, 5));
    // Another design (two api instances) finished last: not this run's.
    const other: Topology = {
      ...base,
      components: {
        ...base.components,
        api: { ...base.components['api']!, instances: 2 } as Topology['components'][string],
      },
    };
    insert(
      '33333333-other-design',
      'max-load',
      other,
      await planMaxLoad(other, slo, runner, { ...trial, maxTrials: 3 }),
    );

    const { html } = (await api(services, 'reports.render', { runId })) as { html: string };
    // The three max loads differ, so the figure shown says which plan was taken.
    expect(new Set([older.maxLoadRps, newer.maxLoadRps]).size).toBe(2);
    expect(growth.breachMonth).toBeGreaterThan(0);
    expect(html).toContain(`data-metric="maxLoadRps" data-value="${newer.maxLoadRps}"`);
    expect(html).toMatch(/stored growth plan of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(id 11111111\)/);
    expect(html).toMatch(/stored right-size plan of .* \(id 22222222\)/);
    expect(html).not.toContain('id 33333333');
    const json = (await api(services, 'reports.content', { runId, format: 'json' })) as {
      files: { text: string }[];
    };
    const doc = JSON.parse(json.files[0]!.text) as {
      date: string;
      plan: { maxLoadRps: number; growth: { breachMonth: number; breachCalendarMonth: string } };
      rightSize: { best: { configuration: Record<string, number>; monthlyUsd: number }; front: unknown[] };
    };
    expect(doc.plan.maxLoadRps).toBe(newer.maxLoadRps);
    expect(doc.plan.growth.breachMonth).toBe(growth.breachMonth);
    const [y, m] = doc.date.split('-').map(Number) as [number, number];
    const k = y * 12 + (m - 1) + growth.breachMonth!;
    expect(doc.plan.growth.breachCalendarMonth).toBe(
      `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`,
    );
    expect(doc.rightSize.best.configuration).toEqual(rs.best!.configuration);
    expect(doc.rightSize.best.monthlyUsd).toBe(rs.best!.costPerMonth);
    expect(doc.rightSize.front).toHaveLength(rs.paretoFront.length);
  }, 30_000);

  it('says which folder it could not write to', async () => {
    const path = join(dir, 'missing-folder', 'r.html');
    await expect(api(services, 'reports.export', { runId, format: 'html', path })).rejects.toThrow(
      `could not write ${path}: ENOENT`,
    );
  });
});
