import { is } from 'immutable';
import type { ActionInfo, Model } from '../model/Model.ts';
import { OptionError } from '../model/OptionError.ts';
import { formatPath, type Path } from '../model/Path.ts';
import { StepError } from '../model/StepError.ts';
import { findInvalidValue } from './findInvalidValue.ts';
import { fingerprintHex, StateValueError } from './fingerprint.ts';
import { ModelError, type ModelPhase } from './ModelError.ts';

/** One step of a trace: what happened and the state after it (plain model state). */
export interface TraceStep<S> {
  readonly action: ActionInfo;
  readonly state: S;
}

/** A replayed path: the initial state first, then one step per action index. */
export interface Trace<S> {
  readonly path: readonly number[];
  readonly steps: readonly TraceStep<S>[];
}

/** A path that does not fit the model (an index past the enabled actions). */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** Replay reached a different state than the search did: the model is nondeterministic. */
export class NondeterminismError extends Error {
  constructor(
    readonly path: Path,
    readonly step: number,
  ) {
    super(
      `replaying ${formatPath(path)} disagrees with the search at step ${step + 1}: the same actions led to a ` +
        'different state. The model is not deterministic. Likely causes: actions() lists actions in an order ' +
        'that depends on something other than the state (iteration over a JavaScript Set or Map filled in a ' +
        'varying order, object identity), or next() or a handler reads Math.random(), Date.now(), a counter ' +
        'or other state kept outside the model. Make every choice explicit (ctx.choose in a protocol, one ' +
        'action per alternative in a model).',
    );
    this.name = 'NondeterminismError';
  }
}

function defaultDescribe(action: unknown): ActionInfo {
  let label: string;
  try {
    label = typeof action === 'string' ? action : (JSON.stringify(action) ?? String(action));
  } catch {
    label = String(action);
  }
  return { kind: 'action', label };
}

/** Words for an action of `model`, with the model's `describe` if it has one. */
export function describeAction<S, A>(model: Model<S, A>, action: A, before: S, after: S): ActionInfo {
  return model.describe ? model.describe(action, before, after) : defaultDescribe(action);
}

/** Words for initial state `index` of `model`. */
export function describeInit<S, A>(model: Model<S, A>, index: number, state: S): ActionInfo {
  return model.describeInit ? model.describeInit(index, state) : { kind: 'init', label: 'initial state' };
}

/**
 * The model's own failure during a replay as the `ModelError` a search would have raised there
 * (phase, path to the step, the user's error as cause), so the CLI names the node, the handler,
 * the user's line and the trace to it instead of calling it an internal error. A handler may
 * throw only on some paths: a replay can reach a step the search never took.
 */
function modelFailure(e: unknown, phase: ModelPhase, base: readonly number[], state?: unknown): unknown {
  if (e instanceof ModelError || e instanceof OptionError || e instanceof ReplayError || e instanceof NondeterminismError) return e;
  if (e instanceof StepError) {
    // `base` leads to the state whose actions were being listed, or (later phases) one step on.
    const statePath = phase === 'actions' ? base : base.slice(0, -1);
    return new ModelError(e.message, 'next', [...statePath, e.actionIndex], e.cause ?? e);
  }
  if (e instanceof StateValueError) {
    const where = findInvalidValue(state);
    return new ModelError(`a state holds ${where?.what ?? e.what}${where ? ` at ${where.path}` : ''}`, 'state', [...base], e);
  }
  return new ModelError(e instanceof Error ? `${e.name}: ${e.message}` : String(e), phase, [...base], e);
}

/**
 * Re-executes `path` on `model` and returns every step. With `fingerprints` (from the search),
 * checks that each state is the one the search saw, and throws `NondeterminismError` if not.
 */
export function replay<S, A>(
  model: Model<S, A>,
  path: Path,
  fingerprints?: readonly string[],
  /** The canonicalizer the search fingerprinted with (symmetry reduction), if any. */
  canonical?: (state: S) => S,
): Trace<S> {
  if (path.length === 0) throw new ReplayError('an empty path: a path starts with the index of an initial state');
  let phase: ModelPhase = 'initialStates';
  let at: number[] = [];
  let state: S | undefined;
  try {
    return replaySteps(model, path, fingerprints, canonical, (p, a, s) => {
      phase = p;
      at = a;
      state = s;
    });
  } catch (e) {
    throw modelFailure(e, phase, at, state);
  }
}

function replaySteps<S, A>(
  model: Model<S, A>,
  path: Path,
  fingerprints: readonly string[] | undefined,
  canonical: ((state: S) => S) | undefined,
  doing: (phase: ModelPhase, at: number[], state: S | undefined) => void,
): Trace<S> {
  const inits = model.initialStates();
  const first = path[0]!;
  if (first >= inits.length) {
    throw new ReplayError(`step 1 of ${formatPath(path)} asks for initial state ${first}, but the model has ${inits.length} (0 to ${inits.length - 1})`);
  }
  let state: S = inits[first]!;
  const check = (i: number): void => {
    if (!fingerprints || fingerprints[i] === undefined) return;
    doing('state', path.slice(0, i + 1), state);
    if (fingerprintHex(canonical ? canonical(state) : state) !== fingerprints[i]) throw new NondeterminismError(path, i);
  };
  check(0);
  doing('describe', [first], state);
  const steps: TraceStep<S>[] = [{ action: describeInit(model, first, state), state }];
  const actions: A[] = [];
  for (let i = 1; i < path.length; i++) {
    actions.length = 0;
    doing('actions', path.slice(0, i), state);
    model.actions(state, actions);
    const index = path[i]!;
    if (index >= actions.length) {
      throw new ReplayError(
        `step ${i + 1} of ${formatPath(path)} asks for action ${index}, but only ${actions.length} ` +
          `${actions.length === 1 ? 'is' : 'are'} enabled there${actions.length ? ` (0 to ${actions.length - 1})` : ''}`,
      );
    }
    const action = actions[index]!;
    doing('next', path.slice(0, i + 1), state);
    const next = model.next(state, action);
    if (next === undefined) throw new ReplayError(`step ${i + 1} of ${formatPath(path)}: action ${index} does nothing in that state`);
    doing('describe', path.slice(0, i + 1), next);
    steps.push({ action: describeAction(model, action, state, next), state: next });
    state = next;
    check(i);
  }
  return { path: [...path], steps };
}

/** Whether `state` is final: no enabled action leads to a different state. */
export function isFinal<S, A>(model: Model<S, A>, state: S): boolean {
  const actions: A[] = [];
  model.actions(state, actions);
  for (const a of actions) {
    const next = model.next(state, a);
    if (next !== undefined && next !== state && !is(next, state)) return false;
  }
  return true;
}
