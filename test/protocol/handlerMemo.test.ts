import { List, Map as IMap, Record, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { always, check, protocol, type NodeDef, type ProtocolSpec, type System } from '../../src/index.ts';
import { cacheFingerprint, fingerprintHex } from '../../src/checker/fingerprint.ts';
import { HandlerMemo } from '../../src/protocol/HandlerMemo.ts';
import { indistinguishable } from '../../src/checker/indistinguishable.ts';
import { resolveProtocol } from '../../src/protocol/ProtocolInfo.ts';
import { NodeSlot } from '../../src/protocol/SysState.ts';
import { specOf } from '../../src/protocol/protocol.ts';
import { twoPhaseProtocol } from '../../models/two-phase-protocol.ts';

type Spec = ProtocolSpec<unknown, unknown>;

/**
 * `spec` with every message and timer handler counting its runs in `runs`, and a property that
 * lists, from the outside, every (node, input, node state) the search meets in `seen`. (A counter
 * is not pure, but only the test reads it: it says how often the search really ran a handler.)
 */
function instrumented(spec: Spec) {
  const runs = { n: 0 };
  const seen = new Set<string>();
  const nodes = Object.fromEntries(
    Object.entries(spec.nodes).map(([name, def]) => {
      const d = def as NodeDef<unknown, unknown>;
      return [
        name,
        {
          ...d,
          ...(d.onMessage ? { onMessage: (s: unknown, m: unknown, from: string, ctx: never) => (runs.n++, d.onMessage!(s, m, from, ctx)) } : {}),
          ...(d.onTimer ? { onTimer: (s: unknown, t: string, ctx: never) => (runs.n++, d.onTimer!(s, t, ctx)) } : {}),
        },
      ];
    }),
  );
  const spy = always('inputs met', (sys: System<unknown, unknown>) => {
    for (const node of sys.nodes) {
      if (sys.crashed(node)) continue;
      const state = JSON.stringify(sys.state(node));
      for (const m of sys.inFlight()) if (m.to === node) seen.add(`${node}<${m.from} ${JSON.stringify(m.message)} ${state}`);
      for (const t of sys.timers(node)) seen.add(`${node} timer ${t} ${state}`);
    }
    return true;
  });
  const model = protocol({ ...spec, nodes, properties: [...(spec.properties ?? []), spy] } as Spec);
  return { model, runs, seen };
}

describe('handler memo: each handler runs once per node state and input', () => {
  /*
   * 84 distinct runs. Each RM: its two timers while working (2), Commit while prepared or
   * committed (2), Abort while working, prepared or aborted with or without having prepared (4):
   * 8, so 24. TM, whose state is tmState and the set P of RMs counted (8 sets): in init, Prepared
   * from each of the 3 RMs with each P (24, an RM may have prepared without being counted yet)
   * and TMAbort (8) and TMCommit (P full: 1); committed (P full), Prepared from each RM (3);
   * aborted, Prepared from each RM with each P (24; an RM may still prepare after tm aborted):
   * 60. Against 1,601 transitions, each of which ran a handler before the memo.
   */
  it('TwoPhase, 3 RMs: 288 states, 1,601 transitions, 84 handler runs', () => {
    const { model, runs, seen } = instrumented(specOf(twoPhaseProtocol(3))!);
    const r = check(model, { continueAfterFailure: true });
    expect(r.stats.distinctStates).toBe(288);
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.status]))).toEqual({ consistent: 'pass', 'can commit': 'pass', 'inputs met': 'pass' });
    expect(r.stats.transitions).toBe(1601);
    expect(seen.size).toBe(84);
    expect(runs.n).toBe(84);
  });

  it('the memo trusts no fingerprint: --exact finds the same, and the collision estimate is TLC\'s', () => {
    const { model, runs, seen } = instrumented(specOf(twoPhaseProtocol(3))!);
    const exact = check(model, { continueAfterFailure: true, exact: true });
    expect(exact.stats.distinctStates).toBe(288);
    expect(runs.n).toBe(84);
    expect(seen.size).toBe(84);
    const r = check(twoPhaseProtocol(3), { continueAfterFailure: true });
    expect(r.stats.collisionProbability).toBe((288 * 1601) / 2 ** 64);
  });

  /*
   * Found by review: A keeps its voters in a Map (a small Map iterates in insertion order) and
   * reports them to D in that order. Two orders of arrival give two equal Maps (one fingerprint,
   * Immutable.is-equal) that a handler iterates differently; a memo that took one for the other
   * reported a false counterexample that did not replay. 37 states, the property holds.
   */
  it('equal Maps filled in different orders are different inputs to a handler', () => {
    const model = protocol<unknown, unknown>({
      name: 'map-order',
      nodes: {
        A: {
          init: () => IMap<string, number>(),
          onMessage(s, m, from, ctx) {
            const votes = (s as IMap<string, number>).set(from, (m as { v: number }).v);
            ctx.send(from, votes.size);
            if (votes.size === 2) ctx.setTimer('report');
            return votes;
          },
          onTimer(s, _t, ctx) {
            for (const voter of (s as IMap<string, number>).keys()) ctx.send('D', voter);
            return s;
          },
        },
        B: { init: (ctx) => (ctx.send('A', { v: 1 }), 0), onMessage: (_s, m) => m },
        C: { init: (ctx) => (ctx.send('A', { v: 1 }), 0), onMessage: (_s, m) => m },
        D: { init: () => List<string>(), onMessage: (s, m) => (s as List<string>).push(m as string) },
      },
      network: { order: 'fifo' },
      properties: [
        always('reported in the order the votes came', (sys: System<unknown, unknown>) => {
          const first = (sys.state('D') as List<string>).first();
          return !(sys.state('C') === 1 && first === 'B') && !(sys.state('B') === 1 && first === 'C');
        }),
      ],
    });
    for (const exact of [false, true]) {
      const r = check(model, { continueAfterFailure: true, exact });
      expect(r.stats.distinctStates).toBe(37);
      expect(r.properties[0]!.status).toBe('pass');
    }
  });
});

