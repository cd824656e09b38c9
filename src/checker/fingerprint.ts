import { isImmutable, isList, isMap, isOrdered, isRecord, isSet, isStack } from 'immutable';
import { immutableInternals } from './immutableInternals.ts';
import { popcount } from './popcount.ts';

/**
 * 64-bit fingerprints of state values, as two 32-bit lanes of murmur3-style mixing with
 * different constants. Stable across runs and machines (strings hash by char code, numbers by
 * their IEEE bytes in little-endian order), so fingerprints can be stored, compared between
 * workers and merged between machines.
 *
 * Immutable collections cache their fingerprint on the object itself: after `state.set(...)`
 * only the path from the root to the change is new, so hashing a successor costs about the
 * depth of the change, not the size of the state (structural sharing). Records, Lists, Maps and
 * Sets hash as sums of their parts' terms, so even a changed collection is hashed from its
 * parent's fingerprint and the parts that differ (`fingerprintSuccessor`), not element by element.
 *
 * The walk is also the validation: anything that is not an Immutable value or a primitive
 * throws `StateValueError`, so the check costs nothing on states already hashed.
 */

const HI = Symbol('protocheck.fp.hi');
const LO = Symbol('protocheck.fp.lo');
const RECORD_SEED = Symbol('protocheck.fp.record');

/** Lane results of the last `fingerprintInto` call; read them at once. */
export let fpHi = 0;
export let fpLo = 0;

/** Thrown when a state holds something that is not an Immutable value or a primitive. */
export class StateValueError extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'StateValueError';
  }
}

/**
 * Thrown when hashing a successor shows that the step changed the state it was computed from
 * (its parent no longer has the fingerprint it had): models must not, but Immutable 5.2.1 does
 * it inside withMutations on Maps whose keys collide in Immutable's hash (see `updateTrie`).
 */
export class ParentChangedError extends Error {
  constructor() {
    super(
      "the step changed the state it started from: a Map in it no longer holds what it held. Immutable 5.2.1 does this inside withMutations when two keys of a Map collide in Immutable's own hash (for example 'Aa' and 'BB'): removing one and setting the other writes into the original Map too. Replace that withMutations batch with separate set and remove calls.",
    );
    this.name = 'ParentChangedError';
  }
}

const TAG_UNDEFINED = 0x1;
const TAG_NULL = 0x2;
const TAG_FALSE = 0x3;
const TAG_TRUE = 0x4;
const TAG_INT = 0x5;
const TAG_FLOAT = 0x6;
const TAG_STRING = 0x7;
const TAG_BIGINT = 0x8;
const TAG_RECORD = 0x11;
const TAG_LIST = 0x12;
const TAG_MAP = 0x13;
const TAG_ORDERED_MAP = 0x14;
const TAG_SET = 0x15;
const TAG_ORDERED_SET = 0x16;
const TAG_STACK = 0x17;
const TAG_RECORD_KEY = 0x18;

