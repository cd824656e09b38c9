import { isImmutable, isList, isMap, isOrdered, isRecord, isSet, isStack } from 'immutable';

/**
 * 64-bit fingerprints of state values, as two 32-bit lanes of murmur3-style mixing with
 * different constants. Stable across runs and machines (strings hash by char code, numbers by
 * their IEEE bytes in little-endian order), so fingerprints can be stored, compared between
 * workers and merged between machines.
 *
 * Immutable collections cache their fingerprint on the object itself: after `state.set(...)`
 * only the path from the root to the change is new, so hashing a successor costs about the
 * depth of the change, not the size of the state (structural sharing).
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
  else if (isList(o)) hashSequence(TAG_LIST, o as never);
  else if (isMap(o)) {
    if (isOrdered(o)) hashOrderedMap(o as never);
    else hashUnorderedMap(o as never);
  } else if (isSet(o)) {
    if (isOrdered(o)) hashSequence(TAG_ORDERED_SET, o as never);
    else hashUnorderedSet(o as never);
  } else if (isStack(o)) hashSequence(TAG_STACK, o as never);
  else throw new StateValueError(describeForeign(o));
  if (Object.isExtensible(o)) {
    o[HI] = fpHi;
    o[LO] = fpLo;
  }
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

/** What hashing a record type needs, computed once per type (prototype). */
interface RecordShape {
  /** Field indices in the sorted order of their keys. */
  readonly order: Int32Array;
  /** Hash of the sorted key names. */
  readonly seedA: number;
  readonly seedB: number;
}

/**
 * Fields are hashed in the sorted order of their keys, not in declaration order: `Immutable.is`
 * treats two Records with the same keys and values as equal whatever order their types declare
 * the keys in, and equal values must have equal fingerprints.
 */
function recordShape(r: RecordLike): RecordShape {
  const proto = Object.getPrototypeOf(r) as { [RECORD_SEED]?: RecordShape };
  let shape = Object.prototype.hasOwnProperty.call(proto, RECORD_SEED) ? proto[RECORD_SEED] : undefined;
  if (shape === undefined) {
    const keys = r._keys;
    const order = Int32Array.from(keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0)));
    hashString(TAG_RECORD, Array.from(order, (i) => keys[i]).join('\u0000'));
    shape = { order, seedA: fpHi, seedB: fpLo };
    Object.defineProperty(proto, RECORD_SEED, { value: shape, enumerable: false });
  }
  return shape;
}

function hashRecord(r: RecordLike, shape: RecordShape): void {
  let a = shape.seedA;
  let b = shape.seedB;
  const keys = r._keys;
  const order = shape.order;
  const values = r._values !== undefined ? smallListArray(r._values) : undefined;
  if (values !== undefined && r._values.size === keys.length) {
    for (let j = 0; j < order.length; j++) {
      const i = order[j]!;
      let v = values[i];
      if (v === undefined) v = r._defaultValues[keys[i]!];
      fingerprintInto(v);
      a = mixA(a, fpHi);
      b = mixB(b, fpLo);
    }
  } else {
    for (let j = 0; j < order.length; j++) {
      fingerprintInto(r.get(keys[order[j]!]!));
      a = mixA(a, fpHi);
      b = mixB(b, fpLo);
    }
  }
  fpHi = finalA(a);
  fpLo = finalB(b);
}

interface Iterable1 {
  readonly size: number;
  forEach(f: (v: unknown, k: unknown) => unknown): number;
}

// Accumulators for the forEach callbacks below: module-level, so no closure is allocated per
// collection hashed. Each hasher saves and restores them, because elements may be collections.
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

function addUnorderedElement(v: unknown): void {
  fingerprintInto(v);
  accA = (accA + finalA(mixA(0x9b05688c, fpHi))) | 0;
  accB = (accB + finalB(mixB(0x5be0cd19, fpLo))) | 0;
}

function addUnorderedEntry(v: unknown, k: unknown): void {
  fingerprintInto(k);
  const kh = fpHi;
  const kl = fpLo;
  fingerprintInto(v);
  accA = (accA + finalA(mixA(mixA(0x510e527f, kh), fpHi))) | 0;
  accB = (accB + finalB(mixB(mixB(0x1f83d9ab, kl), fpLo))) | 0;
}

function hashSequence(tag: number, c: Iterable1): void {
  const saveA = accA;
  const saveB = accB;
  accA = mixA(0x3c6ef372, tag);
  accB = mixB(0x5be0cd19, tag);
  const array = tag === TAG_LIST ? smallListArray(c as unknown as ListLike) : undefined;
  if (array !== undefined) {
    let a = accA;
    let b = accB;
    for (let i = 0; i < c.size; i++) {
      fingerprintInto(array[i]);
      a = mixA(a, fpHi);
      b = mixB(b, fpLo);
    }
    accA = a;
    accB = b;
  } else c.forEach(mixOrdered);
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

/** Order-independent: Immutable's `Map` iterates in an order that depends on its history. */
function hashUnorderedMap(c: Iterable1): void {
  const saveA = accA;
  const saveB = accB;
  accA = 0;
  accB = 0;
  c.forEach(addUnorderedEntry);
  fpHi = finalA(mixA(mixA(accA, TAG_MAP), c.size));
  fpLo = finalB(mixB(mixB(accB, TAG_MAP), c.size));
  accA = saveA;
  accB = saveB;
}

function hashUnorderedSet(c: Iterable1): void {
  const saveA = accA;
  const saveB = accB;
  accA = 0;
  accB = 0;
  c.forEach(addUnorderedElement);
  fpHi = finalA(mixA(mixA(accA, TAG_SET), c.size));
  fpLo = finalB(mixB(mixB(accB, TAG_SET), c.size));
  accA = saveA;
  accB = saveB;
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