type Msg = { readonly type: 'inc' | 'noop' | 'pick' | 'bad' };
const Counter = Record({ n: 0, tags: ISet<string>() });
type Counter = ReturnType<typeof Counter>;
const Other = Record({ n: 0, tags: ISet<string>() });

/** Node a counts what it handles; runs.n counts its handler runs. */
function counterSpec() {
  const runs = { n: 0 };
  const a: NodeDef<Counter | number, Msg> = {
    init: () => Counter(),
    onMessage(state, msg, _from, ctx) {
      runs.n++;
      const s = state as Counter;
      if (msg.type === 'noop') return s;
      if (msg.type === 'bad') throw new Error('no');
      if (msg.type === 'pick') return s.set('n', ctx.choose([10, 20], 'n'));
      ctx.send('b', { type: 'noop' });
      return s.set('n', s.n + 1);
    },
    onTimer(state) {
      runs.n++;
      return (state as Counter).set('n', (state as Counter).n * 2);
    },
  };
  const b: NodeDef<Counter | number, Msg> = { init: () => 0 };
  const info = resolveProtocol<Counter | number, Msg>({ name: 'counter', nodes: { a, b } });
  return { runs, info, key: (m: Msg) => info.messages.intern(m) };
}

/** Node a's slot holding `state`. */
const slot = (state: unknown) => NodeSlot({ state });

