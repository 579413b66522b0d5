import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openApp, type Session } from './browser.js';
import {
  connectNodes,
  dropFromPalette,
  contrastRatios,
  isDirtyTitle,
  newDesign,
  nodeIds,
  pointAt,
  tabTo,
  textOf,
} from './helpers-designer.js';

let s: Session;
beforeAll(async () => {
  s = await openApp();
  // A fresh start with nothing to recover opens the start screen over an empty canvas.
  await s.page.getByRole('dialog', { name: 'New design' }).waitFor();
});
afterAll(async () => {
  await s?.close();
});

const shot = (name: string) => s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

describe('designer journeys in headless Chromium (web host)', () => {
  it('builds a 3-tier topology from the palette by drag and drop and connects it', async () => {
    const page = s.page;
    await newDesign(page, null);
    expect(await nodeIds(page)).toEqual([]);
    await dropFromPalette(page, 'source', 120, 300);
    await dropFromPalette(page, 'loadBalancer', 380, 300);
    await dropFromPalette(page, 'service', 640, 300);
    await dropFromPalette(page, 'database', 640, 480);
    expect(await nodeIds(page)).toEqual(['clients', 'db', 'lb', 'service']);
    // Unconnected: the source and the balancer show problems, listed with a hint; choosing one opens it.
    await page.getByTestId('problems-clients').waitFor();
    await page.getByRole('tab', { name: /Problems/ }).click();
    const problem = page.locator('.problem-item', { hasText: 'endpoints[0].to' });
    expect(await problem.textContent()).toMatch(/not connected: drag from this node’s right handle/);
    await problem.click();
    await page.getByRole('region', { name: 'Inspector: Clients' }).waitFor();
    await shot('designer-problems');
    await connectNodes(page, 'clients', 'lb');
    await connectNodes(page, 'lb', 'service');
    await connectNodes(page, 'service', 'db');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await page.getByText('No problems').waitFor();
    // The estimate flows down the chain: 100 req/s from the default source reach the database.
    expect(await textOf(page, 'rps-db')).toBe('100 req/s');
    expect(await textOf(page, 'util-service')).toMatch(/^\d+ %$/);
    // The source shows the end-to-end p99 of its requests, the others their mean; the status bar both.
    expect(await textOf(page, 'p99-clients')).toMatch(/^p99 [\d.]+ ms$/);
    expect(await textOf(page, 'latency-service')).toMatch(/^mean [\d.]+ ms$/);
    expect(await textOf(page, 'status-p99')).toMatch(/^p99 [\d.]+ ms$/);
    const positions = () =>
      page
        .locator('.react-flow__node')
        .evaluateAll((els) =>
          els.map((e) => `${e.getAttribute('data-id')} ${(e as HTMLElement).style.transform}`),
        );
    const dropped = await positions();
    await page.getByRole('menuitem', { name: 'View' }).click();
    await page.getByRole('menuitem', { name: /Auto-layout/ }).click();
    // Auto-layout moves the nodes into layers: the source left of the balancer, left of the service.
    await expect.poll(positions).not.toEqual(dropped);
    const x = async (id: string) => (await page.getByTestId(`node-${id}`).boundingBox())?.x ?? NaN;
    await expect
      .poll(async () => (await x('clients')) < (await x('lb')) && (await x('lb')) < (await x('service')))
      .toBe(true);
    await page.waitForTimeout(600);
    await page.getByTestId('node-db').click();
    await shot('designer-build-3tier');
    expect(s.errors).toEqual([]);
  });

  it('changes a parameter in the inspector and sees the estimate change', async () => {
    const page = s.page;
    await newDesign(page, 'three-tier-web');
    await page.getByTestId('node-web').click();
    const field = page.getByLabel('Instances', { exact: true });
    await field.waitFor();
    const before = await textOf(page, 'util-web');
    const costBefore = await textOf(page, 'status-cost');
    expect(costBefore).toMatch(/^Cost \$[\d,.]+\/month/);
    // Time from the input event to the updated utilization text, measured in the page.
    await page.evaluate(() => {
      const w = window as unknown as { __t0?: number; __t1?: number };
      w.__t0 = undefined;
      w.__t1 = undefined;
      document.addEventListener('input', () => (w.__t0 ??= performance.now()), { capture: true, once: true });
      const target = document.querySelector('[data-testid="util-web"]');
      const obs = new MutationObserver(() => {
        w.__t1 ??= performance.now();
        obs.disconnect();
      });
      if (target) obs.observe(target, { characterData: true, childList: true, subtree: true });
    });
    await field.fill('2');
    await expect.poll(() => textOf(page, 'util-web')).not.toBe(before);
    const latency = await page.evaluate(() => {
      const w = window as unknown as { __t0?: number; __t1?: number };
      return (w.__t1 ?? NaN) - (w.__t0 ?? NaN);
    });
    // A figure for the closing note and the README, not a timed assertion (speed is the bench's job).
    console.log(`keystroke → updated utilization badge: ${latency.toFixed(1)} ms`);
    expect(Number.isFinite(latency)).toBe(true);
    // Fewer web instances: higher utilization, lower monthly cost.
    const dollars = (t: string) => Number(/\$([\d,.]+)\/month/.exec(t)?.[1]?.replace(/,/g, '') ?? NaN);
    expect(dollars(await textOf(page, 'status-cost'))).toBeLessThan(dollars(costBefore));
    const after = Number((await textOf(page, 'util-web')).replace(/[^\d.]/g, ''));
    expect(after).toBeGreaterThan(Number(before.replace(/[^\d.]/g, '')));
    // Inline validation: an impossible value shows the schema's message and the problem count.
    await field.fill('-1');
    await page.getByText('must be an integer >= 0, got -1').first().waitFor();
    await shot('designer-edit-estimate-invalid');
    await field.fill('3');
    await page.getByText('No problems').waitFor();
    await page.getByTestId('bottleneck-badge').waitFor();
    await shot('designer-edit-estimate');
  });

  it('edits the price catalog and sees the status-bar cost follow it', async () => {
    const page = s.page;
    await newDesign(page, 'single-service-db');
    const dollars = (t: string) => Number(/\$([\d,.]+)\/month/.exec(t)?.[1]?.replace(/,/g, '') ?? NaN);
    const before = dollars(await textOf(page, 'status-cost'));
    expect(before).toBeGreaterThan(0);
    await page.getByRole('menuitem', { name: 'Simulation' }).click();
    await page.getByRole('menuitem', { name: /^Price catalog/i }).click();
    const dialog = page.getByTestId('prices-dialog');
    await dialog.waitFor();
    await page.getByLabel('Filter instance types').fill('m7g.large');
    // The design's API pool runs on m7g.large: a bad value is refused, naming the field.
    const price = page.getByLabel('m7g.large (us-east-1) $/hour', { exact: true });
    const old = Number(await price.inputValue());
    await price.fill('12x');
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.getByTestId('prices-errors').textContent()).toBe(
      'm7g.large (us-east-1) $/hour: must be a number from 0 to 1,000,000, got "12x"',
    );
    await shot('designer-prices-invalid');
    // Ten times the hourly price: the live estimate's monthly cost rises by the API's share.
    await price.fill(String(old * 10));
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => dollars(await textOf(page, 'status-cost'))).toBeGreaterThan(before);
    const after = dollars(await textOf(page, 'status-cost'));
    // Two API instances × 730 h × 9 × the old price is the increase (rounded to whole dollars).
    expect(after - before).toBeCloseTo(2 * 730 * 9 * old, -1);
    // The stored catalog survives reopening the dialog; Reset to defaults brings back the old cost.
    await page.getByRole('menuitem', { name: 'Simulation' }).click();
    await page.getByRole('menuitem', { name: /^Price catalog/i }).click();
    await page.getByLabel('Filter instance types').fill('m7g.large');
    expect(
      Number(await page.getByLabel('m7g.large (us-east-1) $/hour', { exact: true }).inputValue()),
    ).toBeCloseTo(old * 10, 9);
    await dialog.getByText('edited', { exact: false }).first().waitFor();
    await dialog.getByRole('button', { name: 'Reset to defaults' }).click();
    await expect.poll(async () => dollars(await textOf(page, 'status-cost'))).toBe(before);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(s.errors).toEqual([]);
  });

  it('runs a simulation and sees the charts fill', async () => {
    const page = s.page;
    await newDesign(page, 'three-tier-web');
    // The design's scenarios draw their load profile and failures on a timeline.
    const ramp = page.locator('svg[aria-label="Load factor over 1800 s, peak ×4.00"]');
    await ramp.scrollIntoViewIfNeeded();
    await page.locator('svg[aria-label="Load factor over 900 s, peak ×2.00, 1 failure(s)"]').waitFor();
    await shot('designer-scenarios');
    // A traffic source's inspector draws its rate over time under the run's scenario.
    await page.getByTestId('node-browsers').click();
    const profile = page.getByTestId('source-profile').getByRole('img');
    await expect
      .poll(() => profile.getAttribute('aria-label'))
      .toBe('Rate over time · Baseline, req/s, over 900 s, peak 1500.0 req/s');
    await page.getByLabel('Scenario').selectOption('black-friday');
    await expect
      .poll(() => profile.getAttribute('aria-label'))
      .toBe('Rate over time · Black Friday ramp to 4x, req/s, over 1800 s, peak 6000.0 req/s');
    await page.getByTestId('source-profile').scrollIntoViewIfNeeded();
    await shot('designer-source-profile');
    // The status-bar estimate follows the chosen scenario: cache-flush has load factor 2.
    const rps = (t: string) => {
      const m = /Load ([\d.]+)(k?) req\/s/.exec(t);
      return m ? Number(m[1]) * (m[2] ? 1000 : 1) : NaN;
    };
    const baseRps = rps(await textOf(page, 'status-offered'));
    expect(baseRps).toBeGreaterThan(0);
    await page.getByLabel('Scenario').selectOption('cache-flush');
    await expect.poll(async () => rps(await textOf(page, 'status-offered'))).toBeCloseTo(2 * baseRps, 0);
    await shot('designer-estimate-scenario');
    await page.getByLabel('Scenario').selectOption('baseline');
    await expect.poll(async () => rps(await textOf(page, 'status-offered'))).toBe(baseRps);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.getByLabel('Duration (s)').fill('20');
    await page.getByLabel('Warm-up (s)').fill('5');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('headline-p99').waitFor({ timeout: 90_000 });
    expect(await page.locator('.chart path.series-p99').getAttribute('d')).toMatch(/^M/);
    expect(await page.locator('.chart path.series-throughput').getAttribute('d')).toMatch(/^M/);
    await page.getByTestId('utilization-table').waitFor();
    await page.getByTestId('agreement').waitFor();
    // The design's Redis (a key-model cache) gets a hit-ratio chart.
    expect(await page.getByTestId('hit-ratio-chart').locator('path.series-cat-0').getAttribute('d')).toMatch(
      /^M/,
    );
    const throughput = Number((await textOf(page, 'headline-throughput')).replace(/[^\d.]/g, ''));
    expect(throughput).toBeGreaterThan(1000);
    await shot('designer-run-charts');
    // The measured p99 attribution: one highlighted tail hop, named in a sentence.
    const tailTable = page.getByTestId('tail-attribution');
    await tailTable.scrollIntoViewIfNeeded();
    expect(await tailTable.locator('tr.hop').count()).toBe(1);
    const hop = await tailTable.locator('tr.hop').getAttribute('data-part');
    expect(await textOf(page, 'tail-sentence')).toContain(`${hop} makes the tail`);
    await tailTable.screenshot({ path: join(ARTIFACTS, 'designer-tail-attribution.png') });
    // The finished run's report opens from the results panel (the report dialog is the report owner's).
    await page.getByRole('button', { name: 'Export report…' }).click();
    const dialog = page.locator('.modal.export-report');
    await dialog.waitFor();
    await page.waitForTimeout(800);
    await shot('designer-export-report');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('fills the charts live during a long run, and Stop ends it', async () => {
    const page = s.page;
    await newDesign(page, 'three-tier-web');
    // Two simulated hours at 1,500 req/s: long enough to watch windows stream in.
    await page.getByLabel('Duration (s)').fill('7200');
    await page.getByLabel('Warm-up (s)').fill('60');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const progress = page.getByRole('progressbar', { name: 'Simulation progress' });
    await progress.waitFor();
    await page.locator('.chart path.series-p99').waitFor();
    // The p99 series is drawn while the run is still in progress.
    expect(await progress.isVisible()).toBe(true);
    expect(await page.locator('.chart path.series-p99').getAttribute('d')).toMatch(/^M[\d.,-]+L/);
    const shown = Number(await progress.getAttribute('aria-valuenow'));
    expect(shown).toBeLessThan(100);
    await shot('designer-run-live');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByText('Run stopped.').waitFor();
    expect(await progress.count()).toBe(0);
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    expect(await page.getByTestId('headline-p99').count()).toBe(0);
    expect(s.errors).toEqual([]);
  });

  it('overloads a design: the estimate warns, the run shows errors by cause', async () => {
    const page = s.page;
    await newDesign(page, 'single-service-db');
    // Double-clicking a node opens its inspector (the side panel still shows the last results).
    await page.getByTestId('node-clients').dblclick();
    await page.getByLabel('Rate in requests per second').fill('1500');
    await page.getByTestId('latency-api').getByText('saturated').waitFor();
    expect(await textOf(page, 'status-latency')).toMatch(/saturated/);
    await page.getByLabel('Duration (s)').fill('10');
    await page.getByLabel('Warm-up (s)').fill('2');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('headline-errors').waitFor({ timeout: 90_000 });
    const errors = Number((await textOf(page, 'headline-errors')).replace(/[^\d.]/g, ''));
    expect(errors).toBeGreaterThan(1);
    await page.getByRole('img', { name: 'Failed requests per second by cause over time' }).waitFor();
    expect(await page.locator('.chart path.series-errors').count()).toBeGreaterThanOrEqual(2);
    await shot('designer-overload-errors');
  });

  it('opens a template, runs, saves, and reopens the saved file', async () => {
    const page = s.page;
    await newDesign(page, 'read-heavy-catalog');
    await page.getByLabel('Duration (s)').fill('10');
    await page.getByLabel('Warm-up (s)').fill('2');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('headline-p99').waitFor({ timeout: 90_000 });
    const saved = await nodeIds(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.headroom\.json$/);
    expect(JSON.parse(text).schemaVersion).toBe(1);
    // Change the design, then reopen the saved file: the saved design comes back.
    await page.getByTestId(`node-${saved[0]}`).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).not.toEqual(saved);
    await page.getByTestId('file-input').setInputFiles({
      name: 'catalog.headroom.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await page.getByTestId('unsaved-prompt').getByRole('button', { name: 'Don’t Save' }).click();
    await expect.poll(() => nodeIds(page)).toEqual(saved);
    // The run is in the history; a second run with another seed can be compared with it.
    await page.getByLabel('Seed').fill('2');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('headline-p99').waitFor({ timeout: 90_000 });
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.locator('.history-row').count()).toBeGreaterThanOrEqual(2);
    const boxes = page.locator('.history-row input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('diff-table').waitFor();
    expect(await page.getByTestId('diff-table').textContent()).toMatch(/p99/);
    // Max load (analytic, the same design: no change) and the monthly cost of each run.
    const diffRow = (label: string) =>
      page.getByTestId('diff-table').locator('tr', { has: page.getByRole('rowheader', { name: label }) });
    expect(await diffRow('Max load').textContent()).toMatch(/^Max load([\d.]+ req\/s){2}\+0\.0 %$/);
    expect(await diffRow('Cost').textContent()).toMatch(/^Cost(\$[\d,.]+\/month){2}[+-][\d.]+ %$/);
    await shot('designer-save-reopen-history');
    // Rename the oldest run, then open it: the results panel shows it again.
    const oldest = page.locator('.history-row').last();
    await oldest.getByRole('button', { name: /^Rename/ }).click();
    await page.getByLabel('New name').fill('3-tier baseline');
    await page.getByLabel('New name').press('Enter');
    await page.locator('.history-name', { hasText: '3-tier baseline' }).waitFor();
    await page.locator('.history-row').last().getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: /3-tier baseline/ }).waitFor();
    expect(await page.locator('.chart path.series-p99').getAttribute('d')).toMatch(/^M/);
  });

  it('undoes and redoes edits from the keyboard and the toolbar', async () => {
    const page = s.page;
    await newDesign(page, 'single-service-db');
    const start = await nodeIds(page);
    // Keyboard path: focus a palette item and press Enter.
    await page.getByTestId('palette-cache').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await nodeIds(page)).length).toBe(start.length + 1);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toEqual(start);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await nodeIds(page)).length).toBe(start.length + 1);
    // Deleting a connected node and undoing brings back its calls too.
    const edges = await page.locator('.react-flow__edge').count();
    await page.getByTestId('node-db').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges - 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges - 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    // Selecting a call (edge) and pressing Delete removes the reference; the source shows it is unconnected.
    // The previous journey left the Results tab open; the call's inspector is on the Inspector tab.
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByTestId('rf__edge-api->db').click();
    await page.getByRole('region', { name: 'Call' }).waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges - 1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edges);
    // Shift-click selects several nodes; Delete removes them together, one undo brings both back.
    await page.getByTestId('node-api').click();
    await page.getByTestId('node-db').click({ modifiers: ['Shift'] });
    await page.getByRole('region', { name: 'Selection' }).waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await nodeIds(page)).length).toBe(start.length - 1);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await nodeIds(page)).length).toBe(start.length + 1);
    // Select all, delete, undo: everything comes back.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).toEqual([]);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await nodeIds(page)).length).toBe(start.length + 1);
    // Copy and paste duplicates the selection with fresh ids.
    await page.getByTestId('node-api').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => nodeIds(page)).toContain('api-2');
    await shot('designer-undo-redo');
  });

  it('opens a broken file and sees a clear error, with the design untouched', async () => {
    const page = s.page;
    await newDesign(page, 'single-service-db');
    const before = await nodeIds(page);
    const broken = {
      schemaVersion: 1,
      name: 'Broken',
      components: {
        clients: {
          kind: 'source',
          name: 'C',
          workload: { type: 'open', rateRps: 10 },
          endpoints: [{ id: 'x', name: 'X', weight: 1, to: 'nowhere' }],
        },
        api: { kind: 'service', name: 'A', instances: -2, cores: 1, handlers: {} },
      },
    };
    await page.getByTestId('file-input').setInputFiles({
      name: 'broken.headroom.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    const dialog = page.getByTestId('open-errors');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('components.api.instances');
    expect(text).toContain('must be an integer >= 0, got -2');
    expect(text).toContain('Your current design is unchanged');
    await shot('designer-broken-file');
    await page.getByRole('button', { name: 'OK' }).click();
    expect(await nodeIds(page)).toEqual(before);
    // Invalid JSON reports the line and column.
    await page.getByTestId('file-input').setInputFiles({
      name: 'bad.headroom.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{\n  "schemaVersion": 1,\n  "name": \n}'),
    });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/line 4, column/);
    await page.getByRole('button', { name: 'OK' }).click();
  });

  it('asks before unsaved changes are replaced: Cancel keeps them, Save saves first, Don’t Save drops them', async () => {
    const page = s.page;
    await newDesign(page, 'single-service-db');
    await page.getByTestId('palette-cache').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page)).toContain('cache');
    const edited = await nodeIds(page);
    expect(await isDirtyTitle(page)).toBe(true);
    // New → a template: the prompt names the design; Save has the focus and Tab stays inside the dialog.
    const fileNew = async () => {
      await page.getByRole('menuitem', { name: 'File' }).click();
      await page.getByRole('menuitem', { name: /^New/ }).click();
    };
    await fileNew();
    await page.getByTestId('template-three-tier-web').click();
    const prompt = page.getByTestId('unsaved-prompt');
    await prompt.waitFor();
    expect(await prompt.getByRole('heading').textContent()).toBe(
      'Save changes to Single service with a database?',
    );
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await focused()).toBe('Save');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Don’t Save');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Cancel');
    await shot('designer-unsaved-prompt');
    // Escape is Cancel: the edited design stays, the start screen is still open.
    await page.keyboard.press('Escape');
    await prompt.waitFor({ state: 'detached' });
    expect(await nodeIds(page)).toEqual(edited);
    await page.getByRole('dialog', { name: 'New design' }).press('Escape');
    // Open a file: Save first (the browser downloads the design), then the file replaces it.
    const other = readFileSync(join('shared', 'templates', 'serverless-api.headroom.json'), 'utf8');
    await page.getByTestId('file-input').setInputFiles({
      name: 'serverless.headroom.json',
      mimeType: 'application/json',
      buffer: Buffer.from(other),
    });
    await prompt.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      prompt.getByRole('button', { name: 'Save', exact: true }).click(),
    ]);
    expect(JSON.parse(readFileSync(await download.path(), 'utf8')).components.cache.kind).toBe('cache');
    await expect.poll(() => nodeIds(page)).toEqual(Object.keys(JSON.parse(other).components).sort());
    expect(await isDirtyTitle(page)).toBe(false);
    // A clean design is replaced without a question; a dirty one with Don’t Save loses its edit.
    await newDesign(page, 'single-service-db');
    expect(await prompt.count()).toBe(0);
    await page.getByTestId('node-db').click();
    await page.keyboard.press('Delete');
    await fileNew();
    await page.getByTestId('template-single-service-db').click();
    await prompt.getByRole('button', { name: 'Don’t Save' }).click();
    await expect.poll(() => nodeIds(page)).toContain('db');
    expect(await isDirtyTitle(page)).toBe(false);
    expect(s.errors).toEqual([]);
  });

  it('offers to recover unsaved work after the page is reloaded', async () => {
    const page = s.page;
    await newDesign(page, 'serverless-api');
    await page.getByTestId('palette-external').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page)).toContain('external');
    // Autosave runs every 5 s while the design has unsaved changes.
    await page.waitForTimeout(6500);
    await page.reload();
    const banner = page.getByTestId('recovery');
    await banner.waitFor();
    await shot('designer-recovery');
    await banner.getByRole('button', { name: 'Recover' }).click();
    await expect.poll(() => nodeIds(page)).toContain('external');
    expect(await page.title()).toMatch(/•/);
  });

  it('works from the keyboard alone', async () => {
    const page = s.page;
    await newDesign(page, 'single-service-db');
    // Real Tab presses from the top of the page (a click on the brand sets where Tab starts): the menu
    // bar comes first; ArrowDown opens a menu.
    await page.locator('.toolbar .brand').click();
    expect(await tabTo(page, '.menubar > .menu:nth-child(2) > .menu-button', 5)).toBe(2);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/Undo/);
    await page.keyboard.press('Escape');
    // Focus is visible: the focused menu button draws an outline.
    expect(
      await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
    ).not.toBe('none');
    // Tab goes on through the toolbar to the palette, one Tab stop whose items the arrow keys walk.
    await tabTo(page, '[data-testid="palette-source"]', 30);
    await page.keyboard.press('ArrowDown');
    const focusedId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    expect(await focusedId()).toBe('palette-gateway');
    await page.keyboard.press('End');
    expect(await focusedId()).toMatch(/^palette-/);
    await page.keyboard.press('Home');
    expect(await focusedId()).toBe('palette-source');
    // Then on to the canvas nodes; Enter selects: the inspector follows.
    const presses = await tabTo(page, '.react-flow__node[data-id="api"]', 10);
    console.log(`Tab presses from the palette to the canvas node: ${presses}`);
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Inspector: Items API' }).waitFor();
    // Arrow keys move the selected node; the move is one undoable edit.
    const before = await page.locator('.react-flow__node[data-id="api"]').getAttribute('style');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.locator('.react-flow__node[data-id="api"]').getAttribute('style'))
      .not.toBe(before);
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => page.locator('.react-flow__node[data-id="api"]').getAttribute('style'))
      .toBe(before);
    // Tab leads from the canvas into the inspector's fields, labelled with their units.
    await tabTo(page, { label: 'Cores' }, 250);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('4');
    await expect.poll(() => page.getByLabel('Cores', { exact: true }).inputValue()).toBe('4');
    expect(await textOf(page, 'util-api')).toMatch(/^\d+ %$/);
    await shot('designer-keyboard');
  });

  it('plans capacity: max load, right-size applied to the canvas, growth and a sweep', async () => {
    const page = s.page;
    await newDesign(page, 'single-service-db');
    // Simulation → Plan… (Ctrl+P) opens the planner in the side panel, the design's SLO filled in.
    await page.keyboard.press('Control+p');
    const planner = page.getByRole('region', { name: 'Capacity planner' });
    await planner.waitFor();
    expect(await page.getByLabel('SLO', { exact: true }).inputValue()).toBe(
      'p95<=150ms,p99<=300ms,errors<=0.1%',
    );
    // The questions are asked at the scenario chosen in the toolbar (its load and profile).
    expect(await textOf(page, 'plan-help')).toContain('for scenario “Baseline weekday”');
    await page.getByLabel('Scenario').selectOption('db-slowdown');
    await expect.poll(() => textOf(page, 'plan-help')).toContain('for scenario “Database slows down 3x”');
    await page.getByLabel('Scenario').selectOption('baseline');
    // Small trials keep the journey short: 2 replications × 2000 requests, at most 5 trials.
    await planner.getByText(/^Trials:/).click();
    await page.getByLabel('Requests per replication').fill('1000000');
    // A long plan shows its progress and stops at once.
    await planner.getByRole('button', { name: 'Plan', exact: true }).click();
    await expect.poll(() => textOf(page, 'plan-progress')).toMatch(/Trial 1 of at most 10 · [\d.]+ req\/s/);
    await shot('planner-progress');
    await planner.getByRole('button', { name: 'Stop' }).click();
    await planner.getByText('Plan stopped.').waitFor();
    await page.getByLabel('Requests per replication').fill('2000');
    await page.getByLabel('Most trials').fill('5');
    await planner.getByRole('button', { name: 'Plan', exact: true }).click();
    await page.getByTestId('plan-maxload').waitFor({ timeout: 60_000 });
    const maxLoad = Number((await textOf(page, 'plan-maxload')).replace(/[^\d.]/g, ''));
    expect(maxLoad).toBeGreaterThan(300);
    // Trials this short overshoot the bottleneck-law ceiling (769 req/s here); the view says so.
    expect(await page.getByTestId('plan-above-ceiling').count()).toBe(maxLoad > 769 * 1.02 ? 1 : 0);
    expect(await textOf(page, 'plan-limiting')).toMatch(/^(PostgreSQL|Items API)$/);
    expect(await page.locator('[data-testid="plan-chart"] circle.dot').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-testid="plan-chart"] .ref.slo text').textContent()).toBe(
      'SLO p99 ≤ 300 ms',
    );
    // Hovering a trial shows its exact figures.
    await pointAt(page, page.locator('[data-testid="plan-chart"] circle.dot').first());
    await expect.poll(() => textOf(page, 'plan-chart-tip')).toMatch(/req\/s → p99 [\d.]+ ms/);
    await shot('planner-max-load');
    // Right-size at 150 req/s: one API instance is enough (the design has two); Apply is one undoable edit.
    await planner.getByRole('radio', { name: 'Right-size' }).click();
    await page.getByLabel('Target load').fill('150');
    await planner.getByRole('button', { name: 'Plan', exact: true }).click();
    await page.getByTestId('plan-pareto').waitFor({ timeout: 60_000 });
    expect(await textOf(page, 'plan-best')).toMatch(/^\$[\d,.]+\/mo$/);
    expect(await page.locator('[data-testid="plan-pareto"] circle.dot').count()).toBeGreaterThanOrEqual(2);
    expect(await textOf(page, 'plan-apply-note')).toBe('api.instances 2 → 1');
    await pointAt(page, page.locator('[data-testid="plan-pareto"] circle.dot.selected'));
    await expect
      .poll(() => textOf(page, 'plan-pareto-tip'))
      .toMatch(/^api\.instances = 1 · \$[\d,.]+\/month · p99 [\d.]+ ms/);
    await shot('planner-right-size');
    await planner.getByRole('button', { name: 'Apply to canvas' }).click();
    await expect.poll(() => textOf(page, 'plan-apply-note')).toBe('Applied: api.instances 2 → 1');
    await page.getByTestId('node-api').dblclick();
    await expect.poll(() => page.getByLabel('Instances', { exact: true }).inputValue()).toBe('1');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByLabel('Instances', { exact: true }).inputValue()).toBe('2');
    // Undone: the planner offers the change again.
    await page.getByRole('tab', { name: 'Plan' }).click();
    await expect.poll(() => textOf(page, 'plan-apply-note')).toBe('api.instances 2 → 1');
    // Growth: 8%/month from today's 200 req/s; the month the SLO breaks is a calendar month.
    await planner.getByRole('radio', { name: 'Growth' }).click();
    expect(await page.getByLabel('Current load').inputValue()).toBe('200');
    await planner.getByRole('button', { name: 'Plan', exact: true }).click();
    await page.getByTestId('plan-growth').waitFor({ timeout: 60_000 });
    expect(await textOf(page, 'plan-breach')).toMatch(/^[A-Z][a-z]+ \d{4}$/);
    expect(await textOf(page, 'plan-headroom')).toMatch(/^\d+ %$/);
    await shot('planner-growth');
    // Sweep the load, simulated, in the dark theme.
    await page.getByRole('button', { name: /^Theme/ }).click();
    await page.getByRole('button', { name: /^Theme/ }).click();
    await planner.getByRole('radio', { name: 'Sweep' }).click();
    await page.getByLabel('Steps').fill('4');
    await planner.getByRole('button', { name: 'Plan', exact: true }).click();
    await page.getByTestId('plan-sweep').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="plan-sweep-table"] tbody tr').count()).toBe(4);
    expect(await page.locator('[data-testid="plan-sweep"] path.series').getAttribute('d')).toMatch(/^M/);
    await page.getByLabel('Swept metric').selectOption('throughputRps');
    await expect
      .poll(() => page.locator('[data-testid="plan-sweep"] .chart-title').textContent())
      .toMatch(/^throughput/);
    await shot('planner-sweep-dark');
    // Back to the system theme the next journey starts from.
    await page.getByRole('button', { name: /^Theme/ }).click();
    expect(s.errors).toEqual([]);
  });

  it('switches to the dark theme and keeps it readable', async () => {
    const page = s.page;
    await newDesign(page, 'microservices-gateway');
    // The previous design's sweep is no longer shown in the Plan tab once another design is open.
    await page.getByRole('region', { name: 'Capacity planner' }).waitFor();
    expect(await page.getByTestId('plan-sweep').count()).toBe(0);
    await page.getByRole('button', { name: /^Theme/ }).click();
    await page.getByRole('button', { name: /^Theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.waitForTimeout(200);
    await shot('designer-dark');
    // Text contrast (WCAG AA, 4.5:1) of node text, muted text, the status bar and the inspector (a
    // selected service: its estimate, labels, units, legends and the distribution plot) in both themes.
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByTestId('node-orders').click();
    await page.getByRole('region', { name: /^Inspector: / }).waitFor();
    const selectors = [
      '.node .name',
      '.node .params',
      '.node .kind',
      '.node .badge',
      '.statusbar',
      '.palette-item span',
      '.tab',
      '.inspector h3',
      '.inspector-head .muted',
      '.estimate-box dt',
      '.estimate-box dd',
      '.inspector label',
      '.inspector legend',
      '.inspector .unit',
      '.inspector input',
      '.inspector .axis text',
    ];
    const ratios = () => contrastRatios(page, selectors);
    const dark = await ratios();
    expect(Object.keys(dark).length).toBeGreaterThanOrEqual(12);
    for (const [sel, r] of Object.entries(dark)) expect(r, `dark ${sel}`).toBeGreaterThanOrEqual(4.5);
    await page.getByRole('button', { name: /^Theme/ }).click();
    await page.getByRole('button', { name: /^Theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    for (const [sel, r] of Object.entries(await ratios()))
      expect(r, `light ${sel}`).toBeGreaterThanOrEqual(4.5);
    // The choice is a saved preference: it survives a reload (which opens on the start screen).
    await page.reload();
    await page.getByRole('dialog', { name: 'New design' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(s.errors).toEqual([]);
  });

  it('reads the results dashboard: instances with scale marks, heatmap, queue, cost, a component panel, two runs overlaid', async () => {
    const page = s.page;
    const side = page.locator('aside.side');
    const sideShot = (name: string) => side.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    await newDesign(page, 'write-heavy-orders');
    // 300 simulated seconds: the workers' autoscaler (60 s period) scales out once.
    await page.getByLabel('Duration (s)').fill('300');
    await page.getByLabel('Warm-up (s)').fill('30');
    await page.getByLabel('Seed').fill('1');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('headline-p99').waitFor({ timeout: 90_000 });
    // Instances of the autoscaled pool, serving and warming stacked, with a scale-out mark.
    const instances = page.getByTestId('instances-fulfilment');
    await instances.waitFor();
    expect(await instances.locator('path.layer-serving').getAttribute('d')).toMatch(/^M/);
    expect(await instances.locator('.scale-mark-head.out').count()).toBeGreaterThanOrEqual(1);
    expect(await instances.getByRole('img').getAttribute('aria-label')).toMatch(/[1-9]\d* scale-out/);
    await instances.locator('rect.overlay').hover({ position: { x: 5, y: 20 } });
    await expect
      .poll(() => instances.locator('.chart-tooltip').textContent())
      .toMatch(/serving \d+ · warming \d+ · total \d+/);
    await instances.scrollIntoViewIfNeeded();
    await sideShot('dashboard-instances-light');
    // The heatmap: one cell per component and window (300 windows, fewer than the drawing limit).
    const heat = page.getByTestId('utilization-heatmap');
    const rows = await heat.locator('.heat-labels text').count();
    expect(rows).toBeGreaterThanOrEqual(3);
    expect(await heat.locator('.heat-cells rect').count()).toBe(rows * 300);
    await heat.locator('rect.overlay').hover({ position: { x: 100, y: 4 } });
    await expect
      .poll(() => heat.locator('.chart-tooltip').textContent())
      .toMatch(/t = \d+ s · utilization \d+\.\d\d %/);
    // Queue depth for the design's queue; no hit-ratio chart without a key-model cache.
    expect(
      await page.getByTestId('queue-depth-chart').locator('path.series-cat-0').getAttribute('d'),
    ).toMatch(/^M/);
    expect(
      await page.getByTestId('consumer-lag-chart').locator('path.series-cat-0').getAttribute('d'),
    ).toMatch(/^M/);
    expect(await page.getByTestId('hit-ratio-chart').count()).toBe(0);
    // Cost: a monthly figure, the layers over time and the breakdown per component.
    expect(await textOf(page, 'cost-month')).toMatch(/^\$[\d,.]+$/);
    expect(await page.getByTestId('cost-chart').locator('path.layer').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('cost-breakdown').locator('tr').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('cost-section').scrollIntoViewIfNeeded();
    await sideShot('dashboard-cost-light');
    // A row of the component table opens that component's panel; a node on the canvas switches it.
    await page.getByTestId('component-row-fulfilment').getByRole('button').click();
    const panel = page.getByTestId('component-panel');
    await page.getByRole('region', { name: 'Results: Fulfilment workers' }).waitFor();
    expect(await panel.textContent()).toMatch(/Instances[\d.]+ \(max \d+\)/);
    expect(await panel.getByTestId('instances-fulfilment').count()).toBe(1);
    await panel.scrollIntoViewIfNeeded();
    await sideShot('dashboard-component-light');
    await page.getByTestId('node-events').click();
    await page
      .getByRole('region', { name: /^Results: / })
      .filter({ hasText: 'queue' })
      .waitFor();
    expect(await panel.getByRole('img', { name: /^Messages waiting in/ }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Results' }).getAttribute('aria-selected')).toBe('true');
    // The autoscaler has no figures of its own: clicking it shows the pool it drives.
    await page.getByTestId('node-fulfilment-scaler').click();
    await page.getByRole('region', { name: 'Results: Fulfilment workers' }).waitFor();
    expect(await panel.textContent()).toMatch(/scaled by Worker autoscaler/);
    await shot('dashboard-node-click');
    // Dark theme: the same panel and charts read from the theme's variables.
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    for (let i = 0; i < 3 && (await theme()) !== 'dark'; i++)
      await page.getByRole('button', { name: /^Theme/ }).click();
    expect(await theme()).toBe('dark');
    // Dashboard and chart text keep 4.5:1 contrast in both themes.
    const dashboardText = [
      '.results-head h2',
      '.headline .label',
      '.headline .value',
      '.headline .note',
      '.agreement',
      '.chart .chart-title',
      '.chart .legend',
      '.chart .axis text',
      '.util-table th',
      '.heat-labels text',
      'table.component-table td',
      '.component-panel h3',
    ];
    const checkDashboard = async (name: string) => {
      const r = await contrastRatios(page, dashboardText);
      expect(Object.keys(r).length, `${name}: elements found`).toBeGreaterThanOrEqual(8);
      for (const [sel, v] of Object.entries(r)) expect(v, `${name} ${sel}`).toBeGreaterThanOrEqual(4.5);
    };
    await checkDashboard('dark');
    await sideShot('dashboard-component-dark');
    await page.getByTestId('utilization-heatmap').scrollIntoViewIfNeeded();
    await sideShot('dashboard-heatmap-dark');
    await page.getByTestId('cost-section').scrollIntoViewIfNeeded();
    await sideShot('dashboard-cost-dark');
    // A second run with another seed; ticking both in History overlays their p99 and throughput.
    await page.getByLabel('Seed').fill('2');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('heading', { name: /Write-heavy.*seed 2/ }).waitFor({ timeout: 90_000 });
    await page.getByRole('tab', { name: 'History' }).click();
    for (const seed of [1, 2])
      await page
        .locator('.history-row', { hasText: `Write-heavy orders with a queue and workers — seed ${seed}` })
        .getByRole('checkbox')
        .check();
    const overlay = page.getByTestId('run-overlay');
    await overlay.locator('path.series-p99.run-b').waitFor();
    expect(await overlay.locator('path.series.run-a').count()).toBe(2);
    expect(await overlay.locator('path.series-throughput.run-b').getAttribute('d')).toMatch(/^M/);
    await overlay.locator('rect.overlay').hover({ position: { x: 60, y: 40 } });
    await expect
      .poll(() => overlay.locator('.chart-tooltip').textContent())
      .toMatch(/p99 .+ vs .+ · throughput .+ vs /);
    await overlay.scrollIntoViewIfNeeded();
    await sideShot('dashboard-overlay-dark');
    for (let i = 0; i < 3 && (await theme()) !== 'light'; i++)
      await page.getByRole('button', { name: /^Theme/ }).click();
    await sideShot('dashboard-overlay-light');
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByTestId('headline-p99').waitFor();
    await checkDashboard('light');
    expect(s.errors).toEqual([]);
  });
});
