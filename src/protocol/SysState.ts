import { is, List, Map, Record } from 'immutable';
import { immutableInternals, smallList } from '../checker/immutableInternals.ts';
import { SysRest } from './SysRest.ts';
import type { TimerSet } from './timerSets.ts';

/**
 * The state of a whole protocol run: what the generic explorer sees. Node states sit in a List
 * by node index; the network holds message keys (strings), never objects, so equal runs have
 * equal fingerprints in every process. The fields here are those a handler's step changes;
 * everything else is in `rest`.
 */
export const SysState = Record({
  /** Node states by index; a crashed node's entry is its durable state (or null). */
  nodes: List<unknown>(),
  /** Armed timers by node index, each node's as one string (timerSets.ts); undefined: none. */
  timers: List<TimerSet>(),
  /**
   * In-flight messages. Unordered: envelope key → copies. FIFO: link key → List of message keys.
   */
  net: Map<string, number | List<string>>(),
  /** Decisions by node index, in the order they were made, each node's as one string (decisions.ts). */
  decided: List<string>(),
  /**
   * Envelope keys a traitor's honest self would send, in the order it would send them (copies
   * kept), waiting for the adversary's decisions. (Here rather than in `rest`: tests and tools
   * read `sys.owed` to tell the states with a decision pending.)
   */
  owed: List<string>(),
  rest: SysRest(),
});
export type SysState = ReturnType<typeof SysState>;

/** SysState's fields in their order (Immutable keeps a Record's values in a List, by this index). */
const NODES = 0;
const TIMERS = 1;
const NET = 2;
const DECIDED = 3;
const OWED = 4;
const REST = 5;
const FIELDS = 6;

/*
 * The search reads and builds system states millions of times, and a Record's getters and its
 * withMutations cost several times what the work around them does (a getter is a lookup of the
 * key's index and a List read: ~17 ns; withMutations of three fields ~200 ns, against ~30 ns
 * for building the record directly). So this file reads and builds SysState through Immutable's
 * layout (the one the frontier codec relies on), after checking at start-up that what it builds
 * is what Immutable builds; otherwise it uses the public API.
 */
const ix = immutableInternals();
const proto = Object.getPrototypeOf(SysState()) as object;
const defaults: readonly unknown[] = ['nodes', 'timers', 'net', 'decided', 'owed', 'rest'].map((k) => SysState().get(k as 'nodes'));

interface RawRecord {
  readonly _values?: { readonly _origin: number; readonly _capacity: number; readonly _tail?: { readonly array: readonly unknown[] } };
}

/** The stored values of `sys` (undefined at a field means its default), if laid out as expected. */
function raw(sys: SysState): readonly unknown[] | undefined {
  const v = (sys as unknown as RawRecord)._values;
  return v !== undefined && v._origin === 0 && v._capacity === FIELDS ? v._tail?.array : undefined;
}

/** A SysState of these stored values (undefined: the default), built as Immutable's makeRecord does. */
function make(values: unknown[]): SysState {
  const r = Object.create(proto) as { _values: unknown; __ownerID: unknown };
  r._values = smallList(ix!, values);
  r.__ownerID = undefined;
  return r as unknown as SysState;
}

function selfTest(): boolean {
  if (ix === undefined) return false;
  try {
    const a = SysState({ nodes: List([1, 'x']), net: Map({ k: 1 }) });
    const b = withFieldsFast(a, List([2]), List<TimerSet>(['t']), List(['d']), Map(), undefined, undefined);
    const c = a.withMutations((m) => m.set('nodes', List([2])).set('timers', List<TimerSet>(['t'])).set('decided', List(['d'])).set('net', Map()));
    return b !== undefined && is(b, c) && b.hashCode() === c.hashCode() && b.nodes.get(0) === 2 && b.owed === defaults[OWED] && is(b.set('owed', List(['o'])).owed, List(['o'])) && raw(a) !== undefined;
  } catch {
    return false;
  }
}

function withFieldsFast(
  sys: SysState,
  nodes: List<unknown> | undefined,
  timers: List<TimerSet> | undefined,
  decided: List<string> | undefined,
  net: Map<string, number | List<string>> | undefined,
  owed: List<string> | undefined,
  rest: SysRest | undefined,
): SysState | undefined {
  const stored = raw(sys);
  if (stored === undefined) return undefined;
  // Pushed, not preallocated: a holey array would give Lists a second shape (see StateCodec).
  const values: unknown[] = [];
  for (let i = 0; i < FIELDS; i++) values.push(stored[i]);
  // A field equal to its default is stored as undefined, as Immutable does.
  if (nodes) values[NODES] = nodes === defaults[NODES] ? undefined : nodes;
  if (timers) values[TIMERS] = timers === defaults[TIMERS] ? undefined : timers;
  if (net) values[NET] = net === defaults[NET] ? undefined : net;
  if (decided) values[DECIDED] = decided === defaults[DECIDED] ? undefined : decided;
  if (owed) values[OWED] = owed === defaults[OWED] ? undefined : owed;
  if (rest) values[REST] = rest === defaults[REST] ? undefined : rest;
  return make(values);
}

/** Whether SysState is read and built through Immutable's layout (else through its API). */
export const fast = selfTest();

function field(sys: SysState, i: number, key: 'nodes' | 'timers' | 'net' | 'decided' | 'owed' | 'rest'): unknown {
  const stored = fast ? raw(sys) : undefined;
  if (stored === undefined) return sys.get(key);
  const v = stored[i];
  return v === undefined ? defaults[i] : v;
}

/** `sys.nodes`, faster. */
export function nodesOf(sys: SysState): List<unknown> {
  return field(sys, NODES, 'nodes') as List<unknown>;
}
/** `sys.timers`, faster. */
export function timersOf(sys: SysState): List<TimerSet> {
  return field(sys, TIMERS, 'timers') as List<TimerSet>;
}
/** `sys.net`, faster. */
export function netOf(sys: SysState): Map<string, number | List<string>> {
  return field(sys, NET, 'net') as Map<string, number | List<string>>;
}
/** `sys.decided`, faster. */
export function decidedOf(sys: SysState): List<string> {
  return field(sys, DECIDED, 'decided') as List<string>;
}
/** `sys.owed`, faster. */
export function owedOf(sys: SysState): List<string> {
  return field(sys, OWED, 'owed') as List<string>;
}
/** `sys.rest`, faster. */
export function restOf(sys: SysState): SysRest {
  return field(sys, REST, 'rest') as SysRest;
}

/**
 * `sys` with the given fields replaced (undefined: kept), in one copy however many change: the
 * step functions build each successor this way.
 */
export function withFields(
  sys: SysState,
  nodes: List<unknown> | undefined,
  timers: List<TimerSet> | undefined,
  decided: List<string> | undefined,
  net: Map<string, number | List<string>> | undefined,
  owed: List<string> | undefined,
  rest: SysRest | undefined,
): SysState {
  if (!nodes && !timers && !decided && !net && !owed && !rest) return sys;
  if (fast) {
    const made = withFieldsFast(sys, nodes, timers, decided, net, owed, rest);
    if (made !== undefined) return made;
  }
  return sys.withMutations((m) => {
    if (nodes) m.set('nodes', nodes);
    if (timers) m.set('timers', timers);
    if (decided) m.set('decided', decided);
    if (net) m.set('net', net);
    if (owed) m.set('owed', owed);
    if (rest) m.set('rest', rest);
  });
}
