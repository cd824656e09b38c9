/**
 * Laws of the encoded frontier. A decoded state must be the same value with the same
 * fingerprint, and must behave like the original: iterate in the same order, and go on
 * iterating in the same order after further updates (paths are action indices, and a model
 * that lists actions by iterating a Set depends on it). The frontier built on the codec must
 * hand back what it was given, in queue or stack order; and a search must find exactly the same
 * states, counts and counterexample paths whichever way its frontier holds states.
 */
import fc from 'fast-check';
import { is, isList, isMap, isOrdered, isRecord, isSet, isStack, List, Map, OrderedMap, Record as ImmutableRecord, Set, Stack } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/check.ts';
import { fingerprintHex } from '../../src/checker/fingerprint.ts';
import { Frontier } from '../../src/checker/Frontier.ts';
import { StateCodec } from '../../src/checker/StateCodec.ts';
import { codec } from '../helpers/codec.ts';
import { loadModel } from '../../src/cli/loadModel.ts';
import { build, COLLIDING, Pair, rebuild, specArb } from '../helpers/immutableValues.ts';

function roundTrip(c: StateCodec, v: unknown): unknown {
  c.encode(v);
  const copy = c.decode(c.bytes, 0);
  expect(c.end).toBe(c.length);
  return copy;
}

/** A value as plain data that shows every collection's kind and iteration order. */
function shape(v: unknown): unknown {
  if (isRecord(v)) return ['record', ...Object.entries(v.toObject()).map(([k, x]) => [k, shape(x)])];
  if (isMap(v)) return [isOrdered(v) ? 'omap' : 'map', ...[...v.entries()].map(([k, x]) => [shape(k), shape(x)])];
  if (isSet(v)) return [isOrdered(v) ? 'oset' : 'set', ...[...v].map(shape)];
  if (isList(v)) return ['list', ...[...v].map(shape)];
  if (isStack(v)) return ['stack', ...[...v].map(shape)];
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return v;
}

/** The same updates applied everywhere in a value: keys added (some colliding) and removed. */
function evolve(v: unknown): unknown {
  if (isRecord(v)) return v.withMutations((r) => void r.toSeq().forEach((x, k) => void r.set(k, evolve(x))));
  if (isMap(v)) {
    const m = (v as Map<unknown, unknown>).map(evolve);
    return m.set('added', 1).set(COLLIDING[0], 2).set(17, 3).remove(m.keySeq().first()).set(-1, 4);
  }
  if (isSet(v)) {
    const s = v as Set<unknown>;
    return s.add('added').add(COLLIDING[1]).add(17).remove(s.first()).add(-1);
  }
  if (isList(v)) return v.map(evolve).push('added').shift();
  return v;
}

