/** Writes a report in one of the export formats, atomically (a crash leaves the old file or the new one). */
import { atomicWriteFile } from '../services/files.js';
import { renderReportHtml, reportCsvFiles, reportJson } from '../../shared/report/index.js';
import type { ReportModel } from '../../shared/report/model.js';
import { htmlToPdf } from './pdf.js';

export type ReportFormat = 'html' | 'pdf' | 'csv' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'csv', 'json'];

/** The format an output path asks for by its extension, or null. */
export function formatOfPath(path: string): ReportFormat | null {
  const m = /\.(html?|pdf|csv|json)$/i.exec(path);
  if (!m) return null;
  const ext = (m[1] as string).toLowerCase();
  return ext === 'htm' ? 'html' : (ext as ReportFormat);
}

/** Where a report's other CSV files go next to its time series: `x.csv` → `x.components.csv`, `x.tail.csv`. */
export function csvPathWith(path: string, suffix: string): string {
  return path.replace(/(\.csv)?$/i, `${suffix}.csv`);
}

/** Turns HTML into PDF bytes (headless Chromium by default; Electron passes printToPDF). */
export type PdfPrinter = (html: string, title: string) => Promise<Uint8Array>;

const defaultPrinter: PdfPrinter = (html, title) => htmlToPdf(html, { title });

/** The files a format produces: path and content. */
export async function renderExport(
  model: ReportModel,
  format: ReportFormat,
  path: string,
  printPdf: PdfPrinter = defaultPrinter,
): Promise<{ path: string; data: string | Uint8Array }[]> {
  switch (format) {
    case 'html':
      return [{ path, data: renderReportHtml(model) }];
    case 'pdf':
      return [{ path, data: await printPdf(renderReportHtml(model), model.title) }];
    case 'csv':
      return reportCsvFiles(model.result, model.topology).map((f) => ({
        path: f.suffix === '' ? path : csvPathWith(path, f.suffix),
        data: f.text,
      }));
    case 'json':
      return [{ path, data: reportJson(model) }];
  }
}

/** Renders and writes; returns the paths written with their sizes in bytes. */
export async function writeReport(
  model: ReportModel,
  format: ReportFormat,
  path: string,
  printPdf?: PdfPrinter,
): Promise<{ path: string; bytes: number }[]> {
  const files = await renderExport(model, format, path, printPdf);
  for (const f of files) atomicWriteFile(f.path, f.data);
  return files.map((f) => ({
    path: f.path,
    bytes: typeof f.data === 'string' ? Buffer.byteLength(f.data, 'utf8') : f.data.byteLength,
  }));
}
