import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli/index.js';
import { alternativesFor, buildReportModel } from '../../main/report/build.js';
import { applyConfiguration, setParam } from '../../models/planner/index.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../main/report/pdf.js';
import { analyze } from '../../models/analytic/index.js';
import { mergeReplications, simulate } from '../../models/index.js';
import {
  fmtLatency,
  fmtPercent,
  fmtRps,
  fmtUsd,
  admittedLoad,
  bucketWindows,
  type PlanSection,
  parseSloSpec,
  type ReportModel,
  renderReportHtml,
  windowsCsv,
  componentsCsv,
  tailCsv,
} from '../../shared/report/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { parseTopologyText, serializeTopology, type Topology } from '../../shared/topology/index.js';

const EVIL = '<script>alert(1)</script>';

/** A small design whose names try to inject markup; api runs near 60% busy. */
const HOSTILE: Topology = {
  schemaVersion: 1,
  name: `Orders ${EVIL}`,
  description: `Description with <img src="https://example.com/x.png"> & "quotes"`,
  components: {
    clients: {
      kind: 'source',
      name: 'Clients <b>bold</b>',
      workload: { type: 'open', rateRps: 240 },
      endpoints: [{ id: 'get', name: `GET /${EVIL}`, weight: 1, to: 'api', timeoutMs: 2000 }],
    },
    api: {
      kind: 'service',
      name: EVIL,
      instances: 2,
      cores: 1,
      handlers: { '*': { workMs: { type: 'exponential', meanMs: 5 }, calls: [{ to: 'db' }] } },
    },
    db: {
      kind: 'database',
      name: 'DB" onload="alert(2)',
      cores: 2,
      handlers: { '*': { workMs: { type: 'exponential', meanMs: 3 } } },
    },
  },
  scenarios: { steady: { name: `Steady ${EVIL}`, durationS: 12, warmupS: 2 } },
  slo: { latency: [{ percentile: 99, maxMs: 300 }], maxErrorRate: 0.001 },
};