describe('a decoded value is the original', () => {
  it('equal, with the same fingerprint, iterating and evolving alike (random nested values, two histories each)', () => {
    const c = codec();
    fc.assert(
      fc.property(specArb, fc.integer(), (s, salt) => {
        for (const original of [build(s), rebuild(s, salt)]) {
          const fp = fingerprintHex(original);
          const copy = roundTrip(c, original);
          expect(is(copy, original)).toBe(true);
          expect(shape(copy)).toEqual(shape(original));
          // The copy carries the fingerprints of its parts: hashing it anew must agree.
          expect(fingerprintHex(copy)).toBe(fp);
          expect(shape(evolve(copy))).toEqual(shape(evolve(original)));
          expect(fingerprintHex(evolve(copy))).toBe(fingerprintHex(evolve(original)));
        }
        expect(c.keptCount).toBe(0);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it.each([1, 7, 8, 9, 16, 17, 33, 100])('a Set and a Map of %i keys that grew past that and shrank back', (n) => {
    const c = codec();
    const keys = Array.from({ length: n + 20 }, (_, i) => (i % 2 ? `k${i}` : i));
    const set = keys.slice(n).reduce((s, k) => s.remove(k), Set(keys));
    const map = keys.slice(n).reduce((m, k) => m.remove(k), Map(keys.map((k) => [k, k])));
    for (const original of [set, map, Set(keys.slice(0, n)), Map(keys.slice(0, n).map((k) => [k, k]))]) {
      const copy = roundTrip(c, original);
      expect(shape(copy)).toEqual(shape(original));
      expect(shape(evolve(copy))).toEqual(shape(evolve(original)));
    }
  });

  it('numbers keep their sign, width and NaN; strings of any content round-trip', () => {
    const c = codec();
    const values = [0, -0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, 0.1, -1e300, NaN, Infinity, -Infinity, '', 'é', '\u0000', 'x'.repeat(1000)];
    const copy = roundTrip(c, List(values)) as List<unknown>;
    expect(copy.toArray().map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(values.map((x) => (Object.is(x, -0) ? '-0' : x)));
  });

  it('a Set it gives up on half-way leaves nothing kept behind (an entry whose value is not its key)', () => {
    const c = codec();
    // Adding an equal but distinct List twice in one session leaves a node whose value is the
    // second List and whose key the first: the codec keeps the Set whole.
    const odd = Set<unknown>().withMutations((m) => {
      for (let i = 0; i < 12; i++) m.add(i);
      m.add(OrderedMap({ a: 1 })).add(List([1])).add(List([1]));
    });
    for (let i = 0; i < 3; i++) expect(roundTrip(c, List([odd]))).toEqual(List([odd]));
    expect(c.keptCount).toBe(0);
  });

  it('a collection still being mutated (inside withMutations) is kept as the object', () => {
    const c = codec();
    const owned = Map({ a: 1 }).asMutable();
    expect(roundTrip(c, List([owned])) as List<unknown>).toSatisfy((l: List<unknown>) => l.get(0) === owned);
  });

  it('strings past the table of 65,536 are written out and come back equal', () => {
    const c = codec();
    const many = List(Array.from({ length: 70_000 }, (_, i) => `s${i}`));
    expect(is(roundTrip(c, many), many)).toBe(true);
    const later = List(['late é', 'x'.repeat(10_000), '']);
    expect(is(roundTrip(c, later), later)).toBe(true);
  });

  it('what it does not take apart (OrderedMap, Stack, bigint) comes back as the very object', () => {
    const c = codec();
    const om = OrderedMap({ b: 1, a: 2 });
    const st = Stack([1, 2]);
    const copy = roundTrip(c, List([om, st, 10n])) as List<unknown>;
    expect(copy.get(0)).toBe(om);
    expect(copy.get(1)).toBe(st);
    expect(copy.get(2)).toBe(10n);
    expect(c.keptCount).toBe(0);
  });
});

/** Whether the codec keeps some part of `v` as the object itself (such a state cannot be packed). */
function holdsKept(v: unknown): boolean {
  const c = codec();
  c.encode(v);
  return c.keptCount > 0;
}

// Parallel workers move states to each other as packs: a pack carries its own string table and
// names record types by signature, and the receiving codec maps them to the types it has met.
describe('a pack is read by another codec (as another thread would)', () => {
  it('random values come back equal, with the same fingerprint, iterating and evolving alike; one holding a kept object comes back undefined', () => {
    const sender = codec();
    const receiver = codec();
    receiver.encode(Pair());
    fc.assert(
      fc.property(fc.array(specArb, { maxLength: 6 }), fc.integer(), (specs, salt) => {
        const values = specs.map((s, i) => (i % 2 ? build(s) : rebuild(s, salt)));
        const pack = sender.pack(values);
        // Its own bytes, so that they can be transferred to the other thread.
        expect(pack.bytes.buffer.byteLength).toBe(pack.bytes.length);
        const out = receiver.unpack(pack);
        expect(out).toHaveLength(values.length);
        values.forEach((v, i) => {
          if (holdsKept(v)) {
            expect(pack.ends[i]).toBe(-1);
            expect(out[i]).toBeUndefined();
            return;
          }
          const copy = out[i];
          expect(is(copy, v)).toBe(true);
          expect(shape(copy)).toEqual(shape(v));
          expect(fingerprintHex(copy)).toBe(fingerprintHex(v));
          expect(shape(evolve(copy))).toEqual(shape(evolve(v)));
        });
        expect(sender.keptCount).toBe(0);
        expect(receiver.keptCount).toBe(0);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('a record type the receiver has not met, or cannot tell from another, comes back undefined; one it knows comes back as that type', () => {
    const A = ImmutableRecord({ n: 0 });
    const B = ImmutableRecord({ n: 0 });
    const C = ImmutableRecord({ n: 1 });
    class D extends ImmutableRecord({ n: 0 }) {}
    const values = [A({ n: 2 }), C({ n: 2 }), new D({ n: 2 }), List(['plain', 3])];
    const types = (out: unknown[]) => out.map((v) => (v === undefined ? undefined : v instanceof D ? 'D' : v instanceof C ? 'C' : v instanceof A ? 'A' : 'other'));
    const pack = codec().pack(values);
    // Met nothing: only the List comes back.
    expect(types(codec().unpack(pack))).toEqual([undefined, undefined, undefined, 'other']);
    // Met A and B, which share a signature (same keys and defaults, no names): A is ambiguous.
    // C (other defaults) and D (a class of its own) are told apart from them.
    const r2 = codec();
    for (const v of [A(), B(), C(), new D()]) r2.encode(v);
    expect(types(r2.unpack(pack))).toEqual([undefined, 'C', 'D', 'other']);
    const r3 = codec();
    for (const v of [A(), C(), new D()]) r3.encode(v);
    const out = r3.unpack(pack);
    expect(types(out)).toEqual(['A', 'C', 'D', 'other']);
    out.forEach((v, i) => expect(is(v, values[i])).toBe(true));
    // A sender that has met two types of one signature does not name either.
    const sender = codec();
    sender.encode(B());
    expect(types(r3.unpack(sender.pack([A({ n: 2 })])))).toEqual([undefined]);
  });
});

describe('the frontier', () => {
  type Op = { push: number } | 'take' | 'takeLast';
  const opsArb = fc.array(fc.oneof({ weight: 3, arbitrary: fc.nat(1000).map((n): Op => ({ push: n })) }, fc.constant<Op>('take'), fc.constant<Op>('takeLast')), {
    maxLength: 300,
  });
  const stateOf = (n: number): unknown => Map({ n, tag: `s${n % 7}`, set: Set(Array.from({ length: n % 12 }, (_, i) => i * n)) });

  it.each([
    ['queue', false],
    ['stack', true],
  ] as const)('hands back what it was given, in %s order, encoded as with objects', (_, lifo) => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const encoded = new Frontier<unknown>(lifo, codec());
        const plain = new Frontier<unknown>(lifo);
        const model: [number, unknown][] = [];
        let id = 0;
        for (const op of ops) {
          if (typeof op === 'object') {
            const s = stateOf(op.push);
            encoded.push(s, id);
            plain.push(s, id);
            model.push([id++, s]);
          } else if (model.length > 0) {
            const [wantId, want] = op === 'takeLast' || lifo ? model.pop()! : model.shift()!;
            for (const f of [encoded, plain]) {
              const got = op === 'take' ? f.take() : f.takeLast();
              expect(f.lastId).toBe(wantId);
              expect(is(got, want)).toBe(true);
            }
          }
          expect(encoded.size).toBe(model.length);
          expect(plain.size).toBe(model.length);
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('taking from an empty frontier is an error in both forms, not a state', () => {
    for (const f of [new Frontier<unknown>(false, codec()), new Frontier<unknown>(false)]) {
      f.push(List([1]), 0);
      f.take();
      expect(() => f.takeLast()).toThrow('empty frontier');
    }
  });

  it('crosses pages: 40,000 states of about 60 bytes, and one state larger than a page', () => {
    const f = new Frontier<unknown>(false, codec());
    const big = List(Array.from({ length: 300_000 }, (_, i) => i));
    for (let i = 0; i < 40_000; i++) {
      f.push(stateOf(i), i);
      if (i === 20_000) f.push(big, -1);
    }
    for (let i = 0; i < 40_000; i++) {
      expect(is(f.take(), stateOf(i))).toBe(true);
      if (i === 20_000) expect(is(f.take(), big)).toBe(true);
    }
    expect(f.size).toBe(0);
  });
});

describe('a search is the same whichever way the frontier holds states', () => {
  it.each<[string, Record<string, unknown>]>([
    ['two-phase', { rms: 4 }],
    ['two-generals', {}],
    ['alternating-bit', {}],
    ['byzantine-generals', { n: 4 }],
    ['paxos', {}],
    ['leader-election', {}],
    ['two-phase-commit', { crash: true }],
  ])('%s %j: counts, verdicts and every path, breadth- and depth-first', async (name, params) => {
    const { model } = await loadModel(name, params);
    for (const strategy of ['bfs', 'dfs'] as const) {
      const run = (frontier: 'encoded' | 'objects') => check(model, { strategy, frontier, continueAfterFailure: true });
      const a = run('encoded');
      const b = run('objects');
      expect(a.stats.distinctStates).toBe(b.stats.distinctStates);
      expect(a.stats.transitions).toBe(b.stats.transitions);
      expect(a.stats.maxDepth).toBe(b.stats.maxDepth);
      expect(a.properties.map((p) => [p.name, p.status, p.path?.join('/')])).toEqual(b.properties.map((p) => [p.name, p.status, p.path?.join('/')]));
    }
  });
});
