/** Report exports of a stored run, for the app's API (reports.render and reports.export). */
import { compileTopology } from '../../models/index.js';
import { componentsCsv, renderReportHtml, reportJson, windowsCsv } from '../../shared/report/index.js';
import type { ReportModel } from '../../shared/report/model.js';
import type { PricingCatalog } from '../../shared/pricing/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { parseTopologyText } from '../../shared/topology/index.js';
import { ApiError } from '../services/api-error.js';
import type { RunRow } from '../services/store.js';
import { buildReportModel } from './build.js';
import { writeReport, type PdfPrinter, type ReportFormat } from './export.js';
import { NoChromiumError } from './pdf.js';

/** Shown where max load would be when the run has no capacity plan. */
export const APP_NOT_PLANNED = 'no capacity plan for this run (Simulation → Plan)';

/** What a run's report takes besides the run: who signs it, the date, the app's price catalog. */
export interface RunReportOptions {
  author?: string;
  date?: string;
  /** The price catalog the app keeps (SQLite); default: the built-in one. */
  catalog?: PricingCatalog;
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
  return buildReportModel({
    topology: parsed.topology,
    result,
    warnings,
    author: o.author ?? null,
    ...(o.date !== undefined ? { date: o.date } : {}),
    ...(o.catalog !== undefined ? { catalog: o.catalog } : {}),
    planNote: APP_NOT_PLANNED,
  });
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
      return [
        { name: `${stem}.csv`, mimeType: 'text/csv', text: windowsCsv(model.result) },
        {
          name: `${stem}.components.csv`,
          mimeType: 'text/csv',
          text: componentsCsv(model.result, model.topology),
        },
      ];
  }
}

/** Suggested file name for a save dialog. */
export function suggestedReportName(run: RunRow, format: ReportFormat): string {
  return `${reportStem(reportModelOfRun(run))}.${format}`;
}
