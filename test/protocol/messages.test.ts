import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { fingerprintHex } from '../../src/checker/fingerprint.ts';
import { MessageTable } from '../../src/protocol/messages.ts';
import { twoPhaseProtocol } from '../../models/two-phase-protocol.ts';

describe('message keys', () => {
  it("a key from another thread's table reads back as its message (a key is canonical JSON)", () => {
    const sender = new MessageTable<unknown>();
    const key = sender.intern({ type: 'Vote', value: [1, { b: 2, a: 'x' }] });
    const receiver = new MessageTable<unknown>();
    const msg = receiver.get(key);
    expect(msg).toEqual({ type: 'Vote', value: [1, { a: 'x', b: 2 }] });
    expect(Object.isFrozen(msg)).toBe(true);
    expect(receiver.get(key)).toBe(msg);
    expect(receiver.intern({ value: [1, { a: 'x', b: 2 }], type: 'Vote' })).toBe(key);
    expect(() => receiver.get('not json')).toThrow(/not a message key/);
  });
});

describe('a state made by another thread', () => {
  it('lists the same steps in a model that never sent its messages (workers hand states over mid-level)', () => {
    // Every state of TwoPhase-3, from one compiled model; each is then expanded by a fresh
    // compile of the same protocol, whose message table has seen only what init sends.
    const states: unknown[] = [];
    const first = twoPhaseProtocol(3);
    check({ ...first, properties: [{ name: 'collect', kind: 'always' as const, check: (s: unknown) => (states.push(s), true) }] } as never, { continueAfterFailure: true });
    expect(states).toHaveLength(288);
    const withCommit = states.filter((s) => JSON.stringify(first.toJSON!(s as never)).includes('Commit'));
    expect(withCommit.length).toBeGreaterThan(0);
    const fresh = twoPhaseProtocol(3);
    for (const s of withCommit) {
      const a: { next: unknown; kind: string }[] = [];
      const b: { next: unknown; kind: string }[] = [];
      first.actions(s as never, a as never);
      fresh.actions(s as never, b as never);
      expect(b.map((x) => x.kind)).toEqual(a.map((x) => x.kind));
      expect(b.map((x) => fingerprintHex(x.next))).toEqual(a.map((x) => fingerprintHex(x.next)));
    }
  });
});
