/**
 * Laws of state fingerprints: equal values hash equal whatever their construction history,
 * different values hash differently, collection kinds are told apart, the fast path for small
 * Lists and Records (which reads Immutable's internals) agrees with the general path, and
 * values a state may not hold are rejected with the path to them.
 */
import fc from 'fast-check';
import { is, List, Map, OrderedMap, OrderedSet, Record, Seq, Set, Stack } from 'immutable';
import { describe, expect, it } from 'vitest';
import { fingerprintHex, fingerprintInto, StateValueError } from '../../src/checker/fingerprint.ts';
import { findInvalidValue } from '../../src/checker/findInvalidValue.ts';
import { build, Pair, primArb, rebuild, shuffle, specArb, uniq } from '../helpers/immutableValues.ts';

describe('equal values have equal fingerprints', () => {
  it('whatever the construction history (random nested values)', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), (s, salt) => {
        const a = build(s);
        const b = rebuild(s, salt);
        expect(is(a, b)).toBe(true);
        expect(fingerprintHex(b)).toBe(fingerprintHex(a));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it.each([5, 8, 9, 16, 17, 32, 33, 100])('Maps and Sets of %i entries, in any insertion order', (size) => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (salt1, salt2) => {
        const keys = Array.from({ length: size }, (_, i) => (i % 3 === 0 ? i : i % 3 === 1 ? `k${i}` : List([i, 'x'])));
        const entries = keys.map((k, i) => [k, Pair({ x: i, y: List([i]) })] as [unknown, unknown]);
        const m1 = shuffle(entries, salt1).reduce((m, [k, v]) => m.set(k, v), Map<unknown, unknown>());
        const m2 = Map<unknown, unknown>().withMutations((m) => {
          for (const [k, v] of shuffle(entries, salt2)) m.set(k, v);
        });
        expect(fingerprintHex(m2)).toBe(fingerprintHex(m1));
        const s1 = Set(shuffle(keys, salt1));
        const s2 = shuffle(keys, salt2).reduce((s, k) => s.add(k), Set<unknown>());
        expect(fingerprintHex(s2)).toBe(fingerprintHex(s1));
        // One entry more or less, or one value changed, is a different value.
        expect(fingerprintHex(m1.delete(keys[0]))).not.toBe(fingerprintHex(m1));
        expect(fingerprintHex(m1.set(keys[0], 'changed'))).not.toBe(fingerprintHex(m1));
        expect(fingerprintHex(s1.delete(keys[0]))).not.toBe(fingerprintHex(s1));
      }),
      { seed: size, numRuns: 20 },
    );
  });

  it('a Record equals itself built with defaults, by constructor, or by set', () => {
    const R = Record({ a: 1, b: List([1, 2]), c: Map({ k: 'v' }) });
    const base = fingerprintHex(R());
    expect(fingerprintHex(R({ a: 1 }))).toBe(base);
    expect(fingerprintHex(R().set('a', 2).set('a', 1))).toBe(base);
    expect(fingerprintHex(R().set('b', List([1]).push(2)))).toBe(base);
    // Setting a field to undefined restores its default (Immutable's rule), here too.
    expect(fingerprintHex(R().set('a', 5).remove('a'))).toBe(base);
    expect(fingerprintHex(R({ a: 2 }))).not.toBe(base);
  });

  it('0 and -0 are one value, as Immutable.is says', () => {
    expect(fingerprintHex(-0)).toBe(fingerprintHex(0));
    expect(fingerprintHex(List([-0]))).toBe(fingerprintHex(List([0])));
  });

  // Once a bug: Records hashed their keys in declaration order, but Immutable.is treats Records
  // with the same keys and values as equal whatever that order.
  it('Records declaring the same keys in another order (equal by Immutable.is)', () => {
    const AB = Record({ a: 1, b: 2 });
    const BA = Record({ b: 2, a: 1 });
    expect(is(AB(), BA())).toBe(true);
    expect(fingerprintHex(BA())).toBe(fingerprintHex(AB()));
  });
});

