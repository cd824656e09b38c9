/**
 * The view model of a trace: lanes, arrows from send to end, faults as marks and bands, the
 * failing step. Exact data for the counterexamples the README and the lectures use, each checked
 * against the text trace by hand (steps count from 0 here: the text's step 1 is index 0).
 */
import { describe, expect, it } from 'vitest';
import { sequenceView, type TraceInput } from '../../src/render/sequence/sequenceView.ts';
import { arrowFacts, counterexampleView, pathTrace } from './traces.ts';

describe('Two Generals: the last messenger is captured', () => {
  it('two lanes, two deliveries zig-zagging, the third messenger dropped mid-way, agreement failing at the drop', async () => {
    const view = await counterexampleView('two-generals');
    expect(view.title).toBe('two-generals: agreement fails');
    expect(view.path).toBe('0/0/0/1');
    expect(view.protocol).toBe(true);
    expect(view.lanes.map((l) => [l.name, l.byzantine, l.crashedAtEnd, l.final])).toEqual([
      ['A', false, false, { plan: 'attack', received: 1 }],
      ['B', false, false, { plan: 'attack', received: 1 }],
    ]);
    expect(arrowFacts(view)).toEqual([
      'm1 A->B messenger(n=1, plan=attack) sent 0 delivered 1',
      'm2 B->A messenger(n=2, plan=attack) sent 1 delivered 2',
      'm3 A->B messenger(n=3, plan=attack) sent 2 dropped 3',
    ]);
    expect(view.marks).toEqual([]);
    expect(view.bands).toEqual([]);
    expect(view.verdicts).toEqual([
      {
        step: 3,
        property: 'agreement',
        fails: true,
        text: '✗ agreement fails here',
        description: 'both generals decide the same',
        observed: '{A decides: attack, B decides: retreat}',
      },
    ]);
    expect(view.steps.map((s) => s.kind)).toEqual(['init', 'deliver', 'deliver', 'drop']);
    expect(view.steps[3]!.changes).toEqual(['network − A→B messenger(n=3, plan=attack)', 'faults = {drops: 1}']);
  });
});

describe('alternating bit over a reordering link: a stale retransmission is accepted', () => {
  it('the copy the timer resent at step 2 arrives last, at step 5, where "in order" fails; the acks are still in flight', async () => {
    const view = await counterexampleView('alternating-bit', { order: 'unordered' });
    expect(view.lanes.map((l) => l.name)).toEqual(['sender', 'receiver']);
    expect(arrowFacts(view)).toEqual([
      'm1 sender->receiver data(bit=0, value=0) sent 0 delivered 1',
      'm2 receiver->sender ack(bit=0) sent 1 delivered 3',
      'm3 sender->receiver data(bit=0, value=0) sent 2 delivered 5',
      'm4 sender->receiver data(bit=1, value=1) sent 3 delivered 4',
      'm5 receiver->sender ack(bit=1) sent 4 in-flight',
      'm6 receiver->sender ack(bit=0) sent 5 in-flight',
    ]);
    expect(view.marks).toEqual([{ step: 2, lane: 'sender', kind: 'timer', label: 'retransmit', detail: 'timer retransmit fires at sender' }]);
    expect(view.verdicts.map((v) => [v.step, v.property, v.fails])).toEqual([[5, 'in order', true]]);
    expect(view.lanes[1]!.decisions).toEqual([0, 1, 0]);
  });

  it('a duplicate is a second arrow from the same send, made at the duplicating step', async () => {
    const view = sequenceView(await pathTrace('alternating-bit', { order: 'unordered', duplicates: 1 }, '0/0/3/0/1/1/0/1'), 'abp');
    expect(view.steps[2]!.kind).toBe('duplicate');
    expect(arrowFacts(view)).toEqual([
      'm1 sender->receiver data(bit=0, value=0) sent 0 delivered 1',
      'm2 receiver->sender ack(bit=0) sent 1 delivered 3',
      'm3 receiver->sender ack(bit=0) sent 1 delivered 6 copy of m2 made at 2',
      'm4 sender->receiver data(bit=1, value=1) sent 3 delivered 4',
      'm5 receiver->sender ack(bit=1) sent 4 delivered 5',
      'm6 sender->receiver data(bit=0, value=2) sent 5 dropped 7',
    ]);
  });
});