function mixA(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixB(h: number, k: number): number {
  k = Math.imul(k, 0x85ebca77);
  k = (k << 13) | (k >>> 19);
  k = Math.imul(k, 0x9e3779b1);
  h ^= k;
  h = (h << 17) | (h >>> 15);
  return (Math.imul(h, 9) + 0x27d4eb2f) | 0;
}

function finalA(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function finalB(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  return (h ^ (h >>> 15)) | 0;
}

const floatView = new DataView(new ArrayBuffer(8));

function hashString(tag: number, s: string): void {
  let a = mixA(0x3c6ef372, tag);
  let b = mixB(0x5be0cd19, tag);
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = mixA(a, w);
    b = mixB(b, w);
  }
  if (i < n) {
    a = mixA(a, s.charCodeAt(i));
    b = mixB(b, s.charCodeAt(i));
  }
  fpHi = finalA(a ^ n);
  fpLo = finalB(b ^ n);
}

/**
 * String fingerprints, cached: states repeat the same few strings ('working', 'prepared', node
 * names, message keys) millions of times, and a Map lookup (V8 keeps each string's own hash)
 * is cheaper than hashing the characters again. Bounded, so a model that makes endless new
 * strings does not grow it without end.
 */
const stringIndex = new Map<string, number>();
const STRING_CACHE = 1 << 16;
const stringHashes = new Int32Array(2 * STRING_CACHE);

function hashStringCached(s: string): void {
  const i = stringIndex.get(s);
  if (i !== undefined) {
    fpHi = stringHashes[i]!;
    fpLo = stringHashes[i + 1]!;
    return;
  }
  hashString(TAG_STRING, s);
  if (stringIndex.size < STRING_CACHE && s.length <= 256) {
    const at = 2 * stringIndex.size;
    stringHashes[at] = fpHi;
    stringHashes[at + 1] = fpLo;
    stringIndex.set(s, at);
  }
}

function hashWords(tag: number, w1: number, w2: number): void {
  fpHi = finalA(mixA(mixA(0x3c6ef372, tag), w1) ^ w2);
  fpLo = finalB(mixB(mixB(0x5be0cd19, tag), w2) ^ w1);
}

/**
 * Computes the fingerprint of `v` into `fpHi`/`fpLo`. Throws `StateValueError` for values a
 * state may not hold (plain objects, arrays, class instances, functions, symbols).
 */
export function fingerprintInto(v: unknown): void {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v) hashWords(TAG_INT, v, 0x6a09e667);
      else {
        floatView.setFloat64(0, v, true);
        hashWords(TAG_FLOAT, floatView.getInt32(0, true), floatView.getInt32(4, true));
      }
      return;
    case 'string':
      hashStringCached(v);
      return;
    case 'boolean':
      hashWords(v ? TAG_TRUE : TAG_FALSE, 0, 0);
      return;
    case 'undefined':
      hashWords(TAG_UNDEFINED, 0, 0);
      return;
    case 'bigint':
      hashString(TAG_BIGINT, v.toString());
      return;
    case 'object':
      if (v === null) {
        hashWords(TAG_NULL, 0, 0);
        return;
      }
      hashObject(v as Record<symbol, number>);
      return;
    case 'function':
      throw new StateValueError('a function');
    default:
      throw new StateValueError(`a ${typeof v}`);
  }
}

function hashObject(o: Record<symbol, number>): void {
  const cached = o[HI];
  if (cached !== undefined) {
    fpHi = cached;
    fpLo = o[LO]!;
    return;
  }
  // A record type's shape sits on its prototype: one lookup says "record" and gives the shape.
  const shape = (o as unknown as { [RECORD_SEED]?: RecordShape })[RECORD_SEED];
  if (shape !== undefined) hashRecord(o as never, shape);
  else if (isRecord(o)) hashRecord(o as never, recordShape(o as never));
  else if (isList(o)) hashList(o as never);
  else if (isMap(o)) {
    if (isOrdered(o)) hashOrderedMap(o as never);
    else hashUnordered(o as never, false, TAG_MAP);
  } else if (isSet(o)) {
    if (isOrdered(o)) hashSequence(TAG_ORDERED_SET, o as never);
    else hashUnordered(setMap(o), true, TAG_SET);
  } else if (isStack(o)) hashSequence(TAG_STACK, o as never);
  else throw new StateValueError(describeForeign(o));
  remember(o);
}

/*
 * Caching a fingerprint on an object adds two properties to it, which costs V8 more than hashing
 * the few parts a successor changed (a new map for the object and room for the properties). Most
 * successors are states seen before and soon garbage: the search hashes them with the caching
 * deferred (`fingerprintDeferred`) and caches only for the new ones (`keepFingerprints`).
 */
let deferring = false;
/**
 * The objects the last deferred call hashed, with their fingerprints. (Entries past `pending`
 * are left from earlier calls: at most one successor's new objects stay reachable from here.)
 */
const pendingObjects: object[] = [];
let pendingHi = new Int32Array(64);
let pendingLo = new Int32Array(64);
let pending = 0;

