import { isImmutable, isKeyed, isRecord } from 'immutable';
import { shortJson } from './shortJson.ts';

/**
 * An Immutable value as plain JSON for reports, like `toJS()` except for Map keys that are not
 * strings: a List key `["C", "L2"]` becomes the readable `[C, L2]` rather than `List [ "C", "L2" ]`;
 * and bigints, which JSON has no form for, become strings such as `"12n"`.
 */
export function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (!isImmutable(v)) return v;
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of (v as unknown as { toSeq(): Iterable<[string, unknown]> }).toSeq()) out[k] = toPlain(x);
    return out;
  }
  if (isKeyed(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v as Iterable<[unknown, unknown]>) out[typeof k === 'string' ? k : shortJson(toPlain(k))] = toPlain(x);
    return out;
  }
  return [...(v as Iterable<unknown>)].map(toPlain);
}