describe('Byzantine Generals, n = 3: a traitor lieutenant lies', () => {
  it('L1 is marked Byzantine; its relay to L2 is a lie with the truth it hides; rounds deliver together', async () => {
    const view = await counterexampleView('byzantine-generals', { n: 3 });
    expect(view.lanes.map((l) => [l.name, l.byzantine])).toEqual([
      ['C', false],
      ['L1', true],
      ['L2', false],
    ]);
    expect(arrowFacts(view)).toEqual([
      'm1 C->L1 order(path=[C], value=attack) sent 0 delivered 1',
      'm2 C->L2 order(path=[C], value=attack) sent 0 delivered 1',
      'm3 L2->L1 order(path=[C, L2], value=attack) sent 1 delivered 3',
      'm4 L1->L2 order(path=[C, L1], value=retreat) sent 2 delivered 3 byzantine lie (truth order(path=[C, L1], value=attack))',
    ]);
    expect(view.steps.map((s) => s.kind)).toEqual(['init', 'round', 'byzantine', 'round']);
    expect(view.verdicts.map((v) => [v.step, v.property, v.observed])).toEqual([[3, 'IC2', '{L2 obeys: retreat}']]);
  });
});

describe('two-phase commit with a coordinator crash', () => {
  it('the crash is a mark on the coordinator lane, which is down to the end; the votes never arrive', async () => {
    const view = await counterexampleView('two-phase-commit', { crash: true });
    expect(view.lanes.map((l) => [l.name, l.crashedAtEnd, l.down])).toEqual([
      ['coordinator', true, [{ from: 4 }]],
      ['p1', false, []],
      ['p2', false, []],
      ['p3', false, []],
    ]);
    expect(view.marks).toEqual([{ step: 4, lane: 'coordinator', kind: 'crash', label: 'crash', detail: 'coordinator crashes' }]);
    expect(arrowFacts(view)).toEqual([
      'm1 coordinator->p1 prepare sent 0 delivered 1',
      'm2 coordinator->p2 prepare sent 0 delivered 3',
      'm3 coordinator->p3 prepare sent 0 delivered 2',
      'm4 p1->coordinator vote(vote=yes) sent 1 in-flight',
      'm5 p3->coordinator vote(vote=yes) sent 2 in-flight',
      'm6 p2->coordinator vote(vote=yes) sent 3 in-flight',
    ]);
    expect(view.verdicts.map((v) => [v.step, v.property])).toEqual([[4, 'all decide']]);
  });

  it('a recovery ends the down interval; what the recovered coordinator sends again are new arrows', async () => {
    const trace = await pathTrace('two-phase-commit', {}, '0/0/0/1/3/0/0/1/2/3', 'partition+crash-recovery');
    const view = sequenceView(trace, '2pc');
    expect(view.marks.map((m) => [m.step, m.lane, m.kind])).toEqual([
      [4, 'coordinator', 'crash'],
      [5, 'coordinator', 'recover'],
    ]);
    expect(view.lanes[0]!.down).toEqual([{ from: 4, to: 5 }]);
    expect(arrowFacts(view).filter((a) => a.includes('sent 5'))).toEqual([
      'm7 coordinator->p1 prepare sent 5 in-flight',
      'm8 coordinator->p2 prepare sent 5 in-flight',
      'm9 coordinator->p3 prepare sent 5 delivered 7',
    ]);
  });
});

