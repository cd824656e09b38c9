import { OptionError } from '../model/OptionError.ts';

/** How a search runs: partial for users, resolved once into this complete form. */
export interface CheckOptions {
  /** `bfs` (default) finds shortest counterexamples; `dfs` reaches deep states sooner. */
  readonly strategy: 'bfs' | 'dfs';
  /** States deeper than this (the initial state is depth 1) are not expanded. */
  readonly maxDepth: number;
  /** The search stops once it has seen this many distinct states. */
  readonly maxStates: number;
  /** The search stops after this many seconds. */
  readonly timeoutSeconds: number;
  /** Go on after the first failure until the whole space is explored. */
  readonly continueAfterFailure: boolean;
  /** Keep every state and compare on equal fingerprints: no collision can hide a state. */
  readonly exact: boolean;
  /**
   * Explore one representative per class of symmetric states (the model's `symmetry`). Counts
   * become orbit counts; counterexamples stay concrete and replayable.
   */
  readonly symmetry: boolean;
  /**
   * How the frontier holds waiting states: `encoded` as bytes (a fraction of the memory, and
   * little for the garbage collector to trace; see `StateCodec`), `objects` as the Immutable
   * values themselves.
   */
  readonly frontier: 'encoded' | 'objects';
  /** Called now and then during a long search (about every `progressSeconds`). */
  readonly onProgress: ((progress: Progress) => void) | undefined;
  readonly progressSeconds: number;
}

/** A snapshot of a running search. */
export interface Progress {
  readonly distinctStates: number;
  readonly transitions: number;
  readonly depth: number;
  readonly frontier: number;
  readonly seconds: number;
}


function positive(name: string, value: number | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0 || (integer && value !== Infinity && !Number.isInteger(value))) {
    throw new OptionError(`${name} must be a positive ${integer ? 'whole ' : ''}number, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** Fills in defaults and rejects impossible values with a message naming the option. */
export function resolveCheckOptions(partial: Partial<CheckOptions> = {}): CheckOptions {
  const strategy = partial.strategy ?? 'bfs';
  if (strategy !== 'bfs' && strategy !== 'dfs') {
    throw new OptionError(`strategy must be "bfs" or "dfs", not ${JSON.stringify(strategy)}`);
  }
  const frontier = partial.frontier ?? 'encoded';
  if (frontier !== 'encoded' && frontier !== 'objects') {
    throw new OptionError(`frontier must be "encoded" or "objects", not ${JSON.stringify(frontier)}`);
  }
  return {
    strategy,
    maxDepth: positive('max-depth', partial.maxDepth, Infinity, true),
    maxStates: positive('max-states', partial.maxStates, Infinity, true),
    timeoutSeconds: positive('timeout', partial.timeoutSeconds, Infinity, false),
    continueAfterFailure: partial.continueAfterFailure ?? false,
    exact: partial.exact ?? false,
    symmetry: partial.symmetry ?? false,
    frontier,
    onProgress: partial.onProgress,
    progressSeconds: positive('progress interval', partial.progressSeconds, 0.5, false),
  };
}
