/** Writes a report in one of the export formats, atomically (a crash leaves the old file or the new one). */
import { atomicWriteFile } from '../services/files.js';
import {
  componentsCsv,
  renderReportHtml,
  reportJson,
  tailCsv,
  windowsCsv,
} from '../../shared/report/index.js';
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

/** Where the per-component table goes next to a time-series CSV: `x.csv` → `x.components.csv`. */
export function componentsCsvPath(path: string): string {
  return path.replace(/(\.csv)?$/i, '.components.csv');
}

/** Where the measured p99 attribution goes next to a time-series CSV: `x.csv` → `x.tail.csv`. */
export function tailCsvPath(path: string): string {
  return path.replace(/(\.csv)?$/i, '.tail.csv');
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
      return [
        { path, data: windowsCsv(model.result) },
        { path: componentsCsvPath(path), data: componentsCsv(model.result, model.topology) },
        { path: tailCsvPath(path), data: tailCsv(model.result) },
      ];
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
