import { List, Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, ModelError, protocol, sometimes, type NodeDef } from '../../src/index.ts';
import { replay } from '../../src/checker/replay.ts';

const Ticker = Record({ ticks: 0, scratch: 0 });
type Ticker = ReturnType<typeof Ticker>;

/** One node that ticks twice on a timer; `ticks` is on disk, `scratch` in memory. */
function ticker(faults: { crash?: number; recover?: boolean }) {
  const A: NodeDef<Ticker, never> = {
    init(ctx) {
      ctx.setTimer('tick');
      return Ticker();
    },
    onTimer(s, _timer, ctx) {
      if (s.ticks >= 2) return s;
      ctx.setTimer('tick');
      return s.merge({ ticks: s.ticks + 1, scratch: s.scratch + 1 });
    },
    durable: (s) => s.set('scratch', 0),
    onRecover(kept, ctx) {
      ctx.setTimer('tick');
      return kept ?? Ticker();
    },
  };
  return protocol<Ticker, never>({
    name: 'ticker',
    nodes: { A },
    faults,
    properties: [
      always('scratch ≤ ticks', (sys) => sys.state('A').scratch <= sys.state('A').ticks),
      always('no timers while crashed', (sys) => !sys.crashed('A') || sys.timers('A').length === 0),
      sometimes('recovered, progress kept', (sys) => !sys.crashed('A') && sys.faults.crashes === 1 && sys.state('A').ticks === 1 && sys.state('A').scratch === 0),
    ],
  });
}

describe('crash and recovery', () => {
  // (ticks, scratch, timer armed): (0,0,T) (1,1,T) (2,2,T) (2,2,F).
  it('without faults: 4 states', () => {
    const r = check(ticker({}), { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(4);
  });

  // 4 up before a crash; 3 crashed, keeping ticks only (from (2,2,T) and (2,2,F) alike);
  // 9 up after recovery: (0,0,T) (1,1,T) (2,2,T) (2,2,F) (1,0,T) (2,1,T) (2,1,F) (2,0,T) (2,0,F).
  it('crash 1 with recovery: the durable part survives, the rest is lost (16 states)', () => {
    const model = ticker({ crash: 1, recover: true });
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(16);
    expect(r.properties.map((p) => p.status)).toEqual(['pass', 'pass', 'pass']);
    const witness = r.properties[2]!;
    const steps = replay(model, witness.path!).steps;
    expect(steps.map((s) => s.action.kind)).toEqual(['init', 'timeout', 'crash', 'recover']);
    expect(steps.map((s) => s.action.label)).toEqual(['initial state', 'timer tick fires at A', 'A crashes', 'A recovers']);
  });

  it('crash-stop: a crashed node never runs again (4 + 3 states)', () => {
    const r = check(ticker({ crash: 1 }), { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(7);
    expect(r.properties[2]!.status).toBe('fail');
  });
});

type Msg = { readonly type: 'm'; readonly n: number };

describe('partitions', () => {
  const twoNodes = () =>
    protocol<List<number>, Msg>({
      name: 'partition',
      nodes: {
        A: { init: (ctx) => (ctx.send('B', { type: 'm', n: 1 }), List()) },
        B: { init: () => List(), onMessage: (s, m) => s.push(m.n) },
      },
      faults: { partition: 1 },
      properties: [sometimes('delivered', (sys) => sys.state('B').size === 1)],
    });

  // (delivered?, split?, partitions used): 00·0 10·0 01·1 11·1 00·1 10·1.
  it('a message across the cut waits for the heal (6 states)', () => {
    const model = twoNodes();
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(6);
    // Step 0 delivers, step 1 splits the network; then only `heal` is enabled.
    const split = replay(model, [0, 1]).steps[1]!;
    expect(split.action).toMatchObject({ kind: 'partition', label: 'the network splits into {A} | {B}' });
    const enabled: Parameters<typeof model.actions>[1] = [];
    model.actions(split.state, enabled);
    expect(enabled.map((a) => model.describe!(a, split.state, split.state).kind)).toEqual(['heal']);
  });
});

describe('link capacity', () => {
  it('a send to a full link is lost, and the trace says so', () => {
    const model = protocol<number, Msg>({
      name: 'flood',
      nodes: {
        A: { init: (ctx) => (ctx.setTimer('again'), 0), onTimer: (s, _t, ctx) => (ctx.send('B', { type: 'm', n: 1 }), ctx.setTimer('again'), s) },
        B: { init: () => 0, onMessage: (s) => s },
      },
      network: { capacity: 2 },
      properties: [],
    });
    const r = check(model, { continueAfterFailure: true });
    // 0, 1 or 2 copies in flight: the state space stays finite.
    expect(r).toMatchObject({ complete: true, stats: { distinctStates: 3 } });
    const steps = replay(model, [0, 0, 1, 1]).steps;
    expect(steps[3]!.action.label).toBe('timer again fires at A (m(n=1) to B is lost: the link is full (capacity 2))');
  });
});

describe('choices', () => {
  it('each option of ctx.choose is its own initial state or step', () => {
    const model = protocol<number, Msg>({
      name: 'choose',
      nodes: {
        A: { init: (ctx) => { const n = ctx.choose([1, 2, 3], 'value'); ctx.send('B', { type: 'm', n }); return n; } },
        B: { init: () => 0, onMessage: (_s, m, _f, ctx) => m.n * ctx.choose([1, 10]) },
      },
      properties: [sometimes('thirty', (sys) => sys.state('B') === 30)],
    });
    const r = check(model, { continueAfterFailure: true });
    // 3 initial states, each with 2 outcomes of the delivery.
    expect(r.stats).toMatchObject({ initialStates: 3, distinctStates: 9, transitions: 6 });
    const steps = replay(model, r.properties[0]!.path!).steps;
    expect(steps.map((s) => s.action.label)).toEqual(['initial state: A chooses value = 3', 'B receives m(n=3) from A (B chooses 10)']);
  });
});

describe('handler errors', () => {
  const failing = (onMessage: NodeDef<unknown, Msg>['onMessage']) =>
    protocol<unknown, Msg>({
      name: 'failing',
      nodes: {
        A: { init: (ctx) => (ctx.send('B', { type: 'm', n: 1 }), 0) },
        B: { init: () => 0, onMessage },
      },
      properties: [],
    });

  it('a throwing handler is reported with the node, the handler, what it was doing and the path', () => {
    const err = (() => {
      try {
        check(failing(() => { throw new Error('boom'); }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ phase: 'next', path: [0, 0] });
    expect((err as Error).message).toBe("node B's onMessage threw Error: boom (while handling m(n=1) from A)");
  });

  it('a handler returning a plain object is told which field', () => {
    expect(() => check(failing(() => Record({ ok: 1, bad: null as unknown })({ bad: { x: 1 } })))).toThrow(
      "node B's onMessage returned a state that holds a plain object (use an Immutable Record or Map) at bad (while handling m(n=1) from A)",
    );
  });

  it('a send to an unknown node names the nodes', () => {
    expect(() => check(failing((s, _m, _f, ctx) => (ctx.send('C', { type: 'm', n: 2 }), s)))).toThrow(
      /node B's onMessage sent to C, which is not a node \(the nodes are A, B\)/,
    );
  });
});