/** Caches fpHi/fpLo on `o`, or notes them while caching is deferred. */
function remember(o: Record<symbol, number>): void {
  if (deferring) {
    if (pending === pendingHi.length) {
      const hi = new Int32Array(2 * pending);
      const lo = new Int32Array(2 * pending);
      hi.set(pendingHi);
      lo.set(pendingLo);
      pendingHi = hi;
      pendingLo = lo;
    }
    pendingObjects[pending] = o;
    pendingHi[pending] = fpHi;
    pendingLo[pending] = fpLo;
    pending++;
  } else if (Object.isExtensible(o)) {
    o[HI] = fpHi;
    o[LO] = fpLo;
  }
}

/**
 * `fingerprintSuccessor(v, parent)` without caching anything on the objects it hashes (the
 * fingerprints it would cache wait until `keepFingerprints`, and are dropped by the next call).
 */
export function fingerprintDeferred(v: unknown, parent: unknown): void {
  pending = 0;
  deferring = true;
  try {
    fingerprintSuccessor(v, parent);
  } finally {
    deferring = false;
  }
}

/** Caches the fingerprints the last `fingerprintDeferred` computed (its value is a new state). */
export function keepFingerprints(): void {
  const hiNow = fpHi;
  const loNow = fpLo;
  for (let i = 0; i < pending; i++) {
    const o = pendingObjects[i] as Record<symbol, number>;
    if (Object.isExtensible(o)) {
      o[HI] = pendingHi[i]!;
      o[LO] = pendingLo[i]!;
    }
  }
  pending = 0;
  fpHi = hiNow;
  fpLo = loNow;
}

interface RecordLike {
  readonly _keys: readonly string[];
  readonly _values: ListLike;
  readonly _defaultValues: Readonly<Record<string, unknown>>;
  get(key: string): unknown;
}

/** Immutable's List internals, read only on the fast path below. */
interface ListLike {
  readonly size: number;
  readonly _origin: number;
  readonly _capacity: number;
  readonly _tail?: { readonly array: readonly unknown[] };
}

/**
 * The elements of a small List as the array Immutable keeps them in, or `undefined` when the
 * List is not laid out that way. A List of at most 32 elements starting at origin 0 keeps them
 * all in its tail node; reading it directly is several times faster than `forEach`, which
 * matters because every new state hashes its changed Lists and Records. Tested against the
 * public API in test/checker/fingerprint.test.ts, so an Immutable upgrade that changes the
 * layout shows up there.
 */
function smallListArray(l: ListLike): readonly unknown[] | undefined {
  if (l._origin !== 0 || l._capacity > 32 || l._capacity !== l.size) return undefined;
  return l._tail?.array;
}

/*
 * Records, Lists, Maps and Sets hash as sums: each part (a field, an element at its index, an
 * entry) contributes one well-mixed term per lane, and the collection's fingerprint is the sum of
 * its terms and a term for its kind and size (32-bit sums per lane, as in Zobrist hashing). A sum
 * can be updated: a successor that differs from its parent in one element is hashed from the
 * parent's fingerprint by taking that element's old term out and putting its new one in
 * (`fingerprintSuccessor`), instead of hashing every element again. Stacks, OrderedMaps and
 * OrderedSets (rare in states) hash as one chain of mixes.
 */

/** Term outputs of the functions below; read them at once. */
let tA = 0;
let tB = 0;

function kindTerm(tag: number, size: number): void {
  tA = finalA(mixA(mixA(0x3c6ef372, tag), size));
  tB = finalB(mixB(mixB(0x5be0cd19, tag), size));
}

function indexTerm(i: number, hA: number, hB: number): void {
  tA = finalA(mixA(mixA(0x6a09e667, i), hA));
  tB = finalB(mixB(mixB(0xbb67ae85, i), hB));
}

function elementTerm(hA: number, hB: number): void {
  tA = finalA(mixA(0x9b05688c, hA));
  tB = finalB(mixB(0x5be0cd19, hB));
}

/** A record field's term: `kA`/`kB` is the hash of its key (RecordShape), `hA`/`hB` its value's. */
function fieldTerm(kA: number, kB: number, hA: number, hB: number): void {
  tA = finalA(mixA(kA, hA));
  tB = finalB(mixB(kB, hB));
}

