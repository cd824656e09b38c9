import { isCollection, isRecord, type Collection } from 'immutable';

/**
 * Whether no code can tell `a` from `b` by looking at them (a handler, a model's `actions`): the same primitives (`Object.is`: -0 is not 0), and
 * collections of the same class holding such values in the same iteration order (two equal
 * Maps filled in different orders iterate differently), records of the same type field by
 * field. Stricter than `Immutable.is`, and that is the point: what was computed from one may
 * be reused for the other (the handler memo; shared values met again in a pack). False for
 * anything else, which only costs the reuse.
 */
export function indistinguishable(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (a === b) return true;
  const proto = Object.getPrototypeOf(a) as { _keys?: readonly string[] } | null;
  if (Object.getPrototypeOf(b) !== proto) return false;
  if (isRecord(a)) {
    const ra = a as unknown as { get(k: string): unknown };
    const rb = b as unknown as { get(k: string): unknown };
    for (const k of proto!._keys!) if (!indistinguishable(ra.get(k), rb.get(k))) return false;
    return true;
  }
  if (!isCollection(a)) return false;
  const ca = a as unknown as Collection<unknown, unknown> & { size?: number };
  const cb = b as unknown as Collection<unknown, unknown> & { size?: number };
  if (ca.size !== cb.size) return false;
  const ia = ca.entries()[Symbol.iterator]();
  const ib = cb.entries()[Symbol.iterator]();
  for (let x = ia.next(), y = ib.next(); !x.done; x = ia.next(), y = ib.next()) {
    if (y.done || !indistinguishable(x.value[0], y.value[0]) || !indistinguishable(x.value[1], y.value[1])) return false;
  }
  return true;
}
