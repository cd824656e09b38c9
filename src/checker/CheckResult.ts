import type { PropertyKind } from '../model/Property.ts';

/** Three-valued, as in Porcupine: a bounded search never claims success. */
export type Verdict = 'pass' | 'fail' | 'unknown';

/** Why a search stopped before it had seen every reachable state. */
export type Cut = 'failure' | 'max-depth' | 'max-states' | 'timeout';

/** The verdict on one property, with the path to its counterexample or witness. */
export interface PropertyResult {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly status: Verdict;
  readonly description?: string;
  /** The counterexample (`fail`) or witness (`pass` of `sometimes`), as action indices. */
  readonly path?: readonly number[];
  /** Fingerprints (hex) of the states along `path`, to check that replay agrees. */
  readonly fingerprints?: readonly string[];
  /**
   * Liveness counterexamples: the index of the step where the cycle starts; the path's last
   * state is that step's state again (or, when it is the last index, a final state kept for ever).
   */
  readonly loop?: number;
}

/**
 * Counts of a search. Depth counts the initial state as 1, as TLC does. Under symmetry the
 * counts are of classes and the depth is that of the reduced search (the nearest member of each
 * class), which can be less than without symmetry.
 */
export interface CheckStats {
  readonly distinctStates: number;
  /** Successor states computed, including repeats and stuttering steps. */
  readonly transitions: number;
  /** TLC's "generated": transitions plus initial states. */
  readonly generated: number;
  readonly initialStates: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Memory of the visited set per distinct state, in bytes. */
  readonly bytesPerState: number;
  /**
   * Estimated probability that a 64-bit fingerprint collision merged two distinct states
   * (TLC's optimistic estimate: distinct × transitions / 2^64); 0 in exact mode.
   */
  readonly collisionProbability: number;
  /** Final states seen (no enabled action changes the state). */
  readonly finalStates: number;
}

/** The outcome of `check`: data only; printing and exit codes are the CLI's business. */
export interface CheckResult {
  readonly model: string;
  /** Every reachable state (inside the model's boundary) was explored. */
  readonly complete: boolean;
  /** Why the search stopped early, when it did. */
  readonly cut?: Cut;
  readonly strategy: 'bfs' | 'dfs';
  readonly exact: boolean;
  /** Counts are of symmetry classes (orbits), not of states. */
  readonly symmetry: boolean;
  /** Worker threads that shared the search, when more than one. */
  readonly workers?: number;
  readonly stats: CheckStats;
  readonly properties: readonly PropertyResult[];
  /** Where a verdict may mislead (liveness with a state constraint, say), in words. */
  readonly warnings?: readonly string[];
}
