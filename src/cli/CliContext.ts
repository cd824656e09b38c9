import type { Progress } from '../checker/CheckOptions.ts';
import type { LoadedModel } from './loadModel.ts';

/** What commands share with the single exit point in main: the model (for error messages) and stderr. */
export interface CliContext {
  /** The model being worked on, once loaded: errors then show a trace. */
  loaded?: LoadedModel;
  /** Shows search progress (undefined clears the line); absent when stderr is not a terminal. */
  progress?: (p: Progress | undefined) => void;
  /** A note or warning on stderr. */
  warn(message: string): void;
}
