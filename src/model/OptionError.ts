/** A bad option or parameter value from the user; the CLI reports it as a usage error (exit 2). */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}
