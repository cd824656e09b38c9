import type { CheckOptions } from '../checker/CheckOptions.ts';
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
  return {
    ...(raw.strategy ? { strategy: raw.strategy as 'bfs' | 'dfs' } : {}),
    ...(raw.maxDepth !== undefined ? { maxDepth: number('--max-depth', raw.maxDepth, true) } : {}),
    ...(raw.maxStates !== undefined ? { maxStates: number('--max-states', raw.maxStates, true) } : {}),
    ...(raw.timeout !== undefined ? { timeoutSeconds: number('--timeout', raw.timeout, false) } : {}),
    continueAfterFailure: raw.continue ?? false,
    exact: raw.exact ?? false,
    symmetry: raw.symmetry ?? false,
  };
}

/** The output format, checked against what the command supports. */
export function outputFormat<F extends string>(raw: string | undefined, allowed: readonly F[]): F {
  const format = (raw ?? 'text') as F;
  if (!allowed.includes(format)) throw new CliError(`--format ${raw}: use ${allowed.join(' or ')}`);
  return format;
}
