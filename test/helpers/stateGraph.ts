import { Map as IMap } from 'immutable';
import type { Model } from '../../src/index.ts';

/**
 * Every reachable state of `model`, with the successors of each (by index): an independent,
 * value-based enumeration (an Immutable Map keyed by state), to cross-check the checker's counts.
 */
export function stateGraph<S, A>(model: Model<S, A>): { states: S[]; succ: number[][] } {
  let index = IMap<S, number>();
  const states: S[] = [];
  const succ: number[][] = [];
  const add = (s: S): number => {
    const known = index.get(s);
    if (known !== undefined) return known;
    index = index.set(s, states.length);
    states.push(s);
    succ.push([]);
    return states.length - 1;
  };
  for (const s of model.initialStates()) add(s);
  const actions: A[] = [];
  for (let i = 0; i < states.length; i++) {
    actions.length = 0;
    model.actions(states[i]!, actions);
    for (const a of actions) {
      const next = model.next(states[i]!, a);
      if (next !== undefined) succ[i]!.push(add(next));
    }
  }
  return { states, succ };
}
