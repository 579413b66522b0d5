import { chromium, type Browser, type Page } from 'playwright-core';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '../../main/report/build.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../main/report/pdf.js';
import { simulate } from '../../models/index.js';
import { renderReportHtml } from '../../shared/report/index.js';
import { SMALL_TOPOLOGY } from '../helpers/topologies.js';

/** The dialog alone, bundled for the browser (the app mounts it the same way). */
async function bundleDialog(): Promise<string> {
  const entry = `
    import { createElement } from 'react';
    import { createRoot } from 'react-dom/client';
    import { ExportReportDialog } from ${JSON.stringify(`${process.cwd()}/renderer/src/report/ExportReportDialog.tsx`)};
    createRoot(document.getElementById('root')).render(
      createElement(ExportReportDialog, { runId: 'run-1', author: 'Ada', onClose: () => { window.closedDialog = true; } }),
    );`;
  const bundle = await rolldown({
    input: 'dialog-entry',
    cwd: process.cwd(),
    platform: 'browser',
    logLevel: 'silent',
    plugins: [
      {
        name: 'dialog-entry',
        resolveId: (id) => (id === 'dialog-entry' ? id : null),
        load: (id) => (id === 'dialog-entry' ? entry : null),
      },
    ],
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  });
  const { output } = await bundle.generate({ format: 'iife' });
  return output[0].code;
}

let browser: Browser;
let code: string;
let report: string;

beforeAll(async () => {
  code = await bundleDialog();
  const result = simulate({ ...SMALL_TOPOLOGY, name: 'Dialog <design>' }, { seed: 1, durationS: 5 });
  report = renderReportHtml(
    buildReportModel({
      topology: { ...SMALL_TOPOLOGY, name: 'Dialog <design>' },
      result,
      date: '2026-11-22',
    }),
  );
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser.close();
});

/** Opens the dialog against a stand-in API (desktop or browser host); every call is recorded. */
async function open(nativeDialogs: boolean): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (r) =>
    r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><div id="root"></div>' }),
  );
  await page.goto('http://dialog.test/');
  await page.evaluate(
    ({ report, nativeDialogs }) => {
      const w = window as unknown as Record<string, unknown> & { calls: [string, unknown][] };
      w.calls = [];
      w.headroom = {
        'app.info': async () => ({
          version: '0',
          host: nativeDialogs ? 'electron' : 'web',
          dataDir: '/',
          nativeDialogs,
        }),
        'reports.render': async (a: { author?: string }) => {
          w.calls.push(['render', a]);
          return { html: report.replace('</main>', `<p id="who">${a.author ?? 'nobody'}</p></main>`) };
        },
        'reports.content': async (a: unknown) => {
          w.calls.push(['content', a]);
          return {
            files: [
              { name: 'd-report.csv', mimeType: 'text/csv', text: 'a\r\n' },
              { name: 'd-report.components.csv', mimeType: 'text/csv', text: 'b\r\n' },
            ],
          };
        },
        'reports.export': async (a: unknown) => {
          w.calls.push(['export', a]);
          return { paths: ['/home/ada/d-report.pdf'] };
        },
        on: () => () => undefined,
      };
    },
    { report, nativeDialogs },
  );
  await page.addScriptTag({ content: code });
  await page.waitForSelector('iframe[title="Report preview"]');
  expect(errors).toEqual([]);
  return page;
}

const calls = (page: Page) =>
  page.evaluate(() => (window as unknown as { calls: [string, unknown][] }).calls);

describe('ExportReportDialog', () => {
  it('previews the report in a sandboxed iframe and refreshes it when the author changes', async () => {
    const page = await open(false);
    const frame = page.locator('iframe[title="Report preview"]');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('srcdoc')).toContain('Dialog &lt;design&gt;');
    expect(await page.frameLocator('iframe').locator('#who').innerText()).toBe('Ada');
    await page.getByLabel('Author').fill('Grace');
    await expect.poll(() => page.frameLocator('iframe').locator('#who').innerText()).toBe('Grace');
    expect((await calls(page)).filter(([m]) => m === 'render').at(-1)).toEqual([
      'render',
      { runId: 'run-1', author: 'Grace' },
    ]);
    await page.close();
  });

  it('in the browser, downloads the files and refuses PDF with a note', async () => {
    const page = await open(false);
    await page.getByLabel('CSV').check();
    const names: string[] = [];
    page.on('download', (d) => names.push(d.suggestedFilename()));
    await page.getByRole('button', { name: 'Download' }).click();
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toBe('Downloaded d-report.csv, d-report.components.csv');
    await expect.poll(() => names.length).toBe(2);
    expect(names).toEqual(['d-report.csv', 'd-report.components.csv']);
    await page.getByLabel('PDF').check();
    expect(await page.getByRole('button', { name: 'Download' }).isDisabled()).toBe(true);
    expect(await page.locator('body').innerText()).toContain('The browser cannot write a PDF here');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (window as unknown as { closedDialog?: boolean }).closedDialog)).toBe(
      true,
    );
    await page.close();
  });

  it('on the desktop, exports through the save dialog (no path from the renderer)', async () => {
    const page = await open(true);
    await page.getByLabel('PDF').check();
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Saved /home/ada/d-report.pdf');
    expect((await calls(page)).find(([m]) => m === 'export')).toEqual([
      'export',
      { runId: 'run-1', format: 'pdf', author: 'Ada' },
    ]);
    await page.close();
  });
});
