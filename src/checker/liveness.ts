import type { PropertyKind } from '../model/Property.ts';
import type { LivenessGraph } from './LivenessGraph.ts';
import { tarjan } from './tarjan.ts';

/** A counterexample to a liveness property: a path of states that ends back at `ids[loop]`. */
export interface Lasso {
  /** State ids, the initial state first; the cycle is ids[loop..] and returns to ids[loop]. */
  readonly ids: number[];
  /** Action index of each step (ids.length - 1 of them). */
  readonly actions: number[];
  /** Where the cycle starts; equal to the last index when the behaviour stays in a final state. */
  readonly loop: number;
}

/** A liveness property as the analysis reads it: its kind and the bits of its predicates. */
export interface LiveProperty {
  readonly kind: PropertyKind;
  /** Bit of `check` (P) in the graph's per-state bits; `target` (Q, leadsTo) is the next bit. */
  readonly bit: number;
}

/**
 * Looks for a fair behaviour that violates `prop`: a reachable strongly connected set of states
 * (or a final state, where a behaviour stays for ever) in which it can cycle for ever, fairly,
 * without the property coming true. Fairness: weak classes must be taken inside the cycle or be
 * disabled somewhere in it; strong classes must be taken or be disabled everywhere in it (sets
 * that fail a strong class are narrowed to the states where it is disabled, Emerson and Lei).
 * Returns a lasso, shortest-ish (breadth-first prefix, cycle through the states it must visit).
 */
