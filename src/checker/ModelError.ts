/** Where in the model's code a failure happened. */
export type ModelPhase = 'initialStates' | 'actions' | 'next' | 'property' | 'within' | 'describe' | 'state';

/**
 * The model threw, or produced a state it may not (a plain object, an array ...). Carries the
 * path to the step, so the user can replay up to it, and the original error for its stack.
 */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly phase: ModelPhase,
    /** Path to the state being worked on; for `next` and `state`, plus the action index. */
    readonly path: readonly number[],
    readonly cause?: unknown,
    /** The property being evaluated, for phase `property`. */
    readonly property?: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
