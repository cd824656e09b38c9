/**
 * Shared values: the frontier codec writes a number for an object shared through
 * `shareValue` and reads the object itself back; a pack for another thread carries it whole.
 */
import { is, List, Map, Record, Set } from 'immutable';
import { describe, expect, it } from 'vitest';
import { fingerprintHex } from '../../src/checker/fingerprint.ts';
import { shareValue, sharedId } from '../../src/checker/sharedValues.ts';
import { StateCodec } from '../../src/checker/StateCodec.ts';
import { codec } from '../helpers/codec.ts';

const Node = Record({ phase: 'working', votes: Set<string>() });

function encodedLength(c: StateCodec, v: unknown): number {
  c.encode(v);
  return c.length;
}

describe('shared values in the frontier codec', () => {
  it('come back as the very object, in fewer bytes; unshared equal values come back as copies', () => {
    const c = codec();
    const shared = Node({ phase: 'prepared', votes: Set(['a', 'b', 'c']) });
    const copy = Node({ phase: 'prepared', votes: Set(['a', 'b', 'c']) });
    const plain = List([copy, Map({ k: copy })]);
    const before = encodedLength(c, plain);
    shareValue(shared);
    expect(sharedId(shared)).toBeTypeOf('number');
    expect(sharedId(copy)).toBeUndefined();
    const state = List([shared, Map({ k: shared }), copy]);
    c.encode(state);
    const back = c.decode(c.bytes, 0) as List<unknown>;
    expect(c.end).toBe(c.length);
    expect(back.get(0)).toBe(shared);
    expect((back.get(1) as Map<string, unknown>).get('k')).toBe(shared);
    expect(back.get(2)).not.toBe(copy);
    expect(is(back, state)).toBe(true);
    expect(fingerprintHex(back)).toBe(fingerprintHex(state));
    // Two records written as numbers take less than written out (tag, type, two fields, a Set).
    expect(encodedLength(c, List([shared, Map({ k: shared })]))).toBeLessThan(before);
  });

  it('are written whole in a pack for another thread, which reads back its own shared object where it has one', () => {
    const sender = codec();
    const receiver = codec();
    receiver.encode(Node());
    const shared = Node({ phase: 'aborted', votes: Set(['x', 'y']) });
    shareValue(shared);
    const copy = Node({ phase: 'aborted', votes: Set(['x', 'y']) });
    // (Sharing hashed it; hashed the same way, the copy carries the same fingerprints.)
    fingerprintHex(copy);
    const pack = sender.pack([List([shared])]);
    // The same bytes as an unshared equal value: written in full, no thread-local number.
    expect([...pack.bytes]).toEqual([...sender.pack([List([copy])]).bytes]);
    // This thread shares that very value: the pack's copy comes back as the shared object.
    const [out] = receiver.unpack(pack) as [List<unknown>];
    expect(out.get(0)).toBe(shared);
    expect(fingerprintHex(out)).toBe(fingerprintHex(List([shared])));
    // An equal value that iterates otherwise (votes added in another order) is not that object.
    const otherOrder = Node({ phase: 'aborted', votes: Set(['y', 'x']) });
    const [again] = receiver.unpack(sender.pack([List([otherOrder])])) as [List<unknown>];
    expect(again.get(0)).not.toBe(shared);
    expect(is(again.get(0), shared)).toBe(true);
    expect([...((again.get(0) as typeof shared).votes)]).toEqual(['y', 'x']);
  });

  it('leaves alone what cannot carry a number (frozen, inside withMutations, not an object)', () => {
    const frozen = Object.freeze(Node());
    shareValue(frozen);
    expect(sharedId(frozen)).toBeUndefined();
    List<number>().withMutations((m) => {
      shareValue(m);
      expect(sharedId(m)).toBeUndefined();
    });
    expect(() => shareValue('text')).not.toThrow();
    const twice = Node({ phase: 'twice' });
    shareValue(twice);
    const id = sharedId(twice);
    shareValue(twice);
    expect(sharedId(twice)).toBe(id);
  });
});
