import { List, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check, final, protocol, sometimes, type Faults, type NodeDef, type System } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';

type Msg = { readonly type: 'm'; readonly n: number };
type Received = List<number>;

/** A sends m1 then m2 to B at start-up; B records what arrives, in order. */
function twoMessages(order: 'unordered' | 'fifo', faults: Faults = {}) {
  const A: NodeDef<Received, Msg> = {
    init(ctx) {
      ctx.send('B', { type: 'm', n: 1 });
      ctx.send('B', { type: 'm', n: 2 });
      return List();
    },
  };
  const B: NodeDef<Received, Msg> = { init: () => List(), onMessage: (s, msg) => s.push(msg.n) };
  const got = (sys: System<Received, Msg>) => sys.state('B').toArray().join(',');
  return protocol<Received, Msg>({
    name: 'two-messages',
    nodes: { A, B },
    network: { order },
    faults,
    properties: [
      sometimes('reordered', (sys) => got(sys) === '2,1'),
      sometimes('received twice', (sys) => /1.*1|2.*2/.test(got(sys))),
      final('all arrive', (sys) => sys.state('B').size === 2),
    ],
  });
}

const statuses = (r: ReturnType<typeof check>) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));

describe('network semantics', () => {
  // (received, in flight): ([],{1,2}) ([1],{2}) ([2],{1}) ([1,2],{}) ([2,1],{})
  it('unordered: either message may arrive first (5 states)', () => {
    const r = check(twoMessages('unordered'), { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(5);
    expect(statuses(r)).toEqual({ reordered: 'pass', 'received twice': 'fail', 'all arrive': 'pass' });
  });

  it('fifo: only in order (3 states)', () => {
    const r = check(twoMessages('fifo'), { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(3);
    expect(statuses(r)['reordered']).toBe('fail');
  });

  // The 5 above plus ([],{2}) ([],{1}) ([],{}) ([1],{}) ([2],{}): the drop count is determined by
  // the rest, so counting drops adds no states; a budget of 1 removes ([],{}).
  it.each([
    [true, 10],
    [2, 10],
    [1, 9],
  ] as const)('drop %s: %i states, and a lost message shows in final states', (drop, states) => {
    const r = check(twoMessages('unordered', { drop }), { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(states);
    expect(statuses(r)['all arrive']).toBe('fail');
    const counterexample = r.properties.find((p) => p.name === 'all arrive')!;
    const steps = replay(twoMessages('unordered', { drop }), counterexample.path!).steps;
    // Shortest: a final state needs both messages gone; BFS tries deliveries before drops.
    expect(steps.map((s) => s.action.kind)).toEqual(['init', 'deliver', 'drop']);
    expect(steps[2]!.action).toMatchObject({ from: 'A', to: 'B', message: { type: 'm', n: 2 } });
  });

  // Worked out by hand: 5 states without a copy, 18 with one (see the list in the commit).
  it('duplicate 1: a message may arrive twice (23 states)', () => {
    const r = check(twoMessages('unordered', { duplicate: 1 }), { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(23);
    expect(statuses(r)['received twice']).toBe('pass');
    const witness = r.properties.find((p) => p.name === 'received twice')!;
    const kinds = replay(twoMessages('unordered', { duplicate: 1 }), witness.path!).steps.map((s) => s.action.kind);
    expect(kinds).toEqual(['init', 'duplicate', 'deliver', 'deliver']);
  });

  it('fifo duplicate puts the copy next to the original', () => {
    const r = check(twoMessages('fifo', { duplicate: 1 }), { continueAfterFailure: true });
    expect(statuses(r)).toMatchObject({ reordered: 'fail', 'received twice': 'pass' });
    // ([],[1,2]) ([1],[2]) ([1,2],[]) · ([],[1,1,2]) ([],[1,2,2]) ([1],[1,2]) ([1],[2,2]) ([1,1],[2]) ([1,2],[2]) ([1,1,2]) ([1,2,2])
    expect(r.stats.distinctStates).toBe(11);
  });
});

describe('duplicating network', () => {
  type Seen = import('immutable').Set<number>;
  const model = (drop: boolean) =>
    protocol<Seen, Msg>({
      name: 'dup-net',
      nodes: {
        A: { init: (ctx) => (ctx.send('B', { type: 'm', n: 1 }), ctx.send('B', { type: 'm', n: 2 }), ISet<number>()) },
        B: { init: () => ISet<number>(), onMessage: (s, msg) => s.add(msg.n) },
      },
      network: { order: 'duplicating' },
      faults: drop ? { drop: true } : {},
      properties: [final('both seen', (sys) => sys.state('B').size === 2)],
    });

  // Messages stay in flight: B's set is {}, {1}, {2} or {1, 2}; receiving again is stuttering.
  it('keeps messages in flight: 4 states, and redelivery changes nothing', () => {
    const r = check(model(false), { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ distinctStates: 4, finalStates: 1 });
    expect(r.properties[0]!.status).toBe('pass');
    const { steps } = replay(model(false), [0, 0, 0]);
    expect(steps[2]!.state).toBe(steps[1]!.state);
  });

  // With drops: (B's set) × (which of the two messages are still in flight).
  it('a drop removes a message for good', () => {
    const r = check(model(true), { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(16);
    expect(r.properties[0]!.status).toBe('fail');
  });
});