describe('different values have different fingerprints', () => {
  it('random pairs of values: Immutable.is false implies fingerprints differ', () => {
    let unequal = 0;
    fc.assert(
      fc.property(specArb, specArb, (s1, s2) => {
        const a = build(s1);
        const b = build(s2);
        if (is(a, b)) return;
        unequal++;
        expect(fingerprintHex(a)).not.toBe(fingerprintHex(b));
      }),
      { seed: 43, numRuns: 500 },
    );
    expect(unequal).toBeGreaterThan(400);
  });

  it('a List and any different arrangement of its elements differ', () => {
    fc.assert(
      fc.property(fc.array(primArb, { minLength: 2, maxLength: 50 }), fc.integer(), (xs, salt) => {
        const ys = shuffle(xs, salt);
        fc.pre(!is(List(xs), List(ys)));
        expect(fingerprintHex(List(ys))).not.toBe(fingerprintHex(List(xs)));
        expect(fingerprintHex(Stack(ys))).not.toBe(fingerprintHex(Stack(xs)));
        const [ox, oy] = [OrderedSet(uniq(xs)), OrderedSet(uniq(ys))];
        if (!is(ox, oy)) expect(fingerprintHex(oy)).not.toBe(fingerprintHex(ox));
      }),
      { seed: 44, numRuns: 200 },
    );
    expect(fingerprintHex(List([1, 2]))).not.toBe(fingerprintHex(List([2, 1])));
  });

  it('collection kinds are told apart, even with the same elements (or none)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { maxLength: 10 }), (xs) => {
        const entries = xs.map((x, i) => [i, x] as [number, number]);
        const values = [
          List(xs),
          Stack(xs),
          Set(xs),
          OrderedSet(xs),
          Map(entries),
          OrderedMap(entries),
        ];
        const fps = values.map(fingerprintHex);
        expect(new globalThis.Set(fps).size).toBe(values.length);
      }),
      { seed: 45, numRuns: 100 },
    );
    // A Record and a Map with the same entries; primitives of different types.
    expect(fingerprintHex(Record({ a: 1 })())).not.toBe(fingerprintHex(Map({ a: 1 })));
    const prims = [0, 1, '1', '', true, false, null, undefined, 1.5, 2 ** 40, 10n, NaN];
    expect(new globalThis.Set(prims.map(fingerprintHex)).size).toBe(prims.length);
  });

  it('List and Stack differ although Immutable.is calls them equal (a deliberate choice)', () => {
    expect(is(List([1, 2]), Stack([1, 2]))).toBe(true);
    expect(fingerprintHex(Stack([1, 2]))).not.toBe(fingerprintHex(List([1, 2])));
  });
});

