import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openApp, type Session } from './browser.js';

let s: Session;
beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
});

describe('walking skeleton in headless Chromium (web host)', () => {
  it('starts on the start screen; a template puts a traffic source wired to a service on the canvas', async () => {
    const start = s.page.getByRole('dialog', { name: 'New design' });
    await start.waitFor();
    expect(await s.page.locator('.react-flow__node').count()).toBe(0);
    await s.page.getByTestId('template-single-service-db').click();
    await start.waitFor({ state: 'detached' });
    await s.page.getByTestId('node-clients').waitFor();
    await s.page.getByTestId('node-api').waitFor();
    expect(await s.page.locator('.react-flow__edge').count()).toBeGreaterThanOrEqual(1);
  });

  it('runs a simulation and shows the result', async () => {
    await s.page.getByLabel('Duration (s)').fill('30');
    await s.page.getByRole('button', { name: 'Run' }).click();
    const p99 = s.page.getByTestId('headline-p99');
    await p99.waitFor({ timeout: 60_000 });
    const text = (await p99.textContent()) ?? '';
    expect(text).toMatch(/\d+(\.\d+)? ms/);
    const throughput = Number(
      (await s.page.getByTestId('headline-throughput').textContent())?.replace(/[^\d.]/g, ''),
    );
    expect(throughput).toBeGreaterThan(0);
    expect(await s.page.locator('.chart path.series-p99').getAttribute('d')).toMatch(/^M/);
    await s.page.screenshot({ path: join(ARTIFACTS, 'skeleton-run.png') });
    expect(s.errors).toEqual([]);
  });
});
