/**
 * Synchronous networks (`network: { order: 'synchronous' }`): lock-step rounds. One `round` step
 * delivers every message in flight (by recipient in node order, then by message key, then by
 * sender), then runs every running node's `onRound`; what the handlers send travels in the next
 * round. Counts and traces are reasoned out by hand in the comments.
 */
import { List } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, protocol, sometimes, type Faults, type Model, type NodeDef } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';
import type { Step } from '../../src/protocol/steps.ts';
import type { SysState } from '../../src/protocol/SysState.ts';

type Msg = { readonly type: 'm'; readonly n: number };
type Log = List<string>;
const m = (n: number): Msg => ({ type: 'm', n });

/** The steps enabled in `state`, in words, with the states they lead to. */
function enabled(model: Model<SysState, Step>, state: SysState) {
  const out: Step[] = [];
  model.actions(state, out);
  return out.map((a) => {
    const next = model.next(state, a)!;
    return { info: model.describe!(a, state, next), next };
  });
}

/** Every node appends `r<round>` to its log at the end of each round. */
const onRound = (s: Log, round: number): Log => s.push(`r${round}`);
/** Appends `<sender>:<n>` for each message. */
const record = (s: Log, msg: Msg, from: string): Log => s.push(`${from}:${msg.n}`);

/**
 * Round 1 carries A's m(2), m(1), m(5) twice (to B) and B's m(1) (to C); B answers each m(5)
 * with m(6) to C, which travels in round 2.
 */
function relay() {
  const A: NodeDef<Log, Msg> = {
    init(ctx) {
      ctx.send('C', m(2)); // sent before m(1), yet m(1) arrives first: key order, not send order
      ctx.send('C', m(1));
      ctx.send('B', m(5));
      ctx.send('B', m(5));
      return List();
    },
    onRound,
  };
  const B: NodeDef<Log, Msg> = {
    init(ctx) {
      ctx.send('C', m(1));
      return List();
    },
    onMessage(s, msg, from, ctx) {
      ctx.send('C', m(msg.n + 1));
      return record(s, msg, from);
    },
    onRound,
  };
  const C: NodeDef<Log, Msg> = { init: () => List(), onMessage: record, onRound };
  return protocol<Log, Msg>({
    name: 'relay',
    nodes: { A, B, C },
    network: { order: 'synchronous' },
    properties: [
      always('at most 2 rounds', (sys) => sys.round <= 2),
      sometimes('round 2 done', (sys) => sys.round === 2),
      sometimes('round 3 done', (sys) => sys.round === 3),
    ],
  });
}

describe('synchronous rounds', () => {
  // One run: the initial state, after round 1, after round 2 (nothing left in flight: final).
  it('a round delivers everything in flight; sends travel in the next round (3 states)', () => {
    const model = relay();
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ initialStates: 1, distinctStates: 3, transitions: 2, finalStates: 1 });
    expect(r.properties.map((p) => p.status)).toEqual(['pass', 'pass', 'fail']);
    const { steps } = replay(model, [0, 0, 0]);
    expect(steps.map((s) => s.action)).toEqual([
      { kind: 'init', label: 'initial state' },
      { kind: 'round', label: 'round 1: 5 messages arrive' },
      { kind: 'round', label: 'round 2: 2 messages arrive' },
    ]);
    const json = steps.map((s) => model.toJSON!(s.state) as { nodes: Record<string, string[]>; network: unknown[]; round: number });
    expect(json.map((j) => j.round)).toEqual([0, 1, 2]);
    // Round 1: B gets both copies of m(5) (recipient B before C); C gets m(1) from A, m(1) from
    // B (same key: sender order), then m(2); onRound after the messages. B's two m(6) wait.
    expect(json[1]!.nodes).toEqual({ A: ['r1'], B: ['A:5', 'A:5', 'r1'], C: ['A:1', 'B:1', 'A:2', 'r1'] });
    expect(json[1]!.network).toEqual([
      { from: 'B', to: 'C', message: m(6) },
      { from: 'B', to: 'C', message: m(6) },
    ]);
    expect(json[2]!.nodes).toEqual({ A: ['r1', 'r2'], B: ['A:5', 'A:5', 'r1', 'r2'], C: ['A:1', 'B:1', 'A:2', 'r1', 'B:6', 'B:6', 'r2'] });
    expect(json[2]!.network).toEqual([]);
    // With nothing in flight there is no round: the run ends (onRound does not run on its own).
    expect(enabled(model, steps[2]!.state)).toEqual([]);
    // Before round 1 only the round step is enabled: no single deliveries on this network.
    expect(enabled(model, steps[0]!.state).map((a) => a.info.kind)).toEqual(['round']);
  });

  it('sys.round stays 0 on other networks, and their states show no round', () => {
    const model = protocol<Log, Msg>({
      name: 'unordered',
      nodes: { A: { init: (ctx) => (ctx.send('B', m(1)), List()), onRound }, B: { init: () => List(), onMessage: record, onRound } },
      properties: [always('no rounds', (sys) => sys.round === 0)],
    });
    const r = check(model, { continueAfterFailure: true });
    // Initial, delivered: onRound never runs.
    expect(r.stats.distinctStates).toBe(2);
    expect(r.properties[0]!.status).toBe('pass');
    const { steps } = replay(model, [0, 0]);
    expect(steps[1]!.action.label).toBe('B receives m(n=1) from A');
    expect(model.toJSON!(steps[1]!.state)).toEqual({ nodes: { A: [], B: ['A:1'] }, network: [] });
  });
});