function entryTerm(kA: number, kB: number, vA: number, vB: number): void {
  tA = finalA(mixA(mixA(0x510e527f, kA), vA));
  tB = finalB(mixB(mixB(0x1f83d9ab, kB), vB));
}

/** What hashing a record type needs, computed once per type (prototype). */
interface RecordShape {
  /** Per field, in declaration order: the hash of its key (the seed of its term). */
  readonly keyA: Int32Array;
  readonly keyB: Int32Array;
  /** Hash of the sorted key names. */
  readonly seedA: number;
  readonly seedB: number;
}

/**
 * A field's term depends on its key, not on its position: `Immutable.is` treats two Records with
 * the same keys and values as equal whatever order their types declare the keys in, and equal
 * values must have equal fingerprints.
 */
function recordShape(r: RecordLike): RecordShape {
  const proto = Object.getPrototypeOf(r) as { [RECORD_SEED]?: RecordShape };
  let shape = Object.prototype.hasOwnProperty.call(proto, RECORD_SEED) ? proto[RECORD_SEED] : undefined;
  if (shape === undefined) {
    const keys = r._keys;
    const keyA = new Int32Array(keys.length);
    const keyB = new Int32Array(keys.length);
    keys.forEach((k, i) => {
      hashString(TAG_RECORD_KEY, k);
      keyA[i] = fpHi;
      keyB[i] = fpLo;
    });
    hashString(TAG_RECORD, [...keys].sort().join('\u0000'));
    shape = { keyA, keyB, seedA: fpHi, seedB: fpLo };
    Object.defineProperty(proto, RECORD_SEED, { value: shape, enumerable: false });
  }
  return shape;
}

function hashRecord(r: RecordLike, shape: RecordShape): void {
  let a = shape.seedA;
  let b = shape.seedB;
  const keys = r._keys;
  const { keyA, keyB } = shape;
  const values = r._values !== undefined ? smallListArray(r._values) : undefined;
  const fast = values !== undefined && r._values.size === keys.length;
  for (let i = 0; i < keys.length; i++) {
    let v: unknown;
    if (fast) {
      v = values[i];
      if (v === undefined) v = r._defaultValues[keys[i]!];
    } else v = r.get(keys[i]!);
    fingerprintInto(v);
    fieldTerm(keyA[i]!, keyB[i]!, fpHi, fpLo);
    a = (a + tA) | 0;
    b = (b + tB) | 0;
  }
  fpHi = a;
  fpLo = b;
}

interface Iterable1 {
  readonly size: number;
  forEach(f: (v: unknown, k: unknown) => unknown): number;
}

function hashList(l: ListLike & Iterable1): void {
  kindTerm(TAG_LIST, l.size);
  let a = tA;
  let b = tB;
  const array = smallListArray(l);
  if (array !== undefined) {
    for (let i = 0; i < l.size; i++) {
      fingerprintInto(array[i]);
      indexTerm(i, fpHi, fpLo);
      a = (a + tA) | 0;
      b = (b + tB) | 0;
    }
  } else {
    let i = 0;
    l.forEach((v) => {
      fingerprintInto(v);
      indexTerm(i++, fpHi, fpLo);
      a = (a + tA) | 0;
      b = (b + tB) | 0;
    });
  }
  fpHi = a;
  fpLo = b;
}

// Accumulators for the forEach callbacks of the chained hashes: module-level, so no closure is
// allocated per collection hashed. Each hasher saves and restores them, because elements may be
// collections.
let accA = 0;
let accB = 0;

function mixOrdered(v: unknown): void {
  fingerprintInto(v);
  accA = mixA(accA, fpHi);
  accB = mixB(accB, fpLo);
}

function mixOrderedEntry(v: unknown, k: unknown): void {
  fingerprintInto(k);
  accA = mixA(accA, fpHi);
  accB = mixB(accB, fpLo);
  fingerprintInto(v);
  accA = mixA(accA, fpHi);
  accB = mixB(accB, fpLo);
}

