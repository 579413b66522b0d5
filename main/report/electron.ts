/**
 * Report hooks for the desktop host: a save dialog with the report's own file type, and PDF via
 * Electron's webContents.printToPDF in a hidden, script-less window. Electron is passed in (no
 * import here), so the same code runs against the real module and the tests' stand-ins.
 */
import type { ReportFormat } from '../../shared/api/contract.js';

/** The part of a BrowserWindow the PDF printer uses. */
export interface PdfWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    printToPDF(options: {
      pageSize?: 'A4';
      printBackground?: boolean;
      preferCSSPageSize?: boolean;
      displayHeaderFooter?: boolean;
      headerTemplate?: string;
      footerTemplate?: string;
    }): Promise<Uint8Array>;
  };
  destroy(): void;
}

export interface ElectronReportDeps {
  /** `(options) => new BrowserWindow(options)`. */
  createWindow(options: {
    show: boolean;
    webPreferences: { javascript: boolean; sandbox: boolean; contextIsolation: boolean; partition: string };
  }): PdfWindow;
  /** `dialog.showSaveDialog` bound to the app window. */
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
}

const FILTERS: Record<ReportFormat, { name: string; extensions: string[] }> = {
  html: { name: 'HTML report', extensions: ['html'] },
  pdf: { name: 'PDF report', extensions: ['pdf'] },
  csv: { name: 'CSV (time series)', extensions: ['csv'] },
  json: { name: 'JSON result', extensions: ['json'] },
};

/** Escapes text for the PDF footer template. */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** HostHooks.printToPdf and HostHooks.saveReportDialog for the Electron host. */
export function electronReportHooks(deps: ElectronReportDeps): {
  printToPdf(html: string, title: string): Promise<Uint8Array>;
  saveReportDialog(suggestedName: string, format: ReportFormat): Promise<string | null>;
} {
  return {
    async printToPdf(html, title) {
      const win = deps.createWindow({
        show: false,
        // No scripts, a private in-memory session: the report is static and fetches nothing.
        webPreferences: {
          javascript: false,
          sandbox: true,
          contextIsolation: true,
          partition: 'headroom-report-pdf',
        },
      });
      try {
        await win.loadURL(
          `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`,
        );
        return await win.webContents.printToPDF({
          pageSize: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: `<div style="font:8px system-ui,sans-serif;color:#94a3b8;width:100%;padding:0 12mm;display:flex;justify-content:space-between"><span>${escape(title)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
        });
      } finally {
        win.destroy();
      }
    },
    async saveReportDialog(suggestedName, format) {
      const r = await deps.showSaveDialog({
        title: 'Export report',
        defaultPath: suggestedName,
        filters: [FILTERS[format]],
      });
      return r.canceled ? null : (r.filePath ?? null);
    },
  };
}
