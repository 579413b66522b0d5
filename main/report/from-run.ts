/** Report exports of a stored run, for the app's API (reports.render and reports.export). */
import { compileTopology } from '../../models/index.js';
import { renderReportHtml, reportCsvFiles, reportJson } from '../../shared/report/index.js';
import type { ReportModel } from '../../shared/report/model.js';
import type { PricingCatalog } from '../../shared/pricing/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { createHash } from 'node:crypto';
import {
  baseLoadRps,
  parseSlo,
  PlannerError,
  type MaxLoadResult,
  type RightSizeResult,
} from '../../models/planner/index.js';
import type { PlanRequest } from '../../shared/api/contract.js';
import type { PlanSection, RightSizeSection } from '../../shared/report/model.js';
import { parseTopologyText, serializeTopology, type Topology } from '../../shared/topology/index.js';
import { ApiError } from '../services/api-error.js';
import type { GrowthPlanResult } from '../services/plan-job.js';
import type { PlanRow, RunRow, Store } from '../services/store.js';
import { planSectionOf, rightSizeSectionOf, trialsText } from './plan.js';
import { buildReportModel } from './build.js';
import { writeReport, type PdfPrinter, type ReportFormat } from './export.js';
import { NoChromiumError } from './pdf.js';

/** Shown where max load would be when the run has no capacity plan. */
export const APP_NOT_PLANNED =
  'no finished max-load or growth plan of this design (Simulation → Plan, then export again)';

/** What a run's report takes besides the run: who signs it, the date, the app's price catalog, stored plans. */
export interface RunReportOptions {
  author?: string;
  date?: string;
  /** The price catalog the app keeps (SQLite); default: the built-in one. */
  catalog?: PricingCatalog;
  /** Finished plans from the store, newest first: the latest of the run's design goes into the report. */
  plans?: readonly PlanRow[];
}

/** Most stored plans looked at for a report. */
const PLANS_LOOKED_AT = 200;

/** Finished max-load, growth and right-size plans of the store, newest first. */
export function storedPlans(store: Store): PlanRow[] {
  const ids = store.db
    .prepare(
      `SELECT id FROM plans WHERE status = 'done' AND kind IN ('max-load', 'growth', 'right-size')
       ORDER BY finished_at DESC, created_at DESC LIMIT ?`,
    )
    .all(PLANS_LOOKED_AT) as { id: string }[];
  return ids.flatMap(({ id }) => {
    const row = store.getPlan(id);
    return row ? [row] : [];
  });
}

/** SHA-256 of a design's canonical JSON without its canvas layout and planning block (what the simulator sees). */
export function designHash(topology: Topology): string {
  const { layout: _layout, planning: _planning, ...model } = topology;
  return createHash('sha256').update(serializeTopology(model)).digest('hex');
}

/** "2026-12-01 19:40 UTC" from an ISO timestamp. */
const when = (iso: string | null) =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'an unknown time';

/** The stored plans of the run's design (same canonical hash and scenario) as report sections. */
export function plansOfRun(
  topology: Topology,
  scenario: string | null,
  plans: readonly PlanRow[],
  date?: string,
): { plan: PlanSection | null; rightSize: RightSizeSection | null } {
  const hash = designHash(topology);
  let plan: PlanSection | null = null;
  let rightSize: RightSizeSection | null = null;
  for (const row of plans) {
    if (plan !== null && rightSize !== null) break;
    if (row.status !== 'done' || row.resultJson === null) continue;
    const wanted = row.kind === 'right-size' ? rightSize === null : row.kind !== 'sweep' && plan === null;
    if (!wanted) continue;
    const parsed = parseTopologyText(row.topologyText);
    if (!parsed.ok || designHash(parsed.topology) !== hash) continue;
    const request = JSON.parse(row.requestJson) as Omit<PlanRequest, 'topologyText'>;
    if (request.scenario !== undefined && scenario !== null && request.scenario !== scenario) continue;
    const source = `stored ${row.kind} plan of ${when(row.finishedAt)} (id ${row.id.slice(0, 8)}), made on this run’s design`;
    const trials = (n: number) => trialsText(n, request.replications, request.requests, request.seed);
    try {
      if (row.kind === 'right-size') {
        const r = JSON.parse(row.resultJson) as RightSizeResult;
        rightSize = rightSizeSectionOf(
          r,
          `analytic pruning, then the simulator cheapest first: ${trials(r.counts.simulated)}`,
          source,
        );
      } else if (row.kind === 'max-load' || row.kind === 'growth') {
        const r = JSON.parse(row.resultJson) as MaxLoadResult | GrowthPlanResult;
        const slo = parseSlo(row.slo ?? r.slo);
        const growth = row.kind === 'growth' ? (r as GrowthPlanResult) : null;
        plan = planSectionOf(slo, r, {
          currentLoadRps: growth ? growth.currentRps : baseLoadRps(parsed.topology, request.scenario),
          method: `bisection with the simulator, ${trials(r.trials.length)}`,
          growth,
          ...(date !== undefined ? { date } : {}),
          source,
        });
      }
    } catch (e) {
      // A stored plan the planner can no longer read (an SLO it now refuses) is skipped, not reported wrongly.
      if (!(e instanceof PlannerError)) throw e;
    }
  }
  return { plan, rightSize };
}

