/**
 * The capacity report as one self-contained HTML document: inline CSS and SVG only (no scripts,
 * fonts, images or links to fetch), every user-supplied string escaped, print-friendly.
 */
import type { ComponentStats } from '../results/index.js';
import { isTailHop, tailHopSentence, tailPartName } from '../results/tail.js';
import { horizontalBars, lineChart, PALETTE, stackedBars } from './charts.js';
import {
  admittedLoad,
  bottleneckOf,
  byUtilization,
  HIGH_UTILIZATION,
  nameOf,
  recommendations,
  saturationLoad,
} from './derive.js';
import { KIND_COLORS, topologySvg } from './diagram.js';
import { bucketPoints, bucketWindows } from './series.js';
import { failureText, notReached, profileText } from './describe.js';
import {
  escapeHtml as h,
  fmtDuration,
  fmtLatency,
  fmtMonth,
  fmtNumber,
  fmtPercent,
  fmtRps,
  fmtUsd,
} from './format.js';
import type { ReportModel } from './model.js';

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#0f172a;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:960px;margin:0 auto;padding:40px 32px 64px}
header.cover{border-bottom:3px solid #0f172a;padding-bottom:16px;margin-bottom:28px}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:11px;color:#64748b;font-weight:600}
h1{font-size:30px;line-height:1.2;margin:6px 0 6px}
h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid #e2e8f0}
h3{font-size:15px;margin:20px 0 8px}
p{margin:6px 0}
.meta{color:#475569;font-size:13px}
.muted{color:#64748b}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:12px 0 8px}
.kpi{border:1px solid #e2e8f0;border-radius:8px;padding:10px 12px;background:#f8fafc;break-inside:avoid}
.kpi .label{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:#64748b}
.kpi .value{font-size:20px;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums}
.kpi .sub{font-size:11.5px;color:#64748b}
.kpi.na .value{font-size:13px;font-weight:500;color:#64748b}
table{border-collapse:collapse;width:100%;font-size:12.5px;margin:8px 0 12px;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
th{background:#f1f5f9;font-weight:600;color:#334155}
td.num,th.num{text-align:right;white-space:nowrap}
td .sub{font-size:11px;color:#64748b;white-space:nowrap}
td .sub.wrap{white-space:normal}
tr{break-inside:avoid}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11.5px;font-weight:600}
.ok{background:#dcfce7;color:#166534}.bad{background:#fee2e2;color:#991b1b}.unk{background:#f1f5f9;color:#475569}
ul.recs{list-style:none;padding:0;margin:8px 0}
ul.recs li{border-left:4px solid #2563eb;background:#f8fafc;padding:8px 12px;margin:6px 0;break-inside:avoid}
ul.recs li.critical{border-color:#dc2626;background:#fef2f2}
ul.recs li.warning{border-color:#d97706;background:#fffbeb}
.diagram{width:100%;height:auto;display:block;margin:8px auto}
.kinds{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:11.5px;color:#475569}
.kinds span::before{content:"";display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px;background:var(--c);border:1px solid var(--s)}
figure.chart{margin:14px 0 18px;break-inside:avoid}
figure.chart figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
figure.chart svg{width:100%;height:auto;display:block}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:11.5px;color:#334155;margin-top:2px}
figure.chart .legend svg{width:18px;height:8px;display:inline-block;margin-right:5px;vertical-align:1px}
.note{border:1px dashed #cbd5e1;border-radius:8px;padding:10px 12px;color:#475569;background:#fff;margin:10px 0}
dl.facts{display:grid;grid-template-columns:200px 1fr;gap:4px 16px;margin:8px 0}
dl.facts dt{color:#64748b}
dl.facts dd{margin:0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f5f9;padding:0 4px;border-radius:3px}
footer{margin-top:40px;color:#94a3b8;font-size:11.5px;border-top:1px solid #e2e8f0;padding-top:10px}
.appendix{break-before:page}
@page{size:A4;margin:14mm 12mm}
@media print{
  main{max-width:none;padding:0}
  h2{break-after:avoid}
  h3{break-after:avoid}
  section{break-inside:auto}
  .kpis{grid-template-columns:repeat(4,1fr)}
  a{color:inherit;text-decoration:none}
  footer{display:none}
}
`;

/** A headline figure; `value` (raw number, result units) goes into data-value for checks and tools. */
function kpi(label: string, metric: string, value: number | null, text: string, sub = ''): string {
  const raw = value === null ? '' : ` data-value="${String(value)}"`;
  return `<div class="kpi" data-metric="${metric}"${raw}><div class="label">${h(label)}</div><div class="value">${h(text)}</div>${sub ? `<div class="sub">${h(sub)}</div>` : ''}</div>`;
}

/** A headline figure that was not computed, with the reason. */
function kpiNa(label: string, metric: string, why: string): string {
  return `<div class="kpi na" data-metric="${metric}"><div class="label">${h(label)}</div><div class="value">${h(why)}</div></div>`;
}

function header(m: ReportModel): string {
  const t = m.topology;
  return `<header class="cover"><div class="eyebrow">Capacity report</div><h1>${h(m.title)}</h1>${
    t.description ? `<p>${h(t.description)}</p>` : ''
  }<p class="meta">${m.author ? `${h(m.author)} · ` : ''}${h(m.date)} · Headroom ${h(m.version)}${
    m.scenario ? ` · scenario “${h(m.scenario.name)}”` : ''
  }</p></header>`;
}

function headline(m: ReportModel): string {
  const s = m.result.summary;
  const b = bottleneckOf(m.result.components);
  const sat = b ? saturationLoad(admittedLoad(m.result), b.utilization) : null;
  const cards = [
    kpi(
      'p99 latency',
      'p99S',
      s.latency.p99S,
      fmtLatency(s.latency.p99S),
      `at ${fmtRps(s.offeredRps)} offered`,
    ),
    kpi(
      'Error rate',
      'errorRate',
      s.errorRate,
      fmtPercent(s.errorRate),
      `${fmtNumber(m.result.measured.failed)} failed requests`,
    ),
    kpi(
      'Throughput',
      'throughputRps',
      s.throughputRps,
      fmtRps(s.throughputRps),
      `offered ${fmtRps(s.offeredRps)}`,
    ),
    b
      ? kpi(
          'Bottleneck',
          'bottleneckUtilization',
          b.utilization,
          nameOf(m.topology, b.id),
          `${fmtPercent(b.utilization, 1)} utilization`,
        )
      : kpiNa('Bottleneck', 'bottleneckUtilization', 'none: no component has a utilization'),
    sat !== null
      ? kpi('Saturation load', 'saturationRps', sat, fmtRps(sat), 'bottleneck law (load ÷ utilization)')
      : kpiNa('Saturation load', 'saturationRps', 'not available'),
    m.plan && m.plan.maxLoadRps !== null
      ? kpi(
          'Max load within SLO',
          'maxLoadRps',
          m.plan.maxLoadRps,
          fmtRps(m.plan.maxLoadRps),
          `SLO ${m.plan.slo}`,
        )
      : m.plan
        ? kpiNa('Max load within SLO', 'maxLoadRps', 'the SLO breaks even at the lowest load tried')
        : kpiNa('Max load within SLO', 'maxLoadRps', m.planNote),
    m.plan && m.plan.headroom !== null
      ? kpi(
          'Headroom',
          'headroom',
          m.plan.headroom,
          fmtPercent(m.plan.headroom, 0),
          'max load ÷ current load − 1',
        )
      : kpiNa('Headroom', 'headroom', m.plan ? 'not available' : m.planNote),
    m.cost
      ? kpi(
          'Monthly cost',
          'monthlyUsd',
          m.cost.monthlyUsd,
          fmtUsd(m.cost.monthlyUsd),
          m.cost.perMillionUsd === null ? '' : `${fmtUsd(m.cost.perMillionUsd)} per million requests`,
        )
      : kpiNa('Monthly cost', 'monthlyUsd', m.costNote),
  ];
  return `<section id="summary"><h2>Summary</h2><div class="kpis">${cards.join('')}</div>${sloTable(m)}</section>`;
}

function sloTable(m: ReportModel): string {
  if (m.slo.length === 0)
    return '<p class="note">The design has no SLO: add one to the file (<code>slo</code>) to check the run against it.</p>';
  const rows = m.slo
    .map((c) => {
      const fmt = (x: number | null) => (c.measure.type === 'errorRate' ? fmtPercent(x) : fmtLatency(x));
      const badge =
        c.holds === null
          ? '<span class="badge unk">not measured</span>'
          : c.holds
            ? '<span class="badge ok">holds</span>'
            : '<span class="badge bad">broken</span>';
      return `<tr data-slo="${h(c.label)}"><td>${h(c.label)}</td><td class="num">${h(fmt(c.limit))}</td><td class="num">${h(fmt(c.actual))}</td><td>${badge}</td></tr>`;
    })
    .join('');
  return `<h3>Service-level objective</h3><table><thead><tr><th>Objective</th><th class="num">Limit</th><th class="num">Measured</th><th>Result</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function recs(m: ReportModel): string {
  const list = recommendations(m);
  return `<section id="recommendations"><h2>Recommendations</h2><ul class="recs">${list
    .map((r) => `<li class="${r.level}">${h(r.text)}</li>`)
    .join(
      '',
    )}</ul><p class="muted">Derived from the simulated figures with the operational laws (utilization grows linearly with load); confirm a change by simulating it.</p></section>`;
}

function design(m: ReportModel): string {
  const util = new Map(m.result.components.map((c) => [c.id, c.utilization] as const));
  const kinds = [...new Set(Object.values(m.topology.components).map((c) => c.kind))].sort();
  const legendHtml = kinds
    .map((k) => {
      const c = KIND_COLORS[k];
      return c ? `<span style="--c:${c.fill};--s:${c.stroke}">${h(c.label)}</span>` : '';
    })
    .join('');
  return `<section id="design"><h2>Design</h2>${topologySvg(m.topology, util)}<div class="kinds">${legendHtml}<span style="--c:#fff;--s:#dc2626">≥ ${fmtPercent(HIGH_UTILIZATION, 0)} utilization (red outline)</span></div><p class="muted">Solid arrows: synchronous calls; dashed: asynchronous; dotted: autoscaler control. Percentages: simulated utilization.</p></section>`;
}

function assumptions(m: ReportModel): string {
  const t = m.topology;
  const r = m.result;
  const scen = m.scenario ? t.scenarios?.[m.scenario.id] : undefined;
  const sources = Object.entries(t.components).filter(([, c]) => c.kind === 'source');
  const workload = sources
    .map(([id, c]) => {
      if (c.kind !== 'source') return '';
      const w = c.workload;
      const what =
        w.type === 'open'
          ? `open workload, ${fmtRps(w.rateRps)} (${w.arrivals?.type ?? 'poisson'} arrivals)`
          : `closed workload, ${fmtNumber(w.users)} users`;
      const total = c.endpoints.reduce((a, e) => a + e.weight, 0) || 1;
      const rows = c.endpoints
        .map(
          (e) =>
            `<tr><td>${h(e.name)}</td><td><code>${h(e.id)}</code></td><td class="num">${fmtPercent(e.weight / total, 1)}</td><td>${h(nameOf(t, e.to))}</td><td class="num">${e.timeoutMs === undefined ? '–' : `${fmtNumber(e.timeoutMs)} ms`}</td></tr>`,
        )
        .join('');
      return `<h3>${h(c.name)} <span class="muted">(${h(id)})</span></h3><p>${h(what)}</p><table><thead><tr><th>Endpoint</th><th>Id</th><th class="num">Share</th><th>Enters at</th><th class="num">Client timeout</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
  const facts: [string, string][] = [
    [
      'Scenario',
      m.scenario ? `${m.scenario.name} (${m.scenario.id})` : 'none (duration given on the command line)',
    ],
  ];
  if (scen?.description) facts.push(['Scenario description', scen.description]);
  facts.push(
    ['Load factor', fmtNumber(scen?.loadFactor ?? 1, 2) + '×'],
    ['Load profile', profileText(scen?.profile)],
    [
      'Scripted failures',
      scen?.failures?.length
        ? scen.failures.map((f) => failureText(f) + notReached(f, r.durationS)).join('; ')
        : 'none',
    ],
    ['Simulated time', fmtDuration(r.durationS)],
    ['Warm-up (discarded)', fmtDuration(r.warmupS)],
    ['Measured period', fmtDuration(r.measuredS)],
    ['Window', `${fmtNumber(r.windowS, r.windowS % 1 === 0 ? 0 : 2)} s`],
    ['Seed', String(r.seed)],
    ['Replications', String(r.replications)],
    ['Prices', pricesText(m)],
    ['Headroom version', m.version],
  );
  const sloList = m.slo.length ? m.slo.map((s) => s.label).join('; ') : 'none';
  facts.push(['SLO', sloList]);
  return `<section id="assumptions"><h2>Assumptions</h2><dl class="facts">${facts
    .map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`)
    .join('')}</dl>${workload}</section>`;
}

function pricesText(m: ReportModel): string {
  const parts: string[] = [];
  if (m.cost?.catalog)
    parts.push(
      `catalog of ${m.cost.catalog.date} (${m.cost.catalog.source})${m.cost.catalog.region ? `, region ${m.cost.catalog.region}` : ''}`,
    );
  const p = m.topology.pricing;
  if (p) {
    const n =
      Object.keys(p.instanceHourlyUsd ?? {}).length +
      Object.keys(p.componentHourlyUsd ?? {}).length +
      Object.keys(p.perMillionRequestsUsd ?? {}).length;
    parts.push(`${n} price override(s) in the file${p.region ? `, region ${p.region}` : ''}`);
  }
  if (parts.length === 0) return m.cost ? 'built-in prices' : `no cost computed (${m.costNote})`;
  return parts.join('; ');
}

/** Scripted failures and profile peaks of the scenario, as chart markers (scenario seconds). */
function timelineMarkers(m: ReportModel): { x: number; x2?: number; label: string }[] {
  const scen = m.scenario ? m.topology.scenarios?.[m.scenario.id] : undefined;
  if (!scen) return [];
  const end = m.result.durationS;
  const out: { x: number; x2?: number; label: string }[] = [];
  const p = scen.profile;
  if (p?.type === 'spike')
    out.push({ x: p.atS, x2: p.atS + p.durationS, label: `spike ×${fmtNumber(p.factor, 1)}` });
  for (const f of scen.failures ?? []) {
    const name = (id: string) => nameOf(m.topology, id);
    const label =
      f.type === 'killInstances'
        ? `${f.count} × ${name(f.target)} down`
        : f.type === 'killZone'
          ? `zone ${f.zone} down`
          : f.type === 'slowdown'
            ? `${name(f.target)} ${fmtNumber(f.factor, 1)}× slower`
            : f.type === 'errorRate'
              ? `${name(f.target)} failing ${fmtPercent(f.rate)}`
              : f.type === 'flushCache'
                ? `${name(f.target)} flushed`
                : f.type === 'failover'
                  ? `${name(f.target)} failover`
                  : `${name(f.from)} → ${name(f.to)} cut`;
    const lasting = 'durationS' in f ? f.durationS : undefined;
    const until =
      lasting !== undefined
        ? f.atS + lasting
        : f.type === 'flushCache' || f.type === 'failover'
          ? undefined
          : end;
    out.push(until === undefined ? { x: f.atS, label } : { x: f.atS, x2: until, label });
  }
  return out;
}

function overTime(m: ReportModel): string {
  const markers = timelineMarkers(m);
  const windows = m.result.windows;
  const { size, buckets: w } = bucketWindows(windows);
  const per =
    size > 1
      ? ` (each point: ${size} windows of ${fmtNumber(m.result.windowS, 0)} s; latency the highest, rates the mean)`
      : '';
  // Window starts run from 0 to the last window's start; keep both charts on that range.
  const xDomain: [number, number] = [0, Math.max(m.result.windowS, windows[windows.length - 1]?.startS ?? 0)];
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  const sloP99 = m.slo.find(
    (c) => c.measure.type === 'latency' && c.measure.percentile === 99 && c.measure.endpoint === null,
  );
  const latency = lineChart(
    [
      { name: 'p50', points: w.map((x) => [x.startS, ms(x.p50S)]) },
      { name: 'p95', points: w.map((x) => [x.startS, ms(x.p95S)]) },
      { name: 'p99', points: w.map((x) => [x.startS, ms(x.p99S)]) },
    ],
    {
      title: `Latency percentiles over time${per}`,
      xLabel: 'simulated time (s)',
      yLabel: 'latency (ms)',
      markers,
      xDomain,
      ...(sloP99 ? { reference: { y: sloP99.limit * 1000, label: `SLO ${sloP99.label}` } } : {}),
    },
  );
  const throughput = lineChart(
    [
      { name: 'offered', points: w.map((x) => [x.startS, x.offeredRps]), color: '#94a3b8', dashed: true },
      {
        name: 'throughput (successful)',
        points: w.map((x) => [x.startS, x.throughputRps]),
        color: '#16a34a',
      },
      { name: 'errors', points: w.map((x) => [x.startS, x.errorRps]), color: '#dc2626' },
    ],
    {
      title: `Throughput over time${per}`,
      xLabel: 'simulated time (s)',
      yLabel: 'requests/s',
      markers,
      xDomain,
    },
  );
  const e = m.result.summary.errors;
  const totalErrors = e.rateLimited + e.rejected + e.timeout + e.failed + e.circuitOpen;
  const errors =
    totalErrors === 0 && w.every((x) => x.errorRps === 0)
      ? '<figure class="chart"><figcaption>Errors by cause</figcaption><p class="note">No request failed during the run (no 429, 503, timeout, dependency failure or open circuit).</p></figure>'
      : stackedBars(
          w.map((x) => x.startS),
          [
            {
              name: `429 rate-limited (${fmtNumber(e.rateLimited)})`,
              values: w.map((x) => x.errors.rateLimited),
              color: '#9333ea',
            },
            {
              name: `503 rejected (${fmtNumber(e.rejected)})`,
              values: w.map((x) => x.errors.rejected),
              color: '#ea580c',
            },
            {
              name: `timeout (${fmtNumber(e.timeout)})`,
              values: w.map((x) => x.errors.timeout),
              color: '#dc2626',
            },
            {
              name: `dependency failed (${fmtNumber(e.failed)})`,
              values: w.map((x) => x.errors.failed),
              color: '#475569',
            },
            {
              name: `circuit open (${fmtNumber(e.circuitOpen)})`,
              values: w.map((x) => x.errors.circuitOpen),
              color: '#0891b2',
            },
          ],
          {
            title: `Errors by cause (failed requests per ${size > 1 ? `${size} windows` : 'window'}; totals over the measured period)`,
            xLabel: 'simulated time (s)',
            yLabel: 'failed requests',
          },
        );
  const warm =
    m.result.warmupS > 0
      ? `<p class="muted">The first ${fmtDuration(m.result.warmupS)} are warm-up: shown here, left out of the summary figures.</p>`
      : '';
  return `<section id="over-time"><h2>Behaviour over time</h2>${warm}${latency}${throughput}${errors}${instancesChart(m, size)}</section>`;
}

function instancesChart(m: ReportModel, size: number): string {
  if (m.instances.length === 0) return '';
  const series = m.instances.flatMap((s, i) => [
    {
      name: `${nameOf(m.topology, s.id)} serving`,
      points: bucketPoints(s.points, (p) => p.serving, size),
      color: PALETTE[i % PALETTE.length] as string,
    },
    ...(s.points.some((p) => p.warming > 0)
      ? [
          {
            name: `${nameOf(m.topology, s.id)} warming`,
            points: bucketPoints(s.points, (p) => p.warming, size),
            color: PALETTE[i % PALETTE.length] as string,
            dashed: true,
          },
        ]
      : []),
  ]);
  return lineChart(series, {
    title: 'Instances over time',
    xLabel: 'simulated time (s)',
    yLabel: 'instances',
  });
}

/** Instances of a pool: the fixed count, or the time average and peak of a changing fleet. */
function instancesCell(c: ComponentStats): string {
  if (c.kind === 'source') return '–';
  const i = c.scaling?.instances;
  if (!i || (i.mean === c.instances && i.max === c.instances)) return String(c.instances);
  return `${fmtNumber(i.mean, 1)}<div class="sub">max ${fmtNumber(i.max)}</div>`;
}

/** Cache, queue, replica, breaker and serverless figures under a component's name. */
function scalingNotes(c: ComponentStats): string {
  const s = c.scaling;
  if (!s) return '';
  const notes: string[] = [];
  if (s.hitRatio != null) notes.push(`hit ratio ${fmtPercent(s.hitRatio, 1)}`);
  if (s.queueDepthMean !== undefined) notes.push(`depth ${fmtNumber(s.queueDepthMean, 1)}`);
  if (s.messageAgeP99S != null) notes.push(`message age p99 ${fmtLatency(s.messageAgeP99S)}`);
  if (s.deadLettered) notes.push(`${fmtNumber(s.deadLettered)} dead-lettered`);
  if (s.replicaLagMeanS != null) notes.push(`replica lag ${fmtLatency(s.replicaLagMeanS)}`);
  if (s.staleReadFraction != null && s.staleReadFraction > 0)
    notes.push(`stale reads ${fmtPercent(s.staleReadFraction)}`);
  if (s.coldStarts) notes.push(`${fmtNumber(s.coldStarts)} cold starts`);
  if (s.breakerOpenSeconds) notes.push(`breaker open ${fmtNumber(s.breakerOpenSeconds, 1)} s`);
  if (s.retriesDenied) notes.push(`${fmtNumber(s.retriesDenied)} retries denied`);
  return notes.length ? `<div class="sub">${h(notes.join(' · '))}</div>` : '';
}

function componentRows(m: ReportModel): string {
  const row = (c: ComponentStats) => {
    const sat = c.utilization ? saturationLoad(admittedLoad(m.result), c.utilization) : null;
    const refused = c.rejected + c.rateLimited;
    return `<tr data-component="${h(c.id)}"><td>${h(nameOf(m.topology, c.id))}<div class="sub">${h(c.id)} · ${h(KIND_COLORS[c.kind]?.label ?? c.kind)}</div>${scalingNotes(c)}</td><td class="num">${instancesCell(c)}</td><td class="num" data-field="throughputRps" data-value="${c.throughputRps}">${fmtRps(c.throughputRps)}</td><td class="num" data-field="utilization" data-value="${c.utilization ?? ''}">${fmtPercent(c.utilization, 1)}</td><td class="num">${fmtNumber(c.meanQueueLength, 2)}</td><td class="num">${fmtNumber(c.meanBusyWorkers, 1)}</td><td class="num" data-field="meanResponseTimeS" data-value="${c.meanResponseTimeS ?? ''}">${fmtLatency(c.meanResponseTimeS)}</td><td class="num">${fmtLatency(c.meanWaitS)}</td><td class="num">${refused ? `${fmtNumber(refused)} (${fmtPercent(c.blockingProbability)})` : '0'}</td><td class="num">${sat === null ? '–' : fmtRps(sat)}</td></tr>`;
  };
  return m.result.components.map(row).join('');
}

function components(m: ReportModel): string {
  const ranked = byUtilization(m.result.components);
  const bars = ranked.map((c) => ({
    label: nameOf(m.topology, c.id),
    value: c.utilization,
    text: fmtPercent(c.utilization, 1),
    color: c.utilization >= 0.9 ? '#dc2626' : c.utilization >= HIGH_UTILIZATION ? '#d97706' : '#2563eb',
  }));
  const chart = horizontalBars(bars, {
    title: 'Utilization per component (busy fraction of CPU servers, measured period)',
    max: Math.max(1, ...bars.map((b) => b.value)),
    markers: [
      { value: HIGH_UTILIZATION, label: fmtPercent(HIGH_UTILIZATION, 0) },
      { value: 1, label: '100%' },
    ],
  });
  return `<section id="components"><h2>Components</h2>${chart}<table><thead><tr><th>Component</th><th class="num">Inst.</th><th class="num">Throughput</th><th class="num">Util.</th><th class="num">Queue</th><th class="num">Workers</th><th class="num">Mean resp.</th><th class="num">Mean wait</th><th class="num">Refused</th><th class="num">Saturates near</th></tr></thead><tbody>${componentRows(m)}</tbody></table><p class="muted">Queue: mean visits waiting for a worker or a core. Workers: mean workers held. Mean response includes synchronous downstream calls. “Saturates near”: total offered load at which the component reaches 100% (bottleneck law).</p></section>`;
}

/** Endpoints shown in the tail section (busiest first). */
const TAIL_ENDPOINTS = 6;

/** Parts of the measured attribution shown (largest excess first). */
const MEASURED_PARTS = 10;

/** The attribution measured from the run's sampled requests. */
function measuredTail(m: ReportModel): string {
  const a = m.result.tailAttribution ?? null;
  const every = m.result.tailTrace?.every ?? 0;
  if (a === null)
    return `<div id="tail-measured"><h3>Measured from the simulation run</h3><p class="note">Not available: ${every > 0 ? `too few of the sampled requests (1 in ${every} per source) are above the p99 or around the median; simulate longer` : 'the run traced no requests'}.</p></div>`;
  const rows = a.parts
    .slice(0, MEASURED_PARTS)
    .map((p, i) => {
      const hop = isTailHop(p, i);
      const name = tailPartName(p);
      return `<tr data-measured-part="${h(name)}"${hop ? ' class="hop"' : ''}><td>${h(name)}${hop ? ' <span class="badge bad">tail</span>' : ''}</td><td class="num" data-value="${p.medianMeanSeconds}">${fmtLatency(p.medianMeanSeconds)}</td><td class="num" data-value="${p.tailMeanSeconds}">${fmtLatency(p.tailMeanSeconds)}</td><td class="num">${fmtLatency(p.excessSeconds)}</td><td class="num" data-value="${p.excessShare}">${fmtPercent(p.excessShare, 1)}</td></tr>`;
    })
    .join('');
  const more =
    a.parts.length > MEASURED_PARTS
      ? `<p class="muted">${a.parts.length - MEASURED_PARTS} parts with less excess not shown (all are in the JSON export).</p>`
      : '';
  return `<div id="tail-measured"><h3>Measured from the simulation run (${a.tailRequests} tail requests sampled)</h3><p><strong>${h(tailHopSentence(a))}</strong></p><p class="note">Every ${every === 1 ? '' : `${every}th `}request of each source was traced through its visits (${a.sampledRequests} recorded in the measured period). Mean time per part of the sampled requests at or above the run’s p99 (${h(fmtLatency(a.p99Seconds))}) against those between its p40 and p60 (median ${h(fmtLatency(a.medianSeconds))}). Local: queue wait and work at the component, its synchronous calls excluded; network: both legs of a call; retries: failed attempts, timeouts and backoff. Parallel calls count only their slowest branch (the critical path); asynchronous calls are no part of the latency. Buckets are 1.6% wide.</p><table><thead><tr><th>Part</th><th class="num">Median request</th><th class="num">Above p99</th><th class="num">Excess</th><th class="num">Share of excess</th></tr></thead><tbody>${rows}</tbody></table>${more}</div>`;
}

function tail(m: ReportModel): string {
  const list = m.analytic?.tail ?? [];
  const measured = measuredTail(m);
  if (list.length === 0)
    return `<section id="tail"><h2>Where the tail comes from</h2>${measured}<h3>The estimator’s attribution</h3><p class="note">Not available: ${m.analytic ? 'the estimator has no finite p99 for any endpoint (a station on the path is saturated, or there is no traffic)' : 'the analytic estimate could not be computed for this design'}.</p></section>`;
  const blocks = list.slice(0, TAIL_ENDPOINTS).map((t, i) => {
    const hop = t.parts.find((p) => p.id === t.tailHop);
    const sentence = hop
      ? `<p>A request at the p99 (~${h(fmtLatency(t.p99S))}) spends ~${h(fmtLatency(hop.p99S))} in <strong>${h(hop.label)}</strong> (${fmtPercent(hop.share, 0)} of it) against ~${h(fmtLatency(hop.medianS))} in a median request (~${h(fmtLatency(t.medianS))}): <strong>${h(hop.label)}</strong> is the hop that makes the tail.</p>`
      : `<p>p99 ~${h(fmtLatency(t.p99S))}, median ~${h(fmtLatency(t.medianS))}: no hop adds more time at the p99 than in a median request.</p>`;
    const chart =
      i === 0
        ? horizontalBars(
            t.parts.map((p) => ({
              label: p.label,
              value: p.share,
              text: fmtPercent(p.share, 0),
              color: p.id === t.tailHop ? '#dc2626' : '#2563eb',
            })),
            { title: `Share of the p99 of “${t.name}” per component (estimator)`, max: 1 },
          )
        : '';
    const rows = t.parts
      .map(
        (p) =>
          `<tr data-part="${h(p.id)}"${p.id === t.tailHop ? ' class="hop"' : ''}><td>${h(p.label)}${p.id === t.tailHop ? ' <span class="badge bad">tail</span>' : ''}</td><td class="num" data-value="${p.p99S}">${fmtLatency(p.p99S)}</td><td class="num" data-value="${p.share}">${fmtPercent(p.share, 1)}</td><td class="num">${fmtLatency(p.medianS)}</td><td class="num">${fmtLatency(p.p99S - p.medianS)}</td></tr>`,
      )
      .join('');
    return `<div data-endpoint="${h(t.endpoint)}"><h3>${h(t.name)} <span class="muted">(${h(fmtRps(t.rateRps))})</span></h3>${sentence}${chart}<table><thead><tr><th>Component</th><th class="num">At the p99</th><th class="num">Share of p99</th><th class="num">Median request</th><th class="num">Extra at the p99</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  });
  const more =
    list.length > TAIL_ENDPOINTS
      ? `<p class="muted">${list.length - TAIL_ENDPOINTS} quieter endpoints not shown (all are in the JSON export).</p>`
      : '';
  return `<section id="tail"><h2>Where the tail comes from</h2>${measured}<h3>The estimator’s attribution</h3><p class="note">This is the <strong>analytic estimator’s attribution</strong>, not a measurement (the measured one is above). For each endpoint, the expected time per component (its own wait and work over its synchronous visits; <code>network</code> for the hops) in a request at the p99 against a median request, at the file’s load. The parts are fitted as gamma variables and conditioned on their sum; each column adds up to its percentile; parallel branches are counted as if sequential.</p>${blocks.join('')}${more}</section>`;
}

function scenarios(m: ReportModel): string {
  if (m.scenarios.length === 0) return '';
  const rows = m.scenarios
    .map((r) => {
      const verdict =
        r.sloHolds === null
          ? '<span class="badge unk">no SLO</span>'
          : r.sloHolds
            ? '<span class="badge ok">holds</span>'
            : `<span class="badge bad">broken</span><div class="sub wrap">${h(r.broken.join('; '))}</div>`;
      return `<tr data-scenario="${h(r.id)}"><td>${h(r.name)}${r.id === m.scenario?.id ? ' <span class="muted">(this report)</span>' : ''}<div class="sub wrap">${h(r.what)}</div></td><td class="num">${fmtRps(r.offeredRps)}</td><td class="num">${fmtRps(r.throughputRps)}</td><td class="num">${fmtLatency(r.p99S)}</td><td class="num">${fmtPercent(r.errorRate)}</td><td>${r.bottleneck ? `${h(nameOf(m.topology, r.bottleneck.id))} <span class="muted">${fmtPercent(r.bottleneck.utilization, 0)}</span>` : '–'}</td><td>${verdict}</td></tr>`;
    })
    .join('');
  return `<section id="scenarios"><h2>Scenarios</h2><p class="muted">Each scenario simulated with the same seed, duration and replications (common random numbers): differences come from the scenario.</p><table><thead><tr><th>Scenario</th><th class="num">Offered</th><th class="num">Throughput</th><th class="num">p99</th><th class="num">Errors</th><th>Bottleneck</th><th>SLO</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function capacity(m: ReportModel): string {
  const parts: string[] = [];
  if (m.plan && m.plan.curve.length > 0) {
    const plan = m.plan;
    const term = m.slo.find(
      (c) =>
        c.measure.type === 'latency' &&
        `p${c.measure.percentile}` === plan.curveMetric &&
        c.measure.endpoint === null,
    );
    const errorTerm = m.slo.find((c) => c.measure.type === 'errorRate');
    // Show the design's own load on the curves even when every trial was above it.
    const loads = plan.curve.map((p) => p.loadRps);
    const curveDomain: [number, number] = [
      Math.min(plan.currentLoadRps, ...loads) * 0.95,
      Math.max(plan.currentLoadRps, ...loads) * 1.02,
    ];
    parts.push(
      lineChart(
        [
          {
            name: `${plan.curveMetric} latency`,
            points: plan.curve.map((p) => [p.loadRps, p.latencyS === null ? null : p.latencyS * 1000]),
          },
        ],
        {
          title: `Capacity curve: ${plan.curveMetric} against offered load`,
          xDomain: curveDomain,
          xLabel: 'offered load (req/s)',
          yLabel: `${plan.curveMetric} (ms)`,
          dots: true,
          ...(term ? { reference: { y: term.limit * 1000, label: `SLO ${term.label}` } } : {}),
          markers: [
            ...(plan.maxLoadRps !== null
              ? [{ x: plan.maxLoadRps, label: `max load ${fmtRps(plan.maxLoadRps)}` }]
              : []),
            { x: plan.currentLoadRps, label: `current ${fmtRps(plan.currentLoadRps)}` },
          ],
        },
      ),
      ...(errorTerm || plan.curve.some((p) => p.errorRate > 0)
        ? [
            lineChart(
              [
                {
                  name: 'error rate',
                  points: plan.curve.map((p) => [p.loadRps, p.errorRate * 100]),
                  color: '#dc2626',
                },
              ],
              {
                title: 'Capacity curve: error rate against offered load',
                xDomain: curveDomain,
                xLabel: 'offered load (req/s)',
                yLabel: 'failed requests (%)',
                dots: true,
                ...(errorTerm
                  ? { reference: { y: errorTerm.limit * 100, label: `SLO ${errorTerm.label}` } }
                  : {}),
              },
            ),
          ]
        : []),
      `<p>Max load within the SLO (${h(plan.slo)}): <strong>${plan.maxLoadRps === null ? 'none — the SLO breaks at every load tried' : h(fmtRps(plan.maxLoadRps))}</strong>${plan.ci95 ? ` (95% interval ${h(fmtRps(plan.ci95[0]))} … ${h(fmtRps(plan.ci95[1]))})` : ''}${plan.limitingComponent ? `, limited by ${h(nameOf(m.topology, plan.limitingComponent))}` : ''}; ${h(plan.method)}.</p>`,
      `<table><thead><tr><th class="num">Offered load</th>${plan.terms.map((t) => `<th class="num">${h(t)}</th>`).join('')}<th class="num">Errors</th><th>SLO</th></tr></thead><tbody>${plan.curve
        .map(
          (p) =>
            `<tr><td class="num">${fmtRps(p.loadRps)}</td>${p.termsS.map((v) => `<td class="num">${fmtLatency(v)}</td>`).join('')}<td class="num">${fmtPercent(p.errorRate)}</td><td>${p.pass ? '<span class="badge ok">holds</span>' : '<span class="badge bad">broken</span>'}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  } else if (m.plan)
    parts.push(
      `<p class="note">Capacity curve: the planner ran no simulated trial — ${h(m.plan.method)}.</p>`,
    );
  else parts.push(`<p class="note">Capacity curve: not computed — ${h(m.planNote)}.</p>`);
  if (m.plan?.growth) {
    const g = m.plan.growth;
    const when = g.breachCalendarMonth
      ? ` — in <strong data-metric="breachMonth" data-value="${h(g.breachCalendarMonth)}">${h(fmtMonth(g.breachCalendarMonth))}</strong> (month ${g.breachMonth ?? '–'} from the report’s date, the first whole month whose load breaks it)`
      : '';
    parts.push(
      `<p>With traffic growing ${fmtPercent(g.monthlyGrowth, 1)} a month, ${g.breaksAfterMonths === null ? 'the SLO holds over the planning horizon' : g.breaksAfterMonths <= 0 ? 'there is no time left: the SLO already breaks at the current load' : `the SLO breaks after about ${fmtNumber(g.breaksAfterMonths, 1)} months${when}`}.</p>`,
    );
  }
  if (m.plan?.source) parts.push(`<p class="muted">Plan: ${h(m.plan.source)}.</p>`);
  parts.push(rightSizeHtml(m));
  if (m.cost && m.cost.breakdown.length > 0) {
    parts.push(
      horizontalBars(
        m.cost.breakdown.map((b) => ({
          label: b.label,
          value: b.monthlyUsd,
          text: `${fmtUsd(b.monthlyUsd)}/mo`,
          color: '#0891b2',
        })),
        { title: `Cost breakdown (total ${fmtUsd(m.cost.monthlyUsd)} per month)` },
      ),
    );
  } else if (!m.cost) parts.push(`<p class="note">Cost breakdown: not computed — ${h(m.costNote)}.</p>`);
  if (m.cost)
    parts.push(
      `<p class="muted">Projected from the measured period to a 730-hour month${m.cost.perMillionUsd === null ? '' : `; ${h(fmtUsd(m.cost.perMillionUsd))} per million requests`}${m.cost.transferMonthlyUsd > 0 ? `. Data transfer (egress, cross-zone, cross-region) is ${h(fmtUsd(m.cost.transferMonthlyUsd))} of the total, counted in the component that sends it` : ''}. Prices: ${h(pricesText(m))}.</p>${m.cost.notes.length ? `<ul class="muted">${m.cost.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : ''}`,
    );
  return `<section id="capacity"><h2>Capacity and cost</h2>${parts.join('')}</section>`;
}

/** Configuration of a right-size row in words: "api.instances = 3, db.replicas = 1". */
const configText = (c: Record<string, number | string>) =>
  Object.entries(c)
    .map(([k, v]) => `${k.replace(/^components\./, '')} = ${v}`)
    .join(', ');

function rightSizeHtml(m: ReportModel): string {
  const r = m.rightSize;
  if (!r)
    return m.rightSizeNote ? `<p class="note">Right-sizing: not computed — ${h(m.rightSizeNote)}.</p>` : '';
  const p99Term = m.slo.find(
    (c) => c.measure.type === 'latency' && c.measure.percentile === 99 && c.measure.endpoint === null,
  );
  const best = r.best;
  const same = (a: Record<string, number | string>, b: Record<string, number | string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
  const chart =
    r.front.length > 0
      ? lineChart(
          [
            {
              name: 'Pareto front (simulated)',
              points: r.front.map((f) => [f.monthlyUsd, f.p99S === null ? null : f.p99S * 1000]),
            },
          ],
          {
            title: `Right-size Pareto front at ${fmtRps(r.loadRps)}: p99 against monthly cost`,
            xDomain: [
              Math.min(...r.front.map((f) => f.monthlyUsd)) * 0.95,
              Math.max(...r.front.map((f) => f.monthlyUsd)) * 1.05 + 1e-9,
            ],
            xLabel: 'monthly cost (USD)',
            yLabel: 'p99 (ms)',
            dots: true,
            ...(p99Term ? { reference: { y: p99Term.limit * 1000, label: `SLO ${p99Term.label}` } } : {}),
            ...(best
              ? {
                  markers: [{ x: best.monthlyUsd, label: `cheapest ${fmtUsd(best.monthlyUsd)}` }],
                }
              : {}),
          },
        )
      : '';
  const rows = r.front
    .map(
      (f) =>
        `<tr data-front="${f.monthlyUsd}"${best && same(f.configuration, best.configuration) ? ' class="best"' : ''}><td>${h(configText(f.configuration))}${best && same(f.configuration, best.configuration) ? ' <span class="badge ok">cheapest within the SLO</span>' : ''}</td><td class="num" data-value="${f.monthlyUsd}">${fmtUsd(f.monthlyUsd)}</td><td class="num">${fmtLatency(f.p99S)}</td><td class="num">${fmtPercent(f.errorRate)}</td><td>${f.pass ? '<span class="badge ok">holds</span>' : '<span class="badge bad">broken</span>'}</td></tr>`,
    )
    .join('');
  const answer = best
    ? `<p>Cheapest configuration meeting the SLO (${h(r.slo)}) at ${h(fmtRps(r.loadRps))}: <strong>${h(configText(best.configuration))}</strong>, ${h(fmtUsd(best.monthlyUsd))} per month, simulated p99 ${h(fmtLatency(best.p99S))}.</p>`
    : `<p>No configuration of the search met the SLO (${h(r.slo)}) at ${h(fmtRps(r.loadRps))} in simulation.</p>`;
  return `<h3 id="right-size">Right-sizing</h3>${answer}${chart}<table><thead><tr><th>Configuration (Pareto front)</th><th class="num">$/month (estimated)</th><th class="num">p99 (simulated)</th><th class="num">Errors</th><th>SLO</th></tr></thead><tbody>${rows}</tbody></table><p class="muted">Monthly cost: the estimator’s steady state at the target load, which can differ a little from the simulated run’s cost in the breakdown. Searched ${h(r.variables.map((v) => `${v.path.replace(/^components\./, '')} ∈ {${v.values.join(', ')}}`).join('; '))}: ${fmtNumber(r.counts.configurations)} configurations, ${fmtNumber(r.counts.prunedAnalytically)} pruned by the estimator, ${fmtNumber(r.counts.simulated)} simulated (${h(r.method)}). The front keeps each configuration no other beats on both cost and p99.${r.source ? ` Plan: ${h(r.source)}.` : ''}</p>`;
}

function latencyChart(m: ReportModel): string {
  const d = m.latencyDistribution;
  if (!d) return '';
  const ms = d.bucketS * 1000;
  return stackedBars(
    d.counts.map((_, i) => i * ms),
    [{ name: 'successful requests', values: d.counts, color: '#2563eb' }],
    {
      title: `Latency histogram (buckets of ${fmtLatency(d.bucketS)}; ${fmtNumber(d.above)} requests above the p99.9 not shown)`,
      xLabel: 'latency (ms)',
      yLabel: 'requests',
    },
  );
}

function appendix(m: ReportModel): string {
  const r = m.result;
  const s = r.summary;
  const ci = s.ci95;
  const ciRow = (label: string, point: string, iv: [number, number] | null, f: (x: number) => string) =>
    `<tr><td>${h(label)}</td><td class="num">${h(point)}</td><td class="num">${iv ? `${h(f(iv[0]))} … ${h(f(iv[1]))}` : 'not available (too few batches)'}</td></tr>`;
  const lat = s.latency;
  const ch = r.checks;
  const analytic = m.analytic
    ? `<h3>Analytic estimate next to the simulation</h3><p>Traffic equations, Erlang C with the Allen–Cunneen factor and the bottleneck law give a maximum throughput of ${m.analytic.maxThroughputRps === null ? 'no bound' : fmtRps(m.analytic.maxThroughputRps)}${m.analytic.bottleneck ? `, limited by ${h(nameOf(m.topology, m.analytic.bottleneck))}` : ''}. Large differences from the simulation point at what the estimate leaves out (worker pools, queue limits, retries, profiles).</p><table><thead><tr><th>Component</th><th class="num">Utilization (analytic)</th><th class="num">Utilization (simulated)</th></tr></thead><tbody>${r.components
        .filter((c) => m.analytic!.utilization[c.id] != null || c.utilization !== null)
        .map(
          (c) =>
            `<tr><td>${h(nameOf(m.topology, c.id))}</td><td class="num">${fmtPercent(m.analytic!.utilization[c.id] ?? null, 1)}</td><td class="num">${fmtPercent(c.utilization, 1)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const warnings = m.warnings.length
    ? `<h3>Not simulated in this file</h3><p>The engine ignored these parts of the design; the figures do not include their effect:</p><ul>${m.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`
    : '<p>The engine simulated every part of this design.</p>';
  return `<section id="appendix" class="appendix"><h2>Appendix: model and confidence</h2>
<h3>How the figures were produced</h3>
<p>Discrete-event simulation of every request through the design (Headroom ${h(m.version)}): ${fmtNumber(r.events)} events, ${fmtNumber(r.requests.arrived)} requests over ${fmtDuration(r.durationS)} of simulated time, seed ${r.seed}, ${r.replications} replication(s). ${r.warmupS > 0 ? `The first ${fmtDuration(r.warmupS)} are discarded as warm-up.` : 'No warm-up was discarded.'} Latency is that of successful requests, from log-linear histograms (bins ≤ 0.1% wide). Same file and seed give bit-identical results.</p>
<h3>95% confidence intervals</h3>
<p>Method: ${ci.method === 'batchMeans' ? `batch means over ${ci.n} batches of one run` : `${ci.n} independent replications`} (Student t).</p>
<table><thead><tr><th>Figure</th><th class="num">Estimate</th><th class="num">95% interval</th></tr></thead><tbody>
${ciRow('Mean latency', fmtLatency(lat.meanS), ci.latencyMeanS, fmtLatency)}
${ciRow('p99 latency', fmtLatency(lat.p99S), ci.p99S, fmtLatency)}
${ciRow('Throughput', fmtRps(s.throughputRps), ci.throughputRps, (x) => fmtRps(x))}
</tbody></table>
<h3>Latency distribution (measured period)</h3>
<table><thead><tr><th class="num">mean</th><th class="num">p50</th><th class="num">p90</th><th class="num">p95</th><th class="num">p99</th><th class="num">p99.9</th><th class="num">max</th></tr></thead><tbody><tr>${[lat.meanS, lat.p50S, lat.p90S, lat.p95S, lat.p99S, lat.p999S, lat.maxS].map((x) => `<td class="num">${fmtLatency(x)}</td>`).join('')}</tr></tbody></table>
${latencyChart(m)}
<h3>Consistency checks</h3>
<p>Request conservation ${ch.conservation.holds ? 'holds' : '<strong>fails</strong>'}: arrived ${fmtNumber(ch.conservation.arrived)} = completed ${fmtNumber(ch.conservation.completed)} + failed ${fmtNumber(ch.conservation.failed)} + in flight ${fmtNumber(ch.conservation.inFlight)}. Little's law: L = ${fmtNumber(ch.littlesLaw.meanInSystem, 3)} against X·R = ${fmtNumber(ch.littlesLaw.throughputRps * ch.littlesLaw.meanResponseS, 3)} (relative error ${fmtPercent(ch.littlesLaw.relativeError)}).</p>
${analytic}${warnings}</section>`;
}

/** The whole report as a standalone HTML document. */
export function renderReportHtml(m: ReportModel): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Headroom ${h(m.version)}">
<title>${h(m.title)} — capacity report</title>
<style>${CSS}</style></head>
<body><main>
${header(m)}
${headline(m)}
${recs(m)}
${design(m)}
${assumptions(m)}
${overTime(m)}
${components(m)}
${tail(m)}
${scenarios(m)}
${capacity(m)}
${appendix(m)}
<footer>Generated by Headroom ${h(m.version)} on ${h(m.date)}${m.author ? ` for ${h(m.author)}` : ''}. Simulated figures; see the appendix for confidence intervals and what the model leaves out.</footer>
</main></body></html>
`;
}
