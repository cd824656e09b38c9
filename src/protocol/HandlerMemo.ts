import type { HandlerCall, HandlerOutcome } from './runHandler.ts';

/** The outcomes of one call; `checked` once a second run gave the same. */
export interface Remembered<S> {
  readonly outcomes: readonly HandlerOutcome<S>[];
  checked: boolean;
}

/** What one node's handlers returned, from one state object, by what they ran for. */
interface Calls {
  /** By message object (one per distinct message), then by sender. */
  message?: Map<unknown, Map<string, Remembered<unknown>>>;
  timer?: Map<string, Remembered<unknown>>;
  round?: Map<number, Remembered<unknown>>;
}

/**
 * The outcomes of handler runs, by node, the state object the handler ran on, and what it ran
 * for. Handlers are pure, and a node's state object is shared by every system state reached
 * without changing that node, so most runs (9 in 10 on TwoPhase) repeat one made before: the
 * memo gives back the same outcomes, with the same new state objects, whose fingerprints are
 * then cached too. Keyed by identity, weakly: a state object the search no longer holds takes
 * its entries along. States that are not objects (numbers, strings) are not remembered.
 */
export class HandlerMemo {
  private readonly byState = new WeakMap<object, Calls[]>();

  private calls(state: unknown, node: number): Calls | undefined {
    if (typeof state !== 'object' || state === null) return undefined;
    let perNode = this.byState.get(state);
    if (perNode === undefined) this.byState.set(state, (perNode = []));
    return (perNode[node] ??= {});
  }

  recall<S, M>(node: number, call: HandlerCall<S, M>): Remembered<S> | undefined {
    let known: Remembered<unknown> | undefined;
    switch (call.kind) {
      case 'message':
        known = this.calls(call.state, node)?.message?.get(call.msg)?.get(call.from);
        break;
      case 'timer':
        known = this.calls(call.state, node)?.timer?.get(call.timer);
        break;
      case 'round':
        known = this.calls(call.state, node)?.round?.get(call.round);
        break;
    }
    return known as Remembered<S> | undefined;
  }

  remember<S, M>(node: number, call: HandlerCall<S, M>, outcomes: readonly HandlerOutcome<S>[]): void {
    if (call.kind !== 'message' && call.kind !== 'timer' && call.kind !== 'round') return;
    const calls = this.calls(call.state, node);
    if (calls === undefined) return;
    const entry: Remembered<unknown> = { outcomes, checked: false };
    switch (call.kind) {
      case 'message': {
        const byMessage = (calls.message ??= new Map());
        let bySender = byMessage.get(call.msg);
        if (bySender === undefined) byMessage.set(call.msg, (bySender = new Map()));
        bySender.set(call.from, entry);
        return;
      }
      case 'timer':
        (calls.timer ??= new Map()).set(call.timer, entry);
        return;
      case 'round':
        (calls.round ??= new Map()).set(call.round, entry);
        return;
    }
  }
}
