/**
 * The kinds of property the checker decides.
 * - `always`: holds in every reachable state (a safety invariant); a failure is a state.
 * - `sometimes`: holds in some reachable state; a pass carries the witness, a fail needs a
 *   complete search.
 * - `final`: holds in every final state (no enabled action changes the state), where a
 *   terminating protocol has decided.
 * - `deadlock`: added by the checker for models that say they never terminate; it fails at the
 *   first final state.
 */
export type PropertyKind = 'always' | 'sometimes' | 'final' | 'deadlock';

/** A named predicate over states and how the checker reads it. */
export interface Property<S = unknown> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly check: (state: S) => boolean;
  /** A sentence for reports: what the property means. */
  readonly description?: string;
}

/** A safety invariant: `check` holds in every reachable state. */
export function always<S>(name: string, check: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'always', check, description };
}

/** A reachability witness: `check` holds in at least one reachable state. */
export function sometimes<S>(name: string, check: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'sometimes', check, description };
}

/** Holds in every final state: where no enabled action changes the state any more. */
export function final<S>(name: string, check: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'final', check, description };
}
