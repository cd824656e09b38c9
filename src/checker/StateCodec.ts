import { is, isList, isMap, isRecord, isSet, List, Map, Set } from 'immutable';
import { cacheFingerprint, fingerprintInto, fpHi, fpLo, readCachedFingerprint } from './fingerprint.ts';
import { type AnyNode, immutableInternals, type Internals, smallList } from './immutableInternals.ts';
import { popcount } from './popcount.ts';
import { sharedId, sharedLike, sharedValue } from './sharedValues.ts';

/**
 * States as bytes, for the search frontier: a breadth-first level of a large model holds
 * hundreds of thousands of states, and as Immutable objects each costs several hundred bytes of
 * heap that the garbage collector copies and marks again and again. Encoded, a TwoPhase state is
 * a few dozen bytes in a typed array the collector never looks into.
 *
 * The decoded state must behave exactly like the original, not merely be `Immutable.is`-equal:
 * the search records paths as action indices, and a model that lists actions by iterating a Set
 * would list them in another order if the Set were rebuilt with another internal layout (an
 * Immutable Map that grew past 8 entries iterates in hash order even after it shrinks, a small
 * one in insertion order). So Maps and Sets are written node by node (array, bitmap, hash-array,
 * value and collision nodes, with their bitmaps and key hashes) and rebuilt node for node.
 * Lists, Records and scalars are rebuilt from their elements (their behaviour is positional).
 * Anything else (OrderedMap, OrderedSet, Stack, Seq, a Set whose values are not its keys, a
 * layout this version does not know) is kept as the object itself, so the codec is never wrong,
 * only sometimes less compact.
 *
 * Each collection's fingerprint travels with it, so hashing the successors of a decoded state
 * costs what it costs for the original (only the changed parts are hashed).
 */

const T_UNDEFINED = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_INT = 4;
const T_FLOAT = 5;
const T_STRING = 6;
const T_KEPT = 7;
const T_RECORD = 8;
const T_LIST = 9;
const T_MAP = 10;
const T_SET = 11;
const T_INLINE_STRING = 12;
/** A shared value (sharedValues.ts), by its number. */
const T_SHARED = 13;
/** Strings numbered per codec (the rest are written out): the table lives as long as the search. */
const STRING_TABLE = 1 << 16;
/** On a collection's tag: its fingerprint (two 32-bit words) follows. */
const HAS_FP = 0x80;

const N_ARRAY = 0;
const N_BITMAP = 1;
const N_HASH_ARRAY = 2;
const N_VALUE = 3;
const N_COLLISION = 4;

let internals: Internals | null | undefined;

/**
 * States written for another thread's codec (`StateCodec.pack`, `unpack`): numbered strings and
 * record types are thread-local, so the pack carries its own string table and names each record
 * type by a signature the receiving thread matches against the types it has met.
 */
export interface StatePack {
  readonly bytes: Uint8Array;
  /** Where each state's encoding ends in `bytes`; -1: this one could not be packed. */
  readonly ends: readonly number[];
  readonly strings: readonly string[];
  /** Per record type in the pack: its signature ('' when no other thread can tell it apart). */
  readonly records: readonly string[];
}

/** Stands for a record type of a pack this thread cannot identify. */
const UNKNOWN_RECORD = {};

/** Thrown while unpacking a record whose type the receiving thread cannot identify. */
class UnknownRecordType extends Error {}

/**
 * A record type as another thread can recognise it: its class's name, the record's name, keys
 * and the fingerprint of its defaults (a field equal to its default is stored as undefined, so
 * the defaults are part of what a record's values mean). Undefined when the defaults cannot be
 * fingerprinted.
 */
function recordSignature(proto: object): string | undefined {
  if (signatures.has(proto)) return signatures.get(proto);
  const sig = computeSignature(proto);
  signatures.set(proto, sig);
  return sig;
}

const signatures = new WeakMap<object, string | undefined>();

function computeSignature(proto: object): string | undefined {
  const p = proto as { _keys?: string[]; _name?: string; _defaultValues?: Record<string, unknown>; constructor?: { name?: string } };
  if (!Array.isArray(p._keys) || p._defaultValues === undefined) return undefined;
  try {
    fingerprintInto(List(p._keys.map((k) => p._defaultValues![k])));
  } catch {
    return undefined;
  }
  return `${p.constructor?.name ?? ''}\u0000${p._name ?? ''}\u0000${p._keys.join('\u0001')}\u0000${fpHi}:${fpLo}`;
}