describe('partitions, losses in a round, networks that keep messages', () => {
  it('a partition is a band from the split to the heal, with its sides; a message waits it out', async () => {
    const view = sequenceView(await pathTrace('two-generals', {}, '0/1/0/0/0', 'partition'), 'tg');
    expect(view.bands).toEqual([{ from: 1, to: 2, sides: [['A'], ['B']], label: 'partition {A} | {B}' }]);
    expect(arrowFacts(view)).toEqual([
      'm1 A->B messenger(n=1, plan=attack) sent 0 delivered 3',
      'm2 B->A messenger(n=2, plan=attack) sent 3 delivered 4',
      'm3 A->B messenger(n=3, plan=attack) sent 4 in-flight',
    ]);
  });

  const msg = { type: 'ping' };
  const state = (network: unknown[], extra: Record<string, unknown> = {}) => ({ nodes: { A: 0, B: 0 }, network, ...extra });
  const env = { from: 'A', to: 'B', message: msg };

  it('a round loses what it cannot deliver (a crashed recipient) and delivers the rest', () => {
    const trace: TraceInput = {
      steps: [
        { action: { kind: 'init', label: 'initial state' }, state: state([env, { from: 'B', to: 'A', message: msg }]) },
        { action: { kind: 'crash', label: 'B crashes', node: 'B' }, state: state([env, { from: 'B', to: 'A', message: msg }], { crashed: ['B'] }) },
        { action: { kind: 'round', label: 'round 1: 1 message arrives' }, state: state([], { crashed: ['B'] }) },
      ],
    };
    const view = sequenceView(trace, 'rounds');
    expect(arrowFacts(view)).toEqual(['m1 A->B ping sent 0 lost 2', 'm2 B->A ping sent 0 delivered 2']);
    expect(view.lanes.map((l) => [l.name, l.down, l.crashedAtEnd])).toEqual([
      ['A', [], false],
      ['B', [{ from: 1 }], true],
    ]);
  });

  it('a network that keeps messages in flight delivers one send several times: one arrow per delivery, none left over', () => {
    const deliver = { kind: 'deliver', label: 'B receives ping from A', ...env };
    const trace: TraceInput = {
      steps: [
        { action: { kind: 'init', label: 'initial state' }, state: state([env]) },
        { action: deliver, state: state([env]) },
        { action: deliver, state: state([env]) },
      ],
    };
    expect(arrowFacts(sequenceView(trace, 'dup'))).toEqual(['m1 A->B ping sent 0 delivered 1', 'm2 A->B ping sent 0 delivered 2 copy of m1']);
  });

  it('a Byzantine node that withholds a message gets a mark on its lane', () => {
    const trace: TraceInput = {
      steps: [
        { action: { kind: 'init', label: 'initial state' }, state: state([]) },
        { action: { kind: 'byzantine', label: 'A (Byzantine) withholds ping from B', from: 'A', to: 'B', node: 'A', withheld: true, truth: msg }, state: state([]) },
      ],
    };
    expect(sequenceView(trace, 'w').marks).toEqual([{ step: 1, lane: 'A', kind: 'withhold', label: 'withholds ping from B', detail: 'A (Byzantine) withholds ping from B' }]);
  });
});

describe('plain transition systems and lassos', () => {
  it('a model without nodes has no lanes: the steps with their changes are the picture', async () => {
    const view = sequenceView(await pathTrace('two-phase', {}, '0/1/0'), 'two-phase');
    expect(view.protocol).toBe(false);
    expect(view.lanes).toEqual([]);
    expect(view.arrows).toEqual([]);
    expect(view.steps).toHaveLength(3);
    expect(view.steps[1]!.changes.length).toBeGreaterThan(0);
  });

  it('a lasso keeps where its cycle starts; verdicts outside the trace are ignored', () => {
    const steps = [0, 1, 2].map((i) => ({ action: { kind: 'action', label: `step ${i}` }, state: { n: i % 2 } }));
    const view = sequenceView({ steps, loop: 0 }, 'loop', [
      { step: 2, property: 'p', fails: true, text: '↺ back to step 1' },
      { step: 9, property: 'q', fails: true },
    ]);
    expect(view.loop).toBe(0);
    expect(view.verdicts.map((v) => v.text)).toEqual(['↺ back to step 1']);
  });
});