/** Stacks and OrderedSets: one chain of mixes over the elements in order. */
function hashSequence(tag: number, c: Iterable1): void {
  const saveA = accA;
  const saveB = accB;
  accA = mixA(0x3c6ef372, tag);
  accB = mixB(0x5be0cd19, tag);
  c.forEach(mixOrdered);
  fpHi = finalA(accA ^ c.size);
  fpLo = finalB(accB ^ c.size);
  accA = saveA;
  accB = saveB;
}

function hashOrderedMap(c: Iterable1): void {
  const saveA = accA;
  const saveB = accB;
  accA = mixA(0x3c6ef372, TAG_ORDERED_MAP);
  accB = mixB(0x5be0cd19, TAG_ORDERED_MAP);
  c.forEach(mixOrderedEntry);
  fpHi = finalA(accA ^ c.size);
  fpLo = finalB(accB ^ c.size);
  accA = saveA;
  accB = saveB;
}

/** A node of Immutable's Map trie, as far as hashing reads it. */
interface TrieNode {
  /** Array map and hash collision nodes: their entries. */
  readonly entries?: readonly (readonly [unknown, unknown])[];
  /** Value nodes: their one entry. */
  readonly entry?: readonly [unknown, unknown];
  /** Bitmap-indexed and hash-array nodes: their children (holes in hash-array nodes). */
  readonly nodes?: readonly (TrieNode | undefined)[];
  /** Bitmap-indexed nodes: which of the 32 hash slots hold a child (in slot order). */
  readonly bitmap?: number;
  /** The withMutations batch that made the node, if one did. */
  readonly ownerID?: object;
}

interface MapLike {
  readonly size: number;
  readonly _root?: TrieNode;
}

/** Whether Map and Set tries can be walked directly (Immutable laid out as expected). */
const walkTries = immutableInternals() !== undefined;

/** The term of one entry: of its value alone in a Set (whose entries are [value, value]). */
function termOf(e: readonly [unknown, unknown], isSet: boolean): void {
  if (isSet) {
    fingerprintInto(e[0]);
    elementTerm(fpHi, fpLo);
    return;
  }
  fingerprintInto(e[0]);
  const kA = fpHi;
  const kB = fpLo;
  fingerprintInto(e[1]);
  entryTerm(kA, kB, fpHi, fpLo);
}

/** The sum of the terms of the entries under `node`, into tA/tB. */
function trieSum(node: TrieNode, isSet: boolean): void {
  let a = 0;
  let b = 0;
  const entries = node.entries;
  if (entries !== undefined) {
    for (let i = 0; i < entries.length; i++) {
      termOf(entries[i]!, isSet);
      a = (a + tA) | 0;
      b = (b + tB) | 0;
    }
  } else if (node.entry !== undefined) {
    termOf(node.entry, isSet);
    return;
  } else {
    const nodes = node.nodes!;
    for (let i = 0; i < nodes.length; i++) {
      const child = nodes[i];
      if (child === undefined) continue;
      trieSum(child, isSet);
      a = (a + tA) | 0;
      b = (b + tB) | 0;
    }
  }
  tA = a;
  tB = b;
}

/** Order-independent: Immutable's Map iterates in an order that depends on its history. */
function hashUnordered(map: MapLike & Iterable1, isSet: boolean, tag: number): void {
  let a = 0;
  let b = 0;
  if (walkTries) {
    if (map._root !== undefined) {
      trieSum(map._root, isSet);
      a = tA;
      b = tB;
    }
  } else {
    map.forEach((v, k) => {
      termOf([k, v], isSet);
      a = (a + tA) | 0;
      b = (b + tB) | 0;
    });
  }
  kindTerm(tag, map.size);
  fpHi = (a + tA) | 0;
  fpLo = (b + tB) | 0;
}

/** The Map a Set keeps its elements in (as keys and values). */
function setMap(s: object): MapLike & Iterable1 {
  return (s as { _map: MapLike & Iterable1 })._map;
}