/** The types among `protos` whose signature no other of them shares, by signature. */
function uniqueSignatures(protos: Iterable<object>): globalThis.Map<string, object | null> {
  const bySignature = new globalThis.Map<string, object | null>();
  for (const proto of new globalThis.Set(protos)) {
    const sig = recordSignature(proto);
    if (sig !== undefined) bySignature.set(sig, bySignature.has(sig) ? null : proto);
  }
  return bySignature;
}

/** Iteration order of a sample collection (keys of Maps, values of Sets and Lists). */
function order(x: unknown): unknown[] {
  return isMap(x) ? [...x.keys()] : [...(x as Iterable<unknown>)];
}

/** A sample collection after a few more updates, which must land where they land in the original. */
function grown(x: unknown): unknown {
  if (isMap(x)) return x.set('zz', 1).set(99, 1).remove('Aa');
  if (isSet(x)) return x.add('zz').add(99).remove('Aa');
  if (isList(x)) return x.push('zz').set(0, 99).shift();
  return x;
}

/** Immutable's List internals, read for small Lists (as the fingerprint does). */
interface ListLike {
  readonly size: number;
  readonly _origin: number;
  readonly _capacity: number;
  readonly _tail?: { readonly array: readonly unknown[] };
  get(i: number): unknown;
}

interface RecordLike {
  readonly _values: ListLike;
}

/**
 * Encodes states into its own growing buffer (`bytes`, `length`) and decodes them from any
 * byte array. One codec per thread: strings and record types are numbered in the order met.
 */
