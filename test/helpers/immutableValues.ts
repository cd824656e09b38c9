/**
 * Random Immutable values for law tests, described as plain trees (`Spec`) and built into
 * Immutable values two ways: `build` (the straightforward construction) and `rebuild` (the same
 * value by another history, so internal layouts differ). Shared by the fingerprint and codec laws.
 */
import fc from 'fast-check';
import { is, List, Map, OrderedMap, OrderedSet, Record, Set, Stack } from 'immutable';

export type Prim = number | string | boolean | null | undefined;
export type Spec =
  | { t: 'prim'; v: Prim }
  | { t: 'list'; items: Spec[] }
  | { t: 'stack'; items: Spec[] }
  | { t: 'oset'; items: Prim[] }
  | { t: 'set'; items: Prim[] }
  | { t: 'map'; entries: [Prim, Spec][] }
  | { t: 'omap'; entries: [Prim, Spec][] }
  | { t: 'rec'; x: Spec; y: Spec };

// Strings whose Immutable hashes collide in pairs ("Aa" and "BB" alike), so Maps and Sets also
// get hash-collision nodes.
export const COLLIDING = ['Aa', 'BB', 'AaAa', 'AaBB', 'BBAa', 'BBBB'];

export const primArb: fc.Arbitrary<Prim> = fc.oneof(
  fc.integer({ min: -3, max: 60 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(...COLLIDING, 'a', 'b', ''),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constantFrom(null, undefined),
);

export const uniq = <T>(xs: T[]): T[] => {
  const out: T[] = [];
  for (const x of xs) if (!out.some((y) => is(x, y))) out.push(x);
  return out;
};
export const uniqKeys = <T>(es: [Prim, T][]): [Prim, T][] => {
  const out: [Prim, T][] = [];
  for (const e of es) if (!out.some((o) => is(o[0], e[0]))) out.push(e);
  return out;
};

export const { spec: specArb } = fc.letrec<{ spec: Spec }>((tie) => {
  const sub = tie('spec');
  return {
    spec: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      primArb.map((v): Spec => ({ t: 'prim', v })),
      fc.array(sub, { maxLength: 40 }).map((items): Spec => ({ t: 'list', items })),
      fc.array(sub, { maxLength: 5 }).map((items): Spec => ({ t: 'stack', items })),
      fc.array(primArb, { maxLength: 40 }).map((items): Spec => ({ t: 'set', items: uniq(items) })),
      fc.array(primArb, { maxLength: 6 }).map((items): Spec => ({ t: 'oset', items: uniq(items) })),
      fc.array(fc.tuple(primArb, sub), { maxLength: 40 }).map((es): Spec => ({ t: 'map', entries: uniqKeys(es) })),
      fc.array(fc.tuple(primArb, sub), { maxLength: 6 }).map((es): Spec => ({ t: 'omap', entries: uniqKeys(es) })),
      fc.tuple(sub, sub).map(([x, y]): Spec => ({ t: 'rec', x, y })),
    ),
  };
});

export const Pair = Record<{ x: unknown; y: unknown }>({ x: 0, y: 'default' });

/** A deterministic permutation of `xs` from `salt` (a plain LCG: the test needs no quality). */
export function shuffle<T>(xs: readonly T[], salt: number): T[] {
  const out = [...xs];
  let r = (salt >>> 0) || 1;
  for (let i = out.length - 1; i > 0; i--) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    const j = r % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The straightforward construction. */
export function build(s: Spec): unknown {
  switch (s.t) {
    case 'prim':
      return s.v;
    case 'list':
      return List(s.items.map(build));
    case 'stack':
      return Stack(s.items.map(build));
    case 'set':
      return Set(s.items);
    case 'oset':
      return OrderedSet(s.items);
    case 'map':
      return Map(s.entries.map(([k, v]) => [k, build(v)] as [Prim, unknown]));
    case 'omap':
      return OrderedMap(s.entries.map(([k, v]) => [k, build(v)] as [Prim, unknown]));
    case 'rec':
      return Pair({ x: build(s.x), y: build(s.y) });
  }
}

/**
 * The same value by another history: unordered collections filled in a shuffled order with
 * extra keys added and deleted again, Lists grown from the front and trimmed, Records set
 * field by field. Ordered collections keep their order (it is part of their value).
 */
export function rebuild(s: Spec, salt: number): unknown {
  const next = (i: number): number => (Math.imul(salt ^ (i + 1), 0x9e3779b1) >>> 0) | 1;
  switch (s.t) {
    case 'prim':
      return s.v;
    case 'list': {
      const items = s.items.map((x, i) => rebuild(x, next(i)));
      // unshift in reverse, with junk on both ends removed again: origin and capacity move.
      let l = List<unknown>(['junk-front']);
      for (let i = items.length - 1; i >= 0; i--) l = l.unshift(items[i]);
      l = l.unshift('more-junk').shift().push('junk-back').pop();
      return l.setSize(items.length);
    }
    case 'stack':
      return Stack<unknown>().pushAll(s.items.map((x, i) => rebuild(x, next(i))));
    case 'set': {
      let st = Set<unknown>(['extra-1', 'extra-2', ...COLLIDING]);
      for (const x of shuffle(s.items, salt)) st = st.add(x);
      for (const x of ['extra-1', 'extra-2', ...COLLIDING]) if (!s.items.some((y) => is(x, y))) st = st.delete(x);
      return st;
    }
    case 'oset':
      return OrderedSet<unknown>().withMutations((m) => {
        for (const x of s.items) m.add(x);
      });
    case 'map': {
      let m = Map<unknown, unknown>([['extra', 1], ...COLLIDING.map((k) => [k, k] as [string, string])]);
      for (const [k, v] of shuffle(s.entries, salt)) m = m.set(k, rebuild(v, next(String(k).length)));
      for (const k of ['extra', ...COLLIDING]) if (!s.entries.some(([x]) => is(x, k))) m = m.delete(k);
      return m;
    }
    case 'omap': {
      let m = OrderedMap<unknown, unknown>();
      for (const [k] of s.entries) m = m.set(k, 'placeholder');
      for (const [k, v] of shuffle(s.entries, salt)) m = m.set(k, rebuild(v, next(String(k).length)));
      return m;
    }
    case 'rec': {
      const r = Pair().set('y', 'other').set('x', rebuild(s.x, next(1)));
      return r.set('y', rebuild(s.y, next(2)));
    }
  }
}