/**
 * The fingerprint of `v`, a successor of `parent`, into `fpHi`/`fpLo`: the same value
 * `fingerprintInto(v)` computes, but where `v` is a Record, List, Map or Set made from the
 * corresponding collection of `parent` (whose fingerprint is known), only the parts that are not
 * the parent's own objects are hashed. A state's successor shares all but the path to its change
 * with the state (structural sharing), so this hashes a few terms instead of every element.
 */
export function fingerprintSuccessor(v: unknown, parent: unknown): void {
  if (v !== parent && typeof v === 'object' && v !== null && typeof parent === 'object' && parent !== null) {
    hashAgainst(v as Record<symbol, number>, parent as Record<symbol, number>);
  } else fingerprintInto(v);
}

function hashAgainst(o: Record<symbol, number>, p: Record<symbol, number>): void {
  const cached = o[HI];
  if (cached !== undefined) {
    fpHi = cached;
    fpLo = o[LO]!;
    return;
  }
  const pA = p[HI];
  if (pA === undefined || !updated(o, p, pA, p[LO]!)) {
    hashObject(o);
    return;
  }
  remember(o);
}

/** Computes o's fingerprint from p's (pA, pB) if o and p are collections of one kind; else false. */
function updated(o: object, p: object, pA: number, pB: number): boolean {
  const shape = (o as { [RECORD_SEED]?: RecordShape })[RECORD_SEED];
  if (shape !== undefined) return (o as RecordLike)._keys === (p as RecordLike)._keys && updateRecord(o as never, p as never, shape, pA, pB);
  if (isList(o)) return isList(p) && updateList(o as never, p as never, pA, pB);
  if (!walkTries || isOrdered(o)) return false;
  if (isMap(o)) return isMap(p) && !isOrdered(p) && updateTrie(o as never, p as never, false, TAG_MAP, pA, pB);
  if (isSet(o)) return isSet(p) && !isOrdered(p) && updateTrie(setMap(o), setMap(p), true, TAG_SET, pA, pB);
  return false;
}

function updateRecord(o: RecordLike, p: RecordLike, shape: RecordShape, pA: number, pB: number): boolean {
  const keys = o._keys;
  const ov = o._values !== undefined ? smallListArray(o._values) : undefined;
  const pv = p._values !== undefined ? smallListArray(p._values) : undefined;
  if (ov === undefined || pv === undefined || o._values.size !== keys.length || p._values.size !== keys.length) return false;
  let a = pA;
  let b = pB;
  for (let i = 0; i < keys.length; i++) {
    let x = ov[i];
    let y = pv[i];
    if (x === y) continue;
    // A field equal to its default is stored as undefined.
    if (x === undefined) x = o._defaultValues[keys[i]!];
    if (y === undefined) y = p._defaultValues[keys[i]!];
    if (x === y) continue;
    const kA = shape.keyA[i]!;
    const kB = shape.keyB[i]!;
    fingerprintInto(y);
    fieldTerm(kA, kB, fpHi, fpLo);
    a = (a - tA) | 0;
    b = (b - tB) | 0;
    fingerprintSuccessor(x, y);
    fieldTerm(kA, kB, fpHi, fpLo);
    a = (a + tA) | 0;
    b = (b + tB) | 0;
  }
  fpHi = a;
  fpLo = b;
  return true;
}

function updateList(o: ListLike, p: ListLike, pA: number, pB: number): boolean {
  const n = o.size;
  if (p.size !== n) return false;
  const ox = smallListArray(o);
  const px = smallListArray(p);
  if (ox === undefined || px === undefined) return false;
  let a = pA;
  let b = pB;
  for (let i = 0; i < n; i++) {
    const x = ox[i];
    const y = px[i];
    if (x === y) continue;
    fingerprintInto(y);
    indexTerm(i, fpHi, fpLo);
    a = (a - tA) | 0;
    b = (b - tB) | 0;
    fingerprintSuccessor(x, y);
    indexTerm(i, fpHi, fpLo);
    a = (a + tA) | 0;
    b = (b + tB) | 0;
  }
  fpHi = a;
  fpLo = b;
  return true;
}

