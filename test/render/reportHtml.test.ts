/**
 * The HTML report: its data (`reportPage`: verdicts, steps with their changes grouped by node,
 * notes, the diagram elements each step lights up), and the page as text: self-contained (no
 * URL, no other file), deterministic, and escaping whatever a model puts in names and states.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactFiles } from '../../src/cli/commands/check.ts';
import { loadModel } from '../../src/cli/loadModel.ts';
import { runCheck } from '../../src/cli/runCheck.ts';
import { reportHtml } from '../../src/render/html/reportHtml.ts';
import { reportPage, type ReportPage } from '../../src/render/html/reportPage.ts';
import type { Report } from '../../src/render/Report.ts';

/** What would make a browser fetch something or leave the page: URLs, sources, imports. */
function externalReferences(html: string): string[] {
  const tags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]).join('\n');
  const names = tags.replace(/"[^"]*"/g, '""'); // attribute names only (values are escaped text)
  const found = [
    ...html.matchAll(/[a-z][\w+.-]*:\/\//gi), // any scheme://, anywhere
    ...names.matchAll(/\s(?:src|srcset|action|formaction|poster|data|background)\s*=/gi),
    ...tags.matchAll(/\shref\s*=\s*"(?!#)[^"]*"/gi), // a link other than to a fragment of the page
    ...html.matchAll(/@import|url\((?!#)/gi),
  ];
  return found.map((m) => m[0]);
}

let report: Report;
let files: Map<string, string>;
let page: ReportPage;

beforeAll(async () => {
  ({ report } = await runCheck(await loadModel('two-generals', {}), {}));
  ({ files } = await artifactFiles(report));
  page = reportPage(report, new Map([['agreement', files.get('agreement.svg')!]]));
});

describe('reportPage: the data of the Two Generals report', () => {
  it('has the verdicts, the search and the counterexample with its replay command', () => {
    expect(page.title).toBe('two-generals: agreement fails');
    expect(page.params).toEqual([
      ['rounds', '3'],
      ['rule', 'usual'],
    ]);
    expect(page.search).toBe('stopped at the first failure (--continue explores everything)');
    expect(page.properties.map((p) => [p.name, p.kind, p.status, p.verdict])).toEqual([
      ['agreement', 'final', 'fail', 'fail'],
      ['validity', 'final', 'unknown', 'unknown (the search was cut before a verdict)'],
    ]);
    const trace = page.properties[0]!.trace!;
    expect(trace).toMatchObject({ path: '0/0/0/1', replay: 'protocheck replay two-generals 0/0/0/1', heading: 'Counterexample, 4 steps' });
    expect(page.properties[1]!.trace).toBeUndefined();
  });

  it('gives each step its label, its changes grouped by node, its notes and the diagram elements to light up', () => {
    const steps = page.properties[0]!.trace!.steps;
    expect(steps.map((s) => [s.kind, s.label, s.fails])).toEqual([
      ['init', 'initial state: A chooses plan = attack', false],
      ['deliver', 'B receives messenger(n=1, plan=attack) from A', false],
      ['deliver', 'A receives messenger(n=2, plan=attack) from B', false],
      ['drop', 'the network loses messenger(n=3, plan=attack) from A to B', true],
    ]);
    expect(steps[1]!.changes).toEqual([
      { where: 'B', node: true, lines: ['plan: null → attack', 'received: 0 → 1'] },
      { where: 'network', node: false, lines: ['− A→B messenger(n=1, plan=attack)', '+ B→A messenger(n=2, plan=attack)'] },
    ]);
    expect(steps[3]!.notes).toEqual([{ text: '✗ agreement fails here: {A decides: attack, B decides: retreat}', tone: 'fail' }]);
    // Step 3 receives m2 and sends m3; every id it names is in the diagram.
    expect(steps[2]!.highlight).toEqual(['step-3', 'arrow-m2', 'label-m2', 'arrow-m3', 'label-m3']);
    const svg = files.get('agreement.svg')!.replace(/&#45;/g, '-'); // as the browser reads ids
    for (const s of steps) for (const id of s.highlight) expect(svg).toContain(`id="${id}"`);
  });

  it('words a lasso and a witness', async () => {
    const { report: abp } = await runCheck(await loadModel('alternating-bit', { items: 1, fairness: 'none' }), {});
    const data = reportPage(abp);
    const live = data.properties.find((p) => p.name === 'every item arrives')!;
    expect(live.trace).toMatchObject({ heading: 'Counterexample, 1 step, then a cycle of 2 repeated for ever', loop: 0 });
    expect(live.trace!.steps.map((s) => [s.inCycle, s.notes])).toEqual([
      [true, [{ text: '↺ the cycle starts here', tone: 'cycle' }]],
      [true, []],
      [true, [{ text: '↺ back to step 1, for ever: ✗ every item arrives fails', tone: 'fail' }]],
    ]);
    const witness = data.properties.find((p) => p.name === 'all delivered')!;
    expect(witness.verdict).toBe('pass (witness found)');
    expect(witness.trace!.heading).toBe('Witness, 2 steps');
    expect(witness.trace!.steps[1]!.notes).toEqual([{ text: '✓ all delivered holds here', tone: 'pass' }]);
  });
});

describe('report.html', () => {
  it('is written by check with the diagram inline, and names no URL and no other file', () => {
    const html = files.get('report.html')!;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain('<svg role="img" aria-label="Sequence diagram: two-generals: agreement fails" class="diagram"');
    expect(html).toContain('id="t0-step&#45;3"');
    expect(html).toContain('protocheck replay two-generals 0/0/0/1');
    expect(html.match(/<script>/g)).toHaveLength(1);
    // The page for the property alone, as the contract's <property>.html.
    const alone = files.get('agreement.html')!;
    expect(externalReferences(alone)).toEqual([]);
    expect(alone).toContain('<h1>two-generals: agreement fails</h1>');
    expect(alone).not.toContain('validity');
  });

  it('gives the same bytes for the same report', async () => {
    const again = await artifactFiles(report);
    expect(again.files.get('report.html')).toBe(files.get('report.html'));
  });

  it('escapes what the model names: properties, parameters, labels and states cannot add markup', async () => {
    const evil = '</script><img src=x onerror=alert(1)><!--';
    const hostile: Report = {
      model: `m<b>"${evil}`,
      params: { p: evil },
      complete: true,
      strategy: 'bfs',
      stats: { distinctStates: 2, transitions: 1, generated: 2, initialStates: 1, maxDepth: 1, seconds: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0, finalStates: 1 },
      warnings: [evil],
      properties: [
        {
          name: `bad ${evil}`,
          kind: 'always',
          status: 'fail',
          description: `"quoted" & ${evil}`,
          trace: {
            path: '0/0',
            replay: `protocheck replay x 0/0 --param p='${evil}'`,
            steps: [
              { action: { kind: 'init', label: `initial state ${evil}` }, state: { x: evil } },
              { action: { kind: 'action', label: `go ${evil}` }, state: { x: `${evil}2` } },
            ],
          },
        },
      ],
    };
    const { files: out } = await artifactFiles(hostile);
    const html = out.get('report.html')!;
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html.match(/<!--/g)).toBeNull();
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&lt;!--');
    expect(externalReferences(html)).toEqual([]);
    expect(reportHtml(hostile)).not.toContain('<img');
  });
});
