/**
 * An error the CLI reports without a stack trace, exit code 2: a bad option, a model file that
 * does not load, a path that does not fit. `detail` is printed under the message.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