/**
 * Maps and Sets: the parent's fingerprint with its kind/size term replaced and the difference of
 * the two tries added (`trieDelta`). Immutable rebuilds only the path from the root to a change
 * and shares every other node, so the difference is found by walking the two tries together and
 * skipping the nodes they share.
 */
function updateTrie(o: MapLike, p: MapLike, isSet: boolean, tag: number, pA: number, pB: number): boolean {
  const or = o._root;
  const pr = p._root;
  if (pr === undefined) return or === undefined && updateSize(o, p, tag, pA, pB);
  if (or === undefined) {
    // Emptied: hashed whole (it is empty), after checking the parent (a batch may have done it).
    checkParentTrie(p, pr, isSet, tag, pA, pB);
    return false;
  }
  // Immutable edits trie nodes in place only inside withMutations, and then (5.2.1) can write
  // into a [key, value] pair the parent shares: a hash-collision node shrunk to one entry inside a
  // batch becomes a value node holding the parent's pair, and setting that key writes into it.
  // That changes the parent state itself, so no update from its fingerprint can be right. A batch
  // leaves the root either made by it (it carries the batch's owner) or collapsed to one of the
  // parent's own leaves (another kind of node than the parent's root); either way the child is
  // hashed whole and the parent checked against its fingerprint (ParentChangedError). Updates
  // outside a batch copy what they change.
  if ((or !== pr && or.ownerID !== undefined) || or.constructor !== pr.constructor) {
    checkParentTrie(p, pr, isSet, tag, pA, pB);
    return false;
  }
  trieDelta(or, pr, isSet);
  const dA = tA;
  const dB = tB;
  updateSize(o, p, tag, pA, pB);
  fpHi = (fpHi + dA) | 0;
  fpLo = (fpLo + dB) | 0;
  return true;
}

/** Throws ParentChangedError unless p's trie still sums to p's fingerprint (pA, pB). */
function checkParentTrie(p: MapLike, pr: TrieNode, isSet: boolean, tag: number, pA: number, pB: number): void {
  trieSum(pr, isSet);
  const a = tA;
  const b = tB;
  kindTerm(tag, p.size);
  if (((a + tA) | 0) !== pA || ((b + tB) | 0) !== pB) throw new ParentChangedError();
}

/** p's fingerprint with its kind/size term replaced by o's, into fpHi/fpLo. */
function updateSize(o: MapLike, p: MapLike, tag: number, pA: number, pB: number): boolean {
  kindTerm(tag, p.size);
  const a = (pA - tA) | 0;
  const b = (pB - tB) | 0;
  kindTerm(tag, o.size);
  fpHi = (a + tA) | 0;
  fpLo = (b + tB) | 0;
  return true;
}

/** The term of entry x, which replaces y (same key: its value is hashed against y's). */
function replacingTerm(x: readonly [unknown, unknown], y: readonly [unknown, unknown] | undefined, isSet: boolean): void {
  if (isSet || y === undefined || x[0] !== y[0]) {
    termOf(x, isSet);
    return;
  }
  fingerprintInto(x[0]);
  const kA = fpHi;
  const kB = fpLo;
  fingerprintSuccessor(x[1], y[1]);
  entryTerm(kA, kB, fpHi, fpLo);
}

/**
 * The sum of the terms under node o minus that under node p, into tA/tB (an absent node sums to
 * 0). Nodes of one kind are compared part by part: entry arrays position by position (any
 * alignment gives the right difference; Immutable keeps unchanged entries in place), bitmap nodes
 * slot by hash slot, hash-array nodes index by index. Nodes of different kinds (a slot that grew
 * from one value into a sub-trie) are summed whole.
 */
