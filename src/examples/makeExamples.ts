/**
 * `npm run examples`: makes the images the README shows, under out/examples/, with the same
 * commands a user would run (so a change to the diagrams shows up as a diff of these files):
 *
 *   two-generals-agreement.svg    check two-generals                          (agreement.svg)
 *   alternating-bit-reorder.svg   check alternating-bit --param order=unordered  (in-order.svg)
 *   two-generals-state-graph.svg  render two-generals --graph                  (state-graph.svg)
 *   two-generals-report.png       report.html of the first, at its last step, in headless Chromium
 *   two-generals-explorer.png     explore two-generals at 0/0/0 after "Find counterexamples"
 *
 * The SVGs are deterministic (the same bytes each time); the PNGs depend on the fonts of the
 * machine. Needs Debian's chromium, as the browser tests do.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from './chromium.ts';
import { loadModel } from '../cli/loadModel.ts';
import { startExplorer } from '../cli/explorer/server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = path.join(ROOT, 'out', 'examples');
const temp = mkdtempSync(path.join(os.tmpdir(), 'protocheck-examples-'));

/** Runs the CLI as a user would; a failing property (exit 1) is what these examples are for. */
function protocheck(...args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'src', 'cli', 'bin.js'), ...args, '--out', temp], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`protocheck ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
}

function keep(from: string, to: string): void {
  copyFileSync(path.join(temp, from), path.join(EXAMPLES, to));
  console.log(`out/examples/${to}`);
}

try {
  mkdirSync(EXAMPLES, { recursive: true });
  protocheck('check', 'two-generals');
  keep('two-generals/agreement.svg', 'two-generals-agreement.svg');
  protocheck('check', 'alternating-bit', '--param', 'order=unordered');
  keep('alternating-bit/in-order.svg', 'alternating-bit-reorder.svg');
  protocheck('render', 'two-generals', '--graph');
  keep('two-generals/state-graph.svg', 'two-generals-state-graph.svg');

  const browser = await launchChromium();
  try {
    // The report at its last step: the dropped messenger and the failing row highlighted.
    const report = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await report.goto(pathToFileURL(path.join(temp, 'two-generals', 'report.html')).href);
    await report.keyboard.press('End');
    await report.addStyleTag({ content: '#p-agreement { padding: 2px 14px 14px; margin: 0 -14px; } #p-agreement h2 { border-top: none; }' });
    await report.locator('#p-agreement').screenshot({ path: path.join(EXAMPLES, 'two-generals-report.png') });
    console.log('out/examples/two-generals-report.png');

    // The explorer one step before the end, with the counterexample found: deliver or lose messenger 3.
    const loaded = await loadModel('two-generals', {});
    const running = await startExplorer(loaded, { host: '127.0.0.1', port: 0, checkTimeout: 10 });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.goto(`${running.url}#/0/0/0`);
      await page.locator('body[data-path="0/0/0"]:not(.busy)').waitFor({ state: 'attached' });
      await page.click('#find');
      await page.locator('#found a').first().waitFor();
      await page.screenshot({ path: path.join(EXAMPLES, 'two-generals-explorer.png') });
      console.log('out/examples/two-generals-explorer.png');
    } finally {
      await running.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
