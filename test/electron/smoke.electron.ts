import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';

// Run by `npm test` only where an Electron binary exists (scripts/test.mjs prints why it did not run otherwise).
describe('Electron smoke test', () => {
  it('opens the window, runs a template design and shows a result', async () => {
    const binary = electronBinary();
    if (!('path' in binary)) throw new Error(`no Electron binary to smoke-test: ${binary.missing}`);
    // Its own data folder (SQLite, Chromium profile, single-instance lock): never the user's Headroom.
    const dataDir = mkdtempSync(join(tmpdir(), 'headroom-smoke-'));
    const app = await electron.launch({
      executablePath: binary.path,
      args: ['.'],
      env: { ...process.env, HEADROOM_DATA_DIR: dataDir },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('dialog', { name: 'New design' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('template-single-service-db').click();
      // The app titles the window "<design name> — Headroom" (with "• " while unsaved).
      await expect.poll(() => page.title(), { timeout: 10_000 }).toMatch(/^(• )?\S.* — Headroom$/);
      await page.getByLabel('Duration (s)').fill('30');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByTestId('headline-p99').waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join('test', 'artifacts', 'electron-smoke.png') });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
