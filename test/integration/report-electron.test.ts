import { describe, expect, it } from 'vitest';
import { electronReportHooks, type ElectronReportDeps, type PdfWindow } from '../../main/report/electron.js';

/** A stand-in for Electron: records what the hooks ask of BrowserWindow and dialog. */
function fakeElectron(o: { failPrint?: boolean; dialog?: { canceled: boolean; filePath?: string } } = {}) {
  const calls = {
    windowOptions: [] as unknown[],
    loaded: [] as string[],
    printOptions: [] as unknown[],
    destroyed: 0,
    dialogs: [] as unknown[],
  };
  const deps: ElectronReportDeps = {
    createWindow(options) {
      calls.windowOptions.push(options);
      const win: PdfWindow = {
        async loadURL(url) {
          calls.loaded.push(url);
        },
        webContents: {
          async printToPDF(options) {
            calls.printOptions.push(options);
            if (o.failPrint) throw new Error('printing failed');
            return new TextEncoder().encode('%PDF-fake');
          },
        },
        destroy() {
          calls.destroyed++;
        },
      };
      return win;
    },
    async showSaveDialog(options) {
      calls.dialogs.push(options);
      return o.dialog ?? { canceled: true };
    },
  };
  return { deps, calls };
}

describe('Electron report hooks', () => {
  it('prints the HTML in a hidden, script-less window and always destroys it', async () => {
    const { deps, calls } = fakeElectron();
    const html = '<!doctype html><p>Report é</p>';
    const pdf = await electronReportHooks(deps).printToPdf(html, 'A <b>title</b>');
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-fake');
    expect(calls.windowOptions[0]).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true },
    });
    const url = calls.loaded[0] as string;
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1] as string, 'base64').toString('utf8')).toBe(html);
    expect(calls.printOptions[0]).toMatchObject({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
    expect(JSON.stringify(calls.printOptions[0])).toContain('A &#60;b&#62;title&#60;/b&#62;');
    expect(calls.destroyed).toBe(1);

    const failing = fakeElectron({ failPrint: true });
    await expect(electronReportHooks(failing.deps).printToPdf(html, 't')).rejects.toThrow('printing failed');
    expect(failing.calls.destroyed).toBe(1);
  });

  it('asks where to save with the format’s file type', async () => {
    const cancelled = fakeElectron();
    expect(await electronReportHooks(cancelled.deps).saveReportDialog('x-report.pdf', 'pdf')).toBeNull();
    expect(cancelled.calls.dialogs[0]).toEqual({
      title: 'Export report',
      defaultPath: 'x-report.pdf',
      filters: [{ name: 'PDF report', extensions: ['pdf'] }],
    });
    const chosen = fakeElectron({ dialog: { canceled: false, filePath: '/tmp/r.csv' } });
    expect(await electronReportHooks(chosen.deps).saveReportDialog('x.csv', 'csv')).toBe('/tmp/r.csv');
  });
});