describe('the fast path for small Lists and Records agrees with the general path', () => {
  type Op =
    | { op: 'push'; v: number }
    | { op: 'unshift'; v: number }
    | { op: 'pop' }
    | { op: 'shift' }
    | { op: 'setSize'; n: number }
    | { op: 'concat'; vs: number[] }
    | { op: 'slice'; from: number; to: number }
    | { op: 'insert'; at: number; v: number }
    | { op: 'remove'; at: number }
    | { op: 'set'; at: number; v: number }
    | { op: 'splice'; at: number; del: number; vs: number[] };
  const v = fc.integer({ min: 0, max: 9 });
  const at = fc.integer({ min: -3, max: 45 });
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('push' as const), v }),
    fc.record({ op: fc.constant('unshift' as const), v }),
    fc.record({ op: fc.constant('pop' as const) }),
    fc.record({ op: fc.constant('shift' as const) }),
    fc.record({ op: fc.constant('setSize' as const), n: fc.integer({ min: 0, max: 45 }) }),
    fc.record({ op: fc.constant('concat' as const), vs: fc.array(v, { maxLength: 20 }) }),
    fc.record({ op: fc.constant('slice' as const), from: at, to: at }),
    fc.record({ op: fc.constant('insert' as const), at, v }),
    fc.record({ op: fc.constant('remove' as const), at }),
    fc.record({ op: fc.constant('set' as const), at, v }),
    fc.record({ op: fc.constant('splice' as const), at, del: fc.integer({ min: 0, max: 5 }), vs: fc.array(v, { maxLength: 5 }) }),
  );

  function apply(l: List<number | undefined>, o: Op): List<number | undefined> {
    switch (o.op) {
      case 'push':
        return l.push(o.v);
      case 'unshift':
        return l.unshift(o.v);
      case 'pop':
        return l.pop();
      case 'shift':
        return l.shift();
      case 'setSize':
        return l.setSize(o.n);
      case 'concat':
        return l.concat(o.vs);
      case 'slice':
        return l.slice(o.from, o.to);
      case 'insert':
        return l.insert(o.at, o.v);
      case 'remove':
        return l.remove(o.at);
      case 'set':
        return o.at < 0 && -o.at > l.size ? l : l.set(o.at, o.v);
      case 'splice':
        return l.splice(o.at, o.del, ...o.vs);
    }
  }

  /** Whether the fast path can take this List (what fingerprint.ts's smallListArray tests). */
  const compact = (l: unknown): boolean => {
    const x = l as { _origin: number; _capacity: number; size: number };
    return x._origin === 0 && x._capacity <= 32 && x._capacity === x.size;
  };

  it('Lists built by many operations hash like List(array) of their elements', () => {
    let viaGeneral = 0;
    let viaFast = 0;
    fc.assert(
      fc.property(fc.array(v, { maxLength: 40 }), fc.array(opArb, { maxLength: 25 }), (start, ops) => {
        let l = List<number | undefined>(start);
        for (const o of ops) {
          l = apply(l, o);
          const plain = l.toArray();
          const fresh = List(plain);
          if (compact(l)) viaFast++;
          else if (l.size <= 32) viaGeneral++;
          expect(fingerprintHex(l)).toBe(fingerprintHex(fresh));
          // Inside a Record too (whose values are a List of their own).
          expect(fingerprintHex(Pair({ x: l, y: plain.length }))).toBe(fingerprintHex(Pair({ x: fresh, y: plain.length })));
        }
      }),
      { seed: 46, numRuns: 300 },
    );
    // Both paths were exercised on small Lists: the comparison above is not fast vs fast only.
    expect(viaGeneral).toBeGreaterThan(100);
    expect(viaFast).toBeGreaterThan(100);
  });

  it('a List shrunk and grown again hashes its holes as undefined, not stale elements', () => {
    const l = List([1, 2, 3]).setSize(1).setSize(3);
    expect(fingerprintHex(l)).toBe(fingerprintHex(List([1, undefined, undefined])));
    expect(fingerprintHex(l)).not.toBe(fingerprintHex(List([1, 2, 3])));
  });

  it('Records of 1 to 40 fields, set and removed in any order, hash like a fresh Record', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.option(v, { nil: undefined })), { maxLength: 60 }),
          ),
        ),
        ([n, writes]) => {
          const defaults = Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i % 2 ? i : `d${i}`]));
          const R = Record<{ [k: string]: unknown }>(defaults);
          let r = R();
          const plain: { [k: string]: unknown } = { ...defaults };
          for (const [i, x] of writes) {
            r = x === undefined ? r.remove(`f${i}`) : r.set(`f${i}`, x);
            plain[`f${i}`] = x === undefined ? defaults[`f${i}`] : x;
          }
          expect(fingerprintHex(r)).toBe(fingerprintHex(R(plain)));
          const changedOnly = Object.fromEntries(Object.entries(plain).filter(([k, x]) => x !== defaults[k]));
          expect(fingerprintHex(r)).toBe(fingerprintHex(R(changedOnly)));
          // The hash depends on the values: a change in any field shows.
          const changed = r.set('f0', 'something else');
          expect(fingerprintHex(changed)).not.toBe(fingerprintHex(r));
        },
      ),
      { seed: 47, numRuns: 300 },
    );
  });
});

describe('fingerprints are stable across runs and machines', () => {
  // Pinned: a change here breaks stored fingerprints and traces replayed against them. (Changed
  // once on purpose, when Records, Lists, Maps and Sets began to hash as sums of their parts'
  // terms, so that a successor is hashed from its parent's fingerprint; nothing stores them yet.)
  it.each<[string, unknown, string]>([
    ['1', 1, 'b4314f72959a1cbd'],
    ['"abc"', 'abc', 'c1ef489c6bcfec38'],
    ['1.5', 1.5, 'd4ecaf050a1956a8'],
    ['List([1, 2, 3])', List([1, 2, 3]), 'a76a006ce5606f17'],
    ['List([1, 2, 3]) via shift', List([0, 1, 2, 3]).shift(), 'a76a006ce5606f17'],
    ['Map({ a: 1, b: 2 })', Map({ a: 1, b: 2 }), '941bce9b7ab3e9a4'],
    ['Map({ b: 2, a: 1 })', Map({ b: 2, a: 1 }), '941bce9b7ab3e9a4'],
    ['Set([1, 2])', Set([1, 2]), '9987413259dddb99'],
    ['Record({ x: 0, y: "default" })()', Pair(), 'de3aa71d10ae0734'],
  ])('%s', (_, value, hex) => {
    expect(fingerprintHex(value)).toBe(hex);
  });
});

