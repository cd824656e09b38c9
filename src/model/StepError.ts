/**
 * Thrown by a model's `actions` when computing one particular action failed (a protocol
 * handler threw while the step was being worked out). `actionIndex` is the index that action
 * has in the list, so the error's path leads exactly to the failing step.
 */
export class StepError extends Error {
  constructor(
    message: string,
    readonly actionIndex: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StepError';
  }
}
