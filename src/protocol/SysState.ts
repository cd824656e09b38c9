import { List, Map, Record, Set } from 'immutable';
import type { Decision } from './types.ts';

/**
 * The state of a whole protocol run: what the generic explorer sees. Node states sit in a List
 * by node index; the network holds message keys (strings), never objects, so equal runs have
 * equal fingerprints in every process.
 */
export const SysState = Record({
  /** Node states by index; a crashed node's entry is its durable state (or null). */
  nodes: List<unknown>(),
  /** Bit i set: node i is crashed. */
  down: 0,
  /** Armed timers by node index. */
  timers: List<Set<string>>(),
  /**
   * In-flight messages. Unordered: envelope key → copies. FIFO: link key → List of message keys.
   */
  net: Map<string, number | List<string>>(),
  /** Decisions by node index, in the order they were made. */
  decided: List<List<Decision>>(),
  /** The current partition: bit i set means node i is on the side away from node 0; 0 = none. */
  cut: 0,
  /** Faults used so far (only those with a numeric budget are counted). */
  drops: 0,
  duplicates: 0,
  crashes: 0,
  recoveries: 0,
  partitions: 0,
  /** Synchronous networks: rounds completed so far. */
  round: 0,
  /** Bit i set: node i is Byzantine (fixed by the initial state). */
  byz: 0,
  /**
   * Envelope keys a traitor's honest self would send, in the order it would send them (copies
   * kept), waiting for the adversary's decisions.
   */
  owed: List<string>(),
  /** Signatures the traitors have seen (`signer|content`): what they may pass on. */
  knows: Set<string>(),
  /** Lies told so far, by node index (only with a budget of lies). */
  lies: List<number>(),
});
export type SysState = ReturnType<typeof SysState>;

/** The names of the fault counters in `SysState`. */
export type FaultCounter = 'drops' | 'duplicates' | 'crashes' | 'recoveries' | 'partitions';