let dir: string;
let file: string;
let topology: Topology;
let result: SimulationResult;
let html: string;
let model: ReportModel;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-report-'));
  file = join(dir, 'orders.headroom.json');
  writeFileSync(file, serializeTopology(HOSTILE));
  // The CLI reads the canonical file (components sorted by id): simulate exactly that.
  const parsed = parseTopologyText(serializeTopology(HOSTILE));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  topology = parsed.topology;
  result = simulate(topology, { seed: 7 });
  model = buildReportModel({ topology, result, author: `Eve ${EVIL}`, date: '2026-11-22' });
  html = renderReportHtml(model);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs the CLI in-process; returns the exit code, stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  try {
    const code = await runCli(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

describe('HTML report', () => {
  it('escapes every user-supplied string: no markup from names reaches the document', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>bold/);
    expect(html).not.toContain('" onload="');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('DB&quot; onload=&quot;alert(2)');
  });

  it('references nothing outside itself (no src/href/url() to fetch, a CSP that forbids it)', () => {
    expect(html).not.toMatch(/<[^>]*\s(src|href|srcset|action|background)\s*=/i);
    expect(html).not.toMatch(/url\((?!#)/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect(html).toContain("default-src 'none'");
  });

  it('loads in Chromium with zero network requests, no dialog, and shows the hostile names as text', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const dialogs: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (!url.startsWith('data:')) requests.push(url);
        return route.abort();
      });
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && !requests.includes(r.url())) requests.push(r.url());
      });
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.setContent(html, { waitUntil: 'load' });
      await page.waitForTimeout(200);
      expect(requests).toEqual([]);
      expect(dialogs).toEqual([]);
      const text = await page.locator('body').innerText();
      expect(text).toContain(EVIL);
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(4);
    } finally {
      await browser.close();
    }
  });

  it('shows the figures of the run, formatted, with the raw values in data-value', () => {
    const value = (metric: string) => {
      const m = new RegExp(
        `data-metric="${metric}" data-value="([^"]*)"><div class="label">[^<]*</div><div class="value">([^<]*)<`,
      ).exec(html);
      if (!m) throw new Error(`no ${metric} in the report`);
      return { raw: Number(m[1]), text: m[2] };
    };
    const s = result.summary;
    expect(value('p99S')).toEqual({ raw: s.latency.p99S, text: fmtLatency(s.latency.p99S) });
    expect(value('errorRate')).toEqual({ raw: s.errorRate, text: fmtPercent(s.errorRate) });
    expect(value('throughputRps')).toEqual({ raw: s.throughputRps, text: fmtRps(s.throughputRps) });
    const api = result.components.find((c) => c.id === 'api')!;
    expect(value('bottleneckUtilization').raw).toBe(api.utilization);
    expect(value('saturationRps').raw).toBeCloseTo(s.offeredRps / (api.utilization as number), 9);
    expect(html).toContain(
      'data-metric="maxLoadRps"><div class="label">Max load within SLO</div><div class="value">run with --plan<',
    );
  });

  it('charts every successful request in the latency histogram (buckets up to the p99.9, the rest counted)', () => {
    const d = model.latencyDistribution;
    expect(d).not.toBeNull();
    expect(d!.counts.reduce((a, b) => a + b, 0) + d!.above).toBe(result.latencyHistogram.count);
    expect(d!.above / result.latencyHistogram.count).toBeLessThan(0.002);
    expect(html).toContain(`requests above the p99.9 not shown`);
  });

  it('derives its recommendation from the bottleneck law', () => {
    const api = result.components.find((c) => c.id === 'api')!;
    const u = api.utilization as number;
    const sat = result.summary.offeredRps / u;
    expect(html).toContain(
      `runs at ${fmtPercent(u, 1)} utilization at ${fmtRps(result.summary.offeredRps)}; it saturates near ${fmtRps(sat)}`,
    );
    const apiCost = model.cost?.breakdown.find((b) => b.id === 'api')?.monthlyUsd;
    expect(apiCost).toBeGreaterThan(0);
    expect(html).toContain(
      `One more instance (2 → 3, about ${fmtUsd((apiCost as number) / 2)}/month more) raises that to ~${fmtRps((sat * 3) / 2)}`,
    );
  });

  it('says where the tail comes from: the estimator’s p99 attribution per endpoint and the hop that makes it', () => {
    const a = analyze(topology);
    const ep = a.endpoints['get']!;
    const t = model.analytic?.tail[0];
    expect(t?.endpoint).toBe('get');
    expect(t?.p99S).toBe(ep.p99Ms / 1000);
    // Every part is the estimator's figure; the shares add up to the whole p99.
    for (const p of t!.parts) {
      expect(p.p99S).toBe(ep.attribution[p.id]!.p99Ms / 1000);
      expect(p.medianS).toBe(ep.attribution[p.id]!.medianMs / 1000);
    }
    expect(t!.parts.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 9);
    // The tail hop adds the most time at the p99 over the median: api (60% busy) against db (36%).
    const excess = Object.entries(ep.attribution).sort(
      ([, x], [, y]) => y.p99Ms - y.medianMs - (x.p99Ms - x.medianMs),
    );
    expect(t?.tailHop).toBe(excess[0]![0]);
    expect(t?.tailHop).toBe('api');
    const section = /<section id="tail">.*?<\/section>/s.exec(html)?.[0] ?? '';
    expect(section).toContain('analytic estimator’s attribution');
    expect(section).toContain('is the hop that makes the tail');
    expect(section).toMatch(/data-part="api" class="hop"/);
    expect(section).not.toContain(EVIL);
    const hop = t!.parts.find((p) => p.id === 'api')!;
    expect(html).toContain(
      `The estimator puts the tail of “GET /${EVIL.replace(/</g, '&lt;').replace(/>/g, '&gt;')}” in ${EVIL.replace(/</g, '&lt;').replace(/>/g, '&gt;')}: a request at the p99 (~${fmtLatency(t!.p99S)}) spends ~${fmtLatency(hop.p99S)} there (${fmtPercent(hop.share, 0)} of it)`,
    );
  });
});

