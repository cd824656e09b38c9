import { List, Map, Record } from 'immutable';
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
  const changed = (nodes ? 1 : 0) + (timers ? 1 : 0) + (decided ? 1 : 0) + (net ? 1 : 0) + (owed ? 1 : 0) + (rest ? 1 : 0);
  if (changed === 0) return sys;
  if (changed === 1) {
    if (nodes) return sys.set('nodes', nodes);
    if (timers) return sys.set('timers', timers);
    if (net) return sys.set('net', net);
    if (owed) return sys.set('owed', owed);
    if (rest) return sys.set('rest', rest);
    return sys.set('decided', decided!);
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
