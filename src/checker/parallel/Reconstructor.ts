import type { Model } from '../../model/Model.ts';
import type { VisitedStore } from '../VisitedStore.ts';

/**
 * Rebuilds states from their ids by replaying the recorded path (initial state, then the action
 * index at each step), remembering the states it built so that siblings share their ancestors'
 * replay. This is how a state moves between workers: as coordinates, not as a copy.
 */
export class Reconstructor<S, A> {
  private readonly memo = new Map<number, S>();
  private inits: readonly S[] | undefined;
  private readonly actions: A[] = [];

  constructor(
    private readonly model: Model<S, A>,
    private readonly visited: VisitedStore<S>,
  ) {}

  state(id: number): S {
    const chain: number[] = [];
    let at = id;
    while (at >= 0 && !this.memo.has(at)) {
      chain.push(at);
      at = this.visited.parent(at);
    }
    let have = at >= 0;
    let state = (have ? this.memo.get(at) : undefined) as S;
    for (let i = chain.length - 1; i >= 0; i--) {
      const x = chain[i]!;
      if (!have) {
        this.inits ??= this.model.initialStates();
        state = this.inits[this.visited.action(x)]!;
        have = true;
      } else {
        this.actions.length = 0;
        this.model.actions(state, this.actions);
        const next = this.model.next(state, this.actions[this.visited.action(x)]!);
        if (next === undefined) throw new Error(`internal: replaying state ${x} found a disabled action`);
        state = next;
      }
      this.memo.set(x, state);
    }
    return state;
  }

  /** Drops the remembered states (after a batch). */
  forget(): void {
    this.memo.clear();
  }
}
