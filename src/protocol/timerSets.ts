/**
 * A node's armed timers as one string: the JSON of their names, sorted (undefined: none armed).
 * A string rather than an Immutable Set because the set is part of every system state: a string
 * is one value to hash and to encode (the frontier numbers it once), where a Set is several
 * objects built again at every decoded state, and the few distinct sets a protocol arms are
 * worked out once here. Sorted, so equal sets are equal strings and a node's timers fire in an
 * order that does not depend on the order they were armed in.
 */
export type TimerSet = string | undefined;

const NO_NAMES: readonly string[] = Object.freeze([]);

/** Key → its names, for every set met (there are few). */
const namesOf = new Map<string, readonly string[]>();
/** Key → name → the key with that timer armed / cancelled. */
const armedWith = new Map<TimerSet, Map<string, TimerSet>>();
const armedWithout = new Map<TimerSet, Map<string, TimerSet>>();
/** Beyond this many sets the tables stop growing (results are still right, only not remembered). */
const LIMIT = 1 << 16;

/** The set of `names` (any order, repeats allowed). */
export function timerSet(names: readonly string[]): TimerSet {
  if (names.length === 0) return undefined;
  const sorted = [...new Set(names)].sort();
  const key = JSON.stringify(sorted);
  if (!namesOf.has(key) && namesOf.size < LIMIT) namesOf.set(key, Object.freeze(sorted));
  return key;
}

/** The names in `set`, sorted. */
export function timerNames(set: TimerSet): readonly string[] {
  if (set === undefined) return NO_NAMES;
  let names = namesOf.get(set);
  if (names === undefined) {
    names = Object.freeze(JSON.parse(set) as string[]);
    if (namesOf.size < LIMIT) namesOf.set(set, names);
  }
  return names;
}

/** `set` with timer `name` armed (`on`) or cancelled. */
export function withTimer(set: TimerSet, name: string, on: boolean): TimerSet {
  const table = on ? armedWith : armedWithout;
  let byName = table.get(set);
  let out = byName?.get(name);
  if (out !== undefined || byName?.has(name)) return out;
  const names = timerNames(set);
  const has = names.includes(name);
  if (has === on) out = set;
  else out = timerSet(on ? [...names, name] : names.filter((n) => n !== name));
  if (table.size < LIMIT) {
    if (byName === undefined) table.set(set, (byName = new Map()));
    byName.set(name, out);
  }
  return out;
}
