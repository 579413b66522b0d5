/** HTML → PDF with headless Chromium (CLI and the web host; Electron uses webContents.printToPDF). */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's Chromium unless HEADROOM_CHROMIUM names another binary. */
export function chromiumPath(): string {
  return process.env.HEADROOM_CHROMIUM ?? '/usr/bin/chromium';
}

/** Flags for a headless, offline, sandbox-free Chromium (containers, CI). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Thrown when no Chromium is installed; the message says what to do. */
export class NoChromiumError extends Error {
  constructor(path: string) {
    super(
      `PDF export needs Chromium, and there is none at ${path}: install it (e.g. apt-get install chromium) or set HEADROOM_CHROMIUM to its path; or export HTML and print it to PDF from a browser`,
    );
    this.name = 'NoChromiumError';
  }
}

/** Renders a self-contained HTML report to an A4 PDF; every network request is refused. */
export async function htmlToPdf(html: string, o: { title?: string } = {}): Promise<Uint8Array> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new NoChromiumError(executablePath);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
    );
    await page.setContent(html, { waitUntil: 'load' });
    const title = (o.title ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font:8px system-ui,sans-serif;color:#94a3b8;width:100%;padding:0 12mm;display:flex;justify-content:space-between"><span>${title}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