describe('the measured tail attribution in the report', () => {
  it('shows it above the estimator’s, labelled with the sampled tail requests, and names the tail hop in a sentence', () => {
    // the 10 s run samples too few requests above its p99
    expect(result.tailAttribution).toBeNull();
    const short = /<div id="tail-measured">.*?<\/div>/s.exec(html)?.[0] ?? '';
    expect(short).toContain('Not available: too few of the sampled requests');
    const long = simulate(topology, { seed: 7, durationS: 200 });
    const a = long.tailAttribution!;
    expect(a.tailRequests).toBeGreaterThan(10);
    const m = buildReportModel({ topology, result: long, author: null, date: '2026-11-22' });
    const out = renderReportHtml(m);
    const section = /<section id="tail">.*?<\/section>/s.exec(out)?.[0] ?? '';
    const measured = section.indexOf(
      `Measured from the simulation run (${a.tailRequests} tail requests sampled)`,
    );
    expect(measured).toBeGreaterThan(0);
    expect(measured).toBeLessThan(section.indexOf('The estimator’s attribution'));
    // api (60% busy, one core per instance) against db (36%): the api's queue makes the tail
    expect(a.tailHop?.component).toBe('api');
    expect(section).toContain('api (local) makes the tail:');
    expect(section).toMatch(/data-measured-part="api \(local\)" class="hop"/);
    expect(out).toContain('Measured from the simulation run: api (local) makes the tail');
  });
});

