/**
 * The actions enabled at a position of the explorer, each with the path it leads to, and a
 * lenient view of the model for judging a state whose next steps throw.
 */
import { is } from 'immutable';
import { describeAction } from '../../checker/replay.ts';
import type { Model } from '../../model/Model.ts';
import { formatPath } from '../../model/Path.ts';
import type { LoadedModel } from '../loadModel.ts';

/** An action the user can take at the current state. */
export interface EnabledAction {
  /** Its index among the actions the model lists here: the next element of the path. */
  readonly index: number;
  /** The path after taking it. */
  readonly path: string;
  readonly kind: string;
  readonly label: string;
  readonly from?: string;
  readonly to?: string;
  readonly node?: string;
  /** It leaves the state as it is (a stuttering step). */
  readonly stutters?: boolean;
  /** The model throws when it takes this action: the error's message (the page shows it, disabled). */
  readonly throws?: string;
}

/** `model`, except that where it throws, nothing is enabled (`actions`) or the step does nothing (`next`). */
export function withoutThrowing<S, A>(model: Model<S, A>): Model<S, A> {
  const lenient = Object.create(model) as Model<S, A>;
  lenient.actions = (s: S, out: A[]): void => {
    const listed: A[] = [];
    try {
      model.actions(s, listed);
    } catch {
      return;
    }
    out.push(...listed);
  };
  lenient.next = (s: S, a: A): S | undefined => {
    try {
      return model.next(s, a);
    } catch {
      return undefined;
    }
  };
  return lenient;
}

/** The actions enabled in `state` at `path`; `error` when the model throws listing them (a protocol's handler). */
export function enabledActions(loaded: LoadedModel, path: readonly number[], state: unknown): { actions: EnabledAction[]; error?: string } {
  const model = loaded.model;
  const actions: unknown[] = [];
  try {
    model.actions(state, actions);
  } catch (e) {
    // Protocols run the handlers to list their steps: a handler that throws shows here.
    return { actions: [], error: e instanceof Error ? e.message : String(e) };
  }
  const out: EnabledAction[] = [];
  actions.forEach((a, index) => {
    let next: unknown;
    try {
      next = model.next(state, a);
    } catch (e) {
      // Shown, not taken: the user sees which action the model fails on, and how.
      let info: { kind: string; label: string };
      try {
        info = describeAction(model, a, state, state);
      } catch {
        info = { kind: 'action', label: `action ${index}` };
      }
      out.push({ index, path: formatPath([...path, index]), kind: info.kind, label: info.label, throws: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (next === undefined) return; // does nothing: replay refuses it, so it is not offered
    const info = describeAction(model, a, state, next);
    out.push({
      index,
      path: formatPath([...path, index]),
      kind: info.kind,
      label: info.label,
      ...(info.from !== undefined ? { from: info.from } : {}),
      ...(info.to !== undefined ? { to: info.to } : {}),
      ...(info.node !== undefined ? { node: info.node } : {}),
      ...(next === state || is(next, state) ? { stutters: true } : {}),
    });
  });
  return { actions: out };
}
