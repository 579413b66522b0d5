import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';

// Run by `npm test` only where an Electron binary exists (scripts/test.mjs says why otherwise).
describe('Electron smoke test', () => {
  it('opens the window, runs the starter design and shows a result', async () => {
    const binary = electronBinary();
    if (!('path' in binary)) throw new Error(binary.missing);
    const app = await electron.launch({
      executablePath: binary.path,
      args: ['.'],
      env: { ...process.env, HEADROOM_SMOKE: '1' },
    });
    try {
      const page = await app.firstWindow();
      expect(await page.title()).toBe('Headroom');
      await page.getByRole('button', { name: 'Run' }).click();
      await page.getByTestId('headline-p99').waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join('test', 'artifacts', 'electron-smoke.png') });
    } finally {
      await app.close();
    }
  });
});
