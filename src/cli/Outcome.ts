/** What a command produced: the text for stdout and the exit code. Printing happens in main. */
export interface Outcome {
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly stdout: string;
}

/** The exit code of a finished search: failures first, then incompleteness. */
export function exitCodeOf(anyFailed: boolean, complete: boolean): 0 | 1 | 3 {
  if (anyFailed) return 1;
  return complete ? 0 : 3;
}
