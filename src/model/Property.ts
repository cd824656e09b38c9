/**
 * The kinds of property the checker decides.
 * - `always`: holds in every reachable state (a safety invariant); a failure is a state.
 * - `sometimes`: holds in some reachable state; a pass carries the witness, a fail needs a
 *   complete search.
 * - `final`: holds in every final state (no enabled action changes the state), where a
 *   terminating protocol has decided.
 * - `deadlock`: added by the checker for models that say they never terminate; it fails at the
 *   first final state.
 *
 * Liveness, over infinite behaviours (a behaviour that reaches a final state stays there for
 * ever), under the model's fairness; a violation is a lasso, a prefix and a cycle:
 * - `eventually`: on every behaviour `check` holds at some point.
 * - `leadsTo`: whenever `check` holds, `target` holds then or later.
 * - `alwaysEventually`: `check` holds infinitely often.
 * - `eventuallyAlways`: from some point on, `check` holds for ever.
 */
export type PropertyKind =
  | 'always'
  | 'sometimes'
  | 'final'
  | 'deadlock'
  | 'eventually'
  | 'leadsTo'
  | 'alwaysEventually'
  | 'eventuallyAlways';

/** The kinds decided on infinite behaviours, by cycles in the state graph. */
export const LIVENESS_KINDS: ReadonlySet<PropertyKind> = new Set(['eventually', 'leadsTo', 'alwaysEventually', 'eventuallyAlways']);

/** A named predicate over states and how the checker reads it. */
export interface Property<S = unknown> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly check: (state: S) => boolean;
  /** `leadsTo` only: what must follow. */
  readonly target?: (state: S) => boolean;
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

/** Liveness: on every (fair) behaviour, `check` holds at some point. */
export function eventually<S>(name: string, check: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'eventually', check, description };
}

/** Liveness: whenever `from` holds, `to` holds then or later (P ~> Q). */
export function leadsTo<S>(name: string, from: (state: S) => boolean, to: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'leadsTo', check: from, target: to, description };
}

/** Liveness: `check` holds infinitely often (always eventually). */
export function infinitelyOften<S>(name: string, check: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'alwaysEventually', check, description };
}

/** Liveness: from some point on, `check` holds for ever (eventually always: it stabilises). */
export function stabilizes<S>(name: string, check: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'eventuallyAlways', check, description };
}
