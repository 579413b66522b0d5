import type { Locator, Page } from 'playwright-core';

/** Whether the document has unsaved changes (the title's dirty marker). */
export const isDirtyTitle = async (page: Page) => (await page.title()).startsWith('•');

/**
 * Starts a new document from the start screen (File → New…, or the one shown at launch): a template
 * id, or null for a blank design. Unsaved changes of the previous journey are discarded (Don't Save).
 */
export async function newDesign(page: Page, template: string | null): Promise<void> {
  const start = page.getByRole('dialog', { name: 'New design' });
  if (!(await start.isVisible())) {
    await page.getByRole('menuitem', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: /^New/ }).click();
  }
  const dirty = await isDirtyTitle(page);
  await page.getByTestId(template ? `template-${template}` : 'template-blank').click();
  if (dirty) await page.getByTestId('unsaved-prompt').getByRole('button', { name: 'Don’t Save' }).click();
  await start.waitFor({ state: 'detached' });
}

/** Drags a palette item onto the canvas at (x, y) relative to the canvas' top-left corner. */
export async function dropFromPalette(page: Page, item: string, x: number, y: number): Promise<void> {
  await page
    .getByTestId(`palette-${item}`)
    .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

/** Centre of an element on the page. */
async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element has no box');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Connects two nodes by dragging from the caller's output handle to the callee's input handle. */
export async function connectNodes(page: Page, from: string, to: string): Promise<void> {
  const a = await centre(page.getByTestId(`node-${from}`).locator('.react-flow__handle.source'));
  const b = await centre(page.getByTestId(`node-${to}`).locator('.react-flow__handle.target'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

/** Ids of the nodes on the canvas. */
export async function nodeIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  return ids.sort();
}

/** Text of a test id, or '' when absent. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const l = page.getByTestId(testId);
  return (await l.count()) > 0 ? ((await l.first().textContent()) ?? '') : '';
}

/** Moves the mouse over an element's centre (a chart marker under the chart's hover overlay). */
export async function pointAt(page: Page, l: Locator): Promise<void> {
  const c = await centre(l);
  await page.mouse.move(c.x, c.y, { steps: 3 });
}
