/**
 * `protocheck check`: verdicts, counterexamples, the JSON report and the exit codes of the
 * contract (0 pass, 1 fail, 2 usage or model error, 3 cut by a bound).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { json, protocheck, STACK_FRAME, stepLines, type Run } from './cli.ts';

describe('check models/two-generals.ts (agreement fails: the last messenger is lost)', () => {
  let text: Run;
  let report: Run;
  beforeAll(() => {
    text = protocheck(['check', 'models/two-generals.ts', '--no-out']);
    report = protocheck(['check', 'models/two-generals.ts', '--no-out', '--format', 'json']);
  });

  it('exits 1 and says agreement fails', () => {
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^two-generals \(rounds=3, rule=usual\)$/m);
    expect(text.stdout).toMatch(/✗ agreement\s+final\s+fail/);
    expect(text.stdout).toContain('agreement fails: both generals decide the same. Counterexample, 4 steps:');
  });

  it('prints a numbered counterexample whose last step loses messenger 3', () => {
    const steps = stepLines(text.stdout);
    expect(steps).toHaveLength(4);
    expect(steps[0]).toBe('1. initial state: A chooses plan = attack');
    expect(steps[1]).toBe('2. B receives messenger(n=1, plan=attack) from A');
    expect(steps[2]).toBe('3. A receives messenger(n=2, plan=attack) from B');
    expect(steps[3]).toMatch(/^4\. the network loses messenger\(n=3, plan=attack\) from A to B\s+✗ agreement fails here$/);
  });

  it('prints the command that replays the counterexample', () => {
    expect(text.stdout).toMatch(/^\s+Replay: protocheck replay models\/two-generals\.ts 0\/0\/0\/1$/m);
  });

  it('--format json prints exactly one JSON document with the contract fields', () => {
    expect(report.code).toBe(1);
    const r = json(report);
    expect(r.model).toBe('two-generals');
    expect(r.params).toEqual({ rounds: 3, rule: 'usual' });
    expect(r.complete).toBe(false); // it stopped at the first failure
    for (const field of ['distinctStates', 'transitions', 'maxDepth', 'seconds']) expect(typeof r.stats[field]).toBe('number');
    expect(r.stats.maxDepth).toBeGreaterThanOrEqual(4);
    expect(r.properties.map((p: any) => [p.name, p.kind, p.status])).toEqual([
      ['agreement', 'final', 'fail'],
      ['validity', 'final', 'unknown'],
    ]);
  });

  it('the JSON counterexample starts with init and ends with the drop of messenger 3', () => {
    const trace = json(report).properties[0].trace;
    expect(trace.path).toBe('0/0/0/1');
    expect(trace.steps).toHaveLength(4);
    for (const step of trace.steps) {
      expect(typeof step.action.kind).toBe('string');
      expect(typeof step.action.label).toBe('string');
      expect(step.state).toBeTypeOf('object');
    }
    expect(trace.steps[0].action).toEqual({ kind: 'init', label: 'initial state: A chooses plan = attack' });
    expect(trace.steps[0].state.nodes).toEqual({ A: { plan: 'attack', received: 0 }, B: { plan: null, received: 0 } });
    expect(trace.steps.at(-1).action).toMatchObject({
      kind: 'drop',
      from: 'A',
      to: 'B',
      message: { type: 'messenger', n: 3, plan: 'attack' },
    });
    expect(trace.steps.at(-1).state.network).toEqual([]);
  });
});

describe('check two-generals --param rounds=K: K messengers, a K+1-step counterexample ending in a drop', () => {
  it.each([1, 2, 3, 4, 5, 6])('rounds=%i', (k) => {
    const run = protocheck(['check', 'two-generals', '--param', `rounds=${k}`, '--format', 'json', '--no-out']);
    expect(run.code).toBe(1);
    const r = json(run);
    expect(r.params.rounds).toBe(k);
    const agreement = r.properties.find((p: any) => p.name === 'agreement');
    expect(agreement.status).toBe('fail');
    expect(agreement.trace.steps).toHaveLength(k + 1);
    expect(agreement.trace.steps[0].action.kind).toBe('init');
    const last = agreement.trace.steps.at(-1).action;
    expect(last.kind).toBe('drop');
    expect(last.message.n).toBe(k);
    expect([last.from, last.to]).toEqual(k % 2 === 1 ? ['A', 'B'] : ['B', 'A']);
  });
});

describe('check --continue: every property gets a verdict', () => {
  it('two-generals: agreement fail, validity pass, complete search', () => {
    const run = protocheck(['check', 'two-generals', '--continue', '--format', 'json', '--no-out']);
    expect(run.code).toBe(1);
    const r = json(run);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(14);
    expect(r.properties.map((p: any) => [p.name, p.status])).toEqual([
      ['agreement', 'fail'],
      ['validity', 'pass'],
    ]);
  });
});

describe('check two-phase: exit 0 when complete and passing, 3 when a bound cuts it', () => {
  it('check two-phase → exit 0, 288 states, both properties pass', () => {
    const run = protocheck(['check', 'two-phase', '--no-out']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ consistent\s+always\s+pass/);
    expect(run.stdout).toMatch(/✓ can commit\s+sometimes\s+pass/);
    expect(run.stdout).toMatch(/search complete: 288 states, 1,145 transitions, depth 11/);
  });

  it.each([
    [['--max-states', '50'], 'max-states'],
    [['--max-depth', '3'], 'max-depth'],
    // The timeout is looked at every 1,024 states: 6 RMs (50,816 states) is big enough to be cut.
    [['--param', 'rms=6', '--timeout', '0.001'], 'timeout'],
  ])('check two-phase %j → exit 3, complete false, every property unknown (never pass)', (bound, cut) => {
    const run = protocheck(['check', 'two-phase', ...bound, '--format', 'json', '--no-out']);
    expect(run.code).toBe(3);
    const r = json(run);
    expect(r.complete).toBe(false);
    expect(r.cut).toBe(cut);
    expect(r.properties.map((p: any) => p.status)).toEqual(['unknown', 'unknown']);
    if (cut === 'max-states') expect(r.stats.distinctStates).toBe(50);
    if (cut === 'max-depth') expect(r.stats.maxDepth).toBe(3);
  });

  it('the text says which bound cut the search', () => {
    const run = protocheck(['check', 'two-phase', '--max-states', '50', '--no-out']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/\? consistent\s+always\s+unknown/);
    expect(run.stdout).toContain('search cut by --max-states: 50 states');
  });
});

describe('check --strategy', () => {
  it('dfs explores the same 288 two-phase states and passes (exit 0)', () => {
    const run = protocheck(['check', 'two-phase', '--strategy', 'dfs', '--format', 'json', '--no-out']);
    expect(run.code).toBe(0);
    const r = json(run);
    expect(r.strategy).toBe('dfs');
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(288);
  });

  it('dfs finds an agreement counterexample in two-generals (exit 1) ending in a drop', () => {
    const run = protocheck(['check', 'two-generals', '--strategy', 'dfs', '--format', 'json', '--no-out']);
    expect(run.code).toBe(1);
    const agreement = json(run).properties[0];
    expect(agreement.status).toBe('fail');
    expect(agreement.trace.steps.at(-1).action.kind).toBe('drop');
  });
});

describe('check --frontier', () => {
  it('objects finds the same 288 two-phase states and depth as the default encoded frontier', () => {
    const [encoded, objects] = ['encoded', 'objects'].map((f) => json(protocheck(['check', 'two-phase', '--frontier', f, '--format', 'json', '--no-out'])));
    expect(objects.stats.distinctStates).toBe(288);
    expect(encoded.stats.distinctStates).toBe(288);
    expect(objects.stats.maxDepth).toBe(encoded.stats.maxDepth);
  });
});

describe('usage errors: exit 2, a clear message on stderr, nothing on stdout', () => {
  it.each([
    [['--strategy', 'xyz'], '--strategy xyz: use bfs (shortest counterexamples) or dfs'],
    [['--frontier', 'bytes'], '--frontier bytes: use encoded (compact, the default) or objects'],
    [['--bogus'], "unknown option '--bogus'"],
    [['--param', 'nosuch=1'], 'model two-generals has no parameter "nosuch": its parameters are rounds, rule'],
    [['--param', 'rounds=0'], 'parameter rounds of model two-generals must be at least 1, not 0'],
    [['--param', 'rounds'], '--param rounds: write it as name=value'],
    [['--format', 'xml'], '--format xml: use text or json'],
    [['--max-states', 'lots'], '--max-states lots: give a positive whole number'],
  ])('check two-generals %j', (args, message) => {
    const run = protocheck(['check', 'two-generals', ...args, '--no-out']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('check with no model → exit 2', () => {
    const run = protocheck(['check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required argument 'model'");
  });
});