describe('faults at a round', () => {
  /** A sends m(1) to B and to C at start-up; everyone logs messages and rounds. */
  const fanOut = (faults: Faults, names: readonly string[] = ['A', 'B', 'C']) => {
    const node: NodeDef<Log, Msg> = { init: () => List(), onMessage: record, onRound };
    const A: NodeDef<Log, Msg> = {
      init(ctx) {
        for (const p of ctx.peers) ctx.send(p, m(1));
        return List();
      },
      onRound,
    };
    return protocol<Log, Msg>({
      name: 'fan-out',
      nodes: Object.fromEntries(names.map((n) => [n, n === 'A' ? A : node])),
      network: { order: 'synchronous' },
      faults,
      properties: [],
    });
  };

  // S0 -round-> S1 -crash B-> X;  S0 -crash B-> S0c -round-> X: the message to B is lost and B's
  // onRound does not run, so both ways end in the same X (A [r1], B null, C [A:1, r1]).
  it('a message to a crashed node is lost at the round (4 states, 4 transitions)', () => {
    const model = fanOut({ crash: { max: 1, nodes: ['B'] } });
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ distinctStates: 4, transitions: 4, finalStates: 1 });
    const s0 = model.initialStates()[0]!;
    expect(enabled(model, s0).map((a) => a.info.label)).toEqual(['round 1: 2 messages arrive', 'B crashes']);
    const crashed = enabled(model, s0)[1]!.next;
    const [round] = enabled(model, crashed);
    expect(round!.info).toEqual({ kind: 'round', label: 'round 1: 1 message arrives' });
    expect(model.toJSON!(round!.next)).toMatchObject({ nodes: { A: ['r1'], B: null, C: ['A:1', 'r1'] }, network: [], crashed: ['B'], round: 1 });
  });

  // S0 (split? no, round 0), S1 (delivered), S1p, S1h; S0p, S0p-round (lost: round 1 with 0
  // arrivals), its heal; S0h, whose round leads to S1h. 8 states, 8 transitions.
  it('a message across a partition is lost at the round (8 states)', () => {
    const model = fanOut({ partition: 1 }, ['A', 'B']);
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ distinctStates: 8, transitions: 8 });
    const s0 = model.initialStates()[0]!;
    const split = enabled(model, s0).find((a) => a.info.kind === 'partition')!;
    expect(split.info.label).toBe('the network splits into {A} | {B}');
    expect(enabled(model, split.next).map((a) => a.info.label)).toEqual(['round 1: 0 messages arrive', 'the partition heals']);
    const lost = enabled(model, split.next)[0]!.next;
    expect(model.toJSON!(lost)).toMatchObject({ nodes: { A: ['r1'], B: ['r1'] }, network: [], round: 1 });
  });

  // (B's log, in flight, drops): S0 ([], {1,2}, 0); round: ([1,2], {}, 0); drop one: ([], {2}, 1),
  // ([], {1}, 1); their rounds: ([2], {}, 1), ([1], {}, 1). 6 states, 5 transitions.
  it('a drop before the round: 6 states', () => {
    const model = protocol<Log, Msg>({
      name: 'two',
      nodes: { A: { init: (ctx) => (ctx.send('B', m(1)), ctx.send('B', m(2)), List()) }, B: { init: () => List(), onMessage: record } },
      network: { order: 'synchronous' },
      faults: { drop: 1 },
      properties: [],
    });
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ distinctStates: 6, transitions: 5 });
    expect(enabled(model, model.initialStates()[0]!).map((a) => a.info.kind)).toEqual(['round', 'drop', 'drop']);
  });
});

