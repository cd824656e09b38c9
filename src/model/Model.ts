import type { Property } from './Property.ts';
import type { Symmetry } from './Symmetry.ts';

/**
 * What a step of a trace is, in words. The explorer never reads it: renderers and the JSON
 * report do. `kind` is one of the contract's action kinds (`deliver`, `drop`, `duplicate`,
 * `timeout`, `crash`, `recover`, `partition`, `heal`, `byzantine`) for protocol models and
 * `action` for plain transition systems.
 */
export interface ActionInfo {
  readonly kind: string;
  /** A readable sentence: "messenger 2 from B to A is captured". */
  readonly label: string;
  readonly from?: string;
  readonly to?: string;
  /** The message as plain JSON, where the step concerns one. */
  readonly message?: unknown;
  /** The node the step happens at (a timer fires at it, it crashes), where that applies. */
  readonly node?: string;
  /** Byzantine steps: whether the message sent is a lie, and what an honest sender would send. */
  readonly lie?: boolean;
  readonly truth?: unknown;
  /** Byzantine steps: the traitor sent nothing. */
  readonly withheld?: boolean;
}

/**
 * The fairness an action is subject to: actions with the same `key` form one class. Weak: a
 * class enabled continuously from some point on is taken infinitely often. Strong: a class
 * enabled infinitely often is taken infinitely often. Fairness only decides which infinite
 * behaviours count for liveness properties; safety checking ignores it.
 */
export interface Fairness {
  readonly key: string;
  readonly strong?: boolean;
}

/**
 * The only thing the explorer knows about a model (Stateright's `Model` trait, in TypeScript).
 *
 * States are Immutable.js values (`Record`, `Map`, `List`, `Set`, ...) or primitives, compared
 * by value. Everything here must be deterministic: the same state lists the same actions in the
 * same order, and `next` is a function of its arguments. Paths (`0/2/1`) index into these lists,
 * so nondeterminism makes counterexamples unreplayable; replay detects it and says so.
 */
export interface Model<S = unknown, A = unknown> {
  /** Short name used in reports and as the folder under `out/`. */
  readonly name: string;
  /** The initial states, in a stable order (the first element of a path indexes this list). */
  initialStates(): readonly S[];
  /** Pushes the actions enabled in `state` onto `out`, in a stable order. */
  actions(state: S, out: A[]): void;
  /**
   * The state after `action`, or `undefined` when the action turns out to do nothing.
   * Returning the same reference as `state` is a stuttering step: counted as a transition,
   * never as progress.
   */
  next(state: S, action: A): S | undefined;
  /** Named properties, checked on every reachable state (or final state, by kind). */
  readonly properties: readonly Property<S>[];
  /**
   * A state constraint (TLC's CONSTRAINT, Stateright's boundary): states outside it are still
   * checked against the properties but never expanded. It is part of the model, so a search
   * that respects it is still complete.
   */
  within?(state: S): boolean;
  /** Words for a step; the default prints the action as JSON with kind `action`. */
  describe?(action: A, before: S, after: S): ActionInfo;
  /** Words for the initial state with this index; default "initial state". */
  describeInit?(index: number, state: S): ActionInfo;
  /** Plain JSON for a state in reports; the default is Immutable's `toJS`. */
  toJSON?(state: S): unknown;
  /**
   * `false` when a final state (no enabled action changes the state) is a bug: the checker then
   * reports it as a `deadlock` failure. Default `true`: terminating protocols are normal.
   */
  readonly terminates?: boolean;
  /** Interchangeable elements; used when the search asks for symmetry reduction. */
  readonly symmetry?: Symmetry<S>;
  /** The fairness class of an action (see `Fairness`), or undefined when it has none. */
  fairness?(action: A, state: S): Fairness | undefined;
  /** Words for the model's fairness assumption, for reports ("weak fairness of every delivery"). */
  readonly fairnessLabel?: string;
}