function trieDelta(o: TrieNode | undefined, p: TrieNode | undefined, isSet: boolean): void {
  if (o === p) {
    tA = 0;
    tB = 0;
    return;
  }
  if (p === undefined) {
    trieSum(o!, isSet);
    return;
  }
  if (o === undefined) {
    trieSum(p, isSet);
    tA = -tA | 0;
    tB = -tB | 0;
    return;
  }
  let a = 0;
  let b = 0;
  const oe = o.entries;
  const pe = p.entries;
  if (oe !== undefined && pe !== undefined) {
    const n = Math.max(oe.length, pe.length);
    for (let i = 0; i < n; i++) {
      const x = oe[i];
      const y = pe[i];
      if (x === y) continue;
      if (y !== undefined) {
        termOf(y, isSet);
        a = (a - tA) | 0;
        b = (b - tB) | 0;
      }
      if (x !== undefined) {
        replacingTerm(x, y, isSet);
        a = (a + tA) | 0;
        b = (b + tB) | 0;
      }
    }
  } else if (o.entry !== undefined && p.entry !== undefined) {
    termOf(p.entry, isSet);
    a = -tA | 0;
    b = -tB | 0;
    replacingTerm(o.entry, p.entry, isSet);
    a = (a + tA) | 0;
    b = (b + tB) | 0;
  } else if (o.bitmap !== undefined && p.bitmap !== undefined) {
    const ob = o.bitmap;
    const pb = p.bitmap;
    for (let bits = ob | pb; bits !== 0; bits &= bits - 1) {
      const bit = bits & -bits;
      const oc = (ob & bit) !== 0 ? o.nodes![popcount(ob & (bit - 1))] : undefined;
      const pc = (pb & bit) !== 0 ? p.nodes![popcount(pb & (bit - 1))] : undefined;
      if (oc === pc) continue;
      trieDelta(oc, pc, isSet);
      a = (a + tA) | 0;
      b = (b + tB) | 0;
    }
  } else if (o.nodes !== undefined && p.nodes !== undefined && o.bitmap === undefined && p.bitmap === undefined) {
    const on = o.nodes;
    const pn = p.nodes;
    for (let i = 0, n = Math.max(on.length, pn.length); i < n; i++) {
      if (on[i] === pn[i]) continue;
      trieDelta(on[i], pn[i], isSet);
      a = (a + tA) | 0;
      b = (b + tB) | 0;
    }
  } else {
    trieSum(p, isSet);
    a = -tA | 0;
    b = -tB | 0;
    trieSum(o, isSet);
    a = (a + tA) | 0;
    b = (b + tB) | 0;
  }
  tA = a;
  tB = b;
}

function describeForeign(o: object): string {
  if (Array.isArray(o)) return 'an array (use Immutable List)';
  if (isImmutable(o)) return 'a lazy Immutable Seq (call .toList(), .toMap() or .toSet() first)';
  const proto = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) return 'a plain object (use an Immutable Record or Map)';
  const name = (proto?.constructor?.name as string | undefined) ?? 'unknown';
  if (o instanceof globalThis.Map) return 'a JavaScript Map (use Immutable Map)';
  if (o instanceof globalThis.Set) return 'a JavaScript Set (use Immutable Set)';
  return `an instance of class ${name} (state may hold only Immutable values and primitives)`;
}

/**
 * Whether `o` carries its fingerprint; if so it is in `fpHi`/`fpLo`. For the frontier codec,
 * which keeps the fingerprints of a state's parts so that a decoded state hashes its successors
 * as cheaply as the original would have.
 */
export function readCachedFingerprint(o: object): boolean {
  const hi = (o as Record<symbol, number>)[HI];
  if (hi === undefined) return false;
  fpHi = hi;
  fpLo = (o as Record<symbol, number>)[LO]!;
  return true;
}

/** Gives `o` the fingerprint (hi, lo), which must be the one `fingerprintInto` computes. */
export function cacheFingerprint(o: object, hi: number, lo: number): void {
  (o as Record<symbol, number>)[HI] = hi;
  (o as Record<symbol, number>)[LO] = lo;
}

/** The fingerprint of `v` as a 16-digit hex string (for reports and tests). */
export function fingerprintHex(v: unknown): string {
  fingerprintInto(v);
  return (fpHi >>> 0).toString(16).padStart(8, '0') + (fpLo >>> 0).toString(16).padStart(8, '0');
}
