import type { Decision } from './types.ts';

/**
 * A node's decisions, oldest first, as one string: a state holds a string per node instead of a
 * List per node, because every collection in a state costs hashing, encoding in the frontier and
 * decoding again, and decisions are read only by properties and reports.
 *
 * Each decision is a type letter and its value: `z` null, `t` true, `f` false, `n<number>;` (the
 * number's shortest text: exact, NaN and -0 included), `s<length>:<characters>` (any characters);
 * also `u` undefined and `b<digits>;` a bigint, which a JavaScript model can pass and a List of
 * decisions used to hold (anything else `decide` rejects: as text it would read back as other
 * decisions).
 * Equal Lists of decisions (as `Immutable.is` compares them: NaN equals NaN, 0 equals -0) give
 * equal strings and no others, since String(-0) is '0'; so a state's identity is unchanged (a
 * decision of -0 reads back as 0).
 */
export const NO_DECISIONS = '';

/** Whether `value` is a decision this encoding writes faithfully (decide() refuses the rest). */
export function isDecision(value: unknown): value is Decision {
  const t = typeof value;
  return value === null || t === 'string' || t === 'number' || t === 'boolean' || t === 'undefined' || t === 'bigint';
}

/** `encoded` with `decisions` appended. */
export function appendDecisions(encoded: string, decisions: readonly Decision[]): string {
  let out = encoded;
  for (const d of decisions) {
    if (d === null) out += 'z';
    else if (d === true) out += 't';
    else if (d === false) out += 'f';
    else if (typeof d === 'number') out += `n${d};`;
    else if (typeof d === 'string') out += `s${d.length}:${d}`;
    else if (d === undefined) out += 'u';
    else if (typeof d === 'bigint') out += `b${d};`;
    else throw new TypeError(`internal: ${typeof d} is not a decision`);
  }
  return out;
}

/** Decoded forms, bounded: a model that decides ever new values does not grow it without end. */
const decoded = new Map<string, readonly Decision[]>();
const DECODED_CACHE = 1 << 12;
const EMPTY: readonly Decision[] = Object.freeze([]);

/** The decisions in `encoded`, oldest first (shared: copy before handing it out). */
export function readDecisions(encoded: string): readonly Decision[] {
  if (encoded === NO_DECISIONS) return EMPTY;
  let out = decoded.get(encoded);
  if (out !== undefined) return out;
  const list: Decision[] = [];
  let at = 0;
  while (at < encoded.length) {
    const kind = encoded[at++];
    if (kind === 'z') list.push(null);
    else if (kind === 't') list.push(true);
    else if (kind === 'f') list.push(false);
    else if (kind === 'u') list.push(undefined as unknown as Decision);
    else if (kind === 'b') {
      const end = encoded.indexOf(';', at);
      list.push(BigInt(encoded.slice(at, end)) as unknown as Decision);
      at = end + 1;
    } else if (kind === 'n') {
      const end = encoded.indexOf(';', at);
      list.push(Number(encoded.slice(at, end)));
      at = end + 1;
    } else {
      const colon = encoded.indexOf(':', at);
      const length = Number(encoded.slice(at, colon));
      list.push(encoded.slice(colon + 1, colon + 1 + length));
      at = colon + 1 + length;
    }
  }
  if (decoded.size >= DECODED_CACHE) decoded.clear();
  decoded.set(encoded, list);
  return list;
}