describe('recommendations beyond more instances', () => {
  const dbBound = (extra: Record<string, unknown> = {}): Topology => {
    const parsed = parseTopologyText(
      serializeTopology({
        schemaVersion: 1,
        name: 'Reads on a database',
        components: {
          clients: {
            kind: 'source',
            name: 'Clients',
            workload: { type: 'open', rateRps: 300 },
            endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'api' }],
          },
          api: {
            kind: 'service',
            name: 'API',
            instances: 4,
            cores: 2,
            instanceType: 'c7g.large',
            handlers: { '*': { workMs: { type: 'exponential', meanMs: 2 }, calls: [{ to: 'db' }] } },
          },
          db: {
            kind: 'database',
            name: 'Orders DB',
            cores: 2,
            instanceType: 'db.m7g.large',
            handlers: { '*': { workMs: { type: 'exponential', meanMs: 5 }, writeFraction: 0.2 } },
          },
          ...extra,
        },
      } as Topology),
    );
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    return parsed.topology;
  };

  it('a database bottleneck gets a read replica and a larger instance type, sized and priced by the estimator', () => {
    const t = dbBound();
    const base = analyze(t);
    expect(base.bottleneck).toBe('db');
    const replica = analyze(setParam(t, 'components.db.replicas', 1));
    const larger = analyze(applyConfiguration(t, { 'components.db.instanceType': 'db.m7g.xlarge' }));
    const r = simulate(t, { seed: 3, durationS: 6, warmupS: 1 });
    const m = buildReportModel({ topology: t, result: r, date: '2026-12-01' });
    const alts = m.alternatives ?? [];
    expect(alts.map((a) => a.kind)).toEqual(['readReplica', 'largerInstance']);
    expect(alts[0]?.maxRpsBefore).toBe(base.maxThroughputRps);
    expect(alts[0]?.maxRpsAfter).toBe(replica.maxThroughputRps);
    expect(alts[0]?.monthlyUsdDelta).toBeCloseTo(replica.cost.perMonth - base.cost.perMonth, 9);
    // One replica takes the reads (80%): the primary keeps the writes, the replica the reads.
    expect(replica.maxThroughputRps).toBeGreaterThan(base.maxThroughputRps as number);
    expect(alts[1]?.change).toBe('instanceType db.m7g.large → db.m7g.xlarge, 2 → 4 cores');
    expect(alts[1]?.maxRpsAfter).toBe(larger.maxThroughputRps);
    expect(alts[1]?.monthlyUsdDelta).toBeCloseTo(larger.cost.perMonth - base.cost.perMonth, 9);
    const page = renderReportHtml(m);
    expect(page).toContain(
      `Orders DB limits the estimated capacity at ~${fmtRps(base.maxThroughputRps as number)}. One more read replica for Orders DB (replicas 0 → 1) raises it to ~${fmtRps(replica.maxThroughputRps as number)}`,
    );
    expect(page).toContain(`for about ${fmtUsd(replica.cost.perMonth - base.cost.perMonth)}/month more`);
  });

  it('a tier behind a key cache gets a larger cache', () => {
    const t = dbBound({
      cache: {
        kind: 'cache',
        name: 'Redis',
        nodes: 1,
        latencyMs: { type: 'constant', valueMs: 0.5 },
        hit: { type: 'keys', capacity: 1000, evictionPolicy: 'lru' },
        miss: { to: 'db' },
      },
    });
    const withCache = {
      ...t,
      components: {
        ...t.components,
        api: {
          ...(t.components['api'] as Extract<Topology['components'][string], { kind: 'service' }>),
          handlers: {
            '*': { workMs: { type: 'exponential' as const, meanMs: 2 }, calls: [{ to: 'cache' }] },
          },
        },
        clients: {
          ...(t.components['clients'] as Extract<Topology['components'][string], { kind: 'source' }>),
          endpoints: [{ id: 'get', name: 'GET', weight: 1, to: 'api', keys: 20000, zipfS: 0.9 }],
        },
      },
    } as Topology;
    const valid = parseTopologyText(serializeTopology(withCache));
    expect(valid.ok).toBe(true);
    const base = analyze(withCache);
    expect(base.bottleneck).toBe('db');
    const alts = alternativesFor(withCache, null);
    const cache = alts.find((a) => a.kind === 'largerCache');
    expect(cache?.component).toBe('cache');
    expect(cache?.change).toBe('hit.capacity 1,000 → 2,000 keys');
    expect(cache?.maxRpsAfter).toBe(
      analyze(setParam(withCache, 'components.cache.hit.capacity', 2000)).maxThroughputRps,
    );
  });
});

describe('bottleneck law under load shedding', () => {
  it('measures saturation against the admitted load, not the offered load, when requests are refused', () => {
    const shedding: Topology = {
      schemaVersion: 1,
      name: 'Overloaded',
      components: {
        clients: {
          kind: 'source',
          name: 'Clients',
          workload: { type: 'open', rateRps: 150 },
          endpoints: [{ id: 'get', name: 'GET /', weight: 1, to: 'api' }],
        },
        api: {
          kind: 'service',
          name: 'API',
          instances: 1,
          cores: 1,
          workers: 1,
          queueLimit: 2,
          handlers: { '*': { workMs: { type: 'exponential', meanMs: 8 } } },
        },
      },
    };
    const r = simulate(shedding, { seed: 3, durationS: 10 });
    const refused = r.summary.errors.rejected;
    expect(refused).toBeGreaterThan(0);
    const admitted = admittedLoad(r);
    expect(admitted).toBeCloseTo(r.summary.offeredRps * (1 - refused / r.measured.arrived), 9);
    expect(admitted).toBeLessThan(r.summary.offeredRps);
    const text = renderReportHtml(buildReportModel({ topology: shedding, result: r, date: '2026-11-22' }));
    const u = r.components.find((c) => c.id === 'api')?.utilization as number;
    expect(Number(/data-metric="saturationRps" data-value="([^"]*)"/.exec(text)?.[1])).toBeCloseTo(
      admitted / u,
      9,
    );
    expect(text).toContain(`at ${fmtRps(admitted)} admitted (${fmtRps(r.summary.offeredRps)} offered)`);
    expect(text).toContain('refused');
  });
});

