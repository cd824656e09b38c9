import { StepError } from '../model/StepError.ts';

/** A node's handler threw, or returned a state it may not. */
export class HandlerError extends StepError {
  constructor(
    readonly node: string,
    readonly handler: string,
    /** What the node was doing, in words: "handling messenger(n=2) from A". */
    readonly doing: string,
    message: string,
    actionIndex: number,
    cause?: unknown,
  ) {
    super(`node ${node}'s ${handler} ${message} (while ${doing})`, actionIndex, cause);
    this.name = 'HandlerError';
  }
}
