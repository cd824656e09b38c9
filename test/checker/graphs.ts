/**
 * Random small transition systems for the checker's property tests, with an independent
 * reference: a plain breadth-first search over the edge list with JavaScript Sets and Maps.
 * The reference shares nothing with src/checker (no fingerprints, no visited table, no
 * frontier), so agreement between the two is evidence, not an echo.
 */
import fc from 'fast-check';
import { Record as ImmutableRecord } from 'immutable';
import { always, final, sometimes, type Model, type Property } from '../../src/index.ts';

export interface Edge {
  readonly from: number;
  readonly to: number;
  /** `false`: the action is listed but `next` returns `undefined` (it does nothing). */
  readonly enabled: boolean;
}

export interface Graph {
  /** States are 0 .. n-1. */
  readonly n: number;
  /** Indices into the state space, in the model's order; duplicates allowed. */
  readonly inits: readonly number[];
  /** In the fixed order the model lists them; duplicates and self-loops allowed. */
  readonly edges: readonly Edge[];
  readonly bad: ReadonlySet<number>;
  readonly goal: ReadonlySet<number>;
  /** Final states in this set violate the `final` property. */
  readonly notOk: ReadonlySet<number>;
  /** States outside the model's `within` boundary (used only where a test asks for it). */
  readonly outside: ReadonlySet<number>;
}

/** How states are represented: primitives, or Immutable Records built fresh on every step. */
export type Repr = 'number' | 'record';

export const graphArb = (maxStates = 40, maxEdges = 120): fc.Arbitrary<Graph> =>
  fc.tuple(fc.integer({ min: 1, max: maxStates }), fc.integer({ min: 0, max: 30 }).map((x) => x / 10)).chain(([n, degree]) => {
    const state = fc.nat({ max: n - 1 });
    const few = fc.uniqueArray(state, { maxLength: Math.min(n, 4) });
    // Edges per state anywhere from 0 to 3: sparse graphs with long paths, dense ones with cycles.
    const edgeCount = Math.min(maxEdges, Math.round(degree * n));
    return fc
      .record({
        inits: fc.array(state, { minLength: 1, maxLength: 4 }),
        edges: fc.array(
          fc.record({
            from: state,
            // A bias towards self-loops, so stuttering is exercised often.
            to: fc.oneof({ weight: 6, arbitrary: state }, { weight: 1, arbitrary: fc.constant(-1) }),
            enabled: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          }),
          { minLength: edgeCount, maxLength: edgeCount },
        ),
        bad: few,
        goal: few,
        notOk: few,
        outside: few,
      })
      .map(
        (g): Graph => ({
          n,
          inits: g.inits,
          edges: g.edges.map((e) => ({ ...e, to: e.to < 0 ? e.from : e.to })),
          bad: new Set(g.bad),
          goal: new Set(g.goal),
          notOk: new Set(g.notOk),
          outside: new Set(g.outside),
        }),
      );
  });

const Node = ImmutableRecord({ id: 0, tag: 'node' });

export interface GraphModelOptions {
  readonly repr?: Repr;
  /** Give the model a `within` that excludes `graph.outside`. */
  readonly within?: boolean;
  readonly terminates?: boolean;
  /** Extra properties, given the id of a state. */
  readonly extra?: readonly Property<number>[];
}

/**
 * The graph as a Model. An action is an edge index; the actions of a state are the edges out of
 * it in edge-list order. With `repr: 'record'` every step builds a new Record, so a self-loop is
 * a new object equal to the old state (stuttering detected by value, not identity).
 */