describe('HandlerMemo', () => {
  it('reuses a run for an equal state, the same input and sender; not for another input or sender', () => {
    const { runs, info, key } = counterSpec();
    const memo = new HandlerMemo(info);
    const first = memo.message(0, slot(Counter({ n: 1 })), key({ type: 'inc' }), 1, 0);
    const again = memo.message(0, slot(Counter({ n: 1 })), key({ type: 'inc' }), 1, 0);
    expect(runs.n).toBe(1);
    expect(again).toBe(first);
    expect((first[0]!.slot.state as Counter).n).toBe(2);
    expect(first[0]!.effects.sends).toEqual([[1, key({ type: 'noop' })]]);
    memo.message(0, slot(Counter({ n: 1 })), key({ type: 'inc' }), 0, 0);
    memo.message(0, slot(Counter({ n: 1 })), key({ type: 'noop' }), 1, 0);
    memo.timer(0, slot(Counter({ n: 1 })), 't', 0);
    memo.message(0, slot(Counter({ n: 2 })), key({ type: 'inc' }), 1, 0);
    expect(runs.n).toBe(5);
    memo.timer(0, slot(Counter({ n: 1 })), 't', 0);
    expect(runs.n).toBe(5);
  });

  it("an outcome that kept its state keeps the caller's (unchanged is by identity)", () => {
    const { info, key } = counterSpec();
    const memo = new HandlerMemo(info);
    const s1 = slot(Counter({ n: 3 }));
    const s2 = slot(Counter({ n: 3 }));
    expect(memo.message(0, s1, key({ type: 'noop' }), 1, 0)[0]!.slot).toBe(s1);
    expect(memo.message(0, s2, key({ type: 'noop' }), 1, 0)[0]!.slot).toBe(s2);
  });

  it('remembers every outcome of a handler that chooses, and no run that threw', () => {
    const { runs, info, key } = counterSpec();
    const memo = new HandlerMemo(info);
    const picks = () => memo.message(0, slot(Counter()), key({ type: 'pick' }), 1, 0).map((o) => (o.slot.state as Counter).n);
    expect(picks()).toEqual([10, 20]);
    const afterFirst = runs.n;
    expect(picks()).toEqual([10, 20]);
    expect(runs.n).toBe(afterFirst);
    expect(() => memo.message(0, slot(Counter()), key({ type: 'bad' }), 1, 0)).toThrow(/threw Error: no/);
    expect(() => memo.message(0, slot(Counter()), key({ type: 'bad' }), 1, 0)).toThrow(/threw Error: no/);
    expect(runs.n).toBe(afterFirst + 2);
  });

  it('starts again when full, and stays right', () => {
    const { runs, info, key } = counterSpec();
    const memo = new HandlerMemo(info, 2);
    const inc = key({ type: 'inc' });
    for (const n of [1, 2, 1, 2]) expect((memo.message(0, slot(Counter({ n })), inc, 1, 0)[0]!.slot.state as Counter).n).toBe(n + 1);
    expect(runs.n).toBe(2);
    // A third entry does not fit: the memo is cleared and n = 3 is not remembered.
    memo.message(0, slot(Counter({ n: 3 })), inc, 1, 0);
    memo.message(0, slot(Counter({ n: 1 })), inc, 1, 0);
    expect(runs.n).toBe(4);
    memo.message(0, slot(Counter({ n: 1 })), inc, 1, 0);
    expect(runs.n).toBe(4);
  });

  it('never takes a colliding fingerprint, another record type or another order for the same slot', () => {
    const { runs, info, key } = counterSpec();
    const inc = key({ type: 'inc' });
    const memo = new HandlerMemo(info);
    const n = (s: NodeSlot) => (memo.message(0, s, inc, 1, 0)[0]!.slot.state as Counter).n;
    /** A slot carrying a made-up fingerprint: every one of them collides. */
    const colliding = (value: number) => {
      const s = slot(Counter({ n: value }));
      cacheFingerprint(s, 11, 22);
      return s;
    };
    expect(n(colliding(1))).toBe(2);
    expect(n(colliding(7))).toBe(8);
    expect(runs.n).toBe(2);
    // An equal slot, another object: a hit.
    expect(n(colliding(1))).toBe(2);
    expect(runs.n).toBe(2);
    // Another record type with the same fields and values: the same fingerprint, not the same input.
    expect(fingerprintHex(slot(Other({ n: 1 })))).toBe(fingerprintHex(slot(Counter({ n: 1 }))));
    memo.message(0, slot(Counter({ n: 1 })), inc, 1, 0);
    expect(runs.n).toBe(3);
    expect(() => memo.message(0, slot(Other({ n: 1 })), inc, 1, 0)).not.toThrow();
    expect(runs.n).toBe(4);
  });
});

describe('indistinguishable', () => {
  it('is Immutable.is, but records of one type, collections in one iteration order, and Object.is', () => {
    expect(indistinguishable(Counter({ n: 1, tags: ISet(['x', 'y']) }), Counter({ n: 1, tags: ISet(['x', 'y']) }))).toBe(true);
    expect(indistinguishable(Counter({ n: 1, tags: ISet(['x', 'y']) }), Counter({ n: 1, tags: ISet(['y', 'x']) }))).toBe(false);
    expect(indistinguishable(IMap({ a: 1, b: 2 }), IMap({ b: 2, a: 1 }))).toBe(false);
    expect(indistinguishable(IMap({ a: 1, b: 2 }), IMap({ a: 1, b: 2 }))).toBe(true);
    expect(indistinguishable(Counter({ n: 1 }), Counter({ n: 2 }))).toBe(false);
    expect(indistinguishable(Counter({ n: 1 }), Other({ n: 1 }))).toBe(false);
    expect(indistinguishable(Counter(), Counter().set('n', 0))).toBe(true);
    expect(indistinguishable(List([1, IMap({ a: NaN })]), List([1, IMap({ a: NaN })]))).toBe(true);
    expect(indistinguishable(List([1, 2]), List([2, 1]))).toBe(false);
    expect(indistinguishable(List([1]), ISet([1]))).toBe(false);
    expect(indistinguishable(0, -0)).toBe(false);
    expect(indistinguishable('a', 'a')).toBe(true);
    expect(indistinguishable(null, undefined)).toBe(false);
  });
});
