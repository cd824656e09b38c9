/**
 * Debian's Chromium, headless, driven by playwright-core: for the browser tests and for
 * `npm run examples`. The machine may have no network, so everything that would phone home is
 * switched off (without these flags Chromium stalls on refused connections).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts it (`PROTOCHECK_CHROMIUM` overrides it). */
export const CHROMIUM = process.env.PROTOCHECK_CHROMIUM ?? '/usr/bin/chromium';

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
      `Chromium is not installed at ${CHROMIUM}, and the browser tests (test/browser/) and npm run examples need it. ` +
        '.ci/run installs it (apt-get install chromium); on Debian or Ubuntu run `sudo apt-get install -y chromium`, ' +
        'or set PROTOCHECK_CHROMIUM to a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 20_000 });
}
