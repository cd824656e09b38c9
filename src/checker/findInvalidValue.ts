import { isList, isMap, isRecord, isSet, isStack } from 'immutable';
import { fingerprintInto, StateValueError } from './fingerprint.ts';

interface RecordLike {
  readonly _keys: readonly string[];
  get(key: string): unknown;
}

/**
 * Where in `state` the first value a state may not hold sits, as a path like
 * `rmState[2].vote`, with what it is. Slow; used only to explain a `StateValueError`.
 */
export function findInvalidValue(state: unknown): { path: string; what: string } | undefined {
  const visit = (v: unknown, path: string): { path: string; what: string } | undefined => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      if (typeof v === 'symbol') return { path: path || '(the state itself)', what: 'a symbol' };
      return undefined;
    }
    if (isRecord(v)) {
      for (const k of (v as unknown as RecordLike)._keys) {
        const r = visit((v as unknown as RecordLike).get(k), path ? `${path}.${k}` : k);
        if (r) return r;
      }
      return undefined;
    }
    if (isList(v) || isStack(v) || isSet(v)) {
      let i = 0;
      for (const x of v as Iterable<unknown>) {
        const r = visit(x, `${path}[${i++}]`);
        if (r) return r;
      }
      return undefined;
    }
    if (isMap(v)) {
      for (const [k, x] of v as Iterable<[unknown, unknown]>) {
        const label = typeof k === 'string' ? k : JSON.stringify(k) ?? String(k);
        const kr = visit(k, `${path}{key ${label}}`);
        if (kr) return kr;
        const r = visit(x, path ? `${path}.${label}` : label);
        if (r) return r;
      }
      return undefined;
    }
    try {
      fingerprintInto(v);
      return undefined;
    } catch (e) {
      if (e instanceof StateValueError) return { path: path || '(the state itself)', what: e.what };
      throw e;
    }
  };
  return visit(state, '');
}
