/**
 * Helpers for the browser tests: Debian's Chromium, headless, driven by playwright-core. The
 * machine may have no network, so everything that would phone home is switched off (without
 * these flags Chromium stalls on refused connections). No Chromium is a failure, not a skip: the
 * HTML report and the explorer are tested in a real browser or not at all.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where the tests expect Debian's `chromium` package (`PROTOCHECK_CHROMIUM` overrides it). */
export const CHROMIUM = process.env.PROTOCHECK_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots the browser tests take, for people to look at (git-ignored, as all of out/). */
export const SCREENSHOTS = fileURLToPath(new URL('../../out/screenshots/', import.meta.url));

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium, with a fresh profile that Playwright removes on close. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the browser tests (test/browser/) need it. ` +
        '.ci/run installs it (apt-get install chromium); on Debian or Ubuntu run `sudo apt-get install -y chromium`, ' +
        'or set PROTOCHECK_CHROMIUM to a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 20_000 });
}

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
