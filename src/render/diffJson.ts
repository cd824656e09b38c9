import { shortJson } from './shortJson.ts';

/** One change between two states: where, and what it was and became. */
export interface Change {
  /** `B.received`, `network`, `rmState[2]`: the leading `nodes` of protocol states is left out. */
  readonly path: string;
  readonly op: 'set' | 'changed' | 'removed' | 'added-item' | 'removed-item';
  readonly before?: unknown;
  readonly after?: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  if (path === '' && key === 'nodes') return '';
  return path === '' ? key : `${path}.${key}`;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function isSortedSet(xs: readonly unknown[]): boolean {
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1] as string | number;
    const b = xs[i] as string | number;
    if (typeof a !== typeof b || !(a < b)) return false;
  }
  return xs.length > 1;
}

/**
 * What changed from `before` to `after` (plain JSON). Objects are compared key by key, lists of
 * records (the network) and sorted lists without repeats (sets) as multisets (`+`/`−` items),
 * other lists of primitives index by index.
 */
export function diffJson(before: unknown, after: unknown, path = ''): Change[] {
  if (same(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const out: Change[] = [];
    for (const key of Object.keys(after)) {
      const p = join(path, key);
      if (!(key in before)) {
        if (Array.isArray(after[key])) out.push(...diffJson([], after[key], p));
        else if (isPlainObject(after[key]) && p === '') out.push(...diffJson({}, after[key], p));
        else out.push({ path: p, op: 'set', after: after[key] });
      } else out.push(...diffJson(before[key], after[key], p));
    }
    for (const key of Object.keys(before)) {
      if (key in after) continue;
      const p = join(path, key);
      if (Array.isArray(before[key])) out.push(...diffJson(before[key], [], p));
      else out.push({ path: p, op: 'removed', before: before[key] });
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const structured = [...before, ...after].some((x) => typeof x === 'object' && x !== null);
    // A list of primitives is read by position (rmState[2]: working → prepared), unless both
    // sides are sorted without repeats: then it is a set written as a list (messages in flight,
    // votes), and what matters is which items came and went, not what moved to which index.
    if (!structured && before.length === after.length && !(isSortedSet(before) && isSortedSet(after))) {
      return after.flatMap((x, i) => (same(before[i], x) ? [] : [{ path: `${path}[${i}]`, op: 'changed' as const, before: before[i], after: x }]));
    }
    // Multiset difference: which items went, which came.
    const remaining = new Map<string, number>();
    for (const x of before) remaining.set(JSON.stringify(x), (remaining.get(JSON.stringify(x)) ?? 0) + 1);
    const added: unknown[] = [];
    for (const x of after) {
      const k = JSON.stringify(x);
      const n = remaining.get(k) ?? 0;
      if (n > 0) remaining.set(k, n - 1);
      else added.push(x);
    }
    const removed: unknown[] = [];
    const left = new Map(remaining);
    for (const x of before) {
      const k = JSON.stringify(x);
      const n = left.get(k) ?? 0;
      if (n > 0) {
        removed.push(x);
        left.set(k, n - 1);
      }
    }
    return [
      ...removed.map((x) => ({ path, op: 'removed-item' as const, before: x })),
      ...added.map((x) => ({ path, op: 'added-item' as const, after: x })),
    ];
  }
  if (before === undefined) return [{ path, op: 'set', after }];
  return [{ path, op: 'changed', before, after }];
}

/** A change as one line: `B.received: 0 → 1`, `network + A→B messenger(n=1)`. */
export function formatChange(c: Change): string {
  const where = c.path || '(state)';
  switch (c.op) {
    case 'set':
      return `${where} = ${shortJson(c.after)}`;
    case 'changed':
      return `${where}: ${shortJson(c.before)} → ${shortJson(c.after)}`;
    case 'removed':
      return `${where} removed (was ${shortJson(c.before)})`;
    case 'added-item':
      return `${where} + ${shortJson(c.after)}`;
    case 'removed-item':
      return `${where} − ${shortJson(c.before)}`;
  }
}