describe('values a state may not hold', () => {
  class Foo {
    x = 1;
  }
  it.each<[string, unknown, RegExp]>([
    ['a plain object', { a: 1 }, /plain object/],
    ['an object without prototype', Object.create(null), /plain object/],
    ['an array', [1, 2], /array/],
    ['a Date', new Date(0), /class Date/],
    ['a class instance', new Foo(), /class Foo/],
    ['a function', () => 1, /function/],
    ['a JavaScript Map', new globalThis.Map([[1, 2]]), /JavaScript Map/],
    ['a JavaScript Set', new globalThis.Set([1]), /JavaScript Set/],
    ['a lazy Seq', Seq([1, 2]), /lazy Immutable Seq/],
  ])('%s is rejected, on its own and deep inside a state', (_, bad, what) => {
    expect(() => fingerprintInto(bad)).toThrow(StateValueError);
    expect(() => fingerprintInto(bad)).toThrow(what);
    expect(findInvalidValue(bad)).toEqual({ path: '(the state itself)', what: expect.stringMatching(what) });
    const state = Record({ a: Map({ b: List([1, 2, bad]) }), z: 0 })();
    expect(() => fingerprintHex(state)).toThrow(StateValueError);
    expect(findInvalidValue(state)).toEqual({ path: 'a.b[2]', what: expect.stringMatching(what) });
  });

  it('a symbol is rejected deep inside a state', () => {
    const state = Record({ a: Map({ b: List([1, 2, Symbol('s')]) }), z: 0 })();
    expect(() => fingerprintHex(state)).toThrow(StateValueError);
    expect(findInvalidValue(state)).toEqual({ path: 'a.b[2]', what: 'a symbol' });
  });

  // Once a bug: a state that was itself a symbol got the path '' (and check() said "at " with
  // nothing after it).
  it('a symbol as the whole state is located as "(the state itself)"', () => {
    expect(findInvalidValue(Symbol('s'))).toEqual({ path: '(the state itself)', what: 'a symbol' });
  });

  it('findInvalidValue names keys, Set members and Stack entries in its path', () => {
    expect(findInvalidValue(Map([[List([1]), Set([2, [3]])]]))).toEqual({ path: '[1][1]', what: expect.stringMatching(/array/) });
    expect(findInvalidValue(Record({ m: Map([[{}, 1]]) })())).toEqual({ path: 'm{key {}}', what: expect.stringMatching(/plain object/) });
    expect(findInvalidValue(List([Stack([0, new Date(0)])]))).toEqual({ path: '[0][1]', what: expect.stringMatching(/Date/) });
    expect(findInvalidValue(Record({ a: Map({ b: List([1, 2, 3]) }) })())).toBeUndefined();
  });

  it('a bad value anywhere in a random state is rejected and located', () => {
    // A random path of Record fields, Map keys and List indices leading to one plain object.
    const step = fc.oneof(
      fc.constantFrom('alpha', 'beta').map((k) => ({ t: 'rec' as const, k })),
      fc.constantFrom('k1', 'k2', 'k3').map((k) => ({ t: 'map' as const, k })),
      fc.nat({ max: 40 }).map((i) => ({ t: 'list' as const, i })),
    );
    const R = Record<{ alpha: unknown; beta: unknown }>({ alpha: 0, beta: List() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
        let value: unknown = { oops: true };
        for (const s of [...steps].reverse()) {
          if (s.t === 'rec') value = R({ [s.k]: value });
          else if (s.t === 'map') value = Map<string, unknown>({ k0: 'fine', [s.k]: value, k9: List([1]) });
          else value = List(Array.from({ length: s.i + 1 }, (_, j) => (j === s.i ? value : j)));
        }
        let expected = '';
        for (const s of steps) {
          if (s.t === 'list') expected += `[${s.i}]`;
          else expected = expected ? `${expected}.${s.k}` : s.k;
        }
        expect(() => fingerprintHex(value)).toThrow(StateValueError);
        expect(findInvalidValue(value)).toEqual({ path: expected || '(the state itself)', what: expect.stringMatching(/plain object/) });
      }),
      { seed: 48, numRuns: 200 },
    );
  });
});