describe('scaling figures', () => {
  it('charts instances over time when a pool’s fleet changes, and puts them in the CSV', () => {
    const killed: Topology = {
      ...topology,
      scenarios: {
        steady: {
          name: 'Lose one API instance',
          durationS: 12,
          failures: [{ type: 'killInstances', atS: 4, durationS: 4, target: 'api', count: 1 }],
        },
      },
    };
    const r = simulate(killed, { seed: 2 });
    const m = buildReportModel({ topology: killed, result: r, date: '2026-11-22' });
    const api = m.instances.find((s) => s.id === 'api');
    expect(api?.points.map((p) => p.serving)).toEqual(
      r.windows.map((w) => w.components.find((c) => c.id === 'api')?.instances?.serving),
    );
    expect(Math.min(...api!.points.map((p) => p.serving))).toBe(1);
    expect(Math.max(...api!.points.map((p) => p.serving))).toBe(2);
    expect(m.instances.some((s) => s.id === 'db')).toBe(false);
    const text = renderReportHtml(m);
    expect(text).toContain('<figcaption>Instances over time</figcaption>');
    expect(text).toContain('1 × &lt;script&gt;alert(1)&lt;/script&gt; down');
    const header = windowsCsv(r).split('\r\n')[0]!;
    expect(header).toContain('api.instances_serving,api.instances_warming');
    expect(header).toContain('errors_circuit_open');
  });
});

describe('long runs', () => {
  it('groups windows into at most 600 chart points: highest latency, mean rates, summed errors', () => {
    const windows = Array.from({ length: 1801 }, (_, i) => ({
      ...(result.windows[0] as SimulationResult['windows'][number]),
      index: i,
      startS: i,
      endS: i + 1,
      offeredRps: i,
      latency: { ...result.windows[0]!.latency, p99S: i === 1000 ? 9 : 0.1 },
      errors: { rateLimited: 1, rejected: 0, timeout: 2, failed: 0, circuitOpen: 0 },
    }));
    const { size, buckets } = bucketWindows(windows);
    expect(size).toBe(4);
    expect(buckets).toHaveLength(451);
    expect(buckets[250]).toMatchObject({ startS: 1000, p99S: 9, offeredRps: 1001.5 });
    expect(buckets[450]).toMatchObject({ startS: 1800, offeredRps: 1800 });
    expect(buckets.reduce((a, b) => a + b.errors.timeout, 0)).toBe(2 * 1801);
    const long = { ...result, windows };
    const text = renderReportHtml(buildReportModel({ topology, result: long, date: '2026-11-22' }));
    expect(text).toContain(
      'Latency percentiles over time (each point: 4 windows of 1 s; latency the highest, rates the mean)',
    );
  });
});

