/**
 * The HTML report in a real browser (headless Chromium): `check --out DIR` writes report.html,
 * which opens from file:// with the network off, asks for nothing but itself, shows the verdicts,
 * the diagram and the steps, and moves its highlight with the keyboard and the mouse.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocheck, removeTempDirs, tempDir } from '../cli/cli.ts';
import { launchChromium, pageErrors, screenshot } from './chromium.ts';

let browser: Browser;
let report: string;

beforeAll(async () => {
  const dir = tempDir('protocheck-report-');
  const run = protocheck(['check', 'models/two-generals.ts', '--out', dir]);
  expect(run.code).toBe(1);
  report = pathToFileURL(path.join(dir, 'two-generals', 'report.html')).href;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

/** The report open in a fresh offline context; every URL the page asks for is in `requests`. */
async function open(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 }, ...options });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  // Anything but the file itself would be a network request: refuse it (and the test fails below).
  await context.route(/^(?!file:)/, (route) => route.abort());
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(report);
  return { context, page, requests, errors };
}

const now = (page: Page): Promise<string | null> => page.locator('.now').first().textContent();
const current = (page: Page): Promise<string | null> => page.locator('li.step.current').first().getAttribute('data-step');

describe('report.html of the Two Generals counterexample', () => {
  it('loads offline from file://, asks for nothing else, and shows the verdicts, the diagram, the steps and the replay command', async () => {
    const { context, page, requests, errors } = await open();
    expect(await page.title()).toBe('two-generals: agreement fails · protocheck');
    expect(await page.locator('table.verdicts tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^agreement\tfinal\t✗ fail\s*\tboth generals decide the same$/),
      expect.stringMatching(/^validity\tfinal\t\? unknown \(the search was cut before a verdict\)\t/),
    ]);
    const svg = page.locator('#p-agreement svg.diagram');
    expect(await svg.isVisible()).toBe(true);
    expect((await svg.boundingBox())!.height).toBeGreaterThan(300);
    expect(await page.locator('#p-agreement li.step .label').allTextContents()).toEqual([
      'initial state: A chooses plan = attack',
      'B receives messenger(n=1, plan=attack) from A',
      'A receives messenger(n=2, plan=attack) from B',
      'the network loses messenger(n=3, plan=attack) from A to B',
    ]);
    expect(await page.locator('li.step[data-step="1"] dl.changes').innerText()).toContain('plan: null → attack');
    expect(await page.locator('li.step[data-step="3"] .note').textContent()).toBe('✗ agreement fails here: {A decides: attack, B decides: retreat}');
    expect(await page.locator('#t0-replay').textContent()).toBe('protocheck replay models/two-generals.ts 0/0/0/1');
    expect(requests).toEqual([report]);
    expect(errors).toEqual([]);
    await screenshot(page, 'report-two-generals');
    await context.close();
  });

  it('steps with the keyboard (→ ← j k Home End) and the mouse; the diagram highlights the row of the step', async () => {
    const { context, page, errors } = await open();
    expect(await now(page)).toBe('Step 1 of 4: initial state: A chooses plan = attack');
    expect(await current(page)).toBe('0');

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('j');
    expect(await now(page)).toBe('Step 3 of 4: A receives messenger(n=2, plan=attack) from B');
    expect(await current(page)).toBe('2');
    // The step's number in the diagram, the arrow it receives and the one it sends.
    expect(await page.locator('svg.diagram .hl').evaluateAll((els) => els.map((e) => e.id))).toEqual(
      expect.arrayContaining(['t0-step-3', 't0-arrow-m2', 't0-arrow-m3']),
    );
    expect(await page.locator('svg.diagram .row-band').count()).toBe(1);
    await screenshot(page, 'report-two-generals-step-3');

    await page.keyboard.press('End');
    expect(await now(page)).toBe('Step 4 of 4: the network loses messenger(n=3, plan=attack) from A to B');
    await page.keyboard.press('ArrowRight'); // past the end: stays
    expect(await current(page)).toBe('3');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowLeft');
    expect(await current(page)).toBe('1');
    await page.keyboard.press('Home');
    expect(await current(page)).toBe('0');

    await page.locator('li.step[data-step="2"]').click();
    expect(await now(page)).toBe('Step 3 of 4: A receives messenger(n=2, plan=attack) from B');
    expect(await page.locator('svg.diagram .row-band').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is readable without its script: every step and the diagram are there', async () => {
    const { context, page, requests } = await open({ javaScriptEnabled: false });
    expect(await page.locator('li.step').count()).toBe(4);
    expect(await page.locator('svg.diagram').isVisible()).toBe(true);
    expect(requests).toEqual([report]);
    await context.close();
  });
});
