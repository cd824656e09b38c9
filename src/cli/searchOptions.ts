import type { CheckOptions } from '../checker/CheckOptions.ts';
import { availableParallelism } from 'node:os';
import { CliError } from './CliError.ts';

/** The raw options commander hands over for the search. */
export interface RawSearchOptions {
  readonly param?: string[];
  readonly strategy?: string;
  readonly maxDepth?: string;
  readonly maxStates?: string;
  readonly timeout?: string;
  readonly continue?: boolean;
  readonly exact?: boolean;
  readonly symmetry?: boolean;
  readonly frontier?: string;
  readonly workers?: string;
  readonly faults?: string;
  readonly faultBudget?: string;
  readonly fairness?: string;
  readonly shrink?: boolean;
  readonly story?: boolean;
  readonly format?: string;
  readonly out?: string | false;
}

function number(flag: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new CliError(`${flag} ${text}: give a positive ${integer ? 'whole ' : ''}number`);
  }
  return value;
}

/** The search options of a command line, validated. */
export function searchOptions(raw: RawSearchOptions): Partial<CheckOptions> {
  if (raw.strategy !== undefined && raw.strategy !== 'bfs' && raw.strategy !== 'dfs') {
    throw new CliError(`--strategy ${raw.strategy}: use bfs (shortest counterexamples) or dfs`);
  }
  if (raw.frontier !== undefined && raw.frontier !== 'encoded' && raw.frontier !== 'objects') {
    throw new CliError(`--frontier ${raw.frontier}: use encoded (compact, the default) or objects`);
  }
  return {
    ...(raw.strategy ? { strategy: raw.strategy as 'bfs' | 'dfs' } : {}),
    ...(raw.maxDepth !== undefined ? { maxDepth: number('--max-depth', raw.maxDepth, true) } : {}),
    ...(raw.maxStates !== undefined ? { maxStates: number('--max-states', raw.maxStates, true) } : {}),
    ...(raw.timeout !== undefined ? { timeoutSeconds: number('--timeout', raw.timeout, false) } : {}),
    continueAfterFailure: raw.continue ?? false,
    exact: raw.exact ?? false,
    symmetry: raw.symmetry ?? false,
    ...(raw.frontier ? { frontier: raw.frontier as 'encoded' | 'objects' } : {}),
  };
}

/**
 * How many worker threads to search with: a number, or `auto` (one per core). Several workers
 * need breadth-first search and fingerprints only; otherwise one is used, with a note.
 */
export function workerCount(raw: RawSearchOptions, warn: (m: string) => void): number {
  if (raw.workers === undefined) return 1;
  const n = raw.workers === 'auto' ? availableParallelism() : Number(raw.workers);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--workers ${raw.workers}: give a whole number of threads, at least 1, or auto`);
  if (n > 1 && raw.strategy === 'dfs') {
    warn('--strategy dfs runs in one thread; ignoring --workers');
    return 1;
  }
  if (n > 1 && raw.exact) {
    warn('--exact keeps every state in one thread; ignoring --workers');
    return 1;
  }
  if (n > 1 && raw.faults !== undefined) {
    warn('--faults rebuilds the model in this thread; ignoring --workers');
    return 1;
  }
  return n;
}

/** The output format, checked against what the command supports. */
export function outputFormat<F extends string>(raw: string | undefined, allowed: readonly F[]): F {
  const format = (raw ?? 'text') as F;
  if (!allowed.includes(format)) throw new CliError(`--format ${raw}: use ${allowed.join(' or ')}`);
  return format;
}