describe('headroom report (CLI)', () => {
  it('writes HTML and JSON whose numbers agree with each other and with the engine', async () => {
    const htmlPath = join(dir, 'r.html');
    const jsonPath = join(dir, 'r.json');
    const a = await cli(['report', file, '--out', htmlPath, '--seed', '7', '--author', 'Ada']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^wrote .*r\.html \(\d+\.\d KB\)\np99 /);
    expect((await cli(['report', file, '--out', jsonPath, '--seed', '7'])).code).toBe(0);
    const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
      result: SimulationResult;
      slo: { holds: boolean }[];
    };
    expect(json.result).toEqual(JSON.parse(JSON.stringify(result)));
    const written = readFileSync(htmlPath, 'utf8');
    const p99 = /data-metric="p99S" data-value="([^"]*)"/.exec(written)?.[1];
    expect(Number(p99)).toBe(json.result.summary.latency.p99S);
    for (const c of json.result.components) {
      const row = new RegExp(
        `data-component="${c.id}".*?data-field="throughputRps" data-value="([^"]*)"`,
      ).exec(written);
      expect(Number(row?.[1])).toBe(c.throughputRps);
    }
    expect(json.slo).toHaveLength(2);
  });

  it('writes the time series, the component table and the measured tail attribution as CSV', async () => {
    const csvPath = join(dir, 'r.csv');
    const r = await cli(['report', file, '--out', csvPath, '--seed', '7']);
    expect(r.code).toBe(0);
    const series = readFileSync(csvPath, 'utf8');
    expect(series).toBe(windowsCsv(result));
    const lines = series.trimEnd().split('\r\n');
    expect(lines).toHaveLength(result.windows.length + 1);
    for (const line of lines) expect(line.split(',')).toHaveLength(lines[0]!.split(',').length);
    expect(lines[0]).toMatch(/^window,start_s,end_s,warmup,offered_rps,throughput_rps,error_rps,/);
    expect(lines[0]).toContain('api.utilization');
    const table = readFileSync(join(dir, 'r.components.csv'), 'utf8');
    expect(table).toBe(componentsCsv(result, topology));
    expect(table).toContain(`api,${EVIL},service,2,`);
    expect(table.trimEnd().split('\r\n')).toHaveLength(result.components.length + 1);
    const tail = readFileSync(join(dir, 'r.tail.csv'), 'utf8');
    expect(tail).toBe(tailCsv(result));
    expect(tail).toMatch(/^kind,component,call,median_mean_ms,tail_mean_ms,excess_ms,excess_share,tail_hop,/);
    expect(tail.trimEnd().split('\r\n')).toHaveLength((result.tailAttribution?.parts.length ?? 0) + 1);
  });

  it('renders a PDF whose pages rasterize (pdftoppm)', async () => {
    const pdfPath = join(dir, 'r.pdf');
    const r = await cli(['report', file, '--out', pdfPath, '--seed', '7']);
    expect(r.code).toBe(0);
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    execFileSync('pdftoppm', ['-png', '-r', '30', pdfPath, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages) expect(readFileSync(join(dir, p)).length).toBeGreaterThan(1000);
  });

  it('--plan adds the max load within the SLO, the headroom and the capacity curve from the planner', async () => {
    const jsonPath = join(dir, 'plan.json');
    const r = await cli([
      'report',
      file,
      '--out',
      jsonPath,
      '--seed',
      '7',
      '--plan',
      '--plan-replications',
      '1',
      '--plan-requests',
      '2000',
      '--growth',
      '8%',
    ]);
    expect(r.code).toBe(0);
    const plan = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { plan: PlanSection }).plan;
    expect(plan.currentLoadRps).toBeCloseTo(240, 6);
    // api saturates near 400 req/s (2 instances × 1 core ÷ 5 ms): the max load lies below that.
    expect(plan.maxLoadRps).toBeGreaterThan(240);
    expect(plan.maxLoadRps).toBeLessThan(420);
    expect(plan.headroom).toBeCloseTo((plan.maxLoadRps as number) / plan.currentLoadRps - 1, 9);
    expect(plan.curve.length).toBeGreaterThanOrEqual(3);
    expect(plan.curve.some((p) => p.pass) && plan.curve.some((p) => !p.pass)).toBe(true);
    expect(plan.growth?.breaksAfterMonths).toBeCloseTo(
      Math.log(1 + (plan.headroom as number)) / Math.log(1.08),
      6,
    );
    // The breach as a calendar month: the first whole month above the max load, counted from the report's date.
    const doc = JSON.parse(readFileSync(jsonPath, 'utf8')) as { date: string };
    const month = Math.floor(plan.growth?.breaksAfterMonths as number) + 1;
    expect(plan.growth?.breachMonth).toBe(month);
    const [y, mo] = doc.date.split('-').map(Number) as [number, number];
    const k = y * 12 + mo - 1 + month;
    expect(plan.growth?.breachCalendarMonth).toBe(
      `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`,
    );
    const htmlPath = join(dir, 'plan.html');
    const noSlo = join(dir, 'no-slo.headroom.json');
    writeFileSync(noSlo, serializeTopology({ ...topology, slo: undefined }));
    const n = await cli(['report', noSlo, '--out', htmlPath, '--seed', '7', '--plan']);
    expect(n.code).toBe(0);
    expect(n.stderr).toContain('headroom: --plan: the file has no SLO to find the max load for');
    expect(readFileSync(htmlPath, 'utf8')).toContain('Capacity curve: not computed — the file has no SLO');
  });

  it('--right-size --load adds the cheapest configuration within the SLO and the Pareto front', async () => {
    const sized = join(dir, 'sized.headroom.json');
    writeFileSync(
      sized,
      serializeTopology({
        ...topology,
        planning: { adjustable: [{ path: 'components.api.instances', min: 1, max: 4 }] },
      }),
    );
    const jsonPath = join(dir, 'sized.json');
    const args = ['report', sized, '--out', jsonPath, '--seed', '7', '--right-size', '--load', '300'];
    const trials = ['--plan-replications', '1', '--plan-requests', '2000', '--front', '2'];
    const r = await cli([...args, ...trials]);
    expect(r.code).toBe(0);
    const rs = (
      JSON.parse(readFileSync(jsonPath, 'utf8')) as {
        rightSize: {
          loadRps: number;
          best: { configuration: Record<string, number>; monthlyUsd: number; pass: boolean };
          front: { monthlyUsd: number; p99S: number }[];
          counts: { configurations: number };
        };
      }
    ).rightSize;
    expect(rs.loadRps).toBe(300);
    expect(rs.counts.configurations).toBe(4);
    // One instance (1 core, 5 ms) saturates at 200 req/s: at 300 req/s the answer has at least two.
    expect(rs.best.configuration['components.api.instances']).toBeGreaterThanOrEqual(2);
    expect(rs.best.pass).toBe(true);
    expect(rs.front.length).toBeGreaterThan(0);
    for (let i = 1; i < rs.front.length; i++) {
      expect(rs.front[i]!.monthlyUsd).toBeGreaterThanOrEqual(rs.front[i - 1]!.monthlyUsd);
      expect(rs.front[i]!.p99S).toBeLessThan(rs.front[i - 1]!.p99S);
    }
    const htmlPath = join(dir, 'sized.html');
    expect(
      (
        await cli([
          'report',
          sized,
          '--out',
          htmlPath,
          '--seed',
          '7',
          '--right-size',
          '--load',
          '300',
          ...trials,
        ])
      ).code,
    ).toBe(0);
    const page = readFileSync(htmlPath, 'utf8');
    expect(page).toContain('Right-size Pareto front at 300 req/s');
    expect(page).toContain(
      `api.instances = ${rs.best.configuration['components.api.instances']}</strong>, ${fmtUsd(rs.best.monthlyUsd)} per month`,
    );
    const bad = await cli(['report', sized, '--out', htmlPath, '--right-size']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--right-size needs --load RPS');
    expect((await cli(['report', sized, '--out', htmlPath, '--load', '300'])).stderr).toContain(
      'add --right-size',
    );
  }, 30_000);

  it('--replications merges independent replications and reports their confidence intervals', async () => {
    const jsonPath = join(dir, 'reps.json');
    expect((await cli(['report', file, '--out', jsonPath, '--seed', '7', '--replications', '3'])).code).toBe(
      0,
    );
    const merged = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { result: SimulationResult }).result;
    const expected = mergeReplications(
      [0, 1, 2].map((replication) => simulate(topology, { seed: 7, replication })),
    );
    expect(merged).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(merged.summary.ci95).toMatchObject({ method: 'replications', n: 3 });
    const htmlPath = join(dir, 'reps.html');
    await cli(['report', file, '--out', htmlPath, '--seed', '7', '--replications', '3']);
    expect(readFileSync(htmlPath, 'utf8')).toContain('Method: 3 independent replications (Student t).');
  });

  it('--scenarios compares other scenarios of the design under the same seed', async () => {
    const multi = join(dir, 'multi.headroom.json');
    writeFileSync(
      multi,
      serializeTopology({
        ...topology,
        scenarios: {
          ...topology.scenarios,
          double: { name: 'Double load', durationS: 12, warmupS: 2, loadFactor: 2 },
          late: {
            name: 'Late outage',
            durationS: 12,
            failures: [{ type: 'killInstances', atS: 30, target: 'api', count: 1 }],
          },
        },
      }),
    );
    const jsonPath = join(dir, 'multi.json');
    // Scenarios are sorted by id in the canonical file: name the report's own.
    const own = ['--scenario', 'steady'];
    const r = await cli(['report', multi, ...own, '--out', jsonPath, '--seed', '7', '--scenarios', 'all']);
    expect(r.code).toBe(0);
    const out = JSON.parse(readFileSync(jsonPath, 'utf8')) as { result: SimulationResult };
    const htmlPath = join(dir, 'multi.html');
    await cli(['report', multi, ...own, '--out', htmlPath, '--seed', '7', '--scenarios', 'steady,double']);
    const text = readFileSync(htmlPath, 'utf8');
    expect(text).toContain('<section id="scenarios">');
    expect(text).toMatch(/data-scenario="steady">.*?<span class="badge ok">holds<\/span>/);
    // Twice the load on api (2 × 1 core at 5 ms for 480 req/s): utilization above 1, the SLO breaks.
    expect(text).toMatch(/data-scenario="double">.*?<span class="badge bad">broken<\/span>/);
    expect(text).toContain('Under the scenario “Double load” the SLO breaks');
    expect(out.result.scenario).toBe('steady');
    const late = await cli([
      'report',
      multi,
      ...own,
      '--out',
      htmlPath,
      '--seed',
      '7',
      '--scenarios',
      'late',
    ]);
    expect(late.code).toBe(0);
    expect(readFileSync(htmlPath, 'utf8')).toContain('(not reached: the run stops at 12 s)');
    const bad = await cli(['report', multi, '--out', htmlPath, '--scenarios', 'nope']);
    expect(bad.stderr).toBe(
      'headroom: --scenarios: the file has no scenario "nope" (it has: double, late, steady)\n',
    );
  });

  it('refuses bad flags with one clear line', async () => {
    const bad = await cli(['report', file, '--out', join(dir, 'r.docx')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `headroom: --out must end with .html, .pdf, .csv or .json, got "${join(dir, 'r.docx')}"\n`,
    );
    const scen = await cli(['report', file, '--out', join(dir, 'x.html'), '--scenario', 'nope']);
    expect(scen.code).toBe(1);
    expect(scen.stderr).toMatch(/no scenario "nope" \(the file has: steady\)/);
    const seed = await cli(['report', file, '--out', join(dir, 'x.html'), '--seed', '-1']);
    expect(seed.stderr).toMatch(/--seed must be an integer/);
  });
});

describe('SLO syntax', () => {
  it('parses latency and error terms, and names a bad term', () => {
    expect(parseSloSpec('p99<=300ms, p95<=0.2s,errors<=0.1%')).toEqual({
      latency: [
        { percentile: 99, maxMs: 300 },
        { percentile: 95, maxMs: 200 },
      ],
      maxErrorRate: 0.001,
    });
    expect(() => parseSloSpec('p99<300')).toThrow(/"p99<300" is not understood/);
    expect(() => parseSloSpec('p100<=3ms')).toThrow(/percentile must be between 0 and 100/);
  });
});
