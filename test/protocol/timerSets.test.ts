import { List } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check, protocol, type NodeDef } from '../../src/index.ts';
import { fingerprintHex } from '../../src/checker/fingerprint.ts';
import { timerNames, timerSet, withTimer } from '../../src/protocol/timerSets.ts';
import { decidedAt, fast, KEEP, NodeSlot, slotsOf, stateAt, SysState, timersAt, withFields, withSlot } from '../../src/protocol/SysState.ts';
import { SysRest } from '../../src/protocol/SysRest.ts';

describe('armed timers as one string', () => {
  it('equal sets are equal strings whatever the order and repeats; names come back sorted', () => {
    expect(timerSet(['b', 'a', 'b'])).toBe(timerSet(['a', 'b']));
    expect(timerNames(timerSet(['b', 'a']))).toEqual(['a', 'b']);
    expect(timerSet([])).toBeUndefined();
    expect(timerNames(undefined)).toEqual([]);
    // Any characters, separators included.
    const odd = ['a,b', '"', '\u0000', 'a'];
    expect(timerNames(timerSet(odd))).toEqual([...odd].sort());
  });

  it('arming and cancelling', () => {
    let s = withTimer(undefined, 'retry', true);
    s = withTimer(s, 'alarm', true);
    expect(timerNames(s)).toEqual(['alarm', 'retry']);
    expect(withTimer(s, 'alarm', true)).toBe(s);
    expect(withTimer(s, 'other', false)).toBe(s);
    expect(withTimer(withTimer(s, 'alarm', false), 'retry', false)).toBeUndefined();
    expect(withTimer(withTimer(undefined, 'a', true), 'b', true)).toBe(withTimer(withTimer(undefined, 'b', true), 'a', true));
  });

  it("a node's timers fire in name order, not the order it armed them", () => {
    const fired: string[] = [];
    const a: NodeDef<List<string>, never> = {
      init(ctx) {
        ctx.setTimer('zeta');
        ctx.setTimer('alpha');
        ctx.setTimer('mid');
        return List();
      },
      onTimer: (s, t) => s.push(t),
    };
    const model = protocol({ name: 'timers', nodes: { a } });
    const [init] = model.initialStates();
    const steps: { timer?: string }[] = [];
    model.actions(init!, steps as never);
    fired.push(...steps.map((s) => s.timer!));
    expect(fired).toEqual(['alpha', 'mid', 'zeta']);
    // They may still fire in any order: a state is the sequence fired so far, 1 + 3 + 6 + 6.
    expect(check(model).stats.distinctStates).toBe(16);
  });
});

describe('SysState through Immutable layout', () => {
  it('is in use with this Immutable, and builds what Immutable builds', () => {
    expect(fast).toBe(true);
    const slot = NodeSlot({ state: 1, timers: timerSet(['t']) });
    const sys = SysState({ slots: List([slot, NodeSlot()]) });
    const defaultRest = SysState().rest;
    const slots = List([withSlot(slot, 3, undefined, KEEP), NodeSlot()]);
    const a = withFields(sys, slots, undefined, undefined, defaultRest);
    const b = sys.set('slots', slots).set('rest', defaultRest);
    expect(a.equals(b)).toBe(true);
    expect(fingerprintHex(a)).toBe(fingerprintHex(b));
    expect(fingerprintHex(slots.get(0))).toBe(fingerprintHex(NodeSlot({ state: 3 })));
    expect([stateAt(a, 0), timersAt(a, 0), decidedAt(a, 0)]).toEqual([3, undefined, '']);
    expect(timersAt(sys, 0)).toBe(timerSet(['t']));
    expect(slotsOf(a)).toBe(slots);
    // A field set to its default is stored as Immutable stores it (as nothing).
    const stored = (r: unknown) => (r as { _values: List<unknown> })._values;
    expect(stored(a).get(3)).toBeUndefined();
    expect(stored(b).get(3)).toBeUndefined();
    expect(stored(slots.get(0)).get(1)).toBeUndefined();
    expect(a.rest).toBe(defaultRest);
    // Not the default object but an equal one: stored, as Immutable does.
    const c = withFields(sys, undefined, undefined, undefined, SysRest());
    expect(stored(c).get(3)).toBeDefined();
    expect(fingerprintHex(c)).toBe(fingerprintHex(sys));
    expect(withFields(sys, undefined, undefined, undefined, undefined)).toBe(sys);
    // Setting a field to the value it holds changes nothing, as Immutable's set: the same object.
    expect(withFields(a, slotsOf(a), a.net, a.owed, defaultRest)).toBe(a);
    expect(withFields(a, slotsOf(a), a.net.set('k', 1), undefined, undefined)).not.toBe(a);
    expect(withSlot(slot, 1, KEEP, KEEP)).toBe(slot);
  });
});
