import { is } from 'immutable';
import type { ActionInfo, Model } from '../model/Model.ts';
import type { Property } from '../model/Property.ts';
import { describeAction, isFinal } from './replay.ts';

/**
 * Making counterexamples readable without changing what they show. Steps are identified by what
 * they do (their description), not by their index among the enabled actions, so a step can be
 * dropped or moved and the rest still mean the same steps.
 */

function key(info: ActionInfo): string {
  return `${info.kind}\u0000${info.label}`;
}

/** Replays a sequence of step descriptions from initial state `init`: the path and states, or undefined. */
function replayByKeys<S, A>(model: Model<S, A>, init: number, keys: readonly string[]): { path: number[]; states: S[] } | undefined {
  const inits = model.initialStates();
  if (init >= inits.length) return undefined;
  let state: S = inits[init]!;
  const path = [init];
  const states: S[] = [state];
  const actions: A[] = [];
  for (const k of keys) {
    actions.length = 0;
    model.actions(state, actions);
    let found = -1;
    let next: S | undefined;
    for (let a = 0; a < actions.length; a++) {
      const n = model.next(state, actions[a]!);
      if (n === undefined) continue;
      if (key(describeAction(model, actions[a]!, state, n)) === k) {
        found = a;
        next = n;
        break;
      }
    }
    if (found < 0) return undefined;
    path.push(found);
    state = next!;
    states.push(state);
  }
  return { path, states };
}

/** Whether a sequence of states shows the property's failure (or, for `sometimes`, its witness). */
function shows<S, A>(model: Model<S, A>, prop: Property<S>, states: readonly S[]): boolean {
  const last = states[states.length - 1]!;
  switch (prop.kind) {
    case 'always':
      return !prop.check(last);
    case 'sometimes':
      return prop.check(last);
    case 'final':
    case 'deadlock':
      return isFinal(model, last) && !prop.check(last);
    default:
      return false;
  }
}

/** The step descriptions of a path (after its initial state). */
function keysOf<S, A>(model: Model<S, A>, path: readonly number[]): string[] | undefined {
  const inits = model.initialStates();
  if (path[0]! >= inits.length) return undefined;
  let state: S = inits[path[0]!]!;
  const out: string[] = [];
  const actions: A[] = [];
  for (let i = 1; i < path.length; i++) {
    actions.length = 0;
    model.actions(state, actions);
    const a = actions[path[i]!];
    if (a === undefined) return undefined;
    const next = model.next(state, a);
    if (next === undefined) return undefined;
    out.push(key(describeAction(model, a, state, next)));
    state = next;
  }
  return out;
}

/**
 * Drops every step the failure does not need (delta debugging, one step at a time from the end):
 * what is left still replays and still ends in the failure. Safety, final-state and witness
 * traces only; a lasso is returned unchanged.
 */
export function shrinkPath<S, A>(model: Model<S, A>, path: readonly number[], prop: Property<S>): number[] {
  const original = keysOf(model, path);
  if (!original || !['always', 'sometimes', 'final', 'deadlock'].includes(prop.kind)) return [...path];
  let keys: string[] = original;
  const init = path[0]!;
  let best = [...path];
  for (let pass = 0, changed = true; changed && pass < 4; pass++) {
    changed = false;
    for (let i = keys.length - 1; i >= 0; i--) {
      const candidate: string[] = [...keys.slice(0, i), ...keys.slice(i + 1)];
      const r = replayByKeys(model, init, candidate);
      if (r && shows(model, prop, r.states)) {
        keys = candidate;
        best = r.path;
        changed = true;
      }
    }
    // A Byzantine lie the failure does not need becomes the truth (the step stays: the decision
    // about that message must be taken, but it reads as what an honest node would do).
    for (let i = 0; i < keys.length; i++) {
      const r = replayByKeys(model, init, keys);
      if (!r) break;
      const honest = truthInstead(model, r.states[i]!, keys[i]!);
      if (honest === undefined) continue;
      const candidate = [...keys];
      candidate[i] = honest;
      const c = replayByKeys(model, init, candidate);
      if (c && shows(model, prop, c.states)) {
        keys = candidate;
        best = c.path;
        changed = true;
      }
    }
  }
  return best;
}

/** For a step that is a Byzantine lie: the key of the truthful step enabled in its place. */
function truthInstead<S, A>(model: Model<S, A>, state: S, lieKey: string): string | undefined {
  const actions: A[] = [];
  model.actions(state, actions);
  let isLie = false;
  let truth: string | undefined;
  for (const a of actions) {
    const n = model.next(state, a);
    if (n === undefined) continue;
    const info = describeAction(model, a, state, n);
    if (info.kind !== 'byzantine') continue;
    if (key(info) === lieKey && info.lie) isLie = true;
    if (!info.lie && !info.withheld) truth = key(info);
  }
  return isLie ? truth : undefined;
}

/** The node a step belongs to, for grouping (the node that acts, else the receiver or sender). */
function actor(info: ActionInfo): string {
  return info.node ?? info.to ?? info.from ?? '';
}

function switches(actors: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < actors.length; i++) if (actors[i] !== actors[i - 1]) n++;
  return n;
}

/**
 * Reorders independent steps so that the trace switches between nodes as few times as it can
 * (it reads like a story: A does its part, then B): a stable sort of the steps by the node that
 * takes them, nodes in the order they first act, where two neighbouring steps are swapped only
 * when the swapped trace replays, reaches the same state and still fails.
 */
export function storyOrder<S, A>(model: Model<S, A>, path: readonly number[], prop: Property<S>): number[] {
  const keys = keysOf(model, path);
  if (!keys || !['always', 'sometimes', 'final', 'deadlock'].includes(prop.kind)) return [...path];
  const init = path[0]!;
  const actorOf = new Map<string, string>();
  {
    const r = replayByKeys(model, init, keys)!;
    const actions: A[] = [];
    r.states.slice(0, -1).forEach((s, i) => {
      actions.length = 0;
      model.actions(s, actions);
      const a = actions[r.path[i + 1]!]!;
      actorOf.set(keys[i]!, actor(describeAction(model, a, s, model.next(s, a)!)));
    });
  }
  // Nodes in the order they first act: the story tells A's part first if A acts first.
  const rank = new Map<string, number>();
  for (const k of keys) if (!rank.has(actorOf.get(k)!)) rank.set(actorOf.get(k)!, rank.size);
  let order = [...keys];
  let best = [...path];
  for (let pass = 0, changed = true; changed && pass < order.length; pass++) {
    changed = false;
    for (let i = 0; i + 1 < order.length; i++) {
      if (rank.get(actorOf.get(order[i + 1]!)!)! >= rank.get(actorOf.get(order[i]!)!)!) continue;
      const swapped = [...order];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      if (switches(swapped.map((k) => actorOf.get(k)!)) > switches(order.map((k) => actorOf.get(k)!))) continue;
      const r = replayByKeys(model, init, swapped);
      if (!r || !shows(model, prop, r.states)) continue;
      // Same end state: the steps were independent, and nothing the failure shows has moved.
      const end = replayByKeys(model, init, order)!.states;
      if (!is(r.states[r.states.length - 1], end[end.length - 1])) continue;
      order = swapped;
      best = r.path;
      changed = true;
    }
  }
  return best;
}
