/**
 * The explorer in a real browser (headless Chromium): from the choice of an initial state, a user
 * clicks actions and sees the state, the diagram and the properties change; goes back; reloads a
 * position from its URL; and opens the counterexample a check finds. The page asks only the
 * explorer itself, on the loopback address.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/loadModel.ts';
import { type RunningExplorer, startExplorer } from '../../src/cli/explorer/server.ts';
import { launchChromium, pageErrors, screenshot } from './chromium.ts';

let browser: Browser;
let explorer: RunningExplorer;

beforeAll(async () => {
  explorer = await startExplorer(await loadModel('two-generals', {}), { port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await explorer?.close();
});

/** A fresh context; every URL the page asks for is in `requests`, and anything off the explorer is refused. */
async function open(hash = ''): Promise<{ context: BrowserContext; page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route((url) => !url.href.startsWith(explorer.url), (route) => route.abort());
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(explorer.url + hash);
  return { context, page, requests, errors };
}

/** Waits until the page shows `path` (the body's data-path is set once a position is drawn). */
async function at(page: Page, path: string): Promise<void> {
  await page.locator(`body[data-path="${path}"]:not(.busy)`).waitFor({ state: 'attached', timeout: 5_000 });
}

const stateText = (page: Page): Promise<string> => page.locator('#state').innerText();
const actionLabels = (page: Page): Promise<string[]> => page.locator('#actions button .label').allTextContents();
const status = (page: Page, property: string): Promise<string | null> => page.locator(`#properties li[data-property="${property}"]`).getAttribute('data-status');

describe('protocheck explore two-generals, in a browser', () => {
  it('starts from the choice of an initial state; each click takes a step and changes the state, the diagram and the actions; the back buttons undo it', async () => {
    const { context, page, requests, errors } = await open();
    await at(page, '');
    expect(await actionLabels(page)).toEqual(['initial state: A chooses plan = attack', 'initial state: A chooses plan = retreat']);
    expect(await status(page, 'agreement')).toBe('open');
    await screenshot(page, 'explorer-start');

    await page.locator('#actions button', { hasText: 'plan = attack' }).click();
    await at(page, '0');
    expect(page.url()).toBe(`${explorer.url}#/0`);
    expect(await stateText(page)).toMatch(/B\s+\{plan: null, received: 0\}/);
    expect(await actionLabels(page)).toEqual(['B receives messenger(n=1, plan=attack) from A', 'the network loses messenger(n=1, plan=attack) from A to B']);

    await page.locator('#actions button', { hasText: 'B receives' }).click();
    await at(page, '0/0');
    expect(await stateText(page)).toMatch(/B\s+\{plan: attack, received: 1\}/);
    expect(await page.locator('#trace-slot li.step').count()).toBe(2);
    expect(await page.locator('#trace-slot svg.diagram').isVisible()).toBe(true);
    expect(await page.locator('.now').textContent()).toBe('Step 2 of 2: B receives messenger(n=1, plan=attack) from A');
    expect(await status(page, 'agreement')).toBe('open'); // a final property, and this state is not final
    await screenshot(page, 'explorer-step-2');

    await page.goBack(); // the browser's own back button
    await at(page, '0');
    expect(await stateText(page)).toMatch(/B\s+\{plan: null, received: 0\}/);
    await page.locator('#back').click(); // the page's: one step back
    await at(page, '');
    expect(await page.locator('#trace-slot li.step').count()).toBe(0);

    expect(requests.every((u) => u.startsWith(explorer.url))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('holds the path in the URL: a position reloads as it was, with the status of each property at its last step', async () => {
    const { context, page, errors } = await open('#/0/0/0/1');
    await at(page, '0/0/0/1');
    expect(await status(page, 'agreement')).toBe('fail');
    expect(await status(page, 'validity')).toBe('pass');
    expect(await page.locator('#properties li[data-property="agreement"]').innerText()).toContain('violated in this final state');
    expect(await page.locator('#actions-note').textContent()).toBe('No action is enabled: nothing more can happen here.');
    await page.reload();
    await at(page, '0/0/0/1');
    expect(await stateText(page)).toMatch(/observed\s+\{A decides: attack, B decides: retreat\}/);
    // Stepping through the trace so far works as in the report.
    await page.keyboard.press('Home');
    expect(await page.locator('.now').textContent()).toBe('Step 1 of 4: initial state: A chooses plan = attack');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('finds the counterexamples and jumps to one', async () => {
    const { context, page, errors } = await open('#/1');
    await at(page, '1');
    await page.locator('#find').click();
    const link = page.locator('#found li[data-property="agreement"] a');
    expect(await link.textContent()).toBe('show the counterexample (4 steps)');
    expect(await page.locator('#found li[data-property="validity"]').innerText()).toContain('holds in every final state');
    await link.click();
    await at(page, '0/0/0/1');
    expect(await page.locator('#trace-slot li.step.fails .note').textContent()).toBe('✗ agreement fails here: {A decides: attack, B decides: retreat}');
    expect(await link.getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'explorer-counterexample');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says what is wrong with a path that does not fit the model', async () => {
    const { context, page } = await open('#/0/7');
    const error = page.locator('#error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toBe('step 2 of 0/7 asks for action 7, but only 2 are enabled there (0 to 1)');
    await context.close();
  });
});
