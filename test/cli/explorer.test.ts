/**
 * The explorer's data and its HTTP API, without a browser: what `explorerTrace` answers for a
 * position (the trace so far, the state, each property's status at the last step, the enabled
 * actions), and how the server answers: the page, JSON for every position, clear errors as JSON,
 * and nothing for a request addressed to another host name.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayError } from '../../src/checker/replay.ts';
import { explorerTrace } from '../../src/cli/explorer/explorerTrace.ts';
import { findCounterexamples } from '../../src/cli/explorer/findCounterexamples.ts';
import { isLoopback, type RunningExplorer, startExplorer } from '../../src/cli/explorer/server.ts';
import { loadModel, type LoadedModel } from '../../src/cli/loadModel.ts';
import { FIXTURES } from './cli.ts';

let generals: LoadedModel;
beforeAll(async () => {
  generals = await loadModel('two-generals', {});
});

describe('explorerTrace: what the explorer shows at a position', () => {
  it('before the first step: the initial states to choose, every property open', async () => {
    const t = await explorerTrace(generals, []);
    expect(t).toMatchObject({ model: 'two-generals', params: { rounds: 3, rule: 'usual' }, path: '', steps: [], state: [], final: false });
    expect(t.actions).toEqual([
      { index: 0, path: '0', kind: 'init', label: 'initial state: A chooses plan = attack' },
      { index: 1, path: '1', kind: 'init', label: 'initial state: A chooses plan = retreat' },
    ]);
    expect(t.properties.map((p) => [p.name, p.status])).toEqual([
      ['agreement', 'open'],
      ['validity', 'open'],
    ]);
  });

  it('after two steps: the state by node, the actions enabled there with the path each leads to, and the diagram', async () => {
    const t = await explorerTrace(generals, [0, 0]);
    expect(t.path).toBe('0/0');
    expect(t.steps.map((s) => s.label)).toEqual(['initial state: A chooses plan = attack', 'B receives messenger(n=1, plan=attack) from A']);
    expect(t.state).toEqual([
      { where: 'A', node: true, lines: ['{plan: attack, received: 0}'] },
      { where: 'B', node: true, lines: ['{plan: attack, received: 1}'] },
      { where: 'network', node: false, lines: ['B→A messenger(n=2, plan=attack)'] },
      { where: 'observed', node: false, lines: ['{A decides: retreat, B decides: retreat}'] },
    ]);
    expect(t.actions.map((a) => [a.path, a.kind, a.label])).toEqual([
      ['0/0/0', 'deliver', 'A receives messenger(n=2, plan=attack) from B'],
      ['0/0/1', 'drop', 'the network loses messenger(n=2, plan=attack) from B to A'],
    ]);
    expect(t.properties.map((p) => [p.name, p.status, p.text])).toEqual([
      ['agreement', 'open', 'judged in final states; this state is not final'],
      ['validity', 'open', 'judged in final states; this state is not final'],
    ]);
    expect(t.svg).toMatch(/^<svg role="img" aria-label="Sequence diagram: two-generals" class="diagram"/);
    expect(t.svg).toContain('id="x-step&#45;2"');
    expect(t.stepsHtml).toContain('<li class="step kind-deliver" data-step="1"');
  });

  it('at the end of the counterexample: agreement violated, validity holds, nothing more enabled', async () => {
    const t = await explorerTrace(generals, [0, 0, 0, 1]);
    expect(t.final).toBe(true);
    expect(t.actions).toEqual([]);
    expect(t.properties.map((p) => [p.name, p.status, p.step, p.text])).toEqual([
      ['agreement', 'fail', 3, 'violated in this final state'],
      ['validity', 'pass', undefined, 'holds in this final state'],
    ]);
    expect(t.steps[3]!.notes).toEqual([{ text: '✗ agreement fails here: {A decides: attack, B decides: retreat}', tone: 'fail' }]);
  });

  it('refuses a path that does not fit the model, saying why', async () => {
    await expect(explorerTrace(generals, [0, 7])).rejects.toThrow(ReplayError);
    await expect(explorerTrace(generals, [0, 7])).rejects.toThrow('step 2 of 0/7 asks for action 7, but only 2 are enabled there (0 to 1)');
    await expect(explorerTrace(generals, [0], 3)).rejects.toThrow(/^loop 3: /);
  });

  it('works for a plain transition system too (no nodes: the state as it is)', async () => {
    const counter = await loadModel(`${FIXTURES}/counter.ts`, {});
    const t = await explorerTrace(counter, [0, 0, 0, 0]);
    expect(t.state).toEqual([{ where: 'n', node: false, lines: ['3'] }]);
    expect(t.properties.map((p) => [p.name, p.status, p.text])).toEqual([
      ['non-negative', 'pass', 'holds at every step so far'],
      ['below bad', 'fail', 'violated at step 4'],
    ]);
    expect(t.actions).toEqual([{ index: 0, path: '0/0/0/0/0', kind: 'action', label: 'increment' }]);
  });

  it('finds the counterexamples with a complete breadth-first check', () => {
    const found = findCounterexamples(generals, 10);
    expect(found).toMatchObject({ complete: true, search: 'complete', distinctStates: 14 });
    expect(found.properties.map((p) => [p.name, p.status, p.path])).toEqual([
      ['agreement', 'fail', '0/0/0/1'],
      ['validity', 'pass', undefined],
    ]);
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['0.0.0.0', false],
    ['192.168.1.10', false],
    ['::', false],
    ['example.com', false],
    ['localhost.example.com', false],
  ])('%s: %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

describe('the explorer server', () => {
  let explorer: RunningExplorer;
  beforeAll(async () => {
    explorer = await startExplorer(generals, { port: 0 });
  });
  afterAll(() => explorer?.close());

  /** A GET with a chosen Host header (fetch does not let one set it). */
  function get(path: string, host?: string, method = 'GET'): Promise<{ status: number; type: string; headers: Record<string, unknown>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, explorer.url), { method, headers: host ? { Host: host } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('listens on 127.0.0.1 by default, on the port the system chose', () => {
    expect(explorer.url).toBe(`http://127.0.0.1:${explorer.port}/`);
    expect(explorer.port).toBeGreaterThan(0);
  });

  it('serves the page, which loads nothing from elsewhere', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'; connect-src 'self'");
    expect(r.body).toContain('<h1>Explorer: <code>two-generals</code></h1>');
    expect(r.body).not.toMatch(/:\/\/|\ssrc=/);
  });

  it('answers a position as JSON', async () => {
    const r = await get('/api/trace?path=0/0/0/1');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json; charset=utf-8');
    const t = JSON.parse(r.body);
    expect(t.path).toBe('0/0/0/1');
    expect(t.properties[0]).toMatchObject({ name: 'agreement', status: 'fail' });
    const start = JSON.parse((await get('/api/trace')).body);
    expect(start.actions).toHaveLength(2);
  });

  it('answers the counterexamples as JSON', async () => {
    const r = await get('/api/counterexamples');
    expect(JSON.parse(r.body).properties[0]).toMatchObject({ name: 'agreement', status: 'fail', path: '0/0/0/1', steps: 4 });
  });

  it.each([
    ['/api/trace?path=0/7', 400, 'step 2 of 0/7 asks for action 7, but only 2 are enabled there (0 to 1)'],
    ['/api/trace?path=0/x', 400, expect.stringContaining('0/x')],
    ['/api/trace?path=0&loop=-1', 400, 'loop "-1": give the index (from 0) of the step where the cycle starts'],
    ['/nothing', 404, 'no such page: /nothing'],
  ])('%s: %i with the reason as JSON, no stack', async (path, status, error) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(JSON.parse(r.body)).toEqual({ error });
  });

  it('refuses other methods, and requests addressed to another host name (DNS rebinding)', async () => {
    expect((await get('/api/trace', undefined, 'POST')).status).toBe(405);
    const r = await get('/api/trace', 'evil.example:80');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toBe('this explorer answers requests for localhost only, not for evil.example:80');
    expect((await get('/', `localhost:${explorer.port}`)).status).toBe(200);
  });

  it('says when the model throws, without a stack', async () => {
    const throwing = await startExplorer(await loadModel(`${FIXTURES}/throwing-handler.ts`, {}), { port: 0 });
    try {
      // The state where a handler throws still shows, with what went wrong.
      const before = await fetch(`${throwing.url}api/trace?path=0/0/0`);
      expect(before.status).toBe(200);
      expect(await before.json()).toMatchObject({
        path: '0/0/0',
        actions: [],
        actionsError: "node B's onMessage threw Error: ping 3 was not expected (while handling ping(n=3) from A)",
      });
      const bad = await fetch(`${throwing.url}api/trace?path=0/0/0/0`);
      const body = (await bad.json()) as { error: string };
      expect(bad.status).toBe(500);
      expect(body.error).toContain('ping 3 was not expected');
      expect(body.error).not.toMatch(/\n\s+at /);
    } finally {
      await throwing.close();
    }
  });

  it('serves on loopback addresses only', async () => {
    await expect(startExplorer(generals, { port: 0, host: '0.0.0.0' })).rejects.toThrow('0.0.0.0 is not a loopback address');
  });
});