describe('choices inside a round', () => {
  // B (node 1) gets m(2) and chooses x of 2, C (node 2) gets m(1) and chooses y of 3, then A's
  // onRound chooses z of 2: 12 round steps to 12 states, 13 with the initial one. The notes
  // follow the order of the round: recipients in node order (B before C, although C's message
  // has the smaller key), onRound last (A's, although A is node 0).
  it('multiply into separate round steps (12 steps, 13 states)', () => {
    const model = protocol<unknown, Msg>({
      name: 'choices',
      nodes: {
        A: { init: (ctx) => (ctx.send('B', m(2)), ctx.send('C', m(1)), 0), onRound: (_s, _r, ctx) => ctx.choose(['p', 'q'], 'z') },
        B: { init: () => 0, onMessage: (_s, _m, _f, ctx) => ctx.choose([1, 2], 'x') },
        C: { init: () => 0, onMessage: (_s, _m, _f, ctx) => ctx.choose([1, 2, 3], 'y') },
      },
      network: { order: 'synchronous' },
      properties: [sometimes('2, 3, q', (sys) => sys.state('B') === 2 && sys.state('C') === 3 && sys.state('A') === 'q')],
    });
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ distinctStates: 13, transitions: 12 });
    expect(r.properties[0]!.status).toBe('pass');
    const steps = enabled(model, model.initialStates()[0]!);
    expect(steps).toHaveLength(12);
    expect(steps.every((s) => s.info.kind === 'round')).toBe(true);
    expect(steps[0]!.info.label).toBe('round 1: 2 messages arrive (B chooses x = 1; C chooses y = 1; A chooses z = p)');
    expect(steps[1]!.info.label).toBe('round 1: 2 messages arrive (B chooses x = 1; C chooses y = 1; A chooses z = q)');
    expect(steps[11]!.info.label).toBe('round 1: 2 messages arrive (B chooses x = 2; C chooses y = 3; A chooses z = q)');
    expect(model.toJSON!(steps[11]!.next)).toMatchObject({ nodes: { A: 'q', B: 2, C: 3 }, round: 1 });
  });
});

describe('onRound', () => {
  // A's onRound records the round number and, in its first two rounds, sends B m(round), so
  // there is a next round: rounds 1, 2, 3, then nothing is in flight. B logs m(0), m(1), m(2).
  it('runs after each round with its number (4 states)', () => {
    const model = protocol<List<number>, Msg>({
      name: 'countdown',
      nodes: {
        A: {
          init: (ctx) => (ctx.send('B', m(0)), List()),
          onRound(s, round, ctx) {
            if (s.size < 2) ctx.send('B', m(round));
            return s.push(round);
          },
        },
        B: { init: () => List(), onMessage: (s, msg) => s.push(msg.n) },
      },
      network: { order: 'synchronous' },
      properties: [always('rounds counted', (sys) => sys.state('A').size === sys.round)],
    });
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats).toMatchObject({ distinctStates: 4, transitions: 3 });
    expect(r.properties[0]!.status).toBe('pass');
    const { steps } = replay(model, [0, 0, 0, 0]);
    expect(steps.map((s) => s.action.label)).toEqual([
      'initial state',
      'round 1: 1 message arrives',
      'round 2: 1 message arrives',
      'round 3: 1 message arrives',
    ]);
    expect(model.toJSON!(steps[3]!.state)).toEqual({ nodes: { A: [1, 2, 3], B: [0, 1, 2] }, network: [], round: 3 });
  });
});
