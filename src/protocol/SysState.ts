import { List, Map, Record } from 'immutable';
import { KEEP, RecordLayout } from '../checker/RecordLayout.ts';
import { NO_DECISIONS } from './decisions.ts';
import { SysRest } from './SysRest.ts';
import type { TimerSet } from './timerSets.ts';

/**
 * One node's part of a system state: what it keeps, the timers it has armed and what it has
 * decided. One object per node because a step of a node changes these together: the system state
 * then changes one entry of `slots`, and the slots the handler memo hands out are shared by every
 * state that holds them (hashed once, stored by number in the frontier).
 */
export const NodeSlot = Record({
  /** The node's state; a crashed node's is its durable state (or null). */
  state: null as unknown,
  /** Armed timers as one string (timerSets.ts); undefined: none. */
  timers: undefined as TimerSet,
  /** Decisions in the order made, as one string (decisions.ts). */
  decided: NO_DECISIONS as string,
});
export type NodeSlot = ReturnType<typeof NodeSlot>;

/**
 * The state of a whole protocol run: what the generic explorer sees. Nodes sit in a List by
 * index; the network holds message keys (strings), never objects, so equal runs have equal
 * fingerprints in every process. The fields here are those a handler's step changes; everything
 * else is in `rest`.
 */
export const SysState = Record({
  /** Each node's state, timers and decisions, by node index. */
  slots: List<NodeSlot>(),
  /**
   * In-flight messages. Unordered: envelope key → copies. FIFO: link key → List of message keys.
   */
  net: Map<string, number | List<string>>(),
  /**
   * Envelope keys a traitor's honest self would send, in the order it would send them (copies
   * kept), waiting for the adversary's decisions. (Here rather than in `rest`: tests and tools
   * read `sys.owed` to tell the states with a decision pending.)
   */
  owed: List<string>(),
  rest: SysRest(),
});
export type SysState = ReturnType<typeof SysState>;

// The search reads and builds these records millions of times: through Immutable's layout.
const sysLayout = new RecordLayout<SysState>(SysState as never);
const slotLayout = new RecordLayout<NodeSlot>(NodeSlot as never);

/** Whether both records are read and built through Immutable's layout (else its API). */
export const fast = sysLayout.fast && slotLayout.fast;

/** `sys.slots`, faster. */
export function slotsOf(sys: SysState): List<NodeSlot> {
  return sysLayout.get(sys, 0) as List<NodeSlot>;
}
/** `sys.net`, faster. */
export function netOf(sys: SysState): Map<string, number | List<string>> {
  return sysLayout.get(sys, 1) as Map<string, number | List<string>>;
}
/** `sys.owed`, faster. */
export function owedOf(sys: SysState): List<string> {
  return sysLayout.get(sys, 2) as List<string>;
}
/** `sys.rest`, faster. */
export function restOf(sys: SysState): SysRest {
  return sysLayout.get(sys, 3) as SysRest;
}

/** Node i's slot. */
export function slotAt(sys: SysState, i: number): NodeSlot {
  return slotsOf(sys).get(i)!;
}
/** Node i's state (a crashed node's durable state, or null). */
export function stateAt(sys: SysState, i: number): unknown {
  return slotLayout.get(slotsOf(sys).get(i)!, 0);
}
/** Node i's armed timers. */
export function timersAt(sys: SysState, i: number): TimerSet {
  return slotLayout.get(slotsOf(sys).get(i)!, 1) as TimerSet;
}
/** Node i's decisions (decisions.ts). */
export function decidedAt(sys: SysState, i: number): string {
  return slotLayout.get(slotsOf(sys).get(i)!, 2) as string;
}

/** A slot's state, timers, decisions. */
export function slotState(slot: NodeSlot): unknown {
  return slotLayout.get(slot, 0);
}
export function slotTimers(slot: NodeSlot): TimerSet {
  return slotLayout.get(slot, 1) as TimerSet;
}
export function slotDecided(slot: NodeSlot): string {
  return slotLayout.get(slot, 2) as string;
}

/** `slot` with the given parts (KEEP: kept); `slot` itself when none changes. */
export function withSlot(slot: NodeSlot, state: unknown, timers: TimerSet | typeof KEEP, decided: string | typeof KEEP): NodeSlot {
  return slotLayout.with(slot, [state, timers, decided]);
}

/**
 * `sys` with the given fields replaced (undefined: kept), in one copy however many change: the
 * step functions build each successor this way.
 */
export function withFields(
  sys: SysState,
  slots: List<NodeSlot> | undefined,
  net: Map<string, number | List<string>> | undefined,
  owed: List<string> | undefined,
  rest: SysRest | undefined,
): SysState {
  return sysLayout.with(sys, [slots ?? KEEP, net ?? KEEP, owed ?? KEEP, rest ?? KEEP]);
}

export { KEEP };
