/**
 * Helpers for the browser tests: Debian's Chromium, headless, driven by playwright-core. The
 * machine may have no network, so everything that would phone home is switched off (without
 * these flags Chromium stalls on refused connections). No Chromium is a failure, not a skip: the
 * HTML report and the explorer are tested in a real browser or not at all.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export { CHROMIUM, launchChromium } from '../../src/examples/chromium.ts';

/** Screenshots the browser tests take, for people to look at (git-ignored, as all of out/). */
export const SCREENSHOTS = fileURLToPath(new URL('../../out/screenshots/', import.meta.url));

/** Saves a full-page screenshot as out/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects the page's script errors and console errors: a test ends by expecting none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  return errors;
}
