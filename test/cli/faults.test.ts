/**
 * `protocheck faults <model>`: the fault matrix, as a user runs it.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { protocol } from '../../src/protocol/protocol.ts';
import { specOf } from '../../src/protocol/protocol.ts';
import { withFaultClasses } from '../../src/protocol/faultClasses.ts';
import { twoGenerals, usualRule } from '../../models/two-generals.ts';
import { byzantineGenerals } from '../../models/byzantine-generals.ts';
import { protocheck, STACK_FRAME } from './cli.ts';

interface Row {
  faults: string[];
  fallacy: string;
  applicable: boolean;
  complete?: boolean;
  stats?: { distinctStates: number };
  properties?: { name: string; status: string; path?: string; replay?: string }[];
  error?: string;
}

describe('protocheck faults two-generals --continue', () => {
  const run = protocheck(['faults', 'two-generals', '--continue', '--format', 'json']);
  const doc = JSON.parse(run.stdout) as { model: string; budget: number; rows: Row[] };
  const row = (name: string): Row => doc.rows.find((r) => r.faults.join('+') === name)!;

  it('exits 1 (some cell fails) and has a row per fault class, the reliable baseline first', () => {
    expect(run.code).toBe(1);
    expect(doc).toMatchObject({ model: 'two-generals', budget: 1 });
    expect(doc.rows.map((r) => r.faults.join('+'))).toEqual([
      'none',
      'loss',
      'duplication',
      'reordering',
      'crash-stop',
      'crash-recovery',
      'partition',
      'byzantine',
    ]);
    expect(row('loss').fallacy).toBe('the network is reliable');
    expect(row('byzantine').fallacy).toBe('the network is secure (nodes lie)');
  });

  // Three messengers, one in flight at a time. Reliable and in order: per plan the K + 1 states
  // after 0..K deliveries, 8 in all; reordering changes nothing with one message in flight (8);
  // one loss adds a dead end after each of the K positions (4K + 2 = 14); one partition can
  // happen (and heal) at any of the K + 1 positions: 3 states per position, 24.
  it.each([
    ['none', 8, 'pass', 'pass'],
    ['loss', 14, 'fail', 'pass'],
    ['reordering', 8, 'pass', 'pass'],
    ['partition', 24, 'pass', 'pass'],
    ['duplication', 44, 'fail', 'fail'],
    ['crash-stop', 24, 'fail', 'fail'],
    ['crash-recovery', 32, 'pass', 'pass'],
    ['byzantine', 28, 'fail', 'fail'],
  ])('%s: %i states, agreement %s, validity %s', (faults, states, agreement, validity) => {
    const r = row(faults);
    expect(r.complete).toBe(true);
    expect(r.stats!.distinctStates).toBe(states);
    expect(r.properties!.map((p) => p.status)).toEqual([agreement, validity]);
    // The same cell computed directly agrees, breadth- and depth-first.
    const model = protocol(withFaultClasses(specOf(twoGenerals(3, usualRule(3)))!, faults === 'none' ? [] : [faults], 1));
    for (const strategy of ['bfs', 'dfs'] as const) {
      expect(check(model, { strategy, continueAfterFailure: true }).stats.distinctStates).toBe(states);
    }
  });

  it("a failing cell's pointer replays its counterexample under the same faults", () => {
    const cell = row('loss').properties!.find((p) => p.name === 'agreement')!;
    expect(cell.replay).toBe(`protocheck replay two-generals ${cell.path} --faults loss`);
    const replay = protocheck(['replay', 'two-generals', cell.path!, '--faults', 'loss']);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('the network loses messenger(n=3, plan=attack) from A to B');
    expect(replay.stdout).toContain('✗ agreement (final): violated at step 4');
  });
});

describe('protocheck faults: the text matrix and errors', () => {
  it('prints an aligned matrix with the fallacies and the replay commands', () => {
    const run = protocheck(['faults', 'two-generals']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^fault matrix: two-generals, each fault at most 1 time/);
    expect(run.stdout).toMatch(/\nloss +fail\* +\S+ +14\+? +the network is reliable/);
    expect(run.stdout).toContain('Counterexamples (* above), to replay:');
    expect(run.stdout).toContain('loss / agreement: protocheck replay two-generals');
  });

  it('--combine adds a combination; --format md prints Markdown', () => {
    const run = protocheck(['faults', 'two-generals', '--combine', 'loss+byzantine', '--format', 'md']);
    expect(run.stdout).toContain('| loss + byzantine |');
    expect(run.stdout).toContain('| faults | agreement | validity | states | fallacy it tests |');
  });

  it('a plain transition system is refused with a reason (exit 2)', () => {
    const run = protocheck(['faults', 'two-phase']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('faults needs a protocol model (made with protocol()), and two-phase is a plain transition system');
  });

  it('a property that reads a crashed node\'s state (null) says why, with the trace (exit 2)', () => {
    // The tutorial's properties read sys.state('client').done; crash-stop leaves the client null.
    const run = protocheck(['check', 'at-most-once', '--faults', 'crash-stop+loss', '--no-out']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('failed while evaluating a property "done"');
    expect(run.stderr).toContain('client crashes');
    expect(run.stderr).toContain('If a node had crashed: a crashed node that keeps no durable state has state null, so test sys.crashed(node)');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('the fault matrix gives the same hint in the rows where the model threw (exit 2)', () => {
    const run = protocheck(['faults', 'at-most-once']);
    expect(run.code).toBe(2);
    const errors = run.stdout.slice(run.stdout.indexOf('Errors (the model was not written for these faults):'));
    for (const row of ['crash-stop', 'crash-recovery']) {
      expect(errors).toMatch(new RegExp(`\\n  ${row}: the model threw: TypeError: Cannot read properties of null \\(reading 'done'\\).*If a node had crashed`));
    }
  });

  it('an unknown class in --combine or --faults names the classes', () => {
    const run = protocheck(['check', 'two-generals', '--faults', 'meteor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no fault class "meteor"');
    expect(run.stderr).toContain('loss+crash-stop');
  });
});

describe('protocheck faults byzantine-generals --continue (OM(1), 4 generals, a synchronous network)', () => {
  const run = protocheck(['faults', 'byzantine-generals', '--continue', '--format', 'json']);
  const doc = JSON.parse(run.stdout) as { rows: (Row & { notApplicable?: string })[] };
  const row = (name: string) => doc.rows.find((r) => r.faults.join('+') === name)!;

  it('reordering is n/a, and the matrix says why', () => {
    expect(row('reordering')).toMatchObject({ applicable: false, notApplicable: expect.stringContaining('synchronous network') });
    expect(row('reordering').properties).toBeUndefined();
    const text = protocheck(['faults', 'byzantine-generals', '--continue']);
    expect(text.stdout).toContain('n/a (reordering): a synchronous network delivers each round at once: there is no order to change');
  });

  // A crashed general is a faulty one, as in the paper: OM(1) with 4 generals survives it as it
  // survives a traitor, while a restart that forgets what was received, or a partition, breaks it.
  it.each([
    ['none', 6, 'pass', 'pass'],
    ['crash-stop', 42, 'pass', 'pass'],
    ['crash-recovery', 103, 'fail', 'fail'],
    ['partition', 136, 'fail', 'fail'],
    ['byzantine', 134, 'pass', 'pass'],
  ])('%s: %i states, IC1 %s, IC2 %s (breadth first = depth first)', (faults, states, ic1, ic2) => {
    const r = row(faults);
    expect(r.error).toBeUndefined();
    expect(r.stats!.distinctStates).toBe(states);
    expect(r.properties!.map((p) => p.status)).toEqual([ic1, ic2]);
    const model = protocol(withFaultClasses(specOf(byzantineGenerals(4, 1, 'OM', 1))!, faults === 'none' ? [] : [faults], 1));
    expect(check(model, { strategy: 'dfs', continueAfterFailure: true }).stats.distinctStates).toBe(states);
  });
});