/** The report model of a finished run; ApiError when the run has no result. */
export function reportModelOfRun(run: RunRow, o: RunReportOptions = {}): ReportModel {
  if (run.status !== 'done' || run.resultJson === null)
    throw new ApiError(`run ${run.id} has no results to report (status: ${run.status})`);
  const parsed = parseTopologyText(run.topologyText);
  if (!parsed.ok) throw new ApiError(`run ${run.id}: its stored topology is no longer valid`, 'failed');
  const result = JSON.parse(run.resultJson) as SimulationResult;
  let warnings: string[] = [];
  try {
    warnings = compileTopology(parsed.topology, result.scenario).warnings;
  } catch {
    // The run finished, so the file compiled then; a report without the warnings list is still right.
  }
  const model = buildReportModel({
    topology: parsed.topology,
    result,
    warnings,
    author: o.author ?? null,
    ...(o.date !== undefined ? { date: o.date } : {}),
    ...(o.catalog !== undefined ? { catalog: o.catalog } : {}),
    planNote: APP_NOT_PLANNED,
  });
  const stored = plansOfRun(parsed.topology, result.scenario, o.plans ?? [], model.date);
  return { ...model, plan: stored.plan, ...(stored.rightSize ? { rightSize: stored.rightSize } : {}) };
}

/** The report of a run as HTML (the preview). */
export function renderRunReport(run: RunRow, o: RunReportOptions = {}): string {
  return renderReportHtml(reportModelOfRun(run, o));
}

/** Writes a run's report; errors become ApiErrors that say what to do. */
export async function exportRunReport(
  run: RunRow,
  o: RunReportOptions & { format: ReportFormat; path: string; printPdf?: PdfPrinter },
): Promise<{ paths: string[] }> {
  const model = reportModelOfRun(run, o);
  try {
    const written = await writeReport(model, o.format, o.path, o.printPdf);
    return { paths: written.map((w) => w.path) };
  } catch (error) {
    if (error instanceof NoChromiumError) throw new ApiError(error.message, 'failed');
    const e = error as NodeJS.ErrnoException;
    throw new ApiError(`could not write ${o.path}: ${e.code ?? e.message}`, 'failed');
  }
}

/** File name stem of a run's report, from the design's name: "Orders API" → "orders-api-report". */
export function reportStem(model: ReportModel): string {
  const slug = model.topology.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'headroom'}-report`;
}

/** The report as text files for a download in the browser (PDF needs reports.export). */
export function reportContent(
  run: RunRow,
  format: Exclude<ReportFormat, 'pdf'>,
  o: RunReportOptions = {},
): { name: string; mimeType: string; text: string }[] {
  const model = reportModelOfRun(run, o);
  const stem = reportStem(model);
  switch (format) {
    case 'html':
      return [{ name: `${stem}.html`, mimeType: 'text/html', text: renderReportHtml(model) }];
    case 'json':
      return [{ name: `${stem}.json`, mimeType: 'application/json', text: reportJson(model) }];
    case 'csv':
      return reportCsvFiles(model.result, model.topology).map((f) => ({
        name: `${stem}${f.suffix}.csv`,
        mimeType: 'text/csv',
        text: f.text,
      }));
  }
}

/** Suggested file name for a save dialog. */
export function suggestedReportName(run: RunRow, format: ReportFormat): string {
  return `${reportStem(reportModelOfRun(run))}.${format}`;
}
