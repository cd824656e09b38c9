import type { Decision } from './types.ts';

/** A message in flight, as properties see it. */
export interface InFlightMessage<M> {
  readonly from: string;
  readonly to: string;
  readonly message: M;
}

/** Fault counters; reading one the model does not count throws, with how to count it. */
export interface FaultsUsed {
  readonly drops: number;
  readonly duplicates: number;
  readonly crashes: number;
  readonly recoveries: number;
  readonly partitions: number;
}

/**
 * A whole protocol run at one moment, as properties and state constraints see it: node states
 * by name, decisions, the network, crashes and the faults used so far.
 */
export interface System<S, M> {
  /** Every node's name, in declaration order. */
  readonly nodes: readonly string[];
  /**
   * A node's current state (for a crashed node, what it kept on disk, or null). When nodes have
   * different state types (S is their union), name the one you expect: `sys.state<Sender>('s')`.
   */
  state<T extends S = S>(node: string): T;
  crashed(node: string): boolean;
  /** The decisions a node has recorded, oldest first. */
  decisions(node: string): readonly Decision[];
  /** A node's first decision, or undefined when it has not decided. */
  decision(node: string): Decision | undefined;
  /** Messages in flight, one entry per copy. */
  inFlight(): readonly InFlightMessage<M>[];
  /** The timers a node has armed. */
  timers(node: string): readonly string[];
  readonly faults: FaultsUsed;
  /** Whether the network is split right now. */
  readonly partitioned: boolean;
  /** Nodes that are not Byzantine in this run, in declaration order. */
  readonly honest: readonly string[];
  /** The Byzantine nodes of this run (their state is only what an honest one would have). */
  readonly byzantine: readonly string[];
  isHonest(node: string): boolean;
  /** Whether `check` holds for every honest node (given its state and name). */
  everyHonest(check: (state: S, node: string) => boolean): boolean;
  /** Whether `check` holds for some honest node. */
  someHonest(check: (state: S, node: string) => boolean): boolean;
  /** Synchronous networks: rounds completed. */
  readonly round: number;
}
