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

/**
 * WCAG contrast ratio of the first element matching each selector: its text colour (SVG text: its
 * fill) against the first opaque background behind it. Selectors with no element are left out.
 */
export async function contrastRatios(
  page: Page,
  selectors: readonly string[],
): Promise<Record<string, number>> {
  return page.evaluate((sels) => {
    // rgb(r, g, b) in 0–255, or color(srgb r g b) in 0–1 (what color-mix() computes to).
    const rgb = (c: string) => {
      const k = c.startsWith('color(srgb') ? 255 : 1;
      return (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) * k);
    };
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const bgOf = (el: Element | null): string => {
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c;
      }
      return 'rgb(255, 255, 255)';
    };
    const out: Record<string, number> = {};
    for (const sel of sels) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const style = getComputedStyle(el);
      const a = lum(el instanceof SVGElement ? style.fill : style.color);
      const b = lum(bgOf(el));
      out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }
    return out;
  }, selectors);
}

/**
 * Presses Tab (at most `max` times) until the focused element matches `target`: a CSS selector, or
 * `{ label }` for a form field by its label's text. Returns the number of presses.
 */
export async function tabTo(page: Page, target: string | { label: string }, max = 150): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((t) => {
      const el = document.activeElement;
      if (!el) return false;
      if (typeof t === 'string') return el.matches(t);
      const labels = (el as HTMLInputElement).labels;
      return Boolean(labels && Array.from(labels).some((l) => l.textContent?.trim() === t.label));
    }, target);
    if (hit) return i;
  }
  throw new Error(`Tab did not reach ${JSON.stringify(target)} in ${max} presses`);
}