export class StateCodec {
  bytes = new Uint8Array(1 << 12);
  length = 0;
  /** Where `decode` stopped. */
  end = 0;
  private readonly strings: string[] = [];
  private readonly stringIds = new globalThis.Map<string, number>();
  private readonly recordProtos: object[] = [];
  private readonly recordIds = new globalThis.Map<object, number>();
  private readonly kept = new globalThis.Map<number, unknown>();
  private nextKept = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);
  private readonly ix: Internals;
  private src: Uint8Array = this.bytes;
  private at = 0;

  /**
   * Writing or reading a pack for another thread. Shared values are numbered per thread, so a
   * pack writes them in full, and reading one gives back this thread's shared object for a
   * collection it cannot be told from (`sharedLike`).
   */
  private readonly forPack: boolean;

  private constructor(ix: Internals, forPack = false) {
    this.ix = ix;
    this.forPack = forPack;
  }

  /** A codec, or undefined when this Immutable's layout is not the one it knows. */
  static create(): StateCodec | undefined {
    if (internals === undefined) {
      internals = immutableInternals() ?? null;
      if (internals && !new StateCodec(internals).selfTest()) internals = null;
    }
    return internals ? new StateCodec(internals) : undefined;
  }

  /**
   * `states` written for another thread's codec (its `unpack`). A state that holds an object this
   * codec keeps whole cannot cross threads: its entry in `ends` is -1 (the receiver rebuilds it
   * some other way).
   */
  pack(states: readonly unknown[]): StatePack {
    const out = new StateCodec(this.ix, true);
    const ends: number[] = [];
    for (const state of states) {
      const start = out.length;
      out.value(state);
      if (out.nextKept === 0) ends.push(out.length);
      else {
        out.length = start;
        out.kept.clear();
        out.nextKept = 0;
        ends.push(-1);
      }
    }
    // A type is named by its signature only if no other type this thread has met shares it.
    const unique = uniqueSignatures([...this.recordProtos, ...out.recordProtos]);
    const records = out.recordProtos.map((proto) => {
      const sig = recordSignature(proto);
      return sig !== undefined && unique.get(sig) === proto ? sig : '';
    });
    return { bytes: out.bytes.slice(0, out.length), ends, strings: out.strings, records };
  }

  /**
   * The states of a pack another thread's codec wrote, with the record types this thread has met
   * (so the frontier's codec is the one to ask). A state holding a record type this thread cannot
   * identify (not met yet, or sharing its signature with another) comes back undefined, as do
   * states the sender could not pack.
   */
  unpack(pack: StatePack): (unknown | undefined)[] {
    const reader = new StateCodec(this.ix, true);
    reader.strings.push(...pack.strings);
    const unique = uniqueSignatures(this.recordProtos);
    for (const sig of pack.records) reader.recordProtos.push((sig !== '' && unique.get(sig)) || UNKNOWN_RECORD);
    const out: (unknown | undefined)[] = [];
    let start = 0;
    for (const end of pack.ends) {
      if (end < 0) {
        out.push(undefined);
        continue;
      }
      try {
        out.push(reader.decode(pack.bytes, start));
      } catch (e) {
        if (!(e instanceof UnknownRecordType)) throw e;
        out.push(undefined);
      }
      start = end;
    }
    return out;
  }

  /** Objects kept whole and not yet decoded (for tests). */
  get keptCount(): number {
    return this.kept.size;
  }

  /** Encodes `state` into `bytes[0, length)`. */
  encode(state: unknown): void {
    this.length = 0;
    this.value(state);
  }

  /** Decodes the state starting at `bytes[offset]`; `end` is then just past it. */
  decode(bytes: Uint8Array, offset: number): unknown {
    this.src = bytes;
    this.at = offset;
    const v = this.read();
    this.end = this.at;
    return v;
  }

  // ---- writing ----

  private u8(b: number): void {
    if (this.length === this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes[this.length++] = b;
  }

  private uint(n: number): void {
    while (n >= 0x80) {
      this.u8((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    this.u8(n);
  }

  private i32(n: number): void {
    this.u8(n & 0xff);
    this.u8((n >>> 8) & 0xff);
    this.u8((n >>> 16) & 0xff);
    this.u8(n >>> 24);
  }

  /** A collection's tag, with its fingerprint when it has one. */
  private tag(tag: number, o: object): void {
    if (readCachedFingerprint(o)) {
      const hi = fpHi;
      const lo = fpLo;
      this.u8(tag | HAS_FP);
      this.i32(hi);
      this.i32(lo);
    } else this.u8(tag);
  }

  private keep(v: unknown): void {
    this.u8(T_KEPT);
    this.uint(this.nextKept);
    this.kept.set(this.nextKept++, v);
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          this.u8(T_INT);
          this.uint(((v << 1) ^ (v >> 31)) >>> 0);
        } else {
          this.u8(T_FLOAT);
          this.f64[0] = v;
          for (let i = 0; i < 8; i++) this.u8(this.f64Bytes[i]!);
        }
        return;
      case 'string': {
        let id = this.stringIds.get(v);
        if (id === undefined && this.strings.length < STRING_TABLE) {
          id = this.strings.length;
          this.strings.push(v);
          this.stringIds.set(v, id);
        }
        if (id !== undefined) {
          this.u8(T_STRING);
          this.uint(id);
          return;
        }
        // The table is full (a model that makes ever new strings): write the characters.
        this.u8(T_INLINE_STRING);
        this.uint(v.length);
        for (let i = 0; i < v.length; i++) this.uint(v.charCodeAt(i));
        return;
      }
      case 'boolean':
        this.u8(v ? T_TRUE : T_FALSE);
        return;
      case 'undefined':
        this.u8(T_UNDEFINED);
        return;
      case 'object':
        if (v === null) this.u8(T_NULL);
        else this.object(v);
        return;
      default:
        this.keep(v);
    }
  }

  private object(o: object): void {
    if (!this.forPack) {
      const id = sharedId(o);
      if (id !== undefined) {
        this.u8(T_SHARED);
        this.uint(id);
        return;
      }
    }
    const proto = Object.getPrototypeOf(o) as object;
    const start = this.length;
    const keptBefore = this.nextKept;
    // A collection inside withMutations can still change: only the object itself is faithful.
    if ((o as { __ownerID?: unknown }).__ownerID !== undefined) {
      this.keep(o);
      return;
    }
    if (proto === this.ix.listProto) {
      this.tag(T_LIST, o);
      this.elements(o as unknown as ListLike);
    } else if (proto === this.ix.mapProto || proto === this.ix.setProto) {
      const isSet = proto === this.ix.setProto;
      const map = isSet ? (o as unknown as { _map: { size: number; _root?: AnyNode } })._map : (o as { size: number; _root?: AnyNode });
      this.tag(isSet ? T_SET : T_MAP, o);
      this.uint(map.size);
      if (map.size === 0 || this.node(map._root!, isSet)) return;
      // Not a layout this codec knows: drop what was written, and what was kept for it.
      this.length = start;
      while (this.nextKept > keptBefore) this.kept.delete(--this.nextKept);
      this.keep(o);
    } else if (isRecord(o) && (o as unknown as RecordLike)._values !== undefined) {
      let id = this.recordIds.get(proto);
      if (id === undefined) {
        id = this.recordProtos.length;
        this.recordProtos.push(proto);
        this.recordIds.set(proto, id);
      }
      this.tag(T_RECORD, o);
      this.uint(id);
      this.elements((o as unknown as RecordLike)._values);
    } else this.keep(o);
  }

  private elements(l: ListLike): void {
    const n = l.size;
    this.uint(n);
    const small = l._origin === 0 && l._capacity <= 32 && l._capacity === n ? l._tail?.array : undefined;
    if (small) for (let i = 0; i < n; i++) this.value(small[i]);
    else for (let i = 0; i < n; i++) this.value(l.get(i));
  }

  private entry(e: [unknown, unknown], isSet: boolean): boolean {
    this.value(e[0]);
    if (isSet) return e[1] === e[0];
    this.value(e[1]);
    return true;
  }

  /** Writes a Map node and its children; false when it is not a layout this codec knows. */
  private node(n: AnyNode, isSet: boolean): boolean {
    const ix = this.ix;
    const ctor = n.constructor;
    if (ctor === ix.arrayNode || ctor === ix.collisionNode) {
      const entries = n.entries!;
      if (ctor === ix.arrayNode) this.u8(N_ARRAY);
      else {
        this.u8(N_COLLISION);
        this.i32(n.keyHash!);
      }
      this.uint(entries.length);
      for (const e of entries) if (!this.entry(e, isSet)) return false;
      return true;
    }
    if (ctor === ix.valueNode) {
      this.u8(N_VALUE);
      this.i32(n.keyHash!);
      return this.entry(n.entry!, isSet);
    }
    if (ctor === ix.bitmapNode) {
      const nodes = n.nodes!;
      if (nodes.length !== popcount(n.bitmap!)) return false;
      this.u8(N_BITMAP);
      this.i32(n.bitmap!);
      for (const c of nodes) if (!c || !this.node(c, isSet)) return false;
      return true;
    }
    if (ctor === ix.hashArrayNode) {
      const nodes = n.nodes!;
      let present = 0;
      for (let i = 0; i < nodes.length; i++) if (nodes[i]) present |= 1 << i;
      this.u8(N_HASH_ARRAY);
      this.uint(n.count!);
      this.uint(nodes.length);
      this.i32(present);
      for (const c of nodes) if (c && !this.node(c, isSet)) return false;
      return true;
    }
    return false;
  }

  // ---- reading ----

  private readUint(): number {
    const src = this.src;
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = src[this.at++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  }

  private readI32(): number {
    const src = this.src;
    const at = this.at;
    this.at = at + 4;
    return src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24);
  }

  private read(): unknown {
    const tag = this.src[this.at++]!;
    switch (tag & 0x7f) {
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_INT: {
        const z = this.readUint();
        return (z >>> 1) ^ -(z & 1);
      }
      case T_FLOAT:
        for (let i = 0; i < 8; i++) this.f64Bytes[i] = this.src[this.at++]!;
        return this.f64[0];
      case T_STRING:
        return this.strings[this.readUint()];
      case T_INLINE_STRING: {
        const n = this.readUint();
        let text = '';
        const codes: number[] = [];
        for (let i = 0; i < n; i++) {
          codes.push(this.readUint());
          if (codes.length === 4096 || i === n - 1) {
            text += String.fromCharCode(...codes);
            codes.length = 0;
          }
        }
        return text;
      }
      case T_SHARED:
        return sharedValue(this.readUint());
      case T_KEPT: {
        const k = this.readUint();
        const v = this.kept.get(k);
        this.kept.delete(k);
        return v;
      }
      default:
        return this.collection(tag);
    }
  }

  private collection(tag: number): object {
    let hi = 0;
    let lo = 0;
    if (tag & HAS_FP) {
      hi = this.readI32();
      lo = this.readI32();
    }
    let o: object;
    switch (tag & 0x7f) {
      case T_LIST:
        o = smallList(this.ix, this.readElements());
        break;
      case T_RECORD: {
        const proto = this.recordProtos[this.readUint()]!;
        if (proto === UNKNOWN_RECORD) throw new UnknownRecordType();
        const r = Object.create(proto) as { _values: unknown; __ownerID: unknown };
        // The field order of Immutable's own makeRecord, so decoded records share its shape.
        r._values = smallList(this.ix, this.readElements());
        r.__ownerID = undefined;
        o = r;
        break;
      }
      case T_MAP:
      case T_SET: {
        const isSet = (tag & 0x7f) === T_SET;
        const size = this.readUint();
        // makeMap's and makeSet's field order, for the same reason.
        const map = Object.create(this.ix.mapProto) as Record<string, unknown>;
        map.size = size;
        map._root = size === 0 ? undefined : this.readNode(isSet);
        map.__ownerID = undefined;
        map.__hash = undefined;
        map.__altered = false;
        if (isSet) {
          const set = Object.create(this.ix.setProto) as Record<string, unknown>;
          set.size = size;
          set._map = map;
          set.__ownerID = undefined;
          o = set;
        } else o = map;
        break;
      }
      default:
        throw new Error(`internal: unknown state encoding tag ${tag}`);
    }
    if (tag & HAS_FP) {
      if (this.forPack) {
        const shared = sharedLike(o, hi, lo);
        if (shared !== undefined) return shared;
      }
      cacheFingerprint(o, hi, lo);
    }
    return o;
  }

  private readElements(): unknown[] {
    const n = this.readUint();
    // Pushed, not preallocated: a preallocated array is "holey" to V8, and Immutable's code slows
    // down when it meets both kinds of arrays.
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(this.read());
    return out;
  }

  private readEntry(isSet: boolean): [unknown, unknown] {
    const k = this.read();
    return [k, isSet ? k : this.read()];
  }

  private readNode(isSet: boolean): object {
    const ix = this.ix;
    const kind = this.src[this.at++]!;
    switch (kind) {
      case N_ARRAY:
      case N_COLLISION: {
        const keyHash = kind === N_COLLISION ? this.readI32() : 0;
        const n = this.readUint();
        const entries: [unknown, unknown][] = [];
        for (let i = 0; i < n; i++) entries.push(this.readEntry(isSet));
        return kind === N_ARRAY ? new ix.arrayNode(undefined, entries) : new ix.collisionNode(undefined, keyHash, entries);
      }
      case N_VALUE: {
        const keyHash = this.readI32();
        return new ix.valueNode(undefined, keyHash, this.readEntry(isSet));
      }
      case N_BITMAP: {
        const bitmap = this.readI32();
        const n = popcount(bitmap);
        const nodes: object[] = [];
        for (let i = 0; i < n; i++) nodes.push(this.readNode(isSet));
        return new ix.bitmapNode(undefined, bitmap, nodes);
      }
      case N_HASH_ARRAY: {
        const count = this.readUint();
        const length = this.readUint();
        const present = this.readI32();
        const nodes = new Array<object | undefined>(length);
        for (let i = 0; i < length; i++) nodes[i] = (present >>> i) & 1 ? this.readNode(isSet) : undefined;
        return new ix.hashArrayNode(undefined, count, nodes);
      }
      default:
        throw new Error(`internal: unknown Map node kind ${kind}`);
    }
  }

  /**
   * Round-trips a few values with every node kind and checks they come back equal, iterating in
   * the same order and growing the same way: if an Immutable upgrade changed what the codec
   * reads, the frontier keeps objects instead of decoding wrongly.
   */
  private selfTest(): boolean {
    const keys = ['Aa', 'BB', ...Array.from({ length: 40 }, (_, i) => (i % 3 ? i : `k${i}`))];
    const samples: unknown[] = [
      Set(keys),
      Map(keys.map((k, i) => [k, List([i, -i, i / 3, null, undefined, true])])),
      Set(keys.slice(0, 12)).remove('k0').remove(4).remove(5).remove(7).remove(8),
      Map(keys.slice(0, 5).map((k) => [k, 0])),
      List(keys),
      List(keys.slice(0, 7)),
    ];
    try {
      for (const s of samples) {
        this.encode(s);
        const copy = this.decode(this.bytes, 0);
        if (!is(copy, s) || this.end !== this.length) return false;
        if (!is(List(order(copy)), List(order(s))) || !is(List(order(grown(copy))), List(order(grown(s))))) return false;
      }
      return this.kept.size === 0;
    } catch {
      return false;
    }
  }
}