export function findLasso(graph: LivenessGraph, states: number, inits: readonly number[], prop: LiveProperty): Lasso | undefined {
  const P = (id: number): boolean => ((graph.getBits(id) >>> prop.bit) & 1) === 1;
  const Q = (id: number): boolean => ((graph.getBits(id) >>> (prop.bit + 1)) & 1) === 1;
  const nonStutterOut = (id: number): boolean => {
    const [a, b] = graph.range(id);
    for (let e = a; e < b; e++) if (graph.stutter[e] === 0) return true;
    return false;
  };

  // Where the cycle must lie, and where the prefix may go.
  let region: Uint8Array;
  let sources: number[];
  let needNotP = false;
  switch (prop.kind) {
    case 'eventually':
      sources = inits.filter((i) => !P(i));
      region = reach(graph, states, sources, (id) => !P(id));
      break;
    case 'alwaysEventually':
      sources = [...inits];
      region = new Uint8Array(states);
      for (let id = 0; id < states; id++) if (!P(id)) region[id] = 1;
      break;
    case 'eventuallyAlways':
      sources = [...inits];
      region = new Uint8Array(states).fill(1);
      needNotP = true;
      break;
    case 'leadsTo':
      sources = [];
      for (let id = 0; id < states; id++) if (P(id) && !Q(id)) sources.push(id);
      region = reach(graph, states, sources, (id) => !Q(id));
      break;
    default:
      return undefined;
  }

  const found = fairComponent(graph, [...range(states)].filter((id) => region[id] === 1), needNotP ? (id) => !P(id) : undefined, nonStutterOut);
  if (!found) return undefined;
  const { members, waypoints } = found;
  const inC = new Uint8Array(states);
  for (const id of members) inC[id] = 1;
  const t = members.reduce((m, x) => (x < m ? x : m), Infinity);

  // The prefix: to t, through the region where the property requires it.
  let prefix: { ids: number[]; actions: number[] };
  if (prop.kind === 'eventually') prefix = shortestPath(graph, states, inits.filter((i) => !P(i)), [t], (id) => region[id] === 1)!;
  else if (prop.kind === 'leadsTo') {
    const tail = shortestPath(graph, states, sources, [t], (id) => region[id] === 1)!;
    const head = shortestPath(graph, states, [...inits], [tail.ids[0]!], () => true)!;
    prefix = { ids: [...head.ids, ...tail.ids.slice(1)], actions: [...head.actions, ...tail.actions] };
  } else prefix = shortestPath(graph, states, [...inits], [t], () => true)!;

  // The cycle: from t through every waypoint (and edge it must take) back to t, inside the set.
  const cycle = { ids: [t], actions: [] as number[] };
  const walkTo = (to: number): void => {
    const here = cycle.ids[cycle.ids.length - 1]!;
    if (here === to) return;
    const p = shortestPath(graph, states, [here], [to], (id) => inC[id] === 1)!;
    cycle.ids.push(...p.ids.slice(1));
    cycle.actions.push(...p.actions);
  };
  for (const w of waypoints) {
    if (w.edge !== undefined) {
      walkTo(w.state);
      cycle.ids.push(graph.target[w.edge]!);
      cycle.actions.push(graph.action[w.edge]!);
    } else walkTo(w.state);
  }
  const final = members.length === 1 && !nonStutterOut(t);
  if (!final && cycle.ids.length === 1) {
    // Nothing to visit: any step inside the set, then back.
    const [a, b] = graph.range(t);
    for (let e = a; e < b; e++) {
      if (inC[graph.target[e]!] === 1) {
        cycle.ids.push(graph.target[e]!);
        cycle.actions.push(graph.action[e]!);
        break;
      }
    }
  }
  if (!final) walkTo(t);
  const loop = prefix.ids.length - 1;
  return { ids: [...prefix.ids, ...cycle.ids.slice(1)], actions: [...prefix.actions, ...cycle.actions], loop };
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** The states reachable from `sources` through states that satisfy `allowed` (sources included if allowed). */
function reach(graph: LivenessGraph, states: number, sources: readonly number[], allowed: (id: number) => boolean): Uint8Array {
  const seen = new Uint8Array(states);
  const queue: number[] = [];
  for (const s of sources) {
    if (allowed(s) && !seen[s]) {
      seen[s] = 1;
      queue.push(s);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const [a, b] = graph.range(queue[i]!);
    for (let e = a; e < b; e++) {
      const to = graph.target[e]!;
      if (!seen[to] && allowed(to)) {
        seen[to] = 1;
        queue.push(to);
      }
    }
  }
  return seen;
}

/** A shortest path (breadth-first) from any of `from` to any of `to`, through allowed states. */
function shortestPath(
  graph: LivenessGraph,
  states: number,
  from: readonly number[],
  to: readonly number[],
  allowed: (id: number) => boolean,
): { ids: number[]; actions: number[] } | undefined {
  const goal = new Set(to);
  const parentEdge = new Int32Array(states).fill(-2);
  const parentState = new Int32Array(states).fill(-1);
  const queue: number[] = [];
  for (const s of from) {
    if (parentEdge[s] === -2) {
      parentEdge[s] = -1;
      queue.push(s);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    if (goal.has(u)) {
      const ids: number[] = [];
      const actions: number[] = [];
      for (let at = u; at >= 0 && parentEdge[at] !== -1; at = parentState[at]!) {
        ids.push(at);
        actions.push(graph.action[parentEdge[at]!]!);
      }
      let at = u;
      while (parentEdge[at] !== -1) at = parentState[at]!;
      ids.push(at);
      return { ids: ids.reverse(), actions: actions.reverse() };
    }
    const [a, b] = graph.range(u);
    for (let e = a; e < b; e++) {
      const v = graph.target[e]!;
      if (parentEdge[v] === -2 && allowed(v)) {
        parentEdge[v] = e;
        parentState[v] = u;
        queue.push(v);
      }
    }
  }
  return undefined;
}

/** A state the cycle must pass through, or an edge it must take (from `state`). */
interface Waypoint {
  readonly state: number;
  readonly edge?: number;
}

/**
 * A fair strongly connected set among `nodes` (the one reached first, by smallest id), with the
 * waypoints a cycle through it must visit to be fair, or undefined.
 */
function fairComponent(
  graph: LivenessGraph,
  nodes: readonly number[],
  mustVisit: ((id: number) => boolean) | undefined,
  nonStutterOut: (id: number) => boolean,
): { members: number[]; waypoints: Waypoint[] } | undefined {
  const inSet = new Set(nodes);
  const smallest = (xs: readonly number[]): number => xs.reduce((m, x) => (x < m ? x : m), Infinity);
  const sccs = tarjan(graph, nodes, inSet)
    .map((scc) => ({ scc, first: smallest(scc) }))
    .sort((a, b) => a.first - b.first)
    .map((x) => x.scc);
  let size = 0;
  for (const v of nodes) if (v + 1 > size) size = v + 1;
  const mark = new Uint8Array(size);
  for (const scc of sccs) {
    if (scc.length === 1) {
      const id = scc[0]!;
      const [a, b] = graph.range(id);
      let selfLoop = false;
      for (let e = a; e < b; e++) if (graph.target[e] === id) selfLoop = true;
      if (!selfLoop && nonStutterOut(id)) continue; // passes through, cannot stay
    }
    if (mustVisit && !scc.some(mustVisit)) continue;
    for (const u of scc) mark[u] = 1;
    const result = judge(graph, scc, mark, mustVisit, nonStutterOut);
    for (const u of scc) mark[u] = 0;
    if (result) return result;
  }
  return undefined;
}

/** Whether the strongly connected set `scc` (marked in `mark`) holds a fair cycle, and which. */
function judge(
  graph: LivenessGraph,
  scc: readonly number[],
  mark: Uint8Array,
  mustVisit: ((id: number) => boolean) | undefined,
  nonStutterOut: (id: number) => boolean,
): { members: number[]; waypoints: Waypoint[] } | undefined {
  // Per fairness class: in how many of its states it is enabled, and an edge that takes it inside.
  const enabledIn = new Map<number, number>();
  const taken = new Map<number, number>();
  for (const u of scc) {
    const [a, b] = graph.range(u);
    let seenHere: number[] | undefined;
    for (let e = a; e < b; e++) {
      const c = graph.fairClass[e]!;
      if (c < 0 || graph.stutter[e] === 1) continue;
      if (!seenHere?.includes(c)) {
        (seenHere ??= []).push(c);
        enabledIn.set(c, (enabledIn.get(c) ?? 0) + 1);
      }
      if (mark[graph.target[e]!] === 1 && !taken.has(c)) taken.set(c, e);
    }
  }
  const enabledAt = (c: number, u: number): boolean => {
    const [a, b] = graph.range(u);
    for (let e = a; e < b; e++) if (graph.fairClass[e] === c && graph.stutter[e] === 0) return true;
    return false;
  };
  const strongFails: number[] = [];
  const waypoints: Waypoint[] = [];
  for (const [c, count] of enabledIn) {
    const edge = taken.get(c);
    if (edge !== undefined) {
      waypoints.push({ state: findSource(graph, edge, scc), edge });
      continue;
    }
    if (graph.classStrong[c]) strongFails.push(c);
    else if (count === scc.length) return undefined; // weakly fair class enabled throughout, never taken
    else waypoints.push({ state: scc.find((u) => !enabledAt(c, u))! });
  }
  if (strongFails.length > 0) {
    // Emerson-Lei: a fair cycle can only use the states where those classes are disabled.
    const keep = scc.filter((u) => strongFails.every((c) => !enabledAt(c, u)));
    return keep.length > 0 ? fairComponent(graph, keep, mustVisit, nonStutterOut) : undefined;
  }
  if (mustVisit) waypoints.push({ state: scc.find(mustVisit)! });
  return { members: [...scc], waypoints };
}

function findSource(graph: LivenessGraph, edge: number, scc: readonly number[]): number {
  for (const u of scc) {
    const [a, b] = graph.range(u);
    if (edge >= a && edge < b) return u;
  }
  throw new Error('internal: an edge without its source');
}
