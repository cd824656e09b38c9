import { is } from 'immutable';
import type { ActionInfo, Model } from '../model/Model.ts';
import { LIVENESS_KINDS } from '../model/Property.ts';
import { propertiesOf } from './check.ts';
import { fingerprintHex } from './fingerprint.ts';
import { describeAction, describeInit } from './replay.ts';

/** The state graph is drawn for models up to this many reachable states. */
export const GRAPH_STATE_LIMIT = 300;

/** One transition: from a state, its action number `index` (as in paths) leads to a state. */
export interface GraphEdge {
  readonly from: number;
  readonly to: number;
  readonly index: number;
  readonly action: ActionInfo;
}

/** Every reachable state of a small model (breadth-first order) and every transition. */
export interface ReachableGraph<S> {
  readonly states: readonly S[];
  /** The initial states' ids, with their index among the initial states. */
  readonly initial: readonly { readonly id: number; readonly index: number; readonly action: ActionInfo }[];
  readonly edges: readonly GraphEdge[];
  /** Per safety property (`always`, `final`, `deadlock`): the states that violate it. */
  readonly violations: ReadonlyMap<string, readonly number[]>;
  /** Per `sometimes` property: the states that witness it. */
  readonly witnesses: ReadonlyMap<string, readonly number[]>;
  /** Final states: nothing enabled leads elsewhere. */
  readonly final: ReadonlySet<number>;
  /** The breadth-first tree: how each state was first reached (undefined for initial states). */
  readonly parent: readonly (GraphEdge | undefined)[];
}

/** The model has more reachable states than a state graph is drawn for. */
export class GraphTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** The exact count when the search could finish, else undefined ("more than limit"). */
    readonly count?: number,
  ) {
    super(
      `the model has ${count !== undefined ? count.toLocaleString('en-US') : `more than ${limit.toLocaleString('en-US')}`} reachable states; ` +
        `a state graph is drawn for at most ${limit.toLocaleString('en-US')}`,
    );
    this.name = 'GraphTooLargeError';
  }
}

/**
 * Enumerates the reachable states and transitions of `model`, breadth-first, for drawing: a
 * separate small search that keeps everything (the checker keeps far less). More than `limit`
 * states throws `GraphTooLargeError`. States outside the model's `within` boundary are nodes but
 * not expanded, as in a check.
 */
export function exploreGraph<S, A>(model: Model<S, A>, limit = GRAPH_STATE_LIMIT): ReachableGraph<S> {
  const states: S[] = [];
  const byFingerprint = new Map<string, number[]>();
  const parent: (GraphEdge | undefined)[] = [];
  /** The id of `s`, new or not; a new state's parent is the edge that found it. */
  const idOf = (s: S, found?: (id: number) => GraphEdge): number => {
    const fp = fingerprintHex(s);
    const same = byFingerprint.get(fp) ?? [];
    for (const id of same) if (is(states[id], s)) return id;
    if (states.length >= limit) throw new GraphTooLargeError(limit);
    const id = states.length;
    states.push(s);
    parent.push(found?.(id));
    same.push(id);
    byFingerprint.set(fp, same);
    return id;
  };
  const initial = model.initialStates().map((s, index) => ({ id: idOf(s), index, action: describeInit(model, index, s) }));
  const edges: GraphEdge[] = [];
  const final = new Set<number>();
  const actions: A[] = [];
  for (let id = 0; id < states.length; id++) {
    const state = states[id]!;
    if (model.within && !model.within(state)) continue;
    actions.length = 0;
    model.actions(state, actions);
    let moves = false;
    actions.forEach((action, index) => {
      const next = model.next(state, action);
      if (next === undefined) return;
      const info = describeAction(model, action, state, next);
      const to = idOf(next, (newId) => ({ from: id, to: newId, index, action: info }));
      if (to !== id) moves = true;
      edges.push({ from: id, to, index, action: info });
    });
    if (!moves) final.add(id);
  }
  const violations = new Map<string, number[]>();
  const witnesses = new Map<string, number[]>();
  for (const p of propertiesOf(model)) {
    if (LIVENESS_KINDS.has(p.kind)) continue;
    const ids = states.flatMap((s, id) => {
      switch (p.kind) {
        case 'always':
          return p.check(s) ? [] : [id];
        case 'sometimes':
          return p.check(s) ? [id] : [];
        default:
          return final.has(id) && !p.check(s) ? [id] : [];
      }
    });
    (p.kind === 'sometimes' ? witnesses : violations).set(p.name, ids);
  }
  return { states, initial, edges, violations, witnesses, final, parent };
}

/** The path (`0/2/1` as numbers) of the shortest way the breadth-first search reached `id`. */
export function pathTo<S>(graph: ReachableGraph<S>, id: number): number[] {
  const steps: number[] = [];
  let at = id;
  for (let e = graph.parent[at]; e; e = graph.parent[at]) {
    steps.push(e.index);
    at = e.from;
  }
  const init = graph.initial.find((i) => i.id === at);
  return [init?.index ?? 0, ...steps.reverse()];
}
