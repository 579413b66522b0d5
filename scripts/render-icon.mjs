#!/usr/bin/env node
// Renders build/icon.svg to build/icon.png (1024×1024, the size macOS asks for) with headless Chromium.
// Usage: node scripts/render-icon.mjs [size]   (needs /usr/bin/chromium or $CHROMIUM)
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Side of the square icon, pixels. */
const size = Number(process.argv[2] ?? 1024);
if (!Number.isInteger(size) || size < 16 || size > 4096) {
  console.error(`size: must be an integer from 16 to 4096, got ${process.argv[2]}`);
  process.exit(1);
}
const svg = readFileSync('build/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
  );
  await page.locator('img').evaluate((img) => img.decode());
  writeFileSync('build/icon.png', await page.screenshot({ omitBackground: true, type: 'png' }));
  console.log(`build/icon.png: ${size}×${size}`);
} finally {
  await browser.close();
}
