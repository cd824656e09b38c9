/**
 * Values many states hold as the very same object, numbered so that the frontier codec writes
 * a number for them and reads the object itself back (`StateCodec`). The protocol layer shares
 * the node slots its handler memo hands out: 292 of them make up every node of every state of
 * TwoPhase with 7 RMs, and a decoded state then holds them rather than copies (nothing to
 * rebuild, fingerprints already cached, memo hits by identity).
 *
 * The numbers are this thread's: a state packed for another thread is written out in full, and
 * read back as the receiver's own shared objects where it has them (`sharedLike`).
 */
import { fingerprintInto, fpHi, fpLo } from './fingerprint.ts';
import { indistinguishable } from './indistinguishable.ts';

const SHARED = Symbol('protocheck.sharedValue');
const objects: object[] = [];
/** Past this many, values are no longer shared (each stays alive as long as the thread). */
const LIMIT = 1 << 20;

/** The shared objects by the low word of their fingerprint (`sharedLike`). */
const byFingerprint = new Map<number, object[]>();

/** Numbers `v` for the codec, if it is an object that can carry the number. */
export function shareValue(v: unknown): void {
  if (typeof v !== 'object' || v === null || objects.length >= LIMIT) return;
  const o = v as { [SHARED]?: number; __ownerID?: unknown };
  // An object inside withMutations can still change; a frozen one cannot carry the number.
  if (o[SHARED] !== undefined || o.__ownerID !== undefined || !Object.isExtensible(o)) return;
  o[SHARED] = objects.length;
  objects.push(o);
  fingerprintInto(o);
  const lo = fpLo;
  const same = byFingerprint.get(lo);
  if (same) same.push(o);
  else byFingerprint.set(lo, [o]);
}

/**
 * The shared object that `o` (fingerprint hi, lo) cannot be told from, if any: a state another
 * thread packed holds copies of what this thread shares, and reading them back as this thread's
 * own objects keeps them shared (the handler memo finds them by identity).
 */
export function sharedLike(o: object, hi: number, lo: number): object | undefined {
  const same = byFingerprint.get(lo);
  if (same === undefined) return undefined;
  for (const s of same) {
    fingerprintInto(s);
    if (fpHi === hi && indistinguishable(s, o)) return s;
  }
  return undefined;
}

/** The shared object that `v` cannot be told from; else `v` itself, now shared (if it can be). */
export function share<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  fingerprintInto(v);
  const same = sharedLike(v, fpHi, fpLo);
  if (same !== undefined) return same as T;
  shareValue(v);
  return v;
}

/** The number of a shared object, else undefined. */
export function sharedId(o: object): number | undefined {
  return (o as { [SHARED]?: number })[SHARED];
}

/** The object numbered `id`. */
export function sharedValue(id: number): object {
  const o = objects[id];
  if (o === undefined) throw new Error(`internal: no shared value ${id}`);
  return o;
}