export function graphModel(g: Graph, opts: GraphModelOptions = {}): Model<unknown, number> {
  const repr = opts.repr ?? 'number';
  const mk = repr === 'number' ? (i: number): unknown => i : (i: number): unknown => Node({ id: i });
  const id = repr === 'number' ? (s: unknown): number => s as number : (s: unknown): number => (s as ReturnType<typeof Node>).id;
  const lift = (p: Property<number>): Property<unknown> => ({ name: p.name, kind: p.kind, description: p.description, check: (s: unknown) => p.check(id(s)) });
  const out: number[][] = Array.from({ length: g.n }, () => []);
  g.edges.forEach((e, i) => out[e.from]!.push(i));
  return {
    name: 'random-graph',
    initialStates: () => g.inits.map(mk),
    actions: (s, acc) => {
      for (const e of out[id(s)]!) acc.push(e);
    },
    next: (_s, e) => (g.edges[e]!.enabled ? mk(g.edges[e]!.to) : undefined),
    properties: [
      always<number>('safe', (s) => !g.bad.has(s)),
      sometimes<number>('goal', (s) => g.goal.has(s)),
      final<number>('ok at end', (s) => !g.notOk.has(s)),
      ...(opts.extra ?? []),
    ].map(lift),
    ...(opts.within ? { within: (s: unknown) => !g.outside.has(id(s)) } : {}),
    ...(opts.terminates !== undefined ? { terminates: opts.terminates } : {}),
  };
}

/** Maps a model state back to its graph index. */
export function stateId(s: unknown): number {
  return typeof s === 'number' ? s : (s as ReturnType<typeof Node>).id;
}

export interface Reference {
  /** BFS distance of each reachable state, counting the initial state as 1. */
  readonly dist: ReadonlyMap<number, number>;
  /** Reachable states in the order a FIFO search over the model's action order finds them. */
  readonly order: readonly number[];
  /** Enabled edges out of expanded reachable states, self-loops and duplicates included. */
  readonly transitions: number;
  /** Reachable, expanded states with no enabled edge to a different state. */
  readonly finals: ReadonlySet<number>;
  readonly uniqueInits: number;
  readonly maxDepth: number;
}

/** The reference search. With `within`, states in `g.outside` are reached but not expanded. */
export function reference(g: Graph, within = false): Reference {
  const expands = (s: number): boolean => !within || !g.outside.has(s);
  const dist = new Map<number, number>();
  const order: number[] = [];
  for (const s of g.inits) {
    if (!dist.has(s)) {
      dist.set(s, 1);
      order.push(s);
    }
  }
  const uniqueInits = order.length;
  let transitions = 0;
  const finals = new Set<number>();
  for (let i = 0; i < order.length; i++) {
    const s = order[i]!;
    if (!expands(s)) continue;
    let leaves = false;
    for (const e of g.edges) {
      if (e.from !== s || !e.enabled) continue;
      transitions++;
      if (e.to === s) continue;
      leaves = true;
      if (!dist.has(e.to)) {
        dist.set(e.to, dist.get(s)! + 1);
        order.push(e.to);
      }
    }
    if (!leaves) finals.add(s);
  }
  return { dist, order, transitions, finals, uniqueInits, maxDepth: Math.max(...dist.values()) };
}

/** The smallest distance among reachable states satisfying `pred`, or undefined if none. */
export function minDist(ref: Reference, pred: (s: number) => boolean, among?: Iterable<number>): number | undefined {
  let best: number | undefined;
  for (const s of among ?? ref.dist.keys()) {
    const d = ref.dist.get(s);
    if (d !== undefined && pred(s) && (best === undefined || d < best)) best = d;
  }
  return best;
}

/** Does `g` have an enabled edge from `s` to a different state? */
export function leaves(g: Graph, s: number): boolean {
  return g.edges.some((e) => e.from === s && e.enabled && e.to !== s);
}

/** Walks `path` over the graph itself (not the model): the states visited, or an error. */
export function walk(g: Graph, path: readonly number[]): number[] {
  if (path.length === 0) throw new Error('empty path');
  let s = g.inits[path[0]!];
  if (s === undefined) throw new Error(`no initial state ${path[0]}`);
  const states = [s];
  for (const a of path.slice(1)) {
    const outs = g.edges.filter((e) => e.from === s);
    const e = outs[a];
    if (e === undefined || !e.enabled) throw new Error(`action ${a} not enabled at ${s}`);
    s = e.to;
    states.push(s);
  }
  return states;
}
