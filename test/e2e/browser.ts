import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../main/report/pdf.js';
import { startWebHost, type WebHost } from '../../main/web/server.js';

/** Debian's Chromium (or HEADROOM_CHROMIUM): never a downloaded browser. */
export const CHROMIUM = chromiumPath();
export const ARTIFACTS = join('test', 'artifacts');

export interface Session {
  host: WebHost;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** Starts the web host on a free loopback port with a fresh data dir and opens it in headless Chromium. */
export async function openApp(): Promise<Session> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'headroom-e2e-'));
  const host = await startWebHost({ dataDir, rendererDir: join('dist', 'renderer') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(host.url);
  return {
    host,
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
