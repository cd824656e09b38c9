import { List, Record, Set } from 'immutable';

/**
 * The parts of a system state that most steps leave alone: crashes, the partition, the fault
 * counters, rounds and what the traitors know and told. They sit in a record of their own so that a
 * step that only runs a handler copies and fingerprints the few fields it changes, not all of
 * them.
 */
export const SysRest = Record({
  /** Bit i set: node i is crashed. */
  down: 0,
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
  /** Signatures the traitors have seen (`signer|content`): what they may pass on. */
  knows: Set<string>(),
  /**
   * Lies told so far, by node index (only with a budget of lies); empty until the first lie (no
   * lies by anyone). So a run with no faults keeps this record type's default `rest`, which a
   * state stores as nothing at all (Immutable keeps a Record field at its default as undefined):
   * the frontier then neither encodes nor decodes it.
   */
  lies: List<number>(),
});
export type SysRest = ReturnType<typeof SysRest>;

/** The names of the fault counters in `SysRest`. */
export type FaultCounter = 'drops' | 'duplicates' | 'crashes' | 'recoveries' | 'partitions';
