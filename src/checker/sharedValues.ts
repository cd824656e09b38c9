/**
 * Values many states hold as the very same object, numbered so that the frontier codec writes
 * a number for them and reads the object itself back (`StateCodec`). The protocol layer shares
 * the node slots its handler memo hands out: 292 of them make up every node of every state of
 * TwoPhase with 7 RMs, and a decoded state then holds them rather than copies (nothing to
 * rebuild, fingerprints already cached, memo hits by identity).
 *
 * The numbers are this thread's: a state packed for another thread is written out in full.
 */
const SHARED = Symbol('protocheck.sharedValue');
const objects: object[] = [];
/** Past this many, values are no longer shared (each stays alive as long as the thread). */
const LIMIT = 1 << 20;

/** Numbers `v` for the codec, if it is an object that can carry the number. */
export function shareValue(v: unknown): void {
  if (typeof v !== 'object' || v === null || objects.length >= LIMIT) return;
  const o = v as { [SHARED]?: number; __ownerID?: unknown };
  // An object inside withMutations can still change; a frozen one cannot carry the number.
  if (o[SHARED] !== undefined || o.__ownerID !== undefined || !Object.isExtensible(o)) return;
  o[SHARED] = objects.length;
  objects.push(o);
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
