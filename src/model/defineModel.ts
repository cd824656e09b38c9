import type { Model } from './Model.ts';

/** One parameter of a model: its default, what it means and which values it accepts. */
export interface ParamSpec<T = unknown> {
  readonly default: T;
  readonly description?: string;
  /** For numbers: the smallest and largest accepted value. */
  readonly min?: number;
  readonly max?: number;
  /** For numbers: only whole numbers. */
  readonly integer?: boolean;
  /**
   * The accepted values, possibly depending on the other parameters. `sweep --param name=all`
   * sweeps over exactly these.
   */
  readonly values?: readonly T[] | ((params: Readonly<Record<string, unknown>>) => readonly T[]);
  /**
   * Extra validation given all parameters: returns what is wrong, or undefined. Use it where
   * `values` would be too long to list.
   */
  readonly check?: (value: T, params: Readonly<Record<string, unknown>>) => string | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own value type
export type ParamSpecs = Readonly<Record<string, ParamSpec<any>>>;

/** The parameter object a factory's `create` receives. */
export type ParamValues<P extends ParamSpecs> = { readonly [K in keyof P]: P[K]['default'] };

/** What `protocheck test` asserts about one run of a model (missing fields are not checked). */
export interface Expectation<P extends ParamSpecs = ParamSpecs> {
  /** A short name for the case in test output; default: its parameters. */
  readonly name?: string;
  readonly params?: Partial<ParamValues<P>>;
  /** Search options for this case; the default explores everything (`continue`). */
  readonly strategy?: 'bfs' | 'dfs';
  readonly maxDepth?: number;
  readonly maxStates?: number;
  readonly stopAtFirstFailure?: boolean;
  /** Seconds before the case gives up (default 120): a model with an infinite state space fails instead of hanging CI. */
  readonly timeout?: number;
  /** Verdict per property name. */
  readonly properties?: Readonly<Record<string, 'pass' | 'fail' | 'unknown'>>;
  readonly complete?: boolean;
  readonly distinctStates?: number;
  readonly transitions?: number;
  readonly generated?: number;
  /** The deepest state's depth, counting the initial state as 1 (TLC's convention). */
  readonly depth?: number;
  /** Steps (the initial state included) of each property's counterexample or witness. */
  readonly traceLength?: Readonly<Record<string, number>>;
  /** The kind of the last step of each property's trace (`drop`, `deliver` ...). */
  readonly lastStep?: Readonly<Record<string, string>>;
}

/**
 * A model with parameters: what a model file's default export usually is. `create` builds the
 * model for one choice of parameters; `tests` are the expectations `protocheck test` checks.
 */
export interface ModelFactory<P extends ParamSpecs = ParamSpecs> {
  readonly kind: 'protocheck.model-factory';
  readonly name: string;
  readonly description?: string;
  readonly params: P;
  create(params: ParamValues<P>): Model<any, any>;
  /**
   * A few words for one choice of parameters, shown as a column of `sweep` tables (the
   * decision rule a number stands for, say).
   */
  describeParams?(params: ParamValues<P>): string;
  readonly tests?: readonly Expectation<P>[];
}

/** Declares a parameterised model (see `ModelFactory`). */
export function defineModel<P extends ParamSpecs>(spec: Omit<ModelFactory<P>, 'kind'>): ModelFactory<P> {
  return { kind: 'protocheck.model-factory', ...spec };
}

/** Whether `x` is a factory made by `defineModel` (or shaped like one). */
export function isModelFactory(x: unknown): x is ModelFactory {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'protocheck.model-factory';
}

/** Whether `x` is shaped like a `Model`. */
export function isModel(x: unknown): x is Model {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Partial<Model>;
  return (
    typeof m.name === 'string' &&
    typeof m.initialStates === 'function' &&
    typeof m.actions === 'function' &&
    typeof m.next === 'function' &&
    Array.isArray(m.properties)
  );
}
